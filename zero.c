/* --zero-superblock: erase every v1.x and 0.90 superblock found on the devices
 * (with -e, only that version's). */
#include "modes.h"
#include "dev.h"
#include "foreign.h"
#include "super0.h"
#include "super1.h"
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define N_PLACES 4  /* 1.0, 1.1, 1.2, 0.90 */

/* Whether a 0.90 superblock's place lies inside the data of the v1.x
 * superblock sb: then what is there belongs to that array (1.1 and 1.2 keep
 * data up to the end; a 1.0 made by --update=metadata ends its data before). */
static bool v0_place_in_data(const struct sb1 *sb, const struct devinfo *di)
{
	uint64_t at = sb0_offset(di->sectors);
	return at != UINT64_MAX && at < sb->data_offset + sb->data_size && at + SB0_BYTES / 512 > sb->data_offset;
}

/* The 0.90 place: offs[3] set when a superblock is there. pick -1 (any)
 * looks only where no v1.x array keeps data; pick -2 (-e 0.90) looks there
 * too, but erases it only with force. Returns 1 found, 0 not, -1 refused. */
static int find_sb0(int fd, const struct devinfo *di, bool force, int pick, bool in_data, uint64_t *off)
{
	*off = UINT64_MAX;
	if (pick >= 0 || (pick == -1 && in_data))
		return 0;
	struct sb0 *sb0 = malloc(sizeof(*sb0));
	struct sb0_err e0;
	int r = sb0 ? dev_read_sb0(fd, di, sb0, &e0) : 1;
	free(sb0);
	if (r > 0)
		return 0;
	if (r < 0 && !force) {
		pr_err("%s: damaged md superblock (0.90): %s; use --force to erase it", di->path, e0.msg);
		return -1;
	}
	if (in_data && !force) {
		pr_err("%s: the 0.90 superblock lies inside the data of the v1.x array on it; use --force to erase it",
		       di->path);
		return -1;
	}
	*off = sb0_offset(di->sectors);
	return 1;
}

/* Where the superblocks pick names are (metadata_pick(); sectors,
 * UINT64_MAX: none there). Returns how many were found, or -1 when one is
 * damaged and not force (printed). */
static int find_superblocks(int fd, const struct devinfo *di, bool force, int pick, uint64_t offs[N_PLACES])
{
	int found = 0, bad = 0;
	bool in_data = false;
	for (int m = 0; m < 3; m++) {
		struct sb1 sb1;
		struct sb1_err e1;
		int r = dev_read_sb1(fd, di, m, &sb1, &e1);
		/* a damaged one's data may reach anywhere */
		in_data |= r < 0 || (r == 0 && v0_place_in_data(&sb1, di));
		bool wanted = pick == -1 || pick == m;
		offs[m] = r > 0 || !wanted ? UINT64_MAX : sb1_super_offset(m, di->sectors);
		if (r < 0 && wanted && !force) {
			pr_err("%s: damaged md superblock (1.%d): %s; use --force to erase it", di->path, m, e1.msg);
			bad++;
		}
		found += r <= 0 && wanted;
	}
	int r0 = find_sb0(fd, di, force, pick, in_data, &offs[3]);
	if (r0 < 0 || bad)
		return -1;
	return found + r0;
}

/* force: erase damaged superblocks too, and let a device without one pass
 * quietly (without: with a warning; both exit 0). */
static int zero_one(const char *path, bool force, int pick)
{
	struct devinfo di;
	uint64_t offs[N_PLACES];
	int fd = dev_open(path, O_RDWR | O_EXCL, &di);
	if (fd < 0)
		return 1;
	int found = find_superblocks(fd, &di, force, pick, offs);
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
	int rc = 0, pick;
	char why[160];
	if (!o->ndevs) {
		pr_err("--zero-superblock needs devices");
		return 2;
	}
	if (metadata_pick(o->metadata, &pick, why, sizeof(why)) < 0) {
		pr_err("%s", why);
		return 2;
	}
	for (int i = 0; i < o->ndevs; i++)
		rc |= zero_one(o->devs[i].name, o->force, pick);
	return rc;
}
