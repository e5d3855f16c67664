/* output_examine.c and output_detail.c against mdadm 4.6 output captured from the same superblocks.
 *
 * fixtures/output/<array>/ (arrays created by mdadm 4.6 in the test VM):
 *   <member>.sb/.bm/.meta   the member's superblock (4 KiB), bitmap header, size
 *   E.<member> Ex.<member> Eb.<member>   mdadm --examine, --export, --brief
 *   dump                    GET_ARRAY_INFO, GET_DISK_INFO and md sysfs (test_json.c)
 * --detail, --query and their forms are checked by test_mdstate.c, which runs
 * the array-state model itself over sysfs trees captured in the VM.
 * fixtures/output/crafted/: superblocks from mksb.py and mdadm's --examine of
 * them on the host (make.sh): <name>.sb/.bm/.meta and <name>.E/.Ex/.Eb.
 * The only line mdctl adds is "Logical Block Size"; --query names mdctl. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <linux/raid/md_p.h>
#include "bitmap.h"
#include "output.h"
#include "sizes.h"
#include "super1.h"

/* Fixture paths are short; truncation would only fail a lookup. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define FIX "fixtures/output"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	size_t n = 0, cap = 0;
	int c;
	while ((c = fgetc(f)) != EOF) {
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 4096;
			b = realloc(b, cap);
			assert_non_null(b);
		}
		b[n++] = (char)c;
	}
	fclose(f);
	if (!b)
		b = calloc(1, 1);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

/* Run a formatter into memory. */
#define CAPTURE(buf, call) do { \
	size_t _sz; FILE *f = open_memstream(&(buf), &_sz); assert_non_null(f); \
	call; fclose(f); } while (0)

static void drop_lines(char *s, const char *prefix)
{
	char *p = s;
	size_t pl = strlen(prefix);
	while (*p) {
		char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p + 1) : strlen(p);
		if (!strncmp(p, prefix, pl))
			memmove(p, p + l, strlen(p + l) + 1);
		else
			p += l;
	}
}

static void expect_same(const char *what, const char *want, const char *got)
{
	if (strcmp(want, got)) {
		fprintf(stderr, "%s differs\n--- mdadm 4.6\n%s--- mdctl\n%s", what, want, got);
		fail();
	}
}

/* ---- superblock fixtures ---- */
struct member {
	struct sb1 sb;
	int minor;
	uint64_t dev_sectors;
	uint32_t csum;
	bool bm_ok;
	struct bitmap_sb bm;
};

static bool load_member(const char *dir, const char *stem, struct member *m)
{
	char p[512];
	size_t len;
	snprintf(p, sizeof(p), "%s/%s.sb", dir, stem);
	uint8_t *buf = (uint8_t *)slurp(p, &len);
	if (!buf)
		return false;
	assert_int_equal(len, SB1_READ_BYTES);
	/* mdadm shows a bad checksum; decode a copy with the right one. */
	uint32_t stored;
	memcpy(&stored, buf + 216, 4);
	m->csum = sb1_checksum(buf, len);
	memcpy(buf + 216, &m->csum, 4);
	struct sb1_err e;
	assert_int_equal(sb1_decode(buf, len, &m->sb, &e), 0);
	m->sb.sb_csum = stored;
	free(buf);
	snprintf(p, sizeof(p), "%s/%s.meta", dir, stem);
	char *meta = slurp(p, NULL);
	assert_non_null(meta);
	unsigned long long ds;
	assert_int_equal(sscanf(meta, "dev_sectors=%llu minor=%d", &ds, &m->minor), 2);
	m->dev_sectors = ds;
	free(meta);
	snprintf(p, sizeof(p), "%s/%s.bm", dir, stem);
	uint8_t *bm = (uint8_t *)slurp(p, &len);
	m->bm_ok = false;
	if (bm) {
		struct bitmap_err be;
		bitmap_decode(bm, len, &m->bm, &be);
		m->bm_ok = m->bm.magic == BITMAP_MAGIC;
		free(bm);
	}
	return true;
}

