/* v1.x md superblock: decode, encode, validate, and default placement.
 * Pure: no I/O. Layout from Linux 7.2 include/uapi/linux/raid/md_p.h
 * (struct mdp_superblock_1); load rules from drivers/md/md.c super_1_load(). */
#ifndef MDCTL_SUPER1_H
#define MDCTL_SUPER1_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SB1_MAGIC        0xa92b4efcU
#define SB1_FIXED_BYTES  256                     /* everything before dev_roles[] */
#define SB1_READ_BYTES   4096                    /* the kernel reads 4 KiB */
#define SB1_MAX_DEV      ((4096 - 256) / 2)      /* 1920: super_1_load() bound */

/* dev_roles[] special values (md_p.h MD_DISK_ROLE_*) */
#define SB1_ROLE_SPARE    0xffff
#define SB1_ROLE_FAULTY   0xfffe
#define SB1_ROLE_JOURNAL  0xfffd
#define SB1_ROLE_MAX      0xff00

/* feature_map bits (md_p.h) */
#define SB1_FEAT_BITMAP_OFFSET     0x0001
#define SB1_FEAT_RECOVERY_OFFSET   0x0002
#define SB1_FEAT_RESHAPE_ACTIVE    0x0004
#define SB1_FEAT_BAD_BLOCKS        0x0008
#define SB1_FEAT_REPLACEMENT       0x0010
#define SB1_FEAT_RESHAPE_BACKWARDS 0x0020
#define SB1_FEAT_NEW_OFFSET        0x0040
#define SB1_FEAT_RECOVERY_BITMAP   0x0080
#define SB1_FEAT_CLUSTERED         0x0100
#define SB1_FEAT_JOURNAL           0x0200
#define SB1_FEAT_PPL               0x0400
#define SB1_FEAT_MULTIPLE_PPLS     0x0800
#define SB1_FEAT_RAID0_LAYOUT      0x1000
#define SB1_FEAT_ALL               0x1fff

/* devflags */
#define SB1_DEVFLAG_WRITEMOSTLY 1
#define SB1_DEVFLAG_FAILFAST    2

/* Decoded superblock, host byte order. Every on-disk field has a member. */
struct sb1 {
	uint32_t feature_map;
	uint8_t  set_uuid[16];
	char     set_name[33];          /* NUL-terminated copy of the 32 bytes */
	uint64_t ctime;                 /* raw: low 40 bits seconds, high 24 usec */
	int32_t  level;                 /* -1 linear, 0,1,4,5,6,10 */
	uint32_t layout;
	uint64_t size;                  /* sectors used on each member */
	uint32_t chunksize;             /* sectors */
	uint32_t raid_disks;
	int32_t  bitmap_offset;         /* sectors from superblock, signed */
	int16_t  ppl_offset;            /* same 4 bytes, meaningful with FEAT_PPL */
	uint16_t ppl_size;
	int32_t  new_level;
	uint64_t reshape_position;
	int32_t  delta_disks;
	uint32_t new_layout;
	uint32_t new_chunk;
	int32_t  new_offset;
	uint64_t data_offset;
	uint64_t data_size;
	uint64_t super_offset;
	uint64_t recovery_offset;       /* also journal_tail */
	uint32_t dev_number;
	uint32_t cnt_corrected_read;
	uint8_t  device_uuid[16];
	uint8_t  devflags;
	uint8_t  bblog_shift;
	uint16_t bblog_size;
	int32_t  bblog_offset;          /* sectors from superblock, signed */
	uint64_t utime;
	uint64_t events;
	uint64_t resync_offset;
	uint32_t sb_csum;               /* as read; sb1_encode computes a fresh one */
	uint32_t max_dev;
	uint32_t logical_block_size;    /* bytes; 0 = unset */
	uint16_t dev_roles[SB1_MAX_DEV];
};

/* Error text for a failed decode/validate; always NUL-terminated. */
struct sb1_err { char msg[160]; };

/* Sector where the superblock of minor version 0/1/2 lives on a device of
 * dev_sectors (super_1_load()). Returns UINT64_MAX if the device is too small. */
uint64_t sb1_super_offset(int minor, uint64_t dev_sectors);


