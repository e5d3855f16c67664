#!/usr/bin/env bash
# Manage mode on running arrays: --fail, --remove (also "failed"), --add,
# --add-spare, --re-add, --replace --with, --write-mostly, --readonly and
# --readwrite. Every level with redundancy loses a member under a write load,
# gets a new one and recovers; data and a check pass verify it. A re-add with
# a bitmap recovers only what changed; refusals change nothing.
# timeout: 600
. tests/vm/lib.sh
set_speed
SYS=/sys/block/md0/md

written() {  # DEV -> sectors written to it so far (/sys/block/X/stat field 7)
    local f
    read -r -a f < "/sys/block/${1#/dev/}/stat"
    echo "${f[6]}"
}

# ---- fail, remove, add under writes: raid1, raid5, raid6, raid10 ----
for spec in "1 2" "5 3" "6 4" "10 4"; do
    set -- $spec
    level=$1 n=$2 devs=()
    for (( i = 0; i < n; i++ )); do devs+=("$(mkloop 48)"); done
    new=$(mkloop 48)
    run $MDCTL --create /dev/md0 -l"$level" -n"$n" --assume-clean --run "${devs[@]}"
    write_pattern /dev/md0 "$level" 16
    # a writer elsewhere on the array while the member goes and comes
    dd if=/dev/urandom of=/dev/md0 bs=64K seek=320 count=160 oflag=direct status=none &
    writer=$!
    victim=${devs[1]}
    run $MDCTL /dev/md0 --fail "$victim" --remove "$victim"
    assert_not_contains "$(ls $SYS)" "dev-${victim#/dev/}" "md members after --remove"
    run $MDCTL /dev/md0 --add "$new"
    wait "$writer"
    wait_idle /dev/md0 180
    assert_eq 0 "$(mdsys md0 degraded)" "raid$level degraded after recovery"
    verify_pattern /dev/md0 "$level" 16
    check_clean /dev/md0 180
    run $MDCTL --stop /dev/md0
    cleanup_all
    ok "raid$level: fail, remove, add under writes, recovered and checked [${SECONDS}s]"
done

# ---- refusals: nothing changes ----
a=$(mkloop 48) b=$(mkloop 48) small=$(mkloop 16) other1=$(mkloop 48) other2=$(mkloop 48)
run $MDCTL --create /dev/md0 -l1 -n2 --assume-clean --run "$a" "$b"
run $MDCTL --create /dev/md1 -l1 -n2 --assume-clean --run "$other1" "$other2"
expect_fail "active member" $MDCTL /dev/md0 --remove "$b"
expect_fail "too small" $MDCTL /dev/md0 --add "$small"
expect_fail "not a former member" $MDCTL /dev/md0 --re-add "$small"
expect_fail "" $MDCTL /dev/md0 --add "$other1"          # a member of md1
expect_fail "not a member" $MDCTL /dev/md0 --fail "$other1"
run $MDCTL /dev/md0 --fail "$a"
expect_fail "no redundancy left" $MDCTL /dev/md0 --fail "$b"
assert_eq clean "$(mdsys md0 array_state)" "array_state after refused --fail"
assert_contains "$(mdsys md0 dev-${b#/dev/}/state)" "in_sync" "the last member"
run $MDCTL /dev/md0 --remove failed
assert_not_contains "$(ls $SYS)" "dev-${a#/dev/}" "after --remove failed"
run $MDCTL --stop /dev/md0
run $MDCTL --stop /dev/md1
cleanup_all
ok "refusals explained, array untouched [${SECONDS}s]"

