/* The command line (cli.c): option ids, and parsing argv into struct options.
 * Which mode takes which option is data in mdctl.c. */
#ifndef MDCTL_CLI_H
#define MDCTL_CLI_H
#include "modes.h"

/* Option ids: an option's short letter where it has one, else one of these.
 * Short letters that mean different things per mode are resolved to the id
 * of their meaning (-c: OPT_CHUNK or OPT_CONFIG, -a, -b, -f, -m, -p, -r, -W). */
enum {
	OPT_ZERO = 1000, OPT_ASSUME_CLEAN, OPT_HOMEHOST, OPT_BITMAP_CHUNK, OPT_WRITE_BEHIND,
	OPT_DATA_OFFSET, OPT_LBS, OPT_BACKUP, OPT_ACTION, OPT_YES, OPT_MANAGE, OPT_MISC,
	OPT_ADD_SPARE, OPT_ADD_JOURNAL, OPT_RE_ADD, OPT_REPLACE, OPT_WITH, OPT_WRITE_MOSTLY, OPT_READWRITE_MEMBER,
	OPT_FAILFAST, OPT_NOFAILFAST, OPT_AUTO, OPT_CONTINUE, OPT_CHUNK, OPT_CONFIG,
	OPT_BITMAP, OPT_BRIEF, OPT_FAIL, OPT_FORCE, OPT_INCREMENT, OPT_DAEMONISE, OPT_PROGRAM, OPT_JSON,
	OPT_DUMP, OPT_RESTORE, OPT_EXAMINE_BB, OPT_SUPER_MINOR, OPT_NO_DEGRADED, OPT_WAIT_CLEAN,
	OPT_REBUILD_MAP, OPT_WRITE_ZEROES, OPT_UNSUPPORTED, OPT_NO_DEVICES, OPT_OFFROOT, OPT_PATH, OPT_WRITE_JOURNAL, OPT_UDEV_RULES,
	OPT_SPARC22, OPT_COUNT
};

/* How each option given was spelled ("--bitmap", "-b"; "" not given), by id. */
struct given {
	char as[OPT_COUNT][32];
};

/* Fills o and g. Returns 0 to run, 1 to exit 0 (--help, --version), -1 on a
 * bad option (printed; exit 2). */
int cli_parse(int argc, char **argv, struct options *o, struct given *g, const char *usage);
#endif
