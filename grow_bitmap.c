/* --grow --bitmap=internal|llbitmap|none on a running array.
 *
 * What the Linux 7.2 kernel allows on a running array:
 *  - removing any bitmap: SET_ARRAY_INFO without MD_SB_BITMAP_PRESENT
 *    (md.c update_array_info() -> md_bitmap_destroy());
 *  - adding the classic bitmap only: md/bitmap/location "+N" (md-bitmap.c
 *    location_store()) forces ID_BITMAP and reads the header written at N.
 * There is no way to add an llbitmap while the array runs (bitmap_type can
 * only be chosen before it starts, md.c bitmap_type_store()), so that switch
 * stops the array, rewrites the superblocks and starts it again; it needs an
 * array nobody has open, and puts everything back if the restart fails.
 * A 0.90 array's bitmap has one place, the 60 KiB after its superblock
 * (md.c super_90_validate(): bitmap_info.default_offset), and no llbitmap. */
#include "grow_steps.h"
#include "msg.h"
#include "bitmap.h"
#include "bitmap_io.h"
#include "dev.h"
#include "levels.h"
#include "mdio.h"
#include "meta_backup.h"
#include "start.h"
#include "super0.h"
#include "super1.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define ROOM_CAP 256                    /* sectors: a bitmap needs no more than 128 KiB */

struct gmember {
	char path[64];
	dev_t rdev;
	int fd;
	struct devinfo di;
	struct sb1 sb;                  /* v1.x */
	uint64_t super_offset;          /* sectors, either format */
	int32_t bitmap_offset;          /* chosen place, sectors from the superblock */
	uint32_t room;                  /* sectors there */
	struct meta_backup saved;       /* offline switch: superblock + room as they were */
};

struct garray {
	char kname[32];
	int minor;                      /* superblock 1.minor; -1: 0.90 */
	uint8_t uuid[16];               /* as the kernel compares the bitmap's */
	uint64_t sync_sectors;          /* the bitmap's sync size */
	int n;
	struct gmember m[GROW_MEMBERS];
};

enum cur_bitmap { CUR_NONE, CUR_INTERNAL, CUR_LLBITMAP, CUR_FILE };

static enum cur_bitmap current_bitmap(const char *kname)
{
	char v[64];
	if (sysfs_md_get(kname, "bitmap_type", v, sizeof(v)) == 0 && strstr(v, "[llbitmap]"))
		return CUR_LLBITMAP;
	if (sysfs_md_get(kname, "bitmap/location", v, sizeof(v)) < 0 || !strcmp(v, "none"))
		return CUR_NONE;
	return !strncmp(v, "file", 4) ? CUR_FILE : CUR_INTERNAL;
}

/* Largest free run of sectors between the superblock, the bad-block log and
 * the data, 4 KiB aligned (the bitmap must not share a page with either).
 * classic: with 1.1/1.2, the room between the superblock and the log comes
 * first when it holds at least a page: a create without a bitmap leaves its
 * bitmap room there (super1.c plan_v11_v12()), so the bitmap lands at +8
 * where a create puts it, as mdadm 4.6's --grow --bitmap=internal does
 * (libblockdev's md_get_bitmap_location test expects "+8"). */
