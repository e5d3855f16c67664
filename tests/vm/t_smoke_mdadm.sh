#!/usr/bin/env bash
# Smoke test of the VM itself: mdadm 4.6 creates, shows and stops a raid1 on
# two loop devices, proving the kernel's md and the peer both work.
# timeout: 120
. tests/vm/lib.sh
case $MDCTL in *-san) skip "peer-only test, runs in the plain suite" ;; esac

smoke() { # MDADM
    local a b st
    a=$(mkloop 64); b=$(mkloop 64)
    run "$1" --create /dev/md0 --level=1 --raid-devices=2 --assume-clean --run "$a" "$b"
    st=$(cat /proc/mdstat)
    assert_contains "$st" "md0 : active raid1 ${b#/dev/}[1] ${a#/dev/}[0]" /proc/mdstat
    assert_contains "$st" "[2/2] [UU]" /proc/mdstat
    assert_eq clean "$(mdsys /dev/md0 array_state)" array_state
    write_pattern /dev/md0 7 8
    verify_pattern /dev/md0 7 8
    run "$1" --detail /dev/md0
    assert_contains "$OUT" "Raid Level : raid1"
    run "$1" --stop /dev/md0
    if grep -q '^md0' /proc/mdstat; then fail "md0 still in /proc/mdstat"; fi
    # Both mirrors hold the data, after the 1.2 superblock's data offset.
    run "$1" --examine "$a"
    assert_contains "$OUT" "Raid Level : raid1"
}
smoke "$MDADM46"
ok "mdadm 4.6 raid1 create/stop"
