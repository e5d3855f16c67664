/* Unit tests for config.c (the mdctl.conf / mdadm.conf parser) and
 * config_file.c (finding and reading the files). The syntax cases were
 * checked black-box against mdadm 4.6 where noted. Runs from tests/unit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "levels.h"
#include "uuid.h"

#define U1 "01234567:89abcdef:01234567:89abcdef"
#define U2 "f3e2dd34:024eab9d:cca20805:be362414"

/* ---- helpers ---- */

static char errbuf[16384];

/* Every report is one line "mdctl: FILE:LINE: ..." and there is one per problem. */
static void check_reports(const char *out, int rc, const char *file)
{
	int lines = 0;
	char prefix[128];
	snprintf(prefix, sizeof(prefix), "mdctl: %s:", file);
	for (const char *s = out; *s; lines++) {
		const char *nl = strchr(s, '\n');
		assert_non_null(nl);
		if (strncmp(s, prefix, strlen(prefix)))
			fail_msg("report does not start with \"%s\": %.*s", prefix, (int)(nl - s), s);
		s = nl + 1;
	}
	assert_int_equal(lines, rc);
}

/* conf_parse(text) into c; the reports land in errbuf. */
static int parse(const char *text, struct mdconf *c)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	int rc = conf_parse(text, strlen(text), "t.conf", c, f);
	fclose(f);
	assert_true(rc >= 0);
	check_reports(out, rc, "t.conf");
	snprintf(errbuf, sizeof(errbuf), "%s", out);
	free(out);
	return rc;
}

static void expect_report(const char *needle)
{
	if (!strstr(errbuf, needle))
		fail_msg("reports lack \"%s\":\n%s", needle, errbuf);
}

static void uuid_of(const char *s, uint8_t u[16])
{
	assert_int_equal(uuid_parse(s, u), 0);
}

/* ---- syntax ---- */

static void test_empty(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("", &c), 0);
	assert_int_equal(c.ndevices, 0);
	assert_false(c.has_device_line);
	assert_int_equal(c.narrays, 0);
	assert_int_equal(c.homehost, HH_SYSTEM);
	assert_int_equal(c.create_mode, -1);
	assert_int_equal(c.create_names, -1);
	assert_int_equal(c.monitor_delay, -1);
	assert_string_equal(c.mailaddr, "");
	assert_int_equal(c.nauto, 0);
	conf_free(&c);
	conf_free(&c);                  /* conf_free leaves an empty config */
	assert_int_equal(parse("\n\n   \n# only a comment\n\t\n", &c), 0);
	assert_int_equal(c.narrays, 0);
	conf_free(&c);
}

static void test_keywords_abbreviated(void **state)
{
	(void)state;
	struct mdconf c;
	/* mdadm 4.6: any prefix of 3+ letters, case-insensitive, first keyword
	 * in its table wins ("MAI" is MAILADDR, "PRO" is PROGRAM) */
	assert_int_equal(parse("dev /dev/sda*\n"
			       "DEVICES /dev/sdb*\n"
			       "arr /dev/md0 uuid=" U1 "\n"
			       "MAI root\n"
			       "MAILF mdadm <root@example.org>\n"
			       "PRO /usr/bin/handler\n"
			       "HOM myhost\n"
			       "Aut +1.x -all\n"
			       "cre mode=0600\n"
			       "POL domain=a action=spare\n"
			       "PAR type=disk\n"
			       "MON 30\n", &c), 0);
	assert_int_equal(c.ndevices, 2);
	assert_int_equal(c.narrays, 1);
	assert_string_equal(c.mailaddr, "root");
	assert_string_equal(c.mailfrom, "mdadm <root@example.org>");
	assert_string_equal(c.program, "/usr/bin/handler");
	assert_int_equal(c.homehost, HH_NAME);
	assert_string_equal(c.homehost_name, "myhost");
	assert_int_equal(c.nauto, 2);
	assert_int_equal(c.create_mode, 0600);
	assert_int_equal(c.npolicies, 1);
	assert_int_equal(c.npart_policies, 1);
	assert_int_equal(c.monitor_delay, 30);
	conf_free(&c);

	/* too short, too long, unknown: reported, line ignored */
	assert_int_equal(parse("De /dev/sda\nDEVICESX /dev/sdb\nfrob foo\nARRAY /dev/md0 uuid=" U1 "\n", &c), 3);
	expect_report("t.conf:1: unknown keyword 'De'");
	expect_report("t.conf:2: unknown keyword 'DEVICESX'");
	expect_report("t.conf:3: unknown keyword 'frob'");
	assert_int_equal(c.ndevices, 0);
	assert_int_equal(c.narrays, 1);
	conf_free(&c);

	/* mdadm keywords mdctl has no use for are accepted quietly */
	assert_int_equal(parse("HOMECLUSTER c\nSYSFS name=/dev/md0 x=y\nENCRYPTION_NO_VERIFY all\nPROBING ddf_pd\n"
			       "homecl x\n", &c), 0);
	conf_free(&c);
}

