/* --examine text, --export and --brief ARRAY line of one 0.90 superblock,
 * in mdadm 4.6's layout. Pure formatting (output_examine0.c). */
#ifndef MDCTL_OUTPUT_EXAMINE0_H
#define MDCTL_OUTPUT_EXAMINE0_H
#include <stdbool.h>
#include <stdio.h>
#include "super0.h"

struct examine0_input {
	const char *path;               /* printed as given */
	const struct sb0 *sb;
	const char *homehost;           /* for "(local to host X)"; NULL or "" = none */
	/* /dev names of the devices the descriptors name (major:minor), NULL when
	 * none: disk_names[i] for disks[i], this_name for this_disk. */
	const char *disk_names[SB0_DISKS];
	const char *this_name;
	uint64_t dev_sectors;           /* the member's size (JSON only; 0 = unknown) */
};
void fmt_examine0(FILE *f, const struct examine0_input *in);
void fmt_examine0_export(FILE *f, const struct examine0_input *in);
/* "ARRAY /dev/mdN  UUID=..." (+ level/num-devices when verbose), then
 * "   spares=N" and, verbose, "   devices=A,B" on one second line. */
void fmt_examine0_brief(FILE *f, const struct sb0 *sb, bool verbose, int spares, const char *devices);
/* Whether --brief counts this member as a spare (its descriptor is not active or in sync). */
bool sb0_counts_as_spare(const struct sb0 *sb);
/* Array size in KiB by one superblock (redundant levels); false for others. */
bool sb0_array_kib(const struct sb0 *sb, uint64_t *kib);
#endif
