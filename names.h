/* Array names: what goes into the superblock's set_name and which md device
 * and /dev/md/NAME link an array gets. */
#ifndef MDCTL_NAMES_H
#define MDCTL_NAMES_H
#include <stddef.h>
/* The homehost: the given one (--homehost), else the host name. Empty for
 * "<none>" and "<ignore>". given may be NULL or "<system>". */
void homehost_get(const char *given, char *out, size_t n);
/* set_name for a new array: "HOMEHOST:NAME" (mdadm's convention), where NAME is
 * --name, else taken from the md device path (/dev/md/NAME, /dev/mdN -> "N").
 * Returns 0, or -1 (printed) when it does not fit 32 bytes or has bad characters. */
int array_name_for_create(const char *name, const char *homehost, const char *mddev, char out[33]);
/* The short name of an array for /dev/md/NAME: set_name without a "HOST:" prefix
 * when HOST is ours. */
void array_short_name(const char *homehost, const char *set_name, char *out, size_t n);
/* Kernel name for an md device argument of create/assemble: /dev/mdN -> mdN,
 * /dev/md/NAME -> an existing link's target or a free mdN (md127 down). */
int md_kname_for(const char *mddev, char *kname, size_t n);
#endif
