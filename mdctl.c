/* mdctl: option parsing into one struct, then dispatch to a mode. */
#include "mdctl.h"
#include "levels.h"
#include "sizes.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
"Usage: mdctl MODE [OPTIONS] [MD-DEVICE] [DEVICES...]\n"
"\n"
"Modes:\n"
"  -C, --create MD -l LEVEL -n N DEVS...   create a new array and start it\n"
"  -A, --assemble MD DEVS...               assemble and start an existing array\n"
"  -A, --scan [--config FILE]              assemble the config's arrays, or all found\n"
"      MD --add|--add-spare|--re-add|--remove|--fail|--replace DEVS... [--with DEV]\n"
"                                          manage the members of a running array\n"
"      --action=check|repair|idle|frozen MD   start or stop a sync action\n"
"  -W, --wait MD...                        wait until resync/recovery/reshape ends\n"
"  -E, --examine DEVS...                   print the md superblock of members\n"
"  -X, --examine-bitmap DEVS...            print the bitmap of members\n"
"  -D, --detail MD...                      print the state of running arrays\n"
"  -Q, --query DEVS...                     one-line summary of md devices or members\n"
"  -G, --grow MD -n N [--add DEVS...]     reshape to N devices (raid1/4/5/6/10)\n"
"  -G, --grow MD --chunk=C | --layout=L   restripe raid4/5/6\n"
"  -G, --grow MD --level=L [--add DEVS]   change level (kernel takeovers)\n"
"  -G, --grow MD --size=S|max | --array-size=S|max   member / array size\n"
"  -G, --grow MD --bitmap=internal|llbitmap|none   add, remove or switch the bitmap\n"
"  -G, --grow --continue MD                resume a frozen or interrupted reshape\n"
"  -S, --stop MD...                        stop arrays\n"
"  -F, --monitor [MD...] [--scan]          report failures, degradation and rebuilds\n"
"  -I, --incremental DEV [--export]        add one member; start its array when complete\n"
"  -I --run --scan / -I --fail DEV         start partial arrays degraded / fail a gone member\n"
"      --zero-superblock DEVS...           erase md superblocks from devices\n"
"\n"
"Create options: --level/-l, --raid-devices/-n, --spare-devices/-x, --chunk/-c,\n"
"  --layout/-p, --size/-z, --metadata/-e 1.0|1.1|1.2, --name/-N, --uuid/-u,\n"
"  --homehost, --bitmap/-b none|internal|llbitmap, --bitmap-chunk, --delay/-d,\n"
"  --write-behind, --write-mostly, --logical-block-size, --data-offset, --assume-clean,\n"
"  --force/-f, --run/-R, --readonly/-o, --yes\n"
"Assemble options: --uuid/-u, --name/-N, --metadata/-e, --run/-R (start degraded),\n"
"  --readonly/-o, --force/-f (too few current members: take back the most recent\n"
"  out-of-date ones, only as many as the array needs to start)\n"
"Grow options: --backup-file FILE (in-place growth without room to move the data;\n"
"  also --assemble --backup-file after a crash inside its critical section)\n"
"Monitor options: --scan/-s, --oneshot/-1, --test/-t, --delay/-d SEC, --daemonise/-f,\n"
"  --pid-file/-i FILE, --program/-p PROG, --mail/-m ADDR, --increment PCT, --config/-c FILE\n"
"Misc options: --brief/-b, --scan/-s, --export/-Y, --test/-t, --verbose/-v, --quiet/-q\n"
"\n"
"See mdctl(8) for details.\n";

