/* A member's PPL area written through dev.c (see ppl_io.h). */
#include "ppl_io.h"
#include "dev.h"
#include "ppl.h"
#include <unistd.h>

int ppl_write_area(int fd, uint64_t super_offset, int32_t ppl_offset, uint32_t ppl_size,
		   const uint8_t set_uuid[16])
{
	uint8_t hdr[PPL_HEADER_BYTES];
	uint64_t start = (uint64_t)((int64_t)super_offset + ppl_offset) * 512;
	ppl_empty_header(set_uuid, hdr);
	if (dev_zero_range(fd, start, (uint64_t)ppl_size * 512) < 0 ||
	    dev_pwrite(fd, hdr, sizeof(hdr), start) < 0 || fsync(fd) < 0)
		return -1;
	return 0;
}
