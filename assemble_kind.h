/* The metadata kinds --assemble reads (v1.x and 0.90): one candidate member
 * and the questions assemble.c asks of it, answered per kind by
 * assemble_kind.c, so choosing and starting are written once. */
#ifndef MDCTL_ASSEMBLE_KIND_H
#define MDCTL_ASSEMBLE_KIND_H
#include <stdbool.h>
#include <stdint.h>
#include "dev.h"
#include "super0.h"
#include "super1.h"

#define CAND_SPARE  0xffffU   /* role of a spare (or a slot out of range) */
#define CAND_FAULTY 0xfffeU   /* role the freshest superblock gives a failed member */

struct candidate {
	const char *path;
	struct devinfo di;
	bool v0;                  /* 0.90 superblock (sb0); otherwise v1.x (sb, minor) */
	struct sb1 sb;
	struct sb0 sb0;
	int minor;
	bool use;
	bool forced;              /* out of date, brought up to date by --force */
	bool llbitmap;            /* its bitmap is an llbitmap (version 6) */
	uint32_t bitmap_sectors;  /* what its bitmap occupies, 0 if none or unreadable */
};

/* The array UUID as 16 bytes in the order it is printed (0.90: the four
 * words, most significant byte first), as uuid_parse() reads --uuid. */
void cand_uuid(const struct candidate *c, uint8_t out[16]);
uint64_t cand_events(const struct candidate *c);
/* The slot the member's own superblock claims, or CAND_SPARE. */
unsigned cand_role(const struct candidate *c);
/* The role the freshest superblock (ref) gives member c: a slot, CAND_SPARE
 * or CAND_FAULTY. */
unsigned cand_ref_role(const struct candidate *ref, const struct candidate *c);
/* Array geometry by the freshest superblock. */
int cand_level(const struct candidate *ref);
uint32_t cand_layout(const struct candidate *ref);
unsigned cand_raid_disks(const struct candidate *ref);
/* Members in a slot when ref was last written. */
int cand_expected(const struct candidate *ref);
/* "1.2" or "0.90", for messages. */
const char *cand_version(const struct candidate *c, char *buf, size_t n);
#endif
