/* --grow: change a running array. Only the bitmap can be changed so far. */
#include "mdctl.h"

int grow_bitmap(const struct options *o);  /* grow_bitmap.c */

int mode_grow(const struct options *o)
{
	if (!o->mddev) {
		pr_err("--grow needs an md device, e.g. mdctl --grow /dev/md0 --bitmap=internal");
		return 2;
	}
	if (o->bitmap)
		return grow_bitmap(o);
	pr_err("this --grow operation is not implemented yet (only --bitmap)");
	return 1;
}
