#!/usr/bin/env bash
# Boot-time assembly through udev, mdctl vs mdadm 4.6, in one boot of the QEMU
# test VM. Each tool creates its own set of arrays (metadata 1.2,
# --assume-clean, no bitmap) on sparse loop devices; then, per run, the
# arrays are stopped, Debian's systemd-udevd is started with ONLY that tool's
# udev rules (the system rules in /lib/udev/rules.d supply ID_FS_TYPE), and a
# coldplug `udevadm trigger --action=add` on that tool's members replays the
# boot's add events. We time trigger -> all arrays active and trigger ->
# `udevadm settle`, and count the VM's CPU time and the processes created.
# Then, with udevd stopped, callgrind counts the instructions of single
# `--incremental --export MEMBER` calls, of the `--detail --export` call the
# tool's array rules make, and of `--version`. See bench/README.md.
#
#   bench/udev-assembly.sh [--reps N] [--warmup N] [--arrays N] [--members N]
#                          [--size MIB] [--levels "raid1 raid5 raid10"]
#                          [--cg-arrays N] [--tools "mdctl mdadm"]
#                          [--mem MIB] [--smp N] [--tsv FILE] [--md FILE]
#
# Defaults: 3 reps per tool (tools alternate, order flipped every rep; each
# cell is the median), 1 unrecorded warm-up run per tool first (TCG translates
# udevd, blkid and the tool on first use), 16 arrays of 4 members of 32 MiB
# with levels cycling raid1, raid5, raid10, callgrind on every member of 2
# arrays per tool, VM with 2 vCPUs and 2048 MiB. The raw lines go to
# bench/results-udev.tsv (--tsv), the Markdown table to stdout (and to --md
# FILE when given). One run takes ~5 min on a quiet host, ~7 min on a busy one.
# Needs valgrind (installed with apt-get when run as root) and systemd-udevd
# (the udev package) on the host: the VM runs the host's /.
#
# Inside the VM the same script runs with --in-vm and writes the raw results
# to $VM_SHARE/results.tsv; the host formats them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
repo=$(cd "$here/.." && pwd)

reps=3 warmup=1 arrays=16 members=4 size=32 cg_arrays=2 mem=2048 smp=2
levels="raid1 raid5 raid10" tools="mdctl mdadm" tsv=$here/results-udev.tsv md='' in_vm=

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --reps) reps=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --arrays) arrays=$2; shift 2 ;;
    --members) members=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --cg-arrays) cg_arrays=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --tsv) tsv=$2; shift 2 ;;
    --md) md=$2; shift 2 ;;
    --in-vm) in_vm=1; shift ;;
    -h|--help) usage ;;
    *) echo "udev-assembly.sh: unknown option $1" >&2; usage ;;
    esac
done
for n in "$reps" "$warmup" "$arrays" "$members" "$size" "$cg_arrays" "$mem" "$smp"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "udev-assembly.sh: not a number: $n" >&2; exit 2; }
done
((cg_arrays <= arrays)) || cg_arrays=$arrays

PEER=${MDCTL_CACHE:-/var/cache/mdctl-test}/peers/mdadm-4.6
MDCTL=${MDCTL_BIN:-$repo/mdctl}
# The peer's ./mdadm is a sh wrapper that runs the Debian binary with its own
# glibc. Call the loader directly instead (in the rules too), so mdadm does
# not pay an extra sh exec per event that an installed mdadm would not.
PEER_LIB=$PEER/root/usr/lib/x86_64-linux-gnu
MDADM_CMD="$PEER_LIB/ld-linux-x86-64.so.2 --library-path $PEER_LIB $PEER/root/usr/sbin/mdadm"
UDEVD=/lib/systemd/systemd-udevd

