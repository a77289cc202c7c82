/* LISTEN (RFC 9293 3.10.7.2): half-open entries in a bounded SYN queue,
 * SYN cookies (RFC 4987) when it is full, and the accept queue. */
#include <string.h>

#include "core/stack.h"
#include "tcp/conn.h"
#include "wire/ipv4.h"
#include "util/siphash.h"

static void dropped(struct synack_stack *s, const struct tcp_segment_in *in,
		    uint64_t *counter, synack_reason why)
{
	if (counter)
		(*counter)++;
	stack_event_segment(s, SYNACK_EV_SEGMENT_DROPPED, NULL, in->packet, in->packet_len, why);
}

/* ------------------------------------------------------------- queues */

static void queue_push(struct tcp_conn **head, struct tcp_conn **tail, struct tcp_conn *c)
{
	c->qnext = NULL;
	if (*tail)
		(*tail)->qnext = c;
	else
		*head = c;
	*tail = c;
}

/* Unlinks c; the queues are bounded by the backlogs, so the walk is too. */
static void queue_unlink(struct tcp_conn **head, struct tcp_conn **tail, struct tcp_conn *c)
{
	struct tcp_conn *prev = NULL;
	for (struct tcp_conn *p = *head; p; prev = p, p = p->qnext) {
		if (p != c)
			continue;
		if (prev)
			prev->qnext = c->qnext;
		else
			*head = c->qnext;
		if (*tail == c)
			*tail = prev;
		c->qnext = NULL;
		return;
	}
}

void listen_queue_remove(struct tcp_conn *c)
{
	struct tcp_conn *l = c->parent;
	if (!l)
		return;
	struct listen_queue *q = l->lq;
	if (c->in_accept_queue) {
		queue_unlink(&q->accept_head, &q->accept_tail, c);
		q->accept_count--;
		c->in_accept_queue = false;
		conn_update_ready(l);
	} else {
		queue_unlink(&q->syn_head, &q->syn_tail, c);
		q->syn_count--;
	}
	c->parent = NULL;
}

void listen_established(struct tcp_conn *c)
{
	struct tcp_conn *l = c->parent;
	struct listen_queue *q = l->lq;
	queue_unlink(&q->syn_head, &q->syn_tail, c);
	q->syn_count--;
	queue_push(&q->accept_head, &q->accept_tail, c);
	q->accept_count++;
	c->in_accept_queue = true;
	conn_update_ready(l);
}

struct tcp_conn *listen_accept(struct tcp_conn *l)
{
	struct tcp_conn *c = l->lq->accept_head;
	if (!c)
		return NULL;
	listen_queue_remove(c);
	return c;
}

/* Closing a listener: half-open entries are forgotten, established but
 * unaccepted connections are reset (as Linux and BSD do). */
void listen_shutdown(struct tcp_conn *l)
{
	struct listen_queue *q = l->lq;
	while (q->syn_head) {
		struct tcp_conn *c = q->syn_head;
		listen_queue_remove(c);
		conn_close(c, 0, SYNACK_R_LISTENER_CLOSED);
	}
	while (q->accept_head) {
		struct tcp_conn *c = q->accept_head;
		listen_queue_remove(c);
		tcp_send_rst(c);
		conn_close(c, SYNACK_ECONNABORTED, SYNACK_R_LISTENER_CLOSED_UNACCEPTED);
	}
}

/* -------------------------------------------------------- SYN cookies */

/* MSS values a cookie can carry in 3 bits (common path MTUs). */
static const uint16_t cookie_mss[] = {536, 1220, 1440, 1460, 4312, 8960};
#define COOKIE_MSS_COUNT (sizeof cookie_mss / sizeof cookie_mss[0])
#define COOKIE_PERIOD_NS (64ull * 1000000000ull)
/* The window of a cookie SYN,ACK: never scaled in a SYN (RFC 7323 2.2). */
static uint16_t cookie_window(const struct tcp_conn *l)
{
	return (uint16_t)(l->opt.rcvbuf_size < 65535 ? l->opt.rcvbuf_size : 65535);
}

#define TS_OPT_NONE 0x0f /* wscale nibble meaning "no window scaling" */
#define TS_OPT_SACK 0x10

