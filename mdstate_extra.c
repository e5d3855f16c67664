/* What --detail --json shows beyond the text (struct detail_extra and
 * detail_member_extra, output.h): the kernel's sync position and speed,
 * per-member offsets and sizes from sysfs, each member's own superblock
 * (super offset, bad-block log), the bitmap's chunks and the llbitmap's
 * state counts. Read only when asked for, so the text's I/O is unchanged. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include "bitmap.h"
#include "bitmap_io.h"
#include "dev.h"
#include "mdstate.h"
#include "sysfs.h"

/* "12345 / 67890" (md/sync_completed); "none" and "delayed" are no numbers. */
static void sync_numbers(const char *kname, struct detail_extra *x)
{
	uint64_t v;
	x->resync_start = UINT64_MAX;
	if (sysfs_md_get_u64(kname, "resync_start", &v) == 0)
		x->resync_start = v;
	x->reshape_position = UINT64_MAX;
	if (sysfs_md_get_u64(kname, "reshape_position", &v) == 0)
		x->reshape_position = v;
}

/* md/llbitmap/bits: "unwritten N\nclean N\n..." by the kernel's state names;
 * md/llbitmap/metadata: "chunksize N" (sectors), "chunks N". */
static void llbitmap_sysfs(const char *kname, struct detail_extra *x)
{
	char buf[512];
	if (sysfs_md_get(kname, "llbitmap/bits", buf, sizeof(buf)) == 0) {
		int found = 0;
		for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			for (unsigned i = 0; i < LLB_STATE_COUNT; i++) {
				const char *n = llbitmap_state_name(i);
				size_t nl = strlen(n);
				if (!strncmp(line, n, nl) && line[nl] == ' ' && line[nl + 1] >= '0' &&
				    line[nl + 1] <= '9') {
					x->llb_counts[i] = strtoull(line + nl + 1, NULL, 10);
					found++;
				}
			}
		x->have_llb_counts = found == LLB_STATE_COUNT;
	}
	if (sysfs_md_get(kname, "llbitmap/metadata", buf, sizeof(buf)) == 0)
		for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
			unsigned long long v;
			if (sscanf(line, "chunksize %llu", &v) == 1)
				x->bitmap_chunk_bytes = v * 512;
			else if (sscanf(line, "chunks %llu", &v) == 1)
				x->bitmap_chunks = v;
		}
}

/* The member's own superblock; for a classic bitmap also the chunk count of
 * the first header found (md/bitmap/chunksize has the chunk size only). */
static void member_super(struct md_detail *d, struct detail_member *m, struct sb1 *sb)
{
	char path[64];
	struct devinfo di;
	struct sb1_err e;
	struct stat st;
	uint64_t bytes;
	int minor;
	snprintf(path, sizeof(path), "/dev/%s", m->kname);
	/* Not through dev_open(): a member that vanished is not an error here. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	memset(&di, 0, sizeof(di));
	snprintf(di.path, sizeof(di.path), "%s", path);
	if (fstat(fd, &st) == 0 && S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &bytes) == 0) {
		di.rdev = st.st_rdev;
		di.sectors = bytes >> 9;
		di.lbs = di.pbs = 512;
		if (dev_find_sb1(fd, &di, sb, &minor, &e) == 0) {
			m->x.have_sb = true;
			m->x.super_offset = sb->super_offset;
			m->x.bblog_offset = sb->bblog_offset;
			m->x.bblog_size = sb->bblog_size;
			m->x.events = sb->events;
			memcpy(m->x.dev_uuid, sb->device_uuid, 16);
			struct bitmap_sb bs;
			struct bitmap_err be;
			if (d->bitmap && !d->llbitmap && !d->x.bitmap_chunks &&
			    bitmap_read_member(fd, &di, sb, &bs, &be) == 0 && !bitmap_is_llbitmap(&bs))
				d->x.bitmap_chunks = bitmap_chunks(&bs);
		}
	}
	close(fd);
}

static void member_sysfs(const char *kname, struct detail_member *m)
{
	char attr[96];
	uint64_t v;
	m->x.recovery_start = UINT64_MAX;
	snprintf(attr, sizeof(attr), "dev-%s/offset", m->kname);
	if (sysfs_md_get_u64(kname, attr, &m->x.data_offset) < 0)
		return;
	m->x.have_sysfs = true;
	snprintf(attr, sizeof(attr), "dev-%s/size", m->kname);
	if (sysfs_md_get_u64(kname, attr, &v) == 0)
		m->x.data_kib = v;
	snprintf(attr, sizeof(attr), "dev-%s/recovery_start", m->kname);
	if (sysfs_md_get_u64(kname, attr, &v) == 0)
		m->x.recovery_start = v;
	snprintf(attr, sizeof(attr), "dev-%s/errors", m->kname);
	if (sysfs_md_get_u64(kname, attr, &v) == 0)
		m->x.errors = v;
}

void detail_gather_extra(struct md_detail *d)
{
	uint64_t v;
	struct sb1 *sb = malloc(sizeof(*sb));
	d->x.have = true;
	d->x.resync_start = d->x.reshape_position = UINT64_MAX;
	if (!d->inactive) {
		sync_numbers(d->kname, &d->x);
		if (d->llbitmap)
			llbitmap_sysfs(d->kname, &d->x);
		else if (d->bitmap && sysfs_md_get_u64(d->kname, "bitmap/chunksize", &v) == 0)
			d->x.bitmap_chunk_bytes = v;
	}
	for (int i = 0; i < d->nmembers; i++) {
		struct detail_member *m = &d->m[i];
		if (!m->kname[0])
			continue;
		member_sysfs(d->kname, m);
		if (sb)
			member_super(d, m, sb);
	}
	free(sb);
}
