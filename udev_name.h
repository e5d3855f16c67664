/* Strings read from on-disk metadata (the superblock's set_name) on their way
 * to /dev/md/NAME links and udev properties (MD_DEVNAME=... printed by
 * --incremental --export for udev's IMPORT{program}). Any member device is
 * hostile: only a small, shell- and path-safe set of bytes passes. Pure: no
 * I/O (tests/fuzz/fuzz_udev_name.c, tests/unit/test_udev_name.c). */
#ifndef MDCTL_UDEV_NAME_H
#define MDCTL_UDEV_NAME_H
#include <stdbool.h>
#include <stddef.h>

#define UDEV_NAME_MAX  32      /* set_name is 32 bytes (md_p.h) */
#define UDEV_VALUE_MAX 64      /* a name plus our "_N" suffix, a kernel name */

/* May s be a /dev/md/ link name taken from disk? 1..32 bytes of
 * [A-Za-z0-9._+:-], not starting with '.' (".", "..", hidden) or '-' (read
 * as an option when the name is passed on). */
bool udev_name_ok(const char *s);

/* A device path for an ARRAY line of mdadm.conf, absolute or relative:
 * every component between '/'s passes udev_name_ok(). So config.c reads it
 * back as one word that names a device (no blank, quote, '#' or '=' can
 * split or end it) and no "." or ".." component leads out of /dev/md/.
 * At most UDEV_PATH_MAX bytes. */
#define UDEV_PATH_MAX 255
bool udev_path_ok(const char *path);

/* The same rules with a limit of UDEV_VALUE_MAX: any value printed as a udev
 * property (kernel names, our suffixed names, yes/no). */
bool udev_value_ok(const char *s);

/* The link name for a name read from disk: at most len bytes (stops at a NUL),
 * ' ' becomes '_' and '/' becomes '-' (the link mdadm makes for such a name),
 * then udev_name_ok() must accept it. Returns 0 with out set, or -1 with out
 * empty (the caller falls back to the kernel name). */
int udev_name_from_disk(const char *name, size_t len, char *out, size_t n);

/* What an array is called here, from its set_name ("HOST:NAME" or "NAME"). */
struct md_link_name {
	char link[UDEV_NAME_MAX + 1];  /* /dev/md/ link name, "" = unusable: use the kernel name */
	bool foreign;                  /* not made for this host (MD_FOREIGN=yes) */
	bool needs_suffix;             /* foreign without a host part: mdadm adds "_0" */
};
/* homehost: ours ("" = none); ignore_host: HOMEHOST <ignore> (every array is
 * local, any "HOST:" prefix dropped). A local array is linked by NAME, a
 * foreign one by "HOST:NAME", or by NAME plus a suffix when it has no host. */
void md_link_name_for(const char *set_name, size_t len, const char *homehost, bool ignore_host,
		      struct md_link_name *out);

/* "KEY=VALUE\n" into out when key is [A-Z_]{1,31} and udev_value_ok(value).
 * Returns the length, or -1 (nothing to print: the value is unsafe). */
int udev_export_line(char *out, size_t n, const char *key, const char *value);
#endif
