#!/usr/bin/env bash
# llbitmap (the kernel's lockless bitmap, bitmap version 6) end to end with
# mdctl: --bitmap=llbitmap on raid1 (metadata 1.2, 1.0, 1.1), raid5 and raid10.
# No initial resync at create; after writes the kernel's own state counts
# (md/llbitmap/bits) equal what `mdctl -X` decodes from the stopped members;
# --assume-clean starts all clean; -X works on a running member; reassembly
# selects bitmap_type llbitmap; a re-added raid1 member recovers only what was
# written while it was out; check finds no mismatch. Bad option combinations
# are refused without touching the members.
# timeout: 300
. tests/vm/lib.sh

set_speed
SYS=/sys/block/md0/md

# one_line_fail MSG CMD...: expect_fail, and the error is a single line.
one_line_fail() {
    expect_fail "$@"
    [[ $OUT != *$'\n'* ]] || fail "'${*:2}': more than one line of error:"$'\n'"$OUT"
}

reads_of() {  # DEV...: set READS to the sum of sectors read from them so far
    local d
    READS=0
    for d in "$@"; do dev_rw "$d"; READS=$(( READS + RD )); done
}

all_in() {  # STATE CHUNKS: an llb_bits line with every chunk in STATE
    local s out=
    for s in "${LLB_STATES[@]}"; do
        out+="${out:+ }$s $([ "$s" = "$1" ] && echo "$2" || echo 0)"
    done
    echo "$out"
}

# created_lazily MD DEVS...: create left no resync running, and the members
# were not read through (a full initial sync reads every member entirely).
created_lazily() {
    local md=$1 r; shift
    wait_idle "$md" 60
    reads_of "$@"
    r=$(( READS - R0 ))
    assert_not_contains "$(grep -A3 "^md0 " /proc/mdstat)" "resync" "mdstat after create"
    [ "$r" -lt $(( $(blockdev --getsz "$md") / 16 )) ] ||
        fail "create read $r sectors from the members: an initial sync ran"
    ok "no initial sync: $r sectors read from $# members [${SECONDS}s]"
}

# fast_daemon: dirty chunks turn clean 1 s after 1 s without writes.
fast_daemon() {
    echo 1 > $SYS/llbitmap/daemon_sleep
    echo 1 > $SYS/llbitmap/barrier_idle
}

# stopped_matches DEVS...: after a stop, every member's -X counts equal the
# kernel's last counts ($BITS) and its chunk count the kernel's ($CHUNKS).
stopped_matches() {
    local d
    for d in "$@"; do
        xbits "$d"
        assert_eq "$BITS" "$XBITS" "-X state counts of $d vs the kernel's md/llbitmap/bits"
        assert_eq "$CHUNKS" "$(x_field "$XOUT" Chunks)" "-X Chunks of $d"
        assert_eq "6 (llbitmap)" "$(x_field "$XOUT" Version)" "-X Version of $d"
    done
}

# created_x_matches STATE DEV: right after create, -X of DEV shows every chunk
# in STATE. Until md first rewrites the bitmap header (its first superblock
# update: a resync at start, or the first write) the header still carries
# mdctl's "first use" flag and -X says what the kernel set at start instead
# of counting the state bytes.
created_x_matches() {
    local out
    out=$($MDCTL -X "$2" 2>&1) || fail "-X $2: $out"
    if [[ $out == *"(first use)"* ]]; then
        assert_eq "set at the next start (first use): every chunk becomes $1" \
            "$(x_field "$out" "Chunk states")" "-X of $2 after create"
        assert_eq "$CHUNKS" "$(x_field "$out" Chunks)" "-X Chunks of $2 after create"
        echo "-X of $2 after create: header not yet rewritten by md (first use)"
    else
        xbits "$2"
        assert_eq "$(all_in "$1" "$CHUNKS")" "$XBITS" "-X of $2 after create"
    fi
}

assembled_llbitmap() {  # the running md0 uses the llbitmap
    assert_eq "none bitmap [llbitmap]" "$(mdsys md0 bitmap_type)" "md/bitmap_type"
}

