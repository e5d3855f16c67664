/* --add-journal: a new write journal for a raid4/5/6 array that lost its own. */
#ifndef MDCTL_JOURNAL_ADD_H
#define MDCTL_JOURNAL_ADD_H
#include <stdbool.h>
/* Checks the array (journal feature, no journal, read-only), adds path as its
 * journal and makes the array read-write. 0, or -1 (printed). */
int journal_add(const char *kname, int mdfd, const char *path, bool yes);
#endif
