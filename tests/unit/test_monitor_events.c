/* mon_diff(): which monitor events two snapshots of an array make, and in
 * which order (member events first, then the array's). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levels.h"
#include "monitor_events.h"

/* A running raid5 of n in-sync members loop0..loop(n-1). */
static struct mon_snap *raid(int n)
{
	struct mon_snap *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	snprintf(s->kname, sizeof(s->kname), "md0");
	snprintf(s->path, sizeof(s->path), "/dev/md0");
	s->level = 5;
	s->active = true;
	s->raid_disks = n;
	s->expected_spares = -1;
	s->sync = MON_IDLE;
	s->percent = -1;
	s->nm = n;
	for (int i = 0; i < n; i++) {
		snprintf(s->m[i].kname, sizeof(s->m[i].kname), "loop%d", i);
		s->m[i].major = 7;
		s->m[i].minor = (unsigned)i;
		s->m[i].slot = i;
		s->m[i].in_sync = true;
	}
	return s;
}

static struct mon_snap *copy(const struct mon_snap *s)
{
	struct mon_snap *c = malloc(sizeof(*c));
	assert_non_null(c);
	memcpy(c, s, sizeof(*c));
	return c;
}

static void add_spare(struct mon_snap *s, int minor)
{
	struct mon_member *m = &s->m[s->nm++];
	memset(m, 0, sizeof(*m));
	snprintf(m->kname, sizeof(m->kname), "loop%d", minor);
	m->major = 7;
	m->minor = (unsigned)minor;
	m->slot = -1;
	s->spares++;
}

/* The events as one string: "Fail:/dev/loop1 DegradedArray". */
static const char *events(const struct mon_snap *old, const struct mon_snap *now)
{
	static char out[1024];
	struct mon_alert a[MON_MAX_ALERTS];
	char name[32];
	int n = mon_diff(old, now, 20, a, MON_MAX_ALERTS);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, sizeof(out) - l, "%s%s%s%s", l ? " " : "", mon_event_name(&a[i], name, sizeof(name)),
			 a[i].member[0] ? ":" : "", a[i].member);
	}
	return out;
}

static void test_first_look(void **state)
{
	(void)state;
	struct mon_snap *s = raid(3);
	assert_string_equal(events(NULL, s), "");
	s->degraded = 1;
	s->expected_spares = 1;
	assert_string_equal(events(NULL, s), "DegradedArray SparesMissing");
	/* An inactive array makes no events; once it runs it is seen anew. */
	struct mon_snap *o = copy(s);
	o->active = false;
	assert_string_equal(events(NULL, o), "");
	assert_string_equal(events(o, s), "DegradedArray SparesMissing");
	free(o);
	free(s);
}

/* fail -> degraded -> recovery onto the spare -> spare active -> finished */
static void test_fail_and_rebuild(void **state)
{
	(void)state;
	struct mon_snap *a = raid(3);
	add_spare(a, 3);
	struct mon_snap *b = copy(a);
	b->m[1].faulty = true;
	b->m[1].in_sync = false;
	b->degraded = 1;
	assert_string_equal(events(a, b), "Fail:/dev/loop1 DegradedArray");
	assert_string_equal(events(b, b), "");             /* nothing new: nothing said */
	struct mon_snap *c = copy(b);
	c->m[3].slot = 1;                                  /* the spare takes the slot */
	c->spares = 0;
	c->sync = MON_RECOVER;
	c->percent = 3;
	assert_string_equal(events(b, c), "RebuildStarted");
	struct mon_snap *d = copy(c);
	d->percent = 45;
	assert_string_equal(events(c, d), "Rebuild40");    /* one step, the highest passed */
	struct mon_snap *e = copy(d);
	e->percent = 59;
	assert_string_equal(events(d, e), "");
	struct mon_snap *f = copy(e);
	f->m[3].in_sync = true;
	f->degraded = 0;
	f->sync = MON_IDLE;
	f->percent = -1;
	assert_string_equal(events(e, f), "SpareActive:/dev/loop3 RebuildFinished");
	free(a); free(b); free(c); free(d); free(e); free(f);
}

static void test_fail_spare_and_vanish(void **state)
{
	(void)state;
	struct mon_snap *a = raid(3);
	add_spare(a, 3);
	struct mon_snap *b = copy(a);
	b->m[3].faulty = true;                             /* a spare fails */
	assert_string_equal(events(a, b), "FailSpare:/dev/loop3");
	/* An active member failed and was removed between two looks. */
	struct mon_snap *c = copy(a);
	c->m[0] = c->m[3];
	c->nm = 3;
	c->degraded = 1;
	assert_string_equal(events(a, c), "Fail:/dev/loop0 DegradedArray");
	/* A removed spare is no event; a removed faulty member neither. */
	struct mon_snap *d = copy(a);
	d->nm = 3;
	d->spares = 0;
	assert_string_equal(events(a, d), "");
	assert_string_equal(events(b, d), "");
	free(a); free(b); free(c); free(d);
}

static void test_spares_missing_and_check(void **state)
{
	(void)state;
	struct mon_snap *a = raid(3);
	a->expected_spares = 1;
	add_spare(a, 3);
	struct mon_snap *b = copy(a);
	b->nm = 3;
	b->spares = 0;
	assert_string_equal(events(a, b), "SparesMissing");
	struct mon_snap *c = copy(a);
	c->sync = MON_CHECK;
	c->percent = 0;
	assert_string_equal(events(a, c), "RebuildStarted");
	struct mon_snap *d = copy(a);
	d->mismatches = 8;
	struct mon_alert al[8];
	assert_int_equal(mon_diff(c, d, 20, al, 8), 1);
	assert_int_equal(al[0].ev, EV_REBUILD_FINISHED);
	assert_string_equal(al[0].detail, "check found 8 mismatches");
	/* The output array is never overrun. */
	assert_int_equal(mon_diff(NULL, b, 20, al, 0), 0);
	free(a); free(b); free(c); free(d);
}

static void test_names(void **state)
{
	(void)state;
	char buf[32];
	struct mon_alert a = { .ev = EV_REBUILD_NN, .step = 60 };
	assert_string_equal(mon_event_name(&a, buf, sizeof(buf)), "Rebuild60");
	a.ev = EV_TEST_MESSAGE;
	assert_string_equal(mon_event_name(&a, buf, sizeof(buf)), "TestMessage");
	assert_true(mon_event_mails(EV_FAIL));
	assert_false(mon_event_mails(EV_REBUILD_NN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_look),
		cmocka_unit_test(test_fail_and_rebuild),
		cmocka_unit_test(test_fail_spare_and_vanish),
		cmocka_unit_test(test_spares_missing_and_check),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
