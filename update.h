/* --update=VALUE: the values mdadm 4.6 documents, which metadata each
 * applies to, and their effect on a decoded v1.x superblock. Pure: no I/O. */
#ifndef MDCTL_UPDATE_H
#define MDCTL_UPDATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "super1.h"

enum sb_update {
	UPD_NONE,
	UPD_NAME, UPD_UUID, UPD_HOMEHOST, UPD_RESYNC, UPD_DEVICESIZE,
	UPD_BBL, UPD_NO_BBL, UPD_FORCE_NO_BBL,
	UPD_LAYOUT_ORIGINAL, UPD_LAYOUT_ALTERNATE, UPD_LAYOUT_UNSPECIFIED,
	UPD_NO_BITMAP,
	/* 0.90 only */
	UPD_SUMMARIES, UPD_SUPER_MINOR, UPD_BYTEORDER, UPD_METADATA, UPD_SPARC22, UPD_BITMAP,
	/* not yet */
	UPD_REVERT_RESHAPE, UPD_PPL, UPD_NO_PPL,
	/* clustered md: mdctl does not do clusters */
	UPD_HOME_CLUSTER, UPD_NODES,
};

/* Parse an --update value. Returns 0, or -1 with a one-line reason in why
 * (unknown value: the list of valid ones). */
int update_parse(const char *value, enum sb_update *u, char *why, size_t n);

/* The valid values, space-separated, for --update=? and error messages. */
const char *update_values(void);

/* The value's name, as typed. */
const char *update_name(enum sb_update u);

/* Can this value be applied to v1.x metadata (by this version of mdctl)?
 * Returns NULL, or why not. */
const char *update_refusal_v1(enum sb_update u);

/* The same for 0.90 metadata (update0.c applies those). */
const char *update_refusal_v0(enum sb_update u);

/* What an update needs beyond the superblock itself. */
struct sb1_update_req {
	enum sb_update what;
	char name[33];                  /* UPD_NAME, UPD_HOMEHOST: the new set_name */
	uint8_t uuid[16];               /* UPD_UUID: the new array UUID */
	int minor;                      /* where the superblock is (1.0/1.1/1.2) */
	uint64_t dev_sectors;           /* UPD_DEVICESIZE: the member's size now */
	uint32_t bitmap_sectors;        /* UPD_BBL: what the member's bitmap occupies */
};

/* Apply u to sb (one member's superblock). Returns 0, or -1 with e->msg when
 * it cannot apply to this member (nothing in sb changed then). */
int sb1_apply_update(struct sb1 *sb, const struct sb1_update_req *u, struct sb1_err *e);

/* 0.90 (update0.c). */
struct sb0_update_req {
	enum sb_update what;
	uint8_t uuid[16];               /* UPD_UUID: the new UUID, in printed order (uuid_parse) */
	const char *homehost;           /* UPD_HOMEHOST: its hash goes into uuid words 2..3 */
	uint32_t md_minor;              /* UPD_SUPER_MINOR: the minor being assembled */
};
struct sb0;
struct sb0_err;
/* Apply u to sb (one member's 0.90 superblock, as decoded). Returns 0, or -1
 * with e->msg (nothing in sb changed then). */
int sb0_apply_update(struct sb0 *sb, const struct sb0_update_req *u, struct sb0_err *e);
/* --update=metadata: the 1.0 superblock to write beside s (which stays) on a
 * member of dev_sectors, with that device uuid. Refused (-1, e->msg) for a
 * bitmap, an unclean array, a reshape, a level 1.0 cannot hold. */
struct sb1;
int sb0_convert_to_v1(const struct sb0 *s, uint64_t dev_sectors, const uint8_t device_uuid[16], struct sb1 *v,
		      struct sb0_err *e);
#endif
