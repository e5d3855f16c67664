/* --detail text, --detail --brief/--scan ARRAY lines, --detail --export,
 * --detail --test and --query of a running (or assembled, inactive) array,
 * from the struct md_detail detail.c gathers, in mdadm 4.6's layout (see
 * output.h); tests/unit/test_output.c holds mdadm's captured output. */
#include "output_int.h"
#include "udev_name.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/raid/md_p.h>   /* MD_DISK_* state bits of GET_DISK_INFO */
#include "levels.h"
#include "super0.h"
#include "uuid.h"

/* Levels whose members have a "Used Dev Size". */
static bool has_used_dev(int level)
{
	return level == 1 || level == 4 || level == 5 || level == 6 || level == 10;
}

static bool m_faulty(const struct detail_member *m) { return m->state & (1 << MD_DISK_FAULTY); }

static bool m_sync(const struct detail_member *m) { return m->state & (1 << MD_DISK_SYNC); }

static bool m_journal(const struct detail_member *m) { return m->state & (1 << MD_DISK_JOURNAL); }

/* In a slot of the table (else listed after it, with "-" for RaidDevice). */
bool detail_member_slotted(const struct detail_member *m)
{
	return m->raid_disk >= 0 && !m_faulty(m) && !m_journal(m);
}

bool detail_enough(const struct md_detail *d)
{
	int n = d->raid_disks;
	if (n <= 0 || n > 4096)
		return false;
	bool insync[4096] = { false };
	int cnt = 0;
	for (int i = 0; i < d->nmembers; i++) {
		const struct detail_member *m = &d->m[i];
		if (detail_member_slotted(m) && m_sync(m) && m->raid_disk < n && !insync[m->raid_disk]) {
			insync[m->raid_disk] = true;
			cnt++;
		}
	}
	switch (d->level) {
	case 1: return cnt >= 1;
	case 4: case 5: return cnt >= n - 1;
	case 6: return cnt >= n - 2;
	case 10: {
		/* raid10.c _enough(): every run of near*far consecutive slots, taken
		 * at steps of near copies, needs one working member. */
		int near = d->layout & 0xff, copies = near * ((d->layout >> 8) & 0xff);
		if (near < 1 || copies < 1)
			return false;
		int first = 0;
		do {
			int ok = 0;
			for (int k = 0, s = first; k < copies; k++, s = (s + 1) % n)
				ok += insync[s];
			if (!ok)
				return false;
			first = (first + near) % n;
		} while (first != 0);
		return true;
	}
	default: return cnt >= n;      /* linear, raid0: every member */
	}
}

int detail_test_status(const struct md_detail *d)
{
	if (d->inactive || !detail_enough(d))
		return 2;
	return d->active_devices < d->raid_disks ? 1 : 0;
}

void detail_array_path(const struct md_detail *d, char *out, size_t n)
{
	/* a link someone made from a hostile name is not one to print */
	if (udev_name_ok(d->link))
		snprintf(out, n, "/dev/md/%s", d->link);
	else
		snprintf(out, n, "/dev/%s", d->kname);
}

static const char *sync_word(enum sync_kind k)
{
	switch (k) {
	case SYNC_RESYNC: return "Resync";
	case SYNC_RECOVER: return "Rebuild";
	case SYNC_RESHAPE: return "Reshape";
	case SYNC_CHECK: return "Check";
	default: return "";
	}
}

static const char *sync_state(enum sync_kind k)
{
	switch (k) {
	case SYNC_RESYNC: return ", resyncing";
	case SYNC_RECOVER: return ", recovering";
	case SYNC_RESHAPE: return ", reshaping";
	case SYNC_CHECK: return ", checking";
	default: return "";
	}
}

/* "clean, degraded, recovering" */
static void state_text(const struct md_detail *d, char *out, size_t n)
{
	const char *health = !detail_enough(d) ? ", FAILED" :
			     d->active_devices < d->raid_disks ? ", degraded" : "";
	const char *wait = d->sync == SYNC_NONE ? "" :
			   d->sync_wait == SYNC_DELAYED ? " (DELAYED)" :
			   d->sync_wait == SYNC_PENDING ? " (PENDING)" : "";
	snprintf(out, n, "%s%s%s%s", d->clean ? "clean" : "active", health, sync_state(d->sync), wait);
}

