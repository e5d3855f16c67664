/* Adding a device to a running array: a re-add of a former member (the
 * kernel decides, from its superblock and the bitmap, how much to recover),
 * or a fresh member with a new superblock. */
#ifndef MDCTL_MEMBER_ADD_H
#define MDCTL_MEMBER_ADD_H
#include "dev.h"
#include <stdbool.h>

enum add_mode {
	ADD_OR_READD,   /* --add: re-add when the kernel accepts it, else fresh */
	ADD_SPARE,      /* --add-spare: always a fresh member */
	READD_ONLY,     /* --re-add: refuse when the kernel would not re-add */
};

/* Returns 0, or -1 (printed). */
/* yes: overwrite a device that holds data without asking (--run, --force, --yes). */
int member_add(const char *kname, int mdfd, const char *path, enum add_mode mode, bool yes);
/* --add-journal: a new write journal (role journal, a new dev_number) for
 * an array that lost its own; the caller has checked the array. 0 or -1. */
int member_add_journal(const char *kname, int mdfd, const char *path, bool yes);
/* Adding fresh spares as part of a bigger change (--grow): every check and
 * question first (the device is held open exclusively), the change, then the
 * writes. spare_commit() and spare_release() close the device. */
struct spare_plan {
	const char *path;
	int fd;
	struct devinfo di;
	bool v0;                        /* for a 0.90 array: the kernel writes its superblock */
};
int spare_prepare(const char *kname, const char *path, bool yes, struct spare_plan *p);
int spare_commit(const char *kname, int mdfd, struct spare_plan *p);
void spare_release(struct spare_plan *p);
#endif
