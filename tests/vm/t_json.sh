#!/usr/bin/env bash
# --json on real arrays: raid1 with an llbitmap, raid5 with an internal bitmap
# made degraded, raid0, raid1 with 4096-byte logical blocks, raid1 with a
# spare, raid1 resyncing at a low speed limit, and a 0.90 raid5 with a bitmap
# and a failed member. Every --json command
# (--detail, --detail --scan, --examine, --examine --scan, -X, --query,
# --monitor --oneshot --test) runs on them; every document is checked against
# schema/mdctl-v1.schema.json (tests/json_validate.py), and its fields against
# sysfs (sizes, raid_disks, level, state, member slots and offsets,
# sync_action/sync_completed, llbitmap counts vs md/llbitmap/bits) and
# against mdctl's own text output. --json with --brief, --export or a mode
# that has no JSON is refused.
# timeout: 240
. tests/vm/lib.sh

J=$T/json
mkdir -p "$J"
VALIDATE=(/usr/bin/python3 "$REPO/tests/json_validate.py")
command -v jq > /dev/null || fail "jq is needed (dev.sh installs it)"

# jrun NAME ARGS...: mdctl ARGS into $J/NAME.json (it must succeed); D=the file.
jrun() {
    local name=$1 rc=0; shift
    D=$J/$name.json
    "$MDCTL" "$@" > "$D" 2> "$J/$name.err" || rc=$?
    _check_crash "$rc" "$(cat "$J/$name.err")" "$MDCTL" "$@"
    [ "$rc" -eq 0 ] || fail "mdctl $* exited $rc: $(cat "$J/$name.err")"
}
sysv() { read -r SV < "/sys/block/$1/md/$2"; }   # sets SV: no subshell
holder() {   # DEV: sets HOLDER to the md device holding it, or ""
    local h; HOLDER=
    for h in /sys/class/block/${1##*/}/holders/*; do [ -e "$h" ] && HOLDER=${h##*/}; done
    return 0
}

# ---- the arrays ----
set_speed
a=$(mkloop 40) b=$(mkloop 40)
run $MDCTL --create /dev/md0 --name=ll -l1 -n2 --bitmap=llbitmap --delay=1 --run "$a" "$b"
echo 1 > /sys/block/md0/md/llbitmap/barrier_idle   # dirty chunks settle within seconds
c=$(mkloop 24) d=$(mkloop 24) e=$(mkloop 24)
run $MDCTL --create /dev/md1 -l5 -n3 --bitmap=internal --assume-clean --run "$c" "$d" "$e"
run $MDCTL /dev/md1 --fail "$e" --remove "$e"
f=$(mkloop 16) g=$(mkloop 16)
run $MDCTL --create /dev/md2 -l0 -n2 -c 64 --run "$f" "$g"
h=$(mkloop 16) i=$(mkloop 16)
run $MDCTL --create /dev/md3 -l1 -n2 --logical-block-size=4096 --assume-clean --run "$h" "$i"
j=$(mkloop 16) k=$(mkloop 16) l=$(mkloop 16)
run $MDCTL --create /dev/md4 -l1 -n2 -x1 --assume-clean --run "$j" "$k" "$l"
write_pattern /dev/md0 3 4 8
# last: a resync that stays running while we look (at most 500 KiB/s)
set_speed 100 500
m=$(mkloop 40) n=$(mkloop 40)
run $MDCTL --create /dev/md5 -l1 -n2 --run "$m" "$n"
ok "arrays made [${SECONDS}s]"

# ---- --detail --scan --json against sysfs ----
jrun detail-scan --detail --scan --json
while IFS=$'\t' read -r kn size rd level st; do
    n_arrays=$((${n_arrays:-0} + 1))
    read -r bs < "/sys/block/$kn/size"
    assert_eq "$bs" "$size" "$kn array_size_sectors vs /sys/block/$kn/size"
    sysv "$kn" raid_disks; assert_eq "$SV" "$rd" "$kn raid_devices"
    sysv "$kn" level; assert_eq "$SV" "$level" "$kn level"
    case $kn in
    md1) assert_eq "clean,degraded" "$st" "md1 state" ;;
    md5) [[ $st == *resyncing* ]] || fail "md5 state '$st' has no resyncing" ;;
    *) [[ $st == clean || $st == active ]] || fail "$kn state '$st'" ;;
    esac
