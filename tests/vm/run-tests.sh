#!/usr/bin/env bash
# Run the VM test suite: every tests/vm/t_*.sh, or the ones named, inside one
# boot of the test VM, each in its own process with a time limit and a
# cleanup_all after it.
#
#   tests/vm/run-tests.sh [--san] [-v] [--kernel bzImage|7.2|6.12] [--any-kernel] [NAME...]
#
# NAME is t_foo, t_foo.sh, tests/vm/t_foo.sh or the path of a test elsewhere
# (outside /tmp, which the VM mounts as tmpfs). --san tests ./mdctl-san (the
# ASan+UBSan build) instead of ./mdctl; MDCTL_BIN overrides either.
# Prints PASS/FAIL/SKIP per test (a failing test's output follows its FAIL
# line) and ends with the line `N passed, N failed` (`, N skipped` if any);
# exits 1 if any test failed. -v shows every test's output. Logs, console
# and progress stay in $VM_RESULTS when that is set (else a temp dir).
# h_*.sh tests run on the host and boot the VM themselves (with $VM, which is
# vm.sh with the kernel given, and a scratch dir $HT), for reboot and crash
# tests on persistent --disk images.
# Kernels: --kernel 7.2 (default; tests/vm/build-kernel.sh) or 6.12 (Debian
# trixie's, tests/vm/kernel-612.sh), or a bzImage path (its version is read
# from the image). Only tests with a line `# kernels: 7.2 6.12` naming the
# kernel run on it; a test without that line is for 7.2 only. Others are left
# out (counted SKIP when named on the command line) unless --any-kernel.
# Per-test limit: a `# timeout: SEC` line in the test, else $VM_TEST_TIMEOUT,
# else 300 s. If a test crashes or hangs the VM, it is counted failed and the
# remaining tests run in a fresh boot.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo" || exit 2

test_kernels() { # FILE -> the kernels it is marked for
    local k
    k=$(sed -n 's/^# kernels: *\(.*\)/\1/p' "$1" | head -n1)
    echo "${k:-7.2}"
}

# kernel_label BZIMAGE -> major.minor, from the version string the x86 boot
# header points to (Documentation/arch/x86/boot.rst: kernel_version at 0x20E).
kernel_label() {
    local off v
    off=$(od -An -tu2 -j526 -N2 "$1" | tr -d ' ') || return 1
    [ -n "$off" ] && [ "$off" -gt 0 ] || return 1
    v=$(dd if="$1" bs=1 skip=$((off + 512)) count=40 status=none | tr '\0' ' ')
    v=${v%% *}
    [[ $v =~ ^([0-9]+\.[0-9]+) ]] || return 1
    echo "${BASH_REMATCH[1]}"
}

