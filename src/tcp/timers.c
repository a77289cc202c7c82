/* What each timer does when it fires. */
#include "core/stack.h"
#include "tcp/conn.h"

static void give_up(struct tcp_conn *c, synack_reason reason)
{
	struct synack_stack *s = c->stack;
	STAT_INC(s, tcp_conn_timeout);
	if (state_in(c->state, SYNCHRONIZED_STATES))
		tcp_send_rst(c); /* tell a peer that may still be there (BSD's tcp_drop) */
	else
		STAT_INC(s, tcp_conn_failed);
	/* a host unreachable seen on the way says more than a timeout */
	conn_close(c, c->soft_error ? c->soft_error : SYNACK_ETIMEDOUT, reason);
}

/* RFC 6298 5.4-5.6, RFC 9293 3.8.3 (R2), and the SYN / SYN,ACK retries. */
static void rexmt_timeout(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	const synack_settings *cfg = &s->cfg;
	switch (c->state) {
	case SYNACK_SYN_SENT:
		if (c->backoff >= cfg->syn_retries) {
			give_up(c, SYNACK_R_SYN_RETRIES_EXHAUSTED);
			return;
		}
		break;
	case SYNACK_SYN_RECEIVED:
		if (c->backoff >= cfg->synack_retries) {
			if (c->passive) {
				STAT_INC(s, tcp_halfopen_dropped);
				conn_close(c, 0, SYNACK_R_HALF_OPEN_DROPPED);
			} else {
				give_up(c, SYNACK_R_SYNACK_RETRIES_EXHAUSTED);
			}
			return;
		}
		break;
	default:
		if (c->backoff >= cfg->data_retries ||
		    (c->opt.user_timeout && seq_lt(c->snd_una, c->snd_max) &&
		     s->now - c->first_unacked_time >= c->opt.user_timeout)) {
			give_up(c, SYNACK_R_REXMIT_RETRIES_EXHAUSTED);
			return;
		}
		break;
	}
	c->backoff++;
	c->timeouts++;
	STAT_INC(s, tcp_timeouts);
	c->rtt_timing = false;
	if (c->state == SYNACK_SYN_SENT || c->state == SYNACK_SYN_RECEIVED) {
		c->snd_nxt = c->iss;
	} else {
		cc_timeout(c);
		/* Go back to SND.UNA.  The SACK scoreboard is dropped: the
		 * receiver may renege (RFC 2018 8), so resend everything. */
		c->sacked_count = 0;
		c->snd_nxt = c->snd_una;
	}
	conn_timer_cancel(c, TT_TLP);
	conn_timer_arm(c, TT_REXMT, rtt_current_rto(c));
	tcp_output(c);
}

#define WC_DELACK_NS 200000000ull /* RFC 8985 WCDelAckT */

void tcp_arm_rexmt(struct tcp_conn *c, bool restart)
{
	struct synack_stack *s = c->stack;
	if (restart || !timer_armed(&c->timers[TT_REXMT]))
		conn_timer_arm(c, TT_REXMT, rtt_current_rto(c));
	/* RFC 8985 builds on SACK (so does Linux: no probe without it): a
	 * probe's ACK is useful only if it can say what arrived */
	if (!s->cfg.tail_loss_probe || !c->sack_ok || !c->has_rtt || c->in_recovery ||
	    c->tlp_out || !state_in(c->state, SYNCHRONIZED_STATES))
		return;
	/* RFC 8985 7.2: PTO = 2 * SRTT, plus the worst-case delayed ACK when a
	 * single segment is out (Linux: else two ticks of timer slack,
	 * TCP_TIMEOUT_MIN at HZ=1000); never later than the RTO itself. */
	uint64_t pto = 2 * c->srtt;
	if (seq_len(c->snd_una, c->snd_max) <= conn_smss(c))
		pto += WC_DELACK_NS;
	else
		pto += s->policy->tlp_slack_ns;
	uint64_t rto_at = c->timers[TT_REXMT].when;
	if (s->now + pto < rto_at)
		conn_timer_arm(c, TT_TLP, pto);
	else
		conn_timer_cancel(c, TT_TLP);
}

/* RFC 8985 7.3: send one segment of new data if the window allows, else
 * retransmit the last segment sent; then only the RTO is left. */
