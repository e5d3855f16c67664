/* RAID level and layout names <-> numbers, minimum device counts. Pure.
 * Numbers are the kernel's (md_p.h / md.c level names; raid5.h, raid10.c layouts). */
#ifndef MDCTL_LEVELS_H
#define MDCTL_LEVELS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#define LEVEL_LINEAR   (-1)
#define LEVEL_UNKNOWN  (-1000000)
/* "linear", "raid0"/"0"/"stripe", "raid1"/"1"/"mirror", "raid4"/"4", "raid5"/"5",
 * "raid6"/"6", "raid10"/"10". Returns LEVEL_UNKNOWN if not one of those. */
int level_parse(const char *s);
/* "linear", "raid0", ... ; "unknown" otherwise. */
const char *level_name(int level);
/* Smallest raid-devices count mdctl accepts for a level (1 for raid1 needs --force). */
int level_min_devices(int level);
/* Levels that take --chunk. */
bool level_has_chunk(int level);
/* Number of members that may be missing without losing the array (raid10: per layout). */
int level_redundancy(int level, uint32_t layout, int raid_disks);
/* Copies a raid10 layout word keeps: near copies times far copies
 * (drivers/md/raid10.c setup_geo). */
int r10_copies(uint32_t layout);
/* Can an array of level/layout/raid_disks start with `missing` members
 * missing (and, for raid10, keep its copies on distinct devices)? 0, or -1
 * with why. */
int level_check_missing(int level, uint32_t layout, int raid_disks, int missing, char *why, size_t n);

/* Sectors the kernel resyncs (mddev->resync_max_sectors) and so a bitmap
 * covers, for size sectors used on each member: the member size, except raid10
 * whose resync runs over the array (raid10.c calc_sectors(), raid10_size()). */
uint64_t level_sync_sectors(int level, uint32_t layout, int raid_disks, uint32_t chunk_sectors,
			    uint64_t size);

/* raid5/6 layouts (drivers/md/raid5.h ALGORITHM_*) */
#define LAYOUT_LEFT_ASYMMETRIC  0
#define LAYOUT_RIGHT_ASYMMETRIC 1
#define LAYOUT_LEFT_SYMMETRIC   2
#define LAYOUT_RIGHT_SYMMETRIC  3
#define LAYOUT_PARITY_0         4
#define LAYOUT_PARITY_N         5
/* raid0 layouts (MD_FEATURE_RAID0_LAYOUT) */
#define RAID0_ORIG_LAYOUT 1
#define RAID0_ALT_MULTIZONE_LAYOUT 2

/* Parse a --layout value for a level (raid5/6 names, raid10 n2/f2/o2/n3...,
 * raid0 original/alternate). Returns 0 and sets *layout, or -1. */
int layout_parse(int level, const char *s, uint32_t *layout);
/* Default layout for a level and device count (what mdadm picks). */
uint32_t layout_default(int level, int raid_disks);
/* raid4/5/6 layout name as mdadm 4.6 prints it ("left-symmetric",
 * "ddf-zero-restart", "parity-first-6"), NULL when the level has no such
 * layout (the *-6 and ddf ones are raid6's only). */
const char *layout_r56_name(int level, uint32_t layout);
/* Name as mdadm prints it: "left-symmetric", "near=2", "near=2, far=1"...
 * (raid10 prints as "near=2" / "far=2" / "offset=2"). out needs 64 bytes. */
void layout_name(int level, uint32_t layout, char *out, unsigned n);
#endif
