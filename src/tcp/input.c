/* SEGMENT ARRIVES: RFC 9293 section 3.10.7, step by step.
 *
 *   3.10.7.1  CLOSED        input_closed()
 *   3.10.7.2  LISTEN        tcp_input_listen()  (listen.c)
 *   3.10.7.3  SYN-SENT      input_syn_sent()
 *   3.10.7.4  other states  tcp_input_synchronized():
 *             first   check sequence number   check_sequence()
 *             second  check RST               check_rst()
 *             third   security                (not implemented: no IP security labels)
 *             fourth  check SYN               check_syn()
 *             fifth   check ACK               check_ack()
 *             sixth   URG                     (urgent data is delivered inline, RFC 6093)
 *             seventh segment text            process_text()
 *             eighth  check FIN               process_fin()
 *
 * Extensions are applied where their RFCs place them: PAWS (RFC 7323 5.3)
 * before the sequence check, RFC 5961 in the RST, SYN and ACK checks,
 * RFC 6191 for a SYN meeting TIME-WAIT, RFC 1337 for a RST meeting it,
 * RFC 3168 (ECN) beside the ACK check and the text. */
#include <string.h>

#include "core/stack.h"
#include "ip/icmp.h"
#include "tcp/conn.h"
#include "wire/ipv4.h"

/* Segment length in sequence space: data plus SYN and FIN (RFC 9293 3.4). */
static uint32_t seg_len(const struct tcp_header *th)
{
	return th->payload_len + !!(th->flags & TH_SYN) + !!(th->flags & TH_FIN);
}

static bool process_text(struct tcp_conn *c, const struct tcp_segment_in *in,
			 bool *fin_in_order);
static void process_fin(struct tcp_conn *c, synack_reason reason);
static void schedule_ack(struct tcp_conn *c, uint32_t len);

static void received(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	c->segs_in++;
	c->last_rcv_time = c->stack->now;
	stack_event_segment(c->stack, SYNACK_EV_SEGMENT_RECEIVED, c, in->packet,
			    in->packet_len, SYNACK_R_NONE);
}

static void dropped(struct synack_stack *s, struct tcp_conn *c,
		    const struct tcp_segment_in *in, uint64_t *counter, synack_reason why)
{
	if (counter)
		(*counter)++;
	stack_event_segment(s, SYNACK_EV_SEGMENT_DROPPED, c, in->packet, in->packet_len, why);
}

/* ------------------------------------------------ options of the SYN */

/* Applies the peer's SYN options (RFC 9293 3.7.1, RFC 7323, RFC 2018).
 * An option is used only when both sides offered it. */
void tcp_apply_syn_options(struct tcp_conn *c, const struct tcp_options *o, bool we_offered_all)
{
	const synack_settings *cfg = &c->stack->cfg;
	/* RFC 9293 3.7.1: without an MSS option assume 536 (IPv4). */
	uint32_t peer_mss = o->has_mss ? o->mss : 536;
	if (peer_mss < 64)
		peer_mss = 64; /* a floor against absurd values (Linux uses 48+) */
	uint32_t mss = c->rcv_mss;
	c->mss = (uint16_t)(peer_mss < mss ? peer_mss : mss);
	conn_buffers_follow_mss(c);

	c->ws_ok = o->has_wscale && cfg->window_scaling && we_offered_all;
	if (c->ws_ok) {
		/* RFC 7323 2.3: a shift above 14 is used as 14. */
		c->snd_wscale = o->wscale > 14 ? 14 : o->wscale;
	} else {
		c->snd_wscale = 0;
		c->rcv_wscale = 0;
	}
	c->sack_ok = o->sack_permitted && cfg->sack && we_offered_all;
	c->ts_ok = o->has_ts && cfg->timestamps && we_offered_all;
	if (c->ts_ok) {
		c->ts_recent = o->tsval;
		c->ts_recent_time = c->stack->now;
	}
}

/* ---------------------------------------------------- 3.10.7.1 CLOSED */

static void input_closed(struct synack_stack *s, const struct tcp_segment_in *in)
{
	if (in->th->flags & TH_RST) {
		dropped(s, NULL, in, &s->stats.tcp_rst_ignored, SYNACK_R_DROP_RST_NO_CONN);
		return;
	}
	dropped(s, NULL, in, &s->stats.tcp_no_socket, SYNACK_R_DROP_NO_CONN);
	tcp_send_rst_for(s, in, NULL, SYNACK_R_RST_NO_CONN);
}

/* -------------------------------------------------- 3.10.7.3 SYN-SENT */

static void established(struct tcp_conn *c, synack_reason reason)
{
	conn_set_state(c, SYNACK_ESTABLISHED, reason);
	if (c->rcvbuf.buf && c->ooo_count) {
		/* text queued from a SYN (simultaneous open) is now in order */
		uint32_t more = ooo_advance(c);
		ring_commit(&c->rcvbuf, more);
		c->rcv_nxt = seq_add(c->rcv_nxt, more);
		c->bytes_received += more;
		if (more)
			schedule_ack(c, more);
	}
	/* RFC 6298 5.7: after a retransmitted SYN with no RTT sample, start
	 * data transfer with a 3 s RTO. */
	if (c->backoff && !c->has_rtt && c->rto < 3000000000ull)
		c->rto = 3000000000ull;
	c->backoff = 0;
	cc_init(c);
	if (c->ecn_ok)
		STAT_INC(c->stack, tcp_ecn_negotiated);
	if (c->opt.keepalive)
		conn_timer_arm(c, TT_KEEP, c->opt.keep_idle);
	if (c->fin_queued) {
		/* shutdown(WR) during the handshake: the FIN goes now */
		conn_set_state(c, SYNACK_FIN_WAIT_1, SYNACK_R_FIN_QUEUED_IN_HANDSHAKE);
	}
	conn_update_ready(c);
}

