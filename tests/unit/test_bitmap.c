/* Unit tests for bitmap.c: classic and llbitmap headers, counts, ranges and
 * the --examine-bitmap text (classic compared with mdadm 4.6 -X captures in
 * fixtures/bitmap, see capture.sh there). Runs from tests/unit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bitmap.h"
#include "bitmap_render.h"

#define FIX "fixtures/bitmap/"

/* ---- helpers ---- */

static void put_le32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i); }
static void put_le64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32)); }

/* Whole file into a malloc'd buffer of at least min_len bytes (zero padded:
 * mdadm read zeros past the bitmap from the image the fixture came from). */
static uint8_t *slurp(const char *path, size_t min_len, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	size_t cap = (size_t)n > min_len ? (size_t)n : min_len;
	uint8_t *buf = calloc(1, cap + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = min_len ? cap : (size_t)n;
	return buf;
}

/* bitmap_print() into a string (caller frees). */
static char *print_to_string(const struct bitmap_sb *sb, const uint8_t *buf, size_t len, int verbose)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	bitmap_print(f, "MEMBER", sb, buf, len, verbose);
	fclose(f);
	return out;
}

/* A valid classic header with distinct values in every field. */
static void classic_bytes(uint8_t *b, uint64_t sync, uint32_t chunk)
{
	memset(b, 0, BITMAP_SB_BYTES);
	put_le32(b, BITMAP_MAGIC);
	put_le32(b + 4, 4);
	for (int i = 0; i < 16; i++)
		b[8 + i] = (uint8_t)(0x10 + i);
	put_le64(b + 24, 0x1122334455ULL);
	put_le64(b + 32, 0x1122334400ULL);
	put_le64(b + 40, sync);
	put_le32(b + 48, 0);
	put_le32(b + 52, chunk);
	put_le32(b + 56, 5);
	put_le32(b + 60, 0);
	put_le32(b + 64, 8);
	put_le32(b + 68, 0);
}

static void expect_reject(const uint8_t *b, size_t len, const char *needle)
{
	struct bitmap_sb sb;
	struct bitmap_err e;
	assert_int_equal(bitmap_decode(b, len, &sb, &e), -1);
	assert_non_null(memchr(e.msg, 0, sizeof(e.msg)));
	if (!strstr(e.msg, needle))
		fail_msg("error \"%s\" lacks \"%s\"", e.msg, needle);
}

/* ---- fixtures: mdadm 4.6 -X output for bitmaps the kernel or we wrote ---- */

static int is_bitmap_file(const char *name)
{
	size_t n = strlen(name);
	return n > 7 && !strcmp(name + n - 7, ".bitmap");
}

/* classic fixtures: NAME.bitmap with mdadm's NAME.X */
static int fixture_filter(const struct dirent *d)
{
	return is_bitmap_file(d->d_name) && strncmp(d->d_name, "ll-", 3);
}

/* llbitmap fixtures: NAME.bitmap written by the kernel, NAME.bits its
 * llbitmap/bits at the time, NAME.txt our text (a snapshot) */
static int ll_filter(const struct dirent *d)
{
	return is_bitmap_file(d->d_name) && !strncmp(d->d_name, "ll-", 3);
}

static void test_fixtures_match_mdadm(void **state)
{
	(void)state;
	struct dirent **list;
	int n = scandir(FIX, &list, fixture_filter, alphasort);
	assert_true(n >= 10);
	for (int i = 0; i < n; i++) {
		char path[512], name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(list[i]->d_name) - 7), list[i]->d_name);
		print_message("fixture %s\n", name);
		size_t len, xlen;
		snprintf(path, sizeof(path), FIX "%s.bitmap", name);
		uint8_t *buf = slurp(path, 1 << 20, &len);
		snprintf(path, sizeof(path), FIX "%s.X", name);
		char *want = (char *)slurp(path, 0, &xlen);
		struct bitmap_sb sb;
		struct bitmap_err e;
		int rc = bitmap_decode(buf, len, &sb, &e);
		/* state 6 is still loadable: the kernel checks no state bits */
		if (rc < 0)
			fail_msg("%s: %s", name, e.msg);
		char *got = print_to_string(&sb, buf, len, 0);
		if (strcmp(got, want))
			fail_msg("%s: output differs\n--- mdadm\n%s--- ours\n%s", name, want, got);
		/* verbose adds nothing for classic, as with mdadm -X -v */
		char *gotv = print_to_string(&sb, buf, len, 1);
		assert_string_equal(gotv, want);
		free(gotv);
		free(got);
		free(want);
		free(buf);
		free(list[i]);
	}
	free(list);
}

