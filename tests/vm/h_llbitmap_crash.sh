#!/usr/bin/env bash
# Power cut under an llbitmap (host side, two boots, virtio disks): mdctl
# creates an llbitmap raid1, a pattern is written and settles, the bitmap
# daemon is slowed down, more is written, and the VM is killed (crash_vm; a
# `reboot -f` would let md flush the bitmap and mark everything clean). After
# the reboot `mdctl -X` shows which chunks were dirty at the crash; mdctl
# assembles, the kernel turns them into need-sync and resyncs only those
# (measured by the sectors written to the members against the array size);
# both patterns are intact and a check finds no mismatch.
# timeout: 400
set -euo pipefail
truncate -s 512M "$HT/a.img" "$HT/b.img"
disks=(--disk "$HT/a.img" --disk "$HT/b.img")

echo "== boot 1: create, write, settle, write more, crash"
rc=0
$VM --no-tail "${disks[@]}" -- '. tests/vm/lib.sh
    set_speed
    run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --delay=1 --run /dev/vda /dev/vdb
    assert_eq "none bitmap [llbitmap]" "$(mdsys md0 bitmap_type)" "md/bitmap_type"
    wait_idle md0 60
    echo 1 > /sys/block/md0/md/llbitmap/barrier_idle
    echo "chunks: $(llb_meta md0 chunks) of $(llb_meta md0 chunksize) sectors"
    write_pattern /dev/md0 7 16 0
    llb_settle md0
    echo "after 16 MiB at 0, settled: $LLB"
    echo 3600 > /sys/block/md0/md/llbitmap/daemon_sleep
    echo 3600 > /sys/block/md0/md/llbitmap/barrier_idle
    write_pattern /dev/md0 8 8 200
    llb_get md0
    echo "after 8 MiB at 200 MiB, crashing: $LLB"
    xbits /dev/vda
    echo "on disk at the crash: $XBITS"
    crash_vm' || rc=$?
[ "$rc" = 137 ] || { echo "FAIL: expected the VM to be killed (137), got $rc"; exit 1; }

echo "== boot 2: -X shows the dirty chunks, assembly resyncs only those"
$VM "${disks[@]}" -- '. tests/vm/lib.sh
    set_speed
    # The kernel says why a resync was not bitmap-based (a stale bitmap, a
    # kicked member): its md lines go with every failure message here.
    klog() { dmesg | grep -E "md/llbitmap|md: |md/raid1|md0" | tail -n 8 | tr "\n" "|"; }
    for d in /dev/vda /dev/vdb; do
        xbits $d
        echo "-X $d after the crash: $XBITS; events: bitmap $(sed -n "s/^ *Events : //p" <<< "$XOUT"), superblock $($MDCTL -E $d | sed -n "s/^ *Events : //p")"
    done
    run $MDCTL -X -v /dev/vda
    bad=$(( $(llb_count "$XBITS" dirty) + $(llb_count "$XBITS" "need sync") + $(llb_count "$XBITS" syncing) ))
    [ "$bad" -gt 0 ] || fail "no dirty chunk on disk after the crash"
    dev_rw /dev/vda; w0=$WR; dev_rw /dev/vdb; w0=$(( w0 + WR ))
    run $MDCTL --assemble /dev/md0 /dev/vda /dev/vdb
    assert_eq "none bitmap [llbitmap]" "$(mdsys md0 bitmap_type)" "md/bitmap_type"
    llb_get md0
    echo "right after assembly: $LLB"
    wait_idle md0 120
    assert_contains "$(dmesg)" "resync of RAID array md0" "kernel log ($(cat /proc/mdstat | tr "\n" " "))"
    llb_get md0
    echo "after the resync: $LLB"
    dev_rw /dev/vda; w=$WR; dev_rw /dev/vdb; w=$(( w + WR - w0 ))
    size=$(blockdev --getsz /dev/md0)
    cs=$(llb_meta md0 chunksize)
    echo "resync wrote $w sectors to the members for $bad dirty chunks ($(( bad * cs )) sectors); array size $size sectors"
    [ "$w" -ge $(( 8 * 2048 )) ] || fail "resync wrote $w sectors, less than the 8 MiB written last; kernel: $(klog)"
    [ "$w" -le $(( bad * cs + 2048 )) ] || fail "resync wrote $w sectors, more than the $bad dirty chunks; kernel: $(klog)"
    [ "$w" -lt $(( size / 4 )) ] || fail "resync wrote $w of $size sectors: not bitmap-based; kernel: $(klog)"
    verify_pattern /dev/md0 7 16 0
    verify_pattern /dev/md0 8 8 200
    check_clean md0
    run $MDCTL --stop /dev/md0
    ok "llbitmap crash: resync wrote $w of $size sectors ($(( w * 1000 / size ))‰), data intact, check clean"'
