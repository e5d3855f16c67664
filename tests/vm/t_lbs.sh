#!/usr/bin/env bash
# --logical-block-size: an array created by mdctl with 4096 on 512-byte loop
# members has 4096-byte logical blocks in the kernel (md/logical_block_size,
# queue/logical_block_size, 512-byte direct I/O refused) after create and after
# stop + assemble, and --examine shows it; also with an llbitmap, whose state
# the kernel then writes in 4 KiB blocks. Sizes that are no power of two in
# 512..65536, smaller than a member's own logical block size, or above 4096
# with an llbitmap are refused with one line and the members untouched.
# 8192..65536 with an internal or no bitmap: the kernel (4 KiB pages) refuses
# them; mdctl must fail cleanly and leave the members as they were.
# timeout: 180
. tests/vm/lib.sh

SYS=/sys/block/md0/md
problems=()   # checked to the end, so one problem does not hide the others

one_line_fail() {  # MSG CMD...: expect_fail, and the error is one line
    expect_fail "$@"
    [[ $OUT != *$'\n'* ]] || fail "'${*:2}': more than one line of error:"$'\n'"$OUT"
}

lbs_is() {  # N WHEN: md0 uses N-byte logical blocks
    assert_eq "$1" "$(cat $SYS/logical_block_size)" "md/logical_block_size $2"
    assert_eq "$1" "$(cat /sys/block/md0/queue/logical_block_size)" "queue/logical_block_size $2"
    if dd if=/dev/zero of=/dev/md0 bs=512 count=1 seek=1 oflag=direct status=none 2>/dev/null; then
        fail "a 512-byte direct write to md0 succeeded $2"
    fi
}

# ---- 4096 on 512-byte members ----
a=$(mkloop 40) b=$(mkloop 40)
assert_eq 512 "$(blockdev --getss "$a")" "loop member sector size"
run $MDCTL --create /dev/md0 -l1 -n2 --logical-block-size=4096 --assume-clean --run "$a" "$b"
lbs_is 4096 "after create"
for d in "$a" "$b"; do
    run $MDCTL --examine "$d"
    assert_eq 4096 "$(x_field "$OUT" "Logical Block Size")" "--examine of $d"
done
write_pattern /dev/md0 5 4 4
run $MDCTL --stop /dev/md0
run $MDCTL --assemble /dev/md0 "$a" "$b"
lbs_is 4096 "after assembly"
verify_pattern /dev/md0 5 4 4
run $MDCTL --stop /dev/md0
cleanup_all
ok "--logical-block-size=4096: kernel, --examine and reassembly agree [${SECONDS}s]"

# ---- refused: not a power of two in 512..65536, llbitmap above 4096 ----
a=$(mkloop 8) b=$(mkloop 8)
snapshot "$a" "$b"
for l in 1000 256 131072; do
    one_line_fail "logical block size" $MDCTL --create /dev/md0 -l1 -n2 --logical-block-size=$l --run "$a" "$b"
done
one_line_fail "logical block size" $MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --logical-block-size=8192 --run "$a" "$b"
assert_unchanged "$a" "$b"
ok "invalid sizes and llbitmap with 8192 refused, members unchanged [${SECONDS}s]"

# ---- refused: smaller than a member's own logical block size ----
truncate -s 8M "$T/img/big4k"
c=$(losetup -b 4096 -f --show "$T/img/big4k")
assert_eq 4096 "$(blockdev --getss "$c")" "sector size of the 4 KiB loop"
snapshot "$c"
for l in 512 1024; do
    one_line_fail "logical block size" $MDCTL --create /dev/md0 -l1 -n2 --logical-block-size=$l --run "$c" "$a"
done
# llbitmap on a member with 4 KiB blocks: the array would get 4 KiB blocks,
# which corrupt the llbitmap header on Linux 7.2 (see below)
one_line_fail "llbitmap needs a logical block size of at most 1024" \
    $MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --run "$c" "$a"
assert_unchanged "$a" "$c"
ok "a size below a member's 4096-byte blocks, and llbitmap on it, refused, members unchanged [${SECONDS}s]"
cleanup_all

