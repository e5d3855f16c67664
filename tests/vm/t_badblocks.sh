#!/usr/bin/env bash
# --examine-badblocks against mdadm 4.6, byte for byte and exit status, on the
# same members: raid1 arrays made by mdadm and by mdctl with bad blocks
# injected through md/dev-*/bad_blocks and written out by the kernel (a write
# through the array makes it write the superblock and the log), the other
# member's empty log, a member whose log was removed (--update=no-bbl), a 0.90
# member and a device without a superblock.
. tests/vm/lib.sh

a1=$(mkloop 32) a2=$(mkloop 32) b1=$(mkloop 32) b2=$(mkloop 32) c1=$(mkloop 32) c2=$(mkloop 32)
e=$(mkloop 32)
run "$MDADM46" --create /dev/md0 --run --assume-clean -l1 -n2 "$a1" "$a2"
run "$MDCTL" --create /dev/md1 --run --assume-clean -l1 -n2 "$b1" "$b2"
for md in md0 md1; do
    m=$([ $md = md0 ] && echo "${a1#/dev/}" || echo "${b1#/dev/}")
    echo "2048 8" > "/sys/block/$md/md/dev-$m/bad_blocks"
    echo "40000 100" > "/sys/block/$md/md/dev-$m/bad_blocks"
    # the kernel writes the log with the superblock: make it write one
    # (away from the bad ranges: a write that succeeds over one clears it)
    dd if=/dev/zero of=/dev/$md bs=4k seek=1000 count=1 oflag=direct status=none
done
sleep 0.5   # safe mode: the array goes clean again and writes once more
for d in "$a1" "$a2" "$b1" "$b2"; do
    same_as_mdadm "bad-block log of $d" --examine-badblocks "$d" || fail "--examine-badblocks $d"
done
out=$("$MDCTL" --examine-badblocks "$a1")
assert_contains "$out" "Bad-blocks on $a1:" "mdadm's array, injected member"
assert_contains "$("$MDCTL" --examine-badblocks "$b2")" "Bad-blocks list is empty in $b2" "mdctl's array, other member"
ok "bad-block logs of running arrays as mdadm prints them: $(echo $out | tr -s ' ')"

# several devices at once, and after the arrays stopped (the same bytes)
run "$MDADM46" --stop /dev/md0
run "$MDCTL" --stop /dev/md1
same_as_mdadm "four devices" --examine-badblocks "$a1" "$a2" "$b1" "$b2" || fail "--examine-badblocks of four"
ok "stopped arrays, several devices [${SECONDS}s]"

# no log configured: mdadm removes an empty one at assembly
run "$MDADM46" --create /dev/md2 --run --assume-clean -l1 -n2 "$c1" "$c2"
run "$MDADM46" --stop /dev/md2
run "$MDADM46" --assemble /dev/md2 --update=no-bbl "$c1" "$c2"
run "$MDADM46" --stop /dev/md2
same_as_mdadm "no log" --examine-badblocks "$c1" || fail "--examine-badblocks without a log"
assert_contains "$OUT$("$MDCTL" --examine-badblocks "$c1")" "No bad-blocks list configured on $c1"
ok "member without a bad-block log"

# 0.90 superblock, no superblock at all
run "$MDADM46" --create /dev/md2 --run --assume-clean -e 0.90 -l1 -n2 "$c1" "$c2"
run "$MDADM46" --stop /dev/md2
same_as_mdadm "0.90 member" --examine-badblocks "$c1" || fail "--examine-badblocks of 0.90"
same_as_mdadm "no superblock" --examine-badblocks "$e" || fail "--examine-badblocks without a superblock"
ok "0.90 member and empty device: same message and exit as mdadm [${SECONDS}s]"
