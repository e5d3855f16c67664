/* --json renderers on the golden fixtures whose mdadm 4.6 text test_output.c
 * holds (fixtures/output, fixtures/bitmap): each document parses back
 * strictly and its typed fields agree with the text of the same superblock,
 * array or bitmap, and with the kernel state dumped beside it. Hostile names,
 * times and the other commands: test_json_names.c. */
#include "json_check.h"
#include <dirent.h>
#include <linux/raid/md_p.h>

/* ---- --examine ---- */

/* "40928 sectors (19.98 MiB 20.96 MB)" -> 40928 */
static uint64_t lead_u64(const char *s)
{
	return strtoull(s, NULL, 10);
}

static void examine_sizes(struct json_object *o, const char *text)
{
	char v[256];
	assert_true(text_field(text, "Avail Dev Size", v, sizeof(v)));
	assert_int_equal(get_u64(o, "avail_device_size_sectors"), lead_u64(v));
	assert_int_equal(get_u64(o, "avail_device_size_bytes"), lead_u64(v) * 512);
	if (text_field(text, "Array Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "array_size_bytes") >> 10, lead_u64(v));
	if (text_field(text, "Used Dev Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "used_device_size_sectors"), lead_u64(v));
	assert_int_equal(get_u64(o, "data_offset_sectors"),
			 text_field(text, "Data Offset", v, sizeof(v)) ? lead_u64(v) : 0);
	assert_true(text_field(text, "Super Offset", v, sizeof(v)));
	assert_int_equal(get_u64(o, "super_offset_sectors"), lead_u64(v));
	if (text_field(text, "Unused Space", v, sizeof(v))) {
		unsigned long long before, after;
		struct json_object *u = get(o, "unused_space");
		if (!strstr(v, "after=-")) {
			assert_int_equal(sscanf(v, "before=%llu sectors, after=%llu sectors", &before, &after), 2);
			assert_int_equal(get_u64(u, "before_sectors"), before);
			assert_int_equal(get_i64(u, "after_sectors"), (int64_t)after);
		} else {
			/* "after=-N ... DEVICE TOO SMALL": the text shows the shortfall less one */
			assert_int_equal(sscanf(v, "before=%llu sectors, after=-%llu", &before, &after), 2);
			assert_int_equal(get_i64(u, "after_sectors"), -(int64_t)after - 1);
		}
	}
}

static void examine_roles(struct json_object *o, const char *text)
{
	char v[256], w[4096];
	assert_true(text_field(text, "Device Role", v, sizeof(v)));
	const char *role = get_str(o, "device_role");
	if (!strncmp(v, "Active device ", 14) || !strncmp(v, "Replacement device ", 19)) {
		assert_string_equal(role, v[0] == 'A' ? "active" : "replacement");
		assert_int_equal(get_u64(o, "device_slot"), lead_u64(strrchr(v, ' ') + 1));
	} else if (!strcmp(v, "Journal")) {
		assert_string_equal(role, "journal");
	} else {
		assert_true(!strcmp(role, "spare") || !strcmp(role, "faulty"));
		assert_false(has(o, "device_slot"));
	}
	/* Array State letters <-> words */
	assert_true(text_field(text, "Array State", v, sizeof(v)));
	words(o, "array_state", w, sizeof(w));
	char letters[2048] = "";
	for (char *p = w; *p;) {
		size_t k = strlen(letters);
		letters[k] = !strncmp(p, "active", 6) ? 'A' : !strncmp(p, "missing", 7) ? '.' :
			     !strncmp(p, "replacing", 9) ? 'R' : '?';
		letters[k + 1] = '\0';
		p = strchr(p, ',') ? strchr(p, ',') + 2 : p + strlen(p);
	}
	assert_int_equal(strncmp(v, letters, strlen(letters)), 0);
	assert_int_equal(v[strlen(letters)], ' ');
	assert_int_equal(json_object_get_boolean(get(o, "array_state_consistent")),
			 !strstr(text, "WARNING Array state is inconsistent"));
}

static void examine_misc(struct json_object *o, const char *text)
{
	char v[256], w[256];
	assert_true(text_field(text, "Array UUID", v, sizeof(v)));
	same_uuid(v, get_str(o, "array_uuid"));
	assert_true(text_field(text, "Device UUID", v, sizeof(v)));
	same_uuid(v, get_str(o, "device_uuid"));
	assert_true(text_field(text, "Events", v, sizeof(v)));
	assert_int_equal(get_u64(o, "events"), lead_u64(v));
	assert_true(text_field(text, "Feature Map", v, sizeof(v)));
	assert_int_equal(get_u64(o, "feature_map"), strtoull(v, NULL, 16));
	assert_true(text_field(text, "Version", v, sizeof(v)));
	assert_string_equal(get_str(o, "metadata_version"), v);
	assert_true(text_field(text, "Raid Devices", v, sizeof(v)));
	assert_int_equal(get_u64(o, "raid_devices"), lead_u64(v));
	assert_true(text_field(text, "Checksum", v, sizeof(v)));
	assert_int_equal(get_u64(o, "checksum"), strtoull(v, NULL, 16));
	assert_int_equal(json_object_get_boolean(get(o, "checksum_correct")), strstr(v, "correct") != NULL);
	assert_true(text_field(text, "State", v, sizeof(v)));
	words(o, "state", w, sizeof(w));
	assert_string_equal(w, !strcmp(v, "clean") ? "clean" : !strcmp(v, "active") ? "active" :
			    !strcmp(v, "clean TRUNCATED DEVICE") ? "clean, truncated" : "active, truncated");
	assert_true(text_field(text, "Raid Level", v, sizeof(v)));
	if (strcmp(v, "-unknown-"))
		assert_string_equal(get_str(o, "level"), v);
	else
		assert_false(has(o, "level"));
	if (text_field(text, "Bad Block Log", v, sizeof(v))) {
		struct json_object *b = get(o, "bad_block_log");
		assert_int_equal(get_u64(b, "entries"), lead_u64(v));
		assert_int_equal(get_i64(b, "offset_sectors"), strtoll(strstr(v, "offset ") + 7, NULL, 10));
	} else {
		assert_false(has(o, "bad_block_log"));
	}
	if (text_field(text, "Internal Bitmap", v, sizeof(v)))
		assert_int_equal(get_i64(get(o, "bitmap"), "offset_sectors"), strtoll(v, NULL, 10));
	if (text_field(text, "Chunk Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "chunk_size_bytes"), lead_u64(v) * 1024);
	if (text_field(text, "Layout", v, sizeof(v)) && strchr(v, '-') && strcmp(v, "-unknown-"))
		assert_string_equal(get_str(o, "layout_name"), v);
}

static int examine_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 3, ".sb"))
			continue;
		char stem[256], path[256], p[600];
		snprintf(stem, sizeof(stem), "%.*s", (int)(l - 3), e->d_name);
		struct member *m = malloc(sizeof(*m));
		assert_non_null(m);
		assert_true(load_member(dir, stem, m));
		snprintf(p, sizeof(p), "%s/E.%s", dir, stem);
		char *text = slurp(p, NULL);
		if (!text) {
			snprintf(p, sizeof(p), "%s/%s.E", dir, stem);
			text = slurp(p, NULL);
		}
		assert_non_null(text);
		snprintf(path, sizeof(path), "%.*s", (int)(strchr(text, '\n') - text - 1), text);
		struct examine_input in;
		fill_input(&in, m, path);
		struct json_object *doc = jr_doc_new("examine", "devices");
		json_object_array_add(jr_doc_list(doc), jr_examine(&in));
		snprintf(p, sizeof(p), "examine-%s-%s", dir + strlen(FIX) + 1, stem);
		struct json_object *back = round_trip(doc, p);
		struct json_object *o = json_object_array_get_idx(get(back, "devices"), 0);
		assert_string_equal(get_str(o, "device"), path);
		examine_sizes(o, text);
		examine_roles(o, text);
		examine_misc(o, text);
		json_object_put(back);
		free(text);
		free(m);
		n++;
	}
	closedir(d);
	return n;
}

static void test_examine_fixtures(void **state)
{
	(void)state;
	DIR *d = opendir(FIX);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char dir[512];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), FIX "/%s", e->d_name);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			n += examine_dir(dir);
	}
	closedir(d);
	assert_true(n >= 60);
}

