/* Restoring an in-place reshape's critical section at assembly (backup_restore.c). */
#ifndef MDCTL_BACKUP_RESTORE_H
#define MDCTL_BACKUP_RESTORE_H
#include "reshape_plan.h"

/* Read and verify the backup for the reshape sb describes; *data is freed by
 * the caller. Returns 0, or -1 (printed). */
int backup_load(const char *file, const struct sb1 *sb, struct rs_backup *b, uint8_t **data);
/* Write the saved sectors back through the running array. 0 or -1 (printed). */
int backup_write_back(const char *kname, const struct rs_backup *b, const uint8_t *data);
#endif
