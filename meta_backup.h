/* A copy of the metadata area a change overwrites on a member (superblock
 * and bitmap room), so a change the kernel refuses can be undone: shared by
 * create and grow --bitmap. */
#ifndef MDCTL_META_BACKUP_H
#define MDCTL_META_BACKUP_H
#include "dev.h"
#include <stddef.h>
#include <stdint.h>

struct meta_backup {
	uint8_t *buf;             /* NULL: nothing saved */
	uint64_t off;             /* bytes */
	size_t len;
};

/* Save the sectors holding the superblock at super_offset and, when
 * room_sectors is not 0, the bitmap room bitmap_offset sectors from it.
 * Returns 0, or -1 (printed). */
int meta_backup_save(int fd, const struct devinfo *di, uint64_t super_offset, int32_t bitmap_offset,
		     uint32_t room_sectors, struct meta_backup *b);
/* Write the saved bytes back and fsync; prints on failure. */
void meta_backup_restore(int fd, const struct devinfo *di, const struct meta_backup *b);
void meta_backup_free(struct meta_backup *b);
#endif
