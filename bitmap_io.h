/* Writing a new bitmap to a member device: shared by create and grow. */
#ifndef MDCTL_BITMAP_IO_H
#define MDCTL_BITMAP_IO_H
#include "bitmap.h"
#include "dev.h"
#include "super1.h"
#include <stdbool.h>

/* Write header bs and its initialised area (bitmap_init_area) over the
 * room_sectors that start bitmap_offset sectors from the superblock at
 * super_offset, then fsync. Returns 0 or -1 (printed). */
int bitmap_write_member(int fd, const struct devinfo *di, uint64_t super_offset, int32_t bitmap_offset,
			uint32_t room_sectors, const struct bitmap_sb *bs, bool clean);

/* Read and decode the bitmap header at byte start of fd (e.g. a bitmap
 * file: 0). Returns 0, or -1 with e->msg (too short, unreadable, refused by
 * bitmap_decode; *bs then holds what could be read). */
int bitmap_read_at(int fd, const struct devinfo *di, uint64_t start, struct bitmap_sb *bs, struct bitmap_err *e);

/* Read and decode the bitmap header that sb points at on fd. Returns 0,
 * 1 when sb has no bitmap, -1 with e->msg (unreadable, outside the device,
 * or a header bitmap_decode refuses; *bs then holds what could be read). */
int bitmap_read_member(int fd, const struct devinfo *di, const struct sb1 *sb, struct bitmap_sb *bs,
		       struct bitmap_err *e);

/* Put uuid into the header of the bitmap sb points at (md-bitmap.c refuses a
 * bitmap whose uuid is not the array's). No bitmap: nothing to do. 0 or -1
 * (printed). */
int bitmap_set_uuid(int fd, const struct devinfo *di, const struct sb1 *sb, const uint8_t uuid[16]);
/* The same for the header at byte at (a 0.90 member's: 4 KiB after its
 * superblock), which must carry the bitmap magic. 0 or -1 (printed). */
int bitmap_set_uuid_at(int fd, const struct devinfo *di, uint64_t at, const uint8_t uuid[16]);

/* Does the kernel offer llbitmap for md device kname (md/bitmap_type lists
 * it: Linux >= 6.18 with CONFIG_MD_LLBITMAP)? Prints why not and returns -1. */
int md_check_llbitmap(const char *kname);
/* llbitmap with logical blocks above 1 KiB corrupts its own header on Linux
 * 7.2 (create.c has the details). what names the size. 0 or -1 (printed). */
int check_llbitmap_lbs(enum sb1_bitmap_kind kind, uint32_t lbs, const char *what);
#endif