# ------------------------------------------------------------------ in the VM
# Builtins only where it matters: under TCG every exec costs 0.1-0.5 s of
# guest CPU, and the measured windows must not fork (we count processes).
now_ms() { NOW=${EPOCHREALTIME/[.,]/}; NOW=$((NOW / 1000)); }
# Processes and threads created since boot (/proc/stat "processes", proc(5)).
forks() { local k v; while read -r k v; do [ "$k" = processes ] && { FORKS=$v; return; }; done < /proc/stat; }
# Guest busy time in USER_HZ ticks, all vCPUs: the "cpu" line minus idle and iowait.
guest_busy() {
    local a=() i s=0
    read -r -a a < /proc/stat
    for ((i = 1; i < ${#a[@]}; i++)); do ((i == 4 || i == 5)) || s=$((s + a[i])); done
    BUSY=$s
}
# Number of running md arrays, in ACTIVE (no subshell).
count_active() {
    local f s
    ACTIVE=0
    for f in /sys/block/md*/md/array_state; do
        [ -e "$f" ] || continue
        read -r s < "$f" 2> /dev/null || continue
        case $s in clean|active|active-idle|read-auto|readonly|write-pending) ACTIVE=$((ACTIVE + 1)) ;; esac
    done
}
level_of() { local l; read -r -a l <<< "$levels"; echo "${l[$(($1 % ${#l[@]}))]}"; }
tool_cmd() { case $1 in mdctl) echo "$MDCTL" ;; mdadm) echo "$MDADM_CMD" ;; esac; }

# Stop every array via sysfs (whoever made it) and forget all assembly state.
reset_state() {
    local md st
    for _ in 1 2 3 4 5; do
        count_active
        local any=0
        for md in /sys/block/md*; do
            [ -e "$md/md/array_state" ] || continue
            read -r st < "$md/md/array_state" 2> /dev/null || continue
            [ "$st" = clear ] && continue
            any=1
            echo clear > "$md/md/array_state" 2> /dev/null || true
        done
        ((any)) || break
        nap 0.2
    done
    rm -rf /run/mdctl /run/mdadm /dev/md /dev/disk/by-id/md-*
}

# Rules of TOOL as installed, the binary path replaced by the one here.
install_rules() {
    local r
    rm -rf /run/udev
    mkdir -p /run/udev/rules.d
    case $1 in
    mdctl) for r in "$repo"/udev-rules/*.rules; do
               sed "s|/sbin/mdctl|$MDCTL|g" "$r" > "/run/udev/rules.d/${r##*/}"; done ;;
    mdadm) for r in "$PEER"/root/usr/lib/udev/rules.d/*.rules; do
               sed "s|/usr/sbin/mdadm|$MDADM_CMD|g" "$r" > "/run/udev/rules.d/${r##*/}"; done ;;
    esac
}
stop_udevd() {
    local k=0
    udevadm control --exit 2> /dev/null || true
    while pidof systemd-udevd > /dev/null && ((k++ < 50)); do nap 0.1; done
    rm -rf /run/udev
}

# Create TOOL's arrays b0..b(N-1) on fresh loop devices, then stop them.
# DEV[tool,i,j] = member j of array i.
declare -A DEV
make_arrays() {
    local tool=$1 i j f d devs cmd
    cmd=$(tool_cmd "$tool")
    mkdir -p "$W/$tool"
    for ((i = 0; i < arrays; i++)); do
        devs=()
        for ((j = 0; j < members; j++)); do
            f=$W/$tool/a$i.m$j
            truncate -s "${size}M" "$f"
            d=$(losetup -f --show "$f")
            DEV[$tool,$i,$j]=$d
            devs+=("$d")
        done
        # shellcheck disable=SC2086 # MDADM_CMD is a command line
        $cmd --create "/dev/md/b$i" --metadata=1.2 --level="$(level_of "$i")" \
            --raid-devices="$members" --assume-clean --bitmap=none --run "${devs[@]}" \
            < /dev/null > "$W/create.log" 2>&1 ||
            { echo "CREATE FAILED ($tool b$i):" >&2; cat "$W/create.log" >&2; return 1; }
    done
    # shellcheck disable=SC2086
    $cmd --stop --scan < /dev/null > "$W/stop.log" 2>&1 || cat "$W/stop.log" >&2
    reset_state
}