/* ---- --detail, from the kernel state dumped beside mdadm's text ---- */
static bool dump_get(const char *dump, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	for (const char *p = dump; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			const char *v = p + kl + 1, *end = strchr(v, '\n');
			snprintf(out, n, "%.*s", end ? (int)(end - v) : (int)strlen(v), v);
			return true;
		}
	return false;
}

static void load_array(const char *dump, struct md_detail *d)
{
	char v[256];
	int a[18];
	unsigned ct, ut;
	int st;
	assert_true(dump_get(dump, "array", v, sizeof(v)));
	assert_int_equal(sscanf(v, "%d %d %d ctime=%u level=%d size=%d nr=%d raid=%d minor=%d np=%d "
				"utime=%u state=0x%x active=%d working=%d failed=%d spare=%d layout=%d chunk=%d",
				&a[0], &a[1], &a[2], &ct, &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &ut, &st,
				&a[12], &a[13], &a[14], &a[15], &a[16], &a[17]), 18);
	snprintf(d->kname, sizeof(d->kname), "md%d", a[8]);
	d->level = a[4];
	d->ctime = ct;
	d->utime = ut;
	d->total_devices = a[6];
	d->raid_disks = a[7];
	d->persistent = !a[9];
	d->clean = st & (1 << MD_SB_CLEAN);
	d->bitmap = st & (1 << MD_SB_BITMAP_PRESENT);
	d->active_devices = a[12];
	d->working_devices = a[13];
	d->failed_devices = a[14];
	d->spare_devices = a[15];
	d->layout = (uint32_t)a[16];
	d->chunk_kib = (uint32_t)a[17] >> 10;
	assert_true(dump_get(dump, "sys.metadata_version", d->metadata, sizeof(d->metadata)));
	assert_true(dump_get(dump, "sys.consistency_policy", d->consistency, sizeof(d->consistency)));
	assert_true(dump_get(dump, "sys.component_size", v, sizeof(v)));
	d->used_dev_kib = strtoull(v, NULL, 10);
	assert_true(dump_get(dump, "blk.size", v, sizeof(v)));
	d->array_kib = strtoull(v, NULL, 10) / 2;
	d->llbitmap = dump_get(dump, "sys.bitmap_type", v, sizeof(v)) && strstr(v, "[llbitmap]");
	d->prev_raid_disks = d->raid_disks;
	d->new_level = d->level;
	d->new_layout = d->layout;
	d->new_chunk_kib = d->chunk_kib;
	snprintf(d->homehost, sizeof(d->homehost), "mdvm");
}

