#!/usr/bin/env bash
# --create -e 0.90: for each level (raid1, raid1 with an internal bitmap,
# raid5 built by recovering its last member plus a spare, raid5 with a member
# missing, raid4, raid6, raid10 far, raid0, linear) mdadm 4.6 creates an array
# on one set of fresh loops and mdctl the same on another; then -E of matching
# members, the /proc/mdstat line and md sysfs (level, raid_disks, chunk_size,
# layout, component_size) must agree, and each array is assembled by the other
# tool with the data written through it intact. Also -X of the bitmap, the
# homehost hash in the UUID, and the 0.90 limits refused with nothing written.
# Linux 6.12 has no linear personality: that array is left out there.
# kernels: 7.2 6.12
# timeout: 600
. tests/vm/lib.sh

# -E output without what differs between two creations on different loops:
# UUID, times and checksum (random or clock-given, and the checksum covers
# them), loop names and minors (the devices differ).
norm() {
    local l
    while IFS= read -r l; do
        # the homehost hash (last two words) is the same: both run here
        [[ $l == *"UUID : "* ]] && l=${l%%UUID : *}"UUID : U${l#*UUID : ????????:????????}"
        [[ $l == *" Time : "* ]] && l=${l%%Time : *}"Time : T"
        [[ $l == *"Checksum : "* ]] && l=${l%%Checksum : *}"Checksum : C ${l##* }"
        [[ $l == /dev/loop* ]] && l=DEV:
        # events count the clean/dirty switches while data is written, which
        # depend on timing; the homehost check below compares them unwritten
        [ -n "${NO_EVENTS:-}" ] && [[ $l == *" Events : "* ]] && l="Events : E"
        if [[ $l =~ ^(this|\ *[0-9]+)\ +([0-9]+)\ +7\ +[0-9]+\ +(.*)$ ]]; then
            l="${BASH_REMATCH[1]} ${BASH_REMATCH[2]} 7 M ${BASH_REMATCH[3]%/dev/loop*}"
        fi
        printf '%s\n' "$l"
    done
}
# state MD: the mdstat lines after the name line, and the md sysfs that matters
state() {
    local l out= on=0
    while IFS= read -r l; do
        [[ $l == "$(mdname "$1") :"* ]] && { on=1; out="${l%% loop*} "; continue; }
        # how many bitmap pages are in memory is the kernel's passing state,
        # not the array's: only the bitmap's chunk is compared (-X does the rest)
        [[ $l == *"bitmap: "*" pages "* ]] && l="bitmap: ${l##*], }"
        [ $on = 1 ] && { [ -z "$l" ] && break; out+="$l|"; }
    done < /proc/mdstat
    for a in level raid_disks chunk_size layout component_size; do out+=" $a=$(mdsys "$1" "$a")"; done
    echo "$out"
}

# same_e WHAT DEV_A DEV_B: -E of both the same, normalised
same_e() {
    [ "$(norm < <($MDADM46 -E "$2"))" == "$(norm < <($MDADM46 -E "$3"))" ] ||
        fail "$1: -E differs:"$'\n'"$(diff <($MDADM46 -E "$2" | norm) <($MDADM46 -E "$3" | norm))"
}

set_speed 200000 2000000
A=() B=()
for s in 32 32 32 40; do A+=("$(mkloop $s)"); B+=("$(mkloop $s)"); done
head -c 2M /dev/urandom > "$T/data"

