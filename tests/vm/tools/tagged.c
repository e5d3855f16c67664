/* mdtest tag: tagged 4 KiB blocks on a raid5 array, for the write-hole
 * power-cut test (tests/vm/h_wh_crash.sh). Every block holds a header naming
 * its block number and a generation, and a body drawn from a generator seeded
 * by both, so a block either is exactly some (block, generation) or is
 * garbage (a stripe reconstructed from parity that does not match its data).
 *
 *   mdtest tag fill  DEV MIB                         every block, generation 0
 *   mdtest tag churn DEV MIB GEOM STATUS WORKERS     rewrite forever (below)
 *   mdtest tag check DEV MIB GEOM STATUS WORKERS     verify after the cut
 *
 * GEOM is CHUNK_KIB:DISKS:AVOID: the array is raid5 left-symmetric (md's
 * default, raid5.c raid5_compute_sector ALGORITHM_LEFT_SYMMETRIC) with DISKS
 * members and CHUNK_KIB chunks; churn never writes a block whose data lives on
 * member role AVOID. That member is left out at the degraded assembly after
 * the cut, so its blocks are rebuilt from parity and the other member's data
 * of the same stripe, which churn was rewriting: a write hole shows as garbage
 * there. Churn runs WORKERS processes; worker w owns the blocks b with
 * b % WORKERS == w and rewrites them in passes g = 1, 2, ... (O_DIRECT,
 * one 4 KiB block per write, so every write is a partial-stripe write), and
 * after each pass writes g to the file STATUS.w. Check requires: blocks on
 * AVOID hold generation 0; every other block of worker w holds generation
 * done or done + 1 (done = STATUS.w, 0 without it): what the last completed
 * pass wrote or what the interrupted one was writing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tagged.h"

#define BLK 4096

struct geom {
	long long chunk_blocks; /* 4 KiB blocks per chunk */
	int disks, avoid;
};

/* xorshift64*: the body of a block, seeded by block and generation */
static uint64_t mix(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void make_block(unsigned char *buf, long long b, long long g)
{
	uint64_t s = (uint64_t)b * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)g + 1) * 0xC2B2AE3D27D4EB4FULL;
	int n;

	if (!s)
		s = 1;
	for (int i = 0; i < BLK; i += 8) {
		uint64_t w = mix(&s);
		memcpy(buf + i, &w, 8);
	}
	n = snprintf((char *)buf, 64, "tag block %lld gen %lld\n", b, g);
	memset(buf + n, ' ', 63 - n);
	buf[63] = '\n';
}

/* the member role holding array block b (raid5 left-symmetric) */
static int block_disk(const struct geom *gm, long long b)
{
	long long chunk = b / gm->chunk_blocks;
	long long row = chunk / (gm->disks - 1);
	int i = (int)(chunk % (gm->disks - 1));
	int pd = gm->disks - 1 - (int)(row % gm->disks);

	return (pd + 1 + i) % gm->disks;
}

static int parse_geom(const char *s, struct geom *gm)
{
	long long ck;

	if (sscanf(s, "%lld:%d:%d", &ck, &gm->disks, &gm->avoid) != 3 || ck < 4 ||
	    ck % 4 || gm->disks < 3 || gm->avoid < 0 || gm->avoid >= gm->disks) {
		fprintf(stderr, "mdtest tag: GEOM is CHUNK_KIB:DISKS:AVOID, not %s\n", s);
		return -1;
	}
	gm->chunk_blocks = ck / 4;
	return 0;
}

static int open_dev(const char *dev, int flags)
{
	int fd = open(dev, flags | O_DIRECT);

	if (fd < 0)
		fprintf(stderr, "mdtest tag: %s: %s\n", dev, strerror(errno));
	return fd;
}

static int put(int fd, const void *buf, size_t n, off_t off, const char *dev)
{
	if (pwrite(fd, buf, n, off) == (ssize_t)n)
		return 0;
	fprintf(stderr, "mdtest tag: write %s at %lld: %s\n", dev, (long long)off, strerror(errno));
	return -1;
}

static int fill(const char *dev, long long blocks)
{
	unsigned char *buf;
	int fd = open_dev(dev, O_WRONLY), rc = 0;

	if (fd < 0 || posix_memalign((void **)&buf, BLK, 256 * BLK))
		return 2;
	for (long long b = 0; b < blocks && !rc; b += 256) {
		long long n = blocks - b < 256 ? blocks - b : 256;
		for (long long k = 0; k < n; k++)
			make_block(buf + k * BLK, b + k, 0);
		rc = put(fd, buf, (size_t)n * BLK, (off_t)b * BLK, dev);
	}
	if (!rc && fsync(fd))
		rc = -1;
	close(fd);
	free(buf);
	return rc ? 1 : 0;
}

static void set_status(int sfd, long long g)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%020lld\n", g);

	if (pwrite(sfd, s, (size_t)n, 0) != n)
		_exit(1);
}

