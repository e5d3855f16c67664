#!/usr/bin/env bash
# --grow --bitmap on running arrays (1.2 and 1.0 metadata): none -> internal
# -> none -> llbitmap -> internal -> llbitmap -> none, data intact at each
# step, the kernel using the bitmap asked for, and the choice surviving a stop
# and assembly. llbitmap needs a restart: refused while the array is open,
# which leaves it running as it was; a degraded array is refused.
# timeout: 400
. tests/vm/lib.sh
SYS=/sys/block/md0/md
# The kernel log since this test began (other tests' arrays log too: mdadm
# 4.6's own 0.90 create with a bitmap says "bitmap file is out of date").
# Everything, should the mark have left the ring buffer.
echo "mdctl-test: t_grow_bitmap starts" > /dev/kmsg
klog() { dmesg | awk '/mdctl-test: t_grow_bitmap starts/ { buf = ""; next } { buf = buf $0 "\n" } END { printf "%s", buf }'; }

uses() {  # none|internal|llbitmap: what the running md0 has
    case $1 in
    llbitmap) assert_eq "none bitmap [llbitmap]" "$(mdsys md0 bitmap_type)" "bitmap_type" ;;
    internal) assert_eq "none [bitmap] llbitmap" "$(mdsys md0 bitmap_type)" "bitmap_type"
              assert_contains "$(grep -A3 '^md0 ' /proc/mdstat)" "bitmap:" "mdstat" ;;
    none)     assert_eq "[none] bitmap llbitmap" "$(mdsys md0 bitmap_type)" "bitmap_type"
              assert_not_contains "$(grep -A3 '^md0 ' /proc/mdstat)" "bitmap:" "mdstat" ;;
    esac
}

for meta in 1.2 1.0; do
    a=$(mkloop 64) b=$(mkloop 64)
    run $MDCTL --create /dev/md0 -l1 -n2 -e $meta --assume-clean --run "$a" "$b"
    write_pattern /dev/md0 4 16
    for bm in internal none llbitmap internal llbitmap none llbitmap; do
        run $MDCTL --grow /dev/md0 --bitmap=$bm
        uses $bm
        write_pattern /dev/md0 5 2 40
        verify_pattern /dev/md0 4 16
        assert_eq "" "$(klog | grep 'out of date' || true)" "no bitmap older than the array after --bitmap=$bm"
    done
    run $MDCTL --stop /dev/md0
    run $MDCTL -X "$a"
    assert_contains "$OUT" "6 (llbitmap)" "-X after the last switch"
    run $MDCTL --assemble /dev/md0 "$a" "$b"
    uses llbitmap
    verify_pattern /dev/md0 5 2 40
    check_clean /dev/md0
    run $MDCTL --stop /dev/md0
    cleanup_all
    ok "$meta: bitmap switched seven times, data intact, kept across assembly [${SECONDS}s]"
done

# ---- refusals leave the array running as it was ----
a=$(mkloop 64) b=$(mkloop 64)
run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=internal --assume-clean --run "$a" "$b"
exec 3< /dev/md0    # someone has it open
expect_fail "in use" $MDCTL --grow /dev/md0 --bitmap=llbitmap
exec 3<&-
uses internal
assert_eq clean "$(mdsys md0 array_state)" "array_state after the refusal"
expect_fail "unknown bitmap" $MDCTL --grow /dev/md0 --bitmap=bogus
expect_fail "--bitmap-chunk" $MDCTL --grow /dev/md0 --bitmap=llbitmap --bitmap-chunk=1M
echo faulty > $SYS/dev-${b#/dev/}/state
expect_fail "degraded" $MDCTL --grow /dev/md0 --bitmap=llbitmap
uses internal
run $MDCTL --grow /dev/md0 --bitmap=none    # removing works degraded too
uses none
run $MDCTL --stop /dev/md0
ok "in use, degraded and bad options refused; array unchanged [${SECONDS}s]"
cleanup_all

# ---- a bitmap added while the array is written to is not stale ----
# Each write makes the array dirty and 200 ms later clean again, moving its
# events: the header must not fall behind them before the kernel reads it.
a=$(mkloop 64) b=$(mkloop 64)
run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=none --assume-clean --run "$a" "$b"
( while :; do dd if=/dev/zero of=/dev/md0 bs=4k count=1 seek=$((RANDOM % 1000)) oflag=direct status=none
              sleep 0.$((RANDOM % 4)); done ) &
writer=$!
for i in 1 2 3 4; do
    run $MDCTL --grow /dev/md0 --bitmap=internal
    uses internal
    run $MDCTL --grow /dev/md0 --bitmap=none
done
kill $writer; wait $writer 2>/dev/null || true
assert_eq "" "$(klog | grep 'out of date' || true)" "no stale bitmap under writes"
run $MDCTL --stop /dev/md0
ok "bitmap added four times under writes, never stale [${SECONDS}s]"
