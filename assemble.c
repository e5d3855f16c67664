/* --assemble with explicit members: read every superblock (v1.x or 0.90),
 * keep the members of one array, pick the freshest by event count, then
 * start it. What differs between the kinds is asked of assemble_kind.c. */
#include "assemble.h"
#include "assemble_kind.h"
#include "modes.h"
#include "bitmap_io.h"
#include "mapfile.h"
#include "dev.h"
#include "foreign.h"
#include "backup_restore.h"
#include "levels.h"
#include "mdio.h"
#include "names.h"
#include "start.h"
#include "super1.h"
#include "udev_name.h"
#include "uuid.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --update=sparc2.2 reads 0.90 superblocks as a SPARC 2.2 kernel wrote them. */
static int read_sb0_as(int fd, struct candidate *c, bool sparc22, struct sb0_err *e0)
{
	if (!sparc22)
		return dev_read_sb0(fd, &c->di, &c->sb0, e0);
	int r = dev_read_sb0_sparc22(fd, &c->di, &c->sb0, e0);
	return r == -2 ? -1 : r;   /* nothing that implausible is written */
}

/* The 0.90 superblock when it is the one to use: there is no v1.x one
 * (*rd != 0 with no error), or it is newer (examine.c's rule). A 0.90
 * superblock that --update=sparc2.2 cannot take is an error (*rd = -1). */
static void read_v0_too(int fd, struct candidate *c, int *rd, bool sparc22, struct sb1_err *e)
{
	struct sb0_err e0;
	if (*rd < 0)
		return;
	int r = read_sb0_as(fd, c, sparc22, &e0);
	if (r < 0 && sparc22) {
		snprintf(e->msg, sizeof(e->msg), "%s", e0.msg);
		*rd = -1;
	}
	if (r != 0 || (*rd == 0 && c->sb0.ctime < sb1_time_sec(c->sb.ctime)))
		return;
	c->v0 = true;
	*rd = 0;
}

/* --metadata=0.90: only the 0.90 superblock; *rd as dev_read_sb0's. */
static void read_v0_only(int fd, struct candidate *c, int *rd, bool sparc22, struct sb1_err *e)
{
	struct sb0_err e0;
	*rd = read_sb0_as(fd, c, sparc22, &e0);
	if (*rd < 0)
		snprintf(e->msg, sizeof(e->msg), "%s", e0.msg);
	c->v0 = *rd == 0;
}

/* Read one member; returns 0 with c filled, -1 (printed) to skip. */
static int read_candidate(const struct assemble_req *r, const char *path, struct candidate *c)
{
	struct sb1_err e;
	int fd = dev_open(path, O_RDONLY, &c->di);
	if (fd < 0)
		return -1;
	int rd = 1;
	if (r->minor >= 0) {
		c->minor = r->minor;
		rd = dev_read_sb1(fd, &c->di, c->minor, &c->sb, &e);
	} else if (r->minor == -1) {
		rd = dev_find_sb1(fd, &c->di, &c->sb, &c->minor, &e);
	}
	bool sparc22 = r->update.what == UPD_SPARC22;
	if (r->minor == -2)
		read_v0_only(fd, c, &rd, sparc22, &e);
	else if (r->minor == -1)
		read_v0_too(fd, c, &rd, sparc22, &e);
	if (rd == 0 && c->v0 && sparc22)
		pr_info("adjusting superblock of %s for 2.2/sparc compatibility.", path);
	if (rd == 0 && !c->v0) {
		struct bitmap_sb bs;
		struct bitmap_err be;
		/* a bad header is left for the kernel to judge (it reports why) */
		if (bitmap_read_member(fd, &c->di, &c->sb, &bs, &be) == 0) {
			uint64_t bytes = bitmap_total_bytes(&bs);
			c->llbitmap = bitmap_is_llbitmap(&bs);
			c->bitmap_sectors = bytes < (1ULL << 40) ? (uint32_t)((bytes + 511) / 512) : 0;
		}
	}
	bool foreign = rd > 0 && dev_refuse_foreign(fd, &c->di, false);
	close(fd);
	if (foreign)
		return -1;
	if (rd > 0) {
		pr_err("no md superblock found on %s", path);
		return -1;
	}
	if (rd < 0) {
		pr_err("%s: invalid md superblock: %s", path, e.msg);
		return -1;
	}
	if (dev_check_not_md_member(&c->di) < 0)
		return -1;
	c->path = path;
	return 0;
}

