/* Spare sharing between the arrays of one spare-group (monitor mode). */
#ifndef MDCTL_SPARE_SHARE_H
#define MDCTL_SPARE_SHARE_H
#include "alert.h"
#include "monitor_events.h"

/* For each degraded array of a spare-group that has no spare and is not
 * rebuilding, move a big enough spare over from a healthy array of the same
 * group, and report MoveSpare. */
void spare_share(struct watch *w, int n, const struct alert_ctx *a);
#endif
