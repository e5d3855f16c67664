/* Block device access: open with sizes, safety checks, blkid probe, superblock I/O. */
#include "dev.h"
#include "foreign.h"
#include "msg.h"
#include "sysfs.h"
#include "uuid.h"
#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int dev_kernel_name(dev_t rdev, char *out, size_t n)
{
	char link[64], target[512];
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(rdev), minor(rdev));
	if (sysfs_readlink(link, target, sizeof(target)) < 0)
		return -1;
	const char *base = strrchr(target, '/');
	snprintf(out, n, "%s", base ? base + 1 : target);
	return 0;
}

/* Why is an exclusive open refused? Name the holder, mount point or swap. */
static void explain_busy(const struct devinfo *di)
{
	char kname[64], holder[64];
	if (di->rdev && dev_kernel_name(di->rdev, kname, sizeof(kname)) == 0 &&
	    sysfs_holder_md(kname, holder, sizeof(holder)) == 0) {
		pr_err("%s is a member of the running array /dev/%s", di->path, holder);
		return;
	}
	if (dev_check_not_mounted(di) < 0)
		return;
	pr_err("%s is busy: it is open exclusively by another program (or held by device-mapper)", di->path);
}

int dev_open(const char *path, int flags, struct devinfo *di)
{
	struct stat st;
	memset(di, 0, sizeof(*di));
	snprintf(di->path, sizeof(di->path), "%s", path);
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == EBUSY && (flags & O_EXCL) && stat(path, &st) == 0 && S_ISBLK(st.st_mode)) {
			di->rdev = st.st_rdev;
			explain_busy(di);
		} else {
			pr_err("cannot open %s: %s", path, strerror(e));
		}
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) < 0)
		goto fail_errno;
	if (S_ISBLK(st.st_mode)) {
		uint64_t bytes;
		int lbs = 512;
		unsigned int pbs = 512;
		di->rdev = st.st_rdev;
		if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
			goto fail_errno;
		if (ioctl(fd, BLKSSZGET, &lbs) < 0)
			lbs = 512;
		if (ioctl(fd, BLKPBSZGET, &pbs) < 0)
			pbs = (unsigned int)lbs;
		di->sectors = bytes >> 9;
		di->lbs = (uint32_t)lbs;
		di->pbs = pbs;
	} else if (S_ISREG(st.st_mode)) {
		di->sectors = (uint64_t)st.st_size >> 9;
		di->lbs = di->pbs = 512;
	} else {
		pr_err("%s is not a block device", path);
		close(fd);
		errno = ENOTBLK;
		return -1;
	}
	return fd;
fail_errno:
	pr_err("cannot read size of %s: %s", path, strerror(errno));
	close(fd);
	return -1;
}

