/* md device nodes and ioctls (include/uapi/linux/raid/md_u.h). */
#include "sizes.h"
#include "mdio.h"
#include "dev.h"
#include "msg.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

/* Valid kernel names are "mdNNN" and "md_XXX" (md.c add_named_array()). */
static bool valid_kname(const char *k)
{
	if (strncmp(k, "md", 2) != 0)
		return false;
	if (k[2] == '_')
		return k[3] && strlen(k) < 32 && !strchr(k, '/');
	return str_all_digits(k + 2) && strlen(k) < 12;
}

int md_resolve_name(const char *arg, char *kname, size_t n)
{
	const char *s = arg;
	if (!strncmp(s, "/dev/", 5))
		s += 5;
	if (!strncmp(s, "md/", 3)) {
		char path[512], target[512];
		snprintf(path, sizeof(path), "/dev/%s", s);
		ssize_t r = readlink(path, target, sizeof(target) - 1);
		if (r > 0) {
			target[r] = '\0';
			const char *b = strrchr(target, '/');
			snprintf(kname, n, "%s", b ? b + 1 : target);
			return valid_kname(kname) ? 0 : -1;
		}
		struct stat st;
		if (stat(path, &st) == 0 && S_ISBLK(st.st_mode) && dev_kernel_name(st.st_rdev, kname, n) == 0)
			return 0;
		if (str_all_digits(s + 3)) {
			snprintf(kname, n, "md%s", s + 3);
			return 0;
		}
		errno = ENOENT;
		return -1;
	}
	if (str_all_digits(s)) {
		snprintf(kname, n, "md%s", s);
		return 0;
	}
	if (!valid_kname(s)) {
		errno = EINVAL;
		return -1;
	}
	snprintf(kname, n, "%s", s);
	return 0;
}

