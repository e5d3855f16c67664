/* --assemble --update=VALUE: writing the change to the chosen members, all
 * or none (assemble_update.c). */
#ifndef MDCTL_ASSEMBLE_UPDATE_H
#define MDCTL_ASSEMBLE_UPDATE_H
#include <stdint.h>
#include "super0.h"
#include "super1.h"
#include "update.h"

struct assemble_update {
	enum sb_update what;            /* UPD_NONE: nothing to do */
	const char *name;               /* --name: the new name for UPD_NAME */
	const char *uuid;               /* --uuid: the new uuid for UPD_UUID (NULL: random) */
	const char *homehost;           /* --homehost (NULL: this host) */
	const char *mddev;              /* the array, for a name taken from it */
};

struct update_member {
	const char *path;
	struct sb1 *sb;                 /* as read; replaced by the new one on success */
	int minor;
	uint64_t dev_sectors;
	uint32_t bitmap_sectors;        /* what its bitmap occupies (for bbl) */
};

/* Build every member's new superblock from its own (ref is the freshest, for
 * the name), check them all, then write them all or none. 0 or -1 (printed). */
int update_members(const struct assemble_update *u, const struct sb1 *ref, struct update_member *m, int n);

/* The same for 0.90 members, to be assembled as kname (super-minor takes its
 * number). A member with a bitmap gets the new uuid in its header too. */
struct update_member0 {
	const char *path;
	struct sb0 *sb;                 /* as read; replaced by the new one on success */
};
int update_members0(const struct assemble_update *u, const char *kname, struct update_member0 *m, int n);
/* --update=metadata: a 1.0 superblock (update0.c sb0_convert_to_v1) beside
 * each member's 0.90 one, all written or none; out[i] gets member i's. */
int convert_members0(struct update_member0 *m, int n, struct sb1 *out);
#endif
