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
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
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