static void test_comments(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("# full line\n"
			       "DEVICE /dev/a # the rest is a comment /dev/b\n"
			       "DEVICE /dev/c#d\n"             /* '#' inside a word is kept (mdadm 4.6) */
			       "DEVICE \"#\"x /dev/e#\n"
			       "   # indented comment\n"
			       "MAILADDR root#box\n", &c), 1);
	assert_int_equal(c.ndevices, 3);
	assert_string_equal(c.devices[0], "/dev/a");
	assert_string_equal(c.devices[1], "/dev/c#d");
	assert_string_equal(c.devices[2], "/dev/e#");
	expect_report("t.conf:4: DEVICE takes /dev paths");   /* "#x" is a word, not a path */
	assert_string_equal(c.mailaddr, "root#box");
	conf_free(&c);
}

static void test_continuation(void **state)
{
	(void)state;
	struct mdconf c;
	/* blank and comment-only lines do not end a logical line (mdadm 4.6) */
	assert_int_equal(parse("DEVICE /dev/a # comment\n"
			       " /dev/b\n"
			       "\n"
			       "# between\n"
			       "\t/dev/c\n"
			       "ARRAY /dev/md/home\n"
			       "   metadata=1.2\n"
			       "   UUID=" U1 "\n"
			       "   devices=/dev/sda1,/dev/sdb1\n"
			       "MAILADDR root\n", &c), 0);
	assert_int_equal(c.ndevices, 3);
	assert_string_equal(c.devices[2], "/dev/c");
	assert_int_equal(c.narrays, 1);
	assert_int_equal(c.arrays[0].line, 6);
	assert_true(c.arrays[0].has_uuid);
	assert_string_equal(c.arrays[0].metadata, "1.2");
	assert_string_equal(c.arrays[0].devices, "/dev/sda1,/dev/sdb1");
	assert_string_equal(c.mailaddr, "root");
	conf_free(&c);

	/* an indented first line is a line of its own; an indented keyword
	 * later is just another word of the line before */
	assert_int_equal(parse("  DEVICE /dev/a\nPROGRAM /bin/x\n  DEVICE /dev/b\n", &c), 1);
	assert_int_equal(c.ndevices, 1);
	assert_string_equal(c.program, "/bin/x");
	expect_report("t.conf:3: PROGRAM takes one word, 'DEVICE' and the rest ignored");
	conf_free(&c);
}

static void test_quoting(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("DEVICE \"/dev/disk/by-id/with space\" '/dev/single q' /dev/\"mid dle\"x\n"
			       "MAILFROM \"md monitor\" <root@h>\n"
			       "DEVICE '/dev/it\"s'\n", &c), 0);
	assert_int_equal(c.ndevices, 4);
	assert_string_equal(c.devices[0], "/dev/disk/by-id/with space");
	assert_string_equal(c.devices[1], "/dev/single q");
	assert_string_equal(c.devices[2], "/dev/mid dlex");
	assert_string_equal(c.devices[3], "/dev/it\"s");
	assert_string_equal(c.mailfrom, "md monitor <root@h>");
	conf_free(&c);

	/* unterminated: reported, the word runs to the end of the line */
	assert_int_equal(parse("DEVICE \"/dev/open end\nDEVICE \"\"\n", &c), 2);
	expect_report("t.conf:1: unterminated \" quote");
	expect_report("t.conf:2: DEVICE takes /dev paths, 'partitions' or 'containers', not ''");
	assert_int_equal(c.ndevices, 1);
	assert_string_equal(c.devices[0], "/dev/open end");
	conf_free(&c);
}

static void test_crlf_nul_and_length(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("MAILADDR root\r\nDEVICE /dev/a\r\n", &c), 0);
	assert_string_equal(c.mailaddr, "root");
	assert_string_equal(c.devices[0], "/dev/a");
	conf_free(&c);

	/* the text need not be NUL-terminated; NUL bytes separate words */
	static const char t[] = "DEVICE /dev/a\0/dev/b\nMAILADDR rootXXXX";
	assert_int_equal(conf_parse(t, sizeof(t) - 5, "t.conf", &c, NULL), 0);
	assert_int_equal(c.ndevices, 2);
	assert_string_equal(c.devices[1], "/dev/b");
	assert_string_equal(c.mailaddr, "root");
	conf_free(&c);

	/* err may be NULL: problems are still counted */
	assert_int_equal(conf_parse("frob\nfrob\n", 10, NULL, &c, NULL), 2);
	conf_free(&c);
}

/* ---- DEVICE ---- */

