/* --incremental --rebuild-map (-Ir): the map (mapfile.h) written anew from
 * the arrays the kernel runs, so incremental assembly after a lost or stale
 * map file still finds them. An array's identity comes from md/uuid (md.c
 * uuid_show(): the superblock's set_uuid as the kernel holds it) and its
 * metadata from md/metadata_version; arrays without a superblock of md's
 * own (--build, external metadata) are left out, as they have no uuid. */
#include "incremental_members.h"
#include "mapfile.h"
#include "mdio.h"
#include "modes.h"
#include "sysfs.h"
#include "uuid.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* kname's map entry; false when it has no md superblock or is not running. */
static bool entry_of(const char *kname, struct map_ent *e)
{
	char ver[32] = "", state[32] = "", u[64] = "";
	memset(e, 0, sizeof(*e));
	if (sysfs_md_get(kname, "metadata_version", ver, sizeof(ver)) < 0 ||
	    sysfs_md_get(kname, "array_state", state, sizeof(state)) < 0 ||
	    sysfs_md_get(kname, "uuid", u, sizeof(u)) < 0)
		return false;
	if ((strcmp(ver, "0.90") && strncmp(ver, "1.", 2)) || !strcmp(state, "inactive") ||
	    !strcmp(state, "clear") || uuid_parse(u, e->uuid) < 0)
		return false;
	snprintf(e->kname, sizeof(e->kname), "%.31s", kname);
	snprintf(e->metadata, sizeof(e->metadata), "%.15s", ver);
	if (md_find_name_link(kname, e->path, sizeof(e->path)) < 0)
		snprintf(e->path, sizeof(e->path), "/dev/%.31s", kname);
	return true;
}

int incremental_rebuild_map(void)
{
	struct mapfile map;
	if (map_open_locked(&map, NULL) < 0)
		return 1;
	map.n = 0;
	map.dirty = true;
	DIR *d = sysfs_block_list();
	struct dirent *de;
	int rc = 0;
	while (d && (de = readdir(d))) {
		struct map_ent e;
		if (map_kname_ok(de->d_name) && entry_of(de->d_name, &e) && map_put(&map, &e) < 0) {
			pr_err("the map is full: /dev/%s is not recorded", de->d_name);
			rc = 1;
		}
	}
	if (d)
		closedir(d);
	if (map_commit(&map, NULL) < 0)
		rc = 1;
	map_close(&map);
	return rc;
}
