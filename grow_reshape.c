/* --grow --raid-devices / --chunk / --layout on a running array.
 *
 * raid1 only changes how many mirrors it keeps (raid1.c raid1_reshape()).
 * raid4/5/6 and raid10 restripe. mdctl moves every member's data_offset by
 * at least a chunk (md/dev-X/new_offset) so that the kernel never writes
 * where it has not read yet: the reshape needs no backup and resumes by
 * itself after a crash (raid5.c raid5_run(), raid10.c raid10_start_reshape()).
 * More devices move the data down (a forwards reshape), fewer move it up
 * (backwards, md.c update_raid_disks()). Without that room, only growth of
 * raid4/5/6 can go in place, with a backup file (grow_backup.c); 0.90
 * arrays never have that room. */
#include "grow_steps.h"
#include "levels.h"
#include "persona.h"
#include "reshape_plan.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow_raid1_check(const struct grow_req *req, const struct grow_array *a, int spares)
{
	int active = 0;
	for (int i = 0; i < a->n; i++)
		active += gm_active(&a->m[i]);
	if (req->raid_disks > a->raid_disks) {
		if (active + spares < req->raid_disks)
			pr_info("/dev/%s will be degraded until %d more device(s) are added", a->kname,
				req->raid_disks - active - spares);
	} else if (active > req->raid_disks) {
		pr_err("/dev/%s has %d active mirrors: --fail and --remove %d of them before --raid-devices=%d",
		       a->kname, active, active - req->raid_disks, req->raid_disks);
		return -1;
	}
	return 0;
}

static int grow_raid1(const struct grow_req *req, const struct grow_array *a)
{
	if (grow_set_u64(a->kname, "raid_disks", (uint64_t)req->raid_disks) < 0)
		return 1;
	if (persona()->mdadm)  /* mdadm 4.6 reports it on stdout, in these words */
		printf("raid_disks for %s set to %d\n", req->mddev, req->raid_disks);
	else
		pr_info("/dev/%s now has %d mirrors", a->kname, req->raid_disks);
	return 0;
}

struct plan {
	int new_disks;
	uint32_t new_chunk, new_layout;
	bool backwards;
	uint64_t new_offset[GROW_MEMBERS];
};

/* Choose every member's new data offset; -1 (printed) when a member has no room. */
static int plan_offsets(const struct grow_array *a, struct plan *p, bool quiet)
{
	uint64_t need = rs_offset_need(a->chunk, p->new_chunk);
	if (a->level == 10) {
		/* raid10_start_reshape(): chunk times far copies, old and new */
		uint64_t far = (a->layout >> 8) & 0xff, nfar = (p->new_layout >> 8) & 0xff;
		far = far > nfar ? far : nfar;
		need *= far ? far : 1;
	}
	int delta = p->new_disks - a->raid_disks;
	bool dirs[2] = { delta < 0, delta < 0 };
	if (delta == 0)
		dirs[1] = true;       /* same count: try forwards, then backwards */
	for (int d = 0; d < 2; d++) {
		bool ok = true;
		for (int i = 0; i < a->n && ok; i++) {
			const struct grow_member *m = &a->m[i];
			if (strstr(m->sm.state, "faulty"))
				continue;
			if (!m->have_sb) {
				pr_err("cannot read the superblock of /dev/%s", m->sm.name);
				return -1;
			}
			uint64_t end = rs_meta_end(&m->sb, a->minor, m->bitmap_sectors);
			ok = rs_new_offset(&m->sb, end, a->component, need, dirs[d], &p->new_offset[i]) == 0;
			if (!ok && !quiet && d == 1)
				pr_err("/dev/%s has no room to move its data %s by %llu sectors", m->sm.name,
				       dirs[d] ? "up" : "down", (unsigned long long)need);
		}
		if (ok) {
			p->backwards = dirs[d];
			return 0;
		}
	}
	return -1;
}

static void undo(const struct grow_array *a)
{
	for (int i = 0; i < a->n; i++) {
		char attr[64];
		snprintf(attr, sizeof(attr), "dev-%s/new_offset", a->m[i].sm.name);
		sysfs_md_set_u64(a->kname, attr, a->m[i].sm.offset);
	}
	sysfs_md_set(a->kname, "sync_action", "idle");
}

static int start(const struct grow_array *a, const struct plan *p)
{
	char attr[64];
	if (grow_set(a->kname, "sync_action", "frozen") < 0)
		return 1;
	if (grow_stripe_cache(a, p->new_chunk) < 0)
		goto fail;
	if (grow_set(a->kname, "reshape_direction", p->backwards ? "backwards" : "forwards") < 0)
		goto fail;
	for (int i = 0; i < a->n; i++) {
		if (strstr(a->m[i].sm.state, "faulty"))
			continue;
		snprintf(attr, sizeof(attr), "dev-%s/new_offset", a->m[i].sm.name);
		if (grow_set_u64(a->kname, attr, p->new_offset[i]) < 0)
			goto fail;
	}
	if (p->new_chunk != a->chunk && grow_set_u64(a->kname, "chunk_size", (uint64_t)p->new_chunk * 512) < 0)
		goto fail;
	if (p->new_layout != a->layout && grow_set_u64(a->kname, "layout", p->new_layout) < 0)
		goto fail;
	if (p->new_disks != a->raid_disks && grow_set_u64(a->kname, "raid_disks", (uint64_t)p->new_disks) < 0)
		goto fail;
	if (grow_set(a->kname, "sync_action", "reshape") < 0)
		goto fail;
	pr_info("reshape of /dev/%s started (%d -> %d devices, data offset %llu -> %llu sectors)", a->kname,
		a->raid_disks, p->new_disks, (unsigned long long)a->m[0].sm.offset,
		(unsigned long long)p->new_offset[0]);
	return 0;
fail:
	/* the kernel keeps none of the new_* values until the reshape starts */
	sysfs_md_set_u64(a->kname, "layout", a->layout);
	sysfs_md_set_u64(a->kname, "chunk_size", (uint64_t)a->chunk * 512);
	undo(a);
	return 1;
}

