/* libFuzzer target for the v1.x superblock decoder (super1.c).
 * Any input: sb1_decode must not crash; when it accepts, sb1_validate must
 * not crash for several device sizes, and encode -> decode must give back
 * the same superblock (abort otherwise). */
#include "reshape_plan.h"
#include "super1.h"
#include "update.h"
#include "dump_regions.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_sb(const struct sb1 *a, const struct sb1 *b)
{
	/* Compare field by field: struct padding is not part of the value. */
#define F(x) if (a->x != b->x) return 0
	F(feature_map); F(ctime); F(level); F(layout); F(size); F(chunksize);
	F(raid_disks); F(bitmap_offset); F(ppl_offset); F(ppl_size); F(new_level);
	F(reshape_position); F(delta_disks); F(new_layout); F(new_chunk);
	F(new_offset); F(data_offset); F(data_size); F(super_offset);
	F(recovery_offset); F(dev_number); F(cnt_corrected_read); F(devflags);
	F(bblog_shift); F(bblog_size); F(bblog_offset); F(utime); F(events);
	F(resync_offset); F(max_dev); F(logical_block_size);
#undef F
	if (memcmp(a->set_uuid, b->set_uuid, 16) || memcmp(a->device_uuid, b->device_uuid, 16) ||
	    memcmp(a->set_name, b->set_name, sizeof(a->set_name)) ||
	    memcmp(a->dev_roles, b->dev_roles, sizeof(a->dev_roles)))
		return 0;
	return 1;
}

/* --update never turns a superblock valid on its device into an invalid one,
 * and a refusal leaves it untouched. */
static void check_updates(const struct sb1 *sb, const uint8_t *data, size_t size)
{
	static struct sb1 up;
	struct sb1_err e;
	uint64_t dev = sb->super_offset + (size > 4 ? data[size - 1] * 4096ULL : 24) + 24;
	int minor = sb->super_offset == 0 ? 1 : sb->super_offset == 8 ? 2 : 0;
	if (minor == 0)
		dev = (sb->super_offset & ~7ULL) + 16;
	if (sb1_validate(sb, minor, dev, &e) < 0)
		return;
	for (int u = UPD_NONE; u <= UPD_NODES; u++) {
		struct sb1_update_req q = { .what = (enum sb_update)u, .minor = minor, .dev_sectors = dev,
					    .bitmap_sectors = size > 8 ? data[size - 2] : 0, .name = "h:n" };
		up = *sb;
		if (sb1_apply_update(&up, &q, &e) < 0) {
			if (!e.msg[0] || !same_sb(&up, sb))
				abort();
			continue;
		}
		if (u != UPD_BBL && sb1_validate(&up, minor, dev, &e) < 0) {
			fprintf(stderr, "--update=%s made an invalid superblock: %s\n", update_name((enum sb_update)u), e.msg);
			abort();
		}
	}
}

/* --dump's regions stay inside the device and clear of the data. */
static void check_dump(const struct sb1 *sb)
{
	static const uint64_t devs[] = { 0, 4096, 40ULL << 20, UINT64_MAX / 2, UINT64_MAX };
	static const uint64_t bitmaps[] = { 0, 1, 256, 4097, 1ULL << 40, UINT64_MAX };
	struct meta_region r[2];
	char why[200];
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		for (size_t k = 0; k < sizeof(bitmaps) / sizeof(bitmaps[0]); k++) {
			int n = dump_regions(sb, devs[i], bitmaps[k], r, why, sizeof(why));
			for (int j = 0; j < n; j++) {
				uint64_t data = sb->data_offset << 9, dlen = sb->data_size << 9;
				if (!r[j].len || r[j].off > devs[i] || r[j].len > devs[i] - r[j].off)
					abort();
				if (r[j].off < data + dlen && data < r[j].off + r[j].len)
					abort();
			}
		}
}

