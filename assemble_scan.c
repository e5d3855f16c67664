/* --assemble --scan: the arrays the config names (ARRAY lines), or, without
 * ARRAY lines, every array found on the devices the config allows (DEVICE,
 * default: all of /proc/partitions), within AUTO and HOMEHOST; with --uuid,
 * only the array of that uuid (libblockdev's md_activate by uuid alone). Each
 * array is then assembled by assemble_array() (assemble.c) with its members
 * listed. */
#include "assemble.h"
#include "config.h"
#include "dev.h"
#include "foreign.h"
#include "mdio.h"
#include "modes.h"
#include "names.h"
#include "persona.h"
#include "super1.h"
#include "udev_name.h"
#include "sysfs.h"
#include "uuid.h"
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define SCAN_MAX_DEVS 1024

struct found {
	char path[64];
	dev_t rdev;
	uint8_t uuid[16];
	char name[33];
	int minor;
	bool taken;
	char inactive_md[32];   /* held by this inactive, partly assembled array (-I) */
};

struct scan {
	const char *only;                       /* the md device given: only its ARRAY line */
	bool has_uuid;                          /* --uuid given: only that array */
	uint8_t uuid[16];
	struct assemble_req base;               /* what every array's assembly shares */
	const char *devs[SCAN_MAX_DEVS];        /* one group's members */
	struct mdconf conf;
	char host[64];
	struct found *f;
	int nf;
	int held;               /* devices skipped as members of running arrays */
};

/* An md device holding members but not started: what incremental assembly
 * leaves until the last member arrives. */
static bool md_inactive(const char *kname)
{
	char st[32];
	return sysfs_md_get(kname, "array_state", st, sizeof(st)) == 0 && !strcmp(st, "inactive");
}

/* One device: its superblock, unless it is busy in a running array. */
static void probe(struct scan *s, const char *path)
{
	struct stat st;
	struct devinfo di;
	struct sb1 *sb;
	struct sb1_err e;
	char holder[32];
	if (s->nf >= SCAN_MAX_DEVS || stat(path, &st) < 0 || !S_ISBLK(st.st_mode))
		return;
	for (int i = 0; i < s->nf; i++)
		if (s->f[i].rdev == st.st_rdev)  /* a glob and /proc/partitions both name it */
			return;
	char kname[64];
	holder[0] = '\0';
	if (dev_kernel_name(st.st_rdev, kname, sizeof(kname)) == 0 &&
	    sysfs_holder_md(kname, holder, sizeof(holder)) == 0 && !md_inactive(holder)) {
		s->held++;
		return;
	}
	/* dev_open() reports what it cannot open; a scan skips it quietly. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	close(fd);
	if ((fd = dev_open(path, O_RDONLY, &di)) < 0 || !(sb = malloc(sizeof(*sb)))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct found *f = &s->f[s->nf];
	if (dev_find_sb1(fd, &di, sb, &f->minor, &e) == 0) {
		snprintf(f->path, sizeof(f->path), "%s", path);
		f->rdev = st.st_rdev;
		memcpy(f->uuid, sb->set_uuid, 16);
		memcpy(f->name, sb->set_name, sizeof(f->name));
		f->name[32] = '\0';
		f->taken = false;
		snprintf(f->inactive_md, sizeof(f->inactive_md), "%s", holder);
		s->nf++;
	} else {
		/* a scan names IMSM/DDF devices it leaves alone with --verbose only */
		(void)dev_refuse_foreign(fd, &di, msg_verbosity() <= 0);
	}
	free(sb);
	close(fd);
}

/* Members that incremental assembly put into an inactive array are released
 * (the array stopped: it never ran, nothing is written) so the array can be
 * assembled from all of them, as mdadm does. 0, or -1 (printed). */
static int release_inactive(const struct scan *s, const uint8_t uuid[16])
{
	for (int i = 0; i < s->nf; i++) {
		const struct found *f = &s->f[i];
		if (!f->inactive_md[0] || memcmp(f->uuid, uuid, 16) || !md_inactive(f->inactive_md))
			continue;
		int fd = md_open(f->inactive_md);
		if (fd < 0)
			return -1;
		int rc = md_stop_array(fd);
		close(fd);
		if (rc < 0) {
			pr_err("cannot release /dev/%s, which holds %s without running", f->inactive_md, f->path);
			return -1;
		}
	}
	return 0;
}

/* DEVICE lines (globs, "partitions"), default partitions. */
static void probe_all(struct scan *s)
{
	bool parts = s->conf.device_partitions || !s->conf.has_device_line;
	for (int i = 0; i < s->conf.ndevices; i++) {
		glob_t g;
		if (glob(s->conf.devices[i], 0, NULL, &g) == 0)
			for (size_t j = 0; j < g.gl_pathc; j++)
				probe(s, g.gl_pathv[j]);
		globfree(&g);
	}
	if (!parts)
		return;
	char (*names)[32], path[48];
	int n = proc_partitions(&names);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/dev/%s", names[i]);
		probe(s, path);
	}
	free(names);
}

/* Assemble the members with this uuid as mddev; 0 done or already running. */
static int assemble_group(struct scan *s, const uint8_t uuid[16], const char *mddev)
{
	struct assemble_req r = s->base;
	r.mddev = mddev;
	r.devs = s->devs;
	r.ndevs = 0;
	r.have_uuid = true;
	memcpy(r.uuid, uuid, 16);
	for (int i = 0; i < s->nf; i++)
		if (!memcmp(s->f[i].uuid, uuid, 16)) {
			s->f[i].taken = true;
			s->devs[r.ndevs++] = s->f[i].path;
		}
	if (sysfs_md_find_running(uuid, NULL, 0)) {
		pr_info("%s is already assembled", mddev);
		return 0;
	}
	if (r.ndevs == 0) {
		pr_err("no devices found for %s", mddev);
		return 1;
	}
	if (release_inactive(s, uuid) < 0)
		return 1;
	return assemble_array(&r);
}

