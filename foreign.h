/* Foreign RAID metadata mdctl does not handle (Intel IMSM, SNIA DDF): detection
 * from the tail of a device, and the one-line refusal. Pure: no I/O. */
#ifndef MDCTL_FOREIGN_H
#define MDCTL_FOREIGN_H
#include <stddef.h>
#include <stdint.h>

enum foreign_kind { FOREIGN_NONE = 0, FOREIGN_IMSM, FOREIGN_DDF };

/* Bytes of the device's end foreign_detect() looks at: the last two sectors. */
#define FOREIGN_TAIL_BYTES 1024

/* tail holds the last len bytes of a device (len >= FOREIGN_TAIL_BYTES, or
 * less for a device that small: then nothing is found). */
enum foreign_kind foreign_detect(const uint8_t *tail, size_t len);

/* -e/--metadata names of the container formats ("imsm", "ddf"). */
enum foreign_kind foreign_from_metadata(const char *name);

/* "IMSM" or "DDF" ("" for FOREIGN_NONE). */
const char *foreign_name(enum foreign_kind k);

/* The refusal every mode prints: "WHAT: IMSM container metadata: IMSM/DDF
 * containers are not supported by mdctl". Returns buf. */
const char *foreign_refusal(char *buf, size_t n, const char *what, enum foreign_kind k);

/* Why -e/--metadata M is refused (neither 0.90 nor a 1.x version): the
 * container refusal for imsm/ddf, else "unsupported metadata 'M' (...)".
 * Returns buf. */
const char *metadata_refusal(char *buf, size_t n, const char *m);

/* The superblock -e/--metadata M asks a mode that reads members for: *minor
 * -1 any (M NULL), -2 the 0.90 one, 0..2 that v1.x one ("1" and "default"
 * are 1.2, as for create). Returns 0, or -1 with the refusal in why. */
int metadata_pick(const char *m, int *minor, char *why, size_t n);
#endif
