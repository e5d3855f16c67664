/* What create.c and create0.c (the 0.90 path) share: the request, the
 * geometry worked out from it, and each member's plan. */
#ifndef MDCTL_CREATE_INT_H
#define MDCTL_CREATE_INT_H
#include "bitmap.h"
#include "modes.h"
#include "dev.h"
#include "meta_backup.h"
#include "super1.h"
#include <stdbool.h>
#include <stdint.h>

#define DEFAULT_CHUNK_KIB 512
#define ROLE_JOURNAL (-2)

struct member {
	const char *path;         /* NULL for "missing" */
	int fd;
	struct devinfo di;
	struct sb1_plan plan;
	int role;                 /* slot, or -1 for a spare, ROLE_JOURNAL */
	int devnum;               /* dev_number in the superblocks */
	struct meta_backup saved; /* the bytes create overwrites, as they were */
};

struct geometry {
	int level, raid_disks, spares, minor;
	bool v090;                /* 0.90 superblocks (create0.c), minor unused */
	uint32_t md_minor;        /* 0.90: the md device's minor, recorded as preferred */
	uint32_t layout, chunk_sectors, lbs;
	enum sb1_bitmap_kind bitmap;
	uint64_t size;            /* sectors used on each member */
	uint32_t llbitmap_room;   /* sectors asked of sb1_plan, 0 = its default */
	bool ppl;                 /* --consistency-policy=ppl: a PPL area on each member */
	bool rebuild_last;        /* raid4/5: the last member starts as a spare (see check_layout) */
	int rebuilt;              /* which: the last active member that is not "missing" */
	int missing;              /* members given as "missing" */
	struct bitmap_sb bsb;     /* the bitmap header every member gets */
};

/* What --create was asked for; built once by mode_create() from the command line. */
struct create_req {
	const char *mddev;
	const struct devarg *devs;      /* members in role order, spares last; "missing" allowed */
	int ndevs;
	int level, raid_disks, spare_disks;     /* LEVEL_UNKNOWN / -1: not given */
	uint64_t chunk_kib, size_kib;           /* 0: default, max */
	const char *layout, *metadata, *name, *uuid, *homehost, *bitmap, *consistency;
	uint64_t bitmap_chunk_bytes, data_offset_sectors, logical_block_size;
	int delay, write_behind;                /* -1: not given */
	bool assume_clean, force, readonly;
	bool write_zeroes;        /* zero the data areas first (then assume_clean) */
	bool journal;             /* --write-journal: the last of devs is the journal */
	bool yes;                               /* overwrite devices holding data (--run/--force/--yes) */
};

/* create0.c: the 0.90 path. Each returns 0, or -1 (printed). */
int create0_check(const struct create_req *r, struct geometry *g);
int create0_plan_member(const struct geometry *g, struct member *m);
int create0_check_sizes(const struct geometry *g, const struct member *m, int n);
/* The homehost hash into the last 8 bytes of a generated UUID (not --uuid). */
void create0_uuid(const struct create_req *r, uint8_t uuid[16]);
int create0_write_member(const struct create_req *r, const struct geometry *g, const struct member *m, int idx,
			 uint32_t t, const uint8_t uuid[16]);
#endif
