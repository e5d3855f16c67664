/* The state of a running (or inactive) array, gathered once from the md
 * device's ioctls, sysfs, /proc/mdstat and the members' superblocks into a
 * struct md_detail (output.h), which --detail, --query and --monitor render. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>
#include "dev.h"
#include "levels.h"
#include "mdio.h"
#include "mdstate.h"
#include "msg.h"
#include "sysfs.h"

/* Progress of the array's sync action from /proc/mdstat, as mdadm reads it:
 * "resync = 12.3%" -> 12, "resync=DELAYED", "recovery=PENDING". */
static void mdstat_sync(const char *kname, struct md_detail *d)
{
	static const struct { const char *word; enum sync_kind k; } acts[] = {
		{ "resync", SYNC_RESYNC }, { "recovery", SYNC_RECOVER },
		{ "reshape", SYNC_RESHAPE }, { "check", SYNC_CHECK },
	};
	FILE *f = proc_mdstat();
	char line[1024];
	bool in = false;
	size_t kl = strlen(kname);
	d->sync = SYNC_NONE;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "md", 2) || !strncmp(line, "unused", 6)) {
			in = !strncmp(line, kname, kl) && line[kl] == ' ';
			continue;
		}
		if (!in)
			continue;
		for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
			char *p = strstr(line, acts[i].word);
			if (!p)
				continue;
			p += strlen(acts[i].word);
			while (*p == ' ')
				p++;
			if (*p != '=')
				continue;
			p++;
			while (*p == ' ')
				p++;
			d->sync = acts[i].k;
			if (!strncmp(p, "DELAYED", 7))
				d->sync_wait = SYNC_DELAYED;
			else if (!strncmp(p, "PENDING", 7))
				d->sync_wait = SYNC_PENDING;
			else
				d->sync_percent = atoi(p);
			break;
		}
	}
	fclose(f);
}

int md_link_name(const char *kname, char *out, size_t n)
{
	DIR *dir = opendir("/dev/md");
	struct dirent *e;
	int rc = -1;
	if (n)
		out[0] = '\0';
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		char p[300], t[300];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/dev/md/%s", e->d_name);
		ssize_t r = readlink(p, t, sizeof(t) - 1);
		if (r <= 0)
			continue;
		t[r] = '\0';
		const char *b = strrchr(t, '/');
		if (!strcmp(b ? b + 1 : t, kname)) {
			snprintf(out, n, "%s", e->d_name);
			rc = 0;
			break;
		}
	}
	closedir(dir);
	return rc;
}

/* Name, UUID and events come from a member's superblock, as mdadm takes
 * them: an in-sync member first, else any. */
static void member_sb(struct md_detail *d)
{
	struct sb1 *sb = malloc(sizeof(*sb));
	if (!sb)
		return;
	for (int pass = 0; pass < 2 && !d->have_sb; pass++) {
		for (int i = 0; i < d->nmembers && !d->have_sb; i++) {
			const struct detail_member *m = &d->m[i];
			char path[64];
			struct devinfo di;
			struct sb1_err e;
			int minor;
			if (!m->kname[0] || (pass == 0 && !(m->state & (1 << MD_DISK_SYNC))))
				continue;
			snprintf(path, sizeof(path), "/dev/%s", m->kname);
			/* Not through dev_open(): a member that vanished is not an error here. */
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			memset(&di, 0, sizeof(di));
			snprintf(di.path, sizeof(di.path), "%s", path);
			uint64_t bytes;
			struct stat st;
			if (fstat(fd, &st) == 0 && S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &bytes) == 0) {
				di.rdev = st.st_rdev;
				di.sectors = bytes >> 9;
				di.lbs = di.pbs = 512;
				if (dev_find_sb1(fd, &di, sb, &minor, &e) == 0) {
					d->have_sb = true;
					memcpy(d->name, sb->set_name, sizeof(d->name));
					memcpy(d->uuid, sb->set_uuid, 16);
					d->events = sb->events;
					/* sysfs has no level before the array runs. */
					if (d->inactive)
						d->level = sb->level;
				}
			}
			close(fd);
		}
	}
	free(sb);
}

