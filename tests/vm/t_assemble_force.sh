#!/usr/bin/env bash
# --assemble --force takes only the most recent of the left-out members, and
# only as many as the array needs to start:
#  - raid5 loses A, takes writes degraded, then loses B: --force brings back B
#    (newer than A), not A; the newest data verifies; mdadm 4.6 chooses the
#    same members on a copy of the three devices.
#  - raid1 whose B is current and A failed long ago: --force starts B alone
#    (A, forced in sync, would serve old data).
# Without --force both are refused and the members are unchanged.
# timeout: 600
. tests/vm/lib.sh
set_speed

members_of() { # MD -> sorted member kernel names
    local d out=()
    for d in /sys/block/$(mdname "$1")/md/dev-*; do [ -e "$d" ] && out+=("${d##*/dev-}"); done
    printf '%s\n' "${out[@]}" | sort | tr '\n' ' '
}
copy_dev() { # LOOPDEV -> a new loop device on a copy of its backing file
    local f
    f=$(losetup -nO BACK-FILE "$1")
    cp --sparse=always "$f" "$f.copy"
    losetup -f --show "$f.copy"
}

# ---- raid5: A fails, writes go on, then B drops out ----
# The kernel refuses to fail a member past the redundancy (and there is no
# dm-error target here), so B's drop-out is made by putting back a copy of
# its backing file taken before more superblock updates reached C (writes
# of the bytes already there).
events_of() { $MDCTL --examine "$1" | awk '/Events :/ {print $3}'; }
a=$(mkloop 40) b=$(mkloop 40) c=$(mkloop 40)
run $MDCTL --create /dev/md0 --assume-clean --run -l5 -n3 "$a" "$b" "$c"
mib=$(( $(blockdev --getsize64 /dev/md0) / 1048576 ))
write_pattern /dev/md0 81 "$mib"
run $MDCTL /dev/md0 --fail "$a"
write_pattern /dev/md0 82 "$mib"
run $MDCTL --stop /dev/md0
bfile=$(losetup -nO BACK-FILE "$b")
cp --sparse=always "$bfile" "$T/b.saved"
for i in 1 2 3; do   # the same bytes again: events move on, the data does not
    run $MDCTL --assemble --run /dev/md0 "$b" "$c"
    write_pattern /dev/md0 82 "$mib"
    run $MDCTL --stop /dev/md0
done
cp --sparse=always "$T/b.saved" "$bfile"
echo 3 > /proc/sys/vm/drop_caches
eb=$(events_of "$b") ec=$(events_of "$c")
(( eb + 1 < ec )) || fail "B's events $eb are not out of date against C's $ec"
ca=$(copy_dev "$a") cb=$(copy_dev "$b") cc=$(copy_dev "$c")

snapshot "$a" "$b" "$c"
expect_fail "--force may help" $MDCTL --assemble /dev/md0 "$a" "$b" "$c"
assert_unchanged "$a" "$b" "$c"
run $MDCTL --assemble --force /dev/md0 "$a" "$b" "$c"
assert_contains "$OUT" "forcing event count in $b" "--assemble --force output"
assert_not_contains "$OUT" "forcing event count in $a" "--assemble --force output"
assert_eq "${b#/dev/} ${c#/dev/} " "$(members_of md0)" "members after --force"
verify_pattern /dev/md0 82 "$mib"
run $MDCTL --stop /dev/md0

run $MDADM46 --assemble --force /dev/md1 "$ca" "$cb" "$cc"
assert_eq "${cb#/dev/} ${cc#/dev/} " "$(members_of md1)" "members mdadm 4.6 chose"
run $MDADM46 --stop /dev/md1
cleanup_all
ok "raid5 with two failures: --force brings back the newer one, as mdadm 4.6 does"

# ---- raid1: A failed long ago ----
a=$(mkloop 40) b=$(mkloop 40)
run $MDCTL --create /dev/md0 --assume-clean --run -l1 -n2 "$a" "$b"
write_pattern /dev/md0 83 32
run $MDCTL /dev/md0 --fail "$a"
write_pattern /dev/md0 84 32
run $MDCTL --stop /dev/md0
run $MDCTL --assemble --force /dev/md0 "$a" "$b"
assert_not_contains "$OUT" "forcing" "--assemble --force output"
assert_eq "${b#/dev/} " "$(members_of md0)" "members after --force"
verify_pattern /dev/md0 84 32
run $MDCTL --stop /dev/md0
cleanup_all
ok "raid1: --force does not bring back a mirror that failed long ago"
