#!/usr/bin/env bash
# --consistency-policy at --create and --grow (PPL): for raid5 with 1.1 and 1.2
# metadata mdctl writes what mdadm 4.6 writes for the same command on fresh
# devices of the same size (--examine and --detail equal with uuids, times and
# checksums left out; the PPL area's header sector equal), the kernel runs it
# with md/consistency_policy "ppl", and each tool assembles the other's array.
# 1.0 with a PPL as mdadm 4.6 plans it (it fails to finish its own).
# Then the refusals (bad policy, ppl on raid1/raid6, ppl with a bitmap,
# journal without a journal device): each exits non-zero and the members
# stay blank.
# kernels: 7.2 6.12
# timeout: 180
. tests/vm/lib.sh

M=$MDADM46
norm() { grep -vE 'Device UUID|Time :|Checksum :|^/dev/|/dev/loop' || true; }
blank() { local d; for d in "$@"; do ! $M -E "$d" >/dev/null 2>&1 || fail "$d was written"; done; }
hdr() { dd if="$1" bs=512 skip="$2" count=8 status=none | od -A x -t x1 | sed -n '1,40p' | md5sum; }

# interop POLICY MDADMS MDCTLS: with /dev/md0 (mdctl's array) running, stop
# it; mdadm 4.6 assembles mdctl's members (array MDCTLS), mdctl mdadm's
# (MDADMS), each with the policy in force.
interop() {
	local -n _theirs=$2 _ours=$3
	run $MDCTL -S /dev/md0
	run $M -A /dev/md0 "${_ours[@]}"
	[ "$(mdsys /dev/md0 consistency_policy)" = "$1" ] || fail "mdadm assembled mdctl's array without $1"
	run $M -S /dev/md0
	run $MDCTL -A /dev/md0 "${_theirs[@]}"
	[ "$(mdsys /dev/md0 consistency_policy)" = "$1" ] || fail "mdctl assembled mdadm's array without $1"
	run $MDCTL -S /dev/md0
}

