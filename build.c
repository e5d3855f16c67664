/* --build: start a legacy array without superblocks (linear, raid0, raid1,
 * raid10). The kernel is told the whole geometry through the legacy ioctls:
 * SET_ARRAY_INFO with not_persistent set and raid_disks > 0 (md.c
 * md_set_array_info()), one ADD_NEW_DISK per member (md.c md_add_new_disk():
 * a non-persistent member uses the whole device, rdev->sectors = its size,
 * and the smallest one becomes dev_sectors in bind_rdev_to_array()), then
 * RUN_ARRAY. mdctl writes nothing to the members, ever; only the kernel's
 * own resync of raid1/raid10 does, unless --assume-clean says they are in
 * sync already (MD_SB_CLEAN in the array state, include/uapi/linux/raid/md_p.h). */
#include "modes.h"
#include "dev.h"
#include "levels.h"
#include "mdio.h"
#include "names.h"
#include "start.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Chunk (raid0, raid10) and rounding (linear) when none is given: 64K, what
 * mdadm 4.6 gives the kernel for linear and raid0. (mdadm 4.6 gives raid10
 * none, which md's raid10 setup_geo() refuses: RUN_ARRAY fails.) */
#define BUILD_DEFAULT_CHUNK_KIB 64

/* What --build was asked for; made once by mode_build() from the command line. */
struct build_req {
	const char *mddev;
	const struct devarg *devs;      /* members in slot order; "missing" allowed where redundant */
	int ndevs;
	int level, raid_disks;          /* LEVEL_UNKNOWN / -1: not given */
	uint64_t chunk_kib;             /* --chunk / --rounding, 0: default */
	uint64_t size_kib;              /* --size: used of each member (raid1/raid10), 0: all */
	const char *layout;             /* raid10 only */
	const char *bitmap;             /* only "none" is possible */
	bool assume_clean;              /* raid1/raid10: skip the initial resync */
	bool force;                     /* one-device arrays */
};

struct build_geo {
	int level, raid_disks;
	uint32_t layout, chunk_sectors;
};

/* Level and device count. Exit statuses as mdadm 4.6's for the same mistakes. */
static int check_level(const struct build_req *r, struct build_geo *g)
{
	if (r->level == LEVEL_UNKNOWN) {
		pr_err("a RAID level is needed to build an array (--level)");
		return 1;
	}
	if (r->level != LEVEL_LINEAR && r->level != 0 && r->level != 1 && r->level != 10) {
		pr_err("--build supports linear, raid0, raid1 and raid10 only, not %s", level_name(r->level));
		return 2;
	}
	g->level = r->level;
	if (r->raid_disks < 1) {
		pr_err("the number of devices is needed to build an array (--raid-devices)");
		return 1;
	}
	g->raid_disks = r->raid_disks;
	if (g->raid_disks == 1 && !r->force) {
		pr_err("a one-device %s is probably a mistake (give --force if it is meant)", level_name(g->level));
		return 2;
	}
	if (g->raid_disks < level_min_devices(g->level) && g->raid_disks != 1) {
		pr_err("%s needs at least %d devices", level_name(g->level), level_min_devices(g->level));
		return 2;
	}
	if (r->ndevs != g->raid_disks) {
		pr_err("%d devices given, but --raid-devices=%d needs exactly %d", r->ndevs, g->raid_disks,
		       g->raid_disks);
		return 1;
	}
	return 0;
}

/* Options that only some levels use: refused where they would change nothing. */
static int check_level_options(const struct build_req *r, const struct build_geo *g)
{
	bool mirrored = g->level == 1 || g->level == 10;
	if (r->bitmap && strcmp(r->bitmap, "none")) {
		bool file = strcmp(r->bitmap, "internal") && strcmp(r->bitmap, "llbitmap") &&
			    strcmp(r->bitmap, "lockless");
		pr_err(file ? "--bitmap: write-intent bitmap files are not supported (as in mdadm 4.6)"
			    : "--build makes no superblocks, so no bitmap in them: only --bitmap=none");
		return file ? 2 : 1;
	}
	if (r->assume_clean && !mirrored) {
		pr_err("--assume-clean does not apply to %s: it has no redundancy to resync", level_name(g->level));
		return 2;
	}
	if (r->size_kib && !mirrored) {
		pr_err("--size does not apply to --build of %s: it uses each member whole", level_name(g->level));
		return 2;
	}
	for (int i = 0; i < r->ndevs; i++)
		if (r->devs[i].op == DEV_WRITEMOSTLY && g->level != 1) {
			pr_err("--write-mostly applies to raid1 only");
			return 2;
		}
	return 0;
}

/* Chunk (rounding for linear), raid10's layout, and how many may be missing. */
static int check_shape(const struct build_req *r, struct build_geo *g)
{
	uint64_t c = r->chunk_kib;
	if (g->level == 1 && c) {
		pr_err("raid1 does not use a chunk size");
		return -1;
	}
	if (!c && g->level != 1)
		c = BUILD_DEFAULT_CHUNK_KIB;
	if (c && (c < 4 || (c & (c - 1)) || c > 4194304)) {
		pr_err("chunk size %lluK is not a power of two from 4K to 4G", (unsigned long long)c);
		return -1;
	}
	g->chunk_sectors = (uint32_t)(c * 2);
	g->layout = g->level == 10 ? layout_default(10, g->raid_disks) : 0;
	if (r->layout && g->level != 10) {
		pr_err("--layout does not apply to --build of %s (raid10 only)", level_name(g->level));
		return -1;
	}
	if (r->layout && layout_parse(10, r->layout, &g->layout) < 0) {
		pr_err("layout '%s' is not valid for raid10", r->layout);
		return -1;
	}
	int missing = 0;
	char why[160];
	for (int i = 0; i < r->ndevs; i++)
		missing += !strcmp(r->devs[i].name, "missing");
	if (missing && missing >= g->raid_disks) {
		pr_err("at least one device is needed: all %d are 'missing'", missing);
		return -1;
	}
	if (level_check_missing(g->level, g->layout, g->raid_disks, missing, why, sizeof(why)) < 0) {
		pr_err("%s", why);
		return -1;
	}
	return 0;
}

/* Each member: a block device, listed once, not mounted, not held open
 * exclusively (O_EXCL, read-only: nothing is written), not in an array. */
static int check_members(const struct build_req *r, dev_t *rdev)
{
	uint64_t smallest = UINT64_MAX;   /* sectors */
	for (int i = 0; i < r->ndevs; i++) {
		rdev[i] = 0;
		if (!strcmp(r->devs[i].name, "missing"))
			continue;
		struct devinfo di;
		int fd = dev_open(r->devs[i].name, O_EXCL, &di);
		if (fd < 0)
			return -1;
		close(fd);
		if (!di.rdev) {
			pr_err("%s is not a block device", r->devs[i].name);
			return -1;
		}
		if (!di.sectors) {
			pr_err("%s has no space (size 0)", r->devs[i].name);
			return -1;
		}
		if (dev_check_not_mounted(&di) < 0 || dev_check_not_md_member(&di) < 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (rdev[j] == di.rdev) {
				pr_err("%s and %s are the same device", r->devs[j].name, r->devs[i].name);
				return -1;
			}
		rdev[i] = di.rdev;
		smallest = di.sectors < smallest ? di.sectors : smallest;
	}
	/* md.c bind_rdev_to_array() would shrink a larger size to the smallest
	 * member without a word. */
	if (r->size_kib && r->size_kib > smallest / 2) {
		pr_err("--size=%lluK is larger than the smallest member (%lluK)", (unsigned long long)r->size_kib,
		       (unsigned long long)(smallest / 2));
		return -1;
	}
	return 0;
}

/* The kernel's calls: geometry, members, run. Returns 0, or -1 (printed)
 * with the md device stopped and empty again. */
static int load_and_run(int mdfd, const struct build_geo *g, const struct build_req *r, const dev_t *rdev)
{
	mdu_array_info_t ai = {
		.level = g->level, .size = (int)r->size_kib, .nr_disks = g->raid_disks, .raid_disks = g->raid_disks,
		.not_persistent = 1, .layout = (int)g->layout, .chunk_size = (int)(g->chunk_sectors << 9),
		.state = r->assume_clean ? 1 << MD_SB_CLEAN : 0,
	};
	if (md_set_array_info(mdfd, &ai) < 0) {
		pr_err("%s: the kernel refused the array's geometry: %s", r->mddev, strerror(errno));
		goto undo;
	}
	for (int i = 0; i < r->ndevs; i++) {
		if (!rdev[i])
			continue;
		mdu_disk_info_t di = {
			.number = i, .major = (int)major(rdev[i]), .minor = (int)minor(rdev[i]), .raid_disk = i,
			.state = (1 << MD_DISK_SYNC) | (1 << MD_DISK_ACTIVE) |
				 (r->devs[i].op == DEV_WRITEMOSTLY ? 1 << MD_DISK_WRITEMOSTLY : 0),
		};
		if (md_add_new_disk(mdfd, &di) < 0) {
			pr_err("%s: the kernel refused %s: %s", r->mddev, r->devs[i].name, strerror(errno));
			goto undo;
		}
	}
	if (md_run_array(mdfd) < 0) {
		pr_err("%s: failed to start the array: %s (see the kernel log)", r->mddev, strerror(errno));
		goto undo;
	}
	return 0;
undo:
	(void)md_stop_array(mdfd);
	return -1;
}

static int build_array(const struct build_req *r)
{
	struct build_geo g = { 0 };
	dev_t rdev[MAX_DEVS];
	char kname[64];
	int rc = check_level(r, &g);
	if (!rc)
		rc = check_level_options(r, &g);
	if (rc)
		return rc;
	if (check_shape(r, &g) < 0)
		return 2;
	if (check_members(r, rdev) < 0 || md_kname_for(r->mddev, kname, sizeof(kname)) < 0)
		return 1;
	if (md_in_use(kname)) {
		pr_err("%s is already in use by a running or assembling array", r->mddev);
		return 1;
	}
	int mdfd = md_create_open(kname);
	if (mdfd < 0)
		return 1;
	if (md_in_use(kname)) {
		pr_err("%s is already in use by a running or assembling array", r->mddev);
		close(mdfd);
		return 1;
	}
	rc = load_and_run(mdfd, &g, r, rdev) < 0 ? 1 : 0;
	close(mdfd);
	if (rc)
		return rc;
	if (!strncmp(r->mddev, "/dev/md/", 8))
		md_make_name_link(r->mddev + 8, kname);
	pr_info("array %s built and started.", r->mddev);
	return 0;
}

int mode_build(const struct options *o)
{
	if (!o->mddev) {
		pr_err("--build needs an md device name, e.g. /dev/md0");
		return 2;
	}
	const struct build_req r = {
		.mddev = o->mddev, .devs = o->devs, .ndevs = o->ndevs, .level = o->level,
		.raid_disks = o->raid_disks, .chunk_kib = o->chunk_kib, .size_kib = o->size_kib,
		.layout = o->layout, .bitmap = o->bitmap, .assume_clean = o->assume_clean, .force = o->force,
	};
	return build_array(&r);
}
