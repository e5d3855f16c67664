/* --examine-bitmap (-X) text of a decoded bitmap header and the bitmap area
 * read after it: classic bitmaps in mdadm 4.6's layout, llbitmap in ours.
 * Pure: from the decoded structs to a FILE * (examine_bitmap.c reads the
 * device; tests/unit/test_bitmap.c, tests/fuzz/fuzz_bitmap.c and
 * fuzz_examine.c drive it directly). */
#include "bitmap_render.h"
#include "sizes.h"
#include "uuid.h"
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* mdadm 4.6: integer division into the largest unit reached. */
static void chunk_text(uint32_t c, char *out, size_t n)
{
	if (c >= 1U << 30)
		snprintf(out, n, "%" PRIu32 " GB", c >> 30);
	else if (c >= 1U << 20)
		snprintf(out, n, "%" PRIu32 " MB", c >> 20);
	else if (c >= 1U << 10)
		snprintf(out, n, "%" PRIu32 " KB", c >> 10);
	else
		snprintf(out, n, "%" PRIu32 " B", c);
}

/* "1046528 (1022.00 MiB 1071.64 MB)": KiB, with the human pair from 5000 KiB up. */
static void sync_text(uint64_t sectors, char *out, size_t n)
{
	if (sectors < 10000 || sectors > BITMAP_MAX_SYNC_SECTORS) {
		snprintf(out, n, "%" PRIu64, sectors / 2);
		return;
	}
	char h[64];
	human_size_pair(sectors * 512, h, sizeof(h));
	snprintf(out, n, "%" PRIu64 " (%s)", sectors / 2, h);
}

