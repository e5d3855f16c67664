/* Unit tests for super0.c (0.90 superblocks: decode/encode in both byte
 * orders, checksum, super_90_load bounds, homehost UUID) and sha1.c (FIPS
 * 180-4 example vectors). Runs from tests/unit (fixtures/ is relative to it). */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "super0.h"
#include "super1.h"
#include "sha1.h"
#include "output_examine0.h"
#include <time.h>

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_sha(const char *msg, size_t reps, const char *want)
{
	struct sha1_ctx c;
	uint8_t h[20];
	char s[41];
	sha1_init(&c);
	for (size_t i = 0; i < reps; i++)
		sha1_update(&c, msg, strlen(msg));
	sha1_final(&c, h);
	hex(h, 20, s);
	assert_string_equal(s, want);
}

static void test_sha1_vectors(void **st)
{
	(void)st;
	check_sha("abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	check_sha("", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	check_sha("a", 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	/* 55, 56 and 64 bytes: the padding edge cases */
	uint8_t h[20];
	char s[41];
	char m[65];
	memset(m, 'x', 64);
	m[64] = 0;
	sha1(m, 64, h);
	hex(h, 20, s);
	check_sha(m, 1, s);
}

/* A superblock with distinct values in every field. */
static void fill(struct sb0 *sb, bool be)
{
	memset(sb, 0, sizeof(*sb));
	sb->big_endian = be;
	sb->minor_version = 91;
	sb->patch_version = 0;
	sb->gvalid_words = 0;
	sb->set_uuid[0] = 0x11223344; sb->set_uuid[1] = 0x55667788;
	sb->set_uuid[2] = 0x99aabbcc; sb->set_uuid[3] = 0xddeeff00;
	sb->ctime = 1700000000; sb->level = 5; sb->size = 32704;
	sb->nr_disks = 4; sb->raid_disks = 3; sb->md_minor = 9;
	sb->utime = 1700000123; sb->state = SB0_STATE_CLEAN | SB0_STATE_BITMAP_PRESENT;
	sb->active_disks = 3; sb->working_disks = 4; sb->failed_disks = 0; sb->spare_disks = 1;
	sb->events = 0x0000000100000002ULL; sb->cp_events = 0x300000004ULL;
	sb->recovery_cp = 0xffffffff; sb->reshape_position = 0x123456789abcULL;
	sb->new_level = 6; sb->delta_disks = -1; sb->new_layout = 2; sb->new_chunk = 131072;
	sb->layout = 2; sb->chunk_size = 65536; sb->root_pv = 7; sb->root_block = 8;
	for (int i = 0; i < 4; i++) {
		sb->disks[i].number = (uint32_t)i;
		sb->disks[i].major = 7;
		sb->disks[i].minor = (uint32_t)i;
		sb->disks[i].raid_disk = (uint32_t)i;
		sb->disks[i].state = i < 3 ? SB0_DISK_ACTIVE | SB0_DISK_SYNC : 0;
	}
	sb->this_disk = sb->disks[1];
}

static void test_round_trip(void **st)
{
	(void)st;
	for (int be = 0; be < 2; be++) {
		struct sb0 a, b;
		struct sb0_err e = { "" };
		uint8_t buf[SB0_BYTES];
		fill(&a, be);
		assert_int_equal(sb0_encode(&a, buf, sizeof(buf)), SB0_BYTES);
		assert_int_equal(sb0_byte_order(buf, sizeof(buf)), be);
		assert_int_equal(sb0_decode(buf, sizeof(buf), &b, &e), 0);
		assert_int_equal(b.sb_csum, b.csum_computed);
		a.sb_csum = b.sb_csum;
		a.csum_computed = b.csum_computed;
		assert_memory_equal(&a, &b, sizeof(a));
		/* the first byte on disk is the magic's high byte on big-endian */
		assert_int_equal(buf[0], be ? 0xa9 : 0xfc);
		/* events_lo/events_hi order follows the host (md_p.h) */
		assert_int_equal(buf[4 * 39 + (be ? 3 : 0)], be ? 1 : 2);
	}
}

/* Byte-swapping every word of a little-endian image gives the big-endian one:
 * same decoded values, checksum still correct. */
static void test_swapped_words(void **st)
{
	(void)st;
	struct sb0 a, le, be;
	uint8_t buf[SB0_BYTES], sw[SB0_BYTES];
	fill(&a, false);
	/* equal halves: the word order of 64-bit pairs does not matter */
	a.events = 0x500000005ULL;
	a.cp_events = 0;
	a.reshape_position = 0x700000007ULL;
	sb0_encode(&a, buf, sizeof(buf));
	for (int i = 0; i < SB0_BYTES; i += 4)
		for (int j = 0; j < 4; j++)
			sw[i + j] = buf[i + 3 - j];
	assert_int_equal(sb0_decode(buf, sizeof(buf), &le, NULL), 0);
	assert_int_equal(sb0_decode(sw, sizeof(sw), &be, NULL), 0);
	assert_true(be.big_endian);
	assert_int_equal(be.sb_csum, be.csum_computed);
	be.big_endian = false;
	assert_memory_equal(&le, &be, sizeof(le));
}

/* calc_sb_csum by hand: sum of words except sb_csum, carry folded in once. */
static void test_checksum(void **st)
{
	(void)st;
	uint8_t buf[SB0_BYTES];
	memset(buf, 0xff, sizeof(buf));
	/* 1023 words of 0xffffffff: sum = 1023 * (2^32 - 1) = 1022 * 2^32 + (2^32 - 1023) */
	assert_int_equal(sb0_checksum(buf, sizeof(buf), false), (uint32_t)(0x100000000ULL - 1023 + 1022));
	memset(buf, 0, sizeof(buf));
	buf[4 * 38] = 0x55;                 /* the checksum word itself is not summed */
	buf[4 * 7] = 1;
	buf[4 * 1000 + 3] = 1;
	assert_int_equal(sb0_checksum(buf, sizeof(buf), false), 1 + 0x01000000);
	assert_int_equal(sb0_checksum(buf, sizeof(buf), true), 0x01000000 + 1);
	assert_true(sb0_csum_matches(0x0001fffe, 0x0000ffff));
	assert_false(sb0_csum_matches(1, 2));
}

static void expect_bad(struct sb0 *sb, const char *what)
{
	uint8_t buf[SB0_BYTES];
	struct sb0 out;
	struct sb0_err e = { "" };
	sb0_encode(sb, buf, sizeof(buf));
	assert_int_equal(sb0_decode(buf, sizeof(buf), &out, &e), -1);
	assert_non_null(strstr(e.msg, what));
}

static void test_bounds(void **st)
{
	(void)st;
	struct sb0 sb;
	uint8_t buf[SB0_BYTES];
	fill(&sb, false); sb.raid_disks = 0; expect_bad(&sb, "raid_disks");
	fill(&sb, false); sb.raid_disks = 28; expect_bad(&sb, "raid_disks");
	fill(&sb, true); sb.nr_disks = 28; expect_bad(&sb, "nr_disks");
	fill(&sb, false); sb.this_disk.number = 27; expect_bad(&sb, "number");
	fill(&sb, false); sb.this_disk.number = 0xffffffff; expect_bad(&sb, "number");
	fill(&sb, false); sb.major_version = 1; expect_bad(&sb, "version");
	fill(&sb, false); sb.minor_version = 89; expect_bad(&sb, "version");
	fill(&sb, false); sb.minor_version = 92; expect_bad(&sb, "version");
	fill(&sb, false);
	sb0_encode(&sb, buf, sizeof(buf));
	assert_int_equal(sb0_decode(buf, SB0_BYTES - 1, &sb, NULL), -1);
	assert_int_equal(sb0_encode(&sb, buf, SB0_BYTES - 1), -1);
	buf[0] ^= 1;
	assert_int_equal(sb0_byte_order(buf, sizeof(buf)), -1);
	assert_int_equal(sb0_decode(buf, sizeof(buf), &sb, NULL), -1);
	/* a bad checksum decodes (--examine shows it) but is reported */
	fill(&sb, false);
	sb0_encode(&sb, buf, sizeof(buf));
	buf[4 * 38] ^= 0x10;
	assert_int_equal(sb0_decode(buf, sizeof(buf), &sb, NULL), 0);
	assert_false(sb0_csum_matches(sb.sb_csum, sb.csum_computed));
}

static void test_offset(void **st)
{
	(void)st;
	assert_int_equal(sb0_offset(65536), 65536 - 128);          /* 32 MiB */
	assert_int_equal(sb0_offset(65536 + 127), 65536 - 128);
	assert_int_equal(sb0_offset(128), 0);
	assert_true(sb0_offset(127) == UINT64_MAX);
	assert_true(sb0_offset(0) == UINT64_MAX);
}

static void test_homehost(void **st)
{
	(void)st;
	for (int be = 0; be < 2; be++) {
		struct sb0 sb;
		fill(&sb, be);
		assert_false(sb0_uuid_is_local(&sb, "myhost"));
		sb0_uuid_set_host(&sb, "myhost");
		assert_true(sb0_uuid_is_local(&sb, "myhost"));
		assert_false(sb0_uuid_is_local(&sb, "other"));
		assert_false(sb0_uuid_is_local(&sb, ""));
		assert_false(sb0_uuid_is_local(&sb, NULL));
	}
	/* SHA-1("abc") = a9993e36 4706816a ...: copied as bytes, read as words */
	struct sb0 sb;
	fill(&sb, false);
	sb0_uuid_set_host(&sb, "abc");
	assert_int_equal(sb.set_uuid[2], 0x363e99a9);
	assert_int_equal(sb.set_uuid[3], 0x6a810647);
	char s[36];
	sb0_uuid_format(&sb, s);
	assert_string_equal(s, "11223344:55667788:363e99a9:6a810647");
}


/* ---- the renderer against mdadm 4.6's output on the same superblocks ----
 * fixtures/super0/NAME.sb: the 4 KiB superblock of the first member of an
 * array mdadm 4.6 made with -e 0.90 --homehost=fixturehost in the test VM
 * (fixtures/super0/capture.sh); NAME.E, .export, .Es, .Ebv: what mdadm 4.6
 * printed for it (-E --homehost=fixturehost, -E --export, -Es, -Ebv). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *b = malloc(1 << 16);
	assert_non_null(b);
	*len = fread(b, 1, (1 << 16) - 1, f);
	b[*len] = 0;
	fclose(f);
	return b;
}

static char loopname[SB0_DISKS + 1][32];

static const char *name_of(const struct sb0_disk *d, int i)
{
	if (d->major != 7)
		return NULL;
	snprintf(loopname[i], sizeof(loopname[i]), "/dev/loop%u", d->minor);
	return loopname[i];
}

static char fixture_path[64] = "/dev/loop0";

static void render_text(const struct sb0 *sb, const char *homehost, char **text, size_t *len)
{
	struct examine0_input in = { .path = fixture_path, .sb = sb, .homehost = homehost };
	for (int i = 0; i < SB0_DISKS; i++)
		in.disk_names[i] = name_of(&sb->disks[i], i);
	in.this_name = name_of(&sb->this_disk, SB0_DISKS);
	FILE *f = open_memstream(text, len);
	fmt_examine0(f, &in);
	fclose(f);
}

/* The word after key in a captured ARRAY line, or NULL. */
static const char *second_field(const char *text, const char *key, char *out, size_t n)
{
	const char *p = strstr(text, key);
	if (!p)
		return NULL;
	p += strlen(key);
	size_t k = strcspn(p, " \n");
	snprintf(out, n, "%.*s", (int)k, p);
	return out;
}

static void check_fixture(const char *name)
{
	char path[128], *want, *got, sp[16], dv[256];
	size_t wl, gl;
	uint8_t *raw;
	struct sb0 sb, be;
	snprintf(path, sizeof(path), "fixtures/super0/%s.sb", name);
	raw = (uint8_t *)slurp(path, &wl);
	assert_int_equal(wl, SB0_BYTES);
	assert_int_equal(sb0_decode(raw, wl, &sb, NULL), 0);
	assert_false(sb.big_endian);

	snprintf(path, sizeof(path), "fixtures/super0/%s.E", name);
	want = slurp(path, &wl);
	/* the member examined: the first line is "/dev/loopN:" */
	snprintf(fixture_path, sizeof(fixture_path), "%.*s", (int)strcspn(want, ":"), want);
	render_text(&sb, "fixturehost", &got, &gl);
	assert_string_equal(got, want);
	free(got);
	free(want);
	/* the same array written by a big-endian host prints the same (but for
	 * "local to host": such a host hashes into the words in its own order) */
	render_text(&sb, NULL, &want, &wl);
	uint8_t buf[SB0_BYTES];
	sb.big_endian = true;
	sb0_encode(&sb, buf, sizeof(buf));
	sb.big_endian = false;
	assert_int_equal(sb0_decode(buf, sizeof(buf), &be, NULL), 0);
	assert_true(be.big_endian);
	/* a bad stored checksum stays bad: carry it over */
	if (sb.sb_csum != sb.csum_computed)
		be.sb_csum = sb.sb_csum;
	render_text(&be, NULL, &got, &gl);
	assert_string_equal(got, want);
	free(got);
	free(want);

	snprintf(path, sizeof(path), "fixtures/super0/%s.export", name);
	want = slurp(path, &wl);
	struct examine0_input in = { .path = "/dev/loop0", .sb = &sb };
	FILE *f = open_memstream(&got, &gl);
	fmt_examine0_export(f, &in);
	fclose(f);
	assert_string_equal(got, want);
	free(got);
	free(want);

	for (int verbose = 0; verbose < 2; verbose++) {
		snprintf(path, sizeof(path), "fixtures/super0/%s.%s", name, verbose ? "Ebv" : "Es");
		want = slurp(path, &wl);
		const char *s = second_field(want, "   spares=", sp, sizeof(sp));
		const char *d = second_field(want, "   devices=", dv, sizeof(dv));
		f = open_memstream(&got, &gl);
		fmt_examine0_brief(f, &sb, verbose, s ? atoi(s) : 0, d);
		fclose(f);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	free(raw);
}

static void test_fixtures(void **st)
{
	(void)st;
	setenv("TZ", "UTC", 1);
	tzset();
	static const char *names[] = { "r1bm", "r5", "r10", "lin", "r0", "r1deg", "r6", "r1fail", "badcsum" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		check_fixture(names[i]);
}

/* Hostile values: nothing read past the 27 descriptors, sizes never overflow. */
static void test_render_bounds(void **st)
{
	(void)st;
	struct sb0 sb;
	char *got;
	size_t gl;
	fill(&sb, false);
	sb.raid_disks = 27;
	sb.spare_disks = 0xffffffff;
	sb.size = 0xffffffff;
	sb.level = 10;
	sb.layout = 0;          /* no copies: no Array Size line */
	render_text(&sb, "host", &got, &gl);
	assert_null(strstr(got, "Array Size"));
	assert_non_null(strstr(got, "  26 "));
	assert_null(strstr(got, "  27 "));
	free(got);
	uint64_t kib;
	sb.level = 6;
	sb.raid_disks = 1;      /* fewer members than parity: no size */
	assert_false(sb0_array_kib(&sb, &kib));
	sb.raid_disks = 27;
	assert_true(sb0_array_kib(&sb, &kib));
	assert_int_equal(kib, 0xffffffffULL * 25);
}


/* sb0_new_member: a raid5 of 3 slots, slot 1 missing, one spare; encode,
 * decode, checksum; the 0.90 limits. */
static void new_raid5(struct sb0_new *p)
{
	memset(p, 0, sizeof(*p));
	p->set_uuid[0] = 0x11223344;
	p->set_uuid[3] = 0xdeadbeef;
	p->ctime = 1796276354;
	p->level = 5;
	p->size_kib = 24064;
	p->raid_disks = 3;
	p->md_minor = 5;
	p->layout = 2;
	p->chunk_bytes = 512 * 1024;
	p->clean = true;
	p->bitmap = true;
	p->nmembers = 4;
	for (int i = 0; i < 4; i++) {
		p->present[i] = i != 1;
		if (i == 1)
			continue;
		p->disks[i] = (struct sb0_disk){ .number = (uint32_t)i, .major = 7, .minor = (uint32_t)i,
						 .raid_disk = (uint32_t)i,
						 .state = i < 3 ? SB0_DISK_ACTIVE | SB0_DISK_SYNC : 0 };
	}
}

static void test_new_member(void **st)
{
	(void)st;
	struct sb0_new p;
	struct sb0 sb, back;
	struct sb0_err e;
	uint8_t buf[SB0_BYTES];
	new_raid5(&p);
	assert_int_equal(sb0_new_member(&p, 3, &sb, &e), 0);
	assert_int_equal(sb0_encode(&sb, buf, sizeof(buf)), SB0_BYTES);
	assert_int_equal(sb0_decode(buf, sizeof(buf), &back, &e), 0);
	assert_true(sb0_csum_matches(back.sb_csum, back.csum_computed));
	assert_int_equal(back.major_version, 0);
	assert_int_equal(back.minor_version, 90);
	assert_int_equal(back.level, 5);
	assert_int_equal(back.size, 24064);
	assert_int_equal(back.raid_disks, 3);
	assert_int_equal(back.md_minor, 5);
	assert_int_equal(back.chunk_size, 512 * 1024);
	assert_int_equal(back.state, SB0_STATE_CLEAN | SB0_STATE_BITMAP_PRESENT);
	assert_int_equal(back.recovery_cp, UINT32_MAX);
	assert_int_equal(back.nr_disks, 3);
	assert_int_equal(back.active_disks, 2);
	assert_int_equal(back.working_disks, 3);
	assert_int_equal(back.failed_disks, 1);
	assert_int_equal(back.spare_disks, 1);
	assert_int_equal(back.this_disk.number, 3);
	assert_int_equal(back.this_disk.state, 0);
	assert_int_equal(back.disks[1].state, 0);
	assert_int_equal(back.disks[2].raid_disk, 2);
	assert_int_equal(back.set_uuid[3], 0xdeadbeef);
	assert_int_equal(back.ctime, back.utime);
	/* not clean: a resync from 0 */
	p.clean = false;
	assert_int_equal(sb0_new_member(&p, 0, &sb, &e), 0);
	assert_int_equal(sb.state & SB0_STATE_CLEAN, 0);
	assert_int_equal(sb.recovery_cp, 0);
	/* limits */
	assert_int_equal(sb0_new_member(&p, 1, &sb, &e), -1);   /* missing */
	assert_int_equal(sb0_new_member(&p, 4, &sb, &e), -1);
	p.nmembers = 28;
	assert_int_equal(sb0_new_member(&p, 0, &sb, &e), -1);
	assert_non_null(strstr(e.msg, "at most 27"));
	new_raid5(&p);
	p.raid_disks = 0;
	assert_int_equal(sb0_new_member(&p, 0, &sb, &e), -1);
	assert_true(sb0_is_version("0.90") && sb0_is_version("0") && sb0_is_version("0.9"));
	assert_false(sb0_is_version("1.2") || sb0_is_version("0.91") || sb0_is_version(NULL));
}

/* super0_view.c: what --incremental reasons with. */
static void test_as_sb1(void **st)
{
	(void)st;
	struct sb0 s;
	struct sb1 v;
	fill(&s, true);
	s.disks[2].state = SB0_DISK_FAULTY;             /* a failed member */
	s.disks[3].raid_disk = 3;                       /* a spare: no ACTIVE/SYNC */
	s.disks[0].raid_disk = 7;                       /* a slot beyond raid_disks is no slot */
	sb0_as_sb1(&s, &v);
	static const uint8_t want_uuid[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
					       0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00 };
	assert_memory_equal(v.set_uuid, want_uuid, 16);
	assert_int_equal(v.level, 5);
	assert_int_equal(v.raid_disks, 3);
	assert_int_equal(v.size, 32704 * 2);
	assert_int_equal(v.chunksize, 128);
	assert_int_equal(v.events, 0x0000000100000002ULL);
	assert_true(v.resync_offset == UINT64_MAX);
	assert_int_equal(v.feature_map, SB1_FEAT_BITMAP_OFFSET | SB1_FEAT_RESHAPE_ACTIVE);
	assert_int_equal(v.bitmap_offset, 8);
	assert_int_equal(v.new_chunk, 256);
	assert_int_equal(v.delta_disks, -1);
	assert_int_equal(v.dev_number, 1);
	assert_int_equal(v.max_dev, SB0_DISKS);
	assert_int_equal(v.dev_roles[0], SB1_ROLE_SPARE);
	assert_int_equal(v.dev_roles[1], 1);
	assert_int_equal(v.dev_roles[2], SB1_ROLE_FAULTY);
	assert_int_equal(v.dev_roles[3], SB1_ROLE_SPARE);
	assert_int_equal(v.set_name[0], '\0');
	assert_int_equal(sb1_role(&v), 1);
	/* not clean: the resync restarts from recovery_cp */
	s.state &= ~SB0_STATE_CLEAN;
	s.recovery_cp = 4096;
	s.minor_version = 90;
	sb0_as_sb1(&s, &v);
	assert_int_equal(v.resync_offset, 4096);
	assert_int_equal(v.feature_map, SB1_FEAT_BITMAP_OFFSET);
}

/* --update=sparc2.2: a superblock as a SPARC 2.2 kernel laid it out (a pad
 * word before the events, everything after one word late) moves back to the
 * standard one, in both byte orders; a standard superblock moved so is no
 * longer plausible (its this_disk names the wrong descriptor). */
static void test_sparc22(void **st)
{
	(void)st;
	for (int be = 0; be < 2; be++) {
		struct sb0 a, b;
		uint8_t std[SB0_BYTES], sparc[SB0_BYTES];
		fill(&a, be);
		assert_int_equal(sb0_encode(&a, std, sizeof(std)), SB0_BYTES);
		memcpy(sparc, std, sizeof(sparc));
		memmove(sparc + 4 * 40, std + 4 * 39, 4 * (1024 - 40));
		memset(sparc + 4 * 39, 0xee, 4);   /* the pad */
		sb0_sparc22_shift(sparc, be);
		/* the standard bytes again (word 1023, this_disk's last reserved
		 * word, keeps what the SPARC layout had there: word 1022's zero) */
		assert_memory_equal(sparc, std, sizeof(std));
		assert_int_equal(sb0_decode(sparc, sizeof(sparc), &b, NULL), 0);
		assert_int_equal(b.sb_csum, b.csum_computed);
		assert_true(sb0_sparc22_plausible(&b));
		assert_int_equal(b.events, a.events);
		assert_int_equal(b.this_disk.minor, 1);
		/* a superblock no SPARC kernel wrote */
		sb0_sparc22_shift(std, be);
		assert_int_equal(sb0_decode(std, sizeof(std), &b, NULL), 0);
		assert_false(sb0_sparc22_plausible(&b));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1_vectors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_swapped_words),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_homehost),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_render_bounds),
		cmocka_unit_test(test_new_member),
		cmocka_unit_test(test_as_sb1),
		cmocka_unit_test(test_sparc22),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
