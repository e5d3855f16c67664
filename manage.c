/* Manage mode: operations on the members of a running array, applied in the
 * order given ("mdctl /dev/md0 --fail /dev/sdb --remove /dev/sdb --add /dev/sdc").
 * Kernel interfaces: md.c md_ioctl (ADD_NEW_DISK, HOT_REMOVE_DISK,
 * SET_DISK_FAULTY) and the per-member md/dev-X/state file (state_store). */
#include "modes.h"
#include "dev.h"
#include "levels.h"
#include "mdio.h"
#include "persona.h"
#include "incremental_members.h"
#include "journal_add.h"
#include "member_add.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>


/* The kernel name of the member of kname whose device is rdev, or -1. */
static int find_member(const char *kname, dev_t rdev, struct sysfs_member *out)
{
	struct sysfs_member m[MD_MAX_MEMBERS];
	int n = sysfs_md_members(kname, m, MD_MAX_MEMBERS);
	for (int i = 0; i < n; i++)
		if (makedev(m[i].major, m[i].minor) == rdev) {
			*out = m[i];
			return 0;
		}
	return -1;
}

static int dev_of(const char *path, dev_t *rdev)
{
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISBLK(st.st_mode)) {
		pr_err("%s: %s", path, errno ? strerror(errno) : "not a block device");
		return -1;
	}
	*rdev = st.st_rdev;
	return 0;
}

/* path's device and its md member entry, or -1 (printed). */
static int member_of(const char *kname, const char *path, dev_t *rdev, struct sysfs_member *m)
{
	if (dev_of(path, rdev) < 0)
		return -1;
	if (find_member(kname, *rdev, m) < 0) {
		pr_err("%s is not a member of /dev/%s", path, kname);
		return -1;
	}
	return 0;
}

static int member_state(const char *kname, const struct sysfs_member *m, const char *val)
{
	char attr[64];
	snprintf(attr, sizeof(attr), "dev-%s/state", m->name);
	return sysfs_md_set(kname, attr, val);
}

