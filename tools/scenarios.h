/* The scenario library of `synack demo`: each scenario is a conversation
 * between a client and a server on the simulated network that shows one
 * behaviour of the connection lifecycle (LIFECYCLE.md). */
#ifndef SYNACK_TOOLS_SCENARIOS_H
#define SYNACK_TOOLS_SCENARIOS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "synack.h"

/* Sets of handshake and TIME-WAIT timers a demo can run with (--timers),
 * each as a source gives them. */
enum demo_timers {
	TIMERS_PERSONALITY, /* the personality's own (RFC 6298's 1 s initial RTO,
			     * Linux's retry counts and 60 s TIME-WAIT) */
	TIMERS_RFC9293,     /* RFC 6298 RTOs, SYNs retried over 3 minutes, MSL 2 min */
	TIMERS_CLASSIC,     /* RFC 1122's 3 s initial RTO: 3, 6, 12 s; MSL 2 min */
};

#define DEMO_MAX_DROPS 16

struct scenario_file;

struct demo_opts {
	const char *scenario;      /* NULL: "normal" */
	/* --scenario-file: its path and what it holds (instead of scenario) */
	const char *file_path;
	const struct scenario_file *file;
	uint64_t seed;
	uint64_t delay_ms;
	double loss;               /* 0..1 */
	bool loss_set;
	synack_personality personality;
	enum demo_timers timers;
	/* set by an option, over the timers: 0 (-1) when not */
	uint64_t rto_initial_ms;
	int64_t synack_retries;
	uint64_t msl_s;
	uint64_t mss;              /* 0: from the 1500-byte MTU */
	uint64_t bytes;            /* reply size; 0: the scenario's default */
	/* the Nth segment to reach the client (in) or the client sends (out)
	 * lost, beside the scenario's own losses */
	uint32_t drop_in[DEMO_MAX_DROPS], drop_out[DEMO_MAX_DROPS];
	unsigned ndrop_in, ndrop_out;
	const char *pcap, *svg, *json, *tsg;
	bool explain;
	bool wide;                 /* lines as long as they are, not 100 columns */
	bool verbose;              /* rows show the sender's cwnd, RTT, windows */
	int lang;                  /* enum explain_lang */
	int color;                 /* -1 auto, 0 never, 1 always */
};

/* "personality", "rfc9293", "classic"; false if none is called so */
bool demo_timers_parse(const char *name, enum demo_timers *out);
/* The settings both stacks of a demo run with: the personality, the
 * timers, then the options that override them. */
void demo_settings(const struct demo_opts *o, synack_settings *cfg);
/* When a half-open connection (or a SYN-SENT one) with these settings
 * gives up, counted from its first SYN,ACK (SYN): each retransmission
 * timeout doubles from the initial RTO up to the maximum. */
uint64_t demo_give_up_ns(const synack_settings *cfg, uint32_t retries);

/* Prints "name  description" lines. */
void scenarios_list(FILE *out);
bool scenario_exists(const char *name);
/* Runs one and prints it; 0 on success, 1 if it did not go as it should. */
int scenario_run(const struct demo_opts *o);

#endif
