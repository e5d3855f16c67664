#!/usr/bin/env bash
# The mdctl demo, run inside the test VM by `./dev.sh demo`:
#   tests/vm/vm.sh -- tests/vm/demo.sh
# A raid1 carrying an ext4 filesystem (raw data if the kernel lacks ext4) and a
# raid5 on loop devices, each created, filled, stopped, assembled again and
# verified; the raid5 is then read back with one member missing. Then the
# newest md features: a raid1 with the lockless bitmap and its
# --examine-bitmap state counts, --detail --json, and a 4 KiB logical block size.
# MDCTL_BIN chooses the binary (e.g. a reference mdadm, to check the demo itself).
. tests/vm/lib.sh

step() { printf '\n### %s\n' "$*"; }
show() { printf '$ %s\n' "${*//$REPO\//./}"; "$@"; }
mdctl() { show "$MDCTL" "$@"; }

echo "mdctl demo: $("$MDCTL" --version 2>&1 | head -n1) on Linux $(uname -r)"
set_speed 100000 1000000    # let the raid5 resync run at full speed

step "five 96 MiB loop devices (sparse files on tmpfs)"
d1=$(mkloop 96) d2=$(mkloop 96) d3=$(mkloop 96) d4=$(mkloop 96) d5=$(mkloop 96)
show losetup -l -O NAME,BACK-FILE

# ---------------------------------------------------------------- raid1
step "raid1 on $d1 and $d2"
mdctl --create /dev/md0 --level=1 --raid-devices=2 --assume-clean --run "$d1" "$d2"
show cat /proc/mdstat

mnt=$T/mnt
mkdir -p "$mnt"
if grep -qw ext4 /proc/filesystems; then
    step "ext4 on /dev/md0, a few files and their checksums"
    show mkfs.ext4 -q -F /dev/md0
    show mount -t ext4 /dev/md0 "$mnt"
    mkdir "$mnt/data"
    cp -- "$REPO"/*.c "$REPO"/*.h "$mnt/data/"
    gen_pattern 1 8 > "$mnt/data/random.bin"
    ( cd "$mnt" && sha256sum -- data/* > "$T/manifest" )
    echo "wrote $(wc -l < "$T/manifest") files, $(du -sh "$mnt/data" | cut -f1)"
    show ls "$mnt"
    show umount "$mnt"
    fs=ext4
else
    step "no ext4 in this kernel: 16 MiB of pseudo-random data on /dev/md0"
    write_pattern /dev/md0 1 16
    fs=raw
fi

step "stop and assemble again"
mdctl --stop /dev/md0
show cat /proc/mdstat
mdctl --assemble /dev/md0 "$d1" "$d2"
show cat /proc/mdstat

step "verify the data"
if [ $fs = ext4 ]; then
    show mount -t ext4 -o ro /dev/md0 "$mnt"
    ( cd "$mnt" && sha256sum --quiet -c "$T/manifest" ) || fail "checksums differ after reassembly"
    echo "all $(wc -l < "$T/manifest") checksums match"
    show umount "$mnt"
else
    verify_pattern /dev/md0 1 16
    echo "16 MiB read back identical"
fi
mdctl --detail /dev/md0

# ---------------------------------------------------------------- raid5
step "raid5 on $d3, $d4 and $d5 (initial resync shown)"
mdctl --create /dev/md1 --level=5 --raid-devices=3 --chunk=64 --run "$d3" "$d4" "$d5"
show cat /proc/mdstat
wait_idle /dev/md1 600
show cat /proc/mdstat
write_pattern /dev/md1 5 32
echo "wrote 32 MiB of pseudo-random data"

step "stop, assemble, verify"
mdctl --stop /dev/md1
mdctl --assemble /dev/md1 "$d3" "$d4" "$d5"
verify_pattern /dev/md1 5 32
echo "32 MiB read back identical"
mdctl --detail /dev/md1

step "degraded: stop, assemble without $d5, read everything back"
mdctl --stop /dev/md1
mdctl --assemble --run /dev/md1 "$d3" "$d4"
show cat /proc/mdstat
verify_pattern /dev/md1 5 32
echo "32 MiB read back identical from 2 of 3 members (parity at work)"
mdctl --detail /dev/md1

# ---------------------------------------------------------------- llbitmap
step "raid1 with the lockless bitmap (llbitmap) on two more 64 MiB devices"
d6=$(mkloop 64) d7=$(mkloop 64)
mdctl --create /dev/md2 --level=1 --raid-devices=2 --bitmap=llbitmap --run "$d6" "$d7"
write_pattern /dev/md2 7 8
echo "wrote 8 MiB; the llbitmap tracks it chunk by chunk"
show cat "/sys/block/md2/md/llbitmap/bits"
mdctl --examine-bitmap "$d6"

step "--detail --json: the same array as typed JSON (schema/mdctl-v1.schema.json)"
mdctl --detail --json /dev/md2

# ---------------------------------------------------------------- 4 KiB blocks
step "raid1 with a 4 KiB logical block size on 512-byte devices"
d8=$(mkloop 64) d9=$(mkloop 64)
mdctl --create /dev/md3 --level=1 --raid-devices=2 --logical-block-size=4096 --assume-clean --run "$d8" "$d9"
show blockdev --getss /dev/md3
mdctl --detail /dev/md3

step "clean up"
mdctl --stop /dev/md0
mdctl --stop /dev/md1
mdctl --stop /dev/md2
mdctl --stop /dev/md3
show cat /proc/mdstat
printf '\nDEMO OK\n'
