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
				      UPD_SPARC22, UPD_BITMAP, UPD_REVERT_RESHAPE, UPD_PPL, UPD_NODES };
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
	assert_non_null(strstr(update_refusal_v0(UPD_METADATA), "not supported by mdctl yet"));
	assert_null(update_refusal_v1(UPD_LAYOUT_ORIGINAL));  /* v1.x keeps them */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summaries),
		cmocka_unit_test(identity_and_state),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
