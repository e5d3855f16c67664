/* --examine text, --examine --export and the --examine --brief ARRAY line
 * of one v1.x superblock, in mdadm 4.6's layout (see output.h). Every rule
 * was checked black-box against mdadm 4.6 on crafted and real superblocks;
 * tests/unit/test_output.c holds the captured output. */
#include "output_int.h"
#include "udev_name.h"
#include <inttypes.h>
#include <string.h>
#include "levels.h"
#include "uuid.h"

/* Data disks over copies: the array holds size * num / den sectors. */
static bool data_ratio(const struct sb1 *sb, uint64_t *num, uint64_t *den)
{
	*den = 1;
	switch (sb->level) {
	case 1: *num = 1; break;
	case 4: case 5: *num = sb->raid_disks - 1; break;
	case 6: *num = sb->raid_disks - 2; break;
	case 10:
		*num = sb->raid_disks;
		*den = (uint64_t)(sb->layout & 0xff) * ((sb->layout >> 8) & 0xff);
		break;
	default: return false;
	}
	/* raid_disks too small for the level, or a raid10 layout with no copies. */
	return *den != 0 && *num != 0 && *num < UINT32_MAX - 2;
}

/* Array size in bytes as --examine derives it from one superblock. */
static bool array_bytes(const struct sb1 *sb, uint64_t *bytes)
{
	uint64_t num, den;
	if (!data_ratio(sb, &num, &den))
		return false;
	unsigned __int128 v = (unsigned __int128)sb->size * 512 * num / den;
	*bytes = v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
	return true;
}

/* Raid slots the Array State covers: a shrinking reshape still has the old,
 * larger number. */
static uint64_t state_slots(const struct sb1 *sb)
{
	uint64_t slots = sb->raid_disks;
	if ((sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE) && sb->delta_disks < 0)
		slots += (uint64_t)-(int64_t)sb->delta_disks;
	return slots;
}

bool fmt_array_state(const struct sb1 *sb, char *out, size_t n)
{
	bool bad = false;
	uint32_t max = sb->max_dev < SB1_MAX_DEV ? sb->max_dev : SB1_MAX_DEV;
	size_t k = 0;
	uint64_t slots = state_slots(sb);
	for (uint64_t slot = 0; slot < slots && k + 1 < n; slot++) {
		unsigned cnt = 0;
		for (uint32_t i = 0; i < max; i++)
			cnt += sb->dev_roles[i] == slot;
		out[k++] = cnt == 0 ? '.' : cnt == 1 ? 'A' : cnt == 2 ? 'R' : '?';
		bad |= cnt > 2;
	}
	if (n)
		out[k] = '\0';
	for (uint32_t i = 0; i < max; i++) {
		uint16_t r = sb->dev_roles[i];
		if (r != SB1_ROLE_SPARE && r != SB1_ROLE_FAULTY && r != SB1_ROLE_JOURNAL &&
		    r >= slots)
			bad = true;
	}
	return bad;
}

static void print_uuid(FILE *f, const char *label, const uint8_t u[16])
{
	char s[37];
	uuid_format(u, ':', s);
	fprintf(f, "%s%s\n", label, s);
}

/* Sectors a classic bitmap of this header occupies, as mdadm counts them for
 * "Unused Space": header plus one bit per chunk, in whole 4 KiB blocks
 * (checked at the 4 KiB boundaries). mdadm sums the bytes in 32 bits, so a
 * bitmap of 4 GiB or more wraps to a small one (checked with sync sizes up
 * to 2^64 and chunks of 512 B to 64 MiB); unsigned, so never undefined. */
static uint64_t bitmap_space(const struct examine_input *in)
{
	if (!in->bitmap_chunksize)
		return 0;
	uint64_t bits = (in->bitmap_sync_size * 512 + in->bitmap_chunksize - 1) / in->bitmap_chunksize;
	uint32_t bytes = (uint32_t)(256 + (bits + 7) / 8) + 4095;
	return bytes / 4096 * 8;
}

/* mdadm does the Unused Space arithmetic in unsigned 64 bits and reads the
 * result as signed (checked black-box with sizes near 2^63 and 2^64): so do
 * we, with modular sums and an explicit two's-complement reading, never a
 * signed overflow. */
