/* Write-intent bitmap headers and bit/state areas. Pure: no I/O.
 *
 * Two on-disk formats share one 256-byte header (bitmap_super_t, Linux 7.2
 * drivers/md/md-bitmap.h, all fields little endian):
 *  - classic bitmap (md-bitmap.c), versions 3 (host-endian bits, deprecated),
 *    4 (the default) and 5 (clustered): chunksize in BYTES, one bit per chunk
 *    starting right after the 256-byte header, bit i at byte 256 + i/8, bit i%8;
 *  - lockless llbitmap (md-llbitmap.c), version 6: chunksize in SECTORS, one
 *    state BYTE per chunk (enum llb_state) starting at byte 1024
 *    (BITMAP_DATA_OFFSET); the kernel reads and writes whole 4 KiB pages.
 *    A header with FIRST_USE is (re)initialised at every start until the
 *    kernel first rewrites it (at the first md superblock update): chunk size
 *    chosen from sync size and sectors_reserved, daemon_sleep 30, every chunk
 *    set to clean (CLEAN also set), or unwritten (clean unwritten on raid4/5/6
 *    whose members all zero with unmap); nothing but magic, version and uuid
 *    is checked then.
 * Offsets below are relative to the first byte of the bitmap (the superblock's
 * bitmap_offset, in sectors from the md superblock).
 * Every function is bounded by the length it is given: buffers are hostile. */
#ifndef MDCTL_BITMAP_H
#define MDCTL_BITMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BITMAP_MAGIC            0x6d746962U
#define BITMAP_SB_BYTES         256     /* sizeof(bitmap_super_t) */
#define BITMAP_O_UUID           8       /* offsetof(bitmap_super_t, uuid) */
#define LLBITMAP_DATA_OFFSET    1024    /* md-llbitmap.c BITMAP_DATA_OFFSET */

/* md-bitmap.h BITMAP_MAJOR_* */
#define BITMAP_V_HOSTENDIAN     3
#define BITMAP_V_HI             4
#define BITMAP_V_CLUSTERED      5
#define BITMAP_V_LOCKLESS       6

/* md-bitmap.h enum bitmap_state: bit numbers in the state word */
#define BITMAP_ST_STALE         1       /* out of date: full resync */
#define BITMAP_ST_WRITE_ERROR   2
#define BITMAP_ST_FIRST_USE     3       /* llbitmap: just created, kernel sizes and inits it */
#define BITMAP_ST_CLEAN         4       /* llbitmap: created with --assume-clean */
#define BITMAP_ST_DAEMON_BUSY   5
#define BITMAP_ST_SHUTDOWN      6
#define BITMAP_ST_HOSTENDIAN    15

/* Kernel limits (md-bitmap.c md_bitmap_read_sb / chunksize_store) */
#define BITMAP_MIN_CHUNK        512U            /* bytes */
#define BITMAP_MAX_CHUNK        (1U << 31)      /* bytes: must fit the u32 field */
#define BITMAP_MAX_WRITE_BEHIND 16383U          /* COUNTER_MAX */
#define LLBITMAP_MIN_CHUNK      128U            /* sectors: MIN_CHUNK_SIZE, 64 KiB */
#define LLBITMAP_DAEMON_SLEEP   30U             /* seconds: DEFAULT_DAEMON_SLEEP */
#define BITMAP_DAEMON_SLEEP     5U              /* seconds: kernel/mdadm default */
/* No Linux block device exceeds 2^63 bytes; larger sync sizes are corrupt. */
#define BITMAP_MAX_SYNC_SECTORS (1ULL << 54)

/* md-llbitmap.c enum llbitmap_state: one byte per chunk */
enum llb_state {
	LLB_UNWRITTEN = 0, LLB_CLEAN, LLB_DIRTY, LLB_NEED_SYNC, LLB_SYNCING,
	LLB_NEED_SYNC_UNWRITTEN, LLB_SYNCING_UNWRITTEN, LLB_CLEAN_UNWRITTEN,
	LLB_STATE_COUNT,
};