/* Devices named with --add join as spares once every check has passed; the
 * plan is then made again over all members. */
static int add_and_start(const struct grow_array *a, struct plan *p,
			 struct grow_adds *adds)
{
	if (!adds->n)
		return start(a, p);
	struct grow_array *b = calloc(1, sizeof(*b));
	int rc = 1;
	if (!b) {
		pr_err("out of memory");
		return 1;
	}
	if (grow_adds_commit(a->kname, adds) == 0 && grow_load(a->kname, b) == 0 &&
	    plan_offsets(b, p, false) == 0)
		rc = start(b, p);
	free(b);
	return rc;
}

int grow_reshape(const struct grow_req *req, const struct grow_array *a, struct grow_adds *adds)
{
	struct plan p = { .new_disks = req->raid_disks > 0 ? req->raid_disks : a->raid_disks,
			  .new_chunk = req->chunk_kib ? (uint32_t)(req->chunk_kib * 2) : a->chunk,
			  .new_layout = a->layout };
	if (req->layout && layout_parse(a->level, req->layout, &p.new_layout) < 0) {
		pr_err("'%s' is not a %s layout", req->layout, level_name(a->level));
		return 1;
	}
	if (grow_check_idle(a, "a reshape") < 0)
		return 1;
	int spares = grow_count_spares(a) + adds->n;
	if (a->level == 1) {
		if (req->chunk_kib || req->layout) {
			pr_err("raid1 has no chunk size or layout to change");
			return 1;
		}
		if (p.new_disks == a->raid_disks)
			return 0;
		if (grow_raid1_check(req, a, spares) < 0 || grow_adds_commit(a->kname, adds) < 0)
			return 1;
		return grow_raid1(req, a);
	}
	if (a->level != 4 && a->level != 5 && a->level != 6 && a->level != 10) {
		pr_err("%s arrays cannot be restriped by the kernel; convert with --level first (raid0 -> raid4/5/10)",
		       level_name(a->level));
		return 1;
	}
	if (p.new_disks == a->raid_disks && p.new_chunk == a->chunk && p.new_layout == a->layout) {
		pr_info("/dev/%s already has that shape", a->kname);
		return 0;
	}
	/* Linux 7.2 raid10 near=2 -> offset=2 (4 x 40 MiB, 64K chunks) wrote
	 * beyond the end of the members and failed half of them: not offered. */
	if (a->level == 10 && (p.new_chunk != a->chunk || p.new_layout != a->layout)) {
		pr_err("raid10 chunk size and layout changes are not supported (the kernel's reshape of them is unsafe)");
		return 1;
	}
	if (p.new_chunk & (p.new_chunk - 1) || p.new_chunk < 8) {
		pr_err("chunk size must be a power of two, at least 4K");
		return 1;
	}
	if (a->degraded) {
		pr_err("/dev/%s is degraded: let it recover before a reshape", a->kname);
		return 1;
	}
	int delta = p.new_disks - a->raid_disks;
	if (delta > 0 && spares < delta) {
		pr_err("/dev/%s needs %d spare(s) for %d devices, it has %d: add them with --add", a->kname, delta,
		       p.new_disks, spares);
		return 1;
	}
	uint64_t cap = grow_capacity(a, p.new_disks, p.new_chunk, p.new_layout, a->component);
	if (delta < 0 && cap < a->array_sectors) {
		pr_err("/dev/%s holds %llu KiB, %d devices hold %llu KiB: reduce it with --array-size first",
		       a->kname, (unsigned long long)a->array_sectors / 2, p.new_disks, (unsigned long long)cap / 2);
		return 1;
	}
	/* 0.90 has no data offset to move (md.c super_90_allow_new_offset()):
	 * its restripes all go in place */
	if (a->minor >= 0 && plan_offsets(a, &p, req->backup_file != NULL) == 0) {
		if (req->backup_file)
			pr_info("the members have room to move their data: %s is not needed", req->backup_file);
		return add_and_start(a, &p, adds);
	}
	if (!req->backup_file) {
		pr_err("/dev/%s: %s; a --backup-file is needed (raid4/5/6 growth only)", a->kname,
		       a->minor < 0 ? "0.90 metadata, whose data cannot move" : "the members have no room to move their data");
		return 1;
	}
	if (a->level == 10 || delta <= 0 || p.new_chunk != a->chunk || p.new_layout != a->layout) {
		pr_err("/dev/%s: without room to move the data only raid4/5/6 growth in devices can use a backup file",
		       a->kname);
		return 1;
	}
	if (grow_backup_check(req, a) < 0)
		return 1;
	struct grow_array *b = calloc(1, sizeof(*b));
	int rc = 1;
	if (b && grow_adds_commit(a->kname, adds) == 0 && grow_load(a->kname, b) == 0)
		rc = grow_backup_reshape(req, b, p.new_disks);
	free(b);
	return rc;
}
