#!/usr/bin/env bash
# mdctl as /usr/sbin/mdadm under mdadm 4.6's OWN udev rules (Debian sid's
# 01-md-raid-creating, 63-md-raid-arrays and 64-md-raid-assembly, unmodified,
# copied into /run/udev/rules.d) with Debian's systemd-udevd: coldplug
# (udevadm trigger) assembles a named raid1 and a raid5 known by number, with
# the /dev/md/NAME, md-name-* and md-uuid-* links and the MD_* properties
# from `--detail --no-devices --export`; a member's remove event runs
# `-If $devnode --path $env{ID_PATH}`, which fails it out and records the
# slot in failed-slots. Also: the rules make install-mdadm installs
# (udev-rules/mdadm/) against the same results, -I's aliases against a
# DEVICE line, --run of an inactive array (mdadm-last-resort@.service) and
# mdcheck in pieces. Differential: the same with mdadm 4.6 as
# /usr/sbin/mdadm on identically created arrays (same uuids and names); the
# links, the arrays' MD_* properties and the failed-slots record must match.
# Shims: the VM's root is the host's read-only /, so /usr/sbin is a bind mount
# of a tmpfs directory holding links to every host /usr/sbin entry plus
# mdadm; loop devices are virtual and get no ID_PATH from
# 60-persistent-storage.rules, so a one-line 61-test-loop-path.rules gives
# them ID_PATH=test-loopN (only for the remove rule's --path).
# timeout: 240
. tests/vm/lib.sh
UDEVD=/lib/systemd/systemd-udevd
RULES=${MDCTL_CACHE:-/var/cache/mdctl-test}/peers/mdadm-4.6/root/usr/lib/udev/rules.d
[ -x $UDEVD ] || skip "systemd-udevd is not installed on the host (apt-get install udev)"
[ -f $RULES/64-md-raid-assembly.rules ] || skip "mdadm 4.6's rules are not extracted (tests/vm/peers.sh)"

# ---- /usr/sbin/mdadm: a writable view of /usr/sbin ----
mkdir -p /run/t-sbin.orig /run/t-sbin
mount --bind /usr/sbin /run/t-sbin.orig
cp -rs /run/t-sbin.orig/. /run/t-sbin/
mount --bind /run/t-sbin /usr/sbin
finish() {
    udevadm control --exit 2>/dev/null || true
    umount /usr/sbin 2>/dev/null || true
    umount /run/t-sbin.orig 2>/dev/null || true
}
trap finish EXIT

mkdir -p /run/udev/rules.d
echo 'SUBSYSTEM=="block", KERNEL=="loop*", ENV{ID_PATH}="test-$kernel"' > /run/udev/rules.d/61-test-loop-path.rules
# rules DIR: the three md rules from DIR, naming the binary as installed
rules() {
    local r
    for r in 01-md-raid-creating 63-md-raid-arrays 64-md-raid-assembly; do
        sed 's|\(/usr\)\{0,1\}/sbin/mdadm|/usr/sbin/mdadm|g' "$1/$r.rules" > "/run/udev/rules.d/$r.rules"
    done
}

A=(); B=()
for i in 0 1; do A+=("$(mkloop 40)"); done
for i in 0 1 2; do B+=("$(mkloop 40)"); done
UA=3a4b5c6d:11111111:22222222:33333333
UB=3a4b5c6d:44444444:55555555:66666666

