/* --examine --json of a 0.90 member: one "devices" entry from a struct
 * examine0_input (output_examine0.h) with every field of mdadm's text and
 * what it leaves out (byte order, resync point, superblock offset). The
 * names follow the v1.x entry where the meaning is the same; the schema
 * tells the two apart by metadata_version. Pure. */
#include "json_render.h"
#include "levels.h"
#include "output_examine0.h"

/* One descriptor (md_p.h mdp_disk_t): its numbers and state as words. */
static struct json_object *descriptor(const struct sb0_disk *d, const char *name)
{
	struct json_object *o = json_object_new_object();
	jr_add_u64(o, "number", d->number);
	jr_add_u64(o, "major", d->major);
	jr_add_u64(o, "minor", d->minor);
	jr_add_u64(o, "raid_disk", d->raid_disk);
	struct json_object *st = json_object_new_array();
	static const struct { uint32_t bit; const char *word; } bits[] = {
		{ SB0_DISK_FAULTY, "faulty" }, { SB0_DISK_ACTIVE, "active" }, { SB0_DISK_SYNC, "sync" },
		{ SB0_DISK_REMOVED, "removed" }, { SB0_DISK_WRITEMOSTLY, "write-mostly" },
		{ SB0_DISK_FAILFAST, "failfast" },
	};
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (d->state & bits[i].bit)
			jr_push_word(st, bits[i].word);
	/* the text's "spare": none of faulty, active, sync, removed */
	if (!(d->state & (SB0_DISK_FAULTY | SB0_DISK_ACTIVE | SB0_DISK_SYNC | SB0_DISK_REMOVED)))
		jr_push_word(st, "spare");
	json_object_object_add(o, "state", st);
	if (name)
		jr_add_str(o, "device", name);
	return o;
}

static void identity0(struct json_object *o, const struct examine0_input *in)
{
	const struct sb0 *sb = in->sb;
	uint8_t u[16];
	char v[40];
	jr_add_u64(o, "magic", SB0_MAGIC);
	jr_add_word(o, "metadata_version", "0.90");
	snprintf(v, sizeof(v), "%u.%02u.%02u", sb->major_version, sb->minor_version, sb->patch_version);
	jr_add_word(o, "superblock_version", v);
	jr_add_word(o, "byte_order", sb->big_endian ? "big-endian" : "little-endian");
	sb0_uuid_bytes(sb, u);
	jr_add_uuid(o, "array_uuid", u);
	jr_add_bool(o, "local", sb0_uuid_is_local(sb, in->homehost));
	jr_add_time(o, "creation_time", sb->ctime);
	jr_add_time(o, "update_time", sb->utime);
	jr_add_u64(o, "events", sb->events);
	jr_add_u64(o, "checksum", sb->sb_csum);
	jr_add_u64(o, "checksum_expected", sb->csum_computed);
	jr_add_bool(o, "checksum_correct", sb0_csum_matches(sb->sb_csum, sb->csum_computed));
	jr_add_u64(o, "preferred_minor", sb->md_minor);
}

static void geometry0(struct json_object *o, const struct sb0 *sb)
{
	uint64_t kib;
	jr_add_level(o, "level", sb->level);
	jr_add_int(o, "level_number", sb->level);
	jr_add_u64(o, "raid_devices", sb->raid_disks);
	jr_add_u64(o, "total_devices", sb->nr_disks);
	if (level_has_chunk(sb->level)) {
		jr_add_layout(o, "layout", sb->level, sb->layout);
		jr_add_u64(o, "chunk_size_bytes", sb->chunk_size);
	} else if (sb->level == LEVEL_LINEAR) {
		jr_add_u64(o, "rounding_bytes", sb->chunk_size);
	}
	jr_add_sectors(o, "used_device_size", (uint64_t)sb->size * 2);
	if (sb0_array_kib(sb, &kib)) {
		jr_add_u64(o, "array_size_sectors", kib * 2);
		jr_add_u64(o, "array_size_bytes", kib * 1024);
	}
}

static void state0(struct json_object *o, const struct examine0_input *in)
{
	const struct sb0 *sb = in->sb;
	if (in->dev_sectors) {
		jr_add_u64(o, "device_size_sectors", in->dev_sectors);
		uint64_t at = sb0_offset(in->dev_sectors);
		if (at != UINT64_MAX)
			jr_add_u64(o, "super_offset_sectors", at);
	}
	struct json_object *st = json_object_new_array();
	jr_push_word(st, sb->state & SB0_STATE_CLEAN ? "clean" : "active");
	if (sb->state & SB0_STATE_ERRORS)
		jr_push_word(st, "errors");
	json_object_object_add(o, "state", st);
	/* super_90_validate() takes recovery_cp only from an unclean superblock */
	if (!(sb->state & SB0_STATE_CLEAN) && sb->recovery_cp != 0xffffffffU)
		jr_add_u64(o, "resync_offset_sectors", sb->recovery_cp);
	jr_add_bool(o, "bitmap_present", sb->state & SB0_STATE_BITMAP_PRESENT);
	if (sb->state & SB0_STATE_BITMAP_PRESENT)
		jr_add_u64(o, "bitmap_offset_sectors", SB0_BITMAP_OFFSET);
	jr_add_u64(o, "active_devices", sb->active_disks);
	jr_add_u64(o, "working_devices", sb->working_disks);
	jr_add_u64(o, "failed_devices", sb->failed_disks);
	jr_add_u64(o, "spare_devices", sb->spare_disks);
	if (sb->minor_version == 91) {
		json_object_object_add(o, "reshape", jr_reshape_new(&(struct jr_reshape){
			.position_sectors = sb->reshape_position, .delta_devices = sb->delta_disks,
			.raid_devices = sb->raid_disks, .level = sb->level, .new_level = sb->new_level,
			.new_layout = sb->new_layout, .new_chunk_bytes = sb->new_chunk }));
	}
}

struct json_object *jr_examine0(const struct examine0_input *in)
{
	const struct sb0 *sb = in->sb;
	struct json_object *o = json_object_new_object();
	jr_add_str(o, "device", in->path);
	identity0(o, in);
	geometry0(o, sb);
	state0(o, in);
	json_object_object_add(o, "this_device", descriptor(&sb->this_disk, in->this_name));
	/* the text's rows: raid_disks + spare_disks, never more than 27 */
	struct json_object *a = json_object_new_array();
	uint64_t rows = (uint64_t)sb->raid_disks + sb->spare_disks;
	for (uint64_t i = 0; i < rows && i < SB0_DISKS; i++)
		json_object_array_add(a, descriptor(&sb->disks[i], in->disk_names[i]));
	json_object_object_add(o, "descriptors", a);
	return o;
}
