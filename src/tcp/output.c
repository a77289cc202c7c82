/* Segment output: what to send now (data, SYN, FIN, ACK, window updates,
 * probes), and the builders for every segment the stack emits. */
#include <string.h>

#include "core/stack.h"
#include "tcp/conn.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/tcp.h"

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

void tcp_emit_raw(struct synack_stack *s, const synack_endpoint *src,
		  const synack_endpoint *dst, const struct tcp_header *h,
		  const struct ring *data, uint32_t data_off, uint32_t len,
		  uint8_t ip_ecn, struct tcp_conn *c, synack_reason why)
{
	uint8_t *pkt = stack_tx_begin(s);
	bool v6 = src->addr.family == SYNACK_AF_INET6;
	size_t iphlen = v6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
	uint8_t *seg = pkt + iphlen;
	size_t hlen = tcp_header_build(seg, h, s->policy->layout);
	if (len)
		ring_copy_out(data, data_off, seg + hlen, len);
	tcp_checksum_set(seg, hlen + len, &src->addr, &dst->addr);
	/* the ECN bits are TCP's, whatever IP_TOS says (as Linux) */
	uint8_t tos = (uint8_t)((c ? c->opt.tos & ~IP_ECN_MASK : 0) | ip_ecn);
	if (v6)
		ipv6_build(pkt, &src->addr, &dst->addr, IPPROTO_TCP_NUM, s->cfg.ttl, tos, hlen + len);
	else
		ipv4_build(pkt, &src->addr, &dst->addr, IPPROTO_TCP_NUM, s->cfg.ttl, tos, s->ip_id++,
			   hlen + len);
	if (h->flags & TH_RST)
		STAT_INC(s, tcp_rst_sent);
	stack_tx_commit(s, pkt, iphlen + hlen + len, c, why);
}

/* ------------------------------------------------------ receive window */

static uint32_t rcv_space(const struct tcp_conn *c)
{
	uint32_t space = c->rcvbuf.buf ? ring_free(&c->rcvbuf) : c->opt.rcvbuf_size;
	uint32_t max = c->ws_ok ? 65535u << c->rcv_wscale : 65535u;
	return min_u32(space, max);
}

/* The window to advertise, in bytes (RFC 9293 3.8.6.2.2): the right edge
 * never moves left, and moves right only by at least min(buffer/2, MSS),
 * so the peer is not invited to send tiny segments. */
uint32_t tcp_rcv_window(struct tcp_conn *c)
{
	uint32_t space = rcv_space(c);
	int32_t promised = seq_diff(c->rcv_adv, c->rcv_nxt);
	if (promised < 0)
		promised = 0;
	if (space <= (uint32_t)promised)
		return (uint32_t)promised;
	const struct tcp_policy *pol = c->stack->policy;
	if (pol->advertise)
		return pol->advertise(c, space, (uint32_t)promised);
	uint32_t growth = space - (uint32_t)promised;
	uint32_t threshold = min_u32(c->opt.rcvbuf_size / 2, c->rcv_mss ? c->rcv_mss : 536);
	if (growth < threshold)
		return (uint32_t)promised; /* a closed window stays closed too */
	return space;
}

/* After the application reads.  Our ACKs of incoming data carry the
 * window anyway; a separate update is needed only when the peer may be
 * stalled: what we last offered has fallen below two segments, and the
 * read lets the window grow by at least a segment (the receiver's SWS
 * rule, RFC 9293 3.8.6.2.2). */
bool tcp_window_update_due(struct tcp_conn *c)
{
	if (!state_in(c->state, RECV_STATES) || c->fin_received)
		return false;
	int32_t promised = seq_diff(c->rcv_adv, c->rcv_nxt);
	if (promised < 0)
		promised = 0;
	uint32_t mss = c->rcv_mss ? c->rcv_mss : 536;
	if ((uint32_t)promised >= 2 * mss)
		return false;
	return tcp_rcv_window(c) >= (uint32_t)promised + mss;
}

/* --------------------------------------------------------- one segment */