/* Decoded header, host byte order; every on-disk field has a member. */
struct bitmap_sb {
	uint32_t magic;
	uint32_t version;
	uint8_t  uuid[16];
	uint64_t events;
	uint64_t events_cleared;
	uint64_t sync_size;             /* sectors covered by the bitmap */
	uint32_t state;                 /* BITMAP_ST_* bit numbers */
	uint32_t chunksize;             /* classic: bytes; llbitmap: sectors */
	uint32_t daemon_sleep;          /* seconds */
	uint32_t write_behind;          /* classic only */
	uint32_t sectors_reserved;      /* room for the bitmap, 512-byte sectors (0 = unknown) */
	uint32_t nodes;                 /* clustered only */
	char     cluster_name[65];      /* NUL-terminated copy of the 64 bytes */
};

/* Error text, always NUL-terminated. */
struct bitmap_err { char msg[160]; };

static inline bool bitmap_is_llbitmap(const struct bitmap_sb *sb)
{
	return sb->version == BITMAP_V_LOCKLESS;
}

/* Decode the header at the start of buf. Fails (-1, e->msg set) on: short
 * buffer, bad magic, unknown version, and whatever the 7.2 kernel would refuse
 * to load for that version (classic: md_bitmap_read_sb; llbitmap:
 * llbitmap_read_sb, whose checks are skipped for a FIRST_USE header) plus
 * absurd sizes. When at least 256 bytes with the right magic were given, *sb
 * holds the raw fields even on failure (for a best-effort dump). */
int bitmap_decode(const uint8_t *buf, size_t len, struct bitmap_sb *sb, struct bitmap_err *e);

/* Encode sb into buf, zero-filling the rest: 256 bytes for classic, 1024
 * (header + padding up to the state bytes) for llbitmap. Returns the number
 * of bytes written, or -1 if len is too small. */
int bitmap_encode(const struct bitmap_sb *sb, uint8_t *buf, size_t len);

/* Number of chunks described by sb (0 when the chunk size is unusable).
 * Classic: ceil(sync_size*512 / chunksize); llbitmap: ceil(sync_size / chunksize). */
uint64_t bitmap_chunks(const struct bitmap_sb *sb);
/* Offset and size in bytes of the bit (classic) or state-byte (llbitmap) area. */
uint64_t bitmap_data_offset(const struct bitmap_sb *sb);
uint64_t bitmap_data_bytes(const struct bitmap_sb *sb);

/* Bytes to read to see the whole bitmap: header + data area; for a clustered
 * bitmap all node slots (nodes * slot, each slot header + bits in whole 4 KiB).
 * UINT64_MAX when the header makes that impossible to say (chunksize 0). */
uint64_t bitmap_total_bytes(const struct bitmap_sb *sb);

/* Classic: bytes a bitmap needs on disk, header included (256 + ceil(chunks/8)),
 * for sync_sectors and a chunk of chunk_bytes. UINT64_MAX if chunk_bytes is 0. */
uint64_t bitmap_classic_bytes(uint64_t sync_sectors, uint32_t chunk_bytes);

/* Classic: the bitmap chunk mdadm 4.6 picks for an internal bitmap when none is
 * given: 64 MiB, doubled until header + bits fit room_sectors (0 = room unknown:
 * 64 MiB). mdadm 4.6 uses a room of BITMAP_MDADM_ROOM for every v1.x layout and
 * then reserves only what the bitmap needs, in whole 4 KiB: it puts the bad-block
 * log right after round_up(bitmap_classic_bytes(), 4096) (1.1/1.2: bitmap at
 * superblock + 8 sectors; 1.0: bitmap ends 8 sectors before the superblock). */
#define BITMAP_MDADM_ROOM       256U            /* sectors: 128 KiB */
uint32_t bitmap_default_chunk(uint64_t sync_sectors, uint32_t room_sectors);

/* llbitmap: the chunk (sectors) the kernel picks on first use (llbitmap_init):
 * 64 KiB, doubled while the chunks outnumber space*512 bytes. space is the
 * kernel's bitmap room: for 1.1/1.2 the header's sectors_reserved (0: its
 * default of 6), for 1.0 -bitmap_offset (header ignored: super_1_load). */
uint32_t llbitmap_kernel_chunk(uint64_t sync_sectors, uint32_t space_sectors);
/* llbitmap: bytes the kernel writes from the bitmap start with that choice:
 * whole 4 KiB pages over the 1 KiB header and one byte per chunk. */
uint64_t llbitmap_bytes(uint64_t sync_sectors, uint32_t space_sectors);
/* llbitmap: the sectors_reserved value to record for room_sectors of real room,
 * so that the kernel's choice above never writes past the room: it sizes the
 * state bytes against sectors_reserved without counting the 1 KiB header, and
 * writes whole 4 KiB pages. 0 if the room is too small (< 8 sectors). */
