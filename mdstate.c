/* The state of a running (or inactive) array, gathered once from sysfs,
 * /proc/mdstat and the members' superblocks into a struct md_detail
 * (output.h), which --detail and --query render. What GET_ARRAY_INFO would
 * say is derived as md.c get_array_info() computes it, from the members'
 * md/dev-X/state; the superblocks and the kernel's disk numbers come through
 * struct mdstate_io, so unit tests run the model over captured trees. */
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
#include "uuid.h"

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
	DIR *dir = sysfs_opendir("/dev/md");
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
		if (sysfs_readlink(p, t, sizeof(t)) <= 0)
			continue;
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

static int no_number(void *ctx, const struct sysfs_member *m)
{
	(void)ctx;
	(void)m;
	return -1;
}

static int no_sb(void *ctx, const char *kname, struct sb1 *sb)
{
	(void)ctx;
	(void)kname;
	(void)sb;
	return -1;
}

const struct mdstate_io mdstate_sysfs_only = { .number = no_number, .read_sb = no_sb };

void mdstate_identity(const char *kname, struct md_identity *id)
{
	char v[32];
	int minor;
	if (sysfs_md_get(kname, "array_state", id->array_state, sizeof(id->array_state)) < 0)
		id->array_state[0] = '\0';
	id->minor = -1;
	if (sysfs_md_get(kname, "metadata_version", v, sizeof(v)) == 0 && sscanf(v, "1.%d", &minor) == 1 &&
	    minor >= 0 && minor <= 2)
		id->minor = minor;
	else if (sysfs_md_get(kname, "metadata_version", v, sizeof(v)) == 0 && !strcmp(v, "0.90"))
		id->minor = MD_MINOR_090;
}

void mdstate_sync(const char *kname, struct md_sync *s)
{
	char done[64];
	unsigned long long a, b;
	uint64_t v;
	memset(s, 0, sizeof(*s));
	if (sysfs_md_get(kname, "sync_action", s->action, sizeof(s->action)) < 0)
		s->action[0] = '\0';
	/* md.c sync_completed_show(): "none" unless a sync runs */
	if (sysfs_md_get(kname, "sync_completed", done, sizeof(done)) == 0 &&
	    sscanf(done, "%llu / %llu", &a, &b) == 2) {
		s->running = true;
		s->done = a;
		s->total = b;
	}
	if (sysfs_md_get_u64(kname, "sync_speed", &v) == 0)
		s->speed_kib = v;
}

/* A 0.90 member's superblock into the model (md_p.h mdp_super_t): no name;
 * the UUID words kept big-endian so that they print as mdadm prints them. */
static void from_sb0(struct md_detail *d, const struct sb0 *sb)
{
	d->have_sb = d->sb0 = true;
	d->name[0] = '\0';
	for (int w = 0; w < 4; w++)
		for (int b = 0; b < 4; b++)
			d->uuid[w * 4 + b] = (uint8_t)(sb->set_uuid[w] >> (24 - 8 * b));
	d->sb0_big_endian = sb->big_endian;
	d->events = sb->events;
	d->ctime = sb->ctime;
	d->utime = sb->utime;
	d->preferred_minor = sb->md_minor;
	if (d->inactive)
		d->level = sb->level;
}

static void member_sb0(struct md_detail *d, const struct mdstate_io *io)
{
	struct sb0 *sb = malloc(sizeof(*sb));
	if (!sb)
		return;
	for (int pass = 0; pass < 2 && !d->have_sb; pass++)
		for (int i = 0; i < d->nmembers && !d->have_sb; i++) {
			const struct detail_member *m = &d->m[i];
			if (m->kname[0] && (pass == 1 || (m->state & (1 << MD_DISK_SYNC))) &&
			    io->read_sb0(io->ctx, m->kname, sb) == 0)
				from_sb0(d, sb);
		}
	free(sb);
}

/* The members' superblocks: name, UUID, events, times, as mdadm takes them
 * (an in-sync member first, else any). */
