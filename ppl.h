/* Consistency policies and the partial parity log (PPL) area: pure code (no
 * I/O). The policy names are md's (md.c consistency_policy_show/store); the
 * PPL header layout is struct ppl_header in include/uapi/linux/raid/md_p.h. */
#ifndef MDCTL_PPL_H
#define MDCTL_PPL_H
#include <stddef.h>
#include <stdint.h>

enum policy { POLICY_DEFAULT, POLICY_RESYNC, POLICY_BITMAP, POLICY_PPL, POLICY_JOURNAL };

/* "resync", "bitmap", "ppl", "journal" -> policy; -1 for anything else. */
int policy_parse(const char *s, enum policy *p);

/* Why a new array cannot have policy p (level as levels.h, bitmap: one was
 * asked for, minor: the 1.x minor version, or -1 for 0.90), or NULL when it
 * can. Refuses what mdadm 4.6 refuses (observed in the VM); "bitmap" without
 * a bitmap is left to the caller. */
const char *policy_refusal(enum policy p, int level, int bitmap, int minor);

/* Where mdadm 4.6 puts the PPL on 1.1/1.2 (observed in the VM, t_ppl_journal.sh):
 * right after the 4 KiB superblock, 1 MiB long; the bad-block log follows. */
#define PPL_OFFSET_SECTORS 8
#define PPL_SIZE_SECTORS 2048

#define PPL_HEADER_BYTES 4096   /* PPL_HEADER_SIZE */

/* The least PPL mdctl places: the 4 KiB header and partial parity for one
 * 128 KiB write (raid5-ppl.c PPL_SPACE_SIZE); the kernel itself takes any
 * room for one stripe (ppl_validate_rdev). */
#define PPL_MIN_SECTORS (8 + 256)

/* crc32c (Castagnoli, reflected) as the kernel's crc32c(seed, buf, len):
 * no inversion in or out. */
uint32_t crc32c_raw(uint32_t seed, const void *buf, size_t len);

/* The header raid5-ppl.c ppl_write_empty_header() writes: reserved bytes
 * 0xff, signature ~crc32c(~0, set uuid) (ppl_init_log, native metadata), no
 * entries, checksum ~crc32c(~0) of the page with the checksum field zero. */
void ppl_empty_header(const uint8_t set_uuid[16], uint8_t out[PPL_HEADER_BYTES]);
#endif