static void fill_input(struct examine_input *in, const struct member *m, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->sb = &m->sb;
	in->minor = m->minor;
	in->dev_sectors = m->dev_sectors;
	in->csum_computed = m->csum;
	in->bitmap_ok = m->bm_ok;
	in->bitmap_chunksize = m->bm.chunksize;
	in->bitmap_sync_size = m->bm.sync_size;
	in->cluster_name = m->bm_ok ? m->bm.cluster_name : NULL;
	in->homehost = "mdvm";
}

/* Expected file: captured "E.loop0" or crafted "name.E". */
static char *expected(const char *dir, const char *kind, const char *stem)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s.%s", dir, kind, stem);
	char *s = slurp(p, NULL);
	if (s)
		return s;
	snprintf(p, sizeof(p), "%s/%s.%s", dir, stem, kind);
	return slurp(p, NULL);
}

static int examine_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 3, ".sb"))
			continue;
		char stem[256], path[256];
		snprintf(stem, sizeof(stem), "%.*s", (int)(l - 3), e->d_name);
		struct member *m = malloc(sizeof(*m));
		assert_non_null(m);
		assert_true(load_member(dir, stem, m));
		char *want = expected(dir, "E", stem);
		assert_non_null(want);
		/* The device path is the first line, "PATH:". */
		snprintf(path, sizeof(path), "%.*s", (int)(strchr(want, '\n') - want - 1), want);
		struct examine_input in;
		fill_input(&in, m, path);
		char *got;
		CAPTURE(got, fmt_examine(f, &in));
		drop_lines(got, "Logical Block Size : ");
		char what[600];
		snprintf(what, sizeof(what), "%s/%s --examine", dir, stem);
		expect_same(what, want, got);
		free(want);
		free(got);

		want = expected(dir, "Ex", stem);
		assert_non_null(want);
		if (!strstr(want, "Assertion")) {       /* mdadm 4.6 aborts on unknown levels */
			CAPTURE(got, fmt_examine_export(f, &in));
			snprintf(what, sizeof(what), "%s/%s --examine --export", dir, stem);
			expect_same(what, want, got);
			free(got);
		}
		free(want);

		want = expected(dir, "Eb", stem);
		assert_non_null(want);
		CAPTURE(got, fmt_examine_brief(f, &m->sb, m->minor, false, sb_counts_as_spare(&m->sb), NULL));
		snprintf(what, sizeof(what), "%s/%s --examine --brief", dir, stem);
		expect_same(what, want, got);
		free(want);
		free(got);
		free(m);
		n++;
	}
	closedir(d);
	return n;
}

static void test_examine_captured(void **state)
{
	(void)state;
	DIR *d = opendir(FIX);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char dir[512];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), FIX "/%s", e->d_name);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			n += examine_dir(dir);
	}
	closedir(d);
	assert_true(n >= 60);
}

