/* Unit tests for update0.c: --update values on a decoded 0.90 superblock
 * (the results t_update0 compares with mdadm 4.6's on the real kernel). */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "super0.h"
#include "super1.h"
#include "update.h"

/* A degraded 0.90 raid1 of three slots: two members, one slot removed. */
static void member(struct sb0 *sb)
{
	memset(sb, 0, sizeof(*sb));
	sb->major_version = 0;
	sb->minor_version = 90;
	sb->level = 1;
	sb->raid_disks = 3;
	sb->state = SB0_STATE_CLEAN;
	sb->recovery_cp = UINT32_MAX;
	sb->set_uuid[0] = 0x1234abcd;
	for (uint32_t i = 0; i < 2; i++)
		sb->disks[i] = (struct sb0_disk){ i, 7, i, i, SB0_DISK_ACTIVE | SB0_DISK_SYNC };
	sb->disks[2] = (struct sb0_disk){ 2, 0, 0, 2, SB0_DISK_REMOVED | SB0_DISK_FAULTY };
	sb->nr_disks = sb->active_disks = sb->working_disks = sb->failed_disks = sb->spare_disks = 9;
}

static void summaries(void **state)
{
	(void)state;
	struct sb0 sb;
	struct sb0_err e;
	member(&sb);
	sb.disks[3] = (struct sb0_disk){ 3, 7, 5, 3, 0 };                 /* a spare */
	sb.disks[4] = (struct sb0_disk){ 4, 7, 6, 4, SB0_DISK_FAULTY };   /* a failed member */
	struct sb0_update_req q = { .what = UPD_SUMMARIES };
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.nr_disks, 4);
	assert_int_equal(sb.active_disks, 2);
	assert_int_equal(sb.working_disks, 3);
	assert_int_equal(sb.spare_disks, 1);
	assert_int_equal(sb.failed_disks, 1);  /* the faulty member; the removed slot is none */
}

static void identity_and_state(void **state)
{
	(void)state;
	struct sb0 sb, before;
	struct sb0_err e;
	member(&sb);
	/* printed order: 0badcafe:... */
	struct sb0_update_req q = { .what = UPD_UUID, .uuid = { 0x0b, 0xad, 0xca, 0xfe, [15] = 4 } };
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.set_uuid[0], 0x0badcafe);
	assert_int_equal(sb.set_uuid[3], 4);
	q = (struct sb0_update_req){ .what = UPD_HOMEHOST, .homehost = "elsewhere" };
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.set_uuid[0], 0x0badcafe);
	assert_true(sb0_uuid_is_local(&sb, "elsewhere"));
	assert_false(sb0_uuid_is_local(&sb, "thishost"));
	q = (struct sb0_update_req){ .what = UPD_SUPER_MINOR, .md_minor = 5 };
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.md_minor, 5);
	q = (struct sb0_update_req){ .what = UPD_RESYNC };
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_false(sb.state & SB0_STATE_CLEAN);
	assert_int_equal(sb.recovery_cp, 0);
	/* byteorder: only from the other order, into this host's */
	q = (struct sb0_update_req){ .what = UPD_BYTEORDER };
	before = sb;
	assert_int_equal(sb0_apply_update(&sb, &q, &e), -1);
	assert_memory_equal(&sb, &before, sizeof(sb));
	sb.big_endian = !(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.big_endian, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
}

static void refusals(void **state)
{
	(void)state;
	const enum sb_update no[] = { UPD_NAME, UPD_DEVICESIZE, UPD_BBL, UPD_LAYOUT_ALTERNATE, UPD_METADATA,
				      UPD_BITMAP, UPD_REVERT_RESHAPE, UPD_PPL, UPD_NODES };
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		struct sb0 sb, before;
		struct sb0_err e;
		member(&sb);
		before = sb;
		struct sb0_update_req q = { .what = no[i] };
		assert_int_equal(sb0_apply_update(&sb, &q, &e), -1);
		assert_non_null(strstr(e.msg, update_name(no[i])));
		assert_memory_equal(&sb, &before, sizeof(sb));
	}
	assert_null(update_refusal_v0(UPD_SUMMARIES));
	assert_non_null(strstr(update_refusal_v0(UPD_NAME), "1.x metadata only"));
	assert_null(update_refusal_v0(UPD_METADATA));  /* converted by sb0_convert_to_v1, not applied */
	assert_null(update_refusal_v0(UPD_SPARC22));
	assert_non_null(strstr(update_refusal_v1(UPD_SPARC22), "0.90 metadata only"));
	/* as mdadm 4.6: bitmap is refused on every metadata */
	assert_non_null(strstr(update_refusal_v0(UPD_BITMAP), "not understood"));
	assert_non_null(strstr(update_refusal_v1(UPD_BITMAP), "not understood"));
	assert_null(update_refusal_v1(UPD_LAYOUT_ORIGINAL));  /* v1.x keeps them */
}

