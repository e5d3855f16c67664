/* Saving and restoring the metadata area of a member (meta_backup.h). */
#include "meta_backup.h"
#include "msg.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int meta_backup_save(int fd, const struct devinfo *di, uint64_t super_offset, int32_t bitmap_offset,
		     uint32_t room_sectors, struct meta_backup *b)
{
	/* dev_write_sb1() writes one logical block, at least 4 KiB */
	uint64_t sb_len = di->lbs > 4096 ? di->lbs / 512 : 8;
	int64_t lo = (int64_t)super_offset, hi = lo + (int64_t)sb_len;
	if (room_sectors) {
		int64_t s = lo + bitmap_offset;
		if (s < lo)
			lo = s;
		if (s + room_sectors > hi)
			hi = s + room_sectors;
	}
	if (lo < 0 || (uint64_t)hi > di->sectors) {
		pr_err("%s: the metadata area lies outside the device", di->path);
		return -1;
	}
	b->off = (uint64_t)lo << 9;
	b->len = (size_t)(hi - lo) << 9;
	b->buf = malloc(b->len);
	if (!b->buf || dev_pread(fd, b->buf, b->len, b->off) < 0) {
		pr_err("%s: cannot read the metadata area: %s", di->path, b->buf ? strerror(errno) : "no memory");
		return -1;
	}
	return 0;
}

void meta_backup_restore(int fd, const struct devinfo *di, const struct meta_backup *b)
{
	if (b->buf && (dev_pwrite(fd, b->buf, b->len, b->off) < 0 || fsync(fd) < 0))
		pr_err("%s: could not put back its previous contents: %s", di->path, strerror(errno));
}

void meta_backup_free(struct meta_backup *b)
{
	free(b->buf);
	b->buf = NULL;
}
