#!/usr/bin/env bash
# --dump and --restore, by difference with mdadm 4.6: both tools dump the
# same members (1.2 with a bitmap, 1.0 with a bitmap, 1.1 without); the
# dump files must hold the same bytes in the same allocated blocks. Then
# each tool restores the other's dump onto members whose superblocks were
# erased: -E must read as before and the array assembles with its data.
# Refusals (no directory, an existing file, no superblock, a size or
# identity that differs, a member in use, one file missing among several)
# exit non-zero with one line and change nothing.
. tests/vm/lib.sh

D=/tmp/dumps
rm -rf $D; mkdir -p $D/c $D/m $D/x
head -c 1M /dev/urandom > /tmp/pattern

extents() { # FILE -> its allocated byte ranges (SEEK_DATA/SEEK_HOLE)
	python3 - "$1" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY); end = os.lseek(fd, 0, os.SEEK_END); off = 0
while off < end:
    try: s = os.lseek(fd, off, os.SEEK_DATA)
    except OSError: break
    off = os.lseek(fd, s, os.SEEK_HOLE); print(s, off)
PY
}
ex() { $MDADM46 -E "$1" | sed '/Update Time\|Checksum/d'; }

devs=()
for spec in 1.2:1:internal 1.0:5:internal 1.1:1:none; do
	IFS=: read -r meta level bitmap <<< "$spec"
	set -- $(mkloop 40) $(mkloop 40) $(mkloop 40)
	n=2; [ "$level" = 5 ] && n=3
	mem=("${@:1:n}")
	$MDADM46 -C /dev/md0 --run --assume-clean -e "$meta" -l "$level" -n "$n" --bitmap="$bitmap" \
		"${mem[@]}" > /dev/null 2>&1 || fail "mdadm create $spec"
	dd if=/tmp/pattern of=/dev/md0 bs=1M oflag=direct status=none
	$MDADM46 -S /dev/md0 > /dev/null
	out=$($MDCTL --dump=$D/c "${mem[@]}" 2>&1) || fail "mdctl --dump ($spec): $out"
	$MDADM46 --dump=$D/m "${mem[@]}" > /dev/null 2>&1 || fail "mdadm --dump ($spec)"
	for d in "${mem[@]}"; do
		b=${d##*/}
		cmp $D/c/$b $D/m/$b || fail "$spec: mdctl's dump of $d differs from mdadm's"
		assert_eq "$(extents $D/m/$b)" "$(extents $D/c/$b)" "$spec: allocated blocks of the dump of $d"
	done
	assert_contains "$out" "${mem[0]} saved as $D/c/${mem[0]##*/}"
	# each tool restores the other's dump onto erased members
	for d in "${mem[@]}"; do eval "E_${d##*/}=\$(ex $d)"; done
	$MDADM46 --zero-superblock "${mem[@]}"
	out=$($MDCTL --restore=$D/m "${mem[@]}" 2>&1) || fail "mdctl --restore of mdadm's dump ($spec): $out"
	for d in "${mem[@]}"; do v=E_${d##*/}; assert_eq "${!v}" "$(ex "$d")" "$spec: -E of $d after mdctl --restore"; done
	$MDADM46 --zero-superblock "${mem[@]}"
	$MDADM46 --restore=$D/c "${mem[@]}" > /dev/null 2>&1 || fail "mdadm --restore of mdctl's dump ($spec)"
	for d in "${mem[@]}"; do v=E_${d##*/}; assert_eq "${!v}" "$(ex "$d")" "$spec: -E of $d after mdadm --restore"; done
	$MDCTL -A /dev/md0 "${mem[@]}" || fail "assemble after restore ($spec)"
	cmp -n 1048576 /tmp/pattern /dev/md0 || fail "data after restore ($spec)"
	$MDCTL -S /dev/md0
	devs+=("${mem[@]}")
	ok "$spec: mdctl's dump equals mdadm's; each restores the other's [${SECONDS}s]"
done

# ---- refusals: one line, non-zero, nothing written ----
a=${devs[0]} b=${devs[1]} blank=$(mkloop 40) big=$(mkloop 41)
one_line() { [[ $OUT != *$'\n'* ]] || fail "more than one line: $OUT"; }
snapshot "$a" "$b" "$blank" "$big"
expect_fail "needs an existing directory" $MDCTL --dump=$D/none "$a"; one_line
expect_fail "cannot create dump file $D/c/${a##*/}: File exists" $MDCTL --dump=$D/c "$a"; one_line
expect_fail "no v1.x md superblock found" $MDCTL --dump=$D/x "$blank"; one_line
[ -z "$(ls $D/x)" ] || fail "a dump file was left for a device without metadata: $(ls $D/x)"
expect_fail "is not the size of" $MDCTL --restore=$D/c/${a##*/} "$big"; one_line
expect_fail "no dump for $blank" $MDCTL --restore=$D/c "$blank"; one_line
expect_fail "holds another member's superblock" $MDCTL --restore=$D/c/${b##*/} "$a"; one_line
expect_fail "takes one device" $MDCTL --restore=$D/c/${a##*/} "$a" "$b"
expect_fail "only one of --examine" $MDCTL -E --dump=$D/x "$a"
# all or none: b's dump is there, blank's is not: b is not written either
$MDADM46 --zero-superblock "$b"; snapshot "$b"
expect_fail "no dump for $blank" $MDCTL --restore=$D/c "$b" "$blank"
assert_unchanged "$a" "$b" "$blank" "$big"
# a member of a running array is refused
$MDCTL --restore=$D/c "$b" > /dev/null 2>&1 || fail "restore of $b"
$MDCTL -A /dev/md0 "$a" "$b" || fail "assemble"
expect_fail "" $MDCTL --restore=$D/c "$a"; one_line
$MDCTL -S /dev/md0
# --force takes another member's dump (as mdadm does without asking)
$MDCTL --restore=$D/c/${b##*/} --force "$a" > /dev/null 2>&1 || fail "restore --force"
assert_eq "$($MDADM46 -E "$b" | grep 'Device UUID')" "$($MDADM46 -E "$a" | grep 'Device UUID')" "device UUID after --force"
ok "refusals leave every device as it was [${SECONDS}s]"
