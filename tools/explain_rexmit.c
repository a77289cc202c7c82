/* Explanations of retransmissions: the retransmission timer's (RFC 6298,
 * with slow start again, RFC 5681), fast retransmit and recovery (RFC
 * 5681, NewReno RFC 6582), SACK-based loss recovery (RFC 6675) and tail
 * loss probes (RFC 8985).  The engine's reason says which it is. */
#include "explain_int.h"

bool is_recovery_rexmit(synack_reason why)
{
	switch (why) {
	case SYNACK_R_FAST_REXMIT:
	case SYNACK_R_SACK_LOST:
	case SYNACK_R_SACK_HOLE:
	case SYNACK_R_SACK_RESCUE:
	case SYNACK_R_SACK_HOLE_REXMIT:
	case SYNACK_R_LOST_REXMIT:
	case SYNACK_R_PARTIAL_ACK_REXMIT:
		return true;
	default:
		return false;
	}
}

/* Duplicate ACKs from the receiver for `ack` that had reached the sender
 * when row i was sent (RFC 5681: same ack, no data, no SYN/FIN). */
static unsigned dupacks_seen(const struct ctx *c, uint32_t ack)
{
	unsigned run = 0;
	for (unsigned j = c->i; j-- > c->start;) {
		const struct ladder_row *r = row(c, j);
		if (!on_conn(c, r) || r->from != c->rv || !arrived_before(r, c->r) ||
		    !has(r, SYNACK_TH_ACK))
			continue;
		if (r->seg.ack != ack)
			return run ? run - 1 : 0; /* the first of the run acknowledged new data */
		if (!pure_ack(r))
			return run; /* data with that ack came first: all the pure ones are duplicates */
		run++;
	}
	return run ? run - 1 : 0;
}

static const struct text why_rexmit_rto = {
	"The {S}'s retransmission timer expired {dur} after these bytes were last sent, "
	"with no ACK for them: it sends {len} bytes from seq = {seq} again (retransmission "
	"#{n}), doubles the timeout for the next expiry (RFC 6298) and restarts slow start "
	"from one segment (RFC 5681).",
	"{S}的重传计时器在这些字节上次发送 {dur} 后超时，仍未收到对它们的确认：它从 "
	"seq = {seq} 起重传 {len} 字节（第 {n} 次重传），把下一次的超时时间加倍"
	"（RFC 6298），并从一个报文段开始重新慢启动（RFC 5681）。",
};

static const struct text why_rexmit_rto_nodur = {
	"The {S}'s retransmission timer expired with no ACK for these bytes: it sends {len} "
	"bytes from seq = {seq} again, doubles the timeout for the next expiry (RFC 6298) "
	"and restarts slow start from one segment (RFC 5681).",
	"{S}的重传计时器超时，仍未收到对这些字节的确认：它从 seq = {seq} 起重传 {len} 字节，"
	"把下一次的超时时间加倍（RFC 6298），并从一个报文段开始重新慢启动（RFC 5681）。",
};

static const struct text why_rexmit_goback = {
	"After its retransmission timeout the {S} went back to the oldest unacknowledged "
	"byte and sends everything from there again; the ACK that just arrived leaves room "
	"for {len} more bytes, seq = {seq} to {last}.",
	"重传超时之后，{S}回到最早未被确认的字节，从那里起把数据全部重发；刚到达的 ACK "
	"又腾出了空间，于是重传 {len} 字节，序号从 {seq} 到 {last}。",
};

static const struct text why_rexmit_generic = {
	"The {S} sends bytes it has sent before (a retransmission): {len} bytes, seq = {seq} "
	"to {last}.",
	"{S}再次发送之前发送过的数据（重传）：{len} 字节，序号从 {seq} 到 {last}。",
};

