#!/usr/bin/env bash
# libblockdev's own mdraid test suite (libblockdev 2.28, Debian 12's, under
# udisks2, cockpit and blivet) against mdctl installed as `mdadm`: a symlink
# named mdadm -> $MDCTL in a tmpfs dir first in PATH (mdctl speaks mdadm's
# dialect when called so). libblockdev's tests/mdraid_test.py runs unmodified
# with python's unittest (tests/vm/libblockdev_run.py) with the plugin
# libbd_mdraid.so.2 from `dpkg -x` of libblockdev-mdraid2 on LD_LIBRARY_PATH;
# tests/vm/libblockdev.sh fetches both into the cache (dev.sh runs it).
#
# Shims (everything that is not libblockdev's own, all in libblockdev_run.py):
#   utils.create_lio_device / utils.delete_lio_device -> losetup of the same
#       sparse backing files (the test kernel has no LIO/targetcli);
#   LIBBLOCKDEV_TESTS_SKIP_OVERRIDE=1 -> overrides_hack.py keeps Debian's gi
#       overrides (there is no libblockdev source tree to prefer);
#   run_tests.py is not used (it needs dbus hostname1). skip.yml's only
#       mdraid rule (MDTestAddRemove on Debian) is not applied: it passes with
#       mdadm 4.6.
# md's resync floor is raised (speed_limit_min) so the tests' waits for resync
# are short.
#
# The assertion: each test in EXPECTED (the 22 that pass with mdadm 4.6) must
# pass, except those in KNOWN_FAIL, which must fail (so the list only shrinks:
# a known failure that passes fails this test, to be taken off the list). A
# test that reports no result counts as failed.
#
# LBD_TOOL=mdadm46 runs the same with mdadm 4.6 as `mdadm` (the baseline, not
# in CI; KNOWN_FAIL does not apply then):
#   LBD_TOOL=mdadm46 tests/vm/run-tests.sh t_libblockdev
# Plain lane only: the suite takes minutes under TCG.
# timeout: 1500
. tests/vm/lib.sh
case $MDCTL in *-san) skip "slow real-client suite, runs in the plain lane" ;; esac

lbd=${MDCTL_CACHE:-/var/cache/mdctl-test}/libblockdev
plugin=$lbd/mdraid/usr/lib/x86_64-linux-gnu
[ -f "$lbd/tests/mdraid_test.py" ] && [ -e "$plugin/libbd_mdraid.so.2" ] ||
    fail "no libblockdev tests or plugin under $lbd (run tests/vm/libblockdev.sh on the host)"

EXPECTED=(
    MDNoDevTestCase.test_canonicalize_uuid
    MDNoDevTestCase.test_get_md_uuid
    MDNoDevTestCase.test_get_superblock_size
    MDTestCreateDeactivateDestroy.test_create_deactivate_destroy
    MDTestCreateWithChunkSize.test_create_with_chunk_size
    MDTestActivateDeactivate.test_activate_deactivate
    MDTestActivateWithUUID.test_activate_with_uuid
    MDTestActivateByUUID.test_activate_by_uuid
    MDTestNominateDenominate.test_nominate_denominate
    MDTestNominateDenominateActive.test_nominate_denominate_active
    MDTestAddRemove.test_add_remove
    MDTestExamineDetail.test_examine_detail
    MDTestNameNodeBijection.test_name_node_bijection
    MDTestSetBitmapLocation.test_set_bitmap_location
    MDTestRequestSyncAction.test_request_sync_action
    MDTestDDFRAID.test_examine_ddf_container
    FakeMDADMutilTest.test_fw_raid_uppercase_examine
    FakeMDADMutilTest.test_no_metadata_examine
    FakeMDADMutilTest.test_fw_raid_migrating
    FakeMDADMutilTest.test_mdadm_name_extra_info
    MDUnloadTest.test_check_low_version
    MDUnloadTest.test_check_no_md
)
# Tests that fail with mdctl as mdadm today, each with its cause.
declare -A KNOWN_FAIL=(
    [MDTestDDFRAID.test_examine_ddf_container]="md_create(level container, metadata ddf) runs mdadm --create --level=container --metadata=ddf: mdadm 4.6 makes a DDF container, mdctl refuses IMSM/DDF containers"
)

tool=${LBD_TOOL:-mdctl}
bin=$T/lbd-bin
mkdir -p "$bin"
case $tool in
mdctl) ln -s "$MDCTL" "$bin/mdadm" ;;
mdadm46) ln -s "$MDADM46" "$bin/mdadm"; KNOWN_FAIL=() ;;
*) fail "LBD_TOOL is mdctl or mdadm46, not '$tool'" ;;
esac
set_speed 200000 2000000

t0=$SECONDS
rc=0
PATH=$bin:$PATH LD_LIBRARY_PATH=$plugin python3 -u "$REPO/tests/vm/libblockdev_run.py" "$lbd" 2>&1 |
    tee "$T/lbd.out" || rc=$?
dt=$((SECONDS - t0))
out=$(< "$T/lbd.out")
[ "$rc" -eq 0 ] || fail "libblockdev_run.py exited $rc"

declare -A got=()
while read -r tag name verdict _; do
    [ "$tag" = RESULT ] && got[$name]=$verdict
done <<< "$out"
bad=() pass=0
for t in "${EXPECTED[@]}"; do
    v=${got[$t]:-NO-RESULT}
    unset "got[$t]"
    [ "$v" = PASS ] && pass=$((pass + 1))
    if [ -n "${KNOWN_FAIL[$t]:-}" ]; then
        if [ "$v" = PASS ]; then bad+=("$t passes now: take it off KNOWN_FAIL"); else echo "known fail: $t ($v): ${KNOWN_FAIL[$t]}"; fi
    elif [ "$v" != PASS ]; then
        bad+=("$t: $v")
    fi
done
for t in "${!got[@]}"; do bad+=("$t: not in EXPECTED (${got[$t]})"); done
echo "libblockdev mdraid tests with $tool as mdadm: $pass of ${#EXPECTED[@]} passed in ${dt}s"
[ ${#bad[@]} -eq 0 ] || fail "$(printf '%s; ' "${bad[@]}")"
ok "libblockdev's mdraid suite: every test but the ${#KNOWN_FAIL[@]} known failures passes with $tool"
