/* --examine text, --examine --export and the --examine --brief ARRAY line of
 * one 0.90 superblock, in mdadm 4.6's layout. Every rule was checked
 * black-box against mdadm 4.6 on superblocks it wrote (tests/unit/fixtures/
 * super0/ holds them with its output). Pure: prints only to the FILE given. */
#include "output_examine0.h"
#include "output_int.h"
#include "levels.h"
#include <inttypes.h>
#include <string.h>

/* Data disks over copies, as mdadm figures the Array Size (raid10 with 3
 * devices and 2 near copies: one and a half members). */
bool sb0_array_kib(const struct sb0 *sb, uint64_t *kib)
{
	uint64_t data, copies = 1;
	switch (sb->level) {
	case 1: data = 1; break;
	case 4: case 5: data = sb->raid_disks - 1; break;
	case 6: data = sb->raid_disks - 2; break;
	case 10:
		data = sb->raid_disks;
		copies = (uint64_t)(sb->layout & 0xff) * ((sb->layout >> 8) & 0xff);
		break;
	default: return false;
	}
	/* raid_disks too small for the level (decode allows 1..27) */
	if (!copies || data == 0 || data > SB0_DISKS)
		return false;
	*kib = (uint64_t)sb->size * data / copies;
	return true;
}

static void print_time(FILE *f, const char *label, uint32_t t)
{
	char s[32];
	fmt_time(t, s);
	fprintf(f, "%s%s\n", label, s);
}

static void examine0_head(FILE *f, const struct examine0_input *in)
{
	const struct sb0 *sb = in->sb;
	char u[36], h[64];
	uint64_t kib;
	fprintf(f, "%s:\n", in->path);
	fprintf(f, "          Magic : %x\n", SB0_MAGIC);
	fprintf(f, "        Version : %u.%02u.%02u\n", sb->major_version, sb->minor_version,
		sb->patch_version);
	sb0_uuid_format(sb, u);
	fprintf(f, "           UUID : %s", u);
	if (sb0_uuid_is_local(sb, in->homehost))
		fprintf(f, " (local to host %s)", in->homehost);
	fputc('\n', f);
	print_time(f, "  Creation Time : ", sb->ctime);
	fprintf(f, "     Raid Level : %s\n", out_level_name(sb->level));
	if (sb->level > 0) {
		fmt_human_paren((uint64_t)sb->size << 10, h, sizeof(h));
		fprintf(f, "  Used Dev Size : %" PRIu32 "%s\n", sb->size, h);
		if (sb0_array_kib(sb, &kib)) {
			fmt_human_paren(kib << 10, h, sizeof(h));
			fprintf(f, "     Array Size : %" PRIu64 "%s\n", kib, h);
		}
	}
	fprintf(f, "   Raid Devices : %" PRIu32 "\n", sb->raid_disks);
	fprintf(f, "  Total Devices : %" PRIu32 "\n", sb->nr_disks);
	fprintf(f, "Preferred Minor : %" PRIu32 "\n", sb->md_minor);
	fputc('\n', f);
}

static void examine0_state(FILE *f, const struct sb0 *sb)
{
	print_time(f, "    Update Time : ", sb->utime);
	fprintf(f, "          State : %s\n", sb->state & SB0_STATE_CLEAN ? "clean" : "active");
	if (sb->state & SB0_STATE_BITMAP_PRESENT)
		fputs("Internal Bitmap : present\n", f);
	fprintf(f, " Active Devices : %" PRIu32 "\n", sb->active_disks);
	fprintf(f, "Working Devices : %" PRIu32 "\n", sb->working_disks);
	fprintf(f, " Failed Devices : %" PRIu32 "\n", sb->failed_disks);
	fprintf(f, "  Spare Devices : %" PRIu32 "\n", sb->spare_disks);
	out_checksum_events(f, sb->sb_csum, sb->csum_computed, sb->events);
}

