/* --json: typed JSON documents of --detail, --examine, --examine-bitmap,
 * --query and --monitor, built as json-c trees from the same structs the text
 * renderers read (output.h, bitmap.h, monitor_events.h). Pure: the only I/O
 * is writing a finished document to a FILE*. The fields are described by
 * schema/mdctl-v1.schema.json and mdctl(8) "JSON OUTPUT"; within schema
 * version 1 a field is never renamed or removed. */
#ifndef MDCTL_JSON_RENDER_H
#define MDCTL_JSON_RENDER_H
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "bitmap.h"
#include "monitor_events.h"
#include "output.h"
#include "super1.h"

#define JR_SCHEMA_VERSION 1

/* ---- json_common.c: documents and typed values ---- */
/* {"version": 1, "command": command, list_key: []}; list_key NULL: none. */
struct json_object *jr_doc_new(const char *command, const char *list_key);
/* The list of a document made with a list_key. */
struct json_object *jr_doc_list(struct json_object *doc);
/* Write doc and a newline: pretty (PRETTY | NOSLASHESCAPE) or on one line.
 * Returns 0, or -1 when the stream reports an error. Does not free doc. */
int jr_doc_write(FILE *f, struct json_object *doc, bool pretty);

/* A string from disk, the command line or the kernel. Valid UTF-8 is kept as
 * is (json-c escapes quotes, backslashes and control characters). Anything
 * else would make invalid JSON (json-c copies bytes >= 0x80 unchanged), so
 * such a string is written with each backslash doubled and each byte that is
 * not part of a valid UTF-8 sequence as \xHH, and KEY_escaped: true is added. */
void jr_add_str(struct json_object *o, const char *key, const char *s);
/* The same for a string of at most n bytes (not NUL-terminated). */
void jr_add_bytes(struct json_object *o, const char *key, const char *s, size_t n);
/* The escaped form above into out (n bytes); returns true when it differs. */
bool jr_escape(const char *s, size_t len, char *out, size_t n);
/* Is s[0..len) valid UTF-8 (no overlong forms, surrogates or > U+10FFFF)? */
bool jr_utf8_valid(const char *s, size_t len);

void jr_add_int(struct json_object *o, const char *key, int64_t v);
void jr_add_u64(struct json_object *o, const char *key, uint64_t v);
void jr_add_bool(struct json_object *o, const char *key, bool v);
/* A literal string of ours (a state word, a level name). */
void jr_add_word(struct json_object *o, const char *key, const char *word);
/* KEY: seconds since the epoch, KEY_iso: "2023-11-14T22:13:20Z" (UTC). */
void jr_add_time(struct json_object *o, const char *key, uint64_t secs);
/* "d2d10766-fcc8-ef70-02d0-b09554b2a913": the 16 bytes in order, lower case. */
void jr_add_uuid(struct json_object *o, const char *key, const uint8_t u[16]);
/* PREFIX_sectors and PREFIX_bytes. */
void jr_add_sectors(struct json_object *o, const char *prefix, uint64_t sectors);
/* Append a literal word to an array. */
void jr_push_word(struct json_object *arr, const char *word);
/* An llbitmap state's kernel name with '_' for ' ' ("need_sync"), as a key
 * of "chunk_states"; NULL if v is no state. */
const char *jr_llb_key(unsigned v);
/* Level name ("raid5", "linear", "multipath"), NULL when not a level. */
const char *jr_level_name(int level);
/* level (name, when known) and layout_name (when the level names its layouts). */
void jr_add_level(struct json_object *o, const char *key, int level);
void jr_add_layout(struct json_object *o, const char *key, int level, uint32_t layout);
/* The "reshape" object of --examine (v1.x and 0.90): position, device
 * counts, the new level, layout (named by the current level) and chunk. */
struct jr_reshape {
	uint64_t position_sectors;
	int32_t delta_devices;
	uint32_t raid_devices;
	int level, new_level;
	uint32_t new_layout;
	uint64_t new_chunk_bytes;
};
struct json_object *jr_reshape_new(const struct jr_reshape *r);

/* ---- json_detail.c: --detail ---- */
/* One array of "arrays": running or inactive. */
struct json_object *jr_detail(const struct md_detail *d);

/* ---- json_examine.c: --examine ---- */
/* One device of "devices". */
struct json_object *jr_examine(const struct examine_input *in);

/* ---- json_examine0.c: --examine of a 0.90 member ---- */
struct examine0_input;
struct json_object *jr_examine0(const struct examine0_input *in);

/* ---- json_bitmap.c: --examine-bitmap ---- */
struct jr_bitmap_input {
	const char *path;               /* as given */
	const struct bitmap_sb *sb;
	const uint8_t *buf;             /* the bitmap from its first byte */
	size_t len;
	bool from_superblock;           /* found through a member's superblock */
	int32_t sb_bitmap_offset;       /* then: sectors from the superblock */
	uint64_t start_bytes;           /* byte offset of the bitmap on the device */
	int verbose;                    /* > 0: the llbitmap's chunk ranges too */
};
struct json_object *jr_bitmap(const struct jr_bitmap_input *in);

/* ---- json_query.c: --query ---- */
/* What --query found out about one device. */
enum jr_query_activity { JQ_INACTIVE, JQ_UNDETECTED, JQ_ACTIVE, JQ_MISMATCH };
struct jr_query_member {
	const struct sb1 *sb;
	enum jr_query_activity activity;
	const char *array;              /* "/dev/md/NAME", NULL when no array holds it */
};
/* d: the md device (NULL when path is not one); m: the member (NULL when no
 * superblock was found). */
struct json_object *jr_query(const char *path, const struct md_detail *d, const struct jr_query_member *m);

/* ---- json_monitor.c: --monitor ---- */
/* One event: {"version":1,"command":"monitor","event":...}; s is the array's
 * snapshot (NULL: none, e.g. it disappeared); now in seconds. */
struct json_object *jr_monitor_event(const char *array, const struct mon_alert *a,
				     const struct mon_snap *s, uint64_t now);
#endif
