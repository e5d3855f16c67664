/* 0.90 md superblock (mdp_super_t): decode, encode, checksum, placement.
 * Pure: no I/O. Layout from Linux 7.2 include/uapi/linux/raid/md_p.h;
 * load rules from drivers/md/md.c super_90_load(), checksum calc_sb_csum().
 * Unlike v1.x, 0.90 is written in the creating host's byte order: both
 * orders are read (sb0.big_endian records which) and encode writes either. */
#ifndef MDCTL_SUPER0_H
#define MDCTL_SUPER0_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SB0_MAGIC       0xa92b4efcU
#define SB0_BYTES       4096                     /* MD_SB_BYTES */
#define SB0_DISKS       27                       /* MD_SB_DISKS */
#define SB0_RESERVED_SECTORS 128                 /* MD_RESERVED_SECTORS (64 KiB) */
/* The bitmap sits 4 KiB after the superblock and has the 60 KiB left of the
 * reserved 64 KiB (md.c super_90_validate: bitmap_info.default_offset =
 * MD_SB_BYTES >> 9; mdadm 4.6 puts it there, observed in the VM). */
#define SB0_BITMAP_OFFSET  (SB0_BYTES / 512)
#define SB0_BITMAP_SECTORS (SB0_RESERVED_SECTORS - SB0_BITMAP_OFFSET)

/* superblock state bits (md_p.h MD_SB_*) */
#define SB0_STATE_CLEAN          (1U << 0)
#define SB0_STATE_ERRORS         (1U << 1)
#define SB0_STATE_CLUSTERED      (1U << 5)
#define SB0_STATE_BITMAP_PRESENT (1U << 8)

/* descriptor state bits (md_p.h MD_DISK_*) */
#define SB0_DISK_FAULTY      (1U << 0)
#define SB0_DISK_ACTIVE      (1U << 1)
#define SB0_DISK_SYNC        (1U << 2)
#define SB0_DISK_REMOVED     (1U << 3)
#define SB0_DISK_WRITEMOSTLY (1U << 9)
#define SB0_DISK_FAILFAST    (1U << 10)

/* mdp_disk_t: the five words that have a meaning. */
struct sb0_disk {
	uint32_t number, major, minor, raid_disk, state;
};

/* Decoded superblock, host byte order. */
struct sb0 {
	bool     big_endian;            /* written by a big-endian host */
	uint32_t major_version, minor_version, patch_version;
	uint32_t gvalid_words;
	uint32_t set_uuid[4];           /* set_uuid0..3, as the words mdadm prints */
	uint32_t ctime;                 /* seconds */
	int32_t  level;                 /* -1 linear, 0, 1, 4, 5, 6, 10, -4 multipath ... */
	uint32_t size;                  /* KiB used on each member */
	uint32_t nr_disks;
	uint32_t raid_disks;
	uint32_t md_minor;              /* preferred minor */
	uint32_t not_persistent;
	uint32_t utime;
	uint32_t state;                 /* SB0_STATE_* */
	uint32_t active_disks, working_disks, failed_disks, spare_disks;
	uint32_t sb_csum;               /* as read; sb0_encode computes a fresh one */
	uint64_t events;                /* events_hi:events_lo */
	uint64_t cp_events;
	uint32_t recovery_cp;           /* sectors; 0xffffffff = none */
	/* meaningful only for minor_version 91 (reshape) */
	uint64_t reshape_position;
	int32_t  new_level;
	int32_t  delta_disks;
	uint32_t new_layout;
	uint32_t new_chunk;             /* bytes */
	uint32_t layout;
	uint32_t chunk_size;            /* bytes */
	uint32_t root_pv, root_block;
	struct sb0_disk disks[SB0_DISKS];
	struct sb0_disk this_disk;
	uint32_t csum_computed;         /* decode: calc_sb_csum of the bytes read */
};

struct sb0_err { char msg[160]; };

/* Sector of the superblock on a device of dev_sectors (MD_NEW_SIZE_SECTORS):
 * the last 64 KiB-aligned 64 KiB. UINT64_MAX when the device is too small. */
uint64_t sb0_offset(uint64_t dev_sectors);

/* Byte order of the magic at buf: 0 little endian, 1 big endian, -1 none. */
int sb0_byte_order(const uint8_t *buf, size_t len);

/* calc_sb_csum: the 1024 words (in the given byte order) summed into 64 bits
 * with sb_csum taken as 0, the carry added back into 32 bits. len >= 4096. */
uint32_t sb0_checksum(const uint8_t *buf, size_t len, bool big_endian);
/* The kernel's test: both values equal after md_csum_fold. */
bool sb0_csum_matches(uint32_t a, uint32_t b);

