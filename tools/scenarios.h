/* The scenario library of `synack demo`: each scenario is a conversation
 * between a client and a server on the simulated network that shows one
 * behaviour of the connection lifecycle (LIFECYCLE.md). */
#ifndef SYNACK_TOOLS_SCENARIOS_H
#define SYNACK_TOOLS_SCENARIOS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct demo_opts {
	const char *scenario;      /* NULL: "normal" */
	uint64_t seed;
	uint64_t delay_ms;
	double loss;               /* 0..1 */
	bool loss_set;
	uint64_t rto_initial_ms;   /* 0: the stack's default (1 s) */
	int64_t synack_retries;    /* -1: the scenario's default */
	uint64_t msl_s;
	uint64_t mss;              /* 0: from the 1500-byte MTU */
	uint64_t bytes;            /* reply size; 0: the scenario's default */
	const char *pcap, *svg, *json;
	bool explain;
	int lang;                  /* enum explain_lang */
	int color;                 /* -1 auto, 0 never, 1 always */
};

/* Prints "name  description" lines. */
void scenarios_list(FILE *out);
bool scenario_exists(const char *name);
/* Runs one and prints it; 0 on success, 1 if it did not go as it should. */
int scenario_run(const struct demo_opts *o);

#endif