static void test_llbitmap_fixtures(void **state)
{
	(void)state;
	struct dirent **list;
	int n = scandir(FIX, &list, ll_filter, alphasort);
	assert_true(n >= 2);
	for (int i = 0; i < n; i++) {
		char path[512], name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(list[i]->d_name) - 7), list[i]->d_name);
		print_message("fixture %s\n", name);
		size_t len, blen, tlen;
		snprintf(path, sizeof(path), FIX "%s.bitmap", name);
		uint8_t *buf = slurp(path, 0, &len);
		snprintf(path, sizeof(path), FIX "%s.bits", name);
		char *bits = (char *)slurp(path, 0, &blen);
		snprintf(path, sizeof(path), FIX "%s.txt", name);
		char *want = (char *)slurp(path, 0, &tlen);
		struct bitmap_sb sb;
		struct bitmap_err e;
		if (bitmap_decode(buf, len, &sb, &e) < 0)
			fail_msg("%s: %s", name, e.msg);
		assert_true(bitmap_is_llbitmap(&sb));
		assert_int_equal(sb.state, 0);          /* the kernel cleared FIRST_USE */
		struct bitmap_counts c;
		bitmap_count(&sb, buf, len, &c);
		assert_int_equal(c.examined, c.chunks);
		assert_int_equal(c.unknown, 0);
		/* the kernel's own counts, "unwritten N\nclean N\n..." in state order */
		char *p = bits;
		for (unsigned st = 0; st < LLB_STATE_COUNT; st++) {
			const char *label = llbitmap_state_name(st);
			assert_memory_equal(p, label, strlen(label));
			p += strlen(label);
			uint64_t v = strtoull(p, &p, 10);
			if (v != c.state[st])
				fail_msg("%s: %s kernel %" PRIu64 " ours %" PRIu64, name, label, v, c.state[st]);
			assert_int_equal(*p++, '\n');
		}
		char *got = print_to_string(&sb, buf, len, 1);
		if (strcmp(got, want))
			fail_msg("%s: output differs\n--- snapshot\n%s--- ours\n%s", name, want, got);
		free(got);
		free(want);
		free(bits);
		free(buf);
		free(list[i]);
	}
	free(list);
}

/* Facts of the kernel-written fixtures, independent of the text. */
static void test_fixture_fields(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = slurp(FIX "r1-1g-dirty.bitmap", 0, &len);
	struct bitmap_sb sb;
	struct bitmap_err e;
	assert_int_equal(bitmap_decode(buf, len, &sb, &e), 0);
	assert_int_equal(sb.version, 4);
	assert_int_equal(sb.chunksize, 64 << 20);
	assert_int_equal(sb.sync_size, 2093056);
	assert_int_equal(sb.daemon_sleep, 5);
	assert_int_equal(sb.sectors_reserved, 0);       /* mdadm 4.6 leaves it 0 */
	assert_int_equal(bitmap_chunks(&sb), 16);
	assert_int_equal(bitmap_data_bytes(&sb), 2);
	struct bitmap_counts c;
	bitmap_count(&sb, buf, len, &c);
	assert_int_equal(c.chunks, 16);
	assert_int_equal(c.examined, 16);
	assert_int_equal(c.dirty, 3);
	/* chunks 0, 7 and 15 were written while degraded */
	struct bitmap_range r;
	uint64_t pos = 0, want[][3] = { {0, 0, 1}, {1, 6, 0}, {7, 7, 1}, {8, 14, 0}, {15, 15, 1} };
	for (size_t i = 0; i < 5; i++) {
		assert_true(bitmap_next_range(&sb, buf, len, &pos, &r));
		assert_int_equal(r.first, want[i][0]);
		assert_int_equal(r.last, want[i][1]);
		assert_int_equal(r.value, want[i][2]);
	}
	assert_false(bitmap_next_range(&sb, buf, len, &pos, &r));
	free(buf);

	buf = slurp(FIX "r1-100t-dirty.bitmap", 0, &len);
	assert_int_equal(bitmap_decode(buf, len, &sb, &e), 0);
	assert_int_equal(sb.chunksize, 128 << 20);
	bitmap_count(&sb, buf, len, &c);
	assert_int_equal(c.chunks, 819199);
	assert_int_equal(c.dirty, 3);                   /* the set padding bit is not counted */
	assert_int_equal(bitmap_classic_bytes(sb.sync_size, sb.chunksize), 256 + 102400);
	free(buf);
}

/* ---- decode: every rejection ---- */

static void test_truncation_every_length(void **state)
{
	(void)state;
	uint8_t b[BITMAP_SB_BYTES];
	classic_bytes(b, 2048, 65536);
	for (size_t n = 0; n < BITMAP_SB_BYTES; n++)
		expect_reject(b, n, "truncated");
	struct bitmap_sb sb;
	struct bitmap_err e;
	assert_int_equal(bitmap_decode(NULL, 0, &sb, &e), -1);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	/* and the same for an llbitmap header, whose state bytes start at 1 KiB */
	struct bitmap_new p = { .sync_size = 1 << 21, .room_sectors = 256 };
	uint8_t l[LLBITMAP_DATA_OFFSET];
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), 0);
	assert_int_equal(bitmap_encode(&sb, l, sizeof(l)), LLBITMAP_DATA_OFFSET);
	for (size_t n = 0; n < BITMAP_SB_BYTES; n++)
		expect_reject(l, n, "truncated");
	assert_int_equal(bitmap_decode(l, BITMAP_SB_BYTES, &sb, &e), 0);
}

