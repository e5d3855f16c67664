/* See grow_array.h. */
#include "grow_array.h"
#include "msg.h"
#include "bitmap.h"
#include "bitmap_io.h"
#include "dev.h"
#include "levels.h"
#include "member_add.h"
#include "mdio.h"
#include "super0.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static int get_u32(const char *kname, const char *attr, uint32_t *v)
{
	uint64_t x;
	if (sysfs_md_get_u64(kname, attr, &x) < 0 || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static void load_member_sb(struct grow_array *a, struct grow_member *gm)
{
	char path[64];
	struct devinfo di;
	struct sb1_err e;
	snprintf(path, sizeof(path), "/dev/%.31s", gm->sm.name);
	int fd = dev_open(path, O_RDONLY, &di);
	if (fd < 0)
		return;
	gm->dev_sectors = di.sectors;
	if (a->minor < 0) {
		struct sb0_err e0;
		gm->have_sb0 = dev_read_sb0(fd, &di, &gm->sb0, &e0) == 0;
	} else if (dev_read_sb1(fd, &di, a->minor, &gm->sb, &e) == 0) {
		gm->have_sb = true;
		struct bitmap_sb bs;
		struct bitmap_err be;
		if ((gm->sb.feature_map & SB1_FEAT_BITMAP_OFFSET) &&
		    bitmap_read_member(fd, &di, &gm->sb, &bs, &be) == 0)
			gm->bitmap_sectors = (bitmap_total_bytes(&bs) + 4095) / 4096 * 8;
	}
	close(fd);
}

int grow_load(const char *kname, struct grow_array *a)
{
	char v[64];
	uint32_t raid_disks, chunk_bytes;
	uint64_t kib;
	memset(a, 0, sizeof(*a));
	snprintf(a->kname, sizeof(a->kname), "%s", kname);
	if (!sysfs_md_running(kname)) {
		pr_err("/dev/%s is not running", kname);
		return -1;
	}
	v[0] = '\0';
	if (sysfs_md_get(kname, "metadata_version", v, sizeof(v)) == 0 && !strcmp(v, "0.90")) {
		a->minor = -1;
	} else if (sscanf(v, "1.%d", &a->minor) != 1 || a->minor < 0 || a->minor > 2) {
		pr_err("/dev/%s: only arrays with v1.x or 0.90 superblocks can be grown", kname);
		return -1;
	}
	if (sysfs_md_get(kname, "level", v, sizeof(v)) < 0 || (a->level = level_parse(v)) == LEVEL_UNKNOWN) {
		pr_err("/dev/%s: unknown raid level '%s'", kname, v);
		return -1;
	}
	if (get_u32(kname, "raid_disks", &raid_disks) < 0) {
		pr_err("/dev/%s: cannot read md/raid_disks", kname);
		return -1;
	}
	a->raid_disks = (int)raid_disks;
	if (get_u32(kname, "chunk_size", &chunk_bytes) == 0)
		a->chunk = chunk_bytes / 512;
	get_u32(kname, "layout", &a->layout);
	if (sysfs_md_get_u64(kname, "component_size", &kib) == 0)
		a->component = kib * 2;
	if (sysfs_block_get(kname, "size", v, sizeof(v)) == 0)
		a->array_sectors = strtoull(v, NULL, 10);
	uint32_t deg = 0;
	get_u32(kname, "degraded", &deg);
	a->degraded = (int)deg;
	if (sysfs_md_get(kname, "sync_action", a->sync_action, sizeof(a->sync_action)) < 0)
		snprintf(a->sync_action, sizeof(a->sync_action), "none");
	sysfs_md_get(kname, "array_state", a->array_state, sizeof(a->array_state));
	a->reshaping = sysfs_md_get(kname, "reshape_position", v, sizeof(v)) == 0 && strcmp(v, "none") != 0;
	struct sysfs_member sm[GROW_MEMBERS];
	int n = sysfs_md_members(kname, sm, GROW_MEMBERS);
	if (n < 0) {
		pr_err("/dev/%s: cannot list members: %s", kname, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		a->m[i].sm = sm[i];
		load_member_sb(a, &a->m[i]);
	}
	a->n = n;
	return 0;
}

int grow_count_spares(const struct grow_array *a)
{
	int s = 0;
	for (int i = 0; i < a->n; i++)
		s += gm_spare(&a->m[i]);
	return s;
}

int grow_check_idle(const struct grow_array *a, const char *what)
{
	if (a->reshaping) {
		pr_err("/dev/%s is already reshaping; wait for it or use --grow --continue", a->kname);
		return -1;
	}
	if (!strcmp(a->array_state, "readonly") || !strcmp(a->array_state, "read-auto")) {
		pr_err("/dev/%s is read-only; %s needs it read-write (mdctl --readwrite)", a->kname, what);
		return -1;
	}
	if (strcmp(a->sync_action, "idle") != 0 && strcmp(a->sync_action, "none") != 0) {
		pr_err("/dev/%s is busy (%s); %s must wait until it is idle", a->kname, a->sync_action, what);
		return -1;
	}
	return 0;
}

int grow_adds_prepare(const struct grow_req *req, const char *kname, struct grow_adds *g)
{
	g->n = 0;
	for (int i = 0; i < req->nadds; i++) {
		if (spare_prepare(kname, req->adds[i], req->yes, &g->p[g->n]) < 0) {
			grow_adds_release(g);
			return -1;
		}
		g->n++;
	}
	return 0;
}

int grow_adds_commit(const char *kname, struct grow_adds *g)
{
	int rc = 0;
	if (!g->n)
		return 0;
	int mdfd = md_open(kname);
	for (int i = 0; i < g->n; i++) {
		if (rc == 0 && mdfd >= 0)
			rc = spare_commit(kname, mdfd, &g->p[i]);
		else
			spare_release(&g->p[i]);
	}
	g->n = 0;
	if (mdfd < 0)
		return -1;
	close(mdfd);
	return rc < 0 ? -1 : 0;
}

void grow_adds_release(struct grow_adds *g)
{
	for (int i = 0; i < g->n; i++)
		spare_release(&g->p[i]);
	g->n = 0;
}

int grow_set(const char *kname, const char *attr, const char *val)
{
	/* md_check_recovery() holds MD_RECOVERY_RUNNING for a moment after a
	 * spare arrives, even when it finds nothing to do: those writes answer
	 * EBUSY meanwhile (md.c update_raid_disks(), new_offset_store()). */
	for (int t = 0; t < 50; t++) {
		if (sysfs_md_set(kname, attr, val) == 0)
			return 0;
		if (errno != EBUSY)
			break;
		usleep(100 * 1000);
	}
	pr_err("cannot set %s of /dev/%s to %s: %s", attr, kname, val, strerror(errno));
	return -1;
}

int grow_set_u64(const char *kname, const char *attr, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return grow_set(kname, attr, buf);
}

int grow_drop_slot(const struct grow_array *a, int slot)
{
	for (int i = 0; i < a->n; i++) {
		const struct grow_member *m = &a->m[i];
		if (m->sm.slot != slot || strstr(m->sm.state, "faulty"))
			continue;
		char attr[64];
		snprintf(attr, sizeof(attr), "dev-%s/state", m->sm.name);
		if (grow_set(a->kname, attr, "faulty") < 0)
			return -1;
		/* the kernel removes a faulty member once no I/O is in flight */
		for (int t = 0; t < 100; t++) {
			if (sysfs_md_set(a->kname, attr, "remove") == 0)
				return 0;
			usleep(50 * 1000);
		}
		pr_err("cannot remove /dev/%s from /dev/%s: %s", m->sm.name, a->kname, strerror(errno));
		return -1;
	}
	return 0;
}

/* Enough stripe heads for the larger chunk (raid5.c check_stripe_cache()). */
int grow_stripe_cache(const struct grow_array *a, uint32_t new_chunk)
{
	uint64_t cur, chunk = a->chunk > new_chunk ? a->chunk : new_chunk;
	uint64_t want = chunk * 512 / 4096 * 4 + 16;
	if (a->level == 10 || sysfs_md_get_u64(a->kname, "stripe_cache_size", &cur) < 0 || cur >= want)
		return 0;
	return grow_set_u64(a->kname, "stripe_cache_size", want);
}

/* Array sectors with new_disks members of component sectors each
 * (raid5.c raid5_size(), raid10.c raid10_size(), raid1: one member). */
uint64_t grow_capacity(const struct grow_array *a, int new_disks, uint32_t chunk, uint32_t layout,
		       uint64_t component)
{
	if (a->level == 1)
		return component;
	if (a->level == 10)
		return level_sync_sectors(10, layout, new_disks, chunk, component);
	uint64_t per = chunk ? component / chunk * chunk : component;
	int data = new_disks - (a->level == 6 ? 2 : 1);
	return data > 0 ? per * (uint64_t)data : 0;
}
