/* Manage mode: operations on the members of a running array. */
#include "mdctl.h"

int mode_manage(const struct options *o)
{
	if (!o->mddev) {
		pr_err("no mode given: use --create, --assemble, --examine, --detail... (see mdctl --help)");
		return 2;
	}
	if (o->misc == MISC_STOP) {
		struct options s = *o;
		s.devs[0].name = o->mddev;
		s.ndevs = 1;
		return mode_stop(&s);
	}
	pr_err("managing members (--add, --fail, --remove...) is not implemented yet");
	return 1;
}
