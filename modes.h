/* Between the command line and the modes: struct options, filled once by
 * cli.c and read-only after, and each mode's entry point (mdctl.c dispatches). */
#ifndef MDCTL_MODES_H
#define MDCTL_MODES_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "msg.h"

enum mode {
	MODE_NONE, MODE_CREATE, MODE_ASSEMBLE, MODE_BUILD, MODE_MANAGE, MODE_MISC,
	MODE_GROW, MODE_INCREMENTAL, MODE_MONITOR,
};

/* Misc sub-actions (mdadm's "misc mode"). */
enum misc_op {
	MISC_NONE, MISC_EXAMINE, MISC_EXAMINE_BITMAP, MISC_DETAIL, MISC_QUERY, MISC_STOP,
	MISC_ZERO_SUPERBLOCK, MISC_WAIT,
	MISC_ACTION, MISC_DUMP, MISC_RESTORE, MISC_EXAMINE_BADBLOCKS, MISC_WAIT_CLEAN,
	MISC_RUN,                       /* --run MD...: start inactive arrays */
	MISC_UDEV_RULES,                /* --udev-rules[=FILE] (udev_rules.c) */
};

#define MAX_DEVS 384

/* What the option before a device asks for it (manage, create, incremental). */
enum dev_op {
	DEV_NONE,
	DEV_ADD,                /* --add, -a */
	DEV_ADD_SPARE,          /* --add-spare */
	DEV_ADD_JOURNAL,        /* --add-journal */
	DEV_READD,              /* --re-add */
	DEV_REMOVE,             /* --remove, -r */
	DEV_FAIL,               /* --fail, -f */
	DEV_REPLACE,            /* --replace */
	DEV_WITH,               /* --with */
	DEV_WRITEMOSTLY,        /* --write-mostly */
	DEV_NOT_WRITEMOSTLY,    /* --readwrite-member, -w */
	DEV_FAILFAST,           /* --failfast */
	DEV_NOFAILFAST,         /* --nofailfast */
};

struct devarg {
	const char *name;      /* as given, or "missing" */
	enum dev_op op;
	bool write_mostly;     /* --add -W DEV: added write-mostly (mdadm's modifier) */
};

struct options {
	enum mode mode;
	enum misc_op misc;
	const char *mddev;              /* /dev/mdX or /dev/md/NAME, or NULL */
	char mddev_path[64];            /* a bare NAME's /dev/md/NAME (mddev then points here) */
	struct devarg devs[MAX_DEVS];
	int ndevs;

	/* create / grow geometry; -1 / 0 = not given */
	int level;                      /* LEVEL_UNKNOWN when not given */
	int raid_disks, spare_disks;
	uint64_t chunk_kib;             /* 0 = default */
	const char *layout;             /* raw, parsed per level */
	uint64_t size_kib;              /* 0 = max; --size */
	bool size_max;
	uint64_t array_size_kib;
	const char *metadata;           /* "1.2", "1.0", "1.1", "1", "default" */
	const char *name;
	const char *uuid;
	const char *homehost;
	const char *bitmap;             /* none|internal|llbitmap|lockless */
	const char *consistency;        /* --consistency-policy/-k, NULL: not given */
	const char *write_journal;      /* --write-journal DEV, NULL: none */
	uint64_t bitmap_chunk_bytes;
	int delay;                      /* bitmap daemon sleep, seconds */
	int write_behind;
	uint64_t data_offset_sectors;
	uint64_t logical_block_size;
	const char *config;
	const char *backup_file;
	const char *action;             /* --action */
	const char *update;             /* --update */
	const char *dump_dir;           /* --dump */
	const char *restore_from;       /* --restore: a directory or a dump file */
	const char *udev_rules_file;    /* --udev-rules=FILE, NULL: stdout */

	/* monitor */
	const char *mail;               /* --mail */
	const char *program;            /* --program / --alert */
	const char *pid_file;
	int increment;                  /* --increment: RebuildNN step, 0 = default */
	bool oneshot, daemonise, syslog;
	bool continue_;                 /* --grow --continue */
	int super_minor;                /* --assemble --super-minor (0.90); -1 not given */
	bool no_degraded;               /* --assemble --scan --no-degraded */
	bool rebuild_map;               /* --incremental --rebuild-map */
	bool write_zeroes;              /* --create --write-zeroes */

	bool assume_clean, force, run, readonly, readwrite, yes;
	bool brief, scan, export_, test, wait_;
	bool json;                      /* --json: typed JSON instead of text */
	bool no_devices;                /* --detail --no-devices: no member lines */
	bool sparc22;                   /* --examine --sparc2.2: 0.90 as SPARC 2.2 wrote it */
	bool offroot;                   /* -I --offroot (mdadm's udev rule; see mdctl(8)) */
	const char *fail_path;          /* -If --path: the gone device's ID_PATH */
	int verbose;                    /* -1 quiet, 0 normal, >0 verbose */
};


/* Mode entry points: return the process exit status. */
int mode_create(const struct options *o);
int mode_assemble(const struct options *o);
int mode_assemble_scan(const struct options *o);     /* --assemble --scan (assemble_scan.c) */
int mode_build(const struct options *o);             /* --build (build.c) */
int mode_manage(const struct options *o);
int mode_grow(const struct options *o);
int mode_examine(const struct options *o);
int mode_examine_bitmap(const struct options *o);
int mode_examine_badblocks(const struct options *o);  /* examine_badblocks.c */
int mode_detail(const struct options *o);
int mode_query(const struct options *o);
int mode_stop(const struct options *o);
int mode_zero_superblock(const struct options *o);
int mode_action(const struct options *o);
int mode_wait(const struct options *o);
int mode_dump(const struct options *o);             /* dump.c */
int mode_restore(const struct options *o);          /* restore.c */
int mode_monitor(const struct options *o);
int mode_incremental(const struct options *o);
int mode_run(const struct options *o);               /* --run MD... (manage.c) */
int mode_udev_rules(const struct options *o);        /* --udev-rules (udev_rules.c) */
int mode_wait_clean(const struct options *o);        /* --wait-clean (sync_ops.c) */
#endif