/* Kernel checksum (calc_sb_1_csum) of an encoded superblock in buf; reads
 * 256 + max_dev*2 bytes, bounded by len. Returns host-order value. */
uint32_t sb1_checksum(const uint8_t *buf, size_t len);

/* Decode len bytes (normally SB1_READ_BYTES read at the superblock offset).
 * Checks magic, major version 1, max_dev bound, buffer length, checksum, unknown
 * feature bits. Returns 0, or -1 with e->msg set. Never reads past len. */
/* A --metadata/-e value: NULL, "default", "1", "1.x", "1.2" -> 2; "1.0" -> 0;
 * "1.1" -> 1. Returns 0, or -1 for anything else. */
int sb1_parse_version(const char *m, int *minor);

int sb1_decode(const uint8_t *buf, size_t len, struct sb1 *sb, struct sb1_err *e);

/* Encode into buf (zeroed first), computing sb_csum. Returns bytes that must be
 * written: 256 + max_dev*2 rounded up to 512 (or to 4096 when lbs>512 is given
 * by the caller via sb1_write_bytes), or -1 if len is too small / max_dev too big. */
int sb1_encode(const struct sb1 *sb, uint8_t *buf, size_t len);

/* Bytes the superblock occupies on a device with the given logical block size. */
size_t sb1_write_bytes(uint32_t max_dev, uint32_t dev_lbs);

/* Consistency of a decoded superblock with the device it was read from:
 * super_offset matches minor's location, data_offset/data_size/size within the
 * device, data does not overlap the superblock, bitmap and bad-block log inside
 * the device, raid_disks <= max_dev, dev_number < max_dev, etc.
 * Returns 0 or -1 with e->msg. */
int sb1_validate(const struct sb1 *sb, int minor, uint64_t dev_sectors, struct sb1_err *e);

/* Role of this device (dev_roles[dev_number]), SB1_ROLE_SPARE when out of range. */
uint16_t sb1_role(const struct sb1 *sb);
/* May a member with event count ev join an array being assembled whose
 * freshest member has freshest? md.c super_1_validate() accepts one event
 * behind: a crash can fall between the superblock writes of two members. */
bool sb1_events_fresh(uint64_t ev, uint64_t freshest);

/* Seconds part of ctime/utime. */
static inline uint64_t sb1_time_sec(uint64_t t) { return t & 0xffffffffffULL; }

/* ---- placement of data, bitmap and bad-block log for a new member ----
 * Mirrors what Debian's mdadm 4.6 picks for the same request, so arrays are
 * interchangeable (checked against superblocks mdadm wrote, tests/unit/fixtures). */
enum sb1_bitmap_kind { SB1_BITMAP_NONE, SB1_BITMAP_INTERNAL, SB1_BITMAP_LLBITMAP };

struct sb1_plan_req {
	int      minor;                 /* 0, 1, 2 */
	uint64_t dev_sectors;           /* member size */
	uint64_t data_offset;           /* 0 = default; else requested (sectors) */
	uint32_t chunk_sectors;         /* 0 for levels without chunks */
	enum sb1_bitmap_kind bitmap;
	uint64_t array_member_sectors;  /* size used per member, 0 = as large as fits (for bitmap sizing) */
	uint32_t bitmap_chunk_bytes;    /* 0 = default */
	int      no_bitmap_level;       /* raid0/linear: mdadm reserves no bitmap room */
	uint32_t llbitmap_room;         /* sectors kept for an llbitmap, 0 = 256 (128 KiB) */
	int      ppl;                   /* keep a PPL area (1.1/1.2, no bitmap) */
};

struct sb1_plan {
	uint64_t super_offset;
	uint64_t data_offset;
	uint64_t data_size;             /* sectors available for data */
	int32_t  bitmap_offset;         /* sectors from superblock, 0 = none */
	uint32_t bitmap_sectors;        /* room reserved for the bitmap */
	int32_t  bblog_offset;          /* sectors from superblock */
	uint16_t bblog_size;            /* sectors */
	int16_t  ppl_offset;            /* sectors from superblock, 0 = none */
	uint16_t ppl_size;              /* sectors */
};

/* Returns 0, or -1 with e->msg when the device is too small for the request. */
int sb1_plan(const struct sb1_plan_req *req, struct sb1_plan *out, struct sb1_err *e);

#endif
