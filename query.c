/* --query: mdadm's one-line summaries of md devices and of array members. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <sys/sysmacros.h>
#include "dev.h"
#include "json_emit.h"
#include "modes.h"
#include "mdio.h"
#include "mdstate.h"
#include "output.h"
#include "sysfs.h"
#include "uuid.h"

/* The running array whose md/uuid (Linux 7.x) is the superblock's set_uuid. */
static int array_by_uuid(const uint8_t uuid[16], char *kname, size_t n)
{
	char want[37], have[64];
	DIR *dir = sysfs_block_list();
	struct dirent *e;
	int rc = -1;
	uuid_format(uuid, '-', want);
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "md", 2))
			continue;
		if (sysfs_md_get(e->d_name, "uuid", have, sizeof(have)) == 0 && !strcmp(have, want)) {
			snprintf(kname, n, "%.63s", e->d_name);
			rc = 0;
			break;
		}
	}
	closedir(dir);
	return rc;
}

/* "active" when the array's member of that number is this device,
 * "mismatch" when the array holds another device there, "undetected" when
 * the array is assembled but not running; with no array at all mdadm 4.6
 * says "inactive ... array". */
static enum jr_query_activity member_place(dev_t rdev, const struct sb1 *sb, char *mdpath, size_t n)
{
	char kname[64] = "", link[64];
	enum jr_query_activity activity = JQ_INACTIVE;
	char mk[64];
	if (rdev && dev_kernel_name(rdev, mk, sizeof(mk)) == 0 &&
	    sysfs_holder_md(mk, kname, sizeof(kname)) == 0) {
		/* found through the holder link */
	} else if (array_by_uuid(sb->set_uuid, kname, sizeof(kname)) < 0) {
		kname[0] = '\0';
	}
	if (kname[0]) {
		char dpath[80];
		activity = JQ_UNDETECTED;
		snprintf(dpath, sizeof(dpath), "/dev/%s", kname);
		int fd = open(dpath, O_RDONLY | O_CLOEXEC);
		mdu_array_info_t ai;
		if (fd >= 0 && md_get_array_info(fd, &ai) == 0) {
			mdu_disk_info_t di = { .number = (int)sb->dev_number };
			activity = md_get_disk_info(fd, &di) == 0 &&
				   makedev((unsigned)di.major, (unsigned)di.minor) == rdev ? JQ_ACTIVE : JQ_MISMATCH;
		}
		if (fd >= 0)
			close(fd);
		if (md_link_name(kname, link, sizeof(link)) == 0)
			snprintf(mdpath, n, "/dev/md/%s", link);
		else
			snprintf(mdpath, n, "/dev/%s", kname);
	} else {
		mdpath[0] = '\0';
	}
	return activity;
}

static void member_line(const char *path, dev_t rdev, const struct sb1 *sb, struct json_object *doc)
{
	static const char *const words[] = {
		[JQ_INACTIVE] = "inactive", [JQ_UNDETECTED] = "undetected",
		[JQ_ACTIVE] = "active", [JQ_MISMATCH] = "mismatch",
	};
	char mdpath[128];
	enum jr_query_activity activity = member_place(rdev, sb, mdpath, sizeof(mdpath));
	if (doc) {
		struct jr_query_member m = { .sb = sb, .activity = activity, .array = mdpath[0] ? mdpath : NULL };
		json_object_array_add(jr_doc_list(doc), jr_query(path, NULL, &m));
		return;
	}
	/* The leading "md" name of the level as mdadm prints it. */
	static const struct { int l; const char *n; } lv[] = {
		{ -1, "linear" }, { 0, "raid0" }, { 1, "raid1" }, { 4, "raid4" },
		{ 5, "raid5" }, { 6, "raid6" }, { 10, "raid10" },
	};
	const char *ln = "-unknown-";
	for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++)
		if (lv[i].l == sb->level)
			ln = lv[i].n;
	printf("%s: device %u in %u device %s %s %s.  Use mdctl --examine for more detail.\n",
	       path, sb->dev_number, sb->raid_disks, words[activity], ln, mdpath[0] ? mdpath : "array");
}

static int query_one(const char *path, struct json_object *doc)
{
	struct md_detail *d = malloc(sizeof(*d));
	struct sb1 *sb = malloc(sizeof(*sb));
	struct stat st;
	int rc = 0;
	if (!d || !sb) {
		free(d);
		free(sb);
		pr_err("out of memory");
		return 1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_err("cannot open %s: %s", path, strerror(errno));
		rc = 1;
		goto out;
	}
	bool is_md = false;
	char kname[64];
	if (fstat(fd, &st) == 0 && S_ISBLK(st.st_mode) &&
	    dev_kernel_name(st.st_rdev, kname, sizeof(kname)) == 0 && sysfs_md_exists(kname))
		is_md = true;
	close(fd);
	if (is_md && detail_gather(path, d, true) == 0) {
		if (doc)
			json_object_array_add(jr_doc_list(doc), jr_query(path, d, NULL));
		else if (d->inactive)
			printf("%s: is an md device which is not active\n", path);
		else
			fmt_query_array(stdout, path, d);
		goto out;   /* an md device is not itself a member here */
	}
	if (!doc)
		printf("%s: is not an md array\n", path);
	/* As a member: only block devices and images with a v1.x superblock. */
	struct devinfo di;
	struct sb1_err e;
	int minor;
	bool member = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto not_member;
	memset(&di, 0, sizeof(di));
	snprintf(di.path, sizeof(di.path), "%s", path);
	if (fstat(fd, &st) == 0) {
		if (S_ISBLK(st.st_mode)) {
			uint64_t bytes;
			di.rdev = st.st_rdev;
			if (ioctl(fd, BLKGETSIZE64, &bytes) == 0)
				di.sectors = bytes >> 9;
		} else if (S_ISREG(st.st_mode)) {
			di.sectors = (uint64_t)st.st_size >> 9;
		}
	}
	di.lbs = di.pbs = 512;
	if (di.sectors && dev_find_sb1(fd, &di, sb, &minor, &e) == 0) {
		member_line(path, di.rdev, sb, doc);
		member = true;
	}
	close(fd);
not_member:
	/* --json: neither an array nor a member */
	if (doc && !member)
		json_object_array_add(jr_doc_list(doc), jr_query(path, NULL, NULL));
out:
	free(d);
	free(sb);
	return rc;
}

int mode_query(const struct options *o)
{
	int rc = 0;
	if (o->ndevs == 0) {
		pr_err("No devices given.");
		return 2;
	}
	struct json_object *doc = o->json ? jr_doc_new("query", "devices") : NULL;
	if (o->json && !doc) {
		pr_err("out of memory");
		return 1;
	}
	for (int i = 0; i < o->ndevs; i++)
		if (query_one(o->devs[i].name, doc))
			rc = 1;
	return json_emit(doc, rc);
}