static void test_rejections(void **state)
{
	(void)state;
	uint8_t b[BITMAP_SB_BYTES];
	struct bitmap_sb sb;
	struct bitmap_err e;

	classic_bytes(b, 2048, 65536);
	put_le32(b, 0x6d746963);
	expect_reject(b, sizeof(b), "bad bitmap magic 0x6d746963");
	/* raw fields are not filled for a foreign magic */
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), -1);
	assert_int_equal(sb.version, 0);

	static const uint32_t bad_versions[] = { 0, 1, 2, 7, 0x04000000, UINT32_MAX };
	for (size_t i = 0; i < sizeof(bad_versions) / sizeof(bad_versions[0]); i++) {
		classic_bytes(b, 2048, 65536);
		put_le32(b + 4, bad_versions[i]);
		expect_reject(b, sizeof(b), "unknown bitmap version");
		/* the raw fields are kept for a best-effort dump */
		assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), -1);
		assert_int_equal(sb.version, bad_versions[i]);
		assert_int_equal(sb.sync_size, 2048);
	}
	static const uint32_t small[] = { 0, 1, 256, 511 };
	for (size_t i = 0; i < 4; i++) {
		classic_bytes(b, 2048, small[i]);
		expect_reject(b, sizeof(b), "below the kernel's minimum");
	}
	static const uint32_t not_pow2[] = { 513, 3 << 16, 1536 * 1024, UINT32_MAX, (1U << 31) + 512 };
	for (size_t i = 0; i < 5; i++) {
		classic_bytes(b, 2048, not_pow2[i]);
		expect_reject(b, sizeof(b), "not a power of two");
	}
	classic_bytes(b, 2048, 65536);
	put_le32(b + 56, 0);
	expect_reject(b, sizeof(b), "daemon sleep 0");
	classic_bytes(b, 2048, 65536);
	put_le32(b + 60, 16384);
	expect_reject(b, sizeof(b), "write-behind limit 16384");
	put_le32(b + 60, 16383);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	classic_bytes(b, BITMAP_MAX_SYNC_SECTORS + 1, 65536);
	expect_reject(b, sizeof(b), "larger than any block device");
	classic_bytes(b, BITMAP_MAX_SYNC_SECTORS, 1U << 31);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);

	/* every classic version loads; extreme chunk sizes are fine */
	for (uint32_t v = 3; v <= 5; v++) {
		classic_bytes(b, 2048, 512);
		put_le32(b + 4, v);
		assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
		assert_int_equal(sb.version, v);
		put_le32(b + 52, 1U << 31);
		assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	}
}

static void test_llbitmap_rejections(void **state)
{
	(void)state;
	uint8_t b[LLBITMAP_DATA_OFFSET];
	struct bitmap_sb sb;
	struct bitmap_err e;
	struct bitmap_new p = { .sync_size = 2093056, .room_sectors = 256 };
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), 0);
	sb.state = 0;                                   /* a header in use */
	assert_int_equal(bitmap_encode(&sb, b, sizeof(b)), (int)sizeof(b));
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);

	put_le32(b + 52, 0);
	expect_reject(b, sizeof(b), "chunk size 0 sectors is not a power of two");
	put_le32(b + 52, 96);
	expect_reject(b, sizeof(b), "not a power of two");
	/* 2093056 sectors need >= 16352 chunks-worth of chunk: 64 sectors gives 32704 > 254*512? no */
	put_le32(b + 52, 8);                            /* 261632 chunks > 127488 bytes */
	expect_reject(b, sizeof(b), "too small");
	put_le32(b + 64, 0);                            /* room unknown: not checked */
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	put_le32(b + 64, 254);
	put_le32(b + 52, 128);
	put_le32(b + 56, 0);
	expect_reject(b, sizeof(b), "daemon sleep 0");
	/* FIRST_USE: the kernel checks nothing past the uuid (llbitmap_read_sb) */
	put_le32(b + 48, 1U << BITMAP_ST_FIRST_USE);
	put_le32(b + 52, 0);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	assert_int_equal(bitmap_chunks(&sb), 0);
	/* but absurd sizes are still refused */
	put_le64(b + 40, BITMAP_MAX_SYNC_SECTORS + 1);
	expect_reject(b, sizeof(b), "larger than any block device");
	/* version 6 only with the right magic */
	put_le32(b, 0);
	expect_reject(b, sizeof(b), "bad bitmap magic");
}

/* ---- encode / new headers ---- */

static void assert_same_sb(const struct bitmap_sb *a, const struct bitmap_sb *b)
{
	assert_int_equal(a->magic, b->magic);
	assert_int_equal(a->version, b->version);
	assert_memory_equal(a->uuid, b->uuid, 16);
	assert_int_equal(a->events, b->events);
	assert_int_equal(a->events_cleared, b->events_cleared);
	assert_int_equal(a->sync_size, b->sync_size);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->chunksize, b->chunksize);
	assert_int_equal(a->daemon_sleep, b->daemon_sleep);
	assert_int_equal(a->write_behind, b->write_behind);
	assert_int_equal(a->sectors_reserved, b->sectors_reserved);
	assert_int_equal(a->nodes, b->nodes);
	assert_string_equal(a->cluster_name, b->cluster_name);
}

