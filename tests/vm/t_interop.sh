#!/usr/bin/env bash
# Arrays move both ways between mdctl and mdadm 4.6 (and 4.2 for the common cases):
# every level and metadata version, with data written by one tool and verified
# after assembly by the other.
. tests/vm/lib.sh

head -c 2M /dev/urandom > /tmp/pattern

for meta in 1.2 1.0 1.1; do
	for spec in linear:2 raid0:2 raid1:2 raid4:3 raid5:3 raid6:4 raid10:2; do
		level=${spec%:*} n=${spec#*:}
		devs=()
		for ((i = 0; i < n; i++)); do devs+=("$(mkloop 36)"); done

		# mdctl -> mdadm 4.6
		$MDCTL -C /dev/md0 --run --assume-clean -e "$meta" -l "$level" -n "$n" --name=ia "${devs[@]}" \
			|| fail "mdctl create $level $meta"
		dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write"
		$MDCTL -S /dev/md0 || fail "stop"
		for d in "${devs[@]}"; do
			out=$($MDADM46 --examine "$d") || fail "mdadm 4.6 cannot examine $d ($level $meta)"
			assert_contains "$out" "Raid Level : $level" "mdadm sees the level on $d"
			assert_contains "$out" "Version : $meta" "mdadm sees metadata $meta on $d"
			assert_contains "$out" "Checksum : " "checksum line"
			case $out in *"Checksum : "*" - correct"*) ;; *) fail "mdadm says checksum wrong on $d: $out" ;; esac
		done
		$MDADM46 --assemble /dev/md0 "${devs[@]}" || fail "mdadm 4.6 cannot assemble mdctl's $level $meta"
		assert_contains "$(cat /proc/mdstat)" "md0 : active $level" "mdadm assembled $level"
		assert_eq "$(cat /sys/block/md0/md/degraded 2>/dev/null || echo 0)" 0 "not degraded"
		cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdadm ($level $meta)"
		$MDADM46 --stop /dev/md0 || fail "mdadm stop"

		# mdadm 4.6 -> mdctl
		$MDADM46 -C /dev/md0 --run --assume-clean -e "$meta" -l "$level" -n "$n" --bitmap=none "${devs[@]}" \
			>/dev/null 2>&1 || fail "mdadm create $level $meta"
		dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write"
		$MDADM46 --stop /dev/md0 >/dev/null 2>&1 || fail "mdadm stop"
		$MDCTL -A /dev/md0 "${devs[@]}" || fail "mdctl cannot assemble mdadm's $level $meta"
		assert_contains "$(cat /proc/mdstat)" "md0 : active $level" "mdctl assembled $level"
		cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdctl ($level $meta)"
		$MDCTL -S /dev/md0 || fail "mdctl stop"
		cleanup_all
		ok "interop $level $meta"
	done
done

# mdadm 4.2 (bookworm) reads and assembles what mdctl writes, and the reverse.
for level in raid1 raid5; do
	a=$(mkloop 36) b=$(mkloop 36) c=$(mkloop 36)
	$MDCTL -C /dev/md0 --run --assume-clean -l $level -n 3 "$a" "$b" "$c" || fail "create"
	dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none
	$MDCTL -S /dev/md0
	$MDADM42 --assemble /dev/md0 "$a" "$b" "$c" || fail "mdadm 4.2 cannot assemble mdctl's $level"
	cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdadm 4.2"
	$MDADM42 --stop /dev/md0
	$MDADM42 -C /dev/md0 --run --assume-clean -l $level -n 3 "$a" "$b" "$c" >/dev/null 2>&1 || fail "4.2 create"
	dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none
	$MDADM42 --stop /dev/md0
	$MDCTL -A /dev/md0 "$a" "$b" "$c" || fail "mdctl cannot assemble mdadm 4.2's $level"
	cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdctl"
	$MDCTL -S /dev/md0
	cleanup_all
	ok "interop with mdadm 4.2: $level"
done
