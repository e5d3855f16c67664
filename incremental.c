/* --incremental: udev hands us one device at a time. Each call reads that
 * device's superblock, the map (/run/mdctl/map or /run/mdadm/map, mapfile.h), sysfs and the
 * superblocks of the members already gathered for the same array (never other
 * block devices), adds the device to the inactive md device collecting its
 * array, and starts the array when every member its freshest superblock lists
 * as active is there. No call sleeps or polls (-If excepted, see
 * remove_member()).
 *   mdctl -I DEV [--run] [--export]   add DEV (and start when complete)
 *   mdctl -IRs                        start what is incomplete but can run degraded
 *   mdctl -If NAME                    fail and remove a member that went away
 * -If lives in incremental_fail.c.
 * The whole read-decide-change of one call runs under the map lock, so calls
 * for members of the same array (udev runs them in parallel) are serialised. */
#include "sizes.h"
#include "incremental_fail.h"
#include "incremental_members.h"
#include "incremental_policy.h"
#include "modes.h"
#include "start.h"
#include "bitmap.h"
#include "bitmap_io.h"
#include "config.h"
#include "creating.h"
#include "dev.h"
#include "levels.h"
#include "mapfile.h"
#include "mdstate.h"
#include "reshape_plan.h"
#include "mdio.h"
#include "member_add.h"
#include "names.h"
#include "persona.h"
#include "super1.h"
#include "sysfs.h"
#include "udev_name.h"
#include "uuid.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

/* The md device an -I call works on. */
struct target {
	char kname[32];
	char link[UDEV_VALUE_MAX + 1];  /* /dev/md/ link name, "" = none */
	char display[UDEV_VALUE_MAX + 16];
	bool foreign;
};


static void set_display(struct target *t)
{
	if (t->link[0])
		snprintf(t->display, sizeof(t->display), "/dev/md/%s", t->link);
	else
		snprintf(t->display, sizeof(t->display), "/dev/%s", t->kname);
}

/* What one -I call was asked for; built once by mode_incremental(). */
struct incr_req {
	const char *config, *homehost;
	bool run, readonly, export_;
	bool quiet;                     /* --quiet: no word about a device without a superblock */
	/* Other names of the device (mdadm's rule passes udev's $env{DEVLINKS}
	 * after it): matched against the config's DEVICE lines only, as mdadm */
	const struct devarg *aliases;
	int naliases;
};

/* ---- reading superblocks ---- */

/* DEV itself. Returns 0, -1 (printed unless it simply has no superblock
 * and --quiet was given), or 1: no md superblock, and POLICY made it a spare
 * (incremental_policy.c; exit 0). */
static int read_dev(const struct incr_req *o, const char *path, struct devinfo *di, struct member *m, int *minor)
{
	struct sb1_err e;
	int fd = dev_open(path, O_RDONLY, di);
	if (fd < 0)
		return -1;
	int r = -1;
	if (!di->rdev) {
		pr_err("%s is not a block device", path);
		goto out;
	}
	if (dev_kernel_name(di->rdev, m->kname, sizeof(m->kname)) < 0) {
		pr_err("%s: cannot find its kernel name in /sys/dev/block", path);
		goto out;
	}
	r = dev_find_sb1(fd, di, &m->sb, minor, &e);
	if (r > 0) {
		char msg[160];
		int r0 = incr_read_sb(fd, di, MD_MINOR_090, m, msg, sizeof(msg));
		if (r0 <= 0) {
			if (r0 < 0)
				pr_err("%s: invalid md superblock: %s", path, msg);
			*minor = MD_MINOR_090;
			close(fd);
			return r0;
		}
		/* IMSM/DDF: one line (udev's rules never see it: blkid does not call
		 * such a device linux_raid_member), exit 1, nothing on stdout */
		if (dev_refuse_foreign(fd, di, o->quiet)) {
			r = -1;
			goto out;
		}
		close(fd);
		fd = -1;  /* POLICY may add it: member_add() opens it exclusively */
		int p = incremental_bare(o->config, path, di, m->kname);
		if (p < 0 && !o->quiet)
			pr_err("no md superblock on %s", path);
		return p == 0 ? 1 : -1;
	}
	if (r < 0) {
		pr_err("%s: invalid md superblock: %s", path, e.msg);
		goto out;
	}
	struct bitmap_sb bs;
	struct bitmap_err be;
	m->llbitmap = bitmap_read_member(fd, di, &m->sb, &bs, &be) == 0 && bitmap_is_llbitmap(&bs);
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	return r;
}

