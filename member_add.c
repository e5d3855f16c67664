/* Adding a device to a running array (member_add.h): re-add of a former
 * member, or a fresh spare with a new superblock and bitmap. */
#include "member_add.h"
#include "msg.h"
#include "bitmap_io.h"
#include "dev.h"
#include "mdio.h"
#include "super0.h"
#include "super1.h"
#include "sysfs.h"
#include "uuid.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>


struct ref {
	int minor;
	struct sb1 sb;
	int fd;
	struct devinfo di;
	uint32_t used[MD_MAX_MEMBERS];  /* dev_numbers of the current members */
	int nused;
};

/* An in-sync member's superblock describes the array; every member's
 * dev_number is taken (md.c bind_rdev_to_array() refuses duplicates). */
static int load_ref(const char *kname, struct ref *r)
{
	char v[32];
	struct sysfs_member m[MD_MAX_MEMBERS];
	r->fd = -1;
	if (sysfs_md_get(kname, "metadata_version", v, sizeof(v)) < 0 || sscanf(v, "1.%d", &r->minor) != 1 ||
	    r->minor < 0 || r->minor > 2) {
		pr_err("/dev/%s: only arrays with v1.x superblocks are supported", kname);
		return -1;
	}
	int n = sysfs_md_members(kname, m, MD_MAX_MEMBERS);
	r->nused = 0;
	for (int i = 0; i < n; i++) {
		char path[64];
		struct devinfo di;
		struct sb1 sb;
		struct sb1_err e;
		snprintf(path, sizeof(path), "/dev/%.31s", m[i].name);
		int fd = dev_open(path, O_RDONLY, &di);
		if (fd < 0)
			continue;
		if (dev_read_sb1(fd, &di, r->minor, &sb, &e) == 0) {
			r->used[r->nused++] = sb.dev_number;
			if (r->fd < 0 && strstr(m[i].state, "in_sync") && !strstr(m[i].state, "faulty")) {
				r->sb = sb;
				r->di = di;
				r->fd = fd;
				continue;
			}
		}
		close(fd);
	}
	if (r->fd < 0) {
		pr_err("/dev/%s has no working member to copy the array's superblock from", kname);
		return -1;
	}
	return 0;
}

static uint32_t free_dev_number(const struct ref *r)
{
	for (uint32_t d = 0;; d++) {
		bool taken = false;
		for (int i = 0; i < r->nused; i++)
			taken |= r->used[i] == d;
		if (!taken)
			return d;
	}
}

/* The smallest journal mdctl adds: room for the log's meta blocks and some
 * stripes (raid5-cache.c keeps the ring in the data area, 4 KiB blocks). */
#define JOURNAL_MIN_SECTORS 2048

/* The new member's superblock: the array's, with this device's own place,
 * identity and the role of a spare (journal: of the write journal, with its
 * log tail at the start of the data area). Same metadata room as the reference. */
