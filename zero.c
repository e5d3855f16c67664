/* --zero-superblock: erase every v1.x superblock found on the devices. */
#include "modes.h"
#include "dev.h"
#include "super1.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* force: erase damaged superblocks too, and let a device without one pass. */
static int zero_one(const char *path, bool force)
{
	struct devinfo di;
	int fd = dev_open(path, O_RDWR | O_EXCL, &di);
	if (fd < 0)
		return 1;
	int found = 0, bad = 0;
	uint64_t offs[3];
	for (int m = 0; m <= 2; m++) {
		struct sb1 sb;
		struct sb1_err e;
		int r = dev_read_sb1(fd, &di, m, &sb, &e);
		offs[m] = r <= 0 ? sb1_super_offset(m, di.sectors) : UINT64_MAX;
		if (r < 0 && !force) {
			pr_err("%s: damaged md superblock (1.%d): %s; use --force to erase it", path, m, e.msg);
			bad++;
		}
		found += r <= 0;
	}
	if (bad) {
		close(fd);
		return 1;
	}
	/* IMSM/DDF metadata is not erased, so not passed with --force either */
	if (!found && dev_refuse_foreign(fd, &di, false)) {
		close(fd);
		return 1;
	}
	if (!found) {
		close(fd);
		if (force)
			return 0;
		pr_err("unrecognised md component device - %s", path);
		return 1;
	}
	static const uint8_t zero[SB1_READ_BYTES];
	for (int m = 0; m <= 2; m++) {
		if (offs[m] == UINT64_MAX)
			continue;
		if (dev_pwrite(fd, zero, sizeof(zero), offs[m] << 9) < 0) {
			pr_err("%s: cannot erase superblock: %s", path, strerror(errno));
			close(fd);
			return 1;
		}
	}
	if (fsync(fd) < 0) {
		pr_err("%s: %s", path, strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

int mode_zero_superblock(const struct options *o)
{
	int rc = 0;
	if (!o->ndevs) {
		pr_err("--zero-superblock needs devices");
		return 2;
	}
	for (int i = 0; i < o->ndevs; i++)
		rc |= zero_one(o->devs[i].name, o->force);
	return rc;
}
