/* In-place growth of raid4/5/6 (no room to move the data) with a backup file.
 *
 * Growing in place, the kernel's first new stripes overwrite old stripes whose
 * data it holds only in memory; past the critical section its writes trail its
 * reads and a crash loses nothing (raid5.c raid5_run() refuses to resume
 * inside it). So mdctl:
 *   1. freezes the array and blocks writes to the critical section
 *      (md/suspend_lo..suspend_hi; reads still pass, md.c is_suspended()),
 *   2. copies the section through the array into the backup file, fsynced,
 *   3. lets the kernel reshape up to the section's end only (md/sync_max, in
 *      sectors per member of the new geometry: raid5.c reshape_request()),
 *   4. waits until every member's superblock on disk records a reshape
 *      position past it, then lifts both limits and deletes the file.
 * Signals are blocked meanwhile, so the array is never left with writes
 * suspended. After a crash inside the section, --assemble --backup-file sets
 * the superblocks' reshape position to the end of the section, starts the
 * array and writes the saved data back through it (whole stripes, so the
 * kernel computes parity from the data alone). */
#include "grow_steps.h"
#include "dev.h"
#include "reshape_plan.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static bool is_ours(const char *name, const struct grow_array *a)
{
	if (!strcmp(name, a->kname))
		return true;
	for (int i = 0; i < a->n; i++)
		if (!strcmp(name, a->m[i].sm.name))
			return true;
	return false;
}

/* Is block device `name`, its disk, or anything
 * it is built on (dm, md, partitions) the array or one of its members? */
static bool built_on(const char *name, const struct grow_array *a, int depth)
{
	char path[300], link[512];
	if (is_ours(name, a))
		return true;
	snprintf(path, sizeof(path), "/sys/class/block/%s", name);
	if (sysfs_readlink(path, link, sizeof(link)) > 0) {
		char sub[400];
		snprintf(sub, sizeof(sub), "%s/partition", path);
		char *slash = strrchr(link, '/');
		if (sysfs_exists(sub) && slash) {
			*slash = '\0';
			const char *disk = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
			if (is_ours(disk, a))
				return true;
		}
	}
	if (depth > 8)
		return false;
	char slaves[400];
	snprintf(slaves, sizeof(slaves), "%s/slaves", path);
	DIR *d = opendir(slaves);
	if (!d)
		return false;
	bool hit = false;
	struct dirent *e;
	while (!hit && (e = readdir(d)))
		if (e->d_name[0] != '.')
			hit = built_on(e->d_name, a, depth + 1);
	closedir(d);
	return hit;
}

/* The backup must not live on the array it protects, nor on its members. */
static int check_backup_place(const char *file, const struct grow_array *a)
{
	char copy[4096];
	struct stat st;
	if (access(file, F_OK) == 0) {
		pr_err("backup file %s already exists: it may hold another reshape's data", file);
		return -1;
	}
	snprintf(copy, sizeof(copy), "%s", file);
	if (stat(dirname(copy), &st) < 0) {
		pr_err("backup file %s: cannot use its directory: %s", file, strerror(errno));
		return -1;
	}
	char name[64];
	if (dev_kernel_name(st.st_dev, name, sizeof(name)) == 0 && built_on(name, a, 0)) {
		pr_err("backup file %s is on /dev/%s, which this reshape rewrites", file, name);
		return -1;
	}
	return 0;
}

static void *aligned(size_t n)
{
	void *p = NULL;
	return posix_memalign(&p, 4096, n) == 0 ? p : NULL;
}

