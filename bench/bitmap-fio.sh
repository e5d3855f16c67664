#!/usr/bin/env bash
# Random-write IOPS on md arrays with no bitmap, the classic internal bitmap and
# the lockless bitmap (llbitmap), with and without --assume-clean, on arrays
# created by ./mdctl and by mdadm 4.6 (the control). This repeats the kind of
# comparison the llbitmap authors made (none vs bitmap vs llbitmap: the claim
# in drivers/md/md-llbitmap.c's header is that only the first write to a bit
# costs extra, and that a new array needs no initial resync), inside the QEMU
# test VM on RAM-backed loop devices. See bench/README.md for what the numbers
# mean (ratios, not absolute IOPS).
#
#   bench/bitmap-fio.sh [--runtime SEC] [--ramp SEC] [--size MIB] [--iodepth N]
#                       [--reps N] [--levels "raid1 raid10 raid5"]
#                       [--bitmaps "none internal llbitmap"] [--clean "yes no"]
#                       [--creators "mdctl mdadm"] [--mem MIB] [--smp N] [--out FILE]
#
# Defaults: measured window 4 s after 1 s ramp (per fio run), 2 reps (each
# cell is the median; creator order flips per rep), 2048 MiB members (sparse
# files on tmpfs: a resync of zeroes allocates nothing, and 2 GiB keeps the
# initial resync running through the window), iodepth 16, all levels/bitmaps/
# creators, VM with 1 vCPU (--smp: with 2, TCG's cross-vCPU cost cuts IOPS
# 10-20x and drowns the bitmap's cost) and 6144 MiB RAM, Markdown written to
# bench/results.md. One full run takes ~12 min on a quiet host, ~20 min
# when other VMs keep its 2 cores busy.
# Needs fio on the host (the VM runs the host's /): apt-get install fio.
# The raw per-run data (one line per fio run) is kept next to the table as
# FILE with .tsv instead of .md.
#
# Inside the VM the same script runs with --in-vm and writes the raw results to
# $VM_SHARE/results.tsv; the host formats them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
repo=$(cd "$here/.." && pwd)

runtime=4 ramp=1 size=2048 iodepth=16 reps=2 mem=6144 smp=1
levels="raid1 raid10 raid5" bitmaps="none internal llbitmap" cleans="yes no"
creators="mdctl mdadm" out=$here/results.md in_vm=

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --runtime) runtime=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --iodepth) iodepth=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --bitmaps) bitmaps=$2; shift 2 ;;
    --clean) cleans=$2; shift 2 ;;
    --creators) creators=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --in-vm) in_vm=1; shift ;;
    -h|--help) usage ;;
    *) echo "bitmap-fio.sh: unknown option $1" >&2; usage ;;
    esac
done
for n in "$runtime" "$ramp" "$size" "$iodepth" "$reps" "$mem" "$smp"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "bitmap-fio.sh: not a number: $n" >&2; exit 2; }
done

MDADM=${MDCTL_CACHE:-/var/cache/mdctl-test}/peers/mdadm-4.6/mdadm
MDCTL=${MDCTL_BIN:-$repo/mdctl}

# ------------------------------------------------------------------ in the VM
members_of() {
    case $1 in raid1) echo 2 ;; raid10|raid5) echo 4 ;; *) return 1 ;; esac
}
# mdadm 4.6 calls llbitmap "lockless"; mdctl takes both names.
bitmap_arg() {
    if [ "$1" = llbitmap ] && [ "$2" = mdadm ]; then echo lockless; else echo "$1"; fi
}
# Builtins only: under TCG every exec costs 0.1-0.5 s of guest CPU.
sysmd() { local v=-; read -r v < "/sys/block/$1/md/$2" 2>/dev/null || true; echo "$v"; }
# Resync/recovery progress in percent from sync_completed ("done / total" in
# sectors, "none" when no sync runs, "delayed"/"pending" before it starts).
sync_pct() {
    local s; s=$(sysmd "$1" sync_completed)
    if [[ $s =~ ^([0-9]+)\ /\ ([0-9]+)$ ]] && [ "${BASH_REMATCH[2]}" -gt 0 ]; then
        echo $(( BASH_REMATCH[1] * 100 / BASH_REMATCH[2] ))%
    else
        echo "$s"
    fi
}

