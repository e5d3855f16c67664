/* The array-state model (mdstate.c) over sysfs trees captured in the VM
 * (fixtures/sysfs/<state>/, see its README.md): the model reads the tree
 * through sysfs_set_root() and the members' superblock images through its
 * io hooks; its --detail and --detail --export renderings must equal what
 * mdadm 4.6 printed for the same array at the same moment. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/raid/md_p.h>
#include "mdstate.h"
#include "monitor_events.h"
#include "output.h"
#include "super1.h"
#include "sysfs.h"

/* Fixture paths are short; truncation would only fail a lookup. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define FIX "fixtures/sysfs"

/* Every captured state: a missing one fails rather than shrinking the test. */
static const char *const states[] = {
	"clean", "degraded", "resync", "recover", "check", "reshape", "replace", "llbitmap", "bitmap",
	"inactive", "readonly", "spare", "faulty", "raid10", "raid0", "raid6", "v10", "lbs4k", "two",
	"linear", "raid4", "raid10f2", "raid10o2", "raid10deg", "raid5spare", "raid5ppl", "raid5llb",
	"raid6deg2", "writemostly", "writebehind",
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t n = 0;
	if (!f)
		return NULL;
	FILE *m = open_memstream(&b, &n);
	assert_non_null(m);
	int c;
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	if (len)
		*len = n;
	return b;
}

struct fixture_io {
	const char *state;
};

static int image_sb(void *ctx, const char *kname, struct sb1 *sb)
{
	const struct fixture_io *fx = ctx;
	char path[256];
	size_t len;
	struct sb1_err e;
	snprintf(path, sizeof(path), FIX "/%s/members/%s.sb", fx->state, kname);
	char *b = slurp(path, &len);
	int rc = b && sb1_decode((const uint8_t *)b, len, sb, &e) == 0 ? 0 : -1;
	free(b);
	return rc;
}

/* The kernel's desc_nr is the superblock's dev_number (md.c super_1_load()). */
static int image_number(void *ctx, const struct sysfs_member *m)
{
	struct sb1 *sb = malloc(sizeof(*sb));
	assert_non_null(sb);
	int n = image_sb(ctx, m->name, sb) == 0 ? (int)sb->dev_number : -1;
	free(sb);
	return n;
}

/* The md devices of a state, from the "arrays:" line of its info.txt. */
static int arrays_of(const char *state, char names[4][32])
{
	char path[256], *save = NULL;
	snprintf(path, sizeof(path), FIX "/%s/info.txt", state);
	char *info = slurp(path, NULL);
	assert_non_null(info);
	char *line = strstr(info, "\narrays: ");
	assert_non_null(line);
	line += 9;
	line[strcspn(line, "\n")] = '\0';
	int n = 0;
	for (char *t = strtok_r(line, " ", &save); t && n < 4; t = strtok_r(NULL, " ", &save))
		snprintf(names[n++], 32, "%s", t);
	free(info);
	return n;
}

static struct md_detail *gather(const char *state, const char *kname)
{
	char root[256];
	struct fixture_io fx = { .state = state };
	struct mdstate_io io = { .number = image_number, .read_sb = image_sb, .ctx = &fx };
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(root, sizeof(root), FIX "/%s/root", state);
	sysfs_set_root(root);
	assert_int_equal(mdstate_gather(kname, &io, d), 0);
	md_link_name(kname, d->link, sizeof(d->link));
	sysfs_set_root("");
	snprintf(d->devpath, sizeof(d->devpath), "/dev/%s", kname);
	return d;
}

