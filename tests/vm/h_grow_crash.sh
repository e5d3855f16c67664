#!/usr/bin/env bash
# Power cut in the middle of two raid5 reshapes (host side, two boots, members
# on virtio disks). md0 (1.2) grows 3 -> 4 devices by moving its data offset;
# md1 (1.0, no room to move) grows 3 -> 4 in place with a backup file on the
# share, slowed so that the cut falls inside its critical section (1 MiB
# per member with 512K chunks); md2 (0.90, whose data never moves) the same.
# After the
# reboot: --examine shows both reshapes; md0 assembles and the kernel resumes
# from the position in the superblocks; md1 and md2 are refused without the
# backup file and with it, mdctl writes the critical section back and the
# reshape resumes (md2's --update=revert-reshape is refused first, nothing
# written). Every pattern verifies and a check finds no mismatch.
# timeout: 600
set -euo pipefail
imgs=()
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do truncate -s 64M "$HT/d$i.img"; imgs+=(--disk "$HT/d$i.img"); done
mkdir -p "$HT/share"

echo "== boot 1: create, write, start both reshapes slowly, cut the power"
rc=0
$VM --no-tail --share "$HT/share" "${imgs[@]}" -- '. tests/vm/lib.sh
    set_speed
    run $MDCTL --create /dev/md0 -l5 -n3 --chunk=64 --assume-clean --run /dev/vda /dev/vdb /dev/vdc
    run $MDCTL --create /dev/md1 -l5 -n3 --chunk=512 -e1.0 --assume-clean --run /dev/vde /dev/vdf /dev/vdg
    run $MDCTL --create /dev/md2 -l5 -n3 --chunk=512 -e0.90 --assume-clean --run /dev/vdi /dev/vdj /dev/vdk
    for m in md0 md1 md2; do
        echo $(( $(blockdev --getsize64 /dev/$m) / 1048576 )) > $VM_SHARE/$m.mib
        write_pattern /dev/$m 1${m#md} "$(cat $VM_SHARE/$m.mib)"
    done
    echo 1 > /sys/block/md0/md/sync_speed_min; echo 2000 > /sys/block/md0/md/sync_speed_max
    echo 1 > /sys/block/md1/md/sync_speed_min; echo 2 > /sys/block/md1/md/sync_speed_max
    echo 1 > /sys/block/md2/md/sync_speed_min; echo 2 > /sys/block/md2/md/sync_speed_max
    run $MDCTL --grow /dev/md0 -n4 --add /dev/vdd
    $MDCTL --grow /dev/md1 -n4 --backup-file=$VM_SHARE/md1.backup --add /dev/vdh &
    $MDCTL --grow /dev/md2 -n4 --backup-file=$VM_SHARE/md2.backup --add /dev/vdl &
    sleep 12
    for m in md0 md1 md2; do echo "$m at the cut: reshape_position $(mdsys $m reshape_position), $(mdsys $m sync_completed)"; done
    [ -s $VM_SHARE/md1.backup ] || fail "no backup file while md1 is in its critical section"
    [ -s $VM_SHARE/md2.backup ] || fail "no backup file while md2 is in its critical section"
    [ "$(mdsys md0 reshape_position)" != none ] || fail "md0 reshape already finished"
    crash_vm' || rc=$?
[ "$rc" = 137 ] || { echo "FAIL: expected the VM to be killed (137), got $rc"; exit 1; }

echo "== boot 2: assemble, the reshapes resume, data verifies"
$VM --share "$HT/share" "${imgs[@]}" -- '. tests/vm/lib.sh
    set_speed
    run $MDCTL --examine /dev/vda
    assert_contains "$OUT" "Reshape pos'\''n" "--examine of a member of md0"
    pos0=$($MDCTL --examine /dev/vda | awk "/Reshape pos/ {print \$4}")
    run $MDCTL --examine /dev/vde
    assert_contains "$OUT" "Delta Devices : 1 (3->4)" "--examine of a member of md1"
    run $MDCTL --assemble /dev/md0 /dev/vda /dev/vdb /dev/vdc /dev/vdd
    assert_eq reshape "$(mdsys md0 sync_action)" "md0 sync_action after assembly"
    wait_idle md0 300
    assert_eq 4 "$(mdsys md0 raid_disks)" "md0 raid_disks"
    verify_pattern /dev/md0 10 "$(cat $VM_SHARE/md0.mib)"
    check_clean md0 200
    ok "md0 (data offset moved): resumed at ${pos0}K after the power cut, data intact, check clean"
    snapshot /dev/vde /dev/vdf /dev/vdg /dev/vdh
    for d in /dev/vde /dev/vdf /dev/vdg; do run $MDCTL -I $d; done
    expect_fail "--backup-file" $MDCTL -I /dev/vdh
    for m in /sys/block/md*/md; do
        assert_not_contains "$(ls $m)" "dev-vde" "md members after the refused incremental start"
    done
    # restored MD SEED DEVS...: the in-place array refused without its backup
    # file, nothing written, then assembled with it; reshape done, data, check
    restored() {
        local md=$1 seed=$2; shift 2
        expect_fail "--backup-file" $MDCTL --assemble /dev/$md "$@"
        assert_unchanged "$@"
        run $MDCTL --assemble /dev/$md --backup-file=$VM_SHARE/$md.backup "$@"
        assert_contains "$OUT" "restoring the critical section" "assembly of $md"
        wait_idle $md 300
        assert_eq 4 "$(mdsys $md raid_disks)" "$md raid_disks"
        verify_pattern /dev/$md $seed "$(cat $VM_SHARE/$md.mib)"
        check_clean $md 200
    }
    restored md1 11 /dev/vde /dev/vdf /dev/vdg /dev/vdh
    ok "md1 (in place, backup file): critical section restored, data intact, check clean"
    snapshot /dev/vdi /dev/vdj /dev/vdk /dev/vdl
    expect_fail "in place with a backup file" $MDCTL --assemble /dev/md2 --update=revert-reshape \
        --backup-file=$VM_SHARE/md2.backup /dev/vdi /dev/vdj /dev/vdk /dev/vdl
    restored md2 12 /dev/vdi /dev/vdj /dev/vdk /dev/vdl
    ok "md2 (0.90, in place, backup file): critical section restored, data intact, check clean"
    run $MDCTL --stop /dev/md0 /dev/md1 /dev/md2'
