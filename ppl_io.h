/* Writing a member's PPL area (create and --grow --consistency-policy=ppl). */
#ifndef MDCTL_PPL_IO_H
#define MDCTL_PPL_IO_H
#include <stdint.h>

/* Zero the ppl_size sectors at super_offset + ppl_offset and put the empty
 * header (ppl.h) in front, as raid5-ppl.c ppl_write_empty_header() leaves
 * them: the kernel then finds a valid, empty log (a mismatch would make it
 * refuse to switch a running array to PPL: ppl_init_log()). Returns 0 or -1
 * (errno set). */
int ppl_write_area(int fd, uint64_t super_offset, int32_t ppl_offset, uint32_t ppl_size,
		   const uint8_t set_uuid[16]);
#endif