static bool matches_identity(const struct assemble_req *r, const struct candidate *c)
{
	uint8_t u[16];
	cand_uuid(c, u);
	if (r->super_minor >= 0 && !(c->v0 && c->sb0.md_minor == (uint32_t)r->super_minor))
		return false;   /* only 0.90 records a preferred minor */
	if (r->have_uuid)
		return memcmp(u, r->uuid, 16) == 0;
	if (r->name && c->v0)
		return false;   /* 0.90 has no name */
	if (r->name) {
		const char *n = c->sb.set_name, *colon = strchr(n, ':');
		return !strcmp(n, r->name) || (colon && !strcmp(colon + 1, r->name));
	}
	return true;
}

/* --force: of the members left out (out of date, or faulty in the freshest
 * superblock), take the most recent ones that still hold a free slot by
 * their own superblock, until the array can start; no more, since every
 * forced member is trusted as in sync. Returns how many were taken. */
static int choose_forced(struct candidate *c, int n, int missing, bool *taken)
{
	int got = 0;
	while (got < missing) {
		int best = -1;
		for (int i = 0; i < n; i++) {
			unsigned role = cand_role(&c[i]);
			if (c[i].use || role == CAND_SPARE || taken[role])
				continue;
			if (best < 0 || cand_events(&c[i]) > cand_events(&c[best]))
				best = i;
		}
		if (best < 0)
			break;
		taken[cand_role(&c[best])] = true;
		c[best].use = c[best].forced = true;
		got++;
	}
	return got;
}

/* --force: bring the chosen members' event counts up to the freshest, so the
 * kernel takes their role from their own superblock (md.c
 * super_1_validate() consults the freshest only for older members). */
