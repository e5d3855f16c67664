/* --examine-bitmap / -X: find a member's bitmap through its v1.x or 0.90
 * superblock (or read a bitmap file from its start) and print it. Read-only: works on members of
 * running arrays. */
#include "modes.h"
#include "bitmap.h"
#include "bitmap_render.h"
#include "bitmap_io.h"
#include "dev.h"
#include "json_emit.h"
#include "super1.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A bitmap larger than this is not read (2^27 chunks of llbitmap state bytes). */
#define MAX_BITMAP_BYTES (128u << 20)

static void swap_word(uint8_t *p)
{
	uint8_t t = p[0];
	p[0] = p[3];
	p[3] = t;
	t = p[1];
	p[1] = p[2];
	p[2] = t;
}

/* A device without a v1.x superblock: does it hold a 0.90 one with a bitmap?
 * That bitmap follows the 4 KiB superblock (drivers/md/md.c
 * super_90_validate(): bitmap_info.default_offset = MD_SB_BYTES >> 9).
 * Returns 0 with *start (bytes), 1 when there is no 0.90 superblock, -1 when
 * refused (printed). */
static int v0_bitmap_start(int fd, const struct devinfo *di, const char *path, struct sb0 *sb0, uint64_t *start)
{
	struct sb0_err e0;
	if (dev_read_sb0(fd, di, sb0, &e0) != 0)
		return 1;
	if (!(sb0->state & SB0_STATE_BITMAP_PRESENT)) {
		pr_err("%s: the array has no internal bitmap", path);
		return -1;
	}
	*start = (sb0_offset(di->sectors) + SB0_BITMAP_OFFSET) << 9;
	return 0;
}

/* One device: its bitmap as text, or into doc (--json). */
static int examine_bitmap_one(const char *path, int verbose, struct json_object *doc)
{
	struct devinfo di;
	struct sb1 sb;
	struct sb1_err se;
	int minor, rc = 1;
	uint8_t *buf = NULL;
	int fd = dev_open(path, O_RDONLY, &di);
	if (fd < 0)
		return 1;
	uint64_t start = 0;  /* byte offset of the bitmap */
	int r = dev_find_sb1(fd, &di, &sb, &minor, &se);
	if (r == 1 && dev_refuse_foreign(fd, &di, false))
		goto out;
	if (r < 0) {
		pr_err("%s: invalid md superblock: %s", path, se.msg);
		goto out;
	}
	struct bitmap_sb bs;
	struct bitmap_err be;
	struct sb0 sb0;
	int v0 = r == 1 ? v0_bitmap_start(fd, &di, path, &sb0, &start) : 1;
	if (v0 < 0)
		goto out;
	int k = r == 0 ? bitmap_read_member(fd, &di, &sb, &bs, &be) : bitmap_read_at(fd, &di, start, &bs, &be);
	if (k == 1) {
		pr_err("%s: the array has no internal bitmap", path);
		goto out;
	}
	if (k < 0) {
		pr_err("%s: %s", path, be.msg);
		goto out;
	}
	if (r == 0)
		start = (uint64_t)((int64_t)sb.super_offset + sb.bitmap_offset) << 9;
	/* A 0.90 array's bitmap carries its UUID as the superblock's four words
	 * in host order; mdadm shows those words, as -E does. */
	if (v0 == 0 && !sb0.big_endian)
		for (int i = 0; i < 16; i += 4)
			swap_word(bs.uuid + i);
	uint64_t avail = (di.sectors << 9) - start;
	/* all node slots of a clustered bitmap, too */
	uint64_t want = bitmap_total_bytes(&bs);
	if (want > avail)
		want = avail;  /* bitmap_count reports what it could not examine */
	if (want > MAX_BITMAP_BYTES)
		want = MAX_BITMAP_BYTES;
	buf = malloc(want);
	if (!buf || dev_pread(fd, buf, want, start) < 0) {
		pr_err("%s: cannot read the bitmap: %s", path, buf ? strerror(errno) : "out of memory");
		goto out;
	}
	if (doc) {
		struct jr_bitmap_input ji = {
			.path = path, .sb = &bs, .buf = buf, .len = want, .from_superblock = r == 0 || v0 == 0,
			.sb_bitmap_offset = r == 0 ? sb.bitmap_offset : v0 == 0 ? SB0_BITMAP_OFFSET : 0,
			.start_bytes = start,
			.verbose = verbose,
		};
		json_object_array_add(jr_doc_list(doc), jr_bitmap(&ji));
	} else {
		bitmap_print(stdout, path, &bs, buf, want, verbose);
	}
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

int mode_examine_bitmap(const struct options *o)
{
	int rc = 0;
	struct json_object *doc = NULL;
	if (!o->ndevs) {
		pr_err("--examine-bitmap needs devices");
		return 2;
	}
	if (o->json && !(doc = jr_doc_new("examine-bitmap", "devices"))) {
		pr_err("out of memory");
		return 1;
	}
	for (int i = 0; i < o->ndevs; i++)
		rc |= examine_bitmap_one(o->devs[i].name, o->verbose, doc);
	return json_emit(doc, rc);
}
