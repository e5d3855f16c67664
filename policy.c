/* POLICY / PART-POLICY rules (policy.h): parsing a line's keyword=value
 * words, matching a device against the rules, and the udev rules they imply.
 * Pure: no I/O but the FILE * given. Behaviour checked black-box against
 * mdadm 4.6 (tests/vm/t_policy.sh): an unknown keyword is reported and
 * skipped, the rest of the line applies; a device without a domain is a
 * spare candidate for no array; --udev-rules lists only lines with a path=
 * whose action goes beyond spare. */
#include "policy.h"
#include "sizes.h"
#include "config.h"
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* Printable ASCII only in a report (the config may be hostile). */
static void report(FILE *err, const char *prog, const char *word)
{
	if (!err)
		return;
	fprintf(err, "%s: policy rule ", prog);
	for (int i = 0; word[i] && i < 64; i++)
		fputc(word[i] >= 0x20 && word[i] < 0x7f ? word[i] : '?', err);
	fputs(" unrecognised and ignored\n", err);
}


static const char *const action_names[] = {
	[PA_INCLUDE] = "include", [PA_READD] = "re-add", [PA_SPARE] = "spare",
	[PA_SPARE_SAME_SLOT] = "spare-same-slot", [PA_FORCE_SPARE] = "force-spare",
};

static enum pol_action parse_action(const char *v)
{
	for (int a = PA_INCLUDE; a <= PA_FORCE_SPARE; a++)
		if (!strcmp(v, action_names[a]))
			return (enum pol_action)a;
	return PA_UNKNOWN;
}

/* One keyword=value word into r; false when unrecognised. */
static bool parse_word(const char *w, struct policy_rule *r)
{
	const char *eq = strchr(w, '=');
	if (!eq || eq == w)
		return false;
	size_t kl = (size_t)(eq - w);
	const char *v = eq + 1;
#define KW(s) (kl == sizeof(s) - 1 && !strncmp(w, s, kl))
	if (KW("domain"))
		return str_copy(r->domain, sizeof(r->domain), v);
	if (KW("metadata"))
		return str_copy(r->metadata, sizeof(r->metadata), v);
	if (KW("path"))
		return str_copy(r->path, sizeof(r->path), v);
	if (KW("type"))
		return str_copy(r->type, sizeof(r->type), v);
	if (KW("action")) {
		r->action = parse_action(v);
		return true;
	}
	if (KW("auto")) {
		if (!strcmp(v, "yes"))
			r->auto_ = PAUTO_YES;
		else if (!strcmp(v, "no"))
			r->auto_ = PAUTO_NO;
		else if (!strcmp(v, "homehost"))
			r->auto_ = PAUTO_HOMEHOST;
		else
			return false;
		return true;
	}
#undef KW
	return false;
}

int policy_rule_parse(const char *text, bool part, const char *prog, struct policy_rule *r, FILE *err)
{
	char w[POL_WORD + 16];
	int problems = 0;
	memset(r, 0, sizeof(*r));
	r->part = part;
	for (const char *s = text; *s;) {
		while (*s == ' ')
			s++;
		size_t l = strcspn(s, " ");
		if (!l)
			break;
		if (l >= sizeof(w))
			l = sizeof(w) - 1;     /* too long for any value: reported below */
		memcpy(w, s, l);
		w[l] = '\0';
		s += strcspn(s, " ");
		if (!parse_word(w, r)) {
			report(err, prog, w);
			problems++;
		}
	}
	return problems;
}

bool policy_metadata_covers(const char *w, const char *v)
{
	if (!w[0])
		return true;
	if (!strcmp(w, v))
		return true;
	if (!strcmp(w, "1.x") || !strcmp(w, "1"))
		return !strncmp(v, "1.", 2);
	if (!strcmp(w, "0.9") || !strcmp(w, "0.90") || !strcmp(w, "0"))
		return !strcmp(v, "0.90") || !strcmp(v, "0.9");
	return false;
}

/* The path a rule's glob is matched against: PART-POLICY describes the disk,
 * so a partition's "-partN" is taken off its by-path name. */
static bool name_matches(const struct policy_rule *r, const struct policy_dev *d, const char *name)
{
	if (!r->part)
		return fnmatch(r->path, name, 0) == 0;
	char disk[POL_WORD + 32], suffix[24];
	snprintf(suffix, sizeof(suffix), "-part%d", d->partno);
	size_t l = strlen(name), sl = strlen(suffix);
	if (l <= sl || l - sl >= sizeof(disk) || strcmp(name + l - sl, suffix))
		return false;
	memcpy(disk, name, l - sl);
	disk[l - sl] = '\0';
	return fnmatch(r->path, disk, 0) == 0;
}