static void test_classic_round_trip(void **state)
{
	(void)state;
	struct bitmap_new p = {
		.events = 42, .sync_size = 2093056, .chunk_bytes = 4 << 20, .daemon_sleep = 7,
		.write_behind = 100, .room_sectors = 8,
	};
	for (int i = 0; i < 16; i++)
		p.uuid[i] = (uint8_t)(0xe0 + i);
	struct bitmap_sb sb, back;
	struct bitmap_err e;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), 0);
	assert_int_equal(sb.magic, BITMAP_MAGIC);
	assert_int_equal(sb.version, BITMAP_V_HI);
	assert_int_equal(sb.state, 0);
	assert_int_equal(sb.events, 42);
	assert_int_equal(sb.events_cleared, 42);
	assert_int_equal(sb.sectors_reserved, 8);
	uint8_t buf[BITMAP_SB_BYTES + 8];
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(bitmap_encode(&sb, buf, BITMAP_SB_BYTES - 1), -1);
	assert_int_equal(bitmap_encode(&sb, buf, sizeof(buf)), BITMAP_SB_BYTES);
	assert_int_equal(buf[BITMAP_SB_BYTES], 0xaa);   /* nothing past the header */
	for (int i = 72; i < BITMAP_SB_BYTES; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(bitmap_decode(buf, BITMAP_SB_BYTES, &back, &e), 0);
	assert_same_sb(&sb, &back);

	/* the same bytes as the mdadm-written fixture, but for uuid/events/reserved */
	size_t len;
	uint8_t *fx = slurp(FIX "r1-1g-c4m-d7-wb.bitmap", 0, &len);
	struct bitmap_sb f;
	assert_int_equal(bitmap_decode(fx, len, &f, &e), 0);
	memcpy(p.uuid, f.uuid, 16);
	p.events = f.events;
	p.room_sectors = 0;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), 0);
	assert_int_equal(bitmap_encode(&sb, buf, sizeof(buf)), BITMAP_SB_BYTES);
	assert_memory_equal(buf, fx, BITMAP_SB_BYTES);
	free(fx);

	/* defaults */
	struct bitmap_new d = { .sync_size = 2093056, .room_sectors = 8 };
	assert_int_equal(bitmap_new_classic(&d, &sb, &e), 0);
	assert_int_equal(sb.chunksize, 64 << 20);
	assert_int_equal(sb.daemon_sleep, BITMAP_DAEMON_SLEEP);
	assert_int_equal(sb.write_behind, 0);

	/* a cluster name survives the round trip, NUL-terminated */
	sb.version = BITMAP_V_CLUSTERED;
	sb.nodes = 4;
	memset(sb.cluster_name, 'c', 64);
	sb.cluster_name[64] = '\0';
	assert_int_equal(bitmap_encode(&sb, buf, sizeof(buf)), BITMAP_SB_BYTES);
	assert_int_equal(bitmap_decode(buf, BITMAP_SB_BYTES, &back, &e), 0);
	assert_same_sb(&sb, &back);
}

static void test_classic_new_errors(void **state)
{
	(void)state;
	struct bitmap_sb sb;
	struct bitmap_err e;
	struct bitmap_new p = { .sync_size = 2093056, .chunk_bytes = 3 << 16 };
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), -1);
	assert_non_null(strstr(e.msg, "power of two"));
	p.chunk_bytes = 256;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), -1);
	p.chunk_bytes = 4096;
	p.write_behind = 16384;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), -1);
	p.write_behind = 0;
	/* 4 KiB chunks on 1 GiB: 255488 bits = 31936 bytes > 8 sectors */
	p.room_sectors = 8;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), -1);
	assert_non_null(strstr(e.msg, "--bitmap-chunk"));
	p.room_sectors = 64;                            /* 256 + 32704 bytes need 65 */
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), -1);
	p.room_sectors = 65;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), 0);
	p.room_sectors = 0;                             /* unknown room: not checked */
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), 0);
	p.sync_size = BITMAP_MAX_SYNC_SECTORS + 1;
	assert_int_equal(bitmap_new_classic(&p, &sb, &e), -1);
}

static void test_llbitmap_new(void **state)
{
	(void)state;
	struct bitmap_new p = { .events = 9, .sync_size = 2093056, .room_sectors = 256 };
	for (int i = 0; i < 16; i++)
		p.uuid[i] = (uint8_t)i;
	struct bitmap_sb sb, back;
	struct bitmap_err e;
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), 0);
	assert_int_equal(sb.version, BITMAP_V_LOCKLESS);
	assert_int_equal(sb.state, 1U << BITMAP_ST_FIRST_USE);
	assert_int_equal(sb.sectors_reserved, 254);     /* 128 KiB - the 1 KiB header */
	assert_int_equal(sb.chunksize, 128);            /* 16352 chunks fit 130048 bytes */
	assert_int_equal(sb.daemon_sleep, 30);
	assert_int_equal(sb.events, 9);
	assert_int_equal(bitmap_chunks(&sb), 16352);
	assert_int_equal(bitmap_data_offset(&sb), 1024);
	assert_int_equal(bitmap_data_bytes(&sb), 16352);

	uint8_t buf[2048];
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(bitmap_encode(&sb, buf, 1023), -1);
	assert_int_equal(bitmap_encode(&sb, buf, sizeof(buf)), 1024);
	for (int i = 72; i < 1024; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[1024], 0xaa);
	assert_int_equal(bitmap_decode(buf, sizeof(buf), &back, &e), 0);
	assert_same_sb(&sb, &back);

	p.clean = true;
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), 0);
	assert_int_equal(sb.state, (1U << BITMAP_ST_FIRST_USE) | (1U << BITMAP_ST_CLEAN));

	p.chunk_bytes = 1 << 20;
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), -1);
	p.chunk_bytes = 0;
	p.write_behind = 10;
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), -1);
	p.write_behind = 0;
	p.room_sectors = 7;
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), -1);
	assert_non_null(strstr(e.msg, "4 KiB"));
}

