/* mdctl: the command line into one struct (cli.c), the rules of which mode
 * takes which option (data, below), and one dispatch table. */
#include "cli.h"
#include "modes.h"
#include "persona.h"
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
"Usage: mdctl MODE [OPTIONS] [MD-DEVICE] [DEVICES...]\n"
"\n"
"Modes:\n"
"  -C, --create MD -l LEVEL -n N DEVS...   create a new array and start it\n"
"  -A, --assemble MD DEVS...               assemble and start an existing array\n"
"  -A, --scan [--config FILE]              assemble the config's arrays, or all found\n"
"  -B, --build MD -l LEVEL -n N DEVS...    start a legacy array without superblocks\n"
"                                          (linear, raid0, raid1, raid10; writes nothing)\n"
"      MD --add|--add-spare|--re-add|--remove|--fail|--replace DEVS... [--with DEV]\n"
"                                          manage the members of a running array\n"
"      MD --add-journal DEV                  a new write journal for a read-only raid4/5/6\n"
"      --action=check|repair|idle|frozen MD   start or stop a sync action\n"
"  -W, --wait MD...                        wait until resync/recovery/reshape ends\n"
"  -R, --run MD...                         start inactive, partly assembled arrays\n"
"      --wait-clean [--scan|MD...]         (nothing to wait for with md superblocks)\n"
"      --udev-rules[=FILE] [--config F]    udev rules that run -I for the bare devices of POLICY lines\n"
"  -E, --examine [-e VER] DEVS...          print the md superblock of members\n"
"  -X, --examine-bitmap DEVS...            print the bitmap of members\n"
"      --examine-badblocks DEVS...         print the bad-block log of members\n"
"  -D, --detail MD...                      print the state of running arrays\n"
"  -Q, --query DEVS...                     one-line summary of md devices or members\n"
"  -G, --grow MD -n N [--add DEVS...]     reshape to N devices (raid1/4/5/6/10)\n"
"  -G, --grow MD --chunk=C | --layout=L   restripe raid4/5/6\n"
"  -G, --grow MD --level=L [--add DEVS]   change level (kernel takeovers)\n"
"  -G, --grow MD --size=S|max | --array-size=S|max   member / array size\n"
"  -G, --grow MD --bitmap=internal|llbitmap|none   add, remove or switch the bitmap\n"
"  -G, --grow MD --consistency-policy=ppl|resync   raid5: add or drop the partial parity log\n"
"  -G, --grow --continue MD                resume a frozen or interrupted reshape\n"
"  -S, --stop MD...                        stop arrays\n"
"  -F, --monitor [MD...] [--scan]          report failures, degradation and rebuilds\n"
"  -I, --incremental DEV [--export]        add one member; start its array when complete\n"
"  -I --run --scan / -I --fail DEV         start partial arrays degraded / fail a gone member\n"
"  -I --rebuild-map (-Ir)                  write the map anew from the running arrays\n"
"      --zero-superblock [-e VER] DEVS...  erase md superblocks from devices\n"
"      --dump=DIR DEVS... / --restore=DIR DEVS...  save / put back members' metadata\n"
"\n"
"Create options: --level/-l, --raid-devices/-n, --spare-devices/-x, --chunk/-c,\n"
"  --layout/-p, --size/-z, --metadata/-e 1.0|1.1|1.2, --name/-N, --uuid/-u,\n"
"  --homehost, --bitmap/-b none|internal|llbitmap, --bitmap-chunk, --delay/-d,\n"
"  --write-behind, --write-mostly/-W, --logical-block-size, --data-offset, --assume-clean,\n"
"  --write-zeroes, --consistency-policy/-k resync|bitmap|ppl, --write-journal DEV,\n"
"  --force/-f, --run/-R, --readonly/-o, --yes\n"
"Build options: --level/-l, --raid-devices/-n, --chunk/-c (--rounding for linear),\n"
"  --layout/-p (raid10), --size/-z and --assume-clean (raid1/10), --write-mostly (raid1),\n"
"  --force/-f (one device), --bitmap=none\n"
"Assemble options: --uuid/-u, --name/-N, --metadata/-e, --run/-R (start degraded),\n"
"  --readonly/-o, --force/-f (too few current members: take back the most recent\n"
"  out-of-date ones, only as many as the array needs to start),\n"
"  --update/-U WHAT (change the members' superblocks first; --update=? lists),\n"
"  --super-minor/-m N (0.90), --no-degraded (with --scan: start no degraded array)\n"
"Grow options: --backup-file FILE (in-place growth without room to move the data;\n"
"  also --assemble --backup-file after a crash inside its critical section)\n"
"Monitor options: --scan/-s, --oneshot/-1, --test/-t, --delay/-d SEC, --daemonise/-f,\n"
"  --pid-file/-i FILE, --program/-p PROG, --mail/-m ADDR, --increment PCT, --config/-c FILE,\n"
"  --json\n"
"Incremental options: --run/-R, --scan/-s, --export/-Y, --fail/-f, --path ID_PATH (with -f),\n"
"  --offroot (mdadm's udev rule; nothing to keep), --config/-c, --homehost, --readonly/-o;\n"
"  names after the device are its aliases (for the config's DEVICE lines)\n"
"Misc options: --brief/-b, --scan/-s, --export/-Y, --test/-t, --verbose/-v, --quiet/-q,\n"
"  --no-devices (--detail without the member lines),\n"
"  --sparc2.2 (--examine of 0.90 superblocks as SPARC 2.2 kernels laid them out)\n"
"  --json: typed JSON (schema version 1) for --detail, --examine, -X, --query and\n"
"  --monitor (one line per event); not with --brief or --export\n"
"\n"
"Called as mdadm, it speaks mdadm 4.6's dialect (mdctl(8), \"Called as mdadm\").\n"
"See mdctl(8) for details.\n";

