#!/bin/bash
# PID 1 of the test VM (started by tests/vm/vm.sh through init= on the kernel
# command line). The root is the host's / over read-only 9p; the writable 9p
# share "vmshare" holds: env (exports), cwd, cmd (shell command line). We write
# output (the command's stdout+stderr) and rc (its exit status) back there.
# Everything else init prints goes to the console, which vm.sh logs to a file.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

mount -t proc proc /proc
echo "init: started at uptime $(cut -d' ' -f1 /proc/uptime)s"
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# devtmpfs has no /dev/fd: bash needs it for <(...) process substitution.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
# The repo (where this script lives) may itself be under /tmp, /run or
# /var/tmp, e.g. a CI clone: keep a handle on it and bind it back after the
# tmpfs mounts hide it.
repo=${0%/tests/vm/init.sh}
case $repo in
/tmp/*|/run/*|/var/tmp/*) mkdir /dev/shm/repo && mount --bind "$repo" /dev/shm/repo ;;
*) repo= ;;
esac
for d in /tmp /run /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs "$d"; done
[ -z "$repo" ] || { mkdir -p "$repo" && mount --move /dev/shm/repo "$repo"; }
mkdir -p /run/vmshare /run/mdadm
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmshare /run/vmshare
hostname mdctl-vm 2>/dev/null
# A modular kernel (Debian's 6.12, tests/vm/kernel-612.sh): vm.sh names its
# module tree on the command line. Load md, its personalities (6.12 has no
# linear), loop, virtio_blk (--disk) and ext4 as 7.2 has them built in;
# modprobe pulls in raid456's xor/raid6/async_tx and the rest.
read -r cmdline < /proc/cmdline
if [[ " $cmdline " == *" mdctl_modules="* ]]; then
    mods=${cmdline##*mdctl_modules=}; mods=${mods%% *}
    [ -x "${mods%/root}/modprobe" ] && echo "${mods%/root}/modprobe" > /proc/sys/kernel/modprobe
    modprobe -C /dev/null -d "$mods" -a md_mod raid0 raid1 raid10 raid456 loop virtio_blk ext4 ||
        echo "init: loading the md modules from $mods failed"
    echo "init: modules loaded at uptime $(cut -d' ' -f1 /proc/uptime)s"
fi

S=/run/vmshare
export VM_SHARE=$S
echo "init: uptime $(cut -d' ' -f1 /proc/uptime)s, running command"
rc=125
if [ -r $S/cmd ] && cd "$(cat $S/cwd)"; then
    # shellcheck disable=SC1091
    [ -r $S/env ] && . $S/env
    bash $S/cmd > $S/output 2>&1 < /dev/null
    rc=$?
fi
echo "$rc" > $S/rc.tmp && mv $S/rc.tmp $S/rc
echo "init: command exited $rc at uptime $(cut -d' ' -f1 /proc/uptime)s"
sync
# The host's reboot is systemctl; busybox (busybox-static) calls reboot(2)
# directly. qemu runs with -no-reboot, so a reboot ends it.
busybox reboot -f 2>/dev/null || reboot -ff
sleep 5
echo b > /proc/sysrq-trigger 2>/dev/null
# If everything failed, exiting PID 1 panics; panic=-1 reboots.
exit 1
