/* Gathering an array's state (mdstate.c): does I/O; --detail, --query and
 * --monitor read it. */
#ifndef MDCTL_MDSTATE_H
#define MDCTL_MDSTATE_H
#include "output.h"
#include "super0.h"
#include "super1.h"
#include "sysfs.h"
#include <stdbool.h>
#include <stddef.h>

/* Fill d for the md device at path. Returns 0, or -1 after printing mdadm's
 * one-line error (unless quiet): cannot open, not an md device. */
int detail_gather(const char *path, struct md_detail *d, bool quiet);

/* What the model reads besides /sys and /proc: on the running system the
 * members' devices and GET_DISK_INFO; in unit tests captured images. */
struct mdstate_io {
	/* The kernel's number for the member (desc_nr, GET_DISK_INFO), or -1. */
	int (*number)(void *ctx, const struct sysfs_member *m);
	/* The member's v1.x superblock: 0, or -1. */
	int (*read_sb)(void *ctx, const char *kname, struct sb1 *sb);
	/* The member's 0.90 superblock: 0, or -1. NULL: none (fixtures). */
	int (*read_sb0)(void *ctx, const char *kname, struct sb0 *sb);
	/* The array's times as GET_ARRAY_INFO gives them, what an array
	 * without superblocks (--build) has instead: 0, or -1. NULL: none. */
	int (*times)(void *ctx, uint32_t *ctime, uint32_t *utime);
	void *ctx;
};
/* Fill d (zeroed by the caller) for the md device kname from sysfs (under
 * sysfs_set_root()), /proc/mdstat and io. Returns 0, or -1 when kname is
 * not an md device. devpath and link are left to the caller. */
int mdstate_gather(const char *kname, const struct mdstate_io *io, struct md_detail *d);
int mdstate_gather_inactive(struct md_detail *d, const struct mdstate_io *io);
/* io for reading sysfs alone (--monitor, which never opens an array): no
 * disk numbers, no superblocks. */
extern const struct mdstate_io mdstate_sysfs_only;
/* The part of the model --incremental decides on: md/array_state and the
 * v1.minor the kernel loaded the array with. */
#define MD_MINOR_090 90                 /* md_identity.minor of a 0.90 array */
struct md_identity {
	char array_state[32];           /* "" when unreadable */
	int minor;                      /* "1.2" -> 2, "0.90" -> MD_MINOR_090; -1 none or other */
};
void mdstate_identity(const char *kname, struct md_identity *id);
/* The sync part alone, for polling (--wait): md/sync_action, sync_completed, sync_speed. */
void mdstate_sync(const char *kname, struct md_sync *s);
/* NAME of the /dev/md/NAME link pointing at /dev/KNAME; 0, or -1 (out = ""). */
int md_link_name(const char *kname, char *out, size_t n);
/* --json: fill d->x and d->m[].x (mdstate_extra.c) for a gathered d. */
void detail_gather_extra(struct md_detail *d);

#endif
