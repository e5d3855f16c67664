/* The v1.x bad-block log (badblocks.h).
 *
 * Format, from Linux 7.2: include/uapi/linux/raid/md_p.h (bblog_shift,
 * bblog_size, bblog_offset in struct mdp_superblock_1; MD_FEATURE_BAD_BLOCKS
 * set while the list is not empty) and drivers/md/md.c: super_1_sync() fills
 * the log with 0xff bytes and writes each range as
 * cpu_to_le64(start << 10 | length); super_1_load() reads it back as
 * sector = entry >> 10, count = entry & 0x3ff, both shifted left by
 * bblog_shift, and stops at an entry of all ones. The in-memory form in
 * include/linux/badblocks.h (BB_OFFSET/BB_LEN/BB_ACK) is not what is stored. */
#include "badblocks.h"
#include <inttypes.h>

enum bblog_state bblog_state(const struct sb1 *sb)
{
	if (sb->bblog_size == 0 || sb->bblog_size > BBLOG_MAX_SECTORS || sb->bblog_offset == 0)
		return BBLOG_NONE;
	if (!(sb->feature_map & SB1_FEAT_BAD_BLOCKS))
		return BBLOG_EMPTY;
	return BBLOG_PRESENT;
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A shift of 64 or more would be undefined in C: md.c refuses it, and the
 * result is not meaningful, so it counts as no shift past 63. */
static uint64_t shifted(uint64_t v, unsigned shift)
{
	return shift >= 64 ? 0 : v << shift;
}

size_t bblog_decode(const uint8_t *buf, size_t len, unsigned shift, struct bb_range *out, size_t max)
{
	size_t n = 0;
	for (size_t off = 0; off + 8 <= len; off += 8) {
		uint64_t e = le64_at(buf + off);
		if (e == UINT64_MAX)
			break;
		if (n < max) {
			out[n].sector = shifted(e >> 10, shift);
			out[n].count = shifted(e & 0x3ff, shift);
		}
		n++;
	}
	return n;
}

void bblog_render(FILE *f, const char *path, enum bblog_state state, const uint8_t *buf, size_t len,
		  unsigned shift)
{
	if (state == BBLOG_NONE) {
		fprintf(f, "No bad-blocks list configured on %s\n", path);
		return;
	}
	if (state == BBLOG_EMPTY) {
		fprintf(f, "Bad-blocks list is empty in %s\n", path);
		return;
	}
	fprintf(f, "Bad-blocks on %s:\n", path);
	for (size_t off = 0; off + 8 <= len; off += 8) {
		struct bb_range r;
		if (bblog_decode(buf + off, 8, shift, &r, 1) == 0)
			break;
		/* the count is printed as a C int, as mdadm does */
		fprintf(f, "%20" PRIu64 " for %d sectors\n", r.sector, (int)r.count);
	}
}
