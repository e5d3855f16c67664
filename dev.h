/* Block device access: open, size, safety checks, blkid probing, superblock I/O. */
#ifndef MDCTL_DEV_H
#define MDCTL_DEV_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "super0.h"
#include "super1.h"

struct devinfo {
	char path[256];
	dev_t rdev;              /* 0 for a regular file */
	uint64_t sectors;        /* size in 512-byte sectors */
	uint32_t lbs;            /* logical block size, bytes */
	uint32_t pbs;            /* physical block size, bytes */
};

/* Open path read-only (flags 0) or read-write (O_RDWR), optionally O_EXCL.
 * Fills *di. Returns fd or -1 after printing a one-line error. Regular files are
 * accepted (images), as mdadm --examine does. */
int dev_open(const char *path, int flags, struct devinfo *di);

/* Read the v1.x superblock of the given minor (0,1,2) from fd. Returns 0 and
 * fills *sb, 1 when there is no v1.x superblock there (no magic), -1 on a
 * corrupt/invalid one (with e->msg) or an I/O error. */
int dev_read_sb1(int fd, const struct devinfo *di, int minor, struct sb1 *sb, struct sb1_err *e);

/* Try 1.2, 1.1, 1.0 in mdadm's order (1.1, 1.2... see dev.c); sets *minor.
 * Same return convention as dev_read_sb1. */
int dev_find_sb1(int fd, const struct devinfo *di, struct sb1 *sb, int *minor, struct sb1_err *e);

/* Read the 0.90 superblock at sb0_offset() (either byte order). A bad
 * checksum is not an error here (sb->csum_computed tells). Returns 0, 1 when
 * there is none (no magic, device too small), -1 on a corrupt one (e->msg)
 * or an I/O error. */
int dev_read_sb0(int fd, const struct devinfo *di, struct sb0 *sb, struct sb0_err *e);
/* The same, read as a SPARC 2.2 kernel wrote it (sb0_sparc22_shift); -2
 * with sb filled and e->msg saying so when the result does not look like
 * one (sb0_sparc22_plausible). */
int dev_read_sb0_sparc22(int fd, const struct devinfo *di, struct sb0 *sb, struct sb0_err *e);

/* "/dev/KNAME" of block device major:minor, when /sys knows it and that node
 * is that device. Returns 0, or -1. */
int dev_node_name(unsigned maj, unsigned min, char *out, size_t n);

/* Encode and write sb at sb->super_offset, then fsync. Returns 0 or -1 (printed). */
int dev_write_sb1(int fd, const struct devinfo *di, const struct sb1 *sb);
/* Encode sb and write it at sb0_offset(), then fsync. 0, or -1 (printed). */
int dev_write_sb0(int fd, const struct devinfo *di, const struct sb0 *sb);

/* Does the device end in IMSM or DDF container metadata (foreign.c)? If so,
 * print the one-line refusal naming it (unless quiet) and return true. Callers
 * ask when they found no v1.x superblock, so that such a device is refused by
 * name instead of being called empty. */
bool dev_refuse_foreign(int fd, const struct devinfo *di, bool quiet);

/* Does the device hold a valid 0.90 md superblock (dev_read_sb0)? */
bool dev_has_sb0(int fd, const struct devinfo *di);

/* pread/pwrite of whole buffers, retrying short transfers. 0 or -1 (errno). */
int dev_pread(int fd, void *buf, size_t len, uint64_t off);
int dev_pwrite(int fd, const void *buf, size_t len, uint64_t off);
/* Zero len bytes at off (both 512-byte aligned) on a block device: 0, or -1 with errno. */
int dev_zero_range(int fd, uint64_t off, uint64_t len);

/* Read len bytes at off from di->path around the page cache (O_DIRECT, with
 * an aligned bounce buffer), for metadata the kernel writes itself (the
 * bad-block log). Falls back to a plain read where O_DIRECT is refused (an
 * image on tmpfs). 0 or -1 (errno). */
int dev_pread_direct(const struct devinfo *di, void *buf, size_t len, uint64_t off);

/* Safety checks before writing. Each returns 0 if OK, or -1 after printing a
 * one-line error naming the device and the reason. */
int dev_check_not_mounted(const struct devinfo *di);     /* /proc/self/mountinfo, swaps */
int dev_check_not_md_member(const struct devinfo *di);   /* /sys/block/X/holders/mdN */

/* libblkid probe: a one-line description of what is on the device ("ext4
 * filesystem", "dos partition table", "md superblock (1.2, array 'x')"), or
 * empty if nothing. Returns 0 (probe ran), -1 on probe failure. */
int dev_probe_content(const char *path, char *what, size_t n);

/* Ask "Continue creating array? " on a terminal. Without a terminal, returns
 * false unless o_force. */
bool ask_yes_no(const char *question, bool assume_yes);

/* Resolve a member name to its /sys/block/... kernel name ("loop0", "sda1"). */
int dev_kernel_name(dev_t rdev, char *out, size_t n);

/* The names in dir (/dev/disk/by-id, /dev/disk/by-path) that lead to block
 * device rdev, in byte order (at most max, each < 256 bytes); 0 when there
 * are none or no such directory. A disk may have several by-path names
 * (systemd's "-ata-1" and "-ata-1.0"). */
int dev_by_dir_names(const char *dir, dev_t rdev, char names[][256], int max);
#endif
