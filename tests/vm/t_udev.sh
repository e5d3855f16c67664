#!/usr/bin/env bash
# Boot-time assembly through real udev: Debian's systemd-udevd runs in the VM
# with mdctl's rules. Members of three arrays (raid1 with llbitmap, raid5
# with 4 KiB logical blocks, raid10) appear as loop devices in shuffled order
# and the arrays come up with their /dev/md/NAME and md-uuid-* links; an array missing a member waits for
# `mdctl -IRs`; a member's remove event fails it out of its array; arrays
# created while udev watches are not assembled twice.
# timeout: 420
. tests/vm/lib.sh
UDEVD=/lib/systemd/systemd-udevd
[ -x $UDEVD ] || skip "systemd-udevd is not installed on the host (apt-get install udev)"

# The rules as installed, with /sbin/mdctl replaced by the binary under test.
mkdir -p /run/udev/rules.d
for r in "$REPO"/udev-rules/*.rules; do
    sed "s|/sbin/mdctl|$MDCTL|g" "$r" > "/run/udev/rules.d/${r##*/}"
done
$UDEVD --daemon
trap 'udevadm control --exit 2>/dev/null || true' EXIT
settle() { udevadm settle --timeout=60; }

running() {  # the /dev/md/ names of running arrays, sorted
    local l out=()
    for l in /dev/md/*; do
        [ -e "$l" ] || continue
        case $(mdsys "$l" array_state) in clear|inactive) ;; *) out+=("${l#/dev/md/}") ;; esac
    done
    echo "${out[*]}"
}

# ---- create while udev watches: one assembly each, links made by udev ----
declare -A M
imgs=()
mkarr() {  # NAME LEVEL N [options]
    local name=$1 level=$2 n=$3 i d devs=(); shift 3
    for (( i = 0; i < n; i++ )); do d=$(mkloop 48); devs+=("$d"); imgs+=("$(losetup -nO BACK-FILE "$d")"); done
    M[$name]="${devs[*]}"
    run $MDCTL --create "/dev/md/$name" -l"$level" -n"$n" --assume-clean --run "$@" "${devs[@]}"
    settle
    write_pattern "/dev/md/$name" "$level" 4
}
mkarr one 1 2 --bitmap=llbitmap
mkarr five 5 3 --logical-block-size 4096
mkarr ten 10 4
settle
assert_eq "five one ten" "$(running)" "arrays after create"
[ "$(grep -c '^md' /proc/mdstat)" = 3 ] || { cat /proc/mdstat; fail "extra arrays appeared during create"; }
for n in one five ten; do
    u=$($MDCTL --detail --export /dev/md/$n | sed -n 's/^MD_UUID=//p')
    [ -L "/dev/disk/by-id/md-uuid-$u" ] || fail "no md-uuid link for $n"
done
ok "create under udev: three arrays, no double assembly, md-uuid links"

# ---- all members re-appear in shuffled order: everything comes up ----
stop_and_detach() { run $MDCTL --stop --scan; settle; losetup -D; settle; }
stop_and_detach
mapfile -t order < <(printf '%s\n' "${imgs[@]}" | shuf)
for f in "${order[@]}"; do losetup -f "$f"; done
settle
assert_eq "five one ten" "$(running)" "arrays after hot-plugging members"
assert_contains "$(mdsys /dev/md/one bitmap_type)" "[llbitmap]" "bitmap type of md/one"
assert_eq 4096 "$(mdsys /dev/md/five logical_block_size)" "logical block size of md/five"
for n in one five ten; do
    verify_pattern "/dev/md/$n" "$(mdsys "/dev/md/$n" level | tr -dc 0-9)" 4
    assert_eq 0 "$(mdsys /dev/md/$n degraded)" "md/$n degraded"
done
ok "shuffled hot-plug of 9 members: all three arrays up, llbitmap and 4 KiB blocks kept, data intact"

# ---- one member missing: inactive until mdctl -IRs ----
stop_and_detach
for f in "${order[@]}"; do
    [ "$f" = "${imgs[2]}" ] || losetup -f "$f"     # imgs[2] is five's first member
done
settle
assert_eq "one ten" "$(running)" "running with a raid5 member missing"
run $MDCTL -IRs
settle
assert_eq "five one ten" "$(running)" "after mdctl -IRs"
assert_eq 1 "$(mdsys /dev/md/five degraded)" "md/five degraded"
verify_pattern /dev/md/five 5 4
ok "a missing member keeps raid5 down until mdctl -IRs starts it degraded"

# ---- a member's remove event fails it out of the array ----
victim=$(ls /sys/block/$(mdname /dev/md/ten)/md | sed -n 's/^dev-//p' | head -1)
udevadm trigger --action=remove "/sys/class/block/$victim"
settle
for _ in {1..25}; do [ -e "/sys/block/$(mdname /dev/md/ten)/md/dev-$victim" ] || break; sleep 0.2; done
[ ! -e "/sys/block/$(mdname /dev/md/ten)/md/dev-$victim" ] || fail "$victim still in md/ten after its remove event"
assert_eq 1 "$(mdsys /dev/md/ten degraded)" "md/ten degraded after remove"
ok "remove event of $victim: failed and removed from md/ten"
run $MDCTL --stop --scan
settle
udevadm control --exit
trap - EXIT
cleanup_all