static void ack_of_syn(struct tcp_conn *c)
{
	if (c->rtt_timing && c->backoff == 0)
		rtt_sample(c, c->stack->now - c->rtt_start);
	c->rtt_timing = false;
	c->soft_error = 0; /* the peer answers */
	c->snd_una = seq_add(c->iss, 1);
	if (seq_lt(c->snd_nxt, c->snd_una))
		c->snd_nxt = c->snd_una;
	conn_timer_cancel(c, TT_REXMT);
}

static void input_syn_sent(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	seq_t ack = seq_of(th->ack);
	bool ack_ok = false;

	/* first, check the ACK bit */
	if (th->flags & TH_ACK) {
		if (seq_le(ack, c->iss) || seq_gt(ack, c->snd_max)) {
			if (th->flags & TH_RST) {
				dropped(s, c, in, &s->stats.tcp_rst_ignored, SYNACK_R_DROP_RST_BAD_ACK_SYN_SENT);
				return;
			}
			/* An old duplicate SYN,ACK (RFC 9293 Figure 8): reset it. */
			dropped(s, c, in, &s->stats.tcp_ack_unsent, SYNACK_R_DROP_BAD_ACK_SYN_SENT);
			tcp_send_rst_for(s, in, c, SYNACK_R_RST_BAD_ACK_SYN);
			return;
		}
		ack_ok = true;
	}
	/* second, check the RST bit (RFC 5961 3.2: only with an acceptable ACK) */
	if (th->flags & TH_RST) {
		if (!ack_ok) {
			dropped(s, c, in, &s->stats.tcp_rst_ignored, SYNACK_R_DROP_RST_NO_ACK_SYN_SENT);
			return;
		}
		received(c, in);
		STAT_INC(s, tcp_rst_received);
		STAT_INC(s, tcp_conn_failed);
		conn_close(c, SYNACK_ECONNREFUSED, SYNACK_R_RST_REFUSED);
		return;
	}
	/* fourth, check the SYN bit */
	if (!(th->flags & TH_SYN)) {
		dropped(s, c, in, &s->stats.tcp_bad_flags, SYNACK_R_DROP_NO_SYN_SYN_SENT);
		return;
	}
	if ((th->flags & TH_FIN) && s->cfg.drop_synfin) {
		dropped(s, c, in, &s->stats.tcp_bad_flags, SYNACK_R_DROP_SYN_FIN);
		return;
	}
	received(c, in);
	c->irs = seq_of(th->seq);
	c->rcv_nxt = seq_add(c->irs, 1);
	c->rcv_adv = c->rcv_nxt;
	tcp_apply_syn_options(c, &th->opt, !tcp_syn_plain(c));
	/* RFC 7323 2.2: the window of a SYN is not scaled. */
	c->snd_wnd = th->window;
	c->max_snd_wnd = c->snd_wnd;
	c->snd_wl1 = seq_of(th->seq);
	c->snd_wl2 = ack;

	if (ack_ok) {
		/* RFC 3168 6.1.1: our ECN-setup SYN answered by an ECN-setup
		 * SYN,ACK (ECE without CWR) */
		c->ecn_ok = c->ecn_syn_sent && (th->flags & (TH_ECE | TH_CWR)) == TH_ECE;
		ack_of_syn(c);
		/* Buffers come with the connection: until now nothing could be
		 * sent or received, and the MSS is known only now. */
		if (conn_alloc_buffers(c) != SYNACK_OK) {
			tcp_send_rst(c);
			conn_close(c, SYNACK_ENOMEM, SYNACK_R_NO_MEMORY_FOR_BUFFERS);
			return;
		}
		established(c, SYNACK_R_RCVD_SYNACK);
		c->ack_now = true;
		/* "If there are other controls or text in the segment, then
		 * continue processing at the sixth step": data and a FIN on
		 * the SYN,ACK are taken like any others. */
		bool fin = false;
		if (!process_text(c, in, &fin))
			return;
		if (fin)
			process_fin(c, SYNACK_R_RCVD_FIN_ON_SYNACK);
		tcp_output(c);
		return;
	}

	/* Simultaneous open (RFC 9293 Figure 7): SYN-RECEIVED, send SYN,ACK
	 * with our original ISN.  Text on the SYN is "queued for processing
	 * after the ESTABLISHED state has been reached": held out of order,
	 * not acknowledged until then. */
	if (th->payload_len && conn_alloc_buffers(c) == SYNACK_OK) {
		uint32_t n = th->payload_len < c->rcvbuf.cap ? th->payload_len : c->rcvbuf.cap;
		ring_write_at(&c->rcvbuf, 0, th->payload, n);
		ooo_add(c, c->rcv_nxt, seq_add(c->rcv_nxt, n));
	} else if (th->payload_len) {
		dropped(s, c, in, &s->stats.tcp_syn_data_dropped, SYNACK_R_DROP_SYN_DATA);
	}
	/* both SYNs ECN-setup: each side answers with an ECN-setup SYN,ACK */
	c->ecn_ok = c->ecn_syn_sent && (th->flags & (TH_ECE | TH_CWR)) == (TH_ECE | TH_CWR);
	conn_set_state(c, SYNACK_SYN_RECEIVED, SYNACK_R_RCVD_SYN_SIMULTANEOUS);
	c->snd_nxt = c->snd_max = c->iss; /* the SYN,ACK is new, not a retransmission */
	conn_timer_cancel(c, TT_REXMT);
	c->backoff = 0;
	tcp_output(c);
}

/* ------------------------------------- 3.10.7.4 the synchronized states */

/* RFC 7323 5.3 (PAWS) with R1-R3.  False: drop, answered by an ACK. */
static bool paws_ok(struct tcp_conn *c, const struct tcp_header *th)
{
	if (!c->ts_ok || !th->opt.has_ts || (th->flags & TH_RST))
		return true;
	if (seq_ge(seq_of(th->opt.tsval), seq_of(c->ts_recent)))
		return true;
	/* R3: TS.Recent older than 24 days is invalid, take the new value */
	if (c->stack->now - c->ts_recent_time > 24ull * 86400 * 1000000000ull) {
		c->ts_recent = th->opt.tsval;
		c->ts_recent_time = c->stack->now;
		return true;
	}
	return false;
}

