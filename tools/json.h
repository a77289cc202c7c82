/* The ladder as JSON, for other tools: the sides, then one object per
 * row (a segment, or a state change a timer made). */
#ifndef SYNACK_TOOLS_JSON_H
#define SYNACK_TOOLS_JSON_H

#include <stdio.h>

#include "ladder.h"

/* What produced the ladder, written as its "meta" object. */
struct json_meta {
	const char *command;               /* "demo", "listen", "connect" */
	const char *scenario;              /* demo: its name; else NULL */
	const char *timers;                /* demo: --timers; else NULL */
	uint64_t seed;                     /* of the network or the impairments */
	uint64_t delay_ns;                 /* one-way, each direction */
	uint32_t loss_ppm;                 /* random loss, parts per million */
	const synack_settings *settings;   /* our stacks' */
};

/* Writes one JSON object (schema at the top of json.c); meta may be
 * NULL.  Returns 0, or -1 on a write error. */
int ladder_write_json(const struct ladder *l, FILE *out, const struct json_meta *meta);

#endif
