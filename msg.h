/* Messages to the user: one line each, "mdctl: <what>", on stderr.
 * The verbosity is set once by mdctl.c from -v/-q; everything else only reads it. */
#ifndef MDCTL_MSG_H
#define MDCTL_MSG_H

/* -1 quiet, 0 normal, >0 verbose. */
void msg_set_verbosity(int v);
int msg_verbosity(void);

/* Errors: always shown. */
void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Warnings, "mdctl: warning: ...": something failed that does not stop the
 * operation; always shown. */
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What was done: shown unless --quiet. */
void pr_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What a mode achieved ("... has been started with N drives."): as
 * pr_info, but on stdout when called as mdadm, where mdadm 4.6 prints it. */
void pr_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Details of a decision, with --verbose only. */
void pr_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
