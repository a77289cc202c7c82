/* Control block life cycle, lookup tables, and the one state funnel. */
#include "tcp/conn.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/stack.h"

static const char *const state_names[SYNACK_STATE_COUNT] = {
	[SYNACK_CLOSED] = "CLOSED",
	[SYNACK_LISTEN] = "LISTEN",
	[SYNACK_SYN_SENT] = "SYN-SENT",
	[SYNACK_SYN_RECEIVED] = "SYN-RECEIVED",
	[SYNACK_ESTABLISHED] = "ESTABLISHED",
	[SYNACK_CLOSE_WAIT] = "CLOSE-WAIT",
	[SYNACK_FIN_WAIT_1] = "FIN-WAIT-1",
	[SYNACK_CLOSING] = "CLOSING",
	[SYNACK_LAST_ACK] = "LAST-ACK",
	[SYNACK_FIN_WAIT_2] = "FIN-WAIT-2",
	[SYNACK_TIME_WAIT] = "TIME-WAIT",
};

const char *synack_state_name(synack_state s)
{
	return (unsigned)s < SYNACK_STATE_COUNT ? state_names[s] : "?";
}

void conn_init_from_settings(struct tcp_conn *c)
{
	const synack_settings *cfg = &c->stack->cfg;
	c->opt.sndbuf_size = cfg->send_buffer;
	c->opt.rcvbuf_size = cfg->recv_buffer;
	c->opt.nodelay = !cfg->nagle;
	c->opt.keepalive = cfg->keepalive;
	c->opt.keep_idle = cfg->keepalive_idle_ns;
	c->opt.keep_intvl = cfg->keepalive_interval_ns;
	c->opt.keep_cnt = cfg->keepalive_count;
	c->rto = cfg->initial_rto_ns;
	c->opt.notsent_lowat = 0; /* no limit */
}

struct tcp_conn *conn_new(struct synack_stack *s)
{
	if (stack_reserve_timers(s, TT_COUNT) != SYNACK_OK)
		return NULL;
	struct tcp_conn *c = stack_alloc(s, sizeof *c);
	if (!c)
		return NULL;
	memset(c, 0, sizeof *c);
	c->stack = s;
	c->fd = -1;
	c->id = ++s->next_conn_id;
	c->state = SYNACK_CLOSED;
	for (int k = 0; k < TT_COUNT; k++)
		timer_init(&c->timers[k], (uint8_t)k);
	conn_init_from_settings(c);
	c->all_next = s->all;
	if (s->all)
		s->all->all_prev = c;
	s->all = c;
	s->conns_live++;
	return c;
}

static uint32_t round_to_mss(const struct tcp_conn *c, uint32_t size)
{
	uint32_t mss = c->mss, max = c->stack->cfg.wscale_buffer;
	if (mss == 0 || size < mss)
		return size;
	uint64_t r = ((uint64_t)size + mss - 1) / mss * mss;
	if (max && r > max)
		r = max > size ? max : size;
	return (uint32_t)r;
}

/* Once the peer's MSS is known, both buffers may grow to a multiple of
 * it (the freebsd personality), and SO_RCVBUF says so. */
void conn_buffers_follow_mss(struct tcp_conn *c)
{
	if (!c->stack->policy->buffers_follow_mss || c->sndbuf.buf)
		return;
	c->opt.sndbuf_size = round_to_mss(c, c->opt.sndbuf_size);
	c->opt.rcvbuf_size = round_to_mss(c, c->opt.rcvbuf_size);
}

int conn_alloc_buffers(struct tcp_conn *c)
{
	if (c->sndbuf.buf)
		return SYNACK_OK;
	uint8_t *snd = stack_alloc(c->stack, c->opt.sndbuf_size);
	uint8_t *rcv = snd ? stack_alloc(c->stack, c->opt.rcvbuf_size) : NULL;
	if (!rcv) {
		stack_free(c->stack, snd);
		return SYNACK_ENOMEM;
	}
	c->sndbuf = (struct ring){.buf = snd, .cap = c->opt.sndbuf_size};
	c->rcvbuf = (struct ring){.buf = rcv, .cap = c->opt.rcvbuf_size};
	return SYNACK_OK;
}

/* setsockopt(SNDBUF/RCVBUF) on a connection: the ring moves to storage of
 * the new size, bytes at the same offsets from its head.  It may not drop
 * below what it holds (for the receive ring: out-of-order data and the
 * window already offered count too). */
