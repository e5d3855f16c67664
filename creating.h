/* /run/mdctl/creating-<kname> (/run/mdadm/... as mdadm, persona.h): an
 * array mdctl --create is building. udev
 * (01-mdctl-creating.rules) and --incremental keep off it meanwhile: the
 * members' superblocks are written before the kernel claims them, and their
 * change events must not start a second assembly of the same array. */
#ifndef MDCTL_CREATING_H
#define MDCTL_CREATING_H
#include <stdbool.h>
#include <stdint.h>

/* Returns 0, or -1 (printed) when the directory cannot be written. */
int creating_mark(const char *kname, const uint8_t uuid[16]);
void creating_unmark(const char *kname);
/* Is an array with this uuid being created right now? */
bool creating_uuid(const uint8_t uuid[16]);
#endif