/* RCV.WND: what we offered, up to the right edge we advertised.  Room we
 * have not announced yet does not count: a RST or SYN beyond the
 * advertised edge is out of window (RFC 9293 3.10.7.4, RFC 5961).  A
 * personality may count free buffer space too (FreeBSD). */
static uint32_t rcv_wnd(struct tcp_conn *c)
{
	int32_t p = seq_diff(c->rcv_adv, c->rcv_nxt);
	uint32_t promised = p > 0 ? (uint32_t)p : 0;
	const struct tcp_policy *pol = c->stack->policy;
	return pol->acceptable_window ? pol->acceptable_window(c, promised) : promised;
}

/* RFC 9293 3.10.7.4 first: the four acceptability cases. */
static bool seq_acceptable(struct tcp_conn *c, seq_t seq, uint32_t len)
{
	uint32_t wnd = rcv_wnd(c);
	seq_t end = seq_add(c->rcv_nxt, wnd);
	if (len == 0) {
		if (wnd == 0)
			return seq_eq(seq, c->rcv_nxt);
		return seq_in(seq, c->rcv_nxt, end);
	}
	if (wnd == 0)
		return false;
	return seq_in(seq, c->rcv_nxt, end) || seq_in(seq_add(seq, len - 1), c->rcv_nxt, end);
}

/* RFC 6191 / RFC 9293 3.10.7.4: a new SYN may reuse a 4-tuple in
 * TIME-WAIT when it cannot be an old duplicate: its timestamp is newer,
 * or, without timestamps, its sequence number is beyond RCV.NXT.  Only
 * once the application has closed the socket (as BSD): while it holds
 * it, the connection is not there to be replaced. */
static bool timewait_accepts_syn(struct tcp_conn *c, const struct tcp_header *th)
{
	if ((th->flags & (TH_SYN | TH_ACK | TH_RST | TH_FIN)) != TH_SYN)
		return false;
	bool newer_seq = seq_gt(seq_of(th->seq), c->rcv_nxt);
	if (c->ts_ok) {
		/* RFC 6191 2: the old incarnation had timestamps; a SYN
		 * without them falls back to the sequence number */
		if (!th->opt.has_ts)
			return newer_seq;
		seq_t tsval = seq_of(th->opt.tsval), recent = seq_of(c->ts_recent);
		if (seq_eq(tsval, recent))
			return newer_seq;
		return seq_gt(tsval, recent);
	}
	/* it had none: a new one with timestamps cannot be confused with
	 * old duplicates; without them, the sequence number decides */
	if (th->opt.has_ts && c->stack->cfg.timestamps)
		return true;
	return newer_seq;
}

/* RFC 9293 3.10.7.4 first, with the zero-window allowance: a segment at
 * RCV.NXT whose text does not fit still has its ACK processed.  Returns
 * false if the segment was dropped (and answered if the RFC says so). */
static bool check_sequence(struct tcp_conn *c, const struct tcp_segment_in *in,
			   bool *text_ok)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	seq_t seq = seq_of(th->seq);
	uint32_t len = seg_len(th);

	if (seq_acceptable(c, seq, len))
		return true;
	if (len > 0 && rcv_wnd(c) == 0 && seq_eq(seq, c->rcv_nxt)) {
		/* zero window: take the ACK, not the text */
		*text_ok = false;
		STAT_INC(s, tcp_window_probes_answered);
		c->ack_now = true;
		return true;
	}
	if (th->flags & TH_RST) {
		dropped(s, c, in, &s->stats.tcp_rst_ignored, SYNACK_R_DROP_RST_OUT_OF_WINDOW);
		return false;
	}
	if (c->state == SYNACK_TIME_WAIT && (th->flags & TH_FIN)) {
		/* RFC 9293: a retransmitted FIN in TIME-WAIT is acknowledged
		 * and the 2 MSL timeout restarts. */
		conn_timer_arm(c, TT_2MSL, 2 * s->cfg.msl_ns);
	}
	bool old = seq_lt(seq, c->rcv_nxt);
	if (old && s->policy->ack_in_old_duplicates && seq_le(seq_add(seq, len), c->rcv_nxt)) {
		/* wholly old: its text and FIN go, its ACK is still taken (a
		 * peer that repeats its FIN on every ACK acknowledges ours in
		 * such a segment).  Nothing in it is news, whatever its flags:
		 * two ends repeating their FINs trade such segments, so the
		 * answer is always within the limit. */
		STAT_INC(s, tcp_dup_segment);
		*text_ok = false;
		c->ack_now = tcp_oow_ack_take(c);
		return true;
	}
	if (old)
		dropped(s, c, in, &s->stats.tcp_dup_segment, SYNACK_R_DROP_DUPLICATE);
	else
		dropped(s, c, in, &s->stats.tcp_out_of_window, SYNACK_R_DROP_OUT_OF_WINDOW);
	if (tcp_oow_ack_allowed(c, th)) {
		c->ack_now = c->reack = true;
		tcp_output(c);
	}
	return false;
}

/* RFC 9293 3.10.7.4 second, as refined by RFC 5961 3.2.  Returns false if
 * the segment is consumed. */
