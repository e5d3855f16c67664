/* The command line: argv into struct options (cli.h). The mode is found
 * first, because some short options mean different things per mode (as in
 * mdadm: -b, -c, -f, -p); what each mode then accepts is checked in mdctl.c. */
#include "cli.h"
#include "levels.h"
#include "persona.h"
#include "sizes.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const struct option long_opts[] = {
	{ "create", no_argument, NULL, 'C' },
	{ "assemble", no_argument, NULL, 'A' },
	{ "build", no_argument, NULL, 'B' },
	{ "grow", no_argument, NULL, 'G' },
	{ "incremental", no_argument, NULL, 'I' },
	{ "monitor", no_argument, NULL, 'F' },
	{ "follow", no_argument, NULL, 'F' },
	{ "manage", no_argument, NULL, OPT_MANAGE },
	{ "misc", no_argument, NULL, OPT_MISC },
	{ "examine", no_argument, NULL, 'E' },
	{ "examine-bitmap", no_argument, NULL, 'X' },
	{ "examine-badblocks", no_argument, NULL, OPT_EXAMINE_BB },
	{ "detail", no_argument, NULL, 'D' },
	{ "query", no_argument, NULL, 'Q' },
	{ "stop", no_argument, NULL, 'S' },
	{ "zero-superblock", no_argument, NULL, OPT_ZERO },
	{ "wait", no_argument, NULL, 'W' },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "dump", required_argument, NULL, OPT_DUMP },
	{ "restore", required_argument, NULL, OPT_RESTORE },
	{ "run", no_argument, NULL, 'R' },
	{ "readonly", no_argument, NULL, 'o' },
	{ "readwrite", no_argument, NULL, 'w' },
	{ "level", required_argument, NULL, 'l' },
	{ "raid-devices", required_argument, NULL, 'n' },
	{ "raid-disks", required_argument, NULL, 'n' },
	{ "spare-devices", required_argument, NULL, 'x' },
	{ "spare-disks", required_argument, NULL, 'x' },
	{ "super-minor", required_argument, NULL, OPT_SUPER_MINOR },
	{ "no-degraded", no_argument, NULL, OPT_NO_DEGRADED },
	{ "wait-clean", no_argument, NULL, OPT_WAIT_CLEAN },
	{ "udev-rules", optional_argument, NULL, OPT_UDEV_RULES },
	{ "rebuild-map", no_argument, NULL, OPT_REBUILD_MAP },
	{ "write-zeroes", no_argument, NULL, OPT_WRITE_ZEROES },
	{ "help-options", no_argument, NULL, 'h' },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
	{ "rounding", required_argument, NULL, OPT_CHUNK },
	{ "layout", required_argument, NULL, 'p' },
	{ "parity", required_argument, NULL, 'p' },
	{ "size", required_argument, NULL, 'z' },
	{ "array-size", required_argument, NULL, 'Z' },
	{ "metadata", required_argument, NULL, 'e' },
	{ "name", required_argument, NULL, 'N' },
	{ "uuid", required_argument, NULL, 'u' },
	{ "homehost", required_argument, NULL, OPT_HOMEHOST },
	{ "bitmap", required_argument, NULL, OPT_BITMAP },
	{ "bitmap-chunk", required_argument, NULL, OPT_BITMAP_CHUNK },
	{ "delay", required_argument, NULL, 'd' },
	{ "write-behind", optional_argument, NULL, OPT_WRITE_BEHIND },
	{ "data-offset", required_argument, NULL, OPT_DATA_OFFSET },
	{ "logical-block-size", required_argument, NULL, OPT_LBS },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "backup-file", required_argument, NULL, OPT_BACKUP },
	{ "update", required_argument, NULL, 'U' },
	{ "auto", optional_argument, NULL, OPT_AUTO },
	{ "continue", no_argument, NULL, OPT_CONTINUE },
	{ "assume-clean", no_argument, NULL, OPT_ASSUME_CLEAN },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "brief", no_argument, NULL, OPT_BRIEF },
	{ "scan", no_argument, NULL, 's' },
	{ "export", no_argument, NULL, 'Y' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "test", no_argument, NULL, 't' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "add", no_argument, NULL, 'a' },
	{ "add-spare", no_argument, NULL, OPT_ADD_SPARE },
	{ "add-journal", no_argument, NULL, OPT_ADD_JOURNAL },
	{ "re-add", no_argument, NULL, OPT_RE_ADD },
	{ "remove", no_argument, NULL, 'r' },
	{ "fail", no_argument, NULL, OPT_FAIL },
	{ "set-faulty", no_argument, NULL, OPT_FAIL },
	{ "replace", no_argument, NULL, OPT_REPLACE },
	{ "with", no_argument, NULL, OPT_WITH },
	{ "write-mostly", no_argument, NULL, OPT_WRITE_MOSTLY },
	{ "readwrite-member", no_argument, NULL, OPT_READWRITE_MEMBER },
	{ "failfast", no_argument, NULL, OPT_FAILFAST },
	{ "nofailfast", no_argument, NULL, OPT_NOFAILFAST },
	{ "oneshot", no_argument, NULL, '1' },
	{ "daemonise", no_argument, NULL, OPT_DAEMONISE },
	{ "daemonize", no_argument, NULL, OPT_DAEMONISE },
	{ "pid-file", required_argument, NULL, 'i' },
	{ "mail", required_argument, NULL, 'm' },
	{ "program", required_argument, NULL, OPT_PROGRAM },
	{ "alert", required_argument, NULL, OPT_PROGRAM },
	{ "syslog", no_argument, NULL, 'y' },
	{ "increment", required_argument, NULL, OPT_INCREMENT },
	{ "no-devices", no_argument, NULL, OPT_NO_DEVICES },
	{ "offroot", no_argument, NULL, OPT_OFFROOT },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "consistency-policy", required_argument, NULL, 'k' },
	{ "write-journal", required_argument, NULL, OPT_WRITE_JOURNAL },
	/* mdadm 4.6's options for what mdctl does not do: refused with the reason */
	{ "nodes", required_argument, NULL, OPT_UNSUPPORTED },
	{ "home-cluster", required_argument, NULL, OPT_UNSUPPORTED },
	{ "cluster-confirm", no_argument, NULL, OPT_UNSUPPORTED },
	{ "detail-platform", no_argument, NULL, OPT_UNSUPPORTED },
	{ "kill-subarray", required_argument, NULL, OPT_UNSUPPORTED },
	{ "update-subarray", required_argument, NULL, OPT_UNSUPPORTED },
	{ "prefer", required_argument, NULL, OPT_UNSUPPORTED },
	{ "no-sharing", no_argument, NULL, OPT_UNSUPPORTED },
	{ "invalid-backup", no_argument, NULL, OPT_UNSUPPORTED },
	{ "auto-detect", no_argument, NULL, OPT_UNSUPPORTED },
	{ "sparc2.2", no_argument, NULL, OPT_SPARC22 },
	{ NULL, 0, NULL, 0 },
};

