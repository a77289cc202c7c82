/* Link impairments and the queue of held-back datagrams (impair.h). */
#include <stdlib.h>
#include <string.h>

#include "impair.h"

/* splitmix64: small, fast, and good enough for impairment draws. */
uint64_t impair_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double rng_unit(uint64_t *state)
{
	return (double)(impair_rng_next(state) >> 11) * 0x1.0p-53;
}

static bool probability(double p) { return p >= 0 && p <= 1; }

int impair_set(struct impair_dir *d, const synack_sim_impair *imp)
{
	if (!imp) {
		memset(&d->imp, 0, sizeof d->imp);
		return SYNACK_OK;
	}
	if (!probability(imp->loss) || !probability(imp->duplicate) ||
	    !probability(imp->reorder) || !probability(imp->corrupt) || !probability(imp->ce_mark))
		return SYNACK_EINVAL;
	d->imp = *imp;
	return SYNACK_OK;
}

static int add_scripted(struct impair_dir *d, uint32_t n, bool mark_ce)
{
	if (n == 0)
		return SYNACK_EINVAL;
	if (d->nscripted == IMPAIR_MAX_SCRIPTED)
		return SYNACK_ENOBUFS;
	d->scripted[d->nscripted].n = n;
	d->scripted[d->nscripted++].mark_ce = mark_ce;
	return SYNACK_OK;
}

int impair_drop_nth(struct impair_dir *d, uint32_t n) { return add_scripted(d, n, false); }
int impair_mark_nth(struct impair_dir *d, uint32_t n) { return add_scripted(d, n, true); }

int impair_delay_nth(struct impair_dir *d, uint32_t n, uint64_t extra_ns)
{
	if (n == 0)
		return SYNACK_EINVAL;
	if (d->ndelayed == IMPAIR_MAX_SCRIPTED)
		return SYNACK_ENOBUFS;
	d->delayed[d->ndelayed].n = n;
	d->delayed[d->ndelayed++].extra_ns = extra_ns;
	return SYNACK_OK;
}

static uint64_t scripted_delay(const struct impair_dir *d)
{
	for (uint32_t i = 0; i < d->ndelayed; i++)
		if (d->delayed[i].n == d->count)
			return d->delayed[i].extra_ns;
	return 0;
}

static bool scripted(const struct impair_dir *d, bool mark_ce)
{
	for (uint32_t i = 0; i < d->nscripted; i++)
		if (d->scripted[i].n == d->count && d->scripted[i].mark_ce == mark_ce)
			return true;
	return false;
}

/* RFC 3168 5: the ECN field is the low two bits of the IPv4 TOS byte and
 * of the IPv6 traffic class (bits 4-5 of the second byte). */
static bool ecn_capable(const uint8_t *pkt, size_t len)
{
	if (len >= 20 && pkt[0] >> 4 == 4)
		return (pkt[1] & 3) == 1 || (pkt[1] & 3) == 2;
	if (len >= 40 && pkt[0] >> 4 == 6)
		return (pkt[1] >> 4 & 3) == 1 || (pkt[1] >> 4 & 3) == 2;
	return false;
}

void impair_mark_ce(uint8_t *pkt, size_t len)
{
	if (pkt[0] >> 4 == 6) {
		pkt[1] |= 0x30;
		return;
	}
	size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
	if (ihl < 20 || ihl > len)
		return;
	pkt[1] |= 3;
	/* the header checksum, again */
	pkt[10] = pkt[11] = 0;
	uint16_t sum = synack_checksum(pkt, ihl);
	pkt[10] = (uint8_t)(sum >> 8);
	pkt[11] = (uint8_t)sum;
}

