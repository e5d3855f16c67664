#!/usr/bin/env bash
# --incremental (-I), as udev drives it: members of raid1 (llbitmap), raid5 and
# raid10 arrive one at a time in shuffled order and each array starts exactly
# when its last member arrives, with its /dev/md/NAME link, its bitmap type and
# its data; an incomplete array waits until -IRs starts it degraded; -If takes
# a member out (running array: failed and removed; inactive: removed); an
# out-of-date member is left out; the config's <ignore>, AUTO and ARRAY names
# apply; 32 -I calls in parallel build 8 arrays, each started once, one map
# line each; names mdadm accepts but that are unsafe in a path or a udev
# property never reach MD_DEVNAME or /dev/md/.
# timeout: 600
. tests/vm/lib.sh

MAP=/run/mdctl/map
rm -f "$MAP"

# inc ARGS...: `mdctl -I --export ARGS`, must exit 0; sets E_DEVICE,
# E_DEVNAME, E_FOREIGN, E_STARTED. Every stdout line must be a safe property.
inc() {
    local l out rc=0
    out=$("$MDCTL" -I --export "$@" 2>"$T/inc.err") || rc=$?
    _check_crash "$rc" "$out$(<"$T/inc.err")" "$MDCTL" -I --export "$@"
    [ "$rc" = 0 ] || fail "mdctl -I --export $* exited $rc: $(<"$T/inc.err")"
    E_DEVICE='' E_DEVNAME='' E_FOREIGN='' E_STARTED=''
    while IFS= read -r l; do
        [ -n "$l" ] || continue
        [[ $l =~ ^MD_(DEVICE|DEVNAME|FOREIGN|STARTED)=([A-Za-z0-9._+:-]+)$ ]] ||
            fail "unsafe or unknown export line '$l'"
        printf -v "E_${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[2]}"
    done <<< "$out"
    [ -n "$E_DEVICE" ] && [ -n "$E_STARTED" ] || fail "mdctl -I --export $*: incomplete output:"$'\n'"$out"
}

# map_ok N: the map has N well-formed lines, no kernel name or uuid twice.
map_ok() {
    local n=0 l k u
    local -A ks=() us=()
    while IFS= read -r l; do
        [[ $l =~ ^(md[0-9]+)\ 1\.[012]\ ([0-9a-f]{8}(:[0-9a-f]{8}){3})\ /dev/md[/0-9A-Za-z._:+-]+$ ]] ||
            fail "malformed map line '$l'"
        k=${BASH_REMATCH[1]} u=${BASH_REMATCH[2]}
        [ -z "${ks[$k]:-}" ] || fail "$k twice in the map"
        [ -z "${us[$u]:-}" ] || fail "uuid $u twice in the map"
        ks[$k]=1 us[$u]=1
        n=$((n + 1))
    done < "$MAP"
    assert_eq "$1" "$n" "lines in $MAP"
}

state_of() { cat "/sys/block/$1/md/array_state"; }

