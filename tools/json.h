/* The ladder as JSON, for other tools: the sides, then one object per
 * row (a segment, or a state change a timer made). */
#ifndef SYNACK_TOOLS_JSON_H
#define SYNACK_TOOLS_JSON_H

#include <stdio.h>

#include "ladder.h"

/* Writes one JSON object (schema at the top of json.c).  Returns 0, or
 * -1 on a write error. */
int ladder_write_json(const struct ladder *l, FILE *out);

#endif