done < <(jq -r '.arrays[] | [.kernel_name, .array_size_sectors, .raid_devices, .level, (.state | join(","))] | @tsv' "$D")
assert_eq 6 "$n_arrays" "arrays of --detail --scan --json"
# members: slot, data offset and size as md/dev-X says
while IFS=$'\t' read -r kn dev slot off kib; do
    sysv "$kn" "dev-$dev/slot"; [ "$SV" = none ] && SV=-
    assert_eq "$SV" "$slot" "$kn/$dev raid_device"
    sysv "$kn" "dev-$dev/offset"; assert_eq "$SV" "$off" "$kn/$dev data_offset_sectors"
    sysv "$kn" "dev-$dev/size"; assert_eq "$SV" "$kib" "$kn/$dev data_size_sectors/2"
done < <(jq -r '.arrays[] | .kernel_name as $k | .members[] |
    [$k, .kernel_name, (.raid_device // "-"), .data_offset_sectors, (.data_size_sectors / 2)] | @tsv' "$D")
ok "--detail --scan --json agrees with sysfs [${SECONDS}s]"

# ---- --detail --json of each, against sysfs and the text ----
# md0's chunks written above turn clean within seconds: compare a settled
# state, not two snapshots on either side of that change
llb_settle md0
jrun detail --detail --json /dev/md0 /dev/md1 /dev/md2 /dev/md3 /dev/md4 /dev/md5
# one jq for all values (every exec is slow under emulation)
mapfile -t V < <(jq -r '.arrays as $a | ($a | length),
    ($a[0].bitmap.chunk_states | to_entries | map("\(.key | gsub("_"; " ")) \(.value)") | join(" ")),
    $a[0].bitmap.type, $a[0].bitmap.chunks, $a[0].bitmap.chunk_size_bytes, $a[0].uuid,
    ($a[1].missing_slots | join(",")), $a[1].bitmap.type, $a[1].bitmap.chunk_size_bytes,
    $a[1].degraded_slots, $a[1].layout_name,
    $a[2].chunk_size_bytes, $a[3].logical_block_size_bytes, $a[4].spare_devices,
    ([$a[4].members[] | select(.state == ["spare"])] | length),
    $a[5].sync.kind, $a[5].sync.action, $a[5].sync.total_sectors, $a[5].sync.completed_sectors,
    ($a[5].sync.speed_kib_per_second | type),
    ($a[0:5][] | "\(.array_size_bytes / 1024) \(.uuid | gsub("-"; "")) \(.events) \(.state | join(",")) \(.working_devices)")' "$D")
sc=$(< /sys/block/md5/md/sync_completed)
assert_eq 6 "${V[0]}" "arrays of --detail --json with 6 devices"
# llbitmap: the kernel's counts, by state
llb_get md0
assert_eq "$LLB" "${V[1]}" "md0 bitmap.chunk_states vs md/llbitmap/bits"
assert_eq llbitmap "${V[2]}" "md0 bitmap.type"
assert_eq "$(llb_meta md0 chunks)" "${V[3]}" "md0 bitmap.chunks"
assert_eq $(( $(llb_meta md0 chunksize) * 512 )) "${V[4]}" "md0 bitmap chunk size"
sysv md0 uuid; assert_eq "$SV" "${V[5]}" "md0 uuid vs md/uuid"
# raid5: degraded, internal bitmap, the empty slot
assert_eq 2 "${V[6]}" "md1 missing_slots"
assert_eq internal "${V[7]}" "md1 bitmap.type"
sysv md1 bitmap/chunksize; assert_eq "$SV" "${V[8]}" "md1 bitmap chunk size"
sysv md1 degraded; assert_eq "$SV" "${V[9]}" "md1 degraded_slots"
assert_eq left-symmetric "${V[10]}" "md1 layout_name"
assert_eq 65536 "${V[11]}" "md2 chunk_size_bytes"
assert_eq 4096 "${V[12]}" "md3 logical_block_size_bytes"
assert_eq "1 1" "${V[13]} ${V[14]}" "md4 spare_devices, members in state spare"
# the resync: sysfs's sync_action and the total of sync_completed (the done part moves)
assert_eq resync "${V[15]}" "md5 sync.kind"
sysv md5 sync_action; assert_eq "$SV" "${V[16]}" "md5 sync.action"
assert_eq "${sc##* / }" "${V[17]}" "md5 sync.total_sectors vs sync_completed"
(( V[18] <= ${sc%% / *} )) || fail "md5 completed_sectors ${V[18]} > the later sync_completed $sc"
assert_eq number "${V[19]}" "md5 sync.speed_kib_per_second"
# against the text of the same arrays, from one run
run $MDCTL --detail /dev/md0 /dev/md1 /dev/md2 /dev/md3 /dev/md4 > /dev/null
sections=() cur=
while IFS= read -r line; do
    if [[ $line =~ ^/dev/md[0-9]:$ ]] && [ -n "$cur" ]; then sections+=("$cur"); cur=; fi
    cur+=$line$'\n'
done <<< "$OUT"
sections+=("$cur")
for x in 0 1 2 3 4; do
    t=${sections[x]}
    st=$(x_field "$t" State); st=${st% }
    size=$(x_field "$t" "Array Size"); uuid=$(x_field "$t" UUID)
    assert_eq "${size%% *} ${uuid//:/} $(x_field "$t" Events) ${st// /} $(x_field "$t" "Working Devices")" \
        "${V[20 + x]}" "md$x: Array Size, UUID, Events, State, Working Devices of the text"
done
ok "--detail --json: bitmap, sync, geometry agree with sysfs and the text [${SECONDS}s]"

# ---- --examine --json and --examine --scan --json ----
jrun examine --examine --json "$a" "$c" "$e" "$f" "$h" "$l"
run $MDCTL --examine "$a" "$c" "$e" "$f" "$h" "$l" > /dev/null
declare -A text=()
cur=
while IFS= read -r line; do
    [[ $line =~ ^(/dev/loop[0-9]+):$ ]] && cur=${BASH_REMATCH[1]}
    text[$cur]+=$line$'\n'
done <<< "$OUT"
while IFS=$'\t' read -r dev role slot off sup lbs uuid; do
    t=${text[$dev]}
    assert_eq "$(x_field "$t" "Super Offset")" "$sup sectors" "$dev super_offset_sectors vs the text"
    assert_eq "$(x_field "$t" "Data Offset")" "$off sectors" "$dev data_offset_sectors vs the text"
    u=$(x_field "$t" "Array UUID"); assert_eq "${u//:/}" "${uuid//-/}" "$dev array_uuid vs the text"
    r=$(x_field "$t" "Device Role")
    case $r in
    "Active device "*) assert_eq "active ${r##* }" "$role $slot" "$dev role vs the text" ;;
    spare) assert_eq "spare -" "$role $slot" "$dev role vs the text" ;;
    *) fail "$dev: unexpected Device Role '$r'" ;;
    esac
    holder "$dev"
    if [ -n "$HOLDER" ]; then
        sysv "$HOLDER" "dev-${dev##*/}/offset"; assert_eq "$SV" "$off" "$dev data offset vs sysfs"
        sysv "$HOLDER" "dev-${dev##*/}/slot"; [ "$SV" = none ] || assert_eq "$SV" "$slot" "$dev slot vs sysfs"
        sysv "$HOLDER" uuid; assert_eq "$SV" "$uuid" "$dev array_uuid vs md/uuid"
    fi
    [ "$dev" != "$h" ] || assert_eq 4096 "$lbs" "$h logical_block_size_bytes"
    [ "$dev" != "$l" ] || assert_eq spare "$role" "$l device_role"
done < <(jq -r '.devices[] | [.device, .device_role, (.device_slot // "-"), .data_offset_sectors,
    .super_offset_sectors, (.logical_block_size_bytes // "-"), .array_uuid] | @tsv' "$D")
jrun examine-scan --examine --scan --json
listed=" $(jq -r '[.devices[].device] | join(" ")' "$D") "
for x in "$a" "$b" "$c" "$d" "$f" "$g" "$h" "$i" "$j" "$k" "$l" "$m" "$n"; do
    rest=${listed#* "$x" }
    [ "$rest" != "$listed" ] && [[ $rest != *" $x "* ]] || fail "--examine --scan --json does not list $x once: $listed"
done
ok "--examine --json agrees with the text and sysfs [${SECONDS}s]"

# ---- -X --json: classic on a running member; llbitmap vs the kernel after a stop ----
jrun xbitmap-r5 -X --json "$c" "$d"
assert_eq "classic classic" "$(jq -r '[.devices[].type] | join(" ")' "$D")" "-X type of md1's members"
sysv md1 bitmap/chunksize; assert_eq "$SV" "$(jq -r '.devices[0].chunk_size_bytes' "$D")" "-X chunk size of $c"
run $MDCTL -X "$c" > /dev/null
bits=$(x_field "$OUT" Bitmap)
assert_eq "${bits%% bits*}" "$(jq -r '.devices[0].chunks' "$D")" "-X chunks of $c vs the text"
llb_settle md0
BITS=$LLB
run $MDCTL --stop /dev/md0
jrun xbitmap-ll -X --json -v "$a" "$b"
for x in 0 1; do
    got=$(jq -r ".devices[$x].chunk_states | to_entries | map(\"\(.key | gsub(\"_\"; \" \")) \(.value)\") | join(\" \")" "$D")
    [ "$BITS" = "$got" ] || { $MDCTL -X "$a" "$b" >&2 || true
        fail "-X --json chunk_states of member $x: '$got', the kernel's last md/llbitmap/bits: '$BITS'"; }
done
assert_eq llbitmap "$(jq -r '.devices[0].type' "$D")" "-X type of $a"
[ "$(jq '.devices[0].chunk_map | length' "$D")" -ge 1 ] || fail "-X --json -v has no chunk_map"
# under a new name: md0's gendisk may still be going away (legacy_async_del_gendisk)
run $MDCTL --assemble /dev/md6 "$a" "$b"
ok "-X --json agrees with the kernel [${SECONDS}s]"

# ---- --query --json ----
jrun query --query --json /dev/md1 "$c" "$e" /dev/null
assert_eq "true raid5 0" "$(jq -r '.devices[0] | "\(.is_array) \(.array.level) \(.array.spare_devices)"' "$D")" "query of md1"
assert_eq "active /dev/md1" "$(jq -r '.devices[1].member | "\(.activity) \(.array)"' "$D")" "query of $c"
assert_eq "mismatch" "$(jq -r '.devices[2].member.activity' "$D")" "query of the removed $e"
assert_eq "false false" "$(jq -r '.devices[3] | "\(.is_array) \(has("member"))"' "$D")" "query of /dev/null"
ok "--query --json [${SECONDS}s]"

# ---- --monitor --json: one line per event ----
jrun monitor --monitor --json --oneshot --scan --test --config=none
# each line is a document of its own: checked against the schema with the rest
nl=0
while IFS= read -r line; do nl=$((nl + 1)); printf '%s\n' "$line" > "$J/monitor-line-$nl.json"; done < "$D"
assert_eq 6 "$(grep -c '"event":"TestMessage"' "$D")" "TestMessage lines: $(cat "$D")"
jq -e 'select(.event == "DegradedArray") | .state.kernel_name == "md1" and .state.degraded_slots == 1' "$D" > /dev/null ||
    fail "no DegradedArray line for md1 with its snapshot: $(cat "$D")"
[ "$(wc -l < "$D")" = "$(jq -c . "$D" | wc -l)" ] || fail "monitor lines are not one object each"
jrun monitor-test --monitor --json --oneshot --test --config=none /dev/md4
assert_eq 'TestMessage md4 2 3' "$(jq -r '"\(.event) \(.state.kernel_name) \(.state.raid_devices) \(.state.members | length)"' "$D")" "--monitor --json of md4"
ok "--monitor --json lines [${SECONDS}s]"

# ---- 0.90: --examine, -X and --detail --json of a raid5 with a bitmap ----
p=$(mkloop 24) q=$(mkloop 24) r=$(mkloop 24)
run $MDCTL --create /dev/md7 -e 0.90 -l5 -n3 --bitmap=internal --assume-clean --run "$p" "$q" "$r"
run $MDCTL /dev/md7 --fail "$r"
jrun examine0 --examine --json "$p" "$r"
run $MDCTL --examine "$p" > /dev/null
t=$OUT
mapfile -t V < <(jq -r '.devices[0] as $o | $o.metadata_version, $o.array_uuid, $o.events, ($o.state | join(",")),
    $o.raid_devices, $o.preferred_minor, $o.failed_devices, $o.bitmap_present, $o.used_device_size_sectors,
    ($o.this_device.state | join(" ")), ($o.descriptors | length),
    ($o.descriptors[2].state | join(" ")), ($o.descriptors[2].device // "-"), $o.super_offset_sectors,
    .devices[1].metadata_version' "$D")
u=$(x_field "$t" UUID); u=${u%% *}
assert_eq "0.90 ${u//:/}" "${V[0]} ${V[1]//-/}" "$p metadata_version, array_uuid vs the text"
st=$(x_field "$t" State); st=${st% }
assert_eq "$(x_field "$t" Events) $st $(x_field "$t" "Raid Devices") $(x_field "$t" "Preferred Minor") $(x_field "$t" "Failed Devices")" \
    "${V[2]} ${V[3]} ${V[4]} ${V[5]} ${V[6]}" "$p Events, State, Raid Devices, Preferred Minor, Failed Devices vs the text"
assert_eq "true $(( $(x_field "$t" "Used Dev Size" | cut -d' ' -f1) * 2 ))" "${V[7]} ${V[8]}" "$p bitmap_present, used size"
# the text's row of descriptor 2: its state words and the device it names (or -)
row2=$(awk '$1 == "2" && NF >= 5 { w = ""; d = "-"; for (i = 6; i <= NF; i++) if ($i ~ /^\//) d = $i; else w = w (w ? " " : "") $i
    print w "|" d }' <<< "$t")
assert_eq "active sync|3|$row2" "${V[9]}|${V[10]}|${V[11]}|${V[12]}" "$p this_device and the failed descriptor vs the text"
[[ $row2 == *faulty* ]] || fail "the text of $p does not show descriptor 2 faulty: $t"
assert_eq $(( $(blockdev --getsz "$p") / 128 * 128 - 128 )) "${V[13]}" "$p super_offset_sectors"
assert_eq 0.90 "${V[14]}" "$r metadata_version"
jrun detail0 --detail --json /dev/md7
assert_eq "0.90 ${V[1]}" "$(jq -r '.arrays[0] | "\(.metadata_version) \(.uuid)"' "$D")" "md7 --detail --json vs --examine --json"
jrun xbitmap0 -X --json "$p"
assert_eq "true 8 classic" "$(jq -r '.devices[0] | "\(.from_superblock) \(.superblock_bitmap_offset_sectors) \(.type)"' "$D")" "-X --json of $p"
sysv md7 bitmap/chunksize; assert_eq "$SV" "$(jq -r '.devices[0].chunk_size_bytes' "$D")" "-X chunk size of $p"
jrun examine0-scan --examine --scan --json
[[ " $(jq -r '[.devices[] | select(.metadata_version == "0.90") | .device] | join(" ")' "$D") " == *" $p "* ]] ||
    fail "--examine --scan --json does not list the 0.90 member $p"
ok "0.90 --examine, --detail, -X --json agree with the text and sysfs [${SECONDS}s]"

# ---- refused combinations ----
expect_fail "exclude each other" $MDCTL --detail --json --brief /dev/md1
expect_fail "exclude each other" $MDCTL --examine --json --export "$c"
expect_fail "exclude each other" $MDCTL --monitor --json --daemonise --scan
expect_fail "does not apply" $MDCTL --stop --json /dev/md2
expect_fail "does not apply" $MDCTL --create /dev/md9 --json -l1 -n2 "$f" "$g"

# ---- every document against the schema ----
rm -f "$J"/monitor.json "$J"/monitor-test.json
"${VALIDATE[@]}" "$J"/*.json || fail "documents do not validate"
[ "$nl" -ge 7 ] || fail "only $nl monitor lines"
set_speed
ok "all documents valid [${SECONDS}s]"
