/* Text output of --examine, --detail and --query in mdadm 4.6's layout.
 * Pure formatting: everything printed comes from the structs passed in, so the
 * layout is unit-tested against captured mdadm output (tests/unit/test_output.c).
 * Field names, spacing and line order follow mdadm 4.6 (black-box comparison);
 * where we print something mdadm does not, output_examine.c and output_detail.c say so. */
#ifndef MDCTL_OUTPUT_H
#define MDCTL_OUTPUT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "super1.h"

/* mdadm's " (1023.00 MiB 1072.69 MB)" suffix for a byte count: empty below
 * 5000 KiB, MiB/MB below 2 GiB, GiB/GB below 2 TiB, else TiB/TB, rounded half up. */
void fmt_human_paren(uint64_t bytes, char *out, size_t n);
/* Decimal-only form of --export/--query ("1071.64MB", "2.15GB"); empty below 5000 KiB. */
void fmt_human_brief(uint64_t bytes, char *out, size_t n);
/* ctime(3)-style "Tue Nov 14 22:13:20 2023" in local time, for a superblock time. */
void fmt_time(uint64_t sb_time, char out[32]);
/* Array State string for a superblock: one char per raid slot, 'A' one device,
 * 'R' two (a replacement), '?' more, '.' none. Returns true when the roles are
 * inconsistent (out-of-range role or a slot held by 3+ devices). */
bool fmt_array_state(const struct sb1 *sb, char *out, size_t n);

/* ---- --examine ---- */
struct examine_input {
	const char *path;               /* printed as given */
	const struct sb1 *sb;
	int minor;                      /* 0, 1, 2 */
	uint64_t dev_sectors;           /* size of the member */
	uint32_t csum_computed;         /* checksum of the on-disk bytes (== sb_csum when intact) */
	/* From the bitmap superblock at sb->bitmap_offset, when the feature bit is
	 * set and the header decoded. */
	bool bitmap_ok;
	uint32_t bitmap_chunksize;      /* raw header fields */
	uint64_t bitmap_sync_size;
	const char *cluster_name;       /* clustered arrays, else NULL */
	const char *homehost;           /* for "(local to host X)"; NULL or "" = none */
	uint32_t bitmap_version;        /* raw header field (--json: chunksize unit) */
};
void fmt_examine(FILE *f, const struct examine_input *in);
/* --examine --export: MD_LEVEL=... MD_EVENTS=... */
void fmt_examine_export(FILE *f, const struct examine_input *in);
/* "ARRAY /dev/md/NAME  metadata=1.2 UUID=..." (+ level/num-devices when
 * verbose), then "   spares=N" when members examined were spares and
 * "   devices=A,B" when verbose, on one second line. */
void fmt_examine_brief(FILE *f, const struct sb1 *sb, int minor, bool verbose, int spares,
		       const char *devices);
/* Whether --examine --brief counts this member as a spare: no slot (spare,
 * faulty, journal) or a replacement still being rebuilt. */
bool sb_counts_as_spare(const struct sb1 *sb);
/* Short array name for ARRAY lines: set_name without its "HOST:" prefix. */
const char *fmt_short_name(const char *set_name);

/* ---- --detail ---- */
/* One member of a running array: GET_DISK_INFO plus its kernel name. */
struct detail_member {
	int number;                     /* GET_DISK_INFO number (rdev desc_nr) */
	int major, minor;
	int raid_disk;                  /* slot, -1 none */
	int state;                      /* GET_DISK_INFO state bits (md_p.h MD_DISK_*) */
	char kname[32];                 /* "loop0"; empty if unknown */
	uint64_t dev_kib;               /* size of the member device, 0 unknown */
	/* --json only (mdstate_extra.c detail_gather_extra()): what the text hides */
	struct detail_member_extra {
		bool have_sysfs;        /* md/dev-X/ was read */
		uint64_t data_offset;   /* sectors (md/dev-X/offset) */
		uint64_t data_kib;      /* md/dev-X/size */
		uint64_t recovery_start;/* sectors, UINT64_MAX for none */
		uint64_t errors;        /* md/dev-X/errors: corrected read errors */
		bool have_sb;           /* the member's own superblock was read */
		uint64_t super_offset;  /* sectors */
		int32_t bblog_offset;   /* sectors from the superblock */
		uint16_t bblog_size;    /* sectors, 0 for no log */
		uint64_t events;
		uint8_t dev_uuid[16];
	} x;
};

enum sync_kind { SYNC_NONE, SYNC_RESYNC, SYNC_RECOVER, SYNC_RESHAPE, SYNC_CHECK };

/* The kernel's own sync state: md/sync_action, sync_completed, sync_speed. */
struct md_sync {
	char action[32];                /* "idle", "resync", "recover", ... ("" unknown) */
	bool running;                   /* sync_completed shows a position ("done / total") */
	uint64_t done, total;           /* sectors */
	uint64_t speed_kib;             /* KiB/s */
};
enum sync_wait { SYNC_RUNNING, SYNC_DELAYED, SYNC_PENDING };

#define DETAIL_MAX_MEMBERS 256

/* Everything --detail prints about one array; detail.c fills it from
 * GET_ARRAY_INFO/GET_DISK_INFO, sysfs, /proc/mdstat and a member's superblock. */