for spec in 1.2:24 1.1:24; do
	meta=${spec%:*} mib=${spec#*:}
	a=(); b=()
	for i in 1 2 3; do a+=("$(mkloop "$mib")"); b+=("$(mkloop "$mib")"); done
	# one array uuid for both: the PPL header signature derives from it
	args=(-R -e "$meta" -l5 -n3 --assume-clean --consistency-policy=ppl --uuid=0123456789abcdef0123456789abcdef)
	run $M -C /dev/md0 "${args[@]}" "${a[@]}"
	[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "mdadm's array is not ppl"
	ex_a=$($M -E "${a[0]}" | norm) de_a=$($M -D /dev/md0 | norm)
	so=$([ "$meta" = 1.2 ] && echo 8 || echo 0)
	h_a=$(hdr "${a[0]}" $((so + 8)))
	run $M -S /dev/md0
	run $MDCTL -C /dev/md0 "${args[@]}" "${b[@]}"
	[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "mdctl's array is not ppl ($meta)"
	ex_b=$($M -E "${b[0]}" | norm) de_b=$($M -D /dev/md0 | norm)
	h_b=$(hdr "${b[0]}" $((so + 8)))
	[ "$ex_a" = "$ex_b" ] || { diff <(echo "$ex_a") <(echo "$ex_b") || true; fail "-E differs ($meta, $mib MiB)"; }
	[ "$de_a" = "$de_b" ] || { diff <(echo "$de_a") <(echo "$de_b") || true; fail "-D differs ($meta, $mib MiB)"; }
	[ "$h_a" = "$h_b" ] || fail "PPL header sector differs ($meta, $mib MiB)"
	same_as_mdadm "examine $meta" -E "${b[1]}" || fail "mdctl -E of its own array differs from mdadm's"
	same_as_mdadm "detail $meta" -D /dev/md0 || fail "mdctl -D of its own array differs from mdadm's"
	# before its start the kernel finds mdctl's empty log valid: nothing to
	# count as a mismatch (checked through a grow back and forth below)
	interop ppl a b
	[ "$meta" = 1.2 ] && h12=$h_b
	ok "raid5 ppl $meta on $mib MiB: same as mdadm 4.6, interop both ways"
done

# 1.0: mdadm 4.6 plans the PPL below the superblock (ppl.offset -2056, size
# 2048, bad-block log at -8, data_size super_offset - 2056) and writes that
# superblock on its first member, then fails ("Failed to seek offset for
# zeroing", exit 1). mdctl writes that superblock on every member and the
# empty log (the same header bytes as on 1.2: they depend on the uuid only)
# at super_offset - 2056; the kernel runs it as ppl and mdadm 4.6 assembles
# it. mdadm -E prints the negative offset as unsigned (63480), mdctl -E as
# it is (-2056).
a=(); b=()
for i in 1 2 3; do a+=("$(mkloop 24)"); b+=("$(mkloop 24)"); done
args=(-R -e 1.0 -l5 -n3 --assume-clean --consistency-policy=ppl --uuid=0123456789abcdef0123456789abcdef)
expect_fail "Failed to seek offset for zeroing" $M -C /dev/md0 "${args[@]}" "${a[@]}"
$M -S /dev/md0 > /dev/null 2>&1 || true
norm10() { norm | grep -vE '^ *(State|Events) :'; }
ex_a=$($M -E "${a[0]}" | norm10)
run $MDCTL -C /dev/md0 "${args[@]}" "${b[@]}"
[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "mdctl's 1.0 array is not ppl"
same_as_mdadm "detail 1.0 ppl" -D /dev/md0 || fail "mdctl -D of its 1.0 ppl array differs from mdadm's"
run $MDCTL -S /dev/md0
ex_b=$($M -E "${b[0]}" | norm10)
[ "$ex_a" = "$ex_b" ] || { diff <(echo "$ex_a") <(echo "$ex_b") || true; fail "1.0 -E differs from mdadm 4.6's planned superblock"; }
assert_contains "$ex_b" "PPL : 2048 sectors at offset 63480 sectors" "mdadm -E of mdctl's 1.0 member"
assert_contains "$($MDCTL -E "${b[0]}")" "PPL : 2048 sectors at offset -2056 sectors" "mdctl -E"
so=$($M -E "${b[0]}" | sed -n 's/.*Super Offset : \([0-9]*\) sectors.*/\1/p')
[ "$(hdr "${b[0]}" $((so - 2056)))" = "$h12" ] || fail "1.0 PPL header differs from the 1.2 one"
run $M -A /dev/md0 "${b[@]}"
[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "mdadm assembled mdctl's 1.0 array without ppl"
run $M -S /dev/md0
ok "raid5 ppl 1.0: mdadm 4.6's planned superblock, run by the kernel, assembled by mdadm 4.6"

# --grow --consistency-policy=resync then =ppl: mdctl on its array does what
# mdadm 4.6 does on its own (same -E after each step); each assembles the other's
x=(); y=()
for i in 1 2 3; do x+=("$(mkloop 24)"); y+=("$(mkloop 24)"); done
U=--uuid=fedcba9876543210fedcba9876543210
grow_steps() { # TOOL DEVS... -> -E of the first member after each step
	local t=$1; shift
	run "$t" -C /dev/md0 -R -l5 -n3 --assume-clean -k ppl $U "$@" >/dev/null
	run "$t" --grow /dev/md0 --consistency-policy=resync >/dev/null
	[ "$(mdsys /dev/md0 consistency_policy)" = resync ] || fail "$t: not resync after grow"
	$M -E "$1" | norm
	run "$t" --grow /dev/md0 -k ppl >/dev/null
	[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "$t: not ppl after grow"
	$M -E "$1" | norm
	hdr "$1" 16
	run "$t" -S /dev/md0 >/dev/null
}
g_a=$(grow_steps $M "${x[@]}")
g_b=$(grow_steps $MDCTL "${y[@]}")
[ "$g_a" = "$g_b" ] || { diff <(echo "$g_a") <(echo "$g_b") || true; fail "--grow -k differs from mdadm 4.6's"; }
run $M -A /dev/md0 "${y[@]}"
[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "mdadm assembled mdctl's grown array without ppl"
run $M -S /dev/md0
run $MDCTL -A /dev/md0 "${x[@]}"
[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "mdctl assembled mdadm's grown array without ppl"
run $MDCTL --grow /dev/md0 -k ppl
expect_fail "two --grow steps" $MDCTL --grow /dev/md0 -k resync --bitmap=internal
expect_fail "on its own" $MDCTL --grow /dev/md0 -k resync -n4
expect_fail "excludes a bitmap" $MDCTL --grow /dev/md0 --bitmap=internal
[ "$(mdsys /dev/md0 consistency_policy)" = ppl ] || fail "a refused grow changed the policy"
run $MDCTL -S /dev/md0
ok "--grow --consistency-policy resync/ppl as mdadm 4.6, interop both ways"

# --write-journal: the same superblocks as mdadm 4.6's (journal numbered 0,
# role Journal, feature 0x200 everywhere), policy journal, interop both ways
ja=(); jb=()
for i in 1 2 3 4; do ja+=("$(mkloop 24)"); jb+=("$(mkloop 24)"); done
jargs=(-R -l5 -n3 --assume-clean --uuid=00112233445566778899aabbccddeeff)
run $M -C /dev/md0 "${jargs[@]}" --write-journal "${ja[3]}" "${ja[@]:0:3}"
[ "$(mdsys /dev/md0 consistency_policy)" = journal ] || fail "mdadm's array is not journal"
e_a=$($M -E "${ja[3]}" "${ja[0]}" | norm) d_a=$($M -D /dev/md0 | norm)
run $M -S /dev/md0
run $MDCTL -C /dev/md0 "${jargs[@]}" --write-journal "${jb[3]}" "${jb[@]:0:3}"
[ "$(mdsys /dev/md0 consistency_policy)" = journal ] || fail "mdctl's array is not journal"
e_b=$($M -E "${jb[3]}" "${jb[0]}" | norm) d_b=$($M -D /dev/md0 | norm)
[ "$e_a" = "$e_b" ] || { diff <(echo "$e_a") <(echo "$e_b") || true; fail "journal -E differs"; }
[ "$d_a" = "$d_b" ] || { diff <(echo "$d_a") <(echo "$d_b") || true; fail "journal -D differs"; }
same_as_mdadm "journal examine" -E "${jb[3]}" || fail "mdctl -E of the journal differs from mdadm's"
interop journal ja jb
ok "raid5 --write-journal as mdadm 4.6, interop both ways"

# refusals: nothing written
c=(); for i in 1 2 3 4; do c+=("$(mkloop 24)"); done
expect_fail "unknown consistency policy" $MDCTL -C /dev/md0 -R -l5 -n3 -k bogus "${c[@]:0:3}"
expect_fail "raid5 only" $MDCTL -C /dev/md0 -R -l1 -n2 -k ppl "${c[@]:0:2}"
expect_fail "raid5 only" $MDCTL -C /dev/md0 -R -l6 -n4 -k ppl "${c[@]}"
expect_fail "excludes a bitmap" $MDCTL -C /dev/md0 -R -l5 -n3 -k ppl --bitmap=internal "${c[@]:0:3}"
expect_fail "write journal" $MDCTL -C /dev/md0 -R -l5 -n3 -k journal "${c[@]:0:3}"
expect_fail "write journal" $MDCTL -C /dev/md0 -R -l1 -n2 -k journal "${c[@]:0:2}"
expect_fail "no redundancy" $MDCTL -C /dev/md0 -R -l0 -n2 -k resync "${c[@]:0:2}"
expect_fail "needs a bitmap" $MDCTL -C /dev/md0 -R -l5 -n3 -k bitmap "${c[@]:0:3}"
expect_fail "raid4, raid5 and raid6 only" $MDCTL -C /dev/md0 -R -l1 -n2 --write-journal "${c[3]}" "${c[@]:0:2}"
expect_fail "implies --consistency-policy=journal" $MDCTL -C /dev/md0 -R -l5 -n3 --write-journal "${c[3]}" -k ppl "${c[@]:0:3}"
expect_fail "excludes a bitmap" $MDCTL -C /dev/md0 -R -l5 -n3 --write-journal "${c[3]}" --bitmap=internal "${c[@]:0:3}"
blank "${c[@]}"
ok "refusals wrote nothing"

# resync: no feature bit, the kernel says resync
run $MDCTL -C /dev/md0 -R -l5 -n3 --assume-clean -k resync "${c[@]:0:3}"
[ "$(mdsys /dev/md0 consistency_policy)" = resync ] || fail "not resync"
assert_contains "$($M -E "${c[0]}")" "Feature Map : 0x0" "no feature with resync"
ex=$($M -E "${c[0]}")
expect_fail "not enough space for a PPL" $MDCTL --grow /dev/md0 -k ppl
expect_fail "unknown consistency policy" $MDCTL --grow /dev/md0 -k bogus
expect_fail "--grow --bitmap=internal" $MDCTL --grow /dev/md0 -k bitmap
[ "$(mdsys /dev/md0 consistency_policy)" = resync ] || fail "a refused grow changed the policy"
[ "$ex" = "$($M -E "${c[0]}")" ] || fail "a refused grow changed the superblock"
run $MDCTL -S /dev/md0
run $MDCTL -C /dev/md0 -R -l1 -n2 --assume-clean "${c[@]:0:2}"
expect_fail "raid5 only" $MDCTL --grow /dev/md0 -k ppl
run $MDCTL -S /dev/md0
ok "resync at create, grow refusals"
ok done
