/* --update=VALUE: the table of values and their effect on a v1.x superblock.
 * Pure: no I/O, no printing. The values and what each does are mdadm 4.6's
 * (its man page, --update=?); the fields are md_p.h's mdp_superblock_1. */
#include "update.h"
#include "levels.h"
#include "ppl.h"
#include <stdio.h>
#include <string.h>

#define BBLOG_SECTORS 8        /* a 4 KiB log, as create makes it */

/* NOWHERE: a value mdadm 4.6 lists but refuses on every metadata */
enum applies { NOWHERE = 0, V1 = 1, V090 = 2, CLUSTER = 4 };

static const struct update_value {
	const char *name;
	enum sb_update u;
	unsigned applies;
} values[] = {
	{ "name", UPD_NAME, V1 },
	{ "uuid", UPD_UUID, V1 | V090 },
	{ "homehost", UPD_HOMEHOST, V1 | V090 },
	{ "resync", UPD_RESYNC, V1 | V090 },
	{ "devicesize", UPD_DEVICESIZE, V1 },
	{ "bbl", UPD_BBL, V1 },
	{ "no-bbl", UPD_NO_BBL, V1 },
	{ "force-no-bbl", UPD_FORCE_NO_BBL, V1 },
	/* 0.90: md.c super_90_validate() sets a raid0's layout to -1 whatever
	 * the superblock says, so there is nothing to update (mdadm 4.6 refuses too) */
	{ "layout-original", UPD_LAYOUT_ORIGINAL, V1 },
	{ "layout-alternate", UPD_LAYOUT_ALTERNATE, V1 },
	{ "layout-unspecified", UPD_LAYOUT_UNSPECIFIED, V1 },
	{ "no-bitmap", UPD_NO_BITMAP, V1 | V090 },
	{ "summaries", UPD_SUMMARIES, V090 },
	{ "super-minor", UPD_SUPER_MINOR, V090 },
	{ "byteorder", UPD_BYTEORDER, V090 },
	{ "metadata", UPD_METADATA, V090 },
	{ "sparc2.2", UPD_SPARC22, V090 },
	/* mdadm 4.6: "--update=bitmap not understood for 0.90 metadata" (and 1.x) */
	{ "bitmap", UPD_BITMAP, NOWHERE },
	{ "revert-reshape", UPD_REVERT_RESHAPE, V1 | V090 },
	{ "ppl", UPD_PPL, V1 },
	{ "no-ppl", UPD_NO_PPL, V1 },
	{ "home-cluster", UPD_HOME_CLUSTER, V1 | CLUSTER },
	{ "nodes", UPD_NODES, V1 | CLUSTER },
};
#define NVALUES (sizeof(values) / sizeof(values[0]))

const char *update_values(void)
{
	return "name uuid homehost resync devicesize bbl no-bbl force-no-bbl layout-original "
	       "layout-alternate layout-unspecified no-bitmap summaries super-minor byteorder metadata "
	       "sparc2.2 bitmap revert-reshape ppl no-ppl home-cluster nodes";
}

static const struct update_value *lookup(enum sb_update u)
{
	for (size_t i = 0; i < NVALUES; i++)
		if (values[i].u == u)
			return &values[i];
	return NULL;
}

const char *update_name(enum sb_update u)
{
	const struct update_value *v = lookup(u);
	return v ? v->name : "?";
}

int update_parse(const char *value, enum sb_update *u, char *why, size_t n)
{
	for (size_t i = 0; i < NVALUES; i++)
		if (!strcmp(value, values[i].name)) {
			*u = values[i].u;
			return 0;
		}
	snprintf(why, n, "unknown --update value '%.40s': valid values are %s", value, update_values());
	return -1;
}

/* Why u cannot be applied to metadata fmt (V1 or V090), or NULL. */
static const char *refusal(enum sb_update u, unsigned fmt)
{
	const struct update_value *v = lookup(u);
	bool v1 = fmt == V1;
	if (!v)
		return "not an --update value";
	if (v->applies & CLUSTER)
		return "applies to clustered arrays, which mdctl does not support";
	if (v->applies == NOWHERE)
		return "is not understood for 1.x or 0.90 metadata (mdadm 4.6 refuses it too): "
		       "add a bitmap with --grow --bitmap=internal";
	if (!(v->applies & fmt))
		return v1 ? "applies to 0.90 metadata only, not to 1.x" : "applies to 1.x metadata only, not to 0.90";
	return NULL;
}

