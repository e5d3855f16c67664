/* --incremental's members and starting (incremental.h): the superblocks of
 * the members an inactive array has gathered, what they add up to, and
 * running it; -IRs, which starts every array that can run degraded, and the
 * same for one array (--run MD of an inactive array, manage.c's mode_run). */
#include "incremental_members.h"
#include "msg.h"
#include "bitmap.h"
#include "bitmap_io.h"
#include "dev.h"
#include "levels.h"
#include "mapfile.h"
#include "mdstate.h"
#include "mdio.h"
#include "reshape_plan.h"
#include "start.h"
#include "super0.h"
#include "sysfs.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool incr_array_alive(const char *kname) { return md_in_use(kname); }

const char *incr_version(int minor, char *buf, size_t n)
{
	if (minor == MD_MINOR_090)
		snprintf(buf, n, "0.90");
	else
		snprintf(buf, n, "1.%d", minor);
	return buf;
}

int incr_read_sb(int fd, const struct devinfo *di, int minor, struct member *m, char *msg, size_t n)
{
	int r;
	m->llbitmap = m->v0 = false;
	if (minor == MD_MINOR_090) {
		struct sb0 s0;
		struct sb0_err e0;
		r = dev_read_sb0(fd, di, &s0, &e0);
		if (r == 0 && !sb0_csum_matches(s0.sb_csum, s0.csum_computed)) {
			/* super_90_load() would refuse it: say so before the kernel does */
			snprintf(msg, n, "0.90 superblock checksum is wrong (0x%08x, should be 0x%08x)", s0.sb_csum,
				 s0.csum_computed);
			return -1;
		}
		if (r == 0) {
			sb0_as_sb1(&s0, &m->sb);
			m->sb0 = s0;
			m->v0 = true;
		} else if (r < 0) {
			snprintf(msg, n, "%s", e0.msg);
		}
		return r;
	}
	struct sb1_err e;
	r = dev_read_sb1(fd, di, minor, &m->sb, &e);
	if (r == 0) {
		struct bitmap_sb bs;
		struct bitmap_err be;
		m->llbitmap = bitmap_read_member(fd, di, &m->sb, &bs, &be) == 0 && bitmap_is_llbitmap(&bs);
	} else if (r < 0) {
		snprintf(msg, n, "%s", e.msg);
	}
	return r;
}

/* A member already in the kernel's array: /dev/KNAME is its node. */
int incr_read_member(const char *kname, int minor, struct member *m)
{
	char path[64], msg[160];
	struct devinfo di;
	snprintf(path, sizeof(path), "/dev/%s", kname);
	int fd = dev_open(path, O_RDONLY, &di);
	if (fd < 0)
		return -1;
	int r = incr_read_sb(fd, &di, minor, m, msg, sizeof(msg));
	if (r != 0)
		pr_err("%s: %s", path, r > 0 ? "no md superblock" : msg);
	close(fd);
	snprintf(m->kname, sizeof(m->kname), "%s", kname);
	return r == 0 ? 0 : -1;
}

/* Every member of kname with a readable superblock of the array: known (DEV,
 * already read) is used as it is. Members of another array (uuid) are left
 * out. Returns the count (*out malloc'ed), or -1. */
int incr_load_members(const char *kname, int minor, const struct member *known, struct member **out)
{
	struct sysfs_member *sm = calloc(MD_MAX_MEMBERS, sizeof(*sm));
	int n = sm ? sysfs_md_members(kname, sm, MD_MAX_MEMBERS) : -1;
	struct member *m = n > 0 ? calloc((size_t)n, sizeof(*m)) : NULL;
	int k = 0;
	*out = NULL;
	if (n <= 0 || !m) {
		free(sm);
		free(m);
		return n == 0 ? 0 : -1;
	}
	const uint8_t *want = known ? known->sb.set_uuid : NULL;
	for (int i = 0; i < n; i++) {
		if (known && !strcmp(sm[i].name, known->kname))
			m[k] = *known;
		else if (incr_read_member(sm[i].name, minor, &m[k]) < 0)
			continue;
		if (!want)
			want = m[0].sb.set_uuid;  /* m[0] stays put */
		if (!memcmp(m[k].sb.set_uuid, want, 16))
			k++;
	}
	free(sm);
	*out = m;
	return k;
}

/* Judge the members by the freshest superblock: which are out of date, how
 * many distinct active slots are filled, how many it lists. */
