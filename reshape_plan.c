/* See reshape_plan.h. */
#include "reshape_plan.h"
#include "le.h"
#include <string.h>

uint64_t rs_meta_end(const struct sb1 *sb, int minor, uint64_t bitmap_sectors)
{
	if (minor == 0)
		return 0;
	/* super_1_allow_new_offset(): "36K beyond start of superblock" */
	uint64_t end = sb->super_offset + (32 + 4) * 2;
	if (sb->feature_map & SB1_FEAT_BITMAP_OFFSET) {
		int64_t b = (int64_t)sb->super_offset + sb->bitmap_offset + (int64_t)bitmap_sectors;
		if (b > 0 && (uint64_t)b > end)
			end = (uint64_t)b;
	}
	if (sb->bblog_size) {
		int64_t b = (int64_t)sb->super_offset + sb->bblog_offset + sb->bblog_size;
		if (b > 0 && (uint64_t)b > end)
			end = (uint64_t)b;
	}
	return end;
}

int rs_new_offset(const struct sb1 *sb, uint64_t meta_end, uint64_t component,
		  uint64_t need, bool backwards, uint64_t *out)
{
	uint64_t d = sb->data_offset;
	if (!backwards) {
		/* minor 0: meta_end is 0 but data_offset is 0 too: no room */
		if (d < need || d - need < meta_end)
			return -1;
		*out = d - need;
		return 0;
	}
	/* new_offset_store(): new - old + dev_sectors must fit in rdev->sectors,
	 * which super_1_load() takes from data_size. */
	if (component > sb->data_size || sb->data_size - component < need)
		return -1;
	*out = d + need;
	return 0;
}

uint64_t rs_offset_need(uint32_t old_chunk, uint32_t new_chunk)
{
	uint64_t n = old_chunk > new_chunk ? old_chunk : new_chunk;
	if (n < 8)
		n = 8;
	return (n + 7) & ~(uint64_t)7;
}

uint64_t rs_critical_sectors(int old_data, int new_data, uint32_t chunk)
{
	if (old_data <= 0 || new_data <= old_data || chunk == 0)
		return 0;
	/* raid5_run() refuses to resume while the next new stripe k is not
	 * strictly below the old stripe its data comes from: k >= floor(k *
	 * new_data / old_data). Find the first k where that no longer holds. */
	for (uint64_t k = 1; k < 1u << 20; k++)
		if (k < k * (uint64_t)new_data / (uint64_t)old_data)
			return k * (uint64_t)new_data * chunk;
	return 0;
}

static const char backup_magic[32] = "mdctl-reshape-backup-1";

uint64_t rs_fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void rs_backup_encode(const struct rs_backup *b, uint8_t hdr[RS_BACKUP_HDR])
{
	memset(hdr, 0, RS_BACKUP_HDR);
	memcpy(hdr, backup_magic, sizeof(backup_magic));
	memcpy(hdr + 32, b->uuid, 16);
	put64(hdr + 48, b->start);
	put64(hdr + 56, b->sectors);
	put64(hdr + 64, b->data_sum);
	put32(hdr + 72, b->old_disks);
	put32(hdr + 76, b->new_disks);
	put64(hdr + 80, rs_fnv(RS_FNV_INIT, hdr, 80));
}

int rs_backup_decode(const uint8_t *hdr, size_t len, struct rs_backup *b, const char **why)
{
	if (len < 88 || memcmp(hdr, backup_magic, sizeof(backup_magic)) != 0) {
		*why = "not an mdctl reshape backup file";
		return -1;
	}
	if (get64(hdr + 80) != rs_fnv(RS_FNV_INIT, hdr, 80)) {
		*why = "backup header checksum mismatch";
		return -1;
	}
	memcpy(b->uuid, hdr + 32, 16);
	b->start = get64(hdr + 48);
	b->sectors = get64(hdr + 56);
	b->data_sum = get64(hdr + 64);
	b->old_disks = get32(hdr + 72);
	b->new_disks = get32(hdr + 76);
	if (b->sectors == 0 || b->sectors > (1ULL << 30) || b->start > (1ULL << 50)) {
		*why = "backup header describes an impossible range";
		return -1;
	}
	return 0;
}

uint64_t rs_sb_critical(const struct sb1 *sb)
{
	if (!(sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE) || (sb->feature_map & SB1_FEAT_NEW_OFFSET) ||
	    sb->delta_disks <= 0 || (sb->level != 4 && sb->level != 5 && sb->level != 6) ||
	    sb->new_level != sb->level || sb->new_chunk != sb->chunksize || sb->raid_disks > SB1_MAX_DEV ||
	    (uint32_t)sb->delta_disks >= sb->raid_disks)
		return 0;
	int parity = sb->level == 6 ? 2 : 1;
	int new_data = (int)sb->raid_disks - parity, old_data = new_data - sb->delta_disks;
	return rs_critical_sectors(old_data, new_data, sb->chunksize);
}

bool rs_sb_needs_backup(const struct sb1 *sb)
{
	uint64_t crit = rs_sb_critical(sb);
	return crit && sb->reshape_position < crit;
}
