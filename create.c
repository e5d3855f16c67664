/* --create: check everything, write v1.x superblocks (0.90: create0.c), then start the array.
 * Nothing is written to any member before every check has passed. */
#include "create_int.h"
#include "bitmap.h"
#include "bitmap_io.h"
#include "creating.h"
#include "dev.h"
#include "foreign.h"
#include "levels.h"
#include "meta_backup.h"
#include "mdio.h"
#include "names.h"
#include "persona.h"
#include "ppl.h"
#include "ppl_io.h"
#include "sizes.h"
#include "start.h"
#include "super0.h"
#include "super1.h"
#include "sysfs.h"
#include "uuid.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int parse_metadata(const char *m, struct geometry *g)
{
	if (sb0_is_version(m)) {
		g->v090 = true;
		return 0;
	}
	if (sb1_parse_version(m, &g->minor) < 0) {
		char why[160];
		pr_err("%s", metadata_refusal(why, sizeof(why), m));
		return -1;
	}
	return 0;
}

static int parse_bitmap(const char *b, enum sb1_bitmap_kind *kind)
{
	if (!b || !strcmp(b, "none"))
		*kind = SB1_BITMAP_NONE;
	else if (!strcmp(b, "internal"))
		*kind = SB1_BITMAP_INTERNAL;
	else if (!strcmp(b, "llbitmap") || !strcmp(b, "lockless"))
		*kind = SB1_BITMAP_LLBITMAP;
	else {
		pr_err("unknown bitmap '%s' (expected none, internal or llbitmap)", b);
		return -1;
	}
	return 0;
}

static int check_bitmap_options(const struct create_req *r, const struct geometry *g);
static int check_policy(const struct create_req *r, struct geometry *g);

/* Level, device counts, metadata version. */
static int check_counts(const struct create_req *r, struct geometry *g)
{
	/* containers first: no level or count makes them possible */
	if (foreign_from_metadata(r->metadata) != FOREIGN_NONE)
		return parse_metadata(r->metadata, g);
	if (r->level == LEVEL_UNKNOWN) {
		pr_err("a RAID level is needed to create an array (--level)");
		return -1;
	}
	g->level = r->level;
	if (r->raid_disks < 1) {
		pr_err("the number of devices is needed to create an array (--raid-devices)");
		return -1;
	}
	g->raid_disks = r->raid_disks;
	g->spares = r->spare_disks < 0 ? 0 : r->spare_disks;
	if (g->raid_disks < level_min_devices(g->level) ||
	    (g->raid_disks == 1 && (g->level == 1 || g->level == 0) && !r->force)) {
		pr_err("%s needs at least %d devices%s", level_name(g->level),
		       g->raid_disks == 1 && g->level <= 1 ? 2 : level_min_devices(g->level),
		       g->level <= 1 && g->raid_disks == 1 ? " (use --force for a one-device array)" : "");
		return -1;
	}
	if (r->ndevs - r->journal != g->raid_disks + g->spares) {
		pr_err("%d devices given, but --raid-devices=%d%s needs exactly %d", r->ndevs - r->journal, g->raid_disks,
		       g->spares ? " plus --spare-devices" : "", g->raid_disks + g->spares);
		return -1;
	}
	if (g->spares && (g->level == 0 || g->level == LEVEL_LINEAR)) {
		pr_err("%s cannot have spare devices", level_name(g->level));
		return -1;
	}
	return parse_metadata(r->metadata, g);
}

