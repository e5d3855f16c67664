/* Messages to the user (msg.h): the one place that formats "mdctl: ..." lines (or "mdadm: ...", persona.h)
 * and the one piece of mutable state besides option parsing, the verbosity. */
#include "msg.h"
#include "persona.h"
#include <stdarg.h>
#include <stdio.h>

static int verbosity;

void msg_set_verbosity(int v) { verbosity = v; }
int msg_verbosity(void) { return verbosity; }

static void vline_to(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	fputs(persona()->prog, f);
	fputs(": ", f);
	fputs(prefix, f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

static void vline(const char *prefix, const char *fmt, va_list ap)
{
	vline_to(stderr, prefix, fmt, ap);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vline("", fmt, ap);
	va_end(ap);
}

/* Warnings are errors that do not stop the operation: "mdctl: warning: ...",
 * shown even with --quiet. */
void pr_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vline("warning: ", fmt, ap);
	va_end(ap);
}

void pr_verbose(const char *fmt, ...)
{
	va_list ap;
	if (verbosity <= 0)
		return;
	va_start(ap, fmt);
	vline("", fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < 0)
		return;
	va_start(ap, fmt);
	vline("", fmt, ap);
	va_end(ap);
}

void pr_report(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < 0)
		return;
	va_start(ap, fmt);
	vline_to(persona()->mdadm ? stdout : stderr, "", fmt, ap);
	va_end(ap);
}
