/* --udev-rules[=FILE]: the udev rules that hand bare devices (no md
 * metadata yet) to --incremental, for the POLICY lines whose action acts on
 * such devices (spare-same-slot, force-spare), as mdadm 4.6 writes them
 * (policy_udev_rules() in policy.c). The rules name the installed binary:
 * SBINDIR/mdctl, or SBINDIR/mdadm when called as mdadm. Install the output
 * as e.g. /etc/udev/rules.d/65-md-bare.rules and run `udevadm control
 * --reload`. */
#include "config.h"
#include "modes.h"
#include "msg.h"
#include "persona.h"
#include "policy.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MDCTL_SBINDIR
#define MDCTL_SBINDIR "/usr/sbin"
#endif

/* All of it into a memory buffer first, so a failure leaves FILE as it was
 * (written through a temporary file and renamed over it). */
static int write_file(const char *file, const char *text, size_t len)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", file, (long)getpid()) >= (int)sizeof(tmp)) {
		pr_err("--udev-rules: file name too long");
		return 1;
	}
	FILE *f = fopen(tmp, "wx");
	if (!f) {
		pr_err("cannot write %s: %s", file, strerror(errno));
		return 1;
	}
	bool ok = fwrite(text, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, file) < 0) {
		pr_err("cannot write %s: %s", file, strerror(errno));
		(void)unlink(tmp);
		return 1;
	}
	return 0;
}

int mode_udev_rules(const struct options *o)
{
	struct mdconf conf;
	struct policy_rule *r = NULL;
	char bin[256], *text = NULL;
	size_t len = 0;
	int rc = 1;
	if (o->ndevs) {
		pr_err("--udev-rules takes no devices (--udev-rules=FILE names the file to write)");
		return 2;
	}
	if (o->udev_rules_file && !o->udev_rules_file[0]) {
		pr_err("--udev-rules=: the file name is empty");
		return 1;
	}
	conf_init(&conf);
	if (conf_load(o->config, &conf) < 0)
		goto out;
	int n = policy_rules_from_conf(&conf, persona()->prog, stderr, &r);
	if (n < 0) {
		pr_err("out of memory");
		goto out;
	}
	snprintf(bin, sizeof(bin), "%s/%s", MDCTL_SBINDIR, persona()->prog);
	FILE *m = open_memstream(&text, &len);
	if (!m) {
		pr_err("out of memory");
		goto out;
	}
	policy_udev_rules(r, n, persona()->prog, bin, m);
	if (fclose(m) != 0) {
		pr_err("out of memory");
		goto out;
	}
	if (o->udev_rules_file) {
		rc = write_file(o->udev_rules_file, text, len);
	} else {
		rc = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
		if (rc)
			pr_err("cannot write the rules to standard output: %s", strerror(errno));
	}
out:
	free(text);
	free(r);
	conf_free(&conf);
	return rc;
}