static size_t sack_option_len(const struct tcp_conn *c)
{
	if (!c->sack_ok || c->ooo_count == 0)
		return 0;
	size_t room = c->ts_ok ? 3 : 4;
	size_t n = c->ooo_count < room ? c->ooo_count : room;
	return 4 + 8 * n;
}

/* Data bytes that fit in one segment beside the options it will carry
 * (RFC 9293 3.7.1: the MSS counts data only). */
uint32_t tcp_seg_max(const struct tcp_conn *c)
{
	uint32_t smss = conn_smss(c), sack = (uint32_t)sack_option_len(c);
	return smss > sack ? smss - sack : 1;
}

void tcp_emit(struct tcp_conn *c, seq_t seq, uint8_t flags, uint32_t len, synack_reason why)
{
	struct synack_stack *s = c->stack;
	struct tcp_header h = {
		.sport = c->local.port,
		.dport = c->remote.port,
		.seq = seq.v,
		.flags = flags,
	};
	if (flags & TH_ACK)
		h.ack = c->rcv_nxt.v;
	uint32_t win = tcp_rcv_window(c);
	if (flags & TH_RST)
		win = 0;
	/* RFC 7323 2.2: the window in a SYN is never scaled. */
	uint32_t field = (flags & TH_SYN) ? min_u32(win, 65535) : min_u32(win >> c->rcv_wscale, 65535);
	h.window = (uint16_t)field;

	if (flags & TH_SYN) {
		h.opt.has_mss = true;
		h.opt.mss = c->rcv_mss;
		/* An active opener offers what the settings allow; a SYN,ACK
		 * answers only what the peer offered (RFC 7323, RFC 2018). */
		bool active = !(flags & TH_ACK), plain = tcp_syn_plain(c);
		const synack_settings *cfg = &s->cfg;
		h.opt.sack_permitted = active ? cfg->sack && !plain : c->sack_ok;
		h.opt.has_wscale = active ? cfg->window_scaling && !plain : c->ws_ok;
		h.opt.wscale = c->rcv_wscale;
		h.opt.has_ts = active ? cfg->timestamps && !plain : c->ts_ok;
		h.opt.tsval = tcp_ts_now(c);
		h.opt.tsecr = active ? 0 : c->ts_recent;
	} else if (c->ts_ok) {
		/* RFC 7323 3.2: in every segment once negotiated, RSTs too */
		h.opt.has_ts = true;
		h.opt.tsval = tcp_ts_now(c);
		h.opt.tsecr = c->ts_recent;
	}
	if ((flags & TH_ACK) && !(flags & (TH_SYN | TH_RST)) && sack_option_len(c))
		h.opt.sack_count = (uint8_t)sack_blocks_for_ack(c, h.opt.sack, TCP_MAX_SACK_BLOCKS);

	/* RFC 3168 6.1: only new data is ECT -- never SYNs, pure ACKs,
	 * retransmissions (6.1.5) or window probes (6.1.6); the first new
	 * data after a reduction for ECE carries CWR (6.1.2); every ACK
	 * carries ECE while a CE mark awaits its CWR (6.1.3). */
	uint8_t ip_ecn = IP_ECN_NOT_ECT;
	if (c->ecn_ok && len && seq_ge(seq, c->snd_max) && !c->sending_probe) {
		ip_ecn = IP_ECN_ECT0;
		if (c->ecn_cwr_due) {
			h.flags |= TH_CWR;
			c->ecn_cwr_due = false;
			/* ECEs acknowledging less than this segment may still
			 * echo the mark just answered */
			seq_t end = seq_add(seq, len);
			c->ecn_high = c->ecn_reducing ? seq_max(c->ecn_high, end) : end;
			c->ecn_reducing = true;
		}
	}
	if (c->ecn_ok && c->ecn_echo && (flags & TH_ACK) && !(flags & (TH_SYN | TH_RST)))
		h.flags |= TH_ECE;

	if (s->policy->segment_sent)
		s->policy->segment_sent(c, flags, len);
	if (flags & TH_ACK) {
		c->last_ack_sent = c->rcv_nxt;
		uint32_t promised = (flags & TH_SYN) ? field : field << c->rcv_wscale;
		seq_t edge = seq_add(c->rcv_nxt, promised);
		if (seq_gt(edge, c->rcv_adv))
			c->rcv_adv = edge;
		c->ack_now = c->reack = false;
		conn_timer_cancel(c, TT_DELACK);
	}
	c->segs_out++;
	c->bytes_sent += len;
	uint32_t off = len ? (uint32_t)seq_diff(seq, c->snd_buf_seq) : 0;
	tcp_emit_raw(s, &c->local, &c->remote, &h, &c->sndbuf, off, len, ip_ecn, c, why);
}

