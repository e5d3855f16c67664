/* ARRAY lines of --examine --brief/--scan and --detail --brief/--scan go
 * into mdadm.conf, and the array name in them comes from a member's
 * superblock, which any device can forge. Each line rendered here for a
 * hostile name is read back by config.c's parser: it must give exactly one
 * ARRAY entry, with the array's UUID, no problem reports, and a device name
 * that is either absent or /dev/md/NAME with NAME the array's own (short)
 * name, never a path that leaves /dev/md/. Normal names keep mdadm 4.6's
 * form (the golden tests in test_output.c hold those byte for byte). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "output.h"
#include "super1.h"

#define CAPTURE(buf, call) do { \
	size_t _sz; FILE *f = open_memstream(&(buf), &_sz); assert_non_null(f); \
	call; fclose(f); } while (0)

static const uint8_t UUID[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

/* Names a hostile member may carry in set_name (at most 32 bytes). */
static const char *const hostile[] = {
	"a\nARRAY /dev/sda UUID=ffffffff:ffffffff:ffffffff:ffffffff",
	"h:x\nARRAY /dev/md/y", "a\rb", "a\tb", "a\001b", "\033[2Jx", "a\177b",
	"a b", "h:a b", " ", "a\"b", "\"", "a'b", "'", "a#b", "#a", "h:#a", "a=b", "uuid=x",
	"a/b", "h:a/b", "/etc/x", ".", "..", "h:.", "h:..", "../../etc/x", "h:../../etc/x",
	"", "h:", "-x", "h:.hidden", "a\\b", "$(reboot)", "%s",
};
/* Names that must come out as mdadm 4.6 prints them. */
static const struct { const char *set_name, *devname; } normal[] = {
	{ "mdvm:r6", "/dev/md/r6" }, { "data", "/dev/md/data" }, { "h:a.b_c-d+e", "/dev/md/a.b_c-d+e" },
	{ "h:a:b", "/dev/md/a:b" }, { "0", "/dev/md/0" },
};

/* The line(s) read back: one ARRAY entry, this UUID, no reports; its device
 * name is returned (static). */
static const char *parse_back(const char *text)
{
	static char devname[CONF_PATH_MAX];
	struct mdconf c;
	int problems = conf_parse(text, strlen(text), "t.conf", &c, stderr);
	if (problems || c.narrays != 1)
		fail_msg("%d problems, %d ARRAY entries from:\n%s", problems, c.narrays, text);
	assert_true(c.arrays[0].has_uuid);
	assert_memory_equal(c.arrays[0].uuid, UUID, 16);
	snprintf(devname, sizeof(devname), "%s", c.arrays[0].devname);
	conf_free(&c);
	return devname;
}

/* Absent, or /dev/md/ + want (want NULL: any name that stays in /dev/md/). */
static void check_devname(const char *devname, const char *want, const char *text)
{
	if (!devname[0])
		return;
	if (strncmp(devname, "/dev/md/", 8) || strchr(devname + 8, '/') || !devname[8] ||
	    !strcmp(devname + 8, ".") || !strcmp(devname + 8, ".."))
		fail_msg("device name '%s' leaves /dev/md/ in:\n%s", devname, text);
	if (want && strcmp(devname + 8, want))
		fail_msg("device name '%s' is not /dev/md/%s in:\n%s", devname, want, text);
}

static struct sb1 *sb_named(const char *name)
{
	static struct sb1 sb;
	memset(&sb, 0, sizeof(sb));
	sb.level = 1;
	sb.raid_disks = 2;
	memcpy(sb.set_uuid, UUID, 16);
	snprintf(sb.set_name, sizeof(sb.set_name), "%s", name);
	return &sb;
}

