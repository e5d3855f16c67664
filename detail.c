/* --detail: the state of running md arrays (gathered by mdstate.c), printed
 * mdadm 4.6 style by output.c. */
#include <stdlib.h>
#include <string.h>
#include "json_emit.h"
#include "modes.h"
#include "mdstate.h"
#include "names.h"
#include "output.h"
#include "sysfs.h"

/* Arrays listed in /proc/mdstat, in mdadm's --scan order (the reverse of
 * the file's, which lists the newest first). Returns count. */
static int scan_order_arrays(char names[][32], int max)
{
	int n = mdstat_arrays(names, max);
	for (int i = 0; i < n / 2; i++) {
		char t[32];
		memcpy(t, names[i], 32);
		memcpy(names[i], names[n - 1 - i], 32);
		memcpy(names[n - 1 - i], t, 32);
	}
	return n < 0 ? 0 : n;
}

/* How an array is printed: --brief, --export, --verbose, --no-devices. */
struct detail_form {
	bool brief, export_, verbose, no_devices;
};

/* --json collects the arrays into doc instead; it reads more of each first. */
/* One array in the form asked for: JSON into doc, --export, --brief, or the
 * full text; --no-devices leaves out the member lines. */
static void print_one(struct md_detail *d, const struct detail_form *w, struct json_object *doc)
{
	bool all = !w->no_devices;
	if (doc) {
		detail_gather_extra(d);
		json_object_array_add(jr_doc_list(doc), jr_detail(d));
	} else if (w->export_)
		all ? fmt_detail_export(stdout, d) : fmt_detail_export_array(stdout, d);
	else if (d->inactive && w->brief)
		fmt_detail_inactive_brief(stdout, d, w->verbose);
	else if (d->inactive)
		all ? fmt_detail_inactive(stdout, d) : fmt_detail_inactive_array(stdout, d);
	else if (w->brief)
		fmt_detail_brief(stdout, d, w->verbose);
	else
		all ? fmt_detail(stdout, d) : fmt_detail_array(stdout, d);
}

int mode_detail(const struct options *o)
{
	struct md_detail *d = malloc(sizeof(*d));
	char host[64];
	int rc = 0, worst = 0;
	if (!d) {
		pr_err("out of memory");
		return o->test ? 4 : 1;
	}
	const struct detail_form w = {
		.brief = !o->export_ && (o->brief || o->scan), .export_ = o->export_,
		.verbose = o->verbose > 0, .no_devices = o->no_devices,
	};
	if (w.no_devices && w.brief && w.verbose) {
		/* the devices= line is all that -v adds to the ARRAY lines */
		pr_err("--no-devices and --brief --verbose exclude each other");
		free(d);
		return 2;
	}
	homehost_get(o->homehost, host, sizeof(host));
	struct json_object *doc = o->json ? jr_doc_new("detail", "arrays") : NULL;
	if (o->json && !doc) {
		pr_err("out of memory");
		free(d);
		return o->test ? 4 : 1;
	}
	if (o->ndevs == 0 && o->scan) {
		char (*names)[32] = calloc(512, sizeof(*names));
		int n = names ? scan_order_arrays(names, 512) : 0;
		for (int i = 0; i < n; i++) {
			char path[64];
			snprintf(path, sizeof(path), "/dev/%.31s", names[i]);
			/* --scan lists what it can: an array without a device node is skipped. */
			if (detail_gather(path, d, true) < 0)
				continue;
			detail_array_path(d, d->devpath, sizeof(d->devpath));
			snprintf(d->homehost, sizeof(d->homehost), "%s", host);
			print_one(d, &w, doc);
			worst |= detail_test_status(d);
		}
		free(names);
		free(d);
		return json_emit(doc, o->test ? worst : 0);
	}
	if (o->ndevs == 0) {
		pr_err("No devices given.");
		json_object_put(doc);
		free(d);
		return 2;
	}
	for (int i = 0; i < o->ndevs; i++) {
		if (detail_gather(o->devs[i].name, d, false) < 0) {
			rc = 1;
			worst |= 4;
			continue;
		}
		snprintf(d->homehost, sizeof(d->homehost), "%s", host);
		/* --scan with arrays named: their ARRAY lines, as mdadm 4.6 */
		print_one(d, &w, doc);
		/* Several arrays: the statuses are or-ed (mdadm 4.6: 1 | 2 = 3). */
		worst |= detail_test_status(d);
	}
	free(d);
	return json_emit(doc, o->test ? worst : rc);
}