void tcp_send_ack(struct tcp_conn *c)
{
	seq_t data_end = seq_add(c->snd_buf_seq, c->sndbuf.len);
	bool fin_unacked = c->fin_queued && seq_gt(c->snd_max, data_end) &&
			   seq_le(c->snd_una, data_end);
	if (fin_unacked && c->stack->policy->fin_on_every_ack && c->sndbuf.len == 0) {
		/* FIN on every segment while our FIN is unacknowledged
		 * (FreeBSD's tcp_outflags): the ACK repeats the FIN. */
		tcp_emit(c, data_end, TH_FIN | TH_ACK, 0, SYNACK_R_ACK_FIN_AGAIN);
		return;
	}
	/* A pure ACK carries the next new sequence number, also while
	 * retransmitting (snd_nxt may have been pulled back). */
	tcp_emit(c, c->snd_max, TH_ACK, 0, c->reack ? SYNACK_R_REACK : SYNACK_R_ACK);
}

void tcp_send_rst(struct tcp_conn *c)
{
	tcp_emit(c, c->snd_max, TH_RST | TH_ACK, 0, SYNACK_R_RST_ABORT);
}

static bool rate_take(struct rate_window *w, uint64_t now, uint64_t interval, uint32_t limit)
{
	if (now - w->start >= interval || w->count == 0) {
		w->start = now;
		w->count = 0;
	}
	if (w->count >= limit)
		return false;
	w->count++;
	return true;
}

/* RFC 5961 7: at most challenge_ack_limit per second per connection. */
void tcp_send_challenge_ack(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (!rate_take(&c->chack, s->now, 1000000000ull, s->cfg.challenge_ack_limit)) {
		STAT_INC(s, tcp_challenge_ack_limited);
		return;
	}
	STAT_INC(s, tcp_challenge_ack);
	tcp_emit(c, c->snd_max, TH_ACK, 0, SYNACK_R_CHALLENGE_ACK);
}

bool tcp_oow_ack_take(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (!s->cfg.oow_ack_limit ||
	    rate_take(&c->oow, s->now, s->cfg.oow_ack_interval_ns, s->cfg.oow_ack_limit))
		return true;
	STAT_INC(s, tcp_oow_ack_limited);
	return false;
}

bool tcp_oow_ack_allowed(struct tcp_conn *c, const struct tcp_header *th)
{
	bool pure = th->payload_len == 0 && !(th->flags & TH_FIN);
	return (!pure && !(th->flags & TH_SYN)) || tcp_oow_ack_take(c);
}

/* RFC 9293 3.10.7.1: the answer to a segment that found no connection.
 * Never a RST in answer to a RST. */
void tcp_send_rst_for(struct synack_stack *s, const struct tcp_segment_in *in,
		      struct tcp_conn *c, synack_reason reason)
{
	const struct tcp_header *th = in->th;
	if (th->flags & TH_RST)
		return;
	struct tcp_header h = {.sport = th->dport, .dport = th->sport};
	if (th->flags & TH_ACK) {
		h.seq = th->ack;
		h.flags = TH_RST;
	} else {
		uint32_t seglen = th->payload_len + !!(th->flags & TH_SYN) + !!(th->flags & TH_FIN);
		h.seq = 0;
		h.ack = th->seq + seglen;
		h.flags = TH_RST | TH_ACK;
	}
	tcp_emit_raw(s, &in->dst, &in->src, &h, NULL, 0, 0, IP_ECN_NOT_ECT, c, reason);
}

bool tcp_syn_plain(const struct tcp_conn *c)
{
	uint32_t after = c->stack->cfg.syn_plain_after;
	return c->state == SYNACK_SYN_SENT && after && c->backoff >= after;
}

