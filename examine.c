/* --examine: print the v1.x or 0.90 superblock of each member device, mdadm
 * 4.6 style. A device holding both shows the more recently created one, as
 * mdadm 4.6 does (checked black-box both ways in t_super0); on equal
 * creation times, the 0.90 one (mdctl's choice: not checked against mdadm). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bitmap.h"
#include "dev.h"
#include "foreign.h"
#include "json_emit.h"
#include "modes.h"
#include "sysfs.h"
#include "names.h"
#include "output.h"
#include "output_examine0.h"
#include "super1.h"
#include "uuid.h"

#define O_SB_CSUM 216   /* offsetof(struct mdp_superblock_1, sb_csum), md_p.h */

/* What was found on one device. */
struct found {
	bool v0;                        /* sb0 is the one found */
	struct sb0 sb0;
	struct sb1 sb;
	int minor;
	uint32_t csum_computed;
	bool bitmap_ok;
	struct bitmap_sb bm;
};

/* Decode the superblock in buf. A checksum mismatch alone does not stop
 * --examine (it prints "expected ..."): decode a copy carrying the computed
 * checksum and keep the stored one for display. */
static int decode_tolerant(uint8_t *buf, struct sb1 *sb, uint32_t *computed, struct sb1_err *e)
{
	uint32_t stored = (uint32_t)buf[O_SB_CSUM] | (uint32_t)buf[O_SB_CSUM + 1] << 8 |
			  (uint32_t)buf[O_SB_CSUM + 2] << 16 | (uint32_t)buf[O_SB_CSUM + 3] << 24;
	*computed = sb1_checksum(buf, SB1_READ_BYTES);
	for (int i = 0; i < 4; i++)
		buf[O_SB_CSUM + i] = (uint8_t)(*computed >> (8 * i));
	if (sb1_decode(buf, SB1_READ_BYTES, sb, e) < 0)
		return -1;
	sb->sb_csum = stored;
	return 0;
}

/* Look at the 1.2, 1.1 and 1.0 locations; when several hold a superblock (a
 * stale one from an earlier array), the most recently created wins, as in
 * dev_find_sb1(). Unlike assembly, no consistency check against the device:
 * --examine shows what is there. Returns 0, 1 (none), -1 (corrupt, e set). */
static int find_sb(int fd, const struct devinfo *di, int pick, struct found *fo, struct sb1_err *e)
{
	uint8_t buf[SB1_READ_BYTES];
	struct sb1 *cand = malloc(sizeof(*cand));
	int best = -1, bad = 0;
	if (!cand) {
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		return -1;
	}
	for (int m = 2; m >= 0; m--) {
		uint64_t off = sb1_super_offset(m, di->sectors);
		uint32_t csum;
		if (pick >= 0 && m != pick)
			continue;
		struct sb1_err ce;
		if (off == UINT64_MAX || off + SB1_READ_BYTES / 512 > di->sectors)
			continue;
		if (dev_pread(fd, buf, sizeof(buf), off << 9) < 0) {
			if (!bad)
				snprintf(e->msg, sizeof(e->msg), "cannot read superblock: %s", strerror(errno));
			bad = 1;
			continue;
		}
		if (buf[0] != 0xfc || buf[1] != 0x4e || buf[2] != 0x2b || buf[3] != 0xa9)
			continue;
		if (decode_tolerant(buf, cand, &csum, &ce) < 0) {
			if (!bad)
				*e = ce;
			bad = 1;
			continue;
		}
		/* A superblock copied or left elsewhere is not the one for this location. */
		if (cand->super_offset != off)
			continue;
		if (best < 0 || sb1_time_sec(cand->ctime) > sb1_time_sec(fo->sb.ctime)) {
			fo->sb = *cand;
			fo->minor = m;
			fo->csum_computed = csum;
			best = m;
		}
	}
	free(cand);
	if (best >= 0)
		return 0;
	return bad ? -1 : 1;
}

