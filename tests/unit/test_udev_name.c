/* Unit tests for udev_name.c: names from on-disk metadata on their way to
 * /dev/md/ links and udev properties. The mapping of ' ' and '/' and the
 * host/foreign rules were checked black-box against mdadm 4.6 -I --export. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "udev_name.h"

static void test_name_ok(void **state)
{
	(void)state;
	static const char *good[] = { "home", "a-b", "x:home", "a.b", "A_1+2", "0", "md_x", "a..b",
				      "abcdefghijabcdefghijabcdefghij12" /* 32 */ };
	static const char *bad[] = { "", ".", "..", ".hid", "-x", "a b", "a/b", "a$b", "a\"b", "a'b",
				     "a\\b", "a\nb", "a%b", "a*b", "a;b", "a=b", "a,b", "a`b", "\xc3\xa9", "a\tb",
				     "a\x7f", "abcdefghijabcdefghijabcdefghij123" /* 33 */ };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!udev_name_ok(good[i]))
			fail_msg("refused '%s'", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (udev_name_ok(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_false(udev_name_ok(NULL));
	/* values may be longer (our suffix), with the same bytes */
	assert_true(udev_value_ok("abcdefghijabcdefghijabcdefghij12_0"));
	assert_false(udev_name_ok("abcdefghijabcdefghijabcdefghij12_0"));
	assert_false(udev_value_ok("a/b"));
}

static void test_path_ok(void **state)
{
	(void)state;
	static const char *good[] = { "/dev/md/home", "/dev/md0", "md0", "/dev/disk/by-id/md-name-x:y",
				      "/dev/md/a..b" };
	static const char *bad[] = { "", "/", "/dev/md/", "/dev/md/..", "/dev/md/../../etc/x", "/dev//md0",
				     "/dev/md/.", "/dev/md/a b", "/dev/md/a\nb", "/dev/md/#a", "/dev/md/a=b",
				     "/dev/md/\"a\"", "/dev/md/-x", "../md0", "/dev/md/abcdefghijabcdefghijabcdefghij123" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!udev_path_ok(good[i]))
			fail_msg("refused '%s'", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (udev_path_ok(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_false(udev_path_ok(NULL));
	char longp[UDEV_PATH_MAX + 2];
	memset(longp, 'a', sizeof(longp) - 1);
	for (size_t i = 0; i + 1 < sizeof(longp); i += 20)
		longp[i] = '/';
	longp[sizeof(longp) - 1] = '\0';
	assert_false(udev_path_ok(longp));
	longp[UDEV_PATH_MAX] = '\0';
	assert_true(udev_path_ok(longp));
}

static void test_from_disk(void **state)
{
	(void)state;
	char out[UDEV_NAME_MAX + 1];
	assert_int_equal(udev_name_from_disk("a b", 3, out, sizeof(out)), 0);
	assert_string_equal(out, "a_b");
	assert_int_equal(udev_name_from_disk("a/b", 3, out, sizeof(out)), 0);
	assert_string_equal(out, "a-b");
	/* len bounds the read; a NUL stops it earlier */
	assert_int_equal(udev_name_from_disk("homeXXX", 4, out, sizeof(out)), 0);
	assert_string_equal(out, "home");
	assert_int_equal(udev_name_from_disk("ho\0me", 5, out, sizeof(out)), 0);
	assert_string_equal(out, "ho");
	/* 32 bytes without a NUL, as set_name can be on disk */
	char raw[32];
	memset(raw, 'z', sizeof(raw));
	assert_int_equal(udev_name_from_disk(raw, sizeof(raw), out, sizeof(out)), 0);
	assert_int_equal(strlen(out), 32);
	static const char *bad[] = { "", "..", "x$(reboot)", "a\nMD_STARTED=yes", "q\"q", "%s", "\\x41", "-rf" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(out, "junk");
		assert_int_equal(udev_name_from_disk(bad[i], strlen(bad[i]), out, sizeof(out)), -1);
		assert_string_equal(out, "");
	}
	/* " .." would become "_.." : fine; "/.." becomes "-.." : refused (leading '-') */
	assert_int_equal(udev_name_from_disk(" ..", 3, out, sizeof(out)), 0);
	assert_int_equal(udev_name_from_disk("/..", 3, out, sizeof(out)), -1);
	/* too small an output buffer */
	assert_int_equal(udev_name_from_disk("home", 4, out, 4), -1);
}

static void test_link_name(void **state)
{
	(void)state;
	struct md_link_name ln;
	md_link_name_for("myhost:home", 32, "myhost", false, &ln);
	assert_string_equal(ln.link, "home");
	assert_false(ln.foreign);
	assert_false(ln.needs_suffix);

	md_link_name_for("other:data", 32, "myhost", false, &ln);
	assert_string_equal(ln.link, "other:data");
	assert_true(ln.foreign);
	assert_false(ln.needs_suffix);

	md_link_name_for("bare", 32, "myhost", false, &ln);
	assert_string_equal(ln.link, "bare");
	assert_true(ln.foreign);
	assert_true(ln.needs_suffix);

	/* a host name that is a prefix of ours is not ours */
	md_link_name_for("myhos:home", 32, "myhost", false, &ln);
	assert_true(ln.foreign);
	md_link_name_for("myhostx:home", 32, "myhost", false, &ln);
	assert_true(ln.foreign);

	/* HOMEHOST <ignore>: everything local, host dropped */
	md_link_name_for("other:data", 32, "", true, &ln);
	assert_string_equal(ln.link, "data");
	assert_false(ln.foreign);

	/* no homehost: nothing is ours */
	md_link_name_for("myhost:home", 32, "", false, &ln);
	assert_true(ln.foreign);
	assert_string_equal(ln.link, "myhost:home");

	/* hostile names fall back (empty link) but keep the foreign verdict */
	md_link_name_for("myhost:a$(reboot)", 32, "myhost", false, &ln);
	assert_string_equal(ln.link, "");
	assert_false(ln.foreign);
	md_link_name_for("x:..", 32, "x", false, &ln);
	assert_string_equal(ln.link, "");
	/* a stranger's HOST:NAME keeps the host, but NAME must be a name too */
	md_link_name_for("host:..", 32, "x", false, &ln);
	assert_string_equal(ln.link, "");
	assert_true(ln.foreign);
	md_link_name_for("host:.", 32, "x", false, &ln);
	assert_string_equal(ln.link, "");
	md_link_name_for("host:", 32, "x", false, &ln);
	assert_string_equal(ln.link, "");
	md_link_name_for("", 32, "x", false, &ln);
	assert_string_equal(ln.link, "");
	md_link_name_for("x:", 32, "x", false, &ln);
	assert_string_equal(ln.link, "");
	md_link_name_for("myhost:a b", 32, "myhost", false, &ln);
	assert_string_equal(ln.link, "a_b");
}

static void test_export_line(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(udev_export_line(out, sizeof(out), "MD_DEVNAME", "home"), 16);
	assert_string_equal(out, "MD_DEVNAME=home\n");
	assert_int_equal(udev_export_line(out, sizeof(out), "MD_DEVNAME", "a b"), -1);
	assert_int_equal(udev_export_line(out, sizeof(out), "MD_DEVNAME", "a\nB=1"), -1);
	assert_int_equal(udev_export_line(out, sizeof(out), "MD_DEVNAME", ""), -1);
	assert_int_equal(udev_export_line(out, sizeof(out), "md_devname", "home"), -1);
	assert_int_equal(udev_export_line(out, sizeof(out), "", "home"), -1);
	assert_int_equal(udev_export_line(out, sizeof(out), "MD=X", "home"), -1);
	assert_int_equal(udev_export_line(out, 8, "MD_DEVNAME", "home"), -1);
	assert_int_equal(udev_export_line(out, sizeof(out), "MD_STARTED", "unsafe"), 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test(test_path_ok),
		cmocka_unit_test(test_from_disk),
		cmocka_unit_test(test_link_name),
		cmocka_unit_test(test_export_line),
	};
	return cmocka_run_group_tests_name("udev_name", tests, NULL, NULL);
}
