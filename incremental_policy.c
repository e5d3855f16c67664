/* --incremental of a device with no md superblock (a bare disk appearing):
 * the config's POLICY lines (policy.c) decide whether it becomes a spare.
 * As mdadm 4.6 does (mdadm.conf(5) POLICY, observed in tests/vm/t_policy.sh):
 *  - the device is known by its name in /dev/disk/by-path (udev's ID_PATH
 *    link; mdadm 4.6 reads the link, not the ID_PATH variable, also when run
 *    by hand), a partition by its "-partN" name there;
 *  - action=spare (and above): a spare for a running array whose domains
 *    (the union of its members' domains) hold every domain of the device,
 *    under the lines for that array's metadata; a device without a domain is
 *    a candidate for none; a degraded array is preferred, then md order;
 *  - action=spare-same-slot: first, the array that failed-slots/ID_PATH
 *    (written by -If --path, incremental_fail.c) names; mdadm 4.6 wants the
 *    domains to match for it too (without a domain it adds nothing);
 *  - force-spare: as spare (mdadm 4.6 too needs a domain match);
 *  - a device that blkid finds anything on (filesystem, partition table,
 *    other RAID metadata) is never written; mdadm 4.6 refuses it as well.
 * Without a matching line nothing happens: the caller's "no md superblock". */
#include "incremental_policy.h"
#include "config.h"
#include "mapfile.h"
#include "mdio.h"
#include "member_add.h"
#include "msg.h"
#include "persona.h"
#include "policy.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysmacros.h>

#define BY_PATH "/dev/disk/by-path"
#define MAX_ARRAYS 64
#define MAX_DOM 32

struct bare {
	const struct policy_rule *r;
	int nr;
	struct policy_dev pd;
};

/* By-path names and partition number of the block device rdev / kname. */
static void dev_identity(dev_t rdev, const char *kname, struct policy_dev *pd)
{
	char v[32];
	memset(pd, 0, sizeof(*pd));
	pd->npaths = dev_by_dir_names(BY_PATH, rdev, pd->paths, POL_PATHS);
	if (sysfs_block_get(kname, "partition", v, sizeof(v)) == 0) {
		pd->is_part = true;
		pd->partno = atoi(v);
	}
}

/* The array's domains: its members' (under the lines for its metadata). */
static int array_domains(const struct bare *b, const char *md, const char *meta, char (*out)[POL_DOMAIN])
{
	struct sysfs_member *m = calloc(MD_MAX_MEMBERS, sizeof(*m));
	int nm = m ? sysfs_md_members(md, m, MD_MAX_MEMBERS) : -1, k = 0;
	for (int i = 0; i < nm; i++) {
		char d[MAX_DOM][POL_DOMAIN];
		struct policy_dev pd;
		if (strstr(m[i].state, "faulty"))
			continue;
		dev_identity(makedev(m[i].major, m[i].minor), m[i].name, &pd);
		int nd = policy_domains(b->r, b->nr, &pd, meta, d, MAX_DOM);
		for (int j = 0; j < nd && k < MAX_DOM; j++) {
			bool dup = false;
			for (int x = 0; x < k && !dup; x++)
				dup = !strcmp(out[x], d[j]);
			if (!dup)
				memcpy(out[k++], d[j], POL_DOMAIN);
		}
	}
	free(m);
	return k;
}

/* Are all the device's domains (it needs one) among the array's? */
static bool in_domain(const struct bare *b, const char *md, const char *meta)
{
	char dd[MAX_DOM][POL_DOMAIN], ad[MAX_DOM][POL_DOMAIN];
	int nd = policy_domains(b->r, b->nr, &b->pd, meta, dd, MAX_DOM);
	int nad = array_domains(b, md, meta, ad);
	return policy_domains_cover(ad, nad, dd, nd);
}

/* A running array with v1.x metadata and redundancy (a spare can do
 * something there); its metadata version into meta. */
static bool spare_target(const char *md, char *meta, size_t n)
{
	char lvl[32];
	if (!sysfs_md_running(md) || sysfs_md_get(md, "metadata_version", meta, n) < 0 || strncmp(meta, "1.", 2) ||
	    sysfs_md_get(md, "level", lvl, sizeof(lvl)) < 0)
		return false;
	return !strcmp(lvl, "raid1") || !strcmp(lvl, "raid4") || !strcmp(lvl, "raid5") || !strcmp(lvl, "raid6") ||
	       !strcmp(lvl, "raid10");
}