static bool check_rst(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	if (!(th->flags & TH_RST))
		return true;
	if (s->cfg.rfc5961 && !seq_eq(seq_of(th->seq), c->rcv_nxt)) {
		dropped(s, c, in, NULL, SYNACK_R_DROP_RST_NOT_EXACT);
		tcp_send_challenge_ack(c);
		return false;
	}
	received(c, in);
	STAT_INC(s, tcp_rst_received);
	switch (c->state) {
	case SYNACK_SYN_RECEIVED:
		if (c->passive) {
			/* Back to LISTEN: the listener simply forgets the entry. */
			STAT_INC(s, tcp_halfopen_dropped);
			conn_close(c, 0, SYNACK_R_RST_IN_SYN_RECEIVED);
		} else {
			STAT_INC(s, tcp_conn_failed);
			conn_close(c, SYNACK_ECONNREFUSED, SYNACK_R_RST_REFUSED);
		}
		return false;
	case SYNACK_ESTABLISHED:
	case SYNACK_FIN_WAIT_1:
	case SYNACK_FIN_WAIT_2:
	case SYNACK_CLOSE_WAIT:
		STAT_INC(s, tcp_conn_reset);
		conn_close(c, SYNACK_ECONNRESET, SYNACK_R_RST_RESET);
		return false;
	case SYNACK_TIME_WAIT:
		/* RFC 1337: TIME-WAIT assassination hazards; stay. */
		STAT_INC(s, tcp_timewait_rst_ignored);
		return false;
	default: /* CLOSING, LAST-ACK: the application may still hold the
		  * socket (after shutdown); it learns of the reset, as on
		  * Linux and FreeBSD */
		STAT_INC(s, tcp_conn_reset);
		conn_close(c, c->orphan ? 0 : SYNACK_ECONNRESET, SYNACK_R_RST_WHILE_CLOSING);
		return false;
	}
}

/* RFC 9293 3.10.7.4 fourth, with RFC 5961 4. Returns false if consumed. */
static bool check_syn(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	if (!(th->flags & TH_SYN))
		return true;
	if (c->state == SYNACK_SYN_RECEIVED && c->passive) {
		/* RFC 9293: a SYN for a passive-open entry returns it to LISTEN. */
		dropped(s, c, in, NULL, SYNACK_R_DROP_SYN_IN_SYN_RECEIVED);
		STAT_INC(s, tcp_halfopen_dropped);
		conn_close(c, 0, SYNACK_R_SYN_IN_SYN_RECEIVED);
		return false;
	}
	if (s->cfg.rfc5961 || !seq_acceptable(c, seq_of(th->seq), 1)) {
		dropped(s, c, in, NULL, SYNACK_R_DROP_SYN_CHALLENGE);
		tcp_send_challenge_ack(c);
		return false;
	}
	/* RFC 793 behaviour: an in-window SYN is an error; reset. */
	received(c, in);
	tcp_send_rst(c);
	STAT_INC(s, tcp_conn_reset);
	conn_close(c, SYNACK_ECONNRESET, SYNACK_R_SYN_IN_WINDOW);
	return false;
}

/* Removes what `ack` acknowledges from the send buffer; returns the data
 * bytes freed. */
static uint32_t release_acked(struct tcp_conn *c, seq_t ack)
{
	uint32_t freed = 0;
	if (seq_gt(ack, c->snd_buf_seq)) {
		uint32_t n = seq_len(c->snd_buf_seq, ack);
		freed = n < c->sndbuf.len ? n : c->sndbuf.len;
		ring_consume(&c->sndbuf, freed);
		c->snd_buf_seq = seq_add(c->snd_buf_seq, freed);
	}
	return freed;
}

static bool fin_acked(const struct tcp_conn *c)
{
	return c->fin_queued && seq_eq(c->snd_una, c->snd_max) &&
	       seq_eq(c->snd_max, seq_add(c->snd_buf_seq, c->sndbuf.len + 1));
}

/* RFC 9293 3.10.7.4 fifth: SND.UNA =< SEG.ACK =< SND.NXT updates the
 * window when the segment is newer (SND.WL1/WL2). */
static void update_window(struct tcp_conn *c, const struct tcp_header *th)
{
	seq_t seq = seq_of(th->seq), ack = seq_of(th->ack);
	if (seq_lt(c->snd_wl1, seq) || (seq_eq(c->snd_wl1, seq) && seq_le(c->snd_wl2, ack))) {
		uint32_t wnd = (uint32_t)th->window << c->snd_wscale;
		c->snd_wnd = wnd;
		if (wnd > c->max_snd_wnd)
			c->max_snd_wnd = wnd;
		c->snd_wl1 = seq;
		c->snd_wl2 = ack;
		if (wnd > 0) {
			conn_timer_cancel(c, TT_PERSIST);
			c->persist_backoff = 0;
		}
	}
}

/* RFC 5681 2: a duplicate ACK carries no data, no SYN/FIN, acknowledges
 * nothing new and leaves the window unchanged while data is outstanding
 * and being retransmitted for. */
static bool is_dupack(const struct tcp_conn *c, const struct tcp_header *th)
{
	return th->payload_len == 0 && !(th->flags & (TH_SYN | TH_FIN)) &&
	       seq_eq(seq_of(th->ack), c->snd_una) && seq_lt(c->snd_una, c->snd_max) &&
	       ((uint32_t)th->window << c->snd_wscale) == c->snd_wnd &&
	       timer_armed(&c->timers[TT_REXMT]); /* not answers to window probes (BSD) */
}

static void ack_advances(struct tcp_conn *c, seq_t ack)
{
	struct synack_stack *s = c->stack;
	uint32_t acked = seq_len(c->snd_una, ack);
	if (c->rtt_timing && seq_gt(ack, c->rtt_seq)) {
		rtt_sample(c, s->now - c->rtt_start);
		c->rtt_timing = false;
	} else if (c->backoff) {
		/* RFC 6298 5: a backed-off RTO stays until a new RTT sample
		 * (only data never retransmitted gives one) collapses it. */
		c->rto = rtt_current_rto(c);
	}
	c->backoff = 0;
	c->soft_error = 0; /* the path works after all */
	c->more_pending = false; /* MSG_MORE held the tail for its own call only (Linux) */
	release_acked(c, ack);
	c->bytes_acked += acked;
	seq_t old_una = c->snd_una;
	c->snd_una = ack;
	if (seq_lt(c->snd_nxt, c->snd_una))
		c->snd_nxt = c->snd_una;
	scoreboard_ack(c);
	cc_new_ack(c, old_una, acked);
	/* RFC 6298 5.2 / 5.3 */
	c->tlp_out = false;
	if (seq_eq(c->snd_una, c->snd_max)) {
		conn_timer_cancel(c, TT_REXMT);
		conn_timer_cancel(c, TT_TLP);
		c->first_unacked_time = 0;
	} else {
		tcp_arm_rexmt(c, true);
		c->first_unacked_time = s->now;
	}
}

