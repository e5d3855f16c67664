/* The one place that reads /sys and /proc: md attributes
 * (/sys/block/mdX/md/ATTR, Documentation/admin-guide/md.rst), block devices,
 * /proc/mdstat and /proc/partitions. Every path is taken under a root
 * directory, "" for the running system; unit tests set a captured tree. */
#include "sysfs.h"
#include "uuid.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set once, before any read (sysfs_set_root()). */
static char root[256];

void sysfs_set_root(const char *dir)
{
	snprintf(root, sizeof(root), "%s", dir ? dir : "");
}

/* root + path; a path that does not fit fails the open that follows. */
static const char *rooted(const char *path, char *buf, size_t n)
{
	int w = snprintf(buf, n, "%s%s", root, path);
	return w < 0 || (size_t)w >= n ? "/nonexistent/path-too-long" : buf;
}

int sysfs_open(const char *path, int flags)
{
	char b[768];
	return open(rooted(path, b, sizeof(b)), flags | O_CLOEXEC);
}

FILE *sysfs_fopen(const char *path)
{
	char b[768];
	return fopen(rooted(path, b, sizeof(b)), "re");
}

DIR *sysfs_opendir(const char *path)
{
	char b[768];
	return opendir(rooted(path, b, sizeof(b)));
}

DIR *sysfs_block_list(void) { return sysfs_opendir("/sys/block"); }
FILE *proc_mdstat(void) { return sysfs_fopen(PROC_MDSTAT); }

bool sysfs_exists(const char *path)
{
	char b[768];
	return access(rooted(path, b, sizeof(b)), F_OK) == 0;
}

ssize_t sysfs_readlink(const char *path, char *buf, size_t n)
{
	char b[768];
	if (n == 0)
		return -1;
	ssize_t r = readlink(rooted(path, b, sizeof(b)), buf, n - 1);
	if (r >= 0)
		buf[r] = '\0';
	return r;
}

static int read_file(const char *path, char *buf, size_t n)
{
	int fd = sysfs_open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t r = read(fd, buf, n - 1);
	int saved = errno;
	close(fd);
	if (r < 0) {
		errno = saved;
		return -1;
	}
	buf[r] = '\0';
	while (r > 0 && (buf[r - 1] == '\n' || buf[r - 1] == ' '))
		buf[--r] = '\0';
	return 0;
}

static int write_file(const char *path, const char *val)
{
	int fd = sysfs_open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	size_t len = strlen(val);
	ssize_t w = write(fd, val, len);
	int saved = errno;
	close(fd);
	if (w != (ssize_t)len) {
		errno = w < 0 ? saved : EIO;
		return -1;
	}
	return 0;
}

int sysfs_md_get(const char *kname, const char *attr, char *buf, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "/sys/block/%s/md/%s", kname, attr);
	return read_file(path, buf, n);
}

int sysfs_md_get_u64(const char *kname, const char *attr, uint64_t *v)
{
	char buf[64], *end;
	if (sysfs_md_get(kname, attr, buf, sizeof(buf)) < 0)
		return -1;
	errno = 0;
	unsigned long long x = strtoull(buf, &end, 10);
	if (errno || end == buf) {
		errno = EINVAL;
		return -1;
	}
	*v = x;
	return 0;
}

int sysfs_md_set(const char *kname, const char *attr, const char *val)
{
	char path[512];
	snprintf(path, sizeof(path), "/sys/block/%s/md/%s", kname, attr);
	return write_file(path, val);
}

int sysfs_md_set_u64(const char *kname, const char *attr, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return sysfs_md_set(kname, attr, buf);
}

int sysfs_block_get(const char *kname, const char *attr, char *buf, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", kname, attr);
	return read_file(path, buf, n);
}

int sysfs_block_set(const char *kname, const char *attr, const char *val)
{
	char path[512];
	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", kname, attr);
	return write_file(path, val);
}

bool sysfs_md_has(const char *kname, const char *attr)
{
	char path[512];
	snprintf(path, sizeof(path), "/sys/block/%s/md/%s", kname, attr);
	return sysfs_exists(path);
}

bool sysfs_md_exists(const char *kname)
{
	char path[512];
	snprintf(path, sizeof(path), "/sys/block/%s/md", kname);
	return sysfs_exists(path);
}

int sysfs_md_param_get(const char *param, char *buf, size_t n)
{
	char path[256];
	snprintf(path, sizeof(path), "/sys/module/md_mod/parameters/%s", param);
	return read_file(path, buf, n);
}

int sysfs_md_param_set(const char *param, const char *val)
{
	char path[256];
	snprintf(path, sizeof(path), "/sys/module/md_mod/parameters/%s", param);
	return write_file(path, val);
}

static uint64_t parse_u64_or_none(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	return end == s ? UINT64_MAX : v;
}