static void examine0_geometry(FILE *f, const struct sb0 *sb)
{
	char lay[64];
	out_layout_text(sb->level, sb->layout, false, lay, sizeof(lay));
	if (lay[0])
		fprintf(f, "         Layout :%s\n", lay);
	if (level_has_chunk(sb->level))
		fprintf(f, "     Chunk Size : %" PRIu32 "K\n", sb->chunk_size / 1024);
	else if (sb->level == LEVEL_LINEAR)
		fprintf(f, "       Rounding : %" PRIu32 "K\n", sb->chunk_size / 1024);
	fputc('\n', f);
}

static void disk_row(FILE *f, const char *label, const struct sb0_disk *d, const char *name)
{
	uint32_t st = d->state & ~(SB0_DISK_WRITEMOSTLY | SB0_DISK_FAILFAST);
	fprintf(f, "%4s %5" PRIu32 "   %5" PRIu32 "    %5" PRIu32 "    %5" PRIu32 "     ", label,
		d->number, d->major, d->minor, d->raid_disk);
	if (st & SB0_DISK_FAULTY)
		fputs(" faulty", f);
	if (st & SB0_DISK_ACTIVE)
		fputs(" active", f);
	if (st & SB0_DISK_SYNC)
		fputs(" sync", f);
	if (st & SB0_DISK_REMOVED)
		fputs(" removed", f);
	if (d->state & SB0_DISK_WRITEMOSTLY)
		fputs(" write-mostly", f);
	if (d->state & SB0_DISK_FAILFAST)
		fputs(" failfast", f);
	if (st == 0)
		fputs(" spare", f);
	if (name)
		fprintf(f, "   %s", name);
	fputc('\n', f);
}

static void examine0_table(FILE *f, const struct examine0_input *in)
{
	const struct sb0 *sb = in->sb;
	fputs("      Number   Major   Minor   RaidDevice State\n", f);
	disk_row(f, "this", &sb->this_disk, in->this_name);
	fputc('\n', f);
	/* raid_disks + spare_disks rows, never more than the 27 descriptors */
	uint64_t rows = (uint64_t)sb->raid_disks + sb->spare_disks;
	for (uint64_t i = 0; i < rows && i < SB0_DISKS; i++) {
		char nb[12];
		snprintf(nb, sizeof(nb), "%4u", (unsigned)i);
		disk_row(f, nb, &sb->disks[i], in->disk_names[i]);
	}
}

void fmt_examine0(FILE *f, const struct examine0_input *in)
{
	examine0_head(f, in);
	examine0_state(f, in->sb);
	examine0_geometry(f, in->sb);
	examine0_table(f, in);
}

void fmt_examine0_export(FILE *f, const struct examine0_input *in)
{
	const struct sb0 *sb = in->sb;
	char u[36];
	fprintf(f, "MD_LEVEL=%s\n", out_level_name(sb->level));
	fprintf(f, "MD_DEVICES=%" PRIu32 "\n", sb->raid_disks);
	sb0_uuid_format(sb, u);
	fprintf(f, "MD_UUID=%s\n", u);
	/* mdadm 4.6 gives the creation time here for 0.90 (checked black-box) */
	fprintf(f, "MD_UPDATE_TIME=%" PRIu32 "\n", sb->ctime);
	fprintf(f, "MD_EVENTS=%" PRIu64 "\n", sb->events);
}

bool sb0_counts_as_spare(const struct sb0 *sb)
{
	return !(sb->this_disk.state & (SB0_DISK_ACTIVE | SB0_DISK_SYNC));
}

void fmt_examine0_brief(FILE *f, const struct sb0 *sb, bool verbose, int spares, const char *devices)
{
	char u[36];
	sb0_uuid_format(sb, u);
	fprintf(f, "ARRAY /dev/md%" PRIu32, sb->md_minor);
	if (verbose)
		fprintf(f, " level=%s num-devices=%" PRIu32, out_level_name(sb->level), sb->raid_disks);
	fprintf(f, " UUID=%s\n", u);
	if (spares)
		fprintf(f, "   spares=%d", spares);
	if (verbose && devices)
		fprintf(f, "   devices=%s", devices);
	if (spares || (verbose && devices))
		fputc('\n', f);
}
