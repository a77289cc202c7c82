/* The linux personality: Linux's defaults (the sysctls tcp_rmem,
 * tcp_wmem, tcp_ecn_fallback), its receive-side ACK policy, and where its
 * TSO/GSO super-segments put PSH, as seen on the wire. */
#include "core/stack.h"
#include "tcp/conn.h"
#include "tcp/policy.h"

#define MSEC 1000000ull

static void linux_settings(synack_settings *s)
{
	s->recv_buffer = 131072;
	s->send_buffer = 16384;
	s->wscale_buffer = 6291456;
	s->tail_loss_probe = true;
	s->ecn_syn_retries = 0; /* tcp_ecn_fallback */
}

/* ------------------------------------------------------------ ACKs */

/* tcp_event_data_recv, __tcp_ack_snd_check: the first data of a
 * connection opens a quick-ACK phase (every segment ACKed at once, up to
 * 16), unless the exchange is interactive ("pingpong": we answered data
 * within the delayed-ACK time); otherwise more than one full frame
 * unacknowledged is ACKed at once.  The frame size is learnt from what
 * arrives, starting at 536. */
static bool linux_ack_now(struct tcp_conn *c, uint32_t len)
{
	struct linux_conn_state *lx = &c->pol.lx;
	if (!lx->seen_data) {
		lx->seen_data = true;
		lx->rcv_mss = 536;
	}
	if (len >= lx->rcv_mss)
		lx->rcv_mss = len < c->rcv_mss ? len : c->rcv_mss;
	if (!lx->quick_started) {
		lx->quick_started = true;
		uint32_t q = tcp_rcv_window(c) / (2 * lx->rcv_mss);
		lx->quick = (uint8_t)(q < 2 ? 2 : q > 16 ? 16 : q);
	}
	lx->last_data = c->stack->now;
	uint32_t unacked = seq_len(c->last_ack_sent, c->rcv_nxt);
	return unacked > lx->rcv_mss || (lx->quick && !lx->pingpong);
}

/* Linux leaves pingpong when the delayed-ACK timer fires. */
static void linux_delack_fired(struct tcp_conn *c) { c->pol.lx.pingpong = false; }

/* Every ACK of new data spends a quick ACK; data sent within the
 * delayed-ACK time of data received is a reply, and makes the exchange
 * interactive. */
static void linux_segment_sent(struct tcp_conn *c, uint8_t flags, uint32_t len)
{
	struct linux_conn_state *lx = &c->pol.lx;
	if (!lx->seen_data)
		return;
	if ((flags & TH_ACK) && seq_lt(c->last_ack_sent, c->rcv_nxt) && lx->quick)
		lx->quick--;
	if (len && c->stack->now - lx->last_data < c->stack->cfg.delayed_ack_ns)
		lx->pingpong = true;
}

/* ------------------------------------------------------------- PSH */

/* Linux hands its device super-segments (TSO/GSO) of up to this many
 * segments: about a millisecond at its pacing rate (200 % of cwnd per RTT
 * in slow start, 120 % after), at least two, at most 64 KiB
 * (tcp_tso_autosize, as before Linux 5.18 added an RTT term). */
static uint32_t tso_segs(const struct tcp_conn *c)
{
	uint32_t mss = conn_smss(c);
	uint64_t bytes = 65536; /* no pacing rate before an RTT sample */
	if (c->has_rtt && c->srtt) {
		uint64_t percent = c->cwnd < c->ssthresh / 2 ? 200 : 120;
		uint64_t per_sec = (uint64_t)c->cwnd * percent * 10000000ull / c->srtt;
		bytes = per_sec >> 10;
		if (bytes > 65536)
			bytes = 65536;
	}
	uint32_t segs = (uint32_t)(bytes / mss);
	return segs < 2 ? 2 : segs;
}

/* Whether the segment about to go ends a super-segment: it is full, or
 * nothing of the same kind follows in this pass.  A short tail is a
 * segment of its own unless Nagle is off (tcp_mss_split_point). */
static bool chunk_ends(struct tcp_conn *c, uint32_t next)
{
	if (++c->pol.lx.chunk >= tso_segs(c))
		return true;
	if (next == 0)
		return true;
	return next < tcp_seg_max(c) && !c->opt.nodelay;
}

/* Where our new data carried PSH, so that a retransmission ending there
 * carries it again and one ending elsewhere does not: Linux resends its
 * buffers with the flags of their first transmission (and splits them at
 * SACK edges, the PSH staying with the tail). */
static void note_psh(struct linux_conn_state *lx, seq_t end)
{
	if (lx->psh_count == LX_PSH_ENDS) {
		/* full: below what is remembered, the end-of-write rule */
		lx->psh_forgot = lx->psh_end[lx->psh_first];
		lx->psh_overflow = true;
		lx->psh_first = (uint8_t)((lx->psh_first + 1) % LX_PSH_ENDS);
		lx->psh_count--;
	}
	lx->psh_end[(lx->psh_first + lx->psh_count++) % LX_PSH_ENDS] = end;
}

/* Linux forces PSH on every super-segment of more than one segment, to
 * flush the receiver's GRO; on the wire that is the last segment of each
 * (__tcp_transmit_skb). */
static bool linux_new_data_psh(struct tcp_conn *c, seq_t end, uint32_t next, bool psh)
{
	struct linux_conn_state *lx = &c->pol.lx;
	if (chunk_ends(c, next)) {
		if (lx->chunk >= 2)
			psh = true;
		lx->chunk = 0;
	}
	if (psh)
		note_psh(lx, end);
	return psh;
}

static bool linux_rexmit_psh(struct tcp_conn *c, seq_t end, seq_t data_end)
{
	struct linux_conn_state *lx = &c->pol.lx;
	while (lx->psh_count && seq_le(lx->psh_end[lx->psh_first], c->snd_una)) {
		lx->psh_first = (uint8_t)((lx->psh_first + 1) % LX_PSH_ENDS);
		lx->psh_count--;
	}
	if (lx->psh_overflow && seq_le(lx->psh_forgot, c->snd_una))
		lx->psh_overflow = false;
	if (lx->psh_overflow && seq_le(end, lx->psh_forgot))
		return seq_eq(end, data_end);
	for (uint8_t i = 0; i < lx->psh_count; i++)
		if (seq_eq(lx->psh_end[(lx->psh_first + i) % LX_PSH_ENDS], end))
			return true;
	return false;
}

static void linux_pass_begins(struct tcp_conn *c) { c->pol.lx.chunk = 0; }

const struct tcp_policy tcp_policy_linux = {
	.id = SYNACK_PERSONALITY_LINUX,
	.name = "linux",
	.settings = linux_settings,
	.layout = TCP_LAYOUT_LINUX,
	/* tcp_validate_incoming: a SYN out of window goes to syn_challenge */
	.syn_before_sequence = true,
	.ack_now = linux_ack_now,
	.delack_fired = linux_delack_fired,
	.segment_sent = linux_segment_sent,
	.pass_begins = linux_pass_begins,
	.new_data_psh = linux_new_data_psh,
	.rexmit_psh = linux_rexmit_psh,
	/* two ticks of timer slack, TCP_TIMEOUT_MIN at HZ=1000 */
	.tlp_slack_ns = 2 * MSEC,
};
