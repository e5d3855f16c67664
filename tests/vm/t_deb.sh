#!/usr/bin/env bash
# The Debian packages as built by `./dev.sh test` (stage_deb, build/deb/):
# both .debs unpacked with dpkg -x into a scratch root (the VM's / is
# read-only, so no dpkg -i), then the layout mdctl-mdadm promises: the mdadm
# link resolves to mdctl, the version line names mdadm 4.6 and mdctl, the
# rules and units are there under mdadm's names, the initramfs hook and
# scripts are there, a raid1 is created, stopped and assembled through
# <root>/usr/sbin/mdadm, and some of libblockdev's own mdraid tests pass with
# that layout first in PATH.
. tests/vm/lib.sh
case $MDCTL in *-san) skip "packaged binary is the plain build, runs in the plain suite" ;; esac

deb() { local f; for f in "$REPO"/build/deb/"$1"_*.deb; do [ -f "$f" ] && echo "$f"; done; }
mdctl_deb=$(deb mdctl) mdadm_deb=$(deb mdctl-mdadm)
[ -n "$mdctl_deb" ] && [ -n "$mdadm_deb" ] ||
    skip "no packages in build/deb/ (./dev.sh test builds them in stage_deb)"

R=$T/root
dpkg -x "$mdctl_deb" "$R"
dpkg -x "$mdadm_deb" "$R"

# The link, and the binary it reaches.
assert_eq mdctl "$(readlink "$R/usr/sbin/mdadm")" "mdadm link"
[ -x "$R/usr/sbin/mdctl" ] || fail "no usr/sbin/mdctl"
run "$R/usr/sbin/mdadm" --version
assert_contains "$OUT" "mdadm - v4.6 - mdctl 0.1"
run "$R/usr/sbin/mdctl" --version
assert_contains "$OUT" "mdctl - v0.1"

# mdctl's own rules and units in mdctl, mdadm's names in mdctl-mdadm, each
# naming the binary where the package put it.
for f in lib/udev/rules.d/63-mdctl-arrays.rules lib/udev/rules.d/64-mdctl-assembly.rules \
         lib/systemd/system/mdctl-monitor.service \
         lib/udev/rules.d/01-md-raid-creating.rules lib/udev/rules.d/63-md-raid-arrays.rules \
         lib/udev/rules.d/64-md-raid-assembly.rules lib/systemd/system/mdadm-last-resort@.timer \
         lib/systemd/system/mdadm-last-resort@.service lib/systemd/system/mdadm-grow-continue@.service \
         lib/systemd/system/mdmonitor.service lib/systemd/system/mdcheck_start.timer \
         lib/systemd/system/mdcheck_continue.timer usr/share/mdadm/mdcheck \
         usr/share/initramfs-tools/hooks/mdadm usr/share/initramfs-tools/scripts/local-block/mdadm \
         usr/share/initramfs-tools/scripts/local-bottom/mdadm usr/share/man/man8/mdctl.8.gz; do
    [ -f "$R/$f" ] || fail "missing $f"
done
assert_contains "$(< "$R/lib/udev/rules.d/64-md-raid-assembly.rules")" "/usr/sbin/mdadm --incremental --export"
assert_contains "$(< "$R/lib/udev/rules.d/64-mdctl-assembly.rules")" "/usr/sbin/mdctl --incremental --export"
# mdctl's own assembly rule stands back where mdadm's is installed.
assert_contains "$(< "$R/lib/udev/rules.d/64-mdctl-assembly.rules")" 'TEST=="/lib/udev/rules.d/64-md-raid-assembly.rules"'
ok "layout"

# A raid1 through the packaged mdadm.
M=$R/usr/sbin/mdadm
a=$(mkloop 32); b=$(mkloop 32)
run "$M" --create /dev/md/debt --level=1 --raid-devices=2 --assume-clean --run "$a" "$b"
assert_contains "$(< /proc/mdstat)" "active raid1"
run "$M" --detail /dev/md/debt
assert_contains "$OUT" "Raid Level : raid1"
run "$M" --stop /dev/md/debt
md_active && fail "array still running after --stop"
run "$M" --assemble /dev/md/debt "$a" "$b"
assert_contains "$(< /proc/mdstat)" "[2/2] [UU]"
run "$M" --stop /dev/md/debt
ok "create/stop/assemble raid1 through the packaged mdadm"

# A real client through the packaged layout: some of libblockdev's own mdraid
# tests (t_libblockdev.sh runs them all with ./mdctl) with the package's
# usr/sbin first in PATH, so libblockdev's version check and calls reach
# <root>/usr/sbin/mdadm -> mdctl.
lbd=${MDCTL_CACHE:-/var/cache/mdctl-test}/libblockdev
plugin=$lbd/mdraid/usr/lib/x86_64-linux-gnu
[ -f "$lbd/tests/mdraid_test.py" ] && [ -e "$plugin/libbd_mdraid.so.2" ] ||
    fail "no libblockdev tests or plugin under $lbd (run tests/vm/libblockdev.sh on the host)"
want=(MDUnloadTest.test_check_low_version MDTestCreateDeactivateDestroy.test_create_deactivate_destroy
      MDTestActivateDeactivate.test_activate_deactivate MDTestExamineDetail.test_examine_detail)
set_speed 200000 2000000
out=$(PATH=$R/usr/sbin:$PATH LD_LIBRARY_PATH=$plugin python3 -u "$REPO/tests/vm/libblockdev_run.py" "$lbd" "${want[@]}" 2>&1) ||
    fail "libblockdev_run.py exited $?: $out"
for t in "${want[@]}"; do
    [[ $out == *"RESULT $t PASS"* ]] || fail "libblockdev's $t did not pass through the packaged mdadm:"$'\n'"$out"
done
ok "libblockdev's mdraid tests (${#want[@]}) pass through the packaged mdadm"
