/* Monitor events from two snapshots of one array. Pure: no I/O. */
#include "monitor_events.h"
#include <stdio.h>
#include <string.h>
#include <syslog.h>

struct sink {
	struct mon_alert *out;
	int n, max;
};

static void emit(struct sink *s, enum mon_event ev, const char *member, const char *detail, int step)
{
	if (s->n >= s->max)
		return;
	struct mon_alert *a = &s->out[s->n++];
	memset(a, 0, sizeof(*a));
	a->ev = ev;
	a->step = step;
	if (member)
		snprintf(a->member, sizeof(a->member), "/dev/%s", member);
	if (detail)
		snprintf(a->detail, sizeof(a->detail), "%s", detail);
}

static const struct mon_member *find_member(const struct mon_snap *s, const struct mon_member *m)
{
	for (int i = 0; i < s->nm; i++)
		if (s->m[i].major == m->major && s->m[i].minor == m->minor)
			return &s->m[i];
	return NULL;
}

static bool active_member(const struct mon_member *m)
{
	return m->in_sync && !m->faulty && m->slot >= 0;
}

/* A member that was working and is now faulty or gone failed; one that was
 * a spare (or rebuilding) and now holds a slot in sync became active. */
static void member_events(const struct mon_snap *old, const struct mon_snap *now, struct sink *s)
{
	for (int i = 0; i < old->nm; i++) {
		const struct mon_member *o = &old->m[i];
		const struct mon_member *n = find_member(now, o);
		if (o->faulty)
			continue;
		/* Failed and removed between two looks: still a failure. */
		if ((!n && o->in_sync) || (n && n->faulty))
			emit(s, o->in_sync ? EV_FAIL : EV_FAIL_SPARE, o->kname, NULL, 0);
	}
	for (int i = 0; i < now->nm; i++) {
		const struct mon_member *n = &now->m[i];
		const struct mon_member *o = find_member(old, n);
		if (active_member(n) && (!o || !active_member(o)))
			emit(s, EV_SPARE_ACTIVE, n->kname, NULL, 0);
	}
}

static const char *sync_word(enum mon_sync k)
{
	static const char *const w[] = { "idle", "resync", "recovery", "check", "repair", "reshape" };
	return (unsigned)k < sizeof(w) / sizeof(w[0]) ? w[k] : "sync";
}

static void sync_events(const struct mon_snap *old, const struct mon_snap *now, int increment,
			struct sink *s)
{
	char detail[64];
	if (old->sync == MON_IDLE && now->sync != MON_IDLE)
		emit(s, EV_REBUILD_STARTED, NULL, sync_word(now->sync), 0);
	if (now->sync != MON_IDLE && now->percent >= 0 && increment > 0) {
		int was = old->sync != MON_IDLE && old->percent > 0 ? old->percent : 0;
		int step = now->percent / increment * increment;
		if (step > was / increment * increment && step > 0 && step < 100)
			emit(s, EV_REBUILD_NN, NULL, sync_word(now->sync), step);
	}
	if (old->sync != MON_IDLE && now->sync == MON_IDLE) {
		detail[0] = '\0';
		if (old->sync == MON_CHECK || old->sync == MON_REPAIR)
			snprintf(detail, sizeof(detail), "%s found %llu mismatches", sync_word(old->sync),
				 (unsigned long long)now->mismatches);
		else
			snprintf(detail, sizeof(detail), "%s", sync_word(old->sync));
		emit(s, EV_REBUILD_FINISHED, NULL, detail, 0);
	}
}

static bool spares_short(const struct mon_snap *s)
{
	return s->expected_spares > 0 && s->spares < s->expected_spares;
}

int mon_diff(const struct mon_snap *old, const struct mon_snap *now, int increment,
	     struct mon_alert *out, int max)
{
	struct sink s = { out, 0, max };
	if (!now->active)
		return 0;
	/* Seen for the first time (or just started): standing problems only. */
	if (!old || !old->active) {
		if (now->degraded > 0)
			emit(&s, EV_DEGRADED_ARRAY, NULL, NULL, 0);
		if (spares_short(now))
			emit(&s, EV_SPARES_MISSING, NULL, NULL, 0);
		return s.n;
	}
	member_events(old, now, &s);
	if (old->degraded == 0 && now->degraded > 0)
		emit(&s, EV_DEGRADED_ARRAY, NULL, NULL, 0);
	if (!spares_short(old) && spares_short(now))
		emit(&s, EV_SPARES_MISSING, NULL, NULL, 0);
	sync_events(old, now, increment, &s);
	return s.n;
}

static const char *const names[] = {
	[EV_NEW_ARRAY] = "NewArray", [EV_DEVICE_DISAPPEARED] = "DeviceDisappeared",
	[EV_DEGRADED_ARRAY] = "DegradedArray", [EV_SPARES_MISSING] = "SparesMissing",
	[EV_FAIL] = "Fail", [EV_FAIL_SPARE] = "FailSpare", [EV_SPARE_ACTIVE] = "SpareActive",
	[EV_REBUILD_STARTED] = "RebuildStarted", [EV_REBUILD_NN] = "Rebuild",
	[EV_REBUILD_FINISHED] = "RebuildFinished", [EV_TEST_MESSAGE] = "TestMessage",
	[EV_MOVE_SPARE] = "MoveSpare",
};

const char *mon_event_name(const struct mon_alert *a, char *buf, unsigned n)
{
	const char *name = (unsigned)a->ev < sizeof(names) / sizeof(names[0]) ? names[a->ev] : "Unknown";
	if (a->ev == EV_REBUILD_NN)
		snprintf(buf, n, "%s%d", name, a->step);
	else
		snprintf(buf, n, "%s", name);
	return buf;
}

bool mon_event_mails(enum mon_event ev)
{
	return ev == EV_FAIL || ev == EV_FAIL_SPARE || ev == EV_DEGRADED_ARRAY ||
	       ev == EV_SPARES_MISSING || ev == EV_TEST_MESSAGE;
}

int mon_event_priority(enum mon_event ev)
{
	switch (ev) {
	case EV_FAIL: case EV_FAIL_SPARE: case EV_DEGRADED_ARRAY:
		return LOG_CRIT;
	case EV_SPARES_MISSING: case EV_DEVICE_DISAPPEARED: case EV_MOVE_SPARE:
		return LOG_WARNING;
	default:
		return LOG_INFO;
	}
}