static int force_members(struct candidate *c, int n, const struct sb1 *ref)
{
	for (int i = 0; i < n; i++) {
		if (!c[i].use || !c[i].forced)
			continue;
		if (c[i].v0) {
			pr_err("%s: --force on 0.90 metadata is not supported yet", c[i].path);
			return -1;
		}
		struct devinfo di;
		int fd = dev_open(c[i].path, O_RDWR | O_EXCL, &di);
		if (fd < 0)
			return -1;
		pr_info("forcing event count in %s(%u) from %llu up to %llu", c[i].path, sb1_role(&c[i].sb),
			(unsigned long long)c[i].sb.events, (unsigned long long)ref->events);
		c[i].sb.events = ref->events;
		int r = dev_write_sb1(fd, &di, &c[i].sb);
		close(fd);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* One member's superblock (either format) records the reshape at pos. */
static int move_position(int fd, const struct devinfo *di, const struct candidate *c, uint64_t pos)
{
	if (c->v0) {
		struct sb0 sb;
		struct sb0_err e;
		int r = dev_read_sb0(fd, di, &sb, &e);
		if (r != 0 || sb.minor_version != 91)
			return r;
		sb.reshape_position = pos;
		return dev_write_sb0(fd, di, &sb);
	}
	struct sb1 sb;
	struct sb1_err e;
	int r = dev_read_sb1(fd, di, c->minor, &sb, &e);
	if (r != 0 || !(sb.feature_map & SB1_FEAT_RESHAPE_ACTIVE))
		return r;
	sb.reshape_position = pos;
	return dev_write_sb1(fd, di, &sb);
}

/* A crash inside the critical section of an in-place reshape: the kernel
 * resumes only past it (raid5.c raid5_run()), so every member's superblock
 * is moved there and the backup is written back once the array runs. */
static int restore_prepare(const struct assemble_req *r, struct candidate *c, int n, const struct sb1 *ref,
			   struct rs_backup *bk, uint8_t **data)
{
	if (!r->backup_file) {
		pr_err("%s stopped inside the critical section of an in-place reshape: assemble it with --backup-file=FILE (the file --grow wrote)",
		       r->mddev);
		return -1;
	}
	if (backup_load(r->backup_file, ref, bk, data) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!c[i].use)
			continue;
		struct devinfo di;
		int fd = dev_open(c[i].path, O_RDWR | O_EXCL, &di);
		if (fd < 0)
			return -1;
		int r = move_position(fd, &di, &c[i], bk->start + bk->sectors);
		close(fd);
		if (r != 0) {
			pr_err("%s: cannot move the reshape position past the critical section", c[i].path);
			return -1;
		}
	}
	pr_info("restoring the critical section (%llu KiB) from %s", (unsigned long long)bk->sectors / 2,
		r->backup_file);
	return 0;
}

/* Read the listed members; keep those of one array (the one asked for, or
 * the first found). Returns how many, or -1 (printed). */
static int read_members(const struct assemble_req *r, struct candidate *c)
{
	uint8_t uuid[16];
	bool have = r->have_uuid;
	int n = 0;
	if (have)
		memcpy(uuid, r->uuid, 16);
	for (int i = 0; i < r->ndevs; i++) {
		uint8_t cu[16];
		char v1[16], v2[16];
		if (read_candidate(r, r->devs[i], &c[n]) < 0)
			return -1;
		/* Only an identity the user gave selects devices; otherwise a stranger aborts. */
		if ((r->have_uuid || r->name || r->super_minor >= 0) && !matches_identity(r, &c[n])) {
			pr_info("%s is not part of the requested array, skipping", c[n].path);
			continue;
		}
		cand_uuid(&c[n], cu);
		if (!have) {
			memcpy(uuid, cu, 16);
			have = true;
		} else if (memcmp(cu, uuid, 16) != 0) {
			pr_err("superblock on %s does not match the others (different array UUID): assembly aborted",
			       c[n].path);
			return -1;
		}
		if (n && strcmp(cand_version(&c[n], v1, sizeof(v1)), cand_version(&c[0], v2, sizeof(v2)))) {
			pr_err("%s has metadata %s but %s has %s: assembly aborted", c[n].path, v1, c[0].path, v2);
			return -1;
		}
		for (int j = 0; j < n; j++)
			if (c[j].di.rdev == c[n].di.rdev) {
				pr_err("%s is listed twice", c[n].path);
				return -1;
			}
		n++;
	}
	if (n == 0)
		pr_err("no devices found for %s", r->mddev);
	return n ? n : -1;
}

/* Who takes part, judged by the freshest superblock (ref). */
struct tally {
	int active, spares, journals;   /* journals: write journal members */
	int stale, faulty;              /* left out: out of date, marked faulty by the freshest */
	int need;                       /* members the array needs to start */
	int expected;                   /* members working when it was last written */
};

static void choose_members(const struct assemble_req *r, struct candidate *c, int n, const struct candidate *ref,
			   struct tally *t)
{
	bool taken[SB1_MAX_DEV] = { false };
	uint64_t ref_events = cand_events(ref);
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < n; i++) {
		unsigned role = cand_role(&c[i]);
		if (!sb1_events_fresh(cand_events(&c[i]), ref_events)) {
			t->stale++;
			pr_verbose("%s is out of date (events %llu, array has %llu): not used", c[i].path,
				(unsigned long long)cand_events(&c[i]), (unsigned long long)ref_events);
			continue;
		}
		/* Judge the role by the freshest superblock: a member it calls faulty
		 * stays out (md.c super_1_validate() and super_90_validate() do the
		 * same for a member one event behind). */
		if (cand_ref_role(ref, &c[i]) == CAND_FAULTY) {
			t->faulty++;
			pr_verbose("%s is marked faulty in the array: not used", c[i].path);
			continue;
		}
		if (role != CAND_SPARE) {
			if (taken[role]) {
				pr_verbose("%s claims slot %u which another member holds: not used", c[i].path, role);
				continue;
			}
			taken[role] = true;
			t->active++;
		} else if (!c[i].v0 && sb1_role(&c[i].sb) == SB1_ROLE_JOURNAL) {
			t->journals++;
		} else {
			t->spares++;
		}
		c[i].use = true;
	}
	int rd = (int)cand_raid_disks(ref);
	t->need = rd - level_redundancy(cand_level(ref), cand_layout(ref), rd);
	if (r->force)
		t->active += choose_forced(c, n, t->need - t->active, taken);
	t->expected = cand_expected(ref);
}

