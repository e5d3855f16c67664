/* --stop: stop arrays, refusing while anything holds them open. */
#include "modes.h"
#include "mdio.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Something that opens a new array only for a moment (udev's blkid probe
 * right after --create or --assemble, a udev worker still finishing) makes
 * the exclusive open and STOP_ARRAY fail with EBUSY. Like mdadm, wait that
 * out for up to about five seconds before calling the array in use. */
static void busy_backoff(unsigned *delay_ms)
{
	struct timespec ts = { 0, (long)*delay_ms * 1000 * 1000 };
	nanosleep(&ts, NULL);
	if (*delay_ms < 200)
		*delay_ms *= 2;
}

#define BUSY_TRIES 30

/* Open /dev/KNAME exclusively and stop it. Returns 0, or an errno. */
static int stop_excl(const char *path)
{
	unsigned delay = 1;
	int fd = -1, e = 0;
	for (int i = 0; i < BUSY_TRIES; i++) {
		fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
		if (fd >= 0 || errno != EBUSY)
			break;
		busy_backoff(&delay);
	}
	if (fd < 0)
		return errno;
	for (int i = 0; i < BUSY_TRIES; i++) {
		e = md_stop_array(fd) < 0 ? errno : 0;
		if (e != EBUSY)
			break;
		busy_backoff(&delay);
	}
	close(fd);
	return e;
}

static int stop_one(const char *arg)
{
	char kname[64], path[80];
	if (md_resolve_name(arg, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname)) {
		pr_err("%s is not an md array", arg);
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/%s", kname);
	/* O_EXCL: fails if mounted, held by device-mapper or opened exclusively */
	int e = stop_excl(path);
	if (e == EBUSY) {
		pr_err("cannot stop %s: it is in use (mounted, or held open by another program)", arg);
		return 1;
	}
	if (e) {
		pr_err("cannot stop %s: %s", arg, strerror(e));
		return 1;
	}
	md_remove_name_links(kname);
	pr_info("stopped %s", arg);
	return 0;
}

/* Every md device listed in /proc/mdstat, in order. */
static int stop_all(void)
{
	char (*names)[32] = calloc(MAX_DEVS, sizeof(*names));
	int n = names ? mdstat_arrays(names, MAX_DEVS) : -1, rc = 0;
	if (n < 0) {
		pr_err("cannot read /proc/mdstat: %s", strerror(names ? errno : ENOMEM));
		free(names);
		return 1;
	}
	for (int i = 0; i < n; i++)
		rc |= stop_one(names[i]);
	free(names);
	return rc;
}

int mode_stop(const struct options *o)
{
	int rc = 0;
	if (o->scan && !o->ndevs)
		return stop_all();
	if (!o->ndevs) {
		pr_err("--stop needs an md device (or --scan)");
		return 2;
	}
	for (int i = 0; i < o->ndevs; i++)
		rc |= stop_one(o->devs[i].name);
	return rc;
}