int dev_pread(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

int dev_pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t r = pwrite(fd, (const char *)buf + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

int dev_zero_range(int fd, uint64_t off, uint64_t len)
{
	uint64_t range[2] = { off, len };
	/* block/ioctl.c blk_ioctl_zeroout(): the device's write-zeroes, or
	 * zero pages written by the kernel where it has none */
	return ioctl(fd, BLKZEROOUT, range);
}

int dev_pread_direct(const struct devinfo *di, void *buf, size_t len, uint64_t off)
{
	size_t align = di->lbs > 4096 ? di->lbs : 4096;
	uint64_t start = off / align * align;
	size_t span = (size_t)((off + len + align - 1) / align * align - start);
	void *bounce = NULL;
	int fd = open(di->path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0 && errno == EINVAL)
		fd = open(di->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = -1, e = 0;
	if (posix_memalign(&bounce, align, span) != 0) {
		e = ENOMEM;
		goto out;
	}
	/* the span may run past the end of a device whose size is not a
	 * multiple of align: read what there is */
	uint64_t end = di->sectors << 9;
	size_t want = start + span > end ? (size_t)(end - start) : span;
	if (off + len > end || dev_pread(fd, bounce, want, start) < 0) {
		e = errno ? errno : EIO;
		goto out;
	}
	memcpy(buf, (uint8_t *)bounce + (off - start), len);
	rc = 0;
out:
	free(bounce);
	close(fd);
	if (rc)
		errno = e;
	return rc;
}

int dev_read_sb1(int fd, const struct devinfo *di, int minor, struct sb1 *sb, struct sb1_err *e)
{
	uint8_t buf[SB1_READ_BYTES];
	uint64_t off = sb1_super_offset(minor, di->sectors);
	e->msg[0] = '\0';
	if (off == UINT64_MAX || (off << 9) + sizeof(buf) > (di->sectors << 9))
		return 1;
	/* The kernel writes superblocks around the page cache: drop ours first. */
	if (di->rdev)
		(void)ioctl(fd, BLKFLSBUF, 0);
	if (dev_pread(fd, buf, sizeof(buf), off << 9) < 0) {
		snprintf(e->msg, sizeof(e->msg), "cannot read superblock: %s", strerror(errno));
		return -1;
	}
	if (buf[0] != 0xfc || buf[1] != 0x4e || buf[2] != 0x2b || buf[3] != 0xa9)
		return 1;
	if (sb1_decode(buf, sizeof(buf), sb, e) < 0)
		return -1;
	if (sb1_validate(sb, minor, di->sectors, e) < 0)
		return -1;
	return 0;
}

static int read_sb0(int fd, const struct devinfo *di, struct sb0 *sb, struct sb0_err *e, bool sparc22)
{
	uint8_t buf[SB0_BYTES];
	uint64_t off = sb0_offset(di->sectors);
	e->msg[0] = '\0';
	if (off == UINT64_MAX || off + SB0_BYTES / 512 > di->sectors)
		return 1;
	if (di->rdev)
		(void)ioctl(fd, BLKFLSBUF, 0);
	if (dev_pread(fd, buf, sizeof(buf), off << 9) < 0) {
		snprintf(e->msg, sizeof(e->msg), "cannot read superblock: %s", strerror(errno));
		return -1;
	}
	int be = sb0_byte_order(buf, sizeof(buf));
	if (be < 0)
		return 1;
	if (sparc22)
		sb0_sparc22_shift(buf, be);
	return sb0_decode(buf, sizeof(buf), sb, e) < 0 ? -1 : 0;
}

int dev_read_sb0(int fd, const struct devinfo *di, struct sb0 *sb, struct sb0_err *e)
{
	return read_sb0(fd, di, sb, e, false);
}

int dev_read_sb0_sparc22(int fd, const struct devinfo *di, struct sb0 *sb, struct sb0_err *e)
{
	int r = read_sb0(fd, di, sb, e, true);
	if (r == 0 && !sb0_sparc22_plausible(sb)) {
		snprintf(e->msg, sizeof(e->msg), "its 0.90 superblock was not written by a SPARC 2.2 kernel "
			 "(moved by a word, its own descriptor no longer matches the table)");
		return -2;
	}
	return r;
}

int dev_node_name(unsigned maj, unsigned min, char *out, size_t n)
{
	char kname[64], path[80];
	struct stat st;
	if (dev_kernel_name(makedev(maj, min), kname, sizeof(kname)) < 0)
		return -1;
	snprintf(path, sizeof(path), "/dev/%s", kname);
	if (stat(path, &st) < 0 || !S_ISBLK(st.st_mode) || st.st_rdev != makedev(maj, min))
		return -1;
	snprintf(out, n, "%s", path);
	return 0;
}

int dev_find_sb1(int fd, const struct devinfo *di, struct sb1 *sb, int *minor, struct sb1_err *e)
{
	/* Several versions may be present (a stale one from an older array): like the
	 * kernel's autodetect order is irrelevant here; take the most recently created. */
	struct sb1 cand;
	struct sb1_err ce;
	int best = -1, bad = 0;
	for (int m = 2; m >= 0; m--) {
		int r = dev_read_sb1(fd, di, m, &cand, &ce);
		if (r < 0 && !bad && best < 0) {
			*e = ce;
			bad = 1;
		}
		if (r != 0)
			continue;
		if (best < 0 || sb1_time_sec(cand.ctime) > sb1_time_sec(sb->ctime)) {
			*sb = cand;
			best = m;
		}
	}
	if (best >= 0) {
		*minor = best;
		return 0;
	}
	return bad ? -1 : 1;
}

bool dev_refuse_foreign(int fd, const struct devinfo *di, bool quiet)
{
	uint8_t tail[FOREIGN_TAIL_BYTES];
	char line[320];
	if (di->sectors < FOREIGN_TAIL_BYTES / 512 ||
	    dev_pread(fd, tail, sizeof(tail), (di->sectors << 9) - sizeof(tail)) < 0)
		return false;
	enum foreign_kind k = foreign_detect(tail, sizeof(tail));
	if (k == FOREIGN_NONE)
		return false;
	if (!quiet)
		pr_err("%s", foreign_refusal(line, sizeof(line), di->path, k));
	return true;
}

bool dev_has_sb0(int fd, const struct devinfo *di)
{
	struct sb0 *sb = malloc(sizeof(*sb));
	struct sb0_err e;
	bool found = sb && dev_read_sb0(fd, di, sb, &e) == 0;
	free(sb);
	return found;
}

int dev_write_sb1(int fd, const struct devinfo *di, const struct sb1 *sb)
{
	uint8_t buf[SB1_READ_BYTES];
	int len = sb1_encode(sb, buf, sizeof(buf));
	if (len < 0) {
		pr_err("%s: cannot encode superblock", di->path);
		return -1;
	}
	size_t want = sb1_write_bytes(sb->max_dev, di->lbs);
	if (want > sizeof(buf) || (sb->super_offset << 9) + want > (di->sectors << 9)) {
		pr_err("%s: superblock does not fit on the device", di->path);
		return -1;
	}
	if (dev_pwrite(fd, buf, want, sb->super_offset << 9) < 0 || fsync(fd) < 0) {
		pr_err("%s: cannot write superblock: %s", di->path, strerror(errno));
		return -1;
	}
	return 0;
}

int dev_write_sb0(int fd, const struct devinfo *di, const struct sb0 *sb)
{
	uint8_t buf[SB0_BYTES];
	uint64_t off = sb0_offset(di->sectors);
	if (off == UINT64_MAX || sb0_encode(sb, buf, sizeof(buf)) < 0) {
		pr_err("%s: too small for a 0.90 superblock", di->path);
		return -1;
	}
	if (dev_pwrite(fd, buf, sizeof(buf), off << 9) < 0 || fsync(fd) < 0) {
		pr_err("%s: cannot write superblock: %s", di->path, strerror(errno));
		return -1;
	}
	return 0;
}

int dev_check_not_mounted(const struct devinfo *di)
{
	if (!di->rdev)
		return 0;
	FILE *f = sysfs_fopen("/proc/self/mountinfo");
	char line[4096];
	unsigned ma, mi;
	while (f && fgets(line, sizeof(line), f)) {
		char mnt[2048];
		/* id parent major:minor root mountpoint ... */
		if (sscanf(line, "%*d %*d %u:%u %*s %2047s", &ma, &mi, mnt) == 3 &&
		    makedev(ma, mi) == di->rdev) {
			pr_err("%s is mounted on %s", di->path, mnt);
			fclose(f);
			return -1;
		}
	}
	if (f)
		fclose(f);
	f = sysfs_fopen("/proc/swaps");
	while (f && fgets(line, sizeof(line), f)) {
		char name[2048];
		struct stat st;
		if (sscanf(line, "%2047s", name) == 1 && stat(name, &st) == 0 &&
		    S_ISBLK(st.st_mode) && st.st_rdev == di->rdev) {
			pr_err("%s is in use as swap", di->path);
			fclose(f);
			return -1;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

int dev_check_not_md_member(const struct devinfo *di)
{
	char kname[64], holder[64];
	if (!di->rdev || dev_kernel_name(di->rdev, kname, sizeof(kname)) < 0)
		return 0;
	if (sysfs_holder_md(kname, holder, sizeof(holder)) == 0) {
		pr_err("%s is a member of the running array /dev/%s", di->path, holder);
		return -1;
	}
	return 0;
}

int dev_probe_content(const char *path, char *what, size_t n)
{
	what[0] = '\0';
	blkid_probe pr = blkid_new_probe_from_filename(path);
	if (!pr)
		return -1;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL |
					  BLKID_SUBLKS_VERSION);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	int r = blkid_do_safeprobe(pr);
	if (r == -2) {
		snprintf(what, n, "several conflicting signatures");
	} else if (r == 0) {
		const char *type = NULL, *label = NULL, *pttype = NULL, *ver = NULL;
		blkid_probe_lookup_value(pr, "TYPE", &type, NULL);
		blkid_probe_lookup_value(pr, "LABEL", &label, NULL);
		blkid_probe_lookup_value(pr, "VERSION", &ver, NULL);
		blkid_probe_lookup_value(pr, "PTTYPE", &pttype, NULL);
		if (type && !strcmp(type, "linux_raid_member"))
			snprintf(what, n, "an md superblock (metadata %s%s%s)", ver ? ver : "?",
				 label ? ", array " : "", label ? label : "");
		else if (type)
			snprintf(what, n, "%s %s %s%s%s%s", strchr("aeiou", type[0]) ? "an" : "a", type,
				 strcmp(type, "swap") ? "filesystem" : "area",
				 label ? " (label '" : "", label ? label : "", label ? "')" : "");
		else if (pttype)
			snprintf(what, n, "a %s partition table", pttype);
	}
	blkid_free_probe(pr);
	return r < 0 && r != -2 ? -1 : 0;
}

bool ask_yes_no(const char *question, bool assume_yes)
{
	if (assume_yes)
		return true;
	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(stderr, "%s [y/N]? ", question);
	fflush(stderr);
	char line[32];
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

int dev_by_dir_names(const char *dir, dev_t rdev, char names[][256], int max)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));) {
		struct stat st;
		if (e->d_name[0] == '.' || strlen(e->d_name) >= 256 || fstatat(dirfd(d), e->d_name, &st, 0) < 0 ||
		    !S_ISBLK(st.st_mode) || st.st_rdev != rdev)
			continue;
		/* insert in byte order, keeping the max smallest: readdir's order
		 * is the filesystem's, and the answer must not depend on it */
		int k = n < max ? n++ : max;
		while (k > 0 && strcmp(e->d_name, names[k - 1]) < 0) {
			if (k < max)
				memcpy(names[k], names[k - 1], 256);
			k--;
		}
		if (k < max)
			snprintf(names[k], 256, "%s", e->d_name);
	}
	closedir(d);
	return n;
}
