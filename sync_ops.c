/* --action=ACTION, --wait/-W and --wait-clean: the kernel's md/sync_action (md.rst
 * "sync_action"), for each md device given. */
#include "modes.h"
#include "mdio.h"
#include "mdstate.h"
#include "sysfs.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int kname_of(const char *dev, char *kname, size_t n)
{
	if (md_resolve_name(dev, kname, n) < 0 || !sysfs_md_exists(kname)) {
		pr_err("%s is not an md array", dev);
		return -1;
	}
	return 0;
}

int mode_action(const struct options *o)
{
	static const char *const ok[] = { "check", "repair", "idle", "frozen", "resync", "recover" };
	bool valid = false;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		valid |= o->action && !strcmp(o->action, ok[i]);
	if (!valid) {
		pr_err("unknown --action '%s' (expected check, repair, idle, frozen, resync or recover)",
		       o->action ? o->action : "");
		return 2;
	}
	if (!o->ndevs) {
		pr_err("--action needs an md device");
		return 2;
	}
	int rc = 0;
	for (int i = 0; i < o->ndevs; i++) {
		char k[32];
		if (kname_of(o->devs[i].name, k, sizeof(k)) < 0 || sysfs_md_set(k, "sync_action", o->action) < 0) {
			if (k[0])
				pr_err("%s: the kernel refused '%s' (is it running, and not read-only?)", o->devs[i].name,
				       o->action);
			rc = 1;
		}
	}
	return rc;
}

/* One progress line: bar, percent, speed and time left, from the model's
 * sync part (md/sync_completed "done / total" sectors, md/sync_speed KiB/s). */
static void progress(const char *dev, const struct md_sync *k, bool tty)
{
	if (!k->running || !k->total || k->done > k->total)
		return;
	int pct10 = (int)(k->done * 1000 / k->total), w = 30, fill = pct10 * w / 1000;
	char bar[40];
	for (int i = 0; i < w; i++)
		bar[i] = i < fill ? '=' : i == fill ? '>' : ' ';
	bar[w] = '\0';
	uint64_t left = k->speed_kib ? (k->total - k->done) / 2 / k->speed_kib : 0;
	fprintf(stdout, "%s%s: %s [%s] %3d.%d%% %" PRIu64 "K/sec ETA %" PRIu64 ":%02" PRIu64 "%s",
		tty ? "\r" : "", dev, k->action, bar, pct10 / 10, pct10 % 10, k->speed_kib, left / 60, left % 60,
		tty ? "  " : "\n");
	fflush(stdout);
}

static bool busy(const struct md_sync *k)
{
	return k->action[0] && strcmp(k->action, "idle") && strcmp(k->action, "frozen");
}

int mode_wait(const struct options *o)
{
	if (!o->ndevs) {
		pr_err("--wait needs an md device");
		return 2;
	}
	bool tty = isatty(STDOUT_FILENO) && o->verbose >= 0;
	int rc = 0;
	for (int i = 0; i < o->ndevs; i++) {
		char k[32] = "";
		if (kname_of(o->devs[i].name, k, sizeof(k)) < 0) {
			rc = 2;  /* as mdadm 4.6 */
			continue;
		}
		bool shown = false;
		struct md_sync ks;
		for (int n = 0; mdstate_sync(k, &ks), busy(&ks); n++) {
			/* a bar redrawn each second on a terminal; plain lines every
			 * ten seconds with --verbose; otherwise silence */
			if (tty || (o->verbose > 0 && n % 10 == 0)) {
				progress(o->devs[i].name, &ks, tty);
				shown = true;
			}
			sleep(1);
		}
		if (shown && tty)
			fputc('\n', stdout);
	}
	return rc;
}

/* --wait-clean: mdadm waits for arrays with external metadata (mdmon marks
 * them clean); arrays with md's own superblocks are marked clean by the
 * kernel itself (md.rst "safe_mode_delay", and at shutdown), so there is
 * nothing to wait for. Each array given must exist; --scan takes them all. */
int mode_wait_clean(const struct options *o)
{
	if (!o->ndevs && !o->scan) {
		pr_err("--wait-clean needs md devices, or --scan");
		return 2;
	}
	int rc = 0;
	for (int i = 0; i < o->ndevs; i++) {
		char k[32] = "";
		if (kname_of(o->devs[i].name, k, sizeof(k)) < 0)
			rc = 2;
	}
	return rc;
}
