#!/usr/bin/env bash
# --grow reshapes on the real kernel, each with the data verified before and
# after and a check pass finding no mismatch: raid1 2->3->2 devices, raid5
# 3->4->5, raid6 4->5, raid10 4->6 (near), raid5 chunk 64K->128K and a layout
# change, raid0->4->5->6->5->4->0, raid0->10->0, raid1->5->1->5 and 3
# devices, raid5 5->4 and raid10 6->4 after --array-size, --size=max after
# the loop devices grow (losetup -c), in-place raid5 growths with a backup
# file (1.0 metadata without room to move the data, and 0.90, whose data
# never moves; mdadm 4.6 assembles the result), a read-only pause and a
# frozen reshape resumed by --grow --continue and idle, and refusals that
# change nothing.
# timeout: 1200
. tests/vm/lib.sh
set_speed

# mk N MIB [create options...]: N new loop devices in DEVS, md0 created on them
mk() {
    local n=$1 mib=$2 i; shift 2
    DEVS=()
    for (( i = 0; i < n; i++ )); do DEVS+=("$(mkloop "$mib")"); done
    run $MDCTL --create /dev/md0 --assume-clean --run "$@" -n"$n" "${DEVS[@]}"
}
# reshaped MD: wait for the reshape to end, the array to be clean and whole
reshaped() {
    wait_idle /dev/md0 300
    assert_eq none "$(mdsys md0 reshape_position)" "reshape_position after the reshape"
    assert_eq 0 "$(mdsys md0 degraded)" "degraded after the reshape"
}
size_mib() { echo $(( $(blockdev --getsize64 /dev/md0) / 1048576 )); }
done_with() { run $MDCTL --stop /dev/md0; cleanup_all; ok "$1 [${SECONDS}s]"; }

# ---- raid1: 2 -> 3 -> 2 mirrors ----
mk 2 40 -l1
write_pattern /dev/md0 11 32
new=$(mkloop 40)
run $MDCTL --grow /dev/md0 --raid-devices=3 --add "$new"
reshaped
assert_eq 3 "$(mdsys md0 raid_disks)" "raid_disks"
expect_fail "--fail and --remove" $MDCTL --grow /dev/md0 -n2
run $MDCTL /dev/md0 --fail "${DEVS[0]}" --remove "${DEVS[0]}"
run $MDCTL --grow /dev/md0 -n2
assert_eq 2 "$(mdsys md0 raid_disks)" "raid_disks"
assert_eq 0 "$(mdsys md0 degraded)" "degraded"
verify_pattern /dev/md0 11 32
check_clean md0
done_with "raid1 2 -> 3 -> 2 mirrors"

