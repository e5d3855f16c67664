#!/usr/bin/env bash
# The internal (classic, version 4) write-intent bitmap created by mdctl:
# --bitmap-chunk and --delay reach the kernel and -X; writes while a raid1
# member is out leave dirty bits on the survivor, and re-adding the member
# recovers only those chunks, where an array without a bitmap needs a full
# recovery; --write-behind with a --write-mostly member.
# timeout: 240
. tests/vm/lib.sh

set_speed
SYS=/sys/block/md0/md

x_dirty() {  # MEMBER: set DIRTY and BITS from -X's "Bitmap : N bits (chunks), M dirty"
    local l
    XOUT=$($MDCTL -X "$1" 2>&1) || fail "-X $1: $XOUT"
    l=$(x_field "$XOUT" Bitmap) || fail "-X $1 has no Bitmap line:"$'\n'"$XOUT"
    [[ $l =~ ^([0-9]+)\ bits\ \(chunks\),\ ([0-9]+)\ dirty ]] || fail "-X $1: Bitmap line '$l'"
    BITS=${BASH_REMATCH[1]} DIRTY=${BASH_REMATCH[2]}
}

# wait_x_clean MEMBER: the bitmap daemon clears the on-disk bits a few
# daemon periods after the last write.
wait_x_clean() {
    local i
    for (( i = 0; i < 60; i++ )); do
        x_dirty "$1"
        [ "$DIRTY" = 0 ] && return 0
        sleep 0.5
    done
    fail "-X $1 still shows $DIRTY dirty bits"
}

# ---- --bitmap-chunk, --delay; fail, write, re-add: bitmap-based recovery ----
a=$(mkloop 128) b=$(mkloop 128)
run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=internal --bitmap-chunk=1M --delay=2 --assume-clean --run "$a" "$b"
assert_eq "none [bitmap] llbitmap" "$(mdsys md0 bitmap_type)" "md/bitmap_type"
assert_eq 1048576 "$(cat $SYS/bitmap/chunksize)" "md/bitmap/chunksize"
assert_eq 2 "$(cat $SYS/bitmap/time_base)" "md/bitmap/time_base (--delay)"
assert_contains "$(cat /proc/mdstat)" "1024KB chunk" "mdstat"
x_dirty "$a"
assert_eq "1 MB" "$(x_field "$XOUT" Chunksize)" "-X Chunksize"
assert_eq "2s flush period" "$(x_field "$XOUT" Daemon)" "-X Daemon"
assert_eq "Normal" "$(x_field "$XOUT" "Write Mode")" "-X Write Mode"
size=$(blockdev --getsz /dev/md0)
assert_eq $(( (size + 2047) / 2048 )) "$BITS" "-X bits for $size sectors in 1 MiB chunks"
ok "--bitmap-chunk=1M --delay=2: kernel, mdstat and -X agree ($BITS bits)"

write_pattern /dev/md0 1 4 0
wait_x_clean "$a"
md_fail_detach md0 "$b"
write_pattern /dev/md0 2 4 40
x_dirty "$a"
echo "degraded after 4 MiB at 40 MiB: -X $a: $(x_field "$XOUT" Bitmap)"
[ "$DIRTY" -ge 4 ] && [ "$DIRTY" -le 8 ] || fail "expected 4-8 dirty 1 MiB chunks on $a, got $DIRTY"
dev_rw "$b"; w0=$WR
echo re-add > "$SYS/dev-${b#/dev/}/state"
md_wait_in_sync md0 "$b"
dev_rw "$b"; w=$(( WR - w0 ))
echo "re-add recovery wrote $w sectors to $b; array size $size sectors; $DIRTY dirty chunks of 2048 sectors"
[ "$w" -ge 8192 ] || fail "re-add wrote only $w sectors, less than the 4 MiB written while degraded"
[ "$w" -le $(( DIRTY * 2048 + 1024 )) ] || fail "re-add wrote $w sectors, more than the $DIRTY dirty chunks"
verify_pattern /dev/md0 1 4 0
verify_pattern /dev/md0 2 4 40
check_clean md0
ok "internal bitmap re-add recovered $w of $size sectors ($(( w * 1000 / size ))‰) [${SECONDS}s]"
run $MDCTL --stop /dev/md0
run $MDCTL --assemble /dev/md0 "$a" "$b"
assert_eq "none [bitmap] llbitmap" "$(mdsys md0 bitmap_type)" "md/bitmap_type after assembly"
assert_eq 1048576 "$(cat $SYS/bitmap/chunksize)" "md/bitmap/chunksize after assembly"
verify_pattern /dev/md0 2 4 40
run $MDCTL --stop /dev/md0
cleanup_all

# ---- contrast: without a bitmap the member comes back by a full recovery ----
# (A sysfs "re-add" into its old slot is no way to do it: raid1_add_disk()
# then skips the recovery entirely, bitmap or not. The member is removed,
# wiped and added as a new device, as a tool must do without a bitmap.)
a=$(mkloop 48) b=$(mkloop 48)
run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=none --assume-clean --run "$a" "$b"
assert_eq "[none] bitmap llbitmap" "$(mdsys md0 bitmap_type)" "md/bitmap_type"
write_pattern /dev/md0 1 4 0
md_fail_detach md0 "$b"
write_pattern /dev/md0 2 4 40
echo remove > "$SYS/dev-${b#/dev/}/state"
run $MDADM46 --zero-superblock "$b"
dev_rw "$b"; w0=$WR
run $MDADM46 /dev/md0 --add "$b"
md_wait_in_sync md0 "$b" 180
dev_rw "$b"; w=$(( WR - w0 ))
size=$(blockdev --getsz /dev/md0)
echo "recovery without a bitmap wrote $w sectors to $b; array size $size sectors"
[ "$w" -ge "$size" ] || fail "recovery without a bitmap wrote only $w of $size sectors"
verify_pattern /dev/md0 2 4 40
check_clean md0
ok "no bitmap: full recovery, $w of $size sectors [${SECONDS}s]"
run $MDCTL --stop /dev/md0
cleanup_all

# ---- --write-behind with a --write-mostly member ----
a=$(mkloop 40) b=$(mkloop 40)
run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=internal --write-behind=100 --assume-clean --run "$a" --write-mostly "$b"
for pass in create assemble; do
    assert_eq in_sync "$(cat "$SYS/dev-${a#/dev/}/state")" "state of $a ($pass)"
    assert_eq in_sync,write_mostly "$(cat "$SYS/dev-${b#/dev/}/state")" "state of $b ($pass)"
    assert_eq 100 "$(cat $SYS/bitmap/backlog)" "md/bitmap/backlog ($pass)"
    assert_contains "$(cat /proc/mdstat)" "${b#/dev/}[1](W)" "mdstat ($pass)"
    OUT=$($MDADM46 --detail /dev/md0) || fail "mdadm 4.6 --detail: $OUT"
    assert_contains "$OUT" "active sync writemostly   $b" "mdadm 4.6 --detail ($pass)"
    x_dirty "$a"
    assert_eq "Allow write behind, max 100" "$(x_field "$XOUT" "Write Mode")" "-X Write Mode ($pass)"
    write_pattern /dev/md0 3 4 4
    verify_pattern /dev/md0 3 4 4
    check_clean md0
    run $MDCTL --stop /dev/md0
    [ $pass = assemble ] || run $MDCTL --assemble /dev/md0 "$a" "$b"
done
ok "--write-behind=100 with a --write-mostly member, kept across assembly [${SECONDS}s]"
