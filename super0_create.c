/* A new 0.90 superblock for each member of an array being created. Pure: no
 * I/O. Fields as md.c super_90_validate() reads them and super_90_sync()
 * writes them (Linux 7.2 drivers/md/md.c; layout include/uapi/linux/raid/md_p.h);
 * the values mdadm 4.6 writes were observed in the VM (tests/vm/t_create0.sh
 * compares them). */
#include "super0.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool sb0_is_version(const char *m)
{
	return m && (!strcmp(m, "0") || !strcmp(m, "0.90") || !strcmp(m, "0.9") || !strcmp(m, "00.90"));
}

static int fail(struct sb0_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct sb0_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* The counts super_90_sync() keeps: active members, working ones (active and
 * spares), failed (absent slots) and spares. */
static void count_disks(const struct sb0_new *p, struct sb0 *sb)
{
	for (int i = 0; i < p->nmembers; i++) {
		if (!p->present[i]) {
			sb->failed_disks++;
			continue;
		}
		sb->nr_disks++;
		sb->working_disks++;
		if (p->disks[i].state & SB0_DISK_ACTIVE)
			sb->active_disks++;
		else
			sb->spare_disks++;
	}
}

int sb0_new_member(const struct sb0_new *p, int idx, struct sb0 *sb, struct sb0_err *e)
{
	memset(sb, 0, sizeof(*sb));
	e->msg[0] = '\0';
	if (p->nmembers < 1 || p->nmembers > SB0_DISKS)
		return fail(e, "0.90 metadata supports at most %d devices per array (%d given)", SB0_DISKS,
			    p->nmembers);
	if (p->raid_disks < 1 || p->raid_disks > (uint32_t)p->nmembers)
		return fail(e, "raid_disks %u out of range 1..%d", p->raid_disks, p->nmembers);
	if (idx < 0 || idx >= p->nmembers || !p->present[idx])
		return fail(e, "member %d is not a present device", idx);
	sb->big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	sb->major_version = 0;
	sb->minor_version = 90;
	memcpy(sb->set_uuid, p->set_uuid, sizeof(sb->set_uuid));
	sb->ctime = sb->utime = p->ctime;
	sb->level = p->level;
	sb->size = p->size_kib;
	sb->raid_disks = p->raid_disks;
	sb->md_minor = p->md_minor;
	sb->layout = p->layout;
	sb->chunk_size = p->chunk_bytes;
	/* super_90_validate(): CLEAN means in sync (recovery_cp = MaxSector);
	 * otherwise recovery_cp counts only when cp_events equals events */
	sb->state = (p->clean ? SB0_STATE_CLEAN : 0) | (p->bitmap ? SB0_STATE_BITMAP_PRESENT : 0);
	sb->recovery_cp = p->clean ? UINT32_MAX : 0;
	/* mdadm 4.6 starts a 0.90 array at event 1 (observed: its members
	 * count one event more than ones written with 0, after the same use) */
	sb->events = sb->cp_events = 1;
	for (int i = 0; i < p->nmembers; i++)
		if (p->present[i])
			sb->disks[i] = p->disks[i];
	count_disks(p, sb);
	sb->this_disk = sb->disks[idx];
	return 0;
}