/* RFC 9293 3.10.7.4 fifth, with RFC 5961 5.2.  Returns false if the
 * segment is consumed. */
static bool check_ack(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	seq_t ack = seq_of(th->ack);

	if (!(th->flags & TH_ACK)) {
		dropped(s, c, in, &s->stats.tcp_bad_flags, SYNACK_R_DROP_NO_ACK);
		return false;
	}
	if (c->state == SYNACK_SYN_RECEIVED) {
		if (!(seq_lt(c->snd_una, ack) && seq_le(ack, c->snd_max))) {
			dropped(s, c, in, &s->stats.tcp_ack_unsent, SYNACK_R_DROP_BAD_ACK_SYN_RECEIVED);
			tcp_send_rst_for(s, in, c, SYNACK_R_RST_BAD_ACK_SYNACK);
			return false;
		}
		if (c->parent && c->parent->lq->accept_count >= c->parent->lq->backlog) {
			/* Linux's choice on a full accept queue: ignore the ACK,
			 * the SYN,ACK retransmission will ask again. */
			dropped(s, c, in, &s->stats.tcp_listen_overflow, SYNACK_R_DROP_ACCEPT_QUEUE_FULL_ACK);
			return false;
		}
		ack_of_syn(c);
		c->snd_wnd = (uint32_t)th->window << c->snd_wscale;
		c->max_snd_wnd = c->snd_wnd;
		c->snd_wl1 = seq_of(th->seq);
		c->snd_wl2 = ack;
		if (conn_alloc_buffers(c) != SYNACK_OK) {
			tcp_send_rst(c);
			conn_close(c, SYNACK_ENOMEM, SYNACK_R_NO_MEMORY_FOR_BUFFERS);
			return false;
		}
		established(c, SYNACK_R_RCVD_ACK_OF_SYNACK);
		if (c->parent)
			listen_established(c);
		/* and continue processing in ESTABLISHED */
	}

	/* RFC 5961 5.2: acceptable is SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT */
	if (seq_gt(ack, c->snd_max)) {
		dropped(s, c, in, &s->stats.tcp_ack_unsent, SYNACK_R_DROP_ACK_UNSENT);
		if (tcp_oow_ack_take(c)) {
			c->ack_now = c->reack = true;
			tcp_output(c);
		}
		return false;
	}
	if (s->cfg.rfc5961 && seq_lt(ack, seq_sub(c->snd_una, c->max_snd_wnd ? c->max_snd_wnd : 1))) {
		dropped(s, c, in, &s->stats.tcp_ack_old, SYNACK_R_DROP_ACK_TOO_OLD);
		tcp_send_challenge_ack(c);
		return false;
	}

	c->persist_probes = 0; /* the peer answers */
	c->ack_has_ece = (th->flags & TH_ECE) != 0;
	seq_t una_before = c->snd_una;
	uint32_t sacked_before = scoreboard_sacked_bytes(c);
	if (c->sack_ok && th->opt.sack_count)
		scoreboard_update(c, &th->opt);
	if (seq_gt(ack, c->snd_una)) {
		c->dupacks = 0;
		c->limited_sent = 0;
		ack_advances(c, ack);
	} else if (is_dupack(c, th)) {
		c->dupacks_rcvd++;
		cc_dup_ack(c);
	} else {
		c->dupacks = 0;
		c->limited_sent = 0;
	}
	if (c->sack_ok && th->opt.sack_count)
		cc_sack_arrived(c);
	if (c->ecn_ok && (th->flags & TH_ECE))
		cc_ecn_echo(c);
	/* RFC 6937 DeliveredData: SND.UNA's advance plus the change in
	 * SACKed bytes (which falls as SND.UNA passes them) */
	int64_t delivered = (int64_t)seq_len(una_before, c->snd_una) +
			    (int64_t)scoreboard_sacked_bytes(c) - (int64_t)sacked_before;
	/* negative when a full scoreboard had to forget a SACK block */
	cc_prr_ack(c, delivered > 0 ? (uint32_t)delivered : 0);
	update_window(c, th);

	switch (c->state) {
	case SYNACK_FIN_WAIT_1:
		if (fin_acked(c)) {
			conn_set_state(c, SYNACK_FIN_WAIT_2, SYNACK_R_RCVD_ACK_OF_FIN);
			conn_timer_cancel(c, TT_REXMT);
			if (c->orphan)
				conn_timer_arm(c, TT_2MSL, s->cfg.fin_wait2_timeout_ns);
		}
		break;
	case SYNACK_CLOSING:
		if (fin_acked(c)) {
			conn_set_state(c, SYNACK_TIME_WAIT, SYNACK_R_RCVD_ACK_OF_FIN);
			conn_timers_cancel_all(c);
			conn_timer_arm(c, TT_2MSL, 2 * s->cfg.msl_ns);
			if (c->orphan)
				conn_release_buffers(c);
		}
		break;
	case SYNACK_LAST_ACK:
		if (fin_acked(c)) {
			conn_close(c, 0, SYNACK_R_RCVD_ACK_OF_FIN);
			return false;
		}
		break;
	default:
		break;
	}
	conn_update_ready(c);
	return true;
}

/* RFC 3168 6.1.3: a CE mark on data is echoed by ECE on every ACK until
 * the sender's CWR says it has reduced its window; CE on the CWR segment
 * itself starts the echo again. */
