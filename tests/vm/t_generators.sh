#!/usr/bin/env bash
# Corrupt member images (tests/generators/gen_all.py: one defect each, the
# checksum fixed so that parsing goes past it) through the commands that read
# a member as udev or an admin would: --examine, --examine --export,
# --examine --brief, -X, --assemble /dev/mdN (a pair case: both members) and
# -I --export (what the udev rule runs). Per command and image: exit 0 with a
# decode, or non-zero with one well-formed error line; never a crash, a
# sanitizer report, death by a signal or a hang; --export: KEY=value lines,
# safe names; --brief: one well-formed ARRAY line per array, its name safe as
# a /dev/md/ link; no array started from these members, no unsafe link or map
# line, nothing new in /dev outside /dev/md/, every image unchanged at the
# end. The valid control images must decode, with their UUID.
# Under emulation every exec costs about 0.2 s (0.45 s for mdctl-san), so:
# the read-only commands get all images in one run each (a run that crashes or
# hangs is split until the image is found; tests/generators/check_batch.py
# checks the output); --assemble and -I run per image, except on images whose
# defect only the read-only commands see (scope "read" in cases.tsv) and on
# those whose superblock -X's reader refused: --assemble and -I read members
# with that same dev_find_sb1() and stop there with the same message.
# timeout: 400
. tests/vm/lib.sh
export LC_ALL=C

PY=/usr/bin/python3   # Debian's; dev.sh installs it (PATH may hold a pyenv shim)
[ -x "$PY" ] || fail "$PY missing: ./dev.sh deps installs python3"
G=$T/gen RO=$T/ro
mkdir -p "$RO"
T_START=$EPOCHREALTIME
"$PY" tests/generators/gen_all.py "$G" || fail "gen_all.py failed"
"$PY" tests/generators/loops.py attach "$G" > "$T/loops.tsv" || fail "loops.py attach failed"

# ---- the cases ----
declare -A DEV=() H0=() CASE_OF=() KIND=() EXPECT=() SCOPE=() DEVS=()
CASES=() ALL=()
while IFS=$'\t' read -r f d h; do DEV[$f]=$d H0[$f]=$h; done < "$T/loops.tsv"
while IFS=$'\t' read -r name kind expect scope uuids files _; do
    CASES+=("$name") KIND[$name]=$kind EXPECT[$name]=$expect SCOPE[$name]=$scope
    IFS=, read -ra fl <<< "$files"
    DEVS[$name]=
    for f in "${fl[@]}"; do
        [ -n "${DEV[$f]:-}" ] || fail "no loop device for $f"
        DEVS[$name]+="${DEVS[$name]:+ }${DEV[$f]}" CASE_OF[${DEV[$f]}]=$name
        ALL+=("${DEV[$f]}")
    done
done < "$G/cases.tsv"
echo "${#CASES[@]} cases on ${#ALL[@]} loop devices"