int conn_resize_buffer(struct tcp_conn *c, bool send, uint32_t size)
{
	struct ring *r = send ? &c->sndbuf : &c->rcvbuf;
	uint32_t needed = r->len;
	if (!send) {
		int32_t offered = seq_diff(c->rcv_adv, c->rcv_nxt);
		needed += offered > 0 ? (uint32_t)offered : 0;
		if (c->ooo_count) {
			uint32_t ooo = seq_len(c->rcv_nxt, c->ooo[c->ooo_count - 1].right);
			if (r->len + ooo > needed)
				needed = r->len + ooo;
		}
	}
	if (size < needed)
		size = needed;
	if (!r->buf || size == r->cap) {
		if (send)
			c->opt.sndbuf_size = size;
		else
			c->opt.rcvbuf_size = size;
		return SYNACK_OK;
	}
	uint8_t *mem = stack_alloc(c->stack, size);
	if (!mem)
		return SYNACK_ENOMEM;
	ring_copy_out(r, 0, mem, size < r->cap ? size : r->cap);
	stack_free(c->stack, r->buf);
	*r = (struct ring){.buf = mem, .cap = size, .head = 0, .len = r->len};
	if (send)
		c->opt.sndbuf_size = size;
	else
		c->opt.rcvbuf_size = size;
	return SYNACK_OK;
}

/* Whatever is left unread is discarded: callers release only when nobody
 * can read it. */
void conn_release_buffers(struct tcp_conn *c)
{
	if (!c->sndbuf.buf)
		return;
	stack_free(c->stack, c->sndbuf.buf);
	stack_free(c->stack, c->rcvbuf.buf);
	memset(&c->sndbuf, 0, sizeof c->sndbuf);
	memset(&c->rcvbuf, 0, sizeof c->rcvbuf);
	c->ooo_count = 0;
}

void conn_set_state(struct tcp_conn *c, synack_state to, synack_reason reason)
{
	synack_state from = c->state;
	if (from == to)
		return;
	c->state = to;
	stack_event_state(c->stack, c, from, to, reason);
}

/* ---------------------------------------------------------------- tables */

static bool addr_is_any(const synack_addr *a)
{
	for (int i = 0; i < 16; i++)
		if (a->bytes[i])
			return false;
	return true;
}

static struct tcp_conn **conn_bucket(struct synack_stack *s, const synack_endpoint *local,
				     const synack_endpoint *remote)
{
	return &s->conn_hash[stack_hash_tuple(s, local, remote) & s->conn_hash_mask];
}

static bool endpoint_equal(const synack_endpoint *a, const synack_endpoint *b)
{
	return a->port == b->port && synack_addr_equal(&a->addr, &b->addr);
}

/* Doubles the table when it holds more entries than buckets.  Runs when a
 * connection is created, never per segment. */
static void conn_hash_grow(struct synack_stack *s)
{
	uint32_t nb = (s->conn_hash_mask + 1) * 2;
	struct tcp_conn **nt = stack_alloc(s, nb * sizeof *nt);
	if (!nt)
		return; /* keep the old table: longer chains, still correct */
	memset(nt, 0, nb * sizeof *nt);
	struct tcp_conn **old = s->conn_hash;
	uint32_t ob = s->conn_hash_mask + 1;
	s->conn_hash = nt;
	s->conn_hash_mask = nb - 1;
	for (uint32_t i = 0; i < ob; i++) {
		struct tcp_conn *c = old[i];
		while (c) {
			struct tcp_conn *next = c->hnext;
			struct tcp_conn **b = conn_bucket(s, &c->local, &c->remote);
			c->hnext = *b;
			*b = c;
			c = next;
		}
	}
	stack_free(s, old);
}

void conn_hash_insert(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (c->in_hash)
		return;
	if (s->conns_hashed + 1 > s->conn_hash_mask + 1)
		conn_hash_grow(s);
	struct tcp_conn **b = conn_bucket(s, &c->local, &c->remote);
	c->hnext = *b;
	*b = c;
	c->in_hash = true;
	s->conns_hashed++;
}

void conn_hash_remove(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (!c->in_hash)
		return;
	struct tcp_conn **p = conn_bucket(s, &c->local, &c->remote);
	while (*p && *p != c)
		p = &(*p)->hnext;
	if (*p)
		*p = c->hnext;
	c->hnext = NULL;
	c->in_hash = false;
	s->conns_hashed--;
}