static void test_llbitmap_sizing(void **state)
{
	(void)state;
	/* llbitmap_init(): 64 KiB, doubled while chunks > reserved bytes */
	assert_int_equal(llbitmap_kernel_chunk(0, 6), 128);
	assert_int_equal(llbitmap_kernel_chunk(128 * 3072 + 1, 0), 256);    /* 0: the kernel's 6 */
	/* what the kernel chose for mdadm 4.6's and our headers (lockless.txt, ours.txt) */
	assert_int_equal(llbitmap_kernel_chunk(2093056, 256), 128);
	assert_int_equal(llbitmap_kernel_chunk(209582080, 256), 2048);
	assert_int_equal(llbitmap_kernel_chunk(129024, 6), 128);
	/* and what it writes: mdadm's 100G member needs 26 pages; with 256 sectors
	 * recorded a bitmap can grow past 128 KiB, with our 254 it cannot */
	assert_int_equal(llbitmap_bytes(209582080, 256), 26 * 4096);
	assert_int_equal(llbitmap_bytes(131072 * 128, 256), 33 * 4096);
	assert_int_equal(llbitmap_bytes(131072 * 128, 254), 17 * 4096);
	assert_int_equal(llbitmap_kernel_chunk(128 * 3072, 6), 128);
	assert_int_equal(llbitmap_kernel_chunk(128 * 3072 + 1, 6), 256);
	assert_int_equal(llbitmap_kernel_chunk(1ULL << 40, 254), 1U << 24);  /* 512 TiB: 65536 chunks */
	assert_int_equal(llbitmap_kernel_chunk(BITMAP_MAX_SYNC_SECTORS, 0), 1U << 31);
	/* whole pages, minus the header */
	assert_int_equal(llbitmap_reserved_for_room(0), 0);
	assert_int_equal(llbitmap_reserved_for_room(7), 0);
	assert_int_equal(llbitmap_reserved_for_room(8), 6);
	assert_int_equal(llbitmap_reserved_for_room(15), 6);
	assert_int_equal(llbitmap_reserved_for_room(256), 254);
	assert_int_equal(llbitmap_reserved_for_room(UINT32_MAX), 0xfffffff6);   /* 2^32 - 8 - 2 */
	/* whatever the room, the kernel's footprint stays inside it */
	for (uint32_t room = 8; room < 5000; room += 7) {
		uint32_t res = llbitmap_reserved_for_room(room);
		for (uint64_t sync = 1; sync < (1ULL << 42); sync = sync * 3 + 1) {
			assert_true(llbitmap_bytes(sync, res) <= (uint64_t)room * 512);
		}
	}
}

static void test_init_area(void **state)
{
	(void)state;
	uint8_t b[BITMAP_SB_BYTES + 8];
	struct bitmap_sb sb;
	struct bitmap_err e;
	classic_bytes(b, 19 * 128, 65536);             /* 19 chunks */
	assert_int_equal(bitmap_decode(b, BITMAP_SB_BYTES, &sb, &e), 0);
	uint8_t hdr[BITMAP_SB_BYTES];
	memcpy(hdr, b, sizeof(hdr));
	bitmap_init_area(&sb, true, b, sizeof(b));
	assert_memory_equal(b, hdr, sizeof(hdr));
	static const uint8_t clean[8] = { 0, 0, 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff };
	assert_memory_equal(b + BITMAP_SB_BYTES, clean, 8);
	struct bitmap_counts c;
	bitmap_count(&sb, b, sizeof(b), &c);
	assert_int_equal(c.dirty, 0);
	bitmap_init_area(&sb, false, b, sizeof(b));
	bitmap_count(&sb, b, sizeof(b), &c);
	assert_int_equal(c.dirty, 19);
	/* a room smaller than the bits: bounded */
	bitmap_init_area(&sb, true, b, BITMAP_SB_BYTES + 1);
	assert_int_equal(b[BITMAP_SB_BYTES], 0);
	assert_int_equal(b[BITMAP_SB_BYTES + 1], 0xff);
	bitmap_init_area(&sb, true, b, 10);            /* nothing to do */
	bitmap_init_area(&sb, true, NULL, 1000);

	/* same as the mdadm/kernel fixture: zero bits, 0xff padding */
	size_t len;
	uint8_t *fx = slurp(FIX "r1-1g-clean.bitmap", 0, &len);
	uint8_t *mine = malloc(len);
	assert_non_null(mine);
	memcpy(mine, fx, BITMAP_SB_BYTES);
	assert_int_equal(bitmap_decode(fx, len, &sb, &e), 0);
	bitmap_init_area(&sb, true, mine, len);
	assert_memory_equal(mine, fx, len);
	free(mine);
	free(fx);

	uint8_t l[1024 + 16];
	struct bitmap_new p = { .sync_size = 1 << 20, .room_sectors = 8 };
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), 0);
	assert_int_equal(bitmap_encode(&sb, l, sizeof(l)), 1024);
	bitmap_init_area(&sb, true, l, sizeof(l));
	for (int i = 0; i < 16; i++)
		assert_int_equal(l[1024 + i], 0xff);
	assert_int_equal(l[1023], 0);
}