/* Why each of those is refused, by its long name. */
static const struct { const char *name, *why; } unsupported[] = {
	{ "nodes", "clustered arrays (md-cluster) are not supported by mdctl" },
	{ "home-cluster", "clustered arrays (md-cluster) are not supported by mdctl" },
	{ "cluster-confirm", "clustered arrays (md-cluster) are not supported by mdctl" },
	{ "detail-platform", "IMSM/DDF platforms and containers are not supported by mdctl" },
	{ "kill-subarray", "IMSM/DDF containers are not supported by mdctl" },
	{ "update-subarray", "IMSM/DDF containers are not supported by mdctl" },
	{ "prefer", "mdctl names member devices as the kernel does; --prefer is not supported" },
	{ "no-sharing", "mdctl --monitor moves no spares between arrays, so there is nothing to turn off" },
	{ "invalid-backup", "mdctl cannot continue a reshape without its backup; --invalid-backup is not supported" },
	{ "auto-detect", "kernel autodetection (partition type 0xFD) is not supported by mdctl" },
};

#define M(m) (1u << (m))
#define GEOMETRY_MODES (M(MODE_CREATE) | M(MODE_BUILD) | M(MODE_GROW))
#define AUTO_MODES (M(MODE_CREATE) | M(MODE_BUILD) | M(MODE_ASSEMBLE))

/* getopt's short options for a mode: -b takes a value where it means
 * --bitmap, -a where it means --auto, -r where it means --increment, so
 * "-binternal" and "-b internal" both work as in mdadm. */
static void short_opts_for(enum mode mode, char *out, size_t n)
{
	snprintf(out, n, "-CABGIFEXDQSWRowl:n:x:c:p:z:Z:e:N:u:b%sd:U:fstYvqhVa%sr%s1i:m:yk:",
		 M(mode) & GEOMETRY_MODES ? ":" : "", M(mode) & AUTO_MODES ? ":" : "",
		 mode == MODE_MONITOR ? ":" : "");
}

