/* --grow, split by what changes. Each returns the exit status. */
#ifndef MDCTL_GROW_STEPS_H
#define MDCTL_GROW_STEPS_H
#include "grow_array.h"
#include "msg.h"

int grow_bitmap(const struct grow_req *req);                               /* grow_bitmap.c */
int grow_policy(const struct grow_req *req);                               /* grow_policy.c */
int grow_reshape(const struct grow_req *req, const struct grow_array *a, struct grow_adds *adds);  /* grow_reshape.c */
int grow_level(const struct grow_req *req, const struct grow_array *a);    /* grow_level.c: no adds */
int grow_size(const struct grow_req *req, const struct grow_array *a);     /* grow_size.c */
/* In-place growth of raid4/5/6 with a backup of the critical section. */
int grow_backup_check(const struct grow_req *req, const struct grow_array *a);   /* before any change */
int grow_backup_reshape(const struct grow_req *req, const struct grow_array *a, int new_disks);
/* --continue after mdctl died inside the critical section: finish it. */
int grow_backup_continue(const struct grow_req *req, const struct grow_array *a);
#endif