static bool member_has(const char *kname, const struct sysfs_member *m, const char *flag)
{
	char attr[64], st[128];
	snprintf(attr, sizeof(attr), "dev-%s/state", m->name);
	if (sysfs_md_get(kname, attr, st, sizeof(st)) < 0)
		return false;
	for (char *save = NULL, *t = strtok_r(st, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!strcmp(t, flag))
			return true;
	return false;
}

/* Failing an in-sync member of an array already degraded as far as its level
 * allows would stop it; the kernel then marks the array broken (raid1.c,
 * raid5.c *_error(): MD_BROKEN) even though it keeps the member. raid10
 * depends on which copies are left: the kernel judges (raid10.c enough()). */
static bool last_redundancy(const char *kname, const struct sysfs_member *m)
{
	char lv[32];
	uint64_t degraded, disks;
	if (!strstr(m->state, "in_sync") || sysfs_md_get(kname, "level", lv, sizeof(lv)) < 0 ||
	    sysfs_md_get_u64(kname, "degraded", &degraded) < 0 ||
	    sysfs_md_get_u64(kname, "raid_disks", &disks) < 0)
		return false;
	int level = level_parse(lv);
	if (level != 1 && level != 4 && level != 5 && level != 6)
		return false;
	return (int)degraded >= level_redundancy(level, 0, (int)disks);
}

static int op_fail(const char *kname, int mdfd, const char *path)
{
	dev_t rdev;
	struct sysfs_member m;
	if (member_of(kname, path, &rdev, &m) < 0)
		return -1;
	if (last_redundancy(kname, &m)) {
		pr_err("cannot fail %s: the array has no redundancy left and would stop working", path);
		return -1;
	}
	if (md_set_disk_faulty(mdfd, rdev) < 0 || !member_has(kname, &m, "faulty")) {
		pr_err("cannot fail %s: the kernel keeps it (%s)", path,
		       errno == EBUSY ? "the array cannot work without it" : "it is the last working member");
		return -1;
	}
	/* mdadm 4.6 says this only with --verbose */
	if (persona()->mdadm)
		pr_verbose("set %s faulty in /dev/%s", path, kname);
	else
		pr_info("set %s faulty in /dev/%s", path, kname);
	return 0;
}

static int remove_one(const char *kname, int mdfd, const char *name, dev_t rdev)
{
	/* A member just failed keeps its slot until the md thread lets go of it
	 * (md.c remove_and_add_spares()); until then the kernel says EBUSY. */
	int r = md_hot_remove(mdfd, rdev);
	struct sysfs_member m;
	for (int i = 0; r < 0 && errno == EBUSY && i < 100 && find_member(kname, rdev, &m) == 0 &&
	     strstr(m.state, "faulty"); i++) {
		usleep(50 * 1000);
		r = md_hot_remove(mdfd, rdev);
	}
	if (r < 0) {
		pr_err("cannot remove %s from /dev/%s: %s", name, kname,
		       errno == EBUSY ? "it is an active member (fail it first with --fail)" : strerror(errno));
		return -1;
	}
	pr_info("hot removed %s from /dev/%s", name, kname);
	return 0;
}

/* "failed": every faulty member; "detached": members whose device is gone. */
static int op_remove_keyword(const char *kname, int mdfd, const char *kw)
{
	struct sysfs_member m[MD_MAX_MEMBERS];
	int n = sysfs_md_members(kname, m, MD_MAX_MEMBERS), rc = 0;
	for (int i = 0; i < n; i++) {
		char link[64];
		snprintf(link, sizeof(link), "dev-%s/block", m[i].name);
		bool pick = !strcmp(kw, "failed") ? strstr(m[i].state, "faulty") != NULL : !sysfs_md_has(kname, link);
		if (!pick)
			continue;
		if (!strcmp(kw, "detached") && !strstr(m[i].state, "faulty"))
			(void)md_set_disk_faulty(mdfd, makedev(m[i].major, m[i].minor));
		rc |= remove_one(kname, mdfd, m[i].name, makedev(m[i].major, m[i].minor));
	}
	return rc;
}

static int op_remove(const char *kname, int mdfd, const char *path)
{
	if (!strcmp(path, "failed") || !strcmp(path, "detached"))
		return op_remove_keyword(kname, mdfd, path);
	dev_t rdev;
	struct sysfs_member m;
	if (member_of(kname, path, &rdev, &m) < 0)
		return -1;
	return remove_one(kname, mdfd, path, rdev);
}

/* Member flags through md/dev-X/state (md.c state_store). */
static int op_flag(const char *kname, const char *path, const char *val)
{
	dev_t rdev;
	struct sysfs_member m;
	if (member_of(kname, path, &rdev, &m) < 0)
		return -1;
	if (member_state(kname, &m, val) < 0) {
		pr_err("%s: the kernel refused '%s': %s", path, val, strerror(errno));
		return -1;
	}
	pr_info("%s: %s", path, val);
	return 0;
}

/* No devices: --readonly, or --readwrite/--run. */
static int array_op(const char *kname, int mdfd, bool readonly, bool readwrite)
{
	if (readonly) {
		if (md_stop_ro(mdfd) < 0) {
			pr_err("/dev/%s: cannot switch to read-only: %s", kname,
			       errno == EBUSY ? "it is in use" : strerror(errno));
			return -1;
		}
		return 0;
	}
	if (readwrite) {
		if (md_restart_rw(mdfd) < 0) {
			pr_err("/dev/%s: cannot switch to read-write: %s", kname, strerror(errno));
			return -1;
		}
		return 0;
	}
	pr_err("nothing to do for /dev/%s: give --add, --remove, --fail, --re-add...", kname);
	return -1;
}

/* yes: devices holding data may be overwritten (--run, --force, --yes). */
static int apply(const char *kname, int mdfd, const struct devarg *d, bool yes, const char **replaced)
{
	switch (d->op) {
	case DEV_FAIL: return op_fail(kname, mdfd, d->name);
	case DEV_REMOVE: return op_remove(kname, mdfd, d->name);
	case DEV_ADD:
	case DEV_ADD_SPARE:
		if (member_add(kname, mdfd, d->name, d->op == DEV_ADD ? ADD_OR_READD : ADD_SPARE, yes) < 0)
			return -1;
		return d->write_mostly ? op_flag(kname, d->name, "writemostly") : 0;
	case DEV_READD: return member_add(kname, mdfd, d->name, READD_ONLY, yes);
	case DEV_ADD_JOURNAL: return journal_add(kname, mdfd, d->name, yes);
	case DEV_WRITEMOSTLY: return op_flag(kname, d->name, "writemostly");
	case DEV_NOT_WRITEMOSTLY: return op_flag(kname, d->name, "-writemostly");
	case DEV_FAILFAST: return op_flag(kname, d->name, "failfast");
	case DEV_NOFAILFAST: return op_flag(kname, d->name, "-failfast");
	case DEV_REPLACE:
		*replaced = d->name;
		return op_flag(kname, d->name, "want_replacement");
	case DEV_WITH:
		if (!*replaced) {
			pr_err("--with %s needs a --replace before it", d->name);
			return -1;
		}
		return member_add(kname, mdfd, d->name, ADD_SPARE, yes);
	default:
		pr_err("%s: no operation given for it (--add, --remove, --fail...)", d->name);
		return -1;
	}
}

int mode_manage(const struct options *o)
{
	if (!o->mddev) {
		pr_err("no mode given: use --create, --assemble, --examine, --detail... (see mdctl --help)");
		return 2;
	}
	char kname[32];
	if (md_resolve_name(o->mddev, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname)) {
		pr_err("%s is not an md array", o->mddev);
		return 1;
	}
	int mdfd = md_open(kname);
	if (mdfd < 0)
		return 1;
	int rc = 0;
	const char *replaced = NULL;
	if (!o->ndevs)
		rc = array_op(kname, mdfd, o->readonly, o->readwrite || o->run) < 0;
	for (int i = 0; i < o->ndevs && !rc; i++)
		/* mdadm never asks before --add overwrites a device's old data */
		rc = apply(kname, mdfd, &o->devs[i], o->run || o->force || o->yes || persona()->mdadm,
			   &replaced) < 0;
	close(mdfd);
	return rc;
}

/* --run MD...: start each inactive, partly assembled array with the members
 * it has, degraded if need be (as -IRs would); a running read-only array is
 * switched to read-write. */
int mode_run(const struct options *o)
{
	int rc = 0;
	for (int i = 0; i < o->ndevs; i++) {
		const char *md = o->devs[i].name;
		char kname[32], state[32] = "";
		if (md_resolve_name(md, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname)) {
			pr_err("%s is not an md array", md);
			rc = 1;
			continue;
		}
		sysfs_md_get(kname, "array_state", state, sizeof(state));
		if (!strcmp(state, "inactive")) {
			/* 0: not started, and it said why */
			if (incr_run_inactive(kname, md, false) <= 0)
				rc = 1;
			continue;
		}
		if (!strcmp(state, "readonly") || !strcmp(state, "read-auto")) {
			int mdfd = md_open(kname);
			if (mdfd < 0 || array_op(kname, mdfd, false, true) < 0)
				rc = 1;
			if (mdfd >= 0)
				close(mdfd);
		}
	}
	return rc;
}
