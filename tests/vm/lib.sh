# Helpers for the VM tests (tests/vm/t_*.sh). Source it first thing:
#     . tests/vm/lib.sh        (cwd is the repo root inside the VM)
# It turns on `set -eE -o pipefail`: any failing command fails the test and an
# ERR trap names the command and line. A test passes when it exits 0; `skip
# REASON` exits 77, which run-tests.sh reports as SKIP.
#
# Variables: REPO, MDCTL (binary under test: $MDCTL_BIN or $REPO/mdctl),
# MDADM46, MDADM42 (reference peers), T (scratch dir on tmpfs).
# shellcheck shell=bash

# Under TCG every exec costs 0.1-0.5 s, so the helpers prefer bash builtins.
_here=${BASH_SOURCE[0]%/*}
[ "$_here" != "${BASH_SOURCE[0]}" ] || _here=.
REPO=$(cd "$_here/../.." && pwd)
_cache=${MDCTL_CACHE:-/var/cache/mdctl-test}
MDCTL=${MDCTL_BIN:-$REPO/mdctl}
MDADM46=$_cache/peers/mdadm-4.6/mdadm
MDTEST=$REPO/build/mdtest      # make builds it (run-tests.sh makes sure)
MDADM42=$_cache/peers/mdadm-4.2/sbin/mdadm
T=${T:-/tmp/mdtest}
[ -d "$T/img" ] || mkdir -p "$T/img"
# No udev in the VM: tell the peers not to wait for it.
export MDADM_NO_UDEV=1 MDADM_NO_SYSTEMCTL=1

set -eE -o pipefail
trap '_rc=$?; echo "ERROR: ${BASH_SOURCE[0]##*/} line $LINENO${FUNCNAME:+ (in ${FUNCNAME[*]})}: \"$BASH_COMMAND\" exited $_rc" >&2' ERR

# ---- verdicts ----
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
skip() { echo "SKIP: $*"; exit 77; }

# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq() {
    [ "$1" == "$2" ] || fail "${3:-value}: expected '$1', got '$2'"
}
# assert_contains HAYSTACK NEEDLE [WHAT]   (fixed-string match)
assert_contains() {
    [[ $1 == *"$2"* ]] || fail "${3:-output} does not contain '$2':"$'\n'"$1"
}
# assert_not_contains HAYSTACK NEEDLE [WHAT]
assert_not_contains() {
    [[ $1 != *"$2"* ]] || fail "${3:-output} contains '$2':"$'\n'"$1"
}

# A sanitizer report or a death by signal is never an acceptable outcome.
_check_crash() { # RC OUTPUT CMD...
    local rc=$1 out=$2; shift 2
    if [ "$rc" -ge 128 ] || [[ $out == *"Sanitizer"* ]] || [[ $out == *"runtime error:"* ]]; then
        fail "'$*' crashed (exit $rc):"$'\n'"$out"
    fi
}

# run CMD...: run, echo its combined output, fail the test if it exits non-zero
# or crashes. Sets OUT to the output.
run() {
    local rc=0
    OUT=$("$@" 2>&1) || rc=$?
    printf '%s\n' "$OUT"
    _check_crash "$rc" "$OUT" "$@"
    [ "$rc" -eq 0 ] || fail "'$*' exited $rc"
}

# expect_fail EXPECTED_MSG_SUBSTRING CMD...: CMD must exit non-zero (not crash)
# and its stdout+stderr must contain the substring ("" accepts any message).
# Sets OUT to the output.
expect_fail() {
    local msg=$1 rc=0; shift
    OUT=$("$@" 2>&1) || rc=$?
    _check_crash "$rc" "$OUT" "$@"
    [ "$rc" -ne 0 ] || fail "'$*' succeeded but should have failed:"$'\n'"$OUT"
    [[ $OUT == *"$msg"* ]] || fail "'$*' failed (exit $rc) without '$msg':"$'\n'"$OUT"
    echo "ok: '$*' failed as expected: ${OUT%%$'\n'*}"
}

# ---- devices ----
# mkloop SIZE_MIB: sparse file on tmpfs behind a new loop device; echoes /dev/loopN.
mkloop() {
    local n=0 f
    [ -d "$T/img" ] || mkdir -p "$T/img"
    while [ -e "$T/img/loop.$n" ]; do n=$((n + 1)); done
    f=$T/img/loop.$n
    truncate -s "${1}M" "$f"
    losetup -f --show "$f"
}

