/* Helpers of the --json unit tests (test_json.c, test_json_names.c): loading
 * the golden fixtures, and checking a rendered document: it parses back with
 * json-c's strict, UTF-8 validating tokener and holds no null and no empty
 * string; typed getters fail the test on a missing key or a wrong type.
 * With MDCTL_JSON_OUT set, round_trip() also writes each document there for
 * the schema check (tests/json_validate.py, run by make unit). */
#ifndef MDCTL_TEST_JSON_CHECK_H
#define MDCTL_TEST_JSON_CHECK_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "bitmap.h"
#include "json_render.h"
#include "output.h"
#include "super1.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

#define FIX "fixtures/output"
#define BFIX "fixtures/bitmap"

static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	assert_int_equal(fstat(fileno(f), &st), 0);
	char *b = malloc((size_t)st.st_size + 1);
	assert_non_null(b);
	size_t n = fread(b, 1, (size_t)st.st_size, f);
	fclose(f);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

/* ---- checking a document ---- */

/* No null, no empty string, anywhere. */
static inline void no_null_no_empty(struct json_object *o, const char *where)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		fprintf(stderr, "%s: null value\n", where);
		fail();
		break;
	case json_type_string:
		if (!json_object_get_string_len(o)) {
			fprintf(stderr, "%s: empty string\n", where);
			fail();
		}
		break;
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			no_null_no_empty(json_object_array_get_idx(o, i), where);
		break;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			(void)k;
			no_null_no_empty(v, where);
		}
		break;
	}
	default:
		break;
	}
}

/* Serialise doc, write it out when asked (a whole document: save), parse it
 * back strictly. Frees doc; returns the parsed copy. */
static inline struct json_object *parse_back(struct json_object *doc, const char *name, bool save)
{
	const char *s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_non_null(s);
	const char *dir = getenv("MDCTL_JSON_OUT");
	if (dir && save) {
		char p[512];
		snprintf(p, sizeof(p), "%s/%s.json", dir, name);
		for (char *c = p + strlen(dir) + 1; *c; c++)
			if (*c == '/')
				*c = '_';
		FILE *f = fopen(p, "w");
		assert_non_null(f);
		fprintf(f, "%s\n", s);
		fclose(f);
	}
	struct json_tokener *t = json_tokener_new();
	json_tokener_set_flags(t, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	struct json_object *back = json_tokener_parse_ex(t, s, (int)strlen(s));
	if (!back) {
		fprintf(stderr, "%s: does not parse: %s\n%s\n", name,
			json_tokener_error_desc(json_tokener_get_error(t)), s);
		fail();
	}
	json_tokener_free(t);
	json_object_put(doc);
	no_null_no_empty(back, name);
	return back;
}

static inline struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v)) {
		fprintf(stderr, "no \"%s\" in %s\n", key, json_object_to_json_string(o));
		fail();
	}
	return v;
}

static inline bool has(struct json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

static inline uint64_t get_u64(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);
	assert_int_equal(json_object_get_type(v), json_type_int);
	return json_object_get_uint64(v);
}

static inline int64_t get_i64(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);
	assert_int_equal(json_object_get_type(v), json_type_int);
	return json_object_get_int64(v);
}

static inline const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);
	assert_int_equal(json_object_get_type(v), json_type_string);
	return json_object_get_string(v);
}

/* An array of strings joined with ", " (the text's form of a state). */
static inline void words(struct json_object *o, const char *key, char *out, size_t n)
{
	struct json_object *a = get(o, key);
	assert_int_equal(json_object_get_type(a), json_type_array);
	out[0] = '\0';
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *w = json_object_array_get_idx(a, i);
		assert_int_equal(json_object_get_type(w), json_type_string);
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? ", " : "", json_object_get_string(w));
	}
}

/* "LABEL : value" of text output, leading spaces of the label ignored. */
static inline bool text_field(const char *text, const char *label, char *out, size_t n)
{
	size_t ll = strlen(label);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *q = p;
		while (*q == ' ')
			q++;
		if (!strncmp(q, label, ll) && !strncmp(q + ll, " : ", 3)) {
			const char *v = q + ll + 3, *e = strchr(v, '\n');
			snprintf(out, n, "%.*s", e ? (int)(e - v) : (int)strlen(v), v);
			return true;
		}
	}
	return false;
}

/* The text's "a:b:c:d" UUID against the JSON's 8-4-4-4-12 one: same digits. */
static inline void same_uuid(const char *text, const char *json)
{
	char a[40] = "", b[40] = "";
	for (size_t i = 0, k = 0; text[i] && k < 39; i++)
		if (text[i] != ':')
			a[k++] = text[i];
	for (size_t i = 0, k = 0; json[i] && k < 39; i++)
		if (json[i] != '-')
			b[k++] = json[i];
	assert_string_equal(a, b);
	assert_int_equal(strlen(json), 36);
	assert_true(json[8] == '-' && json[13] == '-' && json[18] == '-' && json[23] == '-');
}

/* ---- superblock fixtures ---- */
struct member {
	struct sb1 sb;
	int minor;
	uint64_t dev_sectors;
	uint32_t csum;
	bool bm_ok;
	struct bitmap_sb bm;
};

static inline bool load_member(const char *dir, const char *stem, struct member *m)
{
	char p[512];
	size_t len;
	snprintf(p, sizeof(p), "%s/%s.sb", dir, stem);
	uint8_t *buf = (uint8_t *)slurp(p, &len);
	if (!buf)
		return false;
	uint32_t stored;
	memcpy(&stored, buf + 216, 4);
	m->csum = sb1_checksum(buf, len);
	memcpy(buf + 216, &m->csum, 4);
	struct sb1_err e;
	assert_int_equal(sb1_decode(buf, len, &m->sb, &e), 0);
	m->sb.sb_csum = stored;
	free(buf);
	snprintf(p, sizeof(p), "%s/%s.meta", dir, stem);
	char *meta = slurp(p, NULL);
	assert_non_null(meta);
	unsigned long long ds;
	assert_int_equal(sscanf(meta, "dev_sectors=%llu minor=%d", &ds, &m->minor), 2);
	m->dev_sectors = ds;
	free(meta);
	snprintf(p, sizeof(p), "%s/%s.bm", dir, stem);
	uint8_t *bm = (uint8_t *)slurp(p, &len);
	m->bm_ok = false;
	if (bm) {
		struct bitmap_err be;
		bitmap_decode(bm, len, &m->bm, &be);
		m->bm_ok = m->bm.magic == BITMAP_MAGIC;
		free(bm);
	}
	return true;
}

static inline void fill_input(struct examine_input *in, const struct member *m, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->sb = &m->sb;
	in->minor = m->minor;
	in->dev_sectors = m->dev_sectors;
	in->csum_computed = m->csum;
	in->bitmap_ok = m->bm_ok;
	in->bitmap_chunksize = m->bm.chunksize;
	in->bitmap_sync_size = m->bm.sync_size;
	in->bitmap_version = m->bm.version;
	in->cluster_name = m->bm_ok ? m->bm.cluster_name : NULL;
	in->homehost = "mdvm";
}

static inline struct json_object *round_trip(struct json_object *doc, const char *name)
{
	return parse_back(doc, name, true);
}
#endif
