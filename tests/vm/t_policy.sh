#!/usr/bin/env bash
# mdadm.conf POLICY applied by --incremental to a device WITHOUT md metadata,
# differential against mdadm 4.6: the same setups and commands with each
# tool (arrays made by that tool, same uuid/name, same conf), comparing exit
# statuses, the shape of stderr, the resulting arrays (/proc/mdstat member
# count and [n/m], md/dev-* slots) and the new member's superblock (-E,
# normalised). Cases: action=spare onto a degraded and onto a complete array
# of the device's domain; no POLICY line, a domain or metadata that does not
# match, no domain at all (nothing happens, exit 1); a bare device with an
# ext4 signature (never written); an unknown keyword (reported, the rest of
# the line applies); spare-same-slot after -If --path recorded the slot.
# Loop devices have no /dev/disk/by-path name, so the test makes the links
# itself (test-aN), as udev's 60-persistent-storage.rules would from ID_PATH.
# Also --udev-rules for a conf against mdadm 4.6's.
# timeout: 240
. tests/vm/lib.sh
set_speed 200000
L=(); for i in 0 1 2 3 4 5; do L+=("$(mkloop 32)"); done
mkdir -p /dev/disk/by-path
bp() { ln -sfn "../../${1#/dev/}" "/dev/disk/by-path/$2"; }
for i in 0 1 2 3 4 5; do bp "${L[i]}" "test-a$i"; done
UU=3a4b5c6d:77777777:88888888:99999999
C=$T/p.conf