/* ---- names ---- */


/* Kernel name and link for an array named by an ARRAY line: /dev/mdN, mdN,
 * /dev/md_NAME -> that device; /dev/md/NAME -> link NAME (and mdNAME when NAME
 * is a number, the md convention). kname stays "" when the line does not say. */
static void names_from_conf(const struct conf_array *a, char *kname, size_t kn, char *link, size_t ln)
{
	const char *d = a->devname;
	kname[0] = '\0';
	if (!strncmp(d, "/dev/md/", 8)) {
		if (udev_name_ok(d + 8))
			snprintf(link, ln, "%s", d + 8);
		if (str_all_digits(d + 8) && strlen(d + 8) < 8)
			snprintf(kname, kn, "md%s", d + 8);
		return;
	}
	if (!strncmp(d, "/dev/", 5))
		d += 5;
	if (map_kname_ok(d))
		(void)str_copy(kname, kn, d);
}

/* Is /dev/md/NAME taken by an array other than ours (uuid, on md device
 * kname)? */
static bool link_taken(const struct mapfile *map, const char *name, const uint8_t uuid[16], const char *kname)
{
	char path[128], target[256];
	snprintf(path, sizeof(path), "/dev/md/%s", name);
	const struct map_ent *e = map_find_path(map, path);
	if (e && memcmp(e->uuid, uuid, 16) != 0 && md_in_use(e->kname))
		return true;
	ssize_t r = readlink(path, target, sizeof(target) - 1);
	if (r <= 0) {
		struct stat st;
		return lstat(path, &st) == 0;  /* something that is not a link */
	}
	target[r] = '\0';
	const char *k = strrchr(target, '/');
	k = k ? k + 1 : target;
	if (!map_kname_ok(k))
		return true;   /* not ours to replace */
	if (!strcmp(k, kname) || !md_in_use(k))
		return false;  /* stale: md_make_name_link() replaces it */
	e = map_find_kname(map, k);
	return !e || memcmp(e->uuid, uuid, 16) != 0;
}

/* base, or base_0, base_1... when taken (a foreign bare name always gets one). */
static void pick_link(const struct mapfile *map, const char *base, bool suffix, const uint8_t uuid[16],
		      const char *kname, char *out, size_t n)
{
	char cand[UDEV_VALUE_MAX + 16];
	out[0] = '\0';
	if (!base[0])
		return;
	for (int k = suffix ? 0 : -1; k < 100; k++) {
		if (k < 0)
			snprintf(cand, sizeof(cand), "%s", base);
		else
			snprintf(cand, sizeof(cand), "%s_%d", base, k);
		if (!udev_value_ok(cand))
			return;
		if (!link_taken(map, cand, uuid, kname)) {
			(void)str_copy(out, n, cand);
			return;
		}
	}
}

/* Does the md device in a map entry still hold that array? A running one
 * says so in md/uuid; an inactive one through any member's superblock. */
static bool map_entry_holds(const struct map_ent *e, int minor)
{
	char v[64];
	uint8_t u[16];
	if (!md_in_use(e->kname))
		return false;
	if (sysfs_md_running(e->kname))
		return sysfs_md_get(e->kname, "uuid", v, sizeof(v)) < 0 || uuid_parse(v, u) < 0 ||
		       !memcmp(u, e->uuid, 16);
	struct sysfs_member sm[1];
	struct member *m = calloc(1, sizeof(*m));
	bool same = true;
	if (m && sysfs_md_members(e->kname, sm, 1) == 1 && incr_read_member(sm[0].name, minor, m) == 0)
		same = !memcmp(m->sb.set_uuid, e->uuid, 16);
	free(m);
	return same;
}

