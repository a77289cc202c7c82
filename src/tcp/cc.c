/* Congestion control: slow start and congestion avoidance (RFC 5681),
 * limited transmit (RFC 3042), fast retransmit, and loss recovery: by the
 * pipe with SACK (RFC 6675, plus detection of lost retransmissions),
 * NewReno (RFC 6582) without. */
#include <string.h>

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

/* Loss recovery follows RFC 6675 when the peer sends SACK blocks, and
 * NewReno (RFC 6582) when it cannot. */
bool cc_sack_recovery(const struct tcp_conn *c)
{
	return c->in_recovery && c->sack_ok;
}

/* New bytes congestion control lets out beyond SND.NXT: the window from
 * SND.UNA, or in SACK recovery what cwnd leaves above the pipe. */
uint32_t cc_room(const struct tcp_conn *c)
{
	if (cc_sack_recovery(c)) {
		uint32_t pipe = scoreboard_pipe(c);
		return c->cwnd > pipe ? c->cwnd - pipe : 0;
	}
	int32_t room = seq_diff(seq_add(c->snd_una, cc_send_window(c)), c->snd_nxt);
	return room > 0 ? (uint32_t)room : 0;
}

/* RFC 5681 (4); what limited transmit sent does not count (3.2 step 2). */
static uint32_t half_flight(const struct tcp_conn *c)
{
	uint32_t flight = cc_flight(c);
	flight -= flight > c->limited_sent ? c->limited_sent : flight;
	uint32_t h = flight / 2;
	return h > 2u * conn_smss(c) ? h : 2u * conn_smss(c);
}

/* NewReno with SACK blocks it cannot use otherwise (a peer that stopped
 * sending them mid-recovery): resend the next hole below the highest
 * SACKed byte. */
static bool resend_next_hole(struct tcp_conn *c)
{
	if (!c->sack_ok || c->sacked_count == 0)
		return false;
	uint32_t len;
	seq_t from = seq_max(c->snd_una, c->rexmit_high);
	seq_t hole = scoreboard_next_hole(c, from, &len);
	if (!seq_lt(hole, scoreboard_highest(c)))
		return false;
	tcp_retransmit_at(c, hole, SYNACK_R_SACK_HOLE_REXMIT);
	return true;
}

/* Within a window already reduced for an ECE (RFC 3168 6.1.2). */
static bool ecn_reducing(struct tcp_conn *c)
{
	if (c->ecn_reducing && seq_ge(c->snd_una, c->ecn_high))
		c->ecn_reducing = false;
	return c->ecn_reducing;
}

/* RFC 5681 3.2 steps 2-3 (NewReno), RFC 6675 5 step 4 (SACK). */
static void enter_recovery(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	/* one reduction per window of data, whether for ECE or for loss */
	if (!ecn_reducing(c))
		c->ssthresh = half_flight(c);
	c->limited_sent = 0;
	c->recover = c->snd_max;
	c->in_recovery = true;
	c->rescue_sent = false;
	c->nrexmits = 0;
	conn_timer_cancel(c, TT_TLP); /* no tail loss probes in recovery (RFC 8985 7.2) */
	c->rexmit_high = c->snd_una;
	c->fast_retransmits++;
	STAT_INC(s, tcp_fast_retransmits);
	c->ecn_cwr_due = c->ecn_ok; /* RFC 3168 6.1.2: CWR after any reduction */
	c->prr_delivered = 0;
	c->prr_recover_fs = cc_flight(c);
	c->prr_out_base = c->bytes_sent;
	tcp_retransmit_at(c, c->snd_una, SYNACK_R_FAST_REXMIT);
	/* SACK recovery sends by the pipe, so cwnd is not inflated */
	c->cwnd = c->sack_ok ? c->ssthresh : c->ssthresh + 3 * conn_smss(c);
}

/* RFC 6582 3.2 step 2: a loss from before the last recovery (at or
 * below `recover`) does not start another one. */
static bool may_enter_recovery(const struct tcp_conn *c)
{
	return !c->in_recovery && seq_gt(c->snd_una, c->recover);
}

/* RFC 3168 6.1.2: ECE says a router marked our data instead of dropping
 * it.  cwnd and ssthresh fall as for a loss, at most once per window of
 * data and not again inside loss recovery, and nothing is retransmitted;
 * our next new data carries CWR.  Until that CWR has gone, more ECEs
 * echo what we have answered already. */