void incr_tally(struct member *m, int n, struct tally *t)
{
	static const struct tally zero;
	*t = zero;
	for (int i = 1; i < n; i++)
		if (m[i].sb.events > m[t->ref].sb.events)
			t->ref = i;
	const struct sb1 *ref = &m[t->ref].sb;
	bool taken[SB1_MAX_DEV] = { false };
	for (int i = 0; i < n; i++) {
		m[i].stale = !sb1_events_fresh(m[i].sb.events, ref->events);
		if (m[i].stale) {
			t->stale++;
			continue;
		}
		uint32_t dn = m[i].sb.dev_number;
		uint16_t role = dn < ref->max_dev && dn < SB1_MAX_DEV ? ref->dev_roles[dn] : SB1_ROLE_SPARE;
		if (role < SB1_ROLE_MAX && role < ref->raid_disks && role < SB1_MAX_DEV && !taken[role]) {
			taken[role] = true;
			t->active++;
		} else if (role == SB1_ROLE_SPARE) {
			t->spares++;
		}
	}
	for (uint32_t i = 0; i < ref->max_dev && i < SB1_MAX_DEV; i++)
		if (ref->dev_roles[i] < SB1_ROLE_MAX && ref->dev_roles[i] < ref->raid_disks)
			t->expected++;
	t->need = (int)ref->raid_disks - level_redundancy(ref->level, ref->layout, (int)ref->raid_disks);
	if (t->need < 1)
		t->need = 1;
}

/* Take the out-of-date members out (they would bring stale data), select the
 * bitmap the freshest member carries, run. Returns 0, or -1 (printed; the
 * array is then stopped and its members released). */
int incr_start(int mdfd, const char *kname, struct member *m, int n, const struct tally *t, bool readonly,
	       bool read_auto)
{
	for (int i = 0; i < n; i++) {
		if (!m[i].stale)
			continue;
		char attr[64];
		snprintf(attr, sizeof(attr), "dev-%s/state", m[i].kname);
		if (sysfs_md_set(kname, attr, "remove") == 0)
			pr_info("left out /dev/%s: out of date (events %llu, the array is at %llu)", m[i].kname,
				(unsigned long long)m[i].sb.events, (unsigned long long)m[t->ref].sb.events);
		else
			pr_err("cannot leave out the out-of-date /dev/%s: %s", m[i].kname, strerror(errno));
	}
	if (m[t->ref].llbitmap && md_check_llbitmap(kname) < 0) {
		(void)md_stop_array(mdfd);
		return -1;
	}
	if (rs_sb_needs_backup(&m[t->ref].sb)) {
		pr_err("/dev/%s stopped inside the critical section of an in-place reshape: assemble it with mdctl --assemble --backup-file=FILE",
		       kname);
		(void)md_stop_array(mdfd);
		return -1;
	}
	struct start_req req = {
		.kname = kname, .readonly = readonly, .read_auto = read_auto, .llbitmap = m[t->ref].llbitmap,
	};
	return md_run_loaded(mdfd, &req);
}

/* ---- -IRs ---- */

int incr_run_inactive(const char *kname, const char *display, bool readonly)
{
	struct md_identity id;
	struct member *m = NULL;
	struct tally t;
	int rc = 1;
	mdstate_identity(kname, &id);
	int minor = id.minor;
	if (strcmp(id.array_state, "inactive") != 0 || minor < 0)
		return 0;
	int n = incr_load_members(kname, minor, NULL, &m);
	if (n <= 0) {
		pr_info("%s not started: none of its members has a readable superblock", display);
		free(m);
		return 0;
	}
	incr_tally(m, n, &t);
	if (t.active < t.need) {
		pr_info("%s not started: %d of %d members present, %d needed", display, t.active, t.expected,
			t.need);
		free(m);
		return 0;
	}
	int mdfd = md_open(kname);
	if (mdfd < 0 || incr_start(mdfd, kname, m, n, &t, readonly, true) < 0)
		rc = -1;
	else if (t.active < t.expected)
		pr_info("started %s degraded with %d of %d members", display, t.active, t.expected);
	else
		pr_info("started %s with %d member%s", display, t.active, t.active == 1 ? "" : "s");
	if (mdfd >= 0)
		close(mdfd);
	free(m);
	return rc;
}

int incremental_run_scan(bool readonly)
{
	struct mapfile map;
	int rc = 0;
	if (map_open_locked(&map, NULL) < 0)
		return 1;
	for (int i = 0; i < map.n; i++)
		if (incr_run_inactive(map.ent[i].kname, map.ent[i].path, readonly) < 0)
			rc = 1;
	/* inactive arrays collected by other means (--assemble without enough members) */
	DIR *d = sysfs_block_list();
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char display[64] = "/dev/";
		if (!map_kname_ok(e->d_name) || map_find_kname(&map, e->d_name))
			continue;
		snprintf(display + 5, sizeof(display) - 5, "%.58s", e->d_name);  /* map_kname_ok(): short */
		if (incr_run_inactive(e->d_name, display, readonly) < 0)
			rc = 1;
	}
	if (d)
		closedir(d);
	(void)map_commit(&map, incr_array_alive);
	map_close(&map);
	return rc;
}