/* What runs: a mode, or one of misc mode's operations. */
enum action {
	ACT_CREATE, ACT_ASSEMBLE, ACT_ASSEMBLE_SCAN, ACT_BUILD, ACT_MANAGE, ACT_GROW, ACT_INCREMENTAL,
	ACT_MONITOR, ACT_EXAMINE, ACT_EXAMINE_BITMAP, ACT_DETAIL, ACT_QUERY, ACT_STOP, ACT_ZERO,
	ACT_WAIT, ACT_ACTION, ACT_DUMP, ACT_RESTORE, ACT_EXAMINE_BADBLOCKS, ACT_WAIT_CLEAN, ACT_RUN,
	ACT_UDEV_RULES,
};

#define END 0
/* The dispatch table: each action's handler and the options it uses. An
 * option given to an action that does not list it is refused (the mode
 * options themselves, -v and -q are everyone's). */
static const struct action_entry {
	const char *name;
	int (*run)(const struct options *o);
	int uses[32];
} actions[] = {
	[ACT_CREATE] = { "--create", mode_create,
		{ 'l', 'n', 'x', OPT_CHUNK, 'p', 'z', 'e', 'N', 'u', OPT_HOMEHOST, OPT_BITMAP, OPT_BITMAP_CHUNK,
		  'd', OPT_WRITE_BEHIND, OPT_DATA_OFFSET, OPT_LBS, OPT_ASSUME_CLEAN, OPT_FORCE, 'R', 'o', OPT_YES,
		  OPT_WRITE_MOSTLY, OPT_FAILFAST, OPT_AUTO, OPT_WRITE_ZEROES, 'k', OPT_WRITE_JOURNAL,
		  END } },
	[ACT_ASSEMBLE] = { "--assemble", mode_assemble,
		{ 'u', 'N', 'e', 'R', 'o', 'U', OPT_FORCE, OPT_BACKUP, OPT_HOMEHOST, OPT_AUTO, OPT_SUPER_MINOR,
		  END } },
	[ACT_ASSEMBLE_SCAN] = { "--assemble --scan", mode_assemble_scan,
		{ 's', OPT_CONFIG, 'u', 'e', 'R', 'o', 'U', OPT_FORCE, OPT_BACKUP, OPT_HOMEHOST, OPT_AUTO,
		  OPT_NO_DEGRADED, END } },
	[ACT_BUILD] = { "--build", mode_build, { 'l', 'n', OPT_CHUNK, 'p', 'z', OPT_BITMAP, OPT_ASSUME_CLEAN, OPT_FORCE,
		  OPT_WRITE_MOSTLY, END } },
	[ACT_MANAGE] = { "manage mode", mode_manage,
		{ 'a', OPT_ADD_SPARE, OPT_ADD_JOURNAL, OPT_RE_ADD, 'r', OPT_FAIL, OPT_REPLACE, OPT_WITH, OPT_WRITE_MOSTLY,
		  OPT_READWRITE_MEMBER, OPT_FAILFAST, OPT_NOFAILFAST, 'o', 'w', 'R', OPT_FORCE, OPT_YES, END } },
	[ACT_GROW] = { "--grow", mode_grow,
		{ 'n', 'l', OPT_CHUNK, 'p', 'z', 'Z', OPT_BITMAP, OPT_BITMAP_CHUNK, 'd', OPT_WRITE_BEHIND,
		  OPT_BACKUP, OPT_CONTINUE, 'R', OPT_FORCE, OPT_YES, 'a', 'k', END } },
	[ACT_INCREMENTAL] = { "--incremental", mode_incremental,
		{ 'R', 's', 'Y', OPT_CONFIG, OPT_HOMEHOST, 'o', OPT_FAIL, OPT_AUTO, OPT_REBUILD_MAP, OPT_OFFROOT,
		  OPT_PATH, END } },
	[ACT_MONITOR] = { "--monitor", mode_monitor,
		{ 's', '1', 't', 'd', OPT_DAEMONISE, 'i', OPT_PROGRAM, 'm', OPT_INCREMENT, OPT_CONFIG, 'y',
		  OPT_JSON, END } },
	[ACT_EXAMINE] = { "--examine", mode_examine, { OPT_BRIEF, 's', 'Y', 'e', OPT_HOMEHOST, OPT_JSON, OPT_SPARC22,
						       END } },
	[ACT_EXAMINE_BITMAP] = { "--examine-bitmap", mode_examine_bitmap, { OPT_JSON, END } },
	[ACT_EXAMINE_BADBLOCKS] = { "--examine-badblocks", mode_examine_badblocks, { END } },
	[ACT_DETAIL] = { "--detail", mode_detail, { OPT_BRIEF, 's', 'Y', 't', OPT_HOMEHOST, OPT_JSON, OPT_NO_DEVICES,
		  END } },
	[ACT_QUERY] = { "--query", mode_query, { OPT_JSON, END } },
	[ACT_STOP] = { "--stop", mode_stop, { 's', END } },
	[ACT_ZERO] = { "--zero-superblock", mode_zero_superblock, { OPT_FORCE, 'e', END } },
	[ACT_WAIT] = { "--wait", mode_wait, { END } },
	[ACT_ACTION] = { "--action", mode_action, { END } },
	[ACT_DUMP] = { "--dump", mode_dump, { END } },
	[ACT_RESTORE] = { "--restore", mode_restore, { OPT_FORCE, END } },
	[ACT_WAIT_CLEAN] = { "--wait-clean", mode_wait_clean, { 's', END } },
	[ACT_RUN] = { "--run", mode_run, { 'R', END } },
	[ACT_UDEV_RULES] = { "--udev-rules", mode_udev_rules, { OPT_CONFIG, END } },
};

