/* Array names (names.h): set_name for a new array, the short name of a
 * running one, and the kernel name an md device argument stands for. */
#include "names.h"
#include "mdio.h"
#include "msg.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void homehost_get(const char *h, char *out, size_t n)
{
	if (h && (!strcmp(h, "<none>") || !strcmp(h, "<ignore>"))) {
		out[0] = '\0';
		return;
	}
	if (h && strcmp(h, "<system>") != 0) {
		snprintf(out, n, "%s", h);
		return;
	}
	char host[256];
	if (gethostname(host, sizeof(host)) < 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	char *dot = strchr(host, '.');
	if (dot)
		*dot = '\0';
	snprintf(out, n, "%s", host);
}

static const char *name_from_mddev(const char *mddev, char *buf, size_t n)
{
	const char *s = mddev;
	if (!strncmp(s, "/dev/", 5))
		s += 5;
	if (!strncmp(s, "md/", 3))
		s += 3;
	else if (!strncmp(s, "md_", 3))
		s += 3;
	else if (!strncmp(s, "md", 2))
		s += 2;
	snprintf(buf, n, "%s", s);
	return buf;
}

int array_name_for_create(const char *given, const char *homehost, const char *mddev, char out[33])
{
	char base[256], host[256], full[600];
	const char *name = given ? given : name_from_mddev(mddev, base, sizeof(base));
	for (const char *p = name; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == '/' || *p == '"' || *p == '\'' || *p == '\\' ||
		    (unsigned char)*p == 0x7f) {
			pr_err("array name '%s' contains a character not allowed in a name", name);
			return -1;
		}
	}
	if (!*name) {
		pr_err("array name is empty");
		return -1;
	}
	homehost_get(homehost, host, sizeof(host));
	if (host[0] && !strchr(name, ':'))
		snprintf(full, sizeof(full), "%s:%s", host, name);
	else
		snprintf(full, sizeof(full), "%s", name);
	if (strlen(full) > 32) {
		/* mdadm drops the host part rather than refuse; only the name must fit */
		if (strlen(name) > 32) {
			pr_err("array name '%s' is longer than 32 bytes", name);
			return -1;
		}
		snprintf(full, sizeof(full), "%s", name);
	}
	memcpy(out, full, strlen(full) + 1);
	return 0;
}

void array_short_name(const char *homehost, const char *set_name, char *out, size_t n)
{
	char host[256];
	const char *colon = strchr(set_name, ':');
	homehost_get(homehost, host, sizeof(host));
	if (colon && (size_t)(colon - set_name) == strlen(host) && !strncmp(set_name, host, strlen(host)))
		snprintf(out, n, "%s", colon + 1);
	else
		snprintf(out, n, "%s", set_name);
}

int md_kname_for(const char *mddev, char *kname, size_t n)
{
	if (md_resolve_name(mddev, kname, n) == 0)
		return 0;
	const char *s = mddev;
	if (!strncmp(s, "/dev/", 5))
		s += 5;
	if (!strncmp(s, "md/", 3) && s[3] && !strchr(s + 3, '/'))
		return md_pick_free(kname, n);
	pr_err("%s is not an md device name (use /dev/mdN or /dev/md/NAME)", mddev);
	return -1;
}
