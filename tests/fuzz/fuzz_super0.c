/* libFuzzer target for the 0.90 superblock decoder (super0.c) and its
 * --examine renderers (output_examine0.c, json_examine0.c: the document must
 * parse back strictly and hold no null). The first input byte steers: bit 0
 * forces the magic (bit 1: big-endian), bit 2 forces version 0.90, bit 3
 * fixes the checksum, so the fuzzer spends its time past the first checks;
 * the rest is the 4 KiB superblock (zero-padded). Decode must not crash; when
 * it accepts, encode -> decode must give the same superblock (abort
 * otherwise), and every renderer must run cleanly on it; so must every
 * --update value (update0.c), whose result must encode and decode again, and
 * --update=metadata, whose 1.0 superblock must pass the kernel's load rules,
 * and --update=sparc2.2's move of the raw words. */
#include "fuzz_json_check.h"
#include "output_examine0.h"
#include "super0.h"
#include "super1.h"
#include "update.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(uint8_t *b, int w, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		b[4 * w + (be ? 3 - i : i)] = (uint8_t)(v >> (8 * i));
}

static void render(const struct sb0 *sb)
{
	static const char *names[SB0_DISKS];
	FILE *f = fopen("/dev/null", "w");
	if (!f)
		return;
	names[0] = "/dev/loop0";
	struct examine0_input in = { .path = "/dev/x", .sb = sb, .homehost = "host", .this_name = "/dev/y" };
	memcpy(in.disk_names, names, sizeof(names));
	fmt_examine0(f, &in);
	fmt_examine0_export(f, &in);
	fmt_examine0_brief(f, sb, true, 1, "/dev/a,/dev/b");
	fmt_examine0_brief(f, sb, false, 0, NULL);
	in.dev_sectors = sb->size;
	struct json_object *doc = jr_doc_new("examine", "devices");
	json_object_array_add(jr_doc_list(doc), jr_examine0(&in));
	check(doc);
	uint64_t kib;
	(void)sb0_array_kib(sb, &kib);
	(void)sb0_counts_as_spare(sb);
	(void)sb0_uuid_is_local(sb, "host");
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[SB0_BYTES], buf2[SB0_BYTES];
	struct sb0 sb, sb2;
	struct sb0_err e;
	if (size < 1)
		return 0;
	uint8_t ctl = data[0];
	int be = (ctl >> 1) & 1;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, data + 1, size - 1 < sizeof(buf) ? size - 1 : sizeof(buf));
	if (ctl & 1)
		put(buf, 0, SB0_MAGIC, be);
	if (ctl & 4) {
		put(buf, 1, 0, be);
		put(buf, 2, 90, be);
	}
	if (ctl & 8)
		put(buf, 38, sb0_checksum(buf, sizeof(buf), be), be);
	/* a short buffer must be refused without reading past it */
	(void)sb0_decode(buf, size - 1 < sizeof(buf) ? size - 1 : sizeof(buf), &sb, &e);
	if (sb0_decode(buf, sizeof(buf), &sb, &e) < 0) {
		if (!memchr(e.msg, 0, sizeof(e.msg)) || !e.msg[0])
			abort();
		return 0;
	}
	render(&sb);
	if (sb0_encode(&sb, buf2, sizeof(buf2)) != SB0_BYTES)
		abort();
	if (sb0_decode(buf2, sizeof(buf2), &sb2, &e) < 0)
		abort();
	/* the fresh checksum may differ from the stored one; all else must match */
	sb.sb_csum = sb2.sb_csum;
	sb.csum_computed = sb2.csum_computed;
	if (memcmp(&sb, &sb2, sizeof(sb)) || sb2.sb_csum != sb2.csum_computed)
		abort();
	for (int u = UPD_NAME; u <= UPD_NODES; u++) {
		struct sb0 t = sb;
		struct sb0_update_req q = { .what = (enum sb_update)u, .uuid = { 1, 2, 3, 4 }, .homehost = "host",
					    .md_minor = 5 };
		if (sb0_apply_update(&t, &q, &e) < 0) {
			if (!e.msg[0] || memcmp(&t, &sb, sizeof(t)))
				abort();  /* a refusal names why and changes nothing */
			continue;
		}
		if (sb0_encode(&t, buf2, sizeof(buf2)) != SB0_BYTES || sb0_decode(buf2, sizeof(buf2), &sb2, &e) < 0)
			abort();
	}
	/* --update=sparc2.2: the moved superblock keeps its byte order and a
	 * right checksum; when it decodes, the plausibility test and the
	 * renderers run on it */
	memcpy(buf2, buf, sizeof(buf2));
	sb0_sparc22_shift(buf2, sb.big_endian);
	if (sb0_byte_order(buf2, sizeof(buf2)) != (int)sb.big_endian)
		abort();
	if (sb0_decode(buf2, sizeof(buf2), &sb2, &e) == 0) {
		if (sb2.sb_csum != sb2.csum_computed)
			abort();
		(void)sb0_sparc22_plausible(&sb2);
		render(&sb2);
	}
	/* --update=metadata on a member just big enough for the size recorded,
	 * and on one too small: a result is a 1.0 superblock the kernel loads */
	static struct sb1 v1, back;
	struct sb1_err e1;
	const uint8_t dev_uuid[16] = { 1 };
	uint64_t devs[] = { (uint64_t)sb.size * 2 + SB0_RESERVED_SECTORS * 2, 64 };
	for (int i = 0; i < 2; i++) {
		if (sb0_convert_to_v1(&sb, devs[i], dev_uuid, &v1, &e) < 0) {
			if (!e.msg[0])
				abort();
			continue;
		}
		if (sb1_encode(&v1, buf2, sizeof(buf2)) < 0 || sb1_decode(buf2, sizeof(buf2), &back, &e1) < 0 ||
		    sb1_validate(&back, 0, devs[i], &e1) < 0)
			abort();
	}
	return 0;
}