static void member_sb(struct md_detail *d, const struct mdstate_io *io)
{
	if (!strncmp(d->metadata, "0.", 2)) {
		if (io->read_sb0)
			member_sb0(d, io);
		return;
	}
	struct sb1 *sb = malloc(sizeof(*sb));
	if (!sb)
		return;
	for (int pass = 0; pass < 2 && !d->have_sb; pass++)
		for (int i = 0; i < d->nmembers && !d->have_sb; i++) {
			const struct detail_member *m = &d->m[i];
			if (!m->kname[0] || (pass == 0 && !(m->state & (1 << MD_DISK_SYNC))) ||
			    io->read_sb(io->ctx, m->kname, sb) < 0)
				continue;
			d->have_sb = true;
			memcpy(d->name, sb->set_name, sizeof(d->name));
			memcpy(d->uuid, sb->set_uuid, 16);
			d->events = sb->events;
			/* md.c super_1_validate(): the times are the low 40 bits */
			d->ctime = (uint32_t)(sb->ctime & 0xffffffffffULL);
			d->utime = (uint32_t)(sb->utime & 0xffffffffffULL);
			/* sysfs has no level before the array runs. */
			if (d->inactive)
				d->level = sb->level;
		}
	free(sb);
}

static bool has_flag(const char *state, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = state; (p = strstr(p, flag)); p += n)
		if ((p == state || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* One member as GET_DISK_INFO reports it (md.c get_disk_info()). */
static void member_of(const struct sysfs_member *s, const struct mdstate_io *io, struct detail_member *m)
{
	memset(m, 0, sizeof(*m));
	m->number = io->number(io->ctx, s);
	m->major = (int)s->major;
	m->minor = (int)s->minor;
	m->raid_disk = s->slot;
	snprintf(m->kname, sizeof(m->kname), "%s", s->name);
	char size[32];
	if (sysfs_block_get(m->kname, "size", size, sizeof(size)) == 0)
		m->dev_kib = strtoull(size, NULL, 10) / 2;
	if (has_flag(s->state, "faulty"))
		m->state |= 1 << MD_DISK_FAULTY;
	else if (has_flag(s->state, "in_sync"))
		m->state |= (1 << MD_DISK_ACTIVE) | (1 << MD_DISK_SYNC);
	if (has_flag(s->state, "journal"))
		m->state |= 1 << MD_DISK_JOURNAL;
	if (has_flag(s->state, "write_mostly"))
		m->state |= 1 << MD_DISK_WRITEMOSTLY;
	if (has_flag(s->state, "failfast"))
		m->state |= 1 << MD_DISK_FAILFAST;
}

/* Members in sysfs order (the order --export lists them in), and the counts
 * md.c get_array_info() makes of them. */
static void members(struct md_detail *d, const struct mdstate_io *io)
{
	struct sysfs_member *sm = calloc(DETAIL_MAX_MEMBERS, sizeof(*sm));
	int ns = sm ? sysfs_md_members(d->kname, sm, DETAIL_MAX_MEMBERS) : -1;
	d->nmembers = 0;
	for (int i = 0; i < ns; i++) {
		struct detail_member *m = &d->m[d->nmembers++];
		member_of(&sm[i], io, m);
		d->total_devices++;
		if (m->state & (1 << MD_DISK_FAULTY)) {
			d->failed_devices++;
			continue;
		}
		d->working_devices++;
		if (m->state & (1 << MD_DISK_SYNC))
			d->active_devices++;
		else if (!(m->state & (1 << MD_DISK_JOURNAL)))
			d->spare_devices++;
	}
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

/* layout and chunk_size read "NEW (OLD)" during a reshape (md.c layout_show());
 * GET_ARRAY_INFO gives the one in force, the old. */
static uint64_t current_value(const char *kname, const char *attr)
{
	char val[64];
	unsigned long long now, old;
	if (sysfs_md_get(kname, attr, val, sizeof(val)) < 0)
		return 0;
	int n = sscanf(val, "%llu (%llu)", &now, &old);
	return n == 2 ? old : n == 1 ? now : 0;
}

/* The array-wide values: level, geometry, sizes, state, bitmap. */
static void array_values(struct md_detail *d)
{
	char val[64];
	uint64_t v;
	if (sysfs_md_get(d->kname, "level", val, sizeof(val)) == 0)
		d->level = level_parse(val);
	if (sysfs_md_get(d->kname, "raid_disks", val, sizeof(val)) == 0)
		d->raid_disks = atoi(val);      /* "4 (3)" during a reshape: the new count */
	d->layout = (uint32_t)current_value(d->kname, "layout");
	d->chunk_kib = (uint32_t)(current_value(d->kname, "chunk_size") >> 10);
	if (sysfs_block_get(d->kname, "size", val, sizeof(val)) == 0)
		d->array_kib = strtoull(val, NULL, 10) / 2;
	if (sysfs_md_get_u64(d->kname, "component_size", &v) == 0)
		d->used_dev_kib = v;
	d->persistent = d->metadata[0] != '\0';
	/* md.c array_state_show(): "clean" and the read-only states are in_sync */
	if (sysfs_md_get(d->kname, "array_state", val, sizeof(val)) == 0)
		d->clean = !strcmp(val, "clean") || !strcmp(val, "readonly") || !strcmp(val, "read-auto");
	if (sysfs_md_get(d->kname, "consistency_policy", d->consistency, sizeof(d->consistency)) < 0)
		d->consistency[0] = '\0';
	if (sysfs_md_get(d->kname, "logical_block_size", val, sizeof(val)) == 0 ||
	    sysfs_block_get(d->kname, "queue/logical_block_size", val, sizeof(val)) == 0)
		d->logical_block_size = (uint32_t)strtoul(val, NULL, 10);
	d->llbitmap = sysfs_md_get(d->kname, "bitmap_type", val, sizeof(val)) == 0 && strstr(val, "[llbitmap]");
	/* get_array_info(): MD_SB_BITMAP_PRESENT for a bitmap in the metadata */
	d->bitmap = d->llbitmap || (sysfs_md_get(d->kname, "bitmap/location", val, sizeof(val)) == 0 &&
				    strcmp(val, "none") != 0 && strncmp(val, "file", 4) != 0);
	d->degraded = sysfs_md_get_u64(d->kname, "degraded", &v) == 0 ? (int)v : -1;
	d->have_mismatches = sysfs_md_get_u64(d->kname, "mismatch_cnt", &d->mismatches) == 0;
	d->have_kernel_uuid = sysfs_md_get(d->kname, "uuid", val, sizeof(val)) == 0 &&
			      uuid_parse(val, d->kernel_uuid) == 0 && !uuid_is_zero(d->kernel_uuid);
}

int mdstate_gather(const char *kname, const struct mdstate_io *io, struct md_detail *d)
{
	char val[64];
	snprintf(d->kname, sizeof(d->kname), "%s", kname);
	if (!sysfs_md_exists(kname))
		return -1;
	if (sysfs_md_get(d->kname, "metadata_version", d->metadata, sizeof(d->metadata)) < 0 ||
	    !strcmp(d->metadata, "none"))
		d->metadata[0] = '\0';
	/* md.c md_ioctl(): GET_ARRAY_INFO answers ENODEV while raid_disks is 0,
	 * i.e. the array is assembled but not started. */
	if (sysfs_md_get(d->kname, "raid_disks", val, sizeof(val)) < 0 || atoi(val) <= 0) {
		d->inactive = true;
		return mdstate_gather_inactive(d, io);
	}
	array_values(d);
	reshape_info(d->kname, d);
	mdstat_sync(d->kname, d);
	mdstate_sync(d->kname, &d->ksync);
	members(d, io);
	/* A built array has no superblocks: whatever a member holds from an
	 * earlier life is not this array's (md.c: !mddev->persistent). */
	if (d->persistent)
		member_sb(d, io);
	else if (io->times)
		(void)io->times(io->ctx, &d->ctime, &d->utime);
	return 0;
}

int mdstate_gather_inactive(struct md_detail *d, const struct mdstate_io *io)
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
	member_sb(d, io);
	/* the kernel's times for an array it has not started are 0 */
	d->ctime = d->utime = 0;
	return 0;
}

/* ---- the running system: members' devices, GET_DISK_INFO ---- */

struct dev_ctx {
	int mdfd;
	int next;                       /* the first number not asked yet */
	int n;
	struct { int number, major, minor; } disk[DETAIL_MAX_MEMBERS];
};

/* The kernel's number (desc_nr) of the member. GET_DISK_INFO answers every
 * number (an empty one as 0:0), so the numbers are asked in order only until
 * the member turns up, and what was seen is kept for the next member. */
static int dev_number(void *ctx, const struct sysfs_member *s)
{
	struct dev_ctx *c = ctx;
	for (int i = 0;; i++) {
		if (i == c->n) {
			if (c->next >= 4096 || c->n == DETAIL_MAX_MEMBERS)
				return -1;
			mdu_disk_info_t di = { .number = c->next++ };
			if (md_get_disk_info(c->mdfd, &di) < 0)
				return -1;
			if (!di.major && !di.minor) {
				i--;
				continue;
			}
			c->disk[c->n++] = (typeof(c->disk[0])){ di.number, di.major, di.minor };
		}
		if (c->disk[i].major == (int)s->major && c->disk[i].minor == (int)s->minor)
			return c->disk[i].number;
	}
}

/* Open /dev/KNAME for reading its superblock; fd, or -1. Not through
 * dev_open(): a member that vanished is not an error here. */
static int open_member(const char *kname, struct devinfo *di)
{
	uint64_t bytes;
	struct stat st;
	memset(di, 0, sizeof(*di));
	snprintf(di->path, sizeof(di->path), "/dev/%s", kname);
	int fd = open(di->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode) || ioctl(fd, BLKGETSIZE64, &bytes) < 0) {
		close(fd);
		return -1;
	}
	di->rdev = st.st_rdev;
	di->sectors = bytes >> 9;
	di->lbs = di->pbs = 512;
	return fd;
}

static int dev_read_sb(void *ctx, const char *kname, struct sb1 *sb)
{
	(void)ctx;
	struct devinfo di;
	struct sb1_err e;
	int minor, fd = open_member(kname, &di);
	if (fd < 0)
		return -1;
	int rc = dev_find_sb1(fd, &di, sb, &minor, &e) == 0 ? 0 : -1;
	close(fd);
	return rc;
}

static int dev_read_sb0_of(void *ctx, const char *kname, struct sb0 *sb)
{
	(void)ctx;
	struct devinfo di;
	struct sb0_err e;
	int fd = open_member(kname, &di);
	if (fd < 0)
		return -1;
	int rc = dev_read_sb0(fd, &di, sb, &e) == 0 ? 0 : -1;
	close(fd);
	return rc;
}

static int dev_times(void *ctx, uint32_t *ctime, uint32_t *utime)
{
	const struct dev_ctx *c = ctx;
	mdu_array_info_t ai;
	if (md_get_array_info(c->mdfd, &ai) < 0)
		return -1;
	*ctime = (uint32_t)ai.ctime;
	*utime = (uint32_t)ai.utime;
	return 0;
}

int detail_gather(const char *path, struct md_detail *d, bool quiet)
{
	struct stat st;
	char kname[32];
	memset(d, 0, sizeof(*d));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (!quiet)
			pr_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode) || dev_kernel_name(st.st_rdev, kname, sizeof(kname)) < 0 ||
	    !sysfs_md_exists(kname)) {
		if (!quiet)
			pr_err("%s does not appear to be an md device", path);
		close(fd);
		return -1;
	}
	struct dev_ctx *ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		pr_err("out of memory");
		close(fd);
		return -1;
	}
	ctx->mdfd = fd;
	struct mdstate_io io = { .number = dev_number, .read_sb = dev_read_sb, .read_sb0 = dev_read_sb0_of,
				 .times = dev_times, .ctx = ctx };
	int rc = mdstate_gather(kname, &io, d);
	free(ctx);
	close(fd);
	snprintf(d->devpath, sizeof(d->devpath), "%s", path);
	md_link_name(d->kname, d->link, sizeof(d->link));
	return rc;
}