/* Options that exclude each other wherever they are used. */
static const int exclusive[][2] = {
	{ OPT_BRIEF, 'Y' },             /* --brief, --export */
	{ 'o', 'w' },                   /* --readonly, --readwrite */
	{ '1', OPT_DAEMONISE },         /* --oneshot, --daemonise */
	{ OPT_JSON, 'Y' },              /* --json, --export */
	{ OPT_JSON, OPT_BRIEF },        /* --json, --brief */
	{ OPT_JSON, OPT_DAEMONISE },    /* --json, --daemonise (stdout is /dev/null) */
	{ OPT_JSON, OPT_NO_DEVICES },   /* --json, --no-devices (JSON has them all) */
};

/* Options that choose the mode, and the mode each one chooses. */
static const struct { int id; enum mode mode; } mode_options[] = {
	{ 'C', MODE_CREATE }, { 'A', MODE_ASSEMBLE }, { 'B', MODE_BUILD }, { 'G', MODE_GROW },
	{ 'I', MODE_INCREMENTAL }, { 'F', MODE_MONITOR },
};

static bool everyones(int id)
{
	static const int ids[] = { 'v', 'q', OPT_MANAGE, OPT_MISC, 'E', 'X', 'D', 'Q', 'S', OPT_ZERO, 'W',
				   OPT_ACTION, OPT_DUMP, OPT_RESTORE, OPT_EXAMINE_BB, OPT_WAIT_CLEAN, OPT_UDEV_RULES, 'C', 'A', 'B', 'G',
				   'I', 'F' };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i] == id)
			return true;
	return false;
}

