#!/usr/bin/env bash
# Boot the md test kernel under QEMU once and run one shell command line in it.
#
#   tests/vm/vm.sh [--disk FILE | --slow-disk IOPS FILE]... [--kernel bzImage|7.2|6.12] [--timeout SEC] [--mem MIB]
#                  [--env NAME=VALUE]... [--share DIR] [--no-tail] -- COMMAND...
#
# --kernel: 7.2 (the default) is the kernel tests/vm/build-kernel.sh builds;
#   6.12 is Debian trixie's prebuilt one (tests/vm/kernel-612.sh), booted with
#   the initramfs next to it, its md/loop/9p modules loaded by init.sh; a path
#   is booted as is (with initrd.cpio and root/ next to it passed the same
#   way when they exist). Env VM_KERNEL gives the default.
# COMMAND runs as root with cwd = repo root, the host's / read-only as the root
# filesystem (so ./mdctl, bash, coreutils, util-linux, the peers are all there at
# their host paths) and tmpfs on /tmp /run /var/tmp. Its stdout+stderr stream to
# our stdout; we exit with its exit status. Kernel console output goes to
# console.log in the share dir and its tail is printed on failure.
# --disk FILE: raw image, appears as /dev/vda, /dev/vdb, ... in order; writes
#   persist in FILE across boots (crash/reboot tests).
# --slow-disk IOPS FILE: the same, with qemu holding writes back to IOPS per
#   second (throttling.iops-write), so that a crash_vm falls while writes to
#   it wait and writes to the other disks have landed (h_wh_crash).
# --no-tail: do not print the console tail when the command fails.
# --share DIR: use DIR (kept afterwards) as the writable share instead of a temp
#   dir; inside the VM it is $VM_SHARE (/run/vmshare).
# These variables are passed into the VM when set: MDCTL_BIN MDCTL_CACHE
#   ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS VM_TEST_TIMEOUT VM_VERBOSE VM_TRACE LBD_TOOL.
# Env: VM_MEM (MiB, default 2048), VM_SMP (vCPUs: 1 under TCG, 2 with KVM;
# measured: t_grow took 450 s with 2 vCPUs in each of two VMs sharing two
# cores, 170 s with 1, as fast as one 2-vCPU VM alone; likely a guest vCPU
# spinning on a lock whose holder's vCPU thread is not running), VM_CPU (TCG
# cpu model, max),
# VM_KVM=1 (use KVM instead of TCG where it works), VM_APPEND (more kernel
# command line).
# Exit status: the command's; 124 when the VM timed out; 125 when the VM died
# without reporting one (kernel panic, init failure); 137 when the command
# asked for a crash by creating $VM_SHARE/crash (the host SIGKILLs qemu: a
# power cut, unlike reboot(2), which runs md's reboot notifier first).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

tailn=15 kernel= timeout=600 mem=${VM_MEM:-2048} share= disks=() dopts=() envs=()
while [ $# -gt 0 ]; do
    case $1 in
    --disk) disks+=("$2"); dopts+=(""); shift 2 ;;
    --slow-disk)
        [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "vm.sh: --slow-disk IOPS FILE, not $2" >&2; exit 2; }
        disks+=("$3"); dopts+=(",throttling.iops-write=$2"); shift 3 ;;
    --kernel) kernel=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --share) share=$2; shift 2 ;;
    --no-tail) tailn=0; shift ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "vm.sh: unknown option $1" >&2; usage ;;
    esac
done
[ $# -gt 0 ] || usage
case ${kernel:-${VM_KERNEL:-7.2}} in
7.2) kernel=$("$here/build-kernel.sh") ;;
6.12) kernel=$("$here/kernel-612.sh") ;;
esac
[ -r "$kernel" ] || { echo "vm.sh: no kernel image $kernel" >&2; exit 2; }
# A modular kernel (6.12) comes with an initramfs that mounts the 9p root and
# with its module tree, which init.sh finds through mdctl_modules= on the
# command line.
initrd=() kargs=
if [ -s "${kernel%/*}/initrd.cpio" ]; then
    initrd=(-initrd "${kernel%/*}/initrd.cpio")
    [ ! -d "${kernel%/*}/root" ] || kargs=" mdctl_modules=${kernel%/*}/root"
fi

qpid= tpid= tmpshare=
# On any exit (also ^C or a kill of this script) take qemu down with us.
cleanup() {
    [ -z "$qpid" ] || kill "$qpid" 2>/dev/null || true
    [ -z "$tpid" ] || kill "$tpid" 2>/dev/null || true
    [ -z "$tmpshare" ] || rm -rf "$tmpshare"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ -n "$share" ]; then
    mkdir -p "$share"; share=$(cd "$share" && pwd)
    where=" ($share/console.log)"
else
    share=$(mktemp -d "${TMPDIR:-/tmp}/mdctl-vm.XXXXXX")
    tmpshare=$share
    where=