# one LEVEL N OPTIONS...: the members are the first N (+ -x1: N+1) of each set;
# "m1" in OPTIONS makes the second member "missing".
one() {
    local level=$1 n=$2; shift 2
    local opts=() x=0 miss=0 o
    for o in "$@"; do
        case $o in m1) miss=1 ;; -x1) x=1; opts+=("$o") ;; *) opts+=("$o") ;; esac
    done
    local a=("${A[@]:0:$((n + x))}") b=("${B[@]:0:$((n + x))}")
    [ $miss = 1 ] && a[1]=missing b[1]=missing
    $MDADM46 --create /dev/md0 -e 0.90 --run -l"$level" -n"$n" "${opts[@]}" "${a[@]}" > "$T/out" 2>&1 ||
        fail "mdadm 4.6 could not create $level: $(cat "$T/out")"
    wait_idle /dev/md0
    local sm; sm=$(state /dev/md0)
    dd if="$T/data" of=/dev/md0 bs=1M oflag=direct status=none
    $MDADM46 --stop /dev/md0 > /dev/null 2>&1
    run $MDCTL --create /dev/md0 -e 0.90 --run -l"$level" -n"$n" "${opts[@]}" "${b[@]}" > /dev/null
    wait_idle /dev/md0
    assert_eq "$sm" "$(state /dev/md0)" "mdstat and sysfs of the $level"
    dd if="$T/data" of=/dev/md0 bs=1M oflag=direct status=none
    run $MDCTL --stop /dev/md0 > /dev/null
    local i
    for (( i = 0; i < ${#a[@]}; i++ )); do
        [ "${a[i]}" = missing ] && continue
        same_e "$level member $i" "${a[i]}" "${b[i]}"
    done
    local ra=() rb=()
    for o in "${a[@]}"; do [ "$o" = missing ] || ra+=("$o"); done
    for o in "${b[@]}"; do [ "$o" = missing ] || rb+=("$o"); done
    # interop: mdctl's members assembled by mdadm 4.6, mdadm's by mdctl
    $MDADM46 --assemble /dev/md0 --run "${rb[@]}" > "$T/out" 2>&1 || fail "mdadm 4.6 cannot assemble mdctl's $level: $(cat "$T/out")"
    cmp -n 2097152 "$T/data" /dev/md0 || fail "data of mdctl's $level lost"
    $MDADM46 --stop /dev/md0 > /dev/null 2>&1
    run $MDCTL --assemble /dev/md0 --run "${ra[@]}" > /dev/null
    cmp -n 2097152 "$T/data" /dev/md0 || fail "data of mdadm's $level lost"
    run $MDCTL --stop /dev/md0 > /dev/null
    ok "0.90 $level -n$n $*: -E, mdstat, sysfs as mdadm 4.6; interop both ways [${SECONDS}s]"
}

NO_EVENTS=1
one 1 2 --assume-clean
one 1 2 --bitmap=internal --assume-clean
# (events follow the superblock's: timing, as above)
xb() { $MDADM46 -X "$1" | grep -v -e UUID -e Filename -e Events; }
[ "$(xb "${A[0]}")" == "$(xb "${B[0]}")" ] ||
    fail "-X differs:"$'\n'"$(diff <($MDADM46 -X "${A[0]}") <($MDADM46 -X "${B[0]}"))"
ok "0.90 bitmap: -X as mdadm 4.6's"
one 5 3 -x1
one 5 3 --assume-clean m1
one 4 3 --assume-clean --chunk=128
one 6 4 --assume-clean
one 10 4 --assume-clean --layout=f2
one 0 3
kernel_is_612 || one linear 2

# the homehost hash in the UUID, --size taken as given; events too, nothing
# written meanwhile
NO_EVENTS=
$MDADM46 --create /dev/md0 -e 0 --run -l1 -n2 --assume-clean --size=1000 --homehost=fixturehost "${A[0]}" "${A[1]}" > /dev/null 2>&1
$MDADM46 --stop /dev/md0 > /dev/null 2>&1
run $MDCTL --create /dev/md0 -e 0 --run -l1 -n2 --assume-clean --size=1000 --homehost=fixturehost "${B[0]}" "${B[1]}" > /dev/null
run $MDCTL --stop /dev/md0 > /dev/null
same_e "raid1 --homehost=fixturehost" "${A[0]}" "${B[0]}"
assert_contains "$($MDADM46 -E --homehost=fixturehost "${B[0]}")" "(local to host fixturehost)"
ok "0.90 homehost in the UUID, --size, events as mdadm's"

# the format's limits: refused, nothing written
snapshot "${B[@]}"
many=(); for i in $(seq 28); do many+=("/dev/nonexistent$i"); done
expect_fail "at most 27 devices" $MDCTL --create /dev/md0 -e 0.90 --run -l1 -n28 "${many[@]}"
expect_fail "no array name" $MDCTL --create /dev/md0 -e 0.90 --run -l1 -n2 --name=foo "${B[0]}" "${B[1]}"
expect_fail "no data offset" $MDCTL --create /dev/md0 -e 0.90 --run -l1 -n2 --data-offset=2048 "${B[0]}" "${B[1]}"
expect_fail "logical block size" $MDCTL --create /dev/md0 -e 0.90 --run -l1 -n2 --logical-block-size=4096 "${B[0]}" "${B[1]}"
expect_fail "llbitmap" $MDCTL --create /dev/md0 -e 0.90 --run -l1 -n2 --bitmap=llbitmap "${B[0]}" "${B[1]}"
expect_fail "differ in size" $MDCTL --create /dev/md0 -e 0.90 --run -l0 -n2 "${B[0]}" "${B[3]}"
assert_unchanged "${B[@]}"
ok "0.90 limits refused, nothing written"
