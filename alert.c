/* Where monitor events go: syslog always, the terminal when in the
 * foreground, the PROGRAM, and mail through the system's sendmail. Each
 * channel gets each event once; a channel that is not set up is skipped. */
#include "alert.h"
#include "sysfs.h"
#include "msg.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static void log_line(const char *event, const char *md, const struct mon_alert *a, char *out, size_t n)
{
	int len = snprintf(out, n, "%s event detected on md device %s", event, md);
	if (a->member[0] && len >= 0 && (size_t)len < n)
		len += snprintf(out + len, n - (size_t)len, ", component device %s", a->member);
	if (a->detail[0] && len >= 0 && (size_t)len < n)
		snprintf(out + len, n - (size_t)len, " (%s)", a->detail);
}

/* Start argv with stdin from fd in (or /dev/null). Returns the pid or -1. */
static pid_t spawn(char *const argv[], int in)
{
	pid_t pid = fork();
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR);
		dup2(in >= 0 ? in : nul, 0);
		if (nul >= 0 && !isatty(1))
			dup2(nul, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Its exit status, or -1 when it did not run or exit normally. */
static int reap(pid_t pid)
{
	int st;
	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void run_program(const struct alert_ctx *c, const char *event, const char *md,
			const struct mon_alert *a)
{
	char *argv[] = { (char *)c->program, (char *)event, (char *)md,
			 a->member[0] ? (char *)a->member : NULL, NULL };
	int rc = reap(spawn(argv, -1));
	if (rc != 0)
		syslog(LOG_WARNING, "alert program %s %s: %s", c->program, event,
		       rc < 0 ? "could not run" : "failed");
}

/* The system's sendmail: the first on PATH, else where mailers put it. */
static const char *find_sendmail(char *buf, size_t n)
{
	const char *path = getenv("PATH");
	while (path && *path) {
		size_t len = strcspn(path, ":");
		if (len > 0 && (size_t)snprintf(buf, n, "%.*s/sendmail", (int)len, path) < n &&
		    access(buf, X_OK) == 0)
			return buf;
		path += len + (path[len] == ':');
	}
	static const char *const where[] = { "/usr/sbin/sendmail", "/usr/lib/sendmail" };
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (access(where[i], X_OK) == 0)
			return where[i];
	return NULL;
}

static void mail_body(FILE *f, const struct alert_ctx *c, const char *event, const char *md,
		      const struct mon_alert *a)
{
	if (c->mailfrom[0])
		fprintf(f, "From: %s\n", c->mailfrom);
	else
		fprintf(f, "From: mdctl monitoring <root>\n");
	fprintf(f, "To: %s\nSubject: %s event on %s:%s\n\n", c->mailaddr, event, md, c->host);
	fprintf(f, "mdctl --monitor on %s saw a %s event on the md device %s.\n", c->host, event, md);
	if (a->member[0])
		fprintf(f, "The member concerned is %s.\n", a->member);
	if (a->detail[0])
		fprintf(f, "Detail: %s\n", a->detail);
	FILE *m = proc_mdstat();
	if (m) {
		char line[512];
		fputs("\n/proc/mdstat now reads:\n", f);
		while (fgets(line, sizeof(line), m))
			fputs(line, f);
		fclose(m);
	}
}

static void send_mail(const struct alert_ctx *c, const char *event, const char *md,
		      const struct mon_alert *a)
{
	char buf[512];
	const char *sm = find_sendmail(buf, sizeof(buf));
	int p[2];
	if (!sm) {
		syslog(LOG_WARNING, "no sendmail found: %s event on %s not mailed", event, md);
		return;
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return;
	char *argv[] = { (char *)sm, (char *)"-t", NULL };
	pid_t pid = spawn(argv, p[0]);
	close(p[0]);
	FILE *f = fdopen(p[1], "w");
	if (f) {
		mail_body(f, c, event, md, a);
		fclose(f);
	} else {
		close(p[1]);
	}
	if (reap(pid) != 0)
		syslog(LOG_WARNING, "%s failed: %s event on %s not mailed", sm, event, md);
}

void alert_send(const struct alert_ctx *c, const char *md, const struct mon_alert *a)
{
	char event[32], line[400];
	mon_event_name(a, event, sizeof(event));
	log_line(event, md, a, line, sizeof(line));
	syslog(mon_event_priority(a->ev), "%s", line);
	if (c->json) {
		c->json(c->json_arg, md, a);
	} else if (c->to_stdout) {
		char when[32];
		time_t t = time(NULL);
		struct tm tm;
		strftime(when, sizeof(when), "%b %d %H:%M:%S", localtime_r(&t, &tm));
		printf("%s: %s\n", when, line);
		fflush(stdout);
	}
	if (c->program && c->program[0])
		run_program(c, event, md, a);
	if (c->mailaddr && c->mailaddr[0] && mon_event_mails(a->ev))
		send_mail(c, event, md, a);
}
