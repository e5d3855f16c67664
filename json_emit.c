/* --json: write a finished document to standard output and free it, with
 * mdctl's one-line error when the output cannot be written (a full disk or a
 * closed pipe must not pass for success). */
#include "json_emit.h"
#include "msg.h"

int json_emit(struct json_object *doc, int rc)
{
	if (!doc)
		return rc;
	if (jr_doc_write(stdout, doc, true) < 0 || fflush(stdout) != 0) {
		pr_err("cannot write the output");
		if (!rc)
			rc = 1;
	}
	json_object_put(doc);
	return rc;
}