static void tlp_timeout(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (!state_in(c->state, SYNCHRONIZED_STATES) || seq_eq(c->snd_una, c->snd_max) ||
	    c->in_recovery)
		return;
	c->tlp_out = true;
	STAT_INC(s, tcp_tail_loss_probes);
	seq_t before = c->snd_max;
	c->push_once = true;
	uint32_t cwnd = c->cwnd;
	c->cwnd = seq_len(c->snd_una, c->snd_max) + conn_smss(c); /* room for one */
	tcp_output(c);
	c->cwnd = cwnd;
	if (seq_eq(c->snd_max, before)) {
		/* nothing new could go: probe with the last segment */
		seq_t data_end = seq_add(c->snd_buf_seq, c->sndbuf.len);
		bool fin_out = c->fin_queued && seq_gt(c->snd_max, data_end);
		uint32_t data_out = seq_len(c->snd_una, seq_sub(c->snd_max, fin_out ? 1 : 0));
		uint32_t last = data_out < conn_smss(c) ? data_out : conn_smss(c);
		if (fin_out && c->fin_alone)
			last = 0; /* the last segment sent was the FIN alone */
		/* the whole segment, as it went (a SACK of part of it does
		 * not shorten it) */
		tcp_retransmit_upto(c, seq_sub(c->snd_max, last + (fin_out ? 1 : 0)), last,
				    SYNACK_R_TAIL_LOSS_PROBE);
	}
	conn_timer_arm(c, TT_REXMT, rtt_current_rto(c));
}

/* RFC 9293 3.8.6.1: probe a zero window until it opens. */
static void persist_timeout(struct tcp_conn *c)
{
	if (!state_in(c->state, SYNCHRONIZED_STATES))
		return;
	if (c->snd_wnd > 0) {
		/* an open window: the timer was holding corked data, which now
		 * goes, pushed (the MSG_MORE hint has expired) */
		c->push_once = true;
		c->more_pending = c->more_written = false;
		tcp_output(c);
		return;
	}
	if (c->persist_probes >= c->stack->cfg.data_retries) {
		give_up(c, SYNACK_R_ZERO_WINDOW_PROBES_UNANSWERED);
		return;
	}
	/* RFC 1122 4.2.2.17 keeps a connection open while its probes are
	 * answered, for the application's sake; once the application has
	 * closed it, nobody waits for it: as many probes as retransmissions
	 * (Linux's orphan retries) */
	if (c->orphan && c->persist_backoff >= c->stack->cfg.data_retries) {
		give_up(c, SYNACK_R_ZERO_WINDOW_PROBES_ORPHANED);
		return;
	}
	c->persist_probes++;
	c->snd_nxt = c->snd_una;
	c->force_one = true;
	tcp_output(c);
	c->force_one = false;
	/* Backs off like the RTO (RFC 6298 5.5), on its own count: the
	 * RTO itself is not backed off by a closed window. */
	if (c->persist_backoff < 31)
		c->persist_backoff++;
	uint64_t delay = c->rto;
	for (uint32_t i = 0; i < c->persist_backoff && delay < c->stack->cfg.max_rto_ns; i++)
		delay *= 2;
	if (delay > c->stack->cfg.max_rto_ns)
		delay = c->stack->cfg.max_rto_ns;
	conn_timer_arm(c, TT_PERSIST, delay);
}

/* RFC 9293 3.8.4 / RFC 1122 4.2.3.6: an ACK-eliciting probe with
 * SEG.SEQ = SND.NXT - 1 after idle time. */
static void keep_timeout(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	if (!c->opt.keepalive || !state_in(c->state, SYNCHRONIZED_STATES) ||
	    c->state == SYNACK_TIME_WAIT)
		return;
	uint64_t idle = s->now - c->last_rcv_time;
	if (c->keep_probes == 0 && idle < c->opt.keep_idle) {
		conn_timer_arm(c, TT_KEEP, c->opt.keep_idle - idle);
		return;
	}
	if (c->keep_probes >= c->opt.keep_cnt) {
		give_up(c, SYNACK_R_KEEPALIVE_PROBES_UNANSWERED);
		return;
	}
	c->keep_probes++;
	STAT_INC(s, tcp_keepalive_probes);
	tcp_emit(c, seq_sub(c->snd_una, 1), TH_ACK, 0, SYNACK_R_KEEPALIVE_PROBE);
	conn_timer_arm(c, TT_KEEP, c->opt.keep_intvl);
}

void tcp_timer_fire(struct tcp_conn *c, enum tcp_timer_kind k)
{
	struct synack_stack *s = c->stack;
	switch (k) {
	case TT_REXMT:
		rexmt_timeout(c);
		break;
	case TT_PERSIST:
		persist_timeout(c);
		break;
	case TT_DELACK:
		if (state_in(c->state, SYNCHRONIZED_STATES)) {
			STAT_INC(s, tcp_delayed_acks);
			if (s->policy->delack_fired)
				s->policy->delack_fired(c);
			tcp_send_ack(c);
		}
		break;
	case TT_KEEP:
		keep_timeout(c);
		break;
	case TT_2MSL:
		if (c->state == SYNACK_TIME_WAIT)
			conn_close(c, 0, SYNACK_R_TIMEOUT_2MSL);
		else if (c->state == SYNACK_FIN_WAIT_2)
			conn_close(c, 0, SYNACK_R_TIMEOUT_FIN_WAIT_2);
		break;
	case TT_TLP:
		tlp_timeout(c);
		break;
	case TT_COUNT:
		break;
	}
}
