/* Assembling one array from listed members (assemble.c), shared by
 * --assemble with devices and by --assemble --scan (assemble_scan.c). */
#ifndef MDCTL_ASSEMBLE_H
#define MDCTL_ASSEMBLE_H
#include <stdbool.h>
#include <stdint.h>

struct assemble_req {
	const char *mddev;              /* /dev/mdN or /dev/md/NAME */
	const char *const *devs;        /* candidate members */
	int ndevs;
	bool have_uuid;                 /* only members of this array are used */
	uint8_t uuid[16];
	const char *name;               /* or, without a uuid, of this name; NULL: any */
	int minor;                      /* v1.minor to look for, -1: find it */
	const char *homehost;           /* --homehost, for the /dev/md/NAME link */
	const char *backup_file;        /* in-place reshape interrupted in its critical section */
	bool run, readonly, force;
};

/* Returns the exit status (0 started, 1 not). */
int assemble_array(const struct assemble_req *r);
#endif
