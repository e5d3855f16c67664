/* UUIDs: parsing, mdadm-style formatting, generating (uuid.h). */
#include "uuid.h"
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <sys/random.h>

void uuid_format(const uint8_t u[16], char sep, char out[37])
{
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (sep == ':' && i && i % 4 == 0)
			*p++ = ':';
		if (sep == '-' && (i == 4 || i == 6 || i == 8 || i == 10))
			*p++ = '-';
		p += sprintf(p, "%02x", u[i]);
	}
	*p = '\0';
}

int uuid_parse(const char *s, uint8_t u[16])
{
	int n = 0, hi = -1;
	for (; *s; s++) {
		if (strchr(":-. ", *s))
			continue;
		if (!isxdigit((unsigned char)*s) || n >= 16)
			return -1;
		int v = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10);
		if (hi < 0) {
			hi = v;
		} else {
			u[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n == 16 && hi < 0 ? 0 : -1;
}

int uuid_generate(uint8_t u[16])
{
	size_t got = 0;
	while (got < 16) {
		ssize_t r = getrandom(u + got, 16 - got, 0);
		if (r < 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

bool uuid_is_zero(const uint8_t u[16])
{
	static const uint8_t zero[16];
	return memcmp(u, zero, 16) == 0;
}
