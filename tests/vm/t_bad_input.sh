#!/usr/bin/env bash
# Every bad input: one clear line naming the problem, a non-zero exit, and the
# member devices byte-for-byte unchanged.
# kernels: 7.2 6.12
# timeout: 600
. tests/vm/lib.sh

a=$(mkloop 32) b=$(mkloop 32) c=$(mkloop 32) d=$(mkloop 32)
# give them recognisable content so "unchanged" means something
for x in $a $b $c $d; do head -c 1M /dev/urandom | dd of=$x bs=1M conv=notrunc status=none; done
snap() { for x in $a $b $c $d; do dev_sha $x; done; }
before=$(snap)
unchanged() { assert_eq "$(snap)" "$before" "devices unchanged after: $*"; }

# Hashing every member under emulation is slow, so the devices are compared
# after each group of refusals rather than after each one.
bad() {  # EXPECTED-MESSAGE ARGS...
	local msg=$1; shift
	expect_fail "$msg" $MDCTL "$@"
	# exactly one line of output on a refusal
	assert_eq "$(printf '%s\n' "$OUT" | wc -l)" 1 "one-line error for: mdctl $*"
}

bad "unknown raid level '7'"               -C /dev/md0 -R -l 7 -n 2 $a $b
bad "raid5 needs at least 2 devices"       -C /dev/md0 -R -l 5 -n 1 $a
bad "raid6 needs at least 4 devices"       -C /dev/md0 -R -l 6 -n 3 $a $b $c
bad "raid1 needs at least 2 devices"       -C /dev/md0 -R -l 1 -n 1 $a
bad "not a power of two"                   -C /dev/md0 -R -l 0 -n 2 -c 48 $a $b
bad "is larger than the space available"   -C /dev/md0 -R -l 1 -n 2 --size=1G $a $b
bad "cannot open /dev/nonexistent"         -C /dev/md0 -R -l 1 -n 2 $a /dev/nonexistent
bad "needs exactly 3"                      -C /dev/md0 -R -l 5 -n 3 $a $b
bad "is listed twice"                      -C /dev/md0 -R -l 1 -n 2 $a $a
bad "unsupported metadata '0.91'"          -C /dev/md0 -R -l 1 -n 2 -e 0.91 $a $b
bad "0.90 metadata has no array name"      -C /dev/md0 -R -l 1 -n 2 -e 0.90 --name=x $a $b
bad "layout 'f9' is not valid"             -C /dev/md0 -R -l 5 -n 3 -p f9 $a $b $c
bad "unknown bitmap 'bogus'"               -C /dev/md0 -R -l 1 -n 2 --bitmap=bogus $a $b
bad "needs at least 3 devices"             -C /dev/md0 -R -l 10 -n 2 -p n3 $a $b
bad "more than raid5 with 3 devices can lose" -C /dev/md0 -R -l 5 -n 3 $a missing missing
bad "cannot have a bitmap"                 -C /dev/md0 -R -l 0 -n 2 --bitmap=internal $a $b
bad "logical block size 1000 is not a power of two" -C /dev/md0 -R -l 1 -n 2 --logical-block-size=1000 $a $b
bad "invalid value for --raid-devices"     -C /dev/md0 -R -l 1 -n x $a $b
bad "unrecognised option '--frobnicate'"   -C /dev/md0 --frobnicate $a $b
bad "needs an md device name"              -C -R -l 1 -n 2
bad "is not an md array"                   --stop /dev/md9
bad "no md superblock found on"            -A /dev/md0 $a $b
unchanged "argument errors"
ok "create/assemble/stop argument errors"

# Options a mode does not use, a second mode, exclusive pairs: refused, not ignored.
bad "--run does not apply to --examine"    --examine --run $a
bad "--update does not apply to --create" -C /dev/md0 -R -l 1 -n 2 --update=name $a $b
bad "unknown --update value 'bogus'" -A /dev/md0 --update=bogus $a $b
bad "--config does not apply to --create"  -C /dev/md0 -R -l 1 -n 2 --config=/dev/null $a $b
bad "--assume-clean does not apply to --grow" --grow /dev/md0 --assume-clean -n 3
bad "--chunk does not apply to --assemble --scan" -A --scan --chunk=64
bad "invalid --uuid 'xyz'" -A --scan --uuid=xyz
bad "--chunk does not apply to --detail"   --detail --chunk=64 /dev/md0
bad "-c does not apply to --examine"       --examine -c /etc/mdadm.conf $a
bad "--add does not apply to --examine"    --examine $a --add $b
bad "--assemble cannot be combined with --create" -C /dev/md0 --assemble -R -l 1 -n 2 $a $b
bad "--brief and --export exclude each other" --examine --brief --export $a
bad "--readonly and --readwrite exclude each other" /dev/md0 --readonly --readwrite
bad "--build supports linear, raid0, raid1 and raid10 only" --build /dev/md0 -l 5 -n 2 $a $b
unchanged "options refused per mode"
ok "options a mode does not use are refused"