/* Ensure /dev/KNAME is a block node for the md device; devtmpfs normally makes it. */
static int ensure_node(const char *kname, char *path, size_t n)
{
	char buf[32];
	unsigned ma, mi;
	snprintf(path, n, "/dev/%s", kname);
	for (int i = 0; i < 200; i++) {
		if (sysfs_block_get(kname, "dev", buf, sizeof(buf)) == 0)
			break;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (sysfs_block_get(kname, "dev", buf, sizeof(buf)) < 0 || sscanf(buf, "%u:%u", &ma, &mi) != 2) {
		pr_err("md device %s did not appear in /sys/block", kname);
		return -1;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISBLK(st.st_mode) && st.st_rdev == makedev(ma, mi))
		return 0;
	unlink(path);
	if (mknod(path, S_IFBLK | 0660, makedev(ma, mi)) < 0 && errno != EEXIST) {
		pr_err("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int md_create_open(const char *kname)
{
	char path[64];
	if (!valid_kname(kname)) {
		pr_err("%s is not a valid md device name (use mdN or md_NAME)", kname);
		return -1;
	}
	/* A just-stopped device may still be going away: new_array then reports
	 * EEXIST while its sysfs directory vanishes. Retry for a short while. */
	for (int i = 0; i < 100; i++) {
		if (sysfs_md_param_set("new_array", kname) == 0 || errno != EEXIST || sysfs_md_exists(kname))
			break;
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (ensure_node(kname, path, sizeof(path)) < 0)
		return -1;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		pr_err("cannot open %s: %s", path, strerror(errno));
	return fd;
}

int md_open(const char *kname)
{
	char path[64];
	if (!sysfs_md_exists(kname)) {
		pr_err("/dev/%s does not exist (no such md device)", kname);
		return -1;
	}
	if (ensure_node(kname, path, sizeof(path)) < 0)
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		pr_err("cannot open %s: %s", path, strerror(errno));
	return fd;
}

/* An md device is free when it does not exist, or exists with nothing in it. */
static bool md_is_free(const char *kname)
{
	char buf[64];
	if (!sysfs_md_exists(kname))
		return true;
	if (sysfs_md_get(kname, "array_state", buf, sizeof(buf)) < 0 || strcmp(buf, "clear") != 0)
		return false;
	struct sysfs_member m[1];
	return sysfs_md_members(kname, m, 1) == 0;
}

int md_pick_free(char *out, size_t n)
{
	for (int i = 127; i >= 0; i--) {
		char k[16];
		snprintf(k, sizeof(k), "md%d", i);
		if (md_is_free(k)) {
			snprintf(out, n, "%s", k);
			return 0;
		}
	}
	for (int i = 128; i < 4096; i++) {
		char k[16];
		snprintf(k, sizeof(k), "md%d", i);
		if (md_is_free(k)) {
			snprintf(out, n, "%s", k);
			return 0;
		}
	}
	pr_err("no free md device number");
	return -1;
}

int md_make_name_link(const char *name, const char *kname)
{
	char path[512], target[64], cur[512];
	if (!name || !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -1;
	if (mkdir("/dev/md", 0755) < 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "/dev/md/%s", name);
	snprintf(target, sizeof(target), "../%s", kname);
	ssize_t r = readlink(path, cur, sizeof(cur) - 1);
	if (r > 0) {
		cur[r] = '\0';
		if (!strcmp(cur, target))
			return 0;
		unlink(path);  /* a stale link from an earlier array */
	}
	return symlink(target, path);
}

int md_find_name_link(const char *kname, char *path, size_t n)
{
	char target[64];
	snprintf(target, sizeof(target), "../%s", kname);
	DIR *d = opendir("/dev/md");
	if (!d)
		return -1;
	struct dirent *e;
	int rc = -1;
	while (rc < 0 && (e = readdir(d))) {
		char p[512], cur[512];
		snprintf(p, sizeof(p), "/dev/md/%s", e->d_name);
		ssize_t r = readlink(p, cur, sizeof(cur) - 1);
		if (r > 0) {
			cur[r] = '\0';
			if (!strcmp(cur, target) && snprintf(path, n, "%s", p) < (int)n)
				rc = 0;
		}
	}
	closedir(d);
	return rc;
}

int md_remove_name_links(const char *kname)
{
	char path[512];
	for (int i = 0; i < 64 && md_find_name_link(kname, path, sizeof(path)) == 0; i++)
		if (unlink(path) < 0)
			return -1;
	return 0;
}

int md_get_array_info(int fd, mdu_array_info_t *ai) { return ioctl(fd, GET_ARRAY_INFO, ai); }
int md_get_disk_info(int fd, mdu_disk_info_t *di) { return ioctl(fd, GET_DISK_INFO, di); }
int md_set_array_info(int fd, const mdu_array_info_t *ai) { return ioctl(fd, SET_ARRAY_INFO, ai); }
int md_add_new_disk(int fd, const mdu_disk_info_t *di) { return ioctl(fd, ADD_NEW_DISK, di); }
int md_run_array(int fd) { return ioctl(fd, RUN_ARRAY, NULL); }
int md_stop_array(int fd) { return ioctl(fd, STOP_ARRAY, NULL); }
int md_hot_remove(int fd, dev_t dev) { return ioctl(fd, HOT_REMOVE_DISK, (unsigned long)dev); }
int md_hot_add(int fd, dev_t dev) { return ioctl(fd, HOT_ADD_DISK, (unsigned long)dev); }
int md_set_disk_faulty(int fd, dev_t dev) { return ioctl(fd, SET_DISK_FAULTY, (unsigned long)dev); }
int md_get_version(int fd, mdu_version_t *v) { return ioctl(fd, RAID_VERSION, v); }
int md_restart_rw(int fd) { return ioctl(fd, RESTART_ARRAY_RW, NULL); }
int md_stop_ro(int fd) { return ioctl(fd, STOP_ARRAY_RO, NULL); }