/* Per-mode meanings of short letters: the first line whose modes match wins. */
static const struct { int letter; unsigned modes; int id; } short_meanings[] = {
	{ 'c', GEOMETRY_MODES, OPT_CHUNK },
	{ 'c', ~0u, OPT_CONFIG },
	{ 'b', GEOMETRY_MODES, OPT_BITMAP },
	{ 'b', ~0u, OPT_BRIEF },
	{ 'p', M(MODE_MONITOR), OPT_PROGRAM },
	{ 'f', M(MODE_MANAGE) | M(MODE_INCREMENTAL), OPT_FAIL },
	{ 'f', M(MODE_MONITOR), OPT_DAEMONISE },
	{ 'f', ~0u, OPT_FORCE },
	{ 'a', AUTO_MODES, OPT_AUTO },
	{ 'W', GEOMETRY_MODES | M(MODE_MANAGE), OPT_WRITE_MOSTLY },
	{ 'm', M(MODE_ASSEMBLE), OPT_SUPER_MINOR },
	{ 'r', M(MODE_INCREMENTAL), OPT_REBUILD_MAP },
	{ 'r', M(MODE_MONITOR), OPT_INCREMENT },
};

static int option_id(int c, enum mode mode)
{
	for (size_t i = 0; i < sizeof(short_meanings) / sizeof(short_meanings[0]); i++)
		if (short_meanings[i].letter == c && (short_meanings[i].modes & M(mode)))
			return short_meanings[i].id;
	return c;
}

/* The words that name a mode; misc mode's operations name MODE_MISC. */
static const struct { const char *word; char letter; enum mode mode; } mode_words[] = {
	{ "create", 'C', MODE_CREATE }, { "assemble", 'A', MODE_ASSEMBLE }, { "build", 'B', MODE_BUILD },
	{ "grow", 'G', MODE_GROW }, { "incremental", 'I', MODE_INCREMENTAL },
	{ "monitor", 'F', MODE_MONITOR }, { "follow", 0, MODE_MONITOR }, { "manage", 0, MODE_MANAGE },
	{ "misc", 0, MODE_MISC }, { "examine", 'E', MODE_MISC }, { "examine-bitmap", 'X', MODE_MISC },
	{ "examine-badblocks", 0, MODE_MISC },
	{ "detail", 'D', MODE_MISC }, { "query", 'Q', MODE_MISC }, { "stop", 'S', MODE_MISC },
	{ "zero-superblock", 0, MODE_MISC }, { "wait", 'W', MODE_MISC }, { "action", 0, MODE_MISC },
	{ "dump", 0, MODE_MISC }, { "restore", 0, MODE_MISC }, { "wait-clean", 0, MODE_MISC },
	{ "udev-rules", 0, MODE_MISC },
};

/* The first mode option anywhere on the line chooses the mode; without one,
 * "mdctl /dev/md0 --add /dev/sdb" and friends are manage mode. -W after the
 * array ("mdadm /dev/md0 --add -W /dev/sdb") is manage's --write-mostly. */
static enum mode find_mode(int argc, char **argv)
{
	bool after_plain = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-') {
			after_plain = true;
			continue;
		}
		for (size_t k = 0; k < sizeof(mode_words) / sizeof(mode_words[0]); k++) {
			size_t len = strlen(mode_words[k].word);
			char l = mode_words[k].letter;
			if (a[1] == '-' ? !strncmp(a + 2, mode_words[k].word, len) && (!a[2 + len] || a[2 + len] == '=')
					: l && a[1] == l && !(l == 'W' && after_plain))
				return mode_words[k].mode;
		}
	}
	return MODE_MANAGE;
}

static int set_misc(struct options *o, enum misc_op op)
{
	if (o->misc != MISC_NONE && o->misc != op) {
		pr_err("only one of --examine, --detail, --query, --stop, --zero-superblock... may be given");
		return -1;
	}
	o->misc = op;
	return 0;
}

