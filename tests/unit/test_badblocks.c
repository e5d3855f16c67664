/* badblocks.c: the v1.x bad-block log decoded as md.c super_1_sync() writes
 * it (le64 start << 10 | length, all ones ends it) and printed in mdadm
 * 4.6's --examine-badblocks layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "badblocks.h"

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A 4 KiB log (8 sectors) with the given (start, length) entries. */
static void make_log(uint8_t *log, const uint64_t (*e)[2], size_t n)
{
	memset(log, 0xff, 4096);
	for (size_t i = 0; i < n; i++)
		put_le64(log + 8 * i, e[i][0] << 10 | e[i][1]);
}

static char *render(enum bblog_state st, const uint8_t *log, size_t len, unsigned shift)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	assert_non_null(f);
	bblog_render(f, "/dev/loop1", st, log, len, shift);
	fclose(f);
	return text;
}

static void test_state(void **state)
{
	(void)state;
	struct sb1 sb;
	memset(&sb, 0, sizeof(sb));
	assert_int_equal(bblog_state(&sb), BBLOG_NONE);
	sb.bblog_offset = 16;
	assert_int_equal(bblog_state(&sb), BBLOG_NONE);           /* no size */
	sb.bblog_size = 8;
	assert_int_equal(bblog_state(&sb), BBLOG_EMPTY);          /* no MD_FEATURE_BAD_BLOCKS */
	sb.feature_map = SB1_FEAT_BAD_BLOCKS;
	assert_int_equal(bblog_state(&sb), BBLOG_PRESENT);
	sb.bblog_size = BBLOG_MAX_SECTORS + 1;
	assert_int_equal(bblog_state(&sb), BBLOG_NONE);
	sb.bblog_size = 8;
	sb.bblog_offset = -8;                                     /* 1.0: before the superblock */
	assert_int_equal(bblog_state(&sb), BBLOG_PRESENT);
	sb.bblog_offset = 0;
	assert_int_equal(bblog_state(&sb), BBLOG_NONE);
}

static void test_decode(void **state)
{
	(void)state;
	static const uint64_t e[][2] = { { 100, 8 }, { 4096, 512 }, { (1ULL << 54) - 2, 1023 } };
	uint8_t *log = malloc(4096);
	struct bb_range r[4];
	assert_non_null(log);
	make_log(log, e, 3);
	assert_int_equal(bblog_decode(log, 4096, 0, r, 4), 3);
	assert_int_equal(r[0].sector, 100);
	assert_int_equal(r[0].count, 8);
	assert_int_equal(r[1].sector, 4096);
	assert_int_equal(r[1].count, 512);
	assert_int_equal(r[2].sector, (1ULL << 54) - 2);
	assert_int_equal(r[2].count, 1023);
	/* bblog_shift scales both */
	assert_int_equal(bblog_decode(log, 4096, 3, r, 4), 3);
	assert_int_equal(r[0].sector, 800);
	assert_int_equal(r[0].count, 64);
	/* more entries than room: counted, not stored */
	assert_int_equal(bblog_decode(log, 4096, 0, r, 1), 3);
	/* an empty list, a partial trailing entry, a full log without an end marker */
	memset(log, 0xff, 4096);
	assert_int_equal(bblog_decode(log, 4096, 0, r, 4), 0);
	memset(log, 0, 4096);
	assert_int_equal(bblog_decode(log, 12, 0, r, 4), 1);
	assert_int_equal(bblog_decode(log, 4096, 0, NULL, 0), 512);
	assert_int_equal(bblog_decode(log, 4096, 64, r, 1), 512);  /* bogus shift: no UB */
	free(log);
}

static void test_render(void **state)
{
	(void)state;
	static const uint64_t e[][2] = { { 2048, 16 }, { 12345678, 1 } };
	uint8_t *log = malloc(4096);
	assert_non_null(log);
	make_log(log, e, 2);
	char *t = render(BBLOG_PRESENT, log, 4096, 0);
	assert_string_equal(t, "Bad-blocks on /dev/loop1:\n"
			       "                2048 for 16 sectors\n"
			       "            12345678 for 1 sectors\n");
	free(t);
	t = render(BBLOG_PRESENT, log, 4096, 9);
	assert_string_equal(t, "Bad-blocks on /dev/loop1:\n"
			       "             1048576 for 8192 sectors\n"
			       "          6320987136 for 512 sectors\n");
	free(t);
	memset(log, 0xff, 4096);
	t = render(BBLOG_PRESENT, log, 4096, 0);
	assert_string_equal(t, "Bad-blocks on /dev/loop1:\n");
	free(t);
	t = render(BBLOG_EMPTY, NULL, 0, 0);
	assert_string_equal(t, "Bad-blocks list is empty in /dev/loop1\n");
	free(t);
	t = render(BBLOG_NONE, NULL, 0, 0);
	assert_string_equal(t, "No bad-blocks list configured on /dev/loop1\n");
	free(t);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