enum {
	OPT_ZERO = 1000, OPT_ASSUME_CLEAN, OPT_HOMEHOST, OPT_BITMAP_CHUNK, OPT_WRITE_BEHIND,
	OPT_DATA_OFFSET, OPT_LBS, OPT_BACKUP, OPT_ACTION, OPT_YES, OPT_MANAGE, OPT_MISC,
	OPT_ADD_SPARE, OPT_RE_ADD, OPT_REPLACE, OPT_WITH, OPT_WRITE_MOSTLY, OPT_READWRITE_MEMBER,
	OPT_FAILFAST, OPT_NOFAILFAST, OPT_AUTO, OPT_CONTINUE, OPT_CHUNK, OPT_CONFIG,
	OPT_BITMAP, OPT_BRIEF, OPT_FAIL, OPT_FORCE, OPT_INCREMENT, OPT_DAEMONISE, OPT_PROGRAM,
};

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
	{ "detail", no_argument, NULL, 'D' },
	{ "query", no_argument, NULL, 'Q' },
	{ "stop", no_argument, NULL, 'S' },
	{ "zero-superblock", no_argument, NULL, OPT_ZERO },
	{ "wait", no_argument, NULL, 'W' },
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "run", no_argument, NULL, 'R' },
	{ "readonly", no_argument, NULL, 'o' },
	{ "readwrite", no_argument, NULL, 'w' },
	{ "level", required_argument, NULL, 'l' },
	{ "raid-devices", required_argument, NULL, 'n' },
	{ "spare-devices", required_argument, NULL, 'x' },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
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
	{ "test", no_argument, NULL, 't' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "add", no_argument, NULL, 'a' },
	{ "add-spare", no_argument, NULL, OPT_ADD_SPARE },
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
	{ NULL, 0, NULL, 0 },
};
static const char short_opts[] = "-CABGIFEXDQSWRowl:n:x:c:p:z:Z:e:N:u:bd:U:fstYvqhVar1i:m:y";

/* Modes are chosen by the first mode option anywhere on the line, because some
 * short options mean different things per mode (as in mdadm: -b, -c, -f). */
static enum mode find_mode(int argc, char **argv, enum misc_op *misc)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-')
			continue;
		if (a[1] == '-') {
			a += 2;
			if (!strcmp(a, "create")) return MODE_CREATE;
			if (!strcmp(a, "assemble")) return MODE_ASSEMBLE;
			if (!strcmp(a, "build")) return MODE_BUILD;
			if (!strcmp(a, "grow")) return MODE_GROW;
			if (!strcmp(a, "incremental")) return MODE_INCREMENTAL;
			if (!strcmp(a, "monitor") || !strcmp(a, "follow")) return MODE_MONITOR;
			if (!strcmp(a, "manage")) return MODE_MANAGE;
			if (!strcmp(a, "examine") || !strcmp(a, "examine-bitmap") || !strcmp(a, "detail") ||
			    !strcmp(a, "query") || !strcmp(a, "stop") || !strcmp(a, "zero-superblock") ||
			    !strcmp(a, "wait") || !strncmp(a, "action", 6) || !strcmp(a, "misc"))
				return MODE_MISC;
			continue;
		}
		/* Only a leading short option names a mode. */
		switch (a[1]) {
		case 'C': return MODE_CREATE;
		case 'A': return MODE_ASSEMBLE;
		case 'B': return MODE_BUILD;
		case 'G': return MODE_GROW;
		case 'I': return MODE_INCREMENTAL;
		case 'F': return MODE_MONITOR;
		case 'E': case 'X': case 'D': case 'Q': case 'S': case 'W': return MODE_MISC;
		}
	}
	(void)misc;
	/* "mdctl /dev/md0 --add /dev/sdb" and friends */
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

static int add_dev(struct options *o, const char *name, enum dev_op op)
{
	if (o->ndevs >= MAX_DEVS) {
		pr_err("too many devices (at most %d)", MAX_DEVS);
		return -1;
	}
	o->devs[o->ndevs].name = name;
	o->devs[o->ndevs].op = op;
	o->ndevs++;
	return 0;
}

