/* The creating marker (creating.h): written by --create, read by udev and
 * --incremental. */
#include "creating.h"
#include "persona.h"
#include "msg.h"
#include "uuid.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>


int creating_mark(const char *kname, const uint8_t uuid[16])
{
	char path[128], u[37];
	const char *dir = persona()->run_dir;
	if (mkdir(dir, persona()->run_dir_mode) < 0 && errno != EEXIST) {
		pr_err("cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/creating-%s", dir, kname);
	uuid_format(uuid, ':', u);
	FILE *f = fopen(path, "we");
	if (!f || fprintf(f, "%s\n", u) < 0 || fclose(f) != 0) {
		pr_err("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void creating_unmark(const char *kname)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/creating-%s", persona()->run_dir, kname);
	unlink(path);
}

bool creating_uuid(const uint8_t uuid[16])
{
	DIR *d = opendir(persona()->run_dir);
	struct dirent *e;
	bool yes = false;
	while (d && !yes && (e = readdir(d))) {
		char path[300], buf[64];
		uint8_t u[16];
		if (strncmp(e->d_name, "creating-", 9))
			continue;
		snprintf(path, sizeof(path), "%s/%s", persona()->run_dir, e->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = '\0';
			yes = uuid_parse(buf, u) == 0 && !memcmp(u, uuid, 16);
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return yes;
}
