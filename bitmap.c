/* Write-intent bitmap headers (classic and llbitmap): decode, encode, count.
 * Pure; see bitmap.h for the layout and the kernel sources behind it. The
 * --examine-bitmap text is bitmap_render.c. */
#include "bitmap.h"
#include "le.h"
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* bitmap_super_t field offsets (md-bitmap.h) */
enum {
	O_MAGIC = 0, O_VERSION = 4, O_UUID = 8, O_EVENTS = 24, O_EVENTS_CLEARED = 32,
	O_SYNC_SIZE = 40, O_STATE = 48, O_CHUNKSIZE = 52, O_DAEMON_SLEEP = 56,
	O_WRITE_BEHIND = 60, O_SECTORS_RESERVED = 64, O_NODES = 68, O_CLUSTER_NAME = 72,
};

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static uint64_t div_round_up(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

static int fail(struct bitmap_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct bitmap_err *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void bitmap_read_fields(const uint8_t *buf, struct bitmap_sb *sb)
{
	memset(sb, 0, sizeof(*sb));
	sb->magic = get32(buf + O_MAGIC);
	sb->version = get32(buf + O_VERSION);
	memcpy(sb->uuid, buf + O_UUID, 16);
	sb->events = get64(buf + O_EVENTS);
	sb->events_cleared = get64(buf + O_EVENTS_CLEARED);
	sb->sync_size = get64(buf + O_SYNC_SIZE);
	sb->state = get32(buf + O_STATE);
	sb->chunksize = get32(buf + O_CHUNKSIZE);
	sb->daemon_sleep = get32(buf + O_DAEMON_SLEEP);
	sb->write_behind = get32(buf + O_WRITE_BEHIND);
	sb->sectors_reserved = get32(buf + O_SECTORS_RESERVED);
	sb->nodes = get32(buf + O_NODES);
	memcpy(sb->cluster_name, buf + O_CLUSTER_NAME, 64);
	sb->cluster_name[64] = '\0';
}

/* md-bitmap.c md_bitmap_read_sb(): the checks made before anything is used. */
static int check_classic(const struct bitmap_sb *sb, struct bitmap_err *e)
{
	if (sb->chunksize < BITMAP_MIN_CHUNK)
		return fail(e, "bitmap chunk size %" PRIu32 " bytes is below the kernel's minimum of 512",
			    sb->chunksize);
	if (!is_pow2(sb->chunksize))
		return fail(e, "bitmap chunk size %" PRIu32 " bytes is not a power of two", sb->chunksize);
	if (sb->daemon_sleep < 1)
		return fail(e, "bitmap daemon sleep 0 is out of range (at least 1 second)");
	if (sb->write_behind > BITMAP_MAX_WRITE_BEHIND)
		return fail(e, "bitmap write-behind limit %" PRIu32 " is out of range (0 - 16383)",
			    sb->write_behind);
	return 0;
}

/* md-llbitmap.c llbitmap_read_sb(): a FIRST_USE header is not checked further,
 * the kernel sizes it itself (llbitmap_init). Otherwise the chunk size (in
 * sectors) must be a power of two large enough for the reserved room, and the
 * daemon sleep at least 1 second. The kernel compares against the live array
 * size and room; the header's own sync_size/sectors_reserved stand in here. */
static int check_llbitmap(const struct bitmap_sb *sb, struct bitmap_err *e)
{
	if (sb->state & (1U << BITMAP_ST_FIRST_USE))
		return 0;
	if (!is_pow2(sb->chunksize))
		return fail(e, "llbitmap chunk size %" PRIu32 " sectors is not a power of two", sb->chunksize);
	if (sb->sectors_reserved &&
	    div_round_up(sb->sync_size, sb->chunksize) > (uint64_t)sb->sectors_reserved * 512)
		return fail(e, "llbitmap chunk size %" PRIu32 " sectors is too small: %" PRIu64
			    " chunks do not fit %" PRIu32 " reserved sectors",
			    sb->chunksize, div_round_up(sb->sync_size, sb->chunksize), sb->sectors_reserved);
	if (sb->daemon_sleep < 1)
		return fail(e, "llbitmap daemon sleep 0 is out of range (at least 1 second)");
	return 0;
}

int bitmap_decode(const uint8_t *buf, size_t len, struct bitmap_sb *sb, struct bitmap_err *e)
{
	memset(sb, 0, sizeof(*sb));
	e->msg[0] = '\0';
	if (!buf || len < BITMAP_SB_BYTES)
		return fail(e, "bitmap header truncated: %zu of %d bytes", buf ? len : 0, BITMAP_SB_BYTES);
	uint32_t magic = get32(buf + O_MAGIC);
	if (magic != BITMAP_MAGIC)
		return fail(e, "bad bitmap magic 0x%08" PRIx32 " (expected 0x%08x)", magic, BITMAP_MAGIC);
	bitmap_read_fields(buf, sb);
	switch (sb->version) {
	case BITMAP_V_HOSTENDIAN: case BITMAP_V_HI: case BITMAP_V_CLUSTERED:
		if (check_classic(sb, e) < 0)
			return -1;
		break;
	case BITMAP_V_LOCKLESS:
		if (check_llbitmap(sb, e) < 0)
			return -1;
		break;
	default:
		return fail(e, "unknown bitmap version %" PRIu32 " (known: 3, 4, 5 classic; 6 llbitmap)",
			    sb->version);
	}
	if (sb->sync_size > BITMAP_MAX_SYNC_SECTORS)
		return fail(e, "bitmap sync size %" PRIu64 " sectors is larger than any block device",
			    sb->sync_size);
	return 0;
}

int bitmap_encode(const struct bitmap_sb *sb, uint8_t *buf, size_t len)
{
	size_t n = bitmap_is_llbitmap(sb) ? LLBITMAP_DATA_OFFSET : BITMAP_SB_BYTES;
	if (!buf || len < n)
		return -1;
	memset(buf, 0, n);
	put32(buf + O_MAGIC, sb->magic);
	put32(buf + O_VERSION, sb->version);
	memcpy(buf + O_UUID, sb->uuid, 16);
	put64(buf + O_EVENTS, sb->events);
	put64(buf + O_EVENTS_CLEARED, sb->events_cleared);
	put64(buf + O_SYNC_SIZE, sb->sync_size);
	put32(buf + O_STATE, sb->state);
	put32(buf + O_CHUNKSIZE, sb->chunksize);
	put32(buf + O_DAEMON_SLEEP, sb->daemon_sleep);
	put32(buf + O_WRITE_BEHIND, sb->write_behind);
	put32(buf + O_SECTORS_RESERVED, sb->sectors_reserved);
	put32(buf + O_NODES, sb->nodes);
	memcpy(buf + O_CLUSTER_NAME, sb->cluster_name, strnlen(sb->cluster_name, 64));
	return (int)n;
}

/* ---- geometry ---- */

uint64_t bitmap_chunks(const struct bitmap_sb *sb)
{
	if (!sb->chunksize)
		return 0;
	if (bitmap_is_llbitmap(sb))
		return div_round_up(sb->sync_size, sb->chunksize);
	/* bytes, as mdadm computes it; 128 bits so that no sync_size overflows */
	unsigned __int128 bytes = (unsigned __int128)sb->sync_size * 512;
	unsigned __int128 n = (bytes + sb->chunksize - 1) / sb->chunksize;
	return n > UINT64_MAX ? UINT64_MAX : (uint64_t)n;
}

uint64_t bitmap_data_offset(const struct bitmap_sb *sb)
{
	return bitmap_is_llbitmap(sb) ? LLBITMAP_DATA_OFFSET : BITMAP_SB_BYTES;
}

uint64_t bitmap_data_bytes(const struct bitmap_sb *sb)
{
	uint64_t n = bitmap_chunks(sb);
	return bitmap_is_llbitmap(sb) ? n : div_round_up(n, 8);
}

uint64_t bitmap_slot_bytes(const struct bitmap_sb *sb)
{
	uint64_t need = bitmap_classic_bytes(sb->sync_size, sb->chunksize);
	return need > UINT64_MAX - 4095 ? 0 : div_round_up(need, 4096) * 4096;
}

uint64_t bitmap_total_bytes(const struct bitmap_sb *sb)
{
	if (!sb->chunksize)
		return UINT64_MAX;
	if (sb->version != BITMAP_V_CLUSTERED || sb->nodes <= 1)
		return bitmap_data_offset(sb) + bitmap_data_bytes(sb);
	uint64_t slot = bitmap_slot_bytes(sb);
	if (!slot || slot > UINT64_MAX / sb->nodes)
		return UINT64_MAX;
	return slot * sb->nodes;
}

uint64_t bitmap_classic_bytes(uint64_t sync_sectors, uint32_t chunk_bytes)
{
	if (!chunk_bytes)
		return UINT64_MAX;
	struct bitmap_sb sb = { .version = BITMAP_V_HI, .sync_size = sync_sectors, .chunksize = chunk_bytes };
	return BITMAP_SB_BYTES + bitmap_data_bytes(&sb);
}

/* mdadm 4.6 black box (tests/unit/fixtures/bitmap/rule.txt): 64 MiB, doubled
 * until header + bits fit the room. */
uint32_t bitmap_default_chunk(uint64_t sync_sectors, uint32_t room_sectors)
{
	uint64_t room = (uint64_t)room_sectors * 512;
	uint32_t chunk = 64U << 20;
	while (room && chunk < BITMAP_MAX_CHUNK && bitmap_classic_bytes(sync_sectors, chunk) > room)
		chunk <<= 1;
	return chunk;
}

/* md-llbitmap.c llbitmap_init(): chunks are compared with the room in bytes;
 * md.c super_1_load(): a v1 array without a recorded room gets (4096-1024)>>9. */
uint32_t llbitmap_kernel_chunk(uint64_t sync_sectors, uint32_t space_sectors)
{
	uint64_t space = (uint64_t)(space_sectors ? space_sectors : 6) * 512;
	uint64_t chunk = LLBITMAP_MIN_CHUNK;
	while (div_round_up(sync_sectors, chunk) > space && chunk < (1ULL << 31))
		chunk <<= 1;
	return (uint32_t)chunk;
}

/* llbitmap_cache_pages() and __llbitmap_flush(): DIV_ROUND_UP(chunks + 1024,
 * PAGE_SIZE) pages, all of them written. */
uint64_t llbitmap_bytes(uint64_t sync_sectors, uint32_t space_sectors)
{
	uint64_t chunks = div_round_up(sync_sectors, llbitmap_kernel_chunk(sync_sectors, space_sectors));
	return div_round_up(LLBITMAP_DATA_OFFSET + chunks, 4096) * 4096;
}

/* The kernel writes whole 4 KiB pages covering 1 KiB header + one byte per
 * chunk (llbitmap_cache_pages, __llbitmap_flush), and allows as many chunks as
 * sectors_reserved*512: keep 1024 + that within the whole pages of the room. */
uint32_t llbitmap_reserved_for_room(uint32_t room_sectors)
{
	uint64_t usable = ((uint64_t)room_sectors * 512) & ~(uint64_t)4095;
	if (usable < 4096)
		return 0;
	return (uint32_t)((usable - LLBITMAP_DATA_OFFSET) / 512);
}

/* ---- new headers ---- */

static void new_common(const struct bitmap_new *p, struct bitmap_sb *sb, uint32_t version)
{
	memset(sb, 0, sizeof(*sb));
	sb->magic = BITMAP_MAGIC;
	sb->version = version;
	memcpy(sb->uuid, p->uuid, 16);
	sb->events = p->events;
	sb->events_cleared = p->events;
	sb->sync_size = p->sync_size;
}

int bitmap_new_classic(const struct bitmap_new *p, struct bitmap_sb *sb, struct bitmap_err *e)
{
	e->msg[0] = '\0';
	new_common(p, sb, BITMAP_V_HI);
	if (p->sync_size > BITMAP_MAX_SYNC_SECTORS)
		return fail(e, "bitmap sync size %" PRIu64 " sectors is too large", p->sync_size);
	sb->chunksize = p->chunk_bytes ? p->chunk_bytes : bitmap_default_chunk(p->sync_size, p->room_sectors);
	sb->daemon_sleep = p->daemon_sleep ? p->daemon_sleep : BITMAP_DAEMON_SLEEP;
	sb->write_behind = p->write_behind;
	sb->sectors_reserved = p->room_sectors;
	if (check_classic(sb, e) < 0)
		return -1;
	uint64_t need = bitmap_classic_bytes(p->sync_size, sb->chunksize);
	if (p->room_sectors && need > (uint64_t)p->room_sectors * 512)
		return fail(e, "bitmap chunk %" PRIu32 " bytes needs %" PRIu64 " bytes of bitmap, only %"
			    PRIu64 " reserved: use a larger --bitmap-chunk",
			    sb->chunksize, need, (uint64_t)p->room_sectors * 512);
	return 0;
}

int bitmap_new_llbitmap(const struct bitmap_new *p, struct bitmap_sb *sb, struct bitmap_err *e)
{
	e->msg[0] = '\0';
	new_common(p, sb, BITMAP_V_LOCKLESS);
	if (p->chunk_bytes)
		return fail(e, "llbitmap has no settable chunk size: the kernel chooses it");
	if (p->write_behind)
		return fail(e, "llbitmap does not support write-behind");
	if (p->sync_size > BITMAP_MAX_SYNC_SECTORS)
		return fail(e, "bitmap sync size %" PRIu64 " sectors is too large", p->sync_size);
	sb->sectors_reserved = llbitmap_reserved_for_room(p->room_sectors);
	if (!sb->sectors_reserved)
		return fail(e, "llbitmap needs at least 4 KiB of room, %" PRIu32 " sectors reserved",
			    p->room_sectors);
	sb->state = 1U << BITMAP_ST_FIRST_USE;
	if (p->clean)
		sb->state |= 1U << BITMAP_ST_CLEAN;
	sb->chunksize = llbitmap_kernel_chunk(p->sync_size, sb->sectors_reserved);
	/* the kernel overrides it with 30 on first use anyway (llbitmap_init) */
	sb->daemon_sleep = p->daemon_sleep ? p->daemon_sleep : LLBITMAP_DAEMON_SLEEP;
	return 0;
}

void bitmap_init_area(const struct bitmap_sb *sb, bool clean, uint8_t *buf, size_t len)
{
	uint64_t off = bitmap_data_offset(sb);
	if (!buf || len <= off)
		return;
	memset(buf + off, 0xff, len - off);
	if (bitmap_is_llbitmap(sb) || !clean)
		return;
	uint64_t chunks = bitmap_chunks(sb);
	uint64_t avail = (len - off) * 8;       /* len < 2^61 on any real machine */
	if (chunks > avail)
		chunks = avail;
	memset(buf + off, 0, chunks / 8);
	if (chunks % 8)
		buf[off + chunks / 8] = (uint8_t)(0xff << (chunks % 8));
}

/* ---- counting ---- */

/* Chunks whose bit/byte lies inside len. */
static uint64_t examinable(const struct bitmap_sb *sb, size_t len)
{
	uint64_t off = bitmap_data_offset(sb), chunks = bitmap_chunks(sb);
	if (len <= off)
		return 0;
	uint64_t avail = len - off;
	if (!bitmap_is_llbitmap(sb))
		avail = avail > UINT64_MAX / 8 ? UINT64_MAX : avail * 8;
	return avail < chunks ? avail : chunks;
}

/* Classic bit i: little-endian bit order (test_bit_le). Version 3 is host
 * order, the same thing on the little-endian hosts it was written on. */
static unsigned chunk_value(const struct bitmap_sb *sb, const uint8_t *buf, uint64_t i)
{
	if (bitmap_is_llbitmap(sb))
		return buf[LLBITMAP_DATA_OFFSET + i];
	return buf[BITMAP_SB_BYTES + i / 8] >> (i % 8) & 1;
}

void bitmap_count(const struct bitmap_sb *sb, const uint8_t *buf, size_t len, struct bitmap_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->chunks = bitmap_chunks(sb);
	c->examined = buf ? examinable(sb, len) : 0;
	if (bitmap_is_llbitmap(sb)) {
		const uint8_t *p = buf + LLBITMAP_DATA_OFFSET;
		for (uint64_t i = 0; i < c->examined; i++) {
			if (p[i] < LLB_STATE_COUNT)
				c->state[p[i]]++;
			else
				c->unknown++;
		}
		return;
	}
	const uint8_t *p = buf + BITMAP_SB_BYTES;
	uint64_t whole = c->examined / 8;
	for (uint64_t i = 0; i < whole; i++)
		c->dirty += (unsigned)__builtin_popcount(p[i]);
	/* the padding bits past the last chunk are not counted (mdadm neither) */
	for (uint64_t i = whole * 8; i < c->examined; i++)
		c->dirty += chunk_value(sb, buf, i);
}

const char *llbitmap_state_name(unsigned v)
{
	/* md-llbitmap.c bits_show() */
	static const char *const names[LLB_STATE_COUNT] = {
		"unwritten", "clean", "dirty", "need sync", "syncing",
		"need sync unwritten", "syncing unwritten", "clean unwritten",
	};
	return v < LLB_STATE_COUNT ? names[v] : NULL;
}

bool bitmap_next_range(const struct bitmap_sb *sb, const uint8_t *buf, size_t len,
		       uint64_t *pos, struct bitmap_range *r)
{
	uint64_t n = buf ? examinable(sb, len) : 0;
	if (*pos >= n)
		return false;
	uint64_t i = *pos;
	unsigned v = chunk_value(sb, buf, i);
	while (i + 1 < n && chunk_value(sb, buf, i + 1) == v)
		i++;
	r->first = *pos;
	r->last = i;
	r->value = (uint8_t)v;
	*pos = i + 1;
	return true;
}
