#include "sizes.h"
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <ctype.h>

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

void human_size_short(uint64_t bytes, char *out, size_t n)
{
	/* mdadm switches unit at 2 of the next unit down (e.g. < 2 GiB shows MiB). */
	if (bytes < (2ULL << 30))
		snprintf(out, n, "%.2f MiB", (double)bytes / (1 << 20));
	else if (bytes < (2ULL << 40))
		snprintf(out, n, "%.2f GiB", (double)bytes / (1 << 30));
	else
		snprintf(out, n, "%.2f TiB", (double)bytes / (1ULL << 40));
}

void human_size_pair(uint64_t bytes, char *out, size_t n)
{
	if (bytes < (2ULL << 30))
		snprintf(out, n, "%.2f MiB %.2f MB", (double)bytes / (1 << 20), (double)bytes / 1e6);
	else if (bytes < (2ULL << 40))
		snprintf(out, n, "%.2f GiB %.2f GB", (double)bytes / (1 << 30), (double)bytes / 1e9);
	else
		snprintf(out, n, "%.2f TiB %.2f TB", (double)bytes / (1ULL << 40), (double)bytes / 1e12);
}
