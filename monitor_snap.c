/* A monitor snapshot of one array, taken from the array-state model
 * (mdstate.c) over sysfs alone: the monitor never opens the md device, so it
 * cannot make a --stop fail with EBUSY (md.c do_md_stop() refuses while the
 * device has other openers). */
#include "levels.h"
#include "mdstate.h"
#include "monitor_events.h"
#include <linux/raid/md_p.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* md/sync_action names what runs or is wanted; only count it while
 * sync_completed shows a running sync (md.c sync_completed_show()), so a
 * recovery that is requested and found unneeded is not an event. */
static void snap_sync(const struct md_sync *k, struct mon_snap *s)
{
	static const struct { const char *w; enum mon_sync k; } acts[] = {
		{ "resync", MON_RESYNC }, { "recover", MON_RECOVER }, { "check", MON_CHECK },
		{ "repair", MON_REPAIR }, { "reshape", MON_RESHAPE },
	};
	s->sync = MON_IDLE;
	s->percent = -1;
	if (!k->running)
		return;
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (!strcmp(k->action, acts[i].w))
			s->sync = acts[i].k;
	if (s->sync != MON_IDLE && k->total > 0 && k->done <= k->total)
		s->percent = (int)(k->done * 100 / k->total);
}

static void snap_members(const struct md_detail *d, struct mon_snap *s)
{
	s->nm = 0;
	s->spares = 0;
	for (int i = 0; i < d->nmembers && s->nm < MON_MAX_MEMBERS; i++) {
		const struct detail_member *dm = &d->m[i];
		struct mon_member *m = &s->m[s->nm++];
		snprintf(m->kname, sizeof(m->kname), "%s", dm->kname);
		m->major = (unsigned)dm->major;
		m->minor = (unsigned)dm->minor;
		m->slot = dm->raid_disk;
		m->faulty = dm->state & (1 << MD_DISK_FAULTY);
		m->in_sync = dm->state & (1 << MD_DISK_SYNC);
		m->kib = dm->dev_kib;
		if (!m->faulty && m->slot < 0 && !(dm->state & (1 << MD_DISK_JOURNAL)))
			s->spares++;
	}
}

int mon_snap_read(const char *kname, struct mon_snap *s)
{
	struct md_detail *d = calloc(1, sizeof(*d));
	char link[64];
	memset(s, 0, sizeof(*s));
	s->expected_spares = -1;
	snprintf(s->kname, sizeof(s->kname), "%s", kname);
	if (!d || mdstate_gather(kname, &mdstate_sysfs_only, d) < 0) {
		free(d);
		return -1;
	}
	s->active = !d->inactive;
	if (md_link_name(kname, link, sizeof(link)) == 0)
		snprintf(s->path, sizeof(s->path), "/dev/md/%.50s", link);
	else
		snprintf(s->path, sizeof(s->path), "/dev/%s", kname);
	s->level = d->level;
	s->raid_disks = d->raid_disks;
	s->degraded = d->degraded < 0 ? 0 : d->degraded;
	s->mismatches = d->mismatches;
	s->component_kib = d->used_dev_kib;
	s->has_uuid = d->have_kernel_uuid;
	memcpy(s->uuid, d->kernel_uuid, 16);
	snap_sync(&d->ksync, s);
	snap_members(d, s);
	free(d);
	return 0;
}