# One coldplug assembly by TOOL under udevd. Prints one TSV line.
assemble() {
    local tool=$1 rep=$2 i j paths=() d t0 t1 t2 c0 c1 c2 f0 f1 f2 b0 b2 cmd
    local timeout_ms=240000 links=0 degr=0 rdisks=0 s okay=1 tsettle
    cmd=$(tool_cmd "$tool")
    reset_state
    install_rules "$tool"
    $UDEVD --daemon > "$W/udevd.log" 2>&1
    udevadm settle --timeout=60
    for ((i = 0; i < arrays; i++)); do
        for ((j = 0; j < members; j++)); do d=${DEV[$tool,$i,$j]}; paths+=("/sys/class/block/${d#/dev/}"); done
    done
    host_cpu "$tool.$rep.0"; c0=$HCPU
    guest_busy; b0=$BUSY; forks; f0=$FORKS; now_ms; t0=$NOW
    udevadm trigger --action=add "${paths[@]}"
    count_active
    while ((ACTIVE < arrays)); do
        now_ms; ((NOW - t0 < timeout_ms)) || break
        nap 0.05
        count_active
    done
    now_ms; t1=$NOW; forks; f1=$FORKS
    local active=$ACTIVE
    host_cpu "$tool.$rep.1"; c1=$HCPU
    ((ACTIVE == arrays)) || { okay=0; echo "udev-assembly: $tool rep $rep: only $ACTIVE of $arrays arrays active after $((timeout_ms / 1000)) s" >&2; cat /proc/mdstat >&2; }
    tsettle=0
    udevadm settle --timeout=240 || tsettle=$?
    now_ms; t2=$NOW; forks; f2=$FORKS; guest_busy; b2=$BUSY
    host_cpu "$tool.$rep.2"; c2=$HCPU
    ((tsettle == 0)) || { okay=0; echo "udev-assembly: $tool rep $rep: udevadm settle timed out" >&2; }
    # What came up: /dev/md/NAME links (made by the tool's rules), degraded
    # and member counts of the running arrays.
    for ((i = 0; i < arrays; i++)); do [ -L "/dev/md/b$i" ] && links=$((links + 1)); done
    for d in /sys/block/md*/md; do
        [ -e "$d/degraded" ] || continue
        read -r s < "$d/degraded" 2> /dev/null && degr=$((degr + s))
        read -r s < "$d/raid_disks" 2> /dev/null && rdisks=$((rdisks + s))
    done
    ((links == arrays && degr == 0)) || okay=0
    if ((rep == 1)) || ((okay == 0)); then
        {
            echo "# $tool rep $rep: /proc/mdstat and /dev/md after settle"
            sed 's/^/#   /' /proc/mdstat
            echo "#   /dev/md: $(ls /dev/md 2> /dev/null | tr '\n' ' ')"
        } >&2
    fi
    # shellcheck disable=SC2086
    $cmd --stop --scan < /dev/null > "$W/stop.log" 2>&1 || cat "$W/stop.log" >&2
    udevadm settle --timeout=60 || true
    stop_udevd
    reset_state
    local cpu_act=- cpu_set=-
    [ "$c0" != - ] && [ "$c1" != - ] && cpu_act=$((c1 - c0))
    [ "$c0" != - ] && [ "$c2" != - ] && cpu_set=$((c2 - c0))
    # forks: minus our own udevadm trigger (1) and settle (1)
    printf 'assembly\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$tool" "$rep" "$active" "$((t1 - t0))" "$((t2 - t0))" "$cpu_act" "$cpu_set" \
        "$(((b2 - b0) * 1000 / GUEST_HZ))" "$((f1 - f0 - 1))" "$((f2 - f0 - 2))" "$links" "$degr" "$okay"
}

