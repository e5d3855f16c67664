#!/usr/bin/env bash
# 0.90 superblocks, read side: arrays made by mdadm 4.6 with -e 0.90 (raid1
# with an internal bitmap, raid5 with a spare, raid10, linear, raid0), then
# mdctl's -E, -E --export, -X, -Eb, -Ebv and -Es against mdadm 4.6's output on
# the same devices, byte for byte (exit status too); also a 1.2 member, a
# member holding both versions, an empty device and a 0.90 superblock with a
# bad checksum, and -E --json of a 0.90 member against the schema. Kept
# small: 32 MiB members, --assume-clean, one array at a time.
# Linux 6.12 has no linear personality: that array is left out there.
# kernels: 7.2 6.12
. tests/vm/lib.sh

# same ARGS...: mdadm 4.6 and mdctl print the same (messages' "mdadm:" prefix
# aside) and exit alike.
same() {
    local m c rc=0
    m=$($MDADM46 "$@" 2>&1) || rc=$?
    m="${m//mdadm: /mdctl: }
rc=$rc"
    rc=0
    c=$($MDCTL "$@" 2>&1) || rc=$?
    _check_crash "$rc" "$c" $MDCTL "$@"
    c="$c
rc=$rc"
    [ "$m" == "$c" ] || fail "mdctl $* differs from mdadm 4.6:"$'\n'"$(diff <(echo "$m") <(echo "$c"))"
}

devs=()
for i in 0 1 2 3; do devs+=("$(mkloop 32)"); done
for spec in "1 2 --bitmap=internal" "5 3 -x1" "10 3" "linear 2" "0 3"; do
    set -- $spec
    level=$1 n=$2; shift 2
    # Linux 6.12 has no linear personality (removed in 6.8, back in 6.14)
    [ "$level" = linear ] && kernel_is_612 && continue
    extra=0
    [ "${1:-}" = -x1 ] && extra=1
    members=("${devs[@]:0:$((n + extra))}")
    clean=--assume-clean
    [ "$level" = linear ] || [ "$level" = 0 ] && clean=
    $MDADM46 --create /dev/md0 -e 0.90 --run -l"$level" -n"$n" $clean "$@" "${members[@]}" > /dev/null 2>&1 ||
        fail "mdadm 4.6 could not create the 0.90 raid$level"
    $MDADM46 --stop /dev/md0 > /dev/null 2>&1
    for d in "${members[@]}"; do
        same -E "$d"
        same -E --export "$d"
        same -E --homehost=elsewhere "$d"
    done
    [ "${1:-}" = --bitmap=internal ] && for d in "${members[@]}"; do same -X "$d"; done
    same -Eb "${members[@]}"
    same -Ebv "${members[@]}"
    same -Es "${members[@]}"
    ok "0.90 $level: -E, --export, -X, -Eb, -Ebv, -Es as mdadm 4.6 [${SECONDS}s]"
done

# the homehost hashed into the UUID: "(local to host ...)"
a=${devs[0]} b=${devs[1]}
$MDADM46 --create /dev/md0 -e 0.90 --run -l1 -n2 --assume-clean --homehost=fixturehost "$a" "$b" > /dev/null 2>&1
$MDADM46 --stop /dev/md0 > /dev/null 2>&1
same -E --homehost=fixturehost "$a"
assert_contains "$($MDCTL -E --homehost=fixturehost "$a")" "(local to host fixturehost)"
ok "0.90 homehost UUID"

# a bad checksum, a 1.2 member carrying an old 0.90 superblock, an empty device
c=${devs[2]}
s=$(blockdev --getsz "$c"); off=$(( (s & ~127) - 128 ))
dd if="$a" of="$c" bs=512 skip=$off seek=$off count=8 conv=notrunc status=none
printf '\x55' | dd of="$c" bs=1 seek=$(( off * 512 + 24 )) conv=notrunc status=none
same -E "$c"
same -Es "$c"
$MDADM46 --create /dev/md0 -e 1.2 --run -l1 -n2 --assume-clean "$b" "${devs[3]}" > /dev/null 2>&1
$MDADM46 --stop /dev/md0 > /dev/null 2>&1
dd if="$a" of="$b" bs=512 skip=$off seek=$off count=8 conv=notrunc status=none
same -E "$b"
same -Es "$b"
# and the other way round: a 0.90 superblock newer than the 1.2 one
$MDADM46 --create /dev/md0 -e 0.90 --run -l1 -n2 --assume-clean "$a" "$c" > /dev/null 2>&1
$MDADM46 --stop /dev/md0 > /dev/null 2>&1
dd if="$a" of="$b" bs=512 skip=$off seek=$off count=8 conv=notrunc status=none
same -E "$b"
same -Es "$b"
$MDADM46 --zero-superblock "$a" > /dev/null 2>&1
same -E "$a"
same -Es "$a"
run $MDCTL -E --json "$c"
/usr/bin/python3 "$REPO/tests/json_validate.py" - <<< "$OUT" > /dev/null || fail "-E --json of a 0.90 member is not valid: $OUT"
assert_contains "$OUT" '"metadata_version":"0.90"' "-E --json of a 0.90 member"
ok "0.90 bad checksum, both versions, none [${SECONDS}s]"
