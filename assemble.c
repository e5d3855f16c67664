/* --assemble with explicit members: read every superblock, keep the members of
 * one array, pick the freshest by event count, then start it. */
#include "mdctl.h"
#include "bitmap_io.h"
#include "dev.h"
#include "grow_backup.h"
#include "levels.h"
#include "mdio.h"
#include "names.h"
#include "start.h"
#include "super1.h"
#include "uuid.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int parse_metadata(const char *m, int *minor);  /* create.c */

struct candidate {
	const char *path;
	struct devinfo di;
	struct sb1 sb;
	int minor;
	bool use;
	bool forced;              /* out of date, brought up to date by --force */
	bool llbitmap;            /* its bitmap is an llbitmap (version 6) */
};

/* Read one member; returns 0 with c filled, -1 (printed) to skip. */
static int read_candidate(const struct options *o, const char *path, struct candidate *c)
{
	struct sb1_err e;
	int fd = dev_open(path, O_RDONLY, &c->di);
	if (fd < 0)
		return -1;
	int r;
	if (o->metadata) {
		if (parse_metadata(o->metadata, &c->minor) < 0) {
			close(fd);
			return -1;
		}
		r = dev_read_sb1(fd, &c->di, c->minor, &c->sb, &e);
	} else {
		r = dev_find_sb1(fd, &c->di, &c->sb, &c->minor, &e);
	}
	if (r == 0) {
		struct bitmap_sb bs;
		struct bitmap_err be;
		/* a bad header is left for the kernel to judge (it reports why) */
		c->llbitmap = bitmap_read_member(fd, &c->di, &c->sb, &bs, &be) == 0 && bitmap_is_llbitmap(&bs);
	}
	close(fd);
	if (r > 0) {
		pr_err("no md superblock found on %s", path);
		return -1;
	}
	if (r < 0) {
		pr_err("%s: invalid md superblock: %s", path, e.msg);
		return -1;
	}
	if (dev_check_not_md_member(&c->di) < 0)
		return -1;
	c->path = path;
	return 0;
}

static bool matches_identity(const struct options *o, const struct candidate *c, const uint8_t *uuid)
{
	if (uuid)
		return memcmp(c->sb.set_uuid, uuid, 16) == 0;
	if (o->name) {
		const char *n = c->sb.set_name, *colon = strchr(n, ':');
		return !strcmp(n, o->name) || (colon && !strcmp(colon + 1, o->name));
	}
	return true;
}

/* --force: of the members left out (out of date, or faulty in the freshest
 * superblock), take the most recent ones that still hold a free slot by
 * their own superblock, until the array can start; no more, since every
 * forced member is trusted as in sync. Returns how many were taken. */
static int choose_forced(struct candidate *c, int n, const struct sb1 *ref, int missing, bool *taken)
{
	int got = 0;
	while (got < missing) {
		int best = -1;
		for (int i = 0; i < n; i++) {
			uint16_t role = sb1_role(&c[i].sb);
			if (c[i].use || role >= SB1_ROLE_MAX || role >= ref->raid_disks || taken[role])
				continue;
			if (best < 0 || c[i].sb.events > c[best].sb.events)
				best = i;
		}
		if (best < 0)
			break;
		taken[sb1_role(&c[best].sb)] = true;
		c[best].use = c[best].forced = true;
		got++;
	}
	return got;
}

/* --force: bring the chosen members' event counts up to the freshest, so the
 * kernel takes their role from their own superblock (md.c
 * super_1_validate() consults the freshest only for older members). */