conf() { printf '%s\n' "$@" > "$C"; }
wipe() { local d; for d in "$@"; do "$MDADM46" --zero-superblock "$d" 2>/dev/null || true; wipefs -aq "$d"; done; }
# state TAG MD DEV: the array's shape and DEV's role, and DEV's superblock
state() {
    local md=$2 dev=$3 e
    wait_idle "$md"
    { grep -A1 "^${md#/dev/} " /proc/mdstat | sed -E 's/loop[0-9]+/L/g; s/\[[0-9]+\]/[]/g; s/ +$//'
      for e in /sys/block/${md#/dev/}/md/dev-*; do echo "${e##*/} $(<"$e/slot") $(<"$e/state")"; done |
          sed -E "s/dev-${dev#/dev/} /dev-NEW /; s/dev-loop[0-9]+ /dev-M /" | sort
      "$MDADM46" -E "$dev" 2>&1 | grep -E "Feature Map|Raid Level|Raid Devices|Avail Dev Size|Data Offset|Super Offset|Device Role|Array State|State :" | sed 's/ *$//' || true
    } > "$T/$1"
}
# I TAG TOOL DEV: -I with the conf; exit status and stderr shape (word count
# of each line is mdadm's wording, not compared: only lines and the status)
I() {
    local rc=0 out
    out=$("$2" -I "$3" --config="$C" 2>&1) || rc=$?
    _check_crash "$rc" "$out" "$2" -I "$3"
    echo "$1: rc=$rc: $out"
    echo "rc=$rc lines=$(printf '%s' "$out" | grep -c .)" > "$T/$1.rc"
    [ -z "${4:-}" ] || [[ $out == *"$4"* ]] || fail "$1: no '$4' in: $out"
}

pass() {  # TOOL TAG
    local X=$1 t=$2
    wipe "${L[@]}"
    # 1. spare onto a degraded raid1 of the domain; the unknown word is reported
    conf "POLICY domain=d1 path=test-* action=spare bogus=1"
    "$X" --create /dev/md0 -l1 -n2 --assume-clean --run -e1.2 --uuid=$UU --name=t0 "${L[0]}" missing
    I "$t.spare" "$X" "${L[2]}" "policy rule bogus=1 unrecognised and ignored"
    state "$t.spare.st" /dev/md0 "${L[2]}"
    # 2. complete now: the next bare device becomes a spare
    conf "POLICY domain=d1 path=test-* action=spare"
    I "$t.spare2" "$X" "${L[3]}"
    state "$t.spare2.st" /dev/md0 "${L[3]}"
    "$X" --stop /dev/md0 >/dev/null 2>&1
    wipe "${L[@]}"
    "$X" --create /dev/md0 -l1 -n2 --assume-clean --run -e1.2 --uuid=$UU --name=t0 "${L[0]}" missing
    # 3. nothing: no POLICY, wrong domain, wrong metadata, no domain
    conf ""
    I "$t.none" "$X" "${L[4]}"
    conf "POLICY domain=d1 path=test-a0 action=spare" "POLICY domain=d2 path=test-a4 action=spare"
    I "$t.dom" "$X" "${L[4]}"
    conf "POLICY domain=d1 path=test-* metadata=0.90 action=force-spare"
    I "$t.meta" "$X" "${L[4]}"
    conf "POLICY path=test-* action=force-spare"
    I "$t.nodom" "$X" "${L[4]}"
    # 4. an ext4 signature: never written
    conf "POLICY domain=d1 path=test-* action=force-spare"
    mkfs.ext4 -q -F "${L[4]}"
    snapshot "${L[4]}"
    I "$t.ext4" "$X" "${L[4]}"
    assert_unchanged "${L[4]}"
    state "$t.none.st" /dev/md0 "${L[4]}"
    "$X" --stop /dev/md0 >/dev/null 2>&1
    wipe "${L[@]}"
    # 5. spare-same-slot: -If --path records test-a1's array; a new device at
    # that path goes back into it (not without a domain, as mdadm 4.6)
    rm -rf /run/mdadm/failed-slots /run/mdctl/failed-slots
    "$X" --create /dev/md0 -l1 -n2 --assume-clean --run -e1.2 --uuid=$UU --name=t0 "${L[0]}" "${L[1]}"
    "$X" -If "${L[1]#/dev/}" --path test-a1
    bp "${L[5]}" test-a1
    conf "POLICY path=test-a1 action=spare-same-slot"
    I "$t.sssnodom" "$X" "${L[5]}"
    conf "POLICY domain=d1 path=test-* action=spare-same-slot"
    I "$t.sss" "$X" "${L[5]}"
    state "$t.sss.st" /dev/md0 "${L[5]}"
    "$X" --stop /dev/md0 >/dev/null 2>&1
    bp "${L[1]}" test-a1
}

# --udev-rules: mdctl called as mdadm against mdadm 4.6, same conf, stdout and
# a file (PART-POLICY lines last: mdctl lists them before the POLICY lines)
ln -sf "$MDCTL" "$T/mdadm"
conf "POLICY domain=d1 path=test-* action=frob" \
     "POLICY domain=d1 metadata=1.x path=test-a3 action=spare-same-slot bogus=2" \
     "POLICY domain=d2 type=part path=pci-* action=force-spare auto=no" \
     "POLICY path=test-* action=spare" "POLICY domain=x action=force-spare" \
     "POLICY path=test-a3 type=disk action=force-spare" \
     "PART-POLICY domain=d3 type=disk path=pci-1 action=include" \
     "PART-POLICY type=disk path=pci-2 action=force-spare"
urules() {  # TAG TOOL
    local rc=0
    "$2" --udev-rules --config="$C" > "$T/ur.$1" 2>&1 || rc=$?
    rm -f "$T/ur.f"; "$2" --udev-rules="$T/ur.f" --config="$C" 2>/dev/null || rc=$((rc + $?))
    echo "rc=$rc" >> "$T/ur.$1"; cat "$T/ur.f" >> "$T/ur.$1"
}
urules a "$MDADM46"; urules b "$T/mdadm"
cat "$T/ur.b"
diff "$T/ur.a" "$T/ur.b" || fail "--udev-rules differs from mdadm 4.6's"
run "$MDCTL" --udev-rules --config="$C"
assert_contains "$OUT" 'ENV{ID_PATH}=="test-*", RUN+="/usr/sbin/mdctl --incremental $env{DEVNAME}"'

pass "$MDADM46" a
pass "$MDCTL" b
for k in spare spare2 none dom meta nodom ext4 sssnodom sss; do
    diff "$T/a.$k.rc" "$T/b.$k.rc" || fail "$k: exit status / message lines differ (mdadm 4.6 < > mdctl)"
done
for k in spare spare2 none sss; do
    diff "$T/a.$k.st" "$T/b.$k.st" || fail "$k: resulting array or superblock differs (mdadm 4.6 < > mdctl)"
    echo "--- $k:"; cat "$T/b.$k.st"
done
ok "POLICY actions for bare devices as mdadm 4.6"
