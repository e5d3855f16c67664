/* Misc mode: one operation applied to each device listed. */
#include "mdctl.h"

int mode_misc(const struct options *o)
{
	switch (o->misc) {
	case MISC_EXAMINE: return mode_examine(o);
	case MISC_EXAMINE_BITMAP: return mode_examine_bitmap(o);
	case MISC_DETAIL: return mode_detail(o);
	case MISC_QUERY: return mode_query(o);
	case MISC_STOP: return mode_stop(o);
	case MISC_ZERO_SUPERBLOCK: return mode_zero_superblock(o);
	case MISC_ACTION: return mode_action(o);
	case MISC_WAIT: return mode_wait(o);
	default:
		pr_err("this operation is not implemented yet");
		return 1;
	}
}
