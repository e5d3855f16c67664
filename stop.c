/* --stop: stop arrays, refusing while anything holds them open. */
#include "modes.h"
#include "mdio.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int stop_one(const char *arg)
{
	char kname[64], path[80];
	if (md_resolve_name(arg, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname)) {
		pr_err("%s is not an md array", arg);
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/%s", kname);
	/* O_EXCL: fails if mounted, held by device-mapper or opened exclusively */
	int fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EBUSY)
			pr_err("cannot stop %s: it is in use (mounted, or held open by another program)", arg);
		else
			pr_err("cannot open %s: %s", path, strerror(errno));
		return 1;
	}
	if (md_stop_array(fd) < 0) {
		int e = errno;
		close(fd);
		if (e == EBUSY)
			pr_err("cannot stop %s: it is in use (mounted, or held open by another program)", arg);
		else
			pr_err("cannot stop %s: %s", arg, strerror(e));
		return 1;
	}
	close(fd);
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