/* As mdadm 4.6 says it; a journal adds " and 1 journal" (observed in the VM). */
static void report_started(const struct assemble_req *r, unsigned raid_disks, const struct tally *t)
{
	int active = t->active, spares = t->spares;
	char j[32] = "";
	if (t->journals)
		snprintf(j, sizeof(j), " and %d journal%s", t->journals, t->journals == 1 ? "" : "s");
	if (active < (int)raid_disks)
		pr_report("%s has been started with %d drive%s (out of %u)%s%s.", r->mddev, active,
			active == 1 ? "" : "s", raid_disks, spares ? " and spares" : "", j);
	else if (spares)
		pr_report("%s has been started with %d drive%s and %d spare%s%s.", r->mddev, active,
			active == 1 ? "" : "s", spares, spares == 1 ? "" : "s", j);
	else
		pr_report("%s has been started with %d drive%s%s.", r->mddev, active, active == 1 ? "" : "s", j);
}

/* Hand the chosen members to the kernel, the freshest first: md.c
 * analyze_sbs() keeps the first of equal event counts, and a forced member
 * now has the freshest's count. */
static int load_members(int mdfd, const char *kname, const struct candidate *c, int n, int fresh, bool readonly,
			bool no_run)
{
	dev_t *devs = calloc((size_t)n, sizeof(*devs));
	int nd = 0;
	if (!devs) {
		pr_err("out of memory");
		return -1;
	}
	if (c[fresh].use)
		devs[nd++] = c[fresh].di.rdev;
	for (int i = 0; i < n; i++)
		if (c[i].use && i != fresh)
			devs[nd++] = c[i].di.rdev;
	struct start_req req = {
		.kname = kname, .v090 = c[fresh].v0, .minor_version = c[fresh].minor, .devs = devs, .ndevs = nd,
		.readonly = readonly, .no_run = no_run, .llbitmap = c[fresh].llbitmap,
	};
	int rc = md_load_and_run(mdfd, &req);
	free(devs);
	return rc;
}

/* The /dev/md/NAME link and the map entry mdadm makes for an array it
 * assembled: mdadm --detail --export reads MD_UUID and MD_DEVNAME from the
 * map, and -I and --run find the array by it. */
static void name_and_record(const struct assemble_req *r, const char *kname, const struct candidate *ref)
{
	char shortname[64], safe[UDEV_NAME_MAX + 1];
	struct map_ent e = { 0 };
	array_short_name(r->homehost, ref->v0 ? "" : ref->sb.set_name, shortname, sizeof(shortname));
	if (!strncmp(r->mddev, "/dev/md/", 8))
		md_make_name_link(r->mddev + 8, kname);
	else if (shortname[0] && !strchr(shortname, ':') &&
		 udev_name_from_disk(shortname, sizeof(shortname), safe, sizeof(safe)) == 0)
		md_make_name_link(safe, kname);  /* the name is from disk: hostile until checked */
	if (strlen(kname) >= sizeof(e.kname) || strlen(r->mddev) >= sizeof(e.path))
		return;
	strcpy(e.kname, kname);
	cand_version(ref, e.metadata, sizeof(e.metadata));
	cand_uuid(ref, e.uuid);
	strcpy(e.path, r->mddev);
	(void)map_record(&e, md_in_use);
}