int sysfs_md_members(const char *kname, struct sysfs_member *m, int max)
{
	char path[512], buf[128];
	snprintf(path, sizeof(path), "/sys/block/%s/md", kname);
	DIR *d = sysfs_opendir(path);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		if (strncmp(e->d_name, "dev-", 4) != 0 || strlen(e->d_name + 4) >= sizeof(m[n].name))
			continue;
		struct sysfs_member *x = &m[n];
		memset(x, 0, sizeof(*x));
		snprintf(x->name, sizeof(x->name), "%s", e->d_name + 4);
		char attr[320];
		snprintf(attr, sizeof(attr), "%s/slot", e->d_name);
		x->slot = (sysfs_md_get(kname, attr, buf, sizeof(buf)) == 0 && strcmp(buf, "none") != 0)
			? atoi(buf) : -1;
		snprintf(attr, sizeof(attr), "%s/state", e->d_name);
		if (sysfs_md_get(kname, attr, x->state, sizeof(x->state)) < 0)
			x->state[0] = '\0';
		snprintf(attr, sizeof(attr), "%s/offset", e->d_name);
		if (sysfs_md_get(kname, attr, buf, sizeof(buf)) == 0)
			x->offset = parse_u64_or_none(buf);
		snprintf(attr, sizeof(attr), "%s/size", e->d_name);
		if (sysfs_md_get(kname, attr, buf, sizeof(buf)) == 0)
			x->size = parse_u64_or_none(buf);
		snprintf(attr, sizeof(attr), "%s/recovery_start", e->d_name);
		x->recovery_start = sysfs_md_get(kname, attr, buf, sizeof(buf)) == 0
			? parse_u64_or_none(buf) : UINT64_MAX;
		snprintf(attr, sizeof(attr), "%s/block/dev", e->d_name);
		if (sysfs_md_get(kname, attr, buf, sizeof(buf)) == 0)
			sscanf(buf, "%u:%u", &x->major, &x->minor);
		n++;
	}
	closedir(d);
	return n;
}

int sysfs_holder_md(const char *member_kname, char *md_kname, size_t n)
{
	char path[512];
	/* Partitions live under their disk in /sys/block; /sys/class/block has both. */
	snprintf(path, sizeof(path), "/sys/class/block/%s/holders", member_kname);
	DIR *d = sysfs_opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "md", 2) == 0) {
			snprintf(md_kname, n, "%s", e->d_name);
			rc = 0;
			break;
		}
	}
	closedir(d);
	return rc;
}

bool sysfs_md_running(const char *kname)
{
	char st[32];
	return sysfs_md_get(kname, "array_state", st, sizeof(st)) == 0 && st[0] && strcmp(st, "clear") != 0 &&
	       strcmp(st, "inactive") != 0;
}

bool sysfs_md_find_running(const uint8_t uuid[16], char *kname, size_t n)
{
	DIR *d = sysfs_block_list();
	struct dirent *e;
	bool found = false;
	while (d && !found && (e = readdir(d))) {
		char v[64];
		uint8_t u[16];
		if (strncmp(e->d_name, "md", 2) != 0 || (kname && strlen(e->d_name) >= n))
			continue;
		found = sysfs_md_get(e->d_name, "uuid", v, sizeof(v)) == 0 && uuid_parse(v, u) == 0 &&
			!memcmp(u, uuid, 16) && sysfs_md_running(e->d_name);
		if (found && kname)
			snprintf(kname, n, "%s", e->d_name);
	}
	if (d)
		closedir(d);
	return found;
}

int mdstat_arrays(char (*names)[32], int max)
{
	FILE *f = proc_mdstat();
	char line[1024], colon;
	int n = 0;
	if (!f)
		return -1;
	/* "md127 : active raid1 loop1[1] loop0[0]" */
	while (fgets(line, sizeof(line), f) && n < max)
		if (!strncmp(line, "md", 2) && sscanf(line, "%31s %c", names[n], &colon) == 2 && colon == ':')
			n++;
	fclose(f);
	return n;
}

int proc_partitions(char (**names)[32])
{
	FILE *f = sysfs_fopen("/proc/partitions");
	char line[256], name[128];
	char (*v)[32] = NULL;
	int n = 0;
	unsigned long long blocks;
	unsigned maj, min;
	*names = NULL;
	if (!f)
		return -1;
	/* "major minor  #blocks  name"; names longer than a kernel name are skipped */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %u %u %llu %127s", &maj, &min, &blocks, name) != 4 || strlen(name) >= 32)
			continue;
		char (*nv)[32] = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		memcpy(v[n++], name, strlen(name) + 1);  /* shorter than 32, checked above */
	}
	fclose(f);
	*names = v;
	return n;
}