# write I/Os completed by the array (field 5 of /sys/block/X/stat).
md_writes() { local a=(); read -r -a a < "/sys/block/$1/stat" || true; echo "${a[4]:-0}"; }
# Guest idle time so far in USER_HZ ticks: idle + iowait of /proc/stat's
# "cpu" line (proc(5)).
guest_idle() { local a=(); read -r -a a < /proc/stat || true; echo $(( ${a[4]:-0} + ${a[5]:-0} )); }

# One array: create, fio, record, stop, wipe. Prints one TSV line.
one_run() {
    local creator=$1 level=$2 clean=$3 bitmap=$4 rep=$5 md=$6
    local bin n i f files=() devs=() opts=() md_name=${md#/dev/}
    case $creator in mdctl) bin=$MDCTL ;; mdadm) bin=$MDADM ;; esac
    n=$(members_of "$level")
    for ((i = 0; i < n; i++)); do files+=("$W/m$i"); done
    truncate -s "${size}M" "${files[@]}"
    for f in "${files[@]}"; do devs+=("$(losetup -f --show "$f")"); done
    opts=(--create "$md" --metadata=1.2 --level="$level" --raid-devices="$n"
          --bitmap="$(bitmap_arg "$bitmap" "$creator")" --run)
    [ "$clean" = yes ] && opts+=(--assume-clean)
    local t0=$SECONDS
    if ! "$bin" "${opts[@]}" "${devs[@]}" < /dev/null > "$W/create.log" 2>&1; then
        echo "CREATE FAILED: $bin ${opts[*]} ${devs[*]}" >&2
        cat "$W/create.log" >&2
        losetup -d "${devs[@]}"
        rm -f "${files[@]}"
        printf '%s\t%s\t%s\t%s\t%s\tFAIL\tFAIL\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\n' "$creator" "$level" "$clean" "$bitmap" "$rep"
        return 0
    fi
    local btype act0 pct0 act1 pct1 iops fiops err line
    btype=$(sysmd "$md_name" bitmap_type)
    btype=${btype#*[}; btype=${btype%%]*}
    # Bitmap chunk in KiB: bitmap/chunksize is bytes (md-bitmap.c), the first
    # line of llbitmap/metadata is "chunksize SECTORS" (md-llbitmap.c).
    local bchunk=- w1 w2
    case $btype in
    bitmap) bchunk=$(sysmd "$md_name" bitmap/chunksize); [[ $bchunk =~ ^[0-9]+$ ]] && bchunk=$((bchunk / 1024)) ;;
    llbitmap) read -r w1 w2 < "/sys/block/$md_name/md/llbitmap/metadata" 2>/dev/null || true
              [ "${w1:-}" = chunksize ] && [[ ${w2:-} =~ ^[0-9]+$ ]] && bchunk=$((w2 / 2)) ;;
    esac
    # fio is stopped right after the window: the $runtime seconds after
    # $ramp, counted from the first write that reaches the array. IOPS come
    # from the array's own write counter over the window.
    fio --name=bench --filename="$md" --rw=randwrite --bs=4k --direct=1 \
        --ioengine=libaio --iodepth="$iodepth" --numjobs=1 --randrepeat=1 \
        --norandommap --runtime=$((ramp + runtime + 30)) --time_based \
        --output-format=terse --terse-version=3 > "$W/fio.out" 2> "$W/fio.err" &
    local fpid=$! w0 wa wb ta tb ca cb ia ib k=0 frc=0 win qcpu=- gidle est=-
    w0=$(md_writes "$md_name")
    while [ "$(md_writes "$md_name")" = "$w0" ] && kill -0 "$fpid" 2> /dev/null && ((k++ < 1200)); do
        nap 0.05
    done
    nap "$ramp"
    act0=$(sysmd "$md_name" sync_action)
    pct0=$(sync_pct "$md_name")
    host_cpu "$md_name.a"; ca=$HCPU; ia=$(guest_idle); wa=$(md_writes "$md_name"); ta=${EPOCHREALTIME/[.,]/}
    nap "$runtime"
    host_cpu "$md_name.b"; cb=$HCPU; ib=$(guest_idle); wb=$(md_writes "$md_name"); tb=${EPOCHREALTIME/[.,]/}
    act1=$(sysmd "$md_name" sync_action)
    pct1=$(sync_pct "$md_name")
    kill -INT "$fpid" 2> /dev/null || true
    wait "$fpid" || frc=$?
    line=
    while IFS= read -r f; do line=$f; done < "$W/fio.out"
    # terse v3: field 5 = error, field 49 = write IOPS (whole run, for reference)
    local tf=()
    IFS=';' read -r -a tf <<< "$line"
    err=${tf[4]:-} fiops=${tf[48]:-}
    win=$(( (tb - ta) / 1000 ))
    iops=$(( (wb - wa) * 1000 / (win > 0 ? win : 1) ))
    gidle=$(( (ib - ia) * 1000 / GUEST_HZ ))
    # The estimate for a dedicated host core: under TCG every busy guest
    # cycle is host CPU, so the busy part of the window is what qemu really
    # got (its CPU time, from the host), while the guest's idle time is
    # waiting that a faster host would not shorten. When other VMs take the
    # host's cores, raw IOPS drop but this does not.
    if [ "$ca" != - ] && [ "$cb" != - ]; then
        qcpu=$((cb - ca))
        # both sum over the vCPUs
        ((qcpu + gidle > 0)) && est=$(( (wb - wa) * 1000 * GUEST_CPUS / (qcpu + gidle) ))
    fi
    # fio exits 128 + nothing when we stop it with SIGINT.
    if { [ "$frc" != 0 ] && [ "$frc" != 128 ]; } || [ -z "$line" ] || [ "$err" != 0 ]; then
        echo "FIO FAILED on $md ($creator $level clean=$clean $bitmap): status $frc" >&2
        cat "$W/fio.err" >&2
        iops=FAIL est=FAIL
    fi
    "$bin" --stop "$md" < /dev/null > "$W/stop.log" 2>&1 ||
        { echo "STOP FAILED: $bin --stop $md" >&2; cat "$W/stop.log" >&2; }
    "$bin" --zero-superblock "${devs[@]}" < /dev/null > "$W/zero.log" 2>&1 ||
        { echo "ZERO FAILED: $bin --zero-superblock ${devs[*]}" >&2; cat "$W/zero.log" >&2; }
    losetup -d "${devs[@]}"
    rm -f "${files[@]}"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$creator" "$level" "$clean" "$bitmap" "$rep" "$est" "$iops" "${fiops%.*}" "$win" "$qcpu" \
        "$gidle" "$btype:$bchunk" "$act0" "$pct0" "$act1" "$pct1" "$((SECONDS - t0))"
}

