/* A 0.90 superblock seen as a v1.x one (struct sb1), for the code that reasons
 * about members generically (--incremental's tally and start): uuid in the
 * order it is printed, roles per descriptor number, sizes in sectors. Pure.
 * Rules from Linux 7.2 drivers/md/md.c super_90_validate(): a descriptor
 * holds a slot when it is ACTIVE or SYNC and its raid_disk is below
 * raid_disks; FAULTY ones are failed; the rest are spares. The bitmap, when
 * MD_SB_BITMAP_PRESENT is set, starts 4 KiB after the superblock
 * (super_90_validate: bitmap_info.default_offset = MD_SB_BYTES >> 9). */
#include "super0.h"
#include "super1.h"
#include <string.h>

uint16_t sb0_disk_role(const struct sb0_disk *d, uint32_t raid_disks)
{
	if (d->state & SB0_DISK_FAULTY)
		return SB1_ROLE_FAULTY;
	if ((d->state & (SB0_DISK_ACTIVE | SB0_DISK_SYNC)) && d->raid_disk < raid_disks)
		return (uint16_t)d->raid_disk;
	return SB1_ROLE_SPARE;
}

void sb0_uuid_bytes(const struct sb0 *s, uint8_t out[16])
{
	for (int i = 0; i < 4; i++)
		for (int b = 0; b < 4; b++)
			out[4 * i + b] = (uint8_t)(s->set_uuid[i] >> (24 - 8 * b));
}

void sb0_uuid_from_bytes(struct sb0 *s, const uint8_t in[16])
{
	for (int i = 0; i < 4; i++)
		s->set_uuid[i] = (uint32_t)in[4 * i] << 24 | (uint32_t)in[4 * i + 1] << 16 |
				 (uint32_t)in[4 * i + 2] << 8 | in[4 * i + 3];
}

void sb0_as_sb1(const struct sb0 *s, struct sb1 *v)
{
	memset(v, 0, sizeof(*v));
	sb0_uuid_bytes(s, v->set_uuid);
	v->ctime = s->ctime;
	v->utime = s->utime;
	v->level = s->level;
	v->layout = s->layout;
	v->size = (uint64_t)s->size * 2;
	v->data_size = v->size;
	v->chunksize = s->chunk_size / 512;
	v->raid_disks = s->raid_disks;
	v->events = s->events;
	v->resync_offset = (s->state & SB0_STATE_CLEAN) || s->recovery_cp == 0xffffffffU ? UINT64_MAX
											 : s->recovery_cp;
	if (s->state & SB0_STATE_BITMAP_PRESENT) {
		v->feature_map |= SB1_FEAT_BITMAP_OFFSET;
		v->bitmap_offset = SB0_BITMAP_OFFSET;
	}
	if (s->minor_version == 91) {
		v->feature_map |= SB1_FEAT_RESHAPE_ACTIVE;
		v->reshape_position = s->reshape_position;
		v->new_level = s->new_level;
		v->delta_disks = s->delta_disks;
		v->new_layout = s->new_layout;
		v->new_chunk = s->new_chunk / 512;
	}
	v->dev_number = s->this_disk.number;
	v->max_dev = SB0_DISKS;
	for (int i = 0; i < SB0_DISKS; i++)
		v->dev_roles[i] = sb0_disk_role(&s->disks[i], s->raid_disks);
}
