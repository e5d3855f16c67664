/* --examine-badblocks: print the bad-block log of v1.x members, as mdadm 4.6
 * does. The kernel writes the log itself (md.c super_1_sync()), so it is read
 * around the page cache (dev_pread_direct()). Read-only: works on members of
 * running arrays. */
#include "modes.h"
#include "badblocks.h"
#include "dev.h"
#include "super1.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int examine_badblocks_one(const char *path)
{
	struct devinfo di;
	struct sb1 sb;
	struct sb1_err e;
	int minor;
	int fd = dev_open(path, O_RDONLY, &di);
	if (fd < 0)
		return 1;
	int r = dev_find_sb1(fd, &di, &sb, &minor, &e);
	bool foreign = r == 1 && dev_refuse_foreign(fd, &di, false);
	bool sb0 = r == 1 && !foreign && dev_has_sb0(fd, &di);
	close(fd);
	if (foreign)
		return 1;
	if (sb0) {
		/* mdadm 4.6's words: 0.90 has no bad-block log */
		pr_err("0.90 metadata does not support badblocks");
		return 1;
	}
	if (r > 0) {
		pr_err("No md superblock detected on %s", path);
		return 1;
	}
	if (r < 0) {
		pr_err("%s: invalid md superblock: %s", path, e.msg);
		return 1;
	}
	enum bblog_state st = bblog_state(&sb);
	if (st != BBLOG_PRESENT) {
		bblog_render(stdout, path, st, NULL, 0, sb.bblog_shift);
		return 0;
	}
	size_t len = (size_t)sb.bblog_size * 512;
	int64_t at = (int64_t)sb.super_offset + sb.bblog_offset;
	uint8_t *buf = malloc(len);
	if (!buf || at < 0 || dev_pread_direct(&di, buf, len, (uint64_t)at << 9) < 0) {
		pr_err("%s: cannot read the bad-block log: %s", path, buf ? strerror(errno) : "out of memory");
		free(buf);
		return 1;
	}
	bblog_render(stdout, path, st, buf, len, sb.bblog_shift);
	free(buf);
	return 0;
}

int mode_examine_badblocks(const struct options *o)
{
	int rc = 0;
	if (!o->ndevs) {
		pr_err("--examine-badblocks needs devices");
		return 2;
	}
	for (int i = 0; i < o->ndevs; i++)
		rc |= examine_badblocks_one(o->devs[i].name);
	return rc;
}