# ---- three arrays, members fed in shuffled order ----
declare -A NDEV=() FED=() SEED=()
devs=()
mk() {  # NAME LEVEL N [CREATE OPTIONS...]
    local name=$1 level=$2 n=$3 i d m=(); shift 3
    for (( i = 0; i < n; i++ )); do d=$(mkloop 40); m+=("$d"); devs+=("$name:$d"); done
    run "$MDCTL" --create "/dev/md/$name" -l"$level" -n"$n" --assume-clean --run --name="$name" "$@" "${m[@]}"
    SEED[$name]=$(( ${#SEED[@]} + 11 ))
    write_pattern "/dev/md/$name" "${SEED[$name]}" 4
    run "$MDCTL" --stop "/dev/md/$name"
    NDEV[$name]=$n FED[$name]=0
}
mk r1 1 2 --bitmap=llbitmap
mk r5 5 3
mk r10 10 4
RANDOM=20240611
for (( i = ${#devs[@]} - 1; i > 0; i-- )); do
    j=$(( RANDOM % (i + 1) )); x=${devs[i]}; devs[i]=${devs[j]}; devs[j]=$x
done
echo "order: ${devs[*]}"
declare -A KN=() MEMBERS=()
for e in "${devs[@]}"; do
    name=${e%%:*} d=${e#*:}
    MEMBERS[$name]+=" $d"
    FED[$name]=$(( FED[$name] + 1 ))
    inc "$d"
    assert_eq "$name" "$E_DEVNAME" "MD_DEVNAME for $d"
    assert_eq no "$E_FOREIGN" "MD_FOREIGN for $d"
    [ -z "${KN[$name]:-}" ] || assert_eq "${KN[$name]}" "$E_DEVICE" "MD_DEVICE of $name's later members"
    KN[$name]=$E_DEVICE
    if [ "${FED[$name]}" -lt "${NDEV[$name]}" ]; then
        [ "$E_STARTED" = no ] || [ "$E_STARTED" = unsafe ] ||
            fail "$name started with ${FED[$name]} of ${NDEV[$name]} members ($E_STARTED)"
        assert_eq inactive "$(state_of "$E_DEVICE")" "$name with ${FED[$name]} of ${NDEV[$name]}"
    else
        assert_eq yes "$E_STARTED" "MD_STARTED for $name's last member"
        ast=$(state_of "$E_DEVICE")
        [ "$ast" = clean ] || [ "$ast" = active ] || fail "$name after its last member: array_state $ast"
    fi
done
for name in r1 r5 r10; do
    [ "$(readlink -f "/dev/md/$name")" = "/dev/${KN[$name]}" ] || fail "/dev/md/$name does not lead to ${KN[$name]}"
    verify_pattern "/dev/md/$name" "${SEED[$name]}" 4
    assert_eq 0 "$(mdsys "${KN[$name]}" degraded)" "$name degraded"
done
assert_contains "$(mdsys "${KN[r1]}" bitmap_type)" "[llbitmap]" "r1 bitmap_type"
map_ok 3
ok "3 arrays from 9 shuffled members, each started by its last one; links, llbitmap, data [${SECONDS}s]"

read -ra r1m <<< "${MEMBERS[r1]}"
read -ra r5m <<< "${MEMBERS[r5]}"
read -ra r10m <<< "${MEMBERS[r10]}"

# a member of a running array is refused, and so is a device without a superblock
expect_fail "already a member" "$MDCTL" -I "${r5m[0]}"
plain=$(mkloop 8)
expect_fail "no md superblock" "$MDCTL" -I "$plain"
OUT=$("$MDCTL" -I --quiet "$plain" 2>&1) && fail "-I --quiet on a blank device succeeded"
assert_eq "" "$OUT" "-I --quiet on a blank device"

# ---- -If on a running array's member ----
victim=${r1m[1]#/dev/}
run "$MDCTL" -If "$victim"
[ ! -e "/sys/block/${KN[r1]}/md/dev-$victim" ] || fail "$victim still in ${KN[r1]}"
assert_eq 1 "$(mdsys "${KN[r1]}" degraded)" "r1 degraded after -If"
verify_pattern /dev/md/r1 "${SEED[r1]}" 4
run "$MDCTL" -If "$victim"    # not a member of anything any more: fine
ok "-If failed and removed $victim from the running r1 [${SECONDS}s]"

# ---- one member missing: inactive until -IRs, then degraded ----
run "$MDCTL" --stop /dev/md/r5
inc "${r5m[2]}"
assert_eq no "$E_STARTED" "r5 with 1 of 3"
k=$E_DEVICE
rm -f "$MAP"    # a lost map: the next member still finds the inactive array
inc "${r5m[0]}"
assert_eq unsafe "$E_STARTED" "r5 with 2 of 3"
assert_eq "$k" "$E_DEVICE" "md device of r5's second member after the map was lost"
assert_eq r5 "$E_DEVNAME" "MD_DEVNAME of r5 after the map was lost"
map_ok 1        # r5 again; r1 and r10 run, so nothing needs their lines
assert_eq inactive "$(state_of "$k")" "r5 with 2 of 3"
run "$MDCTL" -IRs
assert_contains "$OUT" "started /dev/md/r5"
assert_eq 1 "$(mdsys "$k" degraded)" "r5 degraded after -IRs"
verify_pattern /dev/md/r5 "${SEED[r5]}" 4
# the late member is not added without --run (exit 2, "not added", as
# mdadm 4.6); with --run it is put back
expect_fail "running" "$MDCTL" -I "${r5m[1]}"
r=0; "$MDCTL" -I "${r5m[1]}" > /dev/null 2>&1 || r=$?
ra=0; "$MDADM46" -I "${r5m[1]}" > /dev/null 2>&1 || ra=$?
assert_eq "$ra" "$r" "exit status of -I of a late member without --run (mdadm 4.6: $ra)"
assert_eq 2 "$r" "exit status of -I of a late member without --run"
inc --run "${r5m[1]}"
assert_eq yes "$E_STARTED" "-IR of the late member"
# -IRs starts read-only until the first write, as mdadm 4.6 (md.rst
# "read-auto"): the late member waits as a spare, and the first switch to
# read-write recovers onto it
assert_eq read-auto "$(state_of "$k")" "r5 after -IRs and the late member"
assert_contains "$(cat /sys/block/$k/md/dev-${r5m[1]#/dev/}/state)" "spare" "the late member"
run "$MDCTL" /dev/md/r5 --readwrite
wait_idle "$k" 120
assert_eq 0 "$(mdsys "$k" degraded)" "r5 after the late member and the switch to read-write"
ok "missing member: inactive, -IRs started it degraded (read-auto), -IR added the late one [${SECONDS}s]"

# ---- -If on an inactive array: removed; the last one takes the array away ----
run "$MDCTL" --stop /dev/md/r10
inc "${r10m[0]}"
inc "${r10m[1]}"
k=$E_DEVICE
run "$MDCTL" -If "${r10m[0]}"
[ ! -e "/sys/block/$k/md/dev-${r10m[0]#/dev/}" ] || fail "${r10m[0]} still in the inactive $k"
run "$MDCTL" -If "${r10m[1]#/dev/}"
[ ! -e "/sys/block/$k/md/array_state" ] || assert_eq clear "$(state_of "$k")" "$k after its last member went"
grep -q "^$k " "$MAP" && fail "$k still in the map after its last member went"
ok "-If on an inactive array removes members, the last one the array [${SECONDS}s]"
run "$MDCTL" --stop /dev/md/r1
run "$MDCTL" --stop /dev/md/r5
cleanup_all; rm -f "$MAP"

# ---- an out-of-date member is left out ----
a=$(mkloop 40) b=$(mkloop 40) c=$(mkloop 40)
run "$MDCTL" --create /dev/md/old -l1 -n3 --assume-clean --run --name=old "$a" "$b" "$c"
k=$(mdname /dev/md/old)
md_fail_detach "$k" "$c"
write_pattern /dev/md/old 5 4
run "$MDCTL" --stop /dev/md/old
inc "$c"       # the stale one first: it still thinks all three are there
assert_eq unsafe "$E_STARTED" "stale member alone"
inc "$a"
assert_eq unsafe "$E_STARTED" "stale + 1 fresh"
inc "$b"
assert_eq yes "$E_STARTED" "both fresh members"
k=$E_DEVICE
[ ! -e "/sys/block/$k/md/dev-${c#/dev/}" ] || fail "the out-of-date ${c} was used"
verify_pattern /dev/md/old 5 4
run "$MDCTL" --stop /dev/md/old
cleanup_all; rm -f "$MAP"
ok "out-of-date member left out; started from the two fresh ones [${SECONDS}s]"

# ---- config: <ignore>, AUTO, ARRAY names ----
a=$(mkloop 16) b=$(mkloop 16)
run "$MDCTL" --create /dev/md/cf -l1 -n2 --assume-clean --run --name=cf "$a" "$b"
uuid=$("$MDCTL" --detail /dev/md/cf | sed -n 's/^ *UUID : //p')
run "$MDCTL" --stop /dev/md/cf
printf 'ARRAY <ignore> UUID=%s\n' "$uuid" > "$T/ign.conf"
run "$MDCTL" -I -c "$T/ign.conf" "$a"
assert_contains "$OUT" "ignored"
[ ! -s "$MAP" ] || fail "an ignored array went into the map"
printf 'AUTO -1.x\n' > "$T/auto.conf"
expect_fail "AUTO" "$MDCTL" -I -c "$T/auto.conf" "$a"
printf 'AUTO -all\nARRAY /dev/md/named UUID=%s\n' "$uuid" > "$T/named.conf"
inc -c "$T/named.conf" "$a"
inc -c "$T/named.conf" "$b"
assert_eq named "$E_DEVNAME" "MD_DEVNAME from the ARRAY line"
assert_eq yes "$E_STARTED" "array named in the config"
[ -L /dev/md/named ] || fail "no /dev/md/named"
run "$MDCTL" --stop /dev/md/named
printf 'ARRAY /dev/md9 UUID=%s\n' "$uuid" > "$T/md9.conf"
inc -c "$T/md9.conf" "$b"
assert_eq md9 "$E_DEVICE" "MD_DEVICE from ARRAY /dev/md9"
assert_eq md9 "$E_DEVNAME" "MD_DEVNAME from ARRAY /dev/md9"
inc -c "$T/md9.conf" "$a"
assert_eq yes "$E_STARTED" "md9 with both members"
run "$MDCTL" --stop /dev/md9
cleanup_all; rm -f "$MAP"
ok "config: <ignore> skips, AUTO refuses, ARRAY names the device [${SECONDS}s]"

# ---- names from disk that must not reach a path or udev ----
a=$(mkloop 16)
for name in 'x$(reboot)' 'q"q' '%s%n' 'n;ls' '..' '-rf' 'a\b' 'é'; do
    "$MDADM46" --create /dev/md100 -l1 -n1 --force --assume-clean --run --name="$name" "$a" > /dev/null 2>&1 ||
        { echo "mdadm 4.6 refused name '$name', skipped"; "$MDADM46" --zero-superblock "$a" 2>/dev/null; continue; }
    "$MDADM46" --stop /dev/md100 > /dev/null 2>&1
    rm -rf /dev/md
    inc "$a"
    assert_eq yes "$E_STARTED" "name '$name'"
    assert_eq "$E_DEVICE" "$E_DEVNAME" "MD_DEVNAME for name '$name' (the kernel name)"
    links=(/dev/md/* /dev/md/.[!.]*)
    for l in "${links[@]}"; do
        if [ -e "$l" ] || [ -L "$l" ]; then fail "a link was made for name '$name': $l"; fi
    done
    grep -q "^$E_DEVICE 1.2 [0-9a-f:]* /dev/$E_DEVICE\$" "$MAP" || fail "map line for '$name': $(cat "$MAP")"
    run "$MDCTL" --stop "/dev/$E_DEVICE"
    "$MDADM46" --zero-superblock "$a"
    ok "name '$name': kernel name only"
done
# a space and a slash become '_' and '-' (the link mdadm makes too)
"$MDADM46" --create /dev/md100 -l1 -n1 --force --assume-clean --run --name='a b/c' "$a" > /dev/null 2>&1
"$MDADM46" --stop /dev/md100 > /dev/null 2>&1
inc "$a"
assert_eq a_b-c "$E_DEVNAME" "MD_DEVNAME for 'a b/c'"
[ -L /dev/md/a_b-c ] || fail "no /dev/md/a_b-c"
run "$MDCTL" --stop "/dev/$E_DEVICE"
cleanup_all; rm -f "$MAP"
ok "hostile names fall back to the kernel name [${SECONDS}s]"

# ---- 32 calls in parallel: 8 arrays of 4 ----
all=()
for (( a = 0; a < 8; a++ )); do
    m=()
    for (( i = 0; i < 4; i++ )); do m+=("$(mkloop 32)"); done
    lv=$(( a % 2 ? 5 : 1 ))
    "$MDCTL" --create "/dev/md/c$a" -l$lv -n4 --assume-clean --run --name="c$a" "${m[@]}" > /dev/null 2>&1 ||
        fail "create c$a failed"
    "$MDCTL" --stop "/dev/md/c$a" > /dev/null 2>&1
    all+=("${m[@]}")
done
rm -f "$MAP"
mkdir -p "$T/par"
t0=$SECONDS
for (( i = 0; i < ${#all[@]}; i++ )); do
    d=${all[i]}
    ( "$MDCTL" -I --export "$d" > "$T/par/$i.out" 2> "$T/par/$i.err"; echo $? > "$T/par/$i.rc" ) &
done
wait
declare -A STARTS=()
for (( i = 0; i < ${#all[@]}; i++ )); do
    [ "$(<"$T/par/$i.rc")" = 0 ] || fail "parallel -I ${all[i]} exited $(<"$T/par/$i.rc"): $(<"$T/par/$i.err")"
    out=$(<"$T/par/$i.out")
    dev=$(sed -n 's/^MD_DEVICE=//p' <<< "$out")
    [ -n "$dev" ] || fail "parallel -I ${all[i]}: no MD_DEVICE: $out"
    [[ $out == *MD_STARTED=yes* ]] && STARTS[$dev]=$(( ${STARTS[$dev]:-0} + 1 ))
done
assert_eq 8 "${#STARTS[@]}" "arrays started by the parallel calls"
for dev in "${!STARTS[@]}"; do
    assert_eq 1 "${STARTS[$dev]}" "calls that report starting $dev"
done
active=0
for s in /sys/block/md*/md/array_state; do
    ast=$(<"$s")
    [ "$ast" = inactive ] && fail "${s%/md/array_state} left inactive"
    [ "$ast" = clear ] && continue
    active=$((active + 1))
    mem=("${s%/array_state}"/dev-*)
    n=${#mem[@]}
    assert_eq 4 "$n" "members of ${s%/md/array_state}"
done
assert_eq 8 "$active" "running md arrays"
map_ok 8
for (( a = 0; a < 8; a++ )); do [ -L "/dev/md/c$a" ] || fail "no /dev/md/c$a"; done
ok "32 parallel -I: 8 arrays, each started once, 8 map lines [$((SECONDS - t0))s for the calls, ${SECONDS}s]"
for (( a = 0; a < 8; a++ )); do "$MDCTL" --stop "/dev/md/c$a" > /dev/null; done
rm -f "$MAP"
for l in /dev/md/*; do
    if [ -L "$l" ]; then fail "link $l left after stopping every array"; fi
done
ok "all stopped, no link left [${SECONDS}s]"
