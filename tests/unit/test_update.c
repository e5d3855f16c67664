/* Unit tests for update.c: parsing --update values and their effect on a
 * v1.x superblock (placements as measured on mdadm 4.6's output, t_update). */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "update.h"

/* A 1.2 (or 1.1, 1.0) raid1 member as mdadm 4.6 makes it on 40 MiB. */
static void member(struct sb1 *sb, int minor)
{
	memset(sb, 0, sizeof(*sb));
	sb->level = 1;
	sb->raid_disks = 2;
	sb->max_dev = 128;
	strcpy(sb->set_name, "hostA:arr");
	if (minor == 0) {
		sb->super_offset = 81904;
		sb->data_offset = 0;
		sb->data_size = 81784;
		sb->bblog_offset = -8;
	} else {
		sb->super_offset = minor == 1 ? 0 : 8;
		sb->data_offset = 2048;
		sb->data_size = 79872;
		sb->bblog_offset = 16;
	}
	sb->size = 79872;
	sb->bblog_size = 8;
	sb->resync_offset = UINT64_MAX;
}

static void parse_values(void **state)
{
	(void)state;
	enum sb_update u;
	char why[512];
	assert_int_equal(update_parse("force-no-bbl", &u, why, sizeof(why)), 0);
	assert_int_equal(u, UPD_FORCE_NO_BBL);
	assert_string_equal(update_name(u), "force-no-bbl");
	assert_int_equal(update_parse("bogus", &u, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "'bogus'"));
	assert_non_null(strstr(why, "layout-unspecified"));
	assert_int_equal(update_parse("", &u, why, sizeof(why)), -1);
	assert_int_equal(update_parse("name ", &u, why, sizeof(why)), -1);
	/* every listed value parses and has a name that reads back */
	char list[512];
	strcpy(list, update_values());
	for (char *t = strtok(list, " "); t; t = strtok(NULL, " ")) {
		assert_int_equal(update_parse(t, &u, why, sizeof(why)), 0);
		assert_string_equal(update_name(u), t);
	}
}

static void refusals_change_nothing(void **state)
{
	(void)state;
	static const enum sb_update no[] = { UPD_SUMMARIES, UPD_SUPER_MINOR, UPD_BYTEORDER, UPD_METADATA,
					      UPD_SPARC22, UPD_BITMAP, UPD_REVERT_RESHAPE /* no reshape */,
					      UPD_HOME_CLUSTER, UPD_NODES, UPD_NONE };
	struct sb1 sb, before;
	struct sb1_err e;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		struct sb1_update_req q = { .what = no[i], .minor = 2 };
		member(&sb, 2);
		before = sb;
		assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
		assert_true(strlen(e.msg) > 0);
		assert_memory_equal(&sb, &before, sizeof(sb));
	}
	/* layouts are raid0's; devicesize is not for 1.0; a shrunk device */
	struct sb1_update_req q = { .what = UPD_LAYOUT_ORIGINAL, .minor = 2 };
	member(&sb, 2);
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	q = (struct sb1_update_req){ .what = UPD_DEVICESIZE, .minor = 0, .dev_sectors = 1 << 20 };
	member(&sb, 0);
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	q = (struct sb1_update_req){ .what = UPD_DEVICESIZE, .minor = 2, .dev_sectors = 2048 + 1000 };
	member(&sb, 2);
	before = sb;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	assert_memory_equal(&sb, &before, sizeof(sb));
	q.dev_sectors = 100;    /* smaller than the data offset */
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
}

static void identity(void **state)
{
	(void)state;
	struct sb1 sb;
	struct sb1_err e;
	struct sb1_update_req q = { .what = UPD_NAME, .minor = 2, .name = "h:a-name-of-exactly-32-bytes-xx" };
	member(&sb, 2);
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_string_equal(sb.set_name, "h:a-name-of-exactly-32-bytes-xx");
	q = (struct sb1_update_req){ .what = UPD_UUID, .minor = 2, .uuid = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } };
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_memory_equal(sb.set_uuid, q.uuid, 16);
	q = (struct sb1_update_req){ .what = UPD_RESYNC, .minor = 2 };
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.resync_offset, 0);
}