/* Chunk, layout, and how many members may be missing. */
static int check_layout(const struct create_req *r, struct geometry *g)
{
	if (level_has_chunk(g->level)) {
		uint64_t c = r->chunk_kib ? r->chunk_kib : DEFAULT_CHUNK_KIB;
		if (c < 4 || (c & (c - 1))) {
			pr_err("chunk size %lluK is not a power of two of at least 4K", (unsigned long long)c);
			return -1;
		}
		g->chunk_sectors = (uint32_t)(c * 2);
	} else if (r->chunk_kib && g->level != LEVEL_LINEAR) {
		pr_err("%s does not use a chunk size", level_name(g->level));
		return -1;
	} else if (r->chunk_kib) {
		g->chunk_sectors = (uint32_t)(r->chunk_kib * 2);  /* linear: rounding only */
	}
	g->layout = layout_default(g->level, g->raid_disks);
	if (r->layout && layout_parse(g->level, r->layout, &g->layout) < 0) {
		pr_err("layout '%s' is not valid for %s", r->layout, level_name(g->level));
		return -1;
	}
	int missing = 0;
	char why[160];
	for (int i = 0; i < r->ndevs - r->journal; i++)
		missing += !strcmp(r->devs[i].name, "missing");
	if (level_check_missing(g->level, g->layout, g->raid_disks, missing, why, sizeof(why)) < 0) {
		pr_err("%s", why);
		return -1;
	}
	for (int i = g->raid_disks; i < r->ndevs - r->journal; i++)
		if (!strcmp(r->devs[i].name, "missing")) {
			pr_err("a spare device cannot be 'missing'");
			return -1;
		}
	/* As mdadm does (its man page, --force): a new raid4/5 starts degraded
	 * with its last member as a spare that the kernel recovers onto, which
	 * reads every other member once and writes that one, instead of a full
	 * parity resync that reads them all and rewrites parity. The degraded
	 * array must be recorded clean, or raid5.c refuses to start it ("cannot
	 * start dirty degraded array"); the recovery makes it so. A member list
	 * that is already degraded ("missing") has no spare to spend, except
	 * raid6 with one member missing, which mdadm 4.6 treats as raid5 (its
	 * last member recovers too; checked in the VM, t_create_degraded.sh). */
	g->rebuild_last = !r->assume_clean && !r->force && g->raid_disks >= 2 &&
			  (((g->level == 4 || g->level == 5) && !missing) || (g->level == 6 && missing == 1));
	g->missing = missing;
	g->rebuilt = -1;
	for (int i = 0; g->rebuild_last && i < g->raid_disks; i++)
		if (strcmp(r->devs[i].name, "missing") != 0)
			g->rebuilt = i;
	return 0;
}

static int check_geometry(const struct create_req *r, struct geometry *g)
{
	if (check_counts(r, g) < 0 || check_layout(r, g) < 0)
		return -1;
	if (parse_bitmap(r->bitmap, &g->bitmap) < 0)
		return -1;
	if (check_bitmap_options(r, g) < 0 || (g->v090 && create0_check(r, g) < 0) || check_policy(r, g) < 0)
		return -1;
	if (r->logical_block_size) {
		uint64_t l = r->logical_block_size;
		if (l < 512 || l > 65536 || (l & (l - 1))) {
			pr_err("logical block size %llu is not a power of two from 512 to 65536",
			       (unsigned long long)l);
			return -1;
		}
		g->lbs = (uint32_t)l;
	}
	/* md (mddev_stack_rdev_limits()) and the block layer take no logical
	 * block size above the page size. */
	long page = sysconf(_SC_PAGESIZE);
	if (g->lbs && page > 0 && g->lbs > (uint64_t)page) {
		pr_err("logical block size %u is larger than the kernel's page size (%ld), which md refuses",
		       g->lbs, page);
		return -1;
	}
	return check_llbitmap_lbs(g->bitmap, g->lbs, "--logical-block-size");
}

/* Options that only make sense with one kind of bitmap. */
static int check_bitmap_options(const struct create_req *r, const struct geometry *g)
{
	if (g->bitmap == SB1_BITMAP_NONE && (r->bitmap_chunk_bytes || r->delay >= 0 || r->write_behind >= 0)) {
		/* mdadm 4.6 takes them and does nothing: as mdadm, say so and go on */
		if (persona()->mdadm) {
			pr_warn("--bitmap-chunk, --delay and --write-behind have no effect without a bitmap");
			return 0;
		}
		pr_err("--bitmap-chunk, --delay and --write-behind need a bitmap (--bitmap=internal)");
		return -1;
	}
	if (g->bitmap == SB1_BITMAP_NONE)
		return 0;
	if (g->level == 0 || g->level == LEVEL_LINEAR) {
		pr_err("%s has no redundancy, so it cannot have a bitmap", level_name(g->level));
		return -1;
	}
	if (g->bitmap == SB1_BITMAP_LLBITMAP && r->bitmap_chunk_bytes) {
		pr_err("--bitmap-chunk does not apply to llbitmap: the kernel chooses its chunk size");
		return -1;
	}
	if (g->bitmap == SB1_BITMAP_LLBITMAP && r->write_behind >= 0) {
		pr_err("--write-behind needs the internal bitmap: llbitmap has no write-behind");
		return -1;
	}
	if (r->write_behind >= 0 && g->level != 1) {
		pr_err("--write-behind applies to raid1 only");
		return -1;
	}
	return 0;
}

