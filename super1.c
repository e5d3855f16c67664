/* v1.x md superblock format: decode, encode, checksum, validate, placement.
 * Pure code, no I/O. On-disk layout: Linux 7.2 include/uapi/linux/raid/md_p.h
 * (struct mdp_superblock_1), all fields little-endian. Load rules follow
 * drivers/md/md.c super_1_load()/super_1_validate(); the checksum is
 * calc_sb_1_csum(). Every field is read with explicit byte helpers so the
 * buffer needs no alignment and host endianness does not matter. */
#include "super1.h"
#include "ppl.h"
#include "le.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Byte offsets of struct mdp_superblock_1 members (md_p.h). */
enum {
	O_MAGIC = 0, O_MAJOR = 4, O_FEATURE = 8, O_PAD0 = 12,
	O_SET_UUID = 16, O_SET_NAME = 32, O_CTIME = 64, O_LEVEL = 72,
	O_LAYOUT = 76, O_SIZE = 80, O_CHUNK = 88, O_RAID_DISKS = 92,
	O_BITMAP_OFFSET = 96,           /* union: ppl.offset le16 @96, ppl.size le16 @98 */
	O_NEW_LEVEL = 100, O_RESHAPE_POS = 104, O_DELTA_DISKS = 112,
	O_NEW_LAYOUT = 116, O_NEW_CHUNK = 120, O_NEW_OFFSET = 124,
	O_DATA_OFFSET = 128, O_DATA_SIZE = 136, O_SUPER_OFFSET = 144,
	O_RECOVERY_OFFSET = 152, O_DEV_NUMBER = 160, O_CNT_CORR = 164,
	O_DEV_UUID = 168, O_DEVFLAGS = 184, O_BBLOG_SHIFT = 185,
	O_BBLOG_SIZE = 186, O_BBLOG_OFFSET = 188, O_UTIME = 192,
	O_EVENTS = 200, O_RESYNC_OFFSET = 208, O_SB_CSUM = 216,
	O_MAX_DEV = 220, O_LBS = 224, O_PAD3 = 228, O_PAD3_LEN = 28,
	O_DEV_ROLES = 256,
};

/* Two's-complement reinterpretation without implementation-defined casts. */
static int32_t s32(uint32_t v) { return v < 0x80000000U ? (int32_t)v : (int32_t)(v - 0x80000000U) - INT32_MAX - 1; }
static int16_t s16(uint16_t v) { return v < 0x8000U ? (int16_t)v : (int16_t)((int32_t)v - 0x10000); }

