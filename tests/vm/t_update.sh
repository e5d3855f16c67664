#!/usr/bin/env bash
# --assemble --update=VALUE on v1.x arrays, by difference with mdadm 4.6: two
# identical arrays made by mdadm 4.6 (same uuid, name, homehost, sizes); one
# is assembled with `mdctl --update=X`, the other with `mdadm --update=X`;
# the exit statuses must agree and so must every member's `mdadm -E` (times,
# checksums and device UUIDs aside) and the kernel's view (md/layout, bitmap
# location, sync action). mdadm 4.6 must then assemble mdctl's result.
# Refusals (unknown value, a value for other metadata or levels, --scan, a
# member that cannot take the change) exit non-zero with one line and leave
# every member as it was: none is written unless all can be.
# timeout: 900
. tests/vm/lib.sh

U=0cafe001:11112222:33334444:55556666
problems=()

ex_norm() { # DEV: mdadm -E without what differs between two identical arrays
    "$MDADM46" -E "$1" | sed -E '1d; /Creation Time|Update Time|Checksum|Device UUID/d'
}

# pair LEVEL META SIZE_MIB [mdadm create options...]: A=(a1 a2) for mdctl,
# B=(b1 b2) for mdadm, both created and stopped by mdadm 4.6.
pair() {
    local level=$1 meta=$2 size=$3; shift 3
    A=($(mkloop "$size") $(mkloop "$size")) B=($(mkloop "$size") $(mkloop "$size"))
    make_one "${A[@]}" -l "$level" -e "$meta" --assume-clean "$@"
    make_one "${B[@]}" -l "$level" -e "$meta" --assume-clean "$@"
}
make_one() { # DEV1 DEV2 OPTS...
    local d1=$1 d2=$2; shift 2
    "$MDADM46" --create /dev/md0 -n2 --uuid=$U --name=arr --homehost=hostA --run "$@" "$d1" "$d2" > /dev/null 2>&1
    "$MDADM46" --stop /dev/md0 > /dev/null
}

both_update() { # WHAT OPTS...: mdctl on A, mdadm on B; compare
    local what=$1 rc_c=0 rc_m=0 out_c out_m i; shift
    out_c=$($MDCTL --assemble /dev/md0 "$@" "${A[@]}" 2>&1) || rc_c=$?
    _check_crash "$rc_c" "$out_c" mdctl "$@"
    KA_layout=$(mdsys md0 layout 2>/dev/null || true) KA_bitmap=$(mdsys md0 bitmap/location 2>/dev/null || true)
    KA_sync=$(mdsys md0 sync_action 2>/dev/null || true)
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1 || true
    out_m=$("$MDADM46" --assemble /dev/md0 "$@" "${B[@]}" 2>&1) || rc_m=$?
    KB_layout=$(mdsys md0 layout 2>/dev/null || true) KB_bitmap=$(mdsys md0 bitmap/location 2>/dev/null || true)
    KB_sync=$(mdsys md0 sync_action 2>/dev/null || true)
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1 || true
    [ "$rc_c" = "$rc_m" ] || problems+=("$what: mdctl exited $rc_c ($out_c), mdadm $rc_m ($out_m)")
    [ "$KA_layout/$KA_bitmap/$KA_sync" = "$KB_layout/$KB_bitmap/$KB_sync" ] ||
        problems+=("$what: kernel layout/bitmap/sync: mdctl $KA_layout/$KA_bitmap/$KA_sync, mdadm $KB_layout/$KB_bitmap/$KB_sync")
    for i in 0 1; do
        local ea eb
        ea=$(ex_norm "${A[i]}") eb=$(ex_norm "${B[i]}")
        [ "$ea" = "$eb" ] || problems+=("$what: member $i differs from mdadm's:"$'\n'"$(diff <(echo "$eb") <(echo "$ea") || true)")
    done
    RC=$rc_c OUTC=$out_c
    echo "ok: $what (exit $rc_c)"
}

