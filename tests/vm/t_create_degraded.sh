#!/usr/bin/env bash
# raid4/5 --create without --assume-clean, compared with mdadm 4.6 on fresh
# devices: the array starts degraded and recovers its last member (a spare in
# the superblocks until the kernel takes it in) instead of a parity resync;
# --force keeps the resync; a member list with "missing" stays degraded.
# Compared: sync_action, degraded, and every member's superblock (mdadm -E,
# normalised) while recovery runs; afterwards the array is clean, mdadm
# assembles mdctl's, and a check finds no mismatch.
. tests/vm/lib.sh

# mdadm -E without what differs between any two arrays (UUIDs, names, times,
# checksums, event counts, the recovery's progress, the device's name)
norm_e() {
    "$MDADM46" -E "$1" 2>&1 | sed -E \
        -e '/^ *(Array UUID|Device UUID|Name|Creation Time|Update Time|Checksum|Events) :/d' \
        -e 's/^( *Recovery Offset :) .*/\1 N/' -e 's|^/dev/loop[0-9]+:|DEV:|'
}
state() {  # MD -> "sync_action degraded"
    echo "$(mdsys "$1" sync_action) $(mdsys "$1" degraded)"
}
# create_both NAME ARGS... (devices: DEVS_A for mdadm, DEVS_B for mdctl);
# compares state and superblocks, leaves md0 (mdadm) and md1 (mdctl) running
create_both() {
    local what=$1 i; shift
    run "$MDADM46" --create /dev/md0 --run "$@" "${DEVS_A[@]}"
    run "$MDCTL" --create /dev/md1 --run "$@" "${DEVS_B[@]}"
    SA=$(state md0) SB=$(state md1)
    assert_eq "$SA" "$SB" "$what: sync_action and degraded (mdadm / mdctl)"
    for i in "${!DEVS_A[@]}"; do
        local ea eb
        [ "${DEVS_A[i]}" != missing ] || continue
        ea=$(norm_e "${DEVS_A[i]}") eb=$(norm_e "${DEVS_B[i]}")
        [ "$ea" = "$eb" ] || { diff <(echo "$ea") <(echo "$eb") || true; fail "$what: member $i superblock differs"; }
    done
}
stop_both() { run "$MDADM46" --stop /dev/md0; run "$MDCTL" --stop /dev/md1; }

mk() {  # N -> DEVS_A, DEVS_B: N fresh 32 MiB members each
    local i
    DEVS_A=() DEVS_B=()
    for (( i = 0; i < $1; i++ )); do DEVS_A+=("$(mkloop 32)"); DEVS_B+=("$(mkloop 32)"); done
}

# ---- raid5: degraded start, the last member recovers ----
set_speed 1000 1000   # keep the recovery running while it is compared
mk 3
create_both "raid5" -l5 -n3
assert_eq "recover 1" "$SB" "raid5 create: recovering onto the last member"
ok "raid5: recovery onto the last member, superblocks as mdadm's [${SECONDS}s]"
set_speed
wait_idle /dev/md1 120
assert_eq "idle 0" "$(state md1)" "raid5 after recovery"
assert_eq clean "$(mdsys md1 array_state)" "raid5 array_state after recovery"
check_clean /dev/md1 120
wait_idle /dev/md0 120
stop_both
# mdadm takes mdctl's array as its own
run "$MDADM46" --assemble /dev/md1 "${DEVS_B[@]}"
assert_eq "idle 0" "$(state md1)" "mdadm assembles mdctl's recovered raid5"
run "$MDADM46" --stop /dev/md1
ok "raid5: recovered, clean, checked, assembled by mdadm [${SECONDS}s]"

# ---- raid5 --force: a full parity resync, nothing degraded ----
cleanup_all
set_speed 1000 1000
mk 3
create_both "raid5 --force" -l5 -n3 --force
assert_eq "resync 0" "$SB" "raid5 --force create"
stop_both
ok "raid5 --force: parity resync as mdadm [${SECONDS}s]"

# ---- a member list with "missing": raid5 stays degraded (no spare to
# spend), raid6 with one missing recovers its last present member as mdadm
# does; both are recorded clean (raid5.c starts no dirty degraded array) ----
cleanup_all
set_speed 1000 1000
DEVS_A=("$(mkloop 32)" "$(mkloop 32)" missing) DEVS_B=("$(mkloop 32)" "$(mkloop 32)" missing)
create_both "raid5 with missing" -l5 -n3
assert_eq "idle 1" "$SB" "raid5 with missing"
stop_both
DEVS_A=("$(mkloop 32)" "$(mkloop 32)" "$(mkloop 32)" missing) DEVS_B=("$(mkloop 32)" "$(mkloop 32)" "$(mkloop 32)" missing)
create_both "raid6 with missing" -l6 -n4
assert_eq "recover 2" "$SB" "raid6 with one missing"
stop_both
ok "raid5 and raid6 with missing members as mdadm [${SECONDS}s]"

# ---- raid4 with a spare: the last member recovers, the spare stays one ----
cleanup_all
set_speed 1000 1000
mk 4
create_both "raid4 -x1" -l4 -n3 -x1
assert_eq "recover 1" "$SB" "raid4 create"
stop_both
ok "raid4 with a spare: recovery onto the last member, as mdadm [${SECONDS}s]"
