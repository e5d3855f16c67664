/* A member's metadata as --dump copies it: its superblock block and bitmap
 * (dump_regions.h), read from a member or a dump file. Shared by --dump and
 * --restore. */
#ifndef MDCTL_META_COPY_H
#define MDCTL_META_COPY_H
#include "dev.h"
#include "dump_regions.h"

struct meta_copy {
	struct sb1 sb;
	struct meta_region r[2];
	int nr;
	uint8_t *bytes[2];
};

/* Read the regions of the v1.x metadata on fd (a member, or a dump file
 * opened with dev_open). 0, or -1 (printed, nothing to free). */
int meta_read(int fd, const struct devinfo *di, struct meta_copy *m);
/* Read the bytes of m's regions (m->r, m->nr set; m->bytes NULL) from fd.
 * 0, or -1 (printed, m freed). */
int meta_read_regions(int fd, const struct devinfo *di, struct meta_copy *m);
/* Write m's regions at their offsets on fd, then fsync. 0, or -1 (errno). */
int meta_write(int fd, const struct meta_copy *m);
void meta_free(struct meta_copy *m);

/* DIR/NAME into out; -1 (printed) when it does not fit. NAME is a base name
 * (a device's, or one from /dev/disk/by-id: no slash). */
int dump_path(char *out, size_t n, const char *dir, const char *name);
#endif
