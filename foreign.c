/* Foreign RAID metadata: recognise Intel IMSM and SNIA DDF at the end of a
 * device so that every mode can refuse them by name instead of calling the
 * device empty. Pure: the caller reads the tail (dev_foreign() in dev.c).
 *
 * Where they live (both formats are documented outside the kernel, which does
 * not parse them: md only sees them through the external-metadata interface,
 * drivers/md/md.c "external:" metadata_version):
 *  - IMSM: the anchor of the Intel Matrix Storage Manager metadata block is the
 *    second-to-last 512-byte sector; it starts with the ASCII signature
 *    "Intel Raid ISM Cfg Sig. " followed by a version string. blkid calls such
 *    a device "isw_raid_member".
 *  - DDF (SNIA Common RAID Disk Data Format): the anchor header is the last
 *    512-byte sector; it starts with the big-endian magic 0xDE11DE11.
 *    blkid calls such a device "ddf_raid_member". */
#include "foreign.h"
#include "super0.h"
#include "super1.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define IMSM_SIG "Intel Raid ISM Cfg Sig."
#define DDF_MAGIC 0xDE11DE11u

enum foreign_kind foreign_detect(const uint8_t *tail, size_t len)
{
	if (!tail || len < FOREIGN_TAIL_BYTES)
		return FOREIGN_NONE;
	const uint8_t *imsm = tail + len - 1024, *ddf = tail + len - 512;
	if (!memcmp(imsm, IMSM_SIG, sizeof(IMSM_SIG) - 1))
		return FOREIGN_IMSM;
	uint32_t m = (uint32_t)ddf[0] << 24 | (uint32_t)ddf[1] << 16 | (uint32_t)ddf[2] << 8 | ddf[3];
	if (m == DDF_MAGIC)
		return FOREIGN_DDF;
	return FOREIGN_NONE;
}

enum foreign_kind foreign_from_metadata(const char *name)
{
	if (!name)
		return FOREIGN_NONE;
	if (!strcasecmp(name, "imsm"))
		return FOREIGN_IMSM;
	if (!strcasecmp(name, "ddf"))
		return FOREIGN_DDF;
	return FOREIGN_NONE;
}

const char *foreign_name(enum foreign_kind k)
{
	switch (k) {
	case FOREIGN_IMSM: return "IMSM";
	case FOREIGN_DDF: return "DDF";
	default: return "";
	}
}

const char *foreign_refusal(char *buf, size_t n, const char *what, enum foreign_kind k)
{
	snprintf(buf, n, "%s: %s container metadata: IMSM/DDF containers are not supported by mdctl", what,
		 foreign_name(k));
	return buf;
}

const char *metadata_refusal(char *buf, size_t n, const char *m)
{
	enum foreign_kind k = foreign_from_metadata(m);
	if (k != FOREIGN_NONE)
		snprintf(buf, n, "metadata %s: IMSM/DDF containers are not supported by mdctl", m);
	else
		snprintf(buf, n, "unsupported metadata '%.64s' (mdctl handles 0.90, 1.0, 1.1 and 1.2)", m);
	return buf;
}

int metadata_pick(const char *m, int *minor, char *why, size_t n)
{
	*minor = -1;
	if (!m)
		return 0;
	if (sb0_is_version(m)) {
		*minor = -2;
		return 0;
	}
	if (sb1_parse_version(m, minor) == 0)
		return 0;
	metadata_refusal(why, n, m);
	return -1;
}
