#!/usr/bin/env bash
# Arrays move both ways between mdctl and mdadm 4.6 (and 4.2 for the common cases):
# every level and metadata version, with data written by one tool and verified
# after assembly by the other.
# Linux 6.12 has no linear personality (removed in 6.8, back in 6.14): skipped there;
# and there only metadata 1.2 is tried (where the superblock sits does not depend
# on the kernel; this keeps the 6.12 stage of ./dev.sh test short).
# kernels: 7.2 6.12
# timeout: 480
. tests/vm/lib.sh

head -c 2M /dev/urandom > /tmp/pattern

metas="1.2 1.0 1.1"
kernel_is_612 && metas=1.2
for meta in $metas; do
	for spec in linear:2 raid0:2 raid1:2 raid4:3 raid5:3 raid6:4 raid10:2; do
		level=${spec%:*} n=${spec#*:}
		if [ "$level" = linear ] && kernel_is_612; then continue; fi
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

# ---- llbitmap and --logical-block-size, both ways with mdadm 4.6 ----
# Linux 6.12 has neither (no md/bitmap_type, no md/logical_block_size).
if kernel_is_612; then
	echo "llbitmap and logical block size interop: not on Linux 6.12"
	exit 0
fi
# mdctl's llbitmap raid1 (also on 1.0 and 1.1, which mdadm 4.6 cannot create)
# and its 4096-byte logical blocks assemble under mdadm 4.6.
lbs_is_4096() {
	assert_eq 4096 "$(cat /sys/block/md0/md/logical_block_size)" "md/logical_block_size ($1)"
	assert_eq 4096 "$(cat /sys/block/md0/queue/logical_block_size)" "queue/logical_block_size ($1)"
}
for meta in 1.2 1.0 1.1; do
	a=$(mkloop 36) b=$(mkloop 36)
	$MDCTL -C /dev/md0 --run -e $meta -l1 -n2 --bitmap=llbitmap --name=il "$a" "$b" || fail "mdctl create llbitmap $meta"
	dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write"
	$MDCTL -S /dev/md0 || fail "stop"
	$MDADM46 --assemble /dev/md0 "$a" "$b" || fail "mdadm 4.6 cannot assemble mdctl's llbitmap $meta"
	assert_eq "none bitmap [llbitmap]" "$(mdsys md0 bitmap_type)" "bitmap_type under mdadm ($meta)"
	cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdadm (llbitmap $meta)"
	$MDADM46 --stop /dev/md0 || fail "mdadm stop"
	cleanup_all
	ok "interop: mdctl llbitmap raid1 $meta -> mdadm 4.6 [${SECONDS}s]"
done
a=$(mkloop 36) b=$(mkloop 36)
$MDCTL -C /dev/md0 --run --assume-clean -l1 -n2 --logical-block-size=4096 "$a" "$b" || fail "mdctl create lbs 4096"
dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write"
$MDCTL -S /dev/md0 || fail "stop"
$MDADM46 --assemble /dev/md0 "$a" "$b" || fail "mdadm 4.6 cannot assemble mdctl's lbs 4096 array"
lbs_is_4096 "mdctl's array under mdadm"
cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdadm (lbs 4096)"
$MDADM46 --stop /dev/md0 || fail "mdadm stop"
cleanup_all
ok "interop: mdctl --logical-block-size=4096 -> mdadm 4.6 [${SECONDS}s]"

# mdadm 4.6's lockless bitmap and 4096-byte logical blocks: mdctl decodes
# and assembles them.
a=$(mkloop 36) b=$(mkloop 36)
$MDADM46 -C /dev/md0 --run -l1 -n2 --bitmap=lockless "$a" "$b" >/dev/null 2>&1 || fail "mdadm create lockless"
dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write"
$MDADM46 --stop /dev/md0 >/dev/null 2>&1 || fail "mdadm stop"
out=$($MDCTL -X "$a") || fail "mdctl -X of mdadm's lockless bitmap: $out"
assert_eq "6 (llbitmap)" "$(x_field "$out" Version)" "-X Version"
sum=0
for s in "${LLB_STATES[@]}"; do sum=$(( sum + $(x_field "$out" "$s") )); done
assert_eq "$(x_field "$out" Chunks)" "$sum" "-X state counts add up to Chunks"
[ "$(x_field "$out" clean)" -gt 0 ] || fail "-X shows no clean chunk after a write and stop:"$'\n'"$out"
$MDCTL -A /dev/md0 "$a" "$b" || fail "mdctl cannot assemble mdadm's lockless array"
assert_eq "none bitmap [llbitmap]" "$(mdsys md0 bitmap_type)" "bitmap_type under mdctl"
cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdctl (lockless)"
$MDCTL -S /dev/md0 || fail "mdctl stop"
cleanup_all
ok "interop: mdadm 4.6 --bitmap=lockless -> mdctl (-X: $(x_field "$out" clean) clean of $sum chunks) [${SECONDS}s]"
a=$(mkloop 36) b=$(mkloop 36)
$MDADM46 -C /dev/md0 --run --assume-clean -l1 -n2 --logical-block-size=4096 "$a" "$b" >/dev/null 2>&1 ||
	fail "mdadm create lbs 4096"
dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none || fail "write"
$MDADM46 --stop /dev/md0 >/dev/null 2>&1 || fail "mdadm stop"
out=$($MDCTL -E "$a") || fail "mdctl -E: $out"
assert_eq 4096 "$(x_field "$out" "Logical Block Size")" "mdctl -E of mdadm's lbs 4096 member"
$MDCTL -A /dev/md0 "$a" "$b" || fail "mdctl cannot assemble mdadm's lbs 4096 array"
lbs_is_4096 "mdadm's array under mdctl"
cmp -n $((2 << 20)) /tmp/pattern /dev/md0 || fail "data differs under mdctl (lbs 4096)"
$MDCTL -S /dev/md0 || fail "mdctl stop"
cleanup_all
ok "interop: mdadm 4.6 --logical-block-size=4096 -> mdctl [${SECONDS}s]"

# The superblock mdctl writes at create is the one mdadm 4.6 writes, byte for
# byte in md_p.h's struct mdp_superblock_1 (and the first roles), apart from
# what differs between any two creates: ctime (64), device_uuid (168),
# utime (192) and sb_csum (216). Same uuid, name, homehost and member sizes.
sb_bytes() { # DEV META -> one hex byte per line, varying fields masked
	local off
	case $2 in
	1.1) off=0 ;;
	1.2) off=4096 ;;
	1.0) off=$(( ( ($(blockdev --getsz "$1") - 16) & ~7 ) * 512 )) ;;
	esac
	od -An -v -tx1 -w1 -j "$off" -N 264 "$1" | awk '
		(NR > 64 && NR <= 72) || (NR > 168 && NR <= 184) ||
		(NR > 192 && NR <= 200) || (NR > 216 && NR <= 220) { print "--"; next } { print }'
}
if ! kernel_is_612; then
	for meta in 1.2 1.1 1.0; do
		a=$(mkloop 36) b=$(mkloop 36) c=$(mkloop 36) d=$(mkloop 36)
		opts=(--run --assume-clean -e "$meta" -l1 -n2 --uuid=0cafe001:11112222:33334444:55556666
			--name=sb --homehost=hostA --bitmap=internal)
		$MDCTL -C /dev/md0 "${opts[@]}" "$a" "$b" || fail "mdctl create ($meta)"
		$MDCTL -S /dev/md0 || fail "stop"
		$MDADM46 -C /dev/md0 "${opts[@]}" "$c" "$d" >/dev/null 2>&1 || fail "mdadm create ($meta)"
		$MDADM46 -S /dev/md0 >/dev/null 2>&1 || fail "mdadm stop"
		diff=$(diff <(sb_bytes "$c" "$meta") <(sb_bytes "$a" "$meta")) ||
			fail "$meta superblock differs from mdadm 4.6's (line = byte offset + 1):"$'\n'"$diff"
		cleanup_all
	done
	ok "interop: the superblocks mdctl creates are mdadm 4.6's, byte for byte [${SECONDS}s]"
fi
