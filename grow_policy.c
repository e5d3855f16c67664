/* --grow --consistency-policy=ppl|resync on a running raid5: the kernel's
 * md/consistency_policy (md.c consistency_policy_store() ->
 * raid5.c raid5_change_consistency_policy()). For ppl each member first gets
 * its PPL place (dev-X/ppl_sector, ppl_size: md.c ppl_sector_store()) and an
 * empty log written there (ppl_io.c), since ppl_init_log() refuses a running
 * array whose logs do not check out; the kernel then records MD_FEATURE_PPL
 * in the superblocks (md_update_sb). Nothing is written before every member
 * has room. */
#include "grow_steps.h"
#include "dev.h"
#include "msg.h"
#include "mdio.h"
#include "ppl.h"
#include "ppl_io.h"
#include "super1.h"
#include "sysfs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* mdadm 4.6 refuses ("Not enough space to add ppl") where the bad-block
 * log sits 4 KiB after the superblock (the layout of arrays made without a
 * PPL), which this refuses too (PPL_MIN_SECTORS, ppl.h). */

struct pmember {
	char path[64], name[32];
	int fd;
	uint64_t super_offset;
	uint8_t uuid[16];
	uint32_t size;                  /* PPL sectors at super_offset + 8 */
};

/* Room for a PPL right after the superblock: up to the bad-block log when it
 * follows the superblock, else up to the data; at most mdadm's 1 MiB. */
static uint32_t ppl_room(const struct sb1 *sb)
{
	int64_t end = (int64_t)sb->data_offset - (int64_t)sb->super_offset;
	if (sb->bblog_size && sb->bblog_offset > PPL_OFFSET_SECTORS && sb->bblog_offset < end)
		end = sb->bblog_offset;
	int64_t room = end - PPL_OFFSET_SECTORS;
	if (room < PPL_MIN_SECTORS)
		return 0;
	return room > PPL_SIZE_SECTORS ? PPL_SIZE_SECTORS : (uint32_t)room;
}

static void close_all(struct pmember *m, int n)
{
	for (int i = 0; i < n; i++)
		if (m[i].fd >= 0)
			close(m[i].fd);
}

/* Every member opened, its superblock read and its room found. */
static int load(const char *kname, int minor, struct pmember *m, int *n)
{
	struct sysfs_member sm[GROW_MEMBERS];
	int k = sysfs_md_members(kname, sm, GROW_MEMBERS);
	*n = 0;
	if (k <= 0) {
		pr_err("/dev/%s has no members", kname);
		return -1;
	}
	for (int i = 0; i < k; i++) {
		if (strstr(sm[i].state, "faulty") || strstr(sm[i].state, "journal"))
			continue;
		struct pmember *p = &m[(*n)++];
		struct devinfo di;
		struct sb1 sb;
		struct sb1_err e;
		snprintf(p->name, sizeof(p->name), "%s", sm[i].name);
		snprintf(p->path, sizeof(p->path), "/dev/%.31s", sm[i].name);
		p->fd = dev_open(p->path, O_RDWR, &di);
		if (p->fd < 0)
			return -1;
		int r = dev_read_sb1(p->fd, &di, minor, &sb, &e);
		if (r != 0) {
			pr_err("%s: cannot read its superblock: %s", p->path, r > 0 ? "none found" : e.msg);
			return -1;
		}
		p->super_offset = sb.super_offset;
		memcpy(p->uuid, sb.set_uuid, 16);
		p->size = ppl_room(&sb);
		if (!p->size) {
			pr_err("%s: not enough space for a PPL between its superblock and its data or bad-block log",
			       p->path);
			return -1;
		}
	}
	return 0;
}

static int to_ppl(const char *mddev, const char *kname)
{
	char v[64];
	int minor;
	if (sysfs_md_get(kname, "metadata_version", v, sizeof(v)) < 0 || sscanf(v, "1.%d", &minor) != 1 ||
	    minor < 1 || minor > 2) {
		pr_err("%s: a PPL needs 1.1 or 1.2 metadata (metadata %s)", mddev, v);
		return 1;
	}
	struct pmember m[GROW_MEMBERS];
	int n = 0, rc = 1;
	if (load(kname, minor, m, &n) < 0)
		goto out;
	for (int i = 0; i < n; i++) {
		char attr[64];
		snprintf(attr, sizeof(attr), "dev-%s/ppl_sector", m[i].name);
		if (ppl_write_area(m[i].fd, m[i].super_offset, PPL_OFFSET_SECTORS, m[i].size, m[i].uuid) < 0) {
			pr_err("%s: cannot write its PPL area: %s", m[i].path, strerror(errno));
			goto out;
		}
		if (sysfs_md_set_u64(kname, attr, m[i].super_offset + PPL_OFFSET_SECTORS) < 0 ||
		    (snprintf(attr, sizeof(attr), "dev-%s/ppl_size", m[i].name),
		     sysfs_md_set_u64(kname, attr, m[i].size) < 0)) {
			pr_err("%s: the kernel refused its PPL place: %s", m[i].path, strerror(errno));
			goto out;
		}
	}
	if (sysfs_md_set(kname, "consistency_policy", "ppl") < 0) {
		pr_err("%s: the kernel refused the PPL: %s", mddev, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close_all(m, n);
	return rc;
}

int grow_policy(const struct grow_req *req)
{
	enum policy want;
	char kname[32], cur[64], level[32];
	if (policy_parse(req->consistency, &want) < 0) {
		pr_err("unknown consistency policy '%s' (expected resync or ppl)", req->consistency);
		return 2;
	}
	if (want == POLICY_BITMAP || want == POLICY_JOURNAL) {
		pr_err("--grow --consistency-policy takes ppl or resync: %s", want == POLICY_BITMAP ?
		       "add a bitmap with --grow --bitmap=internal" : "a write journal is chosen at --create");
		return 1;
	}
	if (md_resolve_name(req->mddev, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname) ||
	    sysfs_md_get(kname, "consistency_policy", cur, sizeof(cur)) < 0 || !strcmp(cur, "unknown")) {
		pr_err("%s is not a running md array", req->mddev);
		return 1;
	}
	if (sysfs_md_get(kname, "level", level, sizeof(level)) < 0 || strcmp(level, "raid5") != 0) {
		pr_err("%s is %s: --grow --consistency-policy applies to raid5 only", req->mddev, level);
		return 1;
	}
	const char *name = want == POLICY_PPL ? "ppl" : "resync";
	if (!strcmp(cur, name)) {
		pr_info("%s already has consistency policy %s", req->mddev, name);
		return 0;
	}
	if (strcmp(cur, "resync") != 0 && strcmp(cur, "ppl") != 0) {
		pr_err("%s has consistency policy %s: it cannot change to %s", req->mddev, cur, name);
		return 1;
	}
	if (want == POLICY_PPL)
		return to_ppl(req->mddev, kname);
	if (sysfs_md_set(kname, "consistency_policy", "resync") < 0) {
		pr_err("%s: the kernel refused the resync policy: %s", req->mddev, strerror(errno));
		return 1;
	}
	return 0;
}