in_vm_main() {
    export MDADM_NO_UDEV=1 MDADM_NO_SYSTEMCTL=1
    W=/tmp/bench
    mkdir -p "$W"
    local res=${VM_SHARE:?}/results.tsv p=/sys/module/md_mod/parameters/legacy_async_del_gendisk
    # mdadm >= 4.5 turns md's legacy async gendisk removal off when it starts
    # an array (md.c: legacy_async_del_gendisk); do it once up front so both
    # creators run under the same kernel mode whatever order they run in.
    [ -w "$p" ] && echo N > "$p"
    mkfifo "$W/nap"
    GUEST_HZ=$(getconf CLK_TCK) GUEST_CPUS=$(nproc)
    exec {NAPFD}<> "$W/nap"
    {
        echo "# kernel $(uname -r), $(nproc) vCPU, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MiB"
        echo "# $(fio --version), ioengine libaio, randwrite 4k direct=1 iodepth=$iodepth, ramp ${ramp}s, runtime ${runtime}s, members ${size} MiB on tmpfs loop devices"
        echo "# resync limits left at their defaults: speed_limit_min=$(cat /proc/sys/dev/raid/speed_limit_min) speed_limit_max=$(cat /proc/sys/dev/raid/speed_limit_max) KiB/s, sync_io_depth=$(cat /proc/sys/dev/raid/sync_io_depth 2>/dev/null || echo -)"
        echo "# mdctl: $("$MDCTL" --version 2>&1 | head -n 1); mdadm: $("$MDADM" --version 2>&1 | head -n 1)"
        printf '#creator\tlevel\tclean\tbitmap\trep\tiops_dedicated_core\tiops\tfio_iops\twindow_ms\tqemu_cpu_ms\tguest_idle_ms\tbitmap_type:chunk_KiB\tsync_action_before\tsync_pct_before\tsync_action_after\tsync_pct_after\tseconds\n'
    } > "$res"
    cat "$res"
    local level clean bitmap creator rep mdn=0 order w r=$runtime rp=$ramp
    # Warm-up, not recorded: TCG translates guest code on first use, so the
    # first pass through a level's write, bitmap and resync paths is slow.
    runtime=2 ramp=1
    for level in $levels; do
        for w in internal llbitmap; do
            mdn=$((mdn + 1))
            one_run "${creators%% *}" "$level" no "$w" 0 "/dev/md$mdn" > /dev/null
        done
    done
    runtime=$r ramp=$rp
    echo "# warm-up done" >&2
    # Creators innermost, so both see the same host load for a cell; their
    # order flips every rep so that a drift in host load cancels out.
    for rep in $(seq 1 "$reps"); do
        order=$creators
        if ((rep % 2 == 0)); then order=; for w in $creators; do order="$w $order"; done; fi
        for level in $levels; do
            for clean in $cleans; do
                for bitmap in $bitmaps; do
                    for creator in $order; do
                        # A fresh md minor per run: no race with the removal of
                        # the previous array's gendisk.
                        mdn=$((mdn + 1))
                        one_run "$creator" "$level" "$clean" "$bitmap" "$rep" "/dev/md$mdn" | tee -a "$res"
                    done
                done
            done
        done
    done
}

