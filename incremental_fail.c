/* --incremental --fail (-If NAME [--path ID_PATH]): udev's remove event for
 * a member. The device may be gone already; its array still lists it as
 * md/dev-NAME. --path records which array the device at that path belonged
 * to, in mdadm's failed-slots file (see record_slot()). */
#include "incremental_fail.h"
#include "msg.h"
#include "dev.h"
#include "mapfile.h"
#include "mdio.h"
#include "mdstate.h"
#include "output.h"
#include "start.h"
#include "sysfs.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

/* "sdb1", "/dev/sdb1" (maybe gone already) or a link to it -> "sdb1". */
static int fail_kname(const char *name, char *out, size_t n)
{
	struct stat st;
	if (stat(name, &st) == 0 && S_ISBLK(st.st_mode) && dev_kernel_name(st.st_rdev, out, n) == 0)
		return 0;
	const char *b = strrchr(name, '/');
	b = b ? b + 1 : name;
	if (!b[0] || !strcmp(b, ".") || !strcmp(b, "..") || strlen(b) >= 32 || strlen(b) >= n)
		return -1;
	snprintf(out, n, "%s", b);
	return 0;
}

/* The md device with a member named kname (md/dev-KNAME), which stays
 * listed even after the device itself has gone. */
static bool find_holder(const char *kname, char *md, size_t n)
{
	DIR *d = sysfs_block_list();
	struct dirent *e;
	bool found = false;
	while (d && !found && (e = readdir(d))) {
		char attr[64], st[128];
		if (!map_kname_ok(e->d_name))
			continue;
		snprintf(attr, sizeof(attr), "dev-%s/state", kname);
		if (sysfs_md_get(e->d_name, attr, st, sizeof(st)) == 0)
			found = (size_t)snprintf(md, n, "%s", e->d_name) < n;
	}
	if (d)
		closedir(d);
	return found;
}

static int remove_member(const char *md, const char *attr)
{
	/* A member just failed keeps its slot until md lets go of it
	 * (md.c state_store() "remove" -> remove_and_add_spares()): EBUSY
	 * meanwhile. Bounded: at most a second. */
	int r;
	for (int i = 0; (r = sysfs_md_set(md, attr, "remove")) < 0 && errno == EBUSY && i < 20; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return r;
}

/* The array md's metadata version and uuid: from the map, else from its
 * members' superblocks (arrays --assemble or --create started are not in the
 * map). Returns 0, or -1 when neither knows. */
static int array_ident(const struct mapfile *map, const char *md, char *meta, size_t n, uint8_t uuid[16])
{
	const struct map_ent *e = map_find_kname(map, md);
	if (e) {
		snprintf(meta, n, "%s", e->metadata);
		memcpy(uuid, e->uuid, 16);
		return 0;
	}
	struct md_detail *d = malloc(sizeof(*d));
	char path[48];
	int r = -1;
	snprintf(path, sizeof(path), "/dev/%s", md);
	if (d && detail_gather(path, d, true) == 0 && d->have_sb && !d->sb0) {
		snprintf(meta, n, "%.15s", d->metadata);
		memcpy(uuid, d->uuid, 16);
		r = 0;
	}
	free(d);
	return r;
}

/* --path ID_PATH: DIR/failed-slots/ID_PATH (DIR: the map's directory) says
 * which array the device at that path was in, for POLICY action=spare-same-slot
 * to put a new device there back into it. mdctl has no POLICY actions yet;
 * the record is mdadm 4.6's, byte for byte (metadata right-aligned in 20
 * columns, the uuid in the map's word order), so mdadm, or a later mdctl, can
 * act on it. Returns 0, or -1 (printed). */
static int record_slot(const struct mapfile *map, const char *md, const char *id_path)
{
	char dir[192], file[448], meta[32], line[80];
	uint8_t u[16];
	if (!id_path[0] || strchr(id_path, '/') || id_path[0] == '.' || strlen(id_path) > 255) {
		pr_err("--path '%s' is not a udev ID_PATH (one file name)", id_path);
		return -1;
	}
	if (array_ident(map, md, meta, sizeof(meta), u) < 0) {
		pr_err("/dev/%s: no superblock says which array it is: --path not recorded", md);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/failed-slots", map->dir);
	snprintf(file, sizeof(file), "%s/%s", dir, id_path);
	char words[37];
	map_uuid_text(u, words);
	int len = snprintf(line, sizeof(line), "%20s %s\n", meta, words);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		pr_err("cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || write(fd, line, (size_t)len) != len || close(fd) < 0) {
		pr_err("cannot write %s: %s", file, strerror(errno));
		if (fd >= 0)
			(void)close(fd);
		return -1;
	}
	return 0;
}

int incremental_fail(const char *name, const char *id_path)
{
	char kname[32], md[32], attr[64], st[128], ast[32];
	struct mapfile map;
	int rc = 1;
	if (fail_kname(name, kname, sizeof(kname)) < 0) {
		pr_err("%s is not a device name", name);
		return 1;
	}
	if (map_open_locked(&map, NULL) < 0)
		return 1;
	if (!find_holder(kname, md, sizeof(md))) {
		pr_info("%s is not a member of any md array", name);
		rc = 0;
		goto out;
	}
	if (id_path && record_slot(&map, md, id_path) < 0)
		goto out;  /* nothing changed: udev's rule fails visibly */
	snprintf(attr, sizeof(attr), "dev-%s/state", kname);
	if (sysfs_md_get(md, "array_state", ast, sizeof(ast)) < 0)
		ast[0] = '\0';
	if (!strcmp(ast, "inactive") || !strcmp(ast, "clear")) {
		if (sysfs_md_set(md, attr, "remove") < 0) {
			pr_err("cannot remove %s from /dev/%s: %s", kname, md, strerror(errno));
			goto out;
		}
		pr_info("removed %s from the inactive array /dev/%s", kname, md);
		struct sysfs_member sm[1];
		if (sysfs_md_members(md, sm, 1) == 0) {
			/* its last member: let the md device go */
			int fd = md_open(md);
			if (fd >= 0) {
				(void)md_stop_array(fd);
				close(fd);
			}
			map_del_kname(&map, md);
			md_remove_name_links(md);
		}
		rc = 0;
		goto out;
	}
	/* As mdadm 4.6 does (its -If leaves the array read-auto): md starts no
	 * recovery onto a spare until the next write, so a member that was only
	 * gone for a moment finds its slot free when it comes back (-I --run
	 * re-adds it there). md.c array_state_store(read_auto) ->
	 * md_set_readonly(); refused, harmlessly, while the array is open. */
	if (!strcmp(ast, "clean") || !strcmp(ast, "active"))
		(void)sysfs_md_set(md, "array_state", "read-auto");
	if (sysfs_md_get(md, attr, st, sizeof(st)) < 0 || !strstr(st, "faulty")) {
		if (sysfs_md_set(md, attr, "faulty") < 0 || sysfs_md_get(md, attr, st, sizeof(st)) < 0 ||
		    !strstr(st, "faulty")) {
			pr_err("cannot fail %s in /dev/%s: %s", kname, md,
			       errno == EBUSY ? "the array cannot work without it" : strerror(errno));
			goto out;
		}
	}
	if (remove_member(md, attr) < 0) {
		pr_err("%s is failed in /dev/%s but cannot be removed: %s", kname, md, strerror(errno));
		goto out;
	}
	pr_info("failed and removed %s from /dev/%s", kname, md);
	rc = 0;
out:
	(void)map_commit(&map, md_in_use);
	map_close(&map);
	return rc;
}

