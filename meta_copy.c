/* A member's metadata as --dump copies it (meta_copy.h): read from a member
 * or a dump file, written back at the same offsets. */
#include "meta_copy.h"
#include "bitmap_io.h"
#include "msg.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int dump_path(char *out, size_t n, const char *dir, const char *name)
{
	int len = snprintf(out, n, "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= n) {
		pr_err("path too long: %s/%s", dir, name);
		return -1;
	}
	return 0;
}

void meta_free(struct meta_copy *m)
{
	for (int i = 0; i < 2; i++)
		free(m->bytes[i]);
	memset(m, 0, sizeof(*m));
}

int meta_read(int fd, const struct devinfo *di, struct meta_copy *m)
{
	struct sb1_err e;
	struct bitmap_sb bs;
	struct bitmap_err be;
	int minor;
	char why[200];
	memset(m, 0, sizeof(*m));
	int r = dev_find_sb1(fd, di, &m->sb, &minor, &e);
	if (r != 0) {
		pr_err("%s: %s", di->path, r > 0 ? "no v1.x md superblock found" : e.msg);
		return -1;
	}
	uint64_t bitmap_bytes = 0;
	if (m->sb.feature_map & SB1_FEAT_BITMAP_OFFSET) {
		if (bitmap_read_member(fd, di, &m->sb, &bs, &be) < 0) {
			pr_err("%s: bitmap: %s", di->path, be.msg);
			return -1;
		}
		bitmap_bytes = bitmap_total_bytes(&bs);
	}
	m->nr = dump_regions(&m->sb, di->sectors << 9, bitmap_bytes, m->r, why, sizeof(why));
	if (m->nr < 0) {
		pr_err("%s: %s", di->path, why);
		return -1;
	}
	return meta_read_regions(fd, di, m);
}

int meta_read_regions(int fd, const struct devinfo *di, struct meta_copy *m)
{
	for (int i = 0; i < m->nr; i++) {
		m->bytes[i] = malloc(m->r[i].len);
		if (!m->bytes[i] || dev_pread(fd, m->bytes[i], m->r[i].len, m->r[i].off) < 0) {
			pr_err("%s: cannot read its metadata: %s", di->path, m->bytes[i] ? strerror(errno) : "no memory");
			meta_free(m);
			return -1;
		}
	}
	return 0;
}

int meta_write(int fd, const struct meta_copy *m)
{
	for (int i = 0; i < m->nr; i++)
		if (dev_pwrite(fd, m->bytes[i], m->r[i].len, m->r[i].off) < 0)
			return -1;
	return fsync(fd);
}