char detail_r10_set(const struct md_detail *d, int slot)
{
	int near = d->layout & 0xff, far = (d->layout >> 8) & 0xff;
	if (d->level != 10 || (d->layout >> 17) || far != 1 || near < 2 || near > 26 ||
	    slot < 0 || d->raid_disks % near)
		return 0;
	return (char)('A' + slot % near);
}

static void detail_row(FILE *f, const struct md_detail *d, const struct detail_member *m, bool slot_col)
{
	fprintf(f, "   %5d   %5d    %5d    ", m->number, m->major, m->minor);
	if (slot_col)
		fprintf(f, "%5d     ", m->raid_disk);
	else
		fprintf(f, "%5s     ", "-");
	bool faulty = m_faulty(m), active = m->state & (1 << MD_DISK_ACTIVE);
	if (faulty)
		fputs(" faulty", f);
	if (active)
		fputs(" active", f);
	if (m_sync(m))
		fputs(" sync", f);
	if (slot_col && detail_r10_set(d, m->raid_disk))
		fprintf(f, " set-%c", detail_r10_set(d, m->raid_disk));
	if (m->state & (1 << MD_DISK_WRITEMOSTLY))
		fputs(" writemostly", f);
	if (m->state & (1 << MD_DISK_FAILFAST))
		fputs(" failfast", f);
	if (m_journal(m))
		fputs(" journal", f);
	if (!faulty && !active && !m_sync(m) && !m_journal(m)) {
		fputs(" spare", f);
		if (m->raid_disk >= 0)
			fputs(" rebuilding", f);
	}
	if (m->kname[0])
		fprintf(f, "   /dev/%s", m->kname);
	fputc('\n', f);
}