struct tcp_conn *conn_lookup(struct synack_stack *s, const synack_endpoint *local,
			     const synack_endpoint *remote)
{
	for (struct tcp_conn *c = *conn_bucket(s, local, remote); c; c = c->hnext)
		if (endpoint_equal(&c->local, local) && endpoint_equal(&c->remote, remote))
			return c;
	return NULL;
}

void listener_hash_insert(struct tcp_conn *c)
{
	struct tcp_conn **b = &c->stack->listen_hash[c->local.port % LISTEN_BUCKETS];
	c->hnext = *b;
	*b = c;
	c->in_hash = true;
}

void listener_hash_remove(struct tcp_conn *c)
{
	struct tcp_conn **p = &c->stack->listen_hash[c->local.port % LISTEN_BUCKETS];
	while (*p && *p != c)
		p = &(*p)->hnext;
	if (*p)
		*p = c->hnext;
	c->hnext = NULL;
	c->in_hash = false;
}

/* An exact local address wins over a wildcard one. */
struct tcp_conn *listener_lookup(struct synack_stack *s, const synack_endpoint *local)
{
	struct tcp_conn *wild = NULL;
	for (struct tcp_conn *c = s->listen_hash[local->port % LISTEN_BUCKETS]; c; c = c->hnext) {
		if (c->local.port != local->port)
			continue;
		if (synack_addr_equal(&c->local.addr, &local->addr))
			return c;
		if (addr_is_any(&c->local.addr) && c->local.addr.family == local->addr.family)
			wild = c;
	}
	return wild;
}

void bind_insert(struct tcp_conn *c)
{
	if (c->in_bind)
		return;
	struct tcp_conn **b = &c->stack->bind_hash[c->local.port % BIND_BUCKETS];
	c->bnext = *b;
	*b = c;
	c->in_bind = true;
}

void bind_remove(struct tcp_conn *c)
{
	if (!c->in_bind)
		return;
	struct tcp_conn **p = &c->stack->bind_hash[c->local.port % BIND_BUCKETS];
	while (*p && *p != c)
		p = &(*p)->bnext;
	if (*p)
		*p = c->bnext;
	c->bnext = NULL;
	c->in_bind = false;
}

/* ---------------------------------------------------------------- timers */

void conn_timer_arm(struct tcp_conn *c, enum tcp_timer_kind k, uint64_t delay)
{
	/* At least 1 ns ahead, so a handler that re-arms cannot spin. */
	timer_arm(&c->stack->timers, &c->timers[k], c->stack->now + (delay ? delay : 1));
}

void conn_timer_cancel(struct tcp_conn *c, enum tcp_timer_kind k)
{
	timer_cancel(&c->stack->timers, &c->timers[k]);
}

void conn_timers_cancel_all(struct tcp_conn *c)
{
	for (int k = 0; k < TT_COUNT; k++)
		conn_timer_cancel(c, (enum tcp_timer_kind)k);
}

/* ------------------------------------------------------------ readiness */

uint32_t conn_poll(const struct tcp_conn *c)
{
	uint32_t m = 0;
	if (c->state == SYNACK_LISTEN)
		return c->lq && c->lq->accept_count ? SYNACK_POLLIN : 0;
	if (c->error)
		m |= SYNACK_POLLERR;
	if (c->rcvbuf.len > 0 || c->fin_received || c->rd_shutdown)
		m |= SYNACK_POLLIN;
	if (c->fin_received || c->rd_shutdown)
		m |= SYNACK_POLLRDHUP;
	if (state_in(c->state, SEND_STATES) && !c->fin_queued && ring_free(&c->sndbuf) > 0) {
		int32_t unsent = seq_diff(seq_add(c->snd_buf_seq, c->sndbuf.len), c->snd_max);
		uint32_t lowat = c->opt.notsent_lowat ? c->opt.notsent_lowat : UINT32_MAX;
		if (unsent < 0 || (uint32_t)unsent < lowat)
			m |= SYNACK_POLLOUT;
	}
	if (c->state == SYNACK_CLOSED) {
		m |= SYNACK_POLLHUP | SYNACK_POLLIN;
		if (c->fin_queued || c->error)
			m |= SYNACK_POLLOUT; /* writes fail at once: not blocked */
	}
	return m;
}