void impair_decide(struct impair_dir *d, uint64_t now, const uint8_t *pkt, size_t len,
		   struct impair_verdict *v)
{
	const synack_sim_impair *imp = &d->imp;
	memset(v, 0, sizeof *v);
	d->count++;
	d->stats.sent++;
	/* Draw every random number in the same order whatever the outcome,
	 * so changing one probability does not reshuffle the others. */
	double u_loss = rng_unit(&d->rng), u_dup = rng_unit(&d->rng);
	double u_reorder = rng_unit(&d->rng), u_corrupt = rng_unit(&d->rng);
	double u_jitter = rng_unit(&d->rng);
	/* drawn only when asked for, so that seeds keep their meaning */
	double u_ce = imp->ce_mark > 0 ? rng_unit(&d->rng) : 1;
	if (scripted(d, false)) {
		d->stats.dropped++;
		v->fate = IMPAIR_DROPPED;
		return;
	}
	if (u_loss < imp->loss) {
		d->stats.lost++;
		v->fate = IMPAIR_LOST;
		return;
	}
	uint64_t delay = imp->delay_ns + (uint64_t)(u_jitter * (double)imp->jitter_ns);
	if (now + delay < d->last_arrival)
		delay = d->last_arrival - now; /* jitter alone keeps order */
	uint64_t extra = scripted_delay(d);
	if (u_reorder < imp->reorder || extra) {
		delay += extra ? extra : imp->reorder_delay_ns;
		d->stats.reordered++;
	} else {
		d->last_arrival = now + delay;
	}
	v->delay = delay;
	if (u_corrupt < imp->corrupt && len > 0) {
		v->corrupt = true;
		v->corrupt_bit = impair_rng_next(&d->rng) % (len * 8);
		d->stats.corrupted++;
	}
	if (u_dup < imp->duplicate) {
		v->duplicate = true;
		d->stats.duplicated++;
	}
	if ((u_ce < imp->ce_mark || scripted(d, true)) && ecn_capable(pkt, len)) {
		v->mark_ce = true;
		d->stats.ce_marked++;
	}
}

/* -------------------------------------------------------- held queue */

static uint8_t *buf_get(struct held_queue *q)
{
	if (q->pool_len)
		return q->pool[--q->pool_len];
	return malloc(IMPAIR_MAX_DATAGRAM);
}

void held_release(struct held_queue *q, uint8_t *b)
{
	if (q->pool_len == q->pool_cap) {
		uint32_t cap = q->pool_cap ? q->pool_cap * 2 : 64;
		uint8_t **p = realloc(q->pool, cap * sizeof *p);
		if (!p) {
			free(b);
			return;
		}
		q->pool = p;
		q->pool_cap = cap;
	}
	q->pool[q->pool_len++] = b;
}

static bool earlier(const struct held *a, const struct held *b)
{
	return a->time < b->time || (a->time == b->time && a->order < b->order);
}

bool held_push(struct held_queue *q, uint64_t time, uint64_t id, uint64_t sender_datagram,
	       int from, int to, const uint8_t *pkt, size_t len, const uint64_t *corrupt_bit,
	       bool ce)
{
	if (len > IMPAIR_MAX_DATAGRAM)
		return false;
	if (q->len == q->cap) {
		uint32_t cap = q->cap ? q->cap * 2 : 256;
		struct held *h = realloc(q->heap, cap * sizeof *h);
		if (!h)
			return false;
		q->heap = h;
		q->cap = cap;
	}
	uint8_t *b = buf_get(q);
	if (!b)
		return false;
	memcpy(b, pkt, len);
	if (ce)
		impair_mark_ce(b, len);
	if (corrupt_bit)
		b[*corrupt_bit / 8] ^= (uint8_t)(1u << (*corrupt_bit % 8));
	struct held d = {.time = time, .order = q->order++, .id = id,
			 .sender_datagram = sender_datagram, .from = from, .to = to,
			 .len = (uint32_t)len, .data = b};
	uint32_t i = q->len++;
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!earlier(&d, &q->heap[parent]))
			break;
		q->heap[i] = q->heap[parent];
		i = parent;
	}
	q->heap[i] = d;
	return true;
}

uint64_t held_next_time(const struct held_queue *q)
{
	return q->len ? q->heap[0].time : UINT64_MAX;
}

struct held held_pop(struct held_queue *q)
{
	struct held top = q->heap[0];
	struct held last = q->heap[--q->len];
	uint32_t i = 0;
	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= q->len)
			break;
		if (child + 1 < q->len && earlier(&q->heap[child + 1], &q->heap[child]))
			child++;
		if (!earlier(&q->heap[child], &last))
			break;
		q->heap[i] = q->heap[child];
		i = child;
	}
	if (q->len)
		q->heap[i] = last;
	return top;
}

void held_free(struct held_queue *q)
{
	for (uint32_t i = 0; i < q->len; i++)
		free(q->heap[i].data);
	for (uint32_t i = 0; i < q->pool_len; i++)
		free(q->pool[i]);
	free(q->heap);
	free(q->pool);
	memset(q, 0, sizeof *q);
}