interop() { # WHAT: mdadm 4.6 assembles what mdctl updated
    "$MDADM46" --assemble /dev/md0 "${A[@]}" > /dev/null 2>&1 || problems+=("$1: mdadm cannot assemble mdctl's result")
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1 || true
}

# The metadata areas of the members in A: the first MiB (1.1, 1.2: the
# superblock, bitmap and bad-block log all sit before data_offset 2048) and
# the last 128 KiB (1.0). Hashing these is much cheaper under TCG than the
# whole members.
meta_sum() {
    local d
    for d in "${A[@]}"; do
        { dd if="$d" bs=64k count=16 status=none
          dd if="$d" bs=64k skip=$(( $(blockdev --getsize64 "$d") / 65536 - 2 )) status=none; } | sha256sum
    done
}
refused() { # WHAT MSG OPTS...: mdctl refuses with one line, members unchanged
    local what=$1 msg=$2 before; shift 2
    before=$(meta_sum)
    expect_fail "$msg" $MDCTL --assemble /dev/md0 "$@" "${A[@]}"
    [[ $OUT != *$'\n'* ]] || problems+=("$what: more than one line: $OUT")
    [ ! -e /sys/block/md0/md/array_state ] || [ "$(mdsys md0 array_state)" = clear ] ||
        { problems+=("$what: an array was started"); "$MDADM46" --stop /dev/md0 > /dev/null 2>&1 || true; }
    [ "$(meta_sum)" = "$before" ] || problems+=("$what: a member's metadata changed")
}

next() { cleanup_all > /dev/null; }

# ---- names and identity ----
pair 1 1.2 40 --bitmap=internal
both_update "name from the md device" --update=name
both_update "name from --name" --update=name --name=newname
both_update "name HOST:NAME" --update=name --name=other:nm
both_update "homehost" --update=homehost --homehost=hostB
both_update "uuid given" --update=uuid --uuid=12345678:9abcdef0:0fedcba9:87654321
[ "$("$MDADM46" -X "${A[0]}" | sed -n 's/ *UUID : //p')" = 12345678:9abcdef0:0fedcba9:87654321 ] ||
    problems+=("uuid given: the bitmap's uuid was not changed")
interop "uuid given"
run $MDCTL --assemble /dev/md0 --update=uuid "${A[@]}"
run $MDCTL --stop /dev/md0
u0=$("$MDADM46" -E "${A[0]}" | sed -n 's/ *Array UUID : //p') u1=$("$MDADM46" -E "${A[1]}" | sed -n 's/ *Array UUID : //p')
[ "$u0" = "$u1" ] && [ "$u0" != 12345678:9abcdef0:0fedcba9:87654321 ] || problems+=("random uuid: $u0 / $u1")
[ "$("$MDADM46" -X "${A[1]}" | sed -n 's/ *UUID : //p')" = "$u0" ] || problems+=("random uuid: bitmap not changed")
interop "random uuid"
run $MDCTL --assemble /dev/md0 --update=uuid --uuid=12345678:9abcdef0:0fedcba9:87654321 "${A[@]}"
run $MDCTL --stop /dev/md0
both_update "no-bitmap" --update=no-bitmap
interop "no-bitmap"
next

# ---- resync, layouts ----
pair 1 1.2 40
set_speed 1 1
both_update "resync" --update=resync
[ "$KA_sync" = resync ] || problems+=("resync: the kernel is not resyncing (sync_action $KA_sync)")
set_speed 1000 200000
next
A=($(mkloop 40) $(mkloop 64)) B=($(mkloop 40) $(mkloop 64))
make_one "${A[@]}" -l0
make_one "${B[@]}" -l0
for l in layout-alternate layout-unspecified layout-original; do
    both_update "raid0 $l" --update=$l
done
interop "raid0 layouts"
next

# ---- bad-block log, device size: 1.0, 1.1, 1.2 ----
# where the log goes depends on the version; removing it does not
for meta in 1.0 1.1 1.2; do
    pair 1 $meta 40 --bitmap=internal
    both_update "$meta no-bbl" --update=no-bbl
    both_update "$meta bbl" --update=bbl
    interop "$meta bbl"
    if [ $meta = 1.2 ]; then
        both_update "$meta force-no-bbl" --update=force-no-bbl
        both_update "$meta bbl again" --update=bbl
    fi
    next
