/* 0.90 md superblock format: decode, encode, checksum, placement, UUID.
 * Pure code, no I/O. On-disk layout: Linux 7.2 include/uapi/linux/raid/md_p.h
 * (mdp_super_t, 1024 32-bit words: generic constant words 0-31, generic
 * state 32-63, personality 64-127, 27 disk descriptors of 32 words from 128,
 * this_disk at 992). The words are in the byte order of the host that wrote
 * them; the 64-bit values (events, cp_events, reshape_position) are pairs of
 * words whose order follows that host too (md_p.h's #if __BIG_ENDIAN). Load
 * rules from drivers/md/md.c super_90_load(); checksum calc_sb_csum(). */
#include "super0.h"
#include "sha1.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Word indexes in mdp_super_t (md_p.h). */
enum {
	W_MAGIC = 0, W_MAJOR = 1, W_MINOR = 2, W_PATCH = 3, W_GVALID = 4,
	W_UUID0 = 5, W_CTIME = 6, W_LEVEL = 7, W_SIZE = 8, W_NR_DISKS = 9,
	W_RAID_DISKS = 10, W_MD_MINOR = 11, W_NOT_PERSISTENT = 12,
	W_UUID1 = 13, W_UUID2 = 14, W_UUID3 = 15,
	W_UTIME = 32, W_STATE = 33, W_ACTIVE = 34, W_WORKING = 35,
	W_FAILED = 36, W_SPARE = 37, W_CSUM = 38, W_EVENTS = 39,
	W_CP_EVENTS = 41, W_RECOVERY_CP = 43, W_RESHAPE_POS = 44,
	W_NEW_LEVEL = 46, W_DELTA_DISKS = 47, W_NEW_LAYOUT = 48, W_NEW_CHUNK = 49,
	W_LAYOUT = 64, W_CHUNK = 65, W_ROOT_PV = 66, W_ROOT_BLOCK = 67,
	W_DISKS = 128, W_DESC_WORDS = 32, W_THIS_DISK = 992,
	W_WORDS = SB0_BYTES / 4,
};

static int32_t s32(uint32_t v) { return v < 0x80000000U ? (int32_t)v : (int32_t)(v - 0x80000000U) - INT32_MAX - 1; }