/* ---- sizes, as mdadm 4.6 printed them for these sector counts ---- */
static void test_human_sizes(void **state)
{
	(void)state;
	static const struct { uint64_t sectors; const char *paren, *brief, *query; } t[] = {
		{ 9999, "", "", "" },                            /* below 5000 KiB: nothing */
		{ 10000, " (4.88 MiB 5.12 MB)", "5.12MB", "4.88MiB" },
		{ 10496, " (5.13 MiB 5.37 MB)", "5.37MB", "5.13MiB" },   /* 5.125: half up */
		{ 12345, " (6.03 MiB 6.32 MB)", "6.32MB", "6.03MiB" },
		{ 4194303, " (2048.00 MiB 2147.48 MB)", "2147.48MB", "2048.00MiB" },
		{ 4194304, " (2.00 GiB 2.15 GB)", "2.15GB", "2.00GiB" },
		{ 4456448, " (2.13 GiB 2.28 GB)", "2.28GB", "2.13GiB" },  /* 2.125 */
		{ 4292870144ULL, " (2047.00 GiB 2197.95 GB)", "2197.95GB", "2047.00GiB" },
		{ 4563402752ULL, " (2.13 TiB 2.34 TB)", "2.34TB", "2.13TiB" },
		{ 8589934592ULL, " (4.00 TiB 4.40 TB)", "4.40TB", "4.00TiB" },
		{ 123456789012ULL, " (57.49 TiB 63.21 TB)", "63.21TB", "57.49TiB" },
		{ 100000000000ULL, " (46.57 TiB 51.20 TB)", "51.20TB", "46.57TiB" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char b[64];
		fmt_human_paren(t[i].sectors * 512, b, sizeof(b));
		assert_string_equal(b, t[i].paren);
		fmt_human_brief(t[i].sectors * 512, b, sizeof(b));
		assert_string_equal(b, t[i].brief);
		fmt_human_query(t[i].sectors * 512, b, sizeof(b));
		assert_string_equal(b, t[i].query);
	}
	char b[64];
	human_size_pair(10496 * 512, b, sizeof(b));
	assert_string_equal(b, "5.13 MiB 5.37 MB");
	human_size_short((uint64_t)4456448 * 512, b, sizeof(b));
	assert_string_equal(b, "2.13 GiB");
	human_size_pair(UINT64_MAX, b, sizeof(b));       /* no overflow */
	assert_string_equal(b, "16777216.00 TiB 18446744.07 TB");
}

static void test_array_state(void **state)
{
	(void)state;
	struct sb1 *sb = calloc(1, sizeof(*sb));
	char s[64];
	assert_non_null(sb);
	sb->raid_disks = 3;
	sb->max_dev = 5;
	uint16_t roles[] = { 0, 2, 2, SB1_ROLE_SPARE, SB1_ROLE_JOURNAL };
	memcpy(sb->dev_roles, roles, sizeof(roles));
	assert_false(fmt_array_state(sb, s, sizeof(s)));
	assert_string_equal(s, "A.R");
	sb->dev_roles[3] = 2;                          /* three devices in one slot */
	assert_true(fmt_array_state(sb, s, sizeof(s)));
	assert_string_equal(s, "A.?");
	sb->dev_roles[3] = 7;                          /* a slot past raid_disks */
	assert_true(fmt_array_state(sb, s, sizeof(s)));
	sb->max_dev = 100000;                          /* bounded by SB1_MAX_DEV */
	sb->dev_roles[3] = SB1_ROLE_FAULTY;
	for (int i = 5; i < SB1_MAX_DEV; i++)
		sb->dev_roles[i] = SB1_ROLE_SPARE;
	assert_false(fmt_array_state(sb, s, sizeof(s)));
	free(sb);
}

/* On-disk sizes near 2^63 and 2^64 (hostile or corrupt members): the Unused
 * Space arithmetic must not overflow (UBSan aborts the sanitizer build), and
 * prints what mdadm 4.6 printed for the same superblocks (crafted/mksb.py,
 * 1 GiB image: 1.2 with data at 2048, 1.0 with data at 8 and the log 16
 * sectors before the superblock). */
static char *examine_text(const struct sb1 *sb, int minor, uint64_t dev_sectors)
{
	struct examine_input in = { .path = "/dev/x", .sb = sb, .minor = minor,
				    .dev_sectors = dev_sectors, .csum_computed = sb->sb_csum };
	char *got;
	CAPTURE(got, fmt_examine(f, &in));
	return got;
}

static void expect_lines(const struct sb1 *sb, int minor, const char *unused, const char *state)
{
	char *got = examine_text(sb, minor, 2097152);
	if (!strstr(got, unused) || !strstr(got, state))
		fail_msg("want \"%s\" and \"%s\" in:\n%s", unused, state, got);
	free(got);
}

static void test_examine_huge_sizes(void **state)
{
	(void)state;
	struct sb1 *sb = calloc(1, sizeof(*sb));
	assert_non_null(sb);
	sb->level = 1;
	sb->raid_disks = 2;
	sb->max_dev = 2;
	sb->resync_offset = UINT64_MAX;
	sb->super_offset = 2097136;             /* 1.0 */
	sb->data_offset = 8;
	sb->data_size = 2097128;
	sb->bblog_size = 8;
	sb->bblog_offset = -16;
	sb->size = INT64_MAX;                   /* the sum mdadm checks wraps past 2^63 */
	expect_lines(sb, 0, "   Unused Space : before=8 sectors, after=0 sectors\n", "State : clean\n");
	sb->size = UINT64_MAX;                  /* ... and past 2^64, to a small end */
	expect_lines(sb, 0, "   Unused Space : before=8 sectors, after=2097113 sectors\n", "State : clean\n");
	sb->level = 0;                          /* level <= 0 uses data_size */
	sb->data_size = INT64_MAX;
	expect_lines(sb, 0, "   Unused Space : before=8 sectors, after=0 sectors\n", "State : clean\n");

	sb->level = 1;                          /* 1.2 */
	sb->super_offset = 8;
	sb->data_offset = 2048;
	sb->data_size = 2095104;
	sb->bblog_offset = 8;
	sb->size = 9223372036854775808ULL;
	expect_lines(sb, 2, "   Unused Space : before=1968 sectors, after=-9223372036852680703 sectors DEVICE TOO SMALL\n",
		     "State : clean TRUNCATED DEVICE\n");
	sb->size = UINT64_MAX;
	expect_lines(sb, 2, "   Unused Space : before=1968 sectors, after=2095105 sectors\n", "State : clean\n");

	/* everything at the top: only that nothing overflows */
	sb->super_offset = UINT64_MAX - 8;
	sb->bblog_offset = INT32_MAX;
	sb->bblog_size = UINT16_MAX;
	sb->data_offset = UINT64_MAX;
	sb->data_size = UINT64_MAX;
	sb->feature_map = SB1_FEAT_BITMAP_OFFSET | SB1_FEAT_PPL;
	sb->bitmap_offset = INT32_MAX;
	for (int minor = 0; minor < 3; minor++) {
		struct examine_input in = { .path = "/dev/x", .sb = sb, .minor = minor, .dev_sectors = UINT64_MAX,
					    .bitmap_ok = true, .bitmap_chunksize = 1,
					    .bitmap_sync_size = UINT64_MAX };
		char *got;
		CAPTURE(got, fmt_examine(f, &in));
		free(got);
		sb->data_offset = 0;
		sb->bitmap_offset = INT32_MIN;
		sb->bblog_offset = INT32_MIN;
	}
	free(sb);
}

/* mdadm picks the Unused Space rule by where the data lies, not by the
 * minor version, and counts a classic bitmap's bytes in 32 bits: its output
 * for such crafted superblocks (1 GiB image). */
static void test_examine_unused_rules(void **state)
{
	(void)state;
	struct sb1 *sb = calloc(1, sizeof(*sb));
	assert_non_null(sb);
	sb->level = 1;
	sb->raid_disks = 2;
	sb->max_dev = 2;
	sb->resync_offset = UINT64_MAX;
	sb->bblog_size = 8;
	sb->bblog_offset = 8;
	sb->super_offset = 8;                   /* 1.2, data before the superblock */
	sb->data_offset = 4;
	sb->data_size = 2097148;
	sb->size = 1000;
	expect_lines(sb, 2, "   Unused Space : before=4 sectors, after=0 sectors\n", "State : clean\n");
	sb->super_offset = 2097136;             /* 1.0, data after the superblock */
	sb->data_offset = 4000000;
	sb->data_size = 100;
	sb->size = 100;
	sb->bblog_offset = -16;
	expect_lines(sb, 0, "   Unused Space : before=1902792 sectors, after=-1902947 sectors DEVICE TOO SMALL\n",
		     "State : clean TRUNCATED DEVICE\n");
	/* 1.1 with a bitmap of 2^32 - 1 bytes: 256 more wrap to 255 */
	sb->super_offset = 0;
	sb->data_offset = 2048;
	sb->data_size = 2095104;
	sb->size = 1000;
	sb->bblog_offset = 8;
	sb->feature_map = SB1_FEAT_BITMAP_OFFSET;
	sb->bitmap_offset = 100;
	for (int k = 0; k < 2; k++) {
		struct examine_input in = { .path = "/dev/x", .sb = sb, .minor = 1, .dev_sectors = 2097152,
					    .bitmap_ok = true, .bitmap_chunksize = 512,
					    .bitmap_sync_size = k ? 34359738360ULL : 34359700000ULL };
		char *got;
		CAPTURE(got, fmt_examine(f, &in));
		assert_non_null(strstr(got, k ? "   Unused Space : before=1940 sectors, after=2094104 sectors\n"
					      : "   Unused Space : before=0 sectors, after=2094104 sectors\n"));
		free(got);
	}
	free(sb);
}

/* Counts from GET_ARRAY_INFO and sysfs are ints: their differences must not
 * overflow (found by fuzz_detail). */
static void test_detail_count_differences(void **state)
{
	(void)state;
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(d->devpath, sizeof(d->devpath), "/dev/md0");
	d->level = 5;
	d->working_devices = INT32_MIN;
	d->active_devices = 1;
	char *got;
	CAPTURE(got, fmt_query_array(f, d->devpath, d));
	assert_non_null(strstr(got, " devices, -2147483649 spares."));
	free(got);
	d->reshaping = true;
	d->raid_disks = 4;                      /* the table has a row per slot */
	d->prev_raid_disks = INT32_MIN + 2;
	CAPTURE(got, fmt_detail(f, d));
	assert_non_null(strstr(got, "     Delta Devices : 2147483650, (-2147483646->4)\n"));
	free(got);
	free(d);
}

/* --export feeds udev (MD_DEVNAME becomes /dev/md/$MD_DEVNAME): "." and ".."
 * as the link or as the short name after "HOST:" must not come out. */
static void test_export_dot_names(void **state)
{
	(void)state;
	static const char *const names[] = { ".", "..", "h:.", "h:..", "h:.x", "h:", "h:-x", "." "\n" "MD_X=1" };
	struct sb1 *sb = calloc(1, sizeof(*sb));
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(sb);
	assert_non_null(d);
	sb->level = 1;
	d->level = 1;
	d->have_sb = true;
	snprintf(d->kname, sizeof(d->kname), "md127");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *got;
		snprintf(sb->set_name, sizeof(sb->set_name), "%s", names[i]);
		struct examine_input in = { .path = "/dev/x", .sb = sb, .minor = 2 };
		CAPTURE(got, fmt_examine_export(f, &in));
		if (strstr(got, "MD_NAME="))
			fail_msg("examine export of '%s':\n%s", names[i], got);
		free(got);
		snprintf(d->name, sizeof(d->name), "%s", names[i]);
		snprintf(d->link, sizeof(d->link), "%s", names[i]);
		CAPTURE(got, fmt_detail_export(f, d));
		if (strstr(got, "MD_NAME=") || strstr(got, "MD_DEVNAME=.\n") ||
		    strstr(got, "MD_DEVNAME=..\n") || strstr(got, "MD_DEVNAME=-") || strstr(got, "MD_X="))
			fail_msg("detail export of '%s':\n%s", names[i], got);
		free(got);
	}
	/* normal names stay */
	snprintf(d->name, sizeof(d->name), "mdvm:r1");
	snprintf(d->link, sizeof(d->link), "r1");
	char *got;
	CAPTURE(got, fmt_detail_export(f, d));
	assert_non_null(strstr(got, "\nMD_DEVNAME=r1\n"));
	assert_non_null(strstr(got, "\nMD_NAME=mdvm:r1\n"));
	free(got);
	free(sb);
	free(d);
}

