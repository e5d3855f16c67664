#!/usr/bin/env bash
# Fetch the reference peers into the cache, extracted, never installed:
#   $cache/peers/mdadm-4.2/sbin/mdadm         Debian bookworm's mdadm
#   $cache/peers/mdadm-4.6/mdadm              wrapper running sid's mdadm 4.6 through sid's loader
#   $cache/peers/initramfs/{dracut,itools}/   bookworm's dracut-core and initramfs-tools-core
#                                             (their md scripts and libraries, for t_initramfs)
# Prints nothing; idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${MDCTL_CACHE:-/var/cache/mdctl-test}
p=$cache/peers
if [ ! -x "$p/mdadm-4.2/sbin/mdadm" ]; then
    d=$(mktemp -d); "$here/sid-apt.sh" bookworm "$d" mdadm
    rm -rf "$p/mdadm-4.2"; mkdir -p "$p/mdadm-4.2"
    dpkg-deb -x "$d"/mdadm_*.deb "$p/mdadm-4.2"; rm -rf "$d"
fi
if [ ! -x "$p/mdadm-4.6/mdadm" ]; then
    d=$(mktemp -d); "$here/sid-apt.sh" sid "$d" mdadm libc6 libudev1 libcap2
    rm -rf "$p/mdadm-4.6"; mkdir -p "$p/mdadm-4.6/root"
    for f in "$d"/*.deb; do dpkg-deb -x "$f" "$p/mdadm-4.6/root"; done; rm -rf "$d"
    lib=$p/mdadm-4.6/root/usr/lib/x86_64-linux-gnu
    bin=$p/mdadm-4.6/root/usr/sbin/mdadm
    cat > "$p/mdadm-4.6/mdadm" <<W
#!/bin/sh
exec $lib/ld-linux-x86-64.so.2 --library-path $lib $bin "\$@"
W
    chmod +x "$p/mdadm-4.6/mdadm"
fi
if [ ! -d "$p/initramfs/itools/usr/share/initramfs-tools" ]; then
    d=$(mktemp -d); "$here/sid-apt.sh" bookworm "$d" dracut-core initramfs-tools-core
    rm -rf "$p/initramfs"; mkdir -p "$p/initramfs/dracut" "$p/initramfs/itools"
    dpkg-deb -x "$d"/dracut-core_*.deb "$p/initramfs/dracut"
    dpkg-deb -x "$d"/initramfs-tools-core_*.deb "$p/initramfs/itools"; rm -rf "$d"
fi