static bool action_uses(const struct action_entry *a, int id)
{
	for (const int *u = a->uses; *u != END; u++)
		if (*u == id)
			return true;
	return everyones(id);
}

/* One line and exit status 2 for an option the action does not take. */
static int check_options(enum action act, const struct options *o, const struct given *g)
{
	const struct action_entry *a = &actions[act];
	for (size_t i = 0; i < sizeof(mode_options) / sizeof(mode_options[0]); i++)
		if (g->as[mode_options[i].id][0] && mode_options[i].mode != o->mode) {
			pr_err("%s cannot be combined with %s", g->as[mode_options[i].id], a->name);
			return -1;
		}
	for (int id = 0; id < OPT_COUNT; id++)
		if (g->as[id][0] && !action_uses(a, id)) {
			pr_err("%s does not apply to %s", g->as[id], a->name);
			return -1;
		}
	for (size_t i = 0; i < sizeof(exclusive) / sizeof(exclusive[0]); i++)
		if (g->as[exclusive[i][0]][0] && g->as[exclusive[i][1]][0]) {
			pr_err("%s and %s exclude each other", g->as[exclusive[i][0]], g->as[exclusive[i][1]]);
			return -1;
		}
	return 0;
}

/* The array a new or assembled array is to be, as mdadm takes it: a bare
 * NAME is /dev/md/NAME (so "md5" is /dev/md/md5, as mdadm 4.6 makes it);
 * a relative path is no md device name. */
static int name_array_arg(struct options *o)
{
	const char *a = o->mddev;
	if (!a || !(o->mode == MODE_CREATE || o->mode == MODE_ASSEMBLE || o->mode == MODE_BUILD) ||
	    a[0] == '/')
		return 0;
	if (!a[0] || strchr(a, '/') || !strcmp(a, ".") || !strcmp(a, "..") ||
	    snprintf(o->mddev_path, sizeof(o->mddev_path), "/dev/md/%s", a) >= (int)sizeof(o->mddev_path)) {
		pr_err("%s is an invalid name for an md device (use /dev/mdN, /dev/md/NAME or NAME)", a);
		return -1;
	}
	o->mddev = o->mddev_path;
	return 0;
}

