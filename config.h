/* The config file (mdctl.conf(5), compatible with mdadm.conf(5)).
 * config.c turns text into a struct mdconf and does no I/O: unit tests and
 * the fuzzer call conf_parse() directly. config_file.c finds and reads the file. */
#ifndef MDCTL_CONFIG_H
#define MDCTL_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONF_PATH_MAX 256

/* One ARRAY line. Strings are "" when not given, numbers -1. */
struct conf_array {
	int line;                       /* line number where the ARRAY line starts */
	char devname[CONF_PATH_MAX];    /* "/dev/md/home", "/dev/md0", or "" */
	bool ignore;                    /* devname "<ignore>" */
	bool has_uuid;
	uint8_t uuid[16];
	char name[33];                  /* name= (set_name, may carry "host:") */
	char devices[1024];             /* devices= as written: comma-separated globs */
	int level;                      /* LEVEL_* from levels.h, LEVEL_UNKNOWN if not given */
	int raid_disks;                 /* num-devices= */
	int spares;                     /* spares= */
	char metadata[16];              /* metadata= */
	char spare_group[64];           /* spare-group= */
};

enum conf_homehost { HH_SYSTEM, HH_NONE, HH_IGNORE, HH_NAME };

/* AUTO: ordered tokens, first match wins ("+1.x", "-all", "homehost"...). */
#define CONF_MAX_AUTO 16

struct mdconf {
	/* DEVICE lines: globs in order; "partitions" and "containers" as flags. */
	char **devices;
	int ndevices;
	bool device_partitions, device_containers;
	bool has_device_line;           /* false: default is "partitions" */

	struct conf_array *arrays;
	int narrays;

	enum conf_homehost homehost;
	char homehost_name[64];         /* HH_NAME */

	char auto_tok[CONF_MAX_AUTO][16];
	int nauto;

	/* CREATE */
	char create_owner[32], create_group[32];
	int create_mode;                /* -1 not given */
	int create_names;               /* -1 not given, 0 no, 1 yes */

	char mailaddr[CONF_PATH_MAX];
	char mailfrom[CONF_PATH_MAX];
	char program[CONF_PATH_MAX];

	/* POLICY lines, kept as text (one per line, continuations joined). */
	char **policies;
	int npolicies;

	char **part_policies;           /* PART-POLICY lines, as POLICY */
	int npart_policies;
	int monitor_delay;              /* MONITORDELAY seconds, -1 not given */
};

/* Parse a whole config text (need not be NUL-terminated). Each malformed line
 * or word is reported on err (if non-NULL) as one line
 * "mdctl: FILE:LINE: <problem>" and skipped; the rest still applies.
 * Returns the number of problems reported (0 = clean), or -1 on out of memory.
 * c is always initialised and must be released with conf_free(). */
int conf_parse(const char *text, size_t len, const char *filename, struct mdconf *c, FILE *err);
void conf_free(struct mdconf *c);
/* An empty config (what conf_parse starts from). conf_free() leaves c like this. */
void conf_init(struct mdconf *c);
/* conf_parse() without the reset: adds this text's lines to c, which must
 * have been initialised (conf_init/conf_parse). conf_load() uses it to read
 * several files into one config. Same return values as conf_parse(). */
int conf_parse_append(const char *text, size_t len, const char *filename, struct mdconf *c,
		      FILE *err);

/* The ARRAY line for an array with this uuid (or, when no line has a uuid
 * that matches, with this devname), or NULL. */
const struct conf_array *conf_find_array(const struct mdconf *c, const uint8_t uuid[16],
					 const char *devname);

/* AUTO decision for metadata "1.x" (version string such as "1.2") of an array
 * that is ours (homehost matches) or not: true = may auto-assemble. */
bool conf_auto_allows(const struct mdconf *c, const char *metadata, bool is_local);

/* ---- config_file.c (I/O) ---- */
/* Load the config: path == NULL → the persona's default files (persona.h:
 * mdctl's /etc/mdctl.conf, else /etc/mdadm/mdadm.conf, else /etc/mdadm.conf;
 * mdadm's with their ".d" directories); all missing is an empty config; "none" → empty
 * config; "partitions" → empty config with DEVICE partitions; a directory →
 * every *.conf in it in name order; otherwise that file, which must exist.
 * Returns the number of problems reported on stderr (malformed lines), or -1
 * (printed) when the named file cannot be read. */
int conf_load(const char *path, struct mdconf *c);
/* Bigger files are refused ("config file too large"). On -1 c is empty. */
#define CONF_FILE_MAX (1u << 20)
#endif
