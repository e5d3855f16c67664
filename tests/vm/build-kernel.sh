#!/usr/bin/env bash
# Build (or reuse) the test kernel: Linux 7.2 from Debian's linux-source-7.2,
# tinyconfig plus kernel.config. The bzImage is cached by the fragment's hash.
# Prints the bzImage path on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${MDCTL_CACHE:-/var/cache/mdctl-test}
key=$(cat "$here/kernel.config" | sha256sum | cut -c1-16)
out=$cache/kernel-7.2-$key
if [ -s "$out/bzImage" ]; then echo "$out/bzImage"; exit 0; fi
mkdir -p "$cache/debs" "$out"
# One build at a time: a second caller waits and then reuses the result.
exec 9>"$cache/.kernel-build.lock"
flock 9
if [ -s "$out/bzImage" ]; then echo "$out/bzImage"; exit 0; fi
ls "$cache"/debs/linux-source-7.2_*.deb >/dev/null 2>&1 ||
    "$here/sid-apt.sh" sid "$cache/debs" linux-source-7.2 >&2
src=$cache/linux-src
if [ ! -d "$src/linux" ]; then
    rm -rf "$src"; mkdir -p "$src"
    dpkg-deb --fsys-tarfile "$cache"/debs/linux-source-7.2_*.deb |
        tar -x -C "$src" --wildcards '*/linux-source-7.2.tar.xz' --strip-components=3
    tar -xf "$src"/linux-source-7.2.tar.xz -C "$src"
    mv "$src"/linux-source-7.2 "$src/linux"
    rm -f "$src"/linux-source-7.2.tar.xz
fi
b=$out/build
mkdir -p "$b"
echo "building test kernel in $b (about 4 minutes)" >&2
make -s -C "$src/linux" O="$b" tinyconfig >&2
"$src/linux/scripts/kconfig/merge_config.sh" -m -O "$b" "$b/.config" "$here/kernel.config" >/dev/null
make -s -C "$src/linux" O="$b" olddefconfig >&2
# Every fragment option must survive olddefconfig, or the kernel is not what we test.
while read -r line; do
    grep -qx "$line" "$b/.config" || { echo "kernel config lost: $line" >&2; exit 1; }
done < "$here/kernel.config"
make -s -C "$src/linux" O="$b" -j"$(nproc)" bzImage >&2
cp "$b/arch/x86/boot/bzImage" "$out/bzImage.tmp" && mv "$out/bzImage.tmp" "$out/bzImage"
rm -rf "$b"
echo "$out/bzImage"
