#!/usr/bin/env bash
# 0.90 arrays through the modes after create, by difference with mdadm 4.6:
# two raid5 arrays (-e 0.90, internal bitmap, a spare device each) made by mdadm 4.6 on two
# sets of fresh loops, differing only where the two would clash side by side
# (uuid, preferred minor); then the same command sequence once with mdadm 4.6
# on one set and once with mdctl called as mdadm on the other: --incremental
# of each member (--export too), also of a local raid1 (named by its minor),
# --fail/--remove, --add of the spare (a recovery), --fail/--remove/--re-add.
# After every step the exit statuses and outputs (loop names and minors, md
# names, times normalised) must agree, and so must -D and every member's -E.
# mdadm 4.6 then assembles mdctl's result with the data intact; --detail
# --json of a 0.90 array passes the schema. --grow as far as mdctl takes 0.90
# arrays: the raid5's bitmap removed and added back with another chunk (-X
# compared), a raid1 grown to three mirrors, given a bitmap and, without
# one, --size=max after its devices grew (the superblock moves to the new
# end), then assembled by mdadm 4.6; restripes without a backup file and
# llbitmap are refused with nothing changed; the raid5 grows by a device in
# place with a backup file and mdadm 4.6 assembles the 4-device result.
# kernels: 7.2 6.12
# timeout: 500
. tests/vm/lib.sh

set_speed
# mdctl called as mdadm (the drop-in) speaks mdadm's words: compare all of it
P=$T/persona; mkdir -p "$P"; ln -sf "$MDCTL" "$P/mdadm"; MDA=$P/mdadm
# The sets run side by side, so their arrays differ where the kernel or -I
# would mix them up: uuid, preferred minor (the -I name); norm() evens that out.
U=1234abcd:5678ef01:23456789:abcdef01 UC=1234abcd:5678ef01:23456789:abcdef02
M=() C=()
for i in 0 1 2 3; do M+=("$(mkloop 40)"); C+=("$(mkloop 40)"); done
for i in 4 5 6; do M+=("$(mkloop 24)"); C+=("$(mkloop 24)"); done
MDM=/dev/md10 MDC=/dev/md11
diffs=0