static void test_device(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("DEVICE partitions\nDEVICE Containers /dev/sd[ab]*\nDEVICE /dev/nvme*n1p?\n", &c), 0);
	assert_true(c.has_device_line);
	assert_true(c.device_partitions);
	assert_true(c.device_containers);
	assert_int_equal(c.ndevices, 2);
	assert_string_equal(c.devices[0], "/dev/sd[ab]*");
	assert_string_equal(c.devices[1], "/dev/nvme*n1p?");
	conf_free(&c);

	char long_line[600];
	snprintf(long_line, sizeof(long_line), "DEVICE sda /dev/%0300d /dev/ok\n", 0);
	assert_int_equal(parse(long_line, &c), 2);
	expect_report("t.conf:1: DEVICE takes /dev paths, 'partitions' or 'containers', not 'sda'");
	expect_report("t.conf:1: DEVICE path is too long");
	assert_int_equal(c.ndevices, 1);
	assert_string_equal(c.devices[0], "/dev/ok");
	conf_free(&c);

	assert_int_equal(parse("DEVICE\n", &c), 0);
	assert_true(c.has_device_line);
	assert_false(c.device_partitions);
	conf_free(&c);
}

/* ---- ARRAY ---- */

static void test_array_all_keys(void **state)
{
	(void)state;
	struct mdconf c;
	uint8_t u[16];
	assert_int_equal(parse("ARRAY /dev/md/data level=raid6 num-devices=6 spares=1 metadata=1.2\n"
			       "  UUID=" U1 " name=server:data spare-group=shelf1\n"
			       "  devices=/dev/sd[a-c]1 devices=/dev/sdd1\n"
			       "  auto=md bitmap=/x container=/dev/md/imsm0 member=0 type=x super-minor=3\n"
			       "ARRAY /dev/md0 level=mirror disks=2 metadata=0.90 uuid=" U2 "\n"
			       "ARRAY /dev/md/c metadata=imsm level=container UUID=" U2 "\n", &c), 0);
	assert_int_equal(c.narrays, 3);
	const struct conf_array *a = &c.arrays[0];
	uuid_of(U1, u);
	assert_int_equal(a->line, 1);
	assert_string_equal(a->devname, "/dev/md/data");
	assert_false(a->ignore);
	assert_true(a->has_uuid);
	assert_memory_equal(a->uuid, u, 16);
	assert_string_equal(a->name, "server:data");
	assert_string_equal(a->devices, "/dev/sd[a-c]1,/dev/sdd1");
	assert_int_equal(a->level, 6);
	assert_int_equal(a->raid_disks, 6);
	assert_int_equal(a->spares, 1);
	assert_string_equal(a->metadata, "1.2");
	assert_string_equal(a->spare_group, "shelf1");
	a = &c.arrays[1];
	assert_int_equal(a->line, 5);
	assert_int_equal(a->level, 1);
	assert_int_equal(a->raid_disks, 2);
	assert_int_equal(a->spares, -1);
	assert_string_equal(a->metadata, "0.90");
	assert_string_equal(a->name, "");
	assert_string_equal(a->spare_group, "");
	assert_int_equal(c.arrays[2].level, LEVEL_UNKNOWN);
	conf_free(&c);

	/* no device name: identity from the keys alone */
	assert_int_equal(parse("ARRAY uuid=" U1 "\nARRAY name=h:x\nARRAY devices=/dev/sda1\nARRAY <ignore> UUID=" U2 "\n"
			       "ARRAY /dev/md/only\n", &c), 0);
	assert_int_equal(c.narrays, 5);
	assert_string_equal(c.arrays[0].devname, "");
	assert_true(c.arrays[3].ignore);
	assert_string_equal(c.arrays[3].devname, "");
	assert_int_equal(c.arrays[4].level, LEVEL_UNKNOWN);
	assert_false(c.arrays[4].has_uuid);
	conf_free(&c);
}

/* mdadm takes the device name anywhere among an ARRAY line's words */
static void test_array_name_anywhere(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("ARRAY metadata=1.2 UUID=" U1 " /dev/md/name\n"
			       "ARRAY UUID=" U2 " <ignore>\n"
			       "ARRAY name=x /dev/md/one /dev/md/two\n", &c), 1);
	expect_report("t.conf:3: unexpected word '/dev/md/two' on ARRAY line");
	assert_int_equal(c.narrays, 3);
	assert_string_equal(c.arrays[0].devname, "/dev/md/name");
	assert_true(c.arrays[0].has_uuid);
	assert_true(c.arrays[1].ignore);
	assert_string_equal(c.arrays[2].devname, "/dev/md/one");
	conf_free(&c);
}

