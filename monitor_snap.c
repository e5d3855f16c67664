/* A monitor snapshot of one array, from sysfs only: the monitor never opens
 * the md device, so it cannot make a --stop fail with EBUSY (md.c
 * do_md_stop() refuses while the device has other openers). */
#include "levels.h"
#include "monitor_events.h"
#include "mdstate.h"
#include "output.h"
#include "sysfs.h"
#include "uuid.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is word one of the comma-separated words of list (md/dev-X/state)? */
static bool has_word(const char *list, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == wl && !strncmp(p, word, wl))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* md/sync_action names what runs or is wanted; only count it while
 * sync_completed shows a running sync (md.c sync_completed_show()), so a
 * recovery that is requested and found unneeded is not an event. */
static void read_sync(const char *kname, struct mon_snap *s)
{
	static const struct { const char *w; enum mon_sync k; } acts[] = {
		{ "resync", MON_RESYNC }, { "recover", MON_RECOVER }, { "check", MON_CHECK },
		{ "repair", MON_REPAIR }, { "reshape", MON_RESHAPE },
	};
	char act[32], done[64];
	unsigned long long a, b;
	s->sync = MON_IDLE;
	s->percent = -1;
	if (sysfs_md_get(kname, "sync_completed", done, sizeof(done)) < 0 || !strcmp(done, "none") ||
	    sysfs_md_get(kname, "sync_action", act, sizeof(act)) < 0)
		return;
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (!strcmp(act, acts[i].w))
			s->sync = acts[i].k;
	if (s->sync != MON_IDLE && sscanf(done, "%llu / %llu", &a, &b) == 2 && b > 0 && a <= b)
		s->percent = (int)(a * 100 / b);
}

static void read_members(const char *kname, struct mon_snap *s)
{
	struct sysfs_member *sm = calloc(MON_MAX_MEMBERS, sizeof(*sm));
	int n = sm ? sysfs_md_members(kname, sm, MON_MAX_MEMBERS) : -1;
	s->nm = 0;
	s->spares = 0;
	for (int i = 0; i < n; i++) {
		struct mon_member *m = &s->m[s->nm++];
		char buf[64];
		snprintf(m->kname, sizeof(m->kname), "%s", sm[i].name);
		m->major = sm[i].major;
		m->minor = sm[i].minor;
		m->slot = sm[i].slot;
		m->faulty = has_word(sm[i].state, "faulty");
		m->in_sync = has_word(sm[i].state, "in_sync");
		m->kib = 0;
		if (sysfs_block_get(m->kname, "size", buf, sizeof(buf)) == 0)
			m->kib = strtoull(buf, NULL, 10) / 2;
		if (!m->faulty && m->slot < 0 && !has_word(sm[i].state, "journal"))
			s->spares++;
	}
	free(sm);
}

int mon_snap_read(const char *kname, struct mon_snap *s)
{
	char buf[128];
	uint64_t v;
	memset(s, 0, sizeof(*s));
	s->expected_spares = -1;
	snprintf(s->kname, sizeof(s->kname), "%s", kname);
	if (sysfs_md_get(kname, "array_state", buf, sizeof(buf)) < 0)
		return -1;
	s->active = strcmp(buf, "clear") && strcmp(buf, "inactive");
	if (md_link_name(kname, buf, sizeof(buf)) == 0)
		snprintf(s->path, sizeof(s->path), "/dev/md/%.50s", buf);
	else
		snprintf(s->path, sizeof(s->path), "/dev/%s", kname);
	s->level = LEVEL_UNKNOWN;
	if (sysfs_md_get(kname, "level", buf, sizeof(buf)) == 0 && buf[0])
		s->level = level_parse(buf);
	if (sysfs_md_get(kname, "raid_disks", buf, sizeof(buf)) == 0)
		s->raid_disks = atoi(buf);
	if (sysfs_md_get_u64(kname, "degraded", &v) == 0)
		s->degraded = (int)v;
	if (sysfs_md_get_u64(kname, "mismatch_cnt", &v) == 0)
		s->mismatches = v;
	if (sysfs_md_get_u64(kname, "component_size", &v) == 0)
		s->component_kib = v;
	s->has_uuid = sysfs_md_get(kname, "uuid", buf, sizeof(buf)) == 0 && uuid_parse(buf, s->uuid) == 0 &&
		      !uuid_is_zero(s->uuid);
	read_sync(kname, s);
	read_members(kname, s);
	return 0;
}