static void pick_room(struct gmember *g, bool classic)
{
	const struct sb1 *sb = &g->sb;
	int64_t so = (int64_t)sb->super_offset, lo, hi;
	int64_t bb_lo = so + sb->bblog_offset, bb_hi = bb_lo + sb->bblog_size;
	if (sb->data_offset > sb->super_offset) {           /* 1.1/1.2: after the superblock */
		lo = so + 8;
		hi = (int64_t)sb->data_offset;
	} else {                                            /* 1.0: before it */
		lo = (int64_t)(sb->data_offset + sb->data_size);
		hi = so;
	}
	int64_t best_lo = 0, best_len = 0;
	int64_t cuts[2][2] = { { lo, hi }, { 0, 0 } };
	if (sb->bblog_size && bb_lo >= lo && bb_hi <= hi) {
		cuts[0][1] = bb_lo;
		cuts[1][0] = bb_hi;
		cuts[1][1] = hi;
	}
	for (int i = 0; i < 2; i++) {
		int64_t a = (cuts[i][0] + 7) / 8 * 8, b = cuts[i][1] / 8 * 8;
		if (b - a > best_len) {
			best_lo = a;
			best_len = b - a;
		}
		if (i == 0 && classic && cuts[1][1] && sb->data_offset > sb->super_offset && best_len >= 8)
			break;  /* 1.1/1.2: the room before the log, as a create places it */
	}
	if (best_len > ROOM_CAP) {
		if (sb->data_offset <= sb->super_offset)
			best_lo += best_len - ROOM_CAP;  /* 1.0: keep the room next to the log */
		best_len = ROOM_CAP;
	}
	g->bitmap_offset = (int32_t)(best_lo - so);
	g->room = (uint32_t)(best_len > 0 ? best_len : 0);
}

static void close_all(struct garray *a)
{
	for (int i = 0; i < a->n; i++) {
		if (a->m[i].fd >= 0)
			close(a->m[i].fd);
		a->m[i].fd = -1;
		meta_backup_free(&a->m[i].saved);
	}
}

static uint64_t sync_size(const struct sb1 *sb)
{
	return level_sync_sectors(sb->level, sb->layout, (int)sb->raid_disks, sb->chunksize, sb->size);
}

static int load_v1(struct garray *a, struct gmember *g, bool classic)
{
	struct sb1_err e;
	int r = dev_read_sb1(g->fd, &g->di, a->minor, &g->sb, &e);
	if (r != 0) {
		pr_err("%s: cannot read its superblock: %s", g->path, r > 0 ? "none found" : e.msg);
		return -1;
	}
	pick_room(g, classic);
	g->super_offset = g->sb.super_offset;
	memcpy(a->uuid, g->sb.set_uuid, 16);
	a->sync_sectors = sync_size(&g->sb);
	return 0;
}

static int load_v0(struct garray *a, struct gmember *g)
{
	struct sb0 sb;
	struct sb0_err e;
	int r = dev_read_sb0(g->fd, &g->di, &sb, &e);
	if (r != 0) {
		pr_err("%s: cannot read its 0.90 superblock: %s", g->path, r > 0 ? "none found" : e.msg);
		return -1;
	}
	g->super_offset = sb0_offset(g->di.sectors);
	g->bitmap_offset = SB0_BITMAP_OFFSET;
	g->room = SB0_BITMAP_SECTORS;
	/* the kernel's mddev->uuid: the four words as they lie in memory */
	memcpy(a->uuid, sb.set_uuid, 16);
	a->sync_sectors = level_sync_sectors(sb.level, sb.layout, (int)sb.raid_disks,
					     sb.chunk_size / 512, (uint64_t)sb.size * 2);
	return 0;
}

/* The events member 0's superblock has on disk now. */
static int events_now(const struct garray *a, uint64_t *ev)
{
	const struct gmember *g = &a->m[0];
	if (a->minor < 0) {
		struct sb0 sb;
		struct sb0_err e;
		if (dev_read_sb0(g->fd, &g->di, &sb, &e) != 0)
			return -1;
		*ev = sb.events;
		return 0;
	}
	struct sb1 *sb = malloc(sizeof(*sb));
	struct sb1_err e;
	int rc = sb && dev_read_sb1(g->fd, &g->di, a->minor, sb, &e) == 0 ? 0 : -1;
	if (rc == 0)
		*ev = sb->events;
	free(sb);
	return rc;
}

