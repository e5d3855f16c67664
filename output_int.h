/* What output.c shares with output_examine.c and output_detail.c: the
 * pieces both the --examine and the --detail text print. Not API: the
 * modes use output.h. */
#ifndef MDCTL_OUTPUT_INT_H
#define MDCTL_OUTPUT_INT_H
#include "output.h"

/* Level as mdadm prints it ("raid5", "linear", "multipath", "faulty"),
 * "-unknown-" for one it has no name for. */
const char *out_level_name(int level);
/* Text after "Layout :" (leading space included), or "" when the level has
 * no layout line; raid0 has one only when raid0_layout is set. */
void out_layout_text(int level, uint32_t layout, bool raid0_layout, char *out, size_t n);
/* label + name + "\n", with "  (local to host H)" when name is "H:..." and
 * H is homehost (NULL or "" = none). */
void out_name_line(FILE *f, const char *label, const char *name, const char *homehost);
/* "MD_NAME=...\n" for --export when the name is safe for udev, else nothing. */
void out_export_name(FILE *f, const char set_name[33]);
/* --examine's closing lines, both formats: "Checksum : X - correct" (or
 * "- expected Y") and "Events : N", then a blank line. */
void out_checksum_events(FILE *f, uint32_t csum, uint32_t computed, uint64_t events);
#endif
