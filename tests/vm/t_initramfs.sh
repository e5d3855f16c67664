#!/usr/bin/env bash
# The boot-time md scripts of Debian's initramfs-tools (mdadm's local-block
# and local-bottom scripts, with initramfs-tools-core's scripts/functions) and
# of dracut's 90mdraid module (mdraid_start.sh, mdraid-waitclean.sh,
# mdraid-cleanup.sh, md-shutdown.sh, with 99base's dracut-lib.sh), all
# unmodified, run in an initramfs-like root with mdctl as /usr/sbin/mdadm;
# then again with mdadm 4.6 there, on arrays made identically (same uuids and
# names). After each step the arrays (kernel name, uuid, level, state,
# degraded count, /dev/md links) and the scripts' exit statuses must match:
#  - initramfs-tools, first pass: `--assemble --scan --no-degraded` starts the
#    complete arrays of mdadm.conf and leaves the degraded one alone; at the
#    last-resort count (ROOTDELAY's 2/3) `--run /dev/md?*` and
#    `--assemble --scan --run` start it degraded;
#  - dracut: members added by `-I` (its 65-md-incremental-imsm.rules) leave an
#    inactive raid5, which mdraid_start.sh starts with `-R` (rd.auto); the
#    wait-clean and cleanup scripts run `-W` and `-S` on every array;
#    md-shutdown.sh runs `--wait-clean --scan` and `--stop --scan`.
# Shims: the VM's root is the host's read-only / (and the test kernel has no
# overlayfs), so the initramfs root is a tmpfs of links into it with /proc,
# /sys, /dev and /run bound in, the scripts copied to where the initramfs has
# them (/scripts, /lib), and
# the kernel command line (rd.auto, rd.md.waitclean) given in
# /etc/cmdline.d, which dracut-lib.sh reads with /proc/cmdline. No udevd
# runs: the scripts' `udevadm settle`/`trigger` find none, as early in a boot.
# timeout: 600
. tests/vm/lib.sh
IR=${MDCTL_CACHE:-/var/cache/mdctl-test}/peers/initramfs
DR=$IR/dracut/usr/lib/dracut/modules.d
IT=$IR/itools/usr/share/initramfs-tools
MS=${MDCTL_CACHE:-/var/cache/mdctl-test}/peers/mdadm-4.6/root/usr/share/initramfs-tools/scripts
[ -f "$DR/90mdraid/mdraid_start.sh" ] && [ -f "$IT/scripts/functions" ] ||
    skip "dracut-core / initramfs-tools-core are not extracted (tests/vm/peers.sh)"

# The root: a tmpfs whose entries are links into the host's root (bound at
# /.host), except /usr/lib, /usr/sbin and /etc: directories of links, so that
# dracut-lib.sh, dracut's hook dirs, mdadm and mdadm.conf can be added.
R=/tmp/t-iroot
mkdir -p $R
mount -t tmpfs tmpfs $R
mkdir $R/.host
mount --bind / $R/.host
finish() { umount -R "$R" 2>/dev/null || umount -l "$R" 2>/dev/null || true; }
trap finish EXIT
farm() { # DIR: $R/DIR holds a link to each entry of the host's DIR
    local e
    mkdir -p "$R/$1"
    for e in "/$1"/* "/$1"/.[!.]*; do [ -e "$e" ] || [ -L "$e" ] && ln -s "/.host$e" "$R$e"; done
    return 0
}
for e in /*; do
    n=${e##*/}
    case $n in
    proc|sys|dev|run) mkdir "$R/$n"; mount --rbind "$e" "$R/$n" ;;
    tmp) mkdir "$R/tmp" ;;
    usr) mkdir "$R/usr"
         for u in /usr/*; do
             case ${u##*/} in lib|sbin) farm "usr/${u##*/}" ;; *) ln -s "/.host$u" "$R$u" ;; esac
         done ;;
    etc) farm etc ;;
    *) if [ -L "$e" ]; then cp -P "$e" "$R/$n"; else ln -s "/.host$e" "$R/$n"; fi ;;
    esac
done
mkdir -p "$R/tmp/mdtest-san" /tmp/mdtest-san
mount --bind /tmp/mdtest-san "$R/tmp/mdtest-san"   # sanitizer reports stay visible