static int force_members(const struct options *o, struct candidate *c, int n, const struct sb1 *ref)
{
	for (int i = 0; i < n; i++) {
		if (!c[i].use || !c[i].forced)
			continue;
		struct devinfo di;
		int fd = dev_open(c[i].path, O_RDWR | O_EXCL, &di);
		if (fd < 0)
			return -1;
		pr_info(o, "forcing event count in %s(%u) from %llu up to %llu", c[i].path, sb1_role(&c[i].sb),
			(unsigned long long)c[i].sb.events, (unsigned long long)ref->events);
		c[i].sb.events = ref->events;
		int r = dev_write_sb1(fd, &di, &c[i].sb);
		close(fd);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* A crash inside the critical section of an in-place reshape: the kernel
 * resumes only past it (raid5.c raid5_run()), so every member's superblock
 * is moved there and the backup is written back once the array runs. */
static int restore_prepare(const struct options *o, struct candidate *c, int n, const struct sb1 *ref,
			   struct rs_backup *bk, uint8_t **data)
{
	if (!o->backup_file) {
		pr_err("%s stopped inside the critical section of an in-place reshape: assemble it with --backup-file=FILE (the file --grow wrote)",
		       o->mddev);
		return -1;
	}
	if (backup_load(o->backup_file, ref, bk, data) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!c[i].use)
			continue;
		struct devinfo di;
		struct sb1 sb;
		struct sb1_err e;
		int fd = dev_open(c[i].path, O_RDWR | O_EXCL, &di);
		if (fd < 0)
			return -1;
		int r = dev_read_sb1(fd, &di, c[i].minor, &sb, &e);
		if (r == 0 && (sb.feature_map & SB1_FEAT_RESHAPE_ACTIVE)) {
			sb.reshape_position = bk->start + bk->sectors;
			r = dev_write_sb1(fd, &di, &sb);
		}
		close(fd);
		if (r != 0) {
			pr_err("%s: cannot move the reshape position past the critical section", c[i].path);
			return -1;
		}
	}
	pr_info(o, "restoring the critical section (%llu KiB) from %s", (unsigned long long)bk->sectors / 2,
		o->backup_file);
	return 0;
}

int mode_assemble(const struct options *o)
{
	struct rs_backup bk;
	uint8_t *bkdata = NULL;
	struct candidate *c = NULL;
	uint8_t want_uuid[16];
	const uint8_t *uuid = NULL;
	int rc = 1, n = 0, mdfd = -1;
	char kname[64];

	if (o->scan && o->ndevs == 0)
		return assemble_scan(o);
	if (o->ndevs == 0) {
		pr_err("--assemble needs member devices, or --scan");
		return 2;
	}
	if (!o->mddev) {
		pr_err("--assemble needs an md device name");
		return 2;
	}
	if (o->uuid) {
		if (uuid_parse(o->uuid, want_uuid) < 0) {
			pr_err("invalid --uuid '%s'", o->uuid);
			return 2;
		}
		uuid = want_uuid;
	}
	c = calloc((size_t)o->ndevs, sizeof(*c));
	if (!c) {
		pr_err("out of memory");
		return 1;
	}
	for (int i = 0; i < o->ndevs; i++) {
		if (read_candidate(o, o->devs[i].name, &c[n]) < 0)
			goto out;
		/* Only an identity the user gave selects devices; otherwise a stranger aborts. */
		if ((o->uuid || o->name) && !matches_identity(o, &c[n], uuid)) {
			pr_info(o, "%s is not part of the requested array, skipping", c[n].path);
			continue;
		}
		if (!uuid) {
			memcpy(want_uuid, c[n].sb.set_uuid, 16);
			uuid = want_uuid;
		} else if (memcmp(c[n].sb.set_uuid, uuid, 16) != 0) {
			pr_err("superblock on %s does not match the others (different array UUID): assembly aborted",
			       c[n].path);
			goto out;
		}
		if (n && c[n].minor != c[0].minor) {
			pr_err("%s has metadata 1.%d but %s has 1.%d: assembly aborted", c[n].path, c[n].minor,
			       c[0].path, c[0].minor);
			goto out;
		}
		for (int j = 0; j < n; j++)
			if (c[j].di.rdev == c[n].di.rdev) {
				pr_err("%s is listed twice", c[n].path);
				goto out;
			}
		n++;
	}
	if (n == 0) {
		pr_err("no devices found for %s", o->mddev);
		goto out;
	}

	/* The freshest superblock describes the array. */
	int fresh = 0;
	for (int i = 1; i < n; i++)
		if (c[i].sb.events > c[fresh].sb.events)
			fresh = i;
	const struct sb1 *ref = &c[fresh].sb;
	int active = 0, spares = 0, stale = 0;
	bool taken[SB1_MAX_DEV] = { false };
	for (int i = 0; i < n; i++) {
		uint16_t role = sb1_role(&c[i].sb);
		if (!sb1_events_fresh(c[i].sb.events, ref->events)) {
			stale++;
			pr_info(o, "%s is out of date (events %llu, array has %llu): not used", c[i].path,
				(unsigned long long)c[i].sb.events, (unsigned long long)ref->events);
			continue;
		}
		/* Judge the role by the freshest superblock: a member it calls faulty
		 * stays out (md.c super_1_validate() does the same for a member one
		 * event behind). */
		uint16_t ref_role = c[i].sb.dev_number < ref->max_dev ? ref->dev_roles[c[i].sb.dev_number]
								      : SB1_ROLE_SPARE;
		if (ref_role == SB1_ROLE_FAULTY) {
			stale++;
			pr_info(o, "%s is marked faulty in the array: not used", c[i].path);
			continue;
		}
		if (role < SB1_ROLE_MAX && role < ref->raid_disks) {
			if (taken[role]) {
				pr_info(o, "%s claims slot %u which another member holds: not used", c[i].path, role);
				continue;
			}
			taken[role] = true;
			active++;
		} else {
			spares++;
		}
		c[i].use = true;
	}
	int need = (int)ref->raid_disks - level_redundancy(ref->level, ref->layout, (int)ref->raid_disks);
	if (o->force)
		active += choose_forced(c, n, ref, need - active, taken);
	/* How many members were working when the array was last written. */
	int expected = 0;
	for (uint32_t i = 0; i < ref->max_dev && i < SB1_MAX_DEV; i++)
		if (ref->dev_roles[i] < SB1_ROLE_MAX && ref->dev_roles[i] < ref->raid_disks)
			expected++;
	if (active < need) {
		pr_err("%s assembled from %d drive%s%s - not enough to start the array", o->mddev, active,
		       active == 1 ? "" : "s", stale && !o->force ? " (some are out of date; --force may help)" : "");
		goto out;
	}
	bool no_run = active < expected && !o->run;

	if (md_kname_for(o->mddev, kname, sizeof(kname)) < 0)
		goto out;
	if (md_in_use(kname)) {
		pr_err("/dev/%s is already in use: stop it first", kname);
		goto out;
	}
	mdfd = md_create_open(kname);
	if (mdfd < 0)
		goto out;
	if (c[fresh].llbitmap && md_check_llbitmap(kname) < 0) {
		(void)md_stop_array(mdfd);
		goto out;
	}
	if (force_members(o, c, n, ref) < 0)
		goto out;
	if (rs_sb_needs_backup(ref) && restore_prepare(o, c, n, ref, &bk, &bkdata) < 0) {
		(void)md_stop_array(mdfd);
		goto out;
	}
	/* The freshest first: md.c analyze_sbs() keeps the first of equal event
	 * counts, and a forced member now has the freshest's count. */
	dev_t devs[MAX_DEVS];
	int nd = 0;
	if (c[fresh].use)
		devs[nd++] = c[fresh].di.rdev;
	for (int i = 0; i < n; i++)
		if (c[i].use && i != fresh)
			devs[nd++] = c[i].di.rdev;
	struct start_req req = {
		.kname = kname, .minor_version = c[0].minor, .devs = devs, .ndevs = nd,
		.readonly = o->readonly, .no_run = no_run,
		.llbitmap = c[fresh].llbitmap,
	};
	if (md_load_and_run(mdfd, &req) < 0)
		goto out;
	if (bkdata && backup_write_back(kname, &bk, bkdata) < 0)
		goto out;
	if (no_run) {
		pr_err("%s assembled from %d drive%s - need %d to start (use --run to insist)", o->mddev, active,
		       active == 1 ? "" : "s", expected);
		goto out;
	}
	char shortname[64];
	array_short_name(o, ref->set_name, shortname, sizeof(shortname));
	if (!strncmp(o->mddev, "/dev/md/", 8))
		md_make_name_link(o->mddev + 8, kname);
	else if (shortname[0] && !strchr(shortname, ':'))
		md_make_name_link(shortname, kname);
	if (active < (int)ref->raid_disks)
		pr_info(o, "%s has been started with %d drive%s (out of %u)%s.", o->mddev, active,
			active == 1 ? "" : "s", ref->raid_disks, spares ? " and spares" : "");
	else if (spares)
		pr_info(o, "%s has been started with %d drive%s and %d spare%s.", o->mddev, active,
			active == 1 ? "" : "s", spares, spares == 1 ? "" : "s");
	else
		pr_info(o, "%s has been started with %d drive%s.", o->mddev, active, active == 1 ? "" : "s");
	rc = 0;
out:
	if (mdfd >= 0)
		close(mdfd);
	free(c);
	free(bkdata);
	return rc;
}