static void ecn_receive(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	if (in->th->flags & TH_CWR)
		c->ecn_echo = false;
	if (in->th->payload_len && in->ecn == IP_ECN_CE) {
		STAT_INC(c->stack, tcp_ecn_ce_received);
		if (!c->ecn_echo)
			c->ack_now = true; /* the sender learns it now, not after a delayed ACK */
		c->ecn_echo = true;
	}
}

/* Delayed ACK (RFC 9293 3.8.6.3, RFC 5681 4.2): an ACK at least for every
 * second full-sized segment, else within delayed_ack_ns.  RFC: at once
 * when more than one MSS of data is unacknowledged; a personality may
 * choose otherwise (FreeBSD: every second segment; Linux: quick ACKs). */
static void schedule_ack(struct tcp_conn *c, uint32_t len)
{
	struct synack_stack *s = c->stack;
	if (!s->cfg.delayed_ack || c->opt.quickack) {
		c->ack_now = true;
		return;
	}
	bool now = s->policy->ack_now ? s->policy->ack_now(c, len)
				      : seq_len(c->last_ack_sent, c->rcv_nxt) > c->rcv_mss;
	if (now) {
		c->ack_now = true;
		return;
	}
	if (!timer_armed(&c->timers[TT_DELACK]))
		conn_timer_arm(c, TT_DELACK, s->cfg.delayed_ack_ns);
}

/* RFC 9293 3.10.7.4 seventh: text for ESTABLISHED and FIN-WAIT-1/2.
 * Returns false if the connection is gone (freed: do not touch it). */
static bool process_text(struct tcp_conn *c, const struct tcp_segment_in *in,
			 bool *fin_in_order)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	seq_t seq = seq_of(th->seq);
	const uint8_t *data = th->payload;
	uint32_t len = th->payload_len;
	bool fin = (th->flags & TH_FIN) != 0;
	*fin_in_order = false;

	if (th->flags & TH_SYN) /* SYN,ACK retransmission carrying data */
		seq = seq_add(seq, 1);
	/* Trim what we already have (RFC 9293: only new parts are processed). */
	if (seq_lt(seq, c->rcv_nxt)) {
		uint32_t dup = seq_len(seq, c->rcv_nxt);
		if (dup >= len) { /* all old: only a FIN may be new */
			if (len) {
				STAT_INC(s, tcp_dup_segment);
				c->ack_now = true;
			}
			dup = len;
		}
		data += dup;
		len -= dup;
		seq = seq_add(seq, dup);
	}
	if (len == 0 && !fin)
		return true;
	if (!state_in(c->state, RECV_STATES) || c->fin_received) {
		/* CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: the peer's FIN came
		 * already; text "should not occur" and is ignored. */
		return true;
	}
	if (len > 0 && c->orphan) {
		/* Nobody will read it (Linux, RFC 2525 2.17): abort. */
		dropped(s, c, in, &s->stats.tcp_data_after_close, SYNACK_R_DROP_DATA_AFTER_CLOSE);
		/* answered like a segment for no connection (Linux, BSD):
		 * this one is going away */
		tcp_send_rst_for(s, in, c, SYNACK_R_RST_DATA_AFTER_CLOSE);
		conn_close(c, SYNACK_ECONNRESET, SYNACK_R_DATA_AFTER_CLOSE);
		return false;
	}

	uint32_t off = seq_len(c->rcv_nxt, seq);
	uint32_t room = ring_free(&c->rcvbuf);
	if (off + len > room) {
		/* Beyond the window: keep what fits, the FIN is not in reach. */
		if (off >= room) {
			STAT_INC(s, tcp_beyond_window);
			c->ack_now = true;
			return true;
		}
		STAT_INC(s, tcp_beyond_window);
		len = room - off;
		fin = false;
	}
	if (c->rd_shutdown && len > 0 && s->policy->discard_after_shutdown_rd) {
		/* after shutdown(RD): acknowledged and discarded, counted
		 * (FreeBSD; Linux, and synack otherwise, keep queueing it: a
		 * read returns it, and end-of-stream once it is drained) */
		s->stats.tcp_data_after_shutdown += 1;
		if (off == 0) {
			c->rcv_nxt = seq_add(c->rcv_nxt, len);
			c->bytes_received += len;
		}
		c->ack_now = true;
		*fin_in_order = fin && off == 0;
		return true;
	}

	if (off == 0) {
		ring_write_at(&c->rcvbuf, c->rcvbuf.len, data, len);
		ring_commit(&c->rcvbuf, len);
		c->rcv_nxt = seq_add(c->rcv_nxt, len);
		c->bytes_received += len;
		bool had_holes = c->ooo_count > 0;
		uint32_t more = ooo_advance(c);
		if (more) {
			ring_commit(&c->rcvbuf, more);
			c->rcv_nxt = seq_add(c->rcv_nxt, more);
			c->bytes_received += more;
		}
		if (had_holes)
			c->ack_now = true; /* RFC 5681 4.2: ACK at once when a hole fills */
		else if (len)
			schedule_ack(c, len);
		*fin_in_order = fin || (c->fin_pending_ooo && seq_eq(c->rcv_nxt, c->ooo_fin_seq));
	} else {
		if (len && !ooo_add(c, seq, seq_add(seq, len))) {
			dropped(s, c, in, &s->stats.tcp_ooo_dropped, SYNACK_R_DROP_OOO_FULL);
			c->ack_now = true;
			return true;
		}
		if (len) {
			ring_write_at(&c->rcvbuf, c->rcvbuf.len + off, data, len);
			STAT_INC(s, tcp_ooo_segment);
			c->ooo_segs++;
		}
		if (fin) {
			c->fin_pending_ooo = true;
			c->ooo_fin_seq = seq_add(seq, len);
		}
		c->ack_now = true; /* RFC 5681 4.2: out of order, ACK at once */
	}
	conn_update_ready(c);
	return true;
}