static void set_err(struct sb0_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_err(struct sb0_err *e, const char *fmt, ...)
{
	if (!e)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static uint32_t word(const uint8_t *buf, int w, bool be)
{
	const uint8_t *p = buf + 4 * w;
	if (be)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_word(uint8_t *buf, int w, bool be, uint32_t v)
{
	uint8_t *p = buf + 4 * w;
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

/* A 64-bit value in two words: low word first on little-endian hosts, high
 * word first on big-endian ones (md_p.h events_lo/events_hi; a native __u64). */
static uint64_t pair(const uint8_t *buf, int w, bool be)
{
	uint64_t a = word(buf, w, be), b = word(buf, w + 1, be);
	return be ? a << 32 | b : b << 32 | a;
}

static void put_pair(uint8_t *buf, int w, bool be, uint64_t v)
{
	put_word(buf, w, be, be ? (uint32_t)(v >> 32) : (uint32_t)v);
	put_word(buf, w + 1, be, be ? (uint32_t)v : (uint32_t)(v >> 32));
}

/* MD_NEW_SIZE_SECTORS(x): ((x & ~(MD_RESERVED_SECTORS - 1)) - MD_RESERVED_SECTORS). */
uint64_t sb0_offset(uint64_t dev_sectors)
{
	uint64_t aligned = dev_sectors & ~(uint64_t)(SB0_RESERVED_SECTORS - 1);
	if (aligned < SB0_RESERVED_SECTORS)
		return UINT64_MAX;
	return aligned - SB0_RESERVED_SECTORS;
}

int sb0_byte_order(const uint8_t *buf, size_t len)
{
	if (len < 4)
		return -1;
	if (word(buf, W_MAGIC, false) == SB0_MAGIC)
		return 0;
	if (word(buf, W_MAGIC, true) == SB0_MAGIC)
		return 1;
	return -1;
}

uint32_t sb0_checksum(const uint8_t *buf, size_t len, bool be)
{
	uint64_t sum = 0;
	if (len < SB0_BYTES)
		return 0;
	for (int i = 0; i < W_WORDS; i++)
		if (i != W_CSUM)
			sum += word(buf, i, be);
	return (uint32_t)(sum & 0xffffffffU) + (uint32_t)(sum >> 32);
}

/* md_csum_fold() */
static uint32_t fold(uint32_t c)
{
	c = (c & 0xffff) + (c >> 16);
	return (c & 0xffff) + (c >> 16);
}

bool sb0_csum_matches(uint32_t a, uint32_t b)
{
	return fold(a) == fold(b);
}

static void get_disk(const uint8_t *buf, int w, bool be, struct sb0_disk *d)
{
	d->number = word(buf, w, be);
	d->major = word(buf, w + 1, be);
	d->minor = word(buf, w + 2, be);
	d->raid_disk = word(buf, w + 3, be);
	d->state = word(buf, w + 4, be);
}

static void put_disk(uint8_t *buf, int w, bool be, const struct sb0_disk *d)
{
	put_word(buf, w, be, d->number);
	put_word(buf, w + 1, be, d->major);
	put_word(buf, w + 2, be, d->minor);
	put_word(buf, w + 3, be, d->raid_disk);
	put_word(buf, w + 4, be, d->state);
}

static void decode_words(const uint8_t *buf, bool be, struct sb0 *sb)
{
	sb->big_endian = be;
	sb->major_version = word(buf, W_MAJOR, be);
	sb->minor_version = word(buf, W_MINOR, be);
	sb->patch_version = word(buf, W_PATCH, be);
	sb->gvalid_words = word(buf, W_GVALID, be);
	sb->set_uuid[0] = word(buf, W_UUID0, be);
	sb->set_uuid[1] = word(buf, W_UUID1, be);
	sb->set_uuid[2] = word(buf, W_UUID2, be);
	sb->set_uuid[3] = word(buf, W_UUID3, be);
	sb->ctime = word(buf, W_CTIME, be);
	sb->level = s32(word(buf, W_LEVEL, be));
	sb->size = word(buf, W_SIZE, be);
	sb->nr_disks = word(buf, W_NR_DISKS, be);
	sb->raid_disks = word(buf, W_RAID_DISKS, be);
	sb->md_minor = word(buf, W_MD_MINOR, be);
	sb->not_persistent = word(buf, W_NOT_PERSISTENT, be);
	sb->utime = word(buf, W_UTIME, be);
	sb->state = word(buf, W_STATE, be);
	sb->active_disks = word(buf, W_ACTIVE, be);
	sb->working_disks = word(buf, W_WORKING, be);
	sb->failed_disks = word(buf, W_FAILED, be);
	sb->spare_disks = word(buf, W_SPARE, be);
	sb->sb_csum = word(buf, W_CSUM, be);
	sb->events = pair(buf, W_EVENTS, be);
	sb->cp_events = pair(buf, W_CP_EVENTS, be);
	sb->recovery_cp = word(buf, W_RECOVERY_CP, be);
	sb->reshape_position = pair(buf, W_RESHAPE_POS, be);
	sb->new_level = s32(word(buf, W_NEW_LEVEL, be));
	sb->delta_disks = s32(word(buf, W_DELTA_DISKS, be));
	sb->new_layout = word(buf, W_NEW_LAYOUT, be);
	sb->new_chunk = word(buf, W_NEW_CHUNK, be);
	sb->layout = word(buf, W_LAYOUT, be);
	sb->chunk_size = word(buf, W_CHUNK, be);
	sb->root_pv = word(buf, W_ROOT_PV, be);
	sb->root_block = word(buf, W_ROOT_BLOCK, be);
	for (int i = 0; i < SB0_DISKS; i++)
		get_disk(buf, W_DISKS + i * W_DESC_WORDS, be, &sb->disks[i]);
	get_disk(buf, W_THIS_DISK, be, &sb->this_disk);
}

int sb0_decode(const uint8_t *buf, size_t len, struct sb0 *sb, struct sb0_err *e)
{
	memset(sb, 0, sizeof(*sb));
	if (len < SB0_BYTES) {
		set_err(e, "superblock buffer too short (%zu bytes)", len);
		return -1;
	}
	int order = sb0_byte_order(buf, len);
	if (order < 0) {
		set_err(e, "bad magic %08x", word(buf, W_MAGIC, false));
		return -1;
	}
	decode_words(buf, order == 1, sb);
	sb->csum_computed = sb0_checksum(buf, len, order == 1);
	if (sb->major_version != 0 || sb->minor_version < 90 || sb->minor_version > 91) {
		set_err(e, "bad version number %u.%u", sb->major_version, sb->minor_version);
		return -1;
	}
	/* super_90_load() wants raid_disks > 0; a 0.90 array has at most 27 slots. */
	if (sb->raid_disks == 0 || sb->raid_disks > SB0_DISKS) {
		set_err(e, "raid_disks %u out of range 1..%d", sb->raid_disks, SB0_DISKS);
		return -1;
	}
	if (sb->nr_disks > SB0_DISKS) {
		set_err(e, "nr_disks %u out of range 0..%d", sb->nr_disks, SB0_DISKS);
		return -1;
	}
	if (sb->this_disk.number >= SB0_DISKS) {
		set_err(e, "this device's number %u out of range 0..%d", sb->this_disk.number,
			SB0_DISKS - 1);
		return -1;
	}
	return 0;
}

int sb0_encode(const struct sb0 *sb, uint8_t *buf, size_t len)
{
	bool be = sb->big_endian;
	if (len < SB0_BYTES)
		return -1;
	memset(buf, 0, SB0_BYTES);
	put_word(buf, W_MAGIC, be, SB0_MAGIC);
	put_word(buf, W_MAJOR, be, sb->major_version);
	put_word(buf, W_MINOR, be, sb->minor_version);
	put_word(buf, W_PATCH, be, sb->patch_version);
	put_word(buf, W_GVALID, be, sb->gvalid_words);
	put_word(buf, W_UUID0, be, sb->set_uuid[0]);
	put_word(buf, W_UUID1, be, sb->set_uuid[1]);
	put_word(buf, W_UUID2, be, sb->set_uuid[2]);
	put_word(buf, W_UUID3, be, sb->set_uuid[3]);
	put_word(buf, W_CTIME, be, sb->ctime);
	put_word(buf, W_LEVEL, be, (uint32_t)sb->level);
	put_word(buf, W_SIZE, be, sb->size);
	put_word(buf, W_NR_DISKS, be, sb->nr_disks);
	put_word(buf, W_RAID_DISKS, be, sb->raid_disks);
	put_word(buf, W_MD_MINOR, be, sb->md_minor);
	put_word(buf, W_NOT_PERSISTENT, be, sb->not_persistent);
	put_word(buf, W_UTIME, be, sb->utime);
	put_word(buf, W_STATE, be, sb->state);
	put_word(buf, W_ACTIVE, be, sb->active_disks);
	put_word(buf, W_WORKING, be, sb->working_disks);
	put_word(buf, W_FAILED, be, sb->failed_disks);
	put_word(buf, W_SPARE, be, sb->spare_disks);
	put_pair(buf, W_EVENTS, be, sb->events);
	put_pair(buf, W_CP_EVENTS, be, sb->cp_events);
	put_word(buf, W_RECOVERY_CP, be, sb->recovery_cp);
	put_pair(buf, W_RESHAPE_POS, be, sb->reshape_position);
	put_word(buf, W_NEW_LEVEL, be, (uint32_t)sb->new_level);
	put_word(buf, W_DELTA_DISKS, be, (uint32_t)sb->delta_disks);
	put_word(buf, W_NEW_LAYOUT, be, sb->new_layout);
	put_word(buf, W_NEW_CHUNK, be, sb->new_chunk);
	put_word(buf, W_LAYOUT, be, sb->layout);
	put_word(buf, W_CHUNK, be, sb->chunk_size);
	put_word(buf, W_ROOT_PV, be, sb->root_pv);
	put_word(buf, W_ROOT_BLOCK, be, sb->root_block);
	for (int i = 0; i < SB0_DISKS; i++)
		put_disk(buf, W_DISKS + i * W_DESC_WORDS, be, &sb->disks[i]);
	put_disk(buf, W_THIS_DISK, be, &sb->this_disk);
	put_word(buf, W_CSUM, be, sb0_checksum(buf, len, be));
	return SB0_BYTES;
}

/* The 8 hash bytes as the two words mdadm copies them into, read in the
 * superblock's byte order. */
static void host_words(const char *homehost, bool be, uint32_t w[2])
{
	uint8_t h[20];
	sha1(homehost, strlen(homehost), h);
	w[0] = word(h, 0, be);
	w[1] = word(h, 1, be);
}

bool sb0_uuid_words_local(const uint32_t set_uuid[4], bool big_endian, const char *homehost)
{
	uint32_t w[2];
	if (!homehost || !*homehost)
		return false;
	host_words(homehost, big_endian, w);
	return set_uuid[2] == w[0] && set_uuid[3] == w[1];
}

bool sb0_uuid_is_local(const struct sb0 *sb, const char *homehost)
{
	return sb0_uuid_words_local(sb->set_uuid, sb->big_endian, homehost);
}

void sb0_uuid_set_host(struct sb0 *sb, const char *homehost)
{
	uint32_t w[2];
	host_words(homehost, sb->big_endian, w);
	sb->set_uuid[2] = w[0];
	sb->set_uuid[3] = w[1];
}

void sb0_uuid_format(const struct sb0 *sb, char out[36])
{
	snprintf(out, 36, "%08x:%08x:%08x:%08x", sb->set_uuid[0], sb->set_uuid[1],
		 sb->set_uuid[2], sb->set_uuid[3]);
}

/* mdadm(8) --update=sparc2.2: SPARC kernels 2.2 wrote the superblock with a
 * pad word before the 64-bit event count, so every word from the events on
 * sits one word late. Words 40..1023 move down to 39..1022 (the last word
 * stays) and the checksum is made afresh: the bytes mdadm 4.6 writes
 * (measured on a superblock of marked words, t_update0). */
void sb0_sparc22_shift(uint8_t *buf, bool be)
{
	memmove(buf + 4 * W_EVENTS, buf + 4 * (W_EVENTS + 1), 4 * (W_WORDS - 1 - W_EVENTS));
	put_word(buf, W_CSUM, be, sb0_checksum(buf, SB0_BYTES, be));
}

bool sb0_sparc22_plausible(const struct sb0 *sb)
{
	const struct sb0_disk *t = &sb->this_disk;
	if (t->number >= SB0_DISKS)
		return false;
	const struct sb0_disk *d = &sb->disks[t->number];
	return d->number == t->number && d->major == t->major && d->minor == t->minor &&
	       d->raid_disk == t->raid_disk && (t->major || t->minor);
}