static int64_t as_signed(uint64_t v)
{
	return v <= INT64_MAX ? (int64_t)v : -(int64_t)(UINT64_MAX - v) - 1;
}

static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* "Unused Space : before=B sectors, after=A sectors". mdadm's rules (checked
 * black-box; it picks them by where the data lies, not by the minor version):
 *  - data at or after the superblock (1.1/1.2): before = data_offset minus the
 *    end of the metadata area: at least 72 sectors past the superblock, or the
 *    end of the bad-block log (from the superblock), or the end of the bitmap
 *    or PPL (their offset plus size, taken from the device start); after =
 *    device size - data_offset - used size, printed as "-N ... DEVICE TOO
 *    SMALL" (N = the shortfall less one) when negative;
 *  - data before the superblock (1.0): before = data_offset; after =
 *    super_offset minus the end of the data and of what the bitmap, PPL or
 *    log take before the superblock, 0 when that end lies past it;
 *  - the line is left out when before is 0 and after is 0 or 1.
 * "used" is the per-device size for redundant levels, data_size otherwise
 * (linear, raid0, a journal device). */
static uint64_t used_sectors(const struct sb1 *sb, uint16_t role)
{
	return (sb->level > 0 && role != SB1_ROLE_JOURNAL) ? sb->size : sb->data_size;
}

/* The data starts at or after the superblock, as on 1.1/1.2. */
static bool data_after_sb(const struct sb1 *sb)
{
	return sb->data_offset >= sb->super_offset;
}

/* Data after the superblock: sectors left after the data, negative when the
 * member is short. */
static int64_t after_data(const struct examine_input *in, uint16_t role)
{
	return as_signed(in->dev_sectors - in->sb->data_offset - used_sectors(in->sb, role));
}

/* The member lacks sectors for its data ("TRUNCATED DEVICE"); only checked
 * when the data runs to the device end. */
static bool truncated(const struct examine_input *in, uint16_t role)
{
	return data_after_sb(in->sb) && after_data(in, role) < 0;
}

/* 1.0: what the bitmap, PPL or bad-block log take just before the superblock. */
static uint64_t space_behind_sb(const struct sb1 *sb, bool bitmap)
{
	uint64_t back = 0;
	if (sb->bblog_size && sb->bblog_offset < 0)
		back = (uint64_t)-(int64_t)sb->bblog_offset;
	if (bitmap && sb->bitmap_offset < 0)
		back = max_u64(back, (uint64_t)-(int64_t)sb->bitmap_offset);
	if ((sb->feature_map & SB1_FEAT_PPL) && sb->ppl_offset < 0)
		back = max_u64(back, (uint64_t)-(int64_t)sb->ppl_offset);
	return back;
}

/* 1.1/1.2: the first sector past the metadata in front of the data. */
static uint64_t metadata_end(const struct examine_input *in, bool bitmap)
{
	const struct sb1 *sb = in->sb;
	uint64_t end = sb->super_offset + 72;  /* modular, as mdadm; unsigned: defined */
	if (sb->bblog_size && sb->bblog_offset > 0)
		end = max_u64(end, sb->super_offset + (uint64_t)sb->bblog_offset + sb->bblog_size);
	if (bitmap && sb->bitmap_offset > 0)
		end = max_u64(end, (uint64_t)sb->bitmap_offset + bitmap_space(in));
	if ((sb->feature_map & SB1_FEAT_PPL) && sb->ppl_offset > 0)
		end = max_u64(end, (uint64_t)sb->ppl_offset + sb->ppl_size);
	return end;
}

/* The Unused Space line's numbers: after as printed (for a device too small,
 * mdadm prints the shortfall less one), and the true signed room after the data. */
struct unused {
	uint64_t before, after;
	bool too_small;
	int64_t room;
};

