/* --detail --json: one "arrays" entry from a struct md_detail (output.h),
 * with what the text shows and what it hides (per-member offsets and sizes,
 * the kernel's sync position and speed, bitmap chunks, llbitmap counts).
 * Pure. */
#include "json_render.h"
#include "levels.h"
#include <linux/raid/md_p.h>   /* MD_DISK_* state bits of GET_DISK_INFO */
#include <stdlib.h>
#include <string.h>

static bool has_bit(const struct detail_member *m, int bit) { return m->state & (1 << bit); }

/* The words of the text's State column. */
static struct json_object *member_state(const struct detail_member *m)
{
	struct json_object *a = json_object_new_array();
	bool faulty = has_bit(m, MD_DISK_FAULTY), active = has_bit(m, MD_DISK_ACTIVE);
	bool sync = has_bit(m, MD_DISK_SYNC), journal = has_bit(m, MD_DISK_JOURNAL);
	if (faulty)
		jr_push_word(a, "faulty");
	if (active)
		jr_push_word(a, "active");
	if (sync)
		jr_push_word(a, "sync");
	if (has_bit(m, MD_DISK_WRITEMOSTLY))
		jr_push_word(a, "writemostly");
	if (has_bit(m, MD_DISK_FAILFAST))
		jr_push_word(a, "failfast");
	if (journal)
		jr_push_word(a, "journal");
	if (!faulty && !active && !sync && !journal) {
		jr_push_word(a, "spare");
		if (m->raid_disk >= 0)
			jr_push_word(a, "rebuilding");
	}
	return a;
}

static void member_extra(struct json_object *o, const struct detail_member_extra *x)
{
	if (x->have_sysfs) {
		jr_add_u64(o, "data_offset_sectors", x->data_offset);
		jr_add_sectors(o, "data_size", x->data_kib * 2);
		if (x->recovery_start != UINT64_MAX)
			jr_add_u64(o, "recovery_start_sectors", x->recovery_start);
		jr_add_u64(o, "corrected_read_errors", x->errors);
	}
	if (x->have_sb) {
		jr_add_u64(o, "super_offset_sectors", x->super_offset);
		jr_add_u64(o, "events", x->events);
		jr_add_uuid(o, "device_uuid", x->dev_uuid);
		if (x->bblog_size && x->bblog_offset) {
			struct json_object *b = json_object_new_object();
			jr_add_int(b, "offset_sectors", x->bblog_offset);
			jr_add_u64(b, "size_sectors", x->bblog_size);
			json_object_object_add(o, "bad_block_log", b);
		}
	}
}

static struct json_object *member(const struct md_detail *d, const struct detail_member *m)
{
	struct json_object *o = json_object_new_object();
	char path[48];
	/* the text's "-" in Number and RaidDevice */
	if (m->number >= 0)
		jr_add_int(o, "number", m->number);
	jr_add_int(o, "major", m->major);
	jr_add_int(o, "minor", m->minor);
	if (d->inactive) {
		/* every member of an array not started is a spare without state */
	} else {
		if (detail_member_slotted(m)) {
			jr_add_int(o, "raid_device", m->raid_disk);
			char set = detail_r10_set(d, m->raid_disk);
			if (set) {
				char s[2] = { set, '\0' };
				jr_add_word(o, "set", s);
			}
		}
		json_object_object_add(o, "state", member_state(m));
	}
	if (m->kname[0]) {
		snprintf(path, sizeof(path), "/dev/%s", m->kname);
		jr_add_str(o, "device", path);
		jr_add_str(o, "kernel_name", m->kname);
	}
	member_extra(o, &m->x);
	return o;
}

/* Members in the text's table order: slots 0.. in order (numbers ascending
 * within a slot), then the rest by number. */
static int cmp_member(const void *a, const void *b)
{
	const struct detail_member *x = *(const struct detail_member *const *)a;
	const struct detail_member *y = *(const struct detail_member *const *)b;
	long kx = detail_member_slotted(x) ? x->raid_disk : 1L << 20, ky = detail_member_slotted(y) ? y->raid_disk : 1L << 20;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x->number > y->number) - (x->number < y->number);
}

