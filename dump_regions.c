/* Which bytes of a member --dump copies and --restore writes back (pure;
 * dump_regions.h). Layout of struct mdp_superblock_1 and its bitmap from
 * include/uapi/linux/raid/md_p.h and drivers/md/md-bitmap.c. */
#include "dump_regions.h"
#include <stdio.h>

#define BLOCK 4096u

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* A region is good when it is inside the device and clear of the data. */
static int region_ok(const struct sb1 *sb, uint64_t dev_bytes, struct meta_region r)
{
	uint64_t data = sb->data_offset << 9, dlen = sb->data_size << 9;
	if (sb->data_offset > dev_bytes >> 9 || sb->data_size > dev_bytes >> 9)
		return 0;
	return r.len && r.off <= dev_bytes && r.len <= dev_bytes - r.off && !overlaps(r.off, r.len, data, dlen);
}

int dump_regions(const struct sb1 *sb, uint64_t dev_bytes, uint64_t bitmap_bytes, struct meta_region r[2],
		 char *why, size_t n)
{
	if (sb->super_offset > (dev_bytes >> 9)) {
		snprintf(why, n, "superblock offset %llu is past the end of the device",
			 (unsigned long long)sb->super_offset);
		return -1;
	}
	r[0] = (struct meta_region){ sb->super_offset << 9, BLOCK };
	if (!region_ok(sb, dev_bytes, r[0])) {
		snprintf(why, n, "the superblock block at byte %llu is outside the device or inside the data",
			 (unsigned long long)r[0].off);
		return -1;
	}
	if (!(sb->feature_map & SB1_FEAT_BITMAP_OFFSET))
		return 1;
	int64_t start = (int64_t)sb->super_offset + sb->bitmap_offset;
	if (start < 0 || bitmap_bytes == 0 || bitmap_bytes > dev_bytes) {
		snprintf(why, n, "the bitmap (offset %d, %llu bytes) is outside the device", sb->bitmap_offset,
			 (unsigned long long)bitmap_bytes);
		return -1;
	}
	r[1] = (struct meta_region){ (uint64_t)start << 9, (bitmap_bytes + 511) / 512 * 512 };
	if (!region_ok(sb, dev_bytes, r[1])) {
		snprintf(why, n, "the bitmap at byte %llu (%llu bytes) is outside the device or inside the data",
			 (unsigned long long)r[1].off, (unsigned long long)r[1].len);
		return -1;
	}
	return 2;
}
