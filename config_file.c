/* Finding and reading the config file(s); the parsing is config.c's. */
#include "config.h"
#include "msg.h"
#include "persona.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The whole of fd into a malloc'd buffer. -1 with errno, or -2 if it is
 * bigger than CONF_FILE_MAX. */
static int read_all(int fd, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -1;
	for (;;) {
		if (n == cap) {
			if (cap > CONF_FILE_MAX) {
				free(buf);
				return -2;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > CONF_FILE_MAX) {
		free(buf);
		return -2;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* Parses an open regular file (or pipe) into c; closes fd. */
static int load_fd(const char *path, int fd, struct mdconf *c)
{
	char *text;
	size_t len;
	int r = read_all(fd, &text, &len);
	int e = errno;
	close(fd);
	if (r == -2) {
		pr_err("config file %s too large (more than %u bytes)", path,
			CONF_FILE_MAX);
		return -1;
	}
	if (r < 0) {
		pr_err("cannot read config file %s: %s", path, strerror(e));
		return -1;
	}
	r = conf_parse_append(text, len, path, c, stderr);
	free(text);
	if (r < 0)
		pr_err("out of memory reading config file %s", path);
	return r;
}

/* mdadm's rule for a config directory: names ending in ".conf", not hidden. */
static int conf_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

/* Byte order, whatever the locale (mdadm puts "B.conf" before "a.conf"). */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int load_dir(const char *path, struct mdconf *c)
{
	struct dirent **ents;
	int n = scandir(path, &ents, conf_name, by_name);
	if (n < 0) {
		pr_err("cannot read config directory %s: %s", path, strerror(errno));
		return -1;
	}
	int problems = 0;
	for (int i = 0; i < n; i++) {
		char file[PATH_MAX];
		struct stat st;
		int fd = -1;
		if (problems >= 0 &&
		    snprintf(file, sizeof(file), "%s/%s", path, ents[i]->d_name) < (int)sizeof(file)) {
			fd = open(file, O_RDONLY | O_CLOEXEC);
			if (fd < 0 && errno != ENOENT) {
				pr_err("cannot open config file %s: %s", file,
					strerror(errno));
				problems = -1;
			}
		}
		/* subdirectories and other odd entries are skipped, as mdadm does */
		if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
			close(fd);
			fd = -1;
		}
		if (fd >= 0) {
			int r = load_fd(file, fd, c);
			problems = r < 0 ? -1 : problems + r;
		}
		free(ents[i]);
	}
	free(ents);
	return problems;
}

/* One path: a directory or a file. *missing is set (and nothing printed)
 * when it does not exist and may_be_missing. */
static int load_path(const char *path, bool may_be_missing, bool *missing, struct mdconf *c)
{
	struct stat st;
	*missing = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (may_be_missing && (errno == ENOENT || errno == ENOTDIR)) {
			*missing = true;
			return 0;
		}
		pr_err("cannot open config file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return load_dir(path, c);
	}
	return load_fd(path, fd, c);
}

/* No --config: the persona's files in order, the first that exists is read;
 * each file's directory is read after it when the file was there, and the
 * last file's directory even when it was not (mdadm.conf(5), FILES). */
static int load_defaults(const struct persona *p, struct mdconf *c)
{
	int n = 0, r = 0;
	bool missing = true;
	while (n < 3 && p->conf_files[n])
		n++;
	for (int i = 0; i < n && missing && r >= 0; i++) {
		r = load_path(p->conf_files[i], true, &missing, c);
		if (r >= 0 && p->conf_dirs[i] && (!missing || i == n - 1)) {
			bool dir_missing;
			int d = load_path(p->conf_dirs[i], true, &dir_missing, c);
			r = d < 0 ? d : r + d;
		}
	}
	return r;
}

int conf_load(const char *path, struct mdconf *c)
{
	bool missing;
	int r = 0;
	conf_init(c);
	if (path && !strcmp(path, "none"))
		return 0;
	if (path && !strcmp(path, "partitions")) {
		c->has_device_line = true;
		c->device_partitions = true;
		return 0;
	}
	if (path)
		r = load_path(path, false, &missing, c);
	else
		r = load_defaults(persona(), c);
	if (r < 0)
		conf_free(c);
	return r;
}