static void members(struct json_object *o, const struct md_detail *d)
{
	const struct detail_member *idx[DETAIL_MAX_MEMBERS];
	struct json_object *a = json_object_new_array(), *miss = json_object_new_array();
	int n = d->nmembers < DETAIL_MAX_MEMBERS ? d->nmembers : DETAIL_MAX_MEMBERS;
	for (int i = 0; i < n; i++)
		idx[i] = &d->m[i];
	if (!d->inactive)
		qsort(idx, (size_t)n, sizeof(idx[0]), cmp_member);
	for (int i = 0; i < n; i++)
		json_object_array_add(a, member(d, idx[i]));
	json_object_object_add(o, "members", a);
	if (d->inactive) {
		json_object_put(miss);
		return;
	}
	/* the text's "removed" rows */
	for (int slot = 0; slot < d->raid_disks; slot++) {
		bool any = false;
		for (int i = 0; i < n && !any; i++)
			any = detail_member_slotted(&d->m[i]) && d->m[i].raid_disk == slot;
		if (!any)
			json_object_array_add(miss, json_object_new_int(slot));
	}
	json_object_object_add(o, "missing_slots", miss);
}

static const char *sync_word(enum sync_kind k)
{
	switch (k) {
	case SYNC_RESYNC: return "resyncing";
	case SYNC_RECOVER: return "recovering";
	case SYNC_RESHAPE: return "reshaping";
	case SYNC_CHECK: return "checking";
	default: return NULL;
	}
}

/* "clean, degraded, recovering" as words. */
static struct json_object *array_state(const struct md_detail *d)
{
	struct json_object *a = json_object_new_array();
	jr_push_word(a, d->clean ? "clean" : "active");
	if (!detail_enough(d))
		jr_push_word(a, "failed");
	else if (d->active_devices < d->raid_disks)
		jr_push_word(a, "degraded");
	if (sync_word(d->sync))
		jr_push_word(a, sync_word(d->sync));
	return a;
}

/* The running sync action: /proc/mdstat's view (as the text) and sysfs's. */
static void sync_info(struct json_object *o, const struct md_detail *d)
{
	static const char *const kinds[] = {
		[SYNC_RESYNC] = "resync", [SYNC_RECOVER] = "recovery", [SYNC_RESHAPE] = "reshape",
		[SYNC_CHECK] = "check",
	};
	const struct md_sync *k = &d->ksync;
	if (d->sync == SYNC_NONE && !k->running)
		return;
	struct json_object *s = json_object_new_object();
	if (d->sync != SYNC_NONE) {
		jr_add_word(s, "kind", kinds[d->sync]);
		jr_add_word(s, "status", d->sync_wait == SYNC_DELAYED ? "delayed" :
			    d->sync_wait == SYNC_PENDING ? "pending" : "running");
		if (d->sync_wait == SYNC_RUNNING)
			jr_add_int(s, "percent", d->sync_percent);
	}
	if (k->action[0])
		jr_add_str(s, "action", k->action);
	if (k->running) {
		jr_add_u64(s, "completed_sectors", k->done);
		jr_add_u64(s, "total_sectors", k->total);
		jr_add_u64(s, "speed_kib_per_second", k->speed_kib);
	}
	json_object_object_add(o, "sync", s);
}

static void reshape_info(struct json_object *o, const struct md_detail *d)
{
	if (!d->reshaping)
		return;
	struct json_object *r = json_object_new_object();
	if (d->x.reshape_position != UINT64_MAX && d->x.have)
		jr_add_u64(r, "position_sectors", d->x.reshape_position);
	jr_add_int(r, "previous_raid_devices", d->prev_raid_disks);
	jr_add_int(r, "delta_devices", d->raid_disks - d->prev_raid_disks);
	jr_add_level(r, "new_level", d->new_level);
	jr_add_layout(r, "new_layout", d->new_level, d->new_layout);
	jr_add_u64(r, "new_chunk_size_bytes", (uint64_t)d->new_chunk_kib << 10);
	json_object_object_add(o, "reshape", r);
}

static void bitmap_info(struct json_object *o, const struct md_detail *d)
{
	if (!d->bitmap)
		return;
	struct json_object *b = json_object_new_object();
	jr_add_word(b, "type", d->llbitmap ? "llbitmap" : "internal");
	if (d->x.bitmap_chunk_bytes)
		jr_add_u64(b, "chunk_size_bytes", d->x.bitmap_chunk_bytes);
	if (d->x.bitmap_chunks)
		jr_add_u64(b, "chunks", d->x.bitmap_chunks);
	if (d->x.have_llb_counts) {
		struct json_object *c = json_object_new_object();
		for (unsigned i = 0; i < LLB_STATE_COUNT; i++)
			jr_add_u64(c, jr_llb_key(i), d->x.llb_counts[i]);
		json_object_object_add(b, "chunk_states", c);
	}
	json_object_object_add(o, "bitmap", b);
}

