/* After a crash inside the critical section of an in-place reshape
 * (grow_backup.c writes the backup): reading the backup file back and
 * writing its sectors through the restarted array (backup_restore.h). Used by
 * --assemble. */
#include "backup_restore.h"
#include "dev.h"
#include "msg.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int backup_load(const char *file, const struct sb1 *sb, struct rs_backup *b, uint8_t **data)
{
	uint8_t hdr[RS_BACKUP_HDR];
	const char *why = NULL;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	*data = NULL;
	if (fd < 0 || dev_pread(fd, hdr, sizeof(hdr), 0) < 0) {
		pr_err("cannot read backup file %s: %s", file, strerror(errno));
		goto fail;
	}
	if (rs_backup_decode(hdr, sizeof(hdr), b, &why) < 0) {
		pr_err("%s: %s", file, why);
		goto fail;
	}
	if (memcmp(b->uuid, sb->set_uuid, 16) != 0 || b->start != 0 || b->sectors != rs_sb_critical(sb) ||
	    b->new_disks != sb->raid_disks) {
		pr_err("%s is the backup of another array or reshape", file);
		goto fail;
	}
	void *p = NULL;
	*data = posix_memalign(&p, 4096, (size_t)b->sectors * 512) == 0 ? p : NULL;
	if (!*data || dev_pread(fd, *data, (size_t)b->sectors * 512, RS_BACKUP_HDR) < 0) {
		pr_err("cannot read backup file %s: %s", file, *data ? strerror(errno) : "out of memory");
		goto fail;
	}
	if (rs_fnv(RS_FNV_INIT, *data, (size_t)b->sectors * 512) != b->data_sum) {
		pr_err("%s: the saved data does not match its checksum", file);
		goto fail;
	}
	close(fd);
	return 0;
fail:
	free(*data);
	*data = NULL;
	if (fd >= 0)
		close(fd);
	return -1;
}

int backup_write_back(const char *kname, const struct rs_backup *b, const uint8_t *data)
{
	char path[64];
	snprintf(path, sizeof(path), "/dev/%s", kname);
	int fd = open(path, O_WRONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0 || dev_pwrite(fd, data, (size_t)b->sectors * 512, b->start * 512) < 0 || fsync(fd) < 0) {
		pr_err("cannot write the backup back to %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
