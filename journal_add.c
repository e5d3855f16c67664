/* --add-journal DEV (manage mode): a new write journal for a raid4/5/6 array
 * whose journal failed or went missing, as mdadm 4.6 documents it: only on a
 * read-only array (the kernel runs such an array read-only until it has a
 * journal again: md.c restart_array()), which is switched back to
 * read-write once the kernel has taken the journal (raid5.c raid5_add_disk()
 * starts the log, raid5-cache.c r5l_start()). */
#include "journal_add.h"
#include "mdio.h"
#include "member_add.h"
#include "msg.h"
#include "sysfs.h"
#include <errno.h>
#include <string.h>

/* Every check on the array, before anything is written. */
static int check_array(const char *kname)
{
	char level[32] = "", policy[32] = "", state[32] = "";
	sysfs_md_get(kname, "level", level, sizeof(level));
	if (strcmp(level, "raid4") && strcmp(level, "raid5") && strcmp(level, "raid6")) {
		pr_err("/dev/%s is %s: a write journal applies to raid4, raid5 and raid6 only", kname,
		       level[0] ? level : "not running");
		return -1;
	}
	sysfs_md_get(kname, "consistency_policy", policy, sizeof(policy));
	if (strcmp(policy, "journal")) {
		pr_err("/dev/%s has no write journal feature (consistency policy %s): --add-journal replaces a "
		       "lost journal", kname, policy);
		return -1;
	}
	struct sysfs_member m[MD_MAX_MEMBERS];
	int n = sysfs_md_members(kname, m, MD_MAX_MEMBERS);
	for (int i = 0; i < n; i++) {
		if (!strstr(m[i].state, "journal"))
			continue;
		if (strstr(m[i].state, "faulty"))
			pr_err("the failed journal %s is still part of /dev/%s: --remove it first", m[i].name, kname);
		else
			pr_err("/dev/%s still has a working journal (%s)", kname, m[i].name);
		return -1;
	}
	sysfs_md_get(kname, "array_state", state, sizeof(state));
	if (strcmp(state, "readonly") && strcmp(state, "read-auto")) {
		pr_err("/dev/%s is not read-only: --add-journal works on a read-only array (mdctl --readonly "
		       "/dev/%s first)", kname, kname);
		return -1;
	}
	return 0;
}

int journal_add(const char *kname, int mdfd, const char *path, bool yes)
{
	if (check_array(kname) < 0 || member_add_journal(kname, mdfd, path, yes) < 0)
		return -1;
	if (md_restart_rw(mdfd) < 0) {
		pr_err("journal %s added, but /dev/%s stays read-only: %s", path, kname, strerror(errno));
		return -1;
	}
	/* mdadm 4.6's two lines */
	pr_info("Journal added successfully, making /dev/%s read-write", kname);
	pr_info("added %s", path);
	return 0;
}