static void test_array_problems(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("ARRAY /dev/md0 uuid=zz\n"                              /* 1: dropped */
			       "ARRAY /dev/md1 frob=1 uuid=" U1 "\n"                   /* 2: kept */
			       "ARRAY /dev/md2 level=raid7 num-devices=x spares=-1\n" /* 3 */
			       "    metadata=frob uuid=" U2 " extra\n"                   /* 4 */
			       "ARRAY metadata=1.2\n"                                   /* 5 */
			       "ARRAY\n"                                                /* 6 */
			       "ARRAY /dev/md3 uuid=" U1 " uuid=" U2 "\n"               /* 7 */
			       "ARRAY /dev/md4 num-devices=0 level=faulty\n"           /* 8 */
			       "MAILADDR root\n", &c), 11);
	expect_report("t.conf:1: bad uuid 'zz', ARRAY line ignored");
	expect_report("t.conf:2: unknown word 'frob=1' on ARRAY line");
	expect_report("t.conf:3: unknown level 'raid7'");
	expect_report("t.conf:3: num-devices= needs a number from 1 to 1920, not 'x'");
	expect_report("t.conf:3: spares= needs a number from 0 to 1920, not '-1'");
	expect_report("t.conf:4: unknown metadata 'frob'");
	expect_report("t.conf:4: unexpected word 'extra' on ARRAY line");
	expect_report("t.conf:5: ARRAY line has no identity");
	expect_report("t.conf:6: ARRAY line has no identity");
	expect_report("t.conf:7: ARRAY line has a second, different uuid= (ignored)");
	expect_report("t.conf:8: num-devices= needs a number from 1 to 1920, not '0'");
	assert_int_equal(c.narrays, 6);
	assert_string_equal(c.arrays[0].devname, "/dev/md1");
	assert_true(c.arrays[0].has_uuid);
	assert_string_equal(c.arrays[1].devname, "/dev/md2");
	assert_int_equal(c.arrays[1].level, LEVEL_UNKNOWN);
	assert_int_equal(c.arrays[1].raid_disks, -1);
	assert_string_equal(c.arrays[1].metadata, "");
	assert_true(c.arrays[1].has_uuid);
	uint8_t u[16];
	uuid_of(U1, u);
	assert_memory_equal(c.arrays[4].uuid, u, 16);   /* the first uuid= stays */
	assert_string_equal(c.mailaddr, "root");         /* later lines still apply */
	conf_free(&c);

	/* a repeated identical uuid is harmless */
	assert_int_equal(parse("ARRAY /dev/md0 uuid=" U1 " UUID=" U1 "\n", &c), 0);
	conf_free(&c);
}

static void test_long_values(void **state)
{
	(void)state;
	struct mdconf c;
	char *t = malloc(16384);
	assert_non_null(t);
	char big[400];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	/* each value one character over its field, then far over */
	snprintf(t, 16384,
		 "ARRAY /dev/md/%.248s uuid=" U1 "\n"                    /* devname 256 chars */
		 "ARRAY /dev/md/a name=%.33s spare-group=%.64s uuid=" U2 "\n"
		 "ARRAY /dev/md/b metadata=%.16s uuid=" U2 "\n"
		 "MAILADDR %.256s\nPROGRAM %s\nMAILFROM a %.254s\nHOMEHOST %.64s\n"
		 "CREATE owner=%.32s group=%.32s\n"
		 "AUTO +%s\n",
		 big, big, big, big, big, big, big, big, big, big, big);
	int rc = parse(t, &c);
	assert_int_equal(rc, 11);
	expect_report("t.conf:1: ARRAY device name is too long (256 characters, at most 255)");
	expect_report("t.conf:2: name= is too long (33 characters, at most 32)");
	expect_report("t.conf:2: spare-group= is too long (64 characters, at most 63)");
	expect_report("t.conf:3: unknown metadata 'xxxxxxxxxxxxxxxx'");
	expect_report("t.conf:4: MAILADDR is too long");
	expect_report("t.conf:5: PROGRAM is too long");
	expect_report("t.conf:6: MAILFROM is too long");
	expect_report("t.conf:7: HOMEHOST is too long");
	expect_report("t.conf:8: CREATE owner= is too long");
	expect_report("t.conf:8: CREATE group= is too long");
	/* +399 x is reported as too long, shown shortened */
	assert_non_null(strstr(errbuf, "AUTO word '+xxx"));
	assert_non_null(strstr(errbuf, "...' is too long"));
	assert_int_equal(c.narrays, 3);
	assert_string_equal(c.arrays[0].devname, "");       /* value dropped, line kept */
	assert_string_equal(c.arrays[1].name, "");
	assert_string_equal(c.mailaddr, "");
	assert_string_equal(c.mailfrom, "");
	assert_int_equal(c.homehost, HH_SYSTEM);
	assert_int_equal(c.nauto, 0);
	conf_free(&c);

	/* exactly the field size minus one fits */
	snprintf(t, 16384, "ARRAY /dev/md/%.247s name=%.32s spare-group=%.63s uuid=" U1 "\nMAILADDR %.255s\n"
		 "MAILFROM %.127s %.127s\n", big, big, big, big, big, big);
	assert_int_equal(parse(t, &c), 0);
	assert_int_equal(strlen(c.arrays[0].devname), 255);
	assert_int_equal(strlen(c.arrays[0].name), 32);
	assert_int_equal(strlen(c.arrays[0].spare_group), 63);
	assert_int_equal(strlen(c.mailaddr), 255);
	assert_int_equal(strlen(c.mailfrom), 255);
	conf_free(&c);

	/* devices= words join up to the field size; the one that overflows is dropped */
	size_t n = (size_t)snprintf(t, 16384, "ARRAY /dev/md0 uuid=" U1);
	for (int i = 0; i < 120; i++)
		n += (size_t)snprintf(t + n, 16384 - n, " devices=/dev/sd%03d", i);
	snprintf(t + n, 16384 - n, "\n");
	rc = parse(t, &c);
	assert_true(rc > 0);
	expect_report("devices= list is too long");
	assert_true(strlen(c.arrays[0].devices) < sizeof(c.arrays[0].devices));
	assert_true(strlen(c.arrays[0].devices) > 900);
	conf_free(&c);

	/* a report shows at most 64 characters of a word, and only printable ones */
	snprintf(t, 16384, "\x1b[31m%s\n", big);
	assert_int_equal(parse(t, &c), 1);
	assert_null(strchr(errbuf, '\x1b'));
	assert_true(strlen(errbuf) < 140);
	conf_free(&c);
	free(t);
}

