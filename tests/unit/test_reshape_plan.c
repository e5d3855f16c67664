/* Unit tests for reshape_plan.c: offset moves, critical sections and the
 * backup file header. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "reshape_plan.h"

static struct sb1 sb12(void)
{
	struct sb1 sb;
	memset(&sb, 0, sizeof(sb));
	sb.super_offset = 8;
	sb.data_offset = 4096;
	sb.data_size = 131072 - 4096;
	sb.feature_map = SB1_FEAT_BITMAP_OFFSET | SB1_FEAT_BAD_BLOCKS;
	sb.bitmap_offset = 8;
	sb.bblog_offset = 16;   /* mdadm 4.6 puts the log after the bitmap on small members */
	sb.bblog_size = 8;
	return sb;
}

static void test_meta_end(void **state)
{
	(void)state;
	struct sb1 sb = sb12();
	/* 36 KiB past the superblock beats a one-page bitmap and the log */
	assert_int_equal(rs_meta_end(&sb, 2, 8), 8 + 72);
	/* a big bitmap ends later */
	assert_int_equal(rs_meta_end(&sb, 2, 200), 8 + 8 + 200);
	sb.bblog_offset = 300;
	assert_int_equal(rs_meta_end(&sb, 2, 8), 8 + 300 + 8);
	/* 1.0: nothing before the data */
	assert_int_equal(rs_meta_end(&sb, 0, 8), 0);
}

static void test_new_offset(void **state)
{
	(void)state;
	struct sb1 sb = sb12();
	uint64_t out;
	assert_int_equal(rs_new_offset(&sb, 80, 100000, 1024, false, &out), 0);
	assert_int_equal(out, 3072);
	/* not below the metadata */
	assert_int_equal(rs_new_offset(&sb, 3500, 100000, 1024, false, &out), -1);
	/* backwards needs room after the component */
	assert_int_equal(rs_new_offset(&sb, 80, sb.data_size - 1024, 1024, true, &out), 0);
	assert_int_equal(out, 5120);
	assert_int_equal(rs_new_offset(&sb, 80, sb.data_size - 1023, 1024, true, &out), -1);
	/* 1.0: data at 0 cannot move down */
	sb.data_offset = 0;
	assert_int_equal(rs_new_offset(&sb, 0, 100000, 8, false, &out), -1);
}

static void test_offset_need(void **state)
{
	(void)state;
	assert_int_equal(rs_offset_need(128, 256), 256);
	assert_int_equal(rs_offset_need(1024, 128), 1024);
	assert_int_equal(rs_offset_need(0, 0), 8);
	assert_int_equal(rs_offset_need(12, 0), 16);
}

static void test_critical(void **state)
{
	(void)state;
	/* 2 -> 3 data disks: new stripe 2 still reads old stripe 3 */
	assert_int_equal(rs_critical_sectors(2, 3, 128), 2 * 3 * 128);
	/* 1 -> 2: past the first new stripe */
	assert_int_equal(rs_critical_sectors(1, 2, 128), 1 * 2 * 128);
	/* d -> d+1 needs d new stripes */
	assert_int_equal(rs_critical_sectors(10, 11, 8), 10 * 11 * 8);
	assert_int_equal(rs_critical_sectors(3, 3, 128), 0);
	assert_int_equal(rs_critical_sectors(3, 2, 128), 0);
	/* every result passes raid5_run()'s test: here_new < here_old */
	for (int o = 1; o < 40; o++)
		for (int n = o + 1; n < o + 5; n++) {
			uint64_t c = rs_critical_sectors(o, n, 8);
			assert_true(c / (8 * (uint64_t)n) < c / (8 * (uint64_t)o));
			assert_int_equal(c % (8 * (uint64_t)n), 0);
		}
}

static void test_sb_needs_backup(void **state)
{
	(void)state;
	struct sb1 sb = sb12();
	sb.level = sb.new_level = 5;
	sb.chunksize = sb.new_chunk = 128;
	sb.raid_disks = 4;
	sb.delta_disks = 1;
	sb.feature_map |= SB1_FEAT_RESHAPE_ACTIVE;
	sb.reshape_position = 0;
	assert_true(rs_sb_needs_backup(&sb));
	sb.reshape_position = 2 * 3 * 128;
	assert_false(rs_sb_needs_backup(&sb));
	sb.reshape_position = 0;
	sb.feature_map |= SB1_FEAT_NEW_OFFSET;   /* the data moved: no backup */
	assert_false(rs_sb_needs_backup(&sb));
	sb.feature_map &= ~(uint32_t)SB1_FEAT_NEW_OFFSET;
	sb.delta_disks = (int32_t)0x80000000;    /* hostile */
	assert_false(rs_sb_needs_backup(&sb));
	sb.delta_disks = 1;
	sb.raid_disks = 0xffffffff;
	assert_false(rs_sb_needs_backup(&sb));
}

static void test_backup_header(void **state)
{
	(void)state;
	uint8_t hdr[RS_BACKUP_HDR];
	struct rs_backup b = { .start = 0, .sectors = 768, .data_sum = 42, .old_disks = 3, .new_disks = 4 }, d;
	memset(b.uuid, 0xab, 16);
	const char *why = NULL;
	rs_backup_encode(&b, hdr);
	assert_int_equal(rs_backup_decode(hdr, sizeof(hdr), &d, &why), 0);
	assert_memory_equal(d.uuid, b.uuid, 16);
	assert_int_equal(d.sectors, 768);
	assert_int_equal(d.data_sum, 42);
	assert_int_equal(d.new_disks, 4);
	hdr[50] ^= 1;
	assert_int_equal(rs_backup_decode(hdr, sizeof(hdr), &d, &why), -1);
	assert_string_equal(why, "backup header checksum mismatch");
	hdr[0] = 'x';
	assert_int_equal(rs_backup_decode(hdr, sizeof(hdr), &d, &why), -1);
	assert_int_equal(rs_backup_decode(hdr, 10, &d, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta_end),
		cmocka_unit_test(test_new_offset),
		cmocka_unit_test(test_offset_need),
		cmocka_unit_test(test_critical),
		cmocka_unit_test(test_sb_needs_backup),
		cmocka_unit_test(test_backup_header),
	};
	return cmocka_run_group_tests_name("reshape_plan", tests, NULL, NULL);
}