/* The bitmap header, for the space it takes and the cluster name. */
static void read_bitmap(int fd, const struct devinfo *di, struct found *fo)
{
	uint8_t buf[BITMAP_SB_BYTES];
	struct bitmap_err be;
	const struct sb1 *sb = &fo->sb;
	int64_t at = (int64_t)sb->super_offset + sb->bitmap_offset;
	fo->bitmap_ok = false;
	if (!(sb->feature_map & SB1_FEAT_BITMAP_OFFSET) || at < 0 ||
	    (uint64_t)at + 1 > di->sectors)
		return;
	if (dev_pread(fd, buf, sizeof(buf), (uint64_t)at << 9) < 0)
		return;
	/* A header with the right magic is used even if the kernel would refuse it:
	 * bitmap_decode() still fills the raw fields. */
	bitmap_decode(buf, sizeof(buf), &fo->bm, &be);
	fo->bitmap_ok = fo->bm.magic == BITMAP_MAGIC;
}

/* The 0.90 superblock, as SPARC 2.2 kernels wrote it with --sparc2.2 (shown
 * as mdadm shows it, with a warning when it does not look like one). */
static int read_v0(int fd, const struct devinfo *di, const char *path, bool sparc22, struct sb0 *sb,
		   struct sb0_err *e)
{
	if (!sparc22)
		return dev_read_sb0(fd, di, sb, e);
	int r = dev_read_sb0_sparc22(fd, di, sb, e);
	if (r == 0 || r == -2)
		pr_info("adjusting superblock of %s for 2.2/sparc compatibility.", path);
	if (r == -2)
		pr_warn("%s: %s", path, e->msg);
	return r == -2 ? 0 : r;
}

/* Open and read one device: the superblock pick names (metadata_pick();
 * -1: the newer of a v1.x and a 0.90 one). Returns 0 found, 1 no superblock,
 * 2 IMSM/DDF metadata instead (refused by name unless quiet), -1 error
 * (printed). */
static int load(const char *path, int pick, bool sparc22, struct found *fo, struct devinfo *di, bool quiet)
{
	struct sb1_err e = { "" };
	int fd = dev_open(path, O_RDONLY, di);
	if (fd < 0)
		return -1;
	int r = pick == -2 ? 1 : find_sb(fd, di, pick, fo, &e);
	struct sb0_err e0 = { "" };
	int r0 = pick >= 0 ? 1 : read_v0(fd, di, path, sparc22, &fo->sb0, &e0);
	fo->v0 = r0 == 0 && (r != 0 || fo->sb0.ctime >= sb1_time_sec(fo->sb.ctime));
	if (r == 0 && !fo->v0)
		read_bitmap(fd, di, fo);
	if (r == 0 && !fo->v0 && sparc22)
		pr_warn("%s: --sparc2.2 applies to 0.90 superblocks; its v1.x one is shown as it is", path);
	if (r == 1 && dev_refuse_foreign(fd, di, quiet))
		r = 2;
	close(fd);
	if (fo->v0)
		return 0;
	if (r == 1 && r0 < 0) {
		pr_err("%s: corrupt 0.90 md superblock: %s", path, e0.msg);
		return -1;
	}
	if (r < 0)
		pr_err("%s: corrupt md superblock: %s", path, e.msg);
	return r;
}

static void fill_input(struct examine_input *in, const char *path, const struct found *fo,
		       const struct devinfo *di, const char *homehost)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->sb = &fo->sb;
	in->minor = fo->minor;
	in->dev_sectors = di->sectors;
	in->csum_computed = fo->csum_computed;
	in->bitmap_ok = fo->bitmap_ok;
	in->bitmap_chunksize = fo->bm.chunksize;
	in->bitmap_sync_size = fo->bm.sync_size;
	in->cluster_name = fo->bitmap_ok ? fo->bm.cluster_name : NULL;
	in->homehost = homehost;
	in->bitmap_version = fo->bm.version;
}

/* A 0.90 member: --examine text, --export or an entry of doc (--json), with
 * the descriptors' devices named as /dev nodes. */