/* What detail_gather_extra() reads from sysfs, from the dump. */
static void load_extra(const char *dump, struct md_detail *d)
{
	char v[256], k[96];
	d->x.have = true;
	d->x.resync_start = d->x.reshape_position = UINT64_MAX;
	d->degraded = dump_get(dump, "sys.degraded", v, sizeof(v)) ? atoi(v) : -1;
	if (dump_get(dump, "sys.sync_action", v, sizeof(v)))
		snprintf(d->ksync.action, sizeof(d->ksync.action), "%s", v);
	if (dump_get(dump, "sys.mismatch_cnt", v, sizeof(v))) {
		d->have_mismatches = true;
		d->mismatches = strtoull(v, NULL, 10);
	}
	for (int i = 0; i < d->nmembers; i++) {
		struct detail_member_extra *x = &d->m[i].x;
		snprintf(k, sizeof(k), "sys.dev-%s/offset", d->m[i].kname);
		if (!dump_get(dump, k, v, sizeof(v)))
			continue;
		x->have_sysfs = true;
		x->data_offset = strtoull(v, NULL, 10);
		snprintf(k, sizeof(k), "sys.dev-%s/size", d->m[i].kname);
		assert_true(dump_get(dump, k, v, sizeof(v)));
		x->data_kib = strtoull(v, NULL, 10);
		x->recovery_start = UINT64_MAX;
	}
}

static void load_members(const char *dir, const char *dump, struct md_detail *d)
{
	char v[256];
	for (const char *q = dump; (q = strstr(q, "sys.dev-")); q++) {
		char name[32];
		if (sscanf(q, "sys.dev-%31[^/]/state", name) != 1 || strncmp(strchr(q, '/'), "/state=", 7))
			continue;
		int minor = atoi(name + 4);
		for (int i = 0; i < 40; i++) {
			char key[16];
			int num, maj, min, rd, ds;
			snprintf(key, sizeof(key), "disk%d", i);
			if (!dump_get(dump, key, v, sizeof(v)) ||
			    sscanf(v, "%d %d:%d rd=%d state=0x%x", &num, &maj, &min, &rd, &ds) != 5 || min != minor || !maj)
				continue;
			struct detail_member *m = &d->m[d->nmembers++];
			*m = (struct detail_member){ .number = num, .major = maj, .minor = min, .raid_disk = rd, .state = ds };
			snprintf(m->kname, sizeof(m->kname), "%s", name);
		}
	}
	for (int i = 0; i < d->nmembers && !d->have_sb; i++) {
		struct member *mb = malloc(sizeof(*mb));
		assert_non_null(mb);
		if ((d->m[i].state & (1 << MD_DISK_SYNC)) && load_member(dir, d->m[i].kname, mb)) {
			d->have_sb = true;
			memcpy(d->name, mb->sb.set_name, sizeof(d->name));
			memcpy(d->uuid, mb->sb.set_uuid, 16);
			d->events = mb->sb.events;
		}
		free(mb);
	}
}

