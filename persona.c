/* The two personas (persona.h). mdadm's paths are those of Debian's mdadm
 * 4.6 (/run/mdadm, /etc/mdadm/mdadm.conf then /etc/mdadm.conf, each with its
 * ".d" directory as mdadm.conf(5) describes). */
#include "persona.h"
#include <stdio.h>
#include <string.h>

#ifndef MDCTL_VERSION
#define MDCTL_VERSION "0"  /* the fuzzers build the format layer alone */
#endif

static const struct persona mdctl_persona = {
	.prog = "mdctl", .mdadm = false, .run_dir = "/run/mdctl", .run_dir_mode = 0700,
	.conf_files = { "/etc/mdctl.conf", "/etc/mdadm/mdadm.conf", "/etc/mdadm.conf" },
};

static const struct persona mdadm_persona = {
	.prog = "mdadm", .mdadm = true, .run_dir = "/run/mdadm", .run_dir_mode = 0755,
	.conf_files = { "/etc/mdadm/mdadm.conf", "/etc/mdadm.conf" },
	.conf_dirs = { "/etc/mdadm/mdadm.conf.d", "/etc/mdadm.conf.d" },
};

/* Set once at start-up with the options; read-only afterwards. */
static const struct persona *current = &mdctl_persona;

void persona_choose(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;
	base = base ? base + 1 : argv0;
	current = base && !strcmp(base, "mdadm") ? &mdadm_persona : &mdctl_persona;
}

const struct persona *persona(void) { return current; }

const char *persona_version(char *buf, unsigned n)
{
	/* mdadm's shape, so version checks (libblockdev: "mdadm - v([\d.]+)")
	 * match, and then the name of what really runs */
	if (current->mdadm)
		snprintf(buf, n, "mdadm - v4.6 - mdctl %s", MDCTL_VERSION);
	else
		snprintf(buf, n, "mdctl - v%s", MDCTL_VERSION);
	return buf;
}
