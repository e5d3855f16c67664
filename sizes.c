/* Size parsing and mdadm-style human-readable sizes (sizes.h). Pure. */
#include "sizes.h"
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <ctype.h>
#include <string.h>

static int parse_with_unit(const char *s, uint64_t *out, int bare_shift)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	int shift;
	switch (*end) {
	case '\0': shift = bare_shift; break;
	case 'b': case 'B': shift = 0; break;  /* not mdadm, but unambiguous */
	case 's': case 'S': shift = 9; break;  /* sectors */
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	default: return -1;
	}
	if (*end && end[1] && !((end[1] == 'i' || end[1] == 'B') && (!end[2] || (end[1] == 'i' && end[2] == 'B' && !end[3]))))
		return -1;
	if (v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

int parse_size_kib(const char *s, uint64_t *kib)
{
	uint64_t bytes;
	if (parse_with_unit(s, &bytes, 10) < 0)
		return -1;
	if (bytes % 1024) /* sector-granular sizes are rounded by the caller, not here */
		return -1;
	*kib = bytes >> 10;
	return 0;
}

int parse_size_bytes(const char *s, uint64_t *bytes)
{
	return parse_with_unit(s, bytes, 0);
}

/* Value in hundredths of unit, rounded half up: mdadm computes its sizes in
 * integers this way (checked: 10496 sectors print as "5.13 MiB", where %.2f of
 * the exact 5.125 would give "5.12"). 128-bit so TiB-scale byte counts cannot overflow. */
static void hundredths(uint64_t bytes, uint64_t unit, unsigned long long *ip, unsigned *fp)
{
	unsigned __int128 v = ((unsigned __int128)bytes * 200 / unit + 1) / 2;
	*ip = (unsigned long long)(v / 100);
	*fp = (unsigned)(v % 100);
}

void human_size_short(uint64_t bytes, char *out, size_t n)
{
	/* mdadm switches unit at 2 of the next unit (e.g. < 2 GiB shows MiB). */
	unsigned long long i;
	unsigned f;
	if (bytes < (2ULL << 30)) {
		hundredths(bytes, 1ULL << 20, &i, &f);
		snprintf(out, n, "%llu.%02u MiB", i, f);
	} else if (bytes < (2ULL << 40)) {
		hundredths(bytes, 1ULL << 30, &i, &f);
		snprintf(out, n, "%llu.%02u GiB", i, f);
	} else {
		hundredths(bytes, 1ULL << 40, &i, &f);
		snprintf(out, n, "%llu.%02u TiB", i, f);
	}
}

void human_size_pair(uint64_t bytes, char *out, size_t n)
{
	/* Binary and decimal figures; the decimal unit follows the binary one
	 * (1.99 GiB prints as "2047.00 MiB 2146.44 MB", not GB). */
	unsigned long long bi, di;
	unsigned bf, df;
	const char *bu, *du;
	if (bytes < (2ULL << 30)) {
		hundredths(bytes, 1ULL << 20, &bi, &bf);
		hundredths(bytes, 1000000ULL, &di, &df);
		bu = "MiB", du = "MB";
	} else if (bytes < (2ULL << 40)) {
		hundredths(bytes, 1ULL << 30, &bi, &bf);
		hundredths(bytes, 1000000000ULL, &di, &df);
		bu = "GiB", du = "GB";
	} else {
		hundredths(bytes, 1ULL << 40, &bi, &bf);
		hundredths(bytes, 1000000000000ULL, &di, &df);
		bu = "TiB", du = "TB";
	}
	snprintf(out, n, "%llu.%02u %s %llu.%02u %s", bi, bf, bu, di, df, du);
}

void human_size_compact(uint64_t bytes, bool binary, char *out, size_t n)
{
	static const char *const bin[] = { "MiB", "GiB", "TiB" }, *const dec[] = { "MB", "GB", "TB" };
	static const uint64_t bunit[] = { 1ULL << 20, 1ULL << 30, 1ULL << 40 };
	static const uint64_t dunit[] = { 1000000ULL, 1000000000ULL, 1000000000000ULL };
	/* The unit switches at the binary thresholds in both forms, as in mdadm. */
	int k = bytes < (2ULL << 30) ? 0 : bytes < (2ULL << 40) ? 1 : 2;
	unsigned long long i;
	unsigned f;
	hundredths(bytes, binary ? bunit[k] : dunit[k], &i, &f);
	snprintf(out, n, "%llu.%02u%s", i, f, binary ? bin[k] : dec[k]);
}

bool str_copy(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);
	if (l >= n)
		return false;
	memcpy(dst, src, l + 1);
	return true;
}

bool str_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}
