/* The incremental map file under its lock (mapfile.h). */
#include "mapfile.h"
#include "persona.h"
#include "msg.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int add_ent(struct mapfile *m, const struct map_ent *e)
{
	if (m->n == m->cap) {
		if (m->cap >= MAP_MAX_ENTS)
			return -1;
		int cap = m->cap ? m->cap * 2 : 16;
		struct map_ent *p = realloc(m->ent, (size_t)cap * sizeof(*p));
		if (!p)
			return -1;
		m->ent = p;
		m->cap = cap;
	}
	m->ent[m->n++] = *e;
	return 0;
}

/* Read dir/map into m; a missing file is an empty map. */
static int map_read(struct mapfile *m)
{
	char path[192];
	snprintf(path, sizeof(path), "%s/map", m->dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		pr_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = malloc(MAP_FILE_MAX);
	size_t len = 0;
	if (!buf) {
		close(fd);
		pr_err("out of memory");
		return -1;
	}
	while (len < MAP_FILE_MAX) {
		ssize_t r = read(fd, buf + len, MAP_FILE_MAX - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pr_err("cannot read %s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	for (size_t s = 0; s < len;) {
		const char *nl = memchr(buf + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - buf) : len;
		struct map_ent ent;
		/* Malformed lines and repeats are dropped: the next rewrite cleans them. */
		if (map_line_parse(buf + s, e - s, &ent) == 0 && !map_find_kname(m, ent.kname) &&
		    !map_find_uuid(m, ent.uuid)) {
			if (add_ent(m, &ent) < 0)
				break;
		} else if (e > s) {
			m->dirty = true;
		}
		s = e + 1;
	}
	free(buf);
	return 0;
}

int map_open_locked(struct mapfile *m, const char *dir)
{
	char path[192];
	memset(m, 0, sizeof(*m));
	m->lockfd = -1;
	snprintf(m->dir, sizeof(m->dir), "%s", dir ? dir : persona()->run_dir);
	if (mkdir(m->dir, persona()->run_dir_mode) < 0 && errno != EEXIST) {
		pr_err("cannot create %s: %s", m->dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/map.lock", m->dir);
	/* mdadm unlinks map.lock while it still holds it: a lock taken on a file
	 * no longer at the path locks nothing, so take it again on the new one */
	for (int tries = 0;; tries++) {
		struct stat held, now;
		m->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (m->lockfd < 0) {
			pr_err("cannot open %s: %s", path, strerror(errno));
			return -1;
		}
		int r;
		while ((r = flock(m->lockfd, LOCK_EX)) < 0 && errno == EINTR)
			;
		if (r < 0) {
			pr_err("cannot lock %s: %s", path, strerror(errno));
			map_close(m);
			return -1;
		}
		if (fstat(m->lockfd, &held) < 0 || stat(path, &now) < 0 || held.st_ino != now.st_ino ||
		    held.st_dev != now.st_dev) {
			close(m->lockfd);
			m->lockfd = -1;
			if (tries < 100)
				continue;
			pr_err("cannot lock %s: it keeps being replaced", path);
			return -1;
		}
		break;
	}
	if (map_read(m) < 0) {
		map_close(m);
		return -1;
	}
	return 0;
}

int map_commit(struct mapfile *m, bool (*alive)(const char *kname))
{
	char tmp[192], path[192], line[MAP_LINE_MAX + 2];
	int keep = 0;
	for (int i = 0; i < m->n; i++) {
		if (alive && !alive(m->ent[i].kname)) {
			m->dirty = true;
			continue;
		}
		m->ent[keep++] = m->ent[i];
	}
	m->n = keep;
	if (!m->dirty)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s/map.new", m->dir);
	snprintf(path, sizeof(path), "%s/map", m->dir);
	FILE *f = NULL;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0 && !(f = fdopen(fd, "w")))
		close(fd);
	if (!f) {
		pr_err("cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	for (int i = 0; i < m->n; i++)
		if (map_line_format(&m->ent[i], line, sizeof(line)) > 0)
			fputs(line, f);
	bool bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) < 0) {
		pr_err("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	m->dirty = false;
	return 0;
}

void map_close(struct mapfile *m)
{
	if (m->lockfd >= 0)
		close(m->lockfd);  /* drops the flock */
	m->lockfd = -1;
	free(m->ent);
	m->ent = NULL;
	m->n = m->cap = 0;
}

const struct map_ent *map_find_uuid(const struct mapfile *m, const uint8_t uuid[16])
{
	for (int i = 0; i < m->n; i++)
		if (!memcmp(m->ent[i].uuid, uuid, 16))
			return &m->ent[i];
	return NULL;
}

const struct map_ent *map_find_kname(const struct mapfile *m, const char *kname)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->ent[i].kname, kname))
			return &m->ent[i];
	return NULL;
}

const struct map_ent *map_find_path(const struct mapfile *m, const char *path)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->ent[i].path, path))
			return &m->ent[i];
	return NULL;
}

void map_del_kname(struct mapfile *m, const char *kname)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->ent[i].kname, kname)) {
			m->ent[i] = m->ent[--m->n];
			m->dirty = true;
			i--;
		}
}

int map_put(struct mapfile *m, const struct map_ent *e)
{
	char line[MAP_LINE_MAX + 2];
	if (map_line_format(e, line, sizeof(line)) < 0)
		return -1;
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->ent[i].kname, e->kname) || !memcmp(m->ent[i].uuid, e->uuid, 16)) {
			m->ent[i] = m->ent[--m->n];
			i--;
		}
	m->dirty = true;
	return add_ent(m, e);
}

int map_record(const struct map_ent *e, bool (*alive)(const char *kname))
{
	struct mapfile m;
	if (map_open_locked(&m, NULL) < 0)
		return -1;
	int rc = map_put(&m, e);
	if (rc < 0)
		pr_err("the map is full: /dev/%s is not recorded", e->kname);
	else
		rc = map_commit(&m, alive);
	map_close(&m);
	return rc;
}
