/* Links (synack_link.h): the operations, a stack attached on top, and
 * the two decorators, impairments and a pcap tap. */
#include <stdlib.h>
#include <string.h>

#include "impair.h"
#include "synack_link.h"

void synack_link_set_receiver(synack_link *l, synack_link_receive_fn fn, void *user)
{
	l->receive = fn;
	l->receive_user = user;
}

void synack_link_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id)
{
	l->ops->send(l, now, pkt, len, id);
}

int synack_link_poll(synack_link *l, uint64_t now)
{
	return l->ops->poll ? l->ops->poll(l, now) : 0;
}

uint64_t synack_link_next_deadline(const synack_link *l)
{
	return l->ops->next_deadline ? l->ops->next_deadline(l) : UINT64_MAX;
}

int synack_link_fd(const synack_link *l)
{
	return l->ops->fd ? l->ops->fd(l) : -1;
}

void synack_link_free(synack_link *l)
{
	if (l)
		l->ops->free(l);
}

void synack_link_deliver(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len,
			 uint64_t id)
{
	if (l->receive)
		l->receive(l->receive_user, now, pkt, len, id);
}

/* ------------------------------------------------- a stack on top */

static void stack_output(void *user, const uint8_t *pkt, size_t len, uint64_t id)
{
	synack_link *l = user;
	/* the stack attached on top is l's receiver (synack_link_attach);
	 * its clock is the time it sends at */
	synack_link_send(l, synack_now(l->receive_user), pkt, len, id);
}

static void stack_input(void *user, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id)
{
	(void)id;
	synack_input(user, now, pkt, len);
}

void synack_link_attach(synack_link *l, synack_stack *s)
{
	synack_link_set_receiver(l, stack_input, s);
	synack_set_output(s, stack_output, l);
}

/* ------------------------------------------------------- impairments */

enum { DOWN, UP };

struct impair_link {
	synack_link link;
	synack_link *lower;
	struct impair_dir dir[2];     /* DOWN, UP */
	struct held_queue held;
	uint64_t next_id;
	synack_link_tap_fn tap;
	void *tap_user;
	uint8_t marked[2][IMPAIR_MAX_DATAGRAM]; /* a CE-marked copy, per direction */
};

static void tap(struct impair_link *m, uint64_t now, int dir, enum synack_sim_fate fate,
		uint64_t id, uint64_t sent, const uint8_t *pkt, size_t len)
{
	if (!m->tap)
		return;
	synack_link_event e = {.time = now, .up = dir == UP, .fate = fate, .id = id,
			       .sent = sent, .pkt = pkt, .len = len};
	m->tap(m->tap_user, &e);
}

/* A datagram leaves the decorator: down to the lower link, or up to the
 * side above (which has handled it when the call returns). */
static void hand_over(struct impair_link *m, uint64_t now, int dir, uint64_t id, uint64_t sent,
		      const uint8_t *pkt, size_t len)
{
	m->dir[dir].stats.delivered++;
	tap(m, now, dir, SYNACK_SIM_DELIVERED, id, sent, pkt, len);
	if (dir == DOWN) {
		synack_link_send(m->lower, now, pkt, len, sent);
	} else {
		synack_link_deliver(&m->link, now, pkt, len, id);
		tap(m, now, dir, SYNACK_SIM_PROCESSED, id, sent, pkt, len);
	}
}

static bool is_tcp(const uint8_t *pkt, size_t len)
{
	if (len >= 20 && pkt[0] >> 4 == 4)
		return pkt[9] == 6;
	return len >= 40 && pkt[0] >> 4 == 6 && pkt[6] == 6;
}

/* A datagram enters: impair it, then hand it over now or hold it back
 * until its time.  Impairments (and their datagram counts) are for TCP
 * segments: other traffic passes untouched and does not shift
 * synack_link_impair_drop_nth's count. */
static void carry(struct impair_link *m, uint64_t now, int dir, const uint8_t *pkt, size_t len,
		  uint64_t sent)
{
	uint64_t id = ++m->next_id;
	tap(m, now, dir, SYNACK_SIM_SENT, id, sent, pkt, len);
	if (!is_tcp(pkt, len) || len > IMPAIR_MAX_DATAGRAM) {
		hand_over(m, now, dir, id, sent, pkt, len);
		return;
	}
	struct impair_verdict v;
	impair_decide(&m->dir[dir], now, pkt, len, &v);
	if (v.fate != IMPAIR_PASS) {
		tap(m, now, dir, v.fate == IMPAIR_LOST ? SYNACK_SIM_LOST : SYNACK_SIM_DROPPED, id,
		    sent, pkt, len);
		return;
	}
	int copies = v.duplicate ? 2 : 1;
	if (v.delay == 0 && !v.corrupt) {
		/* marked on a copy, handed over at once: no reordering */
		if (v.mark_ce) {
			memcpy(m->marked[dir], pkt, len);
			impair_mark_ce(m->marked[dir], len);
			pkt = m->marked[dir];
		}
		while (copies--)
			hand_over(m, now, dir, id, sent, pkt, len);
		return;
	}
	uint64_t at = now + v.delay;
	held_push(&m->held, at, id, sent, dir, dir, pkt, len, v.corrupt ? &v.corrupt_bit : NULL,
		  v.mark_ce);
	if (copies == 2)
		held_push(&m->held, at, id, sent, dir, dir, pkt, len, NULL, v.mark_ce);
}

