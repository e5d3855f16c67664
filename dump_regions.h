/* Which bytes of a member --dump copies and --restore writes back (pure). */
#ifndef MDCTL_DUMP_REGIONS_H
#define MDCTL_DUMP_REGIONS_H
#include "super1.h"
#include <stddef.h>
#include <stdint.h>

struct meta_region {
	uint64_t off, len;        /* bytes from the start of the member */
};

/* As mdadm 4.6 --dump copies them: the 4 KiB block holding the superblock and,
 * when the superblock points at one, the bitmap (bitmap_bytes: its header and
 * bits, 0 if none) in whole sectors.
 * Every region must lie inside dev_bytes and outside the data area
 * (data_offset, data_size): a superblock that says otherwise is hostile.
 * Returns the number of regions (1 or 2), or -1 with why. */
int dump_regions(const struct sb1 *sb, uint64_t dev_bytes, uint64_t bitmap_bytes, struct meta_region r[2],
		 char *why, size_t n);
#endif