# ---- bad input: refused, members untouched ----
a=$(mkloop 8) b=$(mkloop 8)
snapshot "$a" "$b"
one_line_fail "bitmap-chunk" $MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --bitmap-chunk=1M --run "$a" "$b"
one_line_fail "bogus" $MDCTL --create /dev/md0 -l1 -n2 --bitmap=bogus --run "$a" "$b"
one_line_fail "bitmap" $MDCTL --create /dev/md0 -l0 -n2 --bitmap=internal --run "$a" "$b"
one_line_fail "bitmap" $MDCTL --create /dev/md0 -l1 -n2 --write-behind=256 --run "$a" "$b"
one_line_fail "write-behind" $MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --write-behind=256 --run "$a" "$b"
assert_unchanged "$a" "$b"
[ ! -e $SYS/level ] || [ -z "$(cat $SYS/level)" ] || fail "an array was started"
cleanup_all
ok "bad bitmap options refused, members unchanged [${SECONDS}s]"

# ---- raid1, metadata 1.2: the full cycle ----
a=$(mkloop 128) b=$(mkloop 128)
reads_of "$a" "$b"; R0=$READS
run $MDCTL --create /dev/md0 -l1 -n2 --bitmap=llbitmap --delay=1 --run "$a" "$b"
assembled_llbitmap
assert_eq 1 "$(cat $SYS/llbitmap/daemon_sleep)" "--delay=1 -> md/llbitmap/daemon_sleep"
created_lazily /dev/md0 "$a" "$b"
echo 1 > $SYS/llbitmap/barrier_idle
CHUNKS=$(llb_meta /dev/md0 chunks)
CHUNK_KIB=$(( $(llb_meta /dev/md0 chunksize) / 2 ))
llb_get md0; BITS=$LLB
assert_eq "$(all_in unwritten "$CHUNKS")" "$BITS" "llbitmap/bits after create"
created_x_matches unwritten "$a"
echo "created: $CHUNKS chunks of $CHUNK_KIB KiB"

write_pattern /dev/md0 1 8 16
llb_settle md0; BITS=$LLB
echo "kernel after 8 MiB at 16 MiB, settled: $BITS"
clean=$(llb_count "$BITS" clean)
[ "$clean" -ge $(( 8 * 1024 / CHUNK_KIB )) ] || fail "only $clean clean chunks after writing 8 MiB"
assert_eq "$CHUNKS" $(( clean + $(llb_count "$BITS" unwritten) )) "clean + unwritten"

# -X on a member of the running array (md holds it exclusively, so -X must
# open it read-only, without O_EXCL), with a range map that covers every
# chunk exactly once.
run $MDCTL -X -v "$a"
assert_contains "$OUT" "Chunk map" "-X -v"
next=0
while IFS= read -r l; do
    [[ $l =~ ^\ +([0-9]+)(-([0-9]+))?:\ ([a-z ]+)$ ]] || continue
    first=${BASH_REMATCH[1]} last=${BASH_REMATCH[3]:-${BASH_REMATCH[1]}}
    assert_eq "$next" "$first" "first chunk of the next map range"
    next=$(( last + 1 ))
done <<< "${OUT#*Chunk map}"
assert_eq "$CHUNKS" "$next" "chunks covered by the -X -v map"
assert_contains "$(cat /proc/mdstat)" "md0 : active raid1" "array still running after -X"
ok "-X -v on a running member: map of $CHUNKS chunks [${SECONDS}s]"

run $MDCTL --stop /dev/md0
stopped_matches "$a" "$b"
ok "raid1 1.2: -X after stop equals the kernel's counts: $BITS [${SECONDS}s]"

run $MDCTL --assemble /dev/md0 "$a" "$b"
assembled_llbitmap
llb_get md0
assert_eq "$BITS" "$LLB" "llbitmap/bits after reassembly"
verify_pattern /dev/md0 1 8 16
check_clean md0
ok "raid1 1.2: reassembled with llbitmap, data intact, check clean [${SECONDS}s]"

# ---- degraded re-add: only what was written meanwhile is recovered ----
fast_daemon
llb_settle md0
md_fail_detach md0 "$b"
write_pattern /dev/md0 2 4 64
llb_get md0
ns=$(llb_count "$LLB" "need sync")
echo "degraded after 4 MiB at 64 MiB: $LLB"
[ "$ns" -ge $(( 4 * 1024 / CHUNK_KIB )) ] || fail "only $ns need-sync chunks after 4 MiB written degraded"
xbits "$a"
[ "$(llb_count "$XBITS" "need sync")" -ge $(( 4 * 1024 / CHUNK_KIB )) ] ||
    fail "-X of the surviving member shows too few need-sync chunks: $XBITS"
