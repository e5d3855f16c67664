#!/usr/bin/env bash
# mdadm.conf POLICY auto= for --incremental of array members, differential
# against mdadm 4.6: each tool makes the same raid1 (homehost "elsewhere",
# so foreign to the conf's HOMEHOST), then -I of both members under a conf;
# the exit statuses and whether the array ended up running must agree for
# mdctl as mdadm. mdadm 4.6 honours auto=yes (over "AUTO -all") but
# assembles whatever auto=no or auto=homehost say; mdctl itself refuses then.
# Cases: auto=yes over "AUTO -all"; auto=no; auto=homehost for a foreign
# array; auto=no for another metadata (does not apply); auto=no on another
# path (does not apply). Loop devices get /dev/disk/by-path links (test-pN)
# as udev would make from ID_PATH.
# timeout: 240
. tests/vm/lib.sh
L=("$(mkloop 32)" "$(mkloop 32)")
mkdir -p /dev/disk/by-path
for i in 0 1; do ln -sfn "../../${L[i]#/dev/}" "/dev/disk/by-path/test-p$i"; done
C=$T/a.conf
UU=3a4b5c6d:11111111:22222222:33333333

# case TOOL TAG CONF-LINES...: -I both members; "rc1 rc2 running|stopped"
case_() {
    local x=$1 tag=$2 r1=0 r2=0 st=stopped; shift 2
    printf '%s\n' "HOMEHOST thishost" "$@" > "$C"
    "$x" -I "${L[0]}" --config="$C" > /dev/null 2>&1 || r1=$?
    "$x" -I "${L[1]}" --config="$C" > /dev/null 2>&1 || r2=$?
    grep -q "^md[0-9_a-z]* : active.*${L[0]#/dev/}" /proc/mdstat && st=running
    echo "$tag: $r1 $r2 $st" | tee -a "$OUT"
    "$MDADM46" -Ss > /dev/null 2>&1 || true
}

pass() { # TOOL OUT
    local x=$1; OUT=$2
    "$MDADM46" --zero-superblock "${L[@]}" 2> /dev/null || true
    "$x" --create /dev/md/pa -l1 -n2 -e1.2 --uuid=$UU --name=pa --homehost=elsewhere --assume-clean --run \
        "${L[@]}" > /dev/null 2>&1 || fail "$x --create"
    "$x" --stop /dev/md/pa > /dev/null 2>&1 || fail "$x --stop"
    : > "$OUT"
    case_ "$x" control "AUTO -all"
    case_ "$x" yes "AUTO -all" "POLICY path=test-p* auto=yes"
    case_ "$x" no "POLICY path=test-p* auto=no"
    case_ "$x" homehost "POLICY path=test-p* auto=homehost"
    case_ "$x" no-1x "POLICY path=test-p* metadata=1.x auto=no"
    case_ "$x" homehost-1x "POLICY path=test-p* metadata=1.x auto=homehost"
    case_ "$x" no-nopath "POLICY metadata=1.x auto=no"
    case_ "$x" no-plain "POLICY auto=no"
    case_ "$x" no-with-auto "AUTO +all" "POLICY path=test-p* metadata=1.x auto=no"
    case_ "$x" other-metadata "POLICY path=test-p* metadata=0.90 auto=no"
    case_ "$x" other-path "POLICY path=pci-* auto=no"
}

pass "$MDADM46" "$T/out.a"
ln -sf "$MDCTL" "$T/mdadm"
pass "$T/mdadm" "$T/out.b"
diff "$T/out.a" "$T/out.b" ||
    fail "POLICY auto= outcomes differ (mdadm 4.6 < > mdctl as mdadm)"
ok "POLICY auto= as mdadm 4.6 (mdctl as mdadm)"
# mdctl itself applies every value: no refuses, homehost refuses this
# foreign array; the cases that do not apply, and yes, as above. Each member
# gets a second by-path name that sorts first and matches no path= glob (a
# disk may have several: systemd's "-ata-1" and "-ata-1.0"): a line applies
# when its glob matches any of them.
for i in 0 1; do ln -sfn "../../${L[i]#/dev/}" "/dev/disk/by-path/test-a$i-other"; done
pass "$MDCTL" "$T/out.c"
printf '%s\n' "control: 1 1 stopped" "yes: 0 0 running" "no: 1 1 stopped" "homehost: 1 1 stopped" \
    "no-1x: 1 1 stopped" "homehost-1x: 1 1 stopped" "no-nopath: 1 1 stopped" "no-plain: 1 1 stopped" \
    "no-with-auto: 1 1 stopped" "other-metadata: 0 0 running" "other-path: 0 0 running" > "$T/want.c"
diff "$T/want.c" "$T/out.c" || fail "mdctl's POLICY auto= outcomes (expected < > mdctl)"
ok "POLICY auto= applied by mdctl"
