/* --grow: change a running array. What changes decides the file:
 * bitmap (grow_bitmap.c), level (grow_level.c), devices/chunk/layout
 * (grow_reshape.c, grow_backup.c), sizes (grow_size.c). */
#include "grow_steps.h"
#include "modes.h"
#include "levels.h"
#include "mdio.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --continue: let an interrupted reshape go on. */
static int grow_continue(const struct grow_req *req, const struct grow_array *a)
{
	if (!a->reshaping) {
		pr_info("/dev/%s has no reshape to continue", a->kname);
		return 0;
	}
	if (!strcmp(a->array_state, "readonly")) {
		pr_err("/dev/%s is read-only: mdctl --readwrite %s lets the reshape continue", a->kname, req->mddev);
		return 1;
	}
	if (!strcmp(a->array_state, "read-auto") && grow_set(a->kname, "array_state", "active") < 0)
		return 1;
	if (grow_backup_continue(req, a))
		return 1;
	if (!strcmp(a->sync_action, "frozen") || !strcmp(a->sync_action, "idle"))
		if (grow_set(a->kname, "sync_action", "reshape") < 0)
			return 1;
	pr_info("reshape of /dev/%s continues", a->kname);
	return 0;
}

static bool wants_reshape(const struct grow_req *req, const struct grow_array *a)
{
	return (req->raid_disks > 0 && req->raid_disks != a->raid_disks) || req->chunk_kib || req->layout;
}

/* --level, then optionally --raid-devices: devices were checked before. */
static int level_then_reshape(const struct grow_req *req, struct grow_array *a, struct grow_adds *adds)
{
	char kname[sizeof(a->kname)];
	int rc = grow_level(req, a);
	if (rc)
		return rc;
	snprintf(kname, sizeof(kname), "%s", a->kname);   /* grow_load() clears *a first */
	if (grow_load(kname, a) < 0)
		return 1;
	if (req->raid_disks <= 0 || req->raid_disks == a->raid_disks)
		return grow_adds_commit(a->kname, adds) < 0;
	if (a->degraded) {
		pr_err("/dev/%s must recover before --raid-devices=%d: run the --grow again then", a->kname,
		       req->raid_disks);
		return 1;
	}
	struct grow_req r = *req;   /* the level change took the chunk and layout */
	r.layout = NULL;
	r.chunk_kib = 0;
	return grow_reshape(&r, a, adds);
}

static int grow_run(const struct grow_req *req)
{
	if (req->bitmap && req->consistency) {
		pr_err("change the bitmap and the consistency policy in two --grow steps");
		return 2;
	}
	if (req->bitmap)
		return grow_bitmap(req);
	if (req->consistency && (req->level != LEVEL_UNKNOWN || req->raid_disks > 0 || req->chunk_kib || req->layout ||
				 req->size_kib || req->size_max || req->array_size_kib || req->nadds || req->continue_)) {
		pr_err("--consistency-policy is changed on its own: give the other changes in another --grow");
		return 2;
	}
	if (req->consistency)
		return grow_policy(req);
	char kname[32];
	struct grow_array *a = calloc(1, sizeof(*a));
	struct grow_adds *adds = calloc(1, sizeof(*adds));
	int rc = 1;
	if (!a || !adds) {
		pr_err("out of memory");
		goto out;
	}
	if (md_resolve_name(req->mddev, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname)) {
		pr_err("%s is not an md array", req->mddev);
		goto out;
	}
	if (grow_load(kname, a) < 0)
		goto out;
	if (req->continue_) {
		rc = grow_continue(req, a);
		goto out;
	}
	bool level = req->level != LEVEL_UNKNOWN && req->level != a->level;
	bool sizes = req->size_max || req->size_kib || req->array_size_kib;
	if (!level && !sizes && !wants_reshape(req, a) && !req->nadds) {
		pr_err("nothing to change: give --raid-devices, --size, --array-size, --chunk, --layout, --level or --bitmap");
		rc = 2;
		goto out;
	}
	if ((level || wants_reshape(req, a)) && sizes) {
		pr_err("change the size and the shape in two --grow steps");
		rc = 2;
		goto out;
	}
	if (sizes && req->nadds) {
		pr_err("--size and --array-size take no devices");
		rc = 2;
		goto out;
	}
	if (sizes) {
		rc = grow_size(req, a);
		goto out;
	}
	if (grow_adds_prepare(req, kname, adds) < 0)
		goto out;
	if (level)
		rc = level_then_reshape(req, a, adds);
	else if (wants_reshape(req, a))
		rc = grow_reshape(req, a, adds);
	else
		rc = grow_adds_commit(kname, adds) < 0;
out:
	if (adds)
		grow_adds_release(adds);
	free(adds);
	free(a);
	return rc;
}

int mode_grow(const struct options *o)
{
	if (!o->mddev) {
		pr_err("--grow needs an md device, e.g. mdctl --grow /dev/md0 --raid-devices=4");
		return 2;
	}
	struct grow_req *req = calloc(1, sizeof(*req));
	if (!req) {
		pr_err("out of memory");
		return 1;
	}
	*req = (struct grow_req){
		.mddev = o->mddev, .level = o->level, .raid_disks = o->raid_disks, .chunk_kib = o->chunk_kib,
		.layout = o->layout, .size_kib = o->size_kib, .size_max = o->size_max,
		.array_size_kib = o->array_size_kib, .bitmap = o->bitmap, .consistency = o->consistency,
		.bitmap_chunk_bytes = o->bitmap_chunk_bytes, .delay = o->delay, .write_behind = o->write_behind,
		.backup_file = o->backup_file, .continue_ = o->continue_, .yes = o->run || o->force || o->yes,
	};
	int rc = 2;
	for (int i = 0; i < o->ndevs; i++) {
		if (o->devs[i].op != DEV_NONE && o->devs[i].op != DEV_ADD) {
			pr_err("--grow only takes devices to --add (%s)", o->devs[i].name);
			goto out;
		}
		if (req->nadds == GROW_MAX_ADDS) {
			pr_err("--grow adds at most %d devices at a time", GROW_MAX_ADDS);
			goto out;
		}
		req->adds[req->nadds++] = o->devs[i].name;
	}
	rc = grow_run(req);
out:
	free(req);
	return rc;
}