/* Members by GET_DISK_INFO number; names from sysfs, in sysfs order (the
 * order --export lists them in). */
static void members(int fd, struct md_detail *d, int nr_disks)
{
	struct sysfs_member *sm = calloc(DETAIL_MAX_MEMBERS, sizeof(*sm));
	int ns = sm ? sysfs_md_members(d->kname, sm, DETAIL_MAX_MEMBERS) : -1;
	struct detail_member found[DETAIL_MAX_MEMBERS];
	int nf = 0;
	/* desc_nr values are small but not dense: scan until all are found. */
	for (int num = 0; num < 4096 && nf < nr_disks && nf < DETAIL_MAX_MEMBERS; num++) {
		mdu_disk_info_t di = { .number = num };
		if (md_get_disk_info(fd, &di) < 0)
			break;
		if (di.major == 0 && di.minor == 0)
			continue;
		struct detail_member *m = &found[nf++];
		memset(m, 0, sizeof(*m));
		m->number = di.number;
		m->major = di.major;
		m->minor = di.minor;
		m->raid_disk = di.raid_disk;
		m->state = di.state;
		if (dev_kernel_name(makedev((unsigned)di.major, (unsigned)di.minor), m->kname, sizeof(m->kname)) < 0)
			m->kname[0] = '\0';
	}
	d->nmembers = 0;
	for (int i = 0; i < ns; i++)
		for (int j = 0; j < nf; j++)
			if (found[j].major == (int)sm[i].major && found[j].minor == (int)sm[i].minor &&
			    found[j].number >= 0) {
				d->m[d->nmembers++] = found[j];
				found[j].number = -1;
			}
	for (int j = 0; j < nf; j++)        /* any sysfs did not list */
		if (found[j].number >= 0 && d->nmembers < DETAIL_MAX_MEMBERS)
			d->m[d->nmembers++] = found[j];
	free(sm);
}

/* "4 (3)" while a reshape changes the count: new, then old. */
static void raid_disks_sysfs(const char *kname, struct md_detail *d)
{
	char buf[64];
	int now, before;
	if (sysfs_md_get(kname, "raid_disks", buf, sizeof(buf)) < 0)
		return;
	if (sscanf(buf, "%d (%d)", &now, &before) == 2)
		d->prev_raid_disks = before;
}

static void reshape_info(const char *kname, struct md_detail *d)
{
	char buf[64];
	uint64_t v;
	d->prev_raid_disks = d->raid_disks;
	d->new_level = d->level;
	d->new_layout = d->layout;
	d->new_chunk_kib = d->chunk_kib;
	if (sysfs_md_get(kname, "reshape_position", buf, sizeof(buf)) < 0 || !strcmp(buf, "none"))
		return;
	d->reshaping = true;
	raid_disks_sysfs(kname, d);
	if (sysfs_md_get(kname, "new_level", buf, sizeof(buf)) == 0) {
		int l = level_parse(buf);
		if (l != LEVEL_UNKNOWN)
			d->new_level = l;
	}
	/* During a reshape layout and chunk_size show the new values (md.rst). */
	if (sysfs_md_get_u64(kname, "layout", &v) == 0)
		d->new_layout = (uint32_t)v;
	if (sysfs_md_get_u64(kname, "chunk_size", &v) == 0)
		d->new_chunk_kib = (uint32_t)(v >> 10);
}

