/* Delivery of monitor events (syslog, terminal, PROGRAM, mail). */
#ifndef MDCTL_ALERT_H
#define MDCTL_ALERT_H
#include <stdbool.h>
#include "monitor_events.h"

struct alert_ctx {
	const char *program;    /* PROGRAM / --program: run as PROGRAM EVENT MD [MEMBER] */
	const char *mailaddr;   /* MAILADDR / --mail; NULL or "" = no mail */
	const char *mailfrom;   /* MAILFROM, "" for a default */
	bool to_stdout;         /* in the foreground: one line per event */
	/* --json: called with each event instead of the terminal line */
	void (*json)(void *arg, const char *md, const struct mon_alert *a);
	void *json_arg;
	char host[64];          /* for the mail subject */
};

/* Deliver one event on md (its /dev path) to every configured channel.
 * syslog must have been opened by the caller. Failures of a channel are
 * logged, never fatal. */
void alert_send(const struct alert_ctx *c, const char *md, const struct mon_alert *a);
#endif