/* Read the critical section through the array (O_DIRECT: what is on disk). */
static int write_backup(const char *file, const struct grow_array *a, const uint8_t uuid[16], uint64_t crit,
			int new_disks)
{
	size_t len = (size_t)crit * 512;
	uint8_t *buf = aligned(len), hdr[RS_BACKUP_HDR];
	int rc = -1, md = -1, fd = -1;
	char path[64];
	if (!buf) {
		pr_err("out of memory");
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/%s", a->kname);
	md = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (md < 0 || dev_pread(md, buf, len, 0) < 0) {
		pr_err("cannot read the start of %s: %s", path, strerror(errno));
		goto out;
	}
	struct rs_backup b = { .start = 0, .sectors = crit, .data_sum = rs_fnv(RS_FNV_INIT, buf, len),
			       .old_disks = (uint32_t)a->raid_disks, .new_disks = (uint32_t)new_disks };
	memcpy(b.uuid, uuid, 16);
	rs_backup_encode(&b, hdr);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || dev_pwrite(fd, hdr, sizeof(hdr), 0) < 0 || dev_pwrite(fd, buf, len, RS_BACKUP_HDR) < 0 ||
	    fsync(fd) < 0) {
		pr_err("cannot write backup file %s: %s", file, strerror(errno));
		if (fd >= 0)
			unlink(file);
		goto out;
	}
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", file);
	int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	if (md >= 0)
		close(md);
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

/* The reshape position one member's superblock has on disk (either format;
 * 0.90 records one from minor version 91 on). buf: SB1_READ_BYTES, aligned. */
static int sb_position(int fd, const struct grow_member *m, uint8_t *buf, bool *active, uint64_t *at)
{
	if (m->have_sb) {
		struct sb1 sb;
		struct sb1_err e;
		if (dev_pread(fd, buf, SB1_READ_BYTES, m->sb.super_offset * 512) < 0 ||
		    sb1_decode(buf, SB1_READ_BYTES, &sb, &e) < 0)
			return -1;
		*active = sb.feature_map & SB1_FEAT_RESHAPE_ACTIVE;
		*at = sb.reshape_position;
		return 0;
	}
	struct sb0 sb;
	struct sb0_err e;
	uint64_t off = sb0_offset(m->dev_sectors);
	if (off == UINT64_MAX || dev_pread(fd, buf, SB0_BYTES, off * 512) < 0 ||
	    sb0_decode(buf, SB0_BYTES, &sb, &e) < 0)
		return -1;
	*active = sb.minor_version == 91;
	*at = sb.reshape_position;
	return 0;
}

/* Lowest reshape position any member's superblock has on disk (O_DIRECT:
 * md writes superblocks with its own bios, past the page cache). */
static int ondisk_position(const struct grow_array *a, uint64_t *pos)
{
	uint8_t *buf = aligned(SB1_READ_BYTES);
	if (!buf)
		return -1;
	*pos = UINT64_MAX;
	int rc = 0;
	for (int i = 0; i < a->n && rc == 0; i++) {
		const struct grow_member *m = &a->m[i];
		if (strstr(m->sm.state, "faulty") || !(m->have_sb || m->have_sb0))
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/dev/%s", m->sm.name);
		int fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
		bool active;
		uint64_t at;
		if (fd < 0 || sb_position(fd, m, buf, &active, &at) < 0)
			rc = -1;
		else if (active && at < *pos)
			*pos = at; /* not active: finished, past everything */
		if (fd >= 0)
			close(fd);
	}
	free(buf);
	return rc;
}

static void lift(const char *kname)
{
	sysfs_md_set(kname, "sync_max", "max");
	sysfs_md_set(kname, "suspend_lo", "0");
	sysfs_md_set(kname, "suspend_hi", "0");
}

/* Wait until the superblocks on disk record a reshape past crit; then the
 * backup is no longer needed. 0, or 1 (printed) if the array went away. */
static int wait_past(const struct grow_req *req, const struct grow_array *a, uint64_t crit)
{
	for (;;) {
		uint64_t pos;
		char v[32];
		if (sysfs_md_get(a->kname, "reshape_position", v, sizeof(v)) < 0) {
			pr_err("/dev/%s went away during the critical section; keep %s for --assemble", a->kname,
			       req->backup_file ? req->backup_file : "the backup file");
			return 1;
		}
		if ((!strcmp(v, "none") || strtoull(v, NULL, 10) >= crit) && ondisk_position(a, &pos) == 0 &&
		    pos >= crit)
			break;
		usleep(100 * 1000);
	}
	if (req->backup_file)
		unlink(req->backup_file);
	pr_info("critical section passed; the reshape goes on in the background");
	return 0;
}

/* --continue after mdctl was killed (SIGKILL) inside the critical section:
 * the kernel stops at sync_max with writes still suspended. */
int grow_backup_continue(const struct grow_req *req, const struct grow_array *a)
{
	char v[32];
	if (sysfs_md_get(a->kname, "sync_max", v, sizeof(v)) < 0 || !strcmp(v, "max"))
		return 0;
	uint64_t per = strtoull(v, NULL, 10);
	int parity = a->level == 6 ? 2 : 1;
	int rc = wait_past(req, a, per * (uint64_t)(a->raid_disks - parity));
	lift(a->kname);
	return rc;
}

int grow_backup_check(const struct grow_req *req, const struct grow_array *a)
{
	return check_backup_place(req->backup_file, a);
}

int grow_backup_reshape(const struct grow_req *req, const struct grow_array *a, int new_disks)
{
	int parity = a->level == 6 ? 2 : 1;
	uint64_t crit = rs_critical_sectors(a->raid_disks - parity, new_disks - parity, a->chunk);
	const struct grow_member *ref = NULL;
	for (int i = 0; i < a->n && !ref; i++)
		if (gm_active(&a->m[i]) && (a->m[i].have_sb || a->m[i].have_sb0))
			ref = &a->m[i];
	if (!ref || !crit || crit > a->array_sectors) {
		pr_err("/dev/%s: cannot plan an in-place reshape", a->kname);
		return 1;
	}
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	int rc = 1;
	bool started = false;
	char dev[64];
	snprintf(dev, sizeof(dev), "/dev/%s", a->kname);
	int mdfd = open(dev, O_RDONLY | O_CLOEXEC);
	if (mdfd >= 0) {
		fsync(mdfd);            /* dirty pages land before writes are suspended */
		close(mdfd);
	}
	if (grow_set(a->kname, "sync_action", "frozen") < 0 || grow_stripe_cache(a, a->chunk) < 0)
		goto out;
	if (grow_set_u64(a->kname, "suspend_hi", crit) < 0 || grow_set(a->kname, "suspend_lo", "0") < 0)
		goto out;
	/* the uuid restore_prepare() (assemble.c) compares: a 0.90 one as printed */
	uint8_t uuid[16];
	if (ref->have_sb)
		memcpy(uuid, ref->sb.set_uuid, 16);
	else
		sb0_uuid_bytes(&ref->sb0, uuid);
	if (write_backup(req->backup_file, a, uuid, crit, new_disks) < 0)
		goto out;
	if (grow_set(a->kname, "reshape_direction", "forwards") < 0 ||
	    grow_set_u64(a->kname, "sync_max", crit / (uint64_t)(new_disks - parity)) < 0 ||
	    grow_set_u64(a->kname, "raid_disks", (uint64_t)new_disks) < 0 ||
	    grow_set(a->kname, "sync_action", "reshape") < 0)
		goto out;
	started = true;
	pr_info("reshape of /dev/%s started in place (%d -> %d devices); critical section of %llu KiB backed up to %s",
		a->kname, a->raid_disks, new_disks, (unsigned long long)crit / 2, req->backup_file);
	rc = wait_past(req, a, crit);
out:
	lift(a->kname);
	if (!started) {
		sysfs_md_set(a->kname, "sync_action", "idle");
		unlink(req->backup_file);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