uint32_t llbitmap_reserved_for_room(uint32_t room_sectors);

/* Parameters of a new bitmap (create / grow --bitmap). */
struct bitmap_new {
	uint8_t  uuid[16];              /* array uuid (superblock set_uuid) */
	uint64_t events;                /* the superblock's events */
	uint64_t sync_size;             /* sectors: member size (raid1/4/5/6), array size (raid10) */
	uint32_t chunk_bytes;           /* classic: 0 = bitmap_default_chunk() */
	uint32_t daemon_sleep;          /* seconds, 0 = default */
	uint32_t write_behind;          /* classic: 0 = none */
	uint32_t room_sectors;          /* space reserved for the bitmap on each member;
					 * llbitmap: what follows (bad-block log, data) must
					 * start after it (mdadm 4.6: 256, 1.2 metadata only) */
	bool     clean;                 /* --assume-clean */
};

/* Fill a classic v4 header (state 0, events_cleared = events). Returns 0, or -1
 * with e->msg for a chunk the kernel would refuse or a bitmap that does not fit
 * room_sectors (when room_sectors is not 0). */
int bitmap_new_classic(const struct bitmap_new *p, struct bitmap_sb *sb, struct bitmap_err *e);
/* Fill an llbitmap v6 header: FIRST_USE (+ CLEAN when p->clean), chunksize as the
 * kernel will choose, daemon_sleep 30, sectors_reserved from llbitmap_reserved_for_room.
 * chunk_bytes and write_behind are not supported by the kernel (error if set).
 * mdadm 4.6 writes the same but for chunksize 64 MiB in bytes, daemon_sleep 5 and
 * sectors_reserved = room: the kernel replaces the first two on first use. */
int bitmap_new_llbitmap(const struct bitmap_new *p, struct bitmap_sb *sb, struct bitmap_err *e);

/* Fill the area after the header of a new bitmap as mdadm 4.6 does. buf is the
 * bitmap from its first byte, len the bytes to be written (normally the whole
 * room); the header bytes are left alone. Everything past the header becomes
 * 0xff: classic, all chunks dirty (a resync covers them) except that with
 * clean (--assume-clean) the bits of real chunks are 0; llbitmap, 0xff is no
 * valid state (the kernel would force a resync if it ever read one), and the
 * kernel sets every chunk on first use anyway. */
void bitmap_init_area(const struct bitmap_sb *sb, bool clean, uint8_t *buf, size_t len);

/* Counts over the data area. buf/len is the bitmap from its first byte (header
 * included); chunks past len are not examined (examined < chunks). */
struct bitmap_counts {
	uint64_t chunks;                /* bitmap_chunks() */
	uint64_t examined;              /* chunks whose bit/byte was inside len */
	uint64_t dirty;                 /* classic: set bits */
	uint64_t state[LLB_STATE_COUNT];/* llbitmap: chunks in each state */
	uint64_t unknown;               /* llbitmap: bytes that are no known state */
};
void bitmap_count(const struct bitmap_sb *sb, const uint8_t *buf, size_t len, struct bitmap_counts *c);

/* The header fields at buf, no checks (buf holds >= BITMAP_SB_BYTES): what
 * bitmap_decode starts from, and what the text shows of a cluster node slot. */
void bitmap_read_fields(const uint8_t *buf, struct bitmap_sb *sb);
/* md-bitmap.c md_bitmap_read_sb(): node slot i of a clustered bitmap starts
 * i * (header + bits, in whole 4 KiB blocks) into it; 0 if that does not fit
 * 64 bits. */
uint64_t bitmap_slot_bytes(const struct bitmap_sb *sb);

/* Kernel name of an llbitmap state (llbitmap/bits), NULL if not a state. */
const char *llbitmap_state_name(unsigned v);

/* A run of consecutive chunks with the same value: classic 0 clean / 1 dirty,
 * llbitmap the raw state byte. */
struct bitmap_range { uint64_t first, last; uint8_t value; };
/* Next run starting at *pos (start with *pos = 0). Returns true and advances
 * *pos past the run, or false when no examined chunk is left. */
bool bitmap_next_range(const struct bitmap_sb *sb, const uint8_t *buf, size_t len,
		       uint64_t *pos, struct bitmap_range *r);

#endif