# ---- re-add: with a bitmap only the changes, without one refused ----
# llbitmap marks all 512 chunks that share a 512-byte block of state bytes
# dirty once two of them are (md-llbitmap.c llbitmap_infect_dirty_bits()):
# 32 MiB at its 64 KiB chunks, hence members of 256 MiB.
for bm in internal llbitmap none; do
    a=$(mkloop 256) b=$(mkloop 256)
    opt=; [ $bm = internal ] && opt=--bitmap-chunk=1M   # default: 64 MiB, half this array
    run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=$bm $opt --assume-clean --run "$a" "$b"
    write_pattern /dev/md0 7 8
    run $MDCTL /dev/md0 --fail "$b" --remove "$b"
    write_pattern /dev/md0 8 4 64
    w0=$(written "$b")
    if [ "$bm" = none ]; then
        expect_fail "refused to re-add" $MDCTL /dev/md0 --re-add "$b"
        run $MDCTL /dev/md0 --add "$b"
    else
        run $MDCTL /dev/md0 --re-add "$b"
    fi
    wait_idle /dev/md0 180
    rec=$(( $(written "$b") - w0 )) size=$(blockdev --getsz /dev/md0)
    echo "$bm: re-added member got $rec sectors written, array is $size sectors"
    if [ "$bm" = none ]; then
        [ "$rec" -ge $(( size * 9 / 10 )) ] || fail "--add without a bitmap wrote only $rec of $size"
    else
        [ "$rec" -lt $(( size / 4 )) ] || fail "$bm re-add wrote $rec of $size sectors"
    fi
    verify_pattern /dev/md0 7 8
    verify_pattern /dev/md0 8 4 64
    check_clean /dev/md0
    run $MDCTL --stop /dev/md0
    cleanup_all
    ok "re-add with bitmap $bm: $rec of $size sectors recovered [${SECONDS}s]"
done

# ---- replace while writing; member flags; read-only and back ----
a=$(mkloop 64) b=$(mkloop 64) c=$(mkloop 64)
run $MDCTL --create /dev/md0 -l1 -n2 --assume-clean --run "$a" "$b"
write_pattern /dev/md0 9 16
dd if=/dev/urandom of=/dev/md0 bs=64K seek=400 count=160 oflag=direct status=none &
writer=$!
run $MDCTL /dev/md0 --replace "$b" --with "$c"
wait "$writer"
wait_idle /dev/md0 120
assert_contains "$(mdsys md0 dev-${b#/dev/}/state)" "faulty" "replaced member"
assert_contains "$(mdsys md0 dev-${c#/dev/}/state)" "in_sync" "replacement"
verify_pattern /dev/md0 9 16
run $MDCTL /dev/md0 --write-mostly "$a"
assert_contains "$(mdsys md0 dev-${a#/dev/}/state)" "write_mostly" "--write-mostly"
run $MDCTL /dev/md0 --readwrite "$a"
assert_not_contains "$(mdsys md0 dev-${a#/dev/}/state)" "write_mostly" "--readwrite on a member"
run $MDCTL /dev/md0 --readonly
assert_eq readonly "$(mdsys md0 array_state)" "after --readonly"
run $MDCTL /dev/md0 --readwrite
assert_eq clean "$(mdsys md0 array_state)" "after --readwrite"
run $MDCTL --stop /dev/md0
ok "replace under writes, member flags, read-only and back [${SECONDS}s]"
cleanup_all

# ---- --action and --wait: a progress bar on a terminal, silence otherwise ----
a=$(mkloop 64) b=$(mkloop 64)
set_speed 20000 20000   # a resync of a few seconds
run $MDCTL --create /dev/md0 -l1 -n2 --run "$a" "$b"
out=$(script -qc "$MDCTL --wait /dev/md0" /dev/null)
assert_contains "$out" "/dev/md0: resync [" "--wait on a terminal"
assert_eq idle "$(mdsys md0 sync_action)" "after --wait"
run $MDCTL --action=check /dev/md0
run $MDCTL --wait /dev/md0
assert_eq "" "$OUT" "--wait without a terminal prints nothing"
assert_eq idle "$(mdsys md0 sync_action)" "after --action=check and --wait"
assert_eq 0 "$(mdsys md0 mismatch_cnt)" "mismatch_cnt after the check"
expect_fail "unknown --action" $MDCTL --action=bogus /dev/md0
set_speed
ok "--action=check, --wait with a bar on a terminal [${SECONDS}s]"
