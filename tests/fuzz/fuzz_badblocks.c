/* libFuzzer target for badblocks.c. Input: one byte of bblog_shift, then the
 * log as read from a member. Decoding must stay inside the input, stop at the
 * first all-ones entry, agree with the text renderer line for line, and
 * survive any shift (md.c refuses 64 and more; the decoder must not be UB). */
#include "badblocks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned shift = data[0];
	const uint8_t *log = data + 1;
	size_t len = size - 1;
	size_t max = len / 8;
	struct bb_range *r = malloc((max ? max : 1) * sizeof(*r));
	if (!r)
		abort();
	size_t n = bblog_decode(log, len, shift, r, max);
	if (n > max)
		abort();
	/* the list ends at the first all-ones entry */
	for (size_t i = 0; i < n; i++) {
		static const uint8_t ones[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
		if (!memcmp(log + 8 * i, ones, 8))
			abort();
		if (shift == 0 && r[i].count > 0x3ff)
			abort();
	}
	if (n < max && memcmp(log + 8 * n, "\xff\xff\xff\xff\xff\xff\xff\xff", 8))
		abort();
	/* the text has the header and one line per entry */
	char *text = NULL;
	size_t tn = 0;
	FILE *f = open_memstream(&text, &tn);
	if (!f)
		abort();
	bblog_render(f, "/dev/x", BBLOG_PRESENT, log, len, shift);
	fclose(f);
	size_t lines = 0;
	for (size_t i = 0; i < tn; i++)
		lines += text[i] == '\n';
	if (lines != n + 1)
		abort();
	free(text);
	free(r);
	return 0;
}