void conn_update_ready(struct tcp_conn *c)
{
	c->ready_dirty = true;
	conn_flush_later(c);
}

void conn_flush_later(struct tcp_conn *c)
{
	if (c->flush_listed)
		return;
	c->flush_listed = true;
	c->flush_next = c->stack->flush_head;
	c->stack->flush_head = c;
}

static void flush_unlink(struct tcp_conn *c)
{
	if (!c->flush_listed)
		return;
	struct tcp_conn **p = &c->stack->flush_head;
	while (*p && *p != c)
		p = &(*p)->flush_next;
	if (*p)
		*p = c->flush_next;
	c->flush_listed = false;
}

#define READY_BATCH 64

struct ready_report {
	int fd;
	uint32_t conn, mask;
};

void conn_flush_all(struct synack_stack *s)
{
	if (s->flushing)
		return; /* called back from a readiness callback: the outer loop goes on */
	s->flushing = true;
	/* Callbacks may add work; a bound keeps a misbehaving one from
	 * spinning here forever. */
	for (unsigned rounds = 0; s->flush_head && rounds < 10000; rounds++) {
		/* 1. readiness, collected first: a callback may free any conn */
		struct ready_report ev[READY_BATCH];
		unsigned nev = 0;
		for (struct tcp_conn *c = s->flush_head; c && nev < READY_BATCH; c = c->flush_next) {
			if (!c->ready_dirty)
				continue;
			c->ready_dirty = false;
			uint32_t m = conn_poll(c);
			if (m == c->ready)
				continue;
			c->ready = m;
			if (c->fd >= 0)
				ev[nev++] = (struct ready_report){c->fd, c->id, m};
		}
		for (unsigned i = 0; i < nev; i++)
			stack_event_ready(s, ev[i].conn, ev[i].fd, ev[i].mask);
		/* 2. the ACKs still owed */
		bool dirty_left = false;
		struct tcp_conn **p = &s->flush_head;
		while (*p) {
			struct tcp_conn *c = *p;
			if (c->ready_dirty) {
				dirty_left = true;
				p = &c->flush_next;
				continue;
			}
			*p = c->flush_next;
			c->flush_listed = false;
			if (c->ack_now && (state_in(c->state, SYNCHRONIZED_STATES) ||
					   c->state == SYNACK_SYN_RECEIVED))
				tcp_send_ack(c);
		}
		if (!dirty_left && !s->flush_head)
			break;
	}
	s->flushing = false;
}

/* ------------------------------------------------------------- teardown */

static void conn_unhash(struct tcp_conn *c)
{
	if (c->state == SYNACK_LISTEN)
		listener_hash_remove(c);
	else
		conn_hash_remove(c);
}

void conn_close(struct tcp_conn *c, int error, synack_reason reason)
{
	if (error) {
		char l[48], r[48];
		stack_log(c->stack, 2, "connection %u %s:%u -> %s:%u: %s (%s)", c->id,
			  synack_addr_format(&c->local.addr, l, sizeof l), c->local.port,
			  synack_addr_format(&c->remote.addr, r, sizeof r), c->remote.port,
			  synack_strerror(error), synack_reason_text(reason));
	}
	if (error && !c->error)
		c->error = error;
	if (c->parent)
		listen_queue_remove(c);
	conn_unhash(c);
	conn_timers_cancel_all(c);
	if (!c->bound_explicit || c->fd < 0)
		bind_remove(c);
	conn_set_state(c, SYNACK_CLOSED, reason);
	if (error)
		c->sndbuf.len = 0; /* nothing left to send on a dead connection */
	conn_update_ready(c);
	conn_maybe_free(c);
}

void conn_maybe_free(struct tcp_conn *c)
{
	if (c->state == SYNACK_CLOSED && c->fd < 0 && !c->parent)
		conn_free(c);
}

void conn_free(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (c->parent)
		listen_queue_remove(c);
	conn_unhash(c);
	bind_remove(c);
	conn_timers_cancel_all(c);
	flush_unlink(c);
	conn_release_buffers(c);
	if (c->lq)
		stack_free(s, c->lq);
	if (c->all_prev)
		c->all_prev->all_next = c->all_next;
	else
		s->all = c->all_next;
	if (c->all_next)
		c->all_next->all_prev = c->all_prev;
	s->conns_live--;
	stack_free(s, c);
}