# One pass with BIN as /usr/sbin/mdadm: fresh arrays (made by mdctl before
# udevd runs), coldplug, remove event. Leaves its findings in $T/$TAG.*.
pass() {  # TAG BIN RULES-DIR
    local tag=$1 bin=$2 d md u k victim
    rules "$3"
    rm -rf /run/mdadm /run/mdctl /run/udev/data
    for d in "${A[@]}" "${B[@]}"; do $MDCTL --zero-superblock "$d" 2>/dev/null || true; done
    run $MDCTL --create /dev/md/one -l1 -n2 --uuid=$UA --assume-clean --run "${A[@]}"
    run $MDCTL --create /dev/md9 -l5 -n3 --uuid=$UB --assume-clean --run "${B[@]}"
    run $MDCTL --stop --scan
    rm -rf /run/mdadm /run/mdctl
    ln -sfn "$bin" /usr/sbin/mdadm
    $UDEVD --daemon
    udevadm trigger --action=add --subsystem-match=block
    udevadm settle --timeout=90
    # what came up: links (name -> kernel name) and the arrays' MD_* properties
    : > "$T/$tag.links"; : > "$T/$tag.props"
    for d in /dev/md/* /dev/disk/by-id/md-*; do
        [ -L "$d" ] && echo "$d -> $(readlink -f "$d")" >> "$T/$tag.links"
    done
    for md in /sys/block/md*; do
        k=${md##*/}
        udevadm info --query=property --name="/dev/$k" | grep '^MD_' | sed "s|^|$k |" >> "$T/$tag.props"
    done
    sort -o "$T/$tag.links" "$T/$tag.links"; sort -o "$T/$tag.props" "$T/$tag.props"
    echo "--- $tag: links"; cat "$T/$tag.links"; echo "--- $tag: properties"; cat "$T/$tag.props"
    for n in one; do
        [ "$(mdsys /dev/md/$n array_state)" = clean ] || fail "$tag: /dev/md/$n is not running"
    done
    [ -e /dev/md9 ] && [ "$(mdsys /dev/md9 array_state)" = clean ] || fail "$tag: /dev/md9 is not running"
    for u in $UA $UB; do
        [ -L "/dev/disk/by-id/md-uuid-$u" ] || fail "$tag: no md-uuid-$u link"
    done
    [ "$tag" != mdctl ] || same_as_mdadm "--detail --no-devices" --detail --no-devices /dev/md9 ||
        fail "--detail --no-devices differs from mdadm 4.6's"
    # a member of md/one goes away: udev's remove event (-If /dev/loopN --path test-loopN)
    md=$(mdname /dev/md/one)
    victim=${A[1]#/dev/}
    udevadm trigger --action=remove "/sys/class/block/$victim"
    udevadm settle --timeout=30
    for _ in {1..25}; do [ -e "/sys/block/$md/md/dev-$victim" ] || break; sleep 0.2; done
    [ ! -e "/sys/block/$md/md/dev-$victim" ] || fail "$tag: $victim still in md/one after its remove event"
    assert_eq 1 "$(mdsys /dev/md/one degraded)" "$tag: md/one degraded after the remove event"
    cat /run/mdadm/failed-slots/test-$victim /run/mdctl/failed-slots/test-$victim > "$T/$tag.slot" 2>/dev/null || true
    echo "--- $tag: failed-slots/test-$victim"; cat "$T/$tag.slot"
    [ -s "$T/$tag.slot" ] || fail "$tag: no failed-slots record for $victim"
    $MDCTL --stop --scan >/dev/null
    udevadm settle --timeout=30
    udevadm control --exit
    rm -f /dev/md/* /dev/disk/by-id/md-*
}

pass mdadm "$MDADM46" "$RULES"
ok "mdadm 4.6 with its own rules: coldplug, links, properties, -If --path"
pass mdctl "$MDCTL" "$RULES"
ok "mdctl as /usr/sbin/mdadm with mdadm 4.6's rules: both arrays assembled at coldplug, md-uuid links"
assert_contains "$(cat $T/mdctl.links)" "/dev/md/one -> " "links"
assert_contains "$(cat $T/mdctl.props)" "MD_DEVNAME=one" "properties"
assert_contains "$(cat $T/mdctl.props)" "MD_LEVEL=raid5" "properties"
assert_not_contains "$(cat $T/mdctl.props)" "MD_DEVICE_" "properties (--no-devices)"
diff -u "$T/mdadm.links" "$T/mdctl.links" || fail "links differ from mdadm 4.6's"
diff -u "$T/mdadm.props" "$T/mdctl.props" || fail "udev properties of the arrays differ from mdadm 4.6's"
ok "same links and MD_* properties as with mdadm 4.6"
diff -u "$T/mdadm.slot" "$T/mdctl.slot" || fail "failed-slots record differs from mdadm 4.6's"
ok "remove event: -If --path failed the member out and wrote mdadm's failed-slots record"

# ---- the rules make install-mdadm installs (udev-rules/mdadm/) ----
pass own "$MDCTL" "$REPO/udev-rules/mdadm"
for f in links props slot; do
    diff -u "$T/mdadm.$f" "$T/own.$f" || fail "with mdctl's rules under mdadm's names: $f differ from mdadm 4.6's"
done
ok "udev-rules/mdadm/ (make install-mdadm): the same links, properties and failed-slots record"

# ---- -I DEV ALIAS... against a DEVICE line; --run of the inactive array ----
# (mdadm 4.6, same commands: refused without the alias, attached with
# MD_STARTED=unsafe with it, started degraded by --run, exit 0)
for d in "${A[@]}"; do $MDCTL --zero-superblock "$d" 2>/dev/null || true; done
run $MDCTL --create /dev/md/al -l1 -n2 --uuid=$UA --assume-clean --run "${A[@]}"
run $MDCTL --stop /dev/md/al
echo 'DEVICE /dev/disk/by-test/*' > $T/dev.conf
mkdir -p /dev/disk/by-test
ln -sf "${A[0]}" /dev/disk/by-test/a; ln -sf "${A[1]}" /dev/disk/by-test/b
expect_fail "DEVICE" $MDCTL -I --config=$T/dev.conf "${A[0]}"
# an "alias" that is another device does not count
expect_fail "DEVICE" $MDCTL -I --config=$T/dev.conf "${A[0]}" /dev/disk/by-test/b
run $MDCTL -I --config=$T/dev.conf --export "${A[0]}" --offroot /dev/disk/by-test/b /dev/disk/by-test/a
rm -rf /dev/disk/by-test
assert_contains "$OUT" "MD_STARTED=unsafe"
assert_eq inactive "$(mdsys /dev/md/al array_state)" "md/al after one member"
run $MDCTL --run /dev/md/al
assert_eq 1 "$(mdsys /dev/md/al degraded)" "md/al degraded after --run"
run $MDCTL --stop /dev/md/al
ok "-I with DEVLINKS-style aliases passes a DEVICE line only through them; --run MD starts the inactive array degraded"

# ---- mdcheck (mdcheck_start/continue.service): a check in pieces ----
for d in "${A[@]}"; do $MDCTL --zero-superblock "$d" 2>/dev/null || true; done
run $MDCTL --create /dev/md/chk -l1 -n2 --uuid=$UA --assume-clean --run "${A[@]}"
md=/sys/block/$(mdname /dev/md/chk)/md
echo 2000 > $md/sync_speed_max
export MDCHECK_STATE=$T/mdcheck MDCHECK_INTERVAL=1
run "$REPO/udev-rules/mdadm/mdcheck" --start --duration 2 seconds
read -r pos < "$MDCHECK_STATE/MD_UUID_$UA" || fail "mdcheck --duration left no position"
assert_eq idle "$(mdsys /dev/md/chk sync_action)" "sync_action after mdcheck --duration"
[ "$pos" -gt 0 ] || fail "mdcheck saved position $pos"
echo system > $md/sync_speed_max
run "$REPO/udev-rules/mdadm/mdcheck" --continue
[ -e "$MDCHECK_STATE/Checked_$UA" ] && [ ! -e "$MDCHECK_STATE/MD_UUID_$UA" ] || fail "mdcheck --continue did not finish"
assert_eq 0 "$(mdsys /dev/md/chk mismatch_cnt)" "mismatch_cnt"
ok "mdcheck: --duration stops at sector $pos and saves it, --continue finishes the check"
run $MDCTL --stop /dev/md/chk
finish
trap - EXIT
cleanup_all
