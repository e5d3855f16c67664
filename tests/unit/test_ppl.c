/* ppl.c: consistency policy names and refusals, crc32c, the empty PPL
 * header the kernel expects (raid5-ppl.c), and sb1_plan's PPL placement
 * against mdadm 4.6's (observed in the VM: 24 MiB, 2 GiB, 12 GiB members). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "le.h"
#include "levels.h"
#include "ppl.h"
#include "super1.h"

static void test_names(void **state)
{
	(void)state;
	enum policy p;
	assert_int_equal(policy_parse("ppl", &p), 0);
	assert_int_equal(p, POLICY_PPL);
	assert_int_equal(policy_parse("resync", &p), 0);
	assert_int_equal(p, POLICY_RESYNC);
	assert_int_equal(policy_parse("journal", &p), 0);
	assert_int_equal(policy_parse("bitmap", &p), 0);
	assert_int_equal(policy_parse("PPL", &p), -1);
	assert_int_equal(policy_parse("", &p), -1);
	assert_int_equal(policy_parse(NULL, &p), -1);
}

static void test_refusals(void **state)
{
	(void)state;
	assert_null(policy_refusal(POLICY_PPL, 5, 0, 2));
	assert_null(policy_refusal(POLICY_PPL, 5, 0, 1));
	assert_null(policy_refusal(POLICY_RESYNC, 1, 0, 2));
	assert_null(policy_refusal(POLICY_PPL, 5, 0, 0));
	assert_non_null(policy_refusal(POLICY_PPL, 5, 0, -1));
	assert_non_null(policy_refusal(POLICY_PPL, 1, 0, 2));
	assert_non_null(policy_refusal(POLICY_PPL, 6, 0, 2));
	assert_non_null(policy_refusal(POLICY_PPL, 5, 1, 2));
	assert_non_null(policy_refusal(POLICY_JOURNAL, 5, 0, 2));
	assert_non_null(policy_refusal(POLICY_RESYNC, 0, 0, 2));
	assert_non_null(policy_refusal(POLICY_RESYNC, LEVEL_LINEAR, 0, 2));
	assert_non_null(policy_refusal(POLICY_RESYNC, 5, 1, 2));
}

static void test_crc32c(void **state)
{
	(void)state;
	/* the standard check value of CRC-32C */
	assert_int_equal(~crc32c_raw(~0u, "123456789", 9), 0xE3069283u);
}

static void test_header(void **state)
{
	(void)state;
	uint8_t uuid[16], h[PPL_HEADER_BYTES];
	for (int i = 0; i < 16; i++)
		uuid[i] = (uint8_t)(i * 17 + 3);
	ppl_empty_header(uuid, h);
	for (int i = 0; i < 512; i++)
		assert_int_equal(h[i], 0xff);
	assert_int_equal(get32(h + 512), ~crc32c_raw(~0u, uuid, 16));
	assert_int_equal(get32(h + 516), 0);            /* padding */
	assert_true(get64(h + 520) == 0);               /* generation */
	assert_int_equal(get32(h + 528), 0);            /* entries_count */
	/* ppl_load_distributed(): crc of the page with the checksum zeroed */
	uint32_t stored = get32(h + 532);
	put32(h + 532, 0);
	assert_int_equal(stored, ~crc32c_raw(~0u, h, PPL_HEADER_BYTES));
	for (int i = 536; i < PPL_HEADER_BYTES; i++)
		assert_int_equal(h[i], 0);
}

static void test_plan(void **state)
{
	(void)state;
	static const struct { int minor; uint64_t mib, dof; } rows[] = {
		{ 1, 24, 6144 }, { 2, 24, 6144 }, { 1, 64, 6144 }, { 2, 64, 6144 },
		{ 1, 2048, 8192 }, { 2, 2048, 8192 }, { 1, 12288, 20480 }, { 2, 12288, 20480 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sb1_plan_req rq = { .minor = rows[i].minor, .dev_sectors = rows[i].mib * 2048,
					   .chunk_sectors = 1024, .ppl = 1 };
		struct sb1_plan p;
		struct sb1_err e;
		assert_int_equal(sb1_plan(&rq, &p, &e), 0);
		assert_true(p.data_offset == rows[i].dof);
		assert_int_equal(p.ppl_offset, 8);
		assert_int_equal(p.ppl_size, 2048);
		assert_int_equal(p.bblog_offset, 2056);
		assert_int_equal(p.bitmap_offset, 0);
	}
	/* 1.0 on 24 MiB: mdadm 4.6's superblock (t_ppl_journal.sh) */
	struct sb1_plan_req rq = { .minor = 0, .dev_sectors = 49152, .chunk_sectors = 1024, .ppl = 1 };
	struct sb1_plan p;
	struct sb1_err e;
	assert_int_equal(sb1_plan(&rq, &p, &e), 0);
	assert_true(p.super_offset == 49136);
	assert_int_equal(p.ppl_offset, -2056);
	assert_int_equal(p.ppl_size, 2048);
	assert_int_equal(p.bblog_offset, -8);
	assert_true(p.data_size == 47080);
	rq.bitmap = SB1_BITMAP_INTERNAL;
	assert_int_equal(sb1_plan(&rq, &p, &e), -1);
	rq.bitmap = SB1_BITMAP_NONE;
	rq.dev_sectors = 2048;  /* no room for the PPL below the superblock */
	assert_int_equal(sb1_plan(&rq, &p, &e), -1);
	rq.dev_sectors = 49152;
	rq.minor = 2;
	rq.bitmap = SB1_BITMAP_INTERNAL;
	assert_int_equal(sb1_plan(&rq, &p, &e), -1);
	rq.bitmap = SB1_BITMAP_NONE;
	rq.data_offset = 2048;  /* the PPL and the log end at 2072 */
	assert_int_equal(sb1_plan(&rq, &p, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_crc32c),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
