/* synack simulated network: any number of stacks in one process, joined
 * by links with seeded, per-direction impairments, driven by a virtual
 * clock.  Same seed, same run, byte for byte. */
#ifndef SYNACK_SIM_H
#define SYNACK_SIM_H

#include "synack.h"

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct synack_sim synack_sim;

/* Impairments of one direction of a link.  Probabilities are 0..1. */
typedef struct synack_sim_impair {
	double loss;               /* datagram lost */
	uint64_t delay_ns;         /* fixed one-way delay */
	uint64_t jitter_ns;        /* plus uniform 0..jitter (keeps order) */
	double reorder;            /* held back by reorder_delay_ns (overtaken) */
	uint64_t reorder_delay_ns;
	double duplicate;          /* delivered twice */
	double corrupt;            /* one random bit flipped */
	double ce_mark;            /* an ECN-capable datagram arrives marked CE,
				    * as an AQM router signals congestion
				    * (RFC 3168); others are not touched */
} synack_sim_impair;

/* What happened to a datagram, as the tap sees it. */
enum synack_sim_fate {
	SYNACK_SIM_SENT,        /* left the sender */
	SYNACK_SIM_DELIVERED,   /* reaches the receiver (maybe corrupted) */
	SYNACK_SIM_PROCESSED,   /* the receiver has handled it */
	SYNACK_SIM_LOST,        /* random loss */
	SYNACK_SIM_DROPPED,     /* scripted drop */
	SYNACK_SIM_NO_ROUTE,    /* no link to the destination */
};

typedef struct synack_sim_link_stats {
	uint64_t sent, delivered, lost, dropped, duplicated, corrupted, reordered, ce_marked;
} synack_sim_link_stats;

synack_sim *synack_sim_new(uint64_t seed);
void synack_sim_free(synack_sim *sim);

/* Adds a node: a stack with one address, attached to the node's link
 * (synack_link.h) on the network.  hooks may be NULL; the sim supplies
 * random bytes (seeded) unless hooks->random is set, and passes events
 * to hooks->event and the observer.  Returns the node number (>= 0) or
 * a negative SYNACK_E* code. */
int synack_sim_add_node(synack_sim *sim, const synack_settings *settings,
			const synack_addr *addr, const synack_hooks *hooks);
synack_stack *synack_sim_stack(synack_sim *sim, int node);

/* Joins two nodes; either impairment may be NULL (a perfect direction). */
int synack_sim_link(synack_sim *sim, int a, int b, const synack_sim_impair *a_to_b,
		    const synack_sim_impair *b_to_a);
int synack_sim_set_impair(synack_sim *sim, int from, int to, const synack_sim_impair *imp);
/* Scripted drop: the nth datagram (1-based, counted from the start of the
 * run) sent from `from` to `to` is dropped.  Up to 64 per direction. */
int synack_sim_drop_nth(synack_sim *sim, int from, int to, uint32_t n);
/* Scripted CE mark: the nth datagram from `from` to `to` arrives marked
 * CE, as by a congested router, if it is ECN-capable (RFC 3168). */
int synack_sim_mark_nth(synack_sim *sim, int from, int to, uint32_t n);
/* Scripted delay: the nth datagram from `from` to `to` arrives extra_ns
 * later than it would (later ones overtake it). */
int synack_sim_delay_nth(synack_sim *sim, int from, int to, uint32_t n, uint64_t extra_ns);
/* Sends a crafted datagram (synack_segment_build) as if node `from` had:
 * routed by its destination address, through the link's impairments, seen
 * by the tap.  Its source address may be anything (spoofed). */
int synack_sim_inject(synack_sim *sim, int from, const uint8_t *pkt, size_t len);
int synack_sim_link_stats_get(const synack_sim *sim, int from, int to,
			      synack_sim_link_stats *out);

uint64_t synack_sim_now(const synack_sim *sim);
/* Runs the next event (a delivery or a timer).  False if none is pending. */
bool synack_sim_step(synack_sim *sim);
/* Runs every event up to time t, then sets every clock to t. */
void synack_sim_run_until(synack_sim *sim, uint64_t t);
/* Runs events while cond(user) is false and the clock is below deadline.
 * Returns true if cond became true. */
bool synack_sim_run_while_not(synack_sim *sim, bool (*cond)(void *user), void *user,
			      uint64_t deadline);
/* Runs events until synack_poll(stack, fd) has a bit of mask, or the
 * clock reaches deadline.  Returns true if it did. */
bool synack_sim_wait(synack_sim *sim, synack_stack *stack, int fd, uint32_t mask,
		     uint64_t deadline);

/* Every event of every stack, with its node. */
void synack_sim_set_observer(synack_sim *sim,
			     void (*fn)(void *user, int node, const synack_event *ev),
			     void *user);
/* Checks, after every step, what must hold for every exchange to end:
 * each stack's invariants (synack_check_invariants: a connection waiting
 * on its peer has a timer armed) and no storm (more than storm_limit
 * datagrams sent at one virtual instant; 0: no limit).  On a violation
 * fn(user, message) is called, the message naming the connection and the
 * last datagrams; fn NULL prints it to stderr and aborts. */
void synack_sim_set_checks(synack_sim *sim, uint32_t storm_limit,
			   void (*fn)(void *user, const char *msg), void *user);
/* Every message any stack logs, with its node. */
void synack_sim_set_log(synack_sim *sim,
			void (*fn)(void *user, int node, int level, const char *msg),
			void *user);

/* A datagram on a link and what happened to it, as the tap sees it. */
typedef struct synack_sim_datagram {
	uint64_t time;
	int from, to;               /* nodes; to is -1 with no route */
	enum synack_sim_fate fate;
	/* The link's number: datagrams in the order they were sent (from
	 * 1); both copies of a duplicate share it; 0 with no route. */
	uint64_t id;
	/* Its number on the sending stack (synack_event.datagram of its
	 * SEGMENT_SENT), 0 for an injected one; and on the receiving stack
	 * (the cause of what it did there), from DELIVERED on, else 0. */
	uint64_t sender_datagram, receiver_datagram;
	const uint8_t *pkt;
	size_t len;
} synack_sim_datagram;

/* Every datagram and its fate on the links. */
typedef void (*synack_sim_tap_fn)(void *user, const synack_sim_datagram *d);
void synack_sim_set_tap(synack_sim *sim, synack_sim_tap_fn fn, void *user);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
