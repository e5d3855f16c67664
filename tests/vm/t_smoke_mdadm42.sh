#!/usr/bin/env bash
# Same smoke test with the older peer, mdadm 4.2 (Debian bookworm).
# timeout: 120
. tests/vm/lib.sh
case $MDCTL in *-san) skip "peer-only test, runs in the plain suite" ;; esac
a=$(mkloop 64); b=$(mkloop 64)
run "$MDADM42" --create /dev/md0 --level=1 --raid-devices=2 --assume-clean --run "$a" "$b"
st=$(cat /proc/mdstat)
assert_contains "$st" "md0 : active raid1 ${b#/dev/}[1] ${a#/dev/}[0]" /proc/mdstat
assert_contains "$st" "[2/2] [UU]" /proc/mdstat
write_pattern /dev/md0 42 8
verify_pattern /dev/md0 42 8
run "$MDADM42" --detail /dev/md0
assert_contains "$OUT" "Raid Level : raid1"
run "$MDADM42" --stop /dev/md0
if grep -q '^md0 : active' /proc/mdstat; then fail "md0 still active"; fi
ok "mdadm 4.2 raid1 create/stop"