/* ---- config ---- */

static const struct conf_array *conf_match(const struct mdconf *c, const struct sb1 *sb, const char *link)
{
	const struct conf_array *a = conf_find_array(c, sb->set_uuid, NULL);
	if (a)
		return a;
	for (int i = 0; i < c->narrays; i++) {
		a = &c->arrays[i];
		if (!a->has_uuid && a->name[0] && (!strcmp(a->name, sb->set_name) || !strcmp(a->name, link)))
			return a;
	}
	return NULL;
}

/* Is alias another name of the block device at path? (An alias that is not
 * does not count: it would let any device through a DEVICE line.) */
static bool same_device(const char *alias, const char *path)
{
	struct stat a, p;
	return stat(alias, &a) == 0 && stat(path, &p) == 0 && S_ISBLK(a.st_mode) && a.st_rdev == p.st_rdev;
}

/* DEVICE lines (when given and not "partitions") limit what may be assembled:
 * the device's path, its kernel name or one of its aliases must match. */
static bool conf_device_allowed(const struct mdconf *c, const struct incr_req *o, const char *path,
				const char *kname)
{
	char dev[64];
	if (!c->has_device_line || c->device_partitions || c->ndevices == 0)
		return true;
	snprintf(dev, sizeof(dev), "/dev/%s", kname);
	for (int i = 0; i < c->ndevices; i++) {
		if (!fnmatch(c->devices[i], path, 0) || !fnmatch(c->devices[i], dev, 0))
			return true;
		for (int k = 0; k < o->naliases; k++)
			if (!fnmatch(c->devices[i], o->aliases[k].name, 0) && same_device(o->aliases[k].name, path))
				return true;
	}
	return false;
}

/* Our homehost: --homehost, else the config's HOMEHOST, else the host name. */
static void our_homehost(const char *given, const struct mdconf *c, char *out, size_t n, bool *ignore)
{
	const char *h = given;
	if (!h) {
		if (c->homehost == HH_NONE)
			h = "<none>";
		else if (c->homehost == HH_IGNORE)
			h = "<ignore>";
		else if (c->homehost == HH_NAME)
			h = c->homehost_name;
	}
	*ignore = h && !strcmp(h, "<ignore>");
	homehost_get(h, out, n);
}

/* ---- output ---- */

static void export_kv(const char *key, const char *val)
{
	char line[128];
	if (udev_export_line(line, sizeof(line), key, val) > 0)
		fputs(line, stdout);
}

static void export_print(const struct incr_req *o, const struct target *t, const char *started)
{
	if (!o->export_)
		return;
	export_kv("MD_DEVICE", t->kname);
	export_kv("MD_DEVNAME", t->link[0] ? t->link : t->kname);
	export_kv("MD_FOREIGN", t->foreign ? "yes" : "no");
	export_kv("MD_STARTED", started);
	fflush(stdout);
}

/* ---- -I DEV ---- */

/* Names for an array: the ARRAY line's, else from disk (ln). Picks a free
 * kernel name too when t->kname is still empty. 0, or -1 (printed). */
