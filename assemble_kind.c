/* Per-kind answers for --assemble's candidates (assemble_kind.h). v1.x roles
 * come from dev_roles[] (md.c super_1_validate()); 0.90 roles from the
 * descriptor table disks[] indexed by this_disk.number, a slot being held
 * when the descriptor is ACTIVE or SYNC (md.c super_90_validate(); layout in
 * include/uapi/linux/raid/md_p.h). */
#include "assemble_kind.h"
#include <stdio.h>
#include <string.h>

void cand_uuid(const struct candidate *c, uint8_t out[16])
{
	if (c->v0)
		sb0_uuid_bytes(&c->sb0, out);
	else
		memcpy(out, c->sb.set_uuid, 16);
}

uint64_t cand_events(const struct candidate *c)
{
	return c->v0 ? c->sb0.events : c->sb.events;
}

/* sb0_disk_role() answers in v1.x dev_roles[] terms, which are ours. */
_Static_assert(CAND_SPARE == SB1_ROLE_SPARE && CAND_FAULTY == SB1_ROLE_FAULTY, "role values");

unsigned cand_role(const struct candidate *c)
{
	if (c->v0) {
		unsigned r = sb0_disk_role(&c->sb0.this_disk, c->sb0.raid_disks);
		return r == CAND_FAULTY ? CAND_SPARE : r;
	}
	uint16_t role = sb1_role(&c->sb);
	return role < SB1_ROLE_MAX && role < c->sb.raid_disks ? role : CAND_SPARE;
}

unsigned cand_ref_role(const struct candidate *ref, const struct candidate *c)
{
	if (ref->v0) {
		uint32_t nr = c->sb0.this_disk.number;
		return nr < SB0_DISKS ? sb0_disk_role(&ref->sb0.disks[nr], ref->sb0.raid_disks) : CAND_SPARE;
	}
	uint16_t role = c->sb.dev_number < ref->sb.max_dev ? ref->sb.dev_roles[c->sb.dev_number] : SB1_ROLE_SPARE;
	if (role == SB1_ROLE_FAULTY)
		return CAND_FAULTY;
	return role < SB1_ROLE_MAX && role < ref->sb.raid_disks ? role : CAND_SPARE;
}

int cand_level(const struct candidate *ref)
{
	return ref->v0 ? ref->sb0.level : ref->sb.level;
}

uint32_t cand_layout(const struct candidate *ref)
{
	return ref->v0 ? ref->sb0.layout : ref->sb.layout;
}

unsigned cand_raid_disks(const struct candidate *ref)
{
	return ref->v0 ? ref->sb0.raid_disks : ref->sb.raid_disks;
}

int cand_expected(const struct candidate *ref)
{
	int n = 0;
	if (ref->v0) {
		for (int i = 0; i < SB0_DISKS; i++)
			n += sb0_disk_role(&ref->sb0.disks[i], ref->sb0.raid_disks) < CAND_FAULTY;
		return n;
	}
	for (uint32_t i = 0; i < ref->sb.max_dev && i < SB1_MAX_DEV; i++)
		if (ref->sb.dev_roles[i] < SB1_ROLE_MAX && ref->sb.dev_roles[i] < ref->sb.raid_disks)
			n++;
	return n;
}

const char *cand_version(const struct candidate *c, char *buf, size_t n)
{
	if (c->v0)
		snprintf(buf, n, "0.%u", c->sb0.minor_version);
	else
		snprintf(buf, n, "1.%d", c->minor);
	return buf;
}
