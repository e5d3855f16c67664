/* --json: strings from disk that are hostile to JSON (quotes, backslashes,
 * newlines, control characters, invalid UTF-8) come out as valid JSON and
 * back as the same bytes; the UTF-8 rules; times and UUIDs in their one
 * form; and the --query and --monitor documents from built structs. */
#include "json_check.h"
#include "monitor_events.h"
#include <linux/raid/md_p.h>

static void test_utf8_rules(void **state)
{
	(void)state;
	static const struct { const char *s; bool ok; } t[] = {
		{ "plain", true }, { "caf\xc3\xa9", true }, { "\xe2\x82\xac", true },
		{ "\xf0\x9f\x98\x80", true }, { "\xf4\x8f\xbf\xbf", true },      /* U+10FFFF */
		{ "\xff", false }, { "\x80", false }, { "\xc0\x80", false },     /* overlong NUL */
		{ "\xe0\x80\x80", false }, { "\xed\xa0\x80", false },            /* surrogate */
		{ "\xf4\x90\x80\x80", false }, { "\xe2\x82", false },            /* > U+10FFFF, cut */
		{ "\xc3", false }, { "a\xc3" "b", false },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(jr_utf8_valid(t[i].s, strlen(t[i].s)), t[i].ok);
	char out[64];
	assert_false(jr_escape("a\\b", 3, out, sizeof(out)));
	assert_string_equal(out, "a\\b");
	assert_true(jr_escape("a\\\xff\xc3\xa9", 5, out, sizeof(out)));
	assert_string_equal(out, "a\\\\\\xff\xc3\xa9");
	/* a short buffer cuts whole units, never half an escape */
	assert_true(jr_escape("\xff\xff", 2, out, 7));
	assert_string_equal(out, "\\xff");
}

static void test_times_and_uuids(void **state)
{
	(void)state;
	struct json_object *o = json_object_new_object();
	static const uint8_t u[16] = { 0xd2, 0xd1, 0x07, 0x66, 0xfc, 0xc8, 0xef, 0x70,
				       0x02, 0xd0, 0xb0, 0x95, 0x54, 0xb2, 0xa9, 0x13 };
	jr_add_time(o, "t0", 0);
	jr_add_time(o, "t1", 1700000000);
	jr_add_time(o, "t2", (1ULL << 40) - 1);      /* past year 9999: no ISO form */
	jr_add_uuid(o, "u", u);
	jr_add_sectors(o, "s", 3);
	jr_add_sectors(o, "big", UINT64_MAX);         /* bytes would overflow: left out */
	struct json_object *b = parse_back(o, "unit-times", false);
	assert_int_equal(get_u64(b, "t0"), 0);
	assert_string_equal(get_str(b, "t0_iso"), "1970-01-01T00:00:00Z");
	assert_string_equal(get_str(b, "t1_iso"), "2023-11-14T22:13:20Z");
	assert_int_equal(get_u64(b, "t2"), (1ULL << 40) - 1);
	assert_false(has(b, "t2_iso"));
	/* the same 32 digits as mdadm's d2d10766:fcc8ef70:02d0b095:54b2a913, and md/uuid */
	assert_string_equal(get_str(b, "u"), "d2d10766-fcc8-ef70-02d0-b09554b2a913");
	assert_int_equal(get_u64(b, "s_bytes"), 1536);
	assert_int_equal(get_u64(b, "big_sectors"), UINT64_MAX);
	assert_false(has(b, "big_bytes"));
	json_object_put(b);
}

/* A raid1 member superblock with the given 32-byte name. */
static void hostile_sb(struct sb1 *sb, const char *name, size_t n)
{
	memset(sb, 0, sizeof(*sb));
	sb->level = 1;
	sb->raid_disks = 2;
	sb->max_dev = 2;
	sb->size = sb->data_size = 2048;
	sb->data_offset = 2048;
	sb->super_offset = 8;
	sb->resync_offset = UINT64_MAX;
	sb->dev_roles[1] = 1;
	memcpy(sb->set_name, name, n < 32 ? n : 32);
}

/* Undo the escaped form: "\\" -> '\', "\xHH" -> the byte. */
static size_t unescape(const char *s, char *out)
{
	size_t k = 0;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == '\\') {
			out[k++] = '\\';
			s++;
		} else if (s[0] == '\\' && s[1] == 'x') {
			char h[3] = { s[2], s[3], 0 };
			out[k++] = (char)strtoul(h, NULL, 16);
			s += 3;
		} else {
			out[k++] = *s;
		}
	}
	out[k] = '\0';
	return k;
}

static void one_name(const char *name, bool valid)
{
	struct sb1 *sb = malloc(sizeof(*sb));
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(sb);
	assert_non_null(d);
	hostile_sb(sb, name, strlen(name));
	struct examine_input in = { .path = name, .sb = sb, .minor = 2, .dev_sectors = 8192 };
	struct json_object *doc = jr_doc_new("examine", "devices");
	json_object_array_add(jr_doc_list(doc), jr_examine(&in));
	/* --detail shows the same name: from an array's superblock */
	snprintf(d->devpath, sizeof(d->devpath), "%s", name);
	snprintf(d->kname, sizeof(d->kname), "md0");
	d->have_sb = true;
	d->level = 1;
	memcpy(d->name, sb->set_name, sizeof(d->name));
	struct json_object *ddoc = jr_doc_new("detail", "arrays");
	json_object_array_add(jr_doc_list(ddoc), jr_detail(d));
	struct json_object *docs[2] = { round_trip(doc, "unit-hostile-examine"), round_trip(ddoc, "unit-hostile-detail") };
	for (int i = 0; i < 2; i++) {
		struct json_object *o = json_object_array_get_idx(get(docs[i], i ? "arrays" : "devices"), 0);
		const char *keys[] = { "name", "device" };
		for (int k = 0; k < 2; k++) {
			char flag[32], back[256];
			snprintf(flag, sizeof(flag), "%s_escaped", keys[k]);
			const char *got = get_str(o, keys[k]);
			if (valid) {
				assert_string_equal(got, name);      /* json-c's escaping undone by its parser */
				assert_false(has(o, flag));
			} else {
				assert_true(json_object_get_boolean(get(o, flag)));
				assert_true(jr_utf8_valid(got, strlen(got)));
				assert_int_equal(unescape(got, back), strlen(name));
				assert_string_equal(back, name);
			}
		}
		json_object_put(docs[i]);
	}
	free(sb);
	free(d);
}