/* ------------------------------------------------------- the decision */

/* Sends the SYN or SYN,ACK if it is due; true if one went out. */
static bool output_syn(struct tcp_conn *c)
{
	if (!seq_eq(c->snd_nxt, c->iss))
		return false;
	bool synack = c->state == SYNACK_SYN_RECEIVED;
	bool rexmit = seq_lt(c->snd_nxt, c->snd_max);
	synack_reason why = synack ? (rexmit ? SYNACK_R_SYNACK_REXMIT : SYNACK_R_SYNACK)
				 : (rexmit ? SYNACK_R_SYN_REXMIT : SYNACK_R_SYN);
	uint8_t flags = synack ? TH_SYN | TH_ACK : TH_SYN;
	if (synack && c->backoff > c->stack->cfg.ecn_syn_retries)
		c->ecn_ok = false; /* SYN,ACKs with ECE may be what is being dropped */
	if (synack && c->ecn_ok) {
		flags |= TH_ECE; /* RFC 3168 6.1.1: ECN-setup SYN,ACK */
	} else if (!synack) {
		/* an ECN-setup SYN, until retransmissions suggest that a
		 * middlebox drops them (RFC 3168 6.1.1.1) */
		c->ecn_syn_sent = c->stack->cfg.ecn == SYNACK_ECN_ON &&
				  c->backoff <= c->stack->cfg.ecn_syn_retries;
		if (c->ecn_syn_sent)
			flags |= TH_ECE | TH_CWR;
	}
	tcp_emit(c, c->iss, flags, 0, why);
	c->snd_nxt = seq_add(c->iss, 1);
	c->snd_max = seq_max(c->snd_max, c->snd_nxt);
	if (rexmit) {
		c->retransmits++;
		STAT_INC(c->stack, tcp_retransmits);
		if (synack)
			STAT_INC(c->stack, tcp_synack_retransmits);
		else
			STAT_INC(c->stack, tcp_syn_retransmits);
	} else {
		c->rtt_timing = true;
		c->rtt_seq = c->iss;
		c->rtt_start = c->stack->now;
	}
	if (!timer_armed(&c->timers[TT_REXMT]))
		conn_timer_arm(c, TT_REXMT, rtt_current_rto(c));
	return true;
}

/* Nagle (RFC 896) in Minshall's form, as Linux has it: a short segment
 * waits only while an earlier short segment is unacknowledged, so a
 * write's tail does not wait an RTT behind its own full segments.  Then
 * cork, and sender-side SWS avoidance (RFC 9293 3.8.6.2.1). */
static bool hold_partial(const struct tcp_conn *c, uint32_t len, uint32_t avail)
{
	bool all = len == avail;
	if (c->fin_queued && all)
		return false; /* closing: flush what is left */
	if (c->push_once)
		return false; /* NODELAY just set, or a held segment timed out */
	if (c->opt.cork || c->more_pending)
		return true;
	if (!c->opt.nodelay && seq_gt(c->snd_sml, c->snd_una))
		return true;
	if (!all && len < c->max_snd_wnd / 2)
		return true;
	return false;
}

static void enter_persist(struct tcp_conn *c)
{
	/* BSD's rule: with the window closed, stop retransmitting and probe. */
	conn_timer_cancel(c, TT_REXMT);
	conn_timer_cancel(c, TT_TLP);
	c->snd_nxt = c->snd_una;
	if (!timer_armed(&c->timers[TT_PERSIST]))
		conn_timer_arm(c, TT_PERSIST, rtt_current_rto(c));
}

/* PSH on a retransmission: at the end of what the application wrote,
 * or where the personality says (Linux: where the first transmission
 * had it). */
static bool rexmit_psh(struct tcp_conn *c, seq_t end, seq_t data_end)
{
	const struct tcp_policy *pol = c->stack->policy;
	if (pol->rexmit_psh)
		return pol->rexmit_psh(c, end, data_end);
	return seq_eq(end, data_end) && !c->more_written;
}

static void pass_begins(struct tcp_conn *c)
{
	if (c->stack->policy->pass_begins)
		c->stack->policy->pass_begins(c);
}

