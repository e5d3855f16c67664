/* --examine --json of 0.90 members (json_examine0.c) on the superblocks
 * mdadm 4.6 wrote (fixtures/super0, see test_super0.c): each document parses
 * back strictly, passes the schema check (make unit) and its fields agree
 * with mdadm's text of the same superblock; the same superblock written by a
 * big-endian host gives the same document but for byte_order and the
 * checksum. */
#include "json_check.h"
#include "output_examine0.h"
#include <dirent.h>

#define FIX0 "fixtures/super0"

static char names[SB0_DISKS + 1][32];

/* Device names as the fixtures' hosts had them: loop devices by minor. */
static const char *name_of(const struct sb0_disk *d, int i)
{
	if (d->major != 7)
		return NULL;
	snprintf(names[i], sizeof(names[i]), "/dev/loop%u", d->minor);
	return names[i];
}

static struct json_object *render(const struct sb0 *sb, const char *path, const char *docname)
{
	struct examine0_input in = { .path = path, .sb = sb, .homehost = "fixturehost", .dev_sectors = 65536 };
	for (int i = 0; i < SB0_DISKS; i++)
		in.disk_names[i] = name_of(&sb->disks[i], i);
	in.this_name = name_of(&sb->this_disk, SB0_DISKS);
	struct json_object *doc = jr_doc_new("examine", "devices");
	json_object_array_add(jr_doc_list(doc), jr_examine0(&in));
	return round_trip(doc, docname);
}

static void same_number(const char *text, const char *label, struct json_object *o, const char *key)
{
	char v[128];
	assert_true(text_field(text, label, v, sizeof(v)));
	assert_int_equal(get_u64(o, key), strtoull(v, NULL, 10));
}

