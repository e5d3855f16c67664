/* Loading members into an md device and starting it: shared by create, assemble
 * and incremental. */
#ifndef MDCTL_START_H
#define MDCTL_START_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct start_req {
	const char *kname;        /* "md0" */
	bool v090;                /* 0.90 superblocks (minor_version unused) */
	int minor_version;        /* 1.x superblock minor: 0, 1, 2 */
	const dev_t *devs;        /* members, each with a valid superblock on disk */
	int ndevs;
	bool readonly;            /* start read-only */
	bool read_auto;           /* start read-only until the first write */
	bool no_run;              /* load members but leave the array inactive */
	bool llbitmap;            /* select the lockless bitmap before running */
	uint32_t logical_block_size; /* 0 = keep what the superblock says */
};

/* Returns 0, or -1 (printed). On failure the md device is left stopped and
 * empty, so the members are released. */
int md_load_and_run(int mdfd, const struct start_req *r);

/* Run mdfd, whose members are already loaded (incremental assembly adds
 * them one per call): selects r->llbitmap and r->logical_block_size first,
 * honours r->readonly; r->devs is not used. Returns 0, or -1 (printed) with
 * the array stopped and its members released. */
int md_run_loaded(int mdfd, const struct start_req *r);

/* Is the md device already running or holding members? */
bool md_in_use(const char *kname);
#endif
