/* The simulated network.  A virtual clock, a heap of datagrams in flight,
 * and per-direction impairments drawn from seeded generators, so the same
 * seed replays the same run exactly. */
#include <stdlib.h>
#include <string.h>

#include "synack.h"
#include "synack_sim.h"

#define MAX_NODES 64
#define MAX_SCRIPTED 64
#define MAX_DATAGRAM 65535

/* splitmix64: small, fast, and good enough for impairment draws. */
static uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double rng_unit(uint64_t *state) { return (double)(rng_next(state) >> 11) * 0x1.0p-53; }

struct direction {
	bool linked;
	synack_sim_impair imp;
	uint64_t rng;
	uint32_t count;                /* datagrams sent this way */
	uint32_t scripted[MAX_SCRIPTED];
	uint32_t nscripted;
	uint64_t last_arrival;         /* jitter never reorders */
	synack_sim_link_stats stats;
};

struct node {
	synack_sim *sim;
	int index;
	synack_stack *stack;
	synack_addr addr;
	synack_hooks user_hooks;
	uint64_t rng;
};

struct datagram {
	uint64_t time;
	uint64_t order;                /* FIFO among equal times */
	uint64_t id;                   /* for the tap */
	int from, to;
	uint32_t len;
	uint8_t *data;
};

struct synack_sim {
	uint64_t now;
	uint64_t seed;
	uint64_t order;
	struct node nodes[MAX_NODES];
	int nnodes;
	struct direction dirs[MAX_NODES][MAX_NODES];
	struct datagram *heap;
	uint32_t heap_len, heap_cap;
	uint8_t **pool;                /* free datagram buffers */
	uint32_t pool_len, pool_cap;
	void (*observer)(void *, int, const synack_event *);
	void *observer_user;
	synack_sim_tap_fn tap;
	void *tap_user;
	void (*log)(void *, int, int, const char *);
	void *log_user;
	uint64_t next_id;
};

/* --------------------------------------------------------------- pool */

static uint8_t *buf_get(synack_sim *sim)
{
	if (sim->pool_len)
		return sim->pool[--sim->pool_len];
	return malloc(MAX_DATAGRAM);
}

static void buf_put(synack_sim *sim, uint8_t *b)
{
	if (sim->pool_len == sim->pool_cap) {
		uint32_t cap = sim->pool_cap ? sim->pool_cap * 2 : 64;
		uint8_t **p = realloc(sim->pool, cap * sizeof *p);
		if (!p) {
			free(b);
			return;
		}
		sim->pool = p;
		sim->pool_cap = cap;
	}
	sim->pool[sim->pool_len++] = b;
}

/* --------------------------------------------------------------- heap */

static bool earlier(const struct datagram *a, const struct datagram *b)
{
	return a->time < b->time || (a->time == b->time && a->order < b->order);
}

static bool heap_push(synack_sim *sim, struct datagram d)
{
	if (sim->heap_len == sim->heap_cap) {
		uint32_t cap = sim->heap_cap ? sim->heap_cap * 2 : 256;
		struct datagram *h = realloc(sim->heap, cap * sizeof *h);
		if (!h)
			return false;
		sim->heap = h;
		sim->heap_cap = cap;
	}
	uint32_t i = sim->heap_len++;
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!earlier(&d, &sim->heap[parent]))
			break;
		sim->heap[i] = sim->heap[parent];
		i = parent;
	}
	sim->heap[i] = d;
	return true;
}

static struct datagram heap_pop(synack_sim *sim)
{
	struct datagram top = sim->heap[0];
	struct datagram last = sim->heap[--sim->heap_len];
	uint32_t i = 0;
	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= sim->heap_len)
			break;
		if (child + 1 < sim->heap_len && earlier(&sim->heap[child + 1], &sim->heap[child]))
			child++;
		if (!earlier(&sim->heap[child], &last))
			break;
		sim->heap[i] = sim->heap[child];
		i = child;
	}
	if (sim->heap_len)
		sim->heap[i] = last;
	return top;
}

/* ------------------------------------------------------------- hooks */

