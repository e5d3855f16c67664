/* --assemble --update=VALUE: change the superblocks of the members chosen for
 * assembly before the kernel sees them. Every new superblock is built and
 * checked first; then all are written, and if one write fails the ones
 * already written are put back, so the members never disagree. */
#include "assemble_update.h"
#include "bitmap_io.h"
#include "dev.h"
#include "msg.h"
#include "names.h"
#include "super0.h"
#include "ppl_io.h"
#include "uuid.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --update=uuid's new UUID: --uuid, else a random one; in printed order. */
static int new_uuid(const struct assemble_update *u, uint8_t out[16])
{
	if (u->uuid && uuid_parse(u->uuid, out) < 0) {
		pr_err("invalid --uuid '%s'", u->uuid);
		return -1;
	}
	if (!u->uuid && uuid_generate(out) < 0) {
		pr_err("--update=uuid: cannot make a random uuid");
		return -1;
	}
	return 0;
}

/* What every member gets: the new name or uuid, worked out once. */
static int common_req(const struct assemble_update *u, const struct sb1 *ref, struct sb1_update_req *q)
{
	memset(q, 0, sizeof(*q));
	q->what = u->what;
	if (u->what == UPD_NAME)
		return array_name_for_create(u->name, u->homehost, u->mddev, q->name);
	if (u->what == UPD_HOMEHOST) {
		char host[64];
		const char *colon = strchr(ref->set_name, ':');
		const char *shortname = colon ? colon + 1 : ref->set_name;
		homehost_get(u->homehost, host, sizeof(host));
		int len = host[0] ? snprintf(q->name, sizeof(q->name), "%s:%s", host, shortname)
				  : snprintf(q->name, sizeof(q->name), "%s", shortname);
		if (len < 0 || (size_t)len >= sizeof(q->name)) {
			pr_err("--update=homehost: '%s:%s' does not fit the 32 bytes of a v1.x name", host, shortname);
			return -1;
		}
		return 0;
	}
	return u->what == UPD_UUID ? new_uuid(u, q->uuid) : 0;
}

/* Write sb over old: a new PPL's empty log first (ppl_io.c), then the
 * superblock, then the bitmap's uuid when it changes. 0 or -1 (printed). */
static int write_one(int fd, const struct devinfo *di, const struct sb1 *sb, const struct sb1 *old, bool uuid)
{
	if ((sb->feature_map & SB1_FEAT_PPL) && !(old->feature_map & SB1_FEAT_PPL) &&
	    ppl_write_area(fd, sb->super_offset, sb->ppl_offset, sb->ppl_size, sb->set_uuid) < 0) {
		pr_err("%s: cannot write its PPL area: %s", di->path, strerror(errno));
		return -1;
	}
	if (dev_write_sb1(fd, di, sb) < 0)
		return -1;
	return uuid ? bitmap_set_uuid(fd, di, sb, sb->set_uuid) : 0;
}

/* Write news[i] to every member; on a failure put the old ones back on
 * those already written. */
static int write_all(struct update_member *m, int n, const struct sb1 *news, enum sb_update what)
{
	int *fd = malloc((size_t)n * sizeof(*fd));
	struct devinfo *di = calloc((size_t)n, sizeof(*di));
	bool uuid = what == UPD_UUID;
	int opened = 0, done = 0, rc = -1;
	if (!fd || !di) {
		pr_err("out of memory");
		goto out;
	}
	for (; opened < n; opened++) {
		fd[opened] = dev_open(m[opened].path, O_RDWR | O_EXCL, &di[opened]);
		if (fd[opened] < 0)
			goto out;
	}
	while (done < n && write_one(fd[done], &di[done], &news[done], m[done].sb, uuid) == 0)
		done++;
	if (done < n) {
		for (int i = done; i >= 0; i--)
			if (write_one(fd[i], &di[i], m[i].sb, m[i].sb, uuid) < 0)
				pr_err("%s: could not put its old superblock back", m[i].path);
		pr_err("--update=%s: writing failed, the members were put back as they were", update_name(what));
		goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < opened; i++)
		close(fd[i]);
	free(fd);
	free(di);
	return rc;
}

