/* Writing --json documents from the modes (json_emit.c; the renderers are in
 * json_render.h). */
#ifndef MDCTL_JSON_EMIT_H
#define MDCTL_JSON_EMIT_H
#include "json_render.h"

/* Pretty-print doc and a newline on stdout, free it, and return rc, or 1
 * when rc is 0 and the output could not be written. doc NULL: returns rc. */
int json_emit(struct json_object *doc, int rc);
#endif