static void test_hostile_names(void **state)
{
	(void)state;
	one_name("host:a\"b\\c\nd\te", true);
	one_name("\x01\x02\x1f\x7f:ctl", true);
	one_name("h:</script>\\u0041/", true);
	one_name("h:caf\xc3\xa9 \xe2\x82\xac", true);
	one_name("h:\xff\xfe", false);
	one_name("h:\xc0\x80overlong", false);
	one_name("h:\\x41 and \xed\xa0\x80", false);    /* a literal \x41 stays unambiguous */
	one_name("h:cut\xe2\x82", false);
	/* the whole output is valid JSON: checked by round_trip's UTF-8 validating parse */
}

static void test_query(void **state)
{
	(void)state;
	struct md_detail *d = calloc(1, sizeof(*d));
	struct sb1 *sb = calloc(1, sizeof(*sb));
	assert_non_null(d);
	assert_non_null(sb);
	d->level = 5;
	d->raid_disks = 3;
	d->array_kib = 36864;
	d->working_devices = 4;
	d->active_devices = 3;
	sb->level = 1;
	sb->raid_disks = 2;
	sb->dev_number = 1;
	struct jr_query_member m = { .sb = sb, .activity = JQ_MISMATCH, .array = "/dev/md/r1" };
	struct json_object *doc = jr_doc_new("query", "devices");
	json_object_array_add(jr_doc_list(doc), jr_query("/dev/md0", d, NULL));
	json_object_array_add(jr_doc_list(doc), jr_query("/dev/loop1", NULL, &m));
	json_object_array_add(jr_doc_list(doc), jr_query("/dev/null", NULL, NULL));
	struct json_object *b = round_trip(doc, "unit-query");
	struct json_object *l = get(b, "devices");
	struct json_object *a = get(json_object_array_get_idx(l, 0), "array");
	assert_int_equal(get_u64(a, "array_size_bytes"), 36864ULL * 1024);
	assert_string_equal(get_str(a, "level"), "raid5");
	assert_int_equal(get_i64(a, "spare_devices"), 1);
	struct json_object *mm = get(json_object_array_get_idx(l, 1), "member");
	assert_string_equal(get_str(mm, "activity"), "mismatch");
	assert_string_equal(get_str(mm, "array"), "/dev/md/r1");
	assert_int_equal(get_u64(mm, "device_number"), 1);
	struct json_object *none = json_object_array_get_idx(l, 2);
	assert_false(json_object_get_boolean(get(none, "is_array")));
	assert_false(has(none, "member"));
	assert_false(has(none, "array"));
	json_object_put(b);
	free(d);
	free(sb);
}

static void test_monitor_event(void **state)
{
	(void)state;
	struct mon_snap *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	snprintf(s->path, sizeof(s->path), "/dev/md0");
	snprintf(s->kname, sizeof(s->kname), "md0");
	s->level = 5;
	s->active = true;
	s->raid_disks = 3;
	s->degraded = 1;
	s->expected_spares = -1;
	s->sync = MON_RECOVER;
	s->percent = 40;
	s->component_kib = 1024;
	s->nm = 2;
	s->m[0] = (struct mon_member){ .kname = "loop0", .major = 7, .slot = 0, .in_sync = true, .kib = 2048 };
	s->m[1] = (struct mon_member){ .kname = "loop1", .major = 7, .minor = 1, .slot = -1, .faulty = true };
	struct mon_alert a = { .ev = EV_REBUILD_NN, .step = 40 };
	struct json_object *o = jr_monitor_event("/dev/md0", &a, s, 1700000000);
	/* one line: compact */
	const char *line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_null(strchr(line, '\n'));
	struct json_object *b = round_trip(o, "unit-monitor");
	assert_string_equal(get_str(b, "command"), "monitor");
	assert_string_equal(get_str(b, "event"), "Rebuild40");
	assert_int_equal(get_i64(b, "percent"), 40);
	assert_string_equal(get_str(b, "time_iso"), "2023-11-14T22:13:20Z");
	assert_false(has(b, "member"));
	struct json_object *st = get(b, "state");
	assert_string_equal(get_str(get(st, "sync"), "action"), "recover");
	assert_int_equal(get_i64(st, "degraded_slots"), 1);
	struct json_object *m1 = json_object_array_get_idx(get(st, "members"), 1);
	assert_false(has(m1, "raid_device"));
	char w[64];
	words(m1, "state", w, sizeof(w));
	assert_string_equal(w, "faulty");
	json_object_put(b);
	struct mon_alert f = { .ev = EV_FAIL, .member = "/dev/loop1" };
	b = round_trip(jr_monitor_event("/dev/md0", &f, NULL, 5), "unit-monitor-fail");
	assert_string_equal(get_str(b, "member"), "/dev/loop1");
	assert_false(has(b, "state"));
	json_object_put(b);
	free(s);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_rules),
		cmocka_unit_test(test_times_and_uuids),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_monitor_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
