/* --dump=DIR and --restore=DIR|FILE: sparse copies of members' metadata, as
 * mdadm 4.6 makes them. A dump is a file the size of the member, holding its
 * superblock block and bitmap at their own offsets (dump_regions.h) and
 * nothing else, named after the member (and hard-linked under the member's
 * /dev/disk/by-id names). A restore writes those regions back: to every
 * member named, or (when a check fails for any of them) to none. */
#include "modes.h"
#include "meta_copy.h"
#include "msg.h"
#include "uuid.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_IDS 16

static void link_by_id(const char *dir, const char *file, dev_t rdev)
{
	char ids[MAX_IDS][256], to[4096];
	int n = dev_by_dir_names("/dev/disk/by-id", rdev, ids, MAX_IDS);
	for (int i = 0; i < n; i++) {
		if (dump_path(to, sizeof(to), dir, ids[i]) == 0 && link(file, to) < 0)
			pr_warn("cannot link %s to %s: %s", to, file, strerror(errno));
	}
}

static int dump_one(const char *dir, const char *path)
{
	struct devinfo di;
	struct meta_copy m;
	char file[4096], base[256];
	int fd = dev_open(path, O_RDONLY, &di);
	if (fd < 0)
		return 1;
	int rc = meta_read(fd, &di, &m);
	close(fd);
	if (rc < 0)
		return 1;
	snprintf(base, sizeof(base), "%s", path);
	if (dump_path(file, sizeof(file), dir, basename(base)) < 0) {
		meta_free(&m);
		return 1;
	}
	int out = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		pr_err("cannot create dump file %s: %s", file, strerror(errno));
		meta_free(&m);
		return 1;
	}
	if (ftruncate(out, (off_t)(di.sectors << 9)) < 0 || meta_write(out, &m) < 0) {
		pr_err("cannot write dump file %s: %s", file, strerror(errno));
		unlink(file);
		rc = -1;
	}
	close(out);
	meta_free(&m);
	if (rc < 0)
		return 1;
	if (di.rdev)
		link_by_id(dir, file, di.rdev);
	pr_info("%s saved as %s", path, file);
	return 0;
}

static int need_dir(const char *opt, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		pr_err("%s needs an existing directory, not %s", opt, dir);
		return -1;
	}
	return 0;
}

int mode_dump(const struct options *o)
{
	int rc = 0;
	if (need_dir("--dump", o->dump_dir) < 0)
		return 1;
	if (!o->ndevs) {
		pr_err("--dump needs devices");
		return 2;
	}
	for (int i = 0; i < o->ndevs; i++)
		rc |= dump_one(o->dump_dir, o->devs[i].name);
	return rc;
}
