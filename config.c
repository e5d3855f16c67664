/* The config file text -> struct mdconf (mdctl.conf(5), mdadm.conf(5) syntax).
 * Pure: no I/O except problem reports written to the FILE * the caller gives.
 *
 * Syntax, as mdadm 4.6 reads it (checked black-box against that binary):
 * words are separated by blanks; a word that starts with '#' starts a comment
 * to the end of the line ('#' inside a word is an ordinary character); "..."
 * and '...' quote parts of a word; a line that starts with a blank continues
 * the previous logical line, and blank or comment-only lines in between do
 * not end it. The first word is a keyword, matched case-insensitively as any
 * prefix of at least 3 letters, the first keyword in mdadm's table order
 * winning ("MAIL" is MAILADDR, "PRO" is PROGRAM). */
#include "sizes.h"
#include "config.h"
#include "persona.h"
#include "levels.h"
#include "uuid.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* md.c super_1_load(): max_dev above (4096-256)/2 is refused, so no v1.x
 * array has more member slots than this. */
#define CONF_MAX_DEVS 1920
#define CONF_POLICY_MAX 4096            /* one POLICY line, joined */

/* ---- reports ---- */

struct pctx {
	struct mdconf *c;
	const char *file;
	FILE *err;
	int problems;
	bool oom;
};

static void report(struct pctx *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report(struct pctx *p, int line, const char *fmt, ...)
{
	p->problems++;
	if (!p->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(p->err, "%s: %s:%d: ", persona()->prog, p->file, line);
	vfprintf(p->err, fmt, ap);
	fputc('\n', p->err);
	va_end(ap);
}

/* A word as it may appear inside a one-line report: printable ASCII only
 * (a hostile file must not drive the terminal), at most 64 characters. */
#define SHOWN 72
static const char *shown(const char *w, char out[SHOWN])
{
	size_t i = 0;
	for (; w[i] && i < 64; i++)
		out[i] = (w[i] >= 0x20 && w[i] < 0x7f) ? w[i] : '?';
	if (w[i])
		memcpy(out + i, "...", 4);
	else
		out[i] = 0;
	return out;
}

/* ---- small helpers ---- */

/* Copies val into dst[size]; a value that does not fit is reported and dropped. */
static bool set_str(struct pctx *p, int line, char *dst, size_t size, const char *val,
		    const char *what)
{
	size_t n = strlen(val);
	if (n >= size) {
		report(p, line, "%s is too long (%zu characters, at most %zu)", what, n, size - 1);
		return false;
	}
	memcpy(dst, val, n + 1);
	return true;
}

/* Decimal integer in [min, max], nothing else. */
static bool parse_int(const char *s, long min, long max, int *out)
{
	long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
		if (v > max)
			return false;
	}
	if (v < min)
		return false;
	*out = (int)v;
	return true;
}

/* "key=value" with key matched case-insensitively: the value, or NULL. */
static const char *value_of(const char *w, const char *key)
{
	size_t n = strlen(key);
	return strncasecmp(w, key, n) == 0 && w[n] == '=' ? w + n + 1 : NULL;
}

static bool push_str(struct pctx *p, char ***v, int *n, const char *s)
{
	char **nv = realloc(*v, (size_t)(*n + 1) * sizeof(**v));
	if (!nv) {
		p->oom = true;
		return false;
	}
	*v = nv;
	if (!(nv[*n] = strdup(s))) {
		p->oom = true;
		return false;
	}
	(*n)++;
	return true;
}

/* ---- one logical line: its words, each with the physical line it is on ---- */

struct word {
	size_t off;                     /* into buf */
	int line;
};

struct lline {
	char *buf;                      /* the words, each NUL-terminated */
	size_t len, cap;
	struct word *w;
	int n, wcap;
};

static const char *W(const struct lline *l, int i) { return l->buf + l->w[i].off; }
static int L(const struct lline *l, int i) { return l->w[i].line; }

static bool buf_put(struct pctx *p, struct lline *l, char ch)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		char *nb = realloc(l->buf, cap);
		if (!nb) {
			p->oom = true;
			return false;
		}
		l->buf = nb;
		l->cap = cap;
	}
	l->buf[l->len++] = ch;
	return true;
}

