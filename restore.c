/* --restore=DIR|FILE DEVS...: write the metadata --dump saved back to the
 * members (meta_copy.h). Every device is checked first (a dump file found,
 * of the device's size, with valid metadata; the device not in use; the
 * device not holding another member's superblock unless --force), then all
 * are written; when a write fails, the devices already written get their
 * previous bytes back. */
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

struct restore_target {
	const char *path;
	char file[4096];
	int fd;                   /* the device, O_RDWR | O_EXCL */
	struct devinfo di;
	struct meta_copy saved;   /* from the dump file */
	struct meta_copy before;  /* the device's bytes at the same places */
};

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The dump file for a device in dir: a by-id name first (two that are
 * different files: refused), else the device's base name. */
static int find_dump(const char *dir, const char *path, dev_t rdev, char *file, size_t n)
{
	char ids[MAX_IDS][256], cand[4096], base[256];
	int nid = rdev ? dev_by_dir_names("/dev/disk/by-id", rdev, ids, MAX_IDS) : 0;
	file[0] = 0;
	for (int i = 0; i < nid; i++) {
		if (dump_path(cand, sizeof(cand), dir, ids[i]) < 0 || access(cand, F_OK) < 0)
			continue;
		if (file[0] && !same_file(file, cand)) {
			pr_err("%s: %s and %s are different dumps for it; name the file", path, file, cand);
			return -1;
		}
		snprintf(file, n, "%s", cand);
	}
	if (file[0])
		return 0;
	snprintf(base, sizeof(base), "%s", path);
	if (dump_path(file, n, dir, basename(base)) < 0)
		return -1;
	if (access(file, F_OK) == 0)
		return 0;
	pr_err("no dump for %s in %s", path, dir);
	return -1;
}

/* The device must be the member the dump came from, or blank. */
static int check_identity(struct restore_target *t, bool force)
{
	struct sb1 cur;
	struct sb1_err e;
	int minor;
	if (force || dev_find_sb1(t->fd, &t->di, &cur, &minor, &e) != 0)
		return 0;  /* no superblock, or a damaged one: what a restore is for */
	if (!memcmp(cur.set_uuid, t->saved.sb.set_uuid, 16) && !memcmp(cur.device_uuid, t->saved.sb.device_uuid, 16))
		return 0;
	char have[37], want[37];
	uuid_format(cur.device_uuid, ':', have);
	uuid_format(t->saved.sb.device_uuid, ':', want);
	pr_err("%s holds another member's superblock (device UUID %s, the dump's is %s); use --force to overwrite it",
	       t->path, have, want);
	return -1;
}

static int prepare(struct restore_target *t, const char *from, bool is_dir, bool force)
{
	struct devinfo fdi;
	struct stat st;
	t->fd = dev_open(t->path, O_RDWR | O_EXCL, &t->di);
	if (t->fd < 0)
		return -1;
	if (dev_check_not_mounted(&t->di) < 0 || dev_check_not_md_member(&t->di) < 0)
		return -1;
	if (is_dir ? find_dump(from, t->path, t->di.rdev, t->file, sizeof(t->file)) < 0
		   : (snprintf(t->file, sizeof(t->file), "%s", from), 0))
		return -1;
	int ffd = dev_open(t->file, O_RDONLY, &fdi);
	if (ffd < 0)
		return -1;
	if (fstat(ffd, &st) < 0 || (uint64_t)st.st_size != t->di.sectors << 9 || st.st_size % 512) {
		pr_err("%s is not the size of %s (%llu bytes); not restoring", t->file, t->path,
		       (unsigned long long)(t->di.sectors << 9));
		close(ffd);
		return -1;
	}
	int rc = meta_read(ffd, &fdi, &t->saved);
	close(ffd);
	if (rc < 0 || check_identity(t, force) < 0)
		return -1;
	/* the device's bytes where the dump goes, to put back if a write fails */
	t->before = t->saved;
	t->before.bytes[0] = t->before.bytes[1] = NULL;
	return meta_read_regions(t->fd, &t->di, &t->before);
}

static int write_all(struct restore_target *t, int n)
{
	for (int i = 0; i < n; i++) {
		if (meta_write(t[i].fd, &t[i].saved) == 0)
			continue;
		pr_err("cannot write %s: %s; the devices are left as they were", t[i].path, strerror(errno));
		for (int k = 0; k <= i; k++)
			if (meta_write(t[k].fd, &t[k].before) < 0)
				pr_err("%s: cannot put back its previous metadata: %s", t[k].path, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++)
		pr_info("%s restored from %s", t[i].path, t[i].file);
	return 0;
}

int mode_restore(const struct options *o)
{
	struct stat st;
	if (!o->ndevs) {
		pr_err("--restore needs devices");
		return 2;
	}
	if (stat(o->restore_from, &st) < 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
		pr_err("--restore needs a directory or a dump file, not %s", o->restore_from);
		return 1;
	}
	bool is_dir = S_ISDIR(st.st_mode);
	if (!is_dir && o->ndevs > 1) {
		pr_err("--restore from the file %s takes one device, not %d", o->restore_from, o->ndevs);
		return 2;
	}
	struct restore_target *t = calloc((size_t)o->ndevs, sizeof(*t));
	if (!t) {
		pr_err("out of memory");
		return 1;
	}
	int rc = 0, n = o->ndevs;
	for (int i = 0; i < n; i++)
		t[i].fd = -1;
	for (int i = 0; i < n && rc == 0; i++) {
		t[i].path = o->devs[i].name;
		if (prepare(&t[i], o->restore_from, is_dir, o->force) < 0)
			rc = 1;
	}
	if (rc == 0)
		rc = write_all(t, n);
	for (int i = 0; i < n; i++) {
		if (t[i].fd >= 0)
			close(t[i].fd);
		meta_free(&t[i].saved);
		meta_free(&t[i].before);
	}
	free(t);
	return rc;
}