static int choose_names(const struct mapfile *map, const struct conf_array *ca, const struct md_link_name *ln,
			const uint8_t uuid[16], struct target *t)
{
	char base[UDEV_VALUE_MAX + 1];
	bool suffix = ln->needs_suffix, pick = !t->kname[0];
	(void)str_copy(base, sizeof(base), ln->link);
	if (ca) {
		char k[32], l[UDEV_NAME_MAX + 1] = "";
		names_from_conf(ca, k, sizeof(k), l, sizeof(l));
		if (pick && k[0] && !md_in_use(k))
			(void)str_copy(t->kname, sizeof(t->kname), k);
		if (l[0] || k[0]) {
			(void)str_copy(base, sizeof(base), l);  /* the config names it: no name from disk */
			suffix = false;
		}
	}
	/* A local name that is a unit number ("9", as --create /dev/md9 names
	 * it) gives the kernel name too (/dev/md9), as mdadm 4.6 does, when free. */
	if (pick && !t->kname[0] && !suffix && str_all_digits(base) && strlen(base) < 8) {
		char k[32];
		snprintf(k, sizeof(k), "md%.8s", base);
		if (!md_in_use(k))
			(void)str_copy(t->kname, sizeof(t->kname), k);
	}
	if (!t->kname[0] && md_pick_free(t->kname, sizeof(t->kname)) < 0)
		return -1;
	pick_link(map, base, suffix, uuid, t->kname, t->link, sizeof(t->link));
	set_display(t);
	return 0;
}

/* Put the array in the map and give it its /dev/md/ link. */
static void record_array(struct mapfile *map, const struct target *t, int minor, const uint8_t uuid[16])
{
	struct map_ent e;
	memset(&e, 0, sizeof(e));
	(void)str_copy(e.kname, sizeof(e.kname), t->kname);
	(void)incr_version(minor, e.metadata, sizeof(e.metadata));
	memcpy(e.uuid, uuid, 16);
	(void)str_copy(e.path, sizeof(e.path), t->display);
	if (map_put(map, &e) < 0)
		pr_err("the map is full: /dev/%s is not recorded", t->kname);
	if (t->link[0])
		(void)md_make_name_link(t->link, t->kname);
}

/* A new md device for the array whose first member is dev. Returns the open
 * md fd, or -1 (printed; nothing left behind). */
static int create_array(struct mapfile *map, const struct conf_array *ca, const struct md_link_name *ln,
			const struct member *dev, dev_t rdev, int minor, struct target *t)
{
	t->kname[0] = '\0';
	if (choose_names(map, ca, ln, dev->sb.set_uuid, t) < 0)
		return -1;
	int mdfd = md_create_open(t->kname);
	if (mdfd < 0)
		return -1;
	struct start_req req = {
		.kname = t->kname, .v090 = minor == MD_MINOR_090, .minor_version = minor, .devs = &rdev, .ndevs = 1,
		.no_run = true,
	};
	if (md_load_and_run(mdfd, &req) < 0) {
		close(mdfd);
		return -1;
	}
	record_array(map, t, minor, dev->sb.set_uuid);
	return mdfd;
}

/* An inactive md device collecting this array that the map does not list
 * (the map was lost, or --assemble left it waiting): its first member's
 * superblock tells. Reads one superblock per such device. */
static bool find_inactive_uuid(const struct mapfile *map, const uint8_t uuid[16], int minor, char *kname,
			       size_t n)
{
	DIR *d = sysfs_block_list();
	struct dirent *e;
	bool found = false;
	while (d && !found && (e = readdir(d))) {
		struct sysfs_member sm[1];
		if (!map_kname_ok(e->d_name) || map_find_kname(map, e->d_name))
			continue;
		struct md_identity id;
		mdstate_identity(e->d_name, &id);
		if (strcmp(id.array_state, "inactive") != 0 || id.minor != minor ||
		    sysfs_md_members(e->d_name, sm, 1) != 1)
			continue;
		struct member *m = calloc(1, sizeof(*m));
		if (m && incr_read_member(sm[0].name, minor, m) == 0 && !memcmp(m->sb.set_uuid, uuid, 16))
			found = str_copy(kname, n, e->d_name);
		free(m);
	}
	if (d)
		closedir(d);
	return found;
}

/* The array dev belongs to: from the map, a running array with its uuid, or
 * an inactive one collecting it (*adopt: not in the map yet). Sets t->kname
 * ("" = none yet) and t->link. */