rm -f "$R/usr/lib/dracut" "$R/etc/cmdline.d" "$R/etc/mdadm"    # links, if the host has them
mkdir -p "$R/scripts/local-block" "$R/scripts/local-bottom" "$R/usr/lib/dracut/hooks/initqueue" \
         "$R/etc/cmdline.d" "$R/etc/mdadm" "$R/dracut" "$R/scripts"
cp "$IT/scripts/functions" "$R/scripts/functions"
cp "$MS/local-block/mdadm" "$R/scripts/local-block/mdadm"
cp "$MS/local-bottom/mdadm" "$R/scripts/local-bottom/mdadm"
cp "$DR"/99base/dracut-{lib,dev-lib}.sh "$R/usr/lib/"
cp "$IR/dracut/usr/lib/dracut/dracut-util" "$R/usr/lib/dracut/"   # dracut-getarg(s), as 99base links it
ln -s /usr/lib/dracut/dracut-util "$R/usr/sbin/dracut-getarg"
ln -s /usr/lib/dracut/dracut-util "$R/usr/sbin/dracut-getargs"
cp "$DR"/90mdraid/{mdraid_start,mdraid-waitclean,mdraid-cleanup,md-shutdown}.sh "$R/dracut/"
echo "rd.auto=1 rd.md.waitclean=1" > "$R/etc/cmdline.d/90-test.conf"

X=(); Y=(); Z=()
for i in 0 1; do X+=("$(mkloop 32)"); Y+=("$(mkloop 32)"); done
for i in 0 1 2; do Z+=("$(mkloop 32)"); done
UX=1a2b3c4d:00000001:00000002:00000003
UY=1a2b3c4d:00000004:00000005:00000006
UZ=1a2b3c4d:00000007:00000008:00000009

# fresh: the three arrays as mdadm 4.6 makes them, stopped: X complete raid1
# "rootfs", Y raid1 "data" (one member left out of DEVICE), Z raid5 /dev/md5.
fresh() {
    stop_all_md
    rm -rf /run/mdadm /run/mdctl /dev/md/*
    "$MDADM46" --create /dev/md/rootfs -l1 -n2 --uuid=$UX --homehost=boot --assume-clean --run "${X[@]}"
    "$MDADM46" --create /dev/md/data -l1 -n2 --uuid=$UY --homehost=boot --assume-clean --run "${Y[@]}"
    "$MDADM46" --create /dev/md5 -l5 -n3 --uuid=$UZ --homehost=boot --assume-clean --run "${Z[@]}"
    stop_all_md
    rm -rf /run/mdadm /dev/md/*
    # Y's second member is not among the devices: Y comes up degraded.
    { echo "DEVICE ${X[*]} ${Y[0]} ${Z[*]}"; echo "HOMEHOST boot"; "$MDADM46" --examine --scan; } > "$R/etc/mdadm/mdadm.conf"
} > /dev/null 2>&1

# arrays: one line per md device: name, uuid, level, state, degraded; then
# the /dev/md links. Independent of which loop devices are members.
arrays() {
    local md n st lv dg u l
    for md in /sys/block/md*; do
        [ -e "$md/md/array_state" ] || continue
        n=${md##*/}; read -r st < "$md/md/array_state" || st=?
        [ "$st" = clear ] && continue
        lv=-; read -r lv 2>/dev/null < "$md/md/level" || lv=-
        dg=-; read -r dg 2>/dev/null < "$md/md/degraded" || dg=-
        u=$("$MDADM46" -D --export "/dev/$n" 2>/dev/null | sed -n 's/^MD_UUID=//p')
        echo "$n uuid=$u level=${lv:--} state=$st degraded=$dg"
    done
    # links to arrays that exist (mdadm 4.6 without udev leaves dangling ones)
    for l in /dev/md/*; do [ -L "$l" ] && [ -e "$l" ] && echo "link ${l##*/} -> $(readlink -f "$l")"; done
    return 0
}

