/* libFuzzer target for config.c. Any input is a config file: conf_parse must
 * not crash, must count exactly one report line "mdctl: fuzz:N: ..." per
 * problem, must leave every string NUL-terminated inside its field, and
 * parsing the same text twice into one config must double what it collects.
 * The lookups and the AUTO decision run on whatever was parsed. */
#include "config.h"
#include "levels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TERMINATED(f) do { if (!memchr((f), 0, sizeof(f))) abort(); } while (0)

/* Lines in out: each "mdctl: fuzz:<digits>: <printable text>". */
static int count_reports(const char *out, size_t n)
{
	int lines = 0;
	for (size_t i = 0; i < n; lines++) {
		const char *s = out + i, *nl = memchr(s, '\n', n - i);
		if (!nl || strncmp(s, "mdctl: fuzz:", 12))
			abort();
		const char *p = s + 12;
		if (*p < '1' || *p > '9')
			abort();
		while (*p >= '0' && *p <= '9')
			p++;
		if (p[0] != ':' || p[1] != ' ')
			abort();
		for (; p < nl; p++)
			if (*p < 0x20 || *p > 0x7e)
				abort();
		i = (size_t)(nl - out) + 1;
	}
	return lines;
}

static void check_conf(const struct mdconf *c)
{
	if (c->ndevices < 0 || c->narrays < 0 || c->npolicies < 0 || c->npart_policies < 0 ||
	    c->nauto < 0 || c->nauto > CONF_MAX_AUTO)
		abort();
	for (int i = 0; i < c->ndevices; i++)
		if (!c->devices[i] || c->devices[i][0] != '/' || strlen(c->devices[i]) >= CONF_PATH_MAX)
			abort();
	for (int i = 0; i < c->npolicies; i++)
		if (!c->policies[i])
			abort();
	for (int i = 0; i < c->npart_policies; i++)
		if (!c->part_policies[i])
			abort();
	for (int i = 0; i < c->nauto; i++) {
		TERMINATED(c->auto_tok[i]);
		const char *t = c->auto_tok[i];
		if (strcmp(t, "homehost") && t[0] != '+' && t[0] != '-')
			abort();
		for (; *t; t++)
			if (*t >= 'A' && *t <= 'Z')
				abort();
	}
	TERMINATED(c->homehost_name);
	TERMINATED(c->create_owner);
	TERMINATED(c->create_group);
	TERMINATED(c->mailaddr);
	TERMINATED(c->mailfrom);
	TERMINATED(c->program);
	if (c->create_mode < -1 || c->create_mode > 07777 || c->create_names < -1 || c->create_names > 1)
		abort();
	if (c->homehost == HH_NAME && !c->homehost_name[0])
		abort();
	for (int i = 0; i < c->narrays; i++) {
		const struct conf_array *a = &c->arrays[i];
		TERMINATED(a->devname);
		TERMINATED(a->name);
		TERMINATED(a->devices);
		TERMINATED(a->metadata);
		TERMINATED(a->spare_group);
		if (a->line < 1 || a->raid_disks < -1 || a->spares < -1)
			abort();
		if (a->level != LEVEL_UNKNOWN && strcmp(level_name(a->level), "unknown") == 0)
			abort();
		/* the lookups find this line or an earlier one that matches as well */
		const struct conf_array *f = conf_find_array(c, a->has_uuid ? a->uuid : NULL, a->devname);
		if (a->has_uuid && (!f || !f->has_uuid || memcmp(f->uuid, a->uuid, 16) || f > a))
			abort();
		if (!a->has_uuid && a->devname[0] && (!f || f > a))
			abort();
	}
	static const char *const md[] = { "1.2", "1.0", "0.90", "imsm", "ddf", NULL };
	for (int i = 0; i < 6; i++) {
		conf_auto_allows(c, md[i], true);
		conf_auto_allows(c, md[i], false);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdconf c;
	char *out = NULL;
	size_t n = 0;
	FILE *err = open_memstream(&out, &n);
	if (!err)
		abort();
	int rc = conf_parse((const char *)data, size, "fuzz", &c, err);
	fclose(err);
	if (rc < 0 || count_reports(out, n) != rc)
		abort();
	free(out);
	check_conf(&c);

	/* the same text again: twice the lines, arrays and devices */
	int narrays = c.narrays, ndevices = c.ndevices, npol = c.npolicies;
	if (conf_parse_append((const char *)data, size, "fuzz", &c, NULL) < 0)
		abort();
	if (c.narrays != 2 * narrays || c.ndevices != 2 * ndevices || c.npolicies != 2 * npol)
		abort();
	check_conf(&c);
	conf_free(&c);
	conf_free(&c);
	return 0;
}
