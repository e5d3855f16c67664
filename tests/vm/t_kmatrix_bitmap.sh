#!/usr/bin/env bash
# Bitmaps and the logical block size across kernels. On 6.12 (no llbitmap, no
# md/logical_block_size) create must refuse --bitmap=llbitmap and
# --logical-block-size before writing anything; on 7.2 both work. On both, an
# internal (classic) bitmap survives create, write, stop and assemble, and -X
# shows it. A create the 6.12 kernel refuses to run (linear: no personality)
# leaves the members as they were.
# kernels: 7.2 6.12
. tests/vm/lib.sh

md_running() { # MD name (md0): listed in /proc/mdstat, active or not
    local l
    while read -r l; do [[ $l == "$1 :"* ]] && return 0; done < /proc/mdstat
    return 1
}

# refused WHAT NEEDLE ARGS...: mdctl --create ARGS fails without a crash, its
# stderr names NEEDLE, the members are byte-identical and md0 is not running.
refused() {
    local what=$1 needle=$2 rc=0 err; shift 2
    snapshot "$A" "$B"
    err=$("$MDCTL" --create /dev/md0 "$@" 2>&1 >/dev/null) || rc=$?
    echo "$what: exit $rc: $err"
    _check_crash "$rc" "$err" "$MDCTL" --create /dev/md0 "$@"
    [ "$rc" -ne 0 ] || fail "$what: create succeeded on Linux $KVER"
    [[ ${err,,} == *"$needle"* ]] || fail "$what: stderr does not name $needle: $err"
    if md_running md0; then cat /proc/mdstat; fail "$what: md0 left running"; fi
    assert_unchanged "$A" "$B"
    ok "$what refused on Linux $KVER"
}

# works WHAT ARGS...: mdctl --create ARGS starts md0 (then the caller checks it).
works() {
    local what=$1; shift
    run "$MDCTL" --create /dev/md0 "$@" > /dev/null
    md_running md0 || fail "$what: md0 not running after create"
}

A=$(mkloop 32) B=$(mkloop 32)
# recognisable content, so "unchanged" means something
write_pattern "$A" 1 4
write_pattern "$B" 2 4

if kernel_is_612; then
    # What this kernel lacks (the refusals below rely on it).
    [ ! -e /sys/module/md_mod/parameters/legacy_async_del_gendisk ] ||
        fail "6.12 has legacy_async_del_gendisk?"
    refused "llbitmap" llbitmap -l1 -n2 --bitmap=llbitmap --run "$A" "$B"
    refused "--logical-block-size=4096" "logical" -l1 -n2 --logical-block-size=4096 --run "$A" "$B"
    # no linear personality in 6.12: the kernel refuses to run what was
    # written, and mdctl puts the members back as they were
    refused "linear (no personality)" "put back" -llinear -n2 --run "$A" "$B"
    # the sysfs files whose absence mdctl detects, seen on an array of mdadm's
    $MDADM46 --create /dev/md0 -l1 -n2 --run --assume-clean --bitmap=none "$A" "$B" > /dev/null 2>&1 ||
        fail "mdadm 4.6 create on 6.12"
    for f in bitmap_type logical_block_size; do
        [ ! -e /sys/block/md0/md/$f ] || fail "6.12 has md/$f"
    done
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1
    ok "6.12 has no md/bitmap_type, md/logical_block_size, legacy_async_del_gendisk"
else
    works "llbitmap" -l1 -n2 --bitmap=llbitmap --run "$A" "$B"
    assert_contains "$(mdsys md0 bitmap_type)" "[llbitmap]" "md/bitmap_type"
    write_pattern /dev/md0 3 4
    run "$MDCTL" --stop /dev/md0 > /dev/null
    ! md_running md0 || fail "md0 still running after stop"
    ok "llbitmap created on Linux $KVER"
    works "--logical-block-size=4096" -l1 -n2 --logical-block-size=4096 --run "$A" "$B"
    assert_eq 4096 "$(cat /sys/block/md0/queue/logical_block_size)" "md0 logical block size"
    assert_eq 4096 "$(mdsys md0 logical_block_size)" "md/logical_block_size"
    run "$MDCTL" --stop /dev/md0 > /dev/null
    ok "logical block size 4096 on Linux $KVER"
fi

# Internal bitmap on both kernels: fresh members so nothing of the above counts.
cleanup_all
A=$(mkloop 32) B=$(mkloop 32)
works "internal bitmap" -l1 -n2 --bitmap=internal --run --assume-clean "$A" "$B"
loc=$(mdsys md0 bitmap/location)
[[ $loc == +* ]] || fail "md/bitmap/location is '$loc', not an internal bitmap"
[ ! -e /sys/block/md0/md/bitmap_type ] || assert_contains "$(mdsys md0 bitmap_type)" "[bitmap]" "md/bitmap_type"
write_pattern /dev/md0 4 8
run "$MDCTL" --stop /dev/md0 > /dev/null
! md_running md0 || fail "md0 still running after stop"
run "$MDCTL" --assemble /dev/md0 "$A" "$B" > /dev/null
md_running md0 || fail "md0 not running after assemble"
assert_eq "$loc" "$(mdsys md0 bitmap/location)" "md/bitmap/location after assemble"
verify_pattern /dev/md0 4 8
run "$MDCTL" --stop /dev/md0 > /dev/null
for d in "$A" "$B"; do
    run "$MDCTL" -X "$d"
    x=$OUT
    assert_contains "$x" "Magic : 6d746962" "-X $d"
    assert_contains "$x" "Version : 4" "-X $d"
    assert_contains "$x" "bits (chunks)" "-X $d"
    # for a classic bitmap mdctl -X prints what mdadm 4.6 prints
    y=$("$MDADM46" -X "$d" 2>&1) || true
    [ "$x" = "$y" ] || { diff <(echo "$y") <(echo "$x") || true; fail "-X $d differs from mdadm 4.6's"; }
done
ok "internal bitmap: create, write, stop, assemble, -X on Linux $KVER"