/* --consistency-policy: the kernel's policies (md.c consistency_policy_show)
 * that a new array can be given, refused where mdadm 4.6 refuses them. */
/* --write-journal: raid4/5/6 (raid5-cache.c serves raid456 only), without a
 * bitmap (the kernel refuses both at RUN_ARRAY) or a PPL, as mdadm 4.6. */
static int check_journal(const struct create_req *r, const struct geometry *g)
{
	if (!r->journal)
		return 0;
	if (g->level != 4 && g->level != 5 && g->level != 6) {
		pr_err("--write-journal applies to raid4, raid5 and raid6 only");
		return -1;
	}
	if (g->bitmap != SB1_BITMAP_NONE) {
		pr_err("--write-journal excludes a bitmap: the kernel cannot use both");
		return -1;
	}
	if (!strcmp(r->devs[r->ndevs - 1].name, "missing")) {
		pr_err("the write journal cannot be 'missing'");
		return -1;
	}
	return 0;
}

static int check_policy(const struct create_req *r, struct geometry *g)
{
	if (check_journal(r, g) < 0)
		return -1;
	enum policy p;
	if (!r->consistency)
		return 0;
	if (policy_parse(r->consistency, &p) < 0) {
		pr_err("unknown consistency policy '%s' (expected resync, bitmap, ppl or journal)", r->consistency);
		return -1;
	}
	if (r->journal && p != POLICY_JOURNAL) {
		pr_err("--write-journal implies --consistency-policy=journal, not %s", r->consistency);
		return -1;
	}
	if (r->journal)
		return 0;  /* checked by check_journal() */
	const char *why = policy_refusal(p, g->level, g->bitmap != SB1_BITMAP_NONE, g->minor);
	if (!why && p == POLICY_BITMAP && g->bitmap == SB1_BITMAP_NONE) {
		/* mdadm 4.6 takes it and makes no bitmap on small arrays: as
		 * mdadm, say so and go on */
		if (persona()->mdadm) {
			pr_warn("--consistency-policy=bitmap has no effect without a bitmap: the policy is resync");
			return 0;
		}
		why = "--consistency-policy=bitmap needs a bitmap (--bitmap=internal)";
	}
	if (why) {
		pr_err("%s", why);
		return -1;
	}
	g->ppl = p == POLICY_PPL;
	return 0;
}

/* Is member i the one that starts as a spare and recovers (rebuild_last)? */
static bool is_rebuilt(const struct geometry *g, int i)
{
	return g->rebuild_last && i == g->rebuilt;
}

