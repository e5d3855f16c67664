#!/usr/bin/env bash
# --assemble --update=VALUE of 0.90 arrays, by difference with mdadm 4.6: for
# each case the same array is made by mdadm 4.6 on two sets of fresh loops
# (same uuid), then assembled as /dev/md5 with the update by mdadm 4.6 on one
# set and by mdctl called as mdadm on the other. Exit status, stdout, whether
# a message came, the running array (level, devices, a resync asked for,
# bitmap) and every member's superblock afterwards (mdadm 4.6 -E, loop names
# and times normalised) must agree. Cases: super-minor; summaries after the
# counts were scrambled (complete and degraded arrays); uuid with --uuid on an
# array with a bitmap (its header takes the new uuid, or the array would
# start without it); homehost; resync (started read-only, so the kernel
# writes nothing over what the tool wrote); big-endian members without
# byteorder; v1-only values (name, devicesize, bbl, and layout-* of a
# multi-zone raid0: the kernel ignores a 0.90 raid0's layout, md.c
# super_90_validate()); no-bitmap of a raid1 with a bitmap; bitmap (which
# mdadm 4.6 refuses) and revert-reshape without a reshape; sparc2.2 of
# members laid out as a SPARC 2.2 kernel did (sb0edit.py: the superblocks
# as mdadm 4.6 writes them; mdctl also starts the array, mdadm 4.6 fails to
# in that run); metadata (0.90 -> 1.0 in place) of raid1, write-mostly
# raid1, raid5 with a --size, raid0, linear (not on 6.12, which has no linear
# personality), a raid5 with a failed member, and
# refused with a bitmap or when not clean. Then mdctl's own: the data of a
# raid5 reads the same before and after its conversion and when mdadm 4.6
# assembles the converted array; -E -e and --zero-superblock [-e] of a
# converted member (both superblocks) as mdadm 4.6; byteorder of members rewritten as a
# big-endian host writes them (mdadm 4.6 does not find such superblocks at
# all), refused on this host's; a random uuid the same on every member;
# -E --sparc2.2 as mdadm 4.6 (nothing written), and --update=sparc2.2 refused
# with the members unchanged where mdadm 4.6 would scramble a healthy array.
# kernels: 7.2 6.12
# timeout: 600
. tests/vm/lib.sh

set_speed 1000 1000   # a resync asked for stays near its start
P=$T/persona; mkdir -p "$P"; ln -sf "$MDCTL" "$P/mdadm"; MDA=$P/mdadm
ED=$REPO/tests/vm/tools/sb0edit.py
M=() C=()
for i in 0 1 2; do M+=("$(mkloop 32)"); C+=("$(mkloop 32)"); done
M+=("$(mkloop 40)"); C+=("$(mkloop 40)")
U=1234abcd:5678ef01:23456789:abcdef01
diffs=0