static void print_v0(const char *path, const struct found *fo, const struct devinfo *di, const char *homehost,
		     bool export_, struct json_object *doc)
{
	const struct sb0 *sb = &fo->sb0;
	struct examine0_input in = { .path = path, .sb = sb, .homehost = homehost, .dev_sectors = di->sectors };
	if (export_) {
		fmt_examine0_export(stdout, &in);
		return;
	}
	char (*names)[64] = calloc(SB0_DISKS + 1, sizeof(*names));
	for (int i = 0; names && i <= SB0_DISKS; i++) {
		const struct sb0_disk *d = i < SB0_DISKS ? &sb->disks[i] : &sb->this_disk;
		if (d->major > 0xfff || d->minor > 0xfffff || dev_node_name(d->major, d->minor, names[i], 64) < 0)
			continue;
		if (i < SB0_DISKS)
			in.disk_names[i] = names[i];
		else
			in.this_name = names[i];
	}
	if (doc)
		json_object_array_add(jr_doc_list(doc), jr_examine0(&in));
	else
		fmt_examine0(stdout, &in);
	free(names);
}

/* --brief/--scan: one ARRAY line per array, members grouped by array UUID. */
struct brief_array {
	struct brief_array *next;
	bool v0;
	struct sb0 sb0;
	struct sb1 sb;
	int minor;
	int spares;
	char *devices;                  /* "a,b,c" */
};

static bool same_array1(const struct sb1 *a, const struct sb1 *s)
{
	return !memcmp(a->set_uuid, s->set_uuid, 16) && a->ctime == s->ctime &&
	       a->level == s->level && a->layout == s->layout && a->raid_disks == s->raid_disks &&
	       a->chunksize == s->chunksize && a->size == s->size;
}

static bool same_array0(const struct sb0 *a, const struct sb0 *s)
{
	return !memcmp(a->set_uuid, s->set_uuid, sizeof(a->set_uuid)) && a->ctime == s->ctime &&
	       a->level == s->level && a->layout == s->layout && a->raid_disks == s->raid_disks &&
	       a->chunk_size == s->chunk_size && a->size == s->size;
}

static int brief_add(struct brief_array **list, const struct found *fo, const char *path)
{
	struct brief_array *a;
	/* Same array: same UUID and the same creation and geometry, as mdadm
	 * groups them (a re-created array with an old UUID gets its own line). */
	for (a = *list; a; a = a->next)
		if (a->v0 == fo->v0 && (fo->v0 ? same_array0(&a->sb0, &fo->sb0) : same_array1(&a->sb, &fo->sb)))
			break;
	if (!a) {
		a = calloc(1, sizeof(*a));
		if (!a)
			return -1;
		a->v0 = fo->v0;
		a->sb0 = fo->sb0;
		a->sb = fo->sb;
		a->minor = fo->minor;
		/* mdadm lists the arrays newest-first: prepend. */
		a->next = *list;
		*list = a;
	}
	a->spares += fo->v0 ? sb0_counts_as_spare(&fo->sb0) : sb_counts_as_spare(&fo->sb);
	size_t old = a->devices ? strlen(a->devices) : 0;
	char *d = realloc(a->devices, old + strlen(path) + 2);
	if (!d)
		return -1;
	if (old)
		d[old++] = ',';
	strcpy(d + old, path);
	a->devices = d;
	return 0;
}

static void brief_flush(struct brief_array *list, bool verbose)
{
	while (list) {
		struct brief_array *n = list->next;
		if (list->v0)
			fmt_examine0_brief(stdout, &list->sb0, verbose, list->spares, list->devices);
		else
			fmt_examine_brief(stdout, &list->sb, list->minor, verbose, list->spares, list->devices);
		free(list->devices);
		free(list);
		list = n;
	}
}