int detail_gather(const char *path, struct md_detail *d, bool quiet)
{
	struct stat st;
	mdu_array_info_t ai;
	memset(d, 0, sizeof(*d));
	snprintf(d->devpath, sizeof(d->devpath), "%s", path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (!quiet)
			pr_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode) ||
	    dev_kernel_name(st.st_rdev, d->kname, sizeof(d->kname)) < 0 || !sysfs_md_exists(d->kname)) {
		if (!quiet)
			pr_err("%s does not appear to be an md device", path);
		close(fd);
		return -1;
	}
	md_link_name(d->kname, d->link, sizeof(d->link));
	if (sysfs_md_get(d->kname, "metadata_version", d->metadata, sizeof(d->metadata)) < 0 ||
	    !strcmp(d->metadata, "none"))
		snprintf(d->metadata, sizeof(d->metadata), "%s", "");
	if (md_get_array_info(fd, &ai) < 0) {
		int e = errno;
		/* An assembled array that was not started answers ENODEV. */
		if (e != ENODEV) {
			if (!quiet)
				pr_err("%s does not appear to be an md device", path);
			close(fd);
			return -1;
		}
		d->inactive = true;
		close(fd);
		return detail_gather_inactive(d);
	}
	d->level = ai.level;
	d->ctime = ai.ctime;
	d->utime = ai.utime;
	d->raid_disks = ai.raid_disks;
	d->total_devices = ai.nr_disks;
	d->active_devices = ai.active_disks;
	d->working_devices = ai.working_disks;
	d->failed_devices = ai.failed_disks;
	d->spare_devices = ai.spare_disks;
	d->persistent = !ai.not_persistent;
	d->clean = ai.state & (1 << MD_SB_CLEAN);
	d->bitmap = ai.state & (1 << MD_SB_BITMAP_PRESENT);
	d->layout = (uint32_t)ai.layout;
	d->chunk_kib = (uint32_t)ai.chunk_size >> 10;
	uint64_t bytes = 0, v;
	if (ioctl(fd, BLKGETSIZE64, &bytes) == 0)
		d->array_kib = bytes >> 10;
	if (sysfs_md_get_u64(d->kname, "component_size", &v) == 0)
		d->used_dev_kib = v;
	else if (ai.size > 0)
		d->used_dev_kib = (uint64_t)ai.size;
	if (sysfs_md_get(d->kname, "consistency_policy", d->consistency, sizeof(d->consistency)) < 0)
		d->consistency[0] = '\0';
	char val[64];
	if (sysfs_md_get(d->kname, "logical_block_size", val, sizeof(val)) == 0 ||
	    sysfs_block_get(d->kname, "queue/logical_block_size", val, sizeof(val)) == 0)
		d->logical_block_size = (uint32_t)strtoul(val, NULL, 10);
	d->llbitmap = sysfs_md_get(d->kname, "bitmap_type", val, sizeof(val)) == 0 && strstr(val, "[llbitmap]");
	reshape_info(d->kname, d);
	mdstat_sync(d->kname, d);
	members(fd, d, ai.nr_disks);
	close(fd);
	member_sb(d);
	return 0;
}

int detail_gather_inactive(struct md_detail *d)
{
	char buf[64];
	struct sysfs_member *sm = calloc(DETAIL_MAX_MEMBERS, sizeof(*sm));
	int ns = sm ? sysfs_md_members(d->kname, sm, DETAIL_MAX_MEMBERS) : -1;
	d->level = LEVEL_UNKNOWN;
	if (sysfs_md_get(d->kname, "level", buf, sizeof(buf)) == 0 && buf[0])
		d->level = level_parse(buf);
	d->persistent = true;
	for (int i = 0; i < ns && d->nmembers < DETAIL_MAX_MEMBERS; i++) {
		struct detail_member *m = &d->m[d->nmembers++];
		memset(m, 0, sizeof(*m));
		m->number = -1;
		m->major = (int)sm[i].major;
		m->minor = (int)sm[i].minor;
		m->raid_disk = -1;
		snprintf(m->kname, sizeof(m->kname), "%s", sm[i].name);
	}
	/* All members are spares until the array starts. */
	d->total_devices = d->working_devices = d->spare_devices = d->nmembers;
	free(sm);
	member_sb(d);
	return 0;
}

