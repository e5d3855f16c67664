/* Bitmap headers on members (bitmap_io.h): reading them where the superblock
 * points, writing a new one for create and grow. */
#include "bitmap_io.h"
#include "msg.h"
#include "sysfs.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bitmap_write_member(int fd, const struct devinfo *di, uint64_t super_offset, int32_t bitmap_offset,
			uint32_t room_sectors, const struct bitmap_sb *bs, bool clean)
{
	int64_t start = (int64_t)super_offset + bitmap_offset;
	size_t len = (size_t)room_sectors << 9;
	if (start < 0 || len < LLBITMAP_DATA_OFFSET || (uint64_t)start + room_sectors > di->sectors) {
		pr_err("%s: the bitmap room lies outside the device", di->path);
		return -1;
	}
	uint8_t *buf = calloc(1, len);
	if (!buf) {
		pr_err("out of memory");
		return -1;
	}
	int rc = -1;
	if (bitmap_encode(bs, buf, len) < 0) {
		pr_err("%s: cannot encode the bitmap header", di->path);
		goto out;
	}
	bitmap_init_area(bs, clean, buf, len);
	if (dev_pwrite(fd, buf, len, (uint64_t)start << 9) < 0 || fsync(fd) < 0) {
		pr_err("%s: cannot write the bitmap: %s", di->path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

int bitmap_read_at(int fd, const struct devinfo *di, uint64_t start, struct bitmap_sb *bs, struct bitmap_err *e)
{
	uint8_t head[LLBITMAP_DATA_OFFSET];
	memset(bs, 0, sizeof(*bs));
	uint64_t avail = start < (di->sectors << 9) ? (di->sectors << 9) - start : 0;
	if (avail < sizeof(head) || dev_pread(fd, head, sizeof(head), start) < 0) {
		snprintf(e->msg, sizeof(e->msg), "cannot read the bitmap: %s",
			 avail < sizeof(head) ? "device too small" : strerror(errno));
		return -1;
	}
	return bitmap_decode(head, sizeof(head), bs, e) < 0 ? -1 : 0;
}

int bitmap_read_member(int fd, const struct devinfo *di, const struct sb1 *sb, struct bitmap_sb *bs,
		       struct bitmap_err *e)
{
	memset(bs, 0, sizeof(*bs));
	if (!(sb->feature_map & SB1_FEAT_BITMAP_OFFSET))
		return 1;
	int64_t s = (int64_t)sb->super_offset + sb->bitmap_offset;
	if (s < 0 || (uint64_t)s >= di->sectors) {
		snprintf(e->msg, sizeof(e->msg), "bitmap offset %d lies outside the device", sb->bitmap_offset);
		return -1;
	}
	return bitmap_read_at(fd, di, (uint64_t)s << 9, bs, e);
}

int bitmap_set_uuid(int fd, const struct devinfo *di, const struct sb1 *sb, const uint8_t uuid[16])
{
	struct bitmap_sb bs;
	struct bitmap_err e;
	int r = bitmap_read_member(fd, di, sb, &bs, &e);
	if (r > 0)
		return 0;
	if (r < 0) {
		pr_err("%s: %s", di->path, e.msg);
		return -1;
	}
	return bitmap_set_uuid_at(fd, di, (uint64_t)((int64_t)sb->super_offset + sb->bitmap_offset) << 9, uuid);
}

int bitmap_set_uuid_at(int fd, const struct devinfo *di, uint64_t at, const uint8_t uuid[16])
{
	uint8_t head[512];
	/* bitmap_super_t: magic, version, then the uuid (md-bitmap.h); the
	 * rest of the sector holds bits (classic) and stays as it is */
	if (dev_pread(fd, head, sizeof(head), at) < 0) {
		pr_err("%s: cannot read the bitmap: %s", di->path, strerror(errno));
		return -1;
	}
	if ((uint32_t)(head[0] | head[1] << 8 | head[2] << 16 | (uint32_t)head[3] << 24) != BITMAP_MAGIC) {
		pr_err("%s: no bitmap header where its superblock says one is", di->path);
		return -1;
	}
	memcpy(head + BITMAP_O_UUID, uuid, 16);
	if (dev_pwrite(fd, head, sizeof(head), at) < 0 || fsync(fd) < 0) {
		pr_err("%s: cannot write the bitmap header: %s", di->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* md.c bitmap_type_show() prints "none bitmap [llbitmap]"-style lists of the
 * bitmap types this kernel has; kernels before 6.18 have no such file. */
int md_check_llbitmap(const char *kname)
{
	char types[256];
	if (sysfs_md_get(kname, "bitmap_type", types, sizeof(types)) < 0) {
		pr_err("this kernel has no llbitmap (no md/bitmap_type: it needs Linux 6.18 or later)");
		return -1;
	}
	char *save = NULL;
	for (char *t = strtok_r(types, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(t);
		if (!strcmp(t, "llbitmap") || (n == 10 && !strncmp(t, "[llbitmap]", 10)))
			return 0;
	}
	pr_err("this kernel has no llbitmap (md/bitmap_type offers none of it: build with CONFIG_MD_LLBITMAP)");
	return -1;
}

/* Linux 7.2 md-llbitmap.c writes its state in logical blocks; a block of
 * 2 KiB or more also holds the 1 KiB header, and llbitmap_infect_dirty_bits()
 * then overwrites header bytes with state bytes: the array cannot be
 * assembled again. Refused until the kernel is fixed. */
int check_llbitmap_lbs(enum sb1_bitmap_kind kind, uint32_t lbs, const char *what)
{
	if (kind == SB1_BITMAP_LLBITMAP && lbs > 1024) {
		pr_err("llbitmap needs a logical block size of at most 1024 (%s is %u): with larger blocks "
		       "Linux 7.2 overwrites the llbitmap header (md-llbitmap.c llbitmap_infect_dirty_bits())",
		       what, lbs);
		return -1;
	}
	return 0;
}
