/* POLICY / PART-POLICY lines of the config (mdadm.conf(5)) as rules, and
 * what they allow for one device: policy.c is pure (no I/O; problems go to
 * the FILE * given), unit-tested in tests/unit/test_policy.c. Applied by
 * --incremental to devices without md metadata (incremental_policy.c) and
 * turned into udev rules by --udev-rules (udev_rules.c). */
#ifndef MDCTL_POLICY_H
#define MDCTL_POLICY_H
#include <stdbool.h>
#include <stdio.h>

struct mdconf;

/* In order of permissiveness: a device matching several lines gets the
 * highest. PA_UNKNOWN: action= with a word mdadm 4.6 does not know (it
 * allows nothing here, but --udev-rules still lists the line, as mdadm's). */
enum pol_action { PA_NONE, PA_INCLUDE, PA_READD, PA_SPARE, PA_SPARE_SAME_SLOT, PA_FORCE_SPARE, PA_UNKNOWN };
enum pol_auto { PAUTO_NONE, PAUTO_YES, PAUTO_NO, PAUTO_HOMEHOST };

#define POL_WORD 256

struct policy_rule {
	bool part;                      /* a PART-POLICY line */
	char domain[64];                /* "" none */
	char metadata[16];              /* "" any; "0.9", "1.x", "1.2", "imsm", ... */
	char path[POL_WORD];            /* glob over the /dev/disk/by-path name, "" any */
	char type[16];                  /* "disk", "part", "" any (other words match nothing) */
	enum pol_action action;
	enum pol_auto auto_;
};

/* One line's text (as config.c keeps it: words joined by one blank) into r.
 * Each word that is not keyword=value with a known keyword is reported on
 * err as "PROG: policy rule WORD unrecognised and ignored" (mdadm 4.6's
 * message) and skipped; so is a bad value. Returns the number of reports. */
int policy_rule_parse(const char *text, bool part, const char *prog, struct policy_rule *r, FILE *err);

/* The device a decision is about. */
#define POL_PATHS 4
struct policy_dev {
	/* its /dev/disk/by-path names ("pci-...-ata-1"; a disk may have more
	 * than one): a path= glob applies when it matches any of them */
	char paths[POL_PATHS][POL_WORD];
	int npaths;
	bool is_part;
	int partno;                     /* partition number when is_part */
};

/* Does metadata word w (a line's metadata=) cover an array of version v
 * ("1.2", "0.90")? "" covers everything. */
bool policy_metadata_covers(const char *w, const char *v);
/* Does rule r apply to device d for an array of metadata meta (NULL: any
 * array, the rule's metadata= is not looked at)? */
bool policy_applies(const struct policy_rule *r, const struct policy_dev *d, const char *meta);
/* The most permissive action of the rules that apply (PA_UNKNOWN counts as
 * nothing), PA_NONE when none does. */
enum pol_action policy_action(const struct policy_rule *r, int n, const struct policy_dev *d, const char *meta);

/* auto= of the first rule that applies and sets one (PAUTO_NONE: none
 * does): whether an array on device d may be assembled by --incremental,
 * before the config's AUTO line is asked (mdadm.conf(5) POLICY auto=). */
enum pol_auto policy_auto(const struct policy_rule *r, int n, const struct policy_dev *d, const char *meta);

/* The domains of device d (for arrays of metadata meta): each applying
 * rule's domain= (PART-POLICY: with "-partN" added), each once, into
 * out[max]. Returns how many (at most max). */
#define POL_DOMAIN 80
int policy_domains(const struct policy_rule *r, int n, const struct policy_dev *d, const char *meta,
		   char (*out)[POL_DOMAIN], int max);
/* Is every domain of the device (dev[nd]) among the array's (arr[na])? A
 * device without a domain is a candidate for no array (as mdadm 4.6). */
bool policy_domains_cover(char (*arr)[POL_DOMAIN], int na, char (*dev)[POL_DOMAIN], int nd);

/* Write the udev rules --udev-rules prints for these rules to f: one line
 * per distinct path= (the most recent line's type= wins) of a line whose action asks for bare devices
 * (spare-same-slot, force-spare, or an unknown word), most recent line
 * first as mdadm 4.6 orders them, each running "BIN --incremental
 * $env{DEVNAME}". Paths with a quote or backslash are left out (they would
 * break the rule). */
void policy_udev_rules(const struct policy_rule *r, int n, const char *prog, const char *bin, FILE *f);
/* Every POLICY and PART-POLICY line of c (POLICY lines first) as rules,
 * problems reported on err: the count, with *out malloc'ed (free it), 0
 * (none, *out NULL), or -1 out of memory. */
int policy_rules_from_conf(const struct mdconf *c, const char *prog, FILE *err, struct policy_rule **out);
#endif