static void examine_one(const struct sb1 *sb, const char *want)
{
	for (int form = 0; form < 3; form++) {
		char *text;
		CAPTURE(text, fmt_examine_brief(f, sb, 2, form > 0, form == 2 ? 1 : 0,
						form ? "/dev/loop0,/dev/loop1" : NULL));
		const char *short_name = strchr(sb->set_name, ':') ? strchr(sb->set_name, ':') + 1 : sb->set_name;
		const char *devname = parse_back(text);
		check_devname(devname, short_name, text);
		if (want)
			assert_string_equal(devname, want);
		free(text);
	}
}

static void test_examine_brief_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		examine_one(sb_named(hostile[i]), NULL);
	for (size_t i = 0; i < sizeof(normal) / sizeof(normal[0]); i++)
		examine_one(sb_named(normal[i].set_name), normal[i].devname);
	/* 32 bytes with no NUL on disk: decoded to 32 characters */
	struct sb1 *sb = sb_named("");
	memset(sb->set_name, 'n', 32);
	sb->set_name[32] = '\0';
	examine_one(sb, "/dev/md/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn");
	memset(sb->set_name, '/', 32);
	examine_one(sb, "");
	/* no name at all: the UUID-only form mdadm prints */
	char *text;
	CAPTURE(text, fmt_examine_brief(f, sb_named(""), 2, false, 0, NULL));
	assert_string_equal(text, "ARRAY  metadata=1.2 UUID=01020304:05060708:090a0b0c:0d0e0f10\n");
	free(text);
}

static struct md_detail *detail_linked(const char *link)
{
	static struct md_detail d;
	memset(&d, 0, sizeof(d));
	snprintf(d.kname, sizeof(d.kname), "md127");
	snprintf(d.metadata, sizeof(d.metadata), "1.2");
	snprintf(d.link, sizeof(d.link), "%s", link);
	d.level = 1;
	d.raid_disks = 2;
	d.have_sb = true;
	memcpy(d.uuid, UUID, 16);
	return &d;
}

/* No "." or ".." component: the path cannot climb out of where it starts. */
static bool no_dot_component(const char *p)
{
	for (const char *c = p; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL) {
		size_t n = strcspn(c, "/");
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
	}
	return true;
}

/* --detail --scan names the array by its /dev/md/ link (detail_array_path);
 * --detail --brief by the path given (given: then that path, or the kernel
 * name). Either way the line must read back. */
static void detail_one(struct md_detail *d, const char *want, bool given)
{
	for (int verbose = 0; verbose < 2; verbose++) {
		char *text;
		CAPTURE(text, fmt_detail_brief(f, d, verbose));
		/* the devices= line is not an ARRAY line; drop it */
		char *nl = strchr(text, '\n');
		if (nl)
			nl[1] = '\0';
		const char *devname = parse_back(text);
		if (!strcmp(devname, "/dev/md127"))
			;
		else if (given && (strcmp(devname, d->devpath) || !no_dot_component(devname)))
			fail_msg("device name '%s' is not the path given, in:\n%s", devname, text);
		else if (!given)
			check_devname(devname, d->link, text);
		if (want)
			assert_string_equal(devname, want);
		free(text);
	}
}

static void test_detail_brief_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct md_detail *d = detail_linked(hostile[i]);
		detail_array_path(d, d->devpath, sizeof(d->devpath));
		detail_one(d, NULL, false);
		/* the same text given as the path on the command line */
		snprintf(d->devpath, sizeof(d->devpath), "/dev/md/%s", hostile[i]);
		detail_one(d, NULL, true);
	}
	struct md_detail *d = detail_linked("r1");
	detail_array_path(d, d->devpath, sizeof(d->devpath));
	detail_one(d, "/dev/md/r1", false);
	snprintf(d->devpath, sizeof(d->devpath), "/dev/md0");   /* as given: kept */
	detail_one(d, "/dev/md0", true);
	snprintf(d->devpath, sizeof(d->devpath), "/dev/md/../../etc/x");
	detail_one(d, "/dev/md127", true);
	d = detail_linked("");
	detail_array_path(d, d->devpath, sizeof(d->devpath));
	detail_one(d, "/dev/md127", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examine_brief_names),
		cmocka_unit_test(test_detail_brief_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
