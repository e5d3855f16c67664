/* One line of the incremental map (mapfile.h). Pure. */
#include "mapfile.h"
#include "uuid.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* md.c md_alloc_and_put() names: "mdN"; add_named_array(): "md_NAME". */
bool map_kname_ok(const char *k)
{
	size_t n = strlen(k);
	if (n < 3 || n >= 32 || strncmp(k, "md", 2) != 0)
		return false;
	if (k[2] == '_') {
		if (n < 4)
			return false;
		for (size_t i = 3; i < n; i++) {
			char c = k[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '_' || c == '.' || c == '-' || c == '+'))
				return false;
		}
		return true;
	}
	if (n > 12)
		return false;
	for (size_t i = 2; i < n; i++)
		if (k[i] < '0' || k[i] > '9')
			return false;
	return true;
}

static bool metadata_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      *s == '.' || *s == '-' || *s == '_' || *s == ':' || *s == '/'))
			return false;
	return true;
}

/* Absolute, no whitespace or control bytes (the line is space-separated). */
static bool path_ok(const char *s)
{
	if (s[0] != '/')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

/* mdadm writes the uuid as four host-order 32-bit words ("%08x:" each of the
 * bytes read as an int): on x86 each group of four bytes is reversed against
 * --detail's UUID. The same swap both ways; the identity on big-endian. */
static void uuid_host_words(uint8_t u[16])
{
	for (int i = 0; i < 16; i += 4) {
		uint32_t v = (uint32_t)u[i] << 24 | (uint32_t)u[i + 1] << 16 | (uint32_t)u[i + 2] << 8 | u[i + 3];
		memcpy(u + i, &v, 4);
	}
}

void map_uuid_text(const uint8_t uuid[16], char out[37])
{
	uint8_t words[16];
	memcpy(words, uuid, 16);
	uuid_host_words(words);
	uuid_format(words, ':', out);
}

int map_uuid_from_text(const char *s, uint8_t uuid[16])
{
	if (uuid_parse(s, uuid) < 0)
		return -1;
	uuid_host_words(uuid);  /* swapping each word back */
	return 0;
}

/* The uuid field as we write it: four groups of 8 hex digits and ':'. */
static bool uuid_field_ok(const char *s)
{
	if (strlen(s) != 35)
		return false;
	for (int i = 0; i < 35; i++) {
		bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
			   (s[i] >= 'A' && s[i] <= 'F');
		if (i % 9 == 8 ? s[i] != ':' : !hex)
			return false;
	}
	return true;
}

int map_line_parse(const char *line, size_t len, struct map_ent *e)
{
	char f[4][MAP_PATH_MAX];
	const size_t cap[4] = { sizeof(e->kname), sizeof(e->metadata), 36, sizeof(e->path) };
	size_t i = 0;
	int nf = 0;
	if (len && line[len - 1] == '\n')
		len--;
	if (len > MAP_LINE_MAX)
		return -1;
	memset(e, 0, sizeof(*e));
	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		if (nf == 4)
			return -1;
		size_t s = i;
		while (i < len && line[i] != ' ' && line[i] != '\t') {
			if (line[i] == '\0' || line[i] == '\n')
				return -1;
			i++;
		}
		if (i - s >= cap[nf])
			return -1;
		memcpy(f[nf], line + s, i - s);
		f[nf][i - s] = '\0';
		nf++;
	}
	if (nf != 4 || !map_kname_ok(f[0]) || !metadata_ok(f[1]) || !uuid_field_ok(f[2]) || !path_ok(f[3]) ||
	    uuid_parse(f[2], e->uuid) < 0)
		return -1;
	uuid_host_words(e->uuid);
	memcpy(e->kname, f[0], strlen(f[0]) + 1);
	memcpy(e->metadata, f[1], strlen(f[1]) + 1);
	memcpy(e->path, f[3], strlen(f[3]) + 1);
	return 0;
}

int map_line_format(const struct map_ent *e, char *out, size_t n)
{
	char u[37];
	if (!memchr(e->kname, 0, sizeof(e->kname)) || !memchr(e->metadata, 0, sizeof(e->metadata)) ||
	    !memchr(e->path, 0, sizeof(e->path)) || !map_kname_ok(e->kname) || !metadata_ok(e->metadata) ||
	    !path_ok(e->path))
		return -1;
	map_uuid_text(e->uuid, u);
	int r = snprintf(out, n, "%s %s %s %s\n", e->kname, e->metadata, u, e->path);
	if (r < 0 || (size_t)r >= n || (size_t)r - 1 > MAP_LINE_MAX)
		return -1;
	return r;
}
