/* libFuzzer target for bitmap.c. Any input is a bitmap area from its first
 * byte: bitmap_decode must not crash and must explain a rejection; counting,
 * the range walk and the text (to /dev/null) must stay inside the input and
 * agree with each other; an accepted header must survive encode -> decode.
 * The raw-field dump (print after a failed decode) is exercised too. */
#include "bitmap.h"
#include "bitmap_render.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *devnull(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

static void same_or_die(const struct bitmap_sb *a, const struct bitmap_sb *b)
{
#define F(x) if (a->x != b->x) abort()
	F(magic); F(version); F(events); F(events_cleared); F(sync_size); F(state);
	F(chunksize); F(daemon_sleep); F(write_behind); F(sectors_reserved); F(nodes);
#undef F
	if (memcmp(a->uuid, b->uuid, 16) || strcmp(a->cluster_name, b->cluster_name))
		abort();
}

/* Counts and ranges describe the same chunks. */
static void check_counts(const struct bitmap_sb *sb, const uint8_t *data, size_t size)
{
	struct bitmap_counts c;
	bitmap_count(sb, data, size, &c);
	if (c.examined > c.chunks)
		abort();
	uint64_t total = c.unknown, dirty = 0, covered = 0, pos = 0;
	for (int i = 0; i < LLB_STATE_COUNT; i++)
		total += c.state[i];
	if (bitmap_is_llbitmap(sb) ? total != c.examined : (total || c.dirty > c.examined))
		abort();
	struct bitmap_range r;
	while (bitmap_next_range(sb, data, size, &pos, &r)) {
		if (r.first != covered || r.last < r.first || pos != r.last + 1)
			abort();
		if (!bitmap_is_llbitmap(sb) && r.value)
			dirty += r.last - r.first + 1;
		covered = r.last + 1;
	}
	if (covered != c.examined || (!bitmap_is_llbitmap(sb) && dirty != c.dirty))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bitmap_sb sb, back;
	struct bitmap_err e;
	int rc = bitmap_decode(data, size, &sb, &e);
	if (rc < 0 && (!memchr(e.msg, 0, sizeof(e.msg)) || !e.msg[0]))
		abort();                /* a rejection must explain itself */
	if (rc < 0 && sb.magic != BITMAP_MAGIC)
		return 0;               /* nothing decoded to show */
	check_counts(&sb, data, size);
	bitmap_print(devnull(), "fuzz", &sb, data, size, 1);
	if (rc < 0)
		return 0;

	uint8_t buf[LLBITMAP_DATA_OFFSET];
	int n = bitmap_encode(&sb, buf, sizeof(buf));
	if (n != (bitmap_is_llbitmap(&sb) ? LLBITMAP_DATA_OFFSET : BITMAP_SB_BYTES))
		abort();
	if (bitmap_decode(buf, (size_t)n, &back, &e) < 0)
		abort();
	same_or_die(&sb, &back);

	/* new headers from the decoded values must be accepted by decode */
	struct bitmap_new p = {
		.events = sb.events, .sync_size = sb.sync_size, .daemon_sleep = sb.daemon_sleep,
		.room_sectors = sb.sectors_reserved, .clean = sb.state & 1,
	};
	memcpy(p.uuid, sb.uuid, 16);
	if (bitmap_new_llbitmap(&p, &back, &e) == 0) {
		if (bitmap_encode(&back, buf, sizeof(buf)) < 0 || bitmap_decode(buf, sizeof(buf), &back, &e) < 0)
			abort();
	}
	p.chunk_bytes = sb.chunksize;
	p.write_behind = sb.write_behind;
	if (bitmap_new_classic(&p, &back, &e) == 0) {
		if (bitmap_encode(&back, buf, sizeof(buf)) < 0 || bitmap_decode(buf, sizeof(buf), &back, &e) < 0)
			abort();
		/* a fresh area fits what the header asks for and counts as set up */
		size_t len = size < 65536 ? size : 65536;
		uint8_t *area = malloc(len ? len : 1);
		if (!area)
			abort();
		memcpy(area, data, len);
		bitmap_init_area(&back, true, area, len);
		struct bitmap_counts c;
		bitmap_count(&back, area, len, &c);
		if (c.dirty)
			abort();
		free(area);
	}
	return 0;
}
