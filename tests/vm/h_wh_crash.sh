#!/usr/bin/env bash
# Power cut during raid5 writes with a write journal (md0) and with a partial
# parity log (md1), both made by mdctl (host side, two boots, virtio disks).
# Boot 1: every 4 KiB block of the first 8 MiB gets a tag (block number,
# generation 0; tests/vm/tools/tagged.c), then eight writers per array rewrite
# with O_DIRECT, one block per write (partial-stripe writes: data and parity
# of a stripe change in separate member writes), every block except those
# whose data lives on member role 1, in passes 1, 2, ...; the VM is killed in
# the middle (crash_vm: md's reboot notifier does not run, the arrays stay
# dirty). Boot 2: mdctl assembles each array with role 1 left out (--run), so
# role 1's blocks are rebuilt from parity and from the data churn was
# rewriting: a write hole shows there as garbage. The kernel must have run its
# recovery (raid5-cache.c r5l_recovery_log: "recovering N data-only stripes
# and M data-parity stripes"; for PPL raid5.c raid5_run "starting dirty
# degraded array with PPL" and raid5-ppl.c ppl_init_log marks the array clean
# (md/resync_start none) only when it recovered entries without a mismatch).
# Every block must then be intact: role 1's at generation 0, the others at the
# generation of the last completed pass or the interrupted one. Then the left
# out member is added back, recovery rebuilds it, a check finds mismatch_cnt
# 0 and the tags verify once more with all members.
# md2, a plain raid5 (resync policy) churned the same way, is the control:
# started dirty and degraded by force (md_mod start_dirty_degraded), it shows
# garbage blocks, proof that the check catches a write hole (with eight
# writers and role 0 slowed, some stripe updates are half done at the cut;
# typically two blocks come back as garbage). It is reported, not judged: a
# cut that falls between stripe updates leaves none.
# timeout: 400
set -euo pipefail
# vda vdb vdc + journal vdd: md0; vde vdf vdg: md1 (ppl); vdh vdi vdj: md2
# (control). In boot 1 qemu holds back writes to role 0 of each (vda vde vdh),
# so that at the cut one half of a stripe update has landed and the other
# waits: the write hole is wide open.
imgs=() slow=()
for d in a b c j e f g h i k; do
    truncate -s 32M "$HT/$d.img"; imgs+=(--disk "$HT/$d.img")
    case $d in a|e|h) slow+=(--slow-disk 40 "$HT/$d.img") ;; *) slow+=(--disk "$HT/$d.img") ;; esac
done
mkdir -p "$HT/share"
MIB=4 GEOM=64:3:1 W=8

echo "== boot 1: create, tag, churn, cut the power"
rc=0
$VM --no-tail --share "$HT/share" "${slow[@]}" -- '. tests/vm/lib.sh
    set_speed
    c=(-l5 -n3 --chunk=64 --assume-clean --run)
    run $MDCTL --create /dev/md0 "${c[@]}" --write-journal /dev/vdd /dev/vda /dev/vdb /dev/vdc
    run $MDCTL --create /dev/md1 "${c[@]}" --consistency-policy=ppl /dev/vde /dev/vdf /dev/vdg
    run $MDCTL --create /dev/md2 "${c[@]}" --consistency-policy=resync /dev/vdh /dev/vdi /dev/vdj
    assert_eq journal "$(mdsys md0 consistency_policy)" "md0 policy"
    assert_eq ppl "$(mdsys md1 consistency_policy)" "md1 policy"
    for m in md0 md1 md2; do
        $MDTEST tag fill /dev/$m '$MIB'
        $MDTEST tag check /dev/$m '$MIB' '$GEOM' $VM_SHARE/none '$W' > /dev/null
    done
    for m in md0 md1 md2; do $MDTEST tag churn /dev/$m '$MIB' '$GEOM' $VM_SHARE/$m.st '$W' & done
    sleep 10
    for m in md0 md1 md2; do
        echo "$m at the cut: $(mdsys $m array_state), passes done per writer: $(cat $VM_SHARE/$m.st.* | sed "s/^0*//; s/^$/0/" | tr "\n" " ")"
    done
    echo "guest uptime $(cut -d" " -f1 /proc/uptime)s"
    crash_vm' || rc=$?
[ "$rc" = 137 ] || { echo "FAIL: expected the VM to be killed (137), got $rc"; exit 1; }

echo "== boot 2: assemble without role 1, recovery ran, every tag intact"
$VM --share "$HT/share" "${imgs[@]}" -- '. tests/vm/lib.sh
    set_speed
    echo "guest uptime $(cut -d" " -f1 /proc/uptime)s"
    run $MDCTL --assemble /dev/md0 --run /dev/vda /dev/vdc /dev/vdd
    assert_eq 1 "$(mdsys md0 degraded)" "md0 degraded"
    log=$(dmesg | grep "md/raid:md0: " || true)
    [[ $log =~ recovering\ ([0-9]+)\ data-only\ stripes\ and\ ([0-9]+)\ data-parity ]] ||
        fail "no journal recovery in the kernel log: $log"
    [ $(( BASH_REMATCH[1] + BASH_REMATCH[2] )) -gt 0 ] || fail "journal recovery found nothing to replay"
    echo "journal: ${BASH_REMATCH[0]}"
    run $MDTEST tag check /dev/md0 '$MIB' '$GEOM' $VM_SHARE/md0.st '$W'

    assert_contains "$($MDCTL -E /dev/vde)" "State : active" "-E of a PPL member after the cut"
    run $MDCTL --assemble /dev/md1 --run /dev/vde /dev/vdg
    assert_eq 1 "$(mdsys md1 degraded)" "md1 degraded"
    assert_contains "$(dmesg)" "md/raid:md1: starting dirty degraded array with PPL." "kernel log"
    assert_eq none "$(mdsys md1 resync_start)" "md1 resync_start after PPL recovery"
    run $MDTEST tag check /dev/md1 '$MIB' '$GEOM' $VM_SHARE/md1.st '$W'

    echo 1 > /sys/module/md_mod/parameters/start_dirty_degraded
    $MDCTL --assemble /dev/md2 --run /dev/vdh /dev/vdj || true
    echo 0 > /sys/module/md_mod/parameters/start_dirty_degraded
    out=$($MDTEST tag check /dev/md2 '$MIB' '$GEOM' $VM_SHARE/md2.st '$W' 2>&1) && crc=0 || crc=$?
    echo "control (plain raid5, started dirty and degraded):"; head -n 4 <<< "$out"; tail -n 1 <<< "$out"
    [ "$crc" = 1 ] || echo "note: no stripe update of the control was cut this time (mdtest tag check exit $crc)"

    echo "guest uptime $(cut -d" " -f1 /proc/uptime)s: adding role 1 back"
    for p in md0:vdb md1:vdf; do
        m=${p%:*} d=/dev/${p#*:}
        run $MDCTL --zero-superblock $d
        run $MDCTL /dev/$m --add $d
        md_wait_in_sync $m $d 200
        check_clean $m 200
        run $MDTEST tag check /dev/$m '$MIB' '$GEOM' $VM_SHARE/$m.st '$W'
    done
    ok "journal and PPL: no write hole after a power cut with a member left out; rebuilt, check clean"'
