/* libFuzzer target for what --examine and --examine-bitmap print of a member:
 * bytes -> superblock (super1.c) and bitmap (bitmap.c) -> the renderers
 * (fmt_examine, fmt_examine_export, fmt_examine_brief, bitmap_print).
 * Input: the 4 KiB superblock, then the bitmap area it points at (header and
 * bits), as examine.c and examine_bitmap.c read them. The checksum is fixed
 * up so mutations reach the fields. Beyond not crashing (ASan, UBSan):
 * the --brief line must read back through config.c as one ARRAY entry with
 * the array's UUID and a device name inside /dev/md/, and every --export
 * line must be KEY=VALUE with a udev-safe value. abort() otherwise. */
#include "bitmap.h"
#include "bitmap_render.h"
#include "config.h"
#include "output.h"
#include "super1.h"
#include "udev_name.h"
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

/* The ARRAY line(s) of --brief, read back as mdadm.conf text. */
static void check_brief(const struct sb1 *sb, int minor, bool verbose)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		abort();
	fmt_examine_brief(f, sb, minor, verbose, 1, verbose ? "/dev/loop0,/dev/loop1" : NULL);
	fclose(f);
	struct mdconf c;
	/* reports are allowed: num-devices=0 is printed as mdadm does, and
	 * refused by the parser; the entry itself must stand */
	if (conf_parse(text, len, "fuzz", &c, NULL) < 0 || c.narrays != 1 || !c.arrays[0].has_uuid ||
	    memcmp(c.arrays[0].uuid, sb->set_uuid, 16))
		abort();
	const char *dn = c.arrays[0].devname;
	if (dn[0] && (strncmp(dn, "/dev/md/", 8) || !udev_name_ok(dn + 8)))
		abort();
	conf_free(&c);
	free(text);
}

static void check_export(const struct examine_input *in)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		abort();
	fmt_examine_export(f, in);
	fclose(f);
	for (char *l = text; *l; ) {
		char *nl = strchr(l, '\n'), *eq = strchr(l, '=');
		if (!nl || !eq || eq > nl || eq == l)
			abort();
		*nl = '\0';
		for (char *k = l; k < eq; k++)
			if (!((*k >= 'A' && *k <= 'Z') || *k == '_'))
				abort();
		/* values are udev-safe bytes ("-unknown-" may lead with '-'; a small
		 * array's MD_ARRAY_SIZE is empty, as in mdadm) */
		if (strspn(eq + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789._+:-") != strlen(eq + 1))
			abort();
		if (!strncmp(l, "MD_NAME=", 8) &&
		    (!udev_name_ok(eq + 1) || !udev_name_ok(fmt_short_name(eq + 1))))
			abort();
		l = nl + 1;
	}
	free(text);
}

static void render(const struct sb1 *sb, uint32_t csum, const uint8_t *bm, size_t bmlen)
{
	struct bitmap_sb bs;
	struct bitmap_err be;
	bool bitmap_ok = false;
	if (bmlen >= BITMAP_SB_BYTES) {
		int rc = bitmap_decode(bm, bmlen, &bs, &be);
		bitmap_ok = rc == 0 || bs.magic == BITMAP_MAGIC;
		if (bitmap_ok)          /* -X shows a header it refused, too */
			bitmap_print(devnull(), "fuzz", &bs, bm, bmlen, 1);
	}
	/* The host part of the name, to reach "(local to host ...)". */
	char host[33];
	snprintf(host, sizeof(host), "%s", sb->set_name);
	char *colon = strchr(host, ':');
	if (colon)
		*colon = '\0';
	static const uint64_t devs[] = { 0, 16, 2097152, UINT64_MAX / 2, UINT64_MAX };
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		int minor = (int)(i % 3);
		struct examine_input in = {
			.path = "/dev/fuzz", .sb = sb, .minor = minor,
			.dev_sectors = i == 2 ? sb->super_offset + 16 : devs[i],
			.csum_computed = i == 1 ? csum + 1 : csum,
			.bitmap_ok = bitmap_ok, .bitmap_chunksize = bitmap_ok ? bs.chunksize : 0,
			.bitmap_sync_size = bitmap_ok ? bs.sync_size : 0,
			.cluster_name = bitmap_ok ? bs.cluster_name : NULL,
			.homehost = i ? host : NULL,
		};
		fmt_examine(devnull(), &in);
		if (i == 0)
			check_export(&in);
	}
	check_brief(sb, 2, false);
	check_brief(sb, 0, true);
	(void)sb_counts_as_spare(sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t sealed[SB1_READ_BYTES];
	static struct sb1 sb;
	struct sb1_err e;
	size_t sblen = size < SB1_READ_BYTES ? size : SB1_READ_BYTES;
	if (sblen <= 220)
		return 0;
	memcpy(sealed, data, sblen);
	uint32_t c = sb1_checksum(sealed, sblen);
	for (int i = 0; i < 4; i++)
		sealed[216 + i] = (uint8_t)(c >> (8 * i));
	if (sb1_decode(sealed, sblen, &sb, &e) < 0)
		return 0;
	render(&sb, c, data + sblen, size - sblen);
	return 0;
}
