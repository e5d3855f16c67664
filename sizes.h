/* Size parsing and human-readable sizes, as mdadm prints them. Pure. */
#ifndef MDCTL_SIZES_H
#define MDCTL_SIZES_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
/* "1024", "64K", "100M", "2G", "1T" (binary units; a bare number is KiB, as
 * for mdadm --size/--chunk). Returns KiB in *kib, 0 on success, -1 on error. */
int parse_size_kib(const char *s, uint64_t *kib);
/* Same, but a bare number means bytes (used by --logical-block-size, --bitmap-chunk). */
int parse_size_bytes(const char *s, uint64_t *bytes);
/* mdadm's "(1023.00 MiB 1072.69 MB)" for a byte count, without parentheses. */
void human_size_pair(uint64_t bytes, char *out, size_t n);
/* mdadm's short form, e.g. "1023.00 MiB" (--detail uses this in some places). */
void human_size_short(uint64_t bytes, char *out, size_t n);
/* No space before the unit: "1071.64MB" (binary false, --examine --export) or
 * "19.00MiB" (binary true, --query). */
void human_size_compact(uint64_t bytes, bool binary, char *out, size_t n);
/* Is s non-empty and made of decimal digits only? */
bool str_all_digits(const char *s);
/* strcpy into n bytes; false (dst untouched) when src does not fit. */
bool str_copy(char *dst, size_t n, const char *src);
#endif