const char *update_refusal_v1(enum sb_update u)
{
	return refusal(u, V1);
}

const char *update_refusal_v0(enum sb_update u)
{
	return refusal(u, V090);
}

static int fail(struct sb1_err *e, const char *msg)
{
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	return -1;
}

/* Where --update=bbl puts a 4 KiB log, as mdadm 4.6 does (measured on its
 * output): for 1.1/1.2, 72 sectors past the start of the device's metadata
 * area (superblock 4 KiB, then room for a bitmap); for 1.0, just below the
 * superblock. Returns the offset from the superblock, or 0 when the log
 * would meet the bitmap or the data. */
static int32_t bblog_place(const struct sb1 *sb, uint32_t bitmap_sectors)
{
	bool bm = sb->feature_map & SB1_FEAT_BITMAP_OFFSET;
	int64_t bm_start = bm ? sb->bitmap_offset : 0, bm_end = bm ? bm_start + bitmap_sectors : 0;
	int64_t at;
	if (sb->super_offset < sb->data_offset) {
		/* 1.1/1.2 superblocks sit at sector 0 or 8 */
		if (sb->super_offset > 8 || sb->super_offset + 72 + BBLOG_SECTORS > sb->data_offset - sb->super_offset)
			return 0;
		at = (int64_t)sb->super_offset + 72;
	} else {
		uint64_t lim = sb->super_offset - BBLOG_SECTORS;  /* the log's first sector */
		if (sb->super_offset < BBLOG_SECTORS || sb->data_offset > lim || sb->data_size > lim - sb->data_offset)
			return 0;
		at = -BBLOG_SECTORS;
	}
	if (bm && at < bm_end && bm_start < at + BBLOG_SECTORS)
		return 0;
	return (int32_t)at;
}

static int add_bblog(struct sb1 *sb, uint32_t bitmap_sectors, struct sb1_err *e)
{
	if (sb->bblog_size)
		return 0;
	int32_t at = bblog_place(sb, bitmap_sectors);
	if (!at)
		return fail(e, "no room for a bad block log beside the superblock and the bitmap");
	sb->bblog_offset = at;
	sb->bblog_size = BBLOG_SECTORS;
	sb->bblog_shift = 0;
	return 0;
}

static int apply_layout(struct sb1 *sb, enum sb_update what, struct sb1_err *e)
{
	if (sb->level != 0)
		return fail(e, "the layout values apply to raid0 arrays only");
	if (what == UPD_LAYOUT_UNSPECIFIED) {
		sb->layout = 0;
		sb->feature_map &= ~SB1_FEAT_RAID0_LAYOUT;
	} else {
		sb->layout = what == UPD_LAYOUT_ORIGINAL ? RAID0_ORIG_LAYOUT : RAID0_ALT_MULTIZONE_LAYOUT;
		sb->feature_map |= SB1_FEAT_RAID0_LAYOUT;
	}
	return 0;
}