static void impair_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len,
			uint64_t id)
{
	carry((struct impair_link *)l, now, DOWN, pkt, len, id);
}

static void impair_from_below(void *user, uint64_t now, const uint8_t *pkt, size_t len,
			      uint64_t id)
{
	(void)id;
	carry(user, now, UP, pkt, len, 0);
}

static int impair_poll(synack_link *l, uint64_t now)
{
	struct impair_link *m = (struct impair_link *)l;
	int n = synack_link_poll(m->lower, now);
	if (n < 0)
		return n;
	while (held_next_time(&m->held) <= now) {
		struct held h = held_pop(&m->held);
		hand_over(m, now, h.to, h.id, h.sender_datagram, h.data, h.len);
		held_release(&m->held, h.data);
		n++;
	}
	return n;
}

static uint64_t impair_deadline(const synack_link *l)
{
	const struct impair_link *m = (const struct impair_link *)l;
	uint64_t a = held_next_time(&m->held), b = synack_link_next_deadline(m->lower);
	return a < b ? a : b;
}

static int impair_fd(const synack_link *l)
{
	return synack_link_fd(((const struct impair_link *)l)->lower);
}

static void impair_free(synack_link *l)
{
	struct impair_link *m = (struct impair_link *)l;
	synack_link_free(m->lower);
	held_free(&m->held);
	free(m);
}

static const synack_link_ops impair_ops = {
	.send = impair_send,
	.poll = impair_poll,
	.next_deadline = impair_deadline,
	.fd = impair_fd,
	.free = impair_free,
};

synack_link *synack_link_impair_new(synack_link *lower, const synack_sim_impair *down,
				    const synack_sim_impair *up, uint64_t seed, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!lower) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	struct impair_link *m = calloc(1, sizeof *m);
	if (!m) {
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	m->link.ops = &impair_ops;
	m->lower = lower;
	m->dir[DOWN].rng = seed * 0x9e3779b97f4a7c15ull + 2;
	m->dir[UP].rng = seed * 0x9e3779b97f4a7c15ull + 1;
	if ((*err = impair_set(&m->dir[DOWN], down)) != SYNACK_OK ||
	    (*err = impair_set(&m->dir[UP], up)) != SYNACK_OK) {
		free(m);
		return NULL;
	}
	synack_link_set_receiver(lower, impair_from_below, m);
	*err = SYNACK_OK;
	return &m->link;
}

int synack_link_impair_drop_nth(synack_link *l, bool up, uint32_t n)
{
	if (!l || l->ops != &impair_ops)
		return SYNACK_EINVAL;
	return impair_drop_nth(&((struct impair_link *)l)->dir[up ? UP : DOWN], n);
}

void synack_link_impair_stats(const synack_link *l, synack_sim_link_stats *down,
			      synack_sim_link_stats *up)
{
	const struct impair_link *m = (const struct impair_link *)l;
	if (down)
		*down = m->dir[DOWN].stats;
	if (up)
		*up = m->dir[UP].stats;
}

void synack_link_impair_set_tap(synack_link *l, synack_link_tap_fn fn, void *user)
{
	struct impair_link *m = (struct impair_link *)l;
	m->tap = fn;
	m->tap_user = user;
}

/* ---------------------------------------------------------- pcap tap */

struct pcap_link {
	synack_link link;
	synack_link *lower;
	synack_pcap *pcap;
};

static void pcap_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id)
{
	struct pcap_link *p = (struct pcap_link *)l;
	synack_pcap_write(p->pcap, now, pkt, len);
	synack_link_send(p->lower, now, pkt, len, id);
}

static void pcap_from_below(void *user, uint64_t now, const uint8_t *pkt, size_t len,
			    uint64_t id)
{
	struct pcap_link *p = user;
	synack_pcap_write(p->pcap, now, pkt, len);
	synack_link_deliver(&p->link, now, pkt, len, id);
}

static int pcap_poll(synack_link *l, uint64_t now)
{
	return synack_link_poll(((struct pcap_link *)l)->lower, now);
}

static uint64_t pcap_deadline(const synack_link *l)
{
	return synack_link_next_deadline(((const struct pcap_link *)l)->lower);
}

static int pcap_fd(const synack_link *l)
{
	return synack_link_fd(((const struct pcap_link *)l)->lower);
}

static void pcap_free(synack_link *l)
{
	struct pcap_link *p = (struct pcap_link *)l;
	synack_link_free(p->lower);
	free(p);
}

static const synack_link_ops pcap_ops = {
	.send = pcap_send,
	.poll = pcap_poll,
	.next_deadline = pcap_deadline,
	.fd = pcap_fd,
	.free = pcap_free,
};

synack_link *synack_link_pcap_new(synack_link *lower, synack_pcap *pcap, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!lower || !pcap) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	struct pcap_link *p = calloc(1, sizeof *p);
	if (!p) {
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	p->link.ops = &pcap_ops;
	p->lower = lower;
	p->pcap = pcap;
	synack_link_set_receiver(lower, pcap_from_below, p);
	*err = SYNACK_OK;
	return &p->link;
}