# ---- raid5 3 -> 4 -> 5, raid6 4 -> 5, raid10 4 -> 6 ----
for spec in "5 3 4 5" "6 4 5" "10 4 6"; do
    set -- $spec
    level=$1 n=$2; shift 2
    mk "$n" 40 -l"$level"
    mib=$(size_mib)
    write_pattern /dev/md0 "2$level" "$mib"
    off0=$(mdsys md0 dev-${DEVS[0]#/dev/}/offset)
    steps=$n
    for to in "$@"; do
        adds=()
        for (( i = $(mdsys md0 raid_disks); i < to; i++ )); do adds+=(--add "$(mkloop 40)"); done
        run $MDCTL --grow /dev/md0 --raid-devices="$to" "${adds[@]}"
        steps+=" -> $to"
        assert_eq reshape "$(mdsys md0 sync_action)" "sync_action right after --grow"
        reshaped
        assert_eq "$to" "$(mdsys md0 raid_disks)" "raid_disks"
    done
    off1=$(mdsys md0 dev-${DEVS[0]#/dev/}/offset)
    [ "$off1" -lt "$off0" ] || fail "data offset did not move down ($off0 -> $off1)"
    [ "$(size_mib)" -gt "$mib" ] || fail "array did not grow ($mib MiB -> $(size_mib) MiB)"
    verify_pattern /dev/md0 "2$level" "$mib"
    check_clean md0
    run $MDCTL --examine "${DEVS[0]}" >/dev/null
    done_with "raid$level $steps devices, data offset $off0 -> $off1, $mib -> $(size_mib) MiB"
done

# ---- raid5 chunk 64K -> 128K, then the layout ----
mk 4 40 -l5 --chunk=64
write_pattern /dev/md0 31
run $MDCTL --grow /dev/md0 --chunk=128
reshaped
assert_eq $(( 128 * 1024 )) "$(mdsys md0 chunk_size)" "chunk_size"
run $MDCTL --grow /dev/md0 --layout=right-asymmetric
reshaped
assert_eq 1 "$(mdsys md0 layout)" "layout"
verify_pattern /dev/md0 31
check_clean md0
done_with "raid5 chunk 64K -> 128K, left-symmetric -> right-asymmetric"

# ---- raid0 -> raid4 -> raid5 -> raid6 -> raid5 -> raid4 -> raid0 ----
mk 2 40 -l0
write_pattern /dev/md0 41
sha0=$(dev_sha /dev/md0)
run $MDCTL --grow /dev/md0 --level=4 --add "$(mkloop 40)"
wait_idle /dev/md0 300
assert_eq raid4 "$(mdsys md0 level)" "level"
assert_eq 0 "$(mdsys md0 degraded)" "raid4 degraded after the rebuild"
check_clean md0
run $MDCTL --grow /dev/md0 --level=5
assert_eq raid5 "$(mdsys md0 level)" "level"
run $MDCTL --grow /dev/md0 --level=6 --add "$(mkloop 40)"
wait_idle /dev/md0 300
assert_eq raid6 "$(mdsys md0 level)" "level"
assert_eq 0 "$(mdsys md0 degraded)" "raid6 degraded after the rebuild"
check_clean md0
assert_eq "$sha0" "$(dev_sha /dev/md0)" "array contents as raid6"
run $MDCTL --grow /dev/md0 --level=5
assert_eq raid5 "$(mdsys md0 level)" "level"
run $MDCTL /dev/md0 --remove "$($MDCTL --detail /dev/md0 | awk '$NF ~ /^\/dev\// && /spare/ {print $NF}')"
run $MDCTL --grow /dev/md0 --level=4
assert_eq raid4 "$(mdsys md0 level)" "level"
check_clean md0
run $MDCTL --grow /dev/md0 --level=0
assert_eq raid0 "$(mdsys md0 level)" "level"
assert_eq 2 "$(mdsys md0 raid_disks)" "raid_disks"
assert_eq "$sha0" "$(dev_sha /dev/md0)" "array contents back as raid0"
verify_pattern /dev/md0 41
# the superblocks say raid0 too: it assembles as one
run $MDCTL --stop /dev/md0
run $MDCTL --assemble /dev/md0 "${DEVS[@]}"
assert_eq raid0 "$(mdsys md0 level)" "level after assembly"
verify_pattern /dev/md0 41
done_with "raid0 -> raid4 -> raid5 -> raid6 -> raid5 -> raid4 -> raid0, contents unchanged"

# ---- raid0 -> raid10 -> raid0 ----
mk 2 40 -l0
write_pattern /dev/md0 42
sha0=$(dev_sha /dev/md0)
run $MDCTL --grow /dev/md0 --level=10 --add "$(mkloop 40)" --add "$(mkloop 40)"
wait_idle /dev/md0 300
assert_eq raid10 "$(mdsys md0 level)" "level"
assert_eq 0 "$(mdsys md0 degraded)" "raid10 degraded after the rebuild"
check_clean md0
run $MDCTL --grow /dev/md0 --level=0
assert_eq raid0 "$(mdsys md0 level)" "level"
assert_eq "$sha0" "$(dev_sha /dev/md0)" "array contents back as raid0"
done_with "raid0 -> raid10 -> raid0, contents unchanged"

# ---- raid1 -> raid5, then 3 devices ----
mk 2 40 -l1
mib=$(size_mib)
write_pattern /dev/md0 51 "$mib"
run $MDCTL --grow /dev/md0 --level=5
assert_eq raid5 "$(mdsys md0 level)" "level"
run $MDCTL --grow /dev/md0 --level=1
assert_eq raid1 "$(mdsys md0 level)" "level"
verify_pattern /dev/md0 51 "$mib"
run $MDCTL --grow /dev/md0 --level=5 -n3 --add "$(mkloop 40)"
reshaped
verify_pattern /dev/md0 51 "$mib"
check_clean md0
done_with "raid1 -> raid5 -> raid1 -> raid5 and 3 devices in one command"

# ---- fewer devices: --array-size first, then the data moves up ----
# shrink LEVEL FROM TO MIB SEED [create options...]: FROM members of 32 MiB
# holding MIB of data, refused without --array-size, reshaped to TO after it
shrink() {
    local level=$1 from=$2 to=$3 mib=$4 seed=$5; shift 5
    mk "$from" 40 -l"$level" --size=32M "$@"
    write_pattern /dev/md0 "$seed" "$mib"
    expect_fail "--array-size" $MDCTL --grow /dev/md0 -n"$to"
    run $MDCTL --grow /dev/md0 --array-size="${mib}M"
    run $MDCTL --grow /dev/md0 -n"$to"
    reshaped
    assert_eq "$to" "$(mdsys md0 raid_disks)" "raid_disks"
    verify_pattern /dev/md0 "$seed" "$mib"
    check_clean md0
    done_with "raid$level $from -> $to devices after --array-size, backwards reshape"
}
shrink 5 5 4 96 61
shrink 10 6 4 64 62 --chunk=64

# ---- --size=max after the members grow ----
for level in 1 5; do
    mk 3 40 -l"$level"
    mib=$(size_mib)
    write_pattern /dev/md0 "7$level" "$mib"
    for d in "${DEVS[@]}"; do
        truncate -s 72M "$(losetup -nO BACK-FILE "$d")"
        losetup -c "$d"
    done
    run $MDCTL --grow /dev/md0 --size=max
    wait_idle /dev/md0 300
    [ "$(size_mib)" -gt $(( mib + 24 )) ] || fail "raid$level did not grow: $mib -> $(size_mib) MiB"
    verify_pattern /dev/md0 "7$level" "$mib"
    check_clean md0
    done_with "raid$level --size=max after losetup -c: $mib -> $(size_mib) MiB"
done

# ---- in place with a backup file (1.0 here: no room to move the data;
# 0.90: its data never moves, md.c super_90_allow_new_offset()) ----
# inplace META SEED: raid5 3 -> 4 refused without a backup file, nothing
# changed, then done with one; the data verifies
inplace() {
    mk 3 40 -l5 -e"$1"
    mib=$(size_mib)
    write_pattern /dev/md0 "$2" "$mib"
    new=$(mkloop 40)
    snapshot "$new" "${DEVS[@]}"
    expect_fail "backup-file" $MDCTL --grow /dev/md0 -n4 --add "$new"
    assert_unchanged "$new" "${DEVS[@]}"
    assert_not_contains "$(ls /sys/block/md0/md)" "dev-${new#/dev/}" "md members after the refusal"
    run $MDCTL --grow /dev/md0 -n4 --backup-file=$T/bk-md0 --add "$new"
    reshaped
    [ ! -e $T/bk-md0 ] || fail "backup file left after the critical section"
    verify_pattern /dev/md0 "$2" "$mib"
}
inplace 1.0 81
check_clean md0
done_with "raid5 -e1.0 3 -> 4 in place with a backup file"
inplace 0.90 82
run $MDCTL --stop /dev/md0
run "$MDADM46" -E "$new"
assert_contains "$OUT" "Raid Devices : 4" "mdadm 4.6 -E of the new member"
run "$MDADM46" --assemble /dev/md0 "${DEVS[@]}" "$new"
assert_eq 4 "$(mdsys md0 raid_disks)" "raid_disks of the grown 0.90 array assembled by mdadm 4.6"
verify_pattern /dev/md0 82 "$mib"
check_clean md0
done_with "raid5 -e0.90 3 -> 4 in place with a backup file; mdadm 4.6 assembles it"

# ---- read-only pause ----
mk 3 48 -l5
mib=$(size_mib)
write_pattern /dev/md0 91 "$mib"
set_speed 200 400
run $MDCTL --grow /dev/md0 -n4 --add "$(mkloop 48)"
wait_reshape_recorded md0
run $MDCTL --readonly /dev/md0
p1=$(mdsys md0 reshape_position)
sleep 3
p2=$(mdsys md0 reshape_position)
assert_eq "$p1" "$p2" "reshape_position while read-only"
[ "$p1" != none ] || fail "reshape finished before the pause"
set_speed
run $MDCTL --readwrite /dev/md0
reshaped
verify_pattern /dev/md0 91 "$mib"
check_clean md0
done_with "read-only pauses a reshape at $p1, read-write resumes it"

# ---- --action=frozen / idle and --grow --continue during a reshape ----
mk 3 48 -l5
mib=$(size_mib)
write_pattern /dev/md0 93 $(( mib - 1 ))
set_speed 200 400
run $MDCTL --grow /dev/md0 -n4 --add "$(mkloop 48)"
wait_reshape_recorded md0
run $MDCTL --action=frozen /dev/md0
assert_eq frozen "$(mdsys md0 sync_action)" "sync_action after --action=frozen"
p1=$(mdsys md0 reshape_position)
sleep 2
assert_eq "$p1" "$(mdsys md0 reshape_position)" "reshape_position while frozen"
# I/O goes on while the reshape is frozen, on both sides of it
timeout 60 bash -c ". tests/vm/lib.sh; write_pattern /dev/md0 94 1 $(( mib - 1 ))" ||
    fail "a write to a frozen reshaping array did not complete"
run $MDCTL --grow --continue /dev/md0
assert_eq reshape "$(mdsys md0 sync_action)" "sync_action after --grow --continue"
run $MDCTL --action=frozen /dev/md0
run $MDCTL --action=idle /dev/md0
for (( i = 0; i < 50; i++ )); do [ "$(mdsys md0 sync_action)" = reshape ] && break; sleep 0.2; done
assert_eq reshape "$(mdsys md0 sync_action)" "sync_action after --action=idle"
set_speed
reshaped
verify_pattern /dev/md0 93 $(( mib - 1 ))
verify_pattern /dev/md0 94 1 $(( mib - 1 ))
check_clean md0
done_with "frozen holds a reshape at $p1 with I/O going on; --grow --continue and idle resume it"

# ---- refusals change nothing ----
mk 3 40 -l5
small=$(mkloop 16) spare=$(mkloop 40)
write_pattern /dev/md0 95
# members' superblocks change when the array stops: compare what they hold
snapshot /dev/md0 "$small" "$spare"
expect_fail "cannot change raid5 to raid10" $MDCTL --grow /dev/md0 --level=10
expect_fail "exactly 2 devices" $MDCTL --grow /dev/md0 --level=1
expect_fail "parity-last" $MDCTL --grow /dev/md0 --level=0
expect_fail "needs 1 spare" $MDCTL --grow /dev/md0 -n4
expect_fail "too small" $MDCTL --grow /dev/md0 -n4 --add "$small"
expect_fail "too small" $MDCTL --grow /dev/md0 --level=6 --add "$small"
assert_eq raid5 "$(mdsys md0 level)" "level after a refused --level=6"
expect_fail "too small" $MDCTL --grow /dev/md0 -n4 --add "$spare" --add "$small"
expect_fail "reduce it with --array-size" $MDCTL --grow /dev/md0 -n2
expect_fail "would cut" $MDCTL --grow /dev/md0 --size=8M
expect_fail "has room for" $MDCTL --grow /dev/md0 --size=60M
expect_fail "take no devices" $MDCTL --grow /dev/md0 --size=max "$spare"
expect_fail "power of two" $MDCTL --grow /dev/md0 --chunk=96
expect_fail "not a raid5 layout" $MDCTL --grow /dev/md0 --layout=far2
expect_fail "two --grow steps" $MDCTL --grow /dev/md0 -n4 --size=max
assert_eq 3 "$(mdsys md0 raid_disks)" "raid_disks after the refusals"
assert_eq idle "$(mdsys md0 sync_action)" "sync_action after the refusals"
assert_not_contains "$(ls /sys/block/md0/md)" "dev-${small#/dev/}" "md members after the refusals"
assert_not_contains "$(ls /sys/block/md0/md)" "dev-${spare#/dev/}" "md members after the refusals"
assert_unchanged /dev/md0 "$small" "$spare"
run $MDCTL --stop /dev/md0
cleanup_all
mk 4 40 -l10
write_pattern /dev/md0 96
snapshot /dev/md0
geometry="$(mdsys md0 layout) $(mdsys md0 chunk_size)"
expect_fail "not supported" $MDCTL --grow /dev/md0 --layout=o2
expect_fail "not supported" $MDCTL --grow /dev/md0 --chunk=1024
assert_eq "$geometry" "$(mdsys md0 layout) $(mdsys md0 chunk_size)" "raid10 layout and chunk after the refusals"
assert_eq idle "$(mdsys md0 sync_action)" "sync_action after the raid10 refusals"
assert_unchanged /dev/md0
run $MDCTL --stop /dev/md0
cleanup_all
# the backup file may not live on the array it protects
mk 3 40 -l5 -e1.0
mkfs.ext4 -q /dev/md0
mkdir -p "$T/mnt"
mount /dev/md0 "$T/mnt"
new=$(mkloop 40)
snapshot "$new"
expect_fail "which this reshape rewrites" $MDCTL --grow /dev/md0 -n4 --backup-file="$T/mnt/bk" --add "$new"
assert_unchanged "$new"
umount "$T/mnt"
cleanup_all
ok "refusals (level, spares, size, chunk, layout, backup file on the array) change nothing [${SECONDS}s]"