/* --no-devices (mdadm's 63-md-raid-arrays.rules imports --detail
 * --no-devices --export): the same text and keys without the member lines,
 * as mdadm 4.6 prints them (tests/vm/t_udev_mdadm.sh compares in the VM). */
static void test_detail_no_devices(void **state)
{
	(void)state;
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(d->devpath, sizeof(d->devpath), "/dev/md/r1");
	snprintf(d->kname, sizeof(d->kname), "md127");
	snprintf(d->metadata, sizeof(d->metadata), "1.2");
	snprintf(d->name, sizeof(d->name), "mdvm:r1");
	snprintf(d->link, sizeof(d->link), "r1");
	d->level = 1;
	d->persistent = d->have_sb = d->clean = true;
	d->raid_disks = d->total_devices = d->active_devices = d->working_devices = 2;
	d->nmembers = 2;
	for (int i = 0; i < 2; i++) {
		d->m[i].number = d->m[i].raid_disk = i;
		d->m[i].major = 7;
		d->m[i].minor = i;
		d->m[i].state = 6;              /* active, sync */
		snprintf(d->m[i].kname, sizeof(d->m[i].kname), "loop%d", i);
	}
	char *all, *head;
	CAPTURE(all, fmt_detail_export(f, d));
	CAPTURE(head, fmt_detail_export_array(f, d));
	assert_non_null(strstr(all, "MD_DEVICE_dev_loop1_DEV=/dev/loop1\n"));
	assert_null(strstr(head, "MD_DEVICE_"));
	assert_non_null(strstr(head, "MD_LEVEL=raid1\n"));
	assert_int_equal(0, strncmp(all, head, strlen(head)));
	assert_int_equal(0, strncmp(all + strlen(head), "MD_DEVICE_dev_loop0_ROLE=0\n", 27));
	free(all);
	free(head);
	CAPTURE(all, fmt_detail(f, d));
	CAPTURE(head, fmt_detail_array(f, d));
	assert_null(strstr(head, "Number"));
	assert_int_equal(0, strncmp(all, head, strlen(head)));
	assert_int_equal(0, strncmp(all + strlen(head), "    Number   Major   Minor   RaidDevice State\n", 46));
	free(all);
	free(head);
	d->inactive = true;
	CAPTURE(all, fmt_detail_inactive(f, d));
	CAPTURE(head, fmt_detail_inactive_array(f, d));
	assert_null(strstr(head, "/dev/loop"));
	assert_int_equal(0, strncmp(all, head, strlen(head)));
	free(all);
	free(head);
	free(d);
}

