/* The v1.x bad-block log: decoding its entries and printing it as mdadm 4.6's
 * --examine-badblocks does. Pure: the caller reads the log (examine_badblocks.c). */
#ifndef MDCTL_BADBLOCKS_H
#define MDCTL_BADBLOCKS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "super1.h"

/* The log holds at most this many sectors that anyone reads (md.c
 * super_1_load() takes one 4 KiB page; mdadm calls a larger one unconfigured). */
#define BBLOG_MAX_SECTORS 100

struct bb_range {
	uint64_t sector;        /* in 512-byte sectors, after bblog_shift */
	uint64_t count;         /* sectors */
};

enum bblog_state {
	BBLOG_NONE,             /* no log configured: no offset, no size, or too large */
	BBLOG_EMPTY,            /* configured, but MD_FEATURE_BAD_BLOCKS is not set */
	BBLOG_PRESENT,          /* entries to read from the log */
};

/* What the superblock says about its log. */
enum bblog_state bblog_state(const struct sb1 *sb);

/* Decode the log in buf (len bytes, the bblog_size sectors read from
 * super_offset + bblog_offset). Each le64 entry holds the start in its upper
 * 54 bits and the length in its low 10 (md.c super_1_sync()), both in units
 * of 1 << shift sectors; an entry of all ones ends the list. Fills at most
 * max ranges, returns how many entries there are (may exceed max). */
size_t bblog_decode(const uint8_t *buf, size_t len, unsigned shift, struct bb_range *out, size_t max);

/* Print the log of path as mdadm 4.6 --examine-badblocks does: the header
 * line and one line per range; "No bad-blocks list configured on PATH" or
 * "Bad-blocks list is empty in PATH" when state says so (buf unused then). */
void bblog_render(FILE *f, const char *path, enum bblog_state state, const uint8_t *buf, size_t len,
		  unsigned shift);
#endif
