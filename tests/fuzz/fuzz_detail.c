/* libFuzzer target for what --detail, --query and their --brief/--export
 * forms print (output_detail.c): bytes -> a member's superblock (super1.c,
 * which gives the name, UUID and events as detail.c takes them) -> the rest
 * of a struct md_detail from the bytes after it (what GET_ARRAY_INFO,
 * GET_DISK_INFO, sysfs and /dev/md/ would say, any values) -> fmt_detail,
 * fmt_detail_brief, fmt_detail_export, fmt_query_array, the inactive forms,
 * detail_test_status. Beyond ASan/UBSan: the --brief line read back through
 * config.c is one ARRAY entry with the UUID, its device /dev/KNAME, the path
 * given or /dev/md/ + a link name; --export never carries an unsafe
 * MD_DEVNAME or MD_NAME. abort() otherwise. */
#include "config.h"
#include "levels.h"
#include "output.h"
#include "super1.h"
#include "udev_name.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rd { const uint8_t *p; size_t n; };

static uint64_t take(struct rd *r, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes && r->n; i++, r->p++, r->n--)
		v |= (uint64_t)r->p[0] << (8 * i);
	return v;
}

static int take_int(struct rd *r) { return (int)(int32_t)(uint32_t)take(r, 4); }

/* A string of up to max-1 raw bytes (NUL-free), or from a safe alphabet. */
static void take_str(struct rd *r, char *out, size_t max, bool safe)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789._:-";
	size_t len = take(r, 1) % max, i;
	for (i = 0; i < len && r->n; i++) {
		char c = (char)take(r, 1);
		out[i] = safe ? abc[(unsigned char)c % (sizeof(abc) - 1)] : c ? c : '?';
	}
	out[i] = '\0';
}

static void fill(struct md_detail *d, const struct sb1 *sb, struct rd *r)
{
	static const int levels[] = { -1, 0, 1, 4, 5, 6, 10, -4, -5, 7, LEVEL_UNKNOWN };
	memset(d, 0, sizeof(*d));
	take_str(r, d->link, sizeof(d->link), false);
	if (take(r, 1) & 1)
		take_str(r, d->devpath, sizeof(d->devpath), false);
	else
		detail_array_path(d, d->devpath, sizeof(d->devpath));
	take_str(r, d->kname, sizeof(d->kname), true);
	take_str(r, d->metadata, sizeof(d->metadata), true);
	take_str(r, d->consistency, sizeof(d->consistency), true);
	uint64_t bits = take(r, 8);
	d->inactive = bits & 1, d->persistent = bits & 2, d->clean = bits & 4, d->bitmap = bits & 8;
	d->llbitmap = bits & 16, d->reshaping = bits & 32, d->have_sb = bits & 64;
	d->sb0 = bits & 128, d->sb0_big_endian = (bits >> 40) & 1;
	d->sync = (enum sync_kind)((bits >> 8) % 5);
	d->sync_wait = (enum sync_wait)((bits >> 16) % 3);
	d->level = levels[(bits >> 24) % (sizeof(levels) / sizeof(levels[0]))];
	d->new_level = levels[(bits >> 32) % (sizeof(levels) / sizeof(levels[0]))];
	d->ctime = (uint32_t)take(r, 4), d->utime = (uint32_t)take(r, 4);
	d->preferred_minor = (uint32_t)take(r, 4);
	d->array_kib = take(r, 8), d->used_dev_kib = take(r, 8);
	/* The table has a row per slot: keep raid_disks to what md allows (v1.x
	 * max_dev <= 1920) so one input stays fast; the counts may be anything. */
	d->raid_disks = take_int(r) % 2048;
	d->total_devices = take_int(r), d->prev_raid_disks = take_int(r);
	d->active_devices = take_int(r), d->working_devices = take_int(r);
	d->failed_devices = take_int(r), d->spare_devices = take_int(r);
	d->layout = (uint32_t)take(r, 4), d->new_layout = (uint32_t)take(r, 4);
	d->chunk_kib = (uint32_t)take(r, 4), d->new_chunk_kib = (uint32_t)take(r, 4);
	d->logical_block_size = (uint32_t)take(r, 4);
	d->sync_percent = take_int(r);
	memcpy(d->name, sb->set_name, sizeof(d->name));
	memcpy(d->uuid, sb->set_uuid, 16);
	d->events = sb->events;
	snprintf(d->homehost, sizeof(d->homehost), "%.*s", (int)strcspn(sb->set_name, ":"), sb->set_name);
	d->nmembers = (int)(take(r, 2) % (DETAIL_MAX_MEMBERS + 1));
	for (int i = 0; i < d->nmembers; i++) {
		struct detail_member *m = &d->m[i];
		m->number = take_int(r), m->major = take_int(r), m->minor = take_int(r);
		m->raid_disk = take_int(r), m->state = take_int(r);
		take_str(r, m->kname, sizeof(m->kname), true);
	}
}

static char *capture(const struct md_detail *d, int form, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		abort();
	if (form == 0)
		fmt_detail_brief(f, d, false);
	else
		fmt_detail_export(f, d);
	fclose(f);
	return text;
}

static void check_brief(const struct md_detail *d)
{
	size_t len;
	char *text = capture(d, 0, &len), want[64];
	struct mdconf c;
	if (conf_parse(text, len, "fuzz", &c, NULL) < 0 || c.narrays != 1 ||
	    c.arrays[0].has_uuid != d->have_sb || (d->have_sb && memcmp(c.arrays[0].uuid, d->uuid, 16)))
		abort();
	snprintf(want, sizeof(want), "/dev/%s", d->kname);
	const char *dn = c.arrays[0].devname;
	if (strcmp(dn, want) && (strcmp(dn, d->devpath) || !udev_path_ok(dn)))
		abort();
	conf_free(&c);
	free(text);
}

static void check_export(const struct md_detail *d)
{
	size_t len;
	char *text = capture(d, 1, &len);
	for (char *l = text; (l = strstr(l, "MD_")); l++) {
		if (l != text && l[-1] != '\n')
			continue;
		char *nl = strchr(l, '\n');
		if (!nl)
			abort();
		*nl = '\0';
		if ((!strncmp(l, "MD_DEVNAME=", 11) && !udev_name_ok(l + 11)) ||
		    (!strncmp(l, "MD_NAME=", 8) && (!udev_name_ok(l + 8) || !udev_name_ok(fmt_short_name(l + 8)))))
			abort();
		*nl = '\n';
	}
	free(text);
}

static FILE *devnull(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t sealed[SB1_READ_BYTES];
	static struct sb1 sb;
	static struct md_detail d;
	struct sb1_err e;
	size_t sblen = size < SB1_READ_BYTES ? size : SB1_READ_BYTES;
	if (sblen <= 220)
		return 0;
	memcpy(sealed, data, sblen);
	uint32_t c = sb1_checksum(sealed, sblen);
	for (int i = 0; i < 4; i++)
		sealed[216 + i] = (uint8_t)(c >> (8 * i));
	if (sb1_decode(sealed, sblen, &sb, &e) < 0)
		memset(&sb, 0, sizeof(sb));     /* the kernel side still renders */
	struct rd r = { data + sblen, size - sblen };
	fill(&d, &sb, &r);
	fmt_detail(devnull(), &d);
	fmt_detail_brief(devnull(), &d, true);
	fmt_query_array(devnull(), d.devpath, &d);
	fmt_detail_inactive(devnull(), &d);
	fmt_detail_inactive_brief(devnull(), &d, true);
	(void)detail_test_status(&d);
	check_brief(&d);
	check_export(&d);
	return 0;
}