/* Returns 0 to run, 1 to exit 0 (help/version), -1 on a bad option (exit 2). */
static int parse_args(int argc, char **argv, struct options *o)
{
	enum dev_op cur_op = DEV_NONE;
	bool md_taken;
	memset(o, 0, sizeof(*o));
	o->level = LEVEL_UNKNOWN;
	o->raid_disks = -1;
	o->spare_disks = -1;
	o->delay = -1;
	o->write_behind = -1;
	o->mode = find_mode(argc, argv, &o->misc);
	/* Modes whose first plain argument is the md device. */
	md_taken = !(o->mode == MODE_CREATE || o->mode == MODE_ASSEMBLE || o->mode == MODE_BUILD ||
		     o->mode == MODE_GROW || o->mode == MODE_MANAGE);
	bool geometry_mode = o->mode == MODE_CREATE || o->mode == MODE_BUILD || o->mode == MODE_GROW;

	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		const char *name = argv[optind - 1 < argc ? optind - 1 : argc - 1];
		switch (c) {
		case 1: /* a plain argument */
			if (!md_taken) {
				o->mddev = optarg;
				md_taken = true;
			} else if (add_dev(o, optarg, cur_op) < 0) {
				return -1;
			}
			break;
		case 'C': case 'A': case 'B': case 'G': case 'I': case 'F': case OPT_MANAGE:
			break; /* mode already chosen by find_mode */
		case OPT_MISC: break;
		case 'E': if (set_misc(o, MISC_EXAMINE)) return -1; break;
		case 'X': if (set_misc(o, MISC_EXAMINE_BITMAP)) return -1; break;
		case 'D': if (set_misc(o, MISC_DETAIL)) return -1; break;
		case 'Q': if (set_misc(o, MISC_QUERY)) return -1; break;
		case 'S': if (set_misc(o, MISC_STOP)) return -1; break;
		case OPT_ZERO: if (set_misc(o, MISC_ZERO_SUPERBLOCK)) return -1; break;
		case 'W': if (set_misc(o, MISC_WAIT)) return -1; break;
		case OPT_ACTION:
			if (set_misc(o, MISC_ACTION)) return -1;
			o->action = optarg;
			break;
		case 'R': o->run = true; break;
		case 'o':
			o->readonly = true;
			if (o->mode == MODE_MISC && o->misc == MISC_NONE) o->misc = MISC_READONLY;
			break;
		case 'w':
			if (o->mode == MODE_MISC && o->misc == MISC_NONE) o->misc = MISC_READWRITE;
			o->readwrite = true;
			cur_op = DEV_NOT_WRITEMOSTLY;
			break;
		case 'l':
			o->level = level_parse(optarg);
			if (o->level == LEVEL_UNKNOWN) {
				pr_err("unknown raid level '%s' (expected linear, 0, 1, 4, 5, 6 or 10)", optarg);
				return -1;
			}
			break;
		case 'n': if (parse_int("--raid-devices", optarg, 1, 1920, &o->raid_disks)) return -1; break;
		case 'x': if (parse_int("--spare-devices", optarg, 0, 1920, &o->spare_disks)) return -1; break;
		case 'c':  /* -c is --chunk where geometry is given, --config elsewhere */
			if (!geometry_mode) {
				o->config = optarg;
				break;
			}
			/* fall through */
		case OPT_CHUNK:
			if (parse_size_kib(optarg, &o->chunk_kib) < 0 || o->chunk_kib == 0) {
				pr_err("invalid chunk size '%s'", optarg);
				return -1;
			}
			break;
		case OPT_CONFIG: o->config = optarg; break;
		case 'p':  /* -p is --program in monitor mode, --layout elsewhere */
			if (o->mode == MODE_MONITOR)
				o->program = optarg;
			else
				o->layout = optarg;
			break;
		case OPT_PROGRAM: o->program = optarg; break;
		case 'm': o->mail = optarg; break;
		case 'i': o->pid_file = optarg; break;
		case '1': o->oneshot = true; break;
		case 'y': break; /* --syslog: events always go to syslog */
		case OPT_DAEMONISE: o->daemonise = true; break;
		case OPT_INCREMENT: if (parse_int("--increment", optarg, 1, 99, &o->increment)) return -1; break;
		case 'z':
			if (!strcmp(optarg, "max")) {
				o->size_max = true;
			} else if (parse_size_kib(optarg, &o->size_kib) < 0 || o->size_kib == 0) {
				pr_err("invalid size '%s'", optarg);
				return -1;
			}
			break;
		case 'Z':
			if (!strcmp(optarg, "max")) {
				o->array_size_kib = UINT64_MAX;
			} else if (parse_size_kib(optarg, &o->array_size_kib) < 0 || o->array_size_kib == 0) {
				pr_err("invalid array size '%s'", optarg);
				return -1;
			}
			break;
		case 'e': o->metadata = optarg; break;
		case 'N': o->name = optarg; break;
		case 'u': o->uuid = optarg; break;
		case OPT_HOMEHOST: o->homehost = optarg; break;
		case 'b':  /* -b is --bitmap where geometry is given, --brief elsewhere */
			if (!geometry_mode) {
				o->brief = true;
				break;
			}
			if (!optarg && optind < argc)
				optarg = argv[optind++];
			/* fall through */
		case OPT_BITMAP:
			if (!optarg) { pr_err("--bitmap needs a value: none, internal or llbitmap"); return -1; }
			o->bitmap = optarg;
			break;
		case OPT_BRIEF: o->brief = true; break;
		case OPT_BITMAP_CHUNK:
			if (parse_size_bytes(optarg, &o->bitmap_chunk_bytes) < 0) {
				pr_err("invalid bitmap chunk size '%s'", optarg);
				return -1;
			}
			if (o->bitmap_chunk_bytes < 1024 && !strpbrk(optarg, "bBsSkKmMgG"))
				o->bitmap_chunk_bytes <<= 10;  /* a bare number is KiB, as in mdadm */
			break;
		case 'd': if (parse_int("--delay", optarg, 1, 86400, &o->delay)) return -1; break;
		case OPT_WRITE_BEHIND:
			o->write_behind = 256;
			if (optarg && parse_int("--write-behind", optarg, 0, 16383, &o->write_behind)) return -1;
			break;
		case OPT_DATA_OFFSET: {
			uint64_t kib;
			if (parse_size_kib(optarg, &kib) < 0) {
				pr_err("invalid data offset '%s'", optarg);
				return -1;
			}
			o->data_offset_sectors = kib * 2;
			break;
		}
		case OPT_LBS:
			if (parse_size_bytes(optarg, &o->logical_block_size) < 0) {
				pr_err("invalid logical block size '%s'", optarg);
				return -1;
			}
			break;
		case OPT_BACKUP: o->backup_file = optarg; break;
		case 'U': o->update = optarg; break;
		case OPT_AUTO: break; /* accepted for mdadm compatibility; udev makes nodes */
		case OPT_CONTINUE: o->continue_ = true; break;
		case OPT_ASSUME_CLEAN: o->assume_clean = true; break;
		case 'f':  /* -f is --fail in manage mode, --force elsewhere */
			if (o->mode == MODE_MANAGE || o->mode == MODE_INCREMENTAL)
				cur_op = DEV_FAIL;
			else if (o->mode == MODE_MONITOR)
				o->daemonise = true;
			else
				o->force = true;
			break;
		case OPT_FAIL: cur_op = DEV_FAIL; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_YES: o->yes = true; break;
		case 's': o->scan = true; break;
		case 'Y': o->export_ = true; break;
		case 't': o->test = true; break;
		case 'v': o->verbose = o->verbose < 0 ? 1 : o->verbose + 1; break;
		case 'q': o->verbose = -1; break;
		case 'h': fputs(usage_text, stdout); return 1;
		case 'V': fprintf(stderr, "mdctl - v%s\n", MDCTL_VERSION); return 1;
		case 'a': cur_op = DEV_ADD; break;
		case OPT_ADD_SPARE: cur_op = DEV_ADD_SPARE; break;
		case OPT_RE_ADD: cur_op = DEV_READD; break;
		case 'r': cur_op = DEV_REMOVE; break;
		case OPT_REPLACE: cur_op = DEV_REPLACE; break;
		case OPT_WITH: cur_op = DEV_WITH; break;
		case OPT_WRITE_MOSTLY: cur_op = DEV_WRITEMOSTLY; break;
		case OPT_READWRITE_MEMBER: cur_op = DEV_NOT_WRITEMOSTLY; break;
		case OPT_FAILFAST: cur_op = DEV_FAILFAST; break;
		case OPT_NOFAILFAST: cur_op = DEV_NOFAILFAST; break;
		case ':':
			pr_err("option %s needs a value", name);
			return -1;
		default:
			pr_err("unrecognised option '%s' (see mdctl --help)", name);
			return -1;
		}
	}
	for (; optind < argc; optind++) {  /* arguments after "--" */
		if (!md_taken) {
			o->mddev = argv[optind];
			md_taken = true;
		} else if (add_dev(o, argv[optind], cur_op) < 0) {
			return -1;
		}
	}
	return 0;
}

static int dispatch(const struct options *o)
{
	switch (o->mode) {
	case MODE_CREATE: return mode_create(o);
	case MODE_ASSEMBLE: return mode_assemble(o);
	case MODE_MANAGE: return mode_manage(o);
	case MODE_GROW: return mode_grow(o);
	case MODE_MISC: return mode_misc(o);
	case MODE_MONITOR: return mode_monitor(o);
	case MODE_INCREMENTAL: return mode_incremental(o);
	default:
		pr_err("this mode is not implemented yet");
		return 1;
	}
}

int main(int argc, char **argv)
{
	static struct options o;  /* large (device list); filled once, read-only after */
	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	int r = parse_args(argc, argv, &o);
	if (r)
		return r > 0 ? 0 : 2;
	msg_set_verbosity(o.verbose);
	return dispatch(&o);
}