/* one churn worker: passes over its blocks in a shuffled order, forever */
static int churn_worker(const char *dev, long long blocks, const struct geom *gm,
			const char *status, int workers, int w)
{
	char path[4096];
	unsigned char *buf;
	long long *mine, n = 0;
	uint64_t s = 0x1234567ULL + (uint64_t)w;
	int fd = open_dev(dev, O_WRONLY), sfd;

	snprintf(path, sizeof(path), "%s.%d", status, w);
	sfd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	mine = calloc((size_t)blocks, sizeof(*mine));
	if (fd < 0 || sfd < 0 || !mine || posix_memalign((void **)&buf, BLK, BLK))
		return 2;
	for (long long b = w; b < blocks; b += workers)
		if (block_disk(gm, b) != gm->avoid)
			mine[n++] = b;
	set_status(sfd, 0);
	for (long long g = 1;; g++) {
		for (long long i = n - 1; i > 0; i--) {
			long long j = (long long)(mix(&s) % (uint64_t)(i + 1)), t = mine[i];
			mine[i] = mine[j];
			mine[j] = t;
		}
		for (long long i = 0; i < n; i++) {
			make_block(buf, mine[i], g);
			if (put(fd, buf, BLK, (off_t)mine[i] * BLK, dev))
				return 1;
		}
		set_status(sfd, g);
	}
}

static int churn(const char *dev, long long blocks, const struct geom *gm,
		 const char *status, int workers)
{
	for (int w = 0; w < workers; w++) {
		pid_t p = fork();
		if (p < 0)
			return 2;
		if (p == 0)
			_exit(churn_worker(dev, blocks, gm, status, workers, w));
	}
	/* runs until the power cut; a worker that returns has failed */
	int st;
	while (wait(&st) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			return 1;
	return 0;
}

static long long read_status(const char *status, int w)
{
	char path[4096], s[32] = "";
	long long g = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s.%d", status, w);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(s, sizeof(s), f) || sscanf(s, "%lld", &g) != 1)
			g = 0;
		fclose(f);
	}
	return g;
}

static void show_bad(long long b, const unsigned char *got, const char *why)
{
	char h[64];

	for (int i = 0; i < 48; i++)
		h[i] = got[i] >= 32 && got[i] < 127 ? (char)got[i] : '.';
	h[48] = 0;
	fprintf(stderr, "mdtest tag: block %lld (%s): starts \"%s\"\n", b, why, h);
}

static int check(const char *dev, long long blocks, const struct geom *gm,
		 const char *status, int workers)
{
	unsigned char *got, *want;
	long long *done = calloc((size_t)workers, sizeof(*done));
	long long avoided = 0, old = 0, cur = 0, bad = 0, maxdone = 0;
	int fd = open_dev(dev, O_RDONLY);

	if (fd < 0 || !done || posix_memalign((void **)&got, BLK, BLK) ||
	    posix_memalign((void **)&want, BLK, BLK))
		return 2;
	for (int w = 0; w < workers; w++) {
		done[w] = read_status(status, w);
		if (done[w] > maxdone)
			maxdone = done[w];
	}
	for (long long b = 0; b < blocks; b++) {
		long long tb = -1, g = -1, d = done[b % workers];
		int on_avoid = block_disk(gm, b) == gm->avoid;
		const char *why = NULL;

		if (pread(fd, got, BLK, (off_t)b * BLK) != BLK) {
			fprintf(stderr, "mdtest tag: read %s block %lld: %s\n", dev, b, strerror(errno));
			return 2;
		}
		if (sscanf((const char *)got, "tag block %lld gen %lld\n", &tb, &g) != 2 || tb != b || g < 0)
			why = on_avoid ? "left-out member: garbage" : "garbage";
		if (!why) {
			make_block(want, b, g);
			if (memcmp(got, want, BLK))
				why = "garbage after a valid header";
		}
		if (!why && on_avoid && g != 0)
			why = "left-out member: not generation 0";
		if (!why && !on_avoid && g != d && g != d + 1)
			why = "generation neither the last pass nor the one after";
		if (why) {
			if (bad++ < 8)
				show_bad(b, got, why);
			continue;
		}
		if (on_avoid)
			avoided++;
		else if (g == d)
			old++;
		else
			cur++;
	}
	close(fd);
	printf("%s: %lld blocks: %lld on the left-out member intact, %lld written: %lld as the last "
	       "completed pass, %lld from the cut one (up to pass %lld); %lld bad\n",
	       dev, blocks, avoided, old + cur, old, cur, maxdone, bad);
	free(done);
	free(got);
	free(want);
	return bad ? 1 : 0;
}

int tag_main(int argc, char **argv)
{
	struct geom gm;
	long long mib;
	int workers;

	if (argc == 4 && !strcmp(argv[1], "fill"))
		return fill(argv[2], atoll(argv[3]) * 256);
	if (argc != 7 || parse_geom(argv[4], &gm) || (mib = atoll(argv[3])) <= 0 ||
	    (workers = atoi(argv[6])) < 1 || workers > 64) {
		fprintf(stderr, "usage: mdtest tag fill DEV MIB | mdtest tag churn|check DEV MIB "
				"CHUNK_KIB:DISKS:AVOID STATUS WORKERS\n");
		return 2;
	}
	if (!strcmp(argv[1], "churn"))
		return churn(argv[2], mib * 256, &gm, argv[5], workers);
	if (!strcmp(argv[1], "check"))
		return check(argv[2], mib * 256, &gm, argv[5], workers);
	fprintf(stderr, "mdtest tag: fill, churn or check, not %s\n", argv[1]);
	return 2;
}