static bool word_start(struct pctx *p, struct lline *l, int line)
{
	if (l->n == l->wcap) {
		int cap = l->wcap ? l->wcap * 2 : 16;
		struct word *nw = realloc(l->w, (size_t)cap * sizeof(*nw));
		if (!nw) {
			p->oom = true;
			return false;
		}
		l->w = nw;
		l->wcap = cap;
	}
	l->w[l->n].off = l->len;
	l->w[l->n].line = line;
	l->n++;
	return true;
}

/* CR counts as a blank so that files saved with CRLF line ends still work
 * (mdadm would keep the CR in the last word); NUL so that no word hides one
 * (inside quotes NULs are dropped). */
static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\0';
}

/* Adds the words of one physical line s[0..n) to l. */
static void split_words(struct pctx *p, struct lline *l, const char *s, size_t n, int line)
{
	size_t i = 0;
	while (i < n && !p->oom) {
		if (is_blank(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#')
			return;
		if (!word_start(p, l, line))
			return;
		while (i < n && !is_blank(s[i])) {
			if (s[i] != '"' && s[i] != '\'') {
				if (!buf_put(p, l, s[i++]))
					return;
				continue;
			}
			char q = s[i++];
			for (; i < n && s[i] != q; i++)
				if (s[i] && !buf_put(p, l, s[i]))
					return;
			if (i == n)
				report(p, line, "unterminated %c quote", q);
			else
				i++;
		}
		if (!buf_put(p, l, 0))
			return;
	}
}

/* ---- keywords ---- */

/* mdadm's keyword table, in its order (the order decides short prefixes). */
enum kw {
	KW_DEVICES, KW_ARRAY, KW_MAILADDR, KW_MAILFROM, KW_PROGRAM, KW_CREATE, KW_HOMEHOST,
	KW_HOMECLUSTER, KW_AUTO, KW_POLICY, KW_PART_POLICY, KW_SYSFS, KW_MONITORDELAY,
	KW_ENCRYPTION_NO_VERIFY, KW_PROBING, KW_COUNT
};
static const char *const keywords[KW_COUNT] = {
	"devices", "array", "mailaddr", "mailfrom", "program", "create", "homehost",
	"homecluster", "auto", "policy", "part-policy", "sysfs", "monitordelay",
	"encryption_no_verify", "probing",
};

static int match_keyword(const char *w)
{
	size_t n = strlen(w);
	if (n < 3)
		return -1;
	for (int k = 0; k < KW_COUNT; k++)
		if (n <= strlen(keywords[k]) && strncasecmp(w, keywords[k], n) == 0)
			return k;
	return -1;
}

/* ---- DEVICE ---- */

static void do_device(struct pctx *p, const struct lline *l)
{
	struct mdconf *c = p->c;
	char b[SHOWN];
	c->has_device_line = true;
	for (int i = 1; i < l->n && !p->oom; i++) {
		const char *w = W(l, i);
		if (strcasecmp(w, "partitions") == 0)
			c->device_partitions = true;
		else if (strcasecmp(w, "containers") == 0)
			c->device_containers = true;
		else if (w[0] != '/')
			report(p, L(l, i), "DEVICE takes /dev paths, 'partitions' or 'containers', not '%s'",
			       shown(w, b));
		else if (strlen(w) >= CONF_PATH_MAX)
			report(p, L(l, i), "DEVICE path is too long (at most %d characters)", CONF_PATH_MAX - 1);
		else
			push_str(p, &c->devices, &c->ndevices, w);
	}
}

/* ---- ARRAY ---- */

/* metadata= values mdadm knows; others are reported and dropped. */
static bool known_metadata(const char *v)
{
	static const char *const names[] = {
		"0", "0.90", "00.90", "1", "1.0", "1.1", "1.2", "01.0", "01.1", "01.2",
		"default", "ddf", "imsm",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(v, names[i]) == 0)
			return true;
	return false;
}

/* Levels that may appear on mdadm's ARRAY lines but that mdctl does not drive:
 * accepted without a report, level stays LEVEL_UNKNOWN. */
static bool other_level(const char *v)
{
	return !strcasecmp(v, "container") || !strcasecmp(v, "multipath") ||
	       !strcasecmp(v, "faulty") || !strcasecmp(v, "mp");
}

static void array_devices(struct pctx *p, struct conf_array *a, int line, const char *v)
{
	char b[SHOWN];
	size_t have = strlen(a->devices), n = strlen(v);
	if (!n)
		return;
	if (have + (have ? 1 : 0) + n >= sizeof(a->devices)) {
		report(p, line, "devices= list is too long (at most %zu characters in all), '%s' dropped",
		       sizeof(a->devices) - 1, shown(v, b));
		return;
	}
	if (have)
		a->devices[have++] = ',';
	memcpy(a->devices + have, v, n + 1);
}

/* One key=value word of an ARRAY line. Returns false when the line must be dropped. */
static bool array_word(struct pctx *p, struct conf_array *a, int line, const char *w)
{
	char b[SHOWN];
	const char *v;
	if ((v = value_of(w, "uuid"))) {
		uint8_t u[16];
		if (uuid_parse(v, u) < 0) {
			report(p, line, "bad uuid '%s', ARRAY line ignored", shown(v, b));
			return false;
		}
		if (a->has_uuid) {
			if (memcmp(u, a->uuid, 16))
				report(p, line, "ARRAY line has a second, different uuid= (ignored)");
			return true;
		}
		memcpy(a->uuid, u, 16);
		a->has_uuid = true;
	} else if ((v = value_of(w, "name"))) {
		set_str(p, line, a->name, sizeof(a->name), v, "name=");
	} else if ((v = value_of(w, "devices"))) {
		array_devices(p, a, line, v);
	} else if ((v = value_of(w, "level"))) {
		int lv = level_parse(v);
		if (lv != LEVEL_UNKNOWN)
			a->level = lv;
		else if (!other_level(v))
			report(p, line, "unknown level '%s'", shown(v, b));
	} else if ((v = value_of(w, "num-devices")) || (v = value_of(w, "disks"))) {
		if (!parse_int(v, 1, CONF_MAX_DEVS, &a->raid_disks))
			report(p, line, "num-devices= needs a number from 1 to %d, not '%s'", CONF_MAX_DEVS,
			       shown(v, b));
	} else if ((v = value_of(w, "spares"))) {
		if (!parse_int(v, 0, CONF_MAX_DEVS, &a->spares))
			report(p, line, "spares= needs a number from 0 to %d, not '%s'", CONF_MAX_DEVS,
			       shown(v, b));
	} else if ((v = value_of(w, "metadata"))) {
		if (!known_metadata(v))
			report(p, line, "unknown metadata '%s'", shown(v, b));
		else
			set_str(p, line, a->metadata, sizeof(a->metadata), v, "metadata=");
	} else if ((v = value_of(w, "spare-group"))) {
		set_str(p, line, a->spare_group, sizeof(a->spare_group), v, "spare-group=");
	} else if (value_of(w, "auto") || value_of(w, "bitmap") || value_of(w, "container") ||
		   value_of(w, "member") || value_of(w, "type") || value_of(w, "super-minor")) {
		/* mdadm's; nothing here uses them */
	} else {
		report(p, line, "unknown word '%s' on ARRAY line", shown(w, b));
	}
	return true;
}

static void do_array(struct pctx *p, const struct lline *l)
{
	struct conf_array a;
	char b[SHOWN];
	memset(&a, 0, sizeof(a));
	a.line = L(l, 0);
	a.level = LEVEL_UNKNOWN;
	a.raid_disks = -1;
	a.spares = -1;
	int i = 1;
	if (i < l->n && !strchr(W(l, i), '=')) {
		if (strcasecmp(W(l, i), "<ignore>") == 0)
			a.ignore = true;
		else
			set_str(p, L(l, i), a.devname, sizeof(a.devname), W(l, i), "ARRAY device name");
		i++;
	}
	for (; i < l->n; i++) {
		if (!strchr(W(l, i), '='))
			report(p, L(l, i), "unexpected word '%s' on ARRAY line", shown(W(l, i), b));
		else if (!array_word(p, &a, L(l, i), W(l, i)))
			return;
	}
	if (!a.devname[0] && !a.has_uuid && !a.name[0] && !a.devices[0])
		report(p, a.line, "ARRAY line has no identity (no device name, uuid=, name= or devices=)");
	struct conf_array *na = realloc(p->c->arrays, (size_t)(p->c->narrays + 1) * sizeof(*na));
	if (!na) {
		p->oom = true;
		return;
	}
	p->c->arrays = na;
	na[p->c->narrays++] = a;
}

/* ---- CREATE ---- */

static void create_word(struct pctx *p, int line, const char *w)
{
	struct mdconf *c = p->c;
	char b[SHOWN];
	const char *v;
	if ((v = value_of(w, "owner"))) {
		if (!*v)
			report(p, line, "CREATE owner= needs a user name");
		else
			set_str(p, line, c->create_owner, sizeof(c->create_owner), v, "CREATE owner=");
	} else if ((v = value_of(w, "group"))) {
		if (!*v)
			report(p, line, "CREATE group= needs a group name");
		else
			set_str(p, line, c->create_group, sizeof(c->create_group), v, "CREATE group=");
	} else if ((v = value_of(w, "mode"))) {
		int m = 0;
		const char *d = v;
		for (; *d >= '0' && *d <= '7' && m <= 07777; d++)
			m = m * 8 + (*d - '0');
		if (!*v || *d || m > 07777)
			report(p, line, "CREATE mode= needs an octal mode such as 0660, not '%s'", shown(v, b));
		else
			c->create_mode = m;
	} else if ((v = value_of(w, "names"))) {
		if (!strcasecmp(v, "yes"))
			c->create_names = 1;
		else if (!strcasecmp(v, "no"))
			c->create_names = 0;
		else
			report(p, line, "CREATE names= is yes or no, not '%s'", shown(v, b));
	} else if (value_of(w, "metadata") || value_of(w, "symlinks") || value_of(w, "auto") ||
		   value_of(w, "bbl")) {
		/* accepted for mdadm compatibility, not used */
	} else {
		report(p, line, "unknown word '%s' on CREATE line", shown(w, b));
	}
}

static void do_create(struct pctx *p, const struct lline *l)
{
	for (int i = 1; i < l->n; i++)
		create_word(p, L(l, i), W(l, i));
}

/* ---- one-value keywords ---- */

/* The single word after keyword k, or NULL (reported) when missing. Extra
 * words and a repeated keyword are reported; the first value stays. */
static const char *single(struct pctx *p, const struct lline *l, const char *k, bool already)
{
	char b[SHOWN];
	if (l->n < 2 || !W(l, 1)[0]) {
		report(p, L(l, 0), "%s needs a value", k);
		return NULL;
	}
	if (l->n > 2)
		report(p, L(l, 2), "%s takes one word, '%s' and the rest ignored", k, shown(W(l, 2), b));
	if (already) {
		report(p, L(l, 0), "%s given again, the first one stays", k);
		return NULL;
	}
	return W(l, 1);
}

static void do_mailaddr(struct pctx *p, const struct lline *l)
{
	const char *v = single(p, l, "MAILADDR", p->c->mailaddr[0]);
	if (v)
		set_str(p, L(l, 1), p->c->mailaddr, sizeof(p->c->mailaddr), v, "MAILADDR");
}

static void do_program(struct pctx *p, const struct lline *l)
{
	const char *v = single(p, l, "PROGRAM", p->c->program[0]);
	if (v)
		set_str(p, L(l, 1), p->c->program, sizeof(p->c->program), v, "PROGRAM");
}

static void do_homehost(struct pctx *p, const struct lline *l)
{
	struct mdconf *c = p->c;
	const char *v = single(p, l, "HOMEHOST", c->homehost != HH_SYSTEM || c->homehost_name[0]);
	if (!v)
		return;
	if (!strcasecmp(v, "<system>"))
		c->homehost = HH_SYSTEM;
	else if (!strcasecmp(v, "<none>"))
		c->homehost = HH_NONE;
	else if (!strcasecmp(v, "<ignore>"))
		c->homehost = HH_IGNORE;
	else if (set_str(p, L(l, 1), c->homehost_name, sizeof(c->homehost_name), v, "HOMEHOST"))
		c->homehost = HH_NAME;
}

/* MAILFROM keeps every word: "MAILFROM mdadm monitor <root@host>". */
static void do_mailfrom(struct pctx *p, const struct lline *l)
{
	struct mdconf *c = p->c;
	if (l->n < 2) {
		report(p, L(l, 0), "MAILFROM needs a value");
		return;
	}
	if (c->mailfrom[0]) {
		report(p, L(l, 0), "MAILFROM given again, the first one stays");
		return;
	}
	size_t len = 0;
	for (int i = 1; i < l->n; i++) {
		size_t n = strlen(W(l, i));
		if (len + (len ? 1 : 0) + n >= sizeof(c->mailfrom)) {
			report(p, L(l, i), "MAILFROM is too long (at most %zu characters)",
			       sizeof(c->mailfrom) - 1);
			c->mailfrom[0] = 0;
			return;
		}
		if (len)
			c->mailfrom[len++] = ' ';
		memcpy(c->mailfrom + len, W(l, i), n + 1);
		len += n;
	}
}

/* ---- AUTO ---- */

static void do_auto(struct pctx *p, const struct lline *l)
{
	struct mdconf *c = p->c;
	char b[SHOWN];
	for (int i = 1; i < l->n; i++) {
		const char *w = W(l, i);
		size_t n = strlen(w);
		if (c->nauto == CONF_MAX_AUTO) {
			report(p, L(l, i), "more than %d AUTO words, '%s' and the rest ignored", CONF_MAX_AUTO,
			       shown(w, b));
			return;
		}
		if (strcasecmp(w, "homehost") && (n < 2 || (w[0] != '+' && w[0] != '-'))) {
			report(p, L(l, i), "AUTO word '%s' is neither homehost nor +type/-type", shown(w, b));
			continue;
		}
		if (n >= sizeof(c->auto_tok[0])) {
			report(p, L(l, i), "AUTO word '%s' is too long", shown(w, b));
			continue;
		}
		for (size_t j = 0; j <= n; j++)
			c->auto_tok[c->nauto][j] = (w[j] >= 'A' && w[j] <= 'Z') ? (char)(w[j] - 'A' + 'a') : w[j];
		c->nauto++;
	}
}

/* Does AUTO type t (after its sign) cover metadata version md? */
static bool auto_matches(const char *t, const char *md)
{
	if (!strcmp(t, "all"))
		return true;
	if (!md)
		return false;
	if (!strcmp(t, "1.x"))
		return !strcmp(md, "1") || !strncmp(md, "1.", 2);
	if (!strcmp(t, "0.90"))
		return !strcmp(md, "0") || !strcmp(md, "0.90") || !strcmp(md, "00.90");
	return strcasecmp(t, md) == 0;
}

bool conf_auto_allows(const struct mdconf *c, const char *metadata, bool is_local)
{
	for (int i = 0; i < c->nauto; i++) {
		const char *t = c->auto_tok[i];
		if (!strcmp(t, "homehost")) {
			if (is_local)
				return true;
			continue;
		}
		if (auto_matches(t + 1, metadata))
			return t[0] == '+';
	}
	return true;
}

/* ---- POLICY, PART-POLICY, MONITORDELAY ---- */

static void do_policy(struct pctx *p, const struct lline *l, char ***v, int *n, const char *k)
{
	char text[CONF_POLICY_MAX];
	size_t len = 0;
	if (l->n < 2) {
		report(p, L(l, 0), "%s line is empty", k);
		return;
	}
	for (int i = 1; i < l->n; i++) {
		size_t wn = strlen(W(l, i));
		if (len + (len ? 1 : 0) + wn >= sizeof(text)) {
			report(p, L(l, 0), "%s line is too long (at most %zu characters), ignored", k,
			       sizeof(text) - 1);
			return;
		}
		if (len)
			text[len++] = ' ';
		memcpy(text + len, W(l, i), wn + 1);
		len += wn;
	}
	push_str(p, v, n, text);
}

static void do_monitordelay(struct pctx *p, const struct lline *l)
{
	char b[SHOWN];
	const char *v = single(p, l, "MONITORDELAY", p->c->monitor_delay >= 0);
	if (v && !parse_int(v, 1, 86400, &p->c->monitor_delay))
		report(p, L(l, 1), "MONITORDELAY needs seconds from 1 to 86400, not '%s'", shown(v, b));
}

/* ---- dispatch ---- */

static void do_line(struct pctx *p, const struct lline *l)
{
	char b[SHOWN];
	struct mdconf *c = p->c;
	switch (match_keyword(W(l, 0))) {
	case KW_DEVICES: do_device(p, l); break;
	case KW_ARRAY: do_array(p, l); break;
	case KW_MAILADDR: do_mailaddr(p, l); break;
	case KW_MAILFROM: do_mailfrom(p, l); break;
	case KW_PROGRAM: do_program(p, l); break;
	case KW_CREATE: do_create(p, l); break;
	case KW_HOMEHOST: do_homehost(p, l); break;
	case KW_AUTO: do_auto(p, l); break;
	case KW_POLICY: do_policy(p, l, &c->policies, &c->npolicies, "POLICY"); break;
	case KW_PART_POLICY: do_policy(p, l, &c->part_policies, &c->npart_policies, "PART-POLICY"); break;
	case KW_MONITORDELAY: do_monitordelay(p, l); break;
	case KW_HOMECLUSTER: case KW_SYSFS: case KW_ENCRYPTION_NO_VERIFY: case KW_PROBING:
		break;                  /* mdadm features mdctl does not have */
	default:
		report(p, L(l, 0), "unknown keyword '%s', line ignored", shown(W(l, 0), b));
	}
}

/* ---- entry points ---- */

void conf_init(struct mdconf *c)
{
	memset(c, 0, sizeof(*c));
	c->homehost = HH_SYSTEM;
	c->create_mode = -1;
	c->create_names = -1;
	c->monitor_delay = -1;
}

static void free_strs(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void conf_free(struct mdconf *c)
{
	free_strs(c->devices, c->ndevices);
	free_strs(c->policies, c->npolicies);
	free_strs(c->part_policies, c->npart_policies);
	free(c->arrays);
	conf_init(c);
}

int conf_parse_append(const char *text, size_t len, const char *filename, struct mdconf *c,
		      FILE *err)
{
	struct pctx p = { .c = c, .file = filename ? filename : "(config)", .err = err };
	struct lline l = { 0 };
	size_t pos = 0;
	int lineno = 0;
	while (pos < len && !p.oom) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		lineno++;
		/* A word in the first column starts a new logical line. */
		if (n && !is_blank(s[0]) && s[0] != '#') {
			if (l.n)
				do_line(&p, &l);
			l.n = 0;
			l.len = 0;
		}
		split_words(&p, &l, s, n, lineno);
		pos += n + 1;
	}
	if (l.n && !p.oom)
		do_line(&p, &l);
	free(l.buf);
	free(l.w);
	return p.oom ? -1 : p.problems;
}

int conf_parse(const char *text, size_t len, const char *filename, struct mdconf *c, FILE *err)
{
	conf_init(c);
	return conf_parse_append(text, len, filename, c, err);
}

/* ---- lookup ---- */

/* The /dev path a devname means: "md0" -> "/dev/md0", "md/home" and "home"
 * -> "/dev/md/home" (how mdadm reads names that are not paths). */
static void full_devname(const char *s, char *out, size_t n)
{
	if (s[0] == '/')
		snprintf(out, n, "%s", s);
	else if (!strncmp(s, "md/", 3) || (!strncmp(s, "md", 2) && str_all_digits(s + 2)) ||
		 (!strncmp(s, "md_d", 4) && str_all_digits(s + 4)))
		snprintf(out, n, "/dev/%s", s);
	else
		snprintf(out, n, "/dev/md/%s", s);
}

const struct conf_array *conf_find_array(const struct mdconf *c, const uint8_t uuid[16],
					 const char *devname)
{
	if (uuid)
		for (int i = 0; i < c->narrays; i++)
			if (c->arrays[i].has_uuid && !memcmp(c->arrays[i].uuid, uuid, 16))
				return &c->arrays[i];
	if (!devname || !devname[0])
		return NULL;
	char want[CONF_PATH_MAX + 16], have[CONF_PATH_MAX + 16];
	full_devname(devname, want, sizeof(want));
	for (int i = 0; i < c->narrays; i++) {
		const struct conf_array *a = &c->arrays[i];
		/* a line naming another uuid describes another array */
		if (!a->devname[0] || (uuid && a->has_uuid))
			continue;
		full_devname(a->devname, have, sizeof(have));
		if (!strcmp(want, have))
			return a;
	}
	return NULL;
}