# norm TEXT: the two runs' differences that are not behaviour: loop names
# (by position in the set), the md device, the tool's name, times, checksums.
norm() {
    local t=$1 i
    for i in 6 5 4 3 2 1 0; do t=${t//${M[i]}/DEV$i}; t=${t//${C[i]}/DEV$i}; done
    for i in 6 5 4 3 2 1 0; do t=${t//${M[i]#/dev/}/DEV$i}; t=${t//${C[i]#/dev/}/DEV$i}; done
    t=${t//$UC/$U}; t=${t//${U%??}20/$U}; t=${t//${U%??}21/$U}; t=${t//md10/mdX}; t=${t//md11/mdX}; t=${t//md20/mdX}; t=${t//md21/mdX}
    t=${t//mdadm:/TOOL:}; t=${t//mdctl:/TOOL:}
    # -E's descriptor lines ("this 0 7 1 0 active sync DEV0") carry each
    # loop's minor: the two sets differ there by construction
    sed -E 's/(Creation|Update) Time : .*/\1 Time : T/; s/Checksum : [0-9a-f]+ - correct/Checksum : OK/;
            s/^((this| +[0-9]+) +[0-9]+ +7 +)[0-9]+( +[0-9]+ +[a-z])/\1MIN\3/; s/^( +[0-9]+ +7 +)[0-9]+( +[0-9-]+ +[a-z])/\1MIN\2/;
            s/Preferred Minor : (12[0-7]|1[01])$/Preferred Minor : N/; s/Events( Cleared)? : [0-9.]+$/Events\1 : E/;
            s/^( +Bitmap : [0-9]+ bits \(chunks\)), [0-9]+ dirty .*/\1, D dirty/; s/Preferred Minor : 2[01]$/Preferred Minor : R/;
            s/Preferred Minor : 1[01]$/Preferred Minor : X/; s#/dev/md/1[01]_#/dev/md/X_#g; s/=1[01]_/=X_/;
            s/md12[0-7]/mdN/g; s/md1[23]/mdL/g; s#/dev/md/1[23]\b#/dev/md/L#g; s/DEVNAME=1[23]$/DEVNAME=L/' <<< "$t"
}
# both WHAT ARGS...: ARGS with @MD for the array, @N for member N; mdadm 4.6
# on set M, mdctl as mdadm on set C; outputs and exit statuses must agree.
both() {
    local what=$1 a=() c=() x ra=0 rc=0 oa oc; shift
    for x in "$@"; do
        case $x in
        @MD) a+=("$MDM"); c+=("$MDC") ;;
        @[0-6]) a+=("${M[${x#@}]}"); c+=("${C[${x#@}]}") ;;
        @BK) a+=("--backup-file=$T/bk-mdadm"); c+=("--backup-file=$T/bk-mdctl") ;;
        *) a+=("$x"); c+=("$x") ;;
        esac
    done
    # -I's messages are each tool's own words: there only stdout counts
    oa=$("$MDADM46" "${a[@]}" 2> $T/ea) || ra=$?
    oc=$("$MDA" "${c[@]}" 2> $T/ec) || rc=$?
    _check_crash "$rc" "$oc$(cat $T/ec)" "$MDA" "${c[@]}"
    # messages are each tool's own words: both say something or neither
    [ -s $T/ea ] && oa+=$'\n(a message)'; [ -s $T/ec ] && oc+=$'\n(a message)'
    OUT_A=$oa OUT_C=$oc
    # mdctl's one addition to -D/-E (as in t_examine_detail): on 6.12 the
    # queue's logical block size, which 7.2 reports as 0 for 0.90 arrays
    _drop_mdctl_lines "$oc"; oc=$_KEPT
    oa=$(norm "$oa"); oc=$(norm "$oc")
    if [ "$ra" != "$rc" ] || [ "$oa" != "$oc" ]; then
        echo "DIFF: $what: $* (mdadm exit $ra, mdctl exit $rc)"
        diff <(echo "$oa") <(echo "$oc") | head -20 || true
        diffs=$((diffs + 1))
    fi
}
# state WHAT: -D of both arrays and -E of every member agree
state() {
    local i
    both "$1: -D" -D @MD
    for i in 0 1 2 3; do both "$1: -E of member $i" -E @$i; done
}

