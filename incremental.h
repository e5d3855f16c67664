/* --incremental: incremental.c adds members and starts arrays (-I, -IRs);
 * incremental_fail.c takes out members that went away (-If). */
#ifndef MDCTL_INCREMENTAL_H
#define MDCTL_INCREMENTAL_H
#include "mdctl.h"

/* Fail and remove the member NAME ("sdb1", "/dev/sdb1") from its array, or
 * just remove it from an inactive one. Returns the exit status. */
int incremental_fail(const char *name);
#endif
