#!/usr/bin/env bash
# mdctl's single entry point for people and CI.
#
#   ./dev.sh demo        build, boot the test VM and show mdctl at work
#   ./dev.sh test        everything CI runs: build, unit tests (plain and
#                        ASan+UBSan), fuzzers (30 s each), VM suite with ./mdctl
#                        and again with ./mdctl-san, then its tests marked for
#                        Linux 6.12 on Debian's 6.12 kernel, and the Debian
#                        packages (build/deb/, lintian); ends with
#                        `N passed, N failed`
#   ./dev.sh vm [TEST..] build and run the VM suite (or the named tests) only
#   ./dev.sh deps        install the Debian packages needed (quick when done)
#
# Environment: MDCTL_CACHE (default /var/cache/mdctl-test) holds the test kernel
# and the mdadm reference peers; FUZZ_SECONDS (default 30) per fuzzer.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 2
export DEBIAN_FRONTEND=noninteractive
JOBS=${JOBS:-2}

PKGS=(qemu-system-x86 libudev-dev libblkid-dev libjson-c-dev libcmocka-dev asciidoctor pkg-config
      python3-jsonschema jq
      clang libclang-rt-dev build-essential bc flex bison libelf-dev libssl-dev cpio
      xz-utils fio busybox-static e2fsprogs util-linux debian-archive-keyring kmod udev
      python3 dpkg-dev debhelper lintian fakeroot
      # libblockdev 2.28 for tests/vm/t_libblockdev.sh (libbytesize1: what its mdraid plugin,
      # extracted by tests/vm/libblockdev.sh, links to besides libblockdev-utils2)
      gir1.2-blockdev-2.0 python3-blockdev python3-gi python3-dbus python3-six python3-yaml libbytesize1)

say() { printf '\n==== %s\n' "$*"; }

deps() {
    local have p missing=()
    have=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${PKGS[@]}" 2>/dev/null)
    for p in "${PKGS[@]}"; do
        grep -q "^ii  *$p\$" <<< "$have" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing: ${missing[*]}"
    [ "$(id -u)" = 0 ] || { echo "dev.sh: need root to install ${missing[*]}" >&2; return 1; }
    apt-get update -q || return 1
    apt-get install -y -q --no-install-recommends "${missing[@]}" < /dev/null
}

build() {
    say "make"
    make -j"$JOBS"
}

kernel_and_peers() {
    say "test kernel and mdadm peers"
    KERNEL=$(tests/vm/build-kernel.sh) || return 1
    echo "kernel: $KERNEL"
    tests/vm/peers.sh || return 1
    tests/vm/libblockdev.sh
}

# kernel_and_peers, and Debian's 6.12 kernel fetched, in the background with
# its output in DIR/log, the kernel's path in DIR/kernel, the status in DIR/rc.
# cmd_test starts it first: the build, unit tests, fuzzers (which run for a
# fixed time whatever the CPU they get) and packages go on meanwhile, and the
# downloads need no CPU at all.
prepare_vm_bg() { # DIR
    ( rc=0
      { kernel_and_peers && echo "$KERNEL" > "$1/kernel" && tests/vm/kernel-612.sh > /dev/null; } > "$1/log" 2>&1 || rc=1
      echo "$rc" > "$1/rc" ) &
    PREP_PID=$!
}

# ---- test: every stage adds to these counters ----
PASSED=0 FAILED=0 SKIPPED=0
count() { # PASSED FAILED [SKIPPED] STAGE
    PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2)); SKIPPED=$((SKIPPED + ${3:-0}))
    echo "---- $4: $1 passed, $2 failed${3:+, $3 skipped}"
}

