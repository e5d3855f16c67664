#!/usr/bin/env bash
# The initial sync of a new raid5, mdctl vs mdadm 4.6, in one boot of the
# QEMU test VM: created without --assume-clean, both tools start the array
# degraded with the last member as a spare that the kernel rebuilds
# ("recover"); with --force they start it whole and the kernel recomputes
# every parity block ("resync"). mdadm's man page says the first is faster;
# this measures by how much, and that mdctl's arrays sync like mdadm's.
#
#   bench/initial-sync.sh [--reps N] [--members N] [--size MIB] [--mem MIB] [--md FILE]
#
# Per rep, tool (order flipped every rep) and mode: fresh sparse files on
# tmpfs as loop devices, `TOOL --create /dev/md0 -l5 -n N -e 1.2 --run
# [--force]` with the sync speed limits raised, then the time until
# sync_action is idle again: guest wall time and qemu's CPU time (asked from
# the host, so a loaded host does not count). Defaults: 3 reps, 4 members of
# 256 MiB, 2048 MiB guest. Each cell is the median of the reps.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
repo=$(cd "$here/.." && pwd)
reps=3 members=4 size=256 mem=2048 md='' in_vm=
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --reps) reps=$2; shift 2 ;;
    --members) members=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --md) md=$2; shift 2 ;;
    --in-vm) in_vm=1; shift ;;
    *) usage ;;
    esac
done
for n in "$reps" "$members" "$size" "$mem"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "initial-sync.sh: not a number: $n" >&2; exit 2; }
done
((members >= 3)) || { echo "initial-sync.sh: raid5 needs --members 3 or more" >&2; exit 2; }
PEER=${MDCTL_CACHE:-/var/cache/mdctl-test}/peers/mdadm-4.6
MDCTL=${MDCTL_BIN:-$repo/mdctl}
MDTEST=$repo/build/mdtest

# ------------------------------------------------------------------ in the VM
now_ms() { NOW=${EPOCHREALTIME/[.,]/}; NOW=$((NOW / 1000)); }

# one TOOL MODE FILL REP: members (zeroes, or old data: a different pattern
# on each), create, wait for the sync to end, print a result line
one() {
    local tool=$1 mode=$2 fill=$3 rep=$4 bin d devs=() act seen='' t0 c0 t1 c1 st id=$1.$2.$3.$4
    case $tool in mdctl) bin=$MDCTL ;; mdadm) bin=$PEER/mdadm ;; esac
    for ((d = 0; d < members; d++)); do
        if [ "$fill" = zero ]; then truncate -s "${size}M" "/tmp/is/m$d"
        else "$MDTEST" pattern $((rep * 16 + d)) "$size" > "/tmp/is/m$d"; fi
        devs+=("$(losetup -f --show "/tmp/is/m$d")")
    done
    host_cpu "$id.a"; c0=$HCPU; now_ms; t0=$NOW t1=$NOW c1=-
    "$bin" --create /dev/md0 -l5 -n "$members" -e 1.2 --run $([ "$mode" = resync ] && echo --force) \
        "${devs[@]}" > /dev/null 2>&1 || { echo "# $tool $mode: create failed" >&2; st=failed; }
    if [ -z "${st:-}" ]; then
        for ((d = 0; d < 36000; d++)); do
            read -r act < /sys/block/md0/md/sync_action || act=idle
            [ "$act" = idle ] && [ -n "$seen" ] && break
            [ "$act" = idle ] || seen=$act
            # the sync may not have started yet: give it a second before calling it done
            [ "$act" = idle ] && ((d > 100)) && break
            nap 0.01
        done
        now_ms; t1=$NOW; host_cpu "$id.b"; c1=$HCPU
        st=ok
        if grep -o '\[[U_]*\]' /proc/mdstat | grep -q _; then st=degraded; fi
        "$bin" --stop /dev/md0 > /dev/null 2>&1
    fi
    for d in "${devs[@]}"; do losetup -d "$d"; done
    rm -f /tmp/is/m*
    local cpu=-
    [ "$c0" != - ] && [ "$c1" != - ] && cpu=$((c1 - c0))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$mode" "$fill" "$rep" "${seen:-none}" $((t1 - t0)) "$cpu" "$st"
}

