/* SHA-1 (FIPS 180-4), for the homehost part of 0.90 array UUIDs. Pure. */
#ifndef MDCTL_SHA1_H
#define MDCTL_SHA1_H
#include <stddef.h>
#include <stdint.h>

struct sha1_ctx {
	uint32_t h[5];
	uint64_t len;                   /* bytes hashed */
	uint8_t buf[64];
	size_t fill;
};
void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t n);
void sha1_final(struct sha1_ctx *c, uint8_t out[20]);
/* One-shot. */
void sha1(const void *data, size_t n, uint8_t out[20]);
#endif