done
pair 1 1.2 40
for d in "${A[@]}" "${B[@]}"; do
    truncate -s 56M "$(cat /sys/block/${d#/dev/}/loop/backing_file)"
    losetup -c "$d"
done
both_update "devicesize after the members grew" --update=devicesize
interop "devicesize"
next

# ---- refusals: one line, nothing written ----
pair 1 1.2 40
refused "unknown value" "valid values are" --update=bogus
assert_contains "$OUT" "layout-unspecified"
run $MDCTL --assemble /dev/md0 --update=? "${A[@]}"
assert_contains "$OUT" "force-no-bbl"
[ ! -e /sys/block/md0/md/array_state ] || [ "$(mdsys md0 array_state)" = clear ] || fail "--update=? started the array"
for v in summaries super-minor byteorder metadata sparc2.2; do
    refused "$v on 1.x" "0.90 metadata only" --update=$v
done
refused "bitmap (mdadm 4.6 refuses it on every metadata)" "not understood" --update=bitmap
refused "raid0 layout on raid1" "raid0 arrays only" --update=layout-original
refused "revert-reshape without a reshape" "no reshape is in progress" --update=revert-reshape
refused "home-cluster" "clustered" --update=home-cluster
printf 'DEVICE %s %s\n' "${A[@]}" > $T/scan.conf
before=$(meta_sum)
expect_fail "--scan" $MDCTL --assemble --scan -c $T/scan.conf --update=resync
[ "$(meta_sum)" = "$before" ] || problems+=("--scan: a member's metadata changed")
next
pair 1 1.0 40
refused "devicesize on 1.0" "1.1 and 1.2 metadata only" --update=devicesize
next
# all or none: one member has bad blocks recorded, so no-bbl cannot apply to it
pair 1 1.2 40
run "$MDADM46" --assemble /dev/md0 "${A[@]}"
echo "100 8" > /sys/block/md0/md/dev-${A[1]#/dev/}/bad_blocks
# a write makes md rewrite the superblocks, and with them the log
dd if=/dev/zero of=/dev/md0 bs=4k count=1 oflag=direct status=none
run "$MDADM46" --stop /dev/md0
"$MDADM46" -E "${A[1]}" | grep -q "Feature Map : 0x8" || fail "no bad block recorded on ${A[1]}: $("$MDADM46" -E "${A[1]}")"
refused "no-bbl with a bad block on one member" "force-no-bbl" --update=no-bbl
run $MDCTL --assemble /dev/md0 --update=force-no-bbl "${A[@]}"
run $MDCTL --stop /dev/md0
"$MDADM46" -E "${A[1]}" | grep -q "Bad Block Log" && problems+=("force-no-bbl left the log")

next

# ---- ppl ----
# mdadm 4.6 refuses every --update=ppl with "PPL is not compatible with
# bitmap" (with a bitmap or without, any level or metadata: observed in the
# VM), so here nothing is differential: mdctl's result must carry the PPL
# where there is room (1.1/1.2: after the bad-block log; 1.0: below the log
# under the superblock, data_size ending at it), hold an empty log (the
# header mdctl writes at --create -k ppl) before the kernel sees it, run as
# ppl, and be assembled by mdadm 4.6 as ppl.
r5() { # META [OPTS...]: A = 3 x 24 MiB raid5 members made by mdadm 4.6
    local meta=$1; shift
    A=($(mkloop 24) $(mkloop 24) $(mkloop 24))
    "$MDADM46" --create /dev/md0 -l5 -n3 -e "$meta" --uuid=$U --name=arr --homehost=hostA --run --assume-clean "$@" "${A[@]}" > /dev/null 2>&1
    "$MDADM46" --stop /dev/md0 > /dev/null
}
mdadm_refuses_ppl() {
    expect_fail "PPL is not compatible with bitmap" "$MDADM46" --assemble /dev/md0 --update=ppl "${A[@]}"
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1 || true
}
# the reference header: an mdctl -k ppl create with the same uuid
R=($(mkloop 24) $(mkloop 24) $(mkloop 24))
run $MDCTL --create /dev/md0 -l5 -n3 -k ppl --uuid=$U --run --assume-clean "${R[@]}"
run $MDCTL --stop /dev/md0
ppl_hdr() { dd if="$1" bs=512 skip="$2" count=8 status=none | sha256sum; }
ref_hdr=$(ppl_hdr "${R[0]}" 16)
for spec in 1.0:-1008:1000 1.1:24:2048 1.2:24:2048; do
    IFS=: read -r meta off size <<< "$spec"
    r5 $meta
    mdadm_refuses_ppl
    # two of three members without --run: updated, not started, so the
    # log is still mdctl's (the kernel writes its own at every start)
    $MDCTL --assemble /dev/md0 --update=ppl "${A[0]}" "${A[1]}" || true
    "$MDADM46" --stop /dev/md0 > /dev/null 2>&1 || true
    ex=$($MDCTL -E "${A[0]}")
    [[ $ex == *"PPL : $size sectors at offset $off sectors from superblock"* ]] ||
        problems+=("$meta ppl: not at $off/$size: $(grep -E 'PPL|Feature' <<< "$ex")")
    so=$("$MDADM46" -E "${A[0]}" | sed -n 's/.*Super Offset : \([0-9]*\) sectors.*/\1/p')
    for d in "${A[0]}" "${A[1]}"; do
        [ "$(ppl_hdr "$d" $((so + off)))" = "$ref_hdr" ] || problems+=("$meta ppl: $d: no empty log at $((so + off))")
    done
    [ $meta != 1.0 ] || assert_contains "$ex" "Avail Dev Size : 48128 sectors" "1.0 data_size after ppl"
    # all three: the third gets its PPL, the two others keep theirs
    run $MDCTL --assemble /dev/md0 --update=ppl "${A[@]}"
    [ "$(mdsys md0 consistency_policy)" = ppl ] || problems+=("$meta ppl: mdctl assembled it as $(mdsys md0 consistency_policy)")
    run $MDCTL --stop /dev/md0
    [ "$($MDCTL -E "${A[2]}" | grep 'PPL :')" = "$(grep 'PPL :' <<< "$ex")" ] || problems+=("$meta ppl: third member differs")
    run "$MDADM46" --assemble /dev/md0 "${A[@]}"
    [ "$(mdsys md0 consistency_policy)" = ppl ] || problems+=("$meta ppl: mdadm 4.6 assembled it as $(mdsys md0 consistency_policy)")
    run "$MDADM46" --stop /dev/md0
    echo "ok: $meta --update=ppl"
    next
done
# refusals, nothing written: a bitmap, raid1, no room (data offset 64 KiB),
# and all or none: a 1.0 member whose data ends 8 sectors below the log
r5 1.2 --bitmap=internal
refused "ppl with a bitmap" "not compatible with bitmap" --update=ppl
mdadm_refuses_ppl
next
pair 1 1.2 40
refused "ppl on raid1" "raid5 only" --update=ppl
next
r5 1.2 --data-offset=64K
refused "ppl without room" "not enough free space" --update=ppl
next
A=($(mkloop 24) $(mkloop 24) $(mkloop 24))
truncate -s 24080K "$(cat /sys/block/${A[2]#/dev/}/loop/backing_file)"   # the last: the others would be written first
losetup -c "${A[2]}"
"$MDADM46" --create /dev/md0 -l5 -n3 -e1.0 --run --assume-clean "${A[@]}" > /dev/null 2>&1
"$MDADM46" --stop /dev/md0 > /dev/null
refused "ppl: one member without room" "not enough free space" --update=ppl

if [ ${#problems[@]} -gt 0 ]; then
    printf '%s\n' "${problems[@]}" >&2
    fail "${#problems[@]} problem(s)"
fi
ok "every --update value agrees with mdadm 4.6"
