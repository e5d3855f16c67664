/* Shared by the --examine and --detail text (output_examine.c,
 * output_detail.c): human sizes, times, level and layout names, the Name
 * line and MD_NAME. mdadm 4.6's forms, checked black-box (see output.h). */
#include "output_int.h"
#include "udev_name.h"
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include "levels.h"
#include "sizes.h"

/* mdadm prints no human size below 5000 KiB. */
#define HUMAN_MIN_BYTES (5000ULL * 1024)

void fmt_human_paren(uint64_t bytes, char *out, size_t n)
{
	char h[48];     /* at most "16777216.00 TiB 18446744.07 TB" */
	if (bytes < HUMAN_MIN_BYTES) {
		if (n)
			out[0] = '\0';
		return;
	}
	human_size_pair(bytes, h, sizeof(h));
	snprintf(out, n, " (%s)", h);
}

void fmt_human_brief(uint64_t bytes, char *out, size_t n)
{
	if (bytes < HUMAN_MIN_BYTES) {
		if (n)
			out[0] = '\0';
		return;
	}
	human_size_compact(bytes, false, out, n);
}

void fmt_human_query(uint64_t bytes, char *out, size_t n)
{
	if (bytes < HUMAN_MIN_BYTES) {
		if (n)
			out[0] = '\0';
		return;
	}
	human_size_compact(bytes, true, out, n);
}

void fmt_time(uint64_t sb_time, char out[32])
{
	time_t t = (time_t)sb1_time_sec(sb_time);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(out, 32, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(out, 32, "%" PRIu64, sb1_time_sec(sb_time));
}

/* Level names as mdadm prints them (multipath and faulty are old md levels). */
const char *out_level_name(int level)
{
	if (level == -4)
		return "multipath";
	if (level == -5)
		return "faulty";
	const char *n = level_name(level);
	return strcmp(n, "unknown") ? n : "-unknown-";
}

/* raid5/raid6 layout names from levels.c's table (the one --layout parses). */
static const char *r56_layout_name(int level, uint32_t layout)
{
	const char *n = layout_r56_name(level, layout);
	return n ? n : "-unknown-";
}

static const char *r0_layout_name(uint32_t layout)
{
	switch (layout) {
	case 0: return "dangerous";
	case RAID0_ORIG_LAYOUT: return "original";
	case RAID0_ALT_MULTIZONE_LAYOUT: return "alternate";
	default: return "-unknown-";
	}
}

/* raid10 layout (drivers/md/raid10.c setup_geo): near copies in bits 0-7, far
 * copies in 8-15, bit 16 "offset". mdadm glues the parts after "Layout :"
 * itself, hence the missing space in "Layout :NO REDUNDANCY". */
static void r10_layout_text(uint32_t layout, char *out, size_t n)
{
	unsigned near = layout & 0xff, far = (layout >> 8) & 0xff;
	int k = 0;
	out[0] = '\0';
	if (near > 1)
		k += snprintf(out + k, n - (size_t)k, " near=%u", near);
	if (near > 1 && far > 1)
		k += snprintf(out + k, n - (size_t)k, ",");
	if (far > 1)
		k += snprintf(out + k, n - (size_t)k, " %s=%u", (layout & 0x10000) ? "offset" : "far", far);
	if (near * far == 1)
		snprintf(out + k, n - (size_t)k, "NO REDUNDANCY");
}

/* Text after "Layout :" (leading space included), or "" when the level has no
 * layout line. raid0 has one only when the superblock records a layout. */
void out_layout_text(int level, uint32_t layout, bool raid0_layout, char *out, size_t n)
{
	out[0] = '\0';
	if (level == 5 || level == 6)
		snprintf(out, n, " %s", r56_layout_name(level, layout));
	else if (level == 10)
		r10_layout_text(layout, out, n);
	else if (level == 0 && raid0_layout)
		snprintf(out, n, " %s", r0_layout_name(layout));
}

void out_name_line(FILE *f, const char *label, const char *name, const char *homehost)
{
	fprintf(f, "%s%s", label, name);
	size_t hl = homehost ? strlen(homehost) : 0;
	if (hl && !strncmp(name, homehost, hl) && name[hl] == ':')
		fprintf(f, "  (local to host %s)", homehost);
	fputc('\n', f);
}

const char *fmt_short_name(const char *set_name)
{
	const char *c = strchr(set_name, ':');
	return c ? c + 1 : set_name;
}

/* MD_NAME for udev's IMPORT: the name comes from disk, so only in the form
 * that is safe in a property and a link name (udev_name.c), else not at all;
 * the part after "HOST:" must be a link name too (not ".", "..", empty). */
void out_export_name(FILE *f, const char set_name[33])
{
	char safe[UDEV_NAME_MAX + 1];
	if (set_name[0] && udev_name_from_disk(set_name, 32, safe, sizeof(safe)) == 0 &&
	    udev_name_ok(fmt_short_name(safe)))
		fprintf(f, "MD_NAME=%s\n", safe);
}

void out_checksum_events(FILE *f, uint32_t csum, uint32_t computed, uint64_t events)
{
	if (csum == computed)
		fprintf(f, "       Checksum : %x - correct\n", csum);
	else
		fprintf(f, "       Checksum : %x - expected %x\n", csum, computed);
	fprintf(f, "         Events : %" PRIu64 "\n", events);
	fputc('\n', f);
}
