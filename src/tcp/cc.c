/* Congestion control: slow start and congestion avoidance (RFC 5681),
 * limited transmit (RFC 3042), fast retransmit with NewReno recovery
 * (RFC 6582), helped by SACK (RFC 2018) to resend the holes the receiver
 * reports. */
#include "core/stack.h"
#include "tcp/conn.h"

#define CWND_MAX (1u << 30)

void cc_init(struct tcp_conn *c)
{
	/* RFC 6928: IW = min(10*MSS, max(2*MSS, 14600)) for the default 10. */
	uint32_t smss = conn_smss(c);
	uint32_t iw = c->stack->cfg.initial_cwnd * smss;
	if (c->stack->cfg.initial_cwnd == 10) {
		uint32_t cap = 2u * smss > 14600u ? 2u * smss : 14600u;
		if (iw > cap)
			iw = cap;
	}
	c->cwnd = iw;
	c->ssthresh = CWND_MAX; /* "arbitrarily high" (RFC 5681 3.1) */
	c->bytes_acked_ca = 0;
	c->dupacks = 0;
	c->limited_sent = 0;
	c->in_recovery = false;
}

/* RFC 3042: the first two duplicate ACKs each let one more segment of
 * new data out beyond cwnd, to make the third duplicate possible when
 * the window is small. */
uint32_t cc_send_window(const struct tcp_conn *c)
{
	if (c->in_recovery || c->dupacks == 0 || c->dupacks > 2 || !seq_eq(c->snd_nxt, c->snd_max))
		return c->cwnd;
	return c->cwnd + c->dupacks * conn_smss(c);
}

uint32_t cc_flight(const struct tcp_conn *c)
{
	return seq_len(c->snd_una, c->snd_max);
}

/* RFC 5681 (4); what limited transmit sent does not count (3.2 step 2). */
static uint32_t half_flight(const struct tcp_conn *c)
{
	uint32_t flight = cc_flight(c);
	flight -= flight > c->limited_sent ? c->limited_sent : flight;
	uint32_t h = flight / 2;
	return h > 2u * conn_smss(c) ? h : 2u * conn_smss(c);
}

/* With SACK, a hole below the highest SACKed byte is presumed lost:
 * resend the next one not yet resent in this recovery. */
static bool resend_next_hole(struct tcp_conn *c)
{
	if (!c->sack_ok || c->sacked_count == 0)
		return false;
	uint32_t len;
	seq_t from = seq_max(c->snd_una, c->rexmit_high);
	seq_t hole = scoreboard_next_hole(c, from, &len);
	if (!seq_lt(hole, scoreboard_highest(c)))
		return false;
	tcp_retransmit_at(c, hole, "SACK hole retransmission");
	return true;
}

void cc_new_ack(struct tcp_conn *c, seq_t old_una, uint32_t acked)
{
	(void)old_una;
	if (c->in_recovery) {
		if (seq_ge(c->snd_una, c->recover)) {
			/* RFC 6582 3.2 step 3: full acknowledgment */
			uint32_t flight = cc_flight(c);
			uint32_t w = (flight > conn_smss(c) ? flight : conn_smss(c)) + conn_smss(c);
			c->cwnd = w < c->ssthresh ? w : c->ssthresh;
			c->in_recovery = false;
			c->bytes_acked_ca = 0;
			return;
		}
		/* step 4: partial acknowledgment: resend the first unacked
		 * segment (unless already resent), deflate by what was
		 * acknowledged, add back one segment */
		if (seq_ge(c->snd_una, c->rexmit_high))
			tcp_retransmit_at(c, c->snd_una, "partial ACK retransmission");
		else
			resend_next_hole(c);
		c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
		if (acked >= conn_smss(c))
			c->cwnd += conn_smss(c);
		if (c->cwnd < conn_smss(c))
			c->cwnd = conn_smss(c);
		return;
	}
	if (c->cwnd < c->ssthresh) {
		/* slow start, byte counting with L = 1 SMSS (RFC 3465) */
		c->cwnd += acked < conn_smss(c) ? acked : conn_smss(c);
	} else {
		c->bytes_acked_ca += acked;
		if (c->bytes_acked_ca >= c->cwnd) {
			c->bytes_acked_ca -= c->cwnd;
			c->cwnd += conn_smss(c);
		}
	}
	if (c->cwnd > CWND_MAX)
		c->cwnd = CWND_MAX;
}

void cc_dup_ack(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	c->dupacks++;
	if (c->in_recovery) {
		/* RFC 6582 3.2 step 3 of RFC 5681: each further duplicate means a
		 * segment left the network; use it for a hole or new data. */
		if (!resend_next_hole(c))
			c->cwnd += conn_smss(c);
		return;
	}
	if (c->dupacks != 3)
		return;
	/* RFC 6582 3.2 step 2: only if this loss is not from before the last
	 * recovery (the ACK covers more than `recover`). */
	if (!seq_gt(c->snd_una, c->recover))
		return;
	c->ssthresh = half_flight(c);
	c->limited_sent = 0;
	c->recover = c->snd_max;
	c->in_recovery = true;
	conn_timer_cancel(c, TT_TLP); /* no tail loss probes in recovery (RFC 8985 7.2) */
	c->rexmit_high = c->snd_una;
	c->fast_retransmits++;
	STAT_INC(s, tcp_fast_retransmits);
	tcp_retransmit_at(c, c->snd_una, "fast retransmission");
	c->cwnd = c->ssthresh + 3 * conn_smss(c);
}

void cc_timeout(struct tcp_conn *c)
{
	/* RFC 5681 3.1 (4): ssthresh from the flight, cwnd to one segment;
	 * RFC 6582 4: recovery starts again above everything sent. */
	c->limited_sent = 0;
	c->ssthresh = half_flight(c);
	c->cwnd = conn_smss(c);
	c->in_recovery = false;
	c->recover = c->snd_max;
	c->dupacks = 0;
	c->bytes_acked_ca = 0;
}
