/* Consistency policy names and the empty PPL header (see ppl.h). */
#include "ppl.h"
#include "le.h"
#include "levels.h"
#include <string.h>

int policy_parse(const char *s, enum policy *p)
{
	static const struct { const char *name; enum policy p; } names[] = {
		{ "resync", POLICY_RESYNC }, { "bitmap", POLICY_BITMAP },
		{ "ppl", POLICY_PPL }, { "journal", POLICY_JOURNAL },
	};
	for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*p = names[i].p;
			return 0;
		}
	return -1;
}

const char *policy_refusal(enum policy p, int level, int bitmap, int minor)
{
	if (p == POLICY_JOURNAL)
		return "--consistency-policy=journal needs a write journal (--write-journal)";
	if (level == 0 || level == LEVEL_LINEAR)
		return "--consistency-policy does not apply to raid0 or linear: they have no redundancy";
	if (p == POLICY_RESYNC && bitmap)
		return "--consistency-policy=resync excludes a bitmap";
	if (p != POLICY_PPL)
		return NULL;
	/* raid5-ppl.c ppl_init_log(): raid5 only, without a bitmap or journal */
	if (level != 5)
		return "--consistency-policy=ppl applies to raid5 only";
	if (bitmap)
		return "--consistency-policy=ppl excludes a bitmap: the kernel cannot use both";
	/* 1.0 too: the PPL goes below the superblock (super1.c plan_v10_ppl) */
	if (minor < 0)
		return "--consistency-policy=ppl needs 1.x metadata: 0.90 has no room for a PPL";
	return NULL;
}

uint32_t crc32c_raw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *b = buf;
	while (len--) {
		crc ^= *b++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
	}
	return crc;
}

/* struct ppl_header (md_p.h): reserved[512], signature, padding,
 * generation (le64), entries_count, checksum, entries[]. */
enum { H_RESERVED = 512, H_SIGNATURE = 512, H_CHECKSUM = 512 + 4 + 4 + 8 + 4 };

void ppl_empty_header(const uint8_t set_uuid[16], uint8_t out[PPL_HEADER_BYTES])
{
	memset(out, 0, PPL_HEADER_BYTES);
	memset(out, 0xff, H_RESERVED);
	put32(out + H_SIGNATURE, ~crc32c_raw(~0u, set_uuid, 16));
	put32(out + H_CHECKSUM, ~crc32c_raw(~0u, out, PPL_HEADER_BYTES));
}
