/* The incremental-assembly map, /run/mdctl/map (/run/mdadm/map as mdadm): one line per array that
 * --incremental has started to assemble,
 *     KNAME METADATA UUID PATH        e.g.  md127 1.2 3a4b5c6d:...:...:... /dev/md/home
 * (mdadm's /run/mdadm/map, byte for byte: the UUID as four host-order words,
 * so each group is byte-reversed against --detail's on x86).
 * It maps a superblock's uuid to the md device being assembled, so the next
 * member of the same array joins it. Every read-modify-write holds
 * flock(LOCK_EX) on map.lock; a rewrite is map.new + rename().
 * map_line.c is the pure line codec, mapfile.c the locked file I/O. */
#ifndef MDCTL_MAPFILE_H
#define MDCTL_MAPFILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAP_PATH_MAX   256
#define MAP_LINE_MAX   400            /* longer lines are malformed */
#define MAP_FILE_MAX   (1u << 20)     /* a bigger file is read up to here */
#define MAP_MAX_ENTS   4096

struct map_ent {
	char kname[32];               /* "md127", "md_home" */
	char metadata[16];            /* "1.2" */
	uint8_t uuid[16];
	char path[MAP_PATH_MAX];      /* "/dev/md/home" or "/dev/md127" */
};

/* ---- map_line.c (pure) ---- */
/* Parse one line (len bytes, without or with its '\n'; need not be
 * NUL-terminated). Returns 0 with *e filled, or -1 when malformed: not four
 * fields, a kernel name that is not mdN/md_NAME, a bad uuid, a path that is not
 * absolute or has control bytes, or a field too long. */
int map_line_parse(const char *line, size_t len, struct map_ent *e);
/* "KNAME METADATA UUID PATH\n" into out. Returns the length, or -1 when e
 * would not parse back (the same rules) or out is too small. */
int map_line_format(const struct map_ent *e, char *out, size_t n);
/* uuid as the map (and mdadm's failed-slots files) write it: four
 * host-order 32-bit words, "%08x:%08x:%08x:%08x". */
void map_uuid_text(const uint8_t uuid[16], char out[37]);
/* And back: 0, or -1 when s is not a uuid. */
int map_uuid_from_text(const char *s, uint8_t uuid[16]);
/* Is k a kernel name md can have ("md" + digits, or "md_" + a name)? */
bool map_kname_ok(const char *k);

/* ---- mapfile.c (I/O) ---- */
struct mapfile {
	int lockfd;                   /* holds the flock; -1 when closed */
	char dir[128];
	struct map_ent *ent;
	int n, cap;
	bool dirty;                   /* entries changed since read */
};

/* Make dir (0700; NULL = the persona's run_dir, /run/mdctl or /run/mdadm), lock dir/map.lock exclusively (blocks
 * while another mdctl holds it) and read dir/map (missing = empty; malformed
 * lines are dropped). Returns 0, or -1 (printed). */
int map_open_locked(struct mapfile *m, const char *dir);
/* Rewrite dir/map from the entries, leaving out those whose array is gone
 * (alive(kname) false; alive NULL keeps all). Returns 0, or -1 (printed). */
int map_commit(struct mapfile *m, bool (*alive)(const char *kname));
/* Release the lock and the memory. Safe to call twice. */
void map_close(struct mapfile *m);

const struct map_ent *map_find_uuid(const struct mapfile *m, const uint8_t uuid[16]);
const struct map_ent *map_find_kname(const struct mapfile *m, const char *kname);
const struct map_ent *map_find_path(const struct mapfile *m, const char *path);
/* Add e, replacing any entry with the same kernel name or uuid. 0 or -1 (full). */
int map_put(struct mapfile *m, const struct map_ent *e);
void map_del_kname(struct mapfile *m, const char *kname);
/* Open, put e, commit (dropping entries alive() says are gone), close: how
 * --assemble records an array it started, as mdadm does. 0, or -1 (printed). */
int map_record(const struct map_ent *e, bool (*alive)(const char *kname));
#endif
