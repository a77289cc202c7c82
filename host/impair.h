/* Impairments of one direction of a link (loss, delay, jitter,
 * reordering, duplication, corruption, scripted drops) and the queue of
 * datagrams they hold back.  Shared by the simulated network and the TUN
 * driver, so a failure case behaves the same against a simulated peer
 * and against a real kernel. */
#ifndef SYNACK_LINK_IMPAIR_H
#define SYNACK_LINK_IMPAIR_H

#include "synack_sim.h"

#define IMPAIR_MAX_SCRIPTED 64
#define IMPAIR_MAX_DATAGRAM 65535

struct impair_dir {
	synack_sim_impair imp;
	uint64_t rng;
	uint32_t count;                /* datagrams sent this way */
	struct { uint32_t n; bool mark_ce; } scripted[IMPAIR_MAX_SCRIPTED]; /* else dropped */
	uint32_t nscripted;
	struct { uint32_t n; uint64_t extra_ns; } delayed[IMPAIR_MAX_SCRIPTED];
	uint32_t ndelayed;
	uint64_t last_arrival;         /* jitter never reorders */
	synack_sim_link_stats stats;
};

enum impair_fate { IMPAIR_PASS, IMPAIR_LOST, IMPAIR_DROPPED };

struct impair_verdict {
	enum impair_fate fate;
	uint64_t delay;                /* after now */
	bool duplicate;                /* deliver a second, uncorrupted copy */
	bool corrupt;
	uint64_t corrupt_bit;          /* bit to flip, below len * 8 */
	bool mark_ce;                  /* set the IP ECN field to CE */
};

/* Checks the probabilities; imp NULL: a perfect direction. */
int impair_set(struct impair_dir *d, const synack_sim_impair *imp);
int impair_drop_nth(struct impair_dir *d, uint32_t n);
/* Scripted CE mark: the nth datagram arrives marked CE if it is ECN-capable. */
int impair_mark_nth(struct impair_dir *d, uint32_t n);
/* Scripted delay: the nth datagram takes extra_ns longer (and is overtaken). */
int impair_delay_nth(struct impair_dir *d, uint32_t n, uint64_t extra_ns);
/* Sets an ECN-capable datagram's ECN field to CE (and the IPv4 header
 * checksum again). */
void impair_mark_ce(uint8_t *pkt, size_t len);
/* Decides the fate of the next datagram sent at `now`, and counts it. */
void impair_decide(struct impair_dir *d, uint64_t now, const uint8_t *pkt, size_t len,
		   struct impair_verdict *v);

uint64_t impair_rng_next(uint64_t *state);

/* Datagrams held back until their time, earliest first (FIFO among equal
 * times).  Buffers are recycled, so a steady flow allocates nothing. */
struct held {
	uint64_t time;
	uint64_t order;
	uint64_t id;                   /* the caller's datagram number */
	uint64_t sender_datagram;      /* its number on the sending stack, or 0 */
	int from, to;
	uint32_t len;
	uint8_t *data;
};

struct held_queue {
	struct held *heap;
	uint32_t len, cap;
	uint8_t **pool;
	uint32_t pool_len, pool_cap;
	uint64_t order;
};

/* Copies pkt (flipping corrupt_bit if asked, marking CE if asked) and
 * holds it until `time`.  False if memory ran out (the datagram is then
 * lost). */
bool held_push(struct held_queue *q, uint64_t time, uint64_t id, uint64_t sender_datagram,
	       int from, int to, const uint8_t *pkt, size_t len, const uint64_t *corrupt_bit,
	       bool mark_ce);
/* UINT64_MAX when empty. */
uint64_t held_next_time(const struct held_queue *q);
/* Takes the earliest datagram; give its data back with held_release(). */
struct held held_pop(struct held_queue *q);
void held_release(struct held_queue *q, uint8_t *data);
void held_free(struct held_queue *q);

#endif