for s in M C; do
    declare -n set=$s md=MD$s u=U${s#M}
    "$MDADM46" --create $md -e 0.90 -l5 -n3 --uuid=${u:-$U} --bitmap=internal --assume-clean --run "${set[@]:0:3}" > /dev/null 2>&1 ||
        fail "mdadm 4.6 could not create the 0.90 raid5"
    write_pattern $md 5 16
    "$MDADM46" --stop $md > /dev/null 2>&1
done
unset -n set md u

# ---- --incremental ----
rm -rf /run/mdadm /run/mdctl
both "-I member 0 (export)" -I --export @0
both "-I member 1" -I @1
both "-I member 2" -I @2
# -I named them by their preferred minors, as foreign arrays (the uuids do not carry our host)
MDM=/dev/md/10_0 MDC=/dev/md/11_0
state "after -I"
[ "$(mdsys $MDC array_state)" = clean ] || fail "mdctl -I did not start the 0.90 array"
verify_pattern $MDC 5 16
ok "-I of every member starts the 0.90 array as mdadm's [${SECONDS}s]"

# ---- -I of a local array (its UUID carries our homehost): named by its minor ----
for s in M C; do
    declare -n set=$s
    k=12; [ $s = C ] && k=13
    "$MDADM46" --create /dev/md$k -e 0.90 -l1 -n2 --assume-clean --run "${set[@]:4:2}" > /dev/null 2>&1 ||
        fail "mdadm 4.6 could not create the local 0.90 raid1"
    "$MDADM46" --stop /dev/md$k > /dev/null 2>&1
done
unset -n set
both "-I local member 4" -I @4
both "-I local member 5 (export)" -I --export @5
for m in $(ls /dev/md/ 2>/dev/null); do echo "link /dev/md/$m -> $(readlink /dev/md/$m)"; done
for s in M C; do
    declare -n set=$s
    h=$(cat /sys/class/block/${set[4]#/dev/}/holders/* 2>/dev/null; ls /sys/class/block/${set[4]#/dev/}/holders/)
    [ -n "$h" ] || fail "-I left set $s's local raid1 unassembled"
    "$MDADM46" --stop /dev/$h > /dev/null 2>&1
done
unset -n set
ok "-I of a local 0.90 raid1 as mdadm's [${SECONDS}s]"

# ---- manage: fail, remove, add (recovery) ----
both "--fail 1" @MD --fail @1
both "--remove 1" @MD --remove @1
both "--add 3" @MD --add @3
wait_idle $(mdname $MDM) 120; wait_idle $(mdname $MDC) 120
state "after fail/remove/add"
assert_eq 0 "$(mdsys $MDC degraded)" "degraded after the recovery"
ok "--fail, --remove, --add and the recovery as mdadm's [${SECONDS}s]"

# ---- re-add: a member failed out and back comes back ----
both "--fail 0" @MD --fail @0
both "--remove 0" @MD --remove @0
both "--re-add 0" @MD --re-add @0
wait_idle $(mdname $MDM) 120; wait_idle $(mdname $MDC) 120
state "after --re-add"
verify_pattern $MDC 5 16
ok "--re-add of a 0.90 member as mdadm's [${SECONDS}s]"

# ---- --detail --json of a 0.90 array ----
"$MDCTL" --detail --json $MDC > $T/d.json || fail "--detail --json of a 0.90 array failed"
/usr/bin/python3 "$REPO/tests/json_validate.py" $T/d.json || fail "--detail --json of a 0.90 array: schema"
ok "--detail --json of a 0.90 array passes the schema"

# ---- --grow: the raid5's bitmap out and back with another chunk ----
both "--grow --bitmap=none" --grow @MD --bitmap=none
# (mdadm 4.6 -X still shows the removed bitmap's stale header: not compared)
r=0; out=$("$MDCTL" -X "${C[0]}" 2>&1) || r=$?
[ "$r" != 0 ] && [[ $out == *bitmap* ]] || fail "-X of a 0.90 member without a bitmap: exit $r: $out"
both "--grow --bitmap=internal --bitmap-chunk=256K" --grow @MD --bitmap=internal --bitmap-chunk=256K
both "-X after the new bitmap" -X @0
state "after the bitmap changes"
verify_pattern $MDC 5 16
# what mdctl does not do to 0.90 arrays is refused, nothing changed (a
# restripe needs a backup file: 0.90 data cannot move)
for a in "-n4 --add ${C[1]}|0.90" "-n4|spare" "--chunk=128|0.90" "--bitmap=llbitmap|0.90"; do
    why=${a#*|} a=${a%|*}
    r=0; out=$("$MDCTL" --grow $MDC $a 2>&1) || r=$?
    _check_crash "$r" "$out" "$MDCTL" --grow $MDC $a
    [ "$r" = 1 ] && [[ $out == *"$why"* ]] || fail "--grow $a of a 0.90 raid5: exit $r: $out"
done
assert_eq 3 "$(mdsys $MDC raid_disks)" "raid disks after the refused --grow"
assert_eq 524288 "$(mdsys $MDC chunk_size)" "chunk after the refused --grow"
ok "--grow --bitmap of a 0.90 raid5 as mdadm's; restripes and llbitmap refused by name [${SECONDS}s]"
# in place onto the member removed above (a fresh one by now), with a backup
# file; mdadm 4.6 assembles it below
run "$MDCTL" --zero-superblock "${C[1]}"
run "$MDCTL" --grow $MDC -n4 --backup-file=$T/bk-mdc --add "${C[1]}"
wait_idle $(mdname $MDC) 300
assert_eq "4 none" "$(mdsys $MDC raid_disks) $(mdsys $MDC reshape_position)" "raid disks after --grow -n4"
[ ! -e $T/bk-mdc ] || fail "backup file left after the critical section"
verify_pattern $MDC 5 16
ok "--grow -n4 of a 0.90 raid5 with a bitmap, in place with a backup file [${SECONDS}s]"

# ---- --grow of a 0.90 raid1: mirrors, bitmap, --size=max on grown devices ----
for s in M C; do
    declare -n set=$s
    k=20; [ $s = C ] && k=21
    "$MDADM46" --zero-superblock "${set[@]:4:3}" > /dev/null 2>&1 || true
    "$MDADM46" --create /dev/md$k -e 0.90 -l1 -n2 --uuid=${U%??}$k --assume-clean --run "${set[@]:4:2}" > /dev/null 2>&1 ||
        fail "mdadm 4.6 could not create the 0.90 raid1 md$k"
done
unset -n set
SAVE_M=$MDM SAVE_C=$MDC MDM=/dev/md20 MDC=/dev/md21
write_pattern $MDC 6 8
both "--grow -n3 --add 6" --grow @MD -n3 --add @6
wait_idle md20 120; wait_idle md21 120
both "--grow --bitmap=internal (raid1)" --grow @MD --bitmap=internal
both "-X of the raid1" -X @4
both "--grow --bitmap=none (raid1)" --grow @MD --bitmap=none
for s in M C; do
    declare -n set=$s
    for i in 4 5 6; do truncate -s 32M "$(losetup -nO BACK-FILE "${set[i]}")"; losetup -c "${set[i]}"; done
done
unset -n set
both "--grow --size=max (raid1)" --grow @MD --size=max
wait_idle md20 120; wait_idle md21 120
assert_eq "$(mdsys md20 component_size)" "$(mdsys md21 component_size)" "component size after --size=max"
[ "$(mdsys md21 component_size)" -gt 24000 ] || fail "--size=max left md21 at $(mdsys md21 component_size) KiB"
both "-D of the raid1" -D @MD
for i in 4 5 6; do both "-E of raid1 member $i" -E @$i; done
verify_pattern $MDC 6 8
"$MDCTL" --stop $MDC > /dev/null
run "$MDADM46" --assemble $MDC "${C[@]:4:3}"
assert_eq 3 "$(mdsys md21 raid_disks)" "raid disks of mdctl's raid1 assembled by mdadm 4.6"
verify_pattern $MDC 6 8
"$MDADM46" --stop $MDC > /dev/null; "$MDADM46" --stop $MDM > /dev/null
MDM=$SAVE_M MDC=$SAVE_C
ok "--grow of a 0.90 raid1 (mirrors, bitmap, --size=max) as mdadm's; mdadm 4.6 assembles it [${SECONDS}s]"

# ---- mdadm 4.6 assembles what mdctl left ----
"$MDCTL" --stop $MDC > /dev/null
run "$MDADM46" --assemble $MDC "${C[@]:0:4}"
assert_eq 4 "$(mdsys $(mdname $MDC) raid_disks)" "raid disks of mdctl's grown raid5 assembled by mdadm 4.6"
verify_pattern $MDC 5 16
"$MDADM46" --stop $MDC > /dev/null
"$MDADM46" --stop $MDM > /dev/null
ok "mdadm 4.6 assembles mdctl's 0.90 array with the data intact"
[ "$diffs" = 0 ] || fail "$diffs difference(s) from mdadm 4.6"