int update_members(const struct assemble_update *u, const struct sb1 *ref, struct update_member *m, int n)
{
	struct sb1_update_req q;
	if (common_req(u, ref, &q) < 0)
		return -1;
	struct sb1 *news = malloc((size_t)n * sizeof(*news));
	if (!news) {
		pr_err("out of memory");
		return -1;
	}
	int rc = -1;
	for (int i = 0; i < n; i++) {
		struct sb1_err e;
		news[i] = *m[i].sb;
		q.minor = m[i].minor;
		q.dev_sectors = m[i].dev_sectors;
		q.bitmap_sectors = m[i].bitmap_sectors;
		if (sb1_apply_update(&news[i], &q, &e) < 0) {
			pr_err("%s: %s; nothing was changed", m[i].path, e.msg);
			goto out;
		}
	}
	if (write_all(m, n, news, u->what) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		*m[i].sb = news[i];
	pr_verbose("--update=%s written to %d member%s", update_name(u->what), n, n == 1 ? "" : "s");
	rc = 0;
out:
	free(news);
	return rc;
}

/* ---- 0.90 ---- */

static int common_req0(const struct assemble_update *u, const char *kname, struct sb0_update_req *q, char *host,
		       size_t hn)
{
	memset(q, 0, sizeof(*q));
	q->what = u->what;
	if (u->what == UPD_UUID) {
		if (new_uuid(u, q->uuid) < 0)
			return -1;
	} else if (u->what == UPD_HOMEHOST) {
		homehost_get(u->homehost, host, hn);
		q->homehost = host;
	} else if (u->what == UPD_SUPER_MINOR) {
		unsigned minor;
		char end;
		if (sscanf(kname, "md%u%c", &minor, &end) != 1) {
			pr_err("--update=super-minor needs the array assembled as /dev/mdN (not %s)", u->mddev);
			return -1;
		}
		q->md_minor = minor;
	}
	return 0;
}

/* What a 0.90 member's update overwrites: its superblock and, when it has a
 * bitmap, the first sector of the bitmap (its uuid). */
struct saved0 {
	int fd;
	struct devinfo di;
	uint8_t sb[SB0_BYTES], bm[512];
	bool bitmap;
};

static int save0(struct saved0 *s, const char *path, const struct sb0 *sb)
{
	s->fd = dev_open(path, O_RDWR | O_EXCL, &s->di);
	if (s->fd < 0)
		return -1;
	uint64_t at = sb0_offset(s->di.sectors) << 9;
	s->bitmap = sb->state & SB0_STATE_BITMAP_PRESENT;
	if (dev_pread(s->fd, s->sb, sizeof(s->sb), at) < 0 ||
	    (s->bitmap && dev_pread(s->fd, s->bm, sizeof(s->bm), at + SB0_BYTES) < 0)) {
		pr_err("%s: cannot read its metadata: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write0(const struct saved0 *s, const struct sb0 *sb)
{
	/* md-bitmap.c compares the header's uuid with mddev->uuid: the words
	 * as they lie in memory (md.c super_90_validate()) */
	if (dev_write_sb0(s->fd, &s->di, sb) < 0)
		return -1;
	uint8_t u[16];
	memcpy(u, sb->set_uuid, 16);
	return s->bitmap && (sb->state & SB0_STATE_BITMAP_PRESENT) ? bitmap_set_uuid_at(s->fd, &s->di, (sb0_offset(s->di.sectors) << 9) + SB0_BYTES, u) : 0;
}

static void restore0(const struct saved0 *s, const char *path)
{
	uint64_t at = sb0_offset(s->di.sectors) << 9;
	if (dev_pwrite(s->fd, s->sb, sizeof(s->sb), at) < 0 ||
	    (s->bitmap && dev_pwrite(s->fd, s->bm, sizeof(s->bm), at + SB0_BYTES) < 0) || fsync(s->fd) < 0)
		pr_err("%s: could not put its old superblock back", path);
}

int update_members0(const struct assemble_update *u, const char *kname, struct update_member0 *m, int n)
{
	struct sb0_update_req q;
	char host[256];
	if (common_req0(u, kname, &q, host, sizeof(host)) < 0)
		return -1;
	struct sb0 *news = malloc((size_t)n * sizeof(*news));
	struct saved0 *s = calloc((size_t)n, sizeof(*s));
	int rc = -1, opened = 0, done = 0;
	if (!news || !s) {
		pr_err("out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct sb0_err e;
		news[i] = *m[i].sb;
		if (sb0_apply_update(&news[i], &q, &e) < 0) {
			pr_err("%s: %s; nothing was changed", m[i].path, e.msg);
			goto out;
		}
	}
	for (; opened < n; opened++)
		if (save0(&s[opened], m[opened].path, m[opened].sb) < 0) {
			opened++;
			goto out;
		}
	while (done < n && write0(&s[done], &news[done]) == 0)
		done++;
	if (done < n) {
		for (int i = done; i >= 0; i--)
			restore0(&s[i], m[i].path);
		pr_err("--update=%s: writing failed, the members were put back as they were", update_name(u->what));
		goto out;
	}
	for (int i = 0; i < n; i++)
		*m[i].sb = news[i];
	pr_verbose("--update=%s written to %d member%s", update_name(u->what), n, n == 1 ? "" : "s");
	rc = 0;
out:
	for (int i = 0; s && i < opened; i++)
		if (s[i].fd >= 0)
			close(s[i].fd);
	free(news);
	free(s);
	return rc;
}

/* ---- --update=metadata: 0.90 -> 1.0 ---- */

/* What a conversion overwrites on a member: the bytes where its 1.0
 * superblock goes (the 0.90 superblock before them stays as it is). */
struct saved1 {
	int fd;
	struct devinfo di;
	uint8_t old[SB1_READ_BYTES];
	size_t len;
};

static int save1(struct saved1 *s, const char *path, const struct sb0 *sb0, struct sb1 *out)
{
	uint8_t dev_uuid[16];
	struct sb0_err e;
	s->fd = dev_open(path, O_RDWR | O_EXCL, &s->di);
	if (s->fd < 0)
		return -1;
	if (uuid_generate(dev_uuid) < 0) {
		pr_err("--update=metadata: cannot make a random device uuid");
		return -1;
	}
	if (sb0_convert_to_v1(sb0, s->di.sectors, dev_uuid, out, &e) < 0) {
		pr_err("%s: %s; nothing was changed", path, e.msg);
		return -1;
	}
	s->len = sb1_write_bytes(out->max_dev, s->di.lbs);
	if (s->len > sizeof(s->old) || dev_pread(s->fd, s->old, s->len, out->super_offset << 9) < 0) {
		pr_err("%s: cannot read where its 1.0 superblock goes: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int convert_members0(struct update_member0 *m, int n, struct sb1 *out)
{
	struct saved1 *s = calloc((size_t)n, sizeof(*s));
	int rc = -1, opened = 0, done = 0;
	if (!s) {
		pr_err("out of memory");
		return -1;
	}
	for (; opened < n; opened++)
		if (save1(&s[opened], m[opened].path, m[opened].sb, &out[opened]) < 0) {
			opened++;
			goto out;
		}
	while (done < n && dev_write_sb1(s[done].fd, &s[done].di, &out[done]) == 0)
		done++;
	if (done < n) {
		for (int i = done; i >= 0; i--)
			if (dev_pwrite(s[i].fd, s[i].old, s[i].len, out[i].super_offset << 9) < 0 || fsync(s[i].fd) < 0)
				pr_err("%s: could not put back what its 1.0 superblock overwrote", m[i].path);
		pr_err("--update=metadata: writing failed, the members were put back as they were");
		goto out;
	}
	pr_verbose("--update=metadata: 1.0 superblocks written to %d member%s (their 0.90 ones stay, older)", n,
		   n == 1 ? "" : "s");
	rc = 0;
out:
	for (int i = 0; i < opened; i++)
		if (s[i].fd >= 0)
			close(s[i].fd);
	free(s);
	return rc;
}
