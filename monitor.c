/* --monitor: watch arrays and report what changes (Fail, DegradedArray,
 * RebuildStarted, ...). Wakes on /proc/mdstat's poll notification, which md
 * raises for every start, stop, failure, add, remove and sync start/end
 * (md.c md_new_event(), mdstat_poll()), and every --delay seconds for the
 * progress steps in between. */
#include "alert.h"
#include "config.h"
#include "json_render.h"
#include "modes.h"
#include "mdio.h"
#include "monitor_events.h"
#include "spare_share.h"
#include "persona.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>

#define MON_MAX_ARRAYS 512

/* What the loop needs from the command line, copied once by setup(). */
struct monitor {
	bool test, scan, oneshot;
	int delay;                      /* --delay, 0: the config's, else 60 s */
	const char *config;             /* re-read on SIGHUP */
	struct mdconf conf;
	struct alert_ctx alert;
	int increment;
	bool first_pass;
	int nw;
	struct watch w[MON_MAX_ARRAYS];
};

static struct watch *watch_find(struct monitor *m, const char *kname)
{
	for (int i = 0; i < m->nw; i++)
		if (!strcmp(m->w[i].kname, kname))
			return &m->w[i];
	return NULL;
}

static struct watch *watch_add(struct monitor *m, const char *kname, bool named)
{
	if (m->nw >= MON_MAX_ARRAYS)
		return NULL;
	struct watch *w = &m->w[m->nw];
	memset(w, 0, sizeof(*w));
	w->last = calloc(1, sizeof(*w->last));
	w->now = calloc(1, sizeof(*w->now));
	if (!w->last || !w->now) {
		free(w->last);
		free(w->now);
		return NULL;
	}
	snprintf(w->kname, sizeof(w->kname), "%s", kname);
	w->named = named;
	m->nw++;
	return w;
}

static void watch_free_all(struct monitor *m)
{
	for (int i = 0; i < m->nw; i++) {
		free(m->w[i].last);
		free(m->w[i].now);
	}
	m->nw = 0;
}

/* With --scan, every array /proc/mdstat lists is watched; one that appears
 * after the first look is a NewArray. */
static void scan_mdstat(struct monitor *m)
{
	char names[MON_MAX_ARRAYS][32];
	int n = mdstat_arrays(names, MON_MAX_ARRAYS);
	for (int i = 0; i < n; i++)
		if (!watch_find(m, names[i])) {
			struct watch *w = watch_add(m, names[i], false);
			if (w)
				w->announce = !m->first_pass;
		}
}

static void send(struct monitor *m, const struct watch *w, enum mon_event ev, const char *member)
{
	struct mon_alert a = { .ev = ev };
	if (member)
		snprintf(a.member, sizeof(a.member), "%s", member);
	alert_send(&m->alert, w->have ? w->last->path : w->now->path, &a);
}

static void look_at(struct monitor *m, struct watch *w)
{
	if (mon_snap_read(w->kname, w->now) < 0 || !w->now->active) {
		if (w->have && w->last->active)
			send(m, w, EV_DEVICE_DISAPPEARED, NULL);
		w->have = false;
		return;
	}
	struct mon_alert *al = calloc(MON_MAX_ALERTS, sizeof(*al));
	if (!al)
		return;
	const struct conf_array *ca = conf_find_array(&m->conf, w->now->has_uuid ? w->now->uuid : NULL,
						      w->now->path);
	w->now->expected_spares = ca ? ca->spares : -1;
	snprintf(w->spare_group, sizeof(w->spare_group), "%s", ca ? ca->spare_group : "");
	int n = mon_diff(w->have ? w->last : NULL, w->now, m->increment, al, MON_MAX_ALERTS);
	struct mon_snap *t = w->last;
	w->last = w->now;
	w->now = t;
	w->have = true;
	if (w->announce) {
		send(m, w, EV_NEW_ARRAY, NULL);
		w->announce = false;
	}
	if (m->first_pass && m->test)
		send(m, w, EV_TEST_MESSAGE, NULL);
	for (int i = 0; i < n; i++)
		alert_send(&m->alert, w->last->path, &al[i]);
	free(al);
}

static void look_at_all(struct monitor *m)
{
	if (m->scan)
		scan_mdstat(m);
	for (int i = 0; i < m->nw; i++)
		look_at(m, &m->w[i]);
	/* Arrays found by scanning that stopped are forgotten; named ones stay. */
	for (int i = 0; i < m->nw;) {
		if (!m->w[i].have && !m->w[i].named) {
			free(m->w[i].last);
			free(m->w[i].now);
			m->w[i] = m->w[--m->nw];
		} else {
			i++;
		}
	}
	spare_share(m->w, m->nw, &m->alert);
	m->first_pass = false;
}

