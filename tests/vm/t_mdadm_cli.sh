#!/usr/bin/env bash
# mdadm 4.6's command line, spoken by mdctl called as `mdadm`, compared with
# mdadm 4.6 on the same fresh devices: letters that mean something else per
# mode (-W write-mostly in create and manage, -a/--auto with a value in
# create, -r rebuild-map in incremental), long forms scripts use
# (--raid-disks, --spare-disks), attached short values (-binternal), --run of
# an inactive array, -Ir, --wait-clean, -As with and without --no-degraded,
# --write-zeroes; mdadm's options for what mdctl does not do are refused by
# name and change nothing.
. tests/vm/lib.sh
P=$T/persona; mkdir -p "$P"
ln -sf "$MDCTL" "$P/mdadm"
MDA=$P/mdadm
TOOLS=("$MDADM46" "$MDA")

a=$(mkloop 32) b=$(mkloop 32) c=$(mkloop 32)

# state: what the kernel made of the array (levels, members and their flags,
# bitmap place), for comparing the tools' results
state() {
    local k=${1:-md0} d
    echo "level=$(mdsys "$k" level) disks=$(mdsys "$k" raid_disks) state=$(mdsys "$k" array_state)"
    echo "bitmap=$(cat /sys/block/$k/md/bitmap/location 2>/dev/null)"
    for d in /sys/block/$k/md/dev-*; do echo "${d##*/} $(cat "$d/state") $(cat "$d/slot")"; done
}
# same CMD...: run with both tools on fresh devices; exit status and state equal
same() {
    local t want= got rc
    for t in "${TOOLS[@]}"; do
        "$MDADM46" --zero-superblock "$a" "$b" "$c" >/dev/null 2>&1
        rc=0; "$t" "$@" >"$T/out" 2>&1 || rc=$?
        _check_crash "$rc" "$(<"$T/out")" "$t" "$@"
        got="rc=$rc"$'\n'"$( [ -e /sys/block/md0/md ] && state md0)"
        "$MDADM46" --stop /dev/md0 >/dev/null 2>&1
        if [ "$t" = "$MDADM46" ]; then want=$got; else
            [ "$want" = "$got" ] || fail "mdadm $*: mdadm 4.6 vs mdctl:"$'\n'"$want"$'\n'"---"$'\n'"$got"$'\n'"$(<"$T/out")"
        fi
    done
}
same --create /dev/md0 -l1 -n2 --assume-clean --run "$a" -W "$b"
same --create /dev/md0 -l1 --raid-disks=2 --spare-disks=1 --assume-clean --run "$a" "$b" "$c"
same --create /dev/md0 -l1 -n2 -binternal --assume-clean --run "$a" "$b"
same --create /dev/md0 -l1 -n2 -bnone --assume-clean --run "$a" "$b"
same --create /dev/md0 -a yes -l1 -n2 --assume-clean --run "$a" "$b"
same --create /dev/md0 --auto=md -l1 -n2 --assume-clean --run "$a" "$b"
same --create /dev/md0 -l1 -n2 --delay=5 --assume-clean --run "$a" "$b"   # no bitmap: no effect
expect_fail "need a bitmap" "$MDCTL" --create /dev/md0 -l1 -n2 --delay=5 --assume-clean --run "$a" "$b"
expect_fail "--auto has no effect" "$MDCTL" --create /dev/md0 --auto=md -l1 -n2 --assume-clean --run "$a" "$b"
ok "create: -W, --raid-disks/--spare-disks, -binternal, -bnone, -a yes, --delay without a bitmap as mdadm 4.6"

# ---- manage: -W before a device added ----
# (mdadm 4.6 itself leaves the device it adds so "faulty,write_mostly" on
# Linux 7.2: not compared; mdctl adds a write-mostly spare)
"$MDADM46" --zero-superblock "$a" "$b" "$c" >/dev/null 2>&1
run "$MDADM46" --create /dev/md0 -l1 -n2 --assume-clean --run "$a" "$b"
run "$MDA" /dev/md0 --add -W "$c"
assert_contains "$(state md0)" "dev-${c#/dev/} write_mostly,spare none" "after --add -W"
# a device with a filesystem: mdadm adds it without asking; mdctl, without a
# terminal, refuses unless told (--run/--force/--yes)
run "$MDA" /dev/md0 --remove "$c"
mkfs.ext4 -q -F "$c"
snapshot "$c"
expect_fail "" "$MDCTL" /dev/md0 --add "$c"
assert_unchanged "$c"
run "$MDA" /dev/md0 --add "$c"
assert_contains "$(state md0)" "dev-${c#/dev/} spare none" "after mdadm --add of a device with a filesystem"
run "$MDADM46" --stop /dev/md0
ok "manage: --add -W adds a write-mostly spare; --add over a filesystem asks nothing as mdadm, is refused as mdctl"

# ---- --write-zeroes: zeroed, in sync, no resync ----
"$MDADM46" --zero-superblock "$a" "$b" "$c" >/dev/null 2>&1
write_pattern "$a" 3; write_pattern "$b" 4
run "$MDA" --create /dev/md0 -l1 -n2 --write-zeroes --run "$a" "$b"
assert_eq idle "$(mdsys md0 sync_action)" "sync action after --write-zeroes"
assert_eq "0" "$(cmp -n $((16 << 20)) /dev/md0 /dev/zero >/dev/null && echo 0 || echo 1)" "array data zeroed"
run "$MDCTL" --action=check /dev/md0
run "$MDCTL" --wait /dev/md0
assert_eq 0 "$(mdsys md0 mismatch_cnt)" "mismatch_cnt after check"
run "$MDCTL" --stop /dev/md0
ok "--write-zeroes: data zeroed, no resync, check finds nothing"