/* An array without superblocks (--build): mdadm 4.6 prints an empty Version,
 * no Persistence, Update Time, Name, UUID or Events lines, raid0's layout -1
 * as "-unknown-", and in --export a zero UUID and no MD_RESHAPE_ACTIVE
 * (seen in the VM on the same array, tests/vm/t_build.sh). */
static void test_detail_not_persistent(void **state)
{
	(void)state;
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(d->devpath, sizeof(d->devpath), "/dev/md0");
	snprintf(d->kname, sizeof(d->kname), "md0");
	d->level = 0;
	d->raid_disks = d->total_devices = d->active_devices = d->working_devices = 2;
	d->array_kib = 81920;
	d->chunk_kib = 64;
	d->layout = UINT32_MAX;
	d->persistent = false;
	d->clean = true;
	char *got;
	CAPTURE(got, fmt_detail(f, d));
	assert_non_null(strstr(got, "/dev/md0:\n           Version : \n     Creation Time : "));
	assert_non_null(strstr(got, "     Total Devices : 2\n\n             State : "));
	assert_non_null(strstr(got, "            Layout : -unknown-\n        Chunk Size : 64K\n"));
	assert_null(strstr(got, "Persistence"));
	assert_null(strstr(got, "Update Time"));
	assert_null(strstr(got, "UUID"));
	assert_null(strstr(got, "Events"));
	free(got);
	CAPTURE(got, fmt_detail_export(f, d));
	assert_string_equal(got, "MD_LEVEL=raid0\nMD_DEVICES=2\nMD_METADATA=\n"
				 "MD_UUID=00000000:00000000:00000000:00000000\n");
	free(got);
	CAPTURE(got, fmt_detail_brief(f, d, false));
	assert_string_equal(got, "ARRAY /dev/md0 metadata=\n");
	free(got);
	free(d);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_human_sizes),
		cmocka_unit_test(test_array_state),
		cmocka_unit_test(test_examine_huge_sizes),
		cmocka_unit_test(test_examine_unused_rules),
		cmocka_unit_test(test_detail_count_differences),
		cmocka_unit_test(test_export_dot_names),
		cmocka_unit_test(test_detail_not_persistent),
		cmocka_unit_test(test_detail_no_devices),
		cmocka_unit_test(test_examine_captured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