/* The table row of a member in the text: "   0   7   40   0   active sync   /dev/loop40". */
static void check_member_row(const char *text, struct json_object *m)
{
	char dev[64], w[256];
	snprintf(dev, sizeof(dev), "   %s\n", get_str(m, "device"));
	const char *row = strstr(text, dev);
	assert_non_null(row);
	const char *start = row;
	while (start > text && start[-1] != '\n')
		start--;
	int num, maj, min;
	char slot[16], st[128];
	assert_int_equal(sscanf(start, "%d %d %d %15s %127[^/]", &num, &maj, &min, slot, st), 5);
	assert_int_equal(get_i64(m, "number"), num);
	assert_int_equal(get_i64(m, "major"), maj);
	assert_int_equal(get_i64(m, "minor"), min);
	if (strcmp(slot, "-"))
		assert_int_equal(get_i64(m, "raid_device"), atoi(slot));
	else
		assert_false(has(m, "raid_device"));
	words(m, "state", w, sizeof(w));
	/* the text's words, with set-X in its own field */
	char want[256] = "";
	for (char *t = strtok(st, " "); t; t = strtok(NULL, " ")) {
		if (!strncmp(t, "set-", 4)) {
			assert_string_equal(get_str(m, "set"), t + 4);
			continue;
		}
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", want[0] ? ", " : "", t);
	}
	assert_string_equal(w, want);
}

static void check_detail(struct json_object *o, const char *text, const char *dump)
{
	char v[256], w[256];
	assert_true(text_field(text, "Array Size", v, sizeof(v)));
	assert_int_equal(get_u64(o, "array_size_bytes"), lead_u64(v) * 1024);
	assert_true(dump_get(dump, "blk.size", v, sizeof(v)));
	assert_int_equal(get_u64(o, "array_size_sectors"), lead_u64(v));
	assert_true(text_field(text, "Raid Devices", v, sizeof(v)));
	assert_int_equal(get_i64(o, "raid_devices"), atoi(v));
	assert_true(text_field(text, "Raid Level", v, sizeof(v)));
	assert_string_equal(get_str(o, "level"), v);
	assert_true(text_field(text, "State", v, sizeof(v)));
	words(o, "state", w, sizeof(w));
	/* "clean, degraded " / "active, FAILED" / "..., recovering (DELAYED)" */
	for (char *c = v; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	if (strstr(v, " ("))
		*strstr(v, " (") = '\0';
	while (v[0] && v[strlen(v) - 1] == ' ')
		v[strlen(v) - 1] = '\0';
	assert_string_equal(w, v);
	if (text_field(text, "UUID", v, sizeof(v)))
		same_uuid(v, get_str(o, "uuid"));
	if (text_field(text, "Events", v, sizeof(v)))
		assert_int_equal(get_u64(o, "events"), lead_u64(v));
	if (text_field(text, "Chunk Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "chunk_size_bytes"), lead_u64(v) * 1024);
	if (text_field(text, "Used Dev Size", v, sizeof(v)))
		assert_int_equal(get_u64(o, "used_device_size_sectors"), lead_u64(v) * 2);
	struct json_object *ms = get(o, "members");
	size_t removed = 0;
	for (const char *p = text; (p = strstr(p, "removed\n")); p++)
		removed++;
	assert_int_equal(json_object_array_length(get(o, "missing_slots")), removed);
	for (size_t i = 0; i < json_object_array_length(ms); i++) {
		struct json_object *m = json_object_array_get_idx(ms, i);
		char k[96];
		check_member_row(text, m);
		snprintf(k, sizeof(k), "sys.dev-%s/offset", get_str(m, "kernel_name"));
		assert_true(dump_get(dump, k, v, sizeof(v)));
		assert_int_equal(get_u64(m, "data_offset_sectors"), lead_u64(v));
	}
}

static void detail_dir(const char *dir)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/D", dir);
	char *text = slurp(p, NULL);
	snprintf(p, sizeof(p), "%s/dump", dir);
	char *dump = slurp(p, NULL);
	assert_non_null(text);
	assert_non_null(dump);
	struct md_detail *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(d->devpath, sizeof(d->devpath), "%.*s", (int)(strchr(text, '\n') - text - 1), text);
	if (!strncmp(d->devpath, "/dev/md/", 8))
		snprintf(d->link, sizeof(d->link), "%s", d->devpath + 8);
	load_array(dump, d);
	load_members(dir, dump, d);
	load_extra(dump, d);
	struct json_object *doc = jr_doc_new("detail", "arrays");
	json_object_array_add(jr_doc_list(doc), jr_detail(d));
	snprintf(p, sizeof(p), "detail-%s", dir + strlen(FIX) + 1);
	struct json_object *back = round_trip(doc, p);
	assert_string_equal(get_str(back, "command"), "detail");
	assert_int_equal(get_i64(back, "version"), 1);
	check_detail(json_object_array_get_idx(get(back, "arrays"), 0), text, dump);
	json_object_put(back);
	free(d);
	free(text);
	free(dump);
}

static void test_detail_fixtures(void **state)
{
	(void)state;
	DIR *d = opendir(FIX);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char dir[512], p[600];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), FIX "/%s", e->d_name);
		snprintf(p, sizeof(p), "%s/dump", dir);
		if (stat(p, &st) == 0) {
			detail_dir(dir);
			n++;
		}
	}
	closedir(d);
	assert_true(n >= 15);
}