/* ---- counts and ranges ---- */

static void test_classic_counts(void **state)
{
	(void)state;
	uint8_t b[BITMAP_SB_BYTES + 4];
	struct bitmap_sb sb;
	struct bitmap_err e;
	struct bitmap_counts c;
	classic_bytes(b, 19 * 128, 65536);              /* 19 chunks: 3 bytes, 5 padding bits */
	b[256] = 0x01; b[257] = 0x80; b[258] = 0xff; b[259] = 0xff;
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	bitmap_count(&sb, b, sizeof(b), &c);
	assert_int_equal(c.chunks, 19);
	assert_int_equal(c.examined, 19);
	assert_int_equal(c.dirty, 2 + 3);
	/* short buffers: only what is there is examined */
	bitmap_count(&sb, b, 258, &c);
	assert_int_equal(c.examined, 16);
	assert_int_equal(c.dirty, 2);
	bitmap_count(&sb, b, 256, &c);
	assert_int_equal(c.examined, 0);
	assert_int_equal(c.dirty, 0);
	bitmap_count(&sb, NULL, 0, &c);
	assert_int_equal(c.chunks, 19);
	assert_int_equal(c.examined, 0);
	/* bit order is little endian within a byte */
	struct bitmap_range r;
	uint64_t pos = 0;
	assert_true(bitmap_next_range(&sb, b, sizeof(b), &pos, &r));
	assert_true(r.first == 0 && r.last == 0 && r.value == 1);
	assert_true(bitmap_next_range(&sb, b, sizeof(b), &pos, &r));
	assert_true(r.first == 1 && r.last == 14 && r.value == 0);
	assert_true(bitmap_next_range(&sb, b, sizeof(b), &pos, &r));
	assert_true(r.first == 15 && r.last == 18 && r.value == 1);
	assert_false(bitmap_next_range(&sb, b, sizeof(b), &pos, &r));
	/* chunk arithmetic: rounding up, in bytes */
	assert_int_equal(bitmap_classic_bytes(0, 65536), 256);
	assert_int_equal(bitmap_classic_bytes(1, 65536), 257);
	assert_int_equal(bitmap_classic_bytes(128 * 8, 65536), 257);
	assert_int_equal(bitmap_classic_bytes(128 * 8 + 1, 65536), 258);
	assert_int_equal(bitmap_classic_bytes(100, 0), UINT64_MAX);
	assert_int_equal(bitmap_classic_bytes(BITMAP_MAX_SYNC_SECTORS, 512), 256 + (BITMAP_MAX_SYNC_SECTORS >> 3));
}

/* Synthetic llbitmap: 40 chunks of 128 sectors, every state, plus junk. */
static size_t make_llbitmap(uint8_t *buf, size_t cap, uint32_t state)
{
	struct bitmap_sb sb;
	struct bitmap_err e;
	struct bitmap_new p = { .events = 3, .sync_size = 40 * 128 - 5, .room_sectors = 8 };
	for (int i = 0; i < 16; i++)
		p.uuid[i] = (uint8_t)(0xa0 + i);
	assert_int_equal(bitmap_new_llbitmap(&p, &sb, &e), 0);
	sb.state = state;
	memset(buf, 0, cap);
	assert_int_equal(bitmap_encode(&sb, buf, cap), 1024);
	uint8_t *s = buf + 1024;
	/* 0-9 clean, 10-12 dirty, 13 need sync, 14 syncing, 15-16 need sync unwritten,
	 * 17 syncing unwritten, 18-19 clean unwritten, 20 0x08, 21 0xff, 22-39 unwritten */
	memset(s, LLB_CLEAN, 10);
	memset(s + 10, LLB_DIRTY, 3);
	s[13] = LLB_NEED_SYNC;
	s[14] = LLB_SYNCING;
	s[15] = s[16] = LLB_NEED_SYNC_UNWRITTEN;
	s[17] = LLB_SYNCING_UNWRITTEN;
	s[18] = s[19] = LLB_CLEAN_UNWRITTEN;
	s[20] = 0x08;
	s[21] = 0xff;
	s[40] = LLB_DIRTY;                              /* past the last chunk: ignored */
	return 1024 + 64;
}

