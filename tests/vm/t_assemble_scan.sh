#!/usr/bin/env bash
# --assemble --scan with a config file: ARRAY lines from --examine --scan and
# --detail --scan reproduce the assembly; without ARRAY lines every array on
# the allowed devices comes up under its name; <ignore>, AUTO -all and
# "AUTO homehost -all" keep arrays down; a foreign array is named HOST:NAME;
# malformed lines are reported with their line number and the rest applies.
# timeout: 300
. tests/vm/lib.sh
C=$T/conf

mk() {  # NAME LEVEL N [extra create options]: an array of N fresh members, stopped
    local name=$1 level=$2 n=$3 devs=() i; shift 3
    for (( i = 0; i < n; i++ )); do devs+=("$(mkloop 32)"); done
    run $MDCTL --create "/dev/md/$name" -l"$level" -n"$n" --assume-clean --run "$@" "${devs[@]}"
    write_pattern "/dev/md/$name" "$level" 4
    run $MDCTL --stop "/dev/md/$name"
}
# up NAME...: exactly these arrays run (by their /dev/md/ link), data intact.
up() {
    local want=$* have=() l
    for l in /dev/md/*; do [ -e "$l" ] && have+=("${l#/dev/md/}"); done
    [ "${have[*]}" = "$want" ] || fail "running arrays: '${have[*]}', expected '$want'"
    for l in "$@"; do
        [ "$(mdsys "/dev/md/$l" array_state)" = clean ] || fail "/dev/md/$l not clean"
        verify_pattern "/dev/md/$l" "$(mdsys "/dev/md/$l" level | tr -dc 0-9)" 4
    done
}
down() { run $MDCTL --stop --scan; }

mk alpha 1 2
mk beta 5 3
mk gamma 10 4 --layout n2
ua=$($MDCTL --examine --brief /dev/loop0 | sed -n 's/.*UUID=\([^ ]*\).*/\1/p')
ub=$($MDCTL --examine --brief /dev/loop2 | sed -n 's/.*UUID=\([^ ]*\).*/\1/p')

# ---- ARRAY lines from --examine --scan ----
{ echo "DEVICE /dev/loop*"; $MDCTL --examine --scan; } > "$C"
cat "$C"
[ "$(grep -c '^ARRAY' "$C")" = 3 ] || fail "--examine --scan: not 3 ARRAY lines"
run $MDCTL --assemble --scan --config "$C"
up alpha beta gamma
run $MDCTL --assemble --scan --config "$C"     # already assembled: success
up alpha beta gamma
ok "--examine --scan lines assemble all three; a second --assemble --scan is a no-op"

# ---- ARRAY lines from --detail --scan, no DEVICE line (default: partitions) ----
$MDCTL --detail --scan > "$C"
down
run $MDCTL --assemble --scan --config "$C"
up alpha beta gamma
down
ok "--detail --scan lines, devices from /proc/partitions"

# ---- no ARRAY lines: everything found; <ignore>; AUTO ----
echo "DEVICE /dev/loop*" > "$C"
run $MDCTL --assemble --scan --config "$C"
up alpha beta gamma
down
printf 'DEVICE /dev/loop*\nARRAY <ignore> UUID=%s\n' "$ub" > "$C"
run $MDCTL --assemble --scan --config "$C"
up alpha gamma
down
printf 'DEVICE /dev/loop*\nAUTO -all\n' > "$C"
snapshot /dev/loop0 /dev/loop2
expect_fail "no arrays found" $MDCTL --assemble --scan --config "$C"
up
assert_unchanged /dev/loop0 /dev/loop2
ok "without ARRAY lines: all found; <ignore> skips one; AUTO -all assembles none"

# ---- a foreign array ----
mk delta 1 2 --homehost=otherhost
printf 'DEVICE /dev/loop*\nAUTO homehost -all\n' > "$C"
run $MDCTL --assemble --scan --config "$C"
up alpha beta gamma
down
echo "DEVICE /dev/loop*" > "$C"
run $MDCTL --assemble --scan --config "$C"
up alpha beta gamma otherhost:delta
down
ok "foreign array: left alone under 'AUTO homehost -all', else assembled as otherhost:delta"

# ---- malformed lines: reported with line numbers, the rest applies ----
cat > "$C" <<EOF
DEVICE /dev/loop*
ARRAY /dev/md/alpha UUID=not-a-uuid
BOGUS words here
ARRAY /dev/md/alpha UUID=$ua
EOF
run $MDCTL --assemble --scan --config "$C"
assert_contains "$OUT" "$C:2:" "report of the bad uuid line"
assert_contains "$OUT" "$C:3:" "report of the unknown keyword"
up alpha
down
ok "malformed lines reported as FILE:LINE, valid lines still assembled"

# ---- --assemble --scan MD: only that array ----
{ echo "DEVICE /dev/loop*"; $MDCTL --examine --scan; } > "$C"
run $MDCTL --assemble --scan --config "$C" /dev/md/beta
up beta
down
ok "--assemble --scan /dev/md/beta assembles only beta"
cleanup_all