static void find_array(struct mapfile *map, const struct member *dev, int minor, struct target *t, bool *adopt)
{
	const struct map_ent *e = map_find_uuid(map, dev->sb.set_uuid);
	t->kname[0] = t->link[0] = '\0';
	*adopt = false;
	if (e && !map_entry_holds(e, minor)) {
		map_del_kname(map, e->kname);
		e = NULL;
	}
	if (e) {
		(void)str_copy(t->kname, sizeof(t->kname), e->kname);
		if (!strncmp(e->path, "/dev/md/", 8) && udev_value_ok(e->path + 8))
			(void)str_copy(t->link, sizeof(t->link), e->path + 8);
	} else if (!sysfs_md_find_running(dev->sb.set_uuid, t->kname, sizeof(t->kname)) ||
		   !map_kname_ok(t->kname)) {
		t->kname[0] = '\0';
		*adopt = find_inactive_uuid(map, dev->sb.set_uuid, minor, t->kname, sizeof(t->kname));
	}
	set_display(t);
}

/* Whether the device may join an array by itself: not clustered, not being
 * created, not ignored, allowed by the config's POLICY auto=, AUTO and DEVICE lines.
 * Fills conf (the caller frees it), ln and ca. 1 go on, 0 leave it alone
 * (success), -1 refused (printed). */
static int admit(const struct incr_req *o, const char *path, const struct member *dev, dev_t rdev, int minor,
		 struct mdconf *conf, struct md_link_name *ln, const struct conf_array **ca)
{
	char host[256], meta[8], u[37];
	bool ignore_host;
	if (dev->sb.feature_map & SB1_FEAT_CLUSTERED) {
		pr_err("%s belongs to a clustered array: not supported by --incremental", path);
		return -1;
	}
	if (creating_uuid(dev->sb.set_uuid)) {
		/* its members' change events while mdctl --create writes them */
		pr_info("%s: its array is being created by mdctl --create: left alone", path);
		return 0;
	}
	if (conf_load(o->config, conf) < 0)
		return -1;
	our_homehost(o->homehost, conf, host, sizeof(host), &ignore_host);
	if (dev->v0) {
		/* 0.90 has no name: the array goes by its preferred minor, local
		 * when its UUID carries our homehost's hash (as mdadm 4.6 -I) */
		char num[16];
		snprintf(num, sizeof(num), "%u", dev->sb0.md_minor);
		bool local = ignore_host || sb0_uuid_is_local(&dev->sb0, host);
		md_link_name_for(num, sizeof(num), local ? NULL : host, local, ln);
	} else {
		md_link_name_for(dev->sb.set_name, sizeof(dev->sb.set_name), host, ignore_host, ln);
	}
	*ca = conf_match(conf, &dev->sb, ln->link);
	uuid_format(dev->sb.set_uuid, ':', u);
	if (*ca && (*ca)->ignore) {
		pr_info("%s: array %s is ignored (ARRAY <ignore> in the config)", path, u);
		return 0;
	}
	(void)incr_version(minor, meta, sizeof(meta));
	/* POLICY auto= for the device first, then the AUTO line. mdadm 4.6 lets
	 * auto=yes override the AUTO line but assembles whatever auto=no or
	 * homehost say (t_policy_auto): as mdadm, so does mdctl. */
	enum pol_auto pa = *ca ? PAUTO_YES : incremental_policy_auto(conf, rdev, dev->kname, meta);
	if (persona()->mdadm && pa != PAUTO_YES)
		pa = PAUTO_NONE;
	bool allowed = pa == PAUTO_YES || (pa == PAUTO_HOMEHOST && !ln->foreign) ||
		       (pa == PAUTO_NONE && conf_auto_allows(conf, meta, !ln->foreign));
	if (!allowed) {
		pr_err("%s: array %s is not assembled automatically (%s of the config, %s %s array)", path, u,
		       pa == PAUTO_NONE ? "AUTO line" : "POLICY auto=", ln->foreign ? "foreign" : "local", meta);
		return -1;
	}
	if (!conf_device_allowed(conf, o, path, dev->kname)) {
		pr_err("%s is not in the config's DEVICE list", path);
		return -1;
	}
	return 1;
}