static const struct text why_fast_rexmit = {
	"{n} duplicate ACKs asking for seq = {seq} told the {S} that this segment was lost "
	"while later ones arrived: it sends it again at once, without waiting for its timer "
	"(fast retransmit, RFC 5681), and enters fast recovery with its slow-start threshold "
	"set to half the data in flight.",
	"{n} 个请求 seq = {seq} 的重复 ACK 告诉{S}：这个报文段丢失了，而后面的报文段已经到达；"
	"它不等重传计时器超时就立即重传（快速重传，RFC 5681），并进入快速恢复，把慢启动阈值"
	"设为在途数据量的一半。",
};

static const struct text why_fast_rexmit_sack = {
	"After {n} duplicate ACK(s), the {R}'s SACK blocks show more than two segments' worth "
	"of data (or three separate ranges) above seq = {seq}: by RFC 6675 this segment "
	"counts as lost without waiting for a third duplicate ACK. The {S} sends it again at "
	"once and enters loss recovery with its slow-start threshold set to half the data "
	"in flight.",
	"收到 {n} 个重复 ACK 后，{R}的 SACK 块表明 seq = {seq} 之后已收到超过两个报文段的"
	"数据（或三个不相连的区间）：按 RFC 6675，无需等到第三个重复 ACK，这个报文段即被判定"
	"为丢失。{S}立即重传它，并进入丢包恢复，把慢启动阈值设为在途数据量的一半。",
};

static const struct text why_sack_lost = {
	"SACK-based loss recovery (RFC 6675): the {R}'s SACK blocks show that data above "
	"seq = {seq} arrived while this segment did not, so it is deemed lost and the {S} "
	"sends it again as the data in flight (the pipe) allows.",
	"基于 SACK 的丢包恢复（RFC 6675）：{R}的 SACK 块表明 seq = {seq} 之后的数据已经到达"
	"而这个报文段没有，因此判定它已丢失，{S}在在途数据量（pipe）允许时重传它。",
};

static const struct text why_sack_hole = {
	"SACK-based loss recovery (RFC 6675): with no new data to send, the {S} resends a "
	"hole the SACK blocks show has not arrived yet (seq = {seq}), although it is not "
	"yet deemed lost.",
	"基于 SACK 的丢包恢复（RFC 6675）：没有新数据可发，{S}重传一个 SACK 块显示尚未到达"
	"的空缺（seq = {seq}），尽管它还没有被判定为丢失。",
};

static const struct text why_sack_rescue = {
	"SACK-based loss recovery (RFC 6675): one rescue retransmission of the last {len} "
	"outstanding bytes (seq = {seq} to {last}), so that a lost tail does not have to "
	"wait for the retransmission timer.",
	"基于 SACK 的丢包恢复（RFC 6675）：对最后 {len} 个未确认的字节（序号 {seq} 到 "
	"{last}）做一次救援重传，使丢失的尾部不必等到重传计时器超时。",
};

static const struct text why_sack_hole_nr = {
	"In fast recovery, a duplicate or partial ACK lets the {S} resend the next hole "
	"below the highest byte the {R} reported by SACK: seq = {seq}, {len} bytes.",
	"在快速恢复中，重复 ACK 或部分确认使{S}可以重传{R}用 SACK 报告的最高字节之下的"
	"下一个空缺：seq = {seq}，{len} 字节。",
};

static const struct text why_lost_rexmit = {
	"The earlier retransmission of seq = {seq} was itself lost: data sent after it has "
	"since been reported by SACK while it is still missing, so the {S} sends it once "
	"more.",
	"之前对 seq = {seq} 的重传本身也丢失了：在它之后发送的数据已被 SACK 报告收到，"
	"而它仍然缺失，因此{S}再重传一次。",
};

static const struct text why_partial = {
	"The ACK that arrived covers only part of the data outstanding when recovery began "
	"(a partial ACK), so the segment at seq = {seq} is missing too: the {S} sends it "
	"again at once (NewReno, RFC 6582).",
	"到达的 ACK 只确认了进入恢复时在途数据的一部分（部分确认），说明 seq = {seq} 处的"
	"报文段也丢失了：{S}立即重传它（NewReno，RFC 6582）。",
};

