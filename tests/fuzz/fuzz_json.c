/* libFuzzer target for the --json renderers (json_*.c). The input is a v1.x
 * superblock (4 KiB) followed by a bitmap area: the superblock is decoded
 * (checksum fixed up so mutations reach the fields) and rendered as
 * --examine JSON, the rest as --examine-bitmap JSON, and the names in it as
 * --detail and --query JSON. Every document must parse back with json-c's
 * strict, UTF-8 validating tokener, and must hold no null (abort otherwise). */
#include "fuzz_json_check.h"

static void examine(const struct sb1 *sb, const struct bitmap_sb *bm, bool bm_ok, uint64_t dev_sectors)
{
	struct examine_input in = {
		.path = sb->set_name, .sb = sb, .minor = (int)(sb->super_offset % 3), .dev_sectors = dev_sectors,
		.csum_computed = sb->sb_csum ^ (uint32_t)(dev_sectors & 1), .bitmap_ok = bm_ok,
		.bitmap_chunksize = bm->chunksize, .bitmap_sync_size = bm->sync_size,
		.bitmap_version = bm->version, .cluster_name = bm_ok ? bm->cluster_name : NULL,
		.homehost = "host",
	};
	struct json_object *doc = jr_doc_new("examine", "devices");
	json_object_array_add(jr_doc_list(doc), jr_examine(&in));
	check(doc);
	struct jr_query_member m = { .sb = sb, .activity = (enum jr_query_activity)(sb->events % 4),
				     .array = sb->set_name[0] ? sb->set_name : NULL };
	doc = jr_doc_new("query", "devices");
	json_object_array_add(jr_doc_list(doc), jr_query(sb->set_name, NULL, &m));
	check(doc);
}

/* An array whose name and members come from the superblock's bytes. */
static void detail(const struct sb1 *sb)
{
	static struct md_detail d;
	memset(&d, 0, sizeof(d));
	memcpy(d.devpath, sb->set_name, sizeof(sb->set_name));
	memcpy(d.name, sb->set_name, sizeof(d.name));
	memcpy(d.homehost, sb->set_name, 8);
	d.have_sb = true;
	d.level = sb->level;
	d.layout = sb->layout;
	d.raid_disks = (int)(sb->raid_disks % 64);
	d.inactive = sb->devflags & 4;
	d.sync = (enum sync_kind)(sb->events % 5);
	d.bitmap = sb->feature_map & 1;
	d.llbitmap = sb->feature_map & 2;
	d.x.have = true;
	d.x.have_llb_counts = true;
	d.nmembers = (int)(sb->max_dev % 32);
	for (int i = 0; i < d.nmembers; i++) {
		d.m[i].number = i;
		d.m[i].raid_disk = (int16_t)sb->dev_roles[i];
		d.m[i].state = sb->dev_roles[i + 32];
		memcpy(d.m[i].kname, sb->set_name + i % 16, 16);
	}
	struct json_object *doc = jr_doc_new("detail", "arrays");
	json_object_array_add(jr_doc_list(doc), jr_detail(&d));
	check(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sb1 sb;
	static uint8_t buf[SB1_READ_BYTES];
	struct sb1_err e;
	struct bitmap_sb bm;
	struct bitmap_err be;
	memset(&bm, 0, sizeof(bm));
	if (size < SB1_READ_BYTES)
		return 0;
	memcpy(buf, data, SB1_READ_BYTES);
	uint32_t c = sb1_checksum(buf, sizeof(buf));
	for (int i = 0; i < 4; i++)
		buf[216 + i] = (uint8_t)(c >> (8 * i));
	if (sb1_decode(buf, sizeof(buf), &sb, &e) < 0)
		return 0;
	const uint8_t *area = data + SB1_READ_BYTES;
	size_t alen = size - SB1_READ_BYTES;
	bool bm_ok = alen >= BITMAP_SB_BYTES && (bitmap_decode(area, alen, &bm, &be) == 0 || bm.magic == BITMAP_MAGIC);
	if (bm_ok) {
		struct jr_bitmap_input in = { .path = sb.set_name, .sb = &bm, .buf = area, .len = alen,
					      .from_superblock = true, .sb_bitmap_offset = sb.bitmap_offset,
					      .start_bytes = SB1_READ_BYTES, .verbose = 1 };
		struct json_object *doc = jr_doc_new("examine-bitmap", "devices");
		json_object_array_add(jr_doc_list(doc), jr_bitmap(&in));
		check(doc);
	}
	examine(&sb, &bm, bm_ok, sb.super_offset + (sb.data_size ^ sb.size));
	detail(&sb);
	return 0;
}