static void check_one(const uint8_t *data, size_t size)
{
	static struct sb1 sb, sb2;      /* large: keep off the stack */
	static uint8_t buf[SB1_READ_BYTES], buf2[SB1_READ_BYTES], want[SB1_READ_BYTES];
	struct sb1_err e;

	if (sb1_decode(data, size, &sb, &e) < 0) {
		if (!memchr(e.msg, 0, sizeof(e.msg)) || !e.msg[0])
			abort();        /* a rejection must explain itself */
		return;
	}
	(void)sb1_role(&sb);
	/* assembly asks whether a reshape needs its backup */
	(void)rs_sb_needs_backup(&sb);
	static const uint64_t devs[] = { 0, 7, 16, 24, 40960, 204800, 1ULL << 31,
					 UINT64_MAX / 2, UINT64_MAX };
	for (int minor = 0; minor < 3; minor++)
		for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
			(void)sb1_validate(&sb, minor, devs[i], &e);
	for (int minor = 0; minor < 3; minor++)
		(void)sb1_validate(&sb, minor, sb.super_offset + 24, &e);
	check_updates(&sb, data, size);
	check_dump(&sb);

	int n = sb1_encode(&sb, buf, sizeof(buf));
	if (n < 0 || (size_t)n > sizeof(buf) || n % 512)
		abort();
	if (sb1_decode(buf, (size_t)n, &sb2, &e) < 0)
		abort();
	if (!same_sb(&sb, &sb2))
		abort();
	/* Re-encoding is a fixed point... */
	if (sb1_encode(&sb2, buf2, sizeof(buf2)) != n || memcmp(buf, buf2, (size_t)n))
		abort();
	/* ...and equals the input except for name bytes after its NUL (which
	 * decode drops) and the checksum over them. */
	size_t used = 256 + (size_t)sb.max_dev * 2;
	memset(want, 0, sizeof(want));
	memcpy(want, data, used);
	size_t nl = strnlen((const char *)want + 32, 32);
	memset(want + 32 + nl, 0, 32 - nl);
	memcpy(want + 216, buf + 216, 4);
	if (memcmp(want, buf, (size_t)n))
		abort();
}

static uint64_t take64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* A placement from sb1_plan must describe a superblock sb1_validate accepts. */
static void check_plan(const uint8_t *d, size_t size)
{
	static struct sb1 sb;
	if (size < 36)
		return;
	struct sb1_plan_req rq = {
		.minor = d[0] % 4,
		.dev_sectors = take64(d + 1) >> (d[9] % 64),
		.data_offset = d[10] & 1 ? take64(d + 11) >> (d[19] % 64) : 0,
		.chunk_sectors = (uint32_t)1 << (d[20] % 20),
		.bitmap = (enum sb1_bitmap_kind)(d[21] % 3),
		.array_member_sectors = d[22] & 1 ? take64(d + 23) >> (d[31] % 64) : 0,
		.bitmap_chunk_bytes = d[32] & 1 ? (uint32_t)1 << (d[33] % 32) : 0,
		.no_bitmap_level = d[34] & 1,
	};
	struct sb1_plan p;
	struct sb1_err e;
	if (sb1_plan(&rq, &p, &e) < 0) {
		if (!e.msg[0])
			abort();
		return;
	}
	memset(&sb, 0, sizeof(sb));
	sb.level = 1;
	sb.raid_disks = 2;
	sb.max_dev = 128;
	sb.super_offset = p.super_offset;
	sb.data_offset = p.data_offset;
	sb.data_size = p.data_size;
	sb.size = p.data_size;
	sb.feature_map = p.bitmap_offset ? SB1_FEAT_BITMAP_OFFSET : 0;
	sb.bitmap_offset = p.bitmap_offset;
	sb.bblog_offset = p.bblog_offset;
	sb.bblog_size = p.bblog_size;
	if (sb1_validate(&sb, rq.minor, rq.dev_sectors, &e) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_plan(data, size);
	static uint8_t sealed[SB1_READ_BYTES];

	check_one(data, size);
	/* Again with the checksum fixed up, so mutations reach the field
	 * checks instead of dying at the checksum. */
	if (size > 220 && size <= sizeof(sealed)) {
		memcpy(sealed, data, size);
		uint32_t c = sb1_checksum(sealed, size);
		for (int i = 0; i < 4; i++)
			sealed[216 + i] = (uint8_t)(c >> (8 * i));
		check_one(sealed, size);
	}
	return 0;
}
