/* --update=VALUE on a decoded 0.90 superblock: the values mdadm(8) documents
 * for 0.90 metadata. Pure: no I/O, no printing. Fields as md_p.h's
 * mdp_super_t; what the kernel does with them as md.c super_90_validate(). */
#include "update.h"
#include "super0.h"
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
	default:
		return fail(e, "not an --update value for 0.90 metadata");
	}
}
