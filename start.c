/* Loading members into an md device and running it (start.h). */
#include "start.h"
#include "msg.h"
#include "mdio.h"
#include "sysfs.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

bool md_in_use(const char *kname)
{
	struct sysfs_member m[1];
	if (!sysfs_md_exists(kname))
		return false;
	return sysfs_md_running(kname) || sysfs_md_members(kname, m, 1) > 0;
}

/* Choices that must be made before the array runs: the bitmap type (md.c
 * bitmap_type_store() refuses on a running array) and the logical block size. */
static int select_features(const struct start_req *r)
{
	if (r->llbitmap && sysfs_md_set(r->kname, "bitmap_type", "llbitmap") < 0) {
		pr_err("%s: cannot select llbitmap (md/bitmap_type): %s", r->kname, strerror(errno));
		return -1;
	}
	if (r->logical_block_size) {
		char cur[32];
		if (sysfs_md_get(r->kname, "logical_block_size", cur, sizeof(cur)) == 0 &&
		    (uint32_t)strtoul(cur, NULL, 10) != r->logical_block_size &&
		    sysfs_md_set_u64(r->kname, "logical_block_size", r->logical_block_size) < 0) {
			pr_err("%s: kernel refused logical block size %u: %s", r->kname,
			       r->logical_block_size, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int md_run_loaded(int mdfd, const struct start_req *r)
{
	if (select_features(r) < 0)
		goto undo;
	if (r->readonly) {
		if (sysfs_md_set(r->kname, "array_state", "readonly") < 0) {
			pr_err("%s: cannot start read-only: %s", r->kname, strerror(errno));
			goto undo;
		}
	} else if (r->read_auto) {
		/* md.c array_state_store(read_auto): runs the array with ro = MD_AUTO_READ */
		if (sysfs_md_set(r->kname, "array_state", "read-auto") < 0) {
			pr_err("%s: failed to start the array: %s (see the kernel log)", r->kname, strerror(errno));
			goto undo;
		}
	} else if (md_run_array(mdfd) < 0) {
		pr_err("%s: failed to start the array: %s (see the kernel log)", r->kname, strerror(errno));
		goto undo;
	}
	return 0;
undo:
	(void)md_stop_array(mdfd);
	return -1;
}

/* md.c md_ioctl(SET_ARRAY_INFO) with raid_disks == 0 only sets the superblock
 * version (md_set_array_info(): major 0 selects super_90, 1 super_1);
 * ADD_NEW_DISK then makes the kernel read each member's superblock
 * (md_add_new_disk -> md_import_device -> super_1_load / super_90_load). */
int md_load_and_run(int mdfd, const struct start_req *r)
{
	mdu_array_info_t ai;
	memset(&ai, 0, sizeof(ai));
	ai.major_version = r->v090 ? 0 : 1;
	ai.minor_version = r->v090 ? 90 : r->minor_version;
	if (md_set_array_info(mdfd, &ai) < 0) {
		pr_err("%s: cannot set metadata version %d.%d: %s", r->kname, ai.major_version, ai.minor_version,
		       strerror(errno));
		return -1;
	}
	for (int i = 0; i < r->ndevs; i++) {
		mdu_disk_info_t di;
		memset(&di, 0, sizeof(di));
		di.major = (int)major(r->devs[i]);
		di.minor = (int)minor(r->devs[i]);
		if (md_add_new_disk(mdfd, &di) < 0) {
			pr_err("%s: kernel refused member %u:%u: %s", r->kname, di.major, di.minor,
			       strerror(errno));
			(void)md_stop_array(mdfd);
			return -1;
		}
	}
	if (!r->no_run)
		return md_run_loaded(mdfd, r);
	if (select_features(r) < 0) {
		(void)md_stop_array(mdfd);
		return -1;
	}
	return 0;
}
