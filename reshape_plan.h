/* Reshape planning: where each member's data moves, and how much of the
 * array a backup file must hold. Pure: no I/O, unit-tested.
 * Rules from Linux 7.2 drivers/md: md.c new_offset_store(),
 * super_1_allow_new_offset(), update_raid_disks(); raid5.c raid5_run()
 * (when a reshape may resume) and raid10.c raid10_start_reshape(). */
#ifndef MDCTL_RESHAPE_PLAN_H
#define MDCTL_RESHAPE_PLAN_H
#include "super1.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* First sector data may start at on a 1.1/1.2 member: 36 KiB past the
 * superblock, past the bitmap (bitmap_sectors long) and the bad-block log.
 * For 1.0 (metadata at the end) this is 0. */
uint64_t rs_meta_end(const struct sb1 *sb, int minor, uint64_t bitmap_sectors);

/* New data offset for one member: the data moves down by `need` sectors
 * (forwards reshape) or up (backwards). component = sectors used per member
 * (md dev_sectors). Returns 0 and *out, or -1 when there is no room. */
int rs_new_offset(const struct sb1 *sb, uint64_t meta_end, uint64_t component,
		  uint64_t need, bool backwards, uint64_t *out);

/* Smallest offset move that keeps a reshape from overwriting what it has not
 * read yet: the larger chunk (times far copies for raid10), 4 KiB aligned. */
uint64_t rs_offset_need(uint32_t old_chunk, uint32_t new_chunk);

/* In-place growth (same data offset) of a raid4/5/6 from old_data to new_data
 * data disks: array sectors from the start that the kernel rewrites before
 * its write position falls behind its read position (raid5_run()'s
 * "reshape_position too early" test). A backup of this region makes a crash
 * inside it recoverable. 0 if new_data <= old_data (not supported in place). */
uint64_t rs_critical_sectors(int old_data, int new_data, uint32_t chunk);

/* ---- backup file of an in-place reshape's critical section ----
 * 4 KiB header, then the array's sectors [start, start + sectors).
 * Header (little endian): magic "mdctl-reshape-backup-1" (32 bytes, NUL
 * padded), array uuid (16), start (u64), sectors (u64), FNV-1a 64 of the
 * data (u64), old and new raid_disks (u32 each), FNV-1a 64 of bytes 0..79. */
#define RS_BACKUP_HDR 4096
struct rs_backup {
	uint8_t uuid[16];
	uint64_t start, sectors, data_sum;
	uint32_t old_disks, new_disks;
};
uint64_t rs_fnv(uint64_t h, const uint8_t *p, size_t n);
#define RS_FNV_INIT 0xcbf29ce484222325ULL
void rs_backup_encode(const struct rs_backup *b, uint8_t hdr[RS_BACKUP_HDR]);
/* Returns 0, or -1 with *why set when it is not an intact mdctl backup header. */
int rs_backup_decode(const uint8_t *hdr, size_t len, struct rs_backup *b, const char **why);

/* Critical section of an in-place reshape described by a superblock (raid4/5/6
 * growth without a data offset change), 0 when there is none. */
uint64_t rs_sb_critical(const struct sb1 *sb);
/* Has such a reshape stopped inside its critical section? The kernel will not
 * resume it (raid5_run()) until the backup is written back. */
bool rs_sb_needs_backup(const struct sb1 *sb);
#endif