static void set_err(struct sb1_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_err(struct sb1_err *e, const char *fmt, ...)
{
	if (!e)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

/* Bytes covered by the checksum and by dev_roles[]: 256 + max_dev*2. */
static size_t sb_bytes(uint32_t max_dev) { return SB1_FIXED_BYTES + (size_t)max_dev * 2; }

/* ---- location ---- */

/* super_1_load(): 1.0 sits 8K..12K before the end, 4K aligned; 1.1 at 0;
 * 1.2 at 4K. The device must hold the 4 KiB the kernel reads. */
uint64_t sb1_super_offset(int minor, uint64_t dev_sectors)
{
	switch (minor) {
	case 0:
		if (dev_sectors < 16)
			return UINT64_MAX;
		return (dev_sectors - 16) & ~(uint64_t)7;
	case 1:
		return dev_sectors < 8 ? UINT64_MAX : 0;
	case 2:
		return dev_sectors < 16 ? UINT64_MAX : 8;
	default:
		return UINT64_MAX;
	}
}

/* ---- checksum ---- */

/* calc_sb_1_csum(): 64-bit sum of the le32 words of the first
 * 256 + max_dev*2 bytes with sb_csum taken as 0, a trailing le16 when
 * max_dev is odd, then the high half folded once into the low half. */
uint32_t sb1_checksum(const uint8_t *buf, size_t len)
{
	size_t size = len;
	if (len >= O_MAX_DEV + 4) {
		size_t want = sb_bytes(get32(buf + O_MAX_DEV));
		if (want < size)
			size = want;
	}
	uint64_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= size; i += 4)
		if (i != O_SB_CSUM)
			sum += get32(buf + i);
	if (size - i >= 2)
		sum += get16(buf + i);
	return (uint32_t)((sum & 0xffffffffU) + (sum >> 32));
}

/* ---- decode ---- */

static int pad_is_zero(const uint8_t *buf)
{
	if (get32(buf + O_PAD0))
		return 0;
	for (int i = 0; i < O_PAD3_LEN; i++)
		if (buf[O_PAD3 + i])
			return 0;
	return 1;
}

/* Reject what super_1_load() rejects before trusting any field. */
static int decode_checks(const uint8_t *buf, size_t len, struct sb1_err *e)
{
	if (len < O_MAJOR + 4) {
		set_err(e, "superblock buffer too short (%zu bytes)", len);
		return -1;
	}
	uint32_t magic = get32(buf + O_MAGIC);
	if (magic != SB1_MAGIC) {
		set_err(e, "bad superblock magic 0x%08" PRIx32 " (expected 0x%08x)",
			magic, SB1_MAGIC);
		return -1;
	}
	uint32_t major = get32(buf + O_MAJOR);
	if (major != 1) {
		set_err(e, "unsupported superblock major version %" PRIu32 " (expected 1)", major);
		return -1;
	}
	if (len < SB1_FIXED_BYTES) {
		set_err(e, "superblock truncated: %zu bytes, need at least %d", len, SB1_FIXED_BYTES);
		return -1;
	}
	uint32_t max_dev = get32(buf + O_MAX_DEV);
	if (max_dev > SB1_MAX_DEV) {
		set_err(e, "max_dev %" PRIu32 " exceeds limit %d", max_dev, SB1_MAX_DEV);
		return -1;
	}
	if (len < sb_bytes(max_dev)) {
		set_err(e, "superblock truncated: %zu bytes, max_dev %" PRIu32 " needs %zu",
			len, max_dev, sb_bytes(max_dev));
		return -1;
	}
	uint32_t feat = get32(buf + O_FEATURE);
	if (feat & ~(uint32_t)SB1_FEAT_ALL) {
		set_err(e, "unknown feature bits 0x%" PRIx32 " in feature map 0x%" PRIx32,
			feat & ~(uint32_t)SB1_FEAT_ALL, feat);
		return -1;
	}
	uint32_t stored = get32(buf + O_SB_CSUM), computed = sb1_checksum(buf, len);
	if (stored != computed) {
		set_err(e, "bad superblock checksum (stored 0x%08" PRIx32 ", computed 0x%08" PRIx32 ")",
			stored, computed);
		return -1;
	}
	/* The kernel refuses non-zero padding (check_new_feature): it may be a
	 * feature we do not know. */
	if (!pad_is_zero(buf)) {
		set_err(e, "non-zero superblock padding (pad0/pad3): possibly a newer feature");
		return -1;
	}
	return 0;
}

static void decode_array_part(const uint8_t *buf, struct sb1 *sb)
{
	sb->feature_map = get32(buf + O_FEATURE);
	memcpy(sb->set_uuid, buf + O_SET_UUID, 16);
	/* Name stops at the first NUL; bytes after it carry no meaning. */
	size_t n = strnlen((const char *)buf + O_SET_NAME, 32);
	memcpy(sb->set_name, buf + O_SET_NAME, n);
	sb->ctime = get64(buf + O_CTIME);
	sb->level = s32(get32(buf + O_LEVEL));
	sb->layout = get32(buf + O_LAYOUT);
	sb->size = get64(buf + O_SIZE);
	sb->chunksize = get32(buf + O_CHUNK);
	sb->raid_disks = get32(buf + O_RAID_DISKS);
	sb->bitmap_offset = s32(get32(buf + O_BITMAP_OFFSET));
	sb->ppl_offset = s16(get16(buf + O_BITMAP_OFFSET));
	sb->ppl_size = get16(buf + O_BITMAP_OFFSET + 2);
	sb->new_level = s32(get32(buf + O_NEW_LEVEL));
	sb->reshape_position = get64(buf + O_RESHAPE_POS);
	sb->delta_disks = s32(get32(buf + O_DELTA_DISKS));
	sb->new_layout = get32(buf + O_NEW_LAYOUT);
	sb->new_chunk = get32(buf + O_NEW_CHUNK);
	sb->new_offset = s32(get32(buf + O_NEW_OFFSET));
}

static void decode_device_part(const uint8_t *buf, struct sb1 *sb)
{
	sb->data_offset = get64(buf + O_DATA_OFFSET);
	sb->data_size = get64(buf + O_DATA_SIZE);
	sb->super_offset = get64(buf + O_SUPER_OFFSET);
	sb->recovery_offset = get64(buf + O_RECOVERY_OFFSET);
	sb->dev_number = get32(buf + O_DEV_NUMBER);
	sb->cnt_corrected_read = get32(buf + O_CNT_CORR);
	memcpy(sb->device_uuid, buf + O_DEV_UUID, 16);
	sb->devflags = buf[O_DEVFLAGS];
	sb->bblog_shift = buf[O_BBLOG_SHIFT];
	sb->bblog_size = get16(buf + O_BBLOG_SIZE);
	sb->bblog_offset = s32(get32(buf + O_BBLOG_OFFSET));
	sb->utime = get64(buf + O_UTIME);
	sb->events = get64(buf + O_EVENTS);
	sb->resync_offset = get64(buf + O_RESYNC_OFFSET);
	sb->sb_csum = get32(buf + O_SB_CSUM);
	sb->max_dev = get32(buf + O_MAX_DEV);
	sb->logical_block_size = get32(buf + O_LBS);
	for (uint32_t i = 0; i < sb->max_dev; i++)
		sb->dev_roles[i] = get16(buf + O_DEV_ROLES + 2 * i);
}

int sb1_decode(const uint8_t *buf, size_t len, struct sb1 *sb, struct sb1_err *e)
{
	if (!buf)
		len = 0;
	if (decode_checks(buf, len, e) < 0)
		return -1;
	memset(sb, 0, sizeof(*sb));
	decode_array_part(buf, sb);
	decode_device_part(buf, sb);
	return 0;
}

/* ---- encode ---- */

size_t sb1_write_bytes(uint32_t max_dev, uint32_t dev_lbs)
{
	/* super_1_load()/super_1_sync(): sb_size rounded up to the device's
	 * logical block size; never less than one 512-byte sector. */
	size_t blk = dev_lbs > 512 ? dev_lbs : 512;
	size_t n = sb_bytes(max_dev);
	return (n + blk - 1) / blk * blk;
}

static void encode_array_part(const struct sb1 *sb, uint8_t *buf)
{
	put32(buf + O_MAGIC, SB1_MAGIC);
	put32(buf + O_MAJOR, 1);
	put32(buf + O_FEATURE, sb->feature_map);
	memcpy(buf + O_SET_UUID, sb->set_uuid, 16);
	memcpy(buf + O_SET_NAME, sb->set_name, strnlen(sb->set_name, 32));
	put64(buf + O_CTIME, sb->ctime);
	put32(buf + O_LEVEL, (uint32_t)sb->level);
	put32(buf + O_LAYOUT, sb->layout);
	put64(buf + O_SIZE, sb->size);
	put32(buf + O_CHUNK, sb->chunksize);
	put32(buf + O_RAID_DISKS, sb->raid_disks);
	/* The union holds the PPL pair only when a PPL feature is set. */
	if (sb->feature_map & (SB1_FEAT_PPL | SB1_FEAT_MULTIPLE_PPLS)) {
		put16(buf + O_BITMAP_OFFSET, (uint16_t)sb->ppl_offset);
		put16(buf + O_BITMAP_OFFSET + 2, sb->ppl_size);
	} else {
		put32(buf + O_BITMAP_OFFSET, (uint32_t)sb->bitmap_offset);
	}
	put32(buf + O_NEW_LEVEL, (uint32_t)sb->new_level);
	put64(buf + O_RESHAPE_POS, sb->reshape_position);
	put32(buf + O_DELTA_DISKS, (uint32_t)sb->delta_disks);
	put32(buf + O_NEW_LAYOUT, sb->new_layout);
	put32(buf + O_NEW_CHUNK, sb->new_chunk);
	put32(buf + O_NEW_OFFSET, (uint32_t)sb->new_offset);
}

static void encode_device_part(const struct sb1 *sb, uint8_t *buf)
{
	put64(buf + O_DATA_OFFSET, sb->data_offset);
	put64(buf + O_DATA_SIZE, sb->data_size);
	put64(buf + O_SUPER_OFFSET, sb->super_offset);
	put64(buf + O_RECOVERY_OFFSET, sb->recovery_offset);
	put32(buf + O_DEV_NUMBER, sb->dev_number);
	put32(buf + O_CNT_CORR, sb->cnt_corrected_read);
	memcpy(buf + O_DEV_UUID, sb->device_uuid, 16);
	buf[O_DEVFLAGS] = sb->devflags;
	buf[O_BBLOG_SHIFT] = sb->bblog_shift;
	put16(buf + O_BBLOG_SIZE, sb->bblog_size);
	put32(buf + O_BBLOG_OFFSET, (uint32_t)sb->bblog_offset);
	put64(buf + O_UTIME, sb->utime);
	put64(buf + O_EVENTS, sb->events);
	put64(buf + O_RESYNC_OFFSET, sb->resync_offset);
	put32(buf + O_MAX_DEV, sb->max_dev);
	put32(buf + O_LBS, sb->logical_block_size);
	for (uint32_t i = 0; i < sb->max_dev; i++)
		put16(buf + O_DEV_ROLES + 2 * i, sb->dev_roles[i]);
}

int sb1_encode(const struct sb1 *sb, uint8_t *buf, size_t len)
{
	if (!sb || !buf || sb->max_dev > SB1_MAX_DEV)
		return -1;
	size_t out = sb1_write_bytes(sb->max_dev, 512);
	if (len < out)
		return -1;
	memset(buf, 0, len);
	encode_array_part(sb, buf);
	encode_device_part(sb, buf);
	put32(buf + O_SB_CSUM, sb1_checksum(buf, len));
	return (int)out;
}

uint16_t sb1_role(const struct sb1 *sb)
{
	if (sb->dev_number >= sb->max_dev || sb->dev_number >= SB1_MAX_DEV)
		return SB1_ROLE_SPARE;
	return sb->dev_roles[sb->dev_number];
}

/* ---- validate ---- */

/* Sectors the superblock itself occupies (512-byte blocks, as on a
 * 512-byte-sector device; super_1_load() rdev->sb_size). */
static uint64_t sb_sectors(const struct sb1 *sb)
{
	return sb1_write_bytes(sb->max_dev, 512) / 512;
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

/* base + signed rel, or -1 when the result would leave 0..UINT64_MAX. */
static int offset_add(uint64_t base, int64_t rel, uint64_t *out)
{
	uint64_t mag = rel < 0 ? (uint64_t)(-(rel + 1)) + 1 : (uint64_t)rel;
	if (rel < 0 ? mag > base : mag > UINT64_MAX - base)
		return -1;
	*out = rel < 0 ? base - mag : base + mag;
	return 0;
}

/* Absolute start of a region given relative to the superblock, or -1 when
 * it falls before sector 0 or past the end of the device. */
static int region_abs(const struct sb1 *sb, int64_t rel, uint64_t len,
		      uint64_t dev_sectors, uint64_t *start)
{
	if (offset_add(sb->super_offset, rel, start) < 0)
		return -1;
	if (*start > dev_sectors || len > dev_sectors - *start)
		return -1;
	return 0;
}

/* [a, a+alen) and [b, b+blen) overlap; inputs already bounded by the device. */
static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static int check_data_area(const struct sb1 *sb, int minor, uint64_t dev, struct sb1_err *e)
{
	if (sb->data_size < 10) {       /* super_1_load(): "data_size too small" */
		set_err(e, "data_size %" PRIu64 " sectors too small", sb->data_size);
		return -1;
	}
	if (sb->data_offset > dev || sb->data_size > dev - sb->data_offset) {
		set_err(e, "data area %" PRIu64 "+%" PRIu64 " sectors extends past end of device (%" PRIu64 " sectors)",
			sb->data_offset, sb->data_size, dev);
		return -1;
	}
	uint64_t sb_end = sat_add(sb->super_offset, sb_sectors(sb));
	if (minor == 0 ? sb->data_offset + sb->data_size > sb->super_offset
		       : sb->data_offset < sb_end) {
		set_err(e, "data area %" PRIu64 "+%" PRIu64 " overlaps the superblock at sector %" PRIu64,
			sb->data_offset, sb->data_size, sb->super_offset);
		return -1;
	}
	/* Linear and raid0 members may differ in size; others use sb->size on each. */
	if (sb->level != -1 && sb->level != 0 && sb->size > sb->data_size) {
		set_err(e, "component size %" PRIu64 " exceeds data_size %" PRIu64,
			sb->size, sb->data_size);
		return -1;
	}
	return 0;
}

static int check_new_offset(const struct sb1 *sb, int minor, uint64_t dev, struct sb1_err *e)
{
	if (!(sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE) ||
	    !(sb->feature_map & SB1_FEAT_NEW_OFFSET))
		return 0;
	uint64_t n;
	uint64_t sb_end = sat_add(sb->super_offset, sb_sectors(sb));
	if (offset_add(sb->data_offset, sb->new_offset, &n) < 0 || n > dev ||
	    (minor != 0 && n < sb_end)) {
		set_err(e, "new data offset (%" PRIu64 "%+" PRId32 ") is outside the device or overlaps the superblock",
			sb->data_offset, sb->new_offset);
		return -1;
	}
	return 0;
}

/* A metadata region (bitmap, PPL, bad-block log) must lie inside the device
 * and clear of both the superblock and the data area. */
static int check_region(const struct sb1 *sb, const char *what, int64_t rel,
			uint64_t len, uint64_t dev, struct sb1_err *e)
{
	uint64_t s;
	if (rel == 0 || region_abs(sb, rel, len ? len : 1, dev, &s) < 0) {
		set_err(e, "%s at offset %" PRId64 " from superblock is outside the device", what, rel);
		return -1;
	}
	uint64_t l = len ? len : 1;
	if (overlaps(s, l, sb->super_offset, sb_sectors(sb)) ||
	    overlaps(s, l, sb->data_offset, sb->data_size)) {
		set_err(e, "%s at sector %" PRIu64 " overlaps the superblock or data area", what, s);
		return -1;
	}
	return 0;
}

static int check_features(const struct sb1 *sb, uint64_t dev, struct sb1_err *e)
{
	uint32_t f = sb->feature_map;
	if ((f & SB1_FEAT_RAID0_LAYOUT) && sb->level != 0) {
		set_err(e, "raid0 layout feature set on a level %" PRId32 " array", sb->level);
		return -1;
	}
	if (f & (SB1_FEAT_PPL | SB1_FEAT_MULTIPLE_PPLS)) {
		/* super_1_validate(): PPL excludes bitmap, journal and each other. */
		if ((f & (SB1_FEAT_BITMAP_OFFSET | SB1_FEAT_JOURNAL)) ||
		    (f & SB1_FEAT_PPL && f & SB1_FEAT_MULTIPLE_PPLS)) {
			set_err(e, "PPL feature combined with bitmap, journal or another PPL kind");
			return -1;
		}
		if (check_region(sb, "PPL", sb->ppl_offset, sb->ppl_size, dev, e) < 0)
			return -1;
	}
	if ((f & SB1_FEAT_BITMAP_OFFSET) &&
	    check_region(sb, "bitmap", sb->bitmap_offset, 1, dev, e) < 0)
		return -1;
	return 0;
}

static int check_bblog(const struct sb1 *sb, uint64_t dev, struct sb1_err *e)
{
	if (sb->feature_map & SB1_FEAT_BAD_BLOCKS) {
		/* super_1_load(): the list is read into one 4 KiB page. */
		if (sb->bblog_size > 8 || sb->bblog_offset == 0) {
			set_err(e, "bad-block log (size %u, offset %" PRId32 ") unusable",
				sb->bblog_size, sb->bblog_offset);
			return -1;
		}
		if (sb->bblog_shift >= 64) {
			set_err(e, "bogus bblog_shift %u", sb->bblog_shift);
			return -1;
		}
	}
	if (sb->bblog_offset == 0 || sb->bblog_size == 0)
		return 0;
	return check_region(sb, "bad-block log", sb->bblog_offset, sb->bblog_size, dev, e);
}

static int check_counts(const struct sb1 *sb, struct sb1_err *e)
{
	if (sb->max_dev > SB1_MAX_DEV) {
		set_err(e, "max_dev %" PRIu32 " exceeds limit %d", sb->max_dev, SB1_MAX_DEV);
		return -1;
	}
	if (sb->raid_disks > sb->max_dev) {
		set_err(e, "raid_disks %" PRIu32 " exceeds max_dev %" PRIu32, sb->raid_disks, sb->max_dev);
		return -1;
	}
	if (sb->dev_number >= sb->max_dev) {
		set_err(e, "dev_number %" PRIu32 " not below max_dev %" PRIu32, sb->dev_number, sb->max_dev);
		return -1;
	}
	return 0;
}

int sb1_validate(const struct sb1 *sb, int minor, uint64_t dev_sectors, struct sb1_err *e)
{
	uint64_t want = sb1_super_offset(minor, dev_sectors);
	if (want == UINT64_MAX) {
		set_err(e, "device of %" PRIu64 " sectors too small for a v1.%d superblock", dev_sectors, minor);
		return -1;
	}
	if (sb->super_offset != want) {
		set_err(e, "super_offset %" PRIu64 " does not match v1.%d location %" PRIu64,
			sb->super_offset, minor, want);
		return -1;
	}
	if (check_counts(sb, e) < 0 || check_data_area(sb, minor, dev_sectors, e) < 0 ||
	    check_new_offset(sb, minor, dev_sectors, e) < 0 ||
	    check_features(sb, dev_sectors, e) < 0 || check_bblog(sb, dev_sectors, e) < 0)
		return -1;
	return 0;
}

/* ---- placement (sb1_plan) ----
 * Rules derived black-box from superblocks mdadm 4.6 wrote in the test VM
 * (tests/unit/fixtures/plan_table.txt holds the observations; capture.sh
 * --table remakes it). All quantities in 512-byte sectors.
 *
 * Bitmap room: mdadm keeps the same amount as the kernel's
 * super_1_choose_bm_space() (md.c) for a component of S sectors: 4 KiB,
 * 64 KiB above 8 GiB, 128 KiB from 200 GiB. S is the requested component
 * size (--size) if any, else the whole device for 1.0 and the data area
 * (device minus data offset) for 1.1/1.2.
 * Internal bitmap: bitmap_super_t (256 bytes) plus one bit per chunk; the
 * chunk is the requested one (refused when the bitmap would not fit the
 * room) or 64 MiB, doubled until it fits. The space it takes is rounded up
 * to 4 KiB; the room left over is not kept.
 *
 * 1.0: superblock 8..12 KiB from the end; the 4 KiB bad-block log right
 *   before it (offset -8); the bitmap (when there is one) right before the
 *   log; data from sector 0 up to the bitmap, or up to the log minus the
 *   whole room when there is no bitmap (mirrors super_1_rdev_size_change()).
 *   mdadm 4.6 accepts --data-offset with 1.0 but writes a data area that
 *   overlaps the superblock and the kernel refuses to run it; we refuse.
 * 1.1/1.2: superblock at 0 / 4 KiB; bitmap at +8 (4 KiB after the
 *   superblock); bad-block log right after the bitmap space (or after the
 *   room when there is no bitmap, so one can be added later); raid0 and
 *   linear, which cannot have a bitmap, get the log at +8 (and 1.0 keeps
 *   no room for them either).
 *   Default data offset: a headroom of 128 MiB for reshapes, halved while
 *   it exceeds 1/1024 of the device and stays at least two chunks, placed
 *   after the metadata and rounded up to 1 MiB.
 * llbitmap (--bitmap=llbitmap or lockless): mdadm 4.6 (1.2 only) places it
 *   like an internal bitmap but records 128 KiB as its sectors_reserved, so
 *   the kernel's 1-byte-per-chunk map (md-llbitmap.c llbitmap_init()) can run
 *   over the bad-block log it put right after the bitmap's header. mdctl
 *   keeps the whole room instead (llbitmap_room, default 128 KiB):
 *   1.1/1.2: bitmap at +8, log right after the room;
 *   1.0: bitmap room right before the log; the kernel then sizes the map
 *   against -bitmap_offset, log included (md.c super_1_validate()), so the
 *   caller checks the choice with llbitmap_bytes() and asks for a larger
 *   room when it would not fit (create.c). */

#define KIB_TO_SECT(k) ((uint64_t)(k) * 2)
#define BB_LOG_SECTORS 8                         /* 4 KiB: 512 entries */
#define BITMAP_SB_BYTES 256                      /* bitmap_super_t */
#define DEFAULT_BITMAP_CHUNK (64ULL << 20)
#define HEADROOM_MAX KIB_TO_SECT(128 * 1024)
#define ALIGN_DATA KIB_TO_SECT(1024)
#define LLBITMAP_ROOM KIB_TO_SECT(128)

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/* super_1_choose_bm_space(), md.c */
static uint64_t bitmap_room(uint64_t sectors)
{
	if (sectors < KIB_TO_SECT(64))
		return 0;
	if (sectors - KIB_TO_SECT(64) >= KIB_TO_SECT(200ULL * 1024 * 1024))
		return KIB_TO_SECT(128);
	if (sectors - KIB_TO_SECT(4) > KIB_TO_SECT(8ULL * 1024 * 1024))
		return KIB_TO_SECT(64);
	return KIB_TO_SECT(4);
}

/* Bytes of an on-disk bitmap covering `sectors` with `chunk` byte chunks. */
static uint64_t bitmap_bytes(uint64_t sectors, uint64_t chunk)
{
	uint64_t bits = (sectors * 512 + chunk - 1) / chunk;
	return BITMAP_SB_BYTES + (bits + 7) / 8;
}

/* Sectors an internal bitmap takes (4 KiB granular), or 0 when the
 * requested chunk does not fit `room`. */
static uint64_t bitmap_space(uint64_t sectors, uint64_t chunk_req, uint64_t room)
{
	uint64_t chunk = chunk_req ? chunk_req : DEFAULT_BITMAP_CHUNK;
	if (sectors > UINT64_MAX / 512)
		return 0;
	/* Rooms are whole 4 KiB blocks except when a requested data offset
	 * cuts them short; compare the rounded size so it always fits. */
	while (round_up(bitmap_bytes(sectors, chunk), 4096) / 512 > room) {
		if (chunk_req || chunk > (UINT64_MAX >> 1))
			return 0;
		chunk <<= 1;
	}
	return round_up(bitmap_bytes(sectors, chunk), 4096) / 512;
}

/* Sectors the bitmap takes in room, or 0 with e set when it cannot fit. */
static uint64_t fit_bitmap(const struct sb1_plan_req *rq, uint64_t covered, uint64_t room,
			   const char *short_of, struct sb1_err *e)
{
	uint64_t bs = bitmap_space(covered, rq->bitmap_chunk_bytes, room);
	if (!room)
		set_err(e, "no room for a bitmap (level without bitmaps, or %s)", short_of);
	else if (!bs)
		set_err(e, "bitmap chunk %" PRIu32 " bytes too small: bitmap needs more than %" PRIu64 " sectors",
			rq->bitmap_chunk_bytes, room);
	return room ? bs : 0;
}

static uint64_t default_data_offset(const struct sb1_plan_req *rq, uint64_t meta_end)
{
	uint64_t h = HEADROOM_MAX, c = rq->chunk_sectors;
	while ((h << 10) > rq->dev_sectors && h / 2 >= 2 * c && h > 1)
		h >>= 1;
	return round_up(meta_end + h, ALIGN_DATA);
}

/* 1.0 with a PPL: what mdadm 4.6 writes in the superblock before it fails
 * to zero the area (observed in the VM: ppl.offset -2056, ppl.size 2048,
 * bad-block log at -8, data_size = super_offset - 2056, no bitmap room):
 * the 1 MiB PPL just below the log. md.c super_1_load() takes ppl.offset
 * as signed, relative to the superblock; raid5-ppl.c ppl_validate_rdev()
 * wants it clear of the data (data_size ends where it starts) and of the
 * superblock. */
static int plan_v10_ppl(const struct sb1_plan_req *rq, struct sb1_plan *p, uint64_t so, struct sb1_err *e)
{
	uint64_t meta = BB_LOG_SECTORS + PPL_SIZE_SECTORS;
	if (rq->bitmap != SB1_BITMAP_NONE) {
		set_err(e, "a PPL and a bitmap exclude each other");
		return -1;
	}
	if (so == UINT64_MAX || so < meta + 10) {
		set_err(e, "device of %" PRIu64 " sectors too small for v1.0 metadata with a PPL", rq->dev_sectors);
		return -1;
	}
	p->super_offset = so;
	p->bblog_offset = -BB_LOG_SECTORS;
	p->bblog_size = BB_LOG_SECTORS;
	p->ppl_offset = -(int32_t)meta;
	p->ppl_size = PPL_SIZE_SECTORS;
	p->data_size = so - meta;
	return 0;
}

static int plan_v10(const struct sb1_plan_req *rq, struct sb1_plan *p, struct sb1_err *e)
{
	uint64_t so = sb1_super_offset(0, rq->dev_sectors);
	if (rq->data_offset) {        /* mdadm 4.6 refuses --data-offset with 1.0 */
		set_err(e, "v1.0 metadata keeps data at sector 0; no data offset possible");
		return -1;
	}
	if (rq->ppl)
		return plan_v10_ppl(rq, p, so, e);
	uint64_t room = rq->no_bitmap_level ? 0 :
		bitmap_room(rq->array_member_sectors ? rq->array_member_sectors : rq->dev_sectors);
	if (so == UINT64_MAX || so < BB_LOG_SECTORS + room + 10) {
		set_err(e, "device of %" PRIu64 " sectors too small for v1.0 metadata", rq->dev_sectors);
		return -1;
	}
	p->super_offset = so;
	p->data_offset = 0;
	p->bblog_offset = -BB_LOG_SECTORS;
	p->bblog_size = BB_LOG_SECTORS;
	if (rq->bitmap == SB1_BITMAP_NONE) {
		p->bitmap_sectors = (uint32_t)room;
		p->data_size = so - BB_LOG_SECTORS - room;
		return 0;
	}
	if (rq->bitmap == SB1_BITMAP_LLBITMAP) {
		uint64_t r = rq->llbitmap_room ? rq->llbitmap_room : LLBITMAP_ROOM;
		if (rq->bitmap_chunk_bytes) {
			set_err(e, "llbitmap takes no bitmap chunk size: the kernel chooses it");
			return -1;
		}
		if (so < BB_LOG_SECTORS + r + 10) {
			set_err(e, "device of %" PRIu64 " sectors too small for an llbitmap", rq->dev_sectors);
			return -1;
		}
		p->bitmap_sectors = (uint32_t)r;
		p->bitmap_offset = -(int32_t)(BB_LOG_SECTORS + r);
		p->data_size = so - BB_LOG_SECTORS - r;
		return 0;
	}
	uint64_t covered = rq->array_member_sectors ? rq->array_member_sectors
						    : so - BB_LOG_SECTORS;
	uint64_t bs = fit_bitmap(rq, covered, room, "device too small", e);
	if (!bs)
		return -1;
	p->bitmap_sectors = (uint32_t)bs;
	p->bitmap_offset = -(int32_t)(BB_LOG_SECTORS + bs);
	p->data_size = so - BB_LOG_SECTORS - bs;
	return 0;
}

/* 1.1/1.2 with a PPL (mdadm 4.6, observed in the VM on 24 MiB to 12 GiB
 * members, t_ppl_journal.sh): the PPL right after the 4 KiB superblock, 1 MiB
 * long, the bad-block log after it, no bitmap room; the default data offset
 * as without a PPL but counted from the end of the log. */
static int plan_ppl(const struct sb1_plan_req *rq, struct sb1_plan *p, struct sb1_err *e)
{
	uint64_t so = p->super_offset;
	uint64_t meta_end = so + 8 + PPL_SIZE_SECTORS + BB_LOG_SECTORS;
	uint64_t dof = rq->data_offset ? rq->data_offset : default_data_offset(rq, meta_end);
	if (rq->bitmap != SB1_BITMAP_NONE) {
		set_err(e, "a PPL and a bitmap exclude each other");
		return -1;
	}
	if (dof < meta_end) {
		set_err(e, "data offset %" PRIu64 " leaves no room for the PPL and the bad-block log (%" PRIu64
			" sectors needed)", dof, meta_end);
		return -1;
	}
	if (dof >= rq->dev_sectors || rq->dev_sectors - dof < 10) {
		set_err(e, "device of %" PRIu64 " sectors too small for data offset %" PRIu64,
			rq->dev_sectors, dof);
		return -1;
	}
	p->data_offset = dof;
	p->data_size = rq->dev_sectors - dof;
	p->ppl_offset = PPL_OFFSET_SECTORS;
	p->ppl_size = PPL_SIZE_SECTORS;
	p->bblog_offset = (int32_t)(8 + PPL_SIZE_SECTORS);
	p->bblog_size = BB_LOG_SECTORS;
	return 0;
}

static int plan_v11_v12(const struct sb1_plan_req *rq, struct sb1_plan *p, struct sb1_err *e)
{
	uint64_t so = sb1_super_offset(rq->minor, rq->dev_sectors);
	if (so == UINT64_MAX) {
		set_err(e, "device of %" PRIu64 " sectors too small for v1.%d metadata",
			rq->dev_sectors, rq->minor);
		return -1;
	}
	p->super_offset = so;
	if (rq->ppl)
		return plan_ppl(rq, p, e);
	/* Metadata after the superblock: 4 KiB superblock, bitmap room, log. */
	uint64_t meta_end = so + 8 + KIB_TO_SECT(128) + BB_LOG_SECTORS;
	uint64_t dof = rq->data_offset ? rq->data_offset : default_data_offset(rq, meta_end);
	if (dof >= rq->dev_sectors || rq->dev_sectors - dof < 10 || dof < so + 8) {
		set_err(e, "device of %" PRIu64 " sectors too small for data offset %" PRIu64,
			rq->dev_sectors, dof);
		return -1;
	}
	p->data_offset = dof;
	p->data_size = rq->dev_sectors - dof;
	p->bblog_size = BB_LOG_SECTORS;
	uint64_t covered = rq->array_member_sectors ? rq->array_member_sectors : p->data_size;
	uint64_t room = rq->no_bitmap_level ? 0 : bitmap_room(covered);
	/* A requested data offset also caps the room: bitmap, then log, must
	 * end before the data (mdadm squeezes the log in just before it). */
	uint64_t avail = dof - so >= 8 + BB_LOG_SECTORS ? dof - so - 8 - BB_LOG_SECTORS : 0;
	if (room > avail)
		room = avail;
	uint64_t used = room;
	if (rq->bitmap == SB1_BITMAP_LLBITMAP) {
		/* the kernel picks the chunk (md-llbitmap.c llbitmap_init()) */
		if (rq->bitmap_chunk_bytes) {
			set_err(e, "llbitmap takes no bitmap chunk size: the kernel chooses it");
			return -1;
		}
		used = rq->llbitmap_room ? rq->llbitmap_room : LLBITMAP_ROOM;
		if (used > avail) {
			set_err(e, "data offset %" PRIu64 " leaves no room for an llbitmap (%" PRIu64
				" sectors)", dof, used);
			return -1;
		}
		p->bitmap_offset = 8;
	} else if (rq->bitmap != SB1_BITMAP_NONE) {
		used = fit_bitmap(rq, covered, room, "data offset too small", e);
		if (!used)
			return -1;
		p->bitmap_offset = 8;
	}
	p->bitmap_sectors = (uint32_t)used;
	if (dof - so < 8 + BB_LOG_SECTORS) {
		set_err(e, "data offset %" PRIu64 " leaves no room for the bad-block log", dof);
		return -1;
	}
	p->bblog_offset = (int32_t)(8 + used);
	return 0;
}

int sb1_plan(const struct sb1_plan_req *req, struct sb1_plan *out, struct sb1_err *e)
{
	memset(out, 0, sizeof(*out));
	if (req->minor == 0)
		return plan_v10(req, out, e);
	if (req->minor == 1 || req->minor == 2)
		return plan_v11_v12(req, out, e);
	set_err(e, "unknown v1 minor version %d", req->minor);
	return -1;
}

bool sb1_events_fresh(uint64_t ev, uint64_t freshest)
{
	return ev >= freshest || ev + 1 == freshest;
}

int sb1_parse_version(const char *m, int *minor)
{
	if (!m || !strcmp(m, "default") || !strcmp(m, "1") || !strcmp(m, "1.2") || !strcmp(m, "1.x"))
		*minor = 2;
	else if (!strcmp(m, "1.0"))
		*minor = 0;
	else if (!strcmp(m, "1.1"))
		*minor = 1;
	else
		return -1;
	return 0;
}