static bool array_line_matches(const struct conf_array *a, const struct found *f)
{
	if (a->has_uuid)
		return !memcmp(a->uuid, f->uuid, 16);
	if (a->name[0]) {
		const char *colon = strchr(f->name, ':');
		return !strcmp(a->name, f->name) || (colon && !strcmp(a->name, colon + 1));
	}
	return false;
}

/* ARRAY lines: each names its array (mddev given: only that one). */
static int by_config(struct scan *s, int *done)
{
	int rc = 0;
	for (int i = 0; i < s->conf.narrays; i++) {
		const struct conf_array *a = &s->conf.arrays[i];
		if (a->ignore || !a->devname[0] || (s->only && strcmp(s->only, a->devname)))
			continue;
		if (a->has_uuid && sysfs_md_find_running(a->uuid, NULL, 0)) {
			pr_info("%s is already assembled", a->devname);
			(*done)++;
			continue;
		}
		if (s->has_uuid && a->has_uuid && memcmp(a->uuid, s->uuid, 16))
			continue;
		const struct found *f = NULL;
		for (int j = 0; j < s->nf && !f; j++)
			if (array_line_matches(a, &s->f[j]) && (!s->has_uuid || !memcmp(s->f[j].uuid, s->uuid, 16)))
				f = &s->f[j];
		if (!f) {
			pr_info("no devices found for %s", a->devname);
			continue;
		}
		rc |= assemble_group(s, f->uuid, a->devname);
		(*done)++;
	}
	return rc;
}

/* No ARRAY lines: every array found, if AUTO lets it in, under the name
 * incremental assembly gives it (udev_name.c: foreign arrays as HOST:NAME). */
static int by_discovery(struct scan *s, int *done)
{
	int rc = 0;
	for (int i = 0; i < s->nf; i++) {
		struct found *f = &s->f[i];
		struct md_link_name ln;
		char ver[8], path[96];
		if (f->taken || (s->has_uuid && memcmp(f->uuid, s->uuid, 16)))
			continue;
		const struct conf_array *ign = conf_find_array(&s->conf, f->uuid, NULL);
		md_link_name_for(f->name, sizeof(f->name) - 1, s->host, s->conf.homehost == HH_IGNORE, &ln);
		snprintf(ver, sizeof(ver), "1.%d", f->minor);
		if ((ign && ign->ignore) || !conf_auto_allows(&s->conf, ver, !ln.foreign)) {
			for (int j = i; j < s->nf; j++)
				if (!memcmp(s->f[j].uuid, f->uuid, 16))
					s->f[j].taken = true;
			continue;
		}
		if (ln.link[0])
			snprintf(path, sizeof(path), "/dev/md/%s%s", ln.link, ln.needs_suffix ? "_0" : "");
		else
			snprintf(path, sizeof(path), "/dev/md/unnamed%s", ln.foreign ? "_0" : "");
		rc |= assemble_group(s, f->uuid, path);
		(*done)++;
	}
	return rc;
}

int mode_assemble_scan(const struct options *o)
{
	struct scan *s = calloc(1, sizeof(*s));
	int rc = 1, done = 0;
	if (!s || !(s->f = calloc(SCAN_MAX_DEVS, sizeof(*s->f)))) {
		pr_err("out of memory");
		free(s);
		return 1;
	}
	s->only = o->mddev;
	/* which superblocks an --update would change must be named (as mdadm 4.6) */
	struct assemble_update up;
	int u = assemble_update_from(o->update, NULL, NULL, o->homehost, NULL, &up);
	if (u || up.what != UPD_NONE) {
		if (u == 0)
			pr_err("--update is not meaningful with --assemble --scan: name the array and its members");
		free(s->f);
		free(s);
		return u > 0 ? 0 : u < 0 ? 2 : 1;
	}
	s->base = (struct assemble_req){
		.minor = -1, .super_minor = -1, .homehost = o->homehost, .backup_file = o->backup_file,
		.run = o->run, .readonly = o->readonly, .force = o->force, .start_degraded = !o->no_degraded,
		.held_back_ok = o->no_degraded,
	};
	if (o->metadata && sb1_parse_version(o->metadata, &s->base.minor) < 0) {
		char why[160];
		pr_err("%s", metadata_refusal(why, sizeof(why), o->metadata));
		goto out;
	}
	if (o->uuid && uuid_parse(o->uuid, s->uuid) < 0) {
		pr_err("invalid --uuid '%s'", o->uuid);
		rc = 2;
		goto out;
	}
	s->has_uuid = o->uuid != NULL;
	if (conf_load(o->config, &s->conf) < 0)
		goto out;
	homehost_get(o->homehost, s->host, sizeof(s->host));
	if (s->conf.homehost == HH_NAME && !o->homehost)
		snprintf(s->host, sizeof(s->host), "%s", s->conf.homehost_name);
	probe_all(s);
	bool has_lines = false;
	for (int i = 0; i < s->conf.narrays; i++)
		has_lines |= !s->conf.arrays[i].ignore;
	rc = has_lines ? by_config(s, &done) : by_discovery(s, &done);
	if (!done && s->held && !has_lines) {
		pr_info("every array found is running already");
		rc = persona()->mdadm ? 1 : 0;  /* mdadm 4.6: nothing done is 1 */
	} else if (!done) {
		pr_err("no arrays found in the config file or on the devices it allows");
		rc = 1;
	}
out:
	conf_free(&s->conf);
	free(s->f);
	free(s);
	return rc;
}
