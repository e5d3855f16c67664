#!/usr/bin/env bash
# Boot-time assembly as on a real machine (host side, two boots): boot 1
# creates three arrays on virtio disks; boot 2 starts systemd-udevd with
# mdctl's rules and replays the boot's add events (udevadm trigger): every
# array comes up with its /dev/md/NAME and md-uuid links, llbitmap selected,
# data intact.
# timeout: 300
set -euo pipefail
[ -x /lib/systemd/systemd-udevd ] || { echo "SKIP: systemd-udevd not installed (apt-get install udev)"; exit 77; }
disks=()
for d in a b c d e f g h i; do truncate -s 64M "$HT/$d.img"; disks+=(--disk "$HT/$d.img"); done

echo "== boot 1: create three arrays, write, stop"
$VM "${disks[@]}" -- '. tests/vm/lib.sh
    run $MDCTL --create /dev/md/boot -l1 -n2 --bitmap=llbitmap --assume-clean --run /dev/vda /dev/vdb
    run $MDCTL --create /dev/md/data -l5 -n3 --assume-clean --run /dev/vdc /dev/vdd /dev/vde
    run $MDCTL --create /dev/md/ten -l10 -n4 --assume-clean --run /dev/vd[fghi]
    write_pattern /dev/md/boot 1 8
    write_pattern /dev/md/data 5 8
    write_pattern /dev/md/ten 10 8
    run $MDCTL --detail --scan
    run $MDCTL --stop --scan'

echo "== boot 2: udevd + coldplug trigger assembles all three"
$VM "${disks[@]}" -- '. tests/vm/lib.sh
    mkdir -p /run/udev/rules.d
    for r in udev-rules/*.rules; do sed "s|/sbin/mdctl|$MDCTL|g" "$r" > "/run/udev/rules.d/${r##*/}"; done
    /lib/systemd/systemd-udevd --daemon
    [ -z "$(ls /dev/md 2>/dev/null)" ] || fail "arrays before the trigger: $(ls /dev/md)"
    udevadm trigger --action=add --subsystem-match=block
    udevadm settle --timeout=120
    cat /proc/mdstat
    for n in boot data ten; do
        [ "$(mdsys /dev/md/$n array_state)" = clean ] || fail "/dev/md/$n not running"
        assert_eq 0 "$(mdsys /dev/md/$n degraded)" "md/$n degraded"
        u=$($MDCTL --detail --export /dev/md/$n | sed -n "s/^MD_UUID=//p")
        [ -L "/dev/disk/by-id/md-uuid-$u" ] || fail "no md-uuid link for $n"
    done
    assert_contains "$(mdsys /dev/md/boot bitmap_type)" "[llbitmap]" "bitmap type of md/boot"
    verify_pattern /dev/md/boot 1 8
    verify_pattern /dev/md/data 5 8
    verify_pattern /dev/md/ten 10 8
    run $MDCTL --stop --scan
    udevadm control --exit'
echo "ok: coldplug after boot assembles three arrays on virtio disks through udev"
