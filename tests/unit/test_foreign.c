/* foreign.c: IMSM and DDF anchors recognised at the end of a device, and the
 * refusal text every mode prints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "foreign.h"

#define TAIL 4096

static void test_none(void **state)
{
	(void)state;
	static uint8_t t[TAIL];
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_NONE);
	/* too short to hold either anchor */
	memcpy(t + TAIL - 512, "\xde\x11\xde\x11", 4);
	assert_int_equal(foreign_detect(t + TAIL - 512, 512), FOREIGN_NONE);
	assert_int_equal(foreign_detect(NULL, 0), FOREIGN_NONE);
	/* little-endian DDF magic is not DDF */
	memcpy(t + TAIL - 512, "\x11\xde\x11\xde", 4);
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_NONE);
}

static void test_imsm(void **state)
{
	(void)state;
	static uint8_t t[TAIL];
	/* the anchor is the second-to-last sector */
	memcpy(t + TAIL - 1024, "Intel Raid ISM Cfg Sig. 1.0.00", 30);
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_IMSM);
	assert_int_equal(foreign_detect(t + TAIL - 1024, 1024), FOREIGN_IMSM);
	/* in the last sector it is not an IMSM anchor */
	memset(t, 0, sizeof(t));
	memcpy(t + TAIL - 512, "Intel Raid ISM Cfg Sig. 1.0.00", 30);
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_NONE);
	/* one byte off */
	memset(t, 0, sizeof(t));
	memcpy(t + TAIL - 1024, "Intel Raid ISM Cfg Sig! 1.0.00", 30);
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_NONE);
}

static void test_ddf(void **state)
{
	(void)state;
	static uint8_t t[TAIL];
	memcpy(t + TAIL - 512, "\xde\x11\xde\x11", 4);
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_DDF);
	/* not at the second-to-last sector */
	memset(t, 0, sizeof(t));
	memcpy(t + TAIL - 1024, "\xde\x11\xde\x11", 4);
	assert_int_equal(foreign_detect(t, sizeof(t)), FOREIGN_NONE);
}

static void test_names(void **state)
{
	(void)state;
	char b[160];
	assert_int_equal(foreign_from_metadata("imsm"), FOREIGN_IMSM);
	assert_int_equal(foreign_from_metadata("DDF"), FOREIGN_DDF);
	assert_int_equal(foreign_from_metadata("1.2"), FOREIGN_NONE);
	assert_int_equal(foreign_from_metadata(NULL), FOREIGN_NONE);
	assert_string_equal(foreign_refusal(b, sizeof(b), "/dev/sdb", FOREIGN_IMSM),
			    "/dev/sdb: IMSM container metadata: IMSM/DDF containers are not supported by mdctl");
	assert_string_equal(foreign_refusal(b, sizeof(b), "/dev/loop1", FOREIGN_DDF),
			    "/dev/loop1: DDF container metadata: IMSM/DDF containers are not supported by mdctl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_imsm),
		cmocka_unit_test(test_ddf),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
