/* --zero-superblock: erase every v1.x and 0.90 superblock found on the devices. */
#include "modes.h"
#include "dev.h"
#include "super0.h"
#include "super1.h"
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define N_PLACES 4  /* 1.0, 1.1, 1.2, 0.90 */

/* Where superblocks are (sectors; UINT64_MAX: none there). Returns how many
 * were found, or -1 when one is damaged and not force (printed). A 0.90
 * superblock is looked for only where there is no v1.x one: its place, near
 * the end, lies inside a v1.x member's data. */
static int find_superblocks(int fd, const struct devinfo *di, bool force, uint64_t offs[N_PLACES])
{
	int found = 0, bad = 0;
	for (int m = 0; m < N_PLACES; m++) {
		if (m == 3 && found) {
			offs[m] = UINT64_MAX;
			break;
		}
		struct sb1 sb1;
		struct sb0 *sb0 = NULL;
		struct sb1_err e1;
		struct sb0_err e0;
		int r;
		if (m < 3) {
			r = dev_read_sb1(fd, di, m, &sb1, &e1);
		} else {
			sb0 = malloc(sizeof(*sb0));
			r = sb0 ? dev_read_sb0(fd, di, sb0, &e0) : 1;
			free(sb0);
		}
		offs[m] = r > 0 ? UINT64_MAX : m < 3 ? sb1_super_offset(m, di->sectors) : sb0_offset(di->sectors);
		if (r < 0 && !force) {
			if (m < 3)
				pr_err("%s: damaged md superblock (1.%d): %s; use --force to erase it", di->path, m, e1.msg);
			else
				pr_err("%s: damaged md superblock (0.90): %s; use --force to erase it", di->path, e0.msg);
			bad++;
		}
		found += r <= 0;
	}
	return bad ? -1 : found;
}

/* force: erase damaged superblocks too, and let a device without one pass
 * quietly (without: with a warning; both exit 0). */
static int zero_one(const char *path, bool force)
{
	struct devinfo di;
	uint64_t offs[N_PLACES];
	int fd = dev_open(path, O_RDWR | O_EXCL, &di);
	if (fd < 0)
		return 1;
	int found = find_superblocks(fd, &di, force, offs);
	if (found < 0) {
		close(fd);
		return 1;
	}
	/* IMSM/DDF metadata is not erased, so not passed with --force either */
	if (!found && dev_refuse_foreign(fd, &di, false)) {
		close(fd);
		return 1;
	}
	if (!found) {
		/* Nothing to erase: the device is as asked. mdadm 4.6 says so and
		 * exits 0 (libblockdev's md_destroy relies on it). */
		close(fd);
		if (!force)
			pr_err("Unrecognised md component device - %s", path);
		return 0;
	}
	static const uint8_t zero[SB1_READ_BYTES > SB0_BYTES ? SB1_READ_BYTES : SB0_BYTES];
	for (int m = 0; m < N_PLACES; m++) {
		if (offs[m] == UINT64_MAX)
			continue;
		if (dev_pwrite(fd, zero, m < 3 ? SB1_READ_BYTES : SB0_BYTES, offs[m] << 9) < 0) {
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
