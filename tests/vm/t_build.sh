#!/usr/bin/env bash
# --build (arrays without superblocks) against mdadm 4.6. For linear, raid0,
# raid1 and raid10 (and a raid1 with a "missing" member) both tools build
# /dev/md0 in turn from the same three loop devices: exit status, message,
# /proc/mdstat lines, md sysfs (level, raid_disks, chunk_size, layout,
# component and array size, each member's size, offset, slot, state) and
# --detail, --detail --brief -v, --detail --scan, --export and --query must
# be the same (creation times aside). The members hold random bytes where
# superblocks would go, and are unchanged by every build, stop and refusal;
# data written through a built raid1 is on each member at offset 0; its
# --json validates against the schema.
# kernels: 7.2 6.12
. tests/vm/lib.sh

a=$(mkloop 12) b=$(mkloop 12) c=$(mkloop 16)
for d in "$a" "$b" "$c"; do     # the first and last 256 KiB: where a v1.x superblock would be
    dd if=/dev/urandom of="$d" bs=64K count=4 conv=notrunc status=none
    dd if=/dev/urandom of="$d" bs=64K count=4 seek=$(( $(blockdev --getsize64 "$d") / 65536 - 4 )) \
        conv=notrunc status=none
done
snapshot "$a" "$b" "$c"

# state TOOL: what TOOL shows of the array it just built as /dev/md0, then stops it.
state() {
    local t=$1 k=/sys/block/md0 f r name=${1##*/}
    [ "$name" = mdctl ] || name=mdadm
    grep -A1 '^md0 ' /proc/mdstat
    for f in level raid_disks chunk_size layout component_size array_state resync_start; do
        echo "$f=$(< "$k/md/$f")"
    done
    echo "size=$(< "$k/size")"
    for r in "$k"/md/dev-*; do
        echo "${r##*/}: $(< "$r/size") $(< "$r/offset") $(< "$r/slot") $(< "$r/state")"
    done
    "$t" --detail /dev/md0 2>&1 | grep -v -e '^     Creation Time : ' -e '^Logical Block Size : '
    "$t" --detail --brief -v /dev/md0 2>&1
    "$t" --detail --scan 2>&1
    "$t" --detail --export /dev/md0 2>&1
    "$t" --query /dev/md0 2>&1
    "$t" --stop /dev/md0 2>&1
    [ ! -e "$k/md/level" ] || echo "md0 still there"
}

# same_build WHAT ARGS...: both tools build /dev/md0 with ARGS (A B C stand
# for the loop devices); everything state() shows must be equal.
same_build() {
    local what=$1 args=() x out ra rb sa sb; shift
    for x in "$@"; do case $x in A) args+=("$a") ;; B) args+=("$b") ;; C) args+=("$c") ;; *) args+=("$x") ;; esac; done
    ra=0 rb=0
    out=$("$MDADM46" --build /dev/md0 "${args[@]}" 2>&1) || ra=$?
    sa="rc=$ra ${out//mdadm/mdctl}"$'\n'$(state "$MDADM46")
    out=$("$MDCTL" --build /dev/md0 "${args[@]}" 2>&1) || rb=$?
    _check_crash "$rb" "$out" "$MDCTL" --build
    sb="rc=$rb $out"$'\n'$(state "$MDCTL")
    sa=${sa//mdadm/mdctl}
    if [ "$sa" != "$sb" ]; then
        diff <(echo "$sa") <(echo "$sb") || true
        fail "$what: mdctl --build differs from mdadm 4.6 --build"
    fi
    [ "$ra" = 0 ] || fail "$what: mdadm 4.6 --build failed: $sa"
    ok "$what: as mdadm 4.6 builds it [${SECONDS}s]"
}

kernel_is_612 || same_build "linear, 64K rounding" -llinear -n3 A B C   # 6.12: no linear personality
kernel_is_612 || same_build "linear --rounding=32" --level=linear -n3 --rounding=32 A B C
same_build "raid0" -l0 -n3 A B C
same_build "raid1" --level=raid1 -n3 --assume-clean A B C
same_build "raid1 with a missing member" -l1 -n2 --assume-clean A missing
same_build "raid1 --size" -l1 -n2 -z 8M --assume-clean A B
same_build "raid10 near=2" -l10 -n3 --chunk=64 --layout=n2 --assume-clean A B C
same_build "raid10 far=2" -l10 -n2 -c 128 -p f2 --assume-clean A B

# raid10 without --chunk: mdadm 4.6 gives the kernel none (RUN_ARRAY fails), mdctl 64K.
run "$MDCTL" --build /dev/md0 -l10 -n2 --assume-clean "$a" "$b"
assert_eq 65536 "$(mdsys md0 chunk_size)" "raid10 default chunk"
run "$MDCTL" --stop /dev/md0
assert_unchanged "$a" "$b" "$c"
ok "members unchanged by the builds and stops [${SECONDS}s]"

