/* -I of a device without md metadata (incremental_policy.c): what the
 * config's POLICY lines allow for it. */
#ifndef MDCTL_INCREMENTAL_POLICY_H
#define MDCTL_INCREMENTAL_POLICY_H
#include "config.h"
#include "dev.h"
#include "policy.h"
#include <stdbool.h>
/* The bare device path (kernel name kname, di from dev_open) becomes a
 * spare of a running v1.x array when a POLICY line allows it (action=spare
 * and up: an array whose domains hold all of the device's;
 * spare-same-slot: also the array failed-slots says was at the device's
 * by-path name). Returns 0 added (printed), 1 refused (printed), or -1 when
 * no POLICY line allows anything for it (nothing printed, nothing done). */
int incremental_bare(const char *config, const char *path, const struct devinfo *di, const char *kname);
/* POLICY auto= for a member of metadata meta ("1.2", "0.90") on the device
 * rdev / kname in the loaded config conf (PAUTO_NONE: no line says). */
enum pol_auto incremental_policy_auto(const struct mdconf *conf, dev_t rdev, const char *kname, const char *meta);
#endif
