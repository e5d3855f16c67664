#!/usr/bin/env bash
# --assemble of 0.90 arrays made by mdadm 4.6 (-e 0.90): raid1 with an
# internal bitmap and raid5; mdctl and mdadm 4.6 assemble the same members
# alike (exit status, md level/raid_disks/degraded), data written under one
# tool is read under the other, a stale member is left out, --update=name
# is refused. --detail (text, --export, --brief [-v]) equals mdadm 4.6's, for a
# local array (homehost in the UUID) and a foreign one; --zero-superblock
# leaves what mdadm's leaves.
# kernels: 7.2 6.12
. tests/vm/lib.sh

a=$(mkloop 32) b=$(mkloop 32) c=$(mkloop 32)
state() { echo "$(mdsys /dev/md0 level) $(mdsys /dev/md0 raid_disks) $(mdsys /dev/md0 degraded)"; }

ndiff=0
for spec in "1 --bitmap=internal" "5 --homehost=elsewhere"; do
    set -- $spec
    level=$1; shift
    mem=("$a" "$b")
    [ "$level" = 5 ] && mem+=("$c")
    $MDADM46 --create /dev/md0 -e 0.90 --run -l"$level" -n${#mem[@]} --assume-clean "$@" "${mem[@]}" > /dev/null 2>&1 ||
        fail "mdadm 4.6 could not create the 0.90 raid$level"
    write_pattern /dev/md0 "$level" 8
    want=$(state)
    $MDADM46 --stop /dev/md0 > /dev/null 2>&1
    run $MDCTL --assemble /dev/md0 "${mem[@]}"
    assert_eq "$(state)" "$want"
    assert_eq "$(mdsys /dev/md0 metadata_version)" "0.90"
    verify_pattern /dev/md0 "$level" 8
    write_pattern /dev/md0 "x$level" 8
    run $MDCTL --stop /dev/md0
    run $MDADM46 --assemble /dev/md0 "${mem[@]}"
    assert_eq "$(state)" "$want"
    verify_pattern /dev/md0 "x$level" 8
    # on mdadm's assembly, which its map file knows (mdadm prints MD_UUID
    # from that file: not for arrays another tool started)
    for o in -D "-D --export" -Db -Dbv -Ds; do
        same_as_mdadm "0.90 raid$level $o" $o /dev/md0 || ndiff=$((ndiff + 1))
    done
    $MDADM46 --stop /dev/md0 > /dev/null 2>&1
    ok "0.90 raid$level: mdctl and mdadm 4.6 assemble each other's [${SECONDS}s]"
done
[ "$ndiff" = 0 ] || fail "$ndiff --detail output(s) of 0.90 arrays differ from mdadm 4.6's"

# --update=name is v1.x only (t_update0 has the 0.90 values)
expect_fail "applies to 1.x metadata only, not to 0.90" $MDCTL --assemble /dev/md0 --update=name "$a" "$b" "$c"

# a stale member (the array went on without it) is left out, as by mdadm
run $MDCTL --assemble /dev/md0 "$a" "$b" "$c"
run $MDCTL /dev/md0 --fail "$c"
run $MDCTL /dev/md0 --remove "$c"
write_pattern /dev/md0 stale 8
run $MDCTL --stop /dev/md0
run $MDCTL --assemble --run /dev/md0 "$a" "$b" "$c"
assert_eq "$(mdsys /dev/md0 degraded)" 1
verify_pattern /dev/md0 stale 8
run $MDCTL --stop /dev/md0
run $MDADM46 --assemble --run /dev/md0 "$a" "$b" "$c"
assert_eq "$(mdsys /dev/md0 degraded)" 1
$MDADM46 --stop /dev/md0 > /dev/null 2>&1
ok "0.90 stale member left out [${SECONDS}s]"

# --zero-superblock erases a 0.90 superblock as mdadm 4.6 does: the same
# exit status, the same bytes left, and then no superblock for either tool.
z1=$(mkloop 32) z2=$(mkloop 32) z3=$(mkloop 32) z4=$(mkloop 32)
$MDADM46 --create /dev/md0 --run --assume-clean -e 0.90 -l1 -n2 "$z1" "$z2" > /dev/null 2>&1 || fail "mdadm create"
$MDADM46 --stop /dev/md0 > /dev/null
dd if="$z1" of="$z3" bs=1M status=none conv=notrunc
dd if="$z2" of="$z4" bs=1M status=none conv=notrunc
rc_c=0 rc_m=0
$MDCTL --zero-superblock "$z1" "$z2" || rc_c=$?
$MDADM46 --zero-superblock "$z3" "$z4" > /dev/null 2>&1 || rc_m=$?
assert_eq "$rc_m" "$rc_c" "--zero-superblock exit status (mdadm, mdctl)"
cmp "$z1" "$z3" || fail "mdctl's --zero-superblock left other bytes than mdadm's"
expect_fail "No md superblock detected" $MDADM46 -E "$z1"
# Nothing left to erase: a warning and exit 0, as mdadm 4.6 (libblockdev's md_destroy runs it on blank devices).
same_as_mdadm "--zero-superblock of a device without one" --zero-superblock "$z1" || fail "--zero-superblock differs"
ok "0.90 --zero-superblock as mdadm 4.6 [${SECONDS}s]"