static uint32_t cookie_hash(struct synack_stack *s, const struct tcp_segment_in *in,
			    uint32_t peer_isn, uint32_t count)
{
	uint8_t buf[48];
	size_t alen = in->src.addr.family == SYNACK_AF_INET ? 4 : 16;
	size_t n = 0;
	memcpy(buf + n, in->src.addr.bytes, alen);
	n += alen;
	memcpy(buf + n, in->dst.addr.bytes, alen);
	n += alen;
	uint32_t words[3] = {(uint32_t)in->src.port << 16 | in->dst.port, peer_isn, count};
	memcpy(buf + n, words, sizeof words);
	n += sizeof words;
	return (uint32_t)siphash24(&s->cookie_key, buf, n);
}

/* Our cookie layout: 5 bits of the 64-second counter, 3 bits of MSS
 * index, 24 bits of keyed hash over the 4-tuple, the peer's ISN and the
 * counter.  A cookie is good for one to two periods. */
static uint32_t cookie_make(struct synack_stack *s, const struct tcp_segment_in *in,
			    uint32_t peer_isn, uint32_t mss_idx, uint32_t count)
{
	return (count & 0x1f) << 27 | mss_idx << 24 |
	       (cookie_hash(s, in, peer_isn, count) & 0xffffff);
}

static bool cookie_check(struct synack_stack *s, const struct tcp_segment_in *in,
			 uint32_t cookie, uint32_t peer_isn, uint32_t *mss_idx)
{
	uint32_t now_count = (uint32_t)(s->now / COOKIE_PERIOD_NS);
	*mss_idx = (cookie >> 24) & 7;
	if (*mss_idx >= COOKIE_MSS_COUNT)
		return false;
	for (uint32_t age = 0; age < 2; age++) {
		uint32_t count = now_count - age;
		if ((count & 0x1f) == cookie >> 27 &&
		    cookie_make(s, in, peer_isn, *mss_idx, count) == cookie)
			return true;
	}
	return false;
}

static uint32_t ts_clock(struct synack_stack *s, const synack_endpoint *local,
			 const synack_endpoint *remote)
{
	return (uint32_t)(s->now / 1000000u) + tcp_ts_offset(s, local, remote);
}

static void cookie_synack(struct tcp_conn *l, const struct tcp_segment_in *in)
{
	struct synack_stack *s = l->stack;
	const struct tcp_header *th = in->th;
	const struct tcp_options *o = &th->opt;
	STAT_INC(s, tcp_syncookies_sent);
	l->lq->cookies_sent = true;
	l->lq->last_cookie_time = s->now;

	uint32_t mss = o->has_mss ? o->mss : 536;
	if (mss > l->rcv_mss)
		mss = l->rcv_mss;
	uint32_t idx = 0;
	for (uint32_t i = 0; i < COOKIE_MSS_COUNT; i++)
		if (cookie_mss[i] <= mss)
			idx = i;
	uint32_t count = (uint32_t)(s->now / COOKIE_PERIOD_NS);
	struct tcp_header h = {
		.sport = th->dport,
		.dport = th->sport,
		.seq = cookie_make(s, in, th->seq, idx, count),
		.ack = th->seq + 1,
		.flags = TH_SYN | TH_ACK,
		.window = cookie_window(l),
	};
	h.opt.has_mss = true;
	h.opt.mss = l->rcv_mss;
	/* The peer's window scale and SACK-permitted survive only inside our
	 * timestamp, which the peer echoes back (the low 6 bits). */
	if (o->has_ts && s->cfg.timestamps) {
		bool ws = o->has_wscale && s->cfg.window_scaling;
		bool sack = o->sack_permitted && s->cfg.sack;
		h.opt.has_ts = true;
		uint32_t peer_ws = o->wscale > 14 ? 14 : o->wscale;
		h.opt.tsval = (ts_clock(s, &in->dst, &in->src) & ~0x3fu) |
			      (sack ? TS_OPT_SACK : 0) | (ws ? peer_ws : TS_OPT_NONE);
		h.opt.tsecr = o->tsval;
		h.opt.sack_permitted = sack;
		h.opt.has_wscale = ws;
		h.opt.wscale = l->rcv_wscale;
	}
	/* sent by the listener, which keeps no state for it */
	tcp_emit_raw(s, &in->dst, &in->src, &h, NULL, 0, 0, IP_ECN_NOT_ECT, l, SYNACK_R_SYNACK_COOKIE);
}