/* RFC 9293 3.10.7.4 eighth: the FIN, once everything before it is here. */
static void process_fin(struct tcp_conn *c, synack_reason reason)
{
	struct synack_stack *s = c->stack;
	if (c->fin_received)
		return;
	c->fin_received = true;
	c->fin_pending_ooo = false;
	c->rcv_nxt = seq_add(c->rcv_nxt, 1);
	c->ack_now = true;
	switch (c->state) {
	case SYNACK_SYN_RECEIVED:
	case SYNACK_ESTABLISHED:
		conn_set_state(c, SYNACK_CLOSE_WAIT, reason);
		break;
	case SYNACK_FIN_WAIT_1:
		/* Our FIN not yet acknowledged (else we would be in FIN-WAIT-2). */
		conn_set_state(c, SYNACK_CLOSING, reason);
		break;
	case SYNACK_FIN_WAIT_2:
		conn_set_state(c, SYNACK_TIME_WAIT, reason);
		conn_timers_cancel_all(c);
		conn_timer_arm(c, TT_2MSL, 2 * s->cfg.msl_ns);
		if (c->orphan)
			conn_release_buffers(c);
		c->ack_now = true;
		break;
	default:
		break;
	}
	conn_update_ready(c);
}

void tcp_input_synchronized(struct tcp_conn *c, const struct tcp_segment_in *in)
{
	struct synack_stack *s = c->stack;
	const struct tcp_header *th = in->th;
	bool text_ok = true;

	if (c->state == SYNACK_TIME_WAIT && c->orphan && timewait_accepts_syn(c, th)) {
		struct tcp_conn *l = listener_lookup(s, &c->local);
		if (l) {
			/* RFC 6191: end TIME-WAIT and let the listener take
			 * the SYN; its ISN must exceed what we used. */
			STAT_INC(s, tcp_timewait_reused);
			seq_t floor = seq_add(c->snd_max, 65536);
			conn_close(c, 0, SYNACK_R_TIME_WAIT_REUSED);
			listen_syn(l, in, &floor);
			return;
		}
	}
	if (c->state == SYNACK_SYN_RECEIVED && (th->flags & (TH_SYN | TH_ACK | TH_RST)) == TH_SYN &&
	    seq_eq(seq_of(th->seq), c->irs)) {
		/* The peer's SYN again: our SYN,ACK was lost (Linux and BSD
		 * answer with the SYN,ACK at once, and restart the timer so
		 * that it does not send the same SYN,ACK again right after). */
		received(c, in);
		/* a SYN that no longer asks for ECN (the peer gave up on it,
		 * RFC 3168 6.1.1.1): answer without it too (FreeBSD r364054) */
		if ((th->flags & (TH_ECE | TH_CWR)) != (TH_ECE | TH_CWR))
			c->ecn_ok = false;
		c->snd_nxt = c->iss;
		tcp_output(c);
		conn_timer_arm(c, TT_REXMT, rtt_current_rto(c));
		return;
	}

	struct tcp_header stripped;
	struct tcp_segment_in in_stripped;
	if (c->state == SYNACK_SYN_RECEIVED && (th->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) &&
	    seq_eq(seq_of(th->seq), c->irs)) {
		/* Simultaneous open (RFC 9293 Figure 7, line 6): the peer's
		 * SYN,ACK repeats the SYN we have; what is new is its ACK of
		 * ours.  Take the segment without its SYN. */
		if ((th->flags & (TH_ECE | TH_CWR)) != TH_ECE)
			c->ecn_ok = false; /* its SYN,ACK declines ECN */
		stripped = *th;
		/* its ECE and CWR were ECN negotiation, not congestion news */
		stripped.flags &= (uint8_t)~(TH_SYN | TH_ECE | TH_CWR);
		stripped.seq++;
		in_stripped = *in;
		in_stripped.th = &stripped;
		in = &in_stripped;
		th = &stripped;
	}
	if (c->state == SYNACK_TIME_WAIT && s->policy->timewait_twcheck &&
	    !(th->flags & (TH_ACK | TH_SYN | TH_RST))) {
		/* FreeBSD tcp_twcheck(): no ACK, no answer */
		dropped(s, c, in, &s->stats.tcp_bad_flags, SYNACK_R_DROP_NO_ACK_TIME_WAIT);
		return;
	}
	if (!paws_ok(c, th)) {
		/* RFC 7323 5.3 R1: before anything else, an old timestamp
		 * makes the segment unacceptable: ACK and drop. */
		dropped(s, c, in, &s->stats.tcp_paws_rejected, SYNACK_R_DROP_PAWS);
		if (tcp_oow_ack_allowed(c, th)) {
			c->ack_now = c->reack = true;
			tcp_output(c);
		}
		return;
	}
	/* RFC 9293 3.10.7.4 checks the sequence number first: a SYN outside
	 * the window (a retransmitted SYN,ACK is below RCV.NXT) is answered
	 * like any unacceptable segment, with a plain ACK; one inside it
	 * meets the fourth check, the challenge ACK of RFC 5961 4.  Linux and
	 * FreeBSD check the SYN first and answer any with a challenge ACK
	 * ("irrespective of the sequence number"). */
	if ((th->flags & (TH_SYN | TH_RST)) == TH_SYN && c->state != SYNACK_SYN_RECEIVED &&
	    s->policy->syn_before_sequence) {
		check_syn(c, in);
		return;
	}
	if (!check_sequence(c, in, &text_ok))
		return;
	if (!check_rst(c, in))
		return;
	if (!check_syn(c, in))
		return;
	received(c, in);
	bool covers_last_ack = seq_le(seq_of(th->seq), c->last_ack_sent) &&
			       seq_lt(c->last_ack_sent, seq_add(seq_of(th->seq), seg_len(th) ? seg_len(th) : 1));
	if (!check_ack(c, in))
		return;
	if (th->opt.has_ts && c->ts_ok && covers_last_ack) {
		/* RFC 7323 4.3: TS.Recent follows the segment that covers
		 * Last.ACK.sent -- once its ACK proved acceptable, so a
		 * segment with a bogus ACK cannot move it (as Linux). */
		c->ts_recent = th->opt.tsval;
		c->ts_recent_time = s->now;
		STAT_INC(s, tcp_ts_recent_updates);
	}
	if (c->state == SYNACK_TIME_WAIT && s->policy->timewait_twcheck &&
	    !(th->flags == TH_ACK && th->payload_len == 0 && seq_eq(seq_of(th->seq), c->rcv_nxt) &&
	      seq_eq(seq_of(th->ack), c->snd_max))) {
		/* FreeBSD tcp_twcheck(): anything but a duplicate ACK is ACKed */
		c->ack_now = true;
	}
	if (c->opt.keepalive && state_in(c->state, SYNCHRONIZED_STATES)) {
		c->keep_probes = 0;
		conn_timer_arm(c, TT_KEEP, c->opt.keep_idle);
	}

	if (c->ecn_ok && text_ok)
		ecn_receive(c, in);
	bool fin = false;
	if (text_ok && !process_text(c, in, &fin))
		return; /* aborted by data after close: c is gone */
	if (fin)
		process_fin(c, SYNACK_R_RCVD_FIN);
	tcp_output(c);
}

