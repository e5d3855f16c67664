/* levels.c: level and layout names, parsed and printed. The raid5/6 layout
 * names --examine and --detail print (output_*.c) must be the ones --layout
 * takes back, and mdadm 4.6's: its man page, its --examine of crafted
 * superblocks (raid5 names only the first six), its --create --layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levels.h"
#include "output.h"

static void test_r56_names(void **state)
{
	(void)state;
	static const struct { uint32_t v; const char *name; } six[] = {
		{ 0, "left-asymmetric" }, { 1, "right-asymmetric" }, { 2, "left-symmetric" },
		{ 3, "right-symmetric" }, { 4, "parity-first" }, { 5, "parity-last" },
		{ 8, "ddf-zero-restart" }, { 9, "ddf-N-restart" }, { 10, "ddf-N-continue" },
		{ 16, "left-asymmetric-6" }, { 17, "right-asymmetric-6" }, { 18, "left-symmetric-6" },
		{ 19, "right-symmetric-6" }, { 20, "parity-first-6" },
	};
	char b[64];
	uint32_t v;
	for (size_t i = 0; i < sizeof(six) / sizeof(six[0]); i++) {
		layout_name(6, six[i].v, b, sizeof(b));
		assert_string_equal(b, six[i].name);
		assert_int_equal(layout_parse(6, six[i].name, &v), 0);
		assert_int_equal(v, six[i].v);
		/* raid5 knows only the first six */
		assert_int_equal(layout_parse(5, six[i].name, &v), six[i].v < 6 ? 0 : -1);
	}
	/* mdadm's short forms parse; the kernel's rotating-* names, which
	 * mdadm 4.6 does not understand, do not */
	assert_int_equal(layout_parse(5, "ls", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(layout_parse(6, "rs", &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(layout_parse(6, "rotating-zero-restart", &v), -1);
	assert_int_equal(layout_parse(6, "rotating-n-restart", &v), -1);
	assert_int_equal(layout_parse(5, "rotating-zero-restart", &v), -1);
	layout_name(6, 7, b, sizeof(b));
	assert_string_equal(b, "-unknown-");
}

/* Every Layout line --detail prints for raid5/6 parses back to its value. */
static void test_printed_layouts_parse(void **state)
{
	(void)state;
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	for (int level = 5; level <= 6; level++)
		for (uint32_t lay = 0; lay < 32; lay++) {
			char *text = NULL, name[64];
			size_t sz;
			d->level = level;
			d->layout = d->new_layout = lay;
			FILE *f = open_memstream(&text, &sz);
			assert_non_null(f);
			fmt_detail(f, d);
			fclose(f);
			const char *l = strstr(text, "            Layout : ");
			assert_non_null(l);
			assert_int_equal(sscanf(l + 21, "%63s", name), 1);
			/* the same name as levels.c gives, and it parses back */
			char want[64];
			uint32_t v;
			layout_name(level, lay, want, sizeof(want));
			assert_string_equal(name, want);
			if (strcmp(name, "-unknown-")) {
				assert_int_equal(layout_parse(level, name, &v), 0);
				assert_int_equal(v, lay);
			}
			free(text);
		}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r56_names),
		cmocka_unit_test(test_printed_layouts_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