static void unused_space(const struct examine_input *in, uint16_t role, struct unused *u)
{
	const struct sb1 *sb = in->sb;
	bool bitmap = (sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && in->bitmap_ok;
	u->too_small = false;
	if (!data_after_sb(sb)) {
		/* a modular sum, as mdadm's: a huge used size can wrap to a small end */
		uint64_t end = sb->data_offset + used_sectors(sb, role) + space_behind_sb(sb, bitmap);
		u->before = sb->data_offset;
		u->after = end > sb->super_offset ? 0 : sb->super_offset - end;
		u->room = u->after > INT64_MAX ? INT64_MAX : (int64_t)u->after;
	} else {
		uint64_t end = metadata_end(in, bitmap);
		int64_t left = after_data(in, role);
		u->before = sb->data_offset > end ? sb->data_offset - end : 0;
		u->too_small = left < 0;
		/* left + 1 > INT64_MIN: its negation fits */
		u->after = u->too_small ? (uint64_t)-(left + 1) : (uint64_t)left;
		u->room = left;
	}
}

bool examine_unused_space(const struct examine_input *in, uint16_t role, uint64_t *before, int64_t *after)
{
	struct unused u;
	unused_space(in, role, &u);
	*before = u.before;
	*after = u.room;
	return !(u.before == 0 && !u.too_small && u.after <= 1);
}

static void print_unused(FILE *f, const struct examine_input *in, uint16_t role)
{
	struct unused u;
	unused_space(in, role, &u);
	if (u.before == 0 && !u.too_small && u.after <= 1)
		return;
	fprintf(f, "   Unused Space : before=%" PRIu64 " sectors, after=%s%" PRIu64 " sectors%s\n",
		u.before, u.too_small ? "-" : "", u.after, u.too_small ? " DEVICE TOO SMALL" : "");
}

bool examine_truncated(const struct examine_input *in, uint16_t role)
{
	return truncated(in, role);
}

bool examine_array_bytes(const struct sb1 *sb, uint64_t *bytes)
{
	return sb->level != 0 && array_bytes(sb, bytes);
}

static void print_reshape(FILE *f, const struct sb1 *sb)
{
	char h[64], lay[64];
	fmt_human_paren(sb->reshape_position << 9, h, sizeof(h));
	fprintf(f, "  Reshape pos'n : %" PRIu64 "%s\n", sb->reshape_position / 2, h);
	if (sb->delta_disks)
		fprintf(f, "  Delta Devices : %" PRId32 " (%" PRId64 "->%" PRIu32 ")\n", sb->delta_disks,
			(int64_t)sb->raid_disks - sb->delta_disks, sb->raid_disks);
	if (sb->new_level != sb->level)
		fprintf(f, "      New Level : %s\n", out_level_name(sb->new_level));
	if (sb->new_layout != sb->layout) {
		/* Named with the current level's table, as mdadm does. */
		out_layout_text(sb->level, sb->new_layout, true, lay, sizeof(lay));
		fprintf(f, "     New Layout :%s\n", lay[0] ? lay : " -unknown-");
	}
	if (sb->new_chunk != sb->chunksize)
		fprintf(f, "  New Chunksize : %" PRIu32 "K\n", sb->new_chunk / 2);
	fputc('\n', f);
}

static void print_role(FILE *f, const struct sb1 *sb, uint16_t role)
{
	fputs("   Device Role : ", f);
	if (role == SB1_ROLE_SPARE || role == SB1_ROLE_FAULTY)
		fputs("spare\n", f);
	else if (role == SB1_ROLE_JOURNAL)
		fputs("Journal\n", f);
	else if (sb->feature_map & SB1_FEAT_REPLACEMENT)
		fprintf(f, "Replacement device %u\n", role);
	else
		fprintf(f, "Active device %u\n", role);
}

static void print_array_state(FILE *f, const struct sb1 *sb)
{
	char st[SB1_MAX_DEV + 1];
	bool bad = fmt_array_state(sb, st, sizeof(st));
	fprintf(f, "   Array State : %s ('A' == active, '.' == missing, 'R' == replacing)\n", st);
	if (!bad)
		return;
	fputs("WARNING Array state is inconsistent - each number should appear only once\n", f);
	uint32_t max = sb->max_dev < SB1_MAX_DEV ? sb->max_dev : SB1_MAX_DEV;
	for (uint32_t i = 0; i < max; i++) {
		uint16_t r = sb->dev_roles[i];
		if (r == SB1_ROLE_SPARE || r == SB1_ROLE_FAULTY)
			fprintf(f, " %u:-", i);
		else
			fprintf(f, " %u:%u", i, r);
	}
	fputc('\n', f);
}

/* Identity: magic, version, UUIDs, name, level. */
static void examine_identity(FILE *f, const struct examine_input *in, bool bitmap)
{
	const struct sb1 *sb = in->sb;
	char t[32];
	fprintf(f, "%s:\n", in->path);
	fprintf(f, "          Magic : %x\n", SB1_MAGIC);
	fprintf(f, "        Version : 1.%d\n", in->minor);
	fprintf(f, "    Feature Map : 0x%x\n", sb->feature_map);
	print_uuid(f, "     Array UUID : ", sb->set_uuid);
	out_name_line(f, "           Name : ", sb->set_name, in->homehost);
	if ((sb->feature_map & SB1_FEAT_CLUSTERED) && bitmap)
		fprintf(f, "   Cluster Name : %-64s\n", in->cluster_name ? in->cluster_name : "");
	fmt_time(sb->ctime, t);
	fprintf(f, "  Creation Time : %s\n", t);
	fprintf(f, "     Raid Level : %s\n", out_level_name(sb->level));
	fprintf(f, "   Raid Devices : %" PRIu32 "\n", sb->raid_disks);
	/* Not printed by mdadm 4.6: the array's logical block size (Linux 6.19+). */
	if (sb->logical_block_size)
		fprintf(f, "Logical Block Size : %" PRIu32 "\n", sb->logical_block_size);
	fputc('\n', f);
}

/* Sizes, offsets, Unused Space, State, Device UUID. */
static void examine_space(FILE *f, const struct examine_input *in, uint16_t role)
{
	const struct sb1 *sb = in->sb;
	char h[64];
	uint64_t abytes;
	fmt_human_paren(sb->data_size << 9, h, sizeof(h));
	fprintf(f, " Avail Dev Size : %" PRIu64 " sectors%s\n", sb->data_size, h);
	if (sb->level != 0) {
		if (array_bytes(sb, &abytes)) {
			fmt_human_paren(abytes, h, sizeof(h));
			fprintf(f, "     Array Size : %" PRIu64 " KiB%s\n", abytes >> 10, h);
		}
		if (sb->size != sb->data_size) {
			fmt_human_paren(sb->size << 9, h, sizeof(h));
			fprintf(f, "  Used Dev Size : %" PRIu64 " sectors%s\n", sb->size, h);
		}
	}
	if (sb->data_offset)
		fprintf(f, "    Data Offset : %" PRIu64 " sectors\n", sb->data_offset);
	if (sb->feature_map & SB1_FEAT_NEW_OFFSET)
		fprintf(f, "     New Offset : %" PRIu64 " sectors\n", sb->data_offset + (int64_t)sb->new_offset);
	fprintf(f, "   Super Offset : %" PRIu64 " sectors\n", sb->super_offset);
	if (sb->feature_map & SB1_FEAT_RECOVERY_OFFSET)
		fprintf(f, "Recovery Offset : %" PRIu64 " sectors\n", sb->recovery_offset);
	if (!(sb->feature_map & SB1_FEAT_NEW_OFFSET))
		print_unused(f, in, role);
	fprintf(f, "          State : %s%s\n", sb->resync_offset == UINT64_MAX ? "clean" : "active",
		truncated(in, role) ? " TRUNCATED DEVICE" : "");
	print_uuid(f, "    Device UUID : ", sb->device_uuid);
	fputc('\n', f);
}

static void print_flags(FILE *f, const struct sb1 *sb)
{
	if (!(sb->devflags & (SB1_DEVFLAG_WRITEMOSTLY | SB1_DEVFLAG_FAILFAST)))
		return;
	fputs("          Flags :", f);
	if (sb->devflags & SB1_DEVFLAG_WRITEMOSTLY)
		fputs(" write-mostly", f);
	if (sb->devflags & SB1_DEVFLAG_FAILFAST)
		fputs(" failfast", f);
	fputc('\n', f);
}

/* Bitmap, PPL, reshape, flags, update time, bad-block log, checksum, events. */
static void examine_state(FILE *f, const struct examine_input *in, bool bitmap)
{
	const struct sb1 *sb = in->sb;
	char t[32];
	if (bitmap)
		fprintf(f, "Internal Bitmap : %" PRId32 " sectors from superblock\n", sb->bitmap_offset);
	if (sb->feature_map & SB1_FEAT_PPL)
		fprintf(f, "            PPL : %u sectors at offset %d sectors from superblock\n",
			sb->ppl_size, sb->ppl_offset);
	if (sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE)
		print_reshape(f, sb);
	print_flags(f, sb);
	fmt_time(sb->utime, t);
	fprintf(f, "    Update Time : %s\n", t);
	if (sb->bblog_size && sb->bblog_offset)
		fprintf(f, "  Bad Block Log : %u entries available at offset %" PRId32 " sectors%s\n",
			(unsigned)sb->bblog_size * 64, sb->bblog_offset,
			(sb->feature_map & SB1_FEAT_BAD_BLOCKS) ? " - bad blocks present." : "");
	out_checksum_events(f, sb->sb_csum, in->csum_computed, sb->events);
}

static void examine_geometry(FILE *f, const struct sb1 *sb)
{
	char lay[64];
	out_layout_text(sb->level, sb->layout, sb->feature_map & SB1_FEAT_RAID0_LAYOUT, lay, sizeof(lay));
	if (lay[0])
		fprintf(f, "         Layout :%s\n", lay);
	if (level_has_chunk(sb->level))
		fprintf(f, "     Chunk Size : %" PRIu32 "K\n", sb->chunksize / 2);
	else if (sb->level == LEVEL_LINEAR)
		fprintf(f, "       Rounding : %" PRIu32 "K\n", sb->chunksize / 2);
	fputc('\n', f);
}

void fmt_examine(FILE *f, const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	uint16_t role = sb1_role(sb);
	bool bitmap = (sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && in->bitmap_ok;
	examine_identity(f, in, bitmap);
	examine_space(f, in, role);
	examine_state(f, in, bitmap);
	examine_geometry(f, sb);
	print_role(f, sb, role);
	print_array_state(f, sb);
}

void fmt_examine_export(FILE *f, const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	char h[64], u[37];
	uint64_t abytes;
	fprintf(f, "MD_LEVEL=%s\n", out_level_name(sb->level));
	fprintf(f, "MD_DEVICES=%" PRIu32 "\n", sb->raid_disks);
	out_export_name(f, sb->set_name);
	if (sb->level != 0 && array_bytes(sb, &abytes)) {
		fmt_human_brief(abytes, h, sizeof(h));
		fprintf(f, "MD_ARRAY_SIZE=%s\n", h);
	}
	uuid_format(sb->set_uuid, ':', u);
	fprintf(f, "MD_UUID=%s\n", u);
	fprintf(f, "MD_UPDATE_TIME=%" PRIu64 "\n", sb1_time_sec(sb->utime));
	uuid_format(sb->device_uuid, ':', u);
	fprintf(f, "MD_DEV_UUID=%s\n", u);
	fprintf(f, "MD_EVENTS=%" PRIu64 "\n", sb->events);
}

bool sb_counts_as_spare(const struct sb1 *sb)
{
	uint16_t r = sb1_role(sb);
	return r == SB1_ROLE_SPARE || r == SB1_ROLE_FAULTY || r == SB1_ROLE_JOURNAL ||
	       (sb->feature_map & SB1_FEAT_REPLACEMENT);
}

void fmt_examine_brief(FILE *f, const struct sb1 *sb, int minor, bool verbose, int spares,
		       const char *devices)
{
	char u[37];
	uuid_format(sb->set_uuid, ':', u);
	fputs("ARRAY ", f);
	/* The line goes into mdadm.conf: a name from disk only when config.c
	 * reads it back as the same one word and it stays a /dev/md/ link;
	 * else the array goes by its UUID alone, as one without a name. */
	const char *name = fmt_short_name(sb->set_name);
	if (udev_name_ok(name))
		fprintf(f, "/dev/md/%s ", name);
	/* mdadm leaves out a level it has no name for. */
	if (verbose && strcmp(out_level_name(sb->level), "-unknown-"))
		fprintf(f, " level=%s", out_level_name(sb->level));
	fprintf(f, " metadata=1.%d ", minor);
	if (verbose)
		fprintf(f, "num-devices=%" PRIu32 " ", sb->raid_disks);
	fprintf(f, "UUID=%s\n", u);
	if (spares)
		fprintf(f, "   spares=%d", spares);
	if (verbose && devices)
		fprintf(f, "   devices=%s", devices);
	if (spares || (verbose && devices))
		fputc('\n', f);
}