/* --scan without devices: every block device the kernel lists. */
static char **partitions(int *count)
{
	char (*names)[32];
	int np = proc_partitions(&names), n = 0;
	char **v = np > 0 ? calloc((size_t)np, sizeof(*v)) : NULL;
	*count = 0;
	for (int i = 0; v && i < np; i++) {
		size_t len = strlen(names[i]) + 6;
		if (!(v[n] = malloc(len)))
			break;
		snprintf(v[n++], len, "/dev/%s", names[i]);
	}
	free(names);
	if (!v)
		return NULL;
	/* mdadm walks the list from its end: arrays and their devices come out
	 * in that order (checked against mdadm 4.6 -Es -v in the VM). */
	for (int i = 0; i < n / 2; i++) {
		char *t = v[i];
		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	*count = n;
	return v;
}

/* The devices to examine: those given, or with --scan every one the kernel
 * lists (*scanned, to free). Returns 0, or the exit status (printed). */
static int device_names(const struct options *o, const char ***names, char ***scanned, int *n)
{
	*scanned = NULL;
	if (o->ndevs == 0 && o->scan) {
		*scanned = partitions(n);
		*names = (const char **)*scanned;
		return 0;
	}
	if (o->ndevs == 0) {
		pr_err("No devices to examine");
		return 2;
	}
	*n = o->ndevs;
	*names = malloc((size_t)*n * sizeof(**names));
	if (!*names) {
		pr_err("out of memory");
		return 1;
	}
	for (int i = 0; i < *n; i++)
		(*names)[i] = o->devs[i].name;
	return 0;
}

int mode_examine(const struct options *o)
{
	/* --json lists devices like the full text, and skips non-members with --scan */
	bool brief = (o->brief || o->scan) && !o->json;
	bool quiet = o->brief || o->scan;
	bool verbose = o->verbose > 0;
	char homehost[256];
	const char **names;
	char **scanned = NULL;
	int n, rc = 0;
	struct brief_array *arrays = NULL;
	struct found *fo = malloc(sizeof(*fo));
	if (!fo) {
		pr_err("out of memory");
		return 1;
	}
	int pick;
	char why[160];
	if (metadata_pick(o->metadata, &pick, why, sizeof(why)) < 0) {
		pr_err("%s", why);
		free(fo);
		return 1;
	}
	homehost_get(o->homehost, homehost, sizeof(homehost));
	struct json_object *doc = o->json ? jr_doc_new("examine", "devices") : NULL;
	if (o->json && !doc) {
		pr_err("out of memory");
		free(fo);
		return 1;
	}

	if ((rc = device_names(o, &names, &scanned, &n)) != 0) {
		json_object_put(doc);
		free(fo);
		return rc;
	}

	for (int i = 0; i < n; i++) {
		struct devinfo di;
		struct examine_input in;
		int r = load(names[i], pick, o->sparc22, fo, &di, quiet && !verbose);
		if (r == 2) {
			rc |= !quiet;
			continue;
		}
		if (r == 1) {
			/* --brief/--scan skip non-members quietly, as mdadm does. */
			if (!quiet) {
				pr_err("No md superblock detected on %s.", names[i]);
				rc = 1;
			}
			continue;
		}
		if (r < 0) {
			rc = 1;
			continue;
		}
		if (brief) {
			if (brief_add(&arrays, fo, names[i]) < 0) {
				pr_err("out of memory");
				rc = 1;
			}
			continue;
		}
		if (fo->v0) {
			print_v0(names[i], fo, &di, homehost, o->export_, doc);
			continue;
		}
		fill_input(&in, names[i], fo, &di, homehost);
		if (doc)
			json_object_array_add(jr_doc_list(doc), jr_examine(&in));
		else if (o->export_)
			fmt_examine_export(stdout, &in);
		else
			fmt_examine(stdout, &in);
	}
	brief_flush(arrays, verbose);
	if (scanned)
		for (int i = 0; i < n; i++)
			free(scanned[i]);
	free(scanned);
	if (!scanned && names)
		free(names);
	free(fo);
	return json_emit(doc, rc);
}
