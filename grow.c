/* --grow: change a running array. What changes decides the file:
 * bitmap (grow_bitmap.c), level (grow_level.c), devices/chunk/layout
 * (grow_reshape.c, grow_backup.c), sizes (grow_size.c). */
#include "grow.h"
#include "levels.h"
#include "mdio.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int grow_continue(const struct options *o, const struct grow_array *a)
{
	if (!a->reshaping) {
		pr_info(o, "/dev/%s has no reshape to continue", a->kname);
		return 0;
	}
	if (!strcmp(a->array_state, "readonly")) {
		pr_err("/dev/%s is read-only: mdctl --readwrite %s lets the reshape continue", a->kname, o->mddev);
		return 1;
	}
	if (!strcmp(a->array_state, "read-auto") && grow_set(a->kname, "array_state", "active") < 0)
		return 1;
	if (grow_backup_continue(o, a))
		return 1;
	if (!strcmp(a->sync_action, "frozen") || !strcmp(a->sync_action, "idle"))
		if (grow_set(a->kname, "sync_action", "reshape") < 0)
			return 1;
	pr_info(o, "reshape of /dev/%s continues", a->kname);
	return 0;
}

static bool wants_reshape(const struct options *o, const struct grow_array *a)
{
	return (o->raid_disks > 0 && o->raid_disks != a->raid_disks) || o->chunk_kib || o->layout;
}

/* --level, then optionally --raid-devices: devices were checked before. */
static int level_then_reshape(const struct options *o, struct grow_array *a, struct grow_adds *adds)
{
	char kname[sizeof(a->kname)];
	int rc = grow_level(o, a);
	if (rc)
		return rc;
	snprintf(kname, sizeof(kname), "%s", a->kname);   /* grow_load() clears *a first */
	if (grow_load(kname, a) < 0)
		return 1;
	if (o->raid_disks <= 0 || o->raid_disks == a->raid_disks)
		return grow_adds_commit(o, a->kname, adds) < 0;
	if (a->degraded) {
		pr_err("/dev/%s must recover before --raid-devices=%d: run the --grow again then", a->kname,
		       o->raid_disks);
		return 1;
	}
	struct options *r = malloc(sizeof(*r));
	if (!r) {
		pr_err("out of memory");
		return 1;
	}
	*r = *o;
	r->layout = NULL;
	r->chunk_kib = 0;
	rc = grow_reshape(r, a, adds);
	free(r);
	return rc;
}

int mode_grow(const struct options *o)
{
	if (!o->mddev) {
		pr_err("--grow needs an md device, e.g. mdctl --grow /dev/md0 --raid-devices=4");
		return 2;
	}
	if (o->bitmap)
		return grow_bitmap(o);
	char kname[32];
	struct grow_array *a = calloc(1, sizeof(*a));
	struct grow_adds *adds = calloc(1, sizeof(*adds));
	int rc = 1;
	if (!a || !adds) {
		pr_err("out of memory");
		goto out;
	}
	if (md_resolve_name(o->mddev, kname, sizeof(kname)) < 0 || !sysfs_md_exists(kname)) {
		pr_err("%s is not an md array", o->mddev);
		goto out;
	}
	if (grow_load(kname, a) < 0)
		goto out;
	if (o->continue_) {
		rc = grow_continue(o, a);
		goto out;
	}
	bool level = o->level != LEVEL_UNKNOWN && o->level != a->level;
	bool sizes = o->size_max || o->size_kib || o->array_size_kib;
	if (!level && !sizes && !wants_reshape(o, a) && !o->ndevs) {
		pr_err("nothing to change: give --raid-devices, --size, --array-size, --chunk, --layout, --level or --bitmap");
		rc = 2;
		goto out;
	}
	if ((level || wants_reshape(o, a)) && sizes) {
		pr_err("change the size and the shape in two --grow steps");
		rc = 2;
		goto out;
	}
	if (sizes && o->ndevs) {
		pr_err("--size and --array-size take no devices");
		rc = 2;
		goto out;
	}
	if (sizes) {
		rc = grow_size(o, a);
		goto out;
	}
	if (grow_adds_prepare(o, kname, adds) < 0)
		goto out;
	if (level)
		rc = level_then_reshape(o, a, adds);
	else if (wants_reshape(o, a))
		rc = grow_reshape(o, a, adds);
	else
		rc = grow_adds_commit(o, kname, adds) < 0;
out:
	if (adds)
		grow_adds_release(adds);
	free(adds);
	free(a);
	return rc;
}