# mdname DEV: /dev/md0, /dev/md/name or md0 -> md0 (kernel name)
mdname() {
    local d=$1
    [[ $d == /* ]] && d=$(readlink -f "$d")
    echo "${d##*/}"
}

# mdsys MDDEV ATTR: read /sys/block/mdX/md/ATTR
mdsys() { local v; read -r v < "/sys/block/$(mdname "$1")/md/$2" && echo "$v"; }

# md_active: true while /proc/mdstat lists any array.
md_active() {
    local l
    while read -r l; do [[ $l == md* ]] && return 0; done < /proc/mdstat
    return 1
}

# stop_all_md: stop every md array (members of stacked arrays first), via sysfs
# so it does not depend on mdctl or a peer working.
stop_all_md() {
    local pass md st
    for pass in 1 2 3 4; do
        for md in /sys/block/md*; do
            [ -e "$md/md/array_state" ] || continue
            read -r st < "$md/md/array_state" 2>/dev/null || continue
            [ "$st" = clear ] && continue
            # Only arrays nothing is stacked on can be stopped.
            compgen -G "$md/holders/*" > /dev/null && continue
            echo clear > "$md/md/array_state" 2>/dev/null ||
                "$MDADM46" --stop "/dev/${md##*/}" >/dev/null 2>&1 || true
        done
        md_active || return 0
        sleep 0.2
    done
    md_active && { echo "cleanup: arrays left:" >&2; cat /proc/mdstat >&2; return 1; }
    return 0
}

# umount_test_fs: unmount every filesystem on a loop, md or virtio device,
# innermost first.
umount_test_fs() {
    local src dir rest mounts=() i
    while read -r src dir rest; do
        [[ $src == /dev/loop* || $src == /dev/md* || $src == /dev/vd* ]] && mounts+=("$dir")
    done < /proc/mounts
    for (( i = ${#mounts[@]} - 1; i >= 0; i-- )); do
        dir=$(printf '%b' "${mounts[i]}")    # /proc/mounts escapes spaces as \040
        umount "$dir" 2>/dev/null || umount -l "$dir" || return 1
    done
}

# cleanup_all: unmount test filesystems, stop every array, detach every loop, delete scratch files and
# restore md's tunables. run-tests.sh calls it after each test.
cleanup_all() {
    local rc=0 i
    umount_test_fs || rc=1
    stop_all_md || rc=1
    # losetup -D is lazy for busy devices; wait a moment for them to go.
    for i in 1 2 3 4 5 6 7 8 9 10; do
        compgen -G "/sys/block/loop*/loop/backing_file" > /dev/null || break
        [ "$i" = 1 ] || sleep 0.2
        losetup -D 2>/dev/null || true
    done
    if compgen -G "/sys/block/loop*/loop/backing_file" > /dev/null; then
        echo "cleanup: loop devices left:" /sys/block/loop*/loop/backing_file >&2; rc=1
    fi
    local e
    for e in "$T"/* "$T"/.[!.]*; do
        [ -e "$e" ] || continue
        [ "$e" = "$T/img" ] && ! compgen -G "$e/*" > /dev/null && continue
        rm -rf "$e"
    done
    [ -d "$T/img" ] || mkdir -p "$T/img"
    # by-path links tests make for loop devices (udev gives them none)
    rm -f /dev/disk/by-path/test-*
    if compgen -G "/run/mdadm/*" > /dev/null; then rm -rf /run/mdadm/*; fi
    rm -rf /run/mdctl
    # rules a test gave udevd (t_udev: mdctl's, t_udev_mdadm: mdadm's) must not
    # act in the next one
    rm -f /run/udev/rules.d/*.rules
    # links of arrays that are gone (no udev removes them here)
    for e in /dev/md/*; do [ -L "$e" ] && [ ! -e "$e" ] && rm -f "$e"; done
    set_speed 1000 200000 2>/dev/null || true
    gendisk_mode legacy >/dev/null 2>&1 || true
    return $rc
}

# ---- data ----
# dev_sha DEV: a digest of the whole device (or file), read with O_DIRECT
# from block devices so no stale page cache is hashed (tests/vm/tools/mdtest.c).
dev_sha() { "$MDTEST" hash "$1"; }

# snapshot DEV...: remember the hashes; assert_unchanged DEV...: compare.
declare -A _SNAP=()
snapshot() { local d; for d in "$@"; do _SNAP[$d]=$(dev_sha "$d"); done; }
assert_unchanged() {
    local d
    for d in "$@"; do
        [ -n "${_SNAP[$d]:-}" ] || fail "assert_unchanged: no snapshot of $d"
        [ "$(dev_sha "$d")" = "${_SNAP[$d]}" ] || fail "$d changed"
    done
}

# gen_pattern SEED MIB: deterministic pseudo-random bytes on stdout. Every 4 KiB
# block starts with a header naming seed and block number, so misplaced blocks
# are detected, and the rest is drawn from a seeded Park-Miller generator
# (tests/vm/tools/mdtest.c: one process, where awk took seconds under TCG).
gen_pattern() { "$MDTEST" pattern "$1" "$2"; }

_mib_of() { echo $(( $(blockdev --getsize64 "$1") / 1048576 )); }

# write_pattern DEV SEED [MIB [OFFSET_MIB]]: write MIB (default: the whole
# device in MiB) of the SEED pattern at OFFSET_MIB, and flush.
write_pattern() {
    local dev=$1 seed=$2 mib=${3:-} off=${4:-0}
    [ -n "$mib" ] || mib=$(( $(_mib_of "$dev") - off ))
    gen_pattern "$seed" "$mib" |
        dd of="$dev" bs=1M seek="$off" count="$mib" iflag=fullblock conv=fsync,notrunc status=none
}

# verify_pattern DEV SEED [MIB [OFFSET_MIB]]: fail unless the device holds it.
verify_pattern() {
    local dev=$1 seed=$2 mib=${3:-} off=${4:-0} direct= out
    [ -n "$mib" ] || mib=$(( $(_mib_of "$dev") - off ))
    [ -b "$dev" ] && direct=iflag=direct
    out=$(cmp <(gen_pattern "$seed" "$mib") \
              <(dd if="$dev" bs=1M skip="$off" count="$mib" $direct status=none) 2>&1) ||
        fail "pattern $seed on $dev (${mib} MiB at ${off} MiB) differs at ${out#* differ: }"
}

# crash_vm: power-cut the VM now (vm.sh kills qemu; it then exits 137).
# Writes already completed by the guest are in the disk images; unlike
# reboot(2) no md reboot notifier runs, so active arrays stay dirty.
crash_vm() {
    [ -n "${VM_SHARE:-}" ] || fail "crash_vm: not inside vm.sh"
    : > "$VM_SHARE/crash"
    sleep 600
}

# ---- md state ----
# wait_idle MDDEV [TIMEOUT_SEC=300]: wait until no resync/recovery/reshape runs.
wait_idle() {
    local n sa i lim=$(( ${2:-300} * 5 ))
    n=$(mdname "$1")
    for (( i = 0; i < lim; i++ )); do
        read -r sa 2>/dev/null < "/sys/block/$n/md/sync_action" || sa=idle
        if [ "$sa" = idle ] || [ "$sa" = frozen ]; then
            # sync_action can read idle just before a pending recovery starts.
            _mdstat_syncing "$n" || return 0
        fi
        sleep 0.2
    done
    cat /proc/mdstat >&2
    fail "wait_idle: $n still busy ($sa) after ${2:-300}s"
}

# _mdstat_syncing MDNAME: does /proc/mdstat show a sync on it (its line and
# the three after)? Read in the shell: wait_idle polls it 5 times a second.
_mdstat_syncing() {
    local l k=0
    while IFS= read -r l; do
        [[ $l == "$1 "* ]] && k=4
        if (( k > 0 )); then
            [[ $l =~ recovery|resync|reshape|check|repair ]] && return 0
            k=$((k - 1))
        fi
    done < /proc/mdstat
    return 1
}

# wait_reshape_recorded MD: until the superblocks record some reshape
# progress (md updates reshape_position at its checkpoints, every 10 s:
# raid5.c reshape_request())
wait_reshape_recorded() {
    local i p
    for (( i = 0; i < 150; i++ )); do
        p=$(mdsys "$1" reshape_position)
        [ "$p" != none ] && [ "$p" -gt 0 ] && return 0
        sleep 0.2
    done
    fail "no reshape progress recorded on $1 after 30 s ($p)"
}

# set_speed [MIN [MAX]]: md resync speed limits in KiB/s (default: fast).
set_speed() {
    echo "${2:-${1:-2000000}}" > /proc/sys/dev/raid/speed_limit_max
    echo "${1:-2000000}" > /proc/sys/dev/raid/speed_limit_min
}

# gendisk_mode legacy|sync: choose how md deletes a stopped array's gendisk
# (md.c legacy_async_del_gendisk). Returns 1 (and says so) on kernels
# without the parameter, so tests can `gendisk_mode sync || skip ...`.
gendisk_mode() {
    local p=/sys/module/md_mod/parameters/legacy_async_del_gendisk
    [ -e "$p" ] || { echo "gendisk_mode: $p not present, skipped"; return 1; }
    case $1 in
    legacy) echo Y > "$p" ;;
    sync) echo N > "$p" ;;
    *) fail "gendisk_mode: legacy or sync, not '$1'" ;;
    esac
}

# ---- comparison with mdadm 4.6 (t_examine_detail, t_detail_states, t_grow_interop) ----
# same_as_mdadm WHAT ARGS...: run mdadm 4.6 and mdctl with ARGS; their
# stdout+stderr and exit status must be equal, except that mdctl names itself
# where mdadm does, adds "Logical Block Size : N" (--examine, --detail) and
# "Bitmap Type : llbitmap" (--detail). Prints the difference and returns 1
# when they differ. Arrays in the middle of a sync move between the two runs
# (md's throttle is not exact): when only a "... Status : N% complete" line
# differs, both run again, up to 5 times. An mdadm crash (it asserts on
# --query of an array not started) leaves nothing to compare.
same_as_mdadm() {
    local what=$1 a b ra rb try; shift
    for try in 1 2 3 4 5; do
        ra=0 rb=0
        a=$("$MDADM46" "$@" 2>&1) || ra=$?
        b=$("$MDCTL" "$@" 2>&1) || rb=$?
        _check_crash "$rb" "$b" "$MDCTL" "$@"
        [ "$ra" -lt 128 ] || { echo "mdadm crashed (exit $ra): $*; mdctl: $b"; return 0; }
        a=${a//mdadm/mdctl}
        _drop_mdctl_lines "$b"; b=$_KEPT
        [ "$a" != "$b" ] && [ "$ra" = "$rb" ] && _progress_only "$a" "$b" || break
    done
    [ "$a" != "$b" ] || [ "$ra" != "$rb" ] || return 0
    echo "DIFF: $what: mdctl $* (mdadm exit $ra, mdctl exit $rb)"
    diff <(echo "$a") <(echo "$b") | head -30 || true
    return 1
}
# _drop_mdctl_lines TEXT: sets _KEPT to TEXT without the lines only mdctl
# prints; no fork (a grep per comparison cost seconds per test under TCG).
_drop_mdctl_lines() {
    local line out=
    while IFS= read -r line; do
        case $line in
        'Logical Block Size : '*|'       Bitmap Type : llbitmap') ;;
        *) out+=$line$'\n' ;;
        esac
    done <<< "$1"
    _KEPT=${out%$'\n'}
}
_progress_only() { # A B: do A and B differ only in "Status : N% complete" lines?
    local re='^ *[A-Za-z]+ Status : [0-9]+% complete$'
    [ "$(grep -Ev "$re" <<< "$1")" = "$(grep -Ev "$re" <<< "$2")" ]
}

# ---- kernel ----
# KVER: major.minor of the running kernel: 7.2 (tests/vm/build-kernel.sh) or
# 6.12 (Debian trixie's, tests/vm/kernel-612.sh: modular, no linear
# personality, no llbitmap, no md/bitmap_type or md/logical_block_size, no
# legacy_async_del_gendisk). run-tests.sh --kernel 6.12 runs only the tests
# with a line `# kernels: 7.2 6.12`.
read -r _osrel < /proc/sys/kernel/osrelease
[[ $_osrel =~ ^([0-9]+\.[0-9]+) ]] && KVER=${BASH_REMATCH[1]} || KVER=$_osrel
kernel_is_612() { [ "$KVER" = 6.12 ]; }
# need_kernel VERSION...: skip the test unless the running kernel is one of them.
need_kernel() {
    local k
    for k in "$@"; do [ "$KVER" = "$k" ] && return 0; done
    skip "needs Linux $*, running $KVER"
}

# ---- bitmaps (t_llbitmap, t_bitmap_internal, h_llbitmap_crash) ----
# These avoid subshells (each fork costs 0.1-0.5 s under TCG): MDDEV is
# /dev/mdN or mdN, and results come back in variables.
# The eight llbitmap chunk states, in md-llbitmap.c bits_show() order.
LLB_STATES=("unwritten" "clean" "dirty" "need sync" "syncing" "need sync unwritten" "syncing unwritten" "clean unwritten")

# llb_get MDDEV: set LLB to the kernel's in-memory state counts
# (md/llbitmap/bits) on one line: "unwritten N clean N dirty N need sync N ...".
# llb_bits MDDEV: the same on stdout.
llb_get() {
    local l
    LLB=
    while read -r l; do LLB+="${LLB:+ }$l"; done < "/sys/block/${1##*/}/md/llbitmap/bits"
}
llb_bits() { llb_get "$1"; echo "$LLB"; }

# llb_meta MDDEV KEY: one value of md/llbitmap/metadata (chunksize, chunks, ...).
llb_meta() {
    local k v
    while read -r k v; do [ "$k" = "$2" ] && { echo "$v"; return 0; }; done \
        < "/sys/block/${1##*/}/md/llbitmap/metadata"
    fail "llb_meta: no $2 in md/llbitmap/metadata"
}

# x_field TEXT LABEL: the value of the "LABEL : value" line of -X/-E output.
x_field() {
    local l k
    while IFS= read -r l; do
        [[ $l == *" : "* ]] || continue
        k=${l%% : *}; k=${k#"${k%%[! ]*}"}
        [ "$k" = "$2" ] && { echo "${l#* : }"; return 0; }
    done <<< "$1"
    return 1
}

# xbits MEMBER: run `$MDCTL -X MEMBER`; sets XOUT to its output and XBITS to
# the on-disk state counts in the llb_get format.
xbits() {
    local l k s
    local -A v=()
    XOUT=$("$MDCTL" -X "$1" 2>&1) || fail "$MDCTL -X $1 failed:"$'\n'"$XOUT"
    while IFS= read -r l; do
        [[ $l == *" : "* ]] || continue
        k=${l%% : *}; k=${k#"${k%%[! ]*}"}
        v[$k]=${l#* : }
    done <<< "$XOUT"
    XBITS=
    for s in "${LLB_STATES[@]}"; do
        [ -n "${v[$s]:-}" ] || fail "-X $1 has no '$s' line:"$'\n'"$XOUT"
        XBITS+="${XBITS:+ }$s ${v[$s]}"
    done
}

# llb_count LINE STATE: the count of STATE in an llb_get/xbits line.
llb_count() {
    local rest=" $1 " n
    rest=${rest#* "$2" }
    n=${rest%% *}
    [[ $n =~ ^[0-9]+$ ]] || fail "llb_count: no '$2' in '$1'"
    echo "$n"
}

# llb_settle MDDEV [TIMEOUT_SEC=60]: wait until the kernel has no dirty,
# need-sync or syncing chunk and two samples 0.5 s apart agree (the daemon
# turns dirty chunks clean daemon_sleep s after barrier_idle s without
# writes). Leaves the counts in LLB.
llb_settle() {
    local lim=$(( ${2:-60} * 2 )) i prev=
    for (( i = 0; i < lim; i++ )); do
        llb_get "$1"
        [ "$LLB" = "$prev" ] && [[ $LLB == *" dirty 0 need sync 0 syncing 0 "* ]] && return 0
        prev=$LLB
        sleep 0.5
    done
    fail "llb_settle: $1 still has unsettled chunks after ${2:-60}s: $LLB"
}

# dev_rw DEV: set RD and WR to the sectors read from and written to the block
# device DEV (/dev/loopN, /dev/vdX) so far (/sys/block/X/stat).
dev_rw() {
    local st
    read -ra st < "/sys/block/${1##*/}/stat"
    # shellcheck disable=SC2034  # results for the caller
    RD=${st[2]} WR=${st[6]}
}

# md_fail_detach MDDEV MEMBER: mark MEMBER faulty through sysfs and wait until
# the kernel has taken it out of its slot (so a "re-add" is possible:
# md.c state_store needs Faulty, raid_disk -1 and a saved slot).
md_fail_detach() {
    local d=/sys/block/${1##*/}/md/dev-${2##*/} i s
    echo faulty > "$d/state"
    for (( i = 0; i < 150; i++ )); do
        read -r s < "$d/slot"
        [ "$s" = none ] && return 0
        sleep 0.2
    done
    fail "md_fail_detach: $2 still in slot $s of $1"
}

# md_wait_in_sync MDDEV MEMBER [TIMEOUT_SEC=120]: wait until MEMBER is in_sync
# and the array is no longer degraded nor recovering.
md_wait_in_sync() {
    local md=${1##*/} i s g lim=$(( ${3:-120} * 5 ))
    for (( i = 0; i < lim; i++ )); do
        read -r s < "/sys/block/$md/md/dev-${2##*/}/state"
        read -r g < "/sys/block/$md/md/degraded"
        [[ $s == *in_sync* ]] && [ "$g" = 0 ] && { wait_idle "$1" "${3:-120}"; return 0; }
        sleep 0.2
    done
    fail "md_wait_in_sync: $2 in $1 is '$s', degraded $g after ${3:-120}s"
}

# check_clean MD [TIMEOUT_SEC=120]: a check pass over MD finds no mismatch.
check_clean() {
    echo check > "/sys/block/$(mdname "$1")/md/sync_action"
    wait_idle "$1" "${2:-120}"
    assert_eq 0 "$(mdsys "$1" mismatch_cnt)" "mismatch_cnt after a check of $1"
}