/* The descriptor rows after the table head: "this" first, then the others. */
static void check_rows(const char *text, struct json_object *o)
{
	const char *p = strstr(text, "RaidDevice State\n");
	assert_non_null(p);
	struct json_object *rows = get(o, "descriptors");
	size_t k = 0;
	for (p = strchr(p, '\n') + 1; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		if (*p == '\n')
			continue;
		char label[8], st[128] = "", w[128];
		unsigned num, maj, min, rd;
		assert_int_equal(sscanf(p, "%7s %u %u %u %u", label, &num, &maj, &min, &rd), 5);
		struct json_object *d = strcmp(label, "this") ? json_object_array_get_idx(rows, k++)
							     : get(o, "this_device");
		assert_non_null(d);
		assert_int_equal(get_u64(d, "number"), num);
		assert_int_equal(get_u64(d, "major"), maj);
		assert_int_equal(get_u64(d, "minor"), min);
		assert_int_equal(get_u64(d, "raid_disk"), rd);
		/* the state words, then the device name the row ends with */
		const char *e = strchr(p, '\n');
		snprintf(w, sizeof(w), "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
		words(d, "state", st, sizeof(st));
		for (char *c = st; (c = strstr(c, ", ")); )
			memmove(c, c + 1, strlen(c));
		assert_non_null(strstr(w, st));
		if (has(d, "device"))
			assert_non_null(strstr(w, get_str(d, "device")));
	}
	assert_int_equal(k, json_object_array_length(rows));
}

static void check_fields(const char *text, struct json_object *o)
{
	char v[128], st[64];
	assert_true(text_field(text, "UUID", v, sizeof(v)));
	assert_int_equal(get_u64(o, "magic"), 0xa92b4efc);
	assert_string_equal(get_str(o, "metadata_version"), "0.90");
	assert_true(!!strstr(v, "(local to host fixturehost)") == json_object_get_boolean(get(o, "local")));
	v[35] = '\0';
	same_uuid(v, get_str(o, "array_uuid"));
	assert_true(text_field(text, "Version", v, sizeof(v)));
	assert_string_equal(get_str(o, "superblock_version"), v);
	assert_true(text_field(text, "Raid Level", v, sizeof(v)));
	assert_string_equal(get_str(o, "level"), v);
	same_number(text, "Raid Devices", o, "raid_devices");
	same_number(text, "Total Devices", o, "total_devices");
	same_number(text, "Preferred Minor", o, "preferred_minor");
	same_number(text, "Events", o, "events");
	same_number(text, "Active Devices", o, "active_devices");
	same_number(text, "Working Devices", o, "working_devices");
	same_number(text, "Failed Devices", o, "failed_devices");
	same_number(text, "Spare Devices", o, "spare_devices");
	if (text_field(text, "Used Dev Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "used_device_size_sectors"), strtoull(v, NULL, 10) * 2);
	assert_true(text_field(text, "Array Size", v, sizeof(v)) == has(o, "array_size_bytes"));
	if (has(o, "array_size_bytes"))
		assert_int_equal(get_u64(o, "array_size_bytes"), strtoull(v, NULL, 10) * 1024);
	assert_true(text_field(text, "State", v, sizeof(v)));
	words(o, "state", st, sizeof(st));
	assert_string_equal(st, v);
	assert_true(json_object_get_boolean(get(o, "bitmap_present")) == text_field(text, "Internal Bitmap", v, sizeof(v)));
	assert_true(text_field(text, "Checksum", v, sizeof(v)));
	assert_int_equal(get_u64(o, "checksum"), strtoull(v, NULL, 16));
	assert_true(json_object_get_boolean(get(o, "checksum_correct")) == !!strstr(v, "correct"));
	if (text_field(text, "Chunk Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "chunk_size_bytes"), strtoull(v, NULL, 10) * 1024);
	if (text_field(text, "Rounding", v, sizeof(v)))
		assert_int_equal(get_u64(o, "rounding_bytes"), strtoull(v, NULL, 10) * 1024);
	if (text_field(text, "Layout", v, sizeof(v)))
		assert_string_equal(get_str(o, "layout_name"), v);
	assert_int_equal(get_u64(o, "super_offset_sectors"), 65536 - 128);
	check_rows(text, o);
}

static void one_fixture(const char *stem)
{
	char p[512], path[64], doc[96];
	size_t len = 0;
	snprintf(p, sizeof(p), FIX0 "/%s.sb", stem);
	uint8_t *raw = (uint8_t *)slurp(p, &len);
	assert_non_null(raw);
	struct sb0 sb, be;
	assert_int_equal(sb0_decode(raw, len, &sb, NULL), 0);
	snprintf(p, sizeof(p), FIX0 "/%s.E", stem);
	char *text = slurp(p, NULL);
	assert_non_null(text);
	snprintf(path, sizeof(path), "%.*s", (int)strcspn(text, ":"), text);
	snprintf(doc, sizeof(doc), "examine0-%s", stem);
	struct json_object *back = render(&sb, path, doc);
	struct json_object *o = json_object_array_get_idx(get(back, "devices"), 0);
	assert_string_equal(get_str(o, "device"), path);
	assert_string_equal(get_str(o, "byte_order"), "little-endian");
	check_fields(text, o);

	/* big-endian: only byte_order, the checksum and "local" (such a host
	 * hashes the homehost into the words in its own order) may differ */
	uint8_t buf[SB0_BYTES];
	sb.big_endian = true;
	assert_int_equal(sb0_encode(&sb, buf, sizeof(buf)), SB0_BYTES);
	assert_int_equal(sb0_decode(buf, sizeof(buf), &be, NULL), 0);
	assert_true(be.big_endian);
	snprintf(doc, sizeof(doc), "examine0-%s-be", stem);
	struct json_object *bback = render(&be, path, doc);
	struct json_object *b = json_object_array_get_idx(get(bback, "devices"), 0);
	assert_string_equal(get_str(b, "byte_order"), "big-endian");
	assert_string_equal(get_str(b, "array_uuid"), get_str(o, "array_uuid"));
	assert_true(json_object_get_boolean(get(b, "checksum_correct")));
	static const char *const same[] = { "events", "raid_devices", "used_device_size_sectors", "creation_time",
					    "update_time", "preferred_minor", "level_number" };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		assert_int_equal(get_i64(b, same[i]), get_i64(o, same[i]));
	assert_string_equal(json_object_to_json_string(get(b, "descriptors")),
			    json_object_to_json_string(get(o, "descriptors")));
	json_object_put(bback);
	json_object_put(back);
	free(text);
	free(raw);
}

static void test_examine0_fixtures(void **state)
{
	(void)state;
	DIR *d = opendir(FIX0);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 3, ".sb"))
			continue;
		char stem[256];
		snprintf(stem, sizeof(stem), "%.*s", (int)(l - 3), e->d_name);
		one_fixture(stem);
		n++;
	}
	closedir(d);
	assert_true(n >= 9);
}

/* A superblock mid-reshape (minor 91) and an unclean one: the reshape and
 * the resync point are there; "errors" is a state word. */
static void test_examine0_reshape_unclean(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *raw = (uint8_t *)slurp(FIX0 "/r5.sb", &len);
	assert_non_null(raw);
	struct sb0 sb;
	assert_int_equal(sb0_decode(raw, len, &sb, NULL), 0);
	sb.minor_version = 91;
	sb.reshape_position = 4096;
	sb.delta_disks = 1;
	sb.new_level = 5;
	sb.new_layout = 2;
	sb.new_chunk = 65536;
	sb.state = SB0_STATE_ERRORS;
	sb.recovery_cp = 1234;
	struct json_object *back = render(&sb, "/dev/loop0", "examine0-reshape");
	struct json_object *o = json_object_array_get_idx(get(back, "devices"), 0);
	char st[64];
	words(o, "state", st, sizeof(st));
	assert_string_equal(st, "active, errors");
	assert_int_equal(get_u64(o, "resync_offset_sectors"), 1234);
	assert_string_equal(get_str(o, "superblock_version"), "0.91.00");
	struct json_object *r = get(o, "reshape");
	assert_int_equal(get_u64(r, "position_sectors"), 4096);
	assert_int_equal(get_i64(r, "delta_devices"), 1);
	assert_int_equal(get_i64(r, "previous_raid_devices"), (int64_t)sb.raid_disks - 1);
	assert_int_equal(get_u64(r, "new_chunk_size_bytes"), 65536);
	json_object_put(back);
	free(raw);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examine0_fixtures),
		cmocka_unit_test(test_examine0_reshape_unclean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