static int start_array(const struct assemble_req *r, struct candidate *c, int n, int fresh, const struct tally *t)
{
	const struct sb1 *ref = &c[fresh].sb;
	bool v0 = c[fresh].v0;
	struct sb1 view;            /* a 0.90 reshape's fields, v1.x's names */
	if (v0)
		sb0_as_sb1(&c[fresh].sb0, &view);
	const struct sb1 *shape = v0 ? &view : ref;
	struct rs_backup bk;
	uint8_t *bkdata = NULL;
	char kname[64];
	int rc = 1, mdfd = -1;
	bool no_run = t->active < t->expected && !r->run && !(r->start_degraded && t->active >= t->need);

	if (md_kname_for(r->mddev, kname, sizeof(kname)) < 0)
		goto out;
	if (md_in_use(kname)) {
		pr_err("/dev/%s is already in use: stop it first", kname);
		goto out;
	}
	mdfd = md_create_open(kname);
	if (mdfd < 0)
		goto out;
	if ((c[fresh].llbitmap && md_check_llbitmap(kname) < 0) || force_members(c, n, ref) < 0 ||
	    (rs_sb_needs_backup(shape) && restore_prepare(r, c, n, shape, &bk, &bkdata) < 0)) {
		(void)md_stop_array(mdfd);
		goto out;
	}
	if (load_members(mdfd, kname, c, n, fresh, r->readonly, no_run) < 0)
		goto out;
	if (bkdata && backup_write_back(kname, &bk, bkdata) < 0)
		goto out;
	/* named and recorded once loaded, also when held back inactive (as mdadm) */
	name_and_record(r, kname, &c[fresh]);
	if (no_run) {
		pr_err("%s assembled from %d drive%s - need %d to start (use --run to insist)", r->mddev, t->active,
		       t->active == 1 ? "" : "s", r->start_degraded ? t->need : t->expected);
		if (r->held_back_ok)
			rc = 0;
		goto out;
	}
	report_started(r, cand_raid_disks(&c[fresh]), t);
	rc = 0;
out:
	if (mdfd >= 0)
		close(mdfd);
	free(bkdata);
	return rc;
}

/* --update=metadata: the chosen members become 1.0 ones (m: theirs, in order). */
static int convert_chosen0(struct candidate *c, int n, struct update_member0 *m, int k)
{
	struct sb1 *v = malloc((size_t)k * sizeof(*v));
	if (!v || convert_members0(m, k, v) < 0) {
		if (!v)
			pr_err("out of memory");
		free(v);
		return -1;
	}
	for (int i = 0, j = 0; i < n; i++)
		if (c[i].use) {
			c[i].sb = v[j++];
			c[i].v0 = c[i].llbitmap = false;
			c[i].minor = 0;
			c[i].bitmap_sectors = 0;
		}
	free(v);
	return 0;
}