/* --update=metadata: the 1.0 superblock mdadm 4.6 writes (t_update0 compares). */
static void convert(void **state)
{
	(void)state;
	struct sb0 sb;
	struct sb0_err e;
	static struct sb1 v, back;
	struct sb1_err e1;
	uint8_t dev_uuid[16] = { 9, 8, 7 }, buf[SB1_READ_BYTES];
	const uint64_t dev = 65536;
	member(&sb);
	sb.size = 20000;
	sb.md_minor = 3;
	sb.ctime = 1000;
	sb.utime = 2000;
	sb.events = 77;
	sb.this_disk = sb.disks[1];
	sb.this_disk.state |= SB0_DISK_WRITEMOSTLY;
	sb.disks[3] = (struct sb0_disk){ 3, 7, 5, 3, 0 };                 /* a spare */
	sb.disks[4] = (struct sb0_disk){ 4, 7, 6, 1, SB0_DISK_FAULTY };   /* failed */
	assert_int_equal(sb0_convert_to_v1(&sb, dev, dev_uuid, &v, &e), 0);
	assert_string_equal(v.set_name, "3");
	assert_int_equal(v.ctime, 1001);   /* newer than the 0.90 superblock, which stays */
	assert_int_equal(v.utime, 2000);
	assert_int_equal(v.events, 0);
	assert_int_equal(v.size, 40000);
	assert_int_equal(v.data_size, 40000);
	assert_int_equal(v.data_offset, 0);
	assert_int_equal(v.super_offset, sb1_super_offset(0, dev));
	assert_int_equal(v.dev_number, 1);
	assert_int_equal(v.devflags, SB1_DEVFLAG_WRITEMOSTLY);
	assert_int_equal(v.max_dev, 27);
	assert_int_equal(v.feature_map, 0);
	assert_int_equal(v.resync_offset, UINT64_MAX);
	assert_int_equal(v.dev_roles[0], 0);
	assert_int_equal(v.dev_roles[1], 1);
	assert_int_equal(v.dev_roles[2], SB1_ROLE_SPARE);   /* removed */
	assert_int_equal(v.dev_roles[3], SB1_ROLE_SPARE);
	assert_int_equal(v.dev_roles[4], SB1_ROLE_SPARE);   /* failed: an empty slot, as mdadm */
	assert_memory_equal(v.device_uuid, dev_uuid, 16);
	assert_true(sb1_encode(&v, buf, sizeof(buf)) > 0);
	assert_int_equal(sb1_decode(buf, sizeof(buf), &back, &e1), 0);
	assert_int_equal(sb1_validate(&back, 0, dev, &e1), 0);

	/* raid0 and linear record no size: the data ran up to the 0.90 superblock */
	sb.level = 0;
	sb.size = 0;
	sb.chunk_size = 65536;
	assert_int_equal(sb0_convert_to_v1(&sb, dev, dev_uuid, &v, &e), 0);
	assert_int_equal(v.size, 0);
	assert_int_equal(v.data_size, sb0_offset(dev));
	assert_int_equal(v.chunksize, 128);

	const char *why[] = { "bitmap", "not clean", "reshape", "only linear" };
	for (int i = 0; i < 4; i++) {
		member(&sb);
		if (i == 0)
			sb.state |= SB0_STATE_BITMAP_PRESENT;
		if (i == 1)
			sb.state &= ~SB0_STATE_CLEAN;
		if (i == 2)
			sb.minor_version = 91;
		if (i == 3)
			sb.level = -4;
		assert_int_equal(sb0_convert_to_v1(&sb, dev, dev_uuid, &v, &e), -1);
		assert_non_null(strstr(e.msg, why[i]));
	}
	member(&sb);
	assert_int_equal(sb0_convert_to_v1(&sb, 100, dev_uuid, &v, &e), -1);   /* no room */
}

/* no-bitmap clears the flag and nothing else; revert-reshape says why not */
static void no_bitmap_and_revert(void **state)
{
	(void)state;
	struct sb0 sb, before;
	struct sb0_err e;
	member(&sb);
	sb.state |= SB0_STATE_BITMAP_PRESENT;
	before = sb;
	struct sb0_update_req q = { .what = UPD_NO_BITMAP };
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.state, SB0_STATE_CLEAN);
	sb.state = before.state;
	assert_memory_equal(&sb, &before, sizeof(sb));
	sb.state = SB0_STATE_CLEAN;
	assert_int_equal(sb0_apply_update(&sb, &q, &e), 0);  /* none: nothing to do, as mdadm 4.6 */
	assert_int_equal(sb.state, SB0_STATE_CLEAN);

	q.what = UPD_REVERT_RESHAPE;
	member(&sb);
	assert_int_equal(sb0_apply_update(&sb, &q, &e), -1);
	assert_non_null(strstr(e.msg, "no reshape is in progress"));
	sb.minor_version = 91;
	before = sb;
	assert_int_equal(sb0_apply_update(&sb, &q, &e), -1);
	assert_non_null(strstr(e.msg, "in place with a backup file"));
	assert_memory_equal(&sb, &before, sizeof(sb));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summaries),
		cmocka_unit_test(identity_and_state),
		cmocka_unit_test(refusals),
		cmocka_unit_test(no_bitmap_and_revert),
		cmocka_unit_test(convert),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