static int new_superblock(const struct ref *r, const struct devinfo *di, const char *path, bool journal,
			  struct sb1 *sb)
{
	*sb = r->sb;
	uint64_t so = sb1_super_offset(r->minor, di->sectors);
	if (so == UINT64_MAX) {
		pr_err("%s is too small for a v1.%d superblock", path, r->minor);
		return -1;
	}
	sb->super_offset = so;
	if (r->minor == 0) {  /* keep the gap between data and superblock */
		uint64_t gap = r->sb.super_offset - r->sb.data_offset - r->sb.data_size;
		sb->data_size = so > gap ? so - gap : 0;
	} else {
		sb->data_size = di->sectors > sb->data_offset ? di->sectors - sb->data_offset : 0;
	}
	if (journal && sb->data_size < JOURNAL_MIN_SECTORS) {
		pr_err("%s is too small for a write journal: %llu sectors for the log, at least %d needed", path,
		       (unsigned long long)sb->data_size, JOURNAL_MIN_SECTORS);
		return -1;
	}
	if (!journal && (sb->data_size < r->sb.size || (r->sb.size == 0 && sb->data_size < r->sb.data_size))) {
		pr_err("%s is too small: it has %llu sectors for data, the array needs %llu", path,
		       (unsigned long long)sb->data_size,
		       (unsigned long long)(r->sb.size ? r->sb.size : r->sb.data_size));
		return -1;
	}
	if (uuid_generate(sb->device_uuid) < 0) {
		pr_err("cannot generate a device UUID");
		return -1;
	}
	sb->dev_number = free_dev_number(r);
	if (sb->dev_number >= SB1_MAX_DEV) {
		pr_err("/dev/%s has no free device number", path);
		return -1;
	}
	while (sb->max_dev <= sb->dev_number)
		sb->max_dev += 32;  /* the kernel grows it the same way when needed */
	for (uint32_t i = r->sb.max_dev; i < sb->max_dev; i++)
		sb->dev_roles[i] = SB1_ROLE_SPARE;
	sb->dev_roles[sb->dev_number] = journal ? SB1_ROLE_JOURNAL : SB1_ROLE_SPARE;
	sb->devflags = 0;
	sb->recovery_offset = 0;  /* journal_tail for a journal */
	sb->cnt_corrected_read = 0;
	/* no bad blocks known yet; recovery state is the kernel's to set */
	sb->feature_map &= ~(uint32_t)(SB1_FEAT_BAD_BLOCKS | SB1_FEAT_RECOVERY_OFFSET | SB1_FEAT_REPLACEMENT |
				       SB1_FEAT_RECOVERY_BITMAP);
	struct sb1_err e;
	if (sb1_validate(sb, r->minor, di->sectors, &e) < 0) {
		pr_err("%s: cannot place the array's metadata: %s", path, e.msg);
		return -1;
	}
	return 0;
}

/* The reference member's bitmap, copied so the new member never carries a
 * stale one (the kernel only writes pages as they change). */
static int copy_bitmap(const struct ref *r, int fd, const struct devinfo *di, const struct sb1 *sb)
{
	struct bitmap_sb bs;
	struct bitmap_err be;
	int k = bitmap_read_member(r->fd, &r->di, &r->sb, &bs, &be);
	if (k == 1)
		return 0;
	if (k < 0) {
		pr_err("cannot read the array's bitmap: %s", be.msg);
		return -1;
	}
	uint64_t len = bitmap_total_bytes(&bs);
	if (len == UINT64_MAX || len > (64u << 20)) {
		pr_err("the array's bitmap has an implausible size");
		return -1;
	}
	len = (len + 4095) / 4096 * 4096;
	int64_t from = ((int64_t)r->sb.super_offset + r->sb.bitmap_offset) * 512;
	int64_t to = ((int64_t)sb->super_offset + sb->bitmap_offset) * 512;
	if (to < 0 || (uint64_t)to + len > di->sectors * 512) {
		pr_err("%s: no room for the bitmap", di->path);
		return -1;
	}
	uint8_t *buf = malloc(len);
	int rc = -1;
	if (buf && dev_pread(r->fd, buf, len, (uint64_t)from) == 0 && dev_pwrite(fd, buf, len, (uint64_t)to) == 0)
		rc = 0;
	else
		pr_err("%s: cannot copy the bitmap: %s", di->path, buf ? strerror(errno) : "out of memory");
	free(buf);
	return rc;
}

/* state: MD_DISK_* bits (md.c md_add_new_disk: SYNC asks for a re-add,
 * JOURNAL for the write journal) */
static int hot_add(int mdfd, dev_t rdev, int number, int role, int state)
{
	mdu_disk_info_t d;
	memset(&d, 0, sizeof(d));
	d.number = number;
	d.major = (int)major(rdev);
	d.minor = (int)minor(rdev);
	d.raid_disk = role;
	d.state = state;
	return md_add_new_disk(mdfd, &d);
}

/* A device that is not a member of this array holds data: say what, ask. */
static int may_overwrite(const char *path, bool yes)
{
	char what[256];
	if (dev_probe_content(path, what, sizeof(what)) < 0) {
		pr_err("%s: cannot probe the device for existing data", path);
		return -1;
	}
	if (what[0]) {
		pr_info("%s appears to contain %s", path, what);
		if (!ask_yes_no("Overwrite it", yes)) {
			pr_err("add aborted: %s holds data (answer 'y' on a terminal, or give --run)", path);
			return -1;
		}
	}
	return 0;
}

