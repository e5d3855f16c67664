/* --update=VALUE on a decoded 0.90 superblock: the values mdadm(8) documents
 * for 0.90 metadata. Pure: no I/O, no printing. Fields as md_p.h's
 * mdp_super_t; what the kernel does with them as md.c super_90_validate(). */
#include "update.h"
#include "super0.h"
#include "super1.h"
#include <stdio.h>
#include <string.h>

static int fail(struct sb0_err *e, const char *msg)
{
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	return -1;
}

static bool descriptor_empty(const struct sb0_disk *d)
{
	return !d->major && !d->minor && !d->state && !d->raid_disk;
}

/* The counts from the table: every member described counts in nr_disks;
 * active ones are working, spares too; failed are the members marked faulty
 * (a removed slot is none: mdadm 4.6's result, t_update0). */
static void summaries(struct sb0 *sb)
{
	uint32_t nr = 0, active = 0, working = 0, failed = 0, spare = 0;
	for (uint32_t i = 0; i < SB0_DISKS; i++) {
		const struct sb0_disk *d = &sb->disks[i];
		if ((d->state & SB0_DISK_REMOVED) || descriptor_empty(d))
			continue;
		nr++;
		if (d->state & SB0_DISK_FAULTY) {
			failed++;
			continue;
		}
		working++;
		if (d->state & SB0_DISK_ACTIVE)
			active++;
		else
			spare++;
	}
	sb->nr_disks = nr;
	sb->active_disks = active;
	sb->working_disks = working;
	sb->failed_disks = failed;
	sb->spare_disks = spare;
}

int sb0_apply_update(struct sb0 *sb, const struct sb0_update_req *u, struct sb0_err *e)
{
	const char *no = update_refusal_v0(u->what);
	if (no) {
		snprintf(e->msg, sizeof(e->msg), "--update=%s %s", update_name(u->what), no);
		return -1;
	}
	switch (u->what) {
	case UPD_UUID:
		sb0_uuid_from_bytes(sb, u->uuid);
		return 0;
	case UPD_HOMEHOST:
		sb0_uuid_set_host(sb, u->homehost ? u->homehost : "");
		return 0;
	case UPD_RESYNC:
		/* not clean and no checkpoint: the kernel resyncs from 0 */
		sb->state &= ~SB0_STATE_CLEAN;
		sb->recovery_cp = 0;
		return 0;
	case UPD_SUMMARIES:
		summaries(sb);
		return 0;
	case UPD_SUPER_MINOR:
		sb->md_minor = u->md_minor;
		return 0;
	case UPD_BYTEORDER:
		/* read in either order; written in this host's, where the kernel
		 * can load it (super_90_load() checks the magic natively) */
		if (sb->big_endian == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__))
			return fail(e, "--update=byteorder: the superblock is in this host's byte order already");
		sb->big_endian = !sb->big_endian;
		return 0;
	case UPD_SPARC22:
		/* done as the superblocks were read (dev_read_sb0_sparc22): the
		 * words move in the raw superblock, which sb holds no more */
		return 0;
	case UPD_NO_BITMAP:
		/* the kernel then starts the array without it (super_90_validate());
		 * the bitmap's blocks stay as they were, as mdadm 4.6 leaves them */
		sb->state &= ~SB0_STATE_BITMAP_PRESENT;
		return 0;
	case UPD_REVERT_RESHAPE:
		if (sb->minor_version != 91)
			return fail(e, "--update=revert-reshape: no reshape is in progress");
		/* 0.90 data never moves, so its reshapes all go in place: as on
		 * v1.x (update.c revert_reshape()), those are not reverted */
		return fail(e, "--update=revert-reshape: a 0.90 reshape works in place with a backup file; "
			       "mdctl reverts only reshapes that move the data offset");
	case UPD_METADATA:
		return fail(e, "--update=metadata writes a 1.0 superblock beside this one (sb0_convert_to_v1)");
	default:
		return fail(e, "not an --update value for 0.90 metadata");
	}
}

/* --update=metadata: the 1.0 superblock that replaces s on a member of
 * dev_sectors, as mdadm 4.6 writes it (measured in the VM, t_update0): same
 * uuid, geometry and update time, name the preferred minor, ctime one second
 * later (tools take the newer of two superblocks, and the 0.90 one stays),
 * events 0, no bitmap or bad-block log, data from sector 0 for the size the
 * array uses (raid0 and linear, which record none: up to the 0.90 superblock,
 * what md.c super_90_load() gave the kernel), roles by descriptor number. */
int sb0_convert_to_v1(const struct sb0 *s, uint64_t dev_sectors, const uint8_t device_uuid[16], struct sb1 *v,
		      struct sb0_err *e)
{
	if (s->state & SB0_STATE_BITMAP_PRESENT)
		return fail(e, "--update=metadata: the array has a write-intent bitmap where the 1.0 superblock goes: "
			       "remove it first (--grow --bitmap=none)");
	if (!(s->state & SB0_STATE_CLEAN))
		return fail(e, "--update=metadata: the array is not clean: let it resync, stop it, then convert");
	if (s->minor_version != 90)
		return fail(e, "--update=metadata: a reshape is in progress: let it finish first");
	if (s->level != -1 && s->level != 0 && s->level != 1 && s->level != 4 && s->level != 5 && s->level != 6 &&
	    s->level != 10)
		return fail(e, "--update=metadata: only linear and raid0/1/4/5/6/10 arrays can be converted");
	uint64_t super_offset = sb1_super_offset(0, dev_sectors), old = sb0_offset(dev_sectors);
	uint64_t data = s->size ? (uint64_t)s->size * 2 : old;
	/* md.c super_1_load() refuses a data_size under 10 sectors */
	if (super_offset == UINT64_MAX || old == UINT64_MAX || data > old || data < 10 ||
	    old + SB0_BYTES / 512 > super_offset)
		return fail(e, "--update=metadata: the member has no room for a 1.0 superblock after its data");
	memset(v, 0, sizeof(*v));
	sb0_uuid_bytes(s, v->set_uuid);
	snprintf(v->set_name, sizeof(v->set_name), "%u", s->md_minor);
	v->ctime = (uint64_t)s->ctime + 1;
	v->utime = s->utime;
	v->level = s->level;
	v->layout = s->layout;
	v->size = (uint64_t)s->size * 2;
	v->chunksize = s->chunk_size / 512;
	v->raid_disks = s->raid_disks;
	v->data_size = data;
	v->super_offset = super_offset;
	v->dev_number = s->this_disk.number;
	memcpy(v->device_uuid, device_uuid, 16);
	if (s->this_disk.state & SB0_DISK_WRITEMOSTLY)
		v->devflags |= SB1_DEVFLAG_WRITEMOSTLY;
	v->resync_offset = UINT64_MAX;
	v->max_dev = SB0_DISKS;
	for (int i = 0; i < SB0_DISKS; i++) {
		/* a failed descriptor leaves an empty slot, not a failed role (mdadm 4.6) */
		uint16_t role = sb0_disk_role(&s->disks[i], s->raid_disks);
		v->dev_roles[i] = role == SB1_ROLE_FAULTY ? SB1_ROLE_SPARE : role;
	}
	return 0;
}
