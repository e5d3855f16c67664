#!/usr/bin/env bash
# linux-raid reproducer (mdadm 4.4 failed with "Unable to initialize sysfs"):
# create 1.0, stop, assemble again, in both gendisk deletion modes of md_mod.
. tests/vm/lib.sh

[ -e /sys/module/md_mod/parameters/legacy_async_del_gendisk ] ||
	fail "this kernel should have md_mod.legacy_async_del_gendisk"
for mode in sync legacy; do
	gendisk_mode $mode
	a=$(mkloop 32) b=$(mkloop 32)
	$MDCTL -CR /dev/md0 -l 1 -n 2 "$a" "$b" -e 1.0 --assume-clean || fail "create ($mode)"
	$MDCTL -S /dev/md0 || fail "stop ($mode)"
	if [ $mode = sync ]; then
		[ ! -e /sys/block/md0 ] || fail "sync mode: /sys/block/md0 should be gone after stop"
	fi
	$MDCTL -A /dev/md0 "$a" "$b" || fail "assemble after stop ($mode)"
	assert_contains "$(cat /proc/mdstat)" "md0 : active raid1" "md0 active again ($mode)"
	# and once more, to catch a device left half-deleted by the first stop
	$MDCTL -S /dev/md0 || fail "second stop ($mode)"
	$MDCTL -A /dev/md0 "$a" "$b" || fail "second assemble ($mode)"
	$MDCTL -S /dev/md0 || fail "third stop ($mode)"
	cleanup_all
	ok "reproducer in $mode gendisk mode"
done
gendisk_mode legacy
