/* User-written scenarios for `synack demo --scenario-file FILE`: a small
 * text format (docs/SCENARIO-FILES.md) of settings for the network and
 * the stacks, scripted losses, and the two applications' calls in the
 * order they happen, each waiting for what it needs. */
#ifndef SYNACK_TOOLS_SCENARIO_FILE_H
#define SYNACK_TOOLS_SCENARIO_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "scenarios.h"

enum sf_side { SF_CLIENT, SF_SERVER };

enum sf_verb {
	SF_LISTEN,    /* server: listen on the port (80, or n) */
	SF_CONNECT,   /* client: connect, and wait until it is settled */
	SF_ACCEPT,    /* server: wait for a connection and accept it */
	SF_SEND,      /* write n bytes, waiting while the buffer is full */
	SF_RECV,      /* read n bytes, waiting for them */
	SF_RECV_EOF,  /* read until the end of the stream */
	SF_SHUTDOWN,  /* shut down writing: a FIN, the half-close */
	SF_CLOSE,
	SF_ABORT,     /* a RST */
	SF_WAIT,      /* let n ns pass */
	SF_EXPECT,    /* the side's connection is in `state` (or the call
		       * failed with `error`), else the run fails */
};

struct sf_action {
	unsigned line;
	enum sf_verb verb;
	enum sf_side side;
	uint64_t n;
	bool expect_error;        /* SF_EXPECT: an error rather than a state */
	synack_state state;
	int error;                /* SYNACK_E*, for expect ... error NAME */
};

#define SF_MAX_ACTIONS 256
#define SF_MAX_DROPS 32

struct scenario_file {
	char title[160];
	/* what the file sets; the *_set flags say it did */
	uint64_t delay_ms, seed, msl_s, rto_initial_ms, mss;
	double loss;              /* 0..1 */
	int64_t synack_retries;
	synack_personality personality;
	enum demo_timers timers;
	bool delay_set, seed_set, loss_set, personality_set, timers_set;
	/* the Nth segment `side` sends is lost */
	struct {
		enum sf_side side;
		uint32_t n;
	} drops[SF_MAX_DROPS];
	unsigned ndrops;
	struct sf_action actions[SF_MAX_ACTIONS];
	unsigned nactions;
};

/* Reads path.  False after printing "synack: PATH:LINE: what is wrong". */
bool scenario_file_load(const char *path, struct scenario_file *out);
/* "client", "server" */
const char *sf_side_name(enum sf_side side);

#endif
