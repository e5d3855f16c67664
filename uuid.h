/* Array/device UUIDs as mdadm prints and parses them. Pure. */
#ifndef MDCTL_UUID_H
#define MDCTL_UUID_H
#include <stdint.h>
#include <stdbool.h>
/* "xxxxxxxx:xxxxxxxx:xxxxxxxx:xxxxxxxx" (mdadm style); sep ':' or '-' (then
 * standard 8-4-4-4-12 form when sep == '-'). out needs 37 bytes. */
void uuid_format(const uint8_t u[16], char sep, char out[37]);
/* Accepts 32 hex digits with any of ':', '-', '.', ' ' between them. */
int uuid_parse(const char *s, uint8_t u[16]);
/* 16 random bytes from getrandom(); returns 0 or -1 (errno). Not pure, but tiny. */
int uuid_generate(uint8_t u[16]);
bool uuid_is_zero(const uint8_t u[16]);
#endif