void cc_ecn_echo(struct tcp_conn *c)
{
	if (c->in_recovery || c->ecn_cwr_due || ecn_reducing(c))
		return;
	c->ssthresh = half_flight(c);
	c->cwnd = c->ssthresh;
	c->bytes_acked_ca = 0;
	c->ecn_reducing = true;
	c->ecn_high = c->snd_max;
	c->ecn_cwr_due = true;
	STAT_INC(c->stack, tcp_ecn_cwnd_reduced);
}

/* RFC 6937 (with its PRR-SSRB bound): in recovery, send in proportion to
 * what the receiver reports delivered, so that by the end of recovery
 * the flight has come down to ssthresh smoothly rather than in one stall
 * and one burst; once the pipe is below ssthresh, grow back toward it by
 * at most a segment more than was delivered. */
void cc_prr_ack(struct tcp_conn *c, uint32_t delivered)
{
	if (!c->stack->cfg.prr || !cc_sack_recovery(c))
		return;
	uint32_t smss = conn_smss(c);
	c->prr_delivered += delivered;
	uint64_t prr_out = c->bytes_sent - c->prr_out_base;
	uint32_t pipe = scoreboard_pipe(c);
	int64_t sndcnt;
	if (pipe > c->ssthresh) {
		uint64_t fs = c->prr_recover_fs ? c->prr_recover_fs : 1;
		uint64_t due = ((uint64_t)c->prr_delivered * c->ssthresh + fs - 1) / fs;
		sndcnt = (int64_t)due - (int64_t)prr_out;
	} else {
		int64_t ahead = (int64_t)c->prr_delivered - (int64_t)prr_out;
		int64_t limit = (ahead > (int64_t)delivered ? ahead : (int64_t)delivered) + smss;
		int64_t room = (int64_t)c->ssthresh - (int64_t)pipe;
		sndcnt = room < limit ? room : limit;
	}
	if (sndcnt < 0)
		sndcnt = 0;
	if (sndcnt > (int64_t)c->ssthresh)
		sndcnt = c->ssthresh; /* never more than a window at once */
	uint64_t cwnd = (uint64_t)pipe + (uint64_t)sndcnt;
	c->cwnd = cwnd < CWND_MAX ? (uint32_t)cwnd : CWND_MAX;
}

void cc_new_ack(struct tcp_conn *c, seq_t old_una, uint32_t acked)
{
	(void)old_una;
	(void)ecn_reducing(c); /* ends the reduced window as SND.UNA passes it */
	/* RFC 3168 6.1.2: an ECE ACK does not grow the window */
	bool grow = !(c->ecn_ok && c->ack_has_ece);
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
		if (c->sack_ok)
			return; /* RFC 6675: the pipe decides what goes next */
		/* step 4: partial acknowledgment: resend the first unacked
		 * segment (unless already resent), deflate by what was
		 * acknowledged, add back one segment */
		if (seq_ge(c->snd_una, c->rexmit_high))
			tcp_retransmit_at(c, c->snd_una, SYNACK_R_PARTIAL_ACK_REXMIT);
		else
			resend_next_hole(c);
		c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
		if (acked >= conn_smss(c))
			c->cwnd += conn_smss(c);
		if (c->cwnd < conn_smss(c))
			c->cwnd = conn_smss(c);
		return;
	}
	if (!grow) {
	} else if (c->cwnd < c->ssthresh) {
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
	c->dupacks++;
	if (c->in_recovery) {
		if (c->sack_ok)
			return; /* the pipe shrank by what the SACK blocks report */
		/* RFC 5681 3.2 step 4: each further duplicate means a segment
		 * left the network; use it for a hole or new data. */
		if (!resend_next_hole(c))
			c->cwnd += conn_smss(c);
		return;
	}
	if (c->dupacks == TCP_DUPTHRESH && may_enter_recovery(c))
		enter_recovery(c);
}

/* A retransmission in SACK recovery is watched: once data we sent after
 * it is SACKed while it is still missing, it was lost too. */
