#!/usr/bin/env bash
# --add-journal: a raid5 with a write journal, assembled without its journal
# (--force: started read-only), gets a new journal from mdctl and, on an
# identical array, from mdadm 4.6: the same --examine of the new journal and
# --detail of the array (uuids, times, checksums left out), the same member
# states in sysfs, the array read-write again with policy journal; mdadm 4.6
# assembles mdctl's result and mdctl mdadm's. A journal that fails on a
# running array is removed, the array set read-only and a new one added.
# Then the refusals, each with nothing written: a working journal, a failed
# journal still in the array, a read-write array, no journal feature, raid1,
# a device too small, a device in use.
# timeout: 240
. tests/vm/lib.sh

M=$MDADM46
norm() { grep -vE 'Device UUID|Time :|Checksum :|/dev/loop' || true; }
states() { local d; for d in /sys/block/md0/md/dev-*; do echo "$(cat "$d/slot") $(cat "$d/state")"; done | sort; }
U=--uuid=0123456789abcdef0123456789abcdef

# journal_lost TOOL MEMBERS... JOURNAL: create with mdctl, stop, assemble
# without the journal with TOOL (started read-only)
journal_lost() {
	local t=$1; shift
	local j=${*: -1} m=("${@:1:$#-1}")
	run $MDCTL -C /dev/md0 -R -l5 -n3 --assume-clean $U --write-journal "$j" "${m[@]}" >/dev/null
	run $MDCTL -S /dev/md0 >/dev/null
	run "$t" -A /dev/md0 --force "${m[@]}"
	assert_eq readonly "$(mdsys md0 array_state)" "$t: array_state without the journal"
}

a=(); b=()
for i in 1 2 3 4 5; do a+=("$(mkloop 32)"); b+=("$(mkloop 32)"); done
# a[0..2] members, a[3] journal (lost), a[4] the new journal; b the same
journal_lost $M "${a[@]:0:4}"
run $M /dev/md0 --add-journal "${a[4]}"
ma=$OUT
ea=$($M -E "${a[4]}" | norm) da=$($M -D /dev/md0 | norm) sa=$(states) xa=$(mdsys md0 array_state)
run $M -S /dev/md0
journal_lost $MDCTL "${b[@]:0:4}"
run $MDCTL /dev/md0 --add-journal "${b[4]}"
[ "${ma//mdadm/mdctl}" = "${OUT//${b[4]}/${a[4]}}" ] || fail "messages differ: mdadm '$ma', mdctl '$OUT'"
eb=$($M -E "${b[4]}" | norm) db=$($M -D /dev/md0 | norm) sb=$(states) xb=$(mdsys md0 array_state)
[ "$ea" = "$eb" ] || { diff <(echo "$ea") <(echo "$eb") || true; fail "-E of the new journal differs"; }
[ "$da" = "$db" ] || { diff <(echo "$da") <(echo "$db") || true; fail "-D after --add-journal differs"; }
[ "$sa" = "$sb" ] || fail "member states differ: mdadm '$sa', mdctl '$sb'"
[ "$xa" = "$xb" ] || fail "array_state differs: mdadm $xa, mdctl $xb"
assert_eq journal "$(mdsys md0 consistency_policy)" "policy after --add-journal"
same_as_mdadm "examine new journal" -E "${b[4]}" || fail "mdctl -E of the new journal differs from mdadm's"
write_pattern /dev/md0 5 8
run $MDCTL -S /dev/md0
run $M -A /dev/md0 "${b[0]}" "${b[1]}" "${b[2]}" "${b[4]}"
assert_eq journal "$(mdsys md0 consistency_policy)" "mdadm's assembly of mdctl's result"
assert_not_contains "$(mdsys md0 array_state)" "read" "mdadm's assembly of mdctl's result"
verify_pattern /dev/md0 5 8
run $M -S /dev/md0
run $MDCTL -A /dev/md0 "${a[0]}" "${a[1]}" "${a[2]}" "${a[4]}"
assert_contains "$OUT" "has been started with 3 drives and 1 journal." "mdctl --assemble (mdadm 4.6's words)"
assert_eq journal "$(mdsys md0 consistency_policy)" "mdctl's assembly of mdadm's result"
write_pattern /dev/md0 6 8
ok "--add-journal as mdadm 4.6 ($(echo "$eb" | grep -m1 'Device Role')), interop both ways"

# refusals on mdadm's array, which has a working journal again (a[4])
c=(); for i in 1 2 3 4 5 6; do c+=("$(mkloop 32)"); done
small=$(mkloop 2)
snapshot "${c[0]}" "$small"
expect_fail "still has a working journal" $MDCTL /dev/md0 --add-journal "${c[0]}"
run $MDCTL /dev/md0 --fail "${a[4]}"
expect_fail "--remove it first" $MDCTL /dev/md0 --add-journal "${c[0]}"
run $MDCTL /dev/md0 --remove "${a[4]}"
[ "$(mdsys md0 array_state)" = readonly ] || {
	expect_fail "is not read-only" $MDCTL /dev/md0 --add-journal "${c[0]}"
	run $MDCTL --readonly /dev/md0
}
assert_eq readonly "$(mdsys md0 array_state)" "array_state after --readonly"
expect_fail "too small" $MDCTL /dev/md0 --add-journal "$small"
expect_fail "member of the running array" $MDCTL /dev/md0 --add-journal "${a[0]}"
assert_unchanged "${c[0]}" "$small"
run $MDCTL /dev/md0 --add-journal "${c[0]}"
assert_contains "$(states)" "journal" "member states after fail, remove, --readonly, --add-journal"
assert_not_contains "$(mdsys md0 array_state)" "read" "array_state after --add-journal"
verify_pattern /dev/md0 6 8
run $MDCTL -S /dev/md0

run $MDCTL -C /dev/md0 -R -l5 -n3 --assume-clean "${c[@]:1:3}"
run $MDCTL --readonly /dev/md0
expect_fail "no write journal feature" $MDCTL /dev/md0 --add-journal "${c[4]}"
run $MDCTL -S /dev/md0
run $MDCTL -C /dev/md0 -R -l1 -n2 --assume-clean "${c[1]}" "${c[2]}"
run $MDCTL --readonly /dev/md0
expect_fail "raid4, raid5 and raid6 only" $MDCTL /dev/md0 --add-journal "${c[4]}"
run $MDCTL -S /dev/md0
! $M -E "${c[4]}" >/dev/null 2>&1 || fail "a refused --add-journal wrote ${c[4]}"
ok "refusals wrote nothing"