/* The lines mdctl's --detail adds to mdadm's (documented in mdctl(8)). */
static void drop_added_lines(char *text)
{
	static const char *const added[] = { "Logical Block Size : ", "       Bitmap Type : llbitmap" };
	char *out = text;
	for (char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		bool keep = true;
		for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++)
			keep &= strncmp(line, added[i], strlen(added[i])) != 0;
		if (line[len])
			len++;
		if (keep) {
			memmove(out, line, len);
			out += len;
		}
		line += len;
	}
	*out = '\0';
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --export lists members in the kernel's sysfs order, which a tree copied to
 * another filesystem does not keep (readdir order): sort the member lines in
 * both (the VM's t_examine_detail checks the order itself). */
static void sort_member_lines(char *text)
{
	char *lines[512], *copy = strdup(text), *save = NULL;
	int n = 0;
	assert_non_null(copy);
	for (char *t = strtok_r(copy, "\n", &save); t && n < 512; t = strtok_r(NULL, "\n", &save))
		lines[n++] = t;
	int first = 0;
	while (first < n && strncmp(lines[first], "MD_DEVICE_", 10))
		first++;
	qsort(lines + first, (size_t)(n - first), sizeof(lines[0]), cmp_line);
	char *out = text;
	for (int i = 0; i < n; i++)
		out += sprintf(out, "%s\n", lines[i]);
	free(copy);
}

/* Render every array of the state with fn and compare with mdadm's file. */
static void compare(const char *state, const char *mdadm_file, void (*fn)(FILE *, const struct md_detail *))
{
	char names[4][32], path[256];
	int n = arrays_of(state, names);
	char *ours = NULL;
	size_t len;
	FILE *f = open_memstream(&ours, &len);
	assert_non_null(f);
	for (int i = 0; i < n; i++) {
		struct md_detail *d = gather(state, names[i]);
		if (d->inactive && fn == fmt_detail)
			fmt_detail_inactive(f, d);
		else
			fn(f, d);
		free(d);
	}
	fclose(f);
	drop_added_lines(ours);
	snprintf(path, sizeof(path), FIX "/%s/%s", state, mdadm_file);
	char *theirs = slurp(path, NULL);
	assert_non_null(theirs);
	if (fn == fmt_detail_export) {
		sort_member_lines(ours);
		sort_member_lines(theirs);
	}
	if (strcmp(ours, theirs))
		fprintf(stderr, "state %s, %s differs:\n--- mdctl\n%s--- mdadm 4.6\n%s", state, mdadm_file, ours,
			theirs);
	assert_string_equal(ours, theirs);
	free(ours);
	free(theirs);
}

static void brief(FILE *f, const struct md_detail *d)
{
	if (d->inactive)
		fmt_detail_inactive_brief(f, d, false);
	else
		fmt_detail_brief(f, d, false);
}

static void brief_verbose(FILE *f, const struct md_detail *d)
{
	if (d->inactive)
		fmt_detail_inactive_brief(f, d, true);
	else
		fmt_detail_brief(f, d, true);
}

/* query.c's md-device line; the tool's own name is the one difference. */
static void query(FILE *f, const struct md_detail *d)
{
	char *line = NULL;
	size_t len;
	FILE *m = open_memstream(&line, &len);
	assert_non_null(m);
	if (d->inactive)
		fprintf(m, "%s: is an md device which is not active\n", d->devpath);
	else
		fmt_query_array(m, d->devpath, d);
	fclose(m);
	char *at = strstr(line, "Use mdctl --detail");
	if (at)
		memcpy(at + 4, "mdadm", 5);
	fputs(line, f);
	free(line);
}

static void test_detail(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		compare(states[i], "mdadm-detail.txt", fmt_detail);
}

static void test_detail_export(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		compare(states[i], "mdadm-detail-export.txt", fmt_detail_export);
}

static void test_detail_brief(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		compare(states[i], "mdadm-detail-brief.txt", brief);
		compare(states[i], "mdadm-detail-brief-verbose.txt", brief_verbose);
	}
}

/* Did mdadm 4.6 crash (SIGABRT, exit 134) on this command of the capture? */
static bool mdadm_aborted(const char *state, const char *command)
{
	char path[256], want[128];
	snprintf(path, sizeof(path), FIX "/%s/info.txt", state);
	snprintf(want, sizeof(want), "mdadm %s", command);
	char *info = slurp(path, NULL);
	assert_non_null(info);
	const char *at = strstr(info, want);
	bool aborted = at && !strncmp(at + strcspn(at, ":"), ": exit 134", 10);
	free(info);
	return aborted;
}

static void test_query(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		/* mdadm 4.6 aborts on --query of an inactive array: nothing to
		 * compare with there; mdctl must still say what the device is */
		if (mdadm_aborted(states[i], "--query")) {
			assert_string_equal(states[i], "inactive");
			struct md_detail *d = gather(states[i], "md127");
			assert_true(d->inactive);
			free(d);
			continue;
		}
		compare(states[i], "mdadm-query.txt", query);
	}
}

