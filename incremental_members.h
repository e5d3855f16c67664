/* --incremental: incremental.c adds a member (-I DEV); incremental_members.c
 * reads the members an array has gathered and starts it (also -IRs);
 * incremental_fail.c takes out members that went away (-If). */
#ifndef MDCTL_INCREMENTAL_MEMBERS_H
#define MDCTL_INCREMENTAL_MEMBERS_H
#include "dev.h"
#include "super0.h"
#include "super1.h"
#include <stdbool.h>

/* One member of an array, as its own superblock describes it. */
struct member {
	char kname[32];
	struct sb1 sb;            /* 0.90: a view of sb0 (super0_view.c) */
	bool v0;                  /* a 0.90 member: sb0 is what is on disk */
	struct sb0 sb0;
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
/* The superblock of minor (0..2, or MD_MINOR_090 for 0.90: read as a v1.x
 * view, super0_view.c) from an open member. 0, 1 none there, -1 (why in msg). */
int incr_read_sb(int fd, const struct devinfo *di, int minor, struct member *m, char *msg, size_t n);
/* "1.2" or "0.90". */
const char *incr_version(int minor, char *buf, size_t n);
/* Every member of kname with a readable superblock of the array: known (DEV,
 * already read) is used as it is; members of another array are left out.
 * Returns the count (*out malloc'ed), or -1. */
int incr_load_members(const char *kname, int minor, const struct member *known, struct member **out);
/* Judge the members by the freshest superblock. */
void incr_tally(struct member *m, int n, struct tally *t);
/* Leave out stale members, select the bitmap, run. 0, or -1 (printed; stopped). */
/* read_auto: started read-only until the first write (md.rst "read-auto"),
 * as arrays started incomplete are: members still arriving can join safely. */
int incr_start(int mdfd, const char *kname, struct member *m, int n, const struct tally *t, bool readonly,
	       bool read_auto);
/* -IRs. Returns the exit status. */
int incremental_run_scan(bool readonly);
/* --rebuild-map (incremental_map.c): the map from the running arrays. Exit status. */
int incremental_rebuild_map(void);
/* Start kname if it is inactive and has enough fresh members (also --run MD).
 * Returns 1 started, 0 left alone (not inactive, or too few members: said),
 * -1 starting failed (printed). */
int incr_run_inactive(const char *kname, const char *display, bool readonly);
#endif
