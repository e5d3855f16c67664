/* Who mdctl is this time: itself, or mdadm (called by that name, as udev
 * rules, initramfs builders and libblockdev call it). The difference is data
 * (names, paths, version line, safety prompts), never a second code path. */
#ifndef MDCTL_PERSONA_H
#define MDCTL_PERSONA_H
#include <stdbool.h>

struct persona {
	const char *prog;        /* message prefix: "mdctl" or "mdadm" */
	bool mdadm;              /* mdadm 4.6's dialect */
	const char *run_dir;     /* the map and the creating markers */
	unsigned run_dir_mode;   /* as each tool creates it */
	/* config files tried in order when no --config is given, each with the
	 * directory read after it (NULL: none); see config_file.c */
	const char *conf_files[3];
	const char *conf_dirs[3];
};

/* Chosen once, from the program's name (the basename of argv[0]), before
 * anything is printed; mdctl's own persona until then. */
void persona_choose(const char *argv0);
const struct persona *persona(void);
/* The --version line, without its newline (printed on stderr, as mdadm does). */
const char *persona_version(char *buf, unsigned n);
#endif