/* ------------------------------------------------------- new entries */

static struct tcp_conn *child_new(struct tcp_conn *l, const struct tcp_segment_in *in)
{
	struct tcp_conn *c = conn_new(l->stack);
	if (!c)
		return NULL;
	c->local = in->dst;
	c->remote = in->src;
	c->bound = true;
	c->passive = true;
	c->opt = l->opt; /* an accepted socket inherits the listener's options */
	conn_prepare_syn(c);
	c->state = SYNACK_LISTEN; /* born from the listener: LISTEN -> SYN-RECEIVED */
	c->parent = l;
	queue_push(&l->lq->syn_head, &l->lq->syn_tail, c);
	l->lq->syn_count++;
	return c;
}

/* Handles an ACK that may complete a cookie handshake.  True if consumed. */
static bool cookie_ack(struct tcp_conn *l, const struct tcp_segment_in *in)
{
	struct synack_stack *s = l->stack;
	const struct tcp_header *th = in->th;
	uint32_t idx;
	if (!cookie_check(s, in, th->ack - 1, th->seq - 1, &idx)) {
		STAT_INC(s, tcp_syncookies_failed);
		return false;
	}
	if (l->lq->accept_count >= l->lq->backlog) {
		dropped(s, in, &s->stats.tcp_listen_overflow, SYNACK_R_DROP_ACCEPT_QUEUE_FULL_COOKIE);
		return true;
	}
	struct tcp_conn *c = child_new(l, in);
	if (!c) {
		dropped(s, in, &s->stats.tcp_syn_queue_full, SYNACK_R_DROP_NO_MEMORY);
		return true;
	}
	STAT_INC(s, tcp_syncookies_ok);
	STAT_INC(s, tcp_conn_passive);
	c->cookie_born = true;
	c->iss = seq_of(th->ack - 1);
	c->snd_una = c->iss;
	c->snd_nxt = c->snd_max = seq_add(c->iss, 1);
	c->snd_buf_seq = seq_add(c->iss, 1);
	c->snd_sml = c->iss;
	c->recover = c->iss;
	c->ts_offset = tcp_ts_offset(s, &c->local, &c->remote);
	c->irs = seq_of(th->seq - 1);
	c->rcv_nxt = c->last_ack_sent = seq_of(th->seq);
	/* the window the cookie SYN,ACK offered stands (its right edge
	 * never moves left) */
	c->rcv_adv = seq_add(c->rcv_nxt, cookie_window(l));

	struct tcp_options o = {.has_mss = true, .mss = cookie_mss[idx]};
	if (th->opt.has_ts) {
		uint32_t enc = th->opt.tsecr & 0x3f;
		o.has_ts = true;
		o.tsval = th->opt.tsval;
		o.sack_permitted = (enc & TS_OPT_SACK) != 0;
		o.has_wscale = (enc & 0x0f) != TS_OPT_NONE;
		o.wscale = (uint8_t)(enc & 0x0f);
	}
	/* The wscale we announced is the listener's, the same as the child's;
	 * the peer's came back in the echoed timestamp. */
	tcp_apply_syn_options(c, &o, true);
	conn_set_state(c, SYNACK_SYN_RECEIVED, SYNACK_R_SYN_COOKIE_VALIDATED);
	conn_hash_insert(c);
	bind_insert(c);
	/* The ACK (and any data on it) completes the handshake as usual. */
	tcp_input_synchronized(c, in);
	return true;
}

