/* -If (incremental_fail.c): take out a member that went away. */
#ifndef MDCTL_INCREMENTAL_FAIL_H
#define MDCTL_INCREMENTAL_FAIL_H
/* Fail and remove the member NAME ("sdb1", "/dev/sdb1") from its array, or
 * just remove it from an inactive one; with id_path (--path, udev's ID_PATH;
 * NULL none), first record the slot in failed-slots as mdadm 4.6 does.
 * Returns the exit status. */
int incremental_fail(const char *name, const char *id_path);
#endif
