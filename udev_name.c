/* Safe names for /dev/md/ links and udev properties (see udev_name.h).
 * The allowed set is small on purpose: udev's IMPORT{program} reads
 * KEY=VALUE lines and rules substitute values into SYMLINK+= and unit names,
 * so quotes, '$', '%', '\\', '/', whitespace and control bytes never pass. */
#include "udev_name.h"
#include <stdio.h>
#include <string.h>

static bool safe_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '+' || c == '-' || c == ':';
}

static bool name_ok(const char *s, size_t max)
{
	size_t i;
	if (!s || !s[0] || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; s[i]; i++)
		if (i >= max || !safe_byte((unsigned char)s[i]))
			return false;
	return true;
}

bool udev_name_ok(const char *s) { return name_ok(s, UDEV_NAME_MAX); }
bool udev_value_ok(const char *s) { return name_ok(s, UDEV_VALUE_MAX); }

bool udev_path_ok(const char *path)
{
	char comp[UDEV_NAME_MAX + 1];
	const char *p = path;
	if (!p || !*p || strlen(p) > UDEV_PATH_MAX)
		return false;
	if (*p == '/')
		p++;
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n > UDEV_NAME_MAX)
			return false;
		memcpy(comp, p, n);
		comp[n] = '\0';
		if (!udev_name_ok(comp))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

int udev_name_from_disk(const char *name, size_t len, char *out, size_t n)
{
	char buf[UDEV_NAME_MAX + 1];
	size_t i;
	if (n)
		out[0] = '\0';
	for (i = 0; i < len && name[i]; i++) {
		if (i >= UDEV_NAME_MAX)
			return -1;
		char c = name[i];
		buf[i] = c == ' ' ? '_' : c == '/' ? '-' : c;
	}
	buf[i] = '\0';
	if (!udev_name_ok(buf) || i >= n)
		return -1;
	memcpy(out, buf, i + 1);
	return 0;
}

void md_link_name_for(const char *set_name, size_t len, const char *homehost, bool ignore_host,
		      struct md_link_name *out)
{
	char name[UDEV_NAME_MAX + 1];
	size_t n = 0;
	while (n < len && n < UDEV_NAME_MAX && set_name[n])
		n++;
	memcpy(name, set_name, n);
	name[n] = '\0';
	memset(out, 0, sizeof(*out));

	const char *colon = strchr(name, ':');
	const char *base = name;
	size_t hl = homehost ? strlen(homehost) : 0;
	if (ignore_host) {
		if (colon)
			base = colon + 1;
	} else if (colon && hl && (size_t)(colon - name) == hl && !memcmp(name, homehost, hl)) {
		base = colon + 1;
	} else {
		/* mdadm's convention: HOST:NAME keeps its host as the marker of a
		 * stranger; a bare NAME gets a suffix so it cannot take a local
		 * array's link. */
		out->foreign = true;
		out->needs_suffix = !colon;
	}
	(void)udev_name_from_disk(base, strlen(base), out->link, sizeof(out->link));
	/* A stranger's "HOST:NAME" keeps its host, so NAME must be a name too:
	 * "host:.." would otherwise pass as one word. */
	const char *after = strchr(out->link, ':');
	if (after && !udev_name_ok(after + 1))
		out->link[0] = '\0';
}

int udev_export_line(char *out, size_t n, const char *key, const char *value)
{
	size_t k;
	for (k = 0; key[k]; k++)
		if (k >= 31 || !((key[k] >= 'A' && key[k] <= 'Z') || key[k] == '_'))
			return -1;
	if (!k || !udev_value_ok(value))
		return -1;
	int r = snprintf(out, n, "%s=%s\n", key, value);
	return r < 0 || (size_t)r >= n ? -1 : r;
}
