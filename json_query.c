/* --query --json: one "devices" entry per device: the md array's summary
 * (the text's size, level, devices and spares), or the member's place in its
 * array, or neither. Pure. */
#include "json_render.h"

static void array_summary(struct json_object *o, const struct md_detail *d)
{
	struct json_object *a = json_object_new_object();
	jr_add_bool(a, "active", !d->inactive);
	if (!d->inactive) {
		jr_add_sectors(a, "array_size", d->array_kib * 2);
		jr_add_level(a, "level", d->level);
		jr_add_int(a, "raid_devices", d->raid_disks);
		/* spares as the text counts them: working members not in sync */
		jr_add_int(a, "spare_devices", d->working_devices - d->active_devices);
	}
	json_object_object_add(o, "array", a);
}

static void member_place(struct json_object *o, const struct jr_query_member *m)
{
	static const char *const act[] = {
		[JQ_INACTIVE] = "inactive", [JQ_UNDETECTED] = "undetected",
		[JQ_ACTIVE] = "active", [JQ_MISMATCH] = "mismatch",
	};
	struct json_object *p = json_object_new_object();
	jr_add_u64(p, "device_number", m->sb->dev_number);
	jr_add_u64(p, "raid_devices", m->sb->raid_disks);
	jr_add_level(p, "level", m->sb->level);
	jr_add_word(p, "activity", act[m->activity]);
	if (m->array)
		jr_add_str(p, "array", m->array);
	jr_add_uuid(p, "array_uuid", m->sb->set_uuid);
	json_object_object_add(o, "member", p);
}

struct json_object *jr_query(const char *path, const struct md_detail *d, const struct jr_query_member *m)
{
	struct json_object *o = json_object_new_object();
	jr_add_str(o, "device", path);
	jr_add_bool(o, "is_array", d != NULL);
	if (d)
		array_summary(o, d);
	if (m)
		member_place(o, m);
	return o;
}
