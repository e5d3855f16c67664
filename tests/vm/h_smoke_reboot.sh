#!/usr/bin/env bash
# Smoke test of the reboot/crash plumbing (host side, three boots): an array on
# virtio disks survives a clean reboot with its data, and one left writing at a
# crash comes back dirty and resyncs. Uses mdadm 4.6 only.
# timeout: 400
set -euo pipefail
case ${MDCTL_BIN:-} in *-san) echo "SKIP: peer-only test, runs in the plain suite"; exit 77 ;; esac
truncate -s 64M "$HT/a.img" "$HT/b.img"
disks=(--disk "$HT/a.img" --disk "$HT/b.img")

echo "== boot 1: create, write, stop"
$VM "${disks[@]}" -- '. tests/vm/lib.sh
    run $MDADM46 --create /dev/md0 -l1 -n2 --assume-clean --run /dev/vda /dev/vdb
    write_pattern /dev/md0 9 8
    run $MDADM46 --stop /dev/md0'

echo "== boot 2: assemble, verify, crash while writing"
rc=0
$VM --no-tail "${disks[@]}" -- '. tests/vm/lib.sh
    run $MDADM46 --assemble /dev/md0 /dev/vda /dev/vdb
    verify_pattern /dev/md0 9 8
    assert_eq clean "$(mdsys /dev/md0 array_state)"
    # Stay dirty after the last write (default: clean again after 200 ms).
    echo 60 > /sys/block/md0/md/safe_mode_delay
    dd if=/dev/zero of=/dev/md0 bs=1M seek=16 count=32 oflag=direct status=none &
    while [ "$(mdsys /dev/md0 array_state)" != active ]; do sleep 0.1; done
    echo "array_state active, crashing"
    crash_vm' || rc=$?
[ "$rc" = 137 ] || { echo "FAIL: expected the VM to be killed (137), got $rc"; exit 1; }

echo "== boot 3: the array comes back dirty and resyncs, data intact"
$VM "${disks[@]}" -- '. tests/vm/lib.sh
    run $MDADM46 --examine /dev/vda
    assert_contains "$OUT" "State : active"
    run $MDADM46 --assemble /dev/md0 /dev/vda /dev/vdb
    wait_idle /dev/md0 120
    assert_contains "$(dmesg)" "resync of RAID array md0"
    verify_pattern /dev/md0 9 8
    run $MDADM46 --stop /dev/md0'
echo "ok: reboot and crash plumbing"
