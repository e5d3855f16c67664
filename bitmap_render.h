/* --examine-bitmap text (bitmap_render.c): pure rendering of what
 * bitmap.c decoded. */
#ifndef MDCTL_BITMAP_RENDER_H
#define MDCTL_BITMAP_RENDER_H
#include <stdio.h>
#include "bitmap.h"

/* --examine-bitmap text for a decoded header and its area (buf/len as for
 * bitmap_count). Classic: mdadm 4.6's -X format; llbitmap: our own, with the
 * range map when verbose > 0. filename is printed as given. */
void bitmap_print(FILE *f, const char *filename, const struct bitmap_sb *sb,
		  const uint8_t *buf, size_t len, int verbose);

#endif