static void test_line_numbers(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("# header\n"                                    /* 1 */
			       "MAILADDR root\n"                               /* 2 */
			       "\n"                                            /* 3 */
			       "ARRAY /dev/md/a\n"                             /* 4 */
			       "\n"                                            /* 5 */
			       "   level=bogus\n"                              /* 6: on its own line */
			       "   uuid=" U1 "\n"                              /* 7 */
			       "CREATE mode=0999\n"                            /* 8 */
			       "ARRAY /dev/md/b uuid=" U2 "\n"                 /* 9 */
			       "AUTO 1.x\n"                                    /* 10 */
			       "PROGRAM /bin/prog\n", &c), 3);                 /* 11 */
	expect_report("t.conf:6: unknown level 'bogus'");
	expect_report("t.conf:8: CREATE mode= needs an octal mode such as 0660, not '0999'");
	expect_report("t.conf:10: AUTO word '1.x' is neither homehost nor +type/-type");
	assert_int_equal(c.narrays, 2);
	assert_int_equal(c.arrays[0].line, 4);
	assert_int_equal(c.arrays[1].line, 9);
	assert_string_equal(c.program, "/bin/prog");
	assert_int_equal(c.create_mode, -1);
	conf_free(&c);
}

/* ---- other keywords ---- */

static void test_homehost(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("HOMEHOST <none>\n", &c), 0);
	assert_int_equal(c.homehost, HH_NONE);
	conf_free(&c);
	assert_int_equal(parse("homehost <IGNORE>\n", &c), 0);
	assert_int_equal(c.homehost, HH_IGNORE);
	conf_free(&c);
	assert_int_equal(parse("HOMEHOST <system>\n", &c), 0);
	assert_int_equal(c.homehost, HH_SYSTEM);
	conf_free(&c);
	assert_int_equal(parse("HOMEHOST box1 box2\nHOMEHOST other\nHOMEHOST\n", &c), 3);
	expect_report("t.conf:1: HOMEHOST takes one word, 'box2' and the rest ignored");
	expect_report("t.conf:2: HOMEHOST given again, the first one stays");
	expect_report("t.conf:3: HOMEHOST needs a value");
	assert_int_equal(c.homehost, HH_NAME);
	assert_string_equal(c.homehost_name, "box1");
	conf_free(&c);
}

static void test_mail_program(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("MAILADDR root@example.org other@example.org\n"
			       "MAILADDR second@example.org\n"
			       "MAILFROM mdadm monitoring <md@example.org>\n"
			       "MAILFROM again\n"
			       "PROGRAM /usr/sbin/handle-md-event\n"
			       "PROGRAM /bin/other\n"
			       "MAILADDR\n", &c), 5);
	expect_report("t.conf:1: MAILADDR takes one word, 'other@example.org' and the rest ignored");
	expect_report("t.conf:2: MAILADDR given again, the first one stays");
	expect_report("t.conf:4: MAILFROM given again");
	expect_report("t.conf:6: PROGRAM given again");
	expect_report("t.conf:7: MAILADDR needs a value");
	assert_string_equal(c.mailaddr, "root@example.org");
	assert_string_equal(c.mailfrom, "mdadm monitoring <md@example.org>");
	assert_string_equal(c.program, "/usr/sbin/handle-md-event");
	conf_free(&c);
}

