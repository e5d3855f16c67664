/* libFuzzer target for udev_name.c (and the map line codec, map_line.c).
 * The input is a superblock's set_name (or anything): whatever comes out as a
 * /dev/md/ link name or a udev property must be made of the safe bytes only,
 * never ".", "..", empty, or starting with '-'/'.'; a map line that parses
 * must format back and parse to the same entry. abort() on any breach. */
#include "mapfile.h"
#include "udev_name.h"
#include <stdlib.h>
#include <string.h>

static void check_safe(const char *s, size_t max, int may_be_empty)
{
	size_t n = strnlen(s, max + 1);
	if (n > max)
		abort();
	if (n == 0) {
		if (!may_be_empty)
			abort();
		return;
	}
	if (s[0] == '.' || s[0] == '-')
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '+' || c == '-' || c == ':'))
			abort();
	}
}

static void fuzz_names(const uint8_t *data, size_t size)
{
	char out[UDEV_NAME_MAX + 1];
	/* set_name is 32 bytes on disk, not always NUL-terminated */
	size_t len = size < 40 ? size : 40;
	if (udev_name_from_disk((const char *)data, len, out, sizeof(out)) == 0) {
		check_safe(out, UDEV_NAME_MAX, 0);
		if (!udev_name_ok(out))
			abort();
	} else if (out[0]) {
		abort();
	}

	/* The first byte splits the rest into a homehost and a set_name. */
	if (size < 1)
		return;
	size_t hl = data[0] % 40;
	if (hl > size - 1)
		hl = size - 1;
	char host[41];
	memcpy(host, data + 1, hl);
	host[hl] = '\0';
	const char *name = (const char *)data + 1 + hl;
	size_t nl = size - 1 - hl;
	struct md_link_name ln;
	for (int ignore = 0; ignore < 2; ignore++) {
		md_link_name_for(name, nl < 33 ? nl : 33, host, ignore, &ln);
		check_safe(ln.link, UDEV_NAME_MAX, 1);
		if (ln.link[0] && !udev_name_ok(ln.link))
			abort();
		if (ignore && ln.foreign)
			abort();
	}

	char line[160];
	char val[UDEV_VALUE_MAX + 8];
	size_t vl = size - 1 < sizeof(val) - 1 ? size - 1 : sizeof(val) - 1;
	memcpy(val, data + 1, vl);
	val[vl] = '\0';
	int r = udev_export_line(line, sizeof(line), "MD_DEVNAME", val);
	if (r >= 0) {
		if ((size_t)r != strlen(line) || strncmp(line, "MD_DEVNAME=", 11) || line[r - 1] != '\n')
			abort();
		line[r - 1] = '\0';
		check_safe(line + 11, UDEV_VALUE_MAX, 0);
	}
}

static void fuzz_map_line(const uint8_t *data, size_t size)
{
	struct map_ent e, back;
	char out[MAP_LINE_MAX + 2];
	if (map_line_parse((const char *)data, size, &e) < 0)
		return;
	if (!memchr(e.kname, 0, sizeof(e.kname)) || !memchr(e.path, 0, sizeof(e.path)) ||
	    !map_kname_ok(e.kname))
		abort();
	int n = map_line_format(&e, out, sizeof(out));
	if (n <= 0 || out[n - 1] != '\n' || memchr(out, '\n', (size_t)n - 1))
		abort();
	if (map_line_parse(out, (size_t)n, &back) < 0 || memcmp(&e, &back, sizeof(e)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_names(data, size);
	fuzz_map_line(data, size);
	return 0;
}
