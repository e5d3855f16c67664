#!/usr/bin/env bash
# A reshape moves between mdctl and mdadm 4.6 in both directions: a raid5
# 3 -> 4 reshape (data offset moved, no backup file) started by one tool and
# stopped in the middle is assembled by the other, which finishes it; the data
# verifies and a check finds no mismatch. While it runs, --detail equals
# mdadm's; while it is stopped, --examine of every member does.
# timeout: 600
. tests/vm/lib.sh

nfail=0
same() { same_as_mdadm "$@" || nfail=$((nfail + 1)); }

# handover FROM TO SEED: FROM creates and starts the reshape, TO finishes it
handover() {
    local from=$1 to=$2 seed=$3 devs=() new mib d i
    for (( i = 0; i < 3; i++ )); do devs+=("$(mkloop 48)"); done
    new=$(mkloop 48)
    set_speed
    run "$from" --create /dev/md0 --assume-clean --run -l5 -n3 "${devs[@]}"
    mib=$(( $(blockdev --getsize64 /dev/md0) / 1048576 ))
    write_pattern /dev/md0 "$seed" "$mib"
    set_speed 200 400
    run "$from" --grow /dev/md0 -n4 --add "$new"
    wait_reshape_recorded md0
    same "detail during the reshape" -D /dev/md0
    run "$to" --stop /dev/md0
    for d in "${devs[@]}" "$new"; do
        same "examine $d of the stopped reshape" -E "$d"
    done
    run "$to" --assemble /dev/md0 "${devs[@]}" "$new"
    assert_eq reshape "$(mdsys md0 sync_action)" "sync_action after ${to##*/} --assemble"
    set_speed
    wait_idle /dev/md0 300
    assert_eq none "$(mdsys md0 reshape_position)" "reshape_position after the reshape"
    assert_eq 4 "$(mdsys md0 raid_disks)" "raid_disks after the reshape"
    verify_pattern /dev/md0 "$seed" "$mib"
    check_clean md0
    run "$to" --stop /dev/md0
    cleanup_all
    ok "raid5 3 -> 4 started by ${from##*/}, finished by ${to##*/}: data intact, check clean"
}

handover "$MDCTL" "$MDADM46" 71
handover "$MDADM46" "$MDCTL" 72

[ "$nfail" = 0 ] || fail "$nfail outputs differ from mdadm 4.6"
ok "reshape handed over both ways"