static void test_create(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("CREATE owner=root group=disk mode=0660 auto=yes names=yes\n"
			       "  metadata=1.2 symlinks=no bbl=no\n", &c), 0);
	assert_string_equal(c.create_owner, "root");
	assert_string_equal(c.create_group, "disk");
	assert_int_equal(c.create_mode, 0660);
	assert_int_equal(c.create_names, 1);
	conf_free(&c);
	assert_int_equal(parse("CREATE NAMES=no MODE=640\n", &c), 0);
	assert_int_equal(c.create_names, 0);
	assert_int_equal(c.create_mode, 0640);
	conf_free(&c);
	/* mdadm 4.6 reports the same words */
	assert_int_equal(parse("CREATE mode=999 names=maybe frob=1 owner= mode=17777 mode=\n", &c), 6);
	expect_report("not '999'");
	expect_report("CREATE names= is yes or no, not 'maybe'");
	expect_report("unknown word 'frob=1' on CREATE line");
	expect_report("CREATE owner= needs a user name");
	expect_report("not '17777'");
	expect_report("not ''");
	assert_int_equal(c.create_mode, -1);
	assert_int_equal(c.create_names, -1);
	conf_free(&c);
}

static void test_auto(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("AUTO +1.x homehost -all\n", &c), 0);
	assert_int_equal(c.nauto, 3);
	assert_string_equal(c.auto_tok[0], "+1.x");
	assert_true(conf_auto_allows(&c, "1.2", false));
	assert_true(conf_auto_allows(&c, "1.0", false));
	assert_true(conf_auto_allows(&c, "0.90", true));       /* homehost */
	assert_false(conf_auto_allows(&c, "0.90", false));     /* -all */
	assert_false(conf_auto_allows(&c, "imsm", false));
	conf_free(&c);

	assert_int_equal(parse("AUTO -1.x +ALL\n", &c), 0);
	assert_string_equal(c.auto_tok[1], "+all");            /* lower-cased */
	assert_false(conf_auto_allows(&c, "1.2", true));
	assert_true(conf_auto_allows(&c, "0.90", false));
	conf_free(&c);

	/* exact versions, first match wins, no match allows */
	assert_int_equal(parse("AUTO -1.1 +1.2\nAUTO -0.90 +ddf\n", &c), 0);
	assert_int_equal(c.nauto, 4);
	assert_false(conf_auto_allows(&c, "1.1", true));
	assert_true(conf_auto_allows(&c, "1.2", false));
	assert_true(conf_auto_allows(&c, "1.0", false));
	assert_false(conf_auto_allows(&c, "0.90", true));
	assert_true(conf_auto_allows(&c, NULL, false));
	conf_free(&c);

	assert_int_equal(parse("", &c), 0);
	assert_true(conf_auto_allows(&c, "1.2", false));
	conf_free(&c);

	assert_int_equal(parse("AUTO homehost -all\n", &c), 0);
	assert_true(conf_auto_allows(&c, "1.2", true));
	assert_false(conf_auto_allows(&c, "1.2", false));
	conf_free(&c);

	/* more than CONF_MAX_AUTO: the first ones are kept */
	char t[512] = "AUTO";
	for (int i = 0; i < CONF_MAX_AUTO + 3; i++)
		snprintf(t + strlen(t), sizeof(t) - strlen(t), " +t%d", i);
	strcat(t, "\nAUTO -all\n");
	assert_int_equal(parse(t, &c), 2);
	expect_report("t.conf:1: more than 16 AUTO words, '+t16' and the rest ignored");
	expect_report("t.conf:2: more than 16 AUTO words, '-all'");
	assert_int_equal(c.nauto, CONF_MAX_AUTO);
	assert_string_equal(c.auto_tok[15], "+t15");
	conf_free(&c);

	assert_int_equal(parse("AUTO + - yes\n", &c), 3);
	assert_int_equal(c.nauto, 0);
	conf_free(&c);
}

static void test_policy_and_delay(void **state)
{
	(void)state;
	struct mdconf c;
	assert_int_equal(parse("POLICY domain=shelf metadata=imsm\n"
			       "   path=pci-0000:00:1f.2-ata-* action=spare\n"
			       "PART-POLICY type=gpt path=pci-0000:00:1f.2-ata-* spare-same-slot\n"
			       "policy action=re-add\n"
			       "MONITORDELAY 120\n", &c), 0);
	assert_int_equal(c.npolicies, 2);
	assert_string_equal(c.policies[0], "domain=shelf metadata=imsm path=pci-0000:00:1f.2-ata-* action=spare");
	assert_string_equal(c.policies[1], "action=re-add");
	assert_int_equal(c.npart_policies, 1);
	assert_string_equal(c.part_policies[0], "type=gpt path=pci-0000:00:1f.2-ata-* spare-same-slot");
	assert_int_equal(c.monitor_delay, 120);
	conf_free(&c);
	assert_int_equal(parse("POLICY\nMONITORDELAY soon\nMONITORDELAY 0\n", &c), 3);
	expect_report("t.conf:1: POLICY line is empty");
	expect_report("t.conf:2: MONITORDELAY needs seconds from 1 to 86400, not 'soon'");
	assert_int_equal(c.monitor_delay, -1);
	conf_free(&c);
}

