/* RAID level and layout names and numbers, device counts (levels.h). Pure. */
#include "levels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int level; } level_names[] = {
	{ "linear", LEVEL_LINEAR }, { "raid0", 0 }, { "0", 0 }, { "stripe", 0 },
	{ "raid1", 1 }, { "1", 1 }, { "mirror", 1 }, { "raid4", 4 }, { "4", 4 },
	{ "raid5", 5 }, { "5", 5 }, { "raid6", 6 }, { "6", 6 }, { "raid10", 10 }, { "10", 10 },
};

int level_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcasecmp(s, level_names[i].name) == 0)
			return level_names[i].level;
	return LEVEL_UNKNOWN;
}

const char *level_name(int level)
{
	switch (level) {
	case LEVEL_LINEAR: return "linear";
	case 0: return "raid0";
	case 1: return "raid1";
	case 4: return "raid4";
	case 5: return "raid5";
	case 6: return "raid6";
	case 10: return "raid10";
	default: return "unknown";
	}
}

int level_min_devices(int level)
{
	switch (level) {
	case 6: return 4;
	case 4: case 5: case 1: case 10: return 2;
	default: return 1;
	}
}

bool level_has_chunk(int level)
{
	return level == 0 || level == 4 || level == 5 || level == 6 || level == 10;
}

/* raid10 layout word (drivers/md/raid10.c setup_geo): bits 0-7 near copies,
 * 8-15 far copies, bit 16 "offset" (far copies are offset, not far). */
int r10_copies(uint32_t layout)
{
	return (int)((layout & 0xff) * ((layout >> 8) & 0xff));
}

int level_redundancy(int level, uint32_t layout, int raid_disks)
{
	switch (level) {
	case 1: return raid_disks - 1;
	case 4: case 5: return 1;
	case 6: return 2;
	case 10: return r10_copies(layout) - 1;
	default: return 0;
	}
}

uint64_t level_sync_sectors(int level, uint32_t layout, int raid_disks, uint32_t chunk_sectors,
			    uint64_t size)
{
	uint64_t nc = layout & 0xff, fc = (layout >> 8) & 0xff, rd = (uint64_t)raid_disks;
	if (level != 10 || !nc || !fc || !rd || !chunk_sectors)
		return size;
	/* calc_sectors(): array chunks, then used chunks per device rounded up */
	uint64_t chunks = size / chunk_sectors / fc * rd / nc;
	uint64_t dev_chunks = (chunks * nc * fc + rd - 1) / rd;
	/* raid10_size() over those */
	return dev_chunks / fc * rd / nc * chunk_sectors;
}

/* raid4/5/6 layouts (raid5.h ALGORITHM_*), named as mdadm 4.6 prints and
 * parses them; raid6_only: mdadm's raid5 table stops at parity-last. One
 * table for --layout and for the Layout lines of --examine/--detail. */
static const struct { const char *name; uint32_t v; bool raid6_only; } r56_layouts[] = {
	{ "left-asymmetric", 0, false }, { "right-asymmetric", 1, false },
	{ "left-symmetric", 2, false }, { "right-symmetric", 3, false },
	{ "parity-first", 4, false }, { "parity-last", 5, false },
	{ "ddf-zero-restart", 8, true }, { "ddf-N-restart", 9, true }, { "ddf-N-continue", 10, true },
	{ "left-asymmetric-6", 16, true }, { "right-asymmetric-6", 17, true },
	{ "left-symmetric-6", 18, true }, { "right-symmetric-6", 19, true },
	{ "parity-first-6", 20, true },
};
/* mdadm's short forms. mdadm 4.6 refuses the kernel's names for layouts
 * 8-10 (rotating-*: "layout ... not understood"), and so does mdctl. It
 * takes ddf-* for raid5 too, but raid5.c (algorithm_valid_raid5) cannot
 * run them: mdctl refuses them there before anything is written. */