# ---- verdicts: every problem is one FAIL line; the test fails at the end ----
NBAD=0
declare -A BADCMD=()
q() { local s=$1; [ ${#s} -le 300 ] || s="${s:0:300}..."; printf '%q' "$s"; }
bad() { # CASE CMD WHY
    echo "FAIL: $1: $2: $3"
    NBAD=$((NBAD + 1)) BADCMD[$2]+=" $1"
}
secs() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

# ---- running a command: a time limit and sanitizer checks, no extra execs ----
exec {WD}<> <(:)          # a pipe nobody writes: read -t on it is a sleep
# run-tests.sh may send sanitizer reports to files (log_path=...): new ones are ours.
SANLOGS=()
for o in "${ASAN_OPTIONS:-}" "${UBSAN_OPTIONS:-}"; do
    if [[ :$o: =~ :log_path=([^:]+): ]]; then SANLOGS+=("${BASH_REMATCH[1]}"); fi
done
declare -A SANSEEN=()
san_new() { # true when reports appeared since the last call; SAN: their first lines
    local p f l n
    SAN=
    for p in "${SANLOGS[@]}"; do
        for f in "$p"*; do
            [ -e "$f" ] && [ -z "${SANSEEN[$f]:-}" ] || continue
            SANSEEN[$f]=1 n=0
            while IFS= read -r l && [ $n -lt 3 ]; do SAN+="$l"$'\n'; n=$((n + 1)); done < "$f"
        done
    done
    [ -n "$SAN" ]
}
san_new || true

# run_lim LIMIT CMD...: run CMD (stdin /dev/null, output in $T/o and $T/e) for
# at most LIMIT seconds. Sets RC (124 on timeout), OUT, ERR, and HARD: why
# the run fails whatever the image (timeout, signal, sanitizer), or empty.
# Returns 0 when HARD is empty.
run_lim() {
    local lim=$1 pid i st to=; shift
    "$@" > "$T/o" 2> "$T/e" < /dev/null &
    pid=$!
    for (( i = 0; ; i++ )); do
        st=
        { read -r _ _ st _ < "/proc/$pid/stat"; } 2> /dev/null || break
        [ "$st" = Z ] && break
        if (( i >= lim * 50 )); then kill -KILL "$pid" 2> /dev/null || true; to=1; break; fi
        read -t 0.02 -u "$WD" _ || true
    done
    RC=0
    wait "$pid" || RC=$?
    OUT= ERR=
    IFS= read -r -d '' OUT < "$T/o" || true
    IFS= read -r -d '' ERR < "$T/e" || true
    HARD=
    if [ -n "$to" ]; then RC=124 HARD="timed out after ${lim}s"
    elif [ "$RC" -ge 128 ]; then HARD="killed by signal $((RC - 128))"
    fi
    if san_new; then HARD+="${HARD:+; }sanitizer report: $SAN"
    elif [[ $OUT$ERR == *"runtime error:"* || $OUT$ERR == *Sanitizer* ]]; then
        HARD+="${HARD:+; }sanitizer report in the output"
    fi
    [ -z "$HARD" ]
}

# ---- the read-only commands, over every device at once ----
declare -A RO_ARGS=(
    [examine]="--examine"
    [export]="--examine --export"
    [brief]="--examine --brief"
    [xbitmap]="--examine-bitmap"
    [json]="--examine --json"
)
RO_CMDS=(examine export brief xbitmap json)

# run_batch CMD DEVICES...: a clean run goes to the index for check_batch.py;
# one that crashes, hangs or trips a sanitizer is split (into single devices
# from 8 down) until the images that do it are found.
NRUN=0
: > "$RO/index.tsv"
run_batch() {
    local cmd=$1 n h d; shift
    local -a args
    read -ra args <<< "${RO_ARGS[$cmd]}"
    n=$#
    if run_lim $((10 + n / 4)) "$MDCTL" "${args[@]}" "$@"; then
        NRUN=$((NRUN + 1))
        cp_out "$RO/$NRUN"
        printf '%s\t%s\t%s\t%s\t%s\n' "$cmd" "$RC" "$RO/$NRUN.out" "$RO/$NRUN.err" "$*" >> "$RO/index.tsv"
        return 0
    fi
    if [ "$n" = 1 ]; then
        bad "${CASE_OF[$1]}" "$cmd" "$HARD (exit $RC): $(q "${ERR:0:300}")"
    elif [ "$n" -le 8 ]; then
        for d in "$@"; do run_batch "$cmd" "$d"; done
    else
        h=$((n / 2))
        run_batch "$cmd" "${@:1:h}"
        run_batch "$cmd" "${@:h+1}"
    fi
}
cp_out() { printf '%s' "$OUT" > "$1.out"; printf '%s' "$ERR" > "$1.err"; }

t0=$EPOCHREALTIME
for cmd in "${RO_CMDS[@]}"; do run_batch "$cmd" "${ALL[@]}"; done
"$PY" tests/generators/check_batch.py "$G" "$T/loops.tsv" "$RO/index.tsv" > "$T/check.tsv" ||
    fail "check_batch.py failed"
while IFS=$'\t' read -r c cmd why; do
    [ -n "$cmd" ] || { echo "$c"; continue; }     # "checked N runs"
    bad "$c" "$cmd" "$why"
done < "$T/check.tsv"
echo "read-only commands: $(secs "$t0")"

# Which images -X's reader refused (see the top): from the runs over them.
declare -A READER_REFUSED=()
while IFS=$'\t' read -r cmd _ _ fe _; do
    [ "$cmd" = xbitmap ] || continue
    while IFS= read -r l; do
        if [[ $l =~ ^mdctl:\ (/dev/loop[0-9]+):\ invalid\ md\ superblock: ]]; then
            READER_REFUSED[${BASH_REMATCH[1]}]=1
        fi
    done < "$fe"
done < "$RO/index.tsv"

# ---- --assemble and -I, per image ----
MAP=/run/mdctl/map
# Names from disk in a link, a property or the map: the safe set of
# udev_name.h, and neither "." nor ".." (whole, or after the host part).
name_safe() {
    [[ $1 =~ ^[A-Za-z0-9._+:-]+$ ]] || return 1
    local short=${1#*:}
    [ "$1" != . ] && [ "$1" != .. ] && [ "$short" != . ] && [ "$short" != .. ]
}
md_running() { # RUNNING: the arrays that are active
    local md st
    RUNNING=
    for md in /sys/block/md*; do
        [ -e "$md/md/array_state" ] || continue
        read -r st < "$md/md/array_state" 2> /dev/null || continue
        case $st in clear|inactive) ;; *) RUNNING+="${RUNNING:+ }${md##*/}($st)" ;; esac
    done
}
md_clear() { # stop every array, active or not, through sysfs; no waiting:
    local md st  # each --assemble gets an md number of its own
    for md in /sys/block/md*; do
        [ -e "$md/md/array_state" ] || continue
        read -r st < "$md/md/array_state" 2> /dev/null || continue
        [ "$st" = clear ] || echo clear > "$md/md/array_state" 2> /dev/null || true
    done
}
per_image() { # CASE CMD MAXLINES: a run of --assemble or -I
    local c=$1 cmd=$2 max=$3 l n=0
    if [ -n "$HARD" ]; then bad "$c" "$cmd" "$HARD (exit $RC): $(q "${ERR:0:300}")"; return 0; fi
    if [ -n "$ERR" ]; then
        while IFS= read -r l; do
            n=$((n + 1))
            [[ $l =~ ^mdctl:\ [^[:cntrl:]]{8,}$ ]] || bad "$c" "$cmd" "malformed stderr line $(q "$l")"
        done <<< "${ERR%$'\n'}"
    fi
    if [ "$RC" != 0 ] && { [ "$n" = 0 ] || [ "$n" -gt "$max" ]; }; then
        bad "$c" "$cmd" "exit $RC with $n stderr lines: $(q "$ERR")"
    fi
    if [ "$c" != bad_checksum ] && [[ $ERR == *"checksum"* ]]; then
        bad "$c" "$cmd" "checksum not accepted (generator bug?): $(q "$ERR")"
    fi
    FIRST=${ERR%%$'\n'*}
}
inc_export_ok() { # CASE: -I --export's stdout: safe udev properties only
    local l
    [ -n "$OUT" ] || return 0
    while IFS= read -r l; do
        if [[ ! $l =~ ^MD_(DEVICE|DEVNAME|FOREIGN|STARTED)=([A-Za-z0-9._+:-]+)$ ]] ||
           ! name_safe "${BASH_REMATCH[2]}"; then
            bad "$1" incremental "unsafe or unknown export line $(q "$l")"
        fi
    done <<< "${OUT%$'\n'}"
}
# Links in /dev/md/ must have safe names; new ones are remembered with their
# case, their targets read once at the end (readlink is an exec).
declare -A LINK_CASE=()
links_ok() { # CASE CMD
    local e
    for e in /dev/md/* /dev/md/.[!.]*; do
        [ -e "$e" ] || [ -L "$e" ] || continue
        [ -z "${LINK_CASE[$e]:-}" ] || continue
        LINK_CASE[$e]="$1 $2"
        name_safe "${e#/dev/md/}" || bad "$1" "$2" "unsafe link name $(q "$e")"
        [ -L "$e" ] || bad "$1" "$2" "$(q "$e") is not a link"
    done
}
map_ok() { # CASE: well-formed map lines with safe names; then empty the map
    local l
    [ -s "$MAP" ] || return 0
    while IFS= read -r l; do
        if [[ ! $l =~ ^md[0-9]+\ 1\.[012]\ [0-9a-f]{8}(:[0-9a-f]{8}){3}\ /dev/md[/0-9A-Za-z._:+-]+$ ]] ||
           ! name_safe "${l##*/}"; then
            bad "$1" incremental "map line $(q "$l")"
        fi
    done < "$MAP"
    : > "$MAP"
}
# /dev outside md* and loop*, compared at the end (a glob per image costs)
devnames() { local e; DEVNAMES=; for e in /dev/*; do [[ ${e#/dev/} =~ ^(md[0-9]*|loop[0-9]*)$ ]] || DEVNAMES+="$e "; done; }
devnames; DEV0=$DEVNAMES

t0=$EPOCHREALTIME
mdn=100 nper=0 nskip=0
for c in "${CASES[@]}"; do
    read -ra m <<< "${DEVS[$c]}"
    if [ "${SCOPE[$c]}" = read ] || { [ "${KIND[$c]}" = single ] && [ -n "${READER_REFUSED[${m[0]}]:-}" ]; }; then
        nskip=$((nskip + 1))
        continue
    fi
    nper=$((nper + 1))
    maxl=1; [ "${KIND[$c]}" = pair ] && maxl=4
    mdn=$((mdn + 1))
    run_lim 10 "$MDCTL" --assemble "/dev/md$mdn" "${m[@]}" || true
    per_image "$c" assemble "$maxl"
    A="$RC ${FIRST#mdctl: }"
    md_running
    [ -z "$RUNNING" ] || [ "${EXPECT[$c]}" = startable ] ||
        bad "$c" assemble "started an array from these members: $RUNNING (exit $RC)"
    links_ok "$c" assemble
    md_clear
    I=
    for d in "${m[@]}"; do
        run_lim 10 "$MDCTL" --incremental --export "$d" || true
        per_image "$c" incremental 1
        inc_export_ok "$c"
        I+="$RC ${FIRST#mdctl: } "
    done
    md_running
    [ -z "$RUNNING" ] || [ "${EXPECT[$c]}" = startable ] ||
        bad "$c" incremental "started an array from these members: $RUNNING"
    links_ok "$c" incremental
    map_ok "$c"
    md_clear
    echo "$c: assemble $A| incremental $I"
done
echo "assemble and incremental: $nper cases in $(secs "$t0") ($nskip left to the read-only commands)"

# ---- links point at md devices, nothing left running, nothing written ----
if [ ${#LINK_CASE[@]} -gt 0 ]; then
    while IFS= read -r -d '' e && IFS= read -r -d '' t; do
        [[ $t =~ ^\.\./md[0-9]+$ ]] && continue
        read -r lc lcmd <<< "${LINK_CASE[$e]:-unknown link}"
        bad "$lc" "$lcmd" "link $(q "$e") -> $(q "$t")"
    done < <(find /dev/md -mindepth 1 -maxdepth 1 -type l -printf '%p\0%l\0')
fi
devnames
[ "$DEVNAMES" = "$DEV0" ] || bad all assemble/incremental "/dev changed: $(q "$DEVNAMES") (was $(q "$DEV0"))"
md_running
[ -z "$RUNNING" ] || bad all end "arrays running at the end: $RUNNING"
md_clear
stop_all_md || bad all end "arrays left that cannot be stopped"
sync
declare -A WR=()   # sectors written through each device, for the report
for f in "${!DEV[@]}"; do read -ra st < "/sys/block/${DEV[$f]#/dev/}/stat"; WR[$f]=${st[6]}; done
"$PY" tests/generators/loops.py hash --detach "$G" > "$T/hash.tsv" || fail "loops.py hash failed"
while IFS=$'\t' read -r f h; do
    [ "$h" = "${H0[$f]}" ] && continue
    bad "${CASE_OF[${DEV[$f]}]}" image "$f changed (${WR[$f]} sectors written to ${DEV[$f]})"
done < "$T/hash.tsv"
echo "total: $(secs "$T_START")"

if [ "$NBAD" -gt 0 ]; then
    echo "---- $NBAD failure(s); the images that failed, by command:"
    for cmd in "${!BADCMD[@]}"; do
        echo "$cmd:$(printf ' %s' $(printf '%s\n' ${BADCMD[$cmd]} | sort -u))"
    done
    fail "$NBAD check(s) failed"
fi
ok "${#CASES[@]} generated images: every command decodes or refuses cleanly"
