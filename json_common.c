/* --json building blocks (json_render.h): the document frame, typed values
 * (sizes in sectors and bytes, times as epoch seconds plus ISO 8601 UTC,
 * canonical UUIDs), and strings made safe for JSON. Pure. */
#include "json_render.h"
#include "levels.h"
#include "uuid.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct json_object *jr_doc_new(const char *command, const char *list_key)
{
	struct json_object *doc = json_object_new_object();
	if (!doc)
		return NULL;
	jr_add_int(doc, "version", JR_SCHEMA_VERSION);
	jr_add_word(doc, "command", command);
	if (list_key)
		json_object_object_add(doc, list_key, json_object_new_array());
	return doc;
}

struct json_object *jr_doc_list(struct json_object *doc)
{
	static const char *const keys[] = { "arrays", "devices" };
	struct json_object *l;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(doc, keys[i], &l))
			return l;
	return NULL;
}

int jr_doc_write(FILE *f, struct json_object *doc, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE | (pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN);
	const char *s = json_object_to_json_string_ext(doc, flags);
	if (!s || fputs(s, f) == EOF || fputc('\n', f) == EOF)
		return -1;
	return 0;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min, cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool jr_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq(p + i, len - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

bool jr_escape(const char *s, size_t len, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	bool changed = !jr_utf8_valid(s, len);
	if (!n)
		return changed;
	for (size_t i = 0; i < len && o + 1 < n;) {
		size_t k = changed ? utf8_seq(p + i, len - i) : 1;
		if (!k) {
			if (o + 5 > n)
				break;
			snprintf(out + o, n - o, "\\x%02x", p[i]);
			o += 4;
			i++;
		} else if (changed && p[i] == '\\') {
			if (o + 3 > n)
				break;
			out[o++] = '\\';
			out[o++] = '\\';
			i++;
		} else {
			if (o + k + 1 > n)
				break;
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return changed;
}

void jr_add_bytes(struct json_object *o, const char *key, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	if (jr_utf8_valid(s, len)) {
		json_object_object_add(o, key, json_object_new_string_len(s, (int)len));
		return;
	}
	/* at most 4 bytes out per byte in */
	char *esc = malloc(len * 4 + 1);
	char k[64];
	if (!esc)
		return;
	jr_escape(s, len, esc, len * 4 + 1);
	json_object_object_add(o, key, json_object_new_string(esc));
	free(esc);
	snprintf(k, sizeof(k), "%s_escaped", key);
	jr_add_bool(o, k, true);
}

void jr_add_str(struct json_object *o, const char *key, const char *s)
{
	jr_add_bytes(o, key, s, strlen(s));
}

void jr_add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

void jr_add_u64(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

void jr_add_bool(struct json_object *o, const char *key, bool v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

void jr_add_word(struct json_object *o, const char *key, const char *word)
{
	json_object_object_add(o, key, json_object_new_string(word));
}

void jr_add_time(struct json_object *o, const char *key, uint64_t secs)
{
	char iso[40], k[64];
	struct tm tm;
	time_t t = (time_t)secs;
	jr_add_u64(o, key, secs);
	/* a year past 9999 has no ISO 8601 basic form: leave the string out */
	if ((uint64_t)t != secs || !gmtime_r(&t, &tm) || tm.tm_year > 9999 - 1900 ||
	    !strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return;
	snprintf(k, sizeof(k), "%s_iso", key);
	jr_add_word(o, k, iso);
}

void jr_add_uuid(struct json_object *o, const char *key, const uint8_t u[16])
{
	char s[37];
	uuid_format(u, '-', s);
	jr_add_word(o, key, s);
}

void jr_add_sectors(struct json_object *o, const char *prefix, uint64_t sectors)
{
	char k[64];
	snprintf(k, sizeof(k), "%s_sectors", prefix);
	jr_add_u64(o, k, sectors);
	snprintf(k, sizeof(k), "%s_bytes", prefix);
	/* a size past 2^64 bytes is corrupt: say so by leaving bytes out */
	if (sectors <= UINT64_MAX / 512)
		jr_add_u64(o, k, sectors * 512);
}

void jr_push_word(struct json_object *arr, const char *word)
{
	json_object_array_add(arr, json_object_new_string(word));
}

const char *jr_llb_key(unsigned v)
{
	/* enum llb_state order, as llbitmap_state_name() */
	static const char *const keys[] = {
		"unwritten", "clean", "dirty", "need_sync", "syncing", "need_sync_unwritten",
		"syncing_unwritten", "clean_unwritten",
	};
	_Static_assert(sizeof(keys) / sizeof(keys[0]) == LLB_STATE_COUNT, "one key per llbitmap state");
	return v < LLB_STATE_COUNT ? keys[v] : NULL;
}

const char *jr_level_name(int level)
{
	if (level == -4)
		return "multipath";
	if (level == -5)
		return "faulty";
	const char *n = level_name(level);
	return strcmp(n, "unknown") ? n : NULL;
}

void jr_add_level(struct json_object *o, const char *key, int level)
{
	const char *n = jr_level_name(level);
	if (n)
		jr_add_word(o, key, n);
}

void jr_add_layout(struct json_object *o, const char *key, int level, uint32_t layout)
{
	char name[64], k[64];
	jr_add_u64(o, key, layout);
	if (level != 0 && level != 4 && level != 5 && level != 6 && level != 10)
		return;
	layout_name(level, layout, name, sizeof(name));
	snprintf(k, sizeof(k), "%s_name", key);
	if (strcmp(name, "-unknown-"))
		jr_add_word(o, k, name);
}

struct json_object *jr_reshape_new(const struct jr_reshape *r)
{
	struct json_object *o = json_object_new_object();
	jr_add_u64(o, "position_sectors", r->position_sectors);
	jr_add_int(o, "delta_devices", r->delta_devices);
	jr_add_int(o, "previous_raid_devices", (int64_t)r->raid_devices - r->delta_devices);
	jr_add_level(o, "new_level", r->new_level);
	/* named with the current level's table, as the text does */
	jr_add_layout(o, "new_layout", r->level, r->new_layout);
	jr_add_u64(o, "new_chunk_size_bytes", r->new_chunk_bytes);
	return o;
}