/* also a FIN sent again as the probe (explain_close.c) */
const struct text why_tlp = {
	"No ACK came within the probe timeout (about two round-trip times, shorter than the "
	"retransmission timeout): the {S} sends its last segment again (seq = {seq}) as a "
	"tail loss probe (RFC 8985), so that a loss at the tail is found from the ACK it "
	"draws rather than by the retransmission timer.",
	"在探测超时（约两个往返时间，比重传超时短）内没有收到 ACK：{S}把最后一个报文段"
	"（seq = {seq}）再发送一次，作为尾部丢失探测（RFC 8985），使尾部的丢失能通过它引出的 "
	"ACK 发现，而不必等重传计时器。",
};

static const struct text why_tlp_new = {
	"No ACK came within the probe timeout (about two round-trip times, shorter than the "
	"retransmission timeout): the {S} sends one new segment (seq = {seq}, {len} bytes) "
	"as a tail loss probe (RFC 8985); the ACK it draws shows whether the data before it "
	"was lost.",
	"在探测超时（约两个往返时间，比重传超时短）内没有收到 ACK：{S}发送一个新的报文段"
	"（seq = {seq}，{len} 字节）作为尾部丢失探测（RFC 8985）；它引出的 ACK 会表明之前的"
	"数据是否丢失。",
};

/* Whether row i is the sender's first retransmission on a timeout in
 * this connection (the origin of its timeout is said once). */
static bool first_rto_rexmit(const struct ctx *c)
{
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *h = row(c, j);
		if (on_conn(c, h) && h->from == c->s && h->why == SYNACK_R_REXMIT)
			return false;
	}
	return true;
}

const struct text *rexmit_sent(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	uint64_t prev = 0;
	unsigned n = copies(c, &prev);
	switch (r->why) {
	case SYNACK_R_TAIL_LOSS_PROBE:
		return n ? &why_tlp : &why_tlp_new;
	case SYNACK_R_FAST_REXMIT: {
		unsigned d = dupacks_seen(c, r->seg.seq);
		setv(c, V_N, "%u", d);
		return d >= 3 ? &why_fast_rexmit : &why_fast_rexmit_sack;
	}
	case SYNACK_R_SACK_LOST: return &why_sack_lost;
	case SYNACK_R_SACK_HOLE: return &why_sack_hole;
	case SYNACK_R_SACK_RESCUE: return &why_sack_rescue;
	case SYNACK_R_SACK_HOLE_REXMIT: return &why_sack_hole_nr;
	case SYNACK_R_LOST_REXMIT: return &why_lost_rexmit;
	case SYNACK_R_PARTIAL_ACK_REXMIT: return &why_partial;
	case SYNACK_R_REXMIT:
		if (trigger(c) >= 0)
			return &why_rexmit_goback;
		if (!n)
			return &why_rexmit_rto_nodur;
		setv_duration(c, r->sent - prev);
		setv(c, V_N, "%u", n);
		if (first_rto_rexmit(c))
			c->then = timers_rexmit_origin(c);
		return &why_rexmit_rto;
	default: /* an opaque sender's copy */
		return &why_rexmit_generic;
	}
}

bool already_resent(const struct ctx *c, uint32_t seq)
{
	const struct ladder_row *r = c->r;
	for (unsigned j = c->start; j < c->hi; j++) {
		const struct ladder_row *h = row(c, j);
		if (j == c->i || !on_conn(c, h) || h->from != c->rv || h->seg.seq != seq ||
		    !h->seg.len)
			continue;
		if (h->sent > r->arrived || (h->sent == r->arrived && h->sent_order > r->arrived_order))
			break;
		if (is_recovery_rexmit(h->why) && h->why != SYNACK_R_LOST_REXMIT &&
		    h->why != SYNACK_R_PARTIAL_ACK_REXMIT)
			return true;
	}
	return false;
}