/* Reading /proc/mdstat re-arms its poll notification (md_seq_start()). */
static void drain(int fd)
{
	char buf[4096];
	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static int write_pid_file(const char *path)
{
	FILE *f = fopen(path, "we");
	if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0) {
		pr_err("cannot write pid file %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Returns 1 in the parent (done), 0 in the daemon, -1 on error. */
static int daemonise(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		pr_err("cannot fork: %s", strerror(errno));
		return -1;
	}
	if (pid > 0) {
		printf("%d\n", (int)pid);
		return 1;
	}
	setsid();
	if (chdir("/") < 0)
		return -1;
	int nul = open("/dev/null", O_RDWR);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		if (nul > 2)
			close(nul);
	}
	return 0;
}

/* Blocks until a change, the delay, or a signal. Returns false to stop. */
static bool wait_for_change(struct monitor *m, int mdstat, int sigfd)
{
	struct pollfd p[2] = { { .fd = mdstat, .events = POLLPRI }, { .fd = sigfd, .events = POLLIN } };
	int delay = m->delay > 0 ? m->delay : m->conf.monitor_delay > 0 ? m->conf.monitor_delay : 60;
	if (poll(p, 2, delay * 1000) < 0 && errno != EINTR)
		return false;
	if (p[1].revents & POLLIN) {
		struct signalfd_siginfo si;
		if (read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si) && si.ssi_signo == SIGHUP) {
			syslog(LOG_INFO, "SIGHUP: reading the config again");
			struct mdconf c;
			if (conf_load(m->config, &c) >= 0) {
				conf_free(&m->conf);
				m->conf = c;
			}
			return true;
		}
		return false;
	}
	return true;
}

/* --json: each event as one line on stdout, with the array's snapshot as
 * the monitor last saw it (none once the array has disappeared). */
static void json_event(void *arg, const char *md, const struct mon_alert *a)
{
	struct monitor *m = arg;
	const struct mon_snap *s = NULL;
	for (int i = 0; i < m->nw && !s && a->ev != EV_DEVICE_DISAPPEARED; i++)
		if (m->w[i].have && !strcmp(m->w[i].last->path, md))
			s = m->w[i].last;
	struct json_object *o = jr_monitor_event(md, a, s, (uint64_t)time(NULL));
	if (!o)
		return;
	if (jr_doc_write(stdout, o, false) < 0 || fflush(stdout) != 0)
		syslog(LOG_WARNING, "cannot write a --json event line to standard output");
	json_object_put(o);
}

static int setup(struct monitor *m, const struct options *o)
{
	m->test = o->test;
	m->scan = o->scan;
	m->oneshot = o->oneshot;
	m->delay = o->delay;
	m->config = o->config;
	m->first_pass = true;
	m->increment = o->increment > 0 ? o->increment : 20;
	if (conf_load(o->config, &m->conf) < 0)
		return -1;
	m->alert.program = o->program ? o->program : m->conf.program;
	m->alert.mailaddr = o->mail ? o->mail : m->conf.mailaddr;
	m->alert.mailfrom = m->conf.mailfrom;
	/* mdctl reports every event to syslog anyway; mdadm 4.6 wants to be
	 * told where to (and exits 1 otherwise), which its callers rely on */
	if (persona()->mdadm && !(m->alert.program && *m->alert.program) &&
	    !(m->alert.mailaddr && *m->alert.mailaddr) && !o->syslog && !o->json) {
		pr_err("no --mail, --program or --syslog (nor MAILADDR or PROGRAM in the config): not monitoring");
		return -1;
	}
	/* Under systemd stdout is the journal, which syslog already feeds. */
	m->alert.to_stdout = !o->daemonise && !getenv("JOURNAL_STREAM");
	/* asked for explicitly: JSON lines go to stdout under systemd too */
	if (o->json) {
		m->alert.json = json_event;
		m->alert.json_arg = m;
	}
	if (gethostname(m->alert.host, sizeof(m->alert.host) - 1) < 0)
		snprintf(m->alert.host, sizeof(m->alert.host), "localhost");
	for (int i = 0; i < o->ndevs; i++) {
		char k[64];
		if (md_resolve_name(o->devs[i].name, k, sizeof(k)) < 0 || strlen(k) >= 32 || !sysfs_md_exists(k)) {
			pr_err("cannot monitor %s: not an md device", o->devs[i].name);
			return -1;
		}
		if (!watch_find(m, k) && !watch_add(m, k, true)) {
			pr_err("too many arrays to monitor (at most %d)", MON_MAX_ARRAYS);
			return -1;
		}
	}
	if (!o->ndevs && !o->scan) {
		pr_err("--monitor needs md devices to watch, or --scan for all of them");
		return -1;
	}
	return 0;
}

static int watch_loop(struct monitor *m)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	int mdstat = sysfs_open(PROC_MDSTAT, O_RDONLY);
	if (sigfd < 0 || mdstat < 0) {
		pr_err("cannot watch /proc/mdstat: %s (is the md driver loaded?)", strerror(errno));
		if (sigfd >= 0)
			close(sigfd);
		return 1;
	}
	do {
		drain(mdstat);
		look_at_all(m);
	} while (!m->oneshot && wait_for_change(m, mdstat, sigfd));
	close(mdstat);
	close(sigfd);
	return 0;
}

int mode_monitor(const struct options *o)
{
	struct monitor *m = calloc(1, sizeof(*m));
	int rc = 1;
	if (!m) {
		pr_err("out of memory");
		return 1;
	}
	if (setup(m, o) < 0)
		goto out;
	/* A mailer or program that exits early must not kill the monitor. */
	signal(SIGPIPE, SIG_IGN);
	if (o->daemonise) {
		int d = daemonise();
		if (d != 0) {
			rc = d > 0 ? 0 : 1;
			goto out;
		}
	}
	if (o->pid_file && write_pid_file(o->pid_file) < 0)
		goto out;
	openlog("mdctl", LOG_PID, LOG_DAEMON);
	rc = watch_loop(m);
	closelog();
	if (o->pid_file)
		unlink(o->pid_file);
out:
	watch_free_all(m);
	conf_free(&m->conf);
	free(m);
	return rc;
}