/* ---- lookup ---- */

static void test_find_array(void **state)
{
	(void)state;
	struct mdconf c;
	uint8_t u1[16], u2[16], u3[16];
	uuid_of(U1, u1);
	uuid_of(U2, u2);
	uuid_of("11111111:22222222:33333333:44444444", u3);
	assert_int_equal(parse("ARRAY /dev/md0 uuid=" U1 " spare-group=g0\n"
			       "ARRAY /dev/md/home uuid=" U2 " spare-group=g1\n"
			       "ARRAY /dev/md1 spare-group=g2\n"
			       "ARRAY md2 devices=/dev/sdx1\n"
			       "ARRAY md/data devices=/dev/sdy1\n"
			       "ARRAY <ignore> uuid=11111111:22222222:33333333:44444444\n", &c), 0);
	/* uuid first, whatever the name */
	assert_string_equal(conf_find_array(&c, u2, "/dev/md0")->spare_group, "g1");
	assert_string_equal(conf_find_array(&c, u1, NULL)->spare_group, "g0");
	assert_true(conf_find_array(&c, u3, "/dev/md0")->ignore);
	/* then the name */
	assert_string_equal(conf_find_array(&c, NULL, "/dev/md/home")->spare_group, "g1");
	assert_string_equal(conf_find_array(&c, NULL, "/dev/md1")->spare_group, "g2");
	assert_string_equal(conf_find_array(&c, NULL, "md1")->spare_group, "g2");
	assert_string_equal(conf_find_array(&c, NULL, "/dev/md2")->devices, "/dev/sdx1");
	assert_string_equal(conf_find_array(&c, NULL, "/dev/md/data")->devices, "/dev/sdy1");
	assert_string_equal(conf_find_array(&c, NULL, "data")->devices, "/dev/sdy1");
	/* an unknown uuid still finds a line that names no uuid... */
	uint8_t other[16] = { 9 };
	assert_string_equal(conf_find_array(&c, other, "/dev/md1")->spare_group, "g2");
	/* ...but not a line that names another uuid */
	assert_null(conf_find_array(&c, other, "/dev/md0"));
	assert_null(conf_find_array(&c, NULL, "/dev/md9"));
	assert_null(conf_find_array(&c, NULL, ""));
	assert_null(conf_find_array(&c, NULL, NULL));
	conf_free(&c);
}

/* ---- a whole file ---- */

/* Laid out like the file Debian's mkconf writes, with ARRAY lines as
 * mdadm --detail --scan and mdadm --examine --scan -v print them. */
static const char debian_conf[] =
	"# mdadm.conf\n"
	"#\n"
	"# Rebuild the initramfs after changing this file.\n"
	"#\n"
	"\n"
	"# Without a DEVICE line every partition and container is scanned.\n"
	"#DEVICE partitions containers\n"
	"\n"
	"# new arrays are tagged with this system's name\n"
	"HOMEHOST <system>\n"
	"\n"
	"# where the monitor sends mail\n"
	"MAILADDR root\n"
	"\n"
	"# the arrays\n"
	"ARRAY /dev/md/home metadata=1.2 UUID=" U1 " name=host:home\n"
	"ARRAY /dev/md/0  metadata=1.2 UUID=" U2 " name=host:0\n"
	"ARRAY /dev/md/v11_raid6_64M  level=raid6 metadata=1.1 num-devices=4 UUID=1f98906d:c9f943a7:266f113d:84ed4bfa\n"
	"   devices=/dev/sda1,/dev/sdb1,/dev/sdc1,/dev/sdd1\n"
	"\n"
	"# written on Mon, 01 Jan 2024 by mkconf\n";

static void test_debian_conf(void **state)
{
	(void)state;
	struct mdconf c;
	uint8_t u[16];
	assert_int_equal(parse(debian_conf, &c), 0);
	assert_false(c.has_device_line);
	assert_int_equal(c.homehost, HH_SYSTEM);
	assert_string_equal(c.mailaddr, "root");
	assert_int_equal(c.narrays, 3);
	assert_string_equal(c.arrays[0].devname, "/dev/md/home");
	assert_string_equal(c.arrays[0].name, "host:home");
	assert_string_equal(c.arrays[0].metadata, "1.2");
	assert_int_equal(c.arrays[0].line, 16);
	assert_string_equal(c.arrays[1].name, "host:0");
	assert_int_equal(c.arrays[2].level, 6);
	assert_int_equal(c.arrays[2].raid_disks, 4);
	assert_string_equal(c.arrays[2].devices, "/dev/sda1,/dev/sdb1,/dev/sdc1,/dev/sdd1");
	uuid_of(U2, u);
	assert_ptr_equal(conf_find_array(&c, u, NULL), &c.arrays[1]);
	assert_ptr_equal(conf_find_array(&c, NULL, "/dev/md/0"), &c.arrays[1]);
	conf_free(&c);
}