/* failed-slots/ID_PATH in dir (-If --path wrote it under udev's ID_PATH,
 * one of the device's by-path names): the array last at this path. */
static bool same_slot_array(const struct bare *b, const char *dir, char *md, size_t n)
{
	char file[512], line[128], meta[32], words[64];
	uint8_t u[16];
	ssize_t l = -1;
	for (int i = 0; i < b->pd.npaths && l <= 0; i++) {
		snprintf(file, sizeof(file), "%s/failed-slots/%s", dir, b->pd.paths[i]);
		int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		l = read(fd, line, sizeof(line) - 1);
		close(fd);
	}
	if (l <= 0)
		return false;
	line[l] = '\0';
	if (sscanf(line, "%31s %63s", meta, words) != 2 || map_uuid_from_text(words, u) < 0 ||
	    !sysfs_md_find_running(u, md, n) || !spare_target(md, meta, sizeof(meta)) ||
	    policy_action(b->r, b->nr, &b->pd, meta) < PA_SPARE_SAME_SLOT)
		return false;
	return in_domain(b, md, meta);
}

/* A running array the device may be a spare of: the first degraded one, else
 * the first. */
static bool spare_array(const struct bare *b, char *md, size_t n)
{
	char names[MAX_ARRAYS][32];
	int na = mdstat_arrays(names, MAX_ARRAYS);
	bool found = false;
	for (int i = 0; i < na; i++) {
		char meta[32], deg[16];
		if (!spare_target(names[i], meta, sizeof(meta)) ||
		    policy_action(b->r, b->nr, &b->pd, meta) < PA_SPARE)
			continue;
		if (!in_domain(b, names[i], meta))
			continue;
		bool degraded = sysfs_md_get(names[i], "degraded", deg, sizeof(deg)) == 0 && strcmp(deg, "0");
		if (!found || degraded)
			snprintf(md, n, "%.31s", names[i]);
		found = true;
		if (degraded)
			break;
	}
	return found;
}

static int add_spare(const char *path, const char *md, const char *why)
{
	int fd = md_open(md);
	if (fd < 0)
		return 1;
	int r = member_add(md, fd, path, ADD_SPARE, false);
	close(fd);
	if (r < 0)
		return 1;
	pr_verbose("%s had no md superblock: POLICY %s made it a spare of /dev/%s", path, why, md);
	return 0;
}

static int decide(const struct bare *b, const char *path, const struct mapfile *map)
{
	char md[32], what[256];
	bool sss = same_slot_array(b, map->dir, md, sizeof(md));
	if (!sss && !spare_array(b, md, sizeof(md)))
		return -1;
	if (dev_probe_content(path, what, sizeof(what)) < 0) {
		pr_err("%s: cannot probe the device for existing data: not made a spare", path);
		return 1;
	}
	if (what[0]) {
		pr_err("%s has no md superblock but holds %s: POLICY does not make it a spare", path, what);
		return 1;
	}
	return add_spare(path, md, sss ? "action=spare-same-slot, its slot's array" : "action=spare");
}

int incremental_bare(const char *config, const char *path, const struct devinfo *di, const char *kname)
{
	struct mdconf conf;
	struct policy_rule *r = NULL;
	struct bare b = { 0 };
	int rc = -1;
	conf_init(&conf);
	if (conf_load(config, &conf) < 0)
		goto out;
	b.nr = policy_rules_from_conf(&conf, persona()->prog, stderr, &r);
	b.r = r;
	if (b.nr <= 0)
		goto out;
	dev_identity(di->rdev, kname, &b.pd);
	if (policy_action(b.r, b.nr, &b.pd, NULL) < PA_SPARE)
		goto out;
	struct mapfile map = { .lockfd = -1 };
	if (map_open_locked(&map, NULL) < 0) {
		rc = 1;
		goto out;
	}
	rc = decide(&b, path, &map);
	map_close(&map);
out:
	free(r);
	conf_free(&conf);
	return rc;
}

enum pol_auto incremental_policy_auto(const struct mdconf *conf, dev_t rdev, const char *kname, const char *meta)
{
	struct policy_rule *r = NULL;
	struct policy_dev pd;
	enum pol_auto a = PAUTO_NONE;
	int n = policy_rules_from_conf(conf, persona()->prog, stderr, &r);
	if (n > 0) {
		dev_identity(rdev, kname, &pd);
		a = policy_auto(r, n, &pd, meta);
	}
	free(r);
	return a;
}
