/* Gathering an array's state (mdstate.c): does I/O; --detail, --query and
 * --monitor read it. */
#ifndef MDCTL_MDSTATE_H
#define MDCTL_MDSTATE_H
#include "output.h"
#include <stdbool.h>
#include <stddef.h>

/* Fill d for the md device at path. Returns 0, or -1 after printing mdadm's
 * one-line error (unless quiet): cannot open, not an md device. */
int detail_gather(const char *path, struct md_detail *d, bool quiet);
int detail_gather_inactive(struct md_detail *d);
/* NAME of the /dev/md/NAME link pointing at /dev/KNAME; 0, or -1 (out = ""). */
int md_link_name(const char *kname, char *out, size_t n);
/* --json: fill d->x and d->m[].x (mdstate_extra.c) for a gathered d. */
void detail_gather_extra(struct md_detail *d);

#endif