# Instructions of one command under callgrind ("summary:" line of its out
# file), in INSN; its stdout in CGOUT.
callgrind() {
    local out=$W/cg.out line
    INSN=- CGOUT=
    rm -f "$out"
    # shellcheck disable=SC2068
    CGOUT=$(valgrind --tool=callgrind --callgrind-out-file="$out" $@ 2> "$W/cg.err" < /dev/null) || true
    [ -e "$out" ] || { echo "udev-assembly: callgrind produced nothing for: $*" >&2; tail -5 "$W/cg.err" >&2; return 0; }
    while read -r line; do [[ $line == summary:* ]] && INSN=${line#summary: }; done < "$out"
    return 0
}

# -I of every member of the first cg_arrays arrays, one at a time, no udevd.
# Members 1..N-1 join an incomplete array; the last one starts it.
count_insns() {
    local tool=$1 cmd i j started
    cmd=$(tool_cmd "$tool")
    reset_state
    callgrind "$cmd" --version
    printf 'version\t%s\t-\t-\t%s\t-\n' "$tool" "$INSN"
    for ((i = 0; i < cg_arrays; i++)); do
        for ((j = 0; j < members; j++)); do
            callgrind "$cmd" --incremental --export "${DEV[$tool,$i,$j]}"
            started=-
            [[ $CGOUT =~ MD_STARTED=([a-z]+) ]] && started=${BASH_REMATCH[1]}
            printf 'incremental\t%s\tb%s\t%s\t%s\t%s\n' "$tool" "$i" "$((j + 1))" "$INSN" "$started"
        done
        # The array is running now: the --detail call its rules (63-*) make
        # on the array's change events.
        [[ $CGOUT =~ MD_DEVICE=(md[0-9]+) ]] || continue
        case $tool in
        mdctl) callgrind "$cmd" --detail --export "/dev/${BASH_REMATCH[1]}" ;;
        mdadm) callgrind "$cmd" --detail --no-devices --export "/dev/${BASH_REMATCH[1]}" ;;
        esac
        printf 'detail\t%s\tb%s\t-\t%s\t-\n' "$tool" "$i" "$INSN"
    done
    count_active
    ((ACTIVE == cg_arrays)) || echo "udev-assembly: $tool: $ACTIVE arrays active after the callgrind -I calls, expected $cg_arrays" >&2
    reset_state
}

in_vm_main() {
    # Creation, --stop and the callgrind calls run without udevd: tell mdadm
    # not to wait for it. (udevd passes programs only the event's properties,
    # not its own environment, so this does not reach the rules' mdadm.)
    export MDADM_NO_UDEV=1 MDADM_NO_SYSTEMCTL=1
    W=/tmp/ua
    mkdir -p "$W"
    local res=${VM_SHARE:?}/results.tsv p=/sys/module/md_mod/parameters/legacy_async_del_gendisk
    # mdadm >= 4.5 turns md's legacy async gendisk removal off when it starts
    # an array (md.c: legacy_async_del_gendisk); do it up front so both tools
    # run under the same mode and a stopped array's gendisk is gone at once.
    [ -w "$p" ] && echo N > "$p"
    mkfifo "$W/nap"
    exec {NAPFD}<> "$W/nap"
    GUEST_HZ=$(getconf CLK_TCK)
    {
        echo "# kernel $(uname -r), $(nproc) vCPU, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MiB, systemd-udevd $($UDEVD --version | head -n 1)"
        echo "# $arrays arrays x $members members of $size MiB (sparse files on tmpfs, loop devices), levels cycling $levels, metadata 1.2, --assume-clean, no bitmap"
        echo "# mdctl: $("$MDCTL" --version 2>&1 | head -n 1); mdadm: $($MDADM_CMD --version 2>&1 | head -n 1); $(valgrind --version)"
        printf '#assembly\ttool\trep\tarrays_active\tms_to_active\tms_to_settled\tqemu_cpu_ms_to_active\tqemu_cpu_ms_to_settled\tguest_busy_ms_to_settled\tprocesses_to_active\tprocesses_to_settled\tmd_links\tdegraded\tok\n'
        printf '#incremental\ttool\tarray\tmember_no\tinstructions\tMD_STARTED\n'
        printf '#detail\ttool\tarray\t-\tinstructions\t-\n'
        printf '#version\ttool\t-\t-\tinstructions\t-\n'
    } > "$res"
    cat "$res"
    local tool rep order w t=$SECONDS
    for tool in $tools; do make_arrays "$tool"; done
    echo "# created $arrays arrays per tool in $((SECONDS - t)) s" | tee -a "$res"
    for ((rep = 1 - warmup; rep <= reps; rep++)); do
        order=$tools
        if ((rep % 2 == 0)); then order=; for w in $tools; do order="$w $order"; done; fi
        for tool in $order; do
            if ((rep <= 0)); then
                assemble "$tool" "$rep" | sed 's/^/#warm-up /' | tee -a "$res"
            else
                assemble "$tool" "$rep" | tee -a "$res"
            fi
        done
    done
    t=$SECONDS
    for tool in $tools; do count_insns "$tool" | tee -a "$res"; done
    echo "# callgrind runs took $((SECONDS - t)) s" | tee -a "$res"
}