static int update_chosen0(const struct assemble_req *r, struct candidate *c, int n)
{
	char kname[64];
	struct update_member0 *m = calloc((size_t)n, sizeof(*m));
	int k = 0, rc = -1;
	if (!m) {
		pr_err("out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (c[i].use)
			m[k++] = (struct update_member0){ c[i].path, &c[i].sb0 };
	if (r->update.what == UPD_METADATA)
		rc = convert_chosen0(c, n, m, k);
	else if (md_kname_for(r->mddev, kname, sizeof(kname)) == 0)
		rc = update_members0(&r->update, kname, m, k);
	free(m);
	return rc;
}

/* --update: change the superblocks of the members about to be used. */
static int update_chosen(const struct assemble_req *r, struct candidate *c, int n, int fresh)
{
	if (c[fresh].v0)
		return update_chosen0(r, c, n);
	struct update_member *m = calloc((size_t)n, sizeof(*m));
	struct sb1 ref = c[fresh].sb;
	int k = 0;
	if (!m) {
		pr_err("out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (c[i].use)
			m[k++] = (struct update_member){ c[i].path, &c[i].sb, c[i].minor, c[i].di.sectors,
							 c[i].bitmap_sectors };
	int rc = update_members(&r->update, &ref, m, k);
	free(m);
	for (int i = 0; i < n; i++)
		if (!(c[i].sb.feature_map & SB1_FEAT_BITMAP_OFFSET))
			c[i].llbitmap = false;
	return rc;
}

int assemble_update_from(const char *value, const char *name, const char *uuid, const char *homehost,
			 const char *mddev, struct assemble_update *u)
{
	char why[512];
	*u = (struct assemble_update){ .what = UPD_NONE, .homehost = homehost, .mddev = mddev };
	if (!value)
		return 0;
	if (!strcmp(value, "?")) {
		printf("valid --update values for --assemble: %s\n", update_values());
		return 1;
	}
	if (update_parse(value, &u->what, why, sizeof(why)) < 0) {
		pr_err("%s", why);
		return -1;
	}
	u->name = name;
	u->uuid = uuid;
	return 0;
}

int assemble_array(const struct assemble_req *r)
{
	struct candidate *c = calloc((size_t)r->ndevs, sizeof(*c));
	struct tally t;
	int rc = 1;
	if (!c) {
		pr_err("out of memory");
		return 1;
	}
	int n = read_members(r, c);
	if (n < 0)
		goto out;
	int fresh = 0;  /* the freshest superblock describes the array */
	for (int i = 1; i < n; i++)
		if (cand_events(&c[i]) > cand_events(&c[fresh]))
			fresh = i;
	choose_members(r, c, n, &c[fresh], &t);
	if (t.active < t.need) {
		char why[96] = "";
		if (t.stale || t.faulty)
			snprintf(why, sizeof(why), " (%d out of date%s, %d marked faulty)", t.stale,
				 t.stale && !r->force ? ": --force may help" : "", t.faulty);
		pr_err("%s assembled from %d drive%s - not enough to start the array%s", r->mddev, t.active,
		       t.active == 1 ? "" : "s", why);
		goto out;
	}
	if (r->update.what != UPD_NONE && update_chosen(r, c, n, fresh) < 0)
		goto out;
	rc = start_array(r, c, n, fresh, &t);
out:
	free(c);
	return rc;
}

int mode_assemble(const struct options *o)
{
	if (o->ndevs == 0) {
		pr_err("--assemble needs member devices, or --scan");
		return 2;
	}
	if (!o->mddev) {
		pr_err("--assemble needs an md device name");
		return 2;
	}
	struct assemble_req r = {
		.mddev = o->mddev, .ndevs = o->ndevs, .name = o->name, .minor = -1, .homehost = o->homehost,
		.super_minor = o->super_minor,
		.backup_file = o->backup_file, .run = o->run, .readonly = o->readonly, .force = o->force,
	};
	if (o->uuid && uuid_parse(o->uuid, r.uuid) < 0) {
		pr_err("invalid --uuid '%s'", o->uuid);
		return 2;
	}
	int up = assemble_update_from(o->update, o->name, o->uuid, o->homehost, o->mddev, &r.update);
	if (up)
		return up > 0 ? 0 : 2;
	/* the new uuid or name is not the one to look for (mdadm(8) --update) */
	if (r.update.what == UPD_NAME)
		r.name = NULL;
	r.have_uuid = o->uuid != NULL && r.update.what != UPD_UUID;
	char why[160];
	if (metadata_pick(o->metadata, &r.minor, why, sizeof(why)) < 0) {
		pr_err("%s", why);
		return 1;
	}
	const char **devs = calloc((size_t)o->ndevs, sizeof(*devs));
	if (!devs) {
		pr_err("out of memory");
		return 1;
	}
	for (int i = 0; i < o->ndevs; i++)
		devs[i] = o->devs[i].name;
	r.devs = devs;
	int rc = assemble_array(&r);
	free(devs);
	return rc;
}