static bool path_matches(const struct policy_rule *r, const struct policy_dev *d)
{
	if (!r->path[0])
		return true;
	for (int i = 0; i < d->npaths && i < POL_PATHS; i++)
		if (name_matches(r, d, d->paths[i]))
			return true;
	return false;
}

bool policy_applies(const struct policy_rule *r, const struct policy_dev *d, const char *meta)
{
	if (r->part) {
		if (!d->is_part)
			return false;  /* its type= names the disk the partitions are on */
	} else if (r->type[0] && strcmp(r->type, d->is_part ? "part" : "disk")) {
		return false;
	}
	if (meta && !policy_metadata_covers(r->metadata, meta))
		return false;
	return path_matches(r, d);
}

enum pol_action policy_action(const struct policy_rule *r, int n, const struct policy_dev *d, const char *meta)
{
	enum pol_action best = PA_NONE;
	for (int i = 0; i < n; i++)
		if (r[i].action != PA_UNKNOWN && r[i].action > best && policy_applies(&r[i], d, meta))
			best = r[i].action;
	return best;
}

enum pol_auto policy_auto(const struct policy_rule *r, int n, const struct policy_dev *d, const char *meta)
{
	for (int i = 0; i < n; i++)
		if (r[i].auto_ != PAUTO_NONE && policy_applies(&r[i], d, meta))
			return r[i].auto_;
	return PAUTO_NONE;
}

int policy_domains(const struct policy_rule *r, int n, const struct policy_dev *d, const char *meta,
		   char (*out)[POL_DOMAIN], int max)
{
	int k = 0;
	for (int i = 0; i < n && k < max; i++) {
		char dom[POL_DOMAIN];
		if (!r[i].domain[0] || !policy_applies(&r[i], d, meta))
			continue;
		if (r[i].part)
			snprintf(dom, sizeof(dom), "%.60s-part%d", r[i].domain, d->partno);
		else
			snprintf(dom, sizeof(dom), "%s", r[i].domain);
		bool dup = false;
		for (int j = 0; j < k && !dup; j++)
			dup = !strcmp(out[j], dom);
		if (!dup)
			memcpy(out[k++], dom, sizeof(dom));
	}
	return k;
}

bool policy_domains_cover(char (*arr)[POL_DOMAIN], int na, char (*dev)[POL_DOMAIN], int nd)
{
	if (nd == 0)
		return false;
	for (int i = 0; i < nd; i++) {
		bool found = false;
		for (int j = 0; j < na && !found; j++)
			found = !strcmp(arr[j], dev[i]);
		if (!found)
			return false;
	}
	return true;
}

/* The DEVTYPE a rule's udev line asks for: PART-POLICY always partitions. */
static const char *rule_devtype(const struct policy_rule *r)
{
	return r->part ? "part" : r->type;
}

void policy_udev_rules(const struct policy_rule *r, int n, const char *prog, const char *bin, FILE *f)
{
	fprintf(f, "# do not edit this file, it is automatically generated by %s\n\n", prog);
	for (int i = n - 1; i >= 0; i--) {
		if (r[i].action < PA_SPARE_SAME_SLOT || !r[i].path[0] || strpbrk(r[i].path, "\"\\\n") ||
		    strpbrk(rule_devtype(&r[i]), "\"\\\n"))
			continue;
		bool dup = false;
		for (int j = n - 1; j > i && !dup; j--)
			dup = r[j].action >= PA_SPARE_SAME_SLOT && !strcmp(r[j].path, r[i].path);
		if (dup)
			continue;
		fputs("ACTION==\"add\", SUBSYSTEM==\"block\", ", f);
		if (rule_devtype(&r[i])[0])
			fprintf(f, "ENV{DEVTYPE}==\"%s\", ", rule_devtype(&r[i]));
		fprintf(f, "ENV{ID_PATH}==\"%s\", RUN+=\"%s --incremental $env{DEVNAME}\"\n", r[i].path, bin);
	}
}

int policy_rules_from_conf(const struct mdconf *c, const char *prog, FILE *err, struct policy_rule **out)
{
	int n = c->npolicies + c->npart_policies;
	*out = NULL;
	if (!n)
		return 0;
	struct policy_rule *r = calloc((size_t)n, sizeof(*r));
	if (!r)
		return -1;
	/* config order within each kind; POLICY lines first (the order of the
	 * lines changes no decision, only --udev-rules' listing) */
	for (int i = 0; i < c->npolicies; i++)
		(void)policy_rule_parse(c->policies[i], false, prog, &r[i], err);
	for (int i = 0; i < c->npart_policies; i++)
		(void)policy_rule_parse(c->part_policies[i], true, prog, &r[c->npolicies + i], err);
	*out = r;
	return n;
}
