/* libFuzzer target for the reshape backup header (reshape_plan.c): a file
 * given with --backup-file is untrusted. A header that decodes must encode
 * back to the same bytes; the decoded range stays bounded. abort() on any
 * breach. */
#include "reshape_plan.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rs_backup b;
	const char *why;
	if (rs_backup_decode(data, size, &b, &why) < 0)
		return 0;
	if (b.sectors == 0 || b.sectors > (1ULL << 30))
		abort();
	uint8_t *hdr = malloc(RS_BACKUP_HDR);
	if (!hdr)
		return 0;
	rs_backup_encode(&b, hdr);
	if (memcmp(hdr, data, 88) != 0)
		abort();
	free(hdr);
	return 0;
}