void conn_init_isn(struct tcp_conn *c)
{
	c->iss = seq_of(tcp_isn(c->stack, &c->local, &c->remote));
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	c->snd_buf_seq = seq_add(c->iss, 1);
	c->snd_sml = c->iss;
	c->recover = c->iss;
	c->ts_offset = tcp_ts_offset(c->stack, &c->local, &c->remote);
}

void conn_prepare_syn(struct tcp_conn *c)
{
	const struct synack_stack *s = c->stack;
	/* the MTU less the IP and TCP headers (RFC 9293 3.7.1, RFC 8200 5) */
	uint32_t mss = s->cfg.mtu - (c->local.addr.family == SYNACK_AF_INET6 ? 60 : 40);
	if (c->opt.mss_clamp && c->opt.mss_clamp < mss)
		mss = c->opt.mss_clamp;
	c->rcv_mss = (uint16_t)mss;
	c->mss = (uint16_t)mss;
	/* The smallest shift that lets the whole buffer be offered (or the
	 * largest it may grow to, as Linux and BSD size it). */
	uint32_t offer = s->cfg.wscale_buffer > c->opt.rcvbuf_size ? s->cfg.wscale_buffer
								   : c->opt.rcvbuf_size;
	uint8_t ws = 0;
	while (ws < 14 && (offer >> ws) > 65535)
		ws++;
	c->rcv_wscale = s->cfg.window_scaling ? ws : 0;
}

/* --------------------------------------------------------- invariants */

static bool armed(const struct tcp_conn *c, enum tcp_timer_kind k)
{
	return timer_armed(&c->timers[k]);
}

/* What c is waiting for that only a timer can bring, or NULL: a SYN or
 * SYN,ACK unanswered, data or a FIN in flight, data waiting to go, the
 * end of TIME-WAIT or of an orphaned FIN-WAIT-2. */
static const char *stuck(const struct tcp_conn *c, char *why, size_t len)
{
	switch (c->state) {
	case SYNACK_CLOSED:
	case SYNACK_LISTEN:
		return NULL;
	case SYNACK_SYN_SENT:
	case SYNACK_SYN_RECEIVED:
		return armed(c, TT_REXMT) ? NULL : "SYN or SYN,ACK unanswered, no retransmission timer";
	case SYNACK_TIME_WAIT:
		return armed(c, TT_2MSL) ? NULL : "TIME-WAIT without its 2MSL timer";
	case SYNACK_FIN_WAIT_2:
		if (c->orphan && !armed(c, TT_2MSL))
			return "orphaned FIN-WAIT-2 without its timeout";
		break;
	default:
		break;
	}
	if (armed(c, TT_REXMT) || armed(c, TT_PERSIST))
		return NULL;
	uint32_t in_flight = seq_len(c->snd_una, c->snd_max);
	seq_t data_end = seq_add(c->snd_buf_seq, c->sndbuf.len);
	int32_t unsent = seq_diff(data_end, c->snd_max);
	bool fin_unsent = c->fin_queued && seq_le(c->snd_max, data_end);
	if (in_flight) {
		snprintf(why, len, "%u bytes in flight, no retransmission or persist timer", in_flight);
		return why;
	}
	if (unsent > 0 && state_in(c->state, SEND_STATES | FIN_SENT_STATES)) {
		snprintf(why, len, "%d bytes waiting, nothing in flight, no timer", unsent);
		return why;
	}
	if (fin_unsent && state_in(c->state, FIN_SENT_STATES))
		return "FIN waiting to be sent, no timer";
	return NULL;
}

int synack_check_invariants(const synack_stack *s, char *buf, size_t len)
{
	char why[96];
	for (const struct tcp_conn *c = s->all; c; c = c->all_next) {
		const char *w = stuck(c, why, sizeof why);
		if (!w)
			continue;
		char l[48], r[48];
		snprintf(buf, len, "connection %u %s:%u -> %s:%u %s: %s", c->id,
			 synack_addr_format(&c->local.addr, l, sizeof l), c->local.port,
			 synack_addr_format(&c->remote.addr, r, sizeof r), c->remote.port,
			 synack_state_name(c->state), w);
		return SYNACK_EINVAL;
	}
	if (len)
		buf[0] = 0;
	return SYNACK_OK;
}
