/* /sys and /proc (sysfs.c): md attributes (Documentation/admin-guide/md.rst),
 * block devices, /proc/mdstat, /proc/partitions; all under one root. */
#ifndef MDCTL_SYSFS_H
#define MDCTL_SYSFS_H
#include <dirent.h>
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* The directory /sys, /proc and the /dev/md links are read under: "" (the
 * default) for the running system, or a captured tree
 * (tests/unit/fixtures/sysfs/STATE/root). Set once, before anything is read. */
void sysfs_set_root(const char *dir);
/* open(2), fopen(3) read-only, opendir(3), access(F_OK), readlink(2)
 * (NUL-terminated) of an absolute /sys or /proc path, under the root. */
int sysfs_open(const char *path, int flags);
FILE *sysfs_fopen(const char *path);
DIR *sysfs_opendir(const char *path);
bool sysfs_exists(const char *path);
ssize_t sysfs_readlink(const char *path, char *buf, size_t n);
/* /sys/block (every disk and md device), /proc/mdstat. */
DIR *sysfs_block_list(void);
#define PROC_MDSTAT "/proc/mdstat"
FILE *proc_mdstat(void);
/* The kernel names /proc/partitions lists, in its order: the count, with
 * *names malloc'ed (free it), or -1. */
int proc_partitions(char (**names)[32]);

/* Read /sys/block/KNAME/md/ATTR into buf (trailing newline stripped).
 * Returns 0 or -1 (errno). attr may contain '/', e.g. "dev-loop0/state". */
int sysfs_md_get(const char *kname, const char *attr, char *buf, size_t n);
int sysfs_md_get_u64(const char *kname, const char *attr, uint64_t *v);
/* Write a value; returns 0 or -1 (errno kept). */
int sysfs_md_set(const char *kname, const char *attr, const char *val);
int sysfs_md_set_u64(const char *kname, const char *attr, uint64_t v);
/* /sys/class/block/KNAME/ATTR (outside md/; disks and partitions), e.g. "size". */
int sysfs_block_get(const char *kname, const char *attr, char *buf, size_t n);
int sysfs_block_set(const char *kname, const char *attr, const char *val);
/* Does md/ATTR exist (a symlink: does it lead somewhere)? */
bool sysfs_md_has(const char *kname, const char *attr);
/* Does /sys/block/KNAME/md exist? */
bool sysfs_md_exists(const char *kname);
/* /sys/module/md_mod/parameters/NAME; -1 when the parameter does not exist. */
int sysfs_md_param_get(const char *param, char *buf, size_t n);
int sysfs_md_param_set(const char *param, const char *val);

/* Running: md/array_state is neither "clear" nor "inactive" (nor unreadable). */
bool sysfs_md_running(const char *kname);
/* The running array whose md/uuid is uuid: its kernel name into kname (n
 * bytes, may be NULL). */
bool sysfs_md_find_running(const uint8_t uuid[16], char *kname, size_t n);
/* The md devices /proc/mdstat lists, in its order (newest first). Returns the
 * count (at most max), or -1 (errno) when the file cannot be read. */
int mdstat_arrays(char (*names)[32], int max);

/* Members as the kernel sees them: the dev-* directories of md/. */
/* Members of one array that mdctl reads from sysfs at most. */
#define MD_MAX_MEMBERS 256

struct sysfs_member {
	char name[32];          /* kernel name: "loop0" */
	int slot;               /* -1 if "none" */
	char state[128];        /* "in_sync,write_mostly" ... */
	uint64_t offset, size;  /* sectors / KiB as sysfs says */
	uint64_t recovery_start;/* UINT64_MAX for "none" */
	unsigned major, minor;
};
/* Fills up to max entries; returns count or -1. */
int sysfs_md_members(const char *kname, struct sysfs_member *m, int max);
/* For member kernel name X: the md device holding it (from /sys/block/X/holders), or -1. */
int sysfs_holder_md(const char *member_kname, char *md_kname, size_t n);
#endif