/* Members sorted by number: the kernel hands them out in that order. */
static void sorted_members(const struct md_detail *d, int *idx)
{
	for (int i = 0; i < d->nmembers; i++)
		idx[i] = i;
	for (int i = 1; i < d->nmembers; i++)
		for (int j = i; j > 0 && d->m[idx[j - 1]].number > d->m[idx[j]].number; j--) {
			int t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
}

/* Slots 0..raid_disks-1 in order (the replacement after the member it
 * replaces, an empty slot as "removed"), then a blank line and the members
 * without a slot: spares, faulty and journal devices. */
static void detail_table(FILE *f, const struct md_detail *d)
{
	int idx[DETAIL_MAX_MEMBERS];
	int n = d->nmembers;
	sorted_members(d, idx);
	fputs("    Number   Major   Minor   RaidDevice State\n", f);
	for (int slot = 0; slot < d->raid_disks; slot++) {
		bool any = false;
		for (int i = 0; i < n; i++) {
			const struct detail_member *m = &d->m[idx[i]];
			if (detail_member_slotted(m) && m->raid_disk == slot) {
				detail_row(f, d, m, true);
				any = true;
			}
		}
		if (!any)
			fprintf(f, "   %5s   %5d    %5d    %5d      removed\n", "-", 0, 0, slot);
	}
	bool blank = false;
	for (int i = 0; i < n; i++) {
		const struct detail_member *m = &d->m[idx[i]];
		if (detail_member_slotted(m) && m->raid_disk < d->raid_disks)
			continue;
		if (!blank)
			fputc('\n', f);
		blank = true;
		detail_row(f, d, m, detail_member_slotted(m));
	}
}

/* raid0 gets a Layout line only for the two layouts the kernel names, and
 * for the -1 of a raid0 without superblocks (md.c md_set_array_info(): "Cannot
 * trust RAID0 layout info here"), which mdadm 4.6 prints as "-unknown-". */
static void detail_layout_text(int level, uint32_t layout, char *out, size_t n)
{
	out_layout_text(level, layout, level == 0 && (layout == RAID0_ORIG_LAYOUT ||
						  layout == RAID0_ALT_MULTIZONE_LAYOUT || layout == UINT32_MAX),
			out, n);
}

/* Header through the device counts. */
static void detail_head(FILE *f, const struct md_detail *d)
{
	char h[64], t[32], st[160];
	fprintf(f, "%s:\n", d->devpath);
	fprintf(f, "           Version : %s\n", d->metadata);
	fmt_time(d->ctime, t);
	fprintf(f, "     Creation Time : %s\n", t);
	fprintf(f, "        Raid Level : %s\n", out_level_name(d->level));
	fmt_human_paren(d->array_kib << 10, h, sizeof(h));
	fprintf(f, "        Array Size : %" PRIu64 "%s\n", d->array_kib, h);
	if (has_used_dev(d->level)) {
		fmt_human_paren(d->used_dev_kib << 10, h, sizeof(h));
		fprintf(f, "     Used Dev Size : %" PRIu64 "%s\n", d->used_dev_kib, h);
	}
	fprintf(f, "      Raid Devices : %d\n", d->raid_disks);
	fprintf(f, "     Total Devices : %d\n", d->total_devices);
	if (d->sb0)
		fprintf(f, "   Preferred Minor : %" PRIu32 "\n", d->preferred_minor);
	/* mdadm 4.6 prints neither line for an array without superblocks (--build) */
	if (d->persistent)
		fprintf(f, "       Persistence : Superblock is persistent\n");
	/* two lines mdadm 4.6 does not print */
	if (d->logical_block_size)
		fprintf(f, "Logical Block Size : %" PRIu32 "\n", d->logical_block_size);
	fputc('\n', f);
	if (d->bitmap)
		fprintf(f, "     Intent Bitmap : Internal\n%s\n", d->llbitmap ? "       Bitmap Type : llbitmap\n" : "");
	fmt_time(d->utime, t);
	if (d->persistent)
		fprintf(f, "       Update Time : %s\n", t);
	state_text(d, st, sizeof(st));
	fprintf(f, "             State : %s \n", st);
	fprintf(f, "    Active Devices : %d\n", d->active_devices);
	fprintf(f, "   Working Devices : %d\n", d->working_devices);
	fprintf(f, "    Failed Devices : %d\n", d->failed_devices);
	fprintf(f, "     Spare Devices : %d\n\n", d->spare_devices);
}

/* Layout, Chunk Size or Rounding, Consistency Policy. */
static void detail_geometry(FILE *f, const struct md_detail *d)
{
	bool geo = false;
	char lay[64];
	detail_layout_text(d->level, d->layout, lay, sizeof(lay));
	if (lay[0]) {
		fprintf(f, "            Layout :%s\n", lay);
		geo = true;
	}
	if (level_has_chunk(d->level)) {
		fprintf(f, "        Chunk Size : %" PRIu32 "K\n", d->chunk_kib);
		geo = true;
	} else if (d->level == LEVEL_LINEAR) {
		fprintf(f, "          Rounding : %" PRIu32 "K\n", d->chunk_kib);
		geo = true;
	}
	if (geo)
		fputc('\n', f);
	if (d->consistency[0])
		fprintf(f, "Consistency Policy : %s\n\n", d->consistency);
}

/* A running sync's progress, a reshape's changes. */
static void detail_progress(FILE *f, const struct md_detail *d)
{
	char lay[64];
	bool more = false;
	if (d->sync != SYNC_NONE && d->sync_wait == SYNC_RUNNING) {
		fprintf(f, "    %7s Status : %d%% complete\n", sync_word(d->sync), d->sync_percent);
		more = true;
	}
	if (d->reshaping) {
		if (d->raid_disks != d->prev_raid_disks)
			fprintf(f, "     Delta Devices : %" PRId64 ", (%d->%d)\n",
				(int64_t)d->raid_disks - d->prev_raid_disks,
				d->prev_raid_disks, d->raid_disks);
		if (d->new_level != d->level)
			fprintf(f, "         New Level : %s\n", out_level_name(d->new_level));
		if (d->new_layout != d->layout) {
			detail_layout_text(d->new_level, d->new_layout, lay, sizeof(lay));
			fprintf(f, "        New Layout :%s\n", lay);
		}
		if (d->new_chunk_kib != d->chunk_kib)
			fprintf(f, "     New Chunksize : %" PRIu32 "K\n", d->new_chunk_kib);
		more = true;
	}
	if (more)
		fputc('\n', f);
}

static void detail_identity(FILE *f, const struct md_detail *d)
{
	char u[37];
	if (!d->have_sb)
		return;
	uuid_format(d->uuid, ':', u);
	if (d->sb0) {  /* no name; events as events_hi.events_lo */
		uint32_t w[4];
		for (int i = 0; i < 4; i++)
			w[i] = (uint32_t)d->uuid[4 * i] << 24 | (uint32_t)d->uuid[4 * i + 1] << 16 |
			       (uint32_t)d->uuid[4 * i + 2] << 8 | d->uuid[4 * i + 3];
		if (sb0_uuid_words_local(w, d->sb0_big_endian, d->homehost))
			fprintf(f, "              UUID : %s (local to host %s)\n", u, d->homehost);
		else
			fprintf(f, "              UUID : %s\n", u);
		fprintf(f, "            Events : %" PRIu32 ".%" PRIu32 "\n\n", (uint32_t)(d->events >> 32),
			(uint32_t)d->events);
		return;
	}
	out_name_line(f, "              Name : ", d->name, d->homehost);
	fprintf(f, "              UUID : %s\n", u);
	fprintf(f, "            Events : %" PRIu64 "\n\n", d->events);
}

void fmt_detail_array(FILE *f, const struct md_detail *d)
{
	detail_head(f, d);
	detail_geometry(f, d);
	detail_progress(f, d);
	detail_identity(f, d);
}

void fmt_detail(FILE *f, const struct md_detail *d)
{
	fmt_detail_array(f, d);
	detail_table(f, d);
}

/* Member kernel names sorted, for "devices=". */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The device word of an ARRAY line: as named on the command line (--scan
 * names it by its link), unless config.c would not read it back as one path
 * that stays where it points (udev_path_ok); then by its kernel name. */
static const char *array_word(const struct md_detail *d, char *buf, size_t n)
{
	if (udev_path_ok(d->devpath))
		return d->devpath;
	snprintf(buf, n, "/dev/%s", d->kname);
	return buf;
}

void fmt_detail_brief(FILE *f, const struct md_detail *d, bool verbose)
{
	char u[37], w[64];
	fprintf(f, "ARRAY %s", array_word(d, w, sizeof(w)));
	if (verbose)
		fprintf(f, " level=%s num-devices=%d", out_level_name(d->level), d->raid_disks);
	fprintf(f, " metadata=%s", d->metadata);
	if (d->spare_devices)
		fprintf(f, " spares=%d", d->spare_devices);
	if (d->have_sb) {
		uuid_format(d->uuid, ':', u);
		fprintf(f, " UUID=%s", u);
	}
	fputc('\n', f);
	if (!verbose)
		return;
	const char *names[DETAIL_MAX_MEMBERS];
	int n = 0;
	for (int i = 0; i < d->nmembers; i++)
		if (d->m[i].kname[0])
			names[n++] = d->m[i].kname;
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	fputs("   devices=", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s/dev/%s", i ? "," : "", names[i]);
	fputc('\n', f);
}

void fmt_detail_export_array(FILE *f, const struct md_detail *d)
{
	char u[37];
	/* A not started array: no level, and the members it has. */
	if (!d->inactive)
		fprintf(f, "MD_LEVEL=%s\n", out_level_name(d->level));
	fprintf(f, "MD_DEVICES=%d\n", d->inactive ? d->nmembers : d->raid_disks);
	fprintf(f, "MD_METADATA=%s\n", d->metadata);
	/* an array without superblocks: mdadm 4.6 prints a zero UUID and no
	 * reshape line (nothing records a reshape) */
	if (d->have_sb || !d->persistent) {
		uuid_format(d->have_sb ? d->uuid : (const uint8_t[16]){ 0 }, ':', u);
		fprintf(f, "MD_UUID=%s\n", u);
	}
	if (udev_name_ok(d->link))      /* udev links /dev/md/$MD_DEVNAME */
		fprintf(f, "MD_DEVNAME=%s\n", d->link);
	if (d->persistent)
		fprintf(f, "MD_RESHAPE_ACTIVE=%s\n", d->reshaping ? "True" : "False");
	if (d->have_sb && !d->sb0)
		out_export_name(f, d->name);
}

void fmt_detail_export(FILE *f, const struct md_detail *d)
{
	fmt_detail_export_array(f, d);
	for (int i = 0; i < d->nmembers; i++) {
		const struct detail_member *m = &d->m[i];
		char key[64];
		if (!m->kname[0])
			continue;
		/* "dev-loop0" with every non-alphanumeric as '_'. */
		snprintf(key, sizeof(key), "dev_%s", m->kname);
		for (char *c = key; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
				*c = '_';
		if (detail_member_slotted(m))
			fprintf(f, "MD_DEVICE_%s_ROLE=%d\n", key, m->raid_disk);
		else
			fprintf(f, "MD_DEVICE_%s_ROLE=spare\n", key);
		fprintf(f, "MD_DEVICE_%s_DEV=/dev/%s\n", key, m->kname);
	}
}

void fmt_query_array(FILE *f, const char *path, const struct md_detail *d)
{
	char h[48];
	/* Spares as mdadm counts them here: working members not in sync (in 64
	 * bits: the difference of two ints need not fit one). */
	int64_t spares = (int64_t)d->working_devices - d->active_devices;
	fmt_human_query(d->array_kib << 10, h, sizeof(h));
	fprintf(f, "%s: %s %s %d devices, %" PRId64 " spare%s. Use mdctl --detail for more detail.\n",
		path, h, out_level_name(d->level), d->raid_disks, spares, spares == 1 ? "" : "s");
}

void fmt_detail_inactive_array(FILE *f, const struct md_detail *d)
{
	fprintf(f, "%s:\n", d->devpath);
	fprintf(f, "           Version : %s\n", d->metadata);
	if (d->level != LEVEL_UNKNOWN)
		fprintf(f, "        Raid Level : %s\n", out_level_name(d->level));
	fprintf(f, "     Total Devices : %d\n", d->total_devices);
	fprintf(f, "       Persistence : Superblock is persistent\n\n");
	fprintf(f, "             State : inactive\n");
	fprintf(f, "    Active Devices : %d\n", d->active_devices);
	fprintf(f, "   Working Devices : %d\n", d->working_devices);
	fprintf(f, "    Failed Devices : %d\n", d->failed_devices);
	fprintf(f, "     Spare Devices : %d\n\n", d->spare_devices);
	detail_identity(f, d);
}

void fmt_detail_inactive(FILE *f, const struct md_detail *d)
{
	fmt_detail_inactive_array(f, d);
	fputs("    Number   Major   Minor   RaidDevice\n\n", f);
	for (int i = 0; i < d->nmembers; i++)
		fprintf(f, "   %5s   %5d    %5d    %5s        /dev/%s\n", "-", d->m[i].major, d->m[i].minor,
			"-", d->m[i].kname);
}

void fmt_detail_inactive_brief(FILE *f, const struct md_detail *d, bool verbose)
{
	char u[37], w[64];
	fprintf(f, "INACTIVE-ARRAY %s", array_word(d, w, sizeof(w)));
	if (verbose)
		fprintf(f, " num-devices=%d", d->nmembers);
	fprintf(f, " metadata=%s", d->metadata);
	if (d->have_sb) {
		uuid_format(d->uuid, ':', u);
		fprintf(f, " UUID=%s", u);
	}
	fputc('\n', f);
	if (verbose && d->nmembers) {
		fputs("   devices=", f);
		for (int i = 0; i < d->nmembers; i++)
			fprintf(f, "%s/dev/%s", i ? "," : "", d->m[i].kname);
		fputc('\n', f);
	}
}
