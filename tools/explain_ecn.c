/* Explanations of ECN signals (RFC 3168): the ECN-setup SYN and SYN,ACK,
 * a CE mark on the way, ECE echoing it, CWR answering it.  A sentence
 * added after the rest of the row's. */
#include "explain_int.h"

static bool arrived_ce(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_SENT && r->arrived != UINT64_MAX && r->ecn_sent &&
	       r->ecn_arrived == 3;
}

static const struct text ecn_syn = {
	"ECE and CWR together make this an ECN-setup SYN: the {S} asks to use Explicit "
	"Congestion Notification (RFC 3168), so that a congested router can mark its "
	"packets instead of dropping them.",
	"ECE 与 CWR 同时置位，表示这是一个 ECN 协商 SYN：{S}请求使用显式拥塞通知（ECN，"
	"RFC 3168），这样拥塞的路由器可以给它的分组打标记，而不必丢弃它们。",
};

static const struct text ecn_synack = {
	"ECE without CWR on the SYN,ACK accepts ECN: from now on both sides send new data "
	"as ECN-capable, ECT(0) in the IP header (never SYNs, pure ACKs or "
	"retransmissions).",
	"SYN,ACK 上只置 ECE、不置 CWR，表示同意使用 ECN：此后双方发送的新数据都在 IP 头的 ECN "
	"字段标记为 ECT(0)（SYN、纯 ACK 和重传不标）。",
};

static const struct text ecn_ce = {
	"It left as ECT(0) and arrives as CE (Congestion Experienced): a router on the "
	"way, its queue filling up, marked it instead of dropping it. The data is intact; "
	"the {R} must tell the {S}: it sets ECE on its ACKs from now on (RFC 3168 6.1.3); "
	"like Linux, it sends the first one at once instead of delaying it.",
	"它发出时标为 ECT(0)，到达时变成 CE（遇到拥塞）：途中一台队列渐满的路由器给它打"
	"了标记，而没有丢弃它。数据完好无损；{R}必须通知{S}：从此在 ACK 上置 ECE（RFC 3168 "
	"6.1.3）；它像 Linux 一样立即发出第一个这样的 ACK，而不是延迟发送。",
};

static const struct text ecn_ece_first = {
	"ECE echoes the CE mark to the {R}, which answers as it would a loss, but without "
	"retransmitting anything: unless it has reduced its congestion window for this "
	"window of data already, it halves it, and sets CWR on its next new data segment.",
	"ECE 把 CE 标记回显给{R}，{R}像对待丢包一样作出反应，但不重传任何数据：除非它已经为这一"
	"窗口的数据减小过拥塞窗口，否则把拥塞窗口减半，并在下一个新数据段上置 CWR。",
};

static const struct text ecn_ece_again = {
	"ECE again: the {S} repeats it on every ACK until a segment with CWR arrives; the "
	"{R} has answered this congestion signal already and does not reduce its congestion "
	"window again, nor grow it on this ACK.",
	"再次置 ECE：{S}在每个 ACK 上重复它，直到收到带 CWR 的报文段；{R}已经对这次拥塞信号"
	"作出反应，不会再次减小拥塞窗口，也不因这个 ACK 增大它。",
};

static const struct text ecn_cwr = {
	"CWR (Congestion Window Reduced): the {S}'s first new data segment since it last "
	"reduced its congestion window (for an ECE, or for a loss); a receiver that is "
	"echoing ECE stops on seeing it.",
	"CWR（拥塞窗口已减小）：这是{S}上次减小拥塞窗口（因 ECE 或因丢包）之后发出的第一个新数据"
	"段；正在回显 ECE 的接收方收到它后便停止发送 ECE。",
};

const struct text *ecn_text(const struct ctx *c)
{
	const struct ladder_row *r = c->r;
	if (bare_syn(r))
		return has(r, SYNACK_TH_ECE) && has(r, SYNACK_TH_CWR) ? &ecn_syn : NULL;
	if (is_synack(r))
		return has(r, SYNACK_TH_ECE) && !has(r, SYNACK_TH_CWR) ? &ecn_synack : NULL;
	if (arrived_ce(r))
		return &ecn_ce;
	if (lost(r)) /* what it would have said never reached anyone */
		return NULL;
	if (has(r, SYNACK_TH_CWR) && r->seg.len)
		return &ecn_cwr;
	if (!has(r, SYNACK_TH_ECE))
		return NULL;
	/* the first ECE since the mark it echoes reached this side */
	for (unsigned j = c->i; j-- > c->lo;) {
		const struct ladder_row *h = row(c, j);
		if (!is_seg(h) || !on_conn(c, h))
			continue;
		if (h->from == r->from && has(h, SYNACK_TH_ECE) && !has(h, SYNACK_TH_SYN))
			return &ecn_ece_again;
		if (h->from != r->from && arrived_ce(h))
			break;
	}
	return &ecn_ece_first;
}
