#!/usr/bin/env bash
# The mdadm calls libblockdev's md plugin makes where mdctl used to differ
# from mdadm 4.6 (t_libblockdev runs the real suite; this is the quick
# differential check of each): the same sequence runs with mdadm 4.6 and with
# mdctl called as mdadm on identical fresh loop devices, and the exit
# statuses and the kernel state after each step must be the same:
#   --zero-superblock of a device without a superblock      (md_destroy)
#   -I --fail NAME, then -I --quiet --run DEV of the member   (md_denominate,
#     md_nominate): the array goes read-auto, no spare takes the slot, and
#     the member comes back into it
#   -I of a spare into a running array, then twice into the inactive one
#   --assemble --scan --uuid=U without members               (md_activate)
#   --grow --bitmap=internal of 1.0/1.1/1.2 arrays made without a bitmap:
#     bitmap/location where a create puts it (md_set_bitmap_location); the
#     same bitmap kind twice is an error
. tests/vm/lib.sh

# st MD: the kernel state worth comparing, on one line
st() {
    local n d s= g=-
    n=$(mdname "$1")
    for d in /sys/block/"$n"/md/dev-*; do s+=" ${d##*/dev-}:$(<"$d/slot")"; done
    [ -e "/sys/block/$n/md/degraded" ] && g=$(mdsys "$n" degraded)    # not while inactive
    echo "$(mdsys "$n" array_state) degraded=$g$s"
}

# r CMD...: run, record the exit status
r() { local rc=0; "$@" > /dev/null 2>&1 || rc=$?; _check_crash "$rc" "" "$@"; LOG+="$* -> $rc"$'\n'; }
note() { LOG+="  $*"$'\n'; }

scenario() { # BINDIR (holding 'mdadm')
    local M=$1/mdadm a b c u m n
    LOG=
    a=$(mkloop 10); b=$(mkloop 10); c=$(mkloop 10)
    r $M --zero-superblock "$a"
    r $M --create bd_test_md --run --level=raid1 --raid-devices=2 --spare-devices=1 --assume-clean "$a" "$b" "$c"
    r $M --incremental --fail "${a#/dev/}"
    note "$(st /dev/md/bd_test_md)"
    r $M --incremental --quiet --run "$a"
    note "$(st /dev/md/bd_test_md)"
    r $M --incremental --quiet --run "$c"
    r $M --stop /dev/md/bd_test_md
    r $M --incremental --quiet --run "$c"
    r $M --incremental --quiet --run "$c"
    note "$(st /dev/md/bd_test_md)"
    r $M --stop /dev/md/bd_test_md
    u=$($M --examine --export "$b" | sed -n 's/^MD_UUID=//p')
    r $M --assemble --scan --uuid="$u"
    LOG=${LOG//$u/UUID}
    [ -b /dev/md/bd_test_md ] && note "/dev/md/bd_test_md: $(mdsys /dev/md/bd_test_md raid_disks) disks"
    r $M --stop /dev/md/bd_test_md
    for m in 1.0 1.1 1.2; do
        r $M --create bd_test_md --run --level=raid1 --raid-devices=2 --metadata=$m --assume-clean "$a" "$b"
        r $M --grow /dev/md/bd_test_md --bitmap=none        # none there: exit 1
        r $M --grow /dev/md/bd_test_md --bitmap=internal
        r $M --grow /dev/md/bd_test_md --bitmap=internal    # there already: exit 1
        n=$(mdname /dev/md/bd_test_md)
        note "$m: bitmap at $(mdsys "$n" bitmap/location)"
        r $M --stop /dev/md/bd_test_md
    done
    stop_all_md
    losetup -D
    rm -f "$T"/img/loop.*
}

mkdir -p "$T/m46" "$T/mct"
ln -s "$MDADM46" "$T/m46/mdadm"
ln -s "$MDCTL" "$T/mct/mdadm"
scenario "$T/m46"; want=${LOG//$T\/m46\//}
scenario "$T/mct"; got=${LOG//$T\/mct\//}
printf '%s' "$got"
[ "$want" = "$got" ] || fail "mdctl as mdadm differs from mdadm 4.6:"$'\n'"$(diff <(echo "$want") <(echo "$got"))"
assert_contains "$got" "1.2: bitmap at +8"
assert_contains "$got" "  read-auto degraded=1 loop"
ok "libblockdev's calls: exit statuses and kernel state as mdadm 4.6 [${SECONDS}s]"