/* Open every member exclusively and check it may be used. */
static int open_members(const struct create_req *r, const struct geometry *g, struct member *m)
{
	for (int i = 0; i < r->ndevs; i++) {
		m[i].fd = -1;
		m[i].role = i < g->raid_disks && !is_rebuilt(g, i) ? i : -1;
		/* mdadm numbers the rebuilt member after every other one, spares too */
		m[i].devnum = is_rebuilt(g, i) ? r->ndevs : i;
		/* mdadm 4.6 numbers the journal 0 and the others after it */
		if (r->journal) {
			bool j = i == r->ndevs - 1;
			m[i].role = j ? ROLE_JOURNAL : m[i].role;
			m[i].devnum = j ? 0 : m[i].devnum + !is_rebuilt(g, i);
		}
		if (!strcmp(r->devs[i].name, "missing")) {
			m[i].path = NULL;
			continue;
		}
		m[i].path = r->devs[i].name;
		for (int j = 0; j < i; j++)
			if (m[j].path && !strcmp(m[j].path, m[i].path)) {
				pr_err("%s is listed twice", m[i].path);
				return -1;
			}
		m[i].fd = dev_open(m[i].path, O_RDWR | O_EXCL, &m[i].di);
		if (m[i].fd < 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (m[j].path && m[i].di.rdev && m[j].di.rdev == m[i].di.rdev) {
				pr_err("%s and %s are the same device", m[j].path, m[i].path);
				return -1;
			}
		if (!m[i].di.rdev) {
			pr_err("%s is not a block device", m[i].path);
			return -1;
		}
		if (dev_check_not_mounted(&m[i].di) < 0 || dev_check_not_md_member(&m[i].di) < 0)
			return -1;
		if (g->lbs && m[i].di.lbs > g->lbs) {
			pr_err("%s has a logical block size of %u, larger than --logical-block-size=%u",
			       m[i].path, m[i].di.lbs, g->lbs);
			return -1;
		}
		char what[300];
		snprintf(what, sizeof(what), "that of %s", m[i].path);
		if (check_llbitmap_lbs(g->bitmap, m[i].di.lbs, what) < 0)
			return -1;
	}
	return 0;
}

/* Plan each member's layout, then the size used on every member. */
static int plan_sizes(const struct create_req *r, struct geometry *g, struct member *m)
{
	uint64_t smallest = UINT64_MAX;
	for (int i = 0; i < r->ndevs; i++) {
		if (!m[i].path)
			continue;
		struct sb1_plan_req req = {
			.minor = g->minor, .dev_sectors = m[i].di.sectors,
			.data_offset = r->data_offset_sectors, .chunk_sectors = g->chunk_sectors,
			.bitmap = g->bitmap, .array_member_sectors = r->size_kib * 2,
			.bitmap_chunk_bytes = (uint32_t)r->bitmap_chunk_bytes,
			.no_bitmap_level = g->level == 0 || g->level == LEVEL_LINEAR,
			.llbitmap_room = g->llbitmap_room, .ppl = g->ppl,
		};
		struct sb1_err e;
		if (g->v090) {
			if (create0_plan_member(g, &m[i]) < 0)
				return -1;
		} else if (sb1_plan(&req, &m[i].plan, &e) < 0) {
			pr_err("%s: %s", m[i].path, e.msg);
			return -1;
		}
		if (m[i].role != ROLE_JOURNAL && m[i].plan.data_size < smallest)
			smallest = m[i].plan.data_size;
	}
	if (smallest == UINT64_MAX) {
		pr_err("no real devices given, only 'missing'");
		return -1;
	}
	/* raid0 and linear use each member whole; others use the same size on each. */
	uint64_t round = g->chunk_sectors ? g->chunk_sectors : 8;
	if (g->level != 0 && g->level != LEVEL_LINEAR && !g->chunk_sectors)
		round = 128;  /* mdadm rounds mirrors to 64 KiB */
	/* 0.90: the superblock sits 64 KiB-aligned already, and mdadm 4.6 takes
	 * a mirror's --size as given (KiB, the size field's unit) */
	if (g->v090 && !g->chunk_sectors && g->level != LEVEL_LINEAR)
		round = 2;
	uint64_t size = smallest / round * round;
	if (r->size_kib) {
		uint64_t want = r->size_kib * 2;
		if (want > smallest) {
			char h[64];
			human_size_short(smallest * 512, h, sizeof(h));
			pr_err("--size=%lluK is larger than the space available on the smallest device (%lluK, %s)",
			       (unsigned long long)r->size_kib, (unsigned long long)(smallest / 2), h);
			return -1;
		}
		size = want / round * round;
	}
	if (size == 0) {
		pr_err("the devices are too small for an array");
		return -1;
	}
	g->size = size;
	return 0;
}

static uint64_t sync_sectors(const struct geometry *g)
{
	return level_sync_sectors(g->level, g->layout, g->raid_disks, g->chunk_sectors, g->size);
}

/* With 1.0 metadata the kernel sizes an llbitmap against -bitmap_offset,
 * which includes the bad-block log between the room and the superblock
 * (md.c super_1_validate()): its state bytes must end inside the room. */
static bool llbitmap_fits(const struct geometry *g, const struct member *m, int n)
{
	for (int i = 0; i < n; i++) {
		if (!m[i].path || m[i].plan.bitmap_offset >= 0)
			continue;
		uint32_t space = (uint32_t)-m[i].plan.bitmap_offset;
		if (llbitmap_bytes(sync_sectors(g), space) > (uint64_t)m[i].plan.bitmap_sectors * 512)
			return false;
	}
	return true;
}

/* The header every member gets; the room is the smallest any member has. */
static int make_bitmap_header(const struct create_req *r, struct geometry *g, const struct member *m, int n,
			      const uint8_t uuid[16])
{
	struct bitmap_new bn = {
		.events = g->v090 ? 1 : 0,  /* the superblock's (super0_create.c) */
		.sync_size = sync_sectors(g), .chunk_bytes = (uint32_t)r->bitmap_chunk_bytes,
		.daemon_sleep = r->delay > 0 ? (uint32_t)r->delay : 0,
		.write_behind = r->write_behind > 0 ? (uint32_t)r->write_behind : 0,
		.room_sectors = UINT32_MAX, .clean = r->assume_clean,
	};
	memcpy(bn.uuid, uuid, 16);
	for (int i = 0; i < n; i++)
		if (m[i].path && m[i].plan.bitmap_sectors < bn.room_sectors)
			bn.room_sectors = m[i].plan.bitmap_sectors;
	struct bitmap_err be;
	int rc = g->bitmap == SB1_BITMAP_LLBITMAP ? bitmap_new_llbitmap(&bn, &g->bsb, &be)
						  : bitmap_new_classic(&bn, &g->bsb, &be);
	if (rc < 0)
		pr_err("bitmap: %s", be.msg);
	return rc;
}

static int plan_members(const struct create_req *r, struct geometry *g, struct member *m)
{
	/* 1.0 + llbitmap: grow the room until the kernel's choice fits it. */
	for (int tries = 0; tries < 64; tries++) {
		if (plan_sizes(r, g, m) < 0)
			return -1;
		if (g->v090)
			return create0_check_sizes(g, m, r->ndevs);
		if (g->bitmap != SB1_BITMAP_LLBITMAP || llbitmap_fits(g, m, r->ndevs))
			return 0;
		g->llbitmap_room = (g->llbitmap_room ? g->llbitmap_room : 256) + 16;
	}
	pr_err("no llbitmap room found that the kernel's chunk choice fits");
	return -1;
}

/* Say what libblkid finds on each member and ask once before overwriting it. */
static int confirm_overwrite(const struct create_req *r, const struct member *m, int n)
{
	int found = 0;
	for (int i = 0; i < n; i++) {
		char what[256];
		if (!m[i].path)
			continue;
		if (dev_probe_content(m[i].path, what, sizeof(what)) < 0) {
			pr_err("%s: cannot probe the device for existing data", m[i].path);
			return -1;
		}
		if (what[0]) {
			pr_info("%s appears to contain %s", m[i].path, what);
			found++;
		}
	}
	if (!found)
		return 0;
	if (ask_yes_no("Continue creating array", r->yes))
		return 0;
	pr_err("create aborted: devices hold data (answer 'y' on a terminal, or give --run to overwrite)");
	return -1;
}

static uint64_t now_sb_time(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec & 0xffffffffffULL;
}

static void fill_superblock(const struct create_req *r, const struct geometry *g, const struct member *m,
			    int idx, int nmembers, const uint8_t uuid[16], const char *name, uint64_t t,
			    struct sb1 *sb)
{
	memset(sb, 0, sizeof(*sb));
	sb->feature_map = 0;
	memcpy(sb->set_uuid, uuid, 16);
	snprintf(sb->set_name, sizeof(sb->set_name), "%s", name);
	sb->ctime = sb->utime = t;
	sb->level = g->level;
	sb->layout = g->layout;
	if (g->level == 0 && r->layout) {
		sb->feature_map |= SB1_FEAT_RAID0_LAYOUT;
	}
	sb->size = g->size;
	sb->chunksize = g->chunk_sectors;
	sb->raid_disks = (uint32_t)g->raid_disks;
	sb->data_offset = m[idx].plan.data_offset;
	sb->data_size = m[idx].plan.data_size;
	sb->super_offset = m[idx].plan.super_offset;
	sb->bblog_offset = m[idx].plan.bblog_offset;
	sb->bblog_size = m[idx].plan.bblog_size;
	/* Entries count 512-byte sectors (md.c super_1_load: badblocks.shift =
	 * bblog_shift), as mdadm 4.6 writes: shift 0. */
	sb->bblog_shift = 0;
	sb->dev_number = (uint32_t)m[idx].devnum;
	/* mdadm 4.6's journal arrays read Events 2 once started, others 1
	 * (observed in the VM, t_ppl_journal.sh) */
	sb->events = r->journal ? 1 : 0;
	/* raid4/5/6 that start degraded are recorded clean, as mdadm 4.6 does:
	 * raid5.c refuses a dirty degraded array */
	sb->resync_offset = r->assume_clean || g->rebuild_last ||
			    (g->missing && (g->level == 4 || g->level == 5 || g->level == 6)) ? UINT64_MAX : 0;
	sb->max_dev = 128;  /* as mdadm 4.6 writes (fixtures); the kernel grows it when needed */
	sb->logical_block_size = g->lbs;
	if (g->bitmap != SB1_BITMAP_NONE) {
		sb->feature_map |= SB1_FEAT_BITMAP_OFFSET;
		sb->bitmap_offset = m[idx].plan.bitmap_offset;
	}
	if (g->ppl) {
		sb->feature_map |= SB1_FEAT_PPL;
		sb->ppl_offset = m[idx].plan.ppl_offset;
		sb->ppl_size = m[idx].plan.ppl_size;
	}
	if (r->devs[idx].op == DEV_WRITEMOSTLY)
		sb->devflags |= SB1_DEVFLAG_WRITEMOSTLY;
	if (r->devs[idx].op == DEV_FAILFAST)
		sb->devflags |= SB1_DEVFLAG_FAILFAST;
	for (uint32_t i = 0; i < sb->max_dev; i++)
		sb->dev_roles[i] = SB1_ROLE_SPARE;
	if (r->journal)
		sb->feature_map |= SB1_FEAT_JOURNAL;
	for (int i = 0; i < nmembers; i++) {
		if (m[i].role == ROLE_JOURNAL)
			sb->dev_roles[m[i].devnum] = SB1_ROLE_JOURNAL;
		if (m[i].role >= 0)
			sb->dev_roles[m[i].devnum] = m[i].path ? (uint16_t)m[i].role : SB1_ROLE_FAULTY;
	}
	if (g->level == 0 || g->level == LEVEL_LINEAR) {
		sb->size = 0;  /* computed by the kernel from each member's data_size */
		sb->resync_offset = UINT64_MAX;
	}
}

/* What this kernel must offer, checked before anything is written. */
static int check_kernel(const struct geometry *g, const char *kname)
{
	char v[32];
	if (g->bitmap == SB1_BITMAP_LLBITMAP && md_check_llbitmap(kname) < 0)
		return -1;
	if (g->lbs && sysfs_md_get(kname, "logical_block_size", v, sizeof(v)) < 0) {
		pr_err("this kernel cannot set an array's logical block size (no md/logical_block_size: "
		       "it needs Linux 6.19 or later)");
		return -1;
	}
	return 0;
}

/* Put back what create overwrote, so a create the kernel refuses (e.g. a
 * personality this kernel lacks) changes nothing. */
static void restore_members(struct member *m, int n)
{
	for (int i = 0; i < n; i++) {
		if (!m[i].saved.buf)
			continue;
		int fd = m[i].fd >= 0 ? m[i].fd : open(m[i].path, O_RDWR | O_EXCL | O_CLOEXEC);
		if (fd < 0)
			pr_err("%s: could not put back its previous contents: %s", m[i].path, strerror(errno));
		else
			meta_backup_restore(fd, &m[i].di, &m[i].saved);
		if (fd >= 0 && fd != m[i].fd)
			close(fd);
	}
}

static void close_members(struct member *m, int n)
{
	for (int i = 0; i < n; i++)
		if (m[i].fd >= 0) {
			close(m[i].fd);
			m[i].fd = -1;
		}
}

/* --uuid, or a new one. Returns 0, or the exit status (printed). */
static int array_uuid(const char *given, uint8_t uuid[16])
{
	if (given && uuid_parse(given, uuid) < 0) {
		pr_err("invalid --uuid '%s' (expected 32 hex digits)", given);
		return 2;
	}
	if (!given && uuid_generate(uuid) < 0) {
		pr_err("cannot generate a UUID: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static bool md_free(const char *kname)
{
	if (!md_in_use(kname))
		return true;
	pr_err("/dev/%s is already in use by a running or assembling array", kname);
	return false;
}

/* What the writes will overwrite on each member, to put back if the kernel
 * refuses the array. */
static int save_members(struct member *m, int n)
{
	for (int i = 0; i < n; i++) {
		const struct sb1_plan *p = &m[i].plan;
		/* the PPL, when there is one, lies where a bitmap would */
		int32_t off = p->ppl_size ? p->ppl_offset : p->bitmap_offset;
		uint32_t len = p->ppl_size ? p->ppl_size : p->bitmap_offset ? p->bitmap_sectors : 0;
		if (m[i].path && meta_backup_save(m[i].fd, &m[i].di, p->super_offset, off, len, &m[i].saved) < 0)
			return -1;
	}
	return 0;
}

/* A PPL area holding an empty log on a member, before its superblock. */
static int write_ppl(const struct member *m, const uint8_t uuid[16])
{
	if (ppl_write_area(m->fd, m->plan.super_offset, m->plan.ppl_offset, m->plan.ppl_size, uuid) < 0) {
		pr_err("%s: cannot write its PPL area: %s", m->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* --write-zeroes: each member's data area zeroed, so the array is in sync
 * from the start (parity of zeroes is zeroes) and needs no resync. */
static int zero_members(const struct geometry *g, const struct member *m, int n)
{
	for (int i = 0; i < n; i++) {
		if (!m[i].path)
			continue;
		pr_info("zeroing %llu KiB of data on %s", (unsigned long long)g->size / 2, m[i].path);
		if (dev_zero_range(m[i].fd, m[i].plan.data_offset * 512, g->size * 512) < 0) {
			pr_err("%s: cannot zero its data area: %s", m[i].path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Superblocks (and bitmaps) onto every member present; their devices into
 * devs. Returns how many, or -1 (printed). */
static int write_members(const struct create_req *r, const struct geometry *g, struct member *m,
			 const uint8_t uuid[16], const char *name, dev_t *devs)
{
	uint64_t t = now_sb_time();
	int ndev = 0;
	struct sb1 *sb = malloc(sizeof(*sb));
	if (!sb) {
		pr_err("out of memory");
		return -1;
	}
	/* the kernel recovers onto the spare loaded last: the rebuilt member
	 * goes after the spares given */
	for (int k = 0; k < r->ndevs; k++) {
		int i = !g->rebuild_last || k < g->rebuilt ? k : k == r->ndevs - 1 ? g->rebuilt : k + 1;
		if (!m[i].path)
			continue;
		fill_superblock(r, g, m, i, r->ndevs, uuid, name, t, sb);
		/* the bitmap first: a superblock never points at an old one */
		if ((g->bitmap != SB1_BITMAP_NONE &&
		     bitmap_write_member(m[i].fd, &m[i].di, m[i].plan.super_offset, m[i].plan.bitmap_offset,
					 m[i].plan.bitmap_sectors, &g->bsb, r->assume_clean) < 0) ||
		    (g->ppl && write_ppl(&m[i], uuid) < 0) ||
		    (g->v090 ? create0_write_member(r, g, m, i, (uint32_t)t, uuid) < 0
			     : uuid_generate(sb->device_uuid) < 0 || dev_write_sb1(m[i].fd, &m[i].di, sb) < 0)) {
			free(sb);
			return -1;
		}
		devs[ndev++] = m[i].di.rdev;
	}
	free(sb);
	return ndev;
}

/* The array runs: llbitmap's flush period, the /dev/md/NAME link. */
static void started(const struct create_req *r, const struct geometry *g, const char *kname, const char *name)
{
	/* llbitmap takes its flush period from sysfs: the header's is reset on
	 * first use (md-llbitmap.c llbitmap_init()). */
	if (g->bitmap == SB1_BITMAP_LLBITMAP && r->delay > 0 && !r->readonly &&
	    sysfs_md_set_u64(kname, "llbitmap/daemon_sleep", (uint64_t)r->delay) < 0)
		pr_warn("cannot set llbitmap/daemon_sleep to %d: %s", r->delay, strerror(errno));
	char shortname[64];
	array_short_name(r->homehost, name, shortname, sizeof(shortname));
	const char *s = r->mddev;
	if (!strncmp(s, "/dev/md/", 8) || r->name)
		md_make_name_link(!strncmp(s, "/dev/md/", 8) ? s + 8 : shortname, kname);
	pr_info("array %s started.", r->mddev);
}

static int create_array(const struct create_req *r)
{
	struct geometry g = { 0 };
	struct member *m = NULL;
	char kname[64], name[33];
	uint8_t uuid[16];
	int rc = 1, mdfd = -1;
	bool written = false, marked = false;

	if (check_geometry(r, &g) < 0 || array_name_for_create(r->name, r->homehost, r->mddev, name) < 0)
		return 2;
	if ((rc = array_uuid(r->uuid, uuid)) != 0)
		return rc;
	if (g.v090)
		create0_uuid(r, uuid);
	rc = 1;
	m = calloc((size_t)r->ndevs, sizeof(*m));
	if (!m) {
		pr_err("out of memory");
		return 1;
	}
	for (int i = 0; i < r->ndevs; i++)
		m[i].fd = -1;
	if (open_members(r, &g, m) < 0 || plan_members(r, &g, m) < 0)
		goto out;
	if (g.bitmap != SB1_BITMAP_NONE && make_bitmap_header(r, &g, m, r->ndevs, uuid) < 0)
		goto out;
	if (g.v090)
		g.bsb.sectors_reserved = 0;  /* as mdadm 4.6 writes: the room is fixed */
	if (md_kname_for(r->mddev, kname, sizeof(kname)) < 0 || !md_free(kname) ||
	    confirm_overwrite(r, m, r->ndevs) < 0 || creating_mark(kname, uuid) < 0)
		goto out;
	marked = true;
	if (g.v090 && sscanf(kname, "md%u", &g.md_minor) != 1) {
		pr_err("/dev/%s: 0.90 metadata needs a numbered md device (mdN)", kname);
		goto out;
	}
	mdfd = md_create_open(kname);
	if (mdfd < 0 || !md_free(kname))
		goto out;
	if (check_kernel(&g, kname) < 0) {
		(void)md_stop_array(mdfd);  /* drop the empty md device again */
		goto out;
	}

	if (!r->metadata)
		pr_info("Defaulting to version 1.2 metadata");
	if (save_members(m, r->ndevs) < 0)
		goto out;
	/* Every check passed: write the superblocks. */
	written = true;
	if (r->write_zeroes && zero_members(&g, m, r->ndevs) < 0)
		goto out;
	dev_t devs[MAX_DEVS];
	int ndev = write_members(r, &g, m, uuid, name, devs);
	if (ndev < 0)
		goto out;
	close_members(m, r->ndevs);  /* the kernel claims them exclusively next */

	struct start_req req = {
		.kname = kname, .v090 = g.v090, .minor_version = g.minor, .devs = devs, .ndevs = ndev,
		.readonly = r->readonly, .llbitmap = g.bitmap == SB1_BITMAP_LLBITMAP,
		.logical_block_size = g.lbs,
	};
	if (md_load_and_run(mdfd, &req) < 0)
		goto out;
	started(r, &g, kname, name);
	rc = 0;
out:
	if (rc && written) {
		restore_members(m, r->ndevs);
		pr_err("the devices were put back as they were");
	}
	for (int i = 0; i < r->ndevs && m; i++)
		meta_backup_free(&m[i].saved);
	close_members(m, r->ndevs);
	if (mdfd >= 0)
		close(mdfd);
	if (marked) {
		creating_unmark(kname);
		/* udev skipped the array's events while it was marked: one more
		 * makes its links (63-mdctl-arrays.rules). */
		if (rc == 0)
			sysfs_block_set(kname, "uevent", "change");
	}
	free(m);
	return rc;
}

int mode_create(const struct options *o)
{
	if (!o->mddev) {
		pr_err("--create needs an md device name, e.g. /dev/md0 or /dev/md/NAME");
		return 2;
	}
	struct devarg *devs = NULL;
	if (o->write_journal) {
		if (o->ndevs >= MAX_DEVS || !(devs = calloc((size_t)o->ndevs + 1, sizeof(*devs)))) {
			pr_err(o->ndevs >= MAX_DEVS ? "too many devices" : "out of memory");
			return 2;
		}
		memcpy(devs, o->devs, (size_t)o->ndevs * sizeof(*devs));
		devs[o->ndevs].name = o->write_journal;
	}
	const struct create_req r = {
		.mddev = o->mddev, .devs = devs ? devs : o->devs, .ndevs = o->ndevs + !!devs, .level = o->level,
		.journal = devs != NULL,
		.raid_disks = o->raid_disks, .spare_disks = o->spare_disks, .chunk_kib = o->chunk_kib,
		.size_kib = o->size_kib, .layout = o->layout, .metadata = o->metadata, .name = o->name,
		.uuid = o->uuid, .homehost = o->homehost, .bitmap = o->bitmap, .consistency = o->consistency,
		.bitmap_chunk_bytes = o->bitmap_chunk_bytes, .data_offset_sectors = o->data_offset_sectors,
		.logical_block_size = o->logical_block_size, .delay = o->delay, .write_behind = o->write_behind,
		/* zeroed members are in sync: no resync, as mdadm 4.6 does it */
		.assume_clean = o->assume_clean || o->write_zeroes, .write_zeroes = o->write_zeroes,
		.force = o->force, .readonly = o->readonly, .yes = o->run || o->force || o->yes,
	};
	int rc = create_array(&r);
	free(devs);
	return rc;
}