/* Sends at most one segment of data and/or FIN; true if one went out. */
static bool output_data(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	seq_t data_end = seq_add(c->snd_buf_seq, c->sndbuf.len);
	if (seq_lt(c->snd_nxt, c->snd_una))
		c->snd_nxt = c->snd_una;

	uint32_t hole = UINT32_MAX;
	bool rexmit = seq_lt(c->snd_nxt, c->snd_max);
	if (rexmit && c->sacked_count) {
		c->snd_nxt = scoreboard_next_hole(c, c->snd_nxt, &hole);
		rexmit = seq_lt(c->snd_nxt, c->snd_max);
	}
	int32_t avail_s = seq_diff(data_end, c->snd_nxt);
	uint32_t avail = avail_s > 0 ? (uint32_t)avail_s : 0;
	int32_t rwnd_s = seq_diff(seq_add(c->snd_una, c->snd_wnd), c->snd_nxt);
	uint32_t usable = min_u32(rwnd_s > 0 ? (uint32_t)rwnd_s : 0, cc_room(c));
	uint32_t len = min_u32(min_u32(avail, usable), min_u32(tcp_seg_max(c), hole));

	bool probe = false;
	if (len == 0 && avail > 0 && c->force_one) {
		len = 1;
		probe = true;
		c->force_one = false; /* one probe per timeout */
	} else if (len > 0 && !rexmit && len < tcp_seg_max(c) && hold_partial(c, len, avail)) {
		len = 0;
	}
	bool fin = c->fin_queued && seq_eq(seq_add(c->snd_nxt, len), data_end) && !probe;
	/* Behind a closed window snd_nxt stands at snd_una (enter_persist),
	 * so a FIN already sent would go again on every pass, that is on
	 * every ACK that arrives: only the persist timer resends it then. */
	if (fin && rexmit && len == 0 && c->snd_wnd == 0 && !c->force_one)
		fin = false;

	if (len == 0 && !fin) {
		bool stalled = avail > 0 || seq_lt(c->snd_una, c->snd_max);
		if (c->snd_wnd == 0 && stalled && !timer_armed(&c->timers[TT_PERSIST]))
			enter_persist(c);
		else if (avail > 0 && seq_eq(c->snd_una, c->snd_max) &&
			 !timer_armed(&c->timers[TT_PERSIST]))
			/* Data waits and nothing in flight will bring an ACK to
			 * move it: a short segment held back by SWS avoidance
			 * (whose window update may be lost), cork or MSG_MORE.
			 * The override timeout (RFC 9293 3.8.6.2.1, RFC 1122
			 * 4.2.2.17; Linux's probe timer, the 200 ms ceiling of
			 * TCP_CORK) sends what fits after one RTO. */
			conn_timer_arm(c, TT_PERSIST, rtt_current_rto(c));
		if (c->ack_now)
			conn_flush_later(c); /* sent when the entry point ends */
		return false;
	}

	uint8_t flags = TH_ACK;
	if (fin)
		flags |= TH_FIN;
	/* PSH ends what the application wrote, unless it said more follows */
	seq_t end = seq_add(c->snd_nxt, len);
	if (len && rexmit) {
		if (rexmit_psh(c, end, data_end))
			flags |= TH_PSH;
	} else if (len && seq_eq(end, data_end) && !c->more_written) {
		flags |= TH_PSH;
	}
	if (s->policy->new_data_psh && len && !rexmit && !probe) {
		uint32_t next = min_u32(min_u32(avail - len, usable - len), tcp_seg_max(c));
		if (s->policy->new_data_psh(c, end, next, (flags & TH_PSH) != 0))
			flags |= TH_PSH;
	}
	synack_reason why = probe ? SYNACK_R_ZERO_WINDOW_PROBE
			  : rexmit ? (fin && !len ? SYNACK_R_FIN_REXMIT : SYNACK_R_REXMIT)
			  : fin ? (len ? SYNACK_R_DATA_FIN : SYNACK_R_FIN)
				: SYNACK_R_DATA;
	c->sending_probe = probe;
	tcp_emit(c, c->snd_nxt, flags, len, why);
	c->sending_probe = false;
	if (probe) {
		STAT_INC(s, tcp_persist_probes);
	} else if (rexmit) {
		c->retransmits++;
		STAT_INC(s, tcp_retransmits);
		c->rtt_timing = false; /* Karn: no samples across retransmission */
	} else if (len && !c->rtt_timing) {
		c->rtt_timing = true;
		c->rtt_seq = c->snd_nxt;
		c->rtt_start = s->now;
	}
	if (!probe && len && len < tcp_seg_max(c))
		c->snd_sml = seq_add(c->snd_nxt, len);
	if (fin && !rexmit)
		c->fin_alone = len == 0;
	if (seq_eq(c->snd_una, c->snd_max))
		c->first_unacked_time = s->now;
	c->snd_nxt = seq_add(c->snd_nxt, len + (fin ? 1 : 0));
	c->snd_max = seq_max(c->snd_max, c->snd_nxt);
	if (!rexmit && cc_flight(c) > c->cwnd && cc_flight(c) - c->cwnd > c->limited_sent)
		c->limited_sent = cc_flight(c) - c->cwnd;
	if (rexmit && c->in_recovery)
		c->rexmit_high = seq_max(c->rexmit_high, c->snd_nxt);
	if (!probe) {
		if (!timer_armed(&c->timers[TT_REXMT]))
			conn_timer_cancel(c, TT_PERSIST);
		tcp_arm_rexmt(c, false);
	}
	return true;
}

