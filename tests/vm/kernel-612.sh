#!/usr/bin/env bash
# Fetch (or reuse) the second test kernel: Debian trixie's prebuilt generic
# Linux 6.12 (linux-image-6.12.*+deb13-amd64-unsigned), for the kernel matrix.
# Prints the bzImage path on stdout, like build-kernel.sh. Cached under
# $MDCTL_CACHE/kernel-6.12-<version>/; a second call is instant and offline.
#
#   bzImage       the kernel
#   initrd.cpio   busybox initramfs: loads 9p (a module here) and switches to
#                 the host's / like the 7.2 kernel's built-in 9p root
#   root/         the extracted package (modules under root/lib/modules/<ver>,
#                 depmod'ed), used by init.sh through `modprobe -d`
#   modprobe      `modprobe -d root/`, the guest kernel's module helper
# vm.sh passes initrd.cpio (and root/ on the kernel command line) when it
# finds them next to the bzImage. KERNEL_612_VERSION=6.12.N pins a version
# (default: what trixie's linux-image-amd64 depends on when first fetched).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${MDCTL_CACHE:-/var/cache/mdctl-test}

cached() { # the pinned or else the newest complete kernel-6.12-* dir
    local d
    if [ -n "${KERNEL_612_VERSION:-}" ]; then d=$cache/kernel-6.12-$KERNEL_612_VERSION
    else d=$(ls -d "$cache"/kernel-6.12-*/ 2>/dev/null | sort -V | tail -n 1); d=${d%/}
    fi
    [ -n "$d" ] && [ -s "$d/bzImage" ] && [ -s "$d/initrd.cpio" ] && echo "$d/bzImage"
}
cached && exit 0
mkdir -p "$cache"
# One fetch at a time: a second caller waits and then reuses the result.
exec 9>"$cache/.kernel-612.lock"
flock 9
cached && exit 0

if [ -n "${KERNEL_612_VERSION:-}" ]; then
    abi=$KERNEL_612_VERSION+deb13-amd64
else
    abi=$("$here/sid-apt.sh" trixie --apt-cache depends linux-image-amd64 |
          sed -n 's/.*Depends: linux-image-\(6\.12\.[0-9]*+deb13-amd64\)$/\1/p' | head -n 1)
    [ -n "$abi" ] || { echo "kernel-612.sh: no 6.12 kernel found in trixie" >&2; exit 1; }
fi
ver=${abi%%+*}
out=$cache/kernel-6.12-$ver
tmp=$cache/.kernel-6.12-$ver.tmp   # renamed to $out when complete
rm -rf "$tmp"; mkdir -p "$tmp/debs"
echo "fetching Debian trixie's linux-image-$abi-unsigned" >&2
"$here/sid-apt.sh" trixie "$tmp/debs" "linux-image-$abi-unsigned" >&2
dpkg-deb -x "$tmp"/debs/linux-image-*.deb "$tmp/root"
rm -rf "$tmp/debs"
# trixie ships modules under usr/lib; kmod's -d ROOT looks in ROOT/lib/modules.
[ -e "$tmp/root/lib" ] || ln -s usr/lib "$tmp/root/lib"
depmod -b "$tmp/root" "$abi"

# The initramfs: static busybox, the 9p modules decompressed, in load order.
ird=$tmp/initrd
mkdir -p "$ird/bin" "$ird/lib" "$ird/proc" "$ird/newroot" "$ird/dev"
cp /bin/busybox "$ird/bin/busybox"
modprobe -C /dev/null -d "$tmp/root" -S "$abi" --show-depends -a 9p 9pnet_virtio |
    awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++' > "$tmp/9p.list"
: > "$ird/lib/order"
while read -r ko; do
    b=${ko##*/}; b=${b%.xz}
    xz -dc "$ko" > "$ird/lib/$b"
    echo "$b" >> "$ird/lib/order"
done < "$tmp/9p.list"
[ -s "$ird/lib/order" ] || { echo "kernel-612.sh: 9p modules not found" >&2; exit 1; }
cat > "$ird/init" <<'EOF'
#!/bin/busybox sh
# Load 9p, mount the host's / (tag /dev/root, as vm.sh exports it) read-only
# and hand over to the init= of the kernel command line (tests/vm/init.sh).
b=/bin/busybox
$b mount -t proc proc /proc
$b mount -t devtmpfs devtmpfs /dev
while read -r m; do $b insmod /lib/$m || echo "initrd: insmod $m failed"; done < /lib/order
init=/sbin/init
for w in $($b cat /proc/cmdline); do case $w in init=*) init=${w#init=} ;; esac; done
$b mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro /dev/root /newroot ||
    { echo "initrd: cannot mount the 9p root"; $b sleep 2; $b poweroff -f; }
$b umount /dev
$b umount /proc
exec $b switch_root /newroot "$init"
EOF
chmod +x "$ird/init"
(cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$tmp/initrd.cpio"
rm -rf "$ird" "$tmp/9p.list"
# The kernel's request_module() helper (init.sh points
# /proc/sys/kernel/modprobe here): the host's modprobe, on this module tree.
printf '#!/bin/sh\nexec modprobe -C /dev/null -d %s "$@"\n' "$out/root" > "$tmp/modprobe"
chmod +x "$tmp/modprobe"
cp "$tmp/root/boot/vmlinuz-$abi" "$tmp/bzImage"
echo "$abi" > "$tmp/version"
rm -rf "$out"; mv "$tmp" "$out"
echo "$out/bzImage"