/* ---- --examine-bitmap ---- */

static void check_bitmap(const char *stem, const uint8_t *buf, size_t len)
{
	char p[512], v[256];
	struct bitmap_sb sb;
	struct bitmap_err e;
	bitmap_decode(buf, len, &sb, &e);
	assert_int_equal(sb.magic, BITMAP_MAGIC);
	struct jr_bitmap_input in = { .path = stem, .sb = &sb, .buf = buf, .len = len, .verbose = 1 };
	struct json_object *doc = jr_doc_new("examine-bitmap", "devices");
	json_object_array_add(jr_doc_list(doc), jr_bitmap(&in));
	snprintf(p, sizeof(p), "bitmap-%s", stem);
	struct json_object *back = round_trip(doc, p);
	struct json_object *o = json_object_array_get_idx(get(back, "devices"), 0);
	assert_int_equal(get_u64(o, "version"), sb.version);
	assert_int_equal(get_u64(o, "sync_size_sectors"), sb.sync_size);
	snprintf(p, sizeof(p), BFIX "/%s.X", stem);
	char *text = slurp(p, NULL);
	unsigned long long bits, dirty;
	if (text && text_field(text, "Bitmap", v, sizeof(v)) &&
	    sscanf(v, "%llu bits (chunks), %llu dirty", &bits, &dirty) == 2) {
		/* clustered: the first "Bitmap" line is node slot 0's */
		struct json_object *c = sb.version == BITMAP_V_CLUSTERED ?
					json_object_array_get_idx(get(o, "node_slots"), 0) : o;
		assert_int_equal(get_u64(c, "chunks"), bits);
		assert_int_equal(get_u64(c, "dirty_chunks"), dirty);
		assert_int_equal(get_u64(o, "chunk_size_bytes"), sb.chunksize);
	}
	free(text);
	/* llbitmap: the kernel's md/llbitmap/bits after the same writes */
	snprintf(p, sizeof(p), BFIX "/%s.bits", stem);
	char *bits_text = slurp(p, NULL);
	if (bits_text) {
		struct json_object *c = get(o, "chunk_states");
		int found = 0;
		/* "need sync 1": the count after the line's last space */
		for (char *line = strtok(bits_text, "\n"); line; line = strtok(NULL, "\n")) {
			char *sp = strrchr(line, ' ');
			assert_non_null(sp);
			*sp = '\0';
			for (unsigned i = 0; i < LLB_STATE_COUNT; i++)
				if (!strcmp(line, llbitmap_state_name(i))) {
					assert_int_equal(get_u64(c, jr_llb_key(i)), strtoull(sp + 1, NULL, 10));
					found++;
				}
		}
		assert_int_equal(found, LLB_STATE_COUNT);
		assert_int_equal(get_u64(o, "chunk_size_bytes"), (uint64_t)sb.chunksize * 512);
		free(bits_text);
	}
	json_object_put(back);
}

static void test_bitmap_fixtures(void **state)
{
	(void)state;
	DIR *d = opendir(BFIX);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), len = 0;
		char p[600], stem[256];
		if (l < 8 || strcmp(e->d_name + l - 7, ".bitmap"))
			continue;
		snprintf(stem, sizeof(stem), "%.*s", (int)(l - 7), e->d_name);
		snprintf(p, sizeof(p), BFIX "/%s", e->d_name);
		uint8_t *buf = (uint8_t *)slurp(p, &len);
		assert_non_null(buf);
		check_bitmap(stem, buf, len);
		free(buf);
		n++;
	}
	closedir(d);
	assert_true(n >= 15);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examine_fixtures),
		cmocka_unit_test(test_detail_fixtures),
		cmocka_unit_test(test_bitmap_fixtures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