struct md_detail {
	char devpath[256];              /* as given, for the "X:" header */
	char kname[32];                 /* "md127" */
	char link[64];                  /* NAME of a /dev/md/NAME link to it, or "" */
	char metadata[32];              /* "1.2" */
	bool inactive;                  /* assembled but not running */
	int level;                      /* array level (LEVEL_LINEAR, 0, 1, ...) */
	uint32_t ctime, utime;          /* seconds */
	uint64_t array_kib;             /* size of the md device */
	uint64_t used_dev_kib;          /* per-member size (component_size) */
	int raid_disks, total_devices;
	int active_devices, working_devices, failed_devices, spare_devices;
	bool persistent;
	bool clean;                     /* GET_ARRAY_INFO state MD_SB_CLEAN */
	bool bitmap;                    /* MD_SB_BITMAP_PRESENT */
	uint32_t layout;
	uint32_t chunk_kib;
	char consistency[32];           /* md/consistency_policy, "" if unknown */
	uint32_t logical_block_size;    /* md/logical_block_size (queue's on older kernels), 0 unknown */
	bool llbitmap;                  /* md/bitmap_type selects llbitmap */
	enum sync_kind sync;            /* from /proc/mdstat */
	struct md_sync ksync;           /* from sysfs */
	int degraded;                   /* md/degraded: slots without an in-sync member, -1 none */
	bool have_mismatches;
	uint64_t mismatches;            /* md/mismatch_cnt */
	bool have_kernel_uuid;          /* md/uuid (Linux 7.x) */
	uint8_t kernel_uuid[16];
	enum sync_wait sync_wait;
	int sync_percent;
	/* reshape (md/reshape_position not "none") */
	bool reshaping;
	int prev_raid_disks;            /* before the reshape */
	int new_level;                  /* == level when unchanged */
	uint32_t new_layout;            /* == layout when unchanged */
	uint32_t new_chunk_kib;         /* == chunk_kib when unchanged */
	/* from a member's superblock */
	bool have_sb;
	char name[33];
	uint8_t uuid[16];
	uint64_t events;
	char homehost[64];              /* for "(local to host X)" */
	/* 0.90: no name; uuid holds the four words big-endian; events print as
	 * hi.lo; the preferred minor; the byte order the homehost hash used */
	bool sb0;
	bool sb0_big_endian;
	uint32_t preferred_minor;
	int nmembers;
	struct detail_member m[DETAIL_MAX_MEMBERS];
	/* --json only (mdstate_extra.c detail_gather_extra()) */
	struct detail_extra {
		bool have;              /* detail_gather_extra() ran */
		uint64_t resync_start;  /* sectors (md/resync_start), UINT64_MAX for none */
		uint64_t reshape_position;              /* sectors, UINT64_MAX for none */
		uint64_t bitmap_chunk_bytes;            /* 0 unknown */
		uint64_t bitmap_chunks;                 /* 0 unknown */
		bool have_llb_counts;
		uint64_t llb_counts[8]; /* md/llbitmap/bits, in enum llb_state order */
	} x;
};
void fmt_detail(FILE *f, const struct md_detail *d);
/* --no-devices: fmt_detail, fmt_detail_export and fmt_detail_inactive without
 * their member lines (the device table, MD_DEVICE_*), as mdadm 4.6. */
void fmt_detail_array(FILE *f, const struct md_detail *d);
void fmt_detail_export_array(FILE *f, const struct md_detail *d);
void fmt_detail_inactive_array(FILE *f, const struct md_detail *d);
/* "ARRAY /dev/md/NAME metadata=1.2 UUID=..."; verbose adds level/num-devices
 * and a "   devices=..." line. */
void fmt_detail_brief(FILE *f, const struct md_detail *d, bool verbose);
/* --detail --export: MD_LEVEL=... and MD_DEVICE_dev_X_ROLE/_DEV per member,
 * in the order of m[] (detail.c keeps the kernel's sysfs order, as mdadm). */
void fmt_detail_export(FILE *f, const struct md_detail *d);
/* Whether enough members are in sync for the array to work (per level; raid10
 * by copy sets as drivers/md/raid10.c _enough()). */
bool detail_enough(const struct md_detail *d);
/* --detail --test status: 0 working, 1 degraded, 2 failed (not enough members). */
int detail_test_status(const struct md_detail *d);
/* "/dev/md/NAME" when a link exists, else "/dev/KNAME". */
void detail_array_path(const struct md_detail *d, char *out, size_t n);
/* --query for an md device: "X: 36.00MiB raid5 3 devices, 1 spare. Use ..." */
void fmt_query_array(FILE *f, const char *path, const struct md_detail *d);
/* The "36.00MiB" size form of --query: binary units, no space. */
void fmt_human_query(uint64_t bytes, char *out, size_t n);
/* Inactive (assembled, not started) arrays: what sysfs and the members say. */
void fmt_detail_inactive(FILE *f, const struct md_detail *d);
void fmt_detail_inactive_brief(FILE *f, const struct md_detail *d, bool verbose);

/* ---- values the text above shows, for other renderers (json_*.c) ---- */
/* A member in a slot of --detail's table (not faulty, not the journal). */
bool detail_member_slotted(const struct detail_member *m);
/* raid10 with near copies only and whole copy sets: which set ('A'...) a slot
 * belongs to ("set-A" in --detail); 0 when the layout has no sets. */
char detail_r10_set(const struct md_detail *d, int slot);
/* --examine's Array Size: bytes the array holds by one superblock; false
 * when the level has no such size (linear, raid0) or the geometry is bad. */
bool examine_array_bytes(const struct sb1 *sb, uint64_t *bytes);
/* --examine's Unused Space (rules at print_unused in output.c); false when
 * the line is left out. after < 0: the device is too small by -after sectors. */
bool examine_unused_space(const struct examine_input *in, uint16_t role, uint64_t *before, int64_t *after);
/* --examine's "TRUNCATED DEVICE": the data runs past the end of the device. */
bool examine_truncated(const struct examine_input *in, uint16_t role);

#endif
