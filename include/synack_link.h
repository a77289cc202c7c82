/* synack links (host library): the small interface between a stack and
 * whatever carries its datagrams.  The simulated network's nodes and the
 * TUN device implement it; decorators wrap any link: impairments (loss,
 * delay, reordering, duplication, corruption, CE marks, scripted drops)
 * and a pcap tap.  A stack attaches with synack_link_attach(): what it
 * sends goes to the link, what arrives goes to synack_input().  The
 * stack's hooks stay the application's own.
 *
 *     stack <-> [pcap tap] <-> [impairments] <-> TUN device (the kernel)
 *
 * A link moves datagrams in both directions: send() carries one away
 * from the side above; what arrives from the far side is passed up to
 * the receiver that side above registered.  Time comes in as arguments,
 * as for the engine: a link never reads a clock unless it is one that
 * talks to the real world (TUN), and then only in its poll(). */
#ifndef SYNACK_LINK_H
#define SYNACK_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synack.h"
#include "synack_pcap.h"
#include "synack_sim.h"

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct synack_link synack_link;

/* Where a link passes up what arrives (`id`: the link's own number of
 * the datagram, as its tap reports it; 0 if it numbers none). */
typedef void (*synack_link_receive_fn)(void *user, uint64_t now, const uint8_t *pkt,
				       size_t len, uint64_t id);

typedef struct synack_link_ops {
	/* Carries one datagram away from the side above at `now`.  The link
	 * copies what it keeps.  `id` is the sender's number for it (a
	 * stack's datagram number), 0 if none. */
	void (*send)(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id);
	/* Passes up what has arrived by `now` and whatever was held back
	 * until then; returns how many datagrams it handled, or a negative
	 * SYNACK_E* code.  NULL: the link is driven from elsewhere (the
	 * simulated network delivers by itself). */
	int (*poll)(synack_link *l, uint64_t now);
	/* When poll() next has held-back work (UINT64_MAX: none). */
	uint64_t (*next_deadline)(const synack_link *l);
	/* A descriptor that becomes readable when datagrams arrive (-1:
	 * none), to wait on between polls. */
	int (*fd)(const synack_link *l);
	void (*free)(synack_link *l);
} synack_link_ops;

struct synack_link {
	const synack_link_ops *ops;
	synack_link_receive_fn receive; /* set by the side above */
	void *receive_user;
};

/* Registers where l passes up what arrives. */
void synack_link_set_receiver(synack_link *l, synack_link_receive_fn fn, void *user);
/* The operations, NULL-safe: poll() of a link without one returns 0,
 * next_deadline() UINT64_MAX, fd() -1; free(NULL) does nothing. */
void synack_link_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id);
int synack_link_poll(synack_link *l, uint64_t now);
uint64_t synack_link_next_deadline(const synack_link *l);
int synack_link_fd(const synack_link *l);
void synack_link_free(synack_link *l);
/* For implementations: passes one arrived datagram up. */
void synack_link_deliver(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len,
			 uint64_t id);

/* Attaches stack s on top of l: the stack's datagrams go to l (with
 * synack_set_output) and what l passes up goes to synack_input() at the
 * time the link gives.  Detach by attaching another, or with
 * synack_set_output(s, NULL, NULL). */
void synack_link_attach(synack_link *l, synack_stack *s);

/* --------------------------------------------------------- decorators */

/* A decorator owns the link below it: synack_link_free() of the top of
 * a chain frees the whole chain. */

/* What happened to a datagram in a decorator, for its tap: SENT as it
 * enters (from above, or from below), LOST or DROPPED by an impairment,
 * DELIVERED as it leaves (down to the lower link, or up to the side
 * above), and, going up, PROCESSED once the side above has handled it
 * (for a stack: synack_input() has returned).  `up` tells the direction.  `id` numbers the datagrams the
 * decorator sees, from 1 (both copies of a duplicate share it); `sent`
 * is the sender's number given to send() (0 from below). */
typedef struct synack_link_event {
	uint64_t time;
	bool up;
	enum synack_sim_fate fate;
	uint64_t id, sent;
	const uint8_t *pkt;
	size_t len;
} synack_link_event;
typedef void (*synack_link_tap_fn)(void *user, const synack_link_event *e);

/* Impairments in each direction (down: what the side above sends; up:
 * what arrives from below), seeded: the same seed gives the same
 * decisions.  Only TCP segments are impaired and counted; other traffic
 * (neighbour discovery, UDP) passes untouched.  Held-back datagrams are
 * released by synack_link_poll() at their time.  NULL and *err on a bad
 * probability or no memory. */
synack_link *synack_link_impair_new(synack_link *lower, const synack_sim_impair *down,
				    const synack_sim_impair *up, uint64_t seed, int *err);
/* The nth TCP segment (1-based) going down (up = false) or up is dropped. */
int synack_link_impair_drop_nth(synack_link *l, bool up, uint32_t n);
/* What the impairments did in each direction. */
void synack_link_impair_stats(const synack_link *l, synack_sim_link_stats *down,
			      synack_sim_link_stats *up);
void synack_link_impair_set_tap(synack_link *l, synack_link_tap_fn fn, void *user);

/* A pcap tap: every datagram sent down through it and every one passed
 * up through it is written to p, as a capture at that point would show
 * them (above the impairments: what a host sends, and what reaches it).
 * The pcap stays the caller's to close. */
synack_link *synack_link_pcap_new(synack_link *lower, synack_pcap *p, int *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
