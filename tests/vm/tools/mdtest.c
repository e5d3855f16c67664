/* mdtest: the VM tests' data helper, so that making and checking test data
 * costs one process instead of an awk or sha256sum pipeline (each costs
 * seconds under TCG).
 *   mdtest pattern SEED MIB   deterministic bytes on stdout: each 4 KiB block
 *                             starts with a line naming seed and block number
 *                             (misplaced blocks show), the rest is drawn from
 *                             a seeded Park-Miller generator
 *   mdtest hash PATH          a 64-bit digest of the whole device or file,
 *                             read with O_DIRECT from block devices so no
 *                             stale page cache is hashed
 *   mdtest tag ...            tagged blocks for the write-hole test (tagged.c)
 * Built on the host (make tests/vm/tools/mdtest), run in the VM from lib.sh. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tagged.h"

#define PM_MOD 2147483647LL

static long long pm_next(long long x) { return (x * 16807) % PM_MOD; }

static int pattern(long long seed, long long mib)
{
	static const char hex[] = "0123456789abcdef";
	static char chunk[256][64], block[4096];
	long long x = (seed * 7919 + 12345) % PM_MOD;

	if (x <= 0)
		x += PM_MOD - 1;
	for (int c = 0; c < 256; c++)
		for (int k = 0; k < 64; k++) {
			x = pm_next(x);
			chunk[c][k] = hex[x % 16];
		}
	for (long long b = 0; b < mib * 256; b++) {
		int n = snprintf(block, 64, "seed %lld block %lld", seed, b);
		if (n > 63)
			n = 63;
		memcpy(block + n, chunk[b % 256], 63 - n);
		block[63] = '\n';
		for (int k = 1; k < 64; k++) {
			x = pm_next(x);
			memcpy(block + 64 * k, chunk[x % 256], 64);
		}
		if (fwrite(block, 1, sizeof(block), stdout) != sizeof(block))
			return 1;
	}
	return fflush(stdout) ? 1 : 0;
}

/* FNV-1a over 64-bit words, then a final mix: change detection, not crypto. */
static int hash(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	size_t bufsz = 1 << 20;
	uint64_t h = 1469598103934665603ULL, total = 0;
	void *buf;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "mdtest: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (S_ISBLK(st.st_mode)) {
		close(fd);
		fd = open(path, O_RDONLY | O_DIRECT);
		if (fd < 0) {
			fprintf(stderr, "mdtest: %s: %s\n", path, strerror(errno));
			return 2;
		}
	}
	if (posix_memalign(&buf, 4096, bufsz))
		return 2;
	while ((n = read(fd, buf, bufsz)) > 0) {
		const unsigned char *p = buf;
		ssize_t i = 0;
		for (; i + 8 <= n; i += 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			h = (h ^ w) * 1099511628211ULL;
		}
		for (; i < n; i++)
			h = (h ^ p[i]) * 1099511628211ULL;
		total += (uint64_t)n;
	}
	if (n < 0) {
		fprintf(stderr, "mdtest: %s: %s\n", path, strerror(errno));
		return 2;
	}
	h ^= total;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	printf("%016" PRIx64 "\n", h);
	free(buf);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "pattern"))
		return pattern(atoll(argv[2]), atoll(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "hash"))
		return hash(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "tag"))
		return tag_main(argc - 1, argv + 1);
	fprintf(stderr, "usage: mdtest pattern SEED MIB | mdtest hash PATH | mdtest tag ...\n");
	return 2;
}