static void bad_block_log(void **state)
{
	(void)state;
	struct sb1 sb;
	struct sb1_err e;
	struct sb1_update_req none = { .what = UPD_NO_BBL }, add = { .what = UPD_BBL }, force = { .what = UPD_FORCE_NO_BBL };
	/* mdadm 4.6: 1.2 -> 80, 1.1 -> 72, 1.0 -> -8 sectors from the superblock */
	static const struct { int minor; int32_t at; } where[] = { { 2, 80 }, { 1, 72 }, { 0, -8 } };
	for (size_t i = 0; i < 3; i++) {
		member(&sb, where[i].minor);
		none.minor = add.minor = where[i].minor;
		assert_int_equal(sb1_apply_update(&sb, &none, &e), 0);
		assert_int_equal(sb.bblog_size, 0);
		assert_int_equal(sb.bblog_offset, 0);
		assert_int_equal(sb1_apply_update(&sb, &add, &e), 0);
		assert_int_equal(sb.bblog_offset, where[i].at);
		assert_int_equal(sb.bblog_size, 8);
	}
	/* entries recorded: only force-no-bbl removes the log */
	member(&sb, 2);
	sb.feature_map |= SB1_FEAT_BAD_BLOCKS;
	assert_int_equal(sb1_apply_update(&sb, &none, &e), -1);
	assert_non_null(strstr(e.msg, "force-no-bbl"));
	assert_int_equal(sb1_apply_update(&sb, &force, &e), 0);
	assert_int_equal(sb.feature_map & SB1_FEAT_BAD_BLOCKS, 0);
	assert_int_equal(sb.bblog_size, 0);
	/* a 1.0 bitmap right below the superblock leaves no room; one below that does */
	member(&sb, 0);
	sb.bblog_offset = sb.bblog_size = 0;
	sb.feature_map |= SB1_FEAT_BITMAP_OFFSET;
	sb.bitmap_offset = -8;
	add.minor = 0;
	add.bitmap_sectors = 8;
	assert_int_equal(sb1_apply_update(&sb, &add, &e), -1);
	sb.bitmap_offset = -16;
	assert_int_equal(sb1_apply_update(&sb, &add, &e), 0);
	assert_int_equal(sb.bblog_offset, -8);
	/* a 1.2 bitmap reaching past 80 sectors from the superblock */
	member(&sb, 2);
	sb.bblog_offset = sb.bblog_size = 0;
	sb.feature_map |= SB1_FEAT_BITMAP_OFFSET;
	sb.bitmap_offset = 8;
	add.minor = 2;
	add.bitmap_sectors = 100;
	assert_int_equal(sb1_apply_update(&sb, &add, &e), -1);
	/* data right after the superblock: no room at all */
	member(&sb, 2);
	sb.bblog_offset = sb.bblog_size = 0;
	sb.data_offset = 16;
	add.bitmap_sectors = 0;
	assert_int_equal(sb1_apply_update(&sb, &add, &e), -1);
}

static void raid0_layouts_and_flags(void **state)
{
	(void)state;
	struct sb1 sb;
	struct sb1_err e;
	member(&sb, 2);
	sb.level = 0;
	struct sb1_update_req q = { .what = UPD_LAYOUT_ALTERNATE, .minor = 2 };
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.layout, 2);
	assert_true(sb.feature_map & SB1_FEAT_RAID0_LAYOUT);
	q.what = UPD_LAYOUT_ORIGINAL;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.layout, 1);
	q.what = UPD_LAYOUT_UNSPECIFIED;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.layout, 0);
	assert_false(sb.feature_map & SB1_FEAT_RAID0_LAYOUT);
	sb.feature_map = SB1_FEAT_BITMAP_OFFSET | SB1_FEAT_PPL | SB1_FEAT_MULTIPLE_PPLS;
	q.what = UPD_NO_BITMAP;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	q.what = UPD_NO_PPL;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.feature_map, 0);
	q = (struct sb1_update_req){ .what = UPD_DEVICESIZE, .minor = 1, .dev_sectors = 200000 };
	member(&sb, 1);
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.data_size, 200000 - 2048);
	/* a PPL after the data (found by fuzz_super1) stays clear of it: refused */
	member(&sb, 1);
	sb.feature_map = SB1_FEAT_PPL;
	sb.size = sb.data_size = 4096;
	sb.ppl_offset = 2048 + 4096;
	sb.ppl_size = 8;
	struct sb1 before = sb;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	assert_non_null(strstr(e.msg, "metadata after its data"));
	assert_memory_equal(&sb, &before, sizeof(sb));
	/* one that starts before the data and ends in it: kept clear too */
	sb.ppl_offset = 2040;
	sb.ppl_size = 16;
	sb.size = sb.data_size = 0;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	assert_non_null(strstr(e.msg, "would be invalid"));
}

/* --update=ppl: after the log on 1.1/1.2, below it on 1.0 (data_size then
 * ends at the PPL); refused for other levels, a bitmap, a journal, no room;
 * a PPL already there is left alone. */