static void test_append(void **state)
{
	(void)state;
	struct mdconf c;
	conf_init(&c);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	assert_int_equal(conf_parse_append("DEVICE /dev/a\nMAILADDR one\n", 27, "a.conf", &c, f), 0);
	/* a continuation does not reach into the next file */
	assert_int_equal(conf_parse_append("  /dev/b\nMAILADDR two\nfrob\n", 27, "b.conf", &c, f), 3);
	fclose(f);
	assert_non_null(strstr(out, "mdctl: b.conf:1: unknown keyword '/dev/b'"));
	assert_non_null(strstr(out, "mdctl: b.conf:2: MAILADDR given again"));
	assert_non_null(strstr(out, "mdctl: b.conf:3: unknown keyword 'frob'"));
	free(out);
	assert_int_equal(c.ndevices, 1);
	assert_string_equal(c.mailaddr, "one");
	conf_free(&c);
}

/* ---- config_file.c ---- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/mdctl-conf-XXXXXX", p[256];
	struct mdconf c;
	assert_non_null(mkdtemp(dir));

	/* special words */
	assert_int_equal(conf_load("none", &c), 0);
	assert_false(c.has_device_line);
	conf_free(&c);
	assert_int_equal(conf_load("partitions", &c), 0);
	assert_true(c.has_device_line);
	assert_true(c.device_partitions);
	assert_int_equal(c.ndevices, 0);
	conf_free(&c);

	/* one file; problems are counted */
	snprintf(p, sizeof(p), "%s/one", dir);
	write_file(p, "MAILADDR root\nfrob\nARRAY /dev/md0 uuid=" U1 "\n");
	assert_int_equal(conf_load(p, &c), 1);
	assert_string_equal(c.mailaddr, "root");
	assert_int_equal(c.narrays, 1);
	conf_free(&c);

	/* a named file that is missing is an error, and c is left empty */
	snprintf(p, sizeof(p), "%s/missing", dir);
	assert_int_equal(conf_load(p, &c), -1);
	assert_int_equal(c.narrays, 0);
	conf_free(&c);

	/* too large */
	snprintf(p, sizeof(p), "%s/big", dir);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	for (unsigned i = 0; i <= CONF_FILE_MAX / 16; i++)
		fputs("# padding line.\n", f);
	fclose(f);
	assert_int_equal(conf_load(p, &c), -1);
	conf_free(&c);
	unlink(p);

	/* a directory: *.conf in byte order, hidden files, other names and
	 * subdirectories skipped (as mdadm 4.6 does) */
	char d[64];
	snprintf(d, sizeof(d), "%s/conf.d", dir);
	assert_int_equal(mkdir(d, 0700), 0);
	snprintf(p, sizeof(p), "%s/b.conf", d);
	write_file(p, "DEVICE /dev/b\nMAILADDR from-b\n");
	snprintf(p, sizeof(p), "%s/B.conf", d);
	write_file(p, "DEVICE /dev/B\n");
	snprintf(p, sizeof(p), "%s/a.conf", d);
	write_file(p, "DEVICE /dev/a\nMAILADDR from-a\nARRAY /dev/md0 uuid=" U1 "\n");
	snprintf(p, sizeof(p), "%s/.hidden.conf", d);
	write_file(p, "DEVICE /dev/hidden\n");
	snprintf(p, sizeof(p), "%s/.conf", d);
	write_file(p, "DEVICE /dev/dot\n");
	snprintf(p, sizeof(p), "%s/c.conf~", d);
	write_file(p, "DEVICE /dev/backup\n");
	snprintf(p, sizeof(p), "%s/sub.conf", d);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(conf_load(d, &c), 1);            /* MAILADDR twice */
	assert_int_equal(c.ndevices, 3);
	assert_string_equal(c.devices[0], "/dev/B");
	assert_string_equal(c.devices[1], "/dev/a");
	assert_string_equal(c.devices[2], "/dev/b");
	assert_string_equal(c.mailaddr, "from-a");
	assert_int_equal(c.narrays, 1);
	conf_free(&c);

	/* an empty directory is an empty config */
	assert_int_equal(conf_load(p, &c), 0);
	assert_int_equal(c.ndevices, 0);
	conf_free(&c);

	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_keywords_abbreviated),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_crlf_nul_and_length),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_array_all_keys),
		cmocka_unit_test(test_array_problems),
		cmocka_unit_test(test_array_name_anywhere),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_homehost),
		cmocka_unit_test(test_mail_program),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_auto),
		cmocka_unit_test(test_policy_and_delay),
		cmocka_unit_test(test_find_array),
		cmocka_unit_test(test_debian_conf),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
