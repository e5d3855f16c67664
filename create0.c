/* --create -e 0.90: what differs from the v1.x path in create.c. The 0.90
 * limits (27 devices, no name, data offset or logical block size, sizes the
 * 32-bit KiB size field can hold), each member's layout (data from sector 0,
 * superblock in the last 64 KiB-aligned 64 KiB, bitmap 4 KiB after it), the
 * UUID (homehost hash in its last 8 bytes) and each member's superblock. */
#include "create_int.h"
#include "levels.h"
#include "msg.h"
#include "names.h"
#include "super0.h"
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

/* md.c super_90_load(): members of raid1 and above are limited because the
 * size field counts KiB in 32 bits; mdadm(8) documents 2 terabytes. */
#define SB0_MAX_MEMBER_SECTORS (1ULL << 32)

int create0_check(const struct create_req *r, struct geometry *g)
{
	/* mdadm 4.6 records raid4 with layout 0 in 0.90 (1.x: 5, parity-last);
	 * raid5.c places raid4's parity on the last member either way */
	if (g->level == 4 && !r->layout)
		g->layout = 0;
	if (r->ndevs > SB0_DISKS) {
		pr_err("0.90 metadata supports at most %d devices per array", SB0_DISKS);
		return -1;
	}
	if (r->name) {
		pr_err("0.90 metadata has no array name: --name needs 1.x metadata");
		return -1;
	}
	if (r->data_offset_sectors) {
		pr_err("0.90 metadata has no data offset (data starts at sector 0): --data-offset needs 1.x metadata");
		return -1;
	}
	if (r->logical_block_size) {
		pr_err("0.90 metadata cannot record a logical block size: --logical-block-size needs 1.x metadata");
		return -1;
	}
	if (g->bitmap == SB1_BITMAP_LLBITMAP) {
		pr_err("0.90 metadata has no room for llbitmap: use --bitmap=internal or 1.x metadata");
		return -1;
	}
	if (r->journal || (r->consistency && (!strcmp(r->consistency, "ppl") || !strcmp(r->consistency, "journal")))) {
		pr_err("0.90 metadata has no write journal nor PPL: --%s needs 1.x metadata",
		       r->journal ? "write-journal" : "consistency-policy");
		return -1;
	}
	return 0;
}

int create0_plan_member(const struct geometry *g, struct member *m)
{
	uint64_t off = sb0_offset(m->di.sectors);
	if (off == UINT64_MAX || off == 0) {
		pr_err("%s: too small for 0.90 metadata (it needs more than 64 KiB)", m->path);
		return -1;
	}
	memset(&m->plan, 0, sizeof(m->plan));
	m->plan.super_offset = off;
	m->plan.data_offset = 0;
	m->plan.data_size = off;
	if (g->bitmap != SB1_BITMAP_NONE) {
		m->plan.bitmap_offset = SB0_BITMAP_OFFSET;
		m->plan.bitmap_sectors = SB0_BITMAP_SECTORS;
	}
	return 0;
}

int create0_check_sizes(const struct geometry *g, const struct member *m, int n)
{
	if (g->level >= 1 && g->size > SB0_MAX_MEMBER_SECTORS) {
		pr_err("0.90 metadata limits members of %s to 2 TiB (%llu KiB asked): use --size or 1.x metadata",
		       level_name(g->level), (unsigned long long)g->size / 2);
		return -1;
	}
	if (g->level != 0)
		return 0;
	/* 0.90 cannot record raid0's zone layout: as mdadm 4.6, members whose
	 * chunk-rounded sizes differ are refused */
	const struct member *first = NULL;
	for (int i = 0; i < n; i++) {
		if (!m[i].path)
			continue;
		uint64_t s = m[i].plan.data_size / g->chunk_sectors;
		if (!first) {
			first = &m[i];
		} else if (s != first->plan.data_size / g->chunk_sectors) {
			pr_err("%s and %s differ in size: 0.90 metadata cannot record the layout of raid0 on "
			       "members of different sizes (use 1.x metadata)", first->path, m[i].path);
			return -1;
		}
	}
	return 0;
}

void create0_uuid(const struct create_req *r, uint8_t uuid[16])
{
	char host[256];
	struct sb0 sb;
	if (r->uuid)
		return;  /* as given */
	homehost_get(r->homehost, host, sizeof(host));
	if (!host[0])
		return;
	memset(&sb, 0, sizeof(sb));
	sb.big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	sb0_uuid_set_host(&sb, host);
	/* the words are written in host order: their bytes are the UUID */
	memcpy(uuid + 8, &sb.set_uuid[2], 4);
	memcpy(uuid + 12, &sb.set_uuid[3], 4);
}

/* Every member's descriptor: slots in role order, spares after them; the
 * rebuilt member (rebuild_last) is a spare the kernel recovers onto. */
static void fill_new(const struct create_req *r, const struct geometry *g, const struct member *m,
		     uint32_t t, const uint8_t uuid[16], struct sb0_new *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->set_uuid, uuid, 16);
	p->ctime = t;
	p->level = g->level;
	p->size_kib = g->level == 0 || g->level == LEVEL_LINEAR ? 0 : (uint32_t)(g->size / 2);
	p->raid_disks = (uint32_t)g->raid_disks;
	p->md_minor = g->md_minor;
	p->layout = g->layout;
	p->chunk_bytes = level_has_chunk(g->level) ? g->chunk_sectors * 512 : 0;
	p->clean = r->assume_clean || g->rebuild_last || g->level == 0 || g->level == LEVEL_LINEAR ||
		   (g->missing && (g->level == 4 || g->level == 5 || g->level == 6));
	p->bitmap = g->bitmap != SB1_BITMAP_NONE;
	p->nmembers = r->ndevs;
	for (int i = 0; i < r->ndevs; i++) {
		struct sb0_disk *d = &p->disks[i];
		p->present[i] = m[i].path != NULL;
		if (!m[i].path)
			continue;
		d->number = (uint32_t)i;
		d->major = major(m[i].di.rdev);
		d->minor = minor(m[i].di.rdev);
		d->raid_disk = m[i].role >= 0 ? (uint32_t)m[i].role : (uint32_t)i;
		d->state = m[i].role >= 0 ? SB0_DISK_ACTIVE | SB0_DISK_SYNC : 0;
		if (r->devs[i].op == DEV_WRITEMOSTLY)
			d->state |= SB0_DISK_WRITEMOSTLY;
		if (r->devs[i].op == DEV_FAILFAST)
			d->state |= SB0_DISK_FAILFAST;
	}
}

int create0_write_member(const struct create_req *r, const struct geometry *g, const struct member *m, int idx,
			 uint32_t t, const uint8_t uuid[16])
{
	struct sb0_new p;
	struct sb0 sb;
	struct sb0_err e;
	fill_new(r, g, m, t, uuid, &p);
	if (sb0_new_member(&p, idx, &sb, &e) < 0) {
		pr_err("%s: %s", m[idx].path, e.msg);
		return -1;
	}
	return dev_write_sb0(m[idx].fd, &m[idx].di, &sb);
}