static const struct { const char *name; uint32_t v; } r56_alias[] = {
	{ "la", 0 }, { "ra", 1 }, { "ls", 2 }, { "rs", 3 }, { "default", 2 },
};
#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *layout_r56_name(int level, uint32_t layout)
{
	for (size_t i = 0; i < N_ELEM(r56_layouts); i++)
		if (r56_layouts[i].v == layout)
			return level == 6 || !r56_layouts[i].raid6_only ? r56_layouts[i].name : NULL;
	return NULL;
}

static int r56_parse(int level, const char *s, uint32_t *layout)
{
	for (size_t i = 0; i < N_ELEM(r56_layouts); i++)
		if (!strcmp(s, r56_layouts[i].name) && (level == 6 || !r56_layouts[i].raid6_only)) {
			*layout = r56_layouts[i].v;
			return 0;
		}
	for (size_t i = 0; i < N_ELEM(r56_alias); i++)
		if (!strcmp(s, r56_alias[i].name)) {
			*layout = r56_alias[i].v;
			return 0;
		}
	return -1;
}

int layout_parse(int level, const char *s, uint32_t *layout)
{
	if (level == 5 || level == 6 || level == 4)
		return r56_parse(level, s, layout);
	if (level == 10) {
		char kind;
		char *end;
		if (!s[0] || !strchr("nfo", s[0]))
			return -1;
		kind = s[0];
		long c = strtol(s + 1, &end, 10);
		if (*end || c < 1 || c > 64)
			return -1;
		switch (kind) {
		case 'n': *layout = 0x100 | (uint32_t)c; break;
		case 'f': *layout = ((uint32_t)c << 8) | 1; break;
		default:  *layout = 0x10000 | ((uint32_t)c << 8) | 1; break;
		}
		return 0;
	}
	if (level == 0) {
		if (!strcmp(s, "original") || !strcmp(s, "o")) { *layout = RAID0_ORIG_LAYOUT; return 0; }
		if (!strcmp(s, "alternate") || !strcmp(s, "a")) { *layout = RAID0_ALT_MULTIZONE_LAYOUT; return 0; }
		if (!strcmp(s, "dangerous")) { *layout = 0; return 0; }
		return -1;
	}
	return -1;
}

uint32_t layout_default(int level, int raid_disks)
{
	(void)raid_disks;
	switch (level) {
	case 4: return LAYOUT_PARITY_N;  /* raid4 is parity-last (raid5.c raid5_takeover_raid4 uses it) */
	case 5: case 6: return LAYOUT_LEFT_SYMMETRIC;
	case 10: return 0x102;           /* n2 */
	default: return 0;
	}
}

void layout_name(int level, uint32_t layout, char *out, unsigned n)
{
	if (level == 5 || level == 4 || level == 6) {
		const char *name = layout_r56_name(level, layout);
		if (name) {
			snprintf(out, n, "%s", name);
			return;
		}
	} else if (level == 10) {
		unsigned near = layout & 0xff, far = (layout >> 8) & 0xff;
		const char *fname = (layout & 0x10000) ? "offset" : "far";
		if (near > 1 && far > 1)
			snprintf(out, n, "near=%u, %s=%u", near, fname, far);
		else if (far > 1)
			snprintf(out, n, "%s=%u", fname, far);
		else
			snprintf(out, n, "near=%u", near);
		return;
	} else if (level == 0) {
		snprintf(out, n, "%s", layout == RAID0_ORIG_LAYOUT ? "original" :
			 layout == RAID0_ALT_MULTIZONE_LAYOUT ? "alternate" : "-unknown-");
		return;
	}
	snprintf(out, n, "-unknown-");
}

int level_check_missing(int level, uint32_t layout, int raid_disks, int missing, char *why, size_t n)
{
	if (level == 10 && r10_copies(layout) > raid_disks) {
		snprintf(why, n, "raid10 layout with %d copies needs at least %d devices", r10_copies(layout),
			 r10_copies(layout));
		return -1;
	}
	if (missing > level_redundancy(level, layout, raid_disks)) {
		snprintf(why, n, "%d missing devices is more than %s with %d devices can lose", missing,
			 level_name(level), raid_disks);
		return -1;
	}
	return 0;
}