void tcp_output(struct tcp_conn *c)
{
	switch (c->state) {
	case SYNACK_CLOSED:
	case SYNACK_LISTEN:
		return;
	case SYNACK_SYN_SENT:
		output_syn(c);
		return;
	case SYNACK_SYN_RECEIVED:
		/* An ACK owed here (to an unacceptable segment) carries
		 * <SEQ=SND.NXT><ACK=RCV.NXT> like any other. */
		if (!output_syn(c) && c->ack_now)
			conn_flush_later(c);
		return;
	case SYNACK_TIME_WAIT:
		if (c->ack_now)
			conn_flush_later(c);
		return;
	default:
		if (cc_sack_recovery(c)) {
			/* each pass sends one segment, which grows the pipe */
			for (int n = 0; n < 4096 && cc_recovery_send_one(c); n++)
				;
			if (c->ack_now)
				conn_flush_later(c);
		} else {
			/* Each pass sends one segment and moves snd_nxt forward,
			 * so the loop ends when the window, cwnd or the data
			 * runs out. */
			pass_begins(c);
			while (output_data(c))
				;
		}
		c->push_once = false;
	}
}

bool tcp_output_one(struct tcp_conn *c)
{
	pass_begins(c);
	return output_data(c);
}

void tcp_retransmit_at(struct tcp_conn *c, seq_t seq, synack_reason why)
{
	uint32_t hole = UINT32_MAX;
	if (c->sacked_count)
		(void)scoreboard_next_hole(c, seq, &hole);
	tcp_retransmit_upto(c, seq, hole, why);
}

void tcp_retransmit_upto(struct tcp_conn *c, seq_t seq, uint32_t max_len, synack_reason why)
{
	seq_t data_end = seq_add(c->snd_buf_seq, c->sndbuf.len);
	int32_t avail_s = seq_diff(data_end, seq);
	uint32_t avail = avail_s > 0 ? (uint32_t)avail_s : 0;
	uint32_t len = min_u32(min_u32(avail, tcp_seg_max(c)), max_len);
	/* The FIN rides along only if it was sent before. */
	bool fin = c->fin_queued && seq_eq(seq_add(seq, len), data_end) &&
		   seq_gt(c->snd_max, data_end);
	if (len == 0 && !fin)
		return;
	uint8_t flags = TH_ACK | (fin ? TH_FIN : 0);
	if (len && rexmit_psh(c, seq_add(seq, len), data_end))
		flags |= TH_PSH;
	tcp_emit(c, seq, flags, len, why);
	c->retransmits++;
	STAT_INC(c->stack, tcp_retransmits);
	c->rtt_timing = false;
	c->rexmit_high = seq_max(c->rexmit_high, seq_add(seq, len + (fin ? 1 : 0)));
	cc_note_retransmit(c, seq);
}