echo "-X of the surviving member: $XBITS"
dev_rw "$b"; w0=$WR
echo re-add > "$SYS/dev-${b#/dev/}/state"
md_wait_in_sync md0 "$b"
dev_rw "$b"; w=$(( WR - w0 ))
size=$(blockdev --getsz /dev/md0)
echo "re-add recovery wrote $w sectors to $b; array size $size sectors; $ns chunks needed sync"
[ "$w" -ge 8192 ] || fail "re-add wrote only $w sectors, less than the 4 MiB written while degraded"
[ "$w" -lt $(( size / 8 )) ] || fail "re-add wrote $w of $size sectors: not bitmap-based"
verify_pattern /dev/md0 1 8 16
verify_pattern /dev/md0 2 4 64
check_clean md0
ok "llbitmap re-add recovered $w of $size sectors ($(( w * 1000 / size ))‰) [${SECONDS}s]"
run $MDCTL --stop /dev/md0
cleanup_all

# ---- raid1 on 1.0 (--assume-clean: all clean) and 1.1 (all unwritten) ----
for meta in 1.0 1.1; do
    a=$(mkloop 40) b=$(mkloop 40)
    if [ $meta = 1.0 ]; then ac=--assume-clean start=clean; else ac='' start=unwritten; fi
    run $MDCTL --create /dev/md0 -e $meta -l1 -n2 --bitmap=llbitmap $ac --run "$a" "$b"
    assembled_llbitmap
    assert_eq "$meta" "$(mdsys md0 metadata_version)" "metadata"
    wait_idle md0 60
    CHUNKS=$(llb_meta /dev/md0 chunks)
    llb_get md0
    assert_eq "$(all_in $start "$CHUNKS")" "$LLB" "llbitmap/bits after create -e $meta $ac"
    created_x_matches "$start" "$a"
    fast_daemon
    write_pattern /dev/md0 3 2 8
    llb_settle md0; BITS=$LLB
    run $MDCTL --stop /dev/md0
    stopped_matches "$a" "$b"
    run $MDCTL --assemble /dev/md0 "$a" "$b"
    assembled_llbitmap
    assert_eq "$meta" "$(mdsys md0 metadata_version)" "metadata after assembly"
    verify_pattern /dev/md0 3 2 8
    check_clean md0
    run $MDCTL --stop /dev/md0
    cleanup_all
    ok "raid1 $meta ${ac:-(no --assume-clean)}: started $start, -X = kernel ($BITS), reassembled, check clean [${SECONDS}s]"
done

# ---- raid5 and raid10: lazy initial sync ----
for spec in raid5:4 raid10:4; do
    level=${spec%:*} n=${spec#*:}
    devs=()
    for (( i = 0; i < n; i++ )); do devs+=("$(mkloop 40)"); done
    reads_of "${devs[@]}"; R0=$READS
    run $MDCTL --create /dev/md0 -l $level -n $n --bitmap=llbitmap --run "${devs[@]}"
    assembled_llbitmap
    created_lazily /dev/md0 "${devs[@]}"
    CHUNKS=$(llb_meta /dev/md0 chunks)
    llb_get md0; BITS=$LLB
    # raid456 whose members all zero with unmap start "clean unwritten"
    if [ "$BITS" = "$(all_in unwritten "$CHUNKS")" ]; then start=unwritten
    elif [ "$BITS" = "$(all_in "clean unwritten" "$CHUNKS")" ]; then start="clean unwritten"
    else fail "$level llbitmap/bits after create: $BITS"; fi
    echo "$level created: every chunk $start"
    created_x_matches "$start" "${devs[0]}"
    fast_daemon
    write_pattern /dev/md0 4 4 8
    echo "$level right after 4 MiB: $(llb_bits /dev/md0)"
    wait_idle md0 120
    llb_settle md0; BITS=$LLB
    check_clean md0
    run $MDCTL --stop /dev/md0
    stopped_matches "${devs[@]}"
    run $MDCTL --assemble /dev/md0 "${devs[@]}"
    assembled_llbitmap
    verify_pattern /dev/md0 4 4 8
    run $MDCTL --stop /dev/md0
    cleanup_all
    ok "$level llbitmap: no initial sync, check clean, -X = kernel ($BITS) [${SECONDS}s]"
done
