/* --examine --json: one "devices" entry from a struct examine_input
 * (output.h): every field of the text, plus what it leaves out (the bitmap
 * header's numbers, the resync offset, the roles of all devices). Pure. */
#include "json_render.h"
#include "levels.h"
#include <string.h>

/* feature_map bits by name (md_p.h MD_FEATURE_*, lower case). */
static struct json_object *features(uint32_t map)
{
	static const char *const names[] = {
		"bitmap_offset", "recovery_offset", "reshape_active", "bad_blocks", "replacement",
		"reshape_backwards", "new_offset", "recovery_bitmap", "clustered", "journal", "ppl",
		"multiple_ppls", "raid0_layout",
	};
	struct json_object *a = json_object_new_array();
	for (unsigned b = 0; b < 32; b++) {
		if (!(map & (1U << b)))
			continue;
		if (b < sizeof(names) / sizeof(names[0])) {
			jr_push_word(a, names[b]);
		} else {
			char w[16];
			snprintf(w, sizeof(w), "bit%u", b);
			jr_push_word(a, w);
		}
	}
	return a;
}

/* The Array State letters as words, one per slot. */
static void array_state(struct json_object *o, const struct sb1 *sb)
{
	char st[SB1_MAX_DEV + 1];
	bool bad = fmt_array_state(sb, st, sizeof(st));
	struct json_object *a = json_object_new_array();
	for (const char *c = st; *c; c++)
		jr_push_word(a, *c == 'A' ? "active" : *c == 'R' ? "replacing" : *c == '.' ? "missing" : "conflict");
	json_object_object_add(o, "array_state", a);
	jr_add_bool(o, "array_state_consistent", !bad);
	/* what the text's inconsistency warning lists, for every device that has a role */
	struct json_object *roles = json_object_new_array();
	uint32_t max = sb->max_dev < SB1_MAX_DEV ? sb->max_dev : SB1_MAX_DEV;
	for (uint32_t i = 0; i < max; i++) {
		uint16_t r = sb->dev_roles[i];
		if (r == SB1_ROLE_SPARE)
			continue;
		struct json_object *e = json_object_new_object();
		jr_add_int(e, "device_number", i);
		if (r == SB1_ROLE_FAULTY || r == SB1_ROLE_JOURNAL) {
			jr_add_word(e, "role", r == SB1_ROLE_FAULTY ? "faulty" : "journal");
		} else {
			jr_add_word(e, "role", "active");
			jr_add_int(e, "slot", r);
		}
		json_object_array_add(roles, e);
	}
	json_object_object_add(o, "device_roles", roles);
}

static void device_role(struct json_object *o, const struct sb1 *sb, uint16_t role)
{
	jr_add_int(o, "device_number", sb->dev_number);
	if (role == SB1_ROLE_SPARE) {
		jr_add_word(o, "device_role", "spare");
	} else if (role == SB1_ROLE_FAULTY) {
		jr_add_word(o, "device_role", "faulty");
	} else if (role == SB1_ROLE_JOURNAL) {
		jr_add_word(o, "device_role", "journal");
	} else {
		jr_add_word(o, "device_role", sb->feature_map & SB1_FEAT_REPLACEMENT ? "replacement" : "active");
		jr_add_int(o, "device_slot", role);
	}
}

static void sizes(struct json_object *o, const struct examine_input *in, uint16_t role)
{
	const struct sb1 *sb = in->sb;
	uint64_t abytes, before;
	int64_t after;
	jr_add_sectors(o, "avail_device_size", sb->data_size);
	if (examine_array_bytes(sb, &abytes)) {
		jr_add_u64(o, "array_size_sectors", abytes / 512);
		jr_add_u64(o, "array_size_bytes", abytes);
	}
	jr_add_sectors(o, "used_device_size", sb->size);
	jr_add_u64(o, "device_size_sectors", in->dev_sectors);
	jr_add_u64(o, "data_offset_sectors", sb->data_offset);
	if (sb->feature_map & SB1_FEAT_NEW_OFFSET)
		jr_add_int(o, "new_offset_sectors", (int64_t)sb->data_offset + sb->new_offset);
	jr_add_u64(o, "super_offset_sectors", sb->super_offset);
	if (sb->feature_map & SB1_FEAT_RECOVERY_OFFSET)
		jr_add_u64(o, "recovery_offset_sectors", sb->recovery_offset);
	/* the text leaves Unused Space out while a data offset change is pending */
	if (!(sb->feature_map & SB1_FEAT_NEW_OFFSET)) {
		examine_unused_space(in, role, &before, &after);
		struct json_object *u = json_object_new_object();
		jr_add_u64(u, "before_sectors", before);
		jr_add_int(u, "after_sectors", after);
		json_object_object_add(o, "unused_space", u);
	}
	if (sb->resync_offset != UINT64_MAX)
		jr_add_u64(o, "resync_offset_sectors", sb->resync_offset);
}

