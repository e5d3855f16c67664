/* Unit tests for dump_regions.c: the bytes --dump copies, as mdadm 4.6's
 * dumps of 40 MiB raid1 members hold them (t_dump: 1.2 with a bitmap has data
 * at 4096..12288, the bitmap's first 512 bytes copied, the rest of its page
 * zero; 1.0 at 41926656 and 41934848). */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "dump_regions.h"

#define DEV (40ull << 20)

static struct sb1 member(int minor)
{
	struct sb1 sb;
	memset(&sb, 0, sizeof(sb));
	sb.feature_map = SB1_FEAT_BITMAP_OFFSET;
	if (minor == 0) {
		sb.super_offset = 81904;
		sb.data_size = 81784;
		sb.bitmap_offset = -16;
	} else {
		sb.super_offset = minor == 1 ? 0 : 8;
		sb.data_offset = 2048;
		sb.data_size = 79872;
		sb.bitmap_offset = 8;
	}
	return sb;
}

static void as_mdadm(void **state)
{
	(void)state;
	struct meta_region r[2];
	char why[200];
	struct sb1 sb = member(2);
	assert_int_equal(dump_regions(&sb, DEV, 256 + 10, r, why, sizeof(why)), 2);
	assert_int_equal(r[0].off, 4096);
	assert_int_equal(r[0].len, 4096);
	assert_int_equal(r[1].off, 8192);
	assert_int_equal(r[1].len, 512);
	sb = member(0);
	assert_int_equal(dump_regions(&sb, DEV, 256 + 10, r, why, sizeof(why)), 2);
	assert_int_equal(r[0].off, 41934848);
	assert_int_equal(r[1].off, 41926656);
	assert_int_equal(r[1].len, 512);
	sb.feature_map = 0;
	assert_int_equal(dump_regions(&sb, DEV, 0, r, why, sizeof(why)), 1);
}

/* A bitmap that reaches into the data, one outside the device, or a
 * superblock past the end: refused. */
static void hostile(void **state)
{
	(void)state;
	struct meta_region r[2];
	char why[200];
	struct sb1 sb = member(2);
	sb.data_offset = 17;  /* bitmap at 16, one sector before the data */
	assert_int_equal(dump_regions(&sb, DEV, 300, r, why, sizeof(why)), 2);
	assert_int_equal(r[1].len, 512);
	assert_int_equal(dump_regions(&sb, DEV, 600, r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "bitmap"));
	sb = member(2);
	sb.bitmap_offset = -100;
	assert_int_equal(dump_regions(&sb, DEV, 300, r, why, sizeof(why)), -1);
	sb = member(2);
	sb.super_offset = DEV >> 9;
	assert_int_equal(dump_regions(&sb, DEV, 300, r, why, sizeof(why)), -1);
	sb = member(2);
	sb.data_size = UINT64_MAX;
	assert_int_equal(dump_regions(&sb, DEV, 300, r, why, sizeof(why)), -1);
	sb = member(2);
	assert_int_equal(dump_regions(&sb, DEV, UINT64_MAX, r, why, sizeof(why)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(as_mdadm),
		cmocka_unit_test(hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