/* The array's working members, each opened and its superblock read. */
static int load_members(struct garray *a, bool classic)
{
	struct sysfs_member sm[GROW_MEMBERS];
	int n = sysfs_md_members(a->kname, sm, GROW_MEMBERS);
	if (n <= 0) {
		pr_err("/dev/%s has no members", a->kname);
		return -1;
	}
	a->n = 0;
	for (int i = 0; i < n; i++) {
		if (strstr(sm[i].state, "faulty")) {
			pr_err("/dev/%s has a faulty member (%s): remove it before changing the bitmap", a->kname,
			       sm[i].name);
			return -1;
		}
		struct gmember *g = &a->m[a->n];
		memset(g, 0, sizeof(*g));
		snprintf(g->path, sizeof(g->path), "/dev/%.31s", sm[i].name);
		g->rdev = makedev(sm[i].major, sm[i].minor);
		g->fd = dev_open(g->path, O_RDWR, &g->di);
		a->n++;
		if (g->fd < 0)
			return -1;
		if ((a->minor < 0 ? load_v0(a, g) : load_v1(a, g, classic)) < 0)
			return -1;
	}
	return 0;
}

static int check_idle(const char *kname)
{
	char v[64];
	if (sysfs_md_get(kname, "sync_action", v, sizeof(v)) == 0 && strcmp(v, "idle") != 0) {
		pr_err("/dev/%s is busy (%s): change the bitmap when it is idle", kname, v);
		return -1;
	}
	if (sysfs_md_get(kname, "degraded", v, sizeof(v)) == 0 && strcmp(v, "0") != 0) {
		pr_err("/dev/%s is degraded: restore its redundancy before changing the bitmap", kname);
		return -1;
	}
	return 0;
}

/* SET_ARRAY_INFO with MD_SB_BITMAP_PRESENT cleared removes either bitmap. */
static int remove_bitmap(const char *kname)
{
	int fd = md_open(kname);
	if (fd < 0)
		return -1;
	mdu_array_info_t ai;
	int rc = md_get_array_info(fd, &ai);
	if (rc == 0) {
		ai.state &= ~(1 << MD_SB_BITMAP_PRESENT);
		rc = md_set_array_info(fd, &ai);
	}
	if (rc < 0)
		pr_err("/dev/%s: the kernel refused to remove the bitmap: %s", kname, strerror(errno));
	close(fd);
	return rc;
}

static uint32_t smallest_room(const struct garray *a)
{
	uint32_t r = UINT32_MAX;
	for (int i = 0; i < a->n; i++)
		if (a->m[i].room < r)
			r = a->m[i].room;
	return r;
}