# Existing data: found, named, and not overwritten without a terminal.
mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 $a
before=$(snap)
expect_fail "create aborted: devices hold data" $MDCTL -C /dev/md0 -l 1 -n 2 $a $b </dev/null
out=$($MDCTL -C /dev/md0 -l 1 -n 2 $a $b 2>&1 </dev/null || true)
assert_contains "$out" "$a appears to contain an ext4 filesystem" "names what it found"
unchanged "existing filesystem, no terminal"
ok "existing filesystem refused without a terminal"

# Mounted member.
mkdir -p /tmp/mnt && mount -t ext4 -o ro $a /tmp/mnt || fail "mount ext4"
before=$(snap)
bad "$a is mounted on /tmp/mnt"            -C /dev/md0 -R -l 1 -n 2 $a $b
unchanged "mounted member"  # read-only mount: ext4 writes nothing behind our back
umount /tmp/mnt
ok "mounted member refused"

# Member of a running array.
$MDCTL -C /dev/md1 -R --assume-clean -l 1 -n 2 $c $d >/dev/null 2>&1 || fail "create md1"
before=$(snap)
bad "is a member of the running array /dev/md1" -C /dev/md0 -R -l 1 -n 2 $b $c
bad "is a member of the running array /dev/md1" --zero-superblock $d
$MDCTL -S /dev/md1 >/dev/null 2>&1
unchanged "running-array member"

# Members of two different arrays cannot be assembled together.
$MDCTL -C /dev/md1 -R --assume-clean -l 1 -n 2 -e 1.0 $a $b >/dev/null 2>&1 || fail "create 1.0"
$MDCTL -S /dev/md1 >/dev/null 2>&1
before=$(snap)
bad "does not match the others"            -A /dev/md0 $a $c
unchanged "mixed arrays"
ok "running-array members and mixed arrays refused"

# IMSM and DDF container metadata: refused by name, never "no superblock".
# The anchors as their formats place them: IMSM's signature in the
# second-to-last sector, DDF's big-endian magic 0xDE11DE11 in the last one.
im=$(mkloop 32) dd_=$(mkloop 32)
printf 'Intel Raid ISM Cfg Sig. 1.0.00' | dd of=$im bs=512 seek=$((32 * 2048 - 2)) conv=notrunc status=none
printf '\336\021\336\021' | dd of=$dd_ bs=512 seek=$((32 * 2048 - 1)) conv=notrunc status=none
sum_f() { dev_sha $im; dev_sha $dd_; }
before_f=$(sum_f)
nosup="IMSM/DDF containers are not supported by mdctl"
bad "$im: IMSM container metadata: $nosup" -E $im
bad "$dd_: DDF container metadata: $nosup" -E $dd_
bad "$im: IMSM container metadata: $nosup" -A /dev/md0 $im
bad "$dd_: DDF container metadata: $nosup" --zero-superblock --force $dd_
bad "$im: IMSM container metadata: $nosup" -X $im
bad "$dd_: DDF container metadata: $nosup" -I $dd_
# from udev (--export): nothing on stdout for it to import, exit 1
rc=0; out=$($MDCTL -I --export $im 2>/dev/null) || rc=$?
assert_eq 1 "$rc" "-I --export exit on IMSM"; assert_eq "" "$out" "-I --export stdout on IMSM"
bad "metadata imsm: $nosup"                -C /dev/md0 -R -l 1 -n 2 -e imsm $a $b
bad "metadata ddf: $nosup"                 -C /dev/md0 -R -l 1 -n 2 --metadata=ddf $a $b
bad "metadata ddf: $nosup"                 -A /dev/md0 -e ddf $a $b
# libblockdev's md_create(level "container", metadata "ddf")
bad "--level=container: $nosup"            --create bd_test_md --run --level=container --raid-devices=2 --metadata=ddf $a $b
assert_eq "$before_f" "$(sum_f)" "IMSM/DDF devices unchanged"
ok "IMSM/DDF containers refused by name"