static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void line(FILE *f, int w, const char *label, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void line(FILE *f, int w, const char *label, const char *fmt, ...)
{
	va_list ap;
	fprintf(f, "%*s : ", w, label);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* Header block and bit counts of one classic bitmap, mdadm's wording. */
static void classic_state_line(FILE *f, const struct bitmap_sb *sb)
{
	/* mdadm recognises exactly 0 and "stale alone"; anything else is Unknown */
	line(f, 16, "State", "%s", sb->state == 0 ? "OK" :
	     sb->state == 1U << BITMAP_ST_STALE ? "Out of date" : "Unknown");
}

static void classic_bits_line(FILE *f, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	struct bitmap_counts c;
	bitmap_count(sb, buf, len, &c);
	line(f, 16, "Bitmap", "%" PRIu64 " bits (chunks), %" PRIu64 " dirty (%2.1f%%)",
	     c.chunks, c.dirty, percent(c.dirty, c.chunks));
	if (c.examined < c.chunks)
		fprintf(f, "%16s   (only %" PRIu64 " of %" PRIu64 " bits could be read)\n", "",
			c.examined, c.chunks);
}

static void print_classic(FILE *f, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	char u[37], t[96];
	uuid_format(sb->uuid, ':', u);
	line(f, 16, "Magic", "%08" PRIx32, sb->magic);
	line(f, 16, "Version", "%" PRIu32, sb->version);
	line(f, 16, "UUID", "%s", u);
	bool clustered = sb->version == BITMAP_V_CLUSTERED;
	if (!clustered) {
		line(f, 16, "Events", "%" PRIu64, sb->events);
		line(f, 16, "Events Cleared", "%" PRIu64, sb->events_cleared);
		classic_state_line(f, sb);
	}
	chunk_text(sb->chunksize, t, sizeof(t));
	line(f, 16, "Chunksize", "%s", t);
	line(f, 16, "Daemon", "%" PRIu32 "s flush period", sb->daemon_sleep);
	if (sb->write_behind)
		line(f, 16, "Write Mode", "Allow write behind, max %" PRIu32, sb->write_behind);
	else
		line(f, 16, "Write Mode", "Normal");
	sync_text(sb->sync_size, t, sizeof(t));
	line(f, 16, "Sync Size", "%s", t);
	if (!clustered) {
		classic_bits_line(f, sb, buf, len);
		return;
	}
	line(f, 16, "Cluster nodes", "%" PRIu32, sb->nodes);
	line(f, 16, "Cluster name", "%-64s", sb->cluster_name);
	/* only the node slots inside len are shown */
	uint64_t slot_bytes = bitmap_slot_bytes(sb);
	for (uint64_t i = 0; i < sb->nodes; i++) {
		if (!buf || len < BITMAP_SB_BYTES || (i && (!slot_bytes || i > (len - BITMAP_SB_BYTES) / slot_bytes))) {
			fprintf(f, "%16s   (node slots %" PRIu64 "-%" PRIu32 " lie past the data read)\n", "",
				i, sb->nodes - 1);
			break;
		}
		struct bitmap_sb s;
		const uint8_t *p = buf + i * slot_bytes;
		size_t plen = len - i * slot_bytes;
		bitmap_read_fields(p, &s);
		line(f, 16, "Node Slot", "%" PRIu64, i);
		line(f, 16, "Events", "%" PRIu64, s.events);
		line(f, 16, "Events Cleared", "%" PRIu64, s.events_cleared);
		classic_state_line(f, &s);
		s.version = BITMAP_V_CLUSTERED;
		if (s.magic != BITMAP_MAGIC)
			s.sync_size = 0;        /* nothing there: mdadm shows 0 bits */
		classic_bits_line(f, &s, p, plen);
	}
}

/* ---- llbitmap (our own format) ---- */

#define LW 19   /* label width: fits "need sync unwritten" */

static void llb_state_text(uint32_t st, char *out, size_t n)
{
	static const char *const names[] = {
		[BITMAP_ST_STALE] = "stale", [BITMAP_ST_WRITE_ERROR] = "write error",
		[BITMAP_ST_FIRST_USE] = "first use", [BITMAP_ST_CLEAN] = "clean",
		[BITMAP_ST_DAEMON_BUSY] = "daemon busy", [BITMAP_ST_SHUTDOWN] = "shutdown",
		[BITMAP_ST_HOSTENDIAN] = "host endian",
	};
	size_t used = 0;
	out[0] = '\0';
	if (!st) {
		snprintf(out, n, "OK");
		return;
	}
	for (unsigned b = 0; b < 32; b++) {
		if (!(st & (1U << b)))
			continue;
		const char *name = b < sizeof(names) / sizeof(names[0]) ? names[b] : NULL;
		int k = name ? snprintf(out + used, n - used, "%s%s", used ? ", " : "", name)
			     : snprintf(out + used, n - used, "%sbit %u", used ? ", " : "", b);
		if (k < 0 || (size_t)k >= n - used)
			return;
		used += (size_t)k;
	}
}

static void size_text(uint64_t bytes, char *out, size_t n)
{
	if (bytes >= 1ULL << 30 && !(bytes & ((1ULL << 30) - 1)))
		snprintf(out, n, "%" PRIu64 " GiB", bytes >> 30);
	else if (bytes >= 1ULL << 20 && !(bytes & ((1ULL << 20) - 1)))
		snprintf(out, n, "%" PRIu64 " MiB", bytes >> 20);
	else if (bytes >= 1ULL << 10 && !(bytes & ((1ULL << 10) - 1)))
		snprintf(out, n, "%" PRIu64 " KiB", bytes >> 10);
	else
		snprintf(out, n, "%" PRIu64 " B", bytes);
}

static void print_llb_ranges(FILE *f, const struct bitmap_sb *sb, const uint8_t *buf, size_t len)
{
	struct bitmap_range r;
	uint64_t pos = 0;
	fprintf(f, "%*s :\n", LW, "Chunk map");
	while (bitmap_next_range(sb, buf, len, &pos, &r)) {
		const char *name = llbitmap_state_name(r.value);
		char v[24];
		if (!name) {
			snprintf(v, sizeof(v), "unknown (0x%02x)", r.value);
			name = v;
		}
		if (r.first == r.last)
			fprintf(f, "%*s   %" PRIu64 ": %s\n", LW, "", r.first, name);
		else
			fprintf(f, "%*s   %" PRIu64 "-%" PRIu64 ": %s\n", LW, "", r.first, r.last, name);
	}
}

static void print_llbitmap(FILE *f, const struct bitmap_sb *sb, const uint8_t *buf, size_t len, int verbose)
{
	char u[37], t[160], s[32];
	uuid_format(sb->uuid, ':', u);
	line(f, LW, "Magic", "%08" PRIx32, sb->magic);
	line(f, LW, "Version", "%" PRIu32 " (llbitmap)", sb->version);
	line(f, LW, "UUID", "%s", u);
	line(f, LW, "Events", "%" PRIu64, sb->events);
	line(f, LW, "Events Cleared", "%" PRIu64, sb->events_cleared);
	llb_state_text(sb->state, t, sizeof(t));
	line(f, LW, "State", "%s", t);
	size_text((uint64_t)sb->chunksize * 512, s, sizeof(s));
	line(f, LW, "Chunksize", "%s (%" PRIu32 " sectors)", s, sb->chunksize);
	line(f, LW, "Daemon", "%" PRIu32 "s flush period", sb->daemon_sleep);
	if (sb->sync_size >= 10000 && sb->sync_size <= BITMAP_MAX_SYNC_SECTORS) {
		char h[64];
		human_size_pair(sb->sync_size * 512, h, sizeof(h));
		line(f, LW, "Sync Size", "%" PRIu64 " KiB (%s)", sb->sync_size / 2, h);
	} else {
		line(f, LW, "Sync Size", "%" PRIu64 " KiB", sb->sync_size / 2);
	}
	size_text((uint64_t)sb->sectors_reserved * 512, s, sizeof(s));
	line(f, LW, "Reserved", "%" PRIu32 " sectors (%s)", sb->sectors_reserved, s);

	struct bitmap_counts c;
	bitmap_count(sb, buf, len, &c);
	line(f, LW, "Chunks", "%" PRIu64, c.chunks);
	if (sb->state & (1U << BITMAP_ST_FIRST_USE)) {
		/* llbitmap_init() sizes the bitmap and sets every chunk at each start
		 * until the header is first rewritten; raid4/5/6 whose members all
		 * zero with unmap get "clean unwritten" instead of "unwritten". */
		line(f, LW, "Chunk states", "set at the next start (first use): every chunk becomes %s",
		     sb->state & (1U << BITMAP_ST_CLEAN) ? "clean" : "unwritten");
		return;
	}
	for (unsigned i = 0; i < LLB_STATE_COUNT; i++)
		line(f, LW, llbitmap_state_name(i), "%" PRIu64, c.state[i]);
	line(f, LW, "unknown", "%" PRIu64, c.unknown);
	if (c.examined < c.chunks)
		line(f, LW, "not read", "%" PRIu64 " chunks (past the end of the data read)",
		     c.chunks - c.examined);
	if (verbose > 0)
		print_llb_ranges(f, sb, buf, len);
}

void bitmap_print(FILE *f, const char *filename, const struct bitmap_sb *sb,
		  const uint8_t *buf, size_t len, int verbose)
{
	if (bitmap_is_llbitmap(sb)) {
		line(f, LW, "Filename", "%s", filename);
		print_llbitmap(f, sb, buf, len, verbose);
		return;
	}
	line(f, 16, "Filename", "%s", filename);
	print_classic(f, sb, buf, len);
}
