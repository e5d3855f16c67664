/* --grow --size and --array-size.
 * --size sets md/component_size, the sectors used on every member. "max"
 * first lets each member's usable size grow to its device (md/dev-X/size 0:
 * md.c rdev_size_store() -> super_1_rdev_size_change(), which also moves a
 * 1.0 superblock to the new end), then asks for the largest size that fits
 * (component_size 0: md.c update_size()). The new space is resynced.
 * --array-size only changes what the array exports (md/array_size), without
 * touching the members: the first step before removing devices.
 * 0.90: the data ends where the superblock starts, and a superblock moves to
 * a grown device's new end only while there is no bitmap (md.c
 * super_90_rdev_size_change(), which also caps raid1 and up at 4 TiB). */
#include "grow_steps.h"
#include "super0.h"
#include <stdio.h>
#include <string.h>

/* A 0.90 array with a bitmap: its superblocks cannot move. */
static bool v0_bitmap(const struct grow_array *a)
{
	char loc[32];
	return a->minor < 0 && sysfs_md_get(a->kname, "bitmap/location", loc, sizeof(loc)) == 0 &&
	       strcmp(loc, "none") != 0;
}

static uint64_t room0(const struct grow_array *a, const struct grow_member *m, bool pinned)
{
	if (!m->have_sb0)
		return 0;
	if (pinned)
		return m->sm.size * 2;
	uint64_t so = sb0_offset(m->dev_sectors);
	if (so == UINT64_MAX)
		return 0;
	return a->level >= 1 && so >= (2ULL << 32) ? (2ULL << 32) - 2 : so;
}

/* Sectors member m could give the array: up to its device's end for 1.1/1.2;
 * for 1.0 the superblock (and what is kept before it) moves to the new end
 * (super_1_rdev_size_change()); 0.90: room0(). pinned: v0_bitmap(). */
static uint64_t room(const struct grow_array *a, const struct grow_member *m, bool pinned)
{
	if (a->minor < 0)
		return room0(a, m, pinned);
	if (!m->have_sb)
		return 0;
	if (a->minor)
		return m->dev_sectors > m->sb.data_offset ? m->dev_sectors - m->sb.data_offset : 0;
	uint64_t so = sb1_super_offset(0, m->dev_sectors);
	if (so == UINT64_MAX || so < m->sb.super_offset)
		return m->sb.data_size;
	return m->sb.data_size + (so - m->sb.super_offset);
}

static int component(const struct grow_req *req, const struct grow_array *a)
{
	uint64_t want = req->size_max ? 0 : req->size_kib * 2;
	if (a->level == 0 || a->level == -1) {
		pr_err("%s arrays cannot change their member size", a->level ? "linear" : "raid0");
		return 1;
	}
	if (grow_check_idle(a, "--size") < 0)
		return 1;
	if (want && want < a->component &&
	    grow_capacity(a, a->raid_disks, a->chunk, a->layout, want) < a->array_sectors) {
		pr_err("--size=%lluK would cut /dev/%s short: shrink what is on it, then --array-size, then --size",
		       (unsigned long long)want / 2, a->kname);
		return 1;
	}
	bool pinned = v0_bitmap(a);
	for (int i = 0; i < a->n && want; i++) {
		const struct grow_member *m = &a->m[i];
		uint64_t r = gm_active(m) ? room(a, m, pinned) : UINT64_MAX;
		if (r < want) {
			pr_err("--size=%lluK: /dev/%s has room for %lluK only%s", (unsigned long long)want / 2,
			       m->sm.name, (unsigned long long)r / 2,
			       pinned ? " while the 0.90 bitmap holds the superblock in place: "
					"--grow --bitmap=none first" : "");
			return 1;
		}
	}
	for (int i = 0; i < a->n && !pinned; i++) {
		const struct grow_member *m = &a->m[i];
		if (!gm_active(m))
			continue;
		if (!req->size_max && m->sm.size * 2 >= want)
			continue;
		char attr[64];
		snprintf(attr, sizeof(attr), "dev-%s/size", m->sm.name);
		if (grow_set(a->kname, attr, "0") < 0)
			return 1;
	}
	if (grow_set_u64(a->kname, "component_size", want / 2) < 0)
		return 1;
	uint64_t kib = 0;
	sysfs_md_get_u64(a->kname, "component_size", &kib);
	pr_info("component size of /dev/%s is now %llu KiB", a->kname, (unsigned long long)kib);
	return 0;
}

int grow_size(const struct grow_req *req, const struct grow_array *a)
{
	if ((req->size_max || req->size_kib) && component(req, a))
		return 1;
	if (req->array_size_kib) {
		if (req->array_size_kib == UINT64_MAX)
			return grow_set(a->kname, "array_size", "default") < 0;
		if (grow_set_u64(a->kname, "array_size", req->array_size_kib) < 0)
			return 1;
	}
	return 0;
}
