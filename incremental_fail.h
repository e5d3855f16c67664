/* -If (incremental_fail.c): take out a member that went away. */
#ifndef MDCTL_INCREMENTAL_FAIL_H
#define MDCTL_INCREMENTAL_FAIL_H
/* Fail and remove the member NAME ("sdb1", "/dev/sdb1") from its array, or
 * just remove it from an inactive one. Returns the exit status. */
int incremental_fail(const char *name);
#endif