static void test_detail_test(void **st)
{
	(void)st;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		char names[4][32], path[256];
		int n = arrays_of(states[i], names), worst = 0;
		for (int k = 0; k < n; k++) {
			struct md_detail *d = gather(states[i], names[k]);
			worst |= detail_test_status(d);   /* as detail.c or-s them */
			free(d);
		}
		snprintf(path, sizeof(path), FIX "/%s/mdadm-detail-test.rc", states[i]);
		char *rc = slurp(path, NULL);
		assert_non_null(rc);
		if (worst != atoi(rc))
			fprintf(stderr, "state %s: --detail --test %d, mdadm 4.6 %d\n", states[i], worst, atoi(rc));
		assert_int_equal(worst, atoi(rc));
		free(rc);
	}
}

/* A few fields checked directly, so that a rendering bug cannot hide a
 * model bug (and the other way round). */
static void test_fields(void **st)
{
	(void)st;
	struct md_detail *d = gather("faulty", "md0");
	assert_int_equal(d->raid_disks, 2);
	assert_int_equal(d->total_devices, 2);
	assert_int_equal(d->failed_devices, 1);
	assert_int_equal(d->active_devices, 1);
	assert_false(d->inactive);
	free(d);
	d = gather("reshape", "md0");
	assert_true(d->reshaping);
	assert_int_equal(d->raid_disks, 4);
	assert_int_equal(d->prev_raid_disks, 3);
	assert_int_equal(d->sync, SYNC_RESHAPE);
	free(d);
	d = gather("inactive", "md127");
	assert_true(d->inactive);
	assert_int_equal(d->nmembers, 2);
	assert_int_equal(d->level, 5);
	free(d);
	d = gather("llbitmap", "md0");
	assert_true(d->llbitmap);
	assert_true(d->bitmap);
	free(d);
	d = gather("lbs4k", "md0");
	assert_int_equal(d->logical_block_size, 4096);
	free(d);
	d = gather("spare", "md0");
	assert_int_equal(d->spare_devices, 1);
	free(d);
}

/* --incremental decides on the model's identity part. */
static void test_identity(void **st)
{
	(void)st;
	static const struct { const char *state, *kname, *array_state; int minor; } t[] = {
		{ "clean", "md0", "clean", 2 }, { "inactive", "md127", "inactive", 2 },
		{ "v10", "md0", "clean", 0 }, { "writemostly", "md0", "clean", 1 },
		{ "readonly", "md0", "readonly", 2 }, { "clean", "md9", "", -1 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char root[256];
		struct md_identity id;
		snprintf(root, sizeof(root), FIX "/%s/root", t[i].state);
		sysfs_set_root(root);
		mdstate_identity(t[i].kname, &id);
		sysfs_set_root("");
		assert_string_equal(id.array_state, t[i].array_state);
		assert_int_equal(id.minor, t[i].minor);
	}
}

/* --monitor and --wait read the same model (sysfs alone). */
static void test_monitor_snapshot(void **st)
{
	(void)st;
	struct mon_snap *s = calloc(1, sizeof(*s));
	struct md_sync k;
	assert_non_null(s);
	sysfs_set_root(FIX "/recover/root");
	assert_int_equal(mon_snap_read("md0", s), 0);
	mdstate_sync("md0", &k);
	assert_true(s->active);
	assert_int_equal(s->sync, MON_RECOVER);
	assert_int_equal(s->degraded, 1);
	assert_int_equal(s->raid_disks, 2);
	assert_true(s->has_uuid);
	assert_int_equal(s->nm, 2);
	assert_true(k.running);
	assert_string_equal(k.action, "recover");
	assert_true(k.total > 0);
	sysfs_set_root(FIX "/faulty/root");
	assert_int_equal(mon_snap_read("md0", s), 0);
	int faulty = 0;
	for (int i = 0; i < s->nm; i++)
		faulty += s->m[i].faulty;
	assert_int_equal(faulty, 1);
	assert_int_equal(s->sync, MON_IDLE);
	sysfs_set_root(FIX "/inactive/root");
	assert_int_equal(mon_snap_read("md127", s), 0);
	assert_false(s->active);
	assert_int_equal(s->spares, 2);
	assert_int_equal(mon_snap_read("md9", s), -1);
	sysfs_set_root("");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_detail_export),
		cmocka_unit_test(test_detail_brief),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_detail_test),
		cmocka_unit_test(test_monitor_snapshot),
		cmocka_unit_test(test_identity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