norm() {
    local t i
    t=$(cat)
    for i in 3 2 1 0; do t=${t//${M[i]}/DEV$i}; t=${t//${C[i]}/DEV$i}; done
    for i in 3 2 1 0; do t=${t//${M[i]#/dev/}/DEV$i}; t=${t//${C[i]#/dev/}/DEV$i}; done
    t=${t//mdadm:/TOOL:}
    sed -E 's/(Creation|Update) Time : .*/\1 Time : T/; s/Device UUID : .*/Device UUID : U/; s/Checksum : [0-9a-f]+ - (correct|expected [0-9a-f]+)/Checksum : \1/;
            s/^((this| +[0-9]+) +[0-9]+ +7 +)[0-9]+( +[0-9]+ +[a-z])/\1MIN\3/; s/^( +[0-9]+ +7 +)[0-9]+( +[0-9-]+ +[a-z])/\1MIN\2/' <<< "$t"
}

# mk SET LEVEL IDX... -- [create options]: a fresh 0.90 array by mdadm 4.6 on
# the set's devices IDX ("missing" too), stopped
mk() {
    local -n s=$1; local lvl=$2 d=() x; shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        if [ "$1" = missing ]; then d+=(missing); else d+=("${s[$1]}"); fi
        shift
    done
    [ $# -gt 0 ] && shift
    "$MDADM46" --zero-superblock "${s[@]}" > /dev/null 2>&1 || true
    "$MDADM46" --create /dev/md0 -e0.90 -l"$lvl" -n${#d[@]} --uuid=$U --assume-clean --run "$@" "${d[@]}" \
        > /dev/null 2>&1 || fail "mdadm 4.6 --create -e0.90 -l$lvl ${d[*]}"
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1
    unset -n s
}

# outcome TOOL SET IDX... -- ARGS...: --assemble /dev/md5 ARGS of those members
outcome() {
    local x=$1 rc=0 out i st; local -n s=$2; shift 2
    local d=()
    while [ "$1" != -- ]; do d+=("${s[$1]}"); shift; done
    shift
    out=$("$x" --assemble /dev/md5 "$@" "${d[@]}" 2> "$T/err") || rc=$?
    _check_crash "$rc" "$out$(< "$T/err")" "$x" --assemble /dev/md5 "$@"
    echo "exit $rc"; [ -z "$out" ] || echo "$out"; [ -s "$T/err" ] && echo "(a message)"
    read -r st 2> /dev/null < /sys/block/md5/md/array_state || st=none
    if [ "$st" != none ] && [ "$st" != inactive ] && [ "$st" != clear ]; then
        local rs bm
        rs=$(mdsys md5 resync_start); [ "$rs" = none ] || rs=set
        bm=$(cat /sys/block/md5/md/bitmap/location 2> /dev/null || echo -)
        echo "running: $(mdsys md5 level) $(mdsys md5 raid_disks) devices, resync $rs, bitmap $bm"
    fi
    "$MDADM46" --stop /dev/md5 > /dev/null 2>&1 || true
    for i in "${d[@]}"; do "$MDADM46" -E "$i" 2>&1 || true; done
    unset -n s
}

# case_ WHAT PREP IDX... -- ARGS...: PREP SET makes the array on SET, then both tools
case_() {
    local what=$1 prep=$2 a c; shift 2
    $prep M; a=$(outcome "$MDADM46" M "$@" | norm)
    $prep C; c=$(outcome "$MDA" C "$@" | norm)
    if [ "$a" != "$c" ]; then
        echo "DIFF: $what (mdadm 4.6 < > mdctl as mdadm)"
        diff <(echo "$a") <(echo "$c") | head -30 || true
        diffs=$((diffs + 1))
    else
        ok "$what: as mdadm 4.6 (${a%%$'\n'*}) [${SECONDS}s]"
    fi
}

raid1() { mk "$1" 1 0 1; }
raid1_bitmap() { mk "$1" 1 0 1 -- --bitmap=internal; }
scrambled() { local -n s=$1; mk "$1" 1 0 1; python3 "$ED" "${s[0]}" counts 9; python3 "$ED" "${s[1]}" counts 9; unset -n s; }
scrambled_degraded() { local -n s=$1; mk "$1" 1 0 1 missing; python3 "$ED" "${s[0]}" counts 7; python3 "$ED" "${s[1]}" counts 7; unset -n s; }
big_endian() { local -n s=$1; mk "$1" 1 0 1; python3 "$ED" "${s[0]}" big-endian; python3 "$ED" "${s[1]}" big-endian; unset -n s; }
raid0_zones() { mk "$1" 0 0 3 -- --layout=dangerous; }
raid1_wm() { mk "$1" 1 0 1 -- --write-mostly; }
raid5_sized() { mk "$1" 5 0 1 2 -- --size=16M; }
raid0() { mk "$1" 0 0 1 2; }
linear() { mk "$1" linear 0 1 3; }
dirty() { local -n s=$1; mk "$1" 1 0 1; python3 "$ED" "${s[0]}" dirty; python3 "$ED" "${s[1]}" dirty; unset -n s; }
sparc22() { local -n s=$1; mk "$1" 1 0 1; python3 "$ED" "${s[0]}" sparc22; python3 "$ED" "${s[1]}" sparc22; unset -n s; }
raid5_failed() {
    local -n s=$1
    mk "$1" 5 0 1 2
    "$MDADM46" --assemble /dev/md0 "${s[0]}" "${s[1]}" "${s[2]}" > /dev/null 2>&1
    "$MDADM46" /dev/md0 --fail "${s[1]}" > /dev/null 2>&1
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1
    unset -n s
}

case_ super-minor raid1 0 1 -- --update=super-minor
case_ summaries scrambled 0 1 -- --update=summaries
case_ "summaries (degraded)" scrambled_degraded 0 1 -- --update=summaries --run
case_ "uuid with --uuid (bitmap)" raid1_bitmap 0 1 -- --update=uuid --uuid=0badcafe:11112222:33334444:55556666
case_ homehost raid1 0 1 -- --update=homehost --homehost=elsewhere
case_ resync raid1 0 1 -- --update=resync --readonly
case_ "big-endian members without byteorder" big_endian 0 1 --
for v in name devicesize bbl; do case_ "$v (v1.x only)" raid1 0 1 -- --update=$v; done
case_ "layout-alternate (v1.x only)" raid0_zones 0 3 -- --update=layout-alternate
case_ "no-bitmap" raid1_bitmap 0 1 -- --update=no-bitmap
case_ "bitmap (refused by both)" raid1_bitmap 0 1 -- --update=bitmap
case_ "revert-reshape without a reshape" raid1 0 1 -- --update=revert-reshape
# sparc2.2: mdadm 4.6 rewrites the members but then fails to start the array
# in the same run ("assembled from 0 drives and 1 spare"; a second --assemble
# starts it); mdctl starts it at once. The superblocks must be the same.
sparc22 M; a=$(outcome "$MDADM46" M 0 1 -- --update=sparc2.2 | norm)
sparc22 C; c=$(outcome "$MDA" C 0 1 -- --update=sparc2.2 | norm)
assert_eq "exit 0|running: raid1 2 devices, resync none, bitmap none" \
    "$(head -n1 <<< "$c")|$(grep '^running' <<< "$c")" "mdctl --update=sparc2.2 of SPARC 2.2 members"
assert_eq "$(sed -n '/^DEV[0-9]:$/,$p' <<< "$a")" "$(sed -n '/^DEV[0-9]:$/,$p' <<< "$c")" \
    "superblocks after --update=sparc2.2, mdctl as mdadm vs mdadm 4.6"
ok "sparc2.2 of members laid out as SPARC 2.2 kernels did: started, superblocks as mdadm 4.6 writes them [${SECONDS}s]"
conv=("raid1 0 1" "raid1_wm 0 1" "raid5_sized 0 1 2" "raid0 0 1 2" "raid1_bitmap 0 1" "dirty 0 1" "raid5_failed 0 2")
kernel_is_612 || conv+=("linear 0 1 3")   # Linux 6.12 has no linear personality
for p in "${conv[@]}"; do
    # shellcheck disable=SC2086 # the prep and its members' indices
    case_ "metadata (${p%% *})" $p -- --update=metadata
done

# ---- mdctl's own ----
big_endian C
run "$MDCTL" --assemble /dev/md5 --update=byteorder "${C[0]}" "${C[1]}"
assert_eq clean "$(mdsys md5 array_state)" "array state after --update=byteorder"
run "$MDCTL" --stop /dev/md5
run "$MDADM46" -E "${C[0]}"   # mdadm 4.6 reads only this host's order
assert_contains "$OUT" "Raid Devices : 2"
ok "--update=byteorder: big-endian members assemble, rewritten in this host's order"
raid1 C
snapshot "${C[0]}" "${C[1]}"
expect_fail "in this host's byte order already" "$MDCTL" --assemble /dev/md5 --update=byteorder "${C[0]}" "${C[1]}"
assert_unchanged "${C[0]}" "${C[1]}"
raid1 C
run "$MDCTL" --assemble /dev/md5 --update=uuid "${C[0]}" "${C[1]}"
run "$MDCTL" --stop /dev/md5
u0=$("$MDADM46" -E "${C[0]}" | sed -n 's/ *UUID : //p'); u1=$("$MDADM46" -E "${C[1]}" | sed -n 's/ *UUID : //p')
[ "$u0" = "$u1" ] && [[ $u0 != $U* ]] || fail "--update=uuid without --uuid: '$u0' and '$u1'"
ok "--update=uuid without --uuid: one new random uuid on every member"
# ---- --update=metadata keeps the data where it was ----
mk C 5 0 1 2
run "$MDADM46" --assemble /dev/md0 "${C[0]}" "${C[1]}" "${C[2]}"
run dd if=/dev/urandom of=/dev/md0 bs=1M count=16 oflag=direct status=none
sum=$(head -c 16M /dev/md0 | sha1sum)
run "$MDADM46" --stop /dev/md0
run "$MDCTL" --assemble /dev/md5 --update=metadata "${C[0]}" "${C[1]}" "${C[2]}"
assert_eq "$sum" "$(head -c 16M /dev/md5 | sha1sum)" "data after --update=metadata"
run "$MDCTL" --stop /dev/md5
run "$MDCTL" -E "${C[2]}"
assert_contains "$OUT" "Version : 1.0"
run "$MDCTL" -E -e0.90 "${C[2]}"   # the old superblock stays, older
assert_contains "$OUT" "Version : 0.90.00"
run "$MDADM46" --assemble /dev/md0 "${C[0]}" "${C[1]}" "${C[2]}"
assert_eq "$sum" "$(head -c 16M /dev/md0 | sha1sum)" "data when mdadm 4.6 assembles the converted array"
run "$MDADM46" -D /dev/md0
assert_contains "$OUT" "Version : 1.0"
run "$MDADM46" --stop /dev/md0
snapshot "${C[0]}" "${C[1]}" "${C[2]}"
expect_fail "applies to 0.90 metadata only" "$MDCTL" --assemble /dev/md5 --update=metadata "${C[0]}" "${C[1]}" "${C[2]}"
assert_unchanged "${C[0]}" "${C[1]}" "${C[2]}"
ok "--update=metadata: a raid5's data reads the same as 0.90, as 1.0, and through mdadm 4.6; not again on 1.0"

# both superblocks of a converted member: -E -e picks one; --zero-superblock
# erases both, or with -e that one (each tool, then mdadm 4.6 looks)
for e in 0.90 1.0; do
    a=$("$MDADM46" -E -e$e "${C[2]}" 2>&1 | norm); c=$("$MDA" -E -e$e "${C[2]}" 2>&1 | norm)
    assert_eq "$a" "$c" "-E -e$e of a converted member, mdctl as mdadm vs mdadm 4.6"
done
converted() {
    local -n s=$1
    mk "$1" 1 0 1
    "$MDADM46" --assemble /dev/md0 --update=metadata "${s[0]}" "${s[1]}" > /dev/null 2>&1
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1
    unset -n s
}
zeroed() {
    local x=$1 rc=0 e; local -n s=$2; shift 2
    "$x" --zero-superblock "$@" "${s[0]}" > /dev/null 2>&1 || rc=$?
    echo "exit $rc"
    for e in 0.90 1.0; do "$MDADM46" -E -e$e "${s[0]}" 2>&1 | head -2; done
    unset -n s
}
for e in "" -e0.90 -e1.0; do
    converted M; a=$(zeroed "$MDADM46" M $e | norm)
    converted C; c=$(zeroed "$MDA" C $e | norm)
    assert_eq "$a" "$c" "--zero-superblock $e of a converted member, mdctl as mdadm vs mdadm 4.6"
done
ok "a converted member: -E -e0.90/-e1.0 and --zero-superblock [-e0.90|-e1.0] as mdadm 4.6 [${SECONDS}s]"
# -E --sparc2.2 shows such a member as both tools read it, and writes nothing
sparc22 M; sparc22 C
snapshot "${C[0]}"
a=$("$MDADM46" -E --sparc2.2 "${M[0]}" 2>&1 | norm); c=$("$MDA" -E --sparc2.2 "${C[0]}" 2>&1 | norm)
assert_eq "$a" "$c" "-E --sparc2.2, mdctl as mdadm vs mdadm 4.6"
assert_unchanged "${C[0]}"
# mdadm 4.6 moves the words of any 0.90 superblock, making a healthy array
# unusable; mdctl refuses one that the move leaves inconsistent
raid1 C
snapshot "${C[0]}" "${C[1]}"
expect_fail "not written by a SPARC 2.2 kernel" "$MDCTL" --assemble /dev/md5 --update=sparc2.2 "${C[0]}" "${C[1]}"
assert_unchanged "${C[0]}" "${C[1]}"
ok "sparc2.2: -E --sparc2.2 as mdadm 4.6; refused on members no SPARC 2.2 kernel wrote, nothing written"
[ "$diffs" = 0 ] || fail "$diffs case(s) differ from mdadm 4.6"
