/* Unit tests for the incremental map: the line codec (map_line.c) and the
 * locked file (mapfile.c) in a scratch directory. Runs from tests/unit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mapfile.h"
#include "uuid.h"

#define U1 "3a4b5c6d:01234567:89abcdef:fedcba98"
#define U2 "f3e2dd34:024eab9d:cca20805:be362414"
/* U1 as the map file shows it: host-order words, as mdadm writes them */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define W1 "6d5c4b3a:67452301:efcdab89:98badcfe"
#else
#define W1 U1
#endif

static void ent(struct map_ent *e, const char *k, const char *u, const char *path)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->kname, k);
	strcpy(e->metadata, "1.2");
	assert_int_equal(uuid_parse(u, e->uuid), 0);
	strcpy(e->path, path);
}

static void test_parse(void **state)
{
	(void)state;
	struct map_ent e;
	const char *l = "md127 1.2 " U1 " /dev/md/home\n";
	assert_int_equal(map_line_parse(l, strlen(l), &e), 0);
	assert_string_equal(e.kname, "md127");
	assert_string_equal(e.metadata, "1.2");
	assert_string_equal(e.path, "/dev/md/home");
	char u[37];
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* mdadm 4.6's map for the array whose --detail UUID is
	 * 09199e6e:8d942380:af8a78b1:00c073fe (seen in the VM) */
	l = "md127 1.2 6e9e1909:8023948d:b1788aaf:fe73c000 /dev/md/foo\n";
	assert_int_equal(map_line_parse(l, strlen(l), &e), 0);
	uuid_format(e.uuid, ':', u);
	assert_string_equal(u, "09199e6e:8d942380:af8a78b1:00c073fe");
	char back[MAP_LINE_MAX + 2];
	assert_true(map_line_format(&e, back, sizeof(back)) > 0);
	assert_string_equal(back, l);
	l = "md127 1.2 " U1 " /dev/md/home\n";
	assert_int_equal(map_line_parse(l, strlen(l), &e), 0);
#endif
	/* without the newline, tabs and extra blanks between fields */
	l = "md_home\t1.0  " U2 "   /dev/md_home";
	assert_int_equal(map_line_parse(l, strlen(l), &e), 0);
	assert_string_equal(e.kname, "md_home");
	/* len bounds the parse: the rest is not looked at */
	l = "md1 1.2 " U1 " /dev/md1 junk";
	assert_int_equal(map_line_parse(l, strlen(l) - 5, &e), 0);
	assert_string_equal(e.path, "/dev/md1");
}

