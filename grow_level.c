/* --grow --level: the takeovers the Linux 7.2 kernel does on a running array
 * by writing md/level (md.c level_store() -> pers->takeover()):
 *   raid0 -> raid4/5   one more device, parity missing (raid5.c raid45_takeover_raid0)
 *   raid4/5 -> raid0   parity-last layout with the parity device gone (raid0.c)
 *   raid1 <-> raid5    two devices only (raid5_takeover_raid1, raid1_takeover)
 *   raid4 <-> raid5    parity-last layout
 *   raid5 -> raid6     one more device, Q missing, layout "-6" (raid6_takeover)
 *   raid6 -> raid5     "-6" or parity-last layout; the Q device becomes a spare
 *   raid0 -> raid10    near=2, every mirror missing (raid10_takeover_raid0)
 *   raid10 -> raid0    near=2 with one device of each pair gone
 * A device that must go (parity, the second half of each mirror) is failed and
 * removed by mdctl first. Devices given with --add join after the takeover and
 * the kernel rebuilds onto them. */
#include "grow_steps.h"
#include "levels.h"
#include <stdio.h>
#include <string.h>

static bool supported(int from, int to)
{
	switch (from) {
	case 0: return to == 4 || to == 5 || to == 10;
	case 1: return to == 5;
	case 4: return to == 0 || to == 5;
	case 5: return to == 0 || to == 1 || to == 4 || to == 6;
	case 6: return to == 5;
	case 10: return to == 0;
	default: return false;
	}
}

static int active_in_slot(const struct grow_array *a, int slot)
{
	for (int i = 0; i < a->n; i++)
		if (gm_active(&a->m[i]) && a->m[i].sm.slot == slot)
			return 1;
	return 0;
}

/* What must hold, and which devices go, before the kernel takes over. */
static int prepare(const struct grow_array *a, int to)
{
	int from = a->level;
	if ((from == 5 && (to == 0 || to == 4)) && a->layout != LAYOUT_PARITY_N) {
		pr_err("raid5 -> %s needs the parity-last layout: first mdctl --grow /dev/%s --layout=parity-last",
		       level_name(to), a->kname);
		return -1;
	}
	if (from == 6 && to == 5 && a->layout != LAYOUT_PARITY_N && (a->layout < 16 || a->layout > 20)) {
		char name[64];
		layout_name(6, a->layout, name, sizeof(name));
		pr_err("raid6 (%s) -> raid5 needs a layout with Q on the last device: first mdctl --grow /dev/%s --layout=%s-6",
		       name, a->kname, a->layout <= 3 ? name : "left-symmetric");
		return -1;
	}
	if ((from == 1 && to == 5) || (from == 5 && to == 1)) {
		if (a->raid_disks != 2) {
			pr_err("%s -> %s needs exactly 2 devices (this one has %d)", level_name(from), level_name(to),
			       a->raid_disks);
			return -1;
		}
	}
	if ((from == 4 || from == 5) && to == 0) {
		int parity = a->raid_disks - 1;
		if (a->degraded > (active_in_slot(a, parity) ? 0 : 1)) {
			pr_err("/dev/%s is missing data devices; it cannot become raid0", a->kname);
			return -1;
		}
		return grow_drop_slot(a, parity);
	}
	if (from == 10 && to == 0) {
		if (a->layout != 0x102 || a->raid_disks % 2) {
			pr_err("only raid10 near=2 with an even number of devices can become raid0");
			return -1;
		}
		for (int s = 0; s < a->raid_disks; s += 2) {
			if (!active_in_slot(a, s) && !active_in_slot(a, s + 1)) {
				pr_err("/dev/%s has lost both copies in slots %d and %d", a->kname, s, s + 1);
				return -1;
			}
			if (active_in_slot(a, s) && grow_drop_slot(a, s + 1) < 0)
				return -1;
		}
	}
	return 0;
}

int grow_level(const struct grow_req *req, const struct grow_array *a)
{
	int to = req->level;
	if (!supported(a->level, to)) {
		pr_err("the kernel cannot change %s to %s in place", level_name(a->level), level_name(to));
		return 1;
	}
	if (req->chunk_kib || req->layout) {
		pr_err("change the level and the chunk size or layout in two --grow steps");
		return 1;
	}
	if (grow_check_idle(a, "a level change") < 0)
		return 1;
	if (prepare(a, to) < 0)
		return 1;
	if (grow_set(a->kname, "level", level_name(to)) < 0)
		return 1;
	pr_info("/dev/%s is now %s", a->kname, level_name(to));
	return 0;
}