/* Manage mode's md device becomes the first device of misc operation o->misc. */
static int md_to_misc(struct options *o)
{
	if (o->ndevs >= MAX_DEVS) {
		pr_err("too many devices (at most %d)", MAX_DEVS);
		return -1;
	}
	memmove(&o->devs[1], &o->devs[0], (size_t)o->ndevs * sizeof(o->devs[0]));
	o->devs[0] = (struct devarg){ .name = o->mddev, .op = DEV_NONE };
	o->ndevs++;
	o->mddev = NULL;
	o->mode = MODE_MISC;
	return 0;
}

/* "mdadm --run /dev/md0 /dev/md1": --run with arrays and no member
 * operation starts those arrays (misc mode's --run). */
static int run_arrays(struct options *o)
{
	if (o->mode != MODE_MANAGE || !o->run || !o->mddev || o->readonly || o->readwrite)
		return 0;
	for (int i = 0; i < o->ndevs; i++)
		if (o->devs[i].op != DEV_NONE)
			return 0;
	o->misc = MISC_RUN;
	return md_to_misc(o);
}

/* The md device of manage mode becomes the first device of a misc
 * operation ("mdctl --manage /dev/md0 --stop"), and the other way round
 * ("mdctl --misc --readonly /dev/md0"). */
static int normalise(struct options *o)
{
	if (name_array_arg(o) < 0)
		return -1;
	if (o->mode == MODE_MANAGE && o->misc != MISC_NONE && o->mddev) {
		if (md_to_misc(o) < 0)
			return -1;
	} else if (o->mode == MODE_MISC && o->misc == MISC_NONE) {
		o->mode = MODE_MANAGE;
		if (o->ndevs) {
			o->mddev = o->devs[0].name;
			memmove(&o->devs[0], &o->devs[1], (size_t)(o->ndevs - 1) * sizeof(o->devs[0]));
			o->ndevs--;
		}
	}
	return run_arrays(o);
}

static enum action action_of(const struct options *o)
{
	static const enum action misc[] = {
		[MISC_EXAMINE] = ACT_EXAMINE, [MISC_EXAMINE_BITMAP] = ACT_EXAMINE_BITMAP,
		[MISC_DETAIL] = ACT_DETAIL, [MISC_QUERY] = ACT_QUERY, [MISC_STOP] = ACT_STOP,
		[MISC_ZERO_SUPERBLOCK] = ACT_ZERO, [MISC_WAIT] = ACT_WAIT, [MISC_ACTION] = ACT_ACTION,
		[MISC_DUMP] = ACT_DUMP, [MISC_RESTORE] = ACT_RESTORE,
		[MISC_EXAMINE_BADBLOCKS] = ACT_EXAMINE_BADBLOCKS, [MISC_WAIT_CLEAN] = ACT_WAIT_CLEAN,
		[MISC_RUN] = ACT_RUN, [MISC_UDEV_RULES] = ACT_UDEV_RULES,
	};
	switch (o->mode) {
	case MODE_CREATE: return ACT_CREATE;
	case MODE_ASSEMBLE: return o->scan && !o->ndevs ? ACT_ASSEMBLE_SCAN : ACT_ASSEMBLE;
	case MODE_BUILD: return ACT_BUILD;
	case MODE_GROW: return ACT_GROW;
	case MODE_INCREMENTAL: return ACT_INCREMENTAL;
	case MODE_MONITOR: return ACT_MONITOR;
	case MODE_MISC: return misc[o->misc];
	default: return ACT_MANAGE;
	}
}

int main(int argc, char **argv)
{
	static struct options o;  /* large (device list); filled once, read-only after */
	static struct given g;
	persona_choose(argv[0]);
	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	int r = cli_parse(argc, argv, &o, &g, usage_text);
	if (r)
		return r > 0 ? 0 : 2;
	msg_set_verbosity(o.verbose);
	if (normalise(&o) < 0)
		return 2;
	enum action act = action_of(&o);
	if (check_options(act, &o, &g) < 0)
		return 2;
	return actions[act].run(&o);
}