/* Into its inactive array: a new one, or the one that has its other members.
 * Returns the md device's fd, or -1. */
static int join(struct mapfile *map, const struct conf_array *ca, const struct md_link_name *ln,
		struct member *dev, const struct devinfo *di, int minor, struct target *t)
{
	if (!t->kname[0])
		return create_array(map, ca, ln, dev, di->rdev, minor, t);
	struct md_identity id;
	mdstate_identity(t->kname, &id);
	if (id.minor != minor) {
		char v[8];
		pr_err("%s has metadata %s but %s was started with another version", di->path,
		       incr_version(minor, v, sizeof(v)), t->display);
		return -1;
	}
	int mdfd = md_open(t->kname);
	if (mdfd < 0)
		return -1;
	mdu_disk_info_t dk;
	memset(&dk, 0, sizeof(dk));
	dk.major = (int)major(di->rdev);
	dk.minor = (int)minor(di->rdev);
	if (md_add_new_disk(mdfd, &dk) < 0) {
		pr_err("the kernel refused %s for %s: %s", di->path, t->display, strerror(errno));
		close(mdfd);
		return -1;
	}
	return mdfd;
}

/* Start the array once all its members are in (or enough, with --run).
 * Returns the MD_STARTED value for --export, or NULL (printed). */
static const char *start_if_ready(const struct incr_req *o, const char *path, int mdfd, struct mapfile *map,
				  const struct target *t, struct member *dev, int minor)
{
	struct member *m = NULL;
	struct tally tl;
	const char *started = NULL;
	int n = incr_load_members(t->kname, minor, dev, &m);
	if (n <= 0) {
		pr_err("%s: cannot read the superblocks of its members", t->display);
		goto out;
	}
	incr_tally(m, n, &tl);
	const char *verb = "added to";
	bool can = tl.active >= tl.need, complete = can && tl.active >= tl.expected;
	if (!can || (!complete && !o->run)) {
		pr_info("%s %s %s (%d of %d members): %s", path, verb, t->display, tl.active, tl.expected,
			can ? "not started until the rest arrive (--run or -IRs starts it degraded)"
			    : "not enough to start yet");
		started = can ? "unsafe" : "no";
		goto out;
	}
	if (incr_start(mdfd, t->kname, m, n, &tl, o->readonly, false) < 0) {
		map_del_kname(map, t->kname);
		md_remove_name_links(t->kname);
		goto out;
	}
	started = "yes";
	if (complete)
		pr_info("%s %s %s, which is now started with %d member%s", path, verb, t->display, tl.active,
			tl.active == 1 ? "" : "s");
	else
		pr_info("%s %s %s, which is now started degraded with %d of %d members", path, verb, t->display,
			tl.active, tl.expected);
out:
	free(m);
	return started;
}