void listen_syn(struct tcp_conn *l, const struct tcp_segment_in *in, const seq_t *isn_floor)
{
	struct synack_stack *s = l->stack;
	const struct tcp_header *th = in->th;
	struct listen_queue *q = l->lq;

	if (q->accept_count >= q->backlog) {
		dropped(s, in, &s->stats.tcp_listen_overflow, SYNACK_R_DROP_ACCEPT_QUEUE_FULL_SYN);
		return;
	}
	if (q->syn_count >= s->cfg.syn_backlog) {
		if (s->cfg.syn_cookies) {
			stack_event_segment(s, SYNACK_EV_SEGMENT_RECEIVED, NULL, in->packet,
					    in->packet_len, SYNACK_R_SYN_QUEUE_FULL_COOKIE);
			cookie_synack(l, in);
		} else {
			dropped(s, in, &s->stats.tcp_syn_queue_full, SYNACK_R_DROP_SYN_QUEUE_FULL);
		}
		return;
	}
	struct tcp_conn *c = child_new(l, in);
	if (!c) {
		dropped(s, in, &s->stats.tcp_syn_queue_full, SYNACK_R_DROP_NO_MEMORY);
		return;
	}
	STAT_INC(s, tcp_conn_passive);
	conn_init_isn(c);
	if (isn_floor && seq_le(c->iss, *isn_floor)) {
		c->iss = seq_add(*isn_floor, 1);
		c->snd_una = c->snd_nxt = c->snd_max = c->iss;
		c->snd_buf_seq = seq_add(c->iss, 1);
		c->snd_sml = c->iss;
		c->recover = c->iss;
	}
	c->irs = seq_of(th->seq);
	c->rcv_nxt = c->rcv_adv = c->last_ack_sent = seq_add(c->irs, 1);
	tcp_apply_syn_options(c, &th->opt, true);
	/* RFC 3168 6.1.1: an ECN-setup SYN carries ECE and CWR */
	c->ecn_ok = s->cfg.ecn != SYNACK_ECN_OFF && (th->flags & (TH_ECE | TH_CWR)) == (TH_ECE | TH_CWR);
	c->snd_wnd = th->window; /* RFC 7323 2.2: not scaled in a SYN */
	c->max_snd_wnd = c->snd_wnd;
	c->snd_wl1 = c->irs;
	c->snd_wl2 = c->iss;
	conn_set_state(c, SYNACK_SYN_RECEIVED, SYNACK_R_RCVD_SYN);
	conn_hash_insert(c);
	bind_insert(c);
	stack_event_segment(s, SYNACK_EV_SEGMENT_RECEIVED, c, in->packet, in->packet_len, SYNACK_R_NONE);
	c->segs_in++;
	if (th->payload_len)
		dropped(s, in, &s->stats.tcp_syn_data_dropped,
			SYNACK_R_DROP_SYN_DATA_RESENT);
	tcp_output(c);
}

/* RFC 9293 3.10.7.2: first RST, second ACK, third SYN. */
void tcp_input_listen(struct tcp_conn *l, const struct tcp_segment_in *in)
{
	struct synack_stack *s = l->stack;
	const struct tcp_header *th = in->th;
	if (th->flags & TH_RST) {
		dropped(s, in, &s->stats.tcp_rst_ignored, SYNACK_R_DROP_RST_TO_LISTENER);
		return;
	}
	if (th->flags & TH_ACK) {
		/* Cookies are checked only while they may be in flight (as
		 * Linux does): no guessing surface for a quiet listener. */
		bool cookies_live = l->lq->cookies_sent &&
				    s->now - l->lq->last_cookie_time < 2 * COOKIE_PERIOD_NS;
		if (!(th->flags & TH_SYN) && cookies_live && cookie_ack(l, in))
			return;
		dropped(s, in, &s->stats.tcp_no_socket, SYNACK_R_DROP_ACK_TO_LISTENER);
		tcp_send_rst_for(s, in, NULL, SYNACK_R_RST_ACK_TO_LISTENER);
		return;
	}
	if (!(th->flags & TH_SYN)) {
		dropped(s, in, &s->stats.tcp_bad_flags, SYNACK_R_DROP_BAD_FLAGS_LISTENER);
		return;
	}
	if ((th->flags & TH_FIN) && s->cfg.drop_synfin) {
		/* Linux and FreeBSD (drop_synfin) drop SYN+FIN; otherwise the
		 * FIN is not acknowledged, like data on a SYN. */
		dropped(s, in, &s->stats.tcp_bad_flags, SYNACK_R_DROP_SYN_FIN_LISTENER);
		return;
	}
	listen_syn(l, in, NULL);
}