static void ppl_place(void **state)
{
	(void)state;
	struct sb1 sb, before;
	struct sb1_err e;
	struct sb1_update_req q = { .what = UPD_PPL, .minor = 2 };
	member(&sb, 2);
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);      /* raid1 */
	sb.level = 5;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.feature_map, SB1_FEAT_PPL);
	assert_int_equal(sb.ppl_offset, 24);                       /* after the log at 16 */
	assert_int_equal(sb.ppl_size, 2016);                       /* to data_offset 2048 */
	before = sb;
	sb.ppl_size = 100;                                         /* already PPL: unchanged */
	before.ppl_size = 100;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_memory_equal(&sb, &before, sizeof(sb));
	sb.feature_map = before.feature_map = SB1_FEAT_MULTIPLE_PPLS;  /* the other PPL kind too */
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_memory_equal(&sb, &before, sizeof(sb));
	member(&sb, 2);
	sb.level = 5;
	sb.bblog_offset = 2056;                                    /* room before the log */
	sb.data_offset = 4096;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.ppl_offset, 8);
	assert_int_equal(sb.ppl_size, 2048);
	q.minor = 0;
	member(&sb, 0);
	sb.level = 5;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.ppl_offset, -2032);                    /* used data ends at -2032 */
	assert_int_equal(sb.ppl_size, 2024);
	assert_true(sb.data_size == 81904 - 2032);
	static const uint32_t bad[] = { SB1_FEAT_BITMAP_OFFSET, SB1_FEAT_JOURNAL, SB1_FEAT_RESHAPE_ACTIVE, 0 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		member(&sb, 0);
		sb.level = 5;
		sb.feature_map = bad[i];
		if (!bad[i])
			sb.size = sb.super_offset - 8 - 100;               /* 100 sectors free */
		before = sb;
		assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
		assert_memory_equal(&sb, &before, sizeof(sb));
	}
	q.minor = 2;
	member(&sb, 2);
	sb.level = 5;
	sb.data_offset = 24 + 200;                                 /* 200 sectors after the log */
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
}

/* --update=revert-reshape on a raid5 growing 3 -> 4 by moving its data
 * 384 sectors down, as mdadm 4.6 leaves it (t_update.sh); twice is a no-op. */
static void revert(void **state)
{
	(void)state;
	struct sb1 sb, orig;
	struct sb1_err e;
	struct sb1_update_req q = { .what = UPD_REVERT_RESHAPE, .minor = 2, .dev_sectors = 81920 };
	member(&sb, 2);
	sb.level = sb.new_level = 5;
	sb.layout = sb.new_layout = 2;
	sb.chunksize = sb.new_chunk = 128;
	sb.raid_disks = 4;
	sb.delta_disks = 1;
	sb.feature_map = SB1_FEAT_RESHAPE_ACTIVE | SB1_FEAT_NEW_OFFSET;
	sb.reshape_position = 22272;
	sb.new_offset = -384;
	sb.data_offset = 2048;
	sb.data_size = 63488;
	sb.size = 61440;
	orig = sb;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_int_equal(sb.raid_disks, 3);
	assert_int_equal(sb.delta_disks, -1);
	assert_int_equal(sb.new_offset, 384);
	assert_true(sb.data_offset == 1664 && sb.data_size == 63872 && sb.reshape_position == 22272);
	assert_int_equal(sb.feature_map, SB1_FEAT_RESHAPE_ACTIVE | SB1_FEAT_NEW_OFFSET);
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_memory_equal(&sb, &orig, sizeof(sb));
	/* a chunk change: the direction flag flips, chunks swap */
	sb.delta_disks = 0;
	sb.raid_disks = 3;
	sb.new_chunk = 256;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), 0);
	assert_true(sb.feature_map & SB1_FEAT_RESHAPE_BACKWARDS);
	assert_int_equal(sb.chunksize, 256);
	assert_int_equal(sb.new_chunk, 128);
	/* in place (no new offset) and no reshape: refused, unchanged */
	sb = orig;
	sb.feature_map &= ~(uint32_t)SB1_FEAT_NEW_OFFSET;
	orig = sb;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	assert_memory_equal(&sb, &orig, sizeof(sb));
	sb.feature_map = 0;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	/* moving back up would leave less room than a member's share: refused
	 * (a fuzzer found this one turning a valid superblock invalid) */
	sb = orig;
	sb.new_offset = 384;
	sb.size = sb.data_size;
	orig = sb;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
	assert_memory_equal(&sb, &orig, sizeof(sb));
	/* an old member count past max_dev: refused */
	sb.new_offset = -384;
	sb.size = 61440;
	sb.delta_disks = -200;
	assert_int_equal(sb1_apply_update(&sb, &q, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_values),
		cmocka_unit_test(refusals_change_nothing),
		cmocka_unit_test(identity),
		cmocka_unit_test(bad_block_log),
		cmocka_unit_test(raid0_layouts_and_flags),
		cmocka_unit_test(ppl_place),
		cmocka_unit_test(revert),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
