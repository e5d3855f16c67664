/* Assembling one array from listed members (assemble.c), shared by
 * --assemble with devices and by --assemble --scan (assemble_scan.c). */
#ifndef MDCTL_ASSEMBLE_H
#define MDCTL_ASSEMBLE_H
#include <stdbool.h>
#include <stdint.h>
#include "assemble_update.h"

struct assemble_req {
	const char *mddev;              /* /dev/mdN or /dev/md/NAME */
	const char *const *devs;        /* candidate members */
	int ndevs;
	bool have_uuid;                 /* only members of this array are used */
	uint8_t uuid[16];
	const char *name;               /* or, without a uuid, of this name; NULL: any */
	int super_minor;                /* and of this 0.90 preferred minor; -1: any */
	int minor;                      /* v1.minor to look for, -1: find it (v1.x or 0.90), -2: 0.90 only */
	const char *homehost;           /* --homehost, for the /dev/md/NAME link */
	const char *backup_file;        /* in-place reshape interrupted in its critical section */
	bool run, readonly, force;
	bool start_degraded;            /* --scan without --no-degraded: start with members newly
					 * missing when the array can run without them, as mdadm */
	bool held_back_ok;              /* --scan --no-degraded: an array left inactive for its
					 * missing members is no failure (mdadm 4.6 exits 0) */
	struct assemble_update update;  /* --update=VALUE */
};

/* The --update request of an --assemble command line; 0, 1 (--update=?
 * answered: exit 0 without assembling) or -1 (printed: exit 2). */
int assemble_update_from(const char *value, const char *name, const char *uuid, const char *homehost,
			 const char *mddev, struct assemble_update *u);

/* Returns the exit status (0 started, 1 not). */
int assemble_array(const struct assemble_req *r);
#endif
