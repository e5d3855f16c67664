/* The fuzzers' check of a --json document (fuzz_json.c, fuzz_super0.c):
 * serialised pretty and compact, each must parse back with json-c's strict,
 * UTF-8 validating tokener and hold no null (abort otherwise). */
#ifndef MDCTL_FUZZ_JSON_CHECK_H
#define MDCTL_FUZZ_JSON_CHECK_H
#include "json_render.h"
#include <stdlib.h>
#include <string.h>

static inline void no_null(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		abort();
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			no_null(json_object_array_get_idx(o, i));
		break;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			(void)k;
			no_null(v);
		}
		break;
	}
	default:
		break;
	}
}

/* Serialise (pretty and compact), parse back strictly, free doc. */
static inline void check(struct json_object *doc)
{
	static const int forms[] = {
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE,
		JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
	};
	if (!doc)
		abort();
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const char *s = json_object_to_json_string_ext(doc, forms[i]);
		if (!s)
			abort();
		struct json_tokener *t = json_tokener_new();
		json_tokener_set_flags(t, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
		struct json_object *back = json_tokener_parse_ex(t, s, (int)strlen(s));
		if (!back || json_tokener_get_error(t) != json_tokener_success)
			abort();
		no_null(back);
		json_object_put(back);
		json_tokener_free(t);
	}
	json_object_put(doc);
}

#endif
