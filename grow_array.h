/* A running array as --grow sees it: geometry from sysfs, and each member's
 * superblock (for the room around its data). Shared by the grow_*.c files. */
#ifndef MDCTL_GROW_ARRAY_H
#define MDCTL_GROW_ARRAY_H
#include "member_add.h"
#include "super0.h"
#include "super1.h"
#include "sysfs.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define GROW_MEMBERS 64                 /* members --grow handles (each with its superblock) */
#define GROW_MAX_ADDS 64

/* What --grow was asked to change; "unchanged" values as noted. Built once by
 * mode_grow() from the command line. */
struct grow_req {
	const char *mddev;
	int level;                      /* LEVEL_UNKNOWN: unchanged */
	int raid_disks;                 /* <= 0: unchanged */
	uint64_t chunk_kib;             /* 0: unchanged */
	const char *layout;             /* NULL: unchanged */
	uint64_t size_kib;              /* --size; 0 with !size_max: unchanged */
	bool size_max;
	uint64_t array_size_kib;        /* 0: unchanged, UINT64_MAX: max */
	const char *bitmap;             /* NULL: unchanged */
	const char *consistency;        /* --consistency-policy, NULL: unchanged */
	uint64_t bitmap_chunk_bytes;
	int delay, write_behind;        /* -1: not given */
	const char *backup_file;
	bool continue_;
	bool yes;                       /* overwrite devices holding data (--run/--force/--yes) */
	const char *adds[GROW_MAX_ADDS];  /* devices to join as spares */
	int nadds;
};

struct grow_member {
	struct sysfs_member sm;
	bool have_sb;                   /* v1.x superblock read */
	struct sb1 sb;
	bool have_sb0;                  /* 0.90 superblock read */
	struct sb0 sb0;                 /* its uuid for a backup file (grow_backup.c) */
	uint64_t bitmap_sectors;        /* room the on-disk bitmap takes, 0 = none */
	uint64_t dev_sectors;           /* size of the member device now */
};

struct grow_array {
	char kname[32];
	int minor;                      /* v1.minor; -1: 0.90 */
	int level;
	int raid_disks;
	uint32_t chunk;                 /* sectors */
	uint32_t layout;
	uint64_t component;             /* sectors used per member (md dev_sectors) */
	uint64_t array_sectors;
	int degraded;
	char sync_action[32];
	char array_state[32];
	bool reshaping;                 /* md/reshape_position is not "none" */
	int n;
	struct grow_member m[GROW_MEMBERS];
};

/* Reads everything; prints and returns -1 when kname is not a running v1.x
 * or 0.90 array. */
int grow_load(const char *kname, struct grow_array *a);

static inline bool gm_active(const struct grow_member *m)
{
	return m->sm.slot >= 0 && !strstr(m->sm.state, "faulty");
}
static inline bool gm_spare(const struct grow_member *m)
{
	return m->sm.slot < 0 && !strstr(m->sm.state, "faulty") && !strstr(m->sm.state, "journal");
}
int grow_count_spares(const struct grow_array *a);

/* The array may be changed: running, read-write, nothing syncing, no reshape. */
int grow_check_idle(const struct grow_array *a, const char *what);

/* The devices named on the command line (--add DEV or plain DEV), to join
 * as spares: checked (and asked about) before the array changes, written
 * after. prepare: 0, or -1 (printed, nothing held); commit: 0 or -1
 * (printed); both leave nothing held. */
struct grow_adds {
	int n;
	struct spare_plan p[GROW_MAX_ADDS];
};
int grow_adds_prepare(const struct grow_req *req, const char *kname, struct grow_adds *g);
int grow_adds_commit(const char *kname, struct grow_adds *g);
void grow_adds_release(struct grow_adds *g);

/* Write an md attribute; on failure print "cannot set ATTR of /dev/mdX to V: reason". */
int grow_set(const char *kname, const char *attr, const char *val);
int grow_set_u64(const char *kname, const char *attr, uint64_t v);

/* Fail and remove the member in slot (the kernel must agree). */
int grow_drop_slot(const struct grow_array *a, int slot);

/* Array sectors with new_disks members of component sectors each. */
uint64_t grow_capacity(const struct grow_array *a, int new_disks, uint32_t chunk, uint32_t layout,
		       uint64_t component);

/* Enough stripe heads for a reshape to the larger chunk (raid5.c
 * check_stripe_cache()). 0 or -1 (printed). */
int grow_stripe_cache(const struct grow_array *a, uint32_t new_chunk);

#endif