if [ -n "$in_vm" ]; then in_vm_main; exit 0; fi

# ------------------------------------------------------------------ on the host

command -v fio > /dev/null || { echo "bitmap-fio.sh: fio not installed (apt-get install fio)" >&2; exit 2; }
[ -x "$MDADM" ] || { echo "bitmap-fio.sh: no mdadm 4.6 at $MDADM (tests/vm/peers.sh builds it)" >&2; exit 2; }
make -C "$repo" -j2 mdctl > /dev/null
share=$(mktemp -d "${TMPDIR:-/tmp}/bitmap-fio.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill "$spid" 2> /dev/null; rm -rf "$share"' EXIT
start=$SECONDS
nruns=0
for _ in $levels; do for _ in $cleans; do for _ in $bitmaps; do for _ in $creators; do
    nruns=$((nruns + 1)); done; done; done; done
nruns=$((nruns * reps))
echo "bitmap-fio: $nruns fio runs of ${ramp}+${runtime} s in one VM boot" >&2
serve_cpu &
spid=$!
rc=0
# vm.sh hands its command line to a shell in the guest: quote every word.
cmd=$(printf '%q ' bench/bitmap-fio.sh --in-vm --runtime "$runtime" --ramp "$ramp" \
      --size "$size" --iodepth "$iodepth" --reps "$reps" --levels "$levels" \
      --bitmaps "$bitmaps" --clean "$cleans" --creators "$creators")
VM_SMP=$smp "$repo/tests/vm/vm.sh" --mem "$mem" --timeout $((600 + nruns * (ramp + runtime + 40))) \
    --share "$share" -- "$cmd" >&2 || rc=$?
kill "$spid" 2> /dev/null || true
wait "$spid" 2> /dev/null || true
spid=
[ -s "$share/results.tsv" ] || { echo "bitmap-fio.sh: VM produced no results (status $rc)" >&2; exit 1; }
elapsed=$((SECONDS - start))
tsv=${out%.md}.tsv
cp "$share/results.tsv" "$tsv"

# Markdown: per metric one table, rows = level x --assume-clean, columns =
# each creator's value per bitmap, the bitmap/none ratios, then creator 1 over
# creator 2 per bitmap. A cell is the median over the reps.
format_md() {
    awk -F'\t' -v levels="$levels" -v cleans="$cleans" -v bitmaps="$bitmaps" \
        -v creators="$creators" -v elapsed="$elapsed" -v reps="$reps" '
    function median(key,   n, a, i, j, t) {
        n = cnt[key]; if (n == 0) return ""
        for (i = 1; i <= n; i++) a[i] = val[key, i]
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
        return (n % 2) ? a[(n+1)/2] : int((a[n/2] + a[n/2+1]) / 2)
    }
    function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
    function show(v) { return v == "" ? "-" : v }
    function state(a, p) { return (p ~ /%$/) ? a " " p : a }
    function table(f, title,   l, x, c, b, k, line, sep, m, nbase) {
        print "#### " title
        print ""
        nbase = 0; for (b = 1; b <= nb; b++) if (B[b] == "none") nbase = b
        line = "| level | --assume-clean |"; sep = "|---|---|"
        for (c = 1; c <= ncr; c++) {
            for (b = 1; b <= nb; b++) { line = line " " CR[c] " " B[b] " |"; sep = sep "---:|" }
            if (nbase) for (b = 1; b <= nb; b++) if (b != nbase) { line = line " " CR[c] " " B[b] "/none |"; sep = sep "---:|" }
        }
        if (ncr == 2) for (b = 1; b <= nb; b++) { line = line " " CR[1] "/" CR[2] " " B[b] " |"; sep = sep "---:|" }
        print line; print sep
        for (l = 1; l <= nl; l++) for (x = 1; x <= nc; x++) {
            line = "| " L[l] " | " C[x] " |"
            for (c = 1; c <= ncr; c++) {
                for (b = 1; b <= nb; b++) {
                    k = f SUBSEP CR[c] SUBSEP L[l] SUBSEP C[x] SUBSEP B[b]
                    m[c, b] = median(k)
                    line = line " " (m[c, b] == "" && failed[CR[c], L[l], C[x], B[b]] ? "FAIL" : show(m[c, b])) " |"
                }
                if (nbase) for (b = 1; b <= nb; b++) if (b != nbase) line = line " " ratio(m[c, b], m[c, nbase]) " |"
            }
            if (ncr == 2) for (b = 1; b <= nb; b++) line = line " " ratio(m[1, b], m[2, b]) " |"
            print line
        }
        print ""
    }
    /^# / { hdr[++nh] = substr($0, 3); next }
    /^#/ { next }
    {
        if ($6 == "FAIL") { failed[$1, $2, $3, $4] = 1; next }
        for (f = 6; f <= 7; f++) if ($f ~ /^[0-9]+$/) {
            k = f SUBSEP $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
            cnt[k]++; val[k, cnt[k]] = $f
        }
        act[$1, $2, $3, $4] = state($13, $14) " → " state($15, $16)
        split($12, bt, ":"); if (bt[2] != "-" && bt[2] != "") chunk[$1, $2, $4] = bt[2]
        if ($9 ~ /^[0-9]+$/ && $10 ~ /^[0-9]+$/ && $11 ~ /^[0-9]+$/) { swin += $9; scpu += $10; sidle += $11 }
    }
    END {
        nl = split(levels, L, " "); nc = split(cleans, C, " ")
        nb = split(bitmaps, B, " "); ncr = split(creators, CR, " ")
        print "### md bitmaps under random 4k writes: none vs internal vs llbitmap, mdctl vs mdadm 4.6"
        print ""
        for (i = 1; i <= nh; i++) print "- " hdr[i]
        print "- " reps " rep(s) per cell (median); one full run took " elapsed " s"
        if (swin > 0) printf "- over the measured windows qemu got %d%% of a host core and the guest was idle %d%% of the time\n", scpu * 100 / swin, sidle * 100 / swin
        print ""
        table(6, "Write IOPS estimated for a dedicated host core: writes / (qemu CPU time + guest idle time) over the window")
        table(7, "Write IOPS as measured (writes / window; moves with the load other VMs put on the host)")
        print "#### Sync state of the arrays made without --assume-clean, at window start → end"
        print ""
        print "(sync_action, and sync_completed in % while a sync runs; last rep)"
        print ""
        line = "| level | bitmap |"; sep = "|---|---|"
        for (c = 1; c <= ncr; c++) { line = line " " CR[c] " |"; sep = sep "---|" }
        print line; print sep
        for (l = 1; l <= nl; l++) for (b = 1; b <= nb; b++) {
            line = "| " L[l] " | " B[b] " |"
            for (c = 1; c <= ncr; c++) line = line " " show(act[CR[c], L[l], "no", B[b]]) " |"
            print line
        }
        print ""
        print "#### Bitmap chunk (KiB) each creator chose"
        print ""
        line = "| level |"; sep = "|---|"
        for (b = 1; b <= nb; b++) if (B[b] != "none") for (c = 1; c <= ncr; c++) { line = line " " CR[c] " " B[b] " |"; sep = sep "---:|" }
        print line; print sep
        for (l = 1; l <= nl; l++) {
            line = "| " L[l] " |"
            for (b = 1; b <= nb; b++) if (B[b] != "none") for (c = 1; c <= ncr; c++) line = line " " show(chunk[CR[c], L[l], B[b]]) " |"
            print line
        }
    }' "$tsv"
}
format_md > "$out"
cat "$out"
echo >&2
echo "bitmap-fio: table in $out, raw data in $tsv (${elapsed} s)" >&2
[ "$rc" = 0 ] || echo "bitmap-fio.sh: the VM run exited $rc; the table may be incomplete" >&2
exit "$rc"
