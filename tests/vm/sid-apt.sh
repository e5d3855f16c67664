#!/usr/bin/env bash
# Fetch .deb files from a Debian suite (sid, trixie, bookworm) through a private
# sources list and lists directory, leaving the machine's own apt set-up untouched.
# Usage: sid-apt.sh SUITE DESTDIR PACKAGE...   (downloads, does not install)
#        sid-apt.sh SUITE --apt-cache ARGS...  (apt-cache on that suite's lists,
#                                               e.g. `depends linux-image-amd64`)
set -euo pipefail
suite=$1 dest=$2; shift 2
cache=${MDCTL_CACHE:-/var/cache/mdctl-test}
root=$cache/apt-$suite
mkdir -p "$root/lists/partial" "$root/archives/partial"
# The mirror is the machine's own: the first URIs: of its deb822 sources that
# serve the main archive (not -security), else the first deb line of sources.list.
mirror=$(awk '/^URIs:/ && $2 !~ /-security/ { print $2; exit }' \
             /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
                                 /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "sid-apt.sh: no Debian mirror in /etc/apt's sources" >&2; exit 1; }
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
    > "$root/sources.list"
opts=(-o Dir::Etc::SourceList="$root/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::State::Lists="$root/lists" -o Dir::Cache::Archives="$root/archives"
      -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
# Refresh the lists at most once a day.
stamp=$root/lists/.stamp
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
    apt-get "${opts[@]}" update -q >/dev/null
    touch "$stamp"
fi
if [ "$dest" = --apt-cache ]; then exec apt-cache "${opts[@]}" "$@"; fi
mkdir -p "$dest"
cd "$dest"
apt-get "${opts[@]}" download "$@" >/dev/null