static void test_llbitmap_counts(void **state)
{
	(void)state;
	uint8_t buf[2048];
	size_t len = make_llbitmap(buf, sizeof(buf), 0);
	struct bitmap_sb sb;
	struct bitmap_err e;
	assert_int_equal(bitmap_decode(buf, len, &sb, &e), 0);
	struct bitmap_counts c;
	bitmap_count(&sb, buf, len, &c);
	assert_int_equal(c.chunks, 40);
	assert_int_equal(c.examined, 40);
	static const uint64_t want[LLB_STATE_COUNT] = { 18, 10, 3, 1, 1, 2, 1, 2 };
	for (int i = 0; i < LLB_STATE_COUNT; i++)
		assert_int_equal(c.state[i], want[i]);
	assert_int_equal(c.unknown, 2);
	assert_int_equal(c.dirty, 0);
	/* short: 1024 + 13 bytes */
	bitmap_count(&sb, buf, 1037, &c);
	assert_int_equal(c.examined, 13);
	assert_int_equal(c.state[LLB_CLEAN], 10);
	assert_int_equal(c.state[LLB_DIRTY], 3);
	bitmap_count(&sb, buf, 1000, &c);
	assert_int_equal(c.examined, 0);

	struct bitmap_range r;
	uint64_t pos = 0, n = 0, covered = 0;
	while (bitmap_next_range(&sb, buf, len, &pos, &r)) {
		assert_true(r.first == covered);
		covered = r.last + 1;
		n++;
	}
	assert_int_equal(covered, 40);
	assert_int_equal(n, 10);
	for (unsigned v = 0; v < LLB_STATE_COUNT; v++)
		assert_non_null(llbitmap_state_name(v));
	assert_string_equal(llbitmap_state_name(3), "need sync");
	assert_string_equal(llbitmap_state_name(7), "clean unwritten");
	assert_null(llbitmap_state_name(8));
	assert_null(llbitmap_state_name(255));
}

/* ---- llbitmap text (our own format: a snapshot) ---- */

static const char want_llb[] =
	"           Filename : MEMBER\n"
	"              Magic : 6d746962\n"
	"            Version : 6 (llbitmap)\n"
	"               UUID : a0a1a2a3:a4a5a6a7:a8a9aaab:acadaeaf\n"
	"             Events : 3\n"
	"     Events Cleared : 3\n"
	"              State : OK\n"
	"          Chunksize : 64 KiB (128 sectors)\n"
	"             Daemon : 30s flush period\n"
	"          Sync Size : 2557 KiB\n"
	"           Reserved : 6 sectors (3 KiB)\n"
	"             Chunks : 40\n"
	"          unwritten : 18\n"
	"              clean : 10\n"
	"              dirty : 3\n"
	"          need sync : 1\n"
	"            syncing : 1\n"
	"need sync unwritten : 2\n"
	"  syncing unwritten : 1\n"
	"    clean unwritten : 2\n"
	"            unknown : 2\n";

static const char want_llb_map[] =
	"          Chunk map :\n"
	"                      0-9: clean\n"
	"                      10-12: dirty\n"
	"                      13: need sync\n"
	"                      14: syncing\n"
	"                      15-16: need sync unwritten\n"
	"                      17: syncing unwritten\n"
	"                      18-19: clean unwritten\n"
	"                      20: unknown (0x08)\n"
	"                      21: unknown (0xff)\n"
	"                      22-39: unwritten\n";

static void test_llbitmap_print(void **state)
{
	(void)state;
	uint8_t buf[2048];
	size_t len = make_llbitmap(buf, sizeof(buf), 0);
	struct bitmap_sb sb;
	struct bitmap_err e;
	assert_int_equal(bitmap_decode(buf, len, &sb, &e), 0);
	char *got = print_to_string(&sb, buf, len, 0);
	assert_string_equal(got, want_llb);
	free(got);

	got = print_to_string(&sb, buf, len, 1);
	char want[sizeof(want_llb) + sizeof(want_llb_map)];
	snprintf(want, sizeof(want), "%s%s", want_llb, want_llb_map);
	assert_string_equal(got, want);
	free(got);

	/* short data: the unread chunks are said so */
	got = print_to_string(&sb, buf, 1024 + 30, 0);
	assert_non_null(strstr(got, "           not read : 10 chunks"));
	assert_non_null(strstr(got, "          unwritten : 8\n"));
	free(got);

	/* first use: no counts, the kernel has not set the states yet */
	len = make_llbitmap(buf, sizeof(buf), (1U << BITMAP_ST_FIRST_USE) | (1U << BITMAP_ST_CLEAN));
	assert_int_equal(bitmap_decode(buf, len, &sb, &e), 0);
	got = print_to_string(&sb, buf, len, 1);
	assert_non_null(strstr(got, "              State : first use, clean\n"));
	assert_non_null(strstr(got, "       Chunk states : set at the next start (first use): every chunk becomes clean\n"));
	assert_null(strstr(got, "unwritten :"));
	assert_null(strstr(got, "Chunk map"));
	free(got);

	/* unnamed state bits are shown by number */
	sb.state = (1U << BITMAP_ST_STALE) | (1U << 9) | (1U << 31);
	got = print_to_string(&sb, buf, len, 0);
	assert_non_null(strstr(got, "              State : stale, bit 9, bit 31\n"));
	free(got);
}

