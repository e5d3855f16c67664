#!/usr/bin/env bash
# Fetch what tests/vm/t_libblockdev.sh needs into the cache, extracted, never
# installed (host side; idempotent; prints nothing when all is there):
#   $cache/libblockdev/tests/             libblockdev 2.28's own tests (mdraid_test.py,
#                                         utils.py, skip.yml, ...) from Debian bookworm's
#                                         source package
#   $cache/libblockdev/mdraid/            `dpkg -x` of libblockdev-mdraid2 at the version
#                                         of the installed libblockdev2; the plugin is
#                                         mdraid/usr/lib/x86_64-linux-gnu/libbd_mdraid.so.2
# libblockdev-mdraid2 is never installed: it depends on Debian's mdadm, which
# would put mdadm 4.2 at /sbin/mdadm and its udev rules on the host (the VM's
# root). The python side (python3-blockdev, gir1.2-blockdev-2.0, ...) comes
# from dev.sh's PKGS.
set -euo pipefail
cache=${MDCTL_CACHE:-/var/cache/mdctl-test}
d=$cache/libblockdev
have() { [ -f "$d/tests/mdraid_test.py" ] && [ -f "$d/mdraid/usr/lib/x86_64-linux-gnu/libbd_mdraid.so.2" ]; }
have && exit 0

ver=$(dpkg-query -W -f='${Version}' libblockdev2 2>/dev/null) ||
    { echo "libblockdev.sh: libblockdev2 is not installed (./dev.sh deps)" >&2; exit 1; }
[ -n "$ver" ] || { echo "libblockdev.sh: libblockdev2 is not installed (./dev.sh deps)" >&2; exit 1; }
mkdir -p "$d"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f "$d/tests/mdraid_test.py" ]; then
    # A private sources list with bookworm's deb-src line: the machine's own
    # apt set-up stays untouched. The mirror is the first URIs: of its deb822
    # sources that is not -security (as tests/vm/sid-apt.sh picks it).
    mirror=$(awk '/^URIs:/ && $2 !~ /-security/ { print $2; exit }' \
                 /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
                                     /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$mirror" ] || { echo "libblockdev.sh: no Debian mirror in /etc/apt's sources" >&2; exit 1; }
    root=$cache/apt-bookworm-src
    mkdir -p "$root/lists/partial"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" \
        > "$root/sources.list"
    opts=(-o Dir::Etc::SourceList="$root/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o Dir::State::Lists="$root/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
          -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -q > /dev/null
    # The upstream tarball is the same for every Debian revision of 2.28.
    (cd "$work" && apt-get "${opts[@]}" source --download-only -q "libblockdev=${ver%%+*}" > /dev/null 2>&1 ||
                   apt-get "${opts[@]}" source --download-only -q libblockdev > /dev/null)
    tgz=$(ls "$work"/libblockdev_2.28.orig.tar.* 2>/dev/null | head -n1)
    [ -n "$tgz" ] || { echo "libblockdev.sh: no libblockdev_2.28.orig tarball" >&2; exit 1; }
    mkdir "$work/src"
    tar -xf "$tgz" -C "$work/src"
    src=$(ls -d "$work"/src/*/tests | head -n1)
    [ -f "$src/mdraid_test.py" ] || { echo "libblockdev.sh: no tests/mdraid_test.py in $tgz" >&2; exit 1; }
    rm -rf "$d/tests"
    cp -a "$src" "$d/tests"
fi

if [ ! -f "$d/mdraid/usr/lib/x86_64-linux-gnu/libbd_mdraid.so.2" ]; then
    (cd "$work" && apt-get download -q "libblockdev-mdraid2=$ver" > /dev/null)
    rm -rf "$d/mdraid"
    dpkg-deb -x "$work"/libblockdev-mdraid2_*.deb "$d/mdraid"
fi
have || { echo "libblockdev.sh: incomplete $d" >&2; exit 1; }