# dracut's scripts run in a shell that has dracut-lib.sh loaded, as its hooks
# do (several use its functions without sourcing it).
# in_root TAG WHAT RC CMD...: run CMD in the initramfs root and record the
# arrays it leaves, and its exit status when RC is "rc".
in_root() {
    local tag=$1 what=$2 keep=$3 rc=0; shift 3
    echo "== $what" >> "$T/$tag.out"
    timeout 60 chroot "$R" "$@" >> "$T/$tag.out" 2>&1 || rc=$?
    [ "$tag" = mdadm ] || [ "$rc" -lt 124 ] || { echo "'$what' crashed or hung (exit $rc):"; cat "$T/$tag.out"; } >&2
    { echo "== $what${keep:+: exit $rc}"; arrays; } >> "$T/$tag.state"
}
# step TAG WHAT CMD...: a boot script; its exit status is compared too.
step() { in_root "$1" "$2" rc "${@:3}"; }
# cmd TAG WHAT CMD...: a command of its own (as udev or a user would run it):
# only the arrays it leaves are compared, since mdadm 4.6 crashes on one
# (-As while a raid5 started degraded by -R lacks a member: "Found some drive
# for an array that is already active ... giving up", then SIGSEGV).
cmd() { in_root "$1" "$2" "" "${@:3}"; }

# pass TAG BIN: the boot sequence with BIN as the initramfs's mdadm.
pass() {
    local tag=$1 bin=$2
    rm -f "$T/$tag.state" "$T/$tag.out"
    rm -f "$R/usr/sbin/mdadm"; cp "$bin" "$R/usr/sbin/mdadm"
    fresh
    rm -f "$R/run/count.mdadm.initrd"
    step "$tag" "local-block, first call" sh /scripts/local-block/mdadm
    echo 19 > /run/count.mdadm.initrd       # the next call is the 20th: 2/3 of ROOTDELAY 30
    step "$tag" "local-block, last resort" sh /scripts/local-block/mdadm
    step "$tag" "local-bottom" sh /scripts/local-bottom/mdadm
    [ ! -e /run/count.mdadm.initrd ] || echo "count file left" >> "$T/$tag.state"

    fresh
    cmd "$tag" "incremental: two of three raid5 members" /usr/sbin/mdadm -I "${Z[0]}"
    cmd "$tag" "incremental: second member" /usr/sbin/mdadm -I "${Z[1]}"
    step "$tag" "dracut mdraid_start" sh -c ". /lib/dracut-lib.sh; . /dracut/mdraid_start.sh"
    [ -e "$R/usr/lib/dracut/hooks/initqueue/work" ] && echo "initqueue work queued" >> "$T/$tag.state"
    rm -f "$R/usr/lib/dracut/hooks/initqueue/work"
    cmd "$tag" "assemble the rest" /usr/sbin/mdadm --assemble --scan
    step "$tag" "dracut mdraid-waitclean" sh -c ". /lib/dracut-lib.sh; . /dracut/mdraid-waitclean.sh"
    step "$tag" "dracut mdraid-cleanup" sh -c ". /lib/dracut-lib.sh; . /dracut/mdraid-cleanup.sh"
    cmd "$tag" "assemble again" /usr/sbin/mdadm --assemble --scan --run
    step "$tag" "dracut md-shutdown" sh -c ". /lib/dracut-lib.sh; set -- final; . /dracut/md-shutdown.sh"
}

# mdadm 4.6's binary runs through its wrapper (sid's loader and libraries).
pass mdadm "$MDADM46"
pass mdctl "$MDCTL"
[ -s "$T/mdctl.state" ] || fail "no state recorded"
if ! diff -u "$T/mdadm.state" "$T/mdctl.state"; then
    echo "--- mdadm 4.6's output:"; cat "$T/mdadm.out"
    echo "--- mdctl's output:"; cat "$T/mdctl.out"
    fail "the boot scripts leave different arrays with mdctl than with mdadm 4.6"
fi
cat "$T/mdctl.state"
grep -q "state=active\|state=clean" "$T/mdctl.state" || fail "no array was ever started (the test checks nothing)"
# --no-degraded must have held Y back until the last resort
first=$(sed -n '/^== local-block, first call/,/^== local-block, last resort/p' "$T/mdctl.state" | grep "uuid=$UY" || true)
[[ $first == *state=inactive* ]] || fail "the first local-block call started the degraded array: $first"
grep -q "degraded=1" "$T/mdctl.state" || fail "no degraded start seen"
ok "initramfs-tools' and dracut's md scripts do with mdctl what they do with mdadm 4.6"