/* Classic text corner cases not covered by the fixtures. */
static void test_classic_print_edges(void **state)
{
	(void)state;
	uint8_t b[BITMAP_SB_BYTES + 2];
	struct bitmap_sb sb;
	struct bitmap_err e;
	classic_bytes(b, 0, 65536);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	char *got = print_to_string(&sb, b, sizeof(b), 0);
	assert_non_null(strstr(got, "       Sync Size : 0\n"));
	assert_non_null(strstr(got, "          Bitmap : 0 bits (chunks), 0 dirty (0.0%)\n"));
	free(got);
	/* a bit area cut short is reported, not invented */
	classic_bytes(b, 2048 * 1024, 65536);
	b[256] = 0xff;
	b[257] = 0;
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	got = print_to_string(&sb, b, sizeof(b), 0);
	assert_non_null(strstr(got, "          Bitmap : 16384 bits (chunks), 8 dirty (0.0%)\n"
				    "                   (only 16 of 16384 bits could be read)\n"));
	free(got);
	/* clustered: slots past the data are named, not invented or looped over */
	classic_bytes(b, 2048, 65536);
	put_le32(b + 4, BITMAP_V_CLUSTERED);
	put_le32(b + 68, UINT32_MAX);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), 0);
	assert_int_equal(bitmap_total_bytes(&sb), 4096ULL * UINT32_MAX);
	got = print_to_string(&sb, b, sizeof(b), 0);
	assert_non_null(strstr(got, "       Node Slot : 0\n"));
	assert_non_null(strstr(got, "(node slots 1-4294967294 lie past the data read)\n"));
	assert_null(strstr(got, "Node Slot : 1\n"));
	free(got);
	sb.nodes = 1;
	assert_int_equal(bitmap_total_bytes(&sb), 256 + 2);
	sb.version = BITMAP_V_LOCKLESS;
	sb.chunksize = 128;
	assert_int_equal(bitmap_total_bytes(&sb), 1024 + 16);
	sb.chunksize = 0;
	assert_int_equal(bitmap_total_bytes(&sb), UINT64_MAX);

	/* best effort on a header that failed to decode: no crash, no division by zero */
	classic_bytes(b, 2048, 0);
	assert_int_equal(bitmap_decode(b, sizeof(b), &sb, &e), -1);
	got = print_to_string(&sb, b, sizeof(b), 1);
	assert_non_null(strstr(got, "       Chunksize : 0 B\n"));
	free(got);
}

/* ---- mdadm's default chunk ---- */

static uint64_t field(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	if (!p)
		fail_msg("no %s in %s", key, line);
	return (uint64_t)strtoll(p + strlen(key), NULL, 10);
}

/* rule.txt / rule-meta.txt: what mdadm 4.6 chose for members of many sizes. */
static void check_rule_file(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "chunksize="))
			continue;                       /* create refused (raid0, too large) */
		uint64_t sync = field(line, " sync_size="), chunk = field(line, " chunksize=");
		int64_t boff = (int64_t)field(line, " bitmap_offset="), bb = (int64_t)field(line, " bblog_offset=");
		if (bitmap_default_chunk(sync, BITMAP_MDADM_ROOM) != chunk)
			fail_msg("default chunk %" PRIu32 " for %s", bitmap_default_chunk(sync, BITMAP_MDADM_ROOM), line);
		/* the room mdadm then reserves: the bitmap in whole 4 KiB */
		uint64_t room = (bitmap_classic_bytes(sync, (uint32_t)chunk) + 4095) / 4096 * 8;
		uint64_t got = boff > 0 ? (uint64_t)(bb - boff) : (uint64_t)(-boff - 8);
		if (got != room)
			fail_msg("room %" PRIu64 " sectors, want %" PRIu64 ": %s", got, room, line);
		n++;
	}
	fclose(f);
	assert_true(n >= 10);
}

static void test_default_chunk(void **state)
{
	(void)state;
	check_rule_file(FIX "rule.txt");
	check_rule_file(FIX "rule-meta.txt");
	/* 64 MiB unless the bits do not fit the room */
	assert_int_equal(bitmap_default_chunk(2093056, 8), 64 << 20);
	assert_int_equal(bitmap_default_chunk(214748364800ULL, 256), 128 << 20);  /* 100 TiB, fixture */
	assert_int_equal(bitmap_default_chunk(0, 0), 64 << 20);
	assert_int_equal(bitmap_default_chunk(BITMAP_MAX_SYNC_SECTORS, 0), 64 << 20);   /* room unknown */
	assert_int_equal(bitmap_default_chunk(BITMAP_MAX_SYNC_SECTORS, 1), 1U << 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_match_mdadm),
		cmocka_unit_test(test_fixture_fields),
		cmocka_unit_test(test_llbitmap_fixtures),
		cmocka_unit_test(test_truncation_every_length),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_llbitmap_rejections),
		cmocka_unit_test(test_classic_round_trip),
		cmocka_unit_test(test_classic_new_errors),
		cmocka_unit_test(test_llbitmap_new),
		cmocka_unit_test(test_llbitmap_sizing),
		cmocka_unit_test(test_init_area),
		cmocka_unit_test(test_classic_counts),
		cmocka_unit_test(test_llbitmap_counts),
		cmocka_unit_test(test_llbitmap_print),
		cmocka_unit_test(test_classic_print_edges),
		cmocka_unit_test(test_default_chunk),
	};
	return cmocka_run_group_tests_name("bitmap", tests, NULL, NULL);
}