static int parse_int(const char *opt, const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi) {
		pr_err("invalid value for %s: '%s' (expected %d..%d)", opt, s, lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_kib(const char *what, const char *s, bool allow_max, uint64_t *out)
{
	if (allow_max && !strcmp(s, "max")) {
		*out = UINT64_MAX;
		return 0;
	}
	if (parse_size_kib(s, out) < 0 || *out == 0) {
		pr_err("invalid %s '%s'", what, s);
		return -1;
	}
	return 0;
}

static int add_dev(struct options *o, const char *name, enum dev_op op, bool write_mostly)
{
	if (o->ndevs >= MAX_DEVS) {
		pr_err("too many devices (at most %d)", MAX_DEVS);
		return -1;
	}
	o->devs[o->ndevs].name = name;
	o->devs[o->ndevs].op = op;
	o->devs[o->ndevs].write_mostly = write_mostly;
	o->ndevs++;
	return 0;
}

/* Mode and misc-operation options. 1 handled, 0 not this group, -1 error. */
static int parse_mode_opt(struct options *o, int id, const char *arg)
{
	static const struct { int id; enum misc_op op; } misc[] = {
		{ 'E', MISC_EXAMINE }, { 'X', MISC_EXAMINE_BITMAP }, { 'D', MISC_DETAIL }, { 'Q', MISC_QUERY },
		{ 'S', MISC_STOP }, { OPT_ZERO, MISC_ZERO_SUPERBLOCK }, { 'W', MISC_WAIT }, { OPT_ACTION, MISC_ACTION },
		{ OPT_DUMP, MISC_DUMP }, { OPT_RESTORE, MISC_RESTORE },
		{ OPT_EXAMINE_BB, MISC_EXAMINE_BADBLOCKS }, { OPT_WAIT_CLEAN, MISC_WAIT_CLEAN },
		{ OPT_UDEV_RULES, MISC_UDEV_RULES },
	};
	switch (id) {
	case 'C': case 'A': case 'B': case 'G': case 'I': case 'F': case OPT_MANAGE: case OPT_MISC:
		return 1;  /* find_mode() chose the mode already */
	}
	for (size_t i = 0; i < sizeof(misc) / sizeof(misc[0]); i++)
		if (misc[i].id == id) {
			if (id == OPT_ACTION)
				o->action = arg;
			if (id == OPT_DUMP)
				o->dump_dir = arg;
			if (id == OPT_RESTORE)
				o->restore_from = arg;
			if (id == OPT_UDEV_RULES)
				o->udev_rules_file = arg;
			return set_misc(o, misc[i].op) < 0 ? -1 : 1;
		}
	return 0;
}

/* Array geometry and metadata (create, build, grow). */
static int parse_geometry(struct options *o, int id, const char *arg)
{
	switch (id) {
	case 'l':
		o->level = level_parse(arg);
		if (o->level == LEVEL_UNKNOWN && !strcmp(arg, "container")) {
			pr_err("--level=container: IMSM/DDF containers are not supported by mdctl");
			return -1;
		}
		if (o->level == LEVEL_UNKNOWN) {
			pr_err("unknown raid level '%s' (expected linear, 0, 1, 4, 5, 6 or 10)", arg);
			return -1;
		}
		return 1;
	case 'n': return parse_int("--raid-devices", arg, 1, 1920, &o->raid_disks) < 0 ? -1 : 1;
	case 'x': return parse_int("--spare-devices", arg, 0, 1920, &o->spare_disks) < 0 ? -1 : 1;
	case OPT_CHUNK: return parse_kib("chunk size", arg, false, &o->chunk_kib) < 0 ? -1 : 1;
	case 'p': o->layout = arg; return 1;
	case 'z':
		if (parse_kib("size", arg, true, &o->size_kib) < 0)
			return -1;
		o->size_max = o->size_kib == UINT64_MAX;
		if (o->size_max)
			o->size_kib = 0;
		return 1;
	case 'Z': return parse_kib("array size", arg, true, &o->array_size_kib) < 0 ? -1 : 1;
	case 'e': o->metadata = arg; return 1;
	case 'k': o->consistency = arg; return 1;
	case OPT_WRITE_JOURNAL: o->write_journal = arg; return 1;
	case 'N': o->name = arg; return 1;
	case 'u': o->uuid = arg; return 1;
	case OPT_HOMEHOST: o->homehost = arg; return 1;
	case OPT_DATA_OFFSET: {
		uint64_t kib;
		if (parse_size_kib(arg, &kib) < 0) {
			pr_err("invalid data offset '%s'", arg);
			return -1;
		}
		o->data_offset_sectors = kib * 2;
		return 1;
	}
	case OPT_LBS:
		if (parse_size_bytes(arg, &o->logical_block_size) < 0) {
			pr_err("invalid logical block size '%s'", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

/* The write-intent bitmap. */
static int parse_bitmap(struct options *o, int id, const char *arg)
{
	switch (id) {
	case OPT_BITMAP:
		if (!arg) {
			pr_err("--bitmap needs a value: none, internal or llbitmap");
			return -1;
		}
		o->bitmap = arg;
		return 1;
	case OPT_BITMAP_CHUNK:
		if (parse_size_bytes(arg, &o->bitmap_chunk_bytes) < 0) {
			pr_err("invalid bitmap chunk size '%s'", arg);
			return -1;
		}
		if (o->bitmap_chunk_bytes < 1024 && !strpbrk(arg, "bBsSkKmMgG"))
			o->bitmap_chunk_bytes <<= 10;  /* a bare number is KiB, as in mdadm */
		return 1;
	case 'd': return parse_int("--delay", arg, 1, 86400, &o->delay) < 0 ? -1 : 1;
	case OPT_WRITE_BEHIND:
		o->write_behind = 256;
		return arg && parse_int("--write-behind", arg, 0, 16383, &o->write_behind) < 0 ? -1 : 1;
	}
	return 0;
}

/* What the devices after the option are to undergo. --readwrite is also
 * the array's own (manage mode without devices). After --add, -W (and
 * --write-mostly) flags the devices added next, as in mdadm. */
static int parse_dev_op(struct options *o, int id, enum dev_op *cur, bool *wm)
{
	if (id == OPT_WRITE_MOSTLY && (*cur == DEV_ADD || *cur == DEV_ADD_SPARE)) {
		*wm = true;
		return 1;
	}
	static const struct { int id; enum dev_op op; } ops[] = {
		{ 'a', DEV_ADD }, { OPT_ADD_SPARE, DEV_ADD_SPARE }, { OPT_ADD_JOURNAL, DEV_ADD_JOURNAL }, { OPT_RE_ADD, DEV_READD },
		{ 'r', DEV_REMOVE }, { OPT_FAIL, DEV_FAIL }, { OPT_REPLACE, DEV_REPLACE }, { OPT_WITH, DEV_WITH },
		{ OPT_WRITE_MOSTLY, DEV_WRITEMOSTLY }, { OPT_READWRITE_MEMBER, DEV_NOT_WRITEMOSTLY },
		{ 'w', DEV_NOT_WRITEMOSTLY },
		{ OPT_FAILFAST, DEV_FAILFAST }, { OPT_NOFAILFAST, DEV_NOFAILFAST },
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].id == id) {
			*cur = ops[i].op;
			*wm = false;
			o->readwrite |= id == 'w';
			return 1;
		}
	return 0;
}

/* Monitor mode's own options. */
static int parse_monitor(struct options *o, int id, const char *arg)
{
	switch (id) {
	case OPT_PROGRAM: o->program = arg; return 1;
	case 'm': o->mail = arg; return 1;
	case 'i': o->pid_file = arg; return 1;
	case '1': o->oneshot = true; return 1;
	case 'y': o->syslog = true; return 1;  /* events always go to syslog: see monitor.c */
	case OPT_DAEMONISE: o->daemonise = true; return 1;
	case OPT_INCREMENT: return parse_int("--increment", arg, 1, 99, &o->increment) < 0 ? -1 : 1;
	}
	return 0;
}

/* Flags and plain values. */
static int parse_flag(struct options *o, int id, const char *arg)
{
	switch (id) {
	case 'R': o->run = true; return 1;
	case 'o': o->readonly = true; return 1;
	case OPT_CONFIG: o->config = arg; return 1;
	case OPT_BACKUP: o->backup_file = arg; return 1;
	case 'U': o->update = arg; return 1;
	case OPT_AUTO:
		/* mdadm 4.6 takes it and says it is deprecated; it does nothing */
		if (!persona()->mdadm) {
			pr_err("--auto has no effect (udev makes the device nodes): leave it out");
			return -1;
		}
		pr_warn("--auto has no effect: udev makes the device nodes");
		return 1;
	case OPT_SUPER_MINOR: return parse_int("--super-minor", arg, 0, 255, &o->super_minor) < 0 ? -1 : 1;
	case OPT_NO_DEGRADED: o->no_degraded = true; return 1;
	case OPT_REBUILD_MAP: o->rebuild_map = true; return 1;
	case OPT_WRITE_ZEROES: o->write_zeroes = true; return 1;
	case OPT_CONTINUE: o->continue_ = true; return 1;
	case OPT_ASSUME_CLEAN: o->assume_clean = true; return 1;
	case OPT_FORCE: o->force = true; return 1;
	case OPT_YES: o->yes = true; return 1;
	case OPT_BRIEF: o->brief = true; return 1;
	case 's': o->scan = true; return 1;
	case 'Y': o->export_ = true; return 1;
	case OPT_JSON: o->json = true; return 1;
	case OPT_SPARC22: o->sparc22 = true; return 1;
	case 't': o->test = true; return 1;
	case 'v': o->verbose = o->verbose < 0 ? 1 : o->verbose + 1; return 1;
	case 'q': o->verbose = -1; return 1;
	case OPT_NO_DEVICES: o->no_devices = true; return 1;
	case OPT_OFFROOT: o->offroot = true; return 1;
	case OPT_PATH: o->fail_path = arg; return 1;
	}
	return 0;
}

static void refuse_unsupported(const char *long_name, const char *given)
{
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (!strcmp(unsupported[i].name, long_name)) {
			pr_err("%s: %s", given, unsupported[i].why);
			return;
		}
	pr_err("%s is not supported by mdctl", given);
}

static void defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->level = LEVEL_UNKNOWN;
	o->raid_disks = -1;
	o->spare_disks = -1;
	o->delay = -1;
	o->write_behind = -1;
	o->super_minor = -1;
}

/* A plain argument: the md device first, where the mode takes one. */
static int plain_arg(struct options *o, const char *arg, bool *md_taken, enum dev_op op, bool wm)
{
	if (!*md_taken) {
		o->mddev = arg;
		*md_taken = true;
		return 0;
	}
	return add_dev(o, arg, op, wm);
}

int cli_parse(int argc, char **argv, struct options *o, struct given *g, const char *usage)
{
	enum dev_op cur_op = DEV_NONE;
	bool wm = false;
	defaults(o);
	memset(g, 0, sizeof(*g));
	o->mode = find_mode(argc, argv);
	/* Modes whose first plain argument is the md device. */
	bool md_taken = !(o->mode == MODE_CREATE || o->mode == MODE_ASSEMBLE || o->mode == MODE_BUILD ||
			  o->mode == MODE_GROW || o->mode == MODE_MANAGE);
	opterr = 0;
	int c;
	int li = -1;
	char short_opts[96];
	short_opts_for(o->mode, short_opts, sizeof(short_opts));
	while ((c = getopt_long(argc, argv, short_opts, long_opts, &li)) != -1) {
		const char *name = argv[optind - 1 < argc ? optind - 1 : argc - 1];
		if (c == 1) {
			if (plain_arg(o, optarg, &md_taken, cur_op, wm) < 0)
				return -1;
			continue;
		}
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (c == 'V') {
			char v[64];
			fprintf(stderr, "%s\n", persona_version(v, sizeof(v)));
			return 1;
		}
		if (c == ':' || c == '?') {
			if (c == ':')
				pr_err("option %s needs a value", name);
			else
				pr_err("unrecognised option '%s' (see %s --help)", name, persona()->prog);
			return -1;
		}
		int id = option_id(c, o->mode);
		if (id == OPT_UNSUPPORTED) {
			char shown[40];
			if (li >= 0)
				snprintf(shown, sizeof(shown), "--%s", long_opts[li].name);
			else
				snprintf(shown, sizeof(shown), "-%c", c);
			refuse_unsupported(li >= 0 ? long_opts[li].name : "", shown);
			return -1;
		}
		if (id < OPT_COUNT && !g->as[id][0]) {
			if (li >= 0)
				snprintf(g->as[id], sizeof(g->as[id]), "--%s", long_opts[li].name);
			else
				snprintf(g->as[id], sizeof(g->as[id]), "-%c", c);
		}
		li = -1;
		int r = parse_mode_opt(o, id, optarg);
		if (!r)
			r = parse_geometry(o, id, optarg);
		if (!r)
			r = parse_bitmap(o, id, optarg);
		if (!r)
			r = parse_dev_op(o, id, &cur_op, &wm);
		if (!r)
			r = parse_monitor(o, id, optarg);
		if (!r)
			r = parse_flag(o, id, optarg);
		if (r < 0)
			return -1;
		if (!r) {
			pr_err("unrecognised option '%s' (see %s --help)", name, persona()->prog);
			return -1;
		}
	}
	for (; optind < argc; optind++)  /* arguments after "--" */
		if (plain_arg(o, argv[optind], &md_taken, cur_op, wm) < 0)
			return -1;
	return 0;
}