fi
rm -f "$share/rc" "$share/rc.tmp" "$share/crash" "$share/qemu.pid"
: > "$share/output"
printf '%s\n' "$*" > "$share/cmd"
printf '%s\n' "$repo" > "$share/cwd"
{
    for v in MDCTL_BIN MDCTL_CACHE ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS VM_TEST_TIMEOUT VM_VERBOSE VM_TRACE LBD_TOOL; do
        [ -n "${!v:-}" ] && printf 'export %s=%q\n' "$v" "${!v}"
    done
    for e in "${envs[@]}"; do printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"; done
} > "$share/env"

# TCG by default: on these machines /dev/kvm exists but nested KVM fails
# (MSR 0x10a assertion with -cpu host/max, a silent hang without it).
# VM_KVM=1 opts in where KVM really works.
clock=
smp=${VM_SMP:-1}
if [ -n "${VM_KVM:-}" ]; then accel=(-accel kvm -cpu host); smp=${VM_SMP:-2}
else
    accel=(-accel tcg -cpu "${VM_CPU:-max}")
    # Under TCG the guest's TSC runs at the host's rate, but the guest's own
    # calibration against the emulated PIT/HPET goes wrong on a busy host
    # (seen: guest time running 20x fast, so every sleep and timeout fired
    # early). Hand it the host's TSC frequency; failing that, keep time by HPET.
    khz=$(dmesg 2>/dev/null | sed -n 's/.*tsc: \(Detected\|Refined TSC clocksource calibration:\) \([0-9.]*\) MHz.*/\2/p' |
          tail -n 1 | awk '{ printf "%d", $1 * 1000 }')
    if [ -n "$khz" ] && [ "$khz" -gt 0 ]; then clock="tsc_early_khz=$khz"; else clock="clocksource=hpet"; fi
fi
qemu=(qemu-system-x86_64 "${accel[@]}" -m "$mem" -smp "$smp"
      -nodefaults -display none -no-reboot -pidfile "$share/qemu.pid"
      -serial "file:$share/console.log"
      -kernel "$kernel" "${initrd[@]}"
      -append "root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro init=${VM_INIT:-$here/init.sh} console=ttyS0 panic=-1 raid=noautodetect printk.time=1 $clock$kargs${VM_APPEND:+ $VM_APPEND}"
      -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
      -device virtio-9p-pci,fsdev=root,mount_tag=/dev/root
      -fsdev "local,id=share,path=$share,security_model=none"
      -device virtio-9p-pci,fsdev=share,mount_tag=vmshare)
for i in "${!disks[@]}"; do
    d=${disks[i]}
    [ -f "$d" ] || { echo "vm.sh: no disk image $d" >&2; exit 2; }
    qemu+=(-drive "file=${d//,/,,},format=raw,if=virtio,cache=unsafe${dopts[i]}")
done

start=$SECONDS
timeout -k 5 "$timeout" "${qemu[@]}" < /dev/null > "$share/qemu.log" 2>&1 &
qpid=$!
# Stream the command's output while the VM runs; tail exits after qemu does,
# having read what was written last.
tail -s 0.2 -n +1 -f --pid="$qpid" "$share/output" &
tpid=$!
# A guest that creates $VM_SHARE/crash (lib.sh: crash_vm) is killed at once:
# a power cut, with no reboot notifiers (md's marks arrays clean).
crashed=
while kill -0 "$qpid" 2>/dev/null; do
    if [ -e "$share/crash" ] && [ -s "$share/qemu.pid" ]; then
        kill -KILL "$(cat "$share/qemu.pid")" 2>/dev/null; crashed=1; break
    fi
    sleep 0.1
done
qrc=0; { wait "$qpid"; } 2>/dev/null || qrc=$?
wait "$tpid" || true
qpid= tpid=
# Guest time must not outrun ours (see the TSC note above).
up=$(sed -n 's/^init: command exited .* at uptime \([0-9]*\).*/\1/p' "$share/console.log" 2>/dev/null)
if [ -n "$up" ] && [ "$up" -gt $(( (SECONDS - start) * 3 / 2 + 10 )) ]; then
    echo "vm.sh: warning: guest clock ran fast (${up}s guest uptime in $((SECONDS - start))s); timeouts in the guest fired early" >&2
fi
if [ -n "$crashed" ]; then echo "vm.sh: VM killed on the guest's request (crash_vm)" >&2; exit 137; fi

if [ -s "$share/rc" ]; then
    rc=$(cat "$share/rc")
    if [ "$rc" != 0 ] && [ "$tailn" != 0 ]; then
        echo "vm.sh: command exited $rc; console tail$where:" >&2
        tail -n "$tailn" "$share/console.log" >&2 || true
    fi
    exit "$rc"
fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
    echo "vm.sh: VM timed out after ${timeout}s" >&2; rc=124
else
    echo "vm.sh: VM ended (qemu status $qrc) without a result" >&2; rc=125
fi
cat "$share/qemu.log" >&2 || true
if [ "$tailn" != 0 ]; then
    echo "vm.sh: console tail$where:" >&2
    tail -n 40 "$share/console.log" >&2 || true
fi
exit "$rc"
