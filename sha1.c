/* SHA-1 written from FIPS 180-4 section 6.1 (the algorithm is public
 * domain). Used only to match mdadm's homehost hash in 0.90 UUIDs. */
#include "sha1.h"
#include <string.h>

static uint32_t rol(uint32_t x, int n) { return x << n | x >> (32 - n); }

static void block(struct sha1_ctx *c, const uint8_t *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = c->h[0], b = c->h[1], d3 = c->h[2], d = c->h[3], e = c->h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & d3) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ d3 ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & d3) | (b & d) | (d3 & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ d3 ^ d;
			k = 0xca62c1d6;
		}
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = d3;
		d3 = rol(b, 30);
		b = a;
		a = tmp;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += d3;
	c->h[3] += d;
	c->h[4] += e;
}

void sha1_init(struct sha1_ctx *c)
{
	static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->fill = 0;
}

void sha1_update(struct sha1_ctx *c, const void *data, size_t n)
{
	const uint8_t *p = data;
	c->len += n;
	while (n) {
		size_t take = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->buf + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill == 64) {
			block(c, c->buf);
			c->fill = 0;
		}
	}
}

void sha1_final(struct sha1_ctx *c, uint8_t out[20])
{
	uint64_t bits = c->len * 8;
	uint8_t pad = 0x80, zero = 0, lenb[8];
	sha1_update(c, &pad, 1);
	while (c->fill != 56)
		sha1_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenb[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_update(c, lenb, 8);
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(c->h[i] >> (24 - 8 * j));
}

void sha1(const void *data, size_t n, uint8_t out[20])
{
	struct sha1_ctx c;
	sha1_init(&c);
	sha1_update(&c, data, n);
	sha1_final(&c, out);
}
