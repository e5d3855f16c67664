/* md ioctls (include/uapi/linux/raid/md_u.h), and md device nodes. */
#ifndef MDCTL_MDIO_H
#define MDCTL_MDIO_H
#include <stdint.h>
#include <sys/types.h>
#include <linux/major.h>
#include <linux/raid/md_u.h>
#include <linux/raid/md_p.h>

/* Resolve "/dev/md0", "md0", "/dev/md/name", "name" to the md kernel name
 * ("md0", "md127", "md_name"). Returns 0 or -1. Does not create anything. */
int md_resolve_name(const char *arg, char *kname, size_t n);

/* Create the md device kname ("md0", "md_home") via
 * /sys/module/md_mod/parameters/new_array (EEXIST is fine), make sure /dev/KNAME
 * exists (mknod if devtmpfs/udev has not made it), and open it O_RDWR.
 * Returns fd or -1 (printed). */
int md_create_open(const char *kname);

/* Open an existing md device by kernel name; -1 (printed) if it does not exist. */
int md_open(const char *kname);

/* Pick a free md device for a new array: for a named array, mdadm's choice
 * (md127 downwards); returns kname in out. */
int md_pick_free(char *out, size_t n);

/* /dev/md/NAME -> ../mdN symlink (made by us when udev does not). */
int md_make_name_link(const char *name, const char *kname);
int md_remove_name_links(const char *kname);
/* The /dev/md/NAME link that points at kname: 0 with its path, or -1. */
int md_find_name_link(const char *kname, char *path, size_t n);

/* Thin wrappers, errno preserved, return 0 or -1. */
int md_get_array_info(int fd, mdu_array_info_t *ai);
int md_get_disk_info(int fd, mdu_disk_info_t *di);
int md_set_array_info(int fd, const mdu_array_info_t *ai);
int md_add_new_disk(int fd, const mdu_disk_info_t *di);
int md_run_array(int fd);
int md_stop_array(int fd);
int md_restart_rw(int fd);
int md_stop_ro(int fd);
int md_hot_remove(int fd, dev_t dev);
/* HOT_ADD_DISK: a blank spare into a running 0.90 array; the kernel writes its
 * superblock (md.c hot_add_disk(), version-0 only). */
int md_hot_add(int fd, dev_t dev);
int md_set_disk_faulty(int fd, dev_t dev);
int md_get_version(int fd, mdu_version_t *v);
#endif
