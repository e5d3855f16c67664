/* --monitor: what an array looks like between two looks (a snapshot), and
 * which events the difference between two snapshots makes. monitor_events.c
 * is pure (unit-tested); monitor_snap.c reads sysfs; monitor.c loops. */
#ifndef MDCTL_MONITOR_EVENTS_H
#define MDCTL_MONITOR_EVENTS_H
#include <stdbool.h>
#include <stdint.h>

#define MON_MAX_MEMBERS 256

struct mon_member {
	char kname[32];         /* "loop1" */
	unsigned major, minor;
	int slot;               /* -1 for none */
	bool faulty, in_sync;
	uint64_t kib;           /* size of the device */
};

/* Sync actions as md/sync_action names them (md.rst). */
enum mon_sync { MON_IDLE, MON_RESYNC, MON_RECOVER, MON_CHECK, MON_REPAIR, MON_RESHAPE };

struct mon_snap {
	char kname[32];         /* "md127" */
	char path[64];          /* "/dev/md/NAME" or "/dev/md127": how events name it */
	bool has_uuid;
	uint8_t uuid[16];
	int level;              /* LEVEL_* */
	bool active;            /* running (not inactive/clear) */
	int raid_disks;
	int degraded;           /* md/degraded: slots without an in-sync member */
	int spares;             /* working members with no slot */
	int expected_spares;    /* from the config's spares=, -1 unknown */
	enum mon_sync sync;
	int percent;            /* of the running sync, -1 when unknown or idle */
	uint64_t mismatches;    /* md/mismatch_cnt, after a check */
	uint64_t component_kib; /* md/component_size: what a member must hold */
	int nm;
	struct mon_member m[MON_MAX_MEMBERS];
};

enum mon_event {
	EV_NEW_ARRAY, EV_DEVICE_DISAPPEARED, EV_DEGRADED_ARRAY, EV_SPARES_MISSING, EV_FAIL,
	EV_FAIL_SPARE, EV_SPARE_ACTIVE, EV_REBUILD_STARTED, EV_REBUILD_NN, EV_REBUILD_FINISHED,
	EV_TEST_MESSAGE, EV_MOVE_SPARE,
};

struct mon_alert {
	enum mon_event ev;
	int step;               /* EV_REBUILD_NN: 20, 40, ... */
	char member[40];        /* "/dev/loop1" or "" */
	char detail[64];        /* extra words for the log line, or "" */
};

#define MON_MAX_ALERTS (2 * MON_MAX_MEMBERS + 8)

/* Events between two looks at one array, member events first (in member
 * order), then the array's: old == NULL means the array is seen for the
 * first time (only its standing problems are reported). increment is the
 * RebuildNN step in percent. Returns the number of alerts written (≤ max). */
int mon_diff(const struct mon_snap *old, const struct mon_snap *now, int increment,
	     struct mon_alert *out, int max);
/* "Fail", "Rebuild40", ... into buf; returns buf. */
const char *mon_event_name(const struct mon_alert *a, char *buf, unsigned n);
/* Events worth a mail (failures and missing redundancy, and the test). */
bool mon_event_mails(enum mon_event ev);
/* syslog priority of an event. */
int mon_event_priority(enum mon_event ev);

/* One watched array (monitor.c), with its last two snapshots. */
struct watch {
	char kname[32];
	bool named;             /* named on the command line: kept while absent */
	bool announce;          /* found by --scan after the first look: NewArray */
	bool have;              /* last holds the running array */
	char spare_group[64];   /* from its ARRAY line, "" for none */
	struct mon_snap *last, *now;
};

/* ---- monitor_snap.c (sysfs) ---- */
/* Read the array with kernel name kname. Returns 0, or -1 when it is gone. */
int mon_snap_read(const char *kname, struct mon_snap *s);
#endif
