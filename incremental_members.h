/* --incremental: incremental.c adds a member (-I DEV); incremental_members.c
 * reads the members an array has gathered and starts it (also -IRs);
 * incremental_fail.c takes out members that went away (-If). */
#ifndef MDCTL_INCREMENTAL_MEMBERS_H
#define MDCTL_INCREMENTAL_MEMBERS_H
#include "super1.h"
#include <stdbool.h>

/* One member of an array, as its own superblock describes it. */
struct member {
	char kname[32];
	struct sb1 sb;
	bool llbitmap;
	bool stale;               /* older than the freshest member */
};

/* What the members present add up to, judged by the freshest superblock. */
struct tally {
	int ref;                  /* index of the freshest member */
	int active;               /* fresh members in distinct active slots */
	int expected;             /* active slots the freshest superblock lists */
	int need;                 /* active members the level needs to run at all */
	int spares, stale;
};


/* The array is there to be kept in the map (mapfile.h map_commit()). */
bool incr_array_alive(const char *kname);
/* A member already in the kernel's array: /dev/KNAME is its node. 0 or -1. */
int incr_read_member(const char *kname, int minor, struct member *m);
/* Every member of kname with a readable superblock of the array: known (DEV,
 * already read) is used as it is; members of another array are left out.
 * Returns the count (*out malloc'ed), or -1. */
int incr_load_members(const char *kname, int minor, const struct member *known, struct member **out);
/* Judge the members by the freshest superblock. */
void incr_tally(struct member *m, int n, struct tally *t);
/* Leave out stale members, select the bitmap, run. 0, or -1 (printed; stopped). */
int incr_start(int mdfd, const char *kname, struct member *m, int n, const struct tally *t, bool readonly);
/* -IRs. Returns the exit status. */
int incremental_run_scan(bool readonly);
/* --run MD of an inactive array (mdadm-last-resort@.service): start it as
 * -IRs would, degraded if need be. Returns the exit status (1: not started). */
int incremental_run_array(const char *kname, bool readonly);
#endif