test_limit() { # FILE -> seconds
    local t
    t=$(sed -n 's/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n1)
    echo "${t:-${VM_TEST_TIMEOUT:-300}}"
}

# ---------------------------------------------------------------- in the VM
inside() {
    local prog=$VM_SHARE/progress san=/tmp/mdtest-san name f lim rc t0 t1 dt verdict pid trace
    mkdir -p "$san" "$VM_SHARE/logs"
    # Sanitizer reports go to files, so a test that hides stderr cannot hide
    # them; leak checking stays on unless the caller's options say otherwise.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:log_path=$san/asan"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:log_path=$san/ubsan"
    echo "BOOT $(cut -d' ' -f1 /proc/uptime)" >> "$prog"
    # shellcheck source=tests/vm/lib.sh
    ( . tests/vm/lib.sh; cleanup_all ) > /dev/null 2>&1
    for f in "$@"; do
        name=${f##*/}; name=${name%.sh}
        lim=$(test_limit "$f")
        # VM_TRACE=1: every line the test runs, timestamped, into logs/NAME.trace
        # (tests/vm/tools/trace_top.py sums it up); bash takes no PS4 from the
        # environment when run as root, so it is set inside
        trace=()
        [ -z "${VM_TRACE:-}" ] || trace=(-c 'exec 9> "$1"; BASH_XTRACEFD=9
            PS4="+ \$EPOCHREALTIME \${BASH_SOURCE##*/}:\$LINENO "; set -x; . "$2"' _ "$VM_SHARE/logs/$name.trace")
        echo "START $name" >> "$prog"
        t0=$EPOCHREALTIME
        # timeout puts the test in a process group of its own: kill what the
        # test left running in the background before cleaning up.
        timeout -k 10 "$lim" bash "${trace[@]}" "$f" > "$VM_SHARE/logs/$name.log" 2>&1 < /dev/null &
        pid=$!
        wait "$pid"; rc=$?
        kill -KILL -- "-$pid" 2>/dev/null
        t1=$EPOCHREALTIME
        [ "$rc" = 124 ] && echo "TIMEOUT: killed after ${lim}s" >> "$VM_SHARE/logs/$name.log"
        if ! ( . tests/vm/lib.sh; trap - ERR; cleanup_all ) >> "$VM_SHARE/logs/$name.log" 2>&1; then
            echo "cleanup_all failed after the test" >> "$VM_SHARE/logs/$name.log"
            [ "$rc" = 0 ] || [ "$rc" = 77 ] && rc=1
        fi
        echo "CLEAN $name $t1 $EPOCHREALTIME" >> "$prog"
        if compgen -G "$san/*" > /dev/null; then
            { echo "sanitizer reports:"; cat "$san"/*; } >> "$VM_SHARE/logs/$name.log"
            rm -f "$san"/*
            rc=1
        fi
        dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
        case $rc in 0) verdict=PASS ;; 77) verdict=SKIP ;; *) verdict=FAIL ;; esac
        echo "$verdict $name ${dt}s" >> "$prog"
        if [ "$verdict" = PASS ]; then
            echo "PASS $name (${dt}s)"
            [ -z "${VM_VERBOSE:-}" ] || sed 's/^/    /' "$VM_SHARE/logs/$name.log"
        else
            echo "$verdict $name (${dt}s, exit $rc)"
            [ "$verdict" != FAIL ] || fail_reason "$VM_SHARE/logs/$name.log"
            if [ "$verdict" = FAIL ] || [ -n "${VM_VERBOSE:-}" ]; then sed 's/^/    /' "$VM_SHARE/logs/$name.log"
            else grep -m1 '^SKIP' "$VM_SHARE/logs/$name.log" | sed 's/^/    /'; fi
        fi
    done
    echo "DONE" >> "$prog"
}

# fail_reason LOG: the line that says why a test failed, printed before its
# whole log so that a report cut after its first lines still shows the cause.
fail_reason() {
    local r
    r=$(grep -aE '^FAIL:|^TIMEOUT:|^cleanup_all failed|^sanitizer reports:|runtime error:|ERROR: AddressSanitizer' "$1" 2>/dev/null | tail -n 3)
    [ -n "$r" ] && sed 's/^/    reason: /' <<< "$r"
    return 0
}

if [ "${1:-}" = --inside ]; then shift; inside "$@"; exit 0; fi

# ---------------------------------------------------------------- on the host
kernel= anyk=
while [ $# -gt 0 ]; do
    case $1 in
    -v) export VM_VERBOSE=1; shift ;;
    --any-kernel) anyk=1; shift ;;
    --san) export MDCTL_BIN=${MDCTL_BIN:-$repo/mdctl-san}; shift ;;
    --kernel) kernel=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "run-tests.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done

case ${kernel:-7.2} in
7.2) kernel=$("$here/build-kernel.sh") || { echo "run-tests.sh: no kernel" >&2; exit 2; } ;;
6.12) kernel=$("$here/kernel-612.sh") || { echo "run-tests.sh: no 6.12 kernel" >&2; exit 2; } ;;
esac
[ -r "$kernel" ] || { echo "run-tests.sh: no kernel image $kernel" >&2; exit 2; }
make -s build/mdtest || { echo "run-tests.sh: cannot build build/mdtest (lib.sh's data helper)" >&2; exit 2; }
klabel=$(kernel_label "$kernel") || { echo "run-tests.sh: cannot read the version of $kernel" >&2; exit 2; }

names=()   # test file paths, relative to the repo or absolute
named=
if [ $# -gt 0 ]; then
    named=1
    for a in "$@"; do
        if [ -f "$a" ]; then names+=("$a"); continue; fi
        n=${a##*/}; n=${n%.sh}
        [ -f "tests/vm/$n.sh" ] || { echo "run-tests.sh: no test tests/vm/$n.sh" >&2; exit 2; }
        names+=("tests/vm/$n.sh")
    done
else
    for f in tests/vm/t_*.sh tests/vm/h_*.sh; do [ -f "$f" ] && names+=("$f"); done
fi
pass=0 failn=0 skipn=0 boots=0
vmtests=() hosttests=() other=()
for f in "${names[@]}"; do
    if [ -z "$anyk" ] && [[ " $(test_kernels "$f") " != *" $klabel "* ]]; then
        other+=("$f"); continue
    fi
    case ${f##*/} in h_*) hosttests+=("$f") ;; *) vmtests+=("$f") ;; esac
done
if [ ${#other[@]} -gt 0 ] && [ -n "$named" ]; then
    for f in "${other[@]}"; do
        n=${f##*/}; echo "SKIP ${n%.sh} (not marked for kernel $klabel: # kernels: $(test_kernels "$f"))"
    done
    skipn=${#other[@]}
fi
if [ $((${#vmtests[@]} + ${#hosttests[@]})) -eq 0 ]; then
    if [ $skipn -gt 0 ]; then echo "0 passed, 0 failed, $skipn skipped"; else echo "0 passed, 0 failed"; fi
    exit 0
fi

"$here/peers.sh" || { echo "run-tests.sh: could not fetch the mdadm peers" >&2; exit 2; }
bin=${MDCTL_BIN:-$repo/mdctl}
[ -x "$bin" ] || echo "run-tests.sh: warning: $bin does not exist (tests using it will fail)" >&2
note=
[ ${#other[@]} -eq 0 ] || [ -n "$named" ] || note=" (${#other[@]} more not marked for $klabel)"
echo "VM tests: $((${#vmtests[@]} + ${#hosttests[@]})) test(s) with $bin on Linux $klabel$note"

if [ -n "${VM_RESULTS:-}" ]; then
    share=$VM_RESULTS; rm -rf "$share/logs"; mkdir -p "$share"
else
    share=$(mktemp -d "${TMPDIR:-/tmp}/mdctl-vmtests.XXXXXX")
    trap 'rm -rf "$share"' EXIT
fi
todo=("${vmtests[@]}")
while [ ${#todo[@]} -gt 0 ] && [ $boots -lt 5 ]; do
    boots=$((boots + 1))
    lim=60
    for f in "${todo[@]}"; do lim=$((lim + $(test_limit "$f") + 15)); done
    : > "$share/progress"
    t0=$(date +%s.%N)
    "$here/vm.sh" --no-tail --kernel "$kernel" --share "$share" --timeout "$lim" \
        -- "tests/vm/run-tests.sh --inside$(printf " %q" "${todo[@]}")"
    vrc=$?
    t1=$(date +%s.%N)
    boot=$(sed -n 's/^BOOT //p' "$share/progress")
    awk -v a="$t0" -v b="$t1" -v u="${boot:-?}" -v n="$boots" '
        $1 == "CLEAN" { c += $4 - $3; k++ }
        $1 ~ /^(PASS|FAIL|SKIP)$/ { t += $3 }
        END { printf "VM boot %d: %.1fs wall, tests started at guest uptime %ss, %d test(s) took %.1fs, cleanups %.1fs (%.2fs each)\n",
              n, b - a, u, k, t, c, k ? c / k : 0 }' "$share/progress"
    # Count what finished; a test that started but never finished took the VM down.
    rest=() crashed=
    for f in "${todo[@]}"; do
        n=${f##*/}; n=${n%.sh}
        v=$(awk -v n="$n" '$2 == n && $1 ~ /^(PASS|FAIL|SKIP)$/ { print $1 }' "$share/progress")
        case $v in
        PASS) pass=$((pass + 1)) ;;
        SKIP) skipn=$((skipn + 1)) ;;
        FAIL) failn=$((failn + 1)) ;;
        *)  if [ -z "$crashed" ] && grep -qx "START $n" "$share/progress"; then
                crashed=$n
                echo "FAIL $n (the VM died or timed out during it, vm.sh exit $vrc)"
                fail_reason "$share/logs/$n.log"
                sed 's/^/    /' "$share/logs/$n.log" 2>/dev/null | tail -n 40
                echo "    console tail:"; tail -n 30 "$share/console.log" | sed 's/^/    /'
                failn=$((failn + 1))
            else
                rest+=("$f")
            fi ;;
        esac
    done
    if [ -z "$crashed" ] && [ ${#rest[@]} -gt 0 ]; then
        # The VM never got to these tests at all (failed boot): do not loop.
        echo "run-tests.sh: VM did not run: ${rest[*]} (vm.sh exit $vrc)"
        failn=$((failn + ${#rest[@]})); rest=()
    fi
    todo=("${rest[@]}")
done
[ ${#todo[@]} -eq 0 ] || { echo "run-tests.sh: gave up on: ${todo[*]}"; failn=$((failn + ${#todo[@]})); }

# Host-side tests (h_*.sh) boot the VM themselves, as often as they need
# (reboot and crash tests with persistent --disk images): VM is vm.sh with the
# kernel chosen, and each gets a scratch dir of its own in HT.
export VM="$here/vm.sh --kernel $kernel" KERNEL=$kernel
for f in "${hosttests[@]}"; do
    n=${f##*/}; n=${n%.sh}
    lim=$(test_limit "$f")
    export HT=$share/host/$n
    rm -rf "$HT"; mkdir -p "$HT" "$share/logs"
    t0=$(date +%s.%N)
    timeout -k 10 "$lim" bash "$f" > "$share/logs/$n.log" 2>&1 < /dev/null
    rc=$?
    t1=$(date +%s.%N)
    [ "$rc" = 124 ] && echo "TIMEOUT: killed after ${lim}s" >> "$share/logs/$n.log"
    rm -rf "$HT"
    dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    case $rc in
    0) pass=$((pass + 1)); echo "PASS $n (${dt}s)"
       [ -z "${VM_VERBOSE:-}" ] || sed 's/^/    /' "$share/logs/$n.log" ;;
    77) skipn=$((skipn + 1)); echo "SKIP $n (${dt}s)"; grep -m1 '^SKIP' "$share/logs/$n.log" | sed 's/^/    /' ;;
    *) failn=$((failn + 1)); echo "FAIL $n (${dt}s, exit $rc)"; fail_reason "$share/logs/$n.log"
       sed 's/^/    /' "$share/logs/$n.log" ;;
    esac
done

if [ $skipn -gt 0 ]; then echo "$pass passed, $failn failed, $skipn skipped"
else echo "$pass passed, $failn failed"; fi
[ $failn -eq 0 ]
