/* --examine / --detail / --query text in mdadm 4.6's layout (see output.h).
 * Every rule below was checked black-box against mdadm 4.6 on crafted and on
 * real superblocks; the unit tests hold the captured output. */
#include "output.h"
#include "udev_name.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/raid/md_p.h>   /* MD_DISK_* state bits of GET_DISK_INFO */
#include "levels.h"
#include "sizes.h"
#include "uuid.h"

/* mdadm prints no human size below 5000 KiB. */
#define HUMAN_MIN_BYTES (5000ULL * 1024)

void fmt_human_paren(uint64_t bytes, char *out, size_t n)
{
	char h[48];     /* at most "16777216.00 TiB 18446744.07 TB" */
	if (bytes < HUMAN_MIN_BYTES) {
		if (n)
			out[0] = '\0';
		return;
	}
	human_size_pair(bytes, h, sizeof(h));
	snprintf(out, n, " (%s)", h);
}

void fmt_human_brief(uint64_t bytes, char *out, size_t n)
{
	if (bytes < HUMAN_MIN_BYTES) {
		if (n)
			out[0] = '\0';
		return;
	}
	human_size_compact(bytes, false, out, n);
}

void fmt_time(uint64_t sb_time, char out[32])
{
	time_t t = (time_t)sb1_time_sec(sb_time);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(out, 32, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(out, 32, "%" PRIu64, sb1_time_sec(sb_time));
}

/* Level names as mdadm prints them (multipath and faulty are old md levels). */
static const char *md_level_name(int level)
{
	if (level == -4)
		return "multipath";
	if (level == -5)
		return "faulty";
	const char *n = level_name(level);
	return strcmp(n, "unknown") ? n : "-unknown-";
}

/* raid5/raid6 layout names (drivers/md/raid5.h ALGORITHM_*); raid5 knows only
 * the first six, as mdadm's raid5 table. */
static const char *r56_layout_name(int level, uint32_t layout)
{
	static const char *const base[] = {
		"left-asymmetric", "right-asymmetric", "left-symmetric",
		"right-symmetric", "parity-first", "parity-last",
	};
	if (layout < 6)
		return base[layout];
	if (level != 6)
		return "-unknown-";
	switch (layout) {
	case 8: return "ddf-zero-restart";
	case 9: return "ddf-N-restart";
	case 10: return "ddf-N-continue";
	case 16: return "left-asymmetric-6";
	case 17: return "right-asymmetric-6";
	case 18: return "left-symmetric-6";
	case 19: return "right-symmetric-6";
	case 20: return "parity-first-6";
	default: return "-unknown-";
	}
}

static const char *r0_layout_name(uint32_t layout)
{
	switch (layout) {
	case 0: return "dangerous";
	case RAID0_ORIG_LAYOUT: return "original";
	case RAID0_ALT_MULTIZONE_LAYOUT: return "alternate";
	default: return "-unknown-";
	}
}

/* raid10 layout (drivers/md/raid10.c setup_geo): near copies in bits 0-7, far
 * copies in 8-15, bit 16 "offset". mdadm glues the parts after "Layout :"
 * itself, hence the missing space in "Layout :NO REDUNDANCY". */
static void r10_layout_text(uint32_t layout, char *out, size_t n)
{
	unsigned near = layout & 0xff, far = (layout >> 8) & 0xff;
	int k = 0;
	out[0] = '\0';
	if (near > 1)
		k += snprintf(out + k, n - (size_t)k, " near=%u", near);
	if (near > 1 && far > 1)
		k += snprintf(out + k, n - (size_t)k, ",");
	if (far > 1)
		k += snprintf(out + k, n - (size_t)k, " %s=%u", (layout & 0x10000) ? "offset" : "far", far);
	if (near * far == 1)
		snprintf(out + k, n - (size_t)k, "NO REDUNDANCY");
}

/* Text after "Layout :" (leading space included), or "" when the level has no
 * layout line. raid0 has one only when the superblock records a layout. */
static void layout_text(int level, uint32_t layout, bool raid0_layout, char *out, size_t n)
{
	out[0] = '\0';
	if (level == 5 || level == 6)
		snprintf(out, n, " %s", r56_layout_name(level, layout));
	else if (level == 10)
		r10_layout_text(layout, out, n);
	else if (level == 0 && raid0_layout)
		snprintf(out, n, " %s", r0_layout_name(layout));
}

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
 * (checked at the 4 KiB boundaries). */
static uint64_t bitmap_space(const struct examine_input *in)
{
	if (!in->bitmap_chunksize)
		return 0;
	uint64_t bits = (uint64_t)(((unsigned __int128)in->bitmap_sync_size * 512 +
				    in->bitmap_chunksize - 1) / in->bitmap_chunksize);
	uint64_t bytes = 256 + (bits + 7) / 8;
	return (bytes + 4095) / 4096 * 8;
}

static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* "Unused Space : before=B sectors, after=A sectors". mdadm's rules:
 *  - superblock at the start (1.1/1.2): before = data_offset minus the end of
 *    the metadata area: at least 72 sectors past the superblock, or the end of
 *    the bad-block log (from the superblock), or the end of the bitmap or PPL
 *    (their offset plus size, taken from the device start); after = device size
 *    - data_offset - used size, printed as "-N ... DEVICE TOO SMALL" (N = the
 *    shortfall less one) when negative;
 *  - superblock at the end (1.0): before = data_offset; after = super_offset -
 *    data_offset - used, less what the bitmap, PPL or log take before the
 *    superblock, clamped at 0;
 *  - the line is left out when before is 0 and after is 0 or 1.
 * "used" is the per-device size for redundant levels, data_size otherwise
 * (linear, raid0, a journal device). */
/* Sectors the member lacks for its data (> 0: "TRUNCATED DEVICE"); only
 * checked for 1.1/1.2, where the data runs to the device end. */
static uint64_t used_sectors(const struct sb1 *sb, uint16_t role)
{
	return (sb->level > 0 && role != SB1_ROLE_JOURNAL) ? sb->size : sb->data_size;
}

static bool truncated(const struct examine_input *in, uint16_t role)
{
	const struct sb1 *sb = in->sb;
	return in->minor != 0 &&
	       (unsigned __int128)sb->data_offset + used_sectors(sb, role) > in->dev_sectors;
}

bool examine_unused_space(const struct examine_input *in, uint16_t role, uint64_t *before_out, int64_t *after_out)
{
	const struct sb1 *sb = in->sb;
	uint64_t used = used_sectors(sb, role);
	bool bitmap = (sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && in->bitmap_ok;
	bool ppl = sb->feature_map & SB1_FEAT_PPL;
	uint64_t before;
	int64_t after;
	if (in->minor == 0) {
		int64_t back = 0;
		if (sb->bblog_size && sb->bblog_offset < 0)
			back = -(int64_t)sb->bblog_offset;
		if (bitmap && sb->bitmap_offset < 0 && -(int64_t)sb->bitmap_offset > back)
			back = -(int64_t)sb->bitmap_offset;
		if (ppl && sb->ppl_offset < 0 && -(int64_t)sb->ppl_offset > back)
			back = -(int64_t)sb->ppl_offset;
		before = sb->data_offset;
		after = (int64_t)(sb->super_offset - sb->data_offset - used) - back;
		if ((int64_t)(sb->super_offset - sb->data_offset) < (int64_t)used + back || after < 0)
			after = 0;
	} else {
		uint64_t end = sb->super_offset + 72;
		if (sb->bblog_size && sb->bblog_offset > 0)
			end = max_u64(end, sb->super_offset + (uint64_t)sb->bblog_offset + sb->bblog_size);
		if (bitmap && sb->bitmap_offset > 0)
			end = max_u64(end, (uint64_t)sb->bitmap_offset + bitmap_space(in));
		if (ppl && sb->ppl_offset > 0)
			end = max_u64(end, (uint64_t)sb->ppl_offset + sb->ppl_size);
		before = sb->data_offset > end ? sb->data_offset - end : 0;
		after = (int64_t)(in->dev_sectors - sb->data_offset - used);
	}
	*before_out = before;
	*after_out = after;
	return !(before == 0 && (after == 0 || after == 1));
}

static void print_unused(FILE *f, const struct examine_input *in, uint16_t role)
{
	uint64_t before;
	int64_t after;
	if (!examine_unused_space(in, role, &before, &after))
		return;
	if (after < 0)
		fprintf(f, "   Unused Space : before=%" PRIu64 " sectors, after=-%" PRIu64
			" sectors DEVICE TOO SMALL\n", before, (uint64_t)(-(after + 1)));
	else
		fprintf(f, "   Unused Space : before=%" PRIu64 " sectors, after=%" PRIu64 " sectors\n",
			before, (uint64_t)after);
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
		fprintf(f, "      New Level : %s\n", md_level_name(sb->new_level));
	if (sb->new_layout != sb->layout) {
		/* Named with the current level's table, as mdadm does. */
		layout_text(sb->level, sb->new_layout, true, lay, sizeof(lay));
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

static void print_name(FILE *f, const char *label, const char *name, const char *homehost)
{
	fprintf(f, "%s%s", label, name);
	size_t hl = homehost ? strlen(homehost) : 0;
	if (hl && !strncmp(name, homehost, hl) && name[hl] == ':')
		fprintf(f, "  (local to host %s)", homehost);
	fputc('\n', f);
}

void fmt_examine(FILE *f, const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	uint16_t role = sb1_role(sb);
	char h[64], t[32], lay[64];
	uint64_t abytes;
	bool bitmap = (sb->feature_map & SB1_FEAT_BITMAP_OFFSET) && in->bitmap_ok;

	fprintf(f, "%s:\n", in->path);
	fprintf(f, "          Magic : %x\n", SB1_MAGIC);
	fprintf(f, "        Version : 1.%d\n", in->minor);
	fprintf(f, "    Feature Map : 0x%x\n", sb->feature_map);
	print_uuid(f, "     Array UUID : ", sb->set_uuid);
	print_name(f, "           Name : ", sb->set_name, in->homehost);
	if ((sb->feature_map & SB1_FEAT_CLUSTERED) && bitmap)
		fprintf(f, "   Cluster Name : %-64s\n", in->cluster_name ? in->cluster_name : "");
	fmt_time(sb->ctime, t);
	fprintf(f, "  Creation Time : %s\n", t);
	fprintf(f, "     Raid Level : %s\n", md_level_name(sb->level));
	fprintf(f, "   Raid Devices : %" PRIu32 "\n", sb->raid_disks);
	/* Not printed by mdadm 4.6: the array's logical block size (Linux 6.19+). */
	if (sb->logical_block_size)
		fprintf(f, "Logical Block Size : %" PRIu32 "\n", sb->logical_block_size);
	fputc('\n', f);

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

	if (bitmap)
		fprintf(f, "Internal Bitmap : %" PRId32 " sectors from superblock\n", sb->bitmap_offset);
	if (sb->feature_map & SB1_FEAT_PPL)
		fprintf(f, "            PPL : %u sectors at offset %d sectors from superblock\n",
			sb->ppl_size, sb->ppl_offset);
	if (sb->feature_map & SB1_FEAT_RESHAPE_ACTIVE)
		print_reshape(f, sb);
	if (sb->devflags & (SB1_DEVFLAG_WRITEMOSTLY | SB1_DEVFLAG_FAILFAST)) {
		fputs("          Flags :", f);
		if (sb->devflags & SB1_DEVFLAG_WRITEMOSTLY)
			fputs(" write-mostly", f);
		if (sb->devflags & SB1_DEVFLAG_FAILFAST)
			fputs(" failfast", f);
		fputc('\n', f);
	}
	fmt_time(sb->utime, t);
	fprintf(f, "    Update Time : %s\n", t);
	if (sb->bblog_size && sb->bblog_offset)
		fprintf(f, "  Bad Block Log : %u entries available at offset %" PRId32 " sectors%s\n",
			(unsigned)sb->bblog_size * 64, sb->bblog_offset,
			(sb->feature_map & SB1_FEAT_BAD_BLOCKS) ? " - bad blocks present." : "");
	if (sb->sb_csum == in->csum_computed)
		fprintf(f, "       Checksum : %x - correct\n", sb->sb_csum);
	else
		fprintf(f, "       Checksum : %x - expected %x\n", sb->sb_csum, in->csum_computed);
	fprintf(f, "         Events : %" PRIu64 "\n", sb->events);
	fputc('\n', f);

	layout_text(sb->level, sb->layout, sb->feature_map & SB1_FEAT_RAID0_LAYOUT, lay, sizeof(lay));
	if (lay[0])
		fprintf(f, "         Layout :%s\n", lay);
	if (sb->level == 0 || sb->level == 4 || sb->level == 5 || sb->level == 6 || sb->level == 10)
		fprintf(f, "     Chunk Size : %" PRIu32 "K\n", sb->chunksize / 2);
	else if (sb->level == LEVEL_LINEAR)
		fprintf(f, "       Rounding : %" PRIu32 "K\n", sb->chunksize / 2);
	fputc('\n', f);

	print_role(f, sb, role);
	print_array_state(f, sb);
}

/* MD_NAME for udev's IMPORT: the name comes from disk, so only in the form
 * that is safe in a property and a link name (udev_name.c), else not at all. */
static void print_export_name(FILE *f, const char set_name[33])
{
	char safe[UDEV_NAME_MAX + 1];
	if (set_name[0] && udev_name_from_disk(set_name, 32, safe, sizeof(safe)) == 0)
		fprintf(f, "MD_NAME=%s\n", safe);
}

void fmt_examine_export(FILE *f, const struct examine_input *in)
{
	const struct sb1 *sb = in->sb;
	char h[64], u[37];
	uint64_t abytes;
	fprintf(f, "MD_LEVEL=%s\n", md_level_name(sb->level));
	fprintf(f, "MD_DEVICES=%" PRIu32 "\n", sb->raid_disks);
	print_export_name(f, sb->set_name);
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

const char *fmt_short_name(const char *set_name)
{
	const char *c = strchr(set_name, ':');
	return c ? c + 1 : set_name;
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
	if (sb->set_name[0])
		fprintf(f, "/dev/md/%s ", fmt_short_name(sb->set_name));
	/* mdadm leaves out a level it has no name for. */
	if (verbose && strcmp(md_level_name(sb->level), "-unknown-"))
		fprintf(f, " level=%s", md_level_name(sb->level));
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

/* ---- --detail ---- */

static bool has_chunk(int level)
{
	return level == 0 || level == 4 || level == 5 || level == 6 || level == 10;
}

/* Levels whose members have a "Used Dev Size". */
static bool has_used_dev(int level)
{
	return level == 1 || level == 4 || level == 5 || level == 6 || level == 10;
}

static bool m_faulty(const struct detail_member *m) { return m->state & (1 << MD_DISK_FAULTY); }
static bool m_sync(const struct detail_member *m) { return m->state & (1 << MD_DISK_SYNC); }
static bool m_journal(const struct detail_member *m) { return m->state & (1 << MD_DISK_JOURNAL); }

/* In a slot of the table (else listed after it, with "-" for RaidDevice). */
static bool m_slotted(const struct detail_member *m)
{
	return m->raid_disk >= 0 && !m_faulty(m) && !m_journal(m);
}

bool detail_enough(const struct md_detail *d)
{
	int n = d->raid_disks;
	if (n <= 0 || n > 4096)
		return false;
	bool insync[4096] = { false };
	int cnt = 0;
	for (int i = 0; i < d->nmembers; i++) {
		const struct detail_member *m = &d->m[i];
		if (m_slotted(m) && m_sync(m) && m->raid_disk < n && !insync[m->raid_disk]) {
			insync[m->raid_disk] = true;
			cnt++;
		}
	}
	switch (d->level) {
	case 1: return cnt >= 1;
	case 4: case 5: return cnt >= n - 1;
	case 6: return cnt >= n - 2;
	case 10: {
		/* raid10.c _enough(): every run of near*far consecutive slots, taken
		 * at steps of near copies, needs one working member. */
		int near = d->layout & 0xff, copies = near * ((d->layout >> 8) & 0xff);
		if (near < 1 || copies < 1)
			return false;
		int first = 0;
		do {
			int ok = 0;
			for (int k = 0, s = first; k < copies; k++, s = (s + 1) % n)
				ok += insync[s];
			if (!ok)
				return false;
			first = (first + near) % n;
		} while (first != 0);
		return true;
	}
	default: return cnt >= n;      /* linear, raid0: every member */
	}
}

int detail_test_status(const struct md_detail *d)
{
	if (d->inactive || !detail_enough(d))
		return 2;
	return d->active_devices < d->raid_disks ? 1 : 0;
}

void detail_array_path(const struct md_detail *d, char *out, size_t n)
{
	if (d->link[0])
		snprintf(out, n, "/dev/md/%s", d->link);
	else
		snprintf(out, n, "/dev/%s", d->kname);
}

static const char *sync_word(enum sync_kind k)
{
	switch (k) {
	case SYNC_RESYNC: return "Resync";
	case SYNC_RECOVER: return "Rebuild";
	case SYNC_RESHAPE: return "Reshape";
	case SYNC_CHECK: return "Check";
	default: return "";
	}
}

static const char *sync_state(enum sync_kind k)
{
	switch (k) {
	case SYNC_RESYNC: return ", resyncing";
	case SYNC_RECOVER: return ", recovering";
	case SYNC_RESHAPE: return ", reshaping";
	case SYNC_CHECK: return ", checking";
	default: return "";
	}
}

/* "clean, degraded, recovering" */
static void state_text(const struct md_detail *d, char *out, size_t n)
{
	const char *health = !detail_enough(d) ? ", FAILED" :
			     d->active_devices < d->raid_disks ? ", degraded" : "";
	const char *wait = d->sync == SYNC_NONE ? "" :
			   d->sync_wait == SYNC_DELAYED ? " (DELAYED)" :
			   d->sync_wait == SYNC_PENDING ? " (PENDING)" : "";
	snprintf(out, n, "%s%s%s%s", d->clean ? "clean" : "active", health, sync_state(d->sync), wait);
}

/* raid10 with near copies only and whole copy sets: which set ("set-A"...)
 * a slot belongs to. 0 when the layout has no sets. */
static char r10_set(const struct md_detail *d, int slot)
{
	int near = d->layout & 0xff, far = (d->layout >> 8) & 0xff;
	if (d->level != 10 || (d->layout >> 17) || far != 1 || near < 2 || near > 26 ||
	    slot < 0 || d->raid_disks % near)
		return 0;
	return (char)('A' + slot % near);
}

static void detail_row(FILE *f, const struct md_detail *d, const struct detail_member *m, bool slot_col)
{
	fprintf(f, "   %5d   %5d    %5d    ", m->number, m->major, m->minor);
	if (slot_col)
		fprintf(f, "%5d     ", m->raid_disk);
	else
		fprintf(f, "%5s     ", "-");
	bool faulty = m_faulty(m), active = m->state & (1 << MD_DISK_ACTIVE);
	if (faulty)
		fputs(" faulty", f);
	if (active)
		fputs(" active", f);
	if (m_sync(m))
		fputs(" sync", f);
	if (slot_col && r10_set(d, m->raid_disk))
		fprintf(f, " set-%c", r10_set(d, m->raid_disk));
	if (m->state & (1 << MD_DISK_WRITEMOSTLY))
		fputs(" writemostly", f);
	if (m->state & (1 << MD_DISK_FAILFAST))
		fputs(" failfast", f);
	if (m_journal(m))
		fputs(" journal", f);
	if (!faulty && !active && !m_sync(m) && !m_journal(m)) {
		fputs(" spare", f);
		if (m->raid_disk >= 0)
			fputs(" rebuilding", f);
	}
	if (m->kname[0])
		fprintf(f, "   /dev/%s", m->kname);
	fputc('\n', f);
}

/* Members sorted by number: the kernel hands them out in that order. */
static void sorted_members(const struct md_detail *d, int *idx)
{
	for (int i = 0; i < d->nmembers; i++)
		idx[i] = i;
	for (int i = 1; i < d->nmembers; i++)
		for (int j = i; j > 0 && d->m[idx[j - 1]].number > d->m[idx[j]].number; j--) {
			int t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
}

/* Slots 0..raid_disks-1 in order (the replacement after the member it
 * replaces, an empty slot as "removed"), then a blank line and the members
 * without a slot: spares, faulty and journal devices. */
static void detail_table(FILE *f, const struct md_detail *d)
{
	int idx[DETAIL_MAX_MEMBERS];
	int n = d->nmembers;
	sorted_members(d, idx);
	fputs("    Number   Major   Minor   RaidDevice State\n", f);
	for (int slot = 0; slot < d->raid_disks; slot++) {
		bool any = false;
		for (int i = 0; i < n; i++) {
			const struct detail_member *m = &d->m[idx[i]];
			if (m_slotted(m) && m->raid_disk == slot) {
				detail_row(f, d, m, true);
				any = true;
			}
		}
		if (!any)
			fprintf(f, "   %5s   %5d    %5d    %5d      removed\n", "-", 0, 0, slot);
	}
	bool blank = false;
	for (int i = 0; i < n; i++) {
		const struct detail_member *m = &d->m[idx[i]];
		if (m_slotted(m) && m->raid_disk < d->raid_disks)
			continue;
		if (!blank)
			fputc('\n', f);
		blank = true;
		detail_row(f, d, m, m_slotted(m));
	}
}

/* raid0 gets a Layout line only for the two layouts the kernel names. */
static void detail_layout_text(int level, uint32_t layout, char *out, size_t n)
{
	layout_text(level, layout, level == 0 && (layout == RAID0_ORIG_LAYOUT ||
						  layout == RAID0_ALT_MULTIZONE_LAYOUT), out, n);
}

void fmt_detail(FILE *f, const struct md_detail *d)
{
	char h[64], t[32], st[160], u[37];
	fprintf(f, "%s:\n", d->devpath);
	fprintf(f, "           Version : %s\n", d->metadata);
	fmt_time(d->ctime, t);
	fprintf(f, "     Creation Time : %s\n", t);
	fprintf(f, "        Raid Level : %s\n", md_level_name(d->level));
	fmt_human_paren(d->array_kib << 10, h, sizeof(h));
	fprintf(f, "        Array Size : %" PRIu64 "%s\n", d->array_kib, h);
	if (has_used_dev(d->level)) {
		fmt_human_paren(d->used_dev_kib << 10, h, sizeof(h));
		fprintf(f, "     Used Dev Size : %" PRIu64 "%s\n", d->used_dev_kib, h);
	}
	fprintf(f, "      Raid Devices : %d\n", d->raid_disks);
	fprintf(f, "     Total Devices : %d\n", d->total_devices);
	fprintf(f, "       Persistence : Superblock is %spersistent\n", d->persistent ? "" : "not ");
	/* two lines mdadm 4.6 does not print */
	if (d->logical_block_size)
		fprintf(f, "Logical Block Size : %" PRIu32 "\n", d->logical_block_size);
	fputc('\n', f);
	if (d->bitmap)
		fprintf(f, "     Intent Bitmap : Internal\n%s\n", d->llbitmap ? "       Bitmap Type : llbitmap\n" : "");
	fmt_time(d->utime, t);
	fprintf(f, "       Update Time : %s\n", t);
	state_text(d, st, sizeof(st));
	fprintf(f, "             State : %s \n", st);
	fprintf(f, "    Active Devices : %d\n", d->active_devices);
	fprintf(f, "   Working Devices : %d\n", d->working_devices);
	fprintf(f, "    Failed Devices : %d\n", d->failed_devices);
	fprintf(f, "     Spare Devices : %d\n\n", d->spare_devices);

	bool geo = false;
	char lay[64];
	detail_layout_text(d->level, d->layout, lay, sizeof(lay));
	if (lay[0]) {
		fprintf(f, "            Layout :%s\n", lay);
		geo = true;
	}
	if (has_chunk(d->level)) {
		fprintf(f, "        Chunk Size : %" PRIu32 "K\n", d->chunk_kib);
		geo = true;
	} else if (d->level == LEVEL_LINEAR) {
		fprintf(f, "          Rounding : %" PRIu32 "K\n", d->chunk_kib);
		geo = true;
	}
	if (geo)
		fputc('\n', f);
	if (d->consistency[0])
		fprintf(f, "Consistency Policy : %s\n\n", d->consistency);

	bool more = false;
	if (d->sync != SYNC_NONE && d->sync_wait == SYNC_RUNNING) {
		fprintf(f, "    %7s Status : %d%% complete\n", sync_word(d->sync), d->sync_percent);
		more = true;
	}
	if (d->reshaping) {
		if (d->raid_disks != d->prev_raid_disks)
			fprintf(f, "     Delta Devices : %d, (%d->%d)\n", d->raid_disks - d->prev_raid_disks,
				d->prev_raid_disks, d->raid_disks);
		if (d->new_level != d->level)
			fprintf(f, "         New Level : %s\n", md_level_name(d->new_level));
		if (d->new_layout != d->layout) {
			detail_layout_text(d->new_level, d->new_layout, lay, sizeof(lay));
			fprintf(f, "        New Layout :%s\n", lay);
		}
		if (d->new_chunk_kib != d->chunk_kib)
			fprintf(f, "     New Chunksize : %" PRIu32 "K\n", d->new_chunk_kib);
		more = true;
	}
	if (more)
		fputc('\n', f);
	if (d->have_sb) {
		print_name(f, "              Name : ", d->name, d->homehost);
		uuid_format(d->uuid, ':', u);
		fprintf(f, "              UUID : %s\n", u);
		fprintf(f, "            Events : %" PRIu64 "\n\n", d->events);
	}
	detail_table(f, d);
}

/* Member kernel names sorted, for "devices=". */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void fmt_detail_brief(FILE *f, const struct md_detail *d, bool verbose)
{
	char u[37];
	/* The device as named on the command line (--scan names it by its link). */
	fprintf(f, "ARRAY %s", d->devpath);
	if (verbose)
		fprintf(f, " level=%s num-devices=%d", md_level_name(d->level), d->raid_disks);
	fprintf(f, " metadata=%s", d->metadata);
	if (d->spare_devices)
		fprintf(f, " spares=%d", d->spare_devices);
	if (d->have_sb) {
		uuid_format(d->uuid, ':', u);
		fprintf(f, " UUID=%s", u);
	}
	fputc('\n', f);
	if (!verbose)
		return;
	const char *names[DETAIL_MAX_MEMBERS];
	int n = 0;
	for (int i = 0; i < d->nmembers; i++)
		if (d->m[i].kname[0])
			names[n++] = d->m[i].kname;
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	fputs("   devices=", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s/dev/%s", i ? "," : "", names[i]);
	fputc('\n', f);
}

void fmt_detail_export(FILE *f, const struct md_detail *d)
{
	char u[37];
	/* A not started array: no level, and the members it has. */
	if (!d->inactive)
		fprintf(f, "MD_LEVEL=%s\n", md_level_name(d->level));
	fprintf(f, "MD_DEVICES=%d\n", d->inactive ? d->nmembers : d->raid_disks);
	fprintf(f, "MD_METADATA=%s\n", d->metadata);
	if (d->have_sb) {
		uuid_format(d->uuid, ':', u);
		fprintf(f, "MD_UUID=%s\n", u);
	}
	if (d->link[0])
		fprintf(f, "MD_DEVNAME=%s\n", d->link);
	fprintf(f, "MD_RESHAPE_ACTIVE=%s\n", d->reshaping ? "True" : "False");
	if (d->have_sb)
		print_export_name(f, d->name);
	for (int i = 0; i < d->nmembers; i++) {
		const struct detail_member *m = &d->m[i];
		char key[64];
		if (!m->kname[0])
			continue;
		/* "dev-loop0" with every non-alphanumeric as '_'. */
		snprintf(key, sizeof(key), "dev_%s", m->kname);
		for (char *c = key; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
				*c = '_';
		if (m_slotted(m))
			fprintf(f, "MD_DEVICE_%s_ROLE=%d\n", key, m->raid_disk);
		else
			fprintf(f, "MD_DEVICE_%s_ROLE=spare\n", key);
		fprintf(f, "MD_DEVICE_%s_DEV=/dev/%s\n", key, m->kname);
	}
}

void fmt_human_query(uint64_t bytes, char *out, size_t n)
{
	if (bytes < HUMAN_MIN_BYTES) {
		if (n)
			out[0] = '\0';
		return;
	}
	human_size_compact(bytes, true, out, n);
}

void fmt_query_array(FILE *f, const char *path, const struct md_detail *d)
{
	char h[48];
	/* Spares as mdadm counts them here: working members not in sync. */
	int spares = d->working_devices - d->active_devices;
	fmt_human_query(d->array_kib << 10, h, sizeof(h));
	fprintf(f, "%s: %s %s %d devices, %d spare%s. Use mdctl --detail for more detail.\n",
		path, h, md_level_name(d->level), d->raid_disks, spares, spares == 1 ? "" : "s");
}

void fmt_detail_inactive(FILE *f, const struct md_detail *d)
{
	char u[37];
	fprintf(f, "%s:\n", d->devpath);
	fprintf(f, "           Version : %s\n", d->metadata);
	if (d->level != LEVEL_UNKNOWN)
		fprintf(f, "        Raid Level : %s\n", md_level_name(d->level));
	fprintf(f, "     Total Devices : %d\n", d->total_devices);
	fprintf(f, "       Persistence : Superblock is persistent\n\n");
	fprintf(f, "             State : inactive\n");
	fprintf(f, "    Active Devices : %d\n", d->active_devices);
	fprintf(f, "   Working Devices : %d\n", d->working_devices);
	fprintf(f, "    Failed Devices : %d\n", d->failed_devices);
	fprintf(f, "     Spare Devices : %d\n\n", d->spare_devices);
	if (d->have_sb) {
		print_name(f, "              Name : ", d->name, d->homehost);
		uuid_format(d->uuid, ':', u);
		fprintf(f, "              UUID : %s\n", u);
		fprintf(f, "            Events : %" PRIu64 "\n\n", d->events);
	}
	fputs("    Number   Major   Minor   RaidDevice\n\n", f);
	for (int i = 0; i < d->nmembers; i++)
		fprintf(f, "   %5s   %5d    %5d    %5s        /dev/%s\n", "-", d->m[i].major, d->m[i].minor,
			"-", d->m[i].kname);
}

void fmt_detail_inactive_brief(FILE *f, const struct md_detail *d, bool verbose)
{
	char u[37];
	fprintf(f, "INACTIVE-ARRAY %s", d->devpath);
	if (verbose)
		fprintf(f, " num-devices=%d", d->nmembers);
	fprintf(f, " metadata=%s", d->metadata);
	if (d->have_sb) {
		uuid_format(d->uuid, ':', u);
		fprintf(f, " UUID=%s", u);
	}
	fputc('\n', f);
	if (verbose && d->nmembers) {
		fputs("   devices=", f);
		for (int i = 0; i < d->nmembers; i++)
			fprintf(f, "%s/dev/%s", i ? "," : "", d->m[i].kname);
		fputc('\n', f);
	}
}

/* ---- values for other renderers (output.h) ---- */

bool examine_array_bytes(const struct sb1 *sb, uint64_t *bytes)
{
	return sb->level != 0 && array_bytes(sb, bytes);
}

bool examine_truncated(const struct examine_input *in, uint16_t role)
{
	return truncated(in, role);
}