static void bitmap_ppl(struct json_object *o, const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	if ((sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && in->bitmap_ok) {
		struct json_object *b = json_object_new_object();
		jr_add_int(b, "offset_sectors", sb->bitmap_offset);
		jr_add_u64(b, "version", in->bitmap_version);
		/* llbitmap headers count the chunk in sectors, the others in bytes */
		uint64_t chunk = in->bitmap_version == BITMAP_V_LOCKLESS ? (uint64_t)in->bitmap_chunksize * 512
									 : in->bitmap_chunksize;
		jr_add_u64(b, "chunk_size_bytes", chunk);
		jr_add_u64(b, "sync_size_sectors", in->bitmap_sync_size);
		json_object_object_add(o, "bitmap", b);
		if ((sb->feature_map & SB1_FEAT_CLUSTERED) && in->cluster_name && in->cluster_name[0])
			jr_add_bytes(o, "cluster_name", in->cluster_name, 64);
	}
	if (sb->feature_map & SB1_FEAT_PPL) {
		struct json_object *p = json_object_new_object();
		jr_add_int(p, "offset_sectors", sb->ppl_offset);
		jr_add_u64(p, "size_sectors", sb->ppl_size);
		json_object_object_add(o, "ppl", p);
	}
	if (sb->bblog_size && sb->bblog_offset) {
		struct json_object *b = json_object_new_object();
		jr_add_int(b, "offset_sectors", sb->bblog_offset);
		jr_add_u64(b, "size_sectors", sb->bblog_size);
		jr_add_u64(b, "entries", (uint64_t)sb->bblog_size * 64);
		jr_add_bool(b, "bad_blocks_present", sb->feature_map & SB1_FEAT_BAD_BLOCKS);
		json_object_object_add(o, "bad_block_log", b);
	}
}

static void reshape(struct json_object *o, const struct sb1 *sb)
{
	if (!(sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE))
		return;
	struct json_object *r = jr_reshape_new(&(struct jr_reshape){
		.position_sectors = sb->reshape_position, .delta_devices = sb->delta_disks,
		.raid_devices = sb->raid_disks, .level = sb->level, .new_level = sb->new_level,
		.new_layout = sb->new_layout, .new_chunk_bytes = (uint64_t)sb->new_chunk * 512 });
	jr_add_bool(r, "backwards", sb->feature_map & SB1_FEAT_RESHAPE_BACKWARDS);
	json_object_object_add(o, "reshape", r);
}

static void geometry(struct json_object *o, const struct sb1 *sb)
{
	jr_add_level(o, "level", sb->level);
	jr_add_int(o, "level_number", sb->level);
	jr_add_u64(o, "raid_devices", sb->raid_disks);
	if (sb->logical_block_size)
		jr_add_u64(o, "logical_block_size_bytes", sb->logical_block_size);
	if (sb->level == 0 || sb->level == 4 || sb->level == 5 || sb->level == 6 || sb->level == 10) {
		jr_add_layout(o, "layout", sb->level, sb->layout);
		jr_add_u64(o, "chunk_size_bytes", (uint64_t)sb->chunksize * 512);
	} else if (sb->level == LEVEL_LINEAR) {
		jr_add_u64(o, "rounding_bytes", (uint64_t)sb->chunksize * 512);
	}
}

static void identity(struct json_object *o, const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	jr_add_u64(o, "magic", SB1_MAGIC);
	char v[8];
	snprintf(v, sizeof(v), "1.%d", in->minor);
	jr_add_word(o, "metadata_version", v);
	jr_add_u64(o, "feature_map", sb->feature_map);
	json_object_object_add(o, "features", features(sb->feature_map));
	jr_add_uuid(o, "array_uuid", sb->set_uuid);
	if (sb->set_name[0]) {
		size_t hl = in->homehost ? strlen(in->homehost) : 0;
		jr_add_bytes(o, "name", sb->set_name, 32);
		jr_add_bool(o, "local", hl && !strncmp(sb->set_name, in->homehost, hl) && sb->set_name[hl] == ':');
	}
	jr_add_time(o, "creation_time", sb1_time_sec(sb->ctime));
	jr_add_time(o, "update_time", sb1_time_sec(sb->utime));
	jr_add_uuid(o, "device_uuid", sb->device_uuid);
	jr_add_u64(o, "events", sb->events);
	jr_add_u64(o, "checksum", sb->sb_csum);
	jr_add_u64(o, "checksum_expected", in->csum_computed);
	jr_add_bool(o, "checksum_correct", sb->sb_csum == in->csum_computed);
	jr_add_u64(o, "max_devices", sb->max_dev);
	jr_add_u64(o, "corrected_read_errors", sb->cnt_corrected_read);
}

struct json_object *jr_examine(const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	uint16_t role = sb1_role(sb);
	struct json_object *o = json_object_new_object();
	jr_add_str(o, "device", in->path);
	identity(o, in);
	geometry(o, sb);
	sizes(o, in, role);
	struct json_object *st = json_object_new_array();
	jr_push_word(st, sb->resync_offset == UINT64_MAX ? "clean" : "active");
	if (examine_truncated(in, role))
		jr_push_word(st, "truncated");
	json_object_object_add(o, "state", st);
	bitmap_ppl(o, in);
	reshape(o, sb);
	struct json_object *fl = json_object_new_array();
	if (sb->devflags & SB1_DEVFLAG_WRITEMOSTLY)
		jr_push_word(fl, "write-mostly");
	if (sb->devflags & SB1_DEVFLAG_FAILFAST)
		jr_push_word(fl, "failfast");
	json_object_object_add(o, "flags", fl);
	device_role(o, sb, role);
	array_state(o, sb);
	return o;
}