/* Name, UUID and events from a member's superblock. */
static void identity(struct json_object *o, const struct md_detail *d)
{
	if (!d->have_sb)
		return;
	if (d->name[0]) {
		size_t hl = strnlen(d->homehost, sizeof(d->homehost));
		jr_add_bytes(o, "name", d->name, sizeof(d->name) - 1);
		jr_add_bool(o, "local", hl && !strncmp(d->name, d->homehost, hl) && d->name[hl] == ':');
	}
	jr_add_uuid(o, "uuid", d->uuid);
	jr_add_u64(o, "events", d->events);
}

static void counts(struct json_object *o, const struct md_detail *d)
{
	jr_add_int(o, "raid_devices", d->raid_disks);
	jr_add_int(o, "total_devices", d->total_devices);
	jr_add_int(o, "active_devices", d->active_devices);
	jr_add_int(o, "working_devices", d->working_devices);
	jr_add_int(o, "failed_devices", d->failed_devices);
	jr_add_int(o, "spare_devices", d->spare_devices);
}

static void geometry(struct json_object *o, const struct md_detail *d)
{
	jr_add_sectors(o, "array_size", d->array_kib * 2);
	if (d->used_dev_kib)
		jr_add_sectors(o, "used_device_size", d->used_dev_kib * 2);
	if (d->logical_block_size)
		jr_add_u64(o, "logical_block_size_bytes", d->logical_block_size);
	if (d->level == 0 || d->level == 4 || d->level == 5 || d->level == 6 || d->level == 10) {
		jr_add_layout(o, "layout", d->level, d->layout);
		jr_add_u64(o, "chunk_size_bytes", (uint64_t)d->chunk_kib << 10);
	} else if (d->level == LEVEL_LINEAR) {
		jr_add_u64(o, "rounding_bytes", (uint64_t)d->chunk_kib << 10);
	}
	if (d->consistency[0])
		jr_add_str(o, "consistency_policy", d->consistency);
}

static void running(struct json_object *o, const struct md_detail *d)
{
	jr_add_time(o, "creation_time", d->ctime);
	jr_add_time(o, "update_time", d->utime);
	geometry(o, d);
	counts(o, d);
	jr_add_bool(o, "persistent", d->persistent);
	json_object_object_add(o, "state", array_state(d));
	bitmap_info(o, d);
	sync_info(o, d);
	reshape_info(o, d);
	if (d->x.have) {
		if (d->x.resync_start != UINT64_MAX)
			jr_add_u64(o, "resync_start_sectors", d->x.resync_start);
		if (d->have_mismatches)
			jr_add_u64(o, "mismatches", d->mismatches);
		if (d->degraded >= 0)
			jr_add_int(o, "degraded_slots", d->degraded);
	}
}

struct json_object *jr_detail(const struct md_detail *d)
{
	struct json_object *o = json_object_new_object();
	char link[80];
	jr_add_str(o, "device", d->devpath);
	jr_add_str(o, "kernel_name", d->kname);
	if (d->link[0]) {
		snprintf(link, sizeof(link), "/dev/md/%s", d->link);
		jr_add_str(o, "link", link);
	}
	if (d->metadata[0])
		jr_add_str(o, "metadata_version", d->metadata);
	jr_add_bool(o, "active", !d->inactive);
	jr_add_level(o, "level", d->level);
	if (d->inactive) {
		jr_add_int(o, "total_devices", d->total_devices);
		jr_add_int(o, "active_devices", d->active_devices);
		jr_add_int(o, "working_devices", d->working_devices);
		jr_add_int(o, "failed_devices", d->failed_devices);
		jr_add_int(o, "spare_devices", d->spare_devices);
		jr_add_bool(o, "persistent", d->persistent);
		struct json_object *st = json_object_new_array();
		jr_push_word(st, "inactive");
		json_object_object_add(o, "state", st);
	} else {
		running(o, d);
	}
	identity(o, d);
	members(o, d);
	return o;
}
