/* --monitor --json: one compact object per event, with the array's snapshot
 * (struct mon_snap, monitor_events.h) as the monitor saw it. Pure. */
#include "json_render.h"

static const char *sync_name(enum mon_sync k)
{
	static const char *const names[] = {
		[MON_IDLE] = "idle", [MON_RESYNC] = "resync", [MON_RECOVER] = "recover",
		[MON_CHECK] = "check", [MON_REPAIR] = "repair", [MON_RESHAPE] = "reshape",
	};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "idle";
}

static struct json_object *member(const struct mon_member *m)
{
	struct json_object *o = json_object_new_object();
	char path[48];
	snprintf(path, sizeof(path), "/dev/%s", m->kname);
	jr_add_str(o, "device", path);
	jr_add_int(o, "major", m->major);
	jr_add_int(o, "minor", m->minor);
	if (m->slot >= 0)
		jr_add_int(o, "raid_device", m->slot);
	struct json_object *st = json_object_new_array();
	if (m->faulty)
		jr_push_word(st, "faulty");
	if (m->in_sync)
		jr_push_word(st, "in_sync");
	if (!m->faulty && m->slot < 0)
		jr_push_word(st, "spare");
	json_object_object_add(o, "state", st);
	jr_add_sectors(o, "size", m->kib * 2);
	return o;
}

static struct json_object *snapshot(const struct mon_snap *s)
{
	struct json_object *o = json_object_new_object();
	jr_add_str(o, "device", s->path);
	jr_add_str(o, "kernel_name", s->kname);
	if (s->has_uuid)
		jr_add_uuid(o, "uuid", s->uuid);
	jr_add_level(o, "level", s->level);
	jr_add_bool(o, "active", s->active);
	jr_add_int(o, "raid_devices", s->raid_disks);
	jr_add_int(o, "degraded_slots", s->degraded);
	jr_add_int(o, "spare_devices", s->spares);
	if (s->expected_spares >= 0)
		jr_add_int(o, "expected_spares", s->expected_spares);
	struct json_object *sy = json_object_new_object();
	jr_add_word(sy, "action", sync_name(s->sync));
	if (s->percent >= 0)
		jr_add_int(sy, "percent", s->percent);
	json_object_object_add(o, "sync", sy);
	jr_add_u64(o, "mismatches", s->mismatches);
	jr_add_sectors(o, "component_size", s->component_kib * 2);
	struct json_object *a = json_object_new_array();
	for (int i = 0; i < s->nm && i < MON_MAX_MEMBERS; i++)
		json_object_array_add(a, member(&s->m[i]));
	json_object_object_add(o, "members", a);
	return o;
}

struct json_object *jr_monitor_event(const char *array, const struct mon_alert *a,
				     const struct mon_snap *s, uint64_t now)
{
	char name[32];
	struct json_object *o = jr_doc_new("monitor", NULL);
	if (!o)
		return NULL;
	jr_add_word(o, "event", mon_event_name(a, name, sizeof(name)));
	if (a->ev == EV_REBUILD_NN)
		jr_add_int(o, "percent", a->step);
	jr_add_str(o, "array", array);
	if (a->member[0])
		jr_add_str(o, "member", a->member);
	if (a->detail[0])
		jr_add_str(o, "detail", a->detail);
	jr_add_time(o, "time", now);
	if (s)
		json_object_object_add(o, "state", snapshot(s));
	return o;
}