# ---- refusals: the same exit status as mdadm 4.6, nothing changes ----
d=$(mkloop 12) e=$(mkloop 12) m=$(mkloop 8)
run "$MDCTL" --build /dev/md2 -l1 -n2 --assume-clean "$d" "$e"
mkfs.ext2 -q "$m"
mkdir -p "$T/mnt"
mount "$m" "$T/mnt"
same_refusal() { # WHAT MSG ARGS...: one line with MSG, mdadm 4.6's exit status, no md0
    local what=$1 msg=$2 ra=0 rb=0 out; shift 2
    "$MDADM46" --build /dev/md0 "$@" >/dev/null 2>&1 || ra=$?
    [ "$ra" != 0 ] || { "$MDADM46" --stop /dev/md0 > /dev/null 2>&1; fail "$what: mdadm 4.6 accepted it"; }
    out=$("$MDCTL" --build /dev/md0 "$@" 2>&1) || rb=$?
    _check_crash "$rb" "$out" "$MDCTL" --build "$@"
    assert_eq "$ra" "$rb" "$what: exit status (mdadm 4.6's) of '$out'"
    [[ $out == "mdctl: "*"$msg"* && $out != *$'\n'* ]] || fail "$what: not one line with '$msg': $out"
    [ ! -e /sys/block/md0/md/level ] || fail "$what: /dev/md0 exists"
    echo "ok: $what: $out"
}
same_refusal "raid5" "linear, raid0, raid1 and raid10 only" -l5 -n3 "$a" "$b" "$c"
same_refusal "too few devices" "needs exactly 3" -l1 -n3 "$a" "$b"
same_refusal "one device" "--force" -l1 -n1 "$a"
same_refusal "no level" "--level" -n2 "$a" "$b"
same_refusal "no count" "--raid-devices" -l1 "$a" "$b"
same_refusal "internal bitmap" "--bitmap=none" -l1 -n2 --bitmap=internal "$a" "$b"
same_refusal "bitmap file" "bitmap files" -l1 -n2 --bitmap="$T/bm" "$a" "$b"
same_refusal "bad chunk" "power of two" -l0 -n2 --chunk=3 "$a" "$b"
same_refusal "raid0 layout" "raid10 only" -l0 -n2 --layout=n2 "$a" "$b"
same_refusal "member of a running array" "running array" -l1 -n2 "$a" "$d"
same_refusal "mounted" "mounted" -l0 -n2 "$a" "$m"
same_refusal "absent device" "$T/none" -l1 -n2 "$a" "$T/none"
same_refusal "listed twice" "" -l1 -n2 "$a" "$a"
# accepted by mdadm 4.6 but changing nothing: refused
expect_fail "does not apply to --build" "$MDCTL" --build /dev/md0 -l0 -n2 --run "$a" "$b"
expect_fail "no redundancy" "$MDCTL" --build /dev/md0 -l0 -n2 --assume-clean "$a" "$b"
expect_fail "raid1 does not use a chunk" "$MDCTL" --build /dev/md0 -l1 -n2 -c64 "$a" "$b"
expect_fail "uses each member whole" "$MDCTL" --build /dev/md0 -l0 -n2 -z 10M "$a" "$b"
expect_fail "larger than the smallest" "$MDCTL" --build /dev/md0 -l1 -n2 -z 13M "$a" "$b"
expect_fail "already in use" "$MDCTL" --build /dev/md2 -l1 -n2 "$a" "$b"
[ ! -e /sys/block/md0/md/level ] || fail "/dev/md0 exists after the refusals"
umount "$T/mnt"
run "$MDCTL" --stop /dev/md2
assert_unchanged "$a" "$b" "$c"
ok "refusals change nothing [${SECONDS}s]"

# ---- data through a built raid1 is on every member, from sector 0 ----
dd if=/dev/urandom of="$T/data" bs=1M count=2 status=none
run "$MDCTL" --build /dev/md/built -l1 -n2 --assume-clean --write-mostly "$a" "$b"
assert_eq "../md127" "$(readlink /dev/md/built)" "/dev/md/built link"
assert_contains "$(grep '^md127 ' /proc/mdstat)" "(W)" "write-mostly members"
dd if="$T/data" of=/dev/md/built bs=1M oflag=direct conv=fsync status=none
"$MDCTL" --detail --json /dev/md/built > "$T/built.json"
/usr/bin/python3 "$REPO/tests/json_validate.py" "$T/built.json" > /dev/null || fail "--json of a built array is not valid"
assert_contains "$(< "$T/built.json")" '"persistent":false' "--json of a built array"
run "$MDCTL" --stop /dev/md/built
for x in "$a" "$b"; do
    cmp -n $(( 2 << 20 )) "$T/data" "$x" || fail "$x does not hold the data at offset 0"
done
ok "raid1 data on each member at offset 0 [${SECONDS}s]"