void cc_note_retransmit(struct tcp_conn *c, seq_t seq)
{
	if (!cc_sack_recovery(c))
		return;
	uint8_t i = 0;
	while (i < c->nrexmits && !seq_eq(c->rexmits[i].seq, seq))
		i++;
	if (i == RECOVERY_REXMITS) {
		/* full: forget the oldest */
		memmove(&c->rexmits[0], &c->rexmits[1], sizeof c->rexmits[0] * (RECOVERY_REXMITS - 1));
		i = RECOVERY_REXMITS - 1;
	} else if (i == c->nrexmits) {
		c->nrexmits++;
	}
	c->rexmits[i].seq = seq;
	c->rexmits[i].sent_max = c->snd_max;
}

static void lost_retransmissions(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	seq_t highest = scoreboard_highest(c);
	uint8_t kept = 0;
	for (uint8_t i = 0; i < c->nrexmits; i++) {
		seq_t seq = c->rexmits[i].seq;
		if (seq_lt(seq, c->snd_una) || scoreboard_sacked(c, seq))
			continue; /* arrived */
		c->rexmits[kept++] = c->rexmits[i];
	}
	c->nrexmits = kept;
	for (uint8_t i = 0; i < c->nrexmits; i++) {
		if (!seq_gt(highest, c->rexmits[i].sent_max))
			continue;
		STAT_INC(s, tcp_lost_retransmits);
		tcp_retransmit_at(c, c->rexmits[i].seq, SYNACK_R_LOST_REXMIT);
	}
}

/* After the ACK of a segment carrying SACK blocks: RFC 6675 5 starts
 * recovery as soon as IsLost(HighACK + 1), before three duplicates; in
 * recovery, resend retransmissions that were lost as well. */
void cc_sack_arrived(struct tcp_conn *c)
{
	if (cc_sack_recovery(c)) {
		lost_retransmissions(c);
		return;
	}
	if (c->sack_ok && may_enter_recovery(c) && seq_gt(scoreboard_lost_below(c), c->snd_una))
		enter_recovery(c);
}

/* RFC 6675 NextSeg(), one segment per call; false when nothing may go. */
bool cc_recovery_send_one(struct tcp_conn *c)
{
	if (cc_room(c) < conn_smss(c))
		return false;
	uint32_t len;
	seq_t from = seq_max(c->snd_una, c->rexmit_high);
	seq_t hole = scoreboard_next_hole(c, from, &len);
	/* (1) the first hole above HighRxt presumed lost */
	if (seq_lt(hole, scoreboard_lost_below(c)) && seq_lt(hole, c->snd_max)) {
		tcp_retransmit_at(c, hole, SYNACK_R_SACK_LOST);
		return true;
	}
	/* (2) new data */
	if (tcp_output_one(c))
		return true;
	/* (3) a hole above HighRxt not yet presumed lost */
	if (seq_lt(hole, scoreboard_highest(c))) {
		tcp_retransmit_at(c, hole, SYNACK_R_SACK_HOLE);
		return true;
	}
	/* (4) rescue: once, the highest outstanding unSACKed segment, so a
	 * lost tail is not left to the RTO */
	if (!c->rescue_sent && seq_lt(scoreboard_highest(c), c->snd_max)) {
		uint32_t tail = seq_len(seq_max(scoreboard_highest(c), c->snd_una), c->snd_max);
		uint32_t seg = tail < conn_smss(c) ? tail : conn_smss(c);
		seq_t high_rxt = c->rexmit_high; /* not moved by a rescue */
		c->rescue_sent = true;
		tcp_retransmit_at(c, seq_sub(c->snd_max, seg), SYNACK_R_SACK_RESCUE);
		c->rexmit_high = high_rxt;
		return true;
	}
	return false;
}

void cc_timeout(struct tcp_conn *c)
{
	/* RFC 5681 3.1 (4): ssthresh from the flight, cwnd to one segment;
	 * RFC 6582 4: recovery starts again above everything sent. */
	c->limited_sent = 0;
	c->ssthresh = half_flight(c);
	c->cwnd = conn_smss(c);
	c->in_recovery = false;
	c->nrexmits = 0;
	c->recover = c->snd_max;
	c->dupacks = 0;
	c->bytes_acked_ca = 0;
	c->ecn_cwr_due = c->ecn_ok; /* RFC 3168 6.1.2: CWR after any reduction */
}
