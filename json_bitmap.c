/* --examine-bitmap --json: one "devices" entry from a decoded bitmap header
 * and its area (bitmap.h): the header fields, chunk counts (classic: dirty
 * bits; llbitmap: every state by name), clustered node slots, and with
 * --verbose the llbitmap's chunk ranges. Pure. */
#include "json_render.h"
#include <stdlib.h>
#include <string.h>

/* State word bits by name (md-bitmap.h enum bitmap_state). */
static struct json_object *state_words(uint32_t st)
{
	static const char *const names[] = {
		[BITMAP_ST_STALE] = "stale", [BITMAP_ST_WRITE_ERROR] = "write_error",
		[BITMAP_ST_FIRST_USE] = "first_use", [BITMAP_ST_CLEAN] = "clean",
		[BITMAP_ST_DAEMON_BUSY] = "daemon_busy", [BITMAP_ST_SHUTDOWN] = "shutdown",
		[BITMAP_ST_HOSTENDIAN] = "host_endian",
	};
	struct json_object *a = json_object_new_array();
	for (unsigned b = 0; b < 32; b++) {
		if (!(st & (1U << b)))
			continue;
		const char *n = b < sizeof(names) / sizeof(names[0]) ? names[b] : NULL;
		char w[16];
		if (!n) {
			snprintf(w, sizeof(w), "bit%u", b);
			n = w;
		}
		jr_push_word(a, n);
	}
	return a;
}

static void header(struct json_object *o, const struct bitmap_sb *sb)
{
	jr_add_u64(o, "magic", sb->magic);
	jr_add_u64(o, "version", sb->version);
	jr_add_word(o, "type", bitmap_is_llbitmap(sb) ? "llbitmap" :
		    sb->version == BITMAP_V_CLUSTERED ? "clustered" : "classic");
	jr_add_uuid(o, "uuid", sb->uuid);
	jr_add_u64(o, "events", sb->events);
	jr_add_u64(o, "events_cleared", sb->events_cleared);
	json_object_object_add(o, "state", state_words(sb->state));
	jr_add_u64(o, "chunk_size_bytes", bitmap_is_llbitmap(sb) ? (uint64_t)sb->chunksize * 512 : sb->chunksize);
	jr_add_u64(o, "daemon_sleep_seconds", sb->daemon_sleep);
	jr_add_sectors(o, "sync_size", sb->sync_size);
}

static void classic_counts(struct json_object *o, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	struct bitmap_counts c;
	bitmap_count(sb, buf, len, &c);
	jr_add_u64(o, "chunks", c.chunks);
	jr_add_u64(o, "dirty_chunks", c.dirty);
	jr_add_u64(o, "examined_chunks", c.examined);
}

/* Each node's slot: its own header and bits, in whole 4 KiB after the last. */
static void node_slots(struct json_object *o, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	uint64_t need = bitmap_classic_bytes(sb->sync_size, sb->chunksize);
	uint64_t slot = need > UINT64_MAX - 4095 ? 0 : (need + 4095) / 4096 * 4096;
	struct json_object *a = json_object_new_array();
	for (uint64_t i = 0; i < sb->nodes; i++) {
		if (!buf || len < BITMAP_SB_BYTES || (i && (!slot || i > (len - BITMAP_SB_BYTES) / slot)))
			break;  /* the rest lies past the data read */
		const uint8_t *p = buf + i * slot;
		size_t plen = len - i * slot;
		struct bitmap_sb s;
		struct bitmap_err e;
		struct json_object *n = json_object_new_object();
		jr_add_u64(n, "slot", i);
		bitmap_decode(p, plen, &s, &e);
		jr_add_bool(n, "present", s.magic == BITMAP_MAGIC);
		if (s.magic == BITMAP_MAGIC) {
			jr_add_u64(n, "events", s.events);
			jr_add_u64(n, "events_cleared", s.events_cleared);
			json_object_object_add(n, "state", state_words(s.state));
			s.version = BITMAP_V_CLUSTERED;
			classic_counts(n, &s, p, plen);
		}
		json_object_array_add(a, n);
	}
	json_object_object_add(o, "node_slots", a);
}

static void classic(struct json_object *o, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	jr_add_u64(o, "write_behind_max", sb->write_behind);
	if (sb->version != BITMAP_V_CLUSTERED) {
		classic_counts(o, sb, buf, len);
		return;
	}
	jr_add_u64(o, "nodes", sb->nodes);
	if (sb->cluster_name[0])
		jr_add_bytes(o, "cluster_name", sb->cluster_name, 64);
	node_slots(o, sb, buf, len);
}

static void chunk_map(struct json_object *o, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	struct json_object *a = json_object_new_array();
	struct bitmap_range r;
	uint64_t pos = 0;
	while (bitmap_next_range(sb, buf, len, &pos, &r)) {
		struct json_object *e = json_object_new_object();
		const char *name = jr_llb_key(r.value);
		jr_add_u64(e, "first", r.first);
		jr_add_u64(e, "last", r.last);
		if (name)
			jr_add_word(e, "state", name);
		else
			jr_add_u64(e, "unknown_value", r.value);
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "chunk_map", a);
}

static void llbitmap(struct json_object *o, const struct jr_bitmap_input *in)
{
	const struct bitmap_sb *sb = in->sb;
	struct bitmap_counts c;
	jr_add_u64(o, "reserved_sectors", sb->sectors_reserved);
	bitmap_count(sb, in->buf, in->len, &c);
	jr_add_u64(o, "chunks", c.chunks);
	if (sb->state & (1U << BITMAP_ST_FIRST_USE)) {
		/* no states yet: the kernel sets every chunk at the next start */
		jr_add_word(o, "chunk_states_at_start", sb->state & (1U << BITMAP_ST_CLEAN) ? "clean" : "unwritten");
		return;
	}
	struct json_object *s = json_object_new_object();
	for (unsigned i = 0; i < LLB_STATE_COUNT; i++)
		jr_add_u64(s, jr_llb_key(i), c.state[i]);
	json_object_object_add(o, "chunk_states", s);
	jr_add_u64(o, "unknown_chunks", c.unknown);
	jr_add_u64(o, "examined_chunks", c.examined);
	if (in->verbose > 0)
		chunk_map(o, sb, in->buf, in->len);
}

struct json_object *jr_bitmap(const struct jr_bitmap_input *in)
{
	struct json_object *o = json_object_new_object();
	jr_add_str(o, "device", in->path);
	jr_add_bool(o, "from_superblock", in->from_superblock);
	if (in->from_superblock)
		jr_add_int(o, "superblock_bitmap_offset_sectors", in->sb_bitmap_offset);
	jr_add_u64(o, "offset_bytes", in->start_bytes);
	header(o, in->sb);
	if (bitmap_is_llbitmap(in->sb))
		llbitmap(o, in);
	else
		classic(o, in->sb, in->buf, in->len);
	return o;
}
