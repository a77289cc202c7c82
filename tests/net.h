/* The network fixture: a client stack (node C, 10.0.0.1) and a server
 * stack (node S, 10.0.0.2) on the simulated network.  Every datagram the
 * link carries is logged with its time and fate, every state change with
 * its time, so a test can assert a whole conversation:
 *
 *     NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .seq = 0);
 *     NSEG(n, 1, .t = 1 * SEC, .from = C, .flags = SYN, .seq = 0);
 *
 * Sequence numbers are relative to the sender's ISN, acks to the
 * receiver's (the ISNs are fixed by the isn hook: n->isn[C], n->isn[S]). */
#ifndef SYNACK_TEST_NET_H
#define SYNACK_TEST_NET_H

#include "peer.h"
#include "synack_sim.h"

enum { C = 0, S = 1 };

struct nseg {
	uint64_t t;               /* sent */
	int from;
	enum synack_sim_fate fate; /* SENT (delivered or in flight), LOST, DROPPED */
	uint8_t flags;
	uint32_t seq, ack, len;
	uint16_t win;
	uint32_t tsval;           /* log only: the TSval sent, 0 if none */
	bool abs;                 /* template: seq/ack absolute */
};

struct nstate {
	uint64_t t;
	int node;
	uint32_t conn;
	synack_state from, to;
	synack_reason reason;
};

#define NET_MAX_SEGS 20000
#define NET_MAX_STATES 4096
/* Segments at one virtual instant beyond which the exchange is a storm
 * (a full window each way is a few hundred) */
#define NET_STORM 1000

struct net {
	synack_sim *sim;
	synack_stack *st[2];
	uint32_t isn[2];
	struct nseg *segs;
	uint32_t nsegs;
	bool log_full;            /* stop logging (bulk tests) */
	struct nstate states[NET_MAX_STATES];
	uint32_t nstates;
	int lfd;                  /* server listener */
	uint16_t port;
	/* Called on every readiness report; may call the socket API (the
	 * engine reports readiness once its own work is done). */
	void (*on_ready)(struct net *n, int node, int fd, uint32_t mask);
	void *user;
};

/* cfg[C], cfg[S] may be NULL (defaults); imp may be NULL (perfect link). */
struct net *net_new(const synack_settings *ccfg, const synack_settings *scfg,
		    const synack_sim_impair *c2s, const synack_sim_impair *s2c, uint64_t seed);
/* Advances `linger` of virtual time, then asserts both stacks hold no
 * control blocks, timers or descriptors; frees. */
void net_free(struct net *n, uint64_t linger);

int net_listen(struct net *n, int backlog);
int net_connect(struct net *n);
void net_run_until(struct net *n, uint64_t t);
/* Runs until fd's poll mask has any of `mask`, or deadline; true if so. */
bool net_wait(struct net *n, int node, int fd, uint32_t mask, uint64_t deadline);
uint64_t net_now(const struct net *n);

void net_expect_seg(struct net *n, uint32_t i, const struct nseg *want, const char *file, int line);
/* States `conn` of `node` went through ("SYN-SENT ESTABLISHED ..."); conn
 * 0 = the node's first connection that is not a listener. */
const char *net_state_path(const struct net *n, int node, uint32_t conn, char *buf, size_t len);
/* Time of the first change of `node` into `state`; UINT64_MAX if none. */
uint64_t net_state_time(const struct net *n, int node, synack_state state);
void net_print(const struct net *n);

#define NSEG(n, i, ...) net_expect_seg((n), (i), &(struct nseg){__VA_ARGS__}, __FILE__, __LINE__)

#endif