void tcp_input(struct synack_stack *s, const struct tcp_segment_in *in)
{
	STAT_INC(s, tcp_in);
	struct tcp_conn *c = conn_lookup(s, &in->dst, &in->src);
	if (c) {
		if (c->state == SYNACK_SYN_SENT)
			input_syn_sent(c, in);
		else
			tcp_input_synchronized(c, in);
		return;
	}
	struct tcp_conn *l = listener_lookup(s, &in->dst);
	if (l) {
		tcp_input_listen(l, in);
		return;
	}
	input_closed(s, in);
}

/* ------------------------------------------------------- ICMP errors */

/* RFC 1191 / RFC 8201: the path takes no more than mtu bytes.  The MSS
 * falls to fit (never below 576, the datagram every IPv4 host must take,
 * RFC 791 -- Linux's floor is 552 -- or IPv6's 1280, so a forged message
 * cannot shrink segments to nothing), and what is in flight goes again at
 * once in the new size, as a loss the network did not signal by
 * congestion: no backoff, no smaller cwnd (Linux's tcp_simple_retransmit).
 * A loss recovery under way ends: its pipe counts segments that were
 * dropped for their size. */
static void path_mtu(struct tcp_conn *c, uint32_t mtu)
{
	bool v6 = c->local.addr.family == SYNACK_AF_INET6;
	uint32_t floor = v6 ? 1280 : 576, headers = v6 ? 60 : 40;
	if (mtu < floor)
		mtu = floor;
	if (mtu - headers >= c->mss || !state_in(c->state, SYNCHRONIZED_STATES))
		return;
	c->mss = (uint16_t)(mtu - headers);
	STAT_INC(c->stack, tcp_pmtu_updates);
	if (seq_lt(c->snd_una, c->snd_max)) {
		if (c->in_recovery) {
			c->in_recovery = false;
			c->recover = c->snd_max;
			if (c->cwnd < c->ssthresh)
				c->cwnd = c->ssthresh;
		}
		c->snd_nxt = c->snd_una;
		c->rtt_timing = false; /* Karn: what goes now is resent */
		tcp_output(c);
	}
}

/* RFC 1122 4.2.3.9 as RFC 5461 refines it: a port or protocol
 * unreachable ends a connection attempt (SYN-SENT); otherwise an error is
 * soft: remembered until an ACK shows the path works, and reported
 * instead of ETIMEDOUT if the connection times out first.  (Linux ends a
 * connection attempt on any unreachable.)  RFC 5927 4.1: only for a
 * sequence number in flight.  SYNACK_EINVAL if the message was dropped. */
int tcp_icmp_error(struct synack_stack *s, const struct icmp_error *e, const uint8_t *pkt,
		   size_t len)
{
	struct tcp_conn *c = conn_lookup(s, &e->local, &e->remote);
	if (!c) {
		STAT_INC(s, tcp_icmp_no_conn);
		stack_event_segment(s, SYNACK_EV_SEGMENT_DROPPED, NULL, pkt, len,
				    SYNACK_R_ICMP_NO_CONN);
		return SYNACK_EINVAL;
	}
	seq_t seq = seq_of(e->seq);
	if (seq_lt(seq, c->snd_una) || !seq_lt(seq, c->snd_max)) {
		STAT_INC(s, tcp_icmp_out_of_window);
		stack_event_segment(s, SYNACK_EV_SEGMENT_DROPPED, c, pkt, len,
				    SYNACK_R_ICMP_NOT_IN_FLIGHT);
		return SYNACK_EINVAL;
	}
	STAT_INC(s, tcp_icmp_errors);
	switch (e->kind) {
	case ICMP_TOO_BIG:
		stack_event_segment(s, SYNACK_EV_SEGMENT_RECEIVED, c, pkt, len,
				    SYNACK_R_ICMP_TOO_BIG);
		path_mtu(c, e->mtu);
		return SYNACK_OK;
	case ICMP_REFUSED:
		if (c->state == SYNACK_SYN_SENT) {
			stack_event_segment(s, SYNACK_EV_SEGMENT_RECEIVED, c, pkt, len,
					    SYNACK_R_ICMP_PORT_UNREACHABLE);
			STAT_INC(s, tcp_conn_failed);
			conn_close(c, SYNACK_ECONNREFUSED, SYNACK_R_ICMP_REFUSED);
			return SYNACK_OK;
		}
		break;
	default:
		break;
	}
	stack_event_segment(s, SYNACK_EV_SEGMENT_RECEIVED, c, pkt, len,
			    SYNACK_R_ICMP_SOFT_ERROR);
	c->soft_error = e->kind == ICMP_REFUSED ? SYNACK_ECONNREFUSED : SYNACK_EHOSTUNREACH;
	return SYNACK_OK;
}
