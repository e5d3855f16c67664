/* Spare sharing: a spare leaves one array of a spare-group (HOT_REMOVE_DISK)
 * and joins a degraded one with a fresh superblock (member_add.c), as the
 * config's spare-group= asks. If the second step fails the spare goes back. */
#include "spare_share.h"
#include "member_add.h"
#include "mdio.h"
#include "msg.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/sysmacros.h>

static bool needs_spare(const struct watch *w)
{
	return w->have && w->spare_group[0] && w->last->degraded > 0 && w->last->spares == 0 &&
	       w->last->sync == MON_IDLE;
}

/* A spare of a healthy array in the same group, big enough for r. */
static struct mon_member *pick_spare(const struct watch *d, const struct watch *r)
{
	if (d == r || !d->have || strcmp(d->spare_group, r->spare_group) || d->last->degraded > 0)
		return NULL;
	for (int i = 0; i < d->last->nm; i++) {
		struct mon_member *m = &d->last->m[i];
		if (m->slot < 0 && !m->faulty && !m->in_sync && m->kib >= r->last->component_kib)
			return m;
	}
	return NULL;
}

static bool move_spare(const struct watch *d, const struct watch *r,
		       const struct mon_member *m, const struct alert_ctx *a)
{
	char path[40];
	int dfd = md_open(d->kname), rfd = -1;
	bool ok = false;
	snprintf(path, sizeof(path), "/dev/%s", m->kname);
	if (dfd < 0)
		return false;
	if (md_hot_remove(dfd, makedev(m->major, m->minor)) < 0) {
		syslog(LOG_WARNING, "cannot take spare %s from %s: %m", path, d->last->path);
		goto out;
	}
	rfd = md_open(r->kname);
	/* The spare-group line is the consent to overwrite the spare's superblock;
	 * the move is reported to syslog and the alert channels, not stderr. */
	int verbosity = msg_verbosity();
	msg_set_verbosity(-1);
	ok = rfd >= 0 && member_add(r->kname, rfd, path, ADD_SPARE, true) == 0;
	if (!ok) {
		syslog(LOG_WARNING, "cannot move spare %s to %s; giving it back to %s", path,
		       r->last->path, d->last->path);
		member_add(d->kname, dfd, path, ADD_SPARE, true);
	}
	msg_set_verbosity(verbosity);
	if (ok) {
		struct mon_alert al = { .ev = EV_MOVE_SPARE };
		snprintf(al.member, sizeof(al.member), "%s", path);
		snprintf(al.detail, sizeof(al.detail), "from %.50s", d->last->path);
		alert_send(a, r->last->path, &al);
	}
out:
	if (rfd >= 0)
		close(rfd);
	close(dfd);
	return ok;
}

void spare_share(struct watch *w, int n, const struct alert_ctx *a)
{
	for (int i = 0; i < n; i++) {
		if (!needs_spare(&w[i]))
			continue;
		for (int j = 0; j < n; j++) {
			struct mon_member *m = pick_spare(&w[j], &w[i]);
			if (m && move_spare(&w[j], &w[i], m, a)) {
				/* Not again before the next look shows the result; a
				 * member marked faulty makes no event when it is gone. */
				w[i].last->spares++;
				w[j].last->spares--;
				m->faulty = true;
				break;
			}
		}
	}
}