in_vm_main() {
    export MDADM_NO_UDEV=1 MDADM_NO_SYSTEMCTL=1
    mkdir -p /tmp/is
    mkfifo /tmp/is/nap
    exec {NAPFD}<> /tmp/is/nap
    echo 2000000 > /proc/sys/dev/raid/speed_limit_max
    echo 2000000 > /proc/sys/dev/raid/speed_limit_min
    local res=$VM_SHARE/results.tsv rep tool order mode
    {
        echo "# kernel $(uname -r), $(nproc) vCPU; raid5, $members members of $size MiB (sparse files on tmpfs), metadata 1.2, no bitmap, speed limits 2000000 KiB/s"
        echo "# mdctl: $("$MDCTL" --version 2>&1 | head -n 1); mdadm: $("$PEER/mdadm" --version 2>&1 | head -n 1)"
        printf '#tool\tmode\tfill\trep\tsync_action\tms\tqemu_cpu_ms\tok\n'
    } > "$res"
    one mdctl recover data 0 > /dev/null   # warm-up: TCG translates md's code on first use
    for ((rep = 1; rep <= reps; rep++)); do
        order="mdctl mdadm"; ((rep % 2)) || order="mdadm mdctl"
        for fill in zero data; do
            for tool in $order; do
                for mode in recover resync; do one "$tool" "$mode" "$fill" "$rep" | tee -a "$res"; done
            done
        done
    done
}
if [ -n "$in_vm" ]; then in_vm_main; exit 0; fi

# ------------------------------------------------------------------ on the host
make -C "$repo" -s mdctl build/mdtest
[ -x "$PEER/mdadm" ] || { echo "initial-sync.sh: mdadm 4.6 peer missing (tests/vm/peers.sh)" >&2; exit 1; }
share=$(mktemp -d "${TMPDIR:-/tmp}/initial-sync.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill "$spid" 2> /dev/null; rm -rf "$share"' EXIT
start=$SECONDS
serve_cpu &
spid=$!
rc=0
cmd=$(printf '%q ' bench/initial-sync.sh --in-vm --reps "$reps" --members "$members" --size "$size")
"$repo/tests/vm/vm.sh" --mem "$mem" --timeout $((600 + reps * 4 * 300)) --share "$share" -- "$cmd" >&2 || rc=$?
kill "$spid" 2> /dev/null || true
wait "$spid" 2> /dev/null || true
spid=
[ -s "$share/results.tsv" ] || { echo "initial-sync.sh: VM produced no results (status $rc)" >&2; exit 1; }
elapsed=$((SECONDS - start))

format_md() {
    awk -F'\t' -v elapsed="$elapsed" -v reps="$reps" '
    function median(key,   n, a, i, j, t) {
        n = cnt[key]; if (n == 0) return ""
        for (i = 1; i <= n; i++) a[i] = val[key, i]
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
        return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
    }
    function add(key, v) { if (v ~ /^[0-9]+$/) { cnt[key]++; val[key, cnt[key]] = v } }
    function s(v) { return v == "" ? "-" : sprintf("%.1f", v / 1000) }
    function r(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
    /^# / { hdr[++nh] = substr($0, 3); next }
    /^#/ { next }
    {
        if ($8 != "ok" || $5 != $2) { bad = bad " " $1 "/" $2 "/" $3 "/rep" $4 "(" $5 "," $8 ")"; next }
        add("ms" SUBSEP $1 SUBSEP $3 SUBSEP $2, $6); add("cpu" SUBSEP $1 SUBSEP $3 SUBSEP $2, $7)
    }
    END {
        print "### Initial sync of a new raid5: recovery onto a spare vs full resync (`--force`)"
        print ""
        for (i = 1; i <= nh; i++) print "- " hdr[i]
        print "- members: zeroes (new sparse files), or old data (a different pseudo-random pattern on each, so every parity block is wrong)"
        print "- median of " reps " rep(s); whole benchmark " elapsed " s"
        if (bad != "") print "- **runs left out (wrong sync action or not clean):" bad "**"
        print ""
        print "| members | metric | tool | recover | resync | resync/recover |"
        print "|---|---|---|---:|---:|---:|"
        name["ms"] = "guest wall time (s)"; name["cpu"] = "qemu CPU time (s)"
        split("zero data", F, " "); fname["zero"] = "zeroes"; fname["data"] = "old data"
        split("ms cpu", M, " "); split("mdctl mdadm", T, " ")
        for (f = 1; f <= 2; f++) for (k = 1; k <= 2; k++) {
            for (t = 1; t <= 2; t++) {
                key = M[k] SUBSEP T[t] SUBSEP F[f]
                a = median(key SUBSEP "recover"); b = median(key SUBSEP "resync")
                print "| " fname[F[f]] " | " name[M[k]] " | " T[t] " | " s(a) " | " s(b) " | " r(b, a) " |"
            }
            c = M[k] SUBSEP "mdctl" SUBSEP F[f]; d = M[k] SUBSEP "mdadm" SUBSEP F[f]
            print "| " fname[F[f]] " | " name[M[k]] " | mdctl/mdadm | " r(median(c SUBSEP "recover"), median(d SUBSEP "recover")) \
                  " | " r(median(c SUBSEP "resync"), median(d SUBSEP "resync")) " | |"
        }
    }' "$share/results.tsv"
}
if [ -n "$md" ]; then format_md > "$md"; cat "$md"; else format_md; fi
echo "initial-sync: ${elapsed} s" >&2
exit "$rc"