# ---- above the page size, with an internal or no bitmap ----
# Members are restored (their backing files emptied) after each attempt that
# changed them, so every attempt starts from blank members.
a=$(mkloop 8) b=$(mkloop 8)
snapshot "$a" "$b"
bad=()
for bm in none internal; do
    sizes="8192 16384 32768 65536"
    [ $bm = none ] || sizes="8192 65536"
    for l in $sizes; do
        rc=0
        OUT=$($MDCTL --create /dev/md0 -l1 -n2 --bitmap=$bm --logical-block-size=$l --assume-clean --run "$a" "$b" 2>&1) || rc=$?
        _check_crash "$rc" "$OUT" mdctl --create --logical-block-size=$l
        if [ $rc = 0 ]; then
            lbs_is $l "(bitmap $bm, created with $l)"
            echo "bitmap $bm, $l: created, the kernel uses $l-byte blocks"
            run $MDCTL --stop /dev/md0
        else
            echo "bitmap $bm, $l: refused (exit $rc): ${OUT##*$'\n'}"
            k=$(dmesg | grep -m1 -o "Invalid logical block size ($l)\|logical_block_size must not larger than PAGE_SIZE" || true)
            [ -z "$k" ] || echo "    kernel: $k"
            [ ! -e $SYS/level ] || [ -z "$(cat $SYS/level)" ] || fail "md0 left running after a failed create"
            # A failed create must not leave superblocks of an array that
            # cannot start on the members.
            if ! ( assert_unchanged "$a" "$b" ) 2>/dev/null; then
                bad+=("$bm/$l")
                echo "    members changed: $($MDCTL --examine "$a" 2>&1 | grep -m1 'Logical Block Size' || true)"
            fi
        fi
        for m in "$a" "$b"; do
            f=$(cat "/sys/block/${m#/dev/}/loop/backing_file")
            truncate -s 0 "$f"; truncate -s 8M "$f"
        done
    done
done
assert_unchanged "$a" "$b"
cleanup_all
if [ ${#bad[@]} = 0 ]; then
    ok "8192..65536 without llbitmap: refused cleanly or used [${SECONDS}s]"
else
    problems+=("create failed but left md superblocks on the members for: ${bad[*]}")
fi

# ---- llbitmap with 4096-byte blocks: refused, or it must survive a write ----
# md-llbitmap.c writes and "infects" its state in logical blocks counted from
# the start of the bitmap, header included: with blocks above 1 KiB the first
# block holds the 1 KiB header, and llbitmap_infect_dirty_bits() turns its
# 0x00/0x01 bytes into 0x02 (dirty) when several chunks of that block are
# written, so the version field becomes 0x02020206 and the array no longer
# assembles. A tool must not create that.
a=$(mkloop 40) b=$(mkloop 40)
snapshot "$a" "$b"
# in a subshell, so a failure is reported with the other problems at the end
errtrap=$(trap -p ERR)
trap - ERR
set +e
(
set -e
eval "$errtrap"
rc=0
OUT=$($MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --logical-block-size=4096 --assume-clean --run "$a" "$b" 2>&1) || rc=$?
_check_crash "$rc" "$OUT" mdctl --create --bitmap=llbitmap --logical-block-size=4096
if [ $rc != 0 ]; then
    [[ $OUT != *$'\n'* ]] || fail "llbitmap + 4096 refused with more than one line:"$'\n'"$OUT"
    assert_unchanged "$a" "$b"
    ok "llbitmap with --logical-block-size=4096 refused: $OUT [${SECONDS}s]"
else
    echo "$OUT"
    lbs_is 4096 "after create (llbitmap)"
    echo 1 > $SYS/llbitmap/daemon_sleep; echo 1 > $SYS/llbitmap/barrier_idle
    write_pattern /dev/md0 5 4 4
    llb_settle md0; BITS=$LLB
    echo "llbitmap with 4 KiB blocks, settled: $BITS"
    run $MDCTL --stop /dev/md0
    xbits "$a"
    assert_eq "$BITS" "$XBITS" "-X of $a vs the kernel's counts"
    run $MDCTL --assemble /dev/md0 "$a" "$b"
    lbs_is 4096 "after assembly (llbitmap)"
    verify_pattern /dev/md0 5 4 4
    run $MDCTL --stop /dev/md0
    ok "llbitmap with --logical-block-size=4096 survives write, stop and assembly [${SECONDS}s]"
fi
); rc=$?
set -e
eval "$errtrap"
[ $rc = 0 ] || problems+=("llbitmap with --logical-block-size=4096 was created but does not survive a write, stop and assembly")
cleanup_all

[ ${#problems[@]} = 0 ] || fail "$(printf '%s\n' "${problems[@]}")"