/* Decode SB0_BYTES (len must be at least that) in whichever byte order the
 * magic shows. Checks as super_90_load(): magic, major 0, minor 90 or 91,
 * raid_disks 1..27, nr_disks <= 27, this_disk.number < 27. Does NOT reject a
 * bad checksum (--examine shows it): sb->csum_computed holds the right one.
 * Returns 0, or -1 with e->msg. Never reads past len. */
int sb0_decode(const uint8_t *buf, size_t len, struct sb0 *sb, struct sb0_err *e);

/* Encode into buf (SB0_BYTES, zeroed first) in sb->big_endian's order with a
 * fresh checksum. Returns SB0_BYTES, or -1 if len is too small. */
int sb0_encode(const struct sb0 *sb, uint8_t *buf, size_t len);

/* --update=sparc2.2 (and --examine --sparc2.2) on the raw SB0_BYTES at buf
 * in byte order be: the words of a superblock written by a SPARC 2.2 kernel
 * moved to where the standard layout has them, checksum refreshed. */
void sb0_sparc22_shift(uint8_t *buf, bool be);
/* After the shift: does this_disk agree with the descriptor it names (what
 * a superblock that no SPARC 2.2 kernel wrote fails, the shift having
 * scrambled it)? */
bool sb0_sparc22_plausible(const struct sb0 *sb);

/* Whether the array UUID carries homehost: set_uuid2..3 are the first 8 bytes
 * of SHA-1(homehost), in the superblock's byte order (what mdadm writes). */
bool sb0_uuid_is_local(const struct sb0 *sb, const char *homehost);
/* The same for the four UUID words alone (--detail, from the model). */
bool sb0_uuid_words_local(const uint32_t set_uuid[4], bool big_endian, const char *homehost);
/* Put the homehost hash into set_uuid2..3 (for create). */
void sb0_uuid_set_host(struct sb0 *sb, const char *homehost);

/* Is m a name of the 0.90 format for -e/--metadata ("0", "0.90", "0.9", "00.90")? */
bool sb0_is_version(const char *m);

/* A new array, as create records it on every member (md.c super_90_validate
 * reads these fields back). disks[i] describes member i (number i); a
 * "missing" member is an all-zero descriptor with present[i] false, as the
 * kernel leaves an absent slot. */
struct sb0_new {
	uint32_t set_uuid[4];
	uint32_t ctime;                 /* also utime */
	int32_t  level;
	uint32_t size_kib;              /* used on each member; 0 for raid0 and linear */
	uint32_t raid_disks;
	uint32_t md_minor;              /* preferred minor: the md device's */
	uint32_t layout, chunk_bytes;
	bool     clean;                 /* MD_SB_CLEAN: no resync at start */
	bool     bitmap;                /* MD_SB_BITMAP_PRESENT: bitmap 4 KiB after the superblock */
	int      nmembers;              /* descriptors 0..nmembers-1 (slots, then spares) */
	struct sb0_disk disks[SB0_DISKS];
	bool     present[SB0_DISKS];
};

/* The superblock of member idx (this_disk = disks[idx]) in host byte order.
 * Returns 0, or -1 with e->msg for what 0.90 cannot record: more than 27
 * members, raid_disks outside 1..27, idx not a present member. */
int sb0_new_member(const struct sb0_new *p, int idx, struct sb0 *sb, struct sb0_err *e);

/* "xxxxxxxx:xxxxxxxx:xxxxxxxx:xxxxxxxx". out needs 36 bytes. */
void sb0_uuid_format(const struct sb0 *sb, char out[36]);
/* super0_view.c: a 0.90 superblock seen as a v1.x one (struct sb1). */
struct sb1;
/* A descriptor's role as a v1.x dev_roles[] entry: slot, 0xfffe failed, 0xffff spare. */
uint16_t sb0_disk_role(const struct sb0_disk *d, uint32_t raid_disks);
/* The array UUID as 16 bytes in the order it is printed (the four words, most
 * significant byte first), as uuid_parse() reads --uuid. */
void sb0_uuid_bytes(const struct sb0 *sb, uint8_t out[16]);
/* The reverse: set the four words from 16 bytes in that order. */
void sb0_uuid_from_bytes(struct sb0 *sb, const uint8_t in[16]);
/* Fill v from s: uuid, times, geometry (sectors), events, bitmap and reshape
 * features, dev_number and dev_roles[] by descriptor number. set_name stays
 * empty (0.90 has none). */
void sb0_as_sb1(const struct sb0 *s, struct sb1 *v);
#endif