static int apply_devicesize(struct sb1 *sb, const struct sb1_update_req *u, struct sb1_err *e)
{
	if (u->minor == 0)
		return fail(e, "devicesize applies to 1.1 and 1.2 metadata only (1.0 keeps its superblock at the end)");
	if (u->dev_sectors <= sb->data_offset)
		return fail(e, "the device is smaller than its data offset");
	if (sb->super_offset > (1ULL << 62))
		return fail(e, "the superblock offset is out of range");
	/* the data would grow over a log, bitmap or PPL placed after it */
	int64_t sbo = (int64_t)sb->super_offset;
	if ((sb->bblog_size && sbo + sb->bblog_offset >= (int64_t)sb->data_offset) ||
	    ((sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && sbo + sb->bitmap_offset >= (int64_t)sb->data_offset) ||
	    ((sb->feature_map & SB1_FEAT_PPL) && sbo + sb->ppl_offset >= (int64_t)sb->data_offset))
		return fail(e, "devicesize: this member keeps metadata after its data");
	uint64_t room = u->dev_sectors - sb->data_offset;
	if (room < sb->size)
		return fail(e, "the device is now smaller than the array needs");
	/* and every other region must stay clear of the grown data (a PPL that
	 * starts before the data and ends in it, say), as the kernel checks */
	struct sb1 grown = *sb;
	struct sb1_err why;
	grown.data_size = room;
	if (sb1_validate(&grown, u->minor, u->dev_sectors, &why) < 0) {
		snprintf(e->msg, sizeof(e->msg), "devicesize: the grown data area would be invalid: %.100s", why.msg);
		return -1;
	}
	sb->data_size = room;
	return 0;
}

/* --update=ppl on an existing member: where its PPL can go (mdadm(8): in
 * the free space between the superblock and the data). mdadm 4.6 refuses
 * every --update=ppl ("PPL is not compatible with bitmap", observed in the
 * VM), so the place is mdctl's, held to what the kernel checks
 * (raid5-ppl.c ppl_validate_rdev: clear of data and superblock; md.c
 * super_1_load: ppl.offset signed, from the superblock):
 * - 1.1/1.2: after the 4 KiB superblock, up to the bad-block log if the PPL
 *   fits there, else after the log, up to the data;
 * - 1.0: below the superblock (and the log just under it), down to the end
 *   of the used data; data_size then ends where the PPL starts.
 * At most 1 MiB (as create), a multiple of 4 KiB, at least PPL_MIN_SECTORS. */
#define SECTORS_BOUND (1ULL << 56)          /* 32 EiB: no real member comes near */
static int place_ppl(struct sb1 *sb, struct sb1_err *e)
{
	/* bounded first: the signed sums below must not overflow */
	if (sb->super_offset > SECTORS_BOUND || sb->data_offset > SECTORS_BOUND || sb->size > SECTORS_BOUND)
		return fail(e, "--update=ppl: the superblock's offsets are out of range");
	int64_t so = (int64_t)sb->super_offset, start, end, size;
	bool log = sb->bblog_size != 0;
	if (sb->super_offset < sb->data_offset) {
		start = 8;
		end = (int64_t)sb->data_offset - so;
		if (log && sb->bblog_offset > 0 && sb->bblog_offset < end) {
			if (sb->bblog_offset - start >= PPL_MIN_SECTORS)
				end = sb->bblog_offset;
			else
				start = (int64_t)sb->bblog_offset + sb->bblog_size;
		}
	} else {
		end = log && sb->bblog_offset < 0 ? sb->bblog_offset : 0;
		start = (int64_t)sb->data_offset + (int64_t)sb->size - so;
	}
	size = end - start;
	if (size > PPL_SIZE_SECTORS)
		size = PPL_SIZE_SECTORS;
	size &= ~(int64_t)7;
	if (size < PPL_MIN_SECTORS || start < -32768 || start > 32767)
		return fail(e, "--update=ppl: not enough free space between the superblock and the data for a PPL");
	if (sb->super_offset < sb->data_offset) {
		sb->ppl_offset = (int16_t)start;
	} else {
		sb->ppl_offset = (int16_t)(end - size);
		sb->data_size = (uint64_t)(so + end - size) - sb->data_offset;
	}
	sb->ppl_size = (uint16_t)size;
	sb->feature_map |= SB1_FEAT_PPL;
	return 0;
}

static int apply_ppl(struct sb1 *sb, struct sb1_err *e)
{
	if (sb->feature_map & (SB1_FEAT_PPL | SB1_FEAT_MULTIPLE_PPLS))
		return 0;               /* already there: its log is kept as it is */
	if (sb->level != 5)
		return fail(e, "--update=ppl applies to raid5 only");
	if (sb->feature_map & SB1_FEAT_BITMAP_OFFSET)
		return fail(e, "--update=ppl: PPL is not compatible with bitmap (--update=no-bitmap first)");
	if (sb->feature_map & SB1_FEAT_JOURNAL)
		return fail(e, "--update=ppl: the array has a write journal, which excludes a PPL");
	if (sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE)
		return fail(e, "--update=ppl: not while a reshape is in progress");
	return place_ppl(sb, e);
}

/* --update=revert-reshape: the reshape in progress runs back to the old
 * geometry from where it stands. The fields md.c super_1_load() reads for a
 * reshape swap roles: raid_disks becomes the old count and delta_disks its
 * negation; level, layout and chunk trade places with their new_ values; a
 * reshape that moves the data offset moves it back (data_offset becomes the
 * new offset, new_offset points at the old one, and data_size keeps the data
 * area's end); reshape_position, the boundary between the geometries, stays.
 * The direction follows: md derives it from delta_disks < 0, and only with
 * delta_disks 0 from MD_FEATURE_RESHAPE_BACKWARDS, which is then flipped.
 * An in-place reshape (no new offset: a backup file holds the critical
 * section) is refused. */
static int revert_reshape(struct sb1 *sb, struct sb1_err *e)
{
	if (!(sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE))
		return fail(e, "--update=revert-reshape: no reshape is in progress");
	if (!(sb->feature_map & SB1_FEAT_NEW_OFFSET) || !sb->new_offset)
		return fail(e, "--update=revert-reshape: this reshape works in place with a backup file; "
			       "mdctl reverts only reshapes that move the data offset");
	/* bounded first: the sums and negations below must not overflow */
	if (sb->data_offset > SECTORS_BOUND || sb->data_size > SECTORS_BOUND || sb->delta_disks == INT32_MIN ||
	    sb->new_offset == INT32_MIN)
		return fail(e, "--update=revert-reshape: the reshape fields are out of range");
	int64_t to = (int64_t)sb->data_offset + sb->new_offset;
	int64_t end = (int64_t)sb->data_offset + (int64_t)sb->data_size;
	int64_t old_disks = (int64_t)sb->raid_disks - sb->delta_disks;
	if (to < 0 || to >= end || old_disks < 1 || old_disks > UINT32_MAX)
		return fail(e, "--update=revert-reshape: the reshape fields are out of range");
	sb->raid_disks = (uint32_t)old_disks;
	sb->delta_disks = -sb->delta_disks;
	int32_t l = sb->level;
	sb->level = sb->new_level;
	sb->new_level = l;
	uint32_t t = sb->layout;
	sb->layout = sb->new_layout;
	sb->new_layout = t;
	t = sb->chunksize;
	sb->chunksize = sb->new_chunk;
	sb->new_chunk = t;
	sb->new_offset = -sb->new_offset;
	sb->data_offset = (uint64_t)to;
	sb->data_size = (uint64_t)(end - to);
	if (!sb->delta_disks)
		sb->feature_map ^= SB1_FEAT_RESHAPE_BACKWARDS;
	return 0;
}

int sb1_apply_update(struct sb1 *sb, const struct sb1_update_req *u, struct sb1_err *e)
{
	const char *no = update_refusal_v1(u->what);
	if (no) {
		snprintf(e->msg, sizeof(e->msg), "--update=%s %s", update_name(u->what), no);
		return -1;
	}
	switch (u->what) {
	case UPD_NAME:
	case UPD_HOMEHOST:
		memset(sb->set_name, 0, sizeof(sb->set_name));
		memcpy(sb->set_name, u->name, strnlen(u->name, 32));
		return 0;
	case UPD_UUID:
		memcpy(sb->set_uuid, u->uuid, 16);
		return 0;
	case UPD_RESYNC:
		sb->resync_offset = 0;
		return 0;
	case UPD_DEVICESIZE:
		return apply_devicesize(sb, u, e);
	case UPD_BBL:
		return add_bblog(sb, u->bitmap_sectors, e);
	case UPD_NO_BBL:
		if (sb->feature_map & SB1_FEAT_BAD_BLOCKS)
			return fail(e, "the bad block log holds entries: --update=force-no-bbl removes it anyway");
		/* fall through */
	case UPD_FORCE_NO_BBL:
		sb->bblog_offset = 0;
		sb->bblog_size = 0;
		sb->bblog_shift = 0;
		sb->feature_map &= ~SB1_FEAT_BAD_BLOCKS;
		return 0;
	case UPD_LAYOUT_ORIGINAL:
	case UPD_LAYOUT_ALTERNATE:
	case UPD_LAYOUT_UNSPECIFIED:
		return apply_layout(sb, u->what, e);
	case UPD_NO_BITMAP:
		sb->feature_map &= ~SB1_FEAT_BITMAP_OFFSET;
		return 0;
	case UPD_PPL: {
		struct sb1 t = *sb;
		if (apply_ppl(&t, e) < 0)
			return -1;
		*sb = t;
		return 0;
	}
	case UPD_REVERT_RESHAPE: {
		/* the regions kept in place (bad-block log, bitmap, PPL) must
		 * not overlap the data area it moves back to */
		struct sb1 t = *sb;
		struct sb1_err v;
		if (revert_reshape(&t, e) < 0)
			return -1;
		if (sb1_validate(&t, u->minor, u->dev_sectors, &v) < 0) {
			snprintf(e->msg, sizeof(e->msg), "--update=revert-reshape: the old geometry does not fit: %.100s",
				 v.msg);
			return -1;
		}
		*sb = t;
		return 0;
	}
	case UPD_NO_PPL:
		sb->feature_map &= ~(uint32_t)(SB1_FEAT_PPL | SB1_FEAT_MULTIPLE_PPLS);
		return 0;
	default:
		return fail(e, "not an --update value for v1.x metadata");
	}
}