/* Write a new superblock (and the bitmap) to fd and hand the device to the
 * kernel as a spare. Closes fd. */
static int fresh_add(const char *kname, int mdfd, const char *path, int fd,
		     const struct devinfo *di, const struct ref *r)
{
	struct sb1 *sb = malloc(sizeof(*sb));
	if (!sb) {
		pr_err("out of memory");
		close(fd);
		return -1;
	}
	int rc = -1;
	if (new_superblock(r, di, path, false, sb) < 0)
		goto out;
	if ((sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && copy_bitmap(r, fd, di, sb) < 0)
		goto out;
	if (dev_write_sb1(fd, di, sb) < 0)
		goto out;
	close(fd);  /* the kernel claims it exclusively */
	fd = -1;
	if (hot_add(mdfd, di->rdev, (int)sb->dev_number, -1, 0) < 0) {
		pr_err("/dev/%s: the kernel refused to add %s: %s (see the kernel log)", kname, path, strerror(errno));
		goto out;
	}
	pr_info("added %s to /dev/%s", path, kname);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(sb);
	return rc;
}

/* Open path for adding: exclusively, a block device, not mounted, not in use by md. */
static int open_new(const char *path, struct devinfo *di)
{
	int fd = dev_open(path, O_RDWR | O_EXCL, di);
	if (fd < 0)
		return -1;
	if (!di->rdev) {
		pr_err("%s is not a block device", path);
		close(fd);
		return -1;
	}
	if (dev_check_not_mounted(di) < 0 || dev_check_not_md_member(di) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool is_v0(const char *kname)
{
	char v[32];
	return sysfs_md_get(kname, "metadata_version", v, sizeof(v)) == 0 && !strcmp(v, "0.90");
}

static int spare_prepare0(const char *kname, const char *path, bool yes, struct spare_plan *p);

int spare_prepare(const char *kname, const char *path, bool yes, struct spare_plan *p)
{
	struct ref r;
	memset(&r, 0, sizeof(r));
	p->fd = -1;
	p->path = path;
	p->v0 = is_v0(kname);
	if (p->v0)
		return spare_prepare0(kname, path, yes, p);
	if (load_ref(kname, &r) < 0)
		return -1;
	struct sb1 *sb = malloc(sizeof(*sb));
	int rc = -1;
	if (!sb) {
		pr_err("out of memory");
		goto out;
	}
	p->fd = open_new(path, &p->di);
	if (p->fd < 0 || new_superblock(&r, &p->di, path, false, sb) < 0 || may_overwrite(path, yes) < 0)
		goto out;
	rc = 0;
out:
	if (rc && p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
	}
	free(sb);
	if (r.fd >= 0)
		close(r.fd);
	return rc;
}

static int hot_add0(const char *kname, int mdfd, const char *path, dev_t rdev);

int spare_commit(const char *kname, int mdfd, struct spare_plan *p)
{
	struct ref r;
	memset(&r, 0, sizeof(r));
	int rc = -1;
	if (p->v0) {
		close(p->fd);  /* the kernel claims it exclusively */
		p->fd = -1;
		return hot_add0(kname, mdfd, p->path, p->di.rdev);
	}
	if (load_ref(kname, &r) == 0)
		rc = fresh_add(kname, mdfd, p->path, p->fd, &p->di, &r);
	else
		close(p->fd);
	p->fd = -1;
	if (r.fd >= 0)
		close(r.fd);
	return rc;
}

void spare_release(struct spare_plan *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* A working member's 0.90 superblock: the array as it is now. 0 or -1. */
static int load_ref0(const char *kname, struct sb0 *ref)
{
	struct sysfs_member m[MD_MAX_MEMBERS];
	int n = sysfs_md_members(kname, m, MD_MAX_MEMBERS);
	for (int i = 0; i < n; i++) {
		char path[64];
		struct devinfo di;
		struct sb0_err e;
		if (!strstr(m[i].state, "in_sync") || strstr(m[i].state, "faulty"))
			continue;
		snprintf(path, sizeof(path), "/dev/%.31s", m[i].name);
		int fd = dev_open(path, O_RDONLY, &di);
		if (fd < 0)
			continue;
		int r = dev_read_sb0(fd, &di, ref, &e);
		close(fd);
		if (r == 0)
			return 0;
	}
	pr_err("/dev/%s has no working member to read the array's superblock from", kname);
	return -1;
}

/* Does the device on fd hold a 0.90 superblock of ref's array (into *old)? */
static bool same_array0(int fd, const struct devinfo *di, const struct sb0 *ref, struct sb0 *old)
{
	struct sb0_err e;
	return dev_read_sb0(fd, di, old, &e) == 0 && !memcmp(old->set_uuid, ref->set_uuid, sizeof(ref->set_uuid));
}

/* Does a device of di hold the array's component size before its 0.90 superblock? */
static int check_room0(const char *kname, const char *path, const struct devinfo *di)
{
	uint64_t size_kib;
	if (sysfs_md_get_u64(kname, "component_size", &size_kib) == 0 && sb0_offset(di->sectors) != UINT64_MAX &&
	    sb0_offset(di->sectors) / 2 < size_kib) {
		pr_err("%s is too small: it has %llu KiB before its 0.90 superblock, the array needs %llu", path,
		       (unsigned long long)(sb0_offset(di->sectors) / 2), (unsigned long long)size_kib);
		return -1;
	}
	return 0;
}

static int hot_add0(const char *kname, int mdfd, const char *path, dev_t rdev)
{
	if (md_hot_add(mdfd, rdev) < 0) {
		pr_err("/dev/%s: the kernel refused to add %s: %s (see the kernel log)", kname, path, strerror(errno));
		return -1;
	}
	pr_info("added %s", path);
	return 0;
}

/* 0.90 (md.c): a former member goes back with ADD_NEW_DISK, the kernel
 * reading its superblock (super_90_load) and the bitmap deciding how much to
 * recover; a new one goes in blank with HOT_ADD_DISK and the kernel writes
 * its superblock. */
static int member_add0(const char *kname, int mdfd, const char *path, enum add_mode mode, bool yes)
{
	struct sb0 ref, old;
	struct devinfo di;
	if (load_ref0(kname, &ref) < 0)
		return -1;
	int fd = open_new(path, &di);
	if (fd < 0)
		return -1;
	bool same = same_array0(fd, &di, &ref, &old);
	uint16_t role = same ? sb0_disk_role(&old.this_disk, ref.raid_disks) : SB1_ROLE_SPARE;
	if (mode == READD_ONLY && (!same || role >= ref.raid_disks)) {
		pr_err("cannot re-add %s: %s", path,
		       same ? "it was not an active member (use --add)" : "it is not a former member of this array");
		close(fd);
		return -1;
	}
	close(fd);  /* the kernel claims it exclusively */
	if (mode != ADD_SPARE && same && role < ref.raid_disks) {
		if (hot_add(mdfd, di.rdev, (int)old.this_disk.number, role, true) == 0) {
			pr_info("re-added %s", path);
			return 0;
		}
		if (mode == READD_ONLY) {
			pr_err("the kernel refused to re-add %s: %s (its data is older than the bitmap covers, "
			       "or the array has no bitmap; --add does a full recovery)", path, strerror(errno));
			return -1;
		}
	}
	if ((!same && may_overwrite(path, yes) < 0) || check_room0(kname, path, &di) < 0)
		return -1;
	return hot_add0(kname, mdfd, path, di.rdev);
}

/* --grow --add to a 0.90 array: the device is checked and held now, added
 * blank by spare_commit(). */
static int spare_prepare0(const char *kname, const char *path, bool yes, struct spare_plan *p)
{
	struct sb0 ref, old;
	if (load_ref0(kname, &ref) < 0 || (p->fd = open_new(path, &p->di)) < 0)
		return -1;
	bool same = same_array0(p->fd, &p->di, &ref, &old);
	if ((!same && may_overwrite(path, yes) < 0) || check_room0(kname, path, &p->di) < 0) {
		close(p->fd);
		p->fd = -1;
		return -1;
	}
	return 0;
}

int member_add(const char *kname, int mdfd, const char *path, enum add_mode mode, bool yes)
{
	struct ref r;
	struct devinfo di;
	memset(&r, 0, sizeof(r));
	if (is_v0(kname))
		return member_add0(kname, mdfd, path, mode, yes);
	if (load_ref(kname, &r) < 0)
		return -1;
	int rc = -1;
	int fd = open_new(path, &di);
	if (fd < 0)
		goto out;
	struct sb1 *old = malloc(sizeof(*old));
	struct sb1_err e;
	if (!old) {
		pr_err("out of memory");
		goto out;
	}
	bool same = dev_read_sb1(fd, &di, r.minor, old, &e) == 0 && !memcmp(old->set_uuid, r.sb.set_uuid, 16);
	uint16_t role = same ? sb1_role(old) : SB1_ROLE_SPARE;
	int number = same ? (int)old->dev_number : -1;
	free(old);
	if (mode == READD_ONLY && !same) {
		pr_err("cannot re-add %s: it is not a former member of /dev/%s (no superblock of this array)",
		       path, kname);
		goto out;
	}
	if (mode != ADD_SPARE && same && role < r.sb.raid_disks) {
		close(fd);
		fd = -1;
		if (hot_add(mdfd, di.rdev, number, role, 1 << MD_DISK_SYNC) == 0) {
			pr_info("re-added %s", path);
			rc = 0;
			goto out;
		}
		if (mode == READD_ONLY) {
			pr_err("the kernel refused to re-add %s: %s (its data is older than the bitmap covers, "
			       "or the array has no bitmap; --add does a full recovery)", path, strerror(errno));
			goto out;
		}
		fd = dev_open(path, O_RDWR | O_EXCL, &di);
		if (fd < 0)
			goto out;
	} else if (mode == READD_ONLY) {
		pr_err("cannot re-add %s: it was not an active member (use --add)", path);
		goto out;
	}
	if (!same && may_overwrite(path, yes) < 0)
		goto out;
	rc = fresh_add(kname, mdfd, path, fd, &di, &r);
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	if (r.fd >= 0)
		close(r.fd);
	return rc;
}

/* The journal's first log block zeroed: raid5-cache.c r5l_load_log() reads a
 * meta block at journal_tail (0) and would replay a stale one of this array
 * (its checksum seed is the array uuid); a zero block makes it start a new log. */
static int journal_write(int fd, const struct devinfo *di, const struct sb1 *sb)
{
	static const uint8_t zero[4096];
	if (dev_pwrite(fd, zero, sizeof(zero), sb->data_offset * 512) < 0) {
		pr_err("%s: cannot clear the journal's first block: %s", di->path, strerror(errno));
		return -1;
	}
	return dev_write_sb1(fd, di, sb);
}

int member_add_journal(const char *kname, int mdfd, const char *path, bool yes)
{
	struct ref r;
	struct devinfo di;
	struct sb1 *sb = malloc(sizeof(*sb));
	int rc = -1, fd = -1;
	memset(&r, 0, sizeof(r));
	if (!sb) {
		pr_err("out of memory");
		return -1;
	}
	if (load_ref(kname, &r) < 0)
		goto out;
	fd = open_new(path, &di);
	if (fd < 0 || new_superblock(&r, &di, path, true, sb) < 0 || may_overwrite(path, yes) < 0 ||
	    journal_write(fd, &di, sb) < 0)
		goto out;
	close(fd);  /* the kernel claims it exclusively */
	fd = -1;
	/* md.c md_ioctl(): a read-only array takes ADD_NEW_DISK only with
	 * MD_DISK_SYNC, and md_add_new_disk() then wants the raid_disk that
	 * super_1_validate() gives a journal: 0 */
	if (hot_add(mdfd, di.rdev, (int)sb->dev_number, 0, (1 << MD_DISK_JOURNAL) | (1 << MD_DISK_SYNC)) < 0) {
		pr_err("/dev/%s: the kernel refused the journal %s: %s (see the kernel log)", kname, path,
		       strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (r.fd >= 0)
		close(r.fd);
	free(sb);
	return rc;
}