/* drop_llbitmap: an llbitmap is there now; it goes only once every check passed. */
static int add_internal(const struct grow_req *req, struct garray *a, bool drop_llbitmap)
{
	uint64_t events;
	if (events_now(a, &events) < 0) {
		pr_err("%s: cannot read its superblock", a->m[0].path);
		return -1;
	}
	struct bitmap_new bn = {
		.sync_size = a->sync_sectors, .events = events,
		.chunk_bytes = (uint32_t)req->bitmap_chunk_bytes,
		.daemon_sleep = req->delay > 0 ? (uint32_t)req->delay : 0,
		.write_behind = req->write_behind > 0 ? (uint32_t)req->write_behind : 0,
		.room_sectors = smallest_room(a), .clean = true,
	};
	memcpy(bn.uuid, a->uuid, 16);
	struct bitmap_sb bs;
	struct bitmap_err be;
	if (bn.room_sectors < 8) {
		pr_err("/dev/%s: no room for a bitmap between the superblock and the data", a->kname);
		return -1;
	}
	if (bitmap_new_classic(&bn, &bs, &be) < 0) {
		pr_err("/dev/%s: %s", a->kname, be.msg);
		return -1;
	}
	/* every member must use the same offset: the kernel keeps one */
	for (int i = 1; i < a->n; i++)
		if (a->m[i].bitmap_offset != a->m[0].bitmap_offset) {
			pr_err("/dev/%s: its members differ in layout; no common place for a bitmap", a->kname);
			return -1;
		}
	if (drop_llbitmap) {
		/* removing it bumps the events: the header must not be older
		 * than the array (md_bitmap_read_sb() would force a full resync) */
		if (remove_bitmap(a->kname) < 0 || events_now(a, &events) < 0)
			return -1;
	}
	/* The area is unused, so writing it under the running array is safe; all
	 * bits clear: the array is in sync (bitmap_load() ignores them then).
	 * A header older than the array when the kernel reads it forces a full
	 * resync (md_bitmap_read_sb()), and a running array's events move on by
	 * themselves: a write makes it dirty, 200 ms later it is clean again, one
	 * up or down each time (md_update_sb()). So the header is one ahead of
	 * the superblock, read again until it holds still; one ahead is harmless,
	 * as bitmap_load() at once rewrites the header's events and clamps
	 * events_cleared to the array's (bitmap_update_sb()). */
	for (int tries = 0;; tries++) {
		uint64_t ahead = events + 1;
		bs.events = bs.events_cleared = ahead;
		for (int i = 0; i < a->n; i++)
			if (bitmap_write_member(a->m[i].fd, &a->m[i].di, a->m[i].super_offset, a->m[i].bitmap_offset,
						bn.room_sectors, &bs, true) < 0)
				return -1;
		bool moved = events_now(a, &events) == 0 && events + 1 != ahead;
		if (!moved || tries == 4)
			break;
	}
	char loc[32];
	snprintf(loc, sizeof(loc), "%+d", a->m[0].bitmap_offset);
	if (sysfs_md_set(a->kname, "bitmap/location", loc) < 0) {
		pr_err("/dev/%s: the kernel refused the bitmap at %s: %s (see the kernel log)", a->kname, loc,
		       strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- llbitmap: offline switch ---- */

static void restore_members(struct garray *a)
{
	for (int i = 0; i < a->n; i++)
		meta_backup_restore(a->m[i].fd, &a->m[i].di, &a->m[i].saved);
}

static int write_llbitmap(struct garray *a, struct bitmap_sb *bs)
{
	for (int i = 0; i < a->n; i++) {
		struct gmember *g = &a->m[i];
		struct sb1_err e;
		/* the array is stopped now: take the final superblock */
		if (dev_read_sb1(g->fd, &g->di, a->minor, &g->sb, &e) != 0) {
			pr_err("%s: cannot read its superblock after the stop", g->path);
			return -1;
		}
		if (g->sb.resync_offset != UINT64_MAX) {
			pr_err("%s: the array was not in sync when it stopped", g->path);
			return -1;
		}
		bs->events = bs->events_cleared = g->sb.events;
		if (bitmap_write_member(g->fd, &g->di, g->sb.super_offset, g->bitmap_offset, g->room, bs, true) < 0)
			return -1;
		g->sb.feature_map |= SB1_FEAT_BITMAP_OFFSET;
		g->sb.bitmap_offset = g->bitmap_offset;
		if (dev_write_sb1(g->fd, &g->di, &g->sb) < 0)
			return -1;
	}
	return 0;
}

static int restart(struct garray *a, bool llbitmap, bool readonly)
{
	dev_t devs[GROW_MEMBERS];
	for (int i = 0; i < a->n; i++)
		devs[i] = a->m[i].rdev;
	int mdfd = md_create_open(a->kname);
	if (mdfd < 0)
		return -1;
	struct start_req req = {
		.kname = a->kname, .minor_version = a->minor, .devs = devs, .ndevs = a->n,
		.readonly = readonly, .llbitmap = llbitmap,
	};
	int rc = md_load_and_run(mdfd, &req);
	close(mdfd);
	return rc;
}

static int check_llbitmap_room(const struct garray *a)
{
	for (int i = 0; i < a->n; i++) {
		const struct gmember *g = &a->m[i];
		/* 1.0: the kernel sizes the map against -bitmap_offset (md.c
		 * super_1_validate()); 1.1/1.2: against sectors_reserved. */
		uint32_t space = g->bitmap_offset < 0 ? (uint32_t)-g->bitmap_offset
						      : llbitmap_reserved_for_room(g->room);
		if (g->room < 8 || !space || llbitmap_bytes(a->sync_sectors, space) > (uint64_t)g->room * 512) {
			pr_err("%s: not enough room for an llbitmap (%u sectors free next to the superblock)",
			       g->path, g->room);
			return -1;
		}
	}
	return 0;
}

static int add_llbitmap(const struct grow_req *req, struct garray *a, enum cur_bitmap cur)
{
	char lb[32];
	if (md_check_llbitmap(a->kname) < 0 || check_llbitmap_room(a) < 0)
		return -1;
	if (sysfs_block_get(a->kname, "queue/logical_block_size", lb, sizeof(lb)) == 0 &&
	    check_llbitmap_lbs(SB1_BITMAP_LLBITMAP, (uint32_t)strtoul(lb, NULL, 10), "the array's") < 0)
		return -1;
	struct bitmap_new bn = { .sync_size = a->sync_sectors, .room_sectors = smallest_room(a), .clean = true };
	memcpy(bn.uuid, a->uuid, 16);
	struct bitmap_sb bs;
	struct bitmap_err be;
	if (bitmap_new_llbitmap(&bn, &bs, &be) < 0) {
		pr_err("/dev/%s: %s", a->kname, be.msg);
		return -1;
	}
	char st[32];
	bool ro = sysfs_md_get(a->kname, "array_state", st, sizeof(st)) == 0 &&
		  (!strcmp(st, "readonly") || !strcmp(st, "read-auto"));
	for (int i = 0; i < a->n; i++)
		if (meta_backup_save(a->m[i].fd, &a->m[i].di, a->m[i].sb.super_offset, a->m[i].bitmap_offset,
				     a->m[i].room, &a->m[i].saved) < 0)
			return -1;
	int mdfd = md_open(a->kname);
	if (mdfd < 0)
		return -1;
	if (md_stop_array(mdfd) < 0) {
		int err = errno;
		close(mdfd);
		pr_err("/dev/%s is in use (%s): the kernel adds an llbitmap only when an array starts, "
		       "so stop using it (unmount) first", a->kname, strerror(err));
		return -1;
	}
	close(mdfd);
	pr_info("/dev/%s stopped to switch to llbitmap", a->kname);
	if (write_llbitmap(a, &bs) == 0 && restart(a, true, ro) == 0) {
		if (req->delay > 0 && sysfs_md_set_u64(a->kname, "llbitmap/daemon_sleep", (uint64_t)req->delay) < 0)
			pr_warn("cannot set llbitmap/daemon_sleep: %s", strerror(errno));
		return 0;
	}
	pr_err("/dev/%s: switching to llbitmap failed; restoring the metadata and restarting as before", a->kname);
	restore_members(a);
	if (restart(a, cur == CUR_LLBITMAP, ro) < 0)
		pr_err("/dev/%s could not be restarted: assemble it by hand", a->kname);
	return -1;
}

static int check_options(const struct grow_req *req, enum sb1_bitmap_kind want)
{
	if (want != SB1_BITMAP_INTERNAL && (req->bitmap_chunk_bytes || req->write_behind >= 0)) {
		pr_err("--bitmap-chunk and --write-behind apply to --bitmap=internal only");
		return -1;
	}
	if (want == SB1_BITMAP_NONE && req->delay >= 0) {
		pr_err("--delay needs a bitmap");
		return -1;
	}
	return 0;
}

int grow_bitmap(const struct grow_req *req)
{
	struct garray a;
	memset(&a, 0, sizeof(a));
	enum sb1_bitmap_kind want;
	if (!strcmp(req->bitmap, "none"))
		want = SB1_BITMAP_NONE;
	else if (!strcmp(req->bitmap, "internal"))
		want = SB1_BITMAP_INTERNAL;
	else if (!strcmp(req->bitmap, "llbitmap") || !strcmp(req->bitmap, "lockless"))
		want = SB1_BITMAP_LLBITMAP;
	else {
		pr_err("unknown bitmap '%s' (expected none, internal or llbitmap)", req->bitmap);
		return 2;
	}
	if (check_options(req, want) < 0)
		return 2;
	if (md_resolve_name(req->mddev, a.kname, sizeof(a.kname)) < 0 || !sysfs_md_exists(a.kname)) {
		pr_err("%s is not an md array", req->mddev);
		return 1;
	}
	char v[64];
	if (sysfs_md_get(a.kname, "array_state", v, sizeof(v)) < 0 || !strcmp(v, "inactive") ||
	    !strcmp(v, "clear")) {
		pr_err("%s is not running", req->mddev);
		return 1;
	}
	v[0] = '\0';
	if (sysfs_md_get(a.kname, "metadata_version", v, sizeof(v)) == 0 && !strcmp(v, "0.90")) {
		a.minor = -1;
		if (want == SB1_BITMAP_LLBITMAP) {
			pr_err("%s has 0.90 metadata, which has no room for llbitmap: use --bitmap=internal",
			       req->mddev);
			return 1;
		}
	} else if (sscanf(v, "1.%d", &a.minor) != 1 || a.minor < 0 || a.minor > 2) {
		pr_err("%s: only arrays with v1.x or 0.90 superblocks are supported (metadata %s)", req->mddev, v);
		return 1;
	}
	if (sysfs_md_get(a.kname, "level", v, sizeof(v)) == 0 &&
	    (!strcmp(v, "raid0") || !strcmp(v, "linear"))) {
		pr_err("%s is %s: it has no redundancy, so it cannot have a bitmap", req->mddev, v);
		return 1;
	}
	/* the PPL or journal lies where the bitmap would go, and raid5 runs
	 * neither with a bitmap (raid5-ppl.c ppl_init_log(), raid5.c) */
	if (want != SB1_BITMAP_NONE && sysfs_md_get(a.kname, "consistency_policy", v, sizeof(v)) == 0 &&
	    (!strcmp(v, "ppl") || !strcmp(v, "journal"))) {
		pr_err("%s has consistency policy %s, which excludes a bitmap%s", req->mddev, v,
		       !strcmp(v, "ppl") ? ": --grow --consistency-policy=resync first" : "");
		return 1;
	}
	enum cur_bitmap cur = current_bitmap(a.kname);
	if (cur == CUR_FILE) {
		pr_err("%s has a bitmap file; mdctl does not manage bitmap files", req->mddev);
		return 1;
	}
	enum cur_bitmap target = want == SB1_BITMAP_NONE ? CUR_NONE :
				 want == SB1_BITMAP_INTERNAL ? CUR_INTERNAL : CUR_LLBITMAP;
	if (cur == target) {
		/* an error, as with mdadm 4.6 (libblockdev counts on it) */
		if (want == SB1_BITMAP_NONE)
			pr_err("no bitmap found on %s", req->mddev);
		else
			pr_err("bitmap already present on %s", req->mddev);
		return 1;
	}
	if (want == SB1_BITMAP_NONE)
		return remove_bitmap(a.kname) < 0;
	int rc = 1;
	if (check_idle(a.kname) < 0 || load_members(&a, want == SB1_BITMAP_INTERNAL) < 0)
		goto out;
	if (want == SB1_BITMAP_INTERNAL) {
		if (add_internal(req, &a, cur == CUR_LLBITMAP) < 0)
			goto out;
	} else if (add_llbitmap(req, &a, cur) < 0) {
		goto out;
	}
	rc = 0;
out:
	close_all(&a);
	return rc;
}