# ---- --run of an inactive array; -Ir; --wait-clean ----
"$MDADM46" --zero-superblock "$a" "$b" "$c" >/dev/null 2>&1
run "$MDADM46" --create /dev/md/r -l1 -n2 --assume-clean --run "$a" "$b"
run "$MDADM46" --stop /dev/md/r
for t in "${TOOLS[@]}"; do
    run "$t" -I "$a"
    k=$(mdname /dev/md/r)
    assert_eq inactive "$(mdsys "$k" array_state)" "after one -I"
    run "$t" --run /dev/md/r
    assert_contains "$(mdsys "$k" array_state)" "a" "--run started it"
    got=$(grep -A1 "^$k " /proc/mdstat | sed 's/auto-read-only/read-auto/')
    [ "$t" = "$MDADM46" ] && want=$got || assert_eq "$want" "$got" "mdstat after --run"
    rm -f /run/mdadm/map
    run "$t" -Ir
    got=$(cat /run/mdadm/map)
    [ "$t" = "$MDADM46" ] && wmap=$got || assert_eq "$wmap" "$got" "map after -Ir"
    run "$t" --wait-clean --scan
    run "$t" --wait-clean /dev/md/r
    expect_fail "" "$t" --wait-clean /dev/md99
    run "$MDADM46" --stop /dev/md/r
done
ok "--run starts an inactive array; -Ir rebuilds the map; --wait-clean as mdadm 4.6"

# ---- -As starts degraded arrays, unless --no-degraded ----
"$MDADM46" --zero-superblock "$a" "$b" "$c" >/dev/null 2>&1
run "$MDADM46" --create /dev/md/d -l1 -n2 --assume-clean --run "$a" "$b"
run "$MDADM46" --stop /dev/md/d
lo=${b#/dev/}; losetup -d "$b"   # a member newly missing
conf=$T/conf; echo "DEVICE $a" > "$conf"
for t in "${TOOLS[@]}"; do
    rc=0; "$t" --assemble --scan --no-degraded -c "$conf" >/dev/null 2>&1 || rc=$?
    st=$(cat /sys/block/md*/md/array_state 2>/dev/null | tr '\n' ' ')
    [ "$t" = "$MDADM46" ] && want="$rc $st" || assert_eq "$want" "$rc $st" "-As --no-degraded"
    stop_all_md >/dev/null 2>&1
    run "$t" --assemble --scan -c "$conf"
    assert_contains "$(cat /sys/block/md*/md/array_state)" "clean" "-As started the degraded array"
    stop_all_md >/dev/null 2>&1
done
[[ $want != *clean* ]] || fail "--no-degraded started it: $want"
# --super-minor picks 0.90 members by their preferred minor: not these 1.2 ones
for t in "${TOOLS[@]}"; do
    expect_fail "" "$t" --assemble /dev/md0 -m 0 "$a"
    [ ! -e /sys/block/md0/md ] || [ "$(mdsys md0 array_state)" = clear ] || [ "$(mdsys md0 array_state)" = inactive ] ||
        fail "$t -m 0 started an array"
    stop_all_md >/dev/null 2>&1
done
ok "-As starts a degraded array, --no-degraded does not, as mdadm 4.6 [$want]"

# ---- exit statuses as mdadm 4.6's ----
same_rc() {
    local r1=0 r2=0
    "$MDADM46" "$@" >/dev/null 2>&1 </dev/null || r1=$?
    "$MDA" "$@" >"$T/out" 2>&1 </dev/null || r2=$?
    _check_crash "$r2" "$(<"$T/out")" "$MDA" "$@"
    assert_eq "$r1" "$r2" "exit status of mdadm $*"
}
"$MDADM46" --zero-superblock "$a" "$c" >/dev/null 2>&1
run "$MDADM46" --create /dev/md/s -l1 -n2 --assume-clean --run "$a" "$c"
conf=$T/conf; echo "DEVICE $a $c" > "$conf"
same_rc --assemble --scan -c "$conf"          # nothing to do: all running
same_rc --wait /dev/md99
same_rc --wait-clean /dev/md99
same_rc --monitor --oneshot --scan -c "$conf"  # nowhere to report to
same_rc --detail --test /dev/md/s
same_rc --detail /dev/md99
same_rc -Q /dev/md99
same_rc --stop /dev/md99
run "$MDADM46" --stop /dev/md/s
ok "exit statuses as mdadm 4.6's"

# ---- refused by name, nothing changed ----
c2=$(mkloop 32) d2=$(mkloop 32)
snapshot "$c2" "$d2"
expect_fail "clustered" "$MDA" --create /dev/md0 -l1 -n2 --nodes=2 --run "$c2" "$d2"
expect_fail "clustered" "$MDA" --create /dev/md0 -l1 -n2 --home-cluster=x --run "$c2" "$d2"
expect_fail "raid5 only" "$MDA" --create /dev/md0 -l1 -n2 -k ppl --run "$c2" "$d2"
expect_fail "IMSM/DDF" "$MDA" --detail-platform
expect_fail "IMSM/DDF" "$MDA" --kill-subarray=0 /dev/md0
expect_fail "autodetection" "$MDA" --auto-detect
expect_fail "takes no devices" "$MDA" --udev-rules "$c2"   # --udev-rules itself: t_policy.sh
assert_unchanged "$c2" "$d2"
[ ! -e /sys/block/md0/md ] || [ "$(mdsys md0 array_state)" = clear ] || fail "an array appeared"
run "$MDA" --help-options
ok "options for what mdctl does not do: refused by name, nothing written"
