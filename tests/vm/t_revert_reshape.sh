#!/usr/bin/env bash
# --assemble --update=revert-reshape, by difference with mdadm 4.6, on a
# raid5 stopped halfway through growing 3 -> 4 devices (the kernel moving the
# data offset). The stopped members are copied three times, so four identical
# sets: on three of the four members (not started) mdctl and mdadm 4.6 must
# write the same superblock bytes (update time and checksum aside); on all
# four, each tool's assembly must start the kernel reshaping back (raid_disks
# 3, direction backwards, the same position), and mdadm 4.6 must take over
# mdctl's reverted array midway and finish it with the data intact and the
# same -E as mdadm's own. An array without a reshape is refused, nothing
# written, as mdadm 4.6 refuses it (an in-place reshape too: tests/unit/test_update.c).
# timeout: 300
. tests/vm/lib.sh

M=$MDADM46
problems=()
O=($(mkloop 24) $(mkloop 24) $(mkloop 24) $(mkloop 24))
run $M -C /dev/md0 -R -l5 -n3 --chunk=64 --assume-clean "${O[@]:0:3}"
dd if=/dev/urandom of=$T/pattern bs=1M count=8 status=none
dd if=$T/pattern of=/dev/md0 bs=1M oflag=direct status=none
sum=$(md5sum < $T/pattern)
set_speed 1 300
run $M --grow /dev/md0 -n4 --add "${O[3]}"
sleep 3
pos=$(mdsys md0 reshape_position)
[ "$pos" != none ] || fail "the reshape finished before the stop"
run $M -S /dev/md0
echo "stopped at reshape_position $pos"

clone() { # NAME: NAME=(copies of O's members)
    local -n _to=$1
    local d f
    _to=()
    for d in "${O[@]}"; do
        f=$(< "/sys/block/${d#/dev/}/loop/backing_file")
        cp --sparse=always "$f" "$f.$1"
        _to+=("$(losetup -f --show "$f.$1")")
    done
}
clone A; clone B; clone C
# superblock bytes (1.2: sector 8) without utime (192..199) and sb_csum (216..219)
sbbytes() { dd if="$1" bs=512 skip=8 count=1 status=none | od -An -v -t x1 -w1 | sed '193,200d;217,220d' | md5sum; }
data_ok() { [ "$(dd if=/dev/md0 bs=1M count=8 iflag=direct status=none | md5sum)" = "$sum" ]; }
norm() { "$M" -E "$1" | grep -vE 'Time :|Checksum :|Events :|^/dev/'; }

# three of four, no --run: the superblocks are written, nothing starts
rc_c=0 rc_m=0
$MDCTL --assemble /dev/md0 --update=revert-reshape "${C[@]:0:3}" || rc_c=$?
$M --stop /dev/md0 > /dev/null 2>&1 || true
$M --assemble /dev/md0 --update=revert-reshape "${O[@]:0:3}" || rc_m=$?
$M --stop /dev/md0 > /dev/null 2>&1 || true
[ $rc_c = $rc_m ] || problems+=("three of four: mdctl exited $rc_c, mdadm $rc_m")
assert_contains "$($M -E "${O[0]}")" "Delta Devices : -1 (4->3)" "mdadm's reverted member"
for i in 0 1 2; do
    [ "$(sbbytes "${C[i]}")" = "$(sbbytes "${O[i]}")" ] ||
        problems+=("member $i: superblock bytes differ from mdadm's:"$'\n'"$(diff <(norm "${O[i]}") <(norm "${C[i]}"))"$'\n'"$(diff <(dd if="${O[i]}" bs=512 skip=8 count=1 status=none | od -A d -t x1) <(dd if="${C[i]}" bs=512 skip=8 count=1 status=none | od -A d -t x1))")
done
echo "ok: three of four"

# all four: the kernel reshapes back, the same way for both
started() { # -> raid_disks/direction/position, read at once
    echo "$(mdsys md0 raid_disks)/$(mdsys md0 reshape_direction)/$(mdsys md0 reshape_position)"
}
run $MDCTL --assemble /dev/md0 --update=revert-reshape "${A[@]}"
k_a=$(started)
run $M -S /dev/md0
run $M --assemble /dev/md0 --update=revert-reshape "${B[@]}"
k_b=$(started)
echo "mdctl: $k_a, mdadm: $k_b"
[[ $k_a == "3 (4)/backwards/"* ]] || problems+=("mdctl's revert: the kernel shows $k_a")
[ "${k_a%/*}" = "${k_b%/*}" ] || problems+=("kernel after revert: mdctl $k_a, mdadm $k_b")
set_speed
wait_idle md0 120
data_ok || problems+=("mdadm's reverted array lost data")
run $M -S /dev/md0
# mdadm 4.6 finishes what mdctl reverted
run $M --assemble /dev/md0 "${A[@]}"
wait_idle md0 120
[ "$(mdsys md0 raid_disks)" = 3 ] || problems+=("mdctl's reverted array ended with $(mdsys md0 raid_disks) devices")
data_ok || problems+=("mdctl's reverted array lost data")
run $M -S /dev/md0
for i in 0 1 2 3; do
    [ "$(norm "${A[i]}")" = "$(norm "${B[i]}")" ] ||
        problems+=("after the revert, member $i differs from mdadm's:"$'\n'"$(diff <(norm "${B[i]}") <(norm "${A[i]}"))")
done
echo "ok: reverted and finished"

# refusals: nothing to revert; one line, members unchanged
before=$(sbbytes "${A[0]}")
expect_fail "no reshape is in progress" $MDCTL --assemble /dev/md0 --update=revert-reshape "${A[@]}"
[ "$(sbbytes "${A[0]}")" = "$before" ] || problems+=("a refused revert changed a member")
rc_m=0; out_m=$($M --assemble /dev/md0 --update=revert-reshape "${B[@]}" 2>&1) || rc_m=$?
[ $rc_m != 0 ] && [[ $out_m == *"No active reshape to revert"* ]] ||
    problems+=("mdadm 4.6 without a reshape: exit $rc_m: $out_m (it refused before)")
$M --stop /dev/md0 > /dev/null 2>&1 || true

if [ ${#problems[@]} -gt 0 ]; then
    printf '%s\n' "${problems[@]}" >&2
    fail "${#problems[@]} problem(s)"
fi
ok "--update=revert-reshape as mdadm 4.6"
