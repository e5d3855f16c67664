#!/usr/bin/env bash
# Remake the seed corpora of the render fuzzers (fuzz_examine, fuzz_detail)
# from the unit-test fixtures and the other fuzzers' corpora: every captured
# or crafted superblock alone, with its bitmap header after it (the .bm
# files), the fuzz_super1 corpus, and bitmap areas (fixtures/bitmap/*.bitmap,
# the fuzz_bitmap corpus) behind a superblock that has a bitmap (for
# fuzz_detail the bytes after the superblock are the kernel's side).
# libFuzzer's -merge then keeps, per target, the inputs that add coverage.
# Needs build/fuzz/fuzz_examine and fuzz_detail (make fuzz).
#   tests/fuzz/seed_render.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
raw=$(mktemp -d) crashes=$(mktemp -d)
trap 'rm -rf "$raw" "$crashes"' EXIT
n=0
for sb in tests/unit/fixtures/*.sb tests/unit/fixtures/output/*/*.sb; do
	n=$((n + 1))
	cp "$sb" "$raw/sb$n"
	bm=${sb%.sb}.bm
	[ -f "$bm" ] && cat "$sb" "$bm" > "$raw/sbbm$n"
done
for f in tests/fuzz/corpus/fuzz_super1/*; do
	n=$((n + 1))
	cp "$f" "$raw/s1_$n"
done
# bitmap areas behind the superblock of a member that has a classic bitmap
host=tests/unit/fixtures/output/r1bm2/loop11.sb
[ -f "$host" ] || host=$(ls tests/unit/fixtures/output/*/*.sb | head -1)
for f in tests/unit/fixtures/bitmap/*.bitmap tests/fuzz/corpus/fuzz_bitmap/*; do
	n=$((n + 1))
	head -c 65536 "$f" | cat "$host" - > "$raw/bm$n"
done
for t in fuzz_examine fuzz_detail; do
	fz=build/fuzz/$t out=tests/fuzz/corpus/$t
	[ -x "$fz" ] || { echo "build $fz first (make fuzz)" >&2; exit 1; }
	mkdir -p "$out"
	echo "$t:"
	"$fz" -merge=1 -artifact_prefix="$crashes/" "$out" "$raw" 2>&1 |
		grep -E "MERGE-OUTER: [0-9]+ new files" || true
	# an input that crashes is left out of the merge: say so
	if ls "$crashes" | grep -q .; then
		mkdir -p build/fuzz/artifacts
		for c in "$crashes"/*; do mv "$c" "build/fuzz/artifacts/$t-seed-${c##*/}"; done
		echo "inputs crashed $t: build/fuzz/artifacts/$t-seed-*" >&2
		exit 1
	fi
done