if [ -n "$in_vm" ]; then in_vm_main; exit 0; fi

# ------------------------------------------------------------------ on the host

if ! command -v valgrind > /dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "udev-assembly: installing valgrind" >&2
        apt-get install -y valgrind > /dev/null
    else
        echo "udev-assembly.sh: valgrind not installed (apt-get install valgrind)" >&2; exit 2
    fi
fi
[ -x "$UDEVD" ] || { echo "udev-assembly.sh: no $UDEVD (apt-get install udev)" >&2; exit 2; }
[ -x "$PEER/root/usr/sbin/mdadm" ] || { echo "udev-assembly.sh: no mdadm 4.6 under $PEER (tests/vm/peers.sh builds it)" >&2; exit 2; }
make -C "$repo" -j2 mdctl > /dev/null
share=$(mktemp -d "${TMPDIR:-/tmp}/udev-assembly.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill "$spid" 2> /dev/null; rm -rf "$share"' EXIT
start=$SECONDS
echo "udev-assembly: $(((reps + warmup) * 2)) coldplug runs of $arrays arrays, then callgrind, in one VM boot" >&2
serve_cpu &
spid=$!
rc=0
cmd=$(printf '%q ' bench/udev-assembly.sh --in-vm --reps "$reps" --warmup "$warmup" \
      --arrays "$arrays" --members "$members" --size "$size" --levels "$levels" \
      --cg-arrays "$cg_arrays" --tools "$tools")
VM_SMP=$smp "$repo/tests/vm/vm.sh" --mem "$mem" --timeout $((900 + (reps + warmup) * 2 * 300)) \
    --share "$share" -- "$cmd" >&2 || rc=$?
kill "$spid" 2> /dev/null || true
wait "$spid" 2> /dev/null || true
spid=
[ -s "$share/results.tsv" ] || { echo "udev-assembly.sh: VM produced no results (status $rc)" >&2; exit 1; }
elapsed=$((SECONDS - start))
cp "$share/results.tsv" "$tsv"

# Markdown: one row per metric, a column per tool (median over the reps /
# calls) and the first tool over the second.
format_md() {
    awk -F'\t' -v nmem="$members" -v tools="$tools" -v elapsed="$elapsed" -v reps="$reps" -v arrays="$arrays" '
    function median(key,   n, a, i, j, t) {
        n = cnt[key]; if (n == 0) return ""
        for (i = 1; i <= n; i++) a[i] = val[key, i]
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
        return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
    }
    function add(key, v) { if (v ~ /^[0-9]+$/) { cnt[key]++; val[key, cnt[key]] = v } }
    function fmt(v, div, prec) { return v == "" ? "-" : sprintf("%." prec "f", v / div) }
    function row(title, key, div, prec,   c, line, m) {
        line = "| " title " |"
        for (c = 1; c <= nt; c++) { m[c] = median(key SUBSEP T[c]); line = line " " fmt(m[c], div, prec) " |" }
        if (nt == 2) line = line " " ((m[1] == "" || m[2] == "" || m[2] == 0) ? "-" : sprintf("%.2f", m[1] / m[2])) " |"
        print line
    }
    /^# / { hdr[++nh] = substr($0, 3); next }
    /^#/ { next }
    $1 == "assembly" {
        runs[$2] = runs[$2] sprintf(" %.1f", $6 / 1000)
        if ($14 != 1) { bad[$2]++; next }
        add("act" SUBSEP $2, $5); add("set" SUBSEP $2, $6); add("cpua" SUBSEP $2, $7)
        add("cpus" SUBSEP $2, $8); add("busy" SUBSEP $2, $9); add("fa" SUBSEP $2, $10); add("fs" SUBSEP $2, $11)
    }
    $1 == "incremental" {
        add("inc" SUBSEP $2, $5)
        add(($4 == 1 ? "first" : $4 == nmem ? "start" : "join") SUBSEP $2, $5)
    }
    $1 == "detail" { add("det" SUBSEP $2, $5) }
    $1 == "version" { add("ver" SUBSEP $2, $5) }
    END {
        nt = split(tools, T, " ")
        print "### Boot-time assembly through udev: mdctl vs mdadm 4.6"
        print ""
        for (i = 1; i <= nh; i++) print "- " hdr[i]
        print "- " reps " coldplug run(s) per tool (median), tools alternating; whole benchmark " elapsed " s"
        for (c = 1; c <= nt; c++) if (bad[T[c]]) print "- **" T[c] ": " bad[T[c]] " run(s) failed** (not all arrays up, links missing or degraded; see the log)"
        print ""
        line = "| metric |"; sep = "|---|"
        for (c = 1; c <= nt; c++) { line = line " " T[c] " |"; sep = sep "---:|" }
        if (nt == 2) { line = line " " T[1] "/" T[2] " |"; sep = sep "---:|" }
        print line; print sep
        row("trigger → all " arrays " arrays active (s)", "act", 1000, 1)
        row("trigger → `udevadm settle` returns (s)", "set", 1000, 1)
        row("qemu CPU time, trigger → active (s)", "cpua", 1000, 1)
        row("qemu CPU time, trigger → settled (s)", "cpus", 1000, 1)
        row("guest busy time (all vCPUs), trigger → settled (s)", "busy", 1000, 1)
        row("processes/threads created, trigger → active", "fa", 1, 0)
        row("processes/threads created, trigger → settled", "fs", 1, 0)
        row("instructions per `-I` call, all members (M)", "inc", 1e6, 2)
        row("… first member (creates the inactive array)", "first", 1e6, 2)
        row("… members 2-" (nmem - 1) " (join the incomplete array)", "join", 1e6, 2)
        row("… last member (starts the array)", "start", 1e6, 2)
        row("instructions per `--detail` call of the array rules (M)", "det", 1e6, 2)
        row("instructions of `--version` (startup baseline, M)", "ver", 1e6, 2)
        print ""
        for (c = 1; c <= nt; c++) print "- " T[c] " trigger → settled per run (s):" runs[T[c]]
    }' "$tsv"
}
if [ -n "$md" ]; then format_md > "$md"; cat "$md"; else format_md; fi
echo >&2
echo "udev-assembly: raw data in $tsv (${elapsed} s)" >&2
[ "$rc" = 0 ] || echo "udev-assembly.sh: the VM run exited $rc; the table may be incomplete" >&2
exit "$rc"