static int incr_add(const struct incr_req *o, const char *path)
{
	struct member *dev = calloc(1, sizeof(*dev));
	struct devinfo di;
	struct mdconf conf;
	struct mapfile map = { .lockfd = -1 };
	struct target t;
	struct md_link_name ln;
	const struct conf_array *ca = NULL;
	char holder[32] = "";
	const char *started = NULL;
	int minor, mdfd = -1, rc = 1;

	memset(&t, 0, sizeof(t));
	conf_init(&conf);
	if (!dev) {
		pr_err("out of memory");
		return 1;
	}
	int got = read_dev(o, path, &di, dev, &minor);
	if (got != 0) {
		rc = got < 0;
		goto out;
	}
	int ok = admit(o, path, dev, di.rdev, minor, &conf, &ln, &ca);
	if (ok <= 0) {
		rc = ok < 0;
		goto out;
	}
	t.foreign = ca ? false : ln.foreign;
	if (map_open_locked(&map, NULL) < 0)
		goto out;
	bool adopt;
	find_array(&map, dev, minor, &t, &adopt);
	if (adopt && choose_names(&map, ca, &ln, dev->sb.set_uuid, &t) == 0)
		record_array(&map, &t, minor, dev->sb.set_uuid);
	(void)sysfs_holder_md(dev->kname, holder, sizeof(holder));
	if (holder[0]) {
		/* Counted already, in a running array or an inactive one: exit 1
		 * as mdadm 4.6 does (libblockdev's md_nominate relies on it). */
		pr_err("%s is already a member of %s /dev/%s", path,
		       sysfs_md_running(holder) ? "the running array" : "the array", holder);
		goto out;
	}
	if (t.kname[0] && sysfs_md_running(t.kname)) {
		if (!o->run) {
			/* exit 2, "not added", as mdadm 4.6 (measured) */
			pr_err("not adding %s to %s: the array is running already (--run adds it back)", path,
			       t.display);
			rc = 2;
			goto out;
		}
		if ((mdfd = md_open(t.kname)) < 0 || member_add(t.kname, mdfd, path, READD_ONLY, false) < 0)
			goto out;
		started = "yes";
	} else {
		if ((mdfd = join(&map, ca, &ln, dev, &di, minor, &t)) < 0)
			goto out;
		started = start_if_ready(o, path, mdfd, &map, &t, dev, minor);
	}
	if (started) {
		export_print(o, &t, started);
		rc = 0;
	}
out:
	if (map.lockfd >= 0) {
		(void)map_commit(&map, incr_array_alive);
		map_close(&map);
	}
	if (mdfd >= 0)
		close(mdfd);
	free(dev);
	conf_free(&conf);
	return rc;
}

int mode_incremental(const struct options *o)
{
	int nfail = 0;
	for (int i = 0; i < o->ndevs; i++)
		if (o->devs[i].op == DEV_FAIL)
			nfail++;
	if (o->fail_path && (!nfail || o->ndevs != 1)) {
		pr_err("--path goes with --incremental --fail of one device: it records where that device was");
		return 2;
	}
	if (nfail) {
		if (nfail != o->ndevs) {
			pr_err("--incremental --fail takes only devices to fail");
			return 2;
		}
		int rc = 0;
		for (int i = 0; i < o->ndevs; i++)
			if (incremental_fail(o->devs[i].name, o->fail_path) != 0)
				rc = 1;
		return rc;
	}
	if (o->rebuild_map) {
		/* "-Ir", or "-IRrs": rebuild, then start what is incomplete */
		if (o->ndevs || o->run != o->scan) {
			pr_err("--rebuild-map takes no devices, and --run only with --scan");
			return 2;
		}
		int rc = incremental_rebuild_map();
		return rc || !o->run ? rc : incremental_run_scan(o->readonly);
	}
	if (o->ndevs == 0) {
		if (!o->scan) {
			pr_err("--incremental needs a device (or --run --scan)");
			return 2;
		}
		if (!o->run) {
			pr_err("--incremental --scan needs --run: it starts the arrays that are still incomplete");
			return 2;
		}
		return incremental_run_scan(o->readonly);
	}
	/* Devices after the first are its aliases (mdadm's rule: "$devnode
	 * --offroot $env{DEVLINKS}"). --offroot asks that processes started for
	 * the array outlive the initramfs; -I starts none (no mdmon), so it
	 * asks nothing of this call (mdctl(8)). */
	/* mdadm 4.6 -I --export says nothing but the KEY=value lines */
	if (o->export_ && persona()->mdadm && o->verbose <= 0)
		msg_set_verbosity(-1);
	const struct incr_req r = {
		.config = o->config, .homehost = o->homehost, .run = o->run, .readonly = o->readonly,
		.export_ = o->export_, .quiet = o->verbose < 0,
		.aliases = o->devs + 1, .naliases = o->ndevs - 1,
	};
	return incr_add(&r, o->devs[0].name);
}
