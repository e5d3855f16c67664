/* Writes the seed corpus of fuzz_backup: valid reshape backup headers made by
 * the encoder grow_backup.c writes them with (reshape_plan.c
 * rs_backup_encode), so the seeds follow the format when it changes.
 *   make fuzz-seeds     (or: gen_backup_corpus DIR)
 * Each seed is the 88 bytes the header's checksum covers (what decode reads),
 * one the whole 4 KiB header as written, and one a header with data after it. */
#include "reshape_plan.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int put(const char *dir, const char *name, const uint8_t *p, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* ranges a raid5/6 grow backs up: start, sectors, old and new disks */
	static const struct { uint64_t start, sectors; uint32_t old_disks, new_disks; } c[] = {
		{ 0, 1024, 3, 4 }, { 0, 3072, 4, 5 }, { 8192, 128, 4, 6 }, { 0, 1, 2, 3 },
		{ (1ULL << 50), 1ULL << 30, 1, 1920 }, { 123456789, 65536, 16, 17 },
	};
	static uint8_t hdr[RS_BACKUP_HDR + 512];
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct rs_backup b = { .start = c[i].start, .sectors = c[i].sectors,
				       .old_disks = c[i].old_disks, .new_disks = c[i].new_disks };
		for (int k = 0; k < 16; k++)
			b.uuid[k] = (uint8_t)(0x11 * (i + 1) + k);
		uint8_t data[512];
		memset(data, (int)i, sizeof(data));
		b.data_sum = rs_fnv(RS_FNV_INIT, data, sizeof(data));
		rs_backup_encode(&b, hdr);
		char name[32];
		snprintf(name, sizeof(name), "hdr%zu", i);
		if (put(argv[1], name, hdr, 88) < 0)
			return 1;
		if (i == 0 && put(argv[1], "full-header", hdr, RS_BACKUP_HDR) < 0)
			return 1;
		if (i == 1) {
			memcpy(hdr + RS_BACKUP_HDR, data, sizeof(data));
			if (put(argv[1], "header-and-data", hdr, sizeof(hdr)) < 0)
				return 1;
		}
	}
	return 0;
}
