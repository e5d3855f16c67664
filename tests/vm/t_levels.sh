#!/usr/bin/env bash
# Every level and metadata version: mdctl creates, data is written, the array is
# stopped and reassembled by mdctl, and the kernel's view and the data are checked.
# Linux 6.12 has no linear personality (removed in 6.8, back in 6.14): skipped there.
# kernels: 7.2 6.12
. tests/vm/lib.sh

head -c 4M /dev/urandom > /tmp/pattern

check_array() {  # MD LEVEL N METADATA
	local k=${1#/dev/}
	assert_eq "$(cat /sys/block/$k/md/level)" "$2" "level of $1"
	assert_eq "$(cat /sys/block/$k/md/raid_disks)" "$3" "raid_disks of $1"
	assert_eq "$(cat /sys/block/$k/md/metadata_version)" "$4" "metadata_version of $1"
	assert_contains "$(cat /proc/mdstat)" "$k : active $2" "mdstat shows $1"
}

for meta in 1.2 1.0 1.1; do
	for spec in linear:2 raid0:3 raid1:2 raid4:3 raid5:3 raid6:4 raid10:4; do
		level=${spec%:*} n=${spec#*:}
		if [ "$level" = linear ] && kernel_is_612; then continue; fi
		devs=()
		for ((i = 0; i < n; i++)); do devs+=("$(mkloop 40)"); done
		$MDCTL --create /dev/md0 --run --assume-clean -e "$meta" -l "$level" -n "$n" "${devs[@]}" \
			|| fail "create $level $meta"
		check_array /dev/md0 "$level" "$n" "$meta"
		dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write $level $meta"
		$MDCTL --stop /dev/md0 || fail "stop $level $meta"
		[ -e /sys/block/md0/md/level ] && [ "$(cat /sys/block/md0/md/level)" != "" ] &&
			fail "md0 still active after stop ($level $meta)"
		# reassemble from the members given in reverse order
		rev=(); for ((i = n - 1; i >= 0; i--)); do rev+=("${devs[i]}"); done
		$MDCTL --assemble /dev/md0 "${rev[@]}" || fail "assemble $level $meta"
		check_array /dev/md0 "$level" "$n" "$meta"
		cmp -n $((4 << 20)) /tmp/pattern /dev/md0 || fail "data differs after reassembly ($level $meta)"
		$MDCTL --stop /dev/md0 || fail "second stop $level $meta"
		cleanup_all
		ok "$level metadata $meta"
	done
done