static void test_parse_bad(void **state)
{
	(void)state;
	static const char *bad[] = {
		"",
		"md127 1.2 " U1,                                   /* 3 fields */
		"md127 1.2 " U1 " /dev/md/a extra",                /* 5 fields */
		"sda 1.2 " U1 " /dev/md/a",                        /* not an md name */
		"md 1.2 " U1 " /dev/md/a",
		"md12a 1.2 " U1 " /dev/md/a",
		"md_ 1.2 " U1 " /dev/md/a",
		"md_a/b 1.2 " U1 " /dev/md/a",
		"md1234567890123 1.2 " U1 " /dev/md/a",
		"md127 1.2 3a4b5c6d:01234567:89abcdef /dev/md/a",  /* short uuid */
		"md127 1.2 3a4b5c6d-0123-4567-89ab-cdeffedcba98 /dev/md/a",
		"md127 1.2 3a4b5c6g:01234567:89abcdef:fedcba98 /dev/md/a",
		"md127 1.2 " U1 " dev/md/a",                       /* relative */
		"md127 1.2 " U1 " /dev/md/a\x01",
		"md127 1.2$ " U1 " /dev/md/a",
		"md127 12345678901234567 " U1 " /dev/md/a",        /* metadata too long */
	};
	struct map_ent e;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (map_line_parse(bad[i], strlen(bad[i]), &e) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	/* a NUL inside the line */
	const char nul[] = "md127 1.2 " U1 " /dev/md/a\0b";
	assert_int_equal(map_line_parse(nul, sizeof(nul) - 1, &e), -1);
	/* a path as long as a field may be, and one byte more */
	char line[600], path[MAP_PATH_MAX + 1];
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	path[MAP_PATH_MAX - 1] = '\0';
	snprintf(line, sizeof(line), "md1 1.2 %s %s", U1, path);
	assert_int_equal(map_line_parse(line, strlen(line), &e), 0);
	path[MAP_PATH_MAX - 1] = 'p';
	path[MAP_PATH_MAX] = '\0';
	snprintf(line, sizeof(line), "md1 1.2 %s %s", U1, path);
	assert_int_equal(map_line_parse(line, strlen(line), &e), -1);
}

static void test_format(void **state)
{
	(void)state;
	struct map_ent e, back;
	char out[MAP_LINE_MAX + 2];
	ent(&e, "md127", U1, "/dev/md/home");
	int n = map_line_format(&e, out, sizeof(out));
	assert_int_equal(n, (int)strlen("md127 1.2 " W1 " /dev/md/home\n"));
	assert_string_equal(out, "md127 1.2 " W1 " /dev/md/home\n");
	assert_int_equal(map_line_parse(out, (size_t)n, &back), 0);
	assert_memory_equal(&e, &back, sizeof(e));
	assert_int_equal(map_line_format(&e, out, 10), -1);
	ent(&e, "md127", U1, "/dev/md/a b");
	assert_int_equal(map_line_format(&e, out, sizeof(out)), -1);
	ent(&e, "sda", U1, "/dev/md/a");
	assert_int_equal(map_line_format(&e, out, sizeof(out)), -1);
	ent(&e, "md1", U1, "relative");
	assert_int_equal(map_line_format(&e, out, sizeof(out)), -1);
}

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/mdctl-test-map.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *name)
{
	static char buf[4096];
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void put_file(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static bool not_md126(const char *k) { return strcmp(k, "md126") != 0; }

static void test_file(void **state)
{
	(void)state;
	struct mapfile m;
	struct map_ent e;
	char sub[96];
	snprintf(sub, sizeof(sub), "%s/run", dir);
	/* the directory is made, the empty map reads as nothing */
	assert_int_equal(map_open_locked(&m, sub), 0);
	assert_int_equal(m.n, 0);
	ent(&e, "md127", U1, "/dev/md/home");
	assert_int_equal(map_put(&m, &e), 0);
	ent(&e, "md126", U2, "/dev/md126");
	assert_int_equal(map_put(&m, &e), 0);
	assert_int_equal(map_commit(&m, NULL), 0);
	map_close(&m);
	map_close(&m);  /* twice is fine */

	assert_int_equal(map_open_locked(&m, sub), 0);
	assert_int_equal(m.n, 2);
	assert_non_null(map_find_uuid(&m, e.uuid));
	assert_string_equal(map_find_uuid(&m, e.uuid)->kname, "md126");
	assert_non_null(map_find_path(&m, "/dev/md/home"));
	assert_null(map_find_kname(&m, "md1"));
	/* same uuid under a new name replaces the old line */
	ent(&e, "md5", U2, "/dev/md5");
	assert_int_equal(map_put(&m, &e), 0);
	assert_int_equal(m.n, 2);
	assert_null(map_find_kname(&m, "md126"));
	map_del_kname(&m, "md5");
	assert_int_equal(m.n, 1);
	assert_int_equal(map_commit(&m, NULL), 0);
	map_close(&m);
	assert_string_equal(slurp("run/map"), "md127 1.2 " W1 " /dev/md/home\n");
}

static void test_stale_and_junk(void **state)
{
	(void)state;
	struct mapfile m;
	char sub[96];
	snprintf(sub, sizeof(sub), "%s/junk", dir);
	assert_int_equal(map_open_locked(&m, sub), 0);
	map_close(&m);
	put_file("junk/map", "md127 1.2 " U1 " /dev/md/home\n"
			     "garbage line\n"
			     "md126 1.2 " U2 " /dev/md126\n"
			     "md125 1.2 " U2 " /dev/md/dup-uuid\n"
			     "md127 1.2 " U2 " /dev/md/dup-name\n"
			     "\n"
			     "md1 1.2 " U1 " /dev/md1");  /* unterminated last line: parsed, a repeat */
	assert_int_equal(map_open_locked(&m, sub), 0);
	assert_int_equal(m.n, 2);
	assert_true(m.dirty);
	/* md126's array is gone: dropped on rewrite, junk too */
	assert_int_equal(map_commit(&m, not_md126), 0);
	map_close(&m);
	assert_string_equal(slurp("junk/map"), "md127 1.2 " U1 " /dev/md/home\n");
	assert_null(slurp("junk/map.new"));
}

static void test_lock(void **state)
{
	(void)state;
	struct mapfile m;
	char sub[96], lock[128];
	snprintf(sub, sizeof(sub), "%s/lock", dir);
	snprintf(lock, sizeof(lock), "%s/map.lock", sub);
	assert_int_equal(map_open_locked(&m, sub), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(lock, O_RDWR);
		_exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK ? 0 : 1);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	map_close(&m);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(lock, O_RDWR);
		_exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* failed-slots' uuid text (mdadm's word order) and back */
static void test_uuid_text_roundtrip(void **state)
{
	(void)state;
	uint8_t u[16], v[16];
	char t[37];
	for (int i = 0; i < 16; i++)
		u[i] = (uint8_t)(i * 17 + 3);
	map_uuid_text(u, t);
	assert_int_equal(map_uuid_from_text(t, v), 0);
	assert_memory_equal(u, v, 16);
	assert_int_equal(map_uuid_from_text("not-a-uuid", v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uuid_text_roundtrip),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_stale_and_junk),
		cmocka_unit_test(test_lock),
	};
	return cmocka_run_group_tests_name("mapfile", tests, setup_dir, teardown_dir);
}