static void node_random(void *user, void *buf, size_t len)
{
	struct node *n = user;
	uint8_t *p = buf;
	while (len > 0) {
		uint64_t r = rng_next(&n->rng);
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
		const uint8_t *pkt, size_t len)
{
	if (sim->tap)
		sim->tap(sim->tap_user, sim->now, from, to, fate, id, pkt, len);
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

static bool scripted_drop(struct direction *d)
{
	for (uint32_t i = 0; i < d->nscripted; i++)
		if (d->scripted[i] == d->count)
			return true;
	return false;
}

static void enqueue(synack_sim *sim, int from, int to, uint64_t id, const uint8_t *pkt,
		    size_t len, uint64_t delay, bool corrupt)
{
	struct direction *d = &sim->dirs[from][to];
	uint8_t *b = buf_get(sim);
	if (!b)
		return;
	memcpy(b, pkt, len);
	if (corrupt) {
		uint64_t bit = rng_next(&d->rng) % (len * 8);
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		d->stats.corrupted++;
	}
	struct datagram dg = {.time = sim->now + delay, .order = sim->order++, .id = id,
			      .from = from, .to = to, .len = (uint32_t)len, .data = b};
	if (!heap_push(sim, dg))
		buf_put(sim, b);
}

static void node_transmit(void *user, const uint8_t *pkt, size_t len)
{
	struct node *n = user;
	synack_sim *sim = n->sim;
	int to = route(sim, n->index, pkt, len);
	if (to < 0) {
		tap(sim, n->index, -1, SYNACK_SIM_NO_ROUTE, 0, pkt, len);
		return;
	}
	uint64_t id = ++sim->next_id;
	struct direction *d = &sim->dirs[n->index][to];
	const synack_sim_impair *imp = &d->imp;
	d->count++;
	d->stats.sent++;
	tap(sim, n->index, to, SYNACK_SIM_SENT, id, pkt, len);
	/* Draw every random number in the same order whatever the outcome,
	 * so changing one probability does not reshuffle the others. */
	double u_loss = rng_unit(&d->rng), u_dup = rng_unit(&d->rng);
	double u_reorder = rng_unit(&d->rng), u_corrupt = rng_unit(&d->rng);
	double u_jitter = rng_unit(&d->rng);
	if (scripted_drop(d)) {
		d->stats.dropped++;
		tap(sim, n->index, to, SYNACK_SIM_DROPPED, id, pkt, len);
		return;
	}
	if (u_loss < imp->loss) {
		d->stats.lost++;
		tap(sim, n->index, to, SYNACK_SIM_LOST, id, pkt, len);
		return;
	}
	uint64_t delay = imp->delay_ns + (uint64_t)(u_jitter * (double)imp->jitter_ns);
	if (sim->now + delay < d->last_arrival)
		delay = d->last_arrival - sim->now; /* jitter alone keeps order */
	bool reordered = u_reorder < imp->reorder;
	if (!reordered)
		d->last_arrival = sim->now + delay;
	else {
		delay += imp->reorder_delay_ns;
		d->stats.reordered++;
	}
	bool corrupt = u_corrupt < imp->corrupt;
	enqueue(sim, n->index, to, id, pkt, len, delay, corrupt);
	if (u_dup < imp->duplicate) {
		d->stats.duplicated++;
		enqueue(sim, n->index, to, id, pkt, len, delay, false);
	}
}

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
	for (uint32_t i = 0; i < sim->heap_len; i++)
		free(sim->heap[i].data);
	for (uint32_t i = 0; i < sim->pool_len; i++)
		free(sim->pool[i]);
	free(sim->heap);
	free(sim->pool);
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
		.transmit = node_transmit,
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
	if (imp) {
		if (imp->loss < 0 || imp->loss > 1 || imp->duplicate < 0 || imp->duplicate > 1 ||
		    imp->reorder < 0 || imp->reorder > 1 || imp->corrupt < 0 || imp->corrupt > 1)
			return SYNACK_EINVAL;
		d->imp = *imp;
	} else {
		memset(&d->imp, 0, sizeof d->imp);
	}
	return SYNACK_OK;
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
	ab->rng = sim->seed * 0x9e3779b97f4a7c15ull + (uint64_t)(a * MAX_NODES + b) + 1;
	ba->rng = sim->seed * 0x9e3779b97f4a7c15ull + (uint64_t)(b * MAX_NODES + a) + 1;
	return SYNACK_OK;
}

int synack_sim_drop_nth(synack_sim *sim, int from, int to, uint32_t n)
{
	struct direction *d = dir(sim, from, to);
	if (!d || n == 0)
		return SYNACK_EINVAL;
	if (d->nscripted == MAX_SCRIPTED)
		return SYNACK_ENOBUFS;
	d->scripted[d->nscripted++] = n;
	return SYNACK_OK;
}

int synack_sim_link_stats_get(const synack_sim *sim, int from, int to,
			      synack_sim_link_stats *out)
{
	struct direction *d = dir((synack_sim *)sim, from, to);
	if (!d)
		return SYNACK_EINVAL;
	*out = d->stats;
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
	uint64_t t = sim->heap_len ? sim->heap[0].time : UINT64_MAX;
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
	if (sim->heap_len && sim->heap[0].time <= sim->now) {
		struct datagram d = heap_pop(sim);
		struct direction *dr = &sim->dirs[d.from][d.to];
		dr->stats.delivered++;
		tap(sim, d.from, d.to, SYNACK_SIM_DELIVERED, d.id, d.data, d.len);
		synack_input(sim->nodes[d.to].stack, sim->now, d.data, d.len);
		tap(sim, d.from, d.to, SYNACK_SIM_PROCESSED, d.id, d.data, d.len);
		buf_put(sim, d.data);
	}
	advance_all(sim);
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
