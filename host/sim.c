/* The simulated network.  A virtual clock, a heap of datagrams in flight,
 * and per-direction impairments (impair.c) drawn from seeded generators,
 * so the same seed replays the same run exactly.  Each node's stack is
 * attached to a port, a link (synack_link.h) whose send() puts datagrams
 * on the wire and to which the network delivers them. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synack.h"
#include "synack_link.h"
#include "synack_sim.h"
#include "impair.h"

#define MAX_NODES 64
#define RECENT 12 /* datagrams remembered for a violation's report */

struct direction {
	bool linked;
	struct impair_dir imp;
};

struct node {
	synack_link port;           /* first: a node is its port */
	synack_sim *sim;
	int index;
	synack_stack *stack;
	synack_addr addr;
	synack_hooks user_hooks;
	uint64_t rng;
};

struct synack_sim {
	uint64_t now;
	uint64_t seed;
	struct node nodes[MAX_NODES];
	int nnodes;
	struct direction dirs[MAX_NODES][MAX_NODES];
	struct held_queue inflight;
	void (*observer)(void *, int, const synack_event *);
	void *observer_user;
	synack_sim_tap_fn tap;
	void *tap_user;
	void (*log)(void *, int, int, const char *);
	void *log_user;
	uint64_t next_id;
	/* synack_sim_set_checks */
	bool checks;
	uint32_t storm_limit;
	void (*on_violation)(void *, const char *);
	void *violation_user;
	uint64_t storm_time;
	uint32_t storm;
	struct recent { uint64_t time; int from, to; char text[64]; } recent[RECENT];
	uint32_t nrecent;
};

/* ------------------------------------------------------------- hooks */

static void node_random(void *user, void *buf, size_t len)
{
	struct node *n = user;
	uint8_t *p = buf;
	while (len > 0) {
		uint64_t r = impair_rng_next(&n->rng);
		size_t k = len < 8 ? len : 8;
		memcpy(p, &r, k);
		p += k;
		len -= k;
	}
}

static void node_user_random(void *user, void *buf, size_t len)
{
	struct node *n = user;
	n->user_hooks.random(n->user_hooks.user, buf, len);
}

static void node_event(void *user, const synack_event *ev)
{
	struct node *n = user;
	if (n->user_hooks.event)
		n->user_hooks.event(n->user_hooks.user, ev);
	if (n->sim->observer)
		n->sim->observer(n->sim->observer_user, n->index, ev);
}

static void node_log(void *user, int level, const char *msg)
{
	struct node *n = user;
	if (n->user_hooks.log)
		n->user_hooks.log(n->user_hooks.user, level, msg);
	if (n->sim->log)
		n->sim->log(n->sim->log_user, n->index, level, msg);
}

static uint32_t node_isn(void *user, const synack_endpoint *l, const synack_endpoint *r)
{
	struct node *n = user;
	return n->user_hooks.isn(n->user_hooks.user, l, r);
}

static void *node_alloc(void *user, size_t size)
{
	struct node *n = user;
	return n->user_hooks.alloc(n->user_hooks.user, size);
}

static void node_free(void *user, void *p)
{
	struct node *n = user;
	n->user_hooks.free(n->user_hooks.user, p);
}

static void tap(synack_sim *sim, int from, int to, enum synack_sim_fate fate, uint64_t id,
		uint64_t sender_datagram, uint64_t receiver_datagram, const uint8_t *pkt, size_t len)
{
	if (!sim->tap)
		return;
	synack_sim_datagram d = {
		.time = sim->now, .from = from, .to = to, .fate = fate, .id = id,
		.sender_datagram = sender_datagram, .receiver_datagram = receiver_datagram,
		.pkt = pkt, .len = len,
	};
	sim->tap(sim->tap_user, &d);
}

static int route(const synack_sim *sim, int from, const uint8_t *pkt, size_t len)
{
	synack_addr dst;
	if (len >= 20 && pkt[0] >> 4 == 4) {
		dst = synack_ipv4(pkt[16], pkt[17], pkt[18], pkt[19]);
	} else if (len >= 40 && pkt[0] >> 4 == 6) {
		dst = (synack_addr){.family = SYNACK_AF_INET6};
		memcpy(dst.bytes, pkt + 24, 16);
	} else {
		return -1;
	}
	for (int i = 0; i < sim->nnodes; i++)
		if (i != from && sim->dirs[from][i].linked && synack_addr_equal(&sim->nodes[i].addr, &dst))
			return i;
	return -1;
}

/* --------------------------------------------------------- checks */

static void violation(synack_sim *sim, const char *what)
{
	char msg[2048];
	size_t k = (size_t)snprintf(msg, sizeof msg, "synack_sim: at %.9f s: %s; the last datagrams:",
				    (double)sim->now / 1e9, what);
	uint32_t n = sim->nrecent < RECENT ? sim->nrecent : RECENT;
	for (uint32_t i = sim->nrecent - n; i < sim->nrecent && k < sizeof msg; i++) {
		const struct recent *r = &sim->recent[i % RECENT];
		k += (size_t)snprintf(msg + k, sizeof msg - k, "\n  %.9f %d->%d %s",
				      (double)r->time / 1e9, r->from, r->to, r->text);
	}
	if (sim->on_violation) {
		sim->on_violation(sim->violation_user, msg);
		return;
	}
	fprintf(stderr, "%s\n", msg);
	abort();
}

/* Remembers a datagram for the report, and counts those sent at one
 * virtual instant: past storm_limit, an exchange is feeding itself. */
static void note_sent(synack_sim *sim, int from, int to, const uint8_t *pkt, size_t len)
{
	struct recent *r = &sim->recent[sim->nrecent++ % RECENT];
	r->time = sim->now;
	r->from = from;
	r->to = to;
	synack_segment g;
	if (synack_segment_parse(pkt, len, &g) == SYNACK_OK) {
		char f[40];
		snprintf(r->text, sizeof r->text, "%s seq=%" PRIu32 " ack=%" PRIu32 " len=%" PRIu32
			 " win=%u", synack_flags_format(g.flags, f, sizeof f), g.seq, g.ack, g.len,
			 g.window);
	} else {
		snprintf(r->text, sizeof r->text, "(%zu bytes, not TCP)", len);
	}
	sim->storm = sim->now == sim->storm_time ? sim->storm + 1 : 1;
	sim->storm_time = sim->now;
	if (sim->storm_limit && sim->storm == sim->storm_limit + 1) {
		char what[96];
		snprintf(what, sizeof what, "a storm: more than %" PRIu32 " datagrams at one instant",
			 sim->storm_limit);
		violation(sim, what);
	}
}

static void check_stacks(synack_sim *sim)
{
	for (int i = 0; i < sim->nnodes; i++) {
		char why[256], what[300];
		if (synack_check_invariants(sim->nodes[i].stack, why, sizeof why) != SYNACK_OK) {
			snprintf(what, sizeof what, "node %d: %s", i, why);
			violation(sim, what);
			return;
		}
	}
}

void synack_sim_set_checks(synack_sim *sim, uint32_t storm_limit,
			   void (*fn)(void *user, const char *msg), void *user)
{
	sim->checks = true;
	sim->storm_limit = storm_limit;
	sim->on_violation = fn;
	sim->violation_user = user;
}

/* A datagram leaves node n (its stack's number `sent`, 0 if injected):
 * through the link's impairments into the heap of datagrams in flight. */
static void carry(struct node *n, const uint8_t *pkt, size_t len, uint64_t sent)
{
	synack_sim *sim = n->sim;
	int to = route(sim, n->index, pkt, len);
	if (to < 0) {
		tap(sim, n->index, -1, SYNACK_SIM_NO_ROUTE, 0, sent, 0, pkt, len);
		return;
	}
	uint64_t id = ++sim->next_id;
	struct impair_dir *d = &sim->dirs[n->index][to].imp;
	tap(sim, n->index, to, SYNACK_SIM_SENT, id, sent, 0, pkt, len);
	if (sim->checks)
		note_sent(sim, n->index, to, pkt, len);
	struct impair_verdict v;
	impair_decide(d, sim->now, pkt, len, &v);
	if (v.fate != IMPAIR_PASS) {
		tap(sim, n->index, to, v.fate == IMPAIR_LOST ? SYNACK_SIM_LOST : SYNACK_SIM_DROPPED, id,
		    sent, 0, pkt, len);
		return;
	}
	uint64_t at = sim->now + v.delay;
	held_push(&sim->inflight, at, id, sent, n->index, to, pkt, len,
		  v.corrupt ? &v.corrupt_bit : NULL, v.mark_ce);
	if (v.duplicate)
		held_push(&sim->inflight, at, id, sent, n->index, to, pkt, len, NULL, v.mark_ce);
}

static void port_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id)
{
	(void)now; /* the network's clock is the one its stacks run on */
	carry((struct node *)l, pkt, len, id);
}

static void port_free(synack_link *l)
{
	(void)l; /* the node is the network's */
}

static const synack_link_ops port_ops = {.send = port_send, .free = port_free};

/* ------------------------------------------------------------- public */

synack_sim *synack_sim_new(uint64_t seed)
{
	synack_sim *sim = calloc(1, sizeof *sim);
	if (sim)
		sim->seed = seed;
	return sim;
}

void synack_sim_free(synack_sim *sim)
{
	if (!sim)
		return;
	for (int i = 0; i < sim->nnodes; i++)
		synack_stack_free(sim->nodes[i].stack);
	held_free(&sim->inflight);
	free(sim);
}

int synack_sim_add_node(synack_sim *sim, const synack_settings *settings,
			const synack_addr *addr, const synack_hooks *hooks)
{
	if (!sim || !addr)
		return SYNACK_EINVAL;
	if (sim->nnodes == MAX_NODES)
		return SYNACK_ENOBUFS;
	struct node *n = &sim->nodes[sim->nnodes];
	memset(n, 0, sizeof *n);
	n->sim = sim;
	n->index = sim->nnodes;
	n->addr = *addr;
	n->rng = sim->seed ^ (0x5157u + (uint64_t)n->index * 0x100000001b3ull);
	if (hooks)
		n->user_hooks = *hooks;
	synack_hooks h = {
		.user = n,
		.random = hooks && hooks->random ? node_user_random : node_random,
		.alloc = hooks && hooks->alloc ? node_alloc : NULL,
		.free = hooks && hooks->free ? node_free : NULL,
		.log = node_log,
		.event = node_event,
		.isn = hooks && hooks->isn ? node_isn : NULL,
	};
	int err;
	synack_stack *s = synack_stack_new(settings, &h, &err);
	if (!s)
		return err;
	err = synack_add_address(s, addr);
	if (err) {
		synack_stack_free(s);
		return err;
	}
	n->port.ops = &port_ops;
	synack_link_attach(&n->port, s);
	synack_advance(s, sim->now);
	n->stack = s;
	return sim->nnodes++;
}

synack_stack *synack_sim_stack(synack_sim *sim, int node)
{
	if (!sim || node < 0 || node >= sim->nnodes)
		return NULL;
	return sim->nodes[node].stack;
}

static struct direction *dir(synack_sim *sim, int from, int to)
{
	if (!sim || from < 0 || to < 0 || from >= sim->nnodes || to >= sim->nnodes || from == to)
		return NULL;
	return &sim->dirs[from][to];
}

int synack_sim_set_impair(synack_sim *sim, int from, int to, const synack_sim_impair *imp)
{
	struct direction *d = dir(sim, from, to);
	if (!d)
		return SYNACK_EINVAL;
	return impair_set(&d->imp, imp);
}

int synack_sim_link(synack_sim *sim, int a, int b, const synack_sim_impair *a_to_b,
		    const synack_sim_impair *b_to_a)
{
	struct direction *ab = dir(sim, a, b), *ba = dir(sim, b, a);
	if (!ab || !ba)
		return SYNACK_EINVAL;
	int err = synack_sim_set_impair(sim, a, b, a_to_b);
	if (!err)
		err = synack_sim_set_impair(sim, b, a, b_to_a);
	if (err)
		return err;
	ab->linked = ba->linked = true;
	ab->imp.rng = sim->seed * 0x9e3779b97f4a7c15ull + (uint64_t)(a * MAX_NODES + b) + 1;
	ba->imp.rng = sim->seed * 0x9e3779b97f4a7c15ull + (uint64_t)(b * MAX_NODES + a) + 1;
	return SYNACK_OK;
}

int synack_sim_drop_nth(synack_sim *sim, int from, int to, uint32_t n)
{
	struct direction *d = dir(sim, from, to);
	if (!d)
		return SYNACK_EINVAL;
	return impair_drop_nth(&d->imp, n);
}

int synack_sim_mark_nth(synack_sim *sim, int from, int to, uint32_t n)
{
	struct direction *d = dir(sim, from, to);
	if (!d)
		return SYNACK_EINVAL;
	return impair_mark_nth(&d->imp, n);
}

int synack_sim_delay_nth(synack_sim *sim, int from, int to, uint32_t n, uint64_t extra_ns)
{
	struct direction *d = dir(sim, from, to);
	if (!d)
		return SYNACK_EINVAL;
	return impair_delay_nth(&d->imp, n, extra_ns);
}

int synack_sim_inject(synack_sim *sim, int from, const uint8_t *pkt, size_t len)
{
	if (!sim || from < 0 || from >= sim->nnodes || !pkt || len == 0 || len > IMPAIR_MAX_DATAGRAM)
		return SYNACK_EINVAL;
	carry(&sim->nodes[from], pkt, len, 0);
	return SYNACK_OK;
}

int synack_sim_link_stats_get(const synack_sim *sim, int from, int to,
			      synack_sim_link_stats *out)
{
	struct direction *d = dir((synack_sim *)sim, from, to);
	if (!d)
		return SYNACK_EINVAL;
	*out = d->imp.stats;
	return SYNACK_OK;
}

uint64_t synack_sim_now(const synack_sim *sim) { return sim->now; }

static void advance_all(synack_sim *sim)
{
	for (int i = 0; i < sim->nnodes; i++)
		synack_advance(sim->nodes[i].stack, sim->now);
}

static uint64_t next_time(const synack_sim *sim)
{
	uint64_t t = held_next_time(&sim->inflight);
	for (int i = 0; i < sim->nnodes; i++) {
		uint64_t d = synack_next_deadline(sim->nodes[i].stack);
		if (d < t)
			t = d;
	}
	return t;
}

bool synack_sim_step(synack_sim *sim)
{
	uint64_t t = next_time(sim);
	if (t == UINT64_MAX)
		return false;
	if (t > sim->now)
		sim->now = t;
	if (held_next_time(&sim->inflight) <= sim->now) {
		struct held d = held_pop(&sim->inflight);
		sim->dirs[d.from][d.to].imp.stats.delivered++;
		/* timers due now fire first (synack_input would run them first
		 * anyway): taps then show what they sent before the arrival */
		synack_stack *rx = sim->nodes[d.to].stack;
		synack_advance(rx, sim->now);
		uint64_t number = synack_datagram_count(rx) + 1; /* what synack_input gives it */
		tap(sim, d.from, d.to, SYNACK_SIM_DELIVERED, d.id, d.sender_datagram, number, d.data,
		    d.len);
		synack_link_deliver(&sim->nodes[d.to].port, sim->now, d.data, d.len, d.id);
		tap(sim, d.from, d.to, SYNACK_SIM_PROCESSED, d.id, d.sender_datagram, number, d.data,
		    d.len);
		held_release(&sim->inflight, d.data);
	}
	advance_all(sim);
	if (sim->checks)
		check_stacks(sim);
	return true;
}

void synack_sim_run_until(synack_sim *sim, uint64_t t)
{
	while (next_time(sim) <= t)
		synack_sim_step(sim);
	if (t > sim->now)
		sim->now = t;
	advance_all(sim);
}

bool synack_sim_run_while_not(synack_sim *sim, bool (*cond)(void *user), void *user,
			      uint64_t deadline)
{
	while (!cond(user)) {
		if (next_time(sim) > deadline) {
			synack_sim_run_until(sim, deadline);
			return cond(user);
		}
		synack_sim_step(sim);
	}
	return true;
}

struct poll_wait {
	synack_stack *stack;
	int fd;
	uint32_t mask;
};

static bool poll_ready(void *user)
{
	const struct poll_wait *w = user;
	return (synack_poll(w->stack, w->fd) & w->mask) != 0;
}

bool synack_sim_wait(synack_sim *sim, synack_stack *stack, int fd, uint32_t mask,
		     uint64_t deadline)
{
	struct poll_wait w = {stack, fd, mask};
	return synack_sim_run_while_not(sim, poll_ready, &w, deadline);
}

void synack_sim_set_observer(synack_sim *sim,
			     void (*fn)(void *user, int node, const synack_event *ev),
			     void *user)
{
	sim->observer = fn;
	sim->observer_user = user;
}

void synack_sim_set_tap(synack_sim *sim, synack_sim_tap_fn fn, void *user)
{
	sim->tap = fn;
	sim->tap_user = user;
}

void synack_sim_set_log(synack_sim *sim,
			void (*fn)(void *user, int node, int level, const char *msg),
			void *user)
{
	sim->log = fn;
	sim->log_user = user;
}