# Run a command, show its output, add the cmocka counts it printed; a failure
# that cmocka did not count (build error, crash) counts as one failed test.
stage_cmocka() { # NAME CMD...
    local name=$1 log p f rc=0; shift
    log=$(mktemp)
    "$@" 2>&1 | tee "$log" || rc=$?
    p=$(awk '/^\[  PASSED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$log")
    f=$(awk '/^\[  FAILED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$log")
    rm -f "$log"
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    count "$p" "$f" "" "$name"
}

# One fuzzer for FUZZ_SECONDS; new inputs go to a temp dir, not the repo's corpus.
fuzz_one() { # BIN LOG -> exit status of the fuzzer
    local bin=$1 name=${1##*/} work rc=0
    work=$(mktemp -d)
    mkdir -p "tests/fuzz/corpus/$name"
    "$bin" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$name-" \
        "$work" "tests/fuzz/corpus/$name" > "$2" 2>&1 || rc=$?
    rm -rf "$work"
    return $rc
}

# The fuzzers, $JOBS at a time (each is one busy thread).
stage_fuzz() {
    say "fuzzers (${FUZZ_SECONDS:-30} s each, $JOBS at a time)"
    if ! ls tests/fuzz/fuzz_*.c > /dev/null 2>&1; then echo "no fuzzers yet"; return 0; fi
    if ! make -j"$JOBS" fuzz; then count 0 1 "" "make fuzz"; return 0; fi
    local bin name logs p=0 f=0 pids=() bins=() i
    mkdir -p build/fuzz/artifacts
    logs=$(mktemp -d)
    for bin in build/fuzz/fuzz_*; do
        [ -x "$bin" ] || continue
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
        fuzz_one "$bin" "$logs/${bin##*/}" &
        pids+=($!) bins+=("$bin")
    done
    for i in "${!bins[@]}"; do
        name=${bins[$i]##*/}
        echo "-- $name"
        if wait "${pids[$i]}"; then
            tail -n 60 "$logs/$name"; echo "PASS $name"; p=$((p + 1))
        else
            tail -n 60 "$logs/$name"; echo "FAIL $name (crash input in build/fuzz/artifacts/)"; f=$((f + 1))
        fi
    done
    rm -rf "$logs"
    count $p $f "" "fuzzers"
}

# Add the counts of a run-tests.sh log: its last "P passed, F failed[, S skipped]".
count_vm() { # LABEL LOG EXIT_STATUS
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
    if [ -z "$line" ]; then count 0 1 "" "VM suite ($1)"; return; fi
    set -- "$1" "$3" ${line//,/}
    count "$3" "$5" "${7:-}" "VM suite ($1)"
    [ "$2" -eq 0 ] || [ "$5" -gt 0 ] || count 0 1 "" "VM suite ($1) exit status"
}

# The tests marked `# kernels: ... 6.12` (run with ./mdctl on Debian trixie's
# prebuilt 6.12 kernel, tests/vm/kernel-612.sh) are a queue both lanes take
# from when their own suite is done: each take is half of what is left (at
# least one test), run in one boot, so the lanes end close together. The
# queue holds the longest first, by their `# timeout:` (300 s when none).
q612_init() { # QUEUE
    local f t
    for f in $(grep -l '^# kernels:.*6\.12' tests/vm/t_*.sh); do
        t=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$f" | head -n1)
        f=${f##*/}; echo "${t:-300} ${f%.sh}"
    done | sort -k1,1nr -k2 | cut -d' ' -f2 > "$1"
}
q612_take() { # QUEUE -> the tests taken, one per line (none: empty)
    ( flock 9
      mapfile -t left < "$1"
      k=$(( (${#left[@]} + 1) / 2 ))
      [ "$k" -gt 0 ] || exit 0
      printf '%s\n' "${left[@]:0:k}"
      printf '%s\n' "${left[@]:k}" > "$1" ) 9> "$1.lock"
}
lane612() { # KERNEL QUEUE LOGPREFIX: logs LOGPREFIX.N, statuses LOGPREFIX.N.rc
    local i=0 t rc
    while t=$(q612_take "$2") && [ -n "$t" ]; do
        rc=0
        # shellcheck disable=SC2086  # one test name per word
        tests/vm/run-tests.sh --kernel "$1" $t > "$3.$i" 2>&1 || rc=$?
        echo "$rc" > "$3.$i.rc"
        i=$((i + 1))
    done
}

# The VM suite with ./mdctl, streamed, while the suite with ./mdctl-san runs
# alongside; then both lanes take the 6.12 tests (above). Each VM is mostly
# one busy TCG thread, so two lanes keep both cores busy. VM_SERIAL=1 runs
# everything in one lane.
stage_vm_suites() {
    local d rc=0 src=0 spid= k612= f
    d=$(mktemp -d)
    if k612=$(tests/vm/kernel-612.sh); then q612_init "$d/q"
    else count 0 1 "" "Linux 6.12 kernel"; k612=; fi
    if [ -x mdctl-san ] && [ -z "${VM_SERIAL:-}" ]; then
        { src=0; tests/vm/run-tests.sh --kernel "$KERNEL" --san > "$d/san" 2>&1 || src=$?
          echo "$src" > "$d/san.rc"
          [ -z "$k612" ] || lane612 "$k612" "$d/q" "$d/612b"; } &
        spid=$!
    fi
    say "VM suite: ./mdctl${spid:+ (the ./mdctl-san suite runs alongside)}"
    tests/vm/run-tests.sh --kernel "$KERNEL" 2>&1 | tee "$d/plain" || rc=$?
    count_vm "./mdctl" "$d/plain" "$rc"
    [ -z "$k612" ] || lane612 "$k612" "$d/q" "$d/612a"
    say "VM suite: ./mdctl-san (ASan+UBSan)"
    if [ ! -x mdctl-san ]; then
        count 0 1 "" "mdctl-san missing"
    else
        if [ -n "$spid" ]; then
            wait "$spid"
            cat "$d/san"
            src=$(cat "$d/san.rc" 2> /dev/null || echo 1)
        else
            src=0; tests/vm/run-tests.sh --kernel "$KERNEL" --san 2>&1 | tee "$d/san" || src=$?
        fi
        count_vm "./mdctl-san" "$d/san" "$src"
    fi
    if [ -n "$k612" ]; then
        say "VM suite on Linux 6.12: ./mdctl (kernel: $k612)"
        for f in "$d"/612*; do
            [[ $f == *.rc ]] && continue
            cat "$f"
            count_vm "./mdctl, Linux 6.12" "$f" "$(cat "$f.rc")"
        done
    fi
    rm -rf "$d"
}

# The Debian packages (debian/), built from a copy of the tree in a temp dir
# so the checkout stays clean; the .debs land in build/deb/ (t_deb.sh installs
# them into a scratch root). lintian fails the stage on errors; warnings are
# listed. Unit tests already ran above: DEB_BUILD_OPTIONS=nocheck.
stage_deb() {
    local work rc=0 log t0=$SECONDS out
    say "Debian packages (dpkg-buildpackage, lintian)"
    work=$(mktemp -d) log=$work/build.log
    mkdir -p "$work/mdctl" build/deb
    git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C "$work/mdctl"
    if ! (cd "$work/mdctl" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b -j"$JOBS") > "$log" 2>&1; then
        tail -n 40 "$log"; rm -rf "$work"; count 0 1 "" "Debian packages"; return 0
    fi
    rm -f build/deb/*.deb build/deb/*.changes
    cp "$work"/*.deb "$work"/*.changes build/deb/
    echo "built in $((SECONDS - t0)) s:" build/deb/*.deb
    out=$(lintian --allow-root -I "$work"/*.changes 2>&1) || rc=$?
    printf '%s\n' "$out"
    rm -rf "$work"
    if [ "$rc" -ne 0 ] || grep -q '^E: ' <<< "$out"; then count 0 1 "" "lintian"; return 0; fi
    count 1 0 "" "Debian packages + lintian ($((SECONDS - t0)) s)"
}

cmd_test() {
    local t0=$SECONDS prep
    deps || { echo "0 passed, 1 failed"; return 1; }
    prep=$(mktemp -d)
    prepare_vm_bg "$prep"
    if ! build; then echo "build failed"; echo "0 passed, 1 failed"; return 1; fi
    count 1 0 "" "build"
    say "make check (unit tests, then again under ASan+UBSan)"
    rm -f mdctl-san     # never test a stale sanitizer binary
    stage_cmocka "make check" make -j"$JOBS" check
    stage_fuzz
    stage_deb
    wait "$PREP_PID"
    cat "$prep/log"
    if [ "$(cat "$prep/rc" 2> /dev/null)" = 0 ]; then
        KERNEL=$(cat "$prep/kernel")
        stage_vm_suites
    else
        count 0 1 "" "test kernel / peers"
    fi
    rm -rf "$prep"
    say "total ($((SECONDS - t0)) s)"
    if [ "$SKIPPED" -gt 0 ]; then echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
    else echo "$PASSED passed, $FAILED failed"; fi
    [ "$FAILED" -eq 0 ]
}

cmd_vm() {
    deps && build && kernel_and_peers || return 1
    tests/vm/run-tests.sh --kernel "$KERNEL" "$@"
}

cmd_demo() {
    deps && build && kernel_and_peers || return 1
    say "demo in the VM (tests/vm/demo.sh)"
    tests/vm/vm.sh --kernel "$KERNEL" --timeout 900 -- tests/vm/demo.sh
}

case ${1:-} in
deps) deps ;;
test) cmd_test ;;
demo) cmd_demo ;;
vm) shift; cmd_vm "$@" ;;
*) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac
