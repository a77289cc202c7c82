/* Explanations of the handshake (RFC 9293 3.5): the SYN, the SYN,ACK and
 * the third segment, SYN cookies (RFC 4987), simultaneous open and old
 * duplicate SYNs; what the receiver checks, and what a loss leads to. */
#include "explain_int.h"

#include <inttypes.h>

/* Whether `side` sent a segment matching pred since the incarnation began. */
static bool side_sent_since(const struct ctx *c, int side, bool (*pred)(const struct ladder_row *))
{
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == side && pred(r))
			return true;
	}
	return false;
}

/* -------------------------------------------------------------- the SYN */

static const struct text why_syn = {
	"The {S} opens the connection (active open): SYN with seq = {seq} (x, its initial "
	"sequence number, chosen unpredictably for each connection; absolute {seqabs}); "
	"options: {opts}. It is now SYN-SENT; the SYN takes up one sequence number.",
	"{S}主动打开连接：发送 SYN，seq = {seq}（x，即初始序号 ISN，每个连接都不可预测地选取；"
	"绝对值为 {seqabs}）；选项：{opts}。它进入 SYN-SENT 状态，这个 SYN 占用一个序号。",
};

static const struct text why_syn_new = {
	"The {S} starts a new connection attempt on the same ports, with a new initial "
	"sequence number: SYN with seq = {seq} (x, absolute {seqabs}); options: {opts}. "
	"It is SYN-SENT.",
	"{S}在相同的端口上发起一次新的连接尝试，并使用新的初始序号：发送 SYN，seq = {seq}"
	"（x，绝对值为 {seqabs}）；选项：{opts}。它处于 SYN-SENT 状态。",
};

static const struct text why_syn_norole = {
	"The {S} sends a SYN to open the connection: seq = {seq} (its initial sequence "
	"number, absolute {seqabs}); options: {opts}. It is now SYN-SENT.",
	"{S}发送 SYN 以打开连接：seq = {seq}（它的初始序号，绝对值为 {seqabs}）；"
	"选项：{opts}。它进入 SYN-SENT 状态。",
};

static const struct text why_syn_old = {
	"An old duplicate SYN: a SYN from an earlier attempt on the same ports, delayed in "
	"the network, arrives now. Its sequence number, absolute {seqabs}, was that "
	"attempt's ISN, so the ladder counts that attempt's numbers from it (seq = {seq}); "
	"each attempt has its own count. The {S}'s stack did not send it now "
	"(the scenario injects it) and holds no connection it belongs to.",
	"一个旧的重复 SYN：同一对端口上一次较早尝试发出的 SYN，在网络中滞留后现在才到达。它的"
	"序号（绝对值 {seqabs}）是那次尝试的 ISN，因此图中那次尝试的序号都从它起算"
	"（seq = {seq}）；每次尝试各自计数。{S}的协议栈此刻并没有发送它"
	"（由场景注入），也没有它所属的连接。",
};

static const struct text why_syn_rexmit = {
	"No SYN,ACK reached the {S} within {dur}: its retransmission timer expired, so it "
	"sends the same SYN again (seq = {seq}, the same ISN), retransmission #{n}. The "
	"timeout doubles after each try; when the SYN retries run out, the connect fails "
	"with a timeout.",
	"{S}在 {dur}内没有收到 SYN,ACK：重传计时器超时，于是再次发送同一个 SYN（seq = {seq}，"
	"ISN 不变），这是第 {n} 次重传。每重传一次，超时时间加倍；SYN 重传次数用完后，"
	"连接请求以超时失败。",
};

const struct text *handshake_syn(struct ctx *c)
{
	if (c->r->injected)
		return &why_syn_old;
	uint64_t prev = 0;
	unsigned n = copies(c, &prev);
	if (n) {
		setv_duration(c, c->r->sent - prev);
		setv(c, V_N, "%u", n);
		if (n == 1)
			c->then = timers_rto_origin(c);
		return &why_syn_rexmit;
	}
	if (c->simul)
		return &why_syn_norole;
	/* an earlier attempt of this side on the same ports, with another ISN */
	for (unsigned j = c->lo; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == c->s && own_syn(r) && r->seg.seq != c->r->seg.seq)
			return &why_syn_new;
	}
	return &why_syn;
}

/* ---------------------------------------------------------- the SYN,ACK */

static const struct text why_synack = {
	"The {S} answers the {R}'s SYN with a SYN of its own plus an ACK: seq = {seq} (y, "
	"its initial sequence number; absolute {seqabs}) and ack = {ack} (x+1: the {R}'s "
	"SYN took up one sequence number); options: {opts}. It is in SYN-RECEIVED. Window "
	"scale, timestamps and SACK are used only if both SYNs carry them; the MSS is not "
	"negotiated: each side announces the largest segment it will accept, and the other "
	"keeps its segments within it (RFC 9293 3.7.1).",
	"{S}用自己的 SYN 加上 ACK 回应{R}的 SYN：seq = {seq}（y，即它的初始序号；绝对值为 {seqab"
	"s}），ack = {ack}（x+1：{R}的 SYN 占用了一个序号）；选项：{opts}。它处于 SYN-RECEIVED 状态"
	"。窗口扩大、时间戳和 SACK 只有在双方的 SYN 都携带时才会启用；MSS 则不是协商出来"
	"的：每一方各自声明自己能接受的最大报文段，对方发送的报文段不超过它即可（RFC"
	" 9293 3.7.1）。",
};

static const struct text why_synack_oldsyn = {
	"The {S} answers the SYN it has just received with SYN,ACK: seq = {seq} (y, its ISN; "
	"absolute {seqabs}) and ack = {ackboth}, that SYN's sequence number + 1; it is in "
	"SYN-RECEIVED. That SYN, however, was the old one, not the {R}'s current attempt, so "
	"the ladder counts this ack from the old SYN's ISN ({isnack}): the {R}'s current "
	"attempt waits for ack = 1, absolute {want}.",
	"{S}用 SYN,ACK 回应刚收到的 SYN：seq = {seq}（y，它的 ISN；绝对值为 {seqabs}），"
	"ack = {ackboth}，即那个 SYN 的序号加 1；它处于 SYN-RECEIVED 状态。但那个 SYN 是旧的，"
	"并不属于{R}当前的连接尝试，因此图中这个 ack 从旧 SYN 的 ISN（{isnack}）起算：{R}当前"
	"的尝试等待的是 ack = 1，绝对值为 {want}。",
};

static const struct text why_synack_cookie = {
	"The {S}'s queue of half-open connections is full, so it answers with a SYN cookie "
	"(RFC 4987): its sequence number (seq = {seq}, y = {seqabs}) is computed from the "
	"addresses and ports, a coarse clock and a secret (and, as on Linux, the {R}'s "
	"ISN), with the MSS encoded in it, and ack = {ack} (x+1). The {S} keeps no state "
	"for this half-open connection, so it cannot send this SYN,ACK again.",
	"{S}的半连接队列已满，因此用 SYN cookie 应答（RFC 4987）：它的序号（seq = {seq}，y = {seq"
	"abs}）由地址和端口、一个粗粒度时钟和一个密钥（与 Linux 一样，还有{R}的 ISN）算出"
	"，其中还编码了 MSS；ack = {ack}（x+1）。{S}不为这个半连接保存任何状态，因此也无法"
	"重发这个 SYN,ACK。",
};

static const struct text why_synack_rexmit = {
	"No ACK of its SYN,ACK reached the {S} within {dur}: still in SYN-RECEIVED, it "
	"sends the same SYN,ACK again (seq = {seq}, ack = {ack}), retransmission #{n}, "
	"with the timeout doubling each time; when its SYN,ACK retries run out it drops the "
	"half-open connection.",
	"{S}在 {dur}内没有收到对其 SYN,ACK 的确认：它仍处于 SYN-RECEIVED，再次发送同样的 "
	"SYN,ACK（seq = {seq}，ack = {ack}），这是第 {n} 次重传，超时时间每次加倍；"
	"SYN,ACK 重传次数用完后，它将丢弃这个半连接。",
};

static const struct text why_synack_dupsyn = {
	"The {R}'s SYN arrived again, so the {S}'s SYN,ACK was probably lost: still in "
	"SYN-RECEIVED, the {S} answers at once with the same SYN,ACK (seq = {seq}, ack = "
	"{ack}), as Linux and the BSDs do.",
	"{R}的 SYN 又到达了，说明{S}的 SYN,ACK 很可能已经丢失：{S}仍处于 SYN-RECEIVED，像 Linux 和"
	" BSD 一样立即再次发送同样的 SYN,ACK（seq = {seq}，ack = {ack}）。",
};

static const struct text why_synack_simul = {
	"The {R}'s SYN crossed the {S}'s own (simultaneous open): the {S} went SYN-SENT -> "
	"SYN-RECEIVED and sends SYN,ACK, repeating its SYN with the same ISN (seq = {seq}) "
	"and acknowledging the {R}'s SYN (ack = {ack}).",
	"{R}的 SYN 与{S}自己的 SYN 在途中交错（同时打开）：{S}由 SYN-SENT 进入 SYN-RECEIVED，"
	"发送 SYN,ACK，用相同的 ISN 重复自己的 SYN（seq = {seq}），并确认{R}的 SYN"
	"（ack = {ack}）。",
};

const struct text *handshake_synack(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	if (r->why == SYNACK_R_SYNACK_COOKIE)
		return &why_synack_cookie;
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	uint64_t prev = 0;
	unsigned n = copies(c, &prev);
	if (n) {
		if (tr && bare_syn(tr))
			return &why_synack_dupsyn;
		setv_duration(c, r->sent - prev);
		setv(c, V_N, "%u", n);
		if (n == 1)
			c->then = timers_rto_origin(c);
		return &why_synack_rexmit;
	}
	if (side_sent_since(c, c->s, bare_syn))
		return &why_synack_simul;
	/* it answers an earlier attempt than the peer's newest */
	if (r->ack_old_attempt) {
		setv(c, V_ISNACK, "%" PRIu32, r->isn_ack);
		return &why_synack_oldsyn;
	}
	return &why_synack;
}

/* ---------------------------------------------------- the third segment */

static const struct text why_third_ack = {
	"The {S} completes the three-way handshake with an ACK (no SYN flag): seq = {seq} "
	"(x+1), ack = {ack} (y+1), acknowledging the {R}'s SYN. The {S} has been "
	"ESTABLISHED since the SYN,ACK arrived.",
	"{S}用一个 ACK（不带 SYN 标志）完成三次握手：seq = {seq}（x+1），ack = {ack}（y+1），"
	"确认{R}的 SYN。{S}在收到 SYN,ACK 时就已进入 ESTABLISHED。",
};

static const struct text why_third_data = {
	"The first segment the {S} sends after the SYN,ACK carries data: as the third "
	"segment of the handshake it acknowledges the {R}'s SYN (ack = {ack}, y+1; no SYN "
	"flag), and it brings {len} bytes starting at seq = {seq} (x+1).",
	"{S}收到 SYN,ACK 后发送的第一个报文段就携带了数据：它作为三次握手的第三个报文段确认{R}"
	"的 SYN（ack = {ack}，即 y+1；不带 SYN 标志），同时带来从 seq = {seq}（x+1）开始的 "
	"{len} 字节数据。",
};

static bool non_syn_ack(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_ACK) && !has(r, SYNACK_TH_SYN | SYNACK_TH_RST);
}

bool is_handshake_ack(const struct ctx *c)
{
	return c->s == c->client && !c->simul && side_sent_since(c, c->rv, is_synack) &&
	       !side_sent_since(c, c->s, non_syn_ack);
}

/* The row is the third segment (is_handshake_ack), with or without data. */
const struct text *handshake_third(const struct ctx *c, enum kind *k)
{
	if (c->r->seg.len) {
		*k = K_THIRD_DATA;
		return &why_third_data;
	}
	*k = K_THIRD;
	return &why_third_ack;
}

/* --------------------------------------------------------- the receiver */

static const struct text recv_syn_listen = {
	"The {R}, in LISTEN, accepts the SYN and records x: LISTEN -> SYN-RECEIVED, and it "
	"answers with SYN,ACK.",
	"处于 LISTEN 的{R}接受这个 SYN 并记下 x：由 LISTEN 进入 SYN-RECEIVED，并回应 SYN,ACK。",
};

static const struct text recv_syn_old = {
	"The {R}, in LISTEN, cannot tell an old SYN from a new one: it goes LISTEN -> "
	"SYN-RECEIVED and answers with SYN,ACK. Only the {S}'s answer to that SYN,ACK "
	"can show that the SYN is stale.",
	"处于 LISTEN 的{R}无法区分旧的 SYN 和新的 SYN：它由 LISTEN 进入 SYN-RECEIVED，"
	"并回应 SYN,ACK。只有{S}对这个 SYN,ACK 的回应才能表明这个 SYN 已经过时。",
};

static const struct text recv_syn_opaque = {
	"If the {R} listens on port {dport} it answers with SYN,ACK (LISTEN -> "
	"SYN-RECEIVED); if nothing listens there it answers with RST.",
	"如果{R}在端口 {dport} 上监听，它会回应 SYN,ACK（LISTEN -> SYN-RECEIVED）；"
	"如果那里没有监听者，它会回应 RST。",
};

static const struct text recv_syn_cookie = {
	"The {R}'s listener takes the SYN without creating any connection entry (its SYN "
	"queue is full): it answers with a SYN cookie.",
	"{R}的监听套接字接收了这个 SYN，但没有创建任何连接表项（SYN 队列已满）："
	"它用 SYN cookie 应答。",
};

static const struct text recv_syn_simul = {
	"The {R} has sent its own SYN and is in SYN-SENT: a SYN arriving there means "
	"simultaneous open, so it goes SYN-SENT -> SYN-RECEIVED and answers with SYN,ACK.",
	"{R}已经发出自己的 SYN，处于 SYN-SENT：此时收到 SYN 意味着同时打开，于是它由 "
	"SYN-SENT 进入 SYN-RECEIVED，并回应 SYN,ACK。",
};

static const struct text recv_syn_again = {
	"The {R}, in SYN-RECEIVED, gets a copy of the SYN it already holds (same ISN, "
	"below the next sequence number it expects). RFC 9293's sequence check alone would "
	"answer with a bare ACK; like Linux and the BSDs, it sends its SYN,ACK again "
	"instead: the repeated SYN means its first SYN,ACK was probably lost.",
	"处于 SYN-RECEIVED 的{R}收到它已经记下的那个 SYN 的副本（ISN 相同，低于它期望的下一个"
	"序号）。若只按 RFC 9293 的序号检查，它只会回复一个单纯的 ACK；它像 Linux 和 BSD 一样"
	"改为再次发送 SYN,ACK：重复的 SYN 说明它的第一个 SYN,ACK 很可能丢失了。",
};

static const struct text recv_syn_tw_reuse = {
	"The {R} was in TIME-WAIT for the previous connection on these ports; the new "
	"SYN's timestamp (RFC 6191) or sequence number (RFC 9293 3.6.1, a MAY) shows it is "
	"no old duplicate, so TIME-WAIT ends and the listener takes it: SYN-RECEIVED.",
	"{R}在这组端口上的上一个连接仍处于 TIME-WAIT；新 SYN 的时间戳（RFC 6191）或序号（RFC "
	"9293 3.6.1，可选做法）表明它不是旧的重复报文段，因此 TIME-WAIT 结束，由监听套接字"
	"接受它：进入 SYN-RECEIVED。",
};

static const struct text recv_synack = {
	"The {R}, in SYN-SENT, checks the acknowledgement first: ack = {ack} must be its "
	"ISN + 1 (x+1), the only acceptable value since only its SYN is outstanding. It "
	"then records y, goes SYN-SENT -> ESTABLISHED and answers with an ACK.",
	"处于 SYN-SENT 的{R}首先检查确认号：ack = {ack} 必须等于它的 ISN 加 1（x+1），因为只有它"
	"的 SYN 尚未被确认，这是唯一可接受的值。随后它记下 y，由 SYN-SENT 进入 ESTABLISHED，并"
	"回复一个 ACK。",
};

static const struct text recv_synack_simul = {
	"The {R}, in SYN-RECEIVED, checks that the ACK acknowledges its SYN (ack = {ack}) "
	"and goes SYN-RECEIVED -> ESTABLISHED.",
	"处于 SYN-RECEIVED 的{R}检查这个 ACK 确认了它的 SYN（ack = {ack}），然后由 "
	"SYN-RECEIVED 进入 ESTABLISHED。",
};

static const struct text recv_third_ack = {
	"The {R} checks that ack = {ack} acknowledges its SYN (y+1) and goes SYN-RECEIVED -> "
	"ESTABLISHED; the new connection waits in the listener's accept queue.",
	"{R}检查 ack = {ack} 确认了它的 SYN（y+1），然后由 SYN-RECEIVED 进入 ESTABLISHED；"
	"新连接进入监听套接字的已完成连接队列，等待 accept。",
};

static const struct text recv_third_ack_again = {
	"The {R} is already ESTABLISHED (an earlier copy of this ACK got there first): "
	"this one brings nothing new and changes nothing.",
	"{R}已经处于 ESTABLISHED（这个 ACK 的一个较早副本先到了）：这一个没有带来新东西，也"
	"不改变什么。",
};

static const struct text recv_third_cookie = {
	"The {R} kept nothing for this connection: it checks the cookie in ack - 1 (y) and, "
	"finding it valid, creates the connection only now, directly ESTABLISHED.",
	"{R}没有为这个连接保存任何状态：它检查 ack - 1（即 y）中的 cookie，确认有效后才创建"
	"连接，直接进入 ESTABLISHED。",
};

static const struct text recv_third_data = {
	"The {R} checks that ack = {ack} acknowledges its SYN (y+1): SYN-RECEIVED -> "
	"ESTABLISHED, and it accepts the {len} bytes the segment carries.",
	"{R}检查 ack = {ack} 确认了它的 SYN（y+1）：由 SYN-RECEIVED 进入 ESTABLISHED，"
	"并接受该报文段携带的 {len} 字节数据。",
};

/* data (explain_data.c) that completes the handshake */
const struct text recv_handshake_by_data = {
	"The {R} was still in SYN-RECEIVED (the ACK completing the handshake never reached "
	"it): this segment's ACK of its SYN completes the handshake, SYN-RECEIVED -> "
	"ESTABLISHED, and its data is accepted.",
	"{R}仍处于 SYN-RECEIVED（完成握手的 ACK 没有到达）：这个报文段对其 SYN 的确认完成了"
	"握手，{R}由 SYN-RECEIVED 进入 ESTABLISHED，并接受其中的数据。",
};

const struct text *handshake_accepted(struct ctx *c, enum kind k, const struct receiver *rx)
{
	const struct ladder_row *r = c->r;
	switch (k) {
	case K_SYN:
		if (rx->opaque)
			return &recv_syn_opaque;
		if (!r->receiver_known || rx->after == SYNACK_LISTEN) /* the listener alone */
			return &recv_syn_cookie;
		if (rx->after != SYNACK_SYN_RECEIVED)
			return NULL;
		if (rx->before == SYNACK_SYN_SENT)
			return &recv_syn_simul;
		if (rx->before == SYNACK_TIME_WAIT)
			return &recv_syn_tw_reuse;
		if (rx->before == SYNACK_SYN_RECEIVED)
			return &recv_syn_again;
		return r->injected ? &recv_syn_old : &recv_syn_listen;
	case K_SYNACK:
		if (rx->known && rx->after == SYNACK_ESTABLISHED && rx->before == SYNACK_SYN_RECEIVED)
			return &recv_synack_simul;
		if (rx->opaque || rx->after == SYNACK_ESTABLISHED)
			return &recv_synack;
		return NULL;
	case K_THIRD:
	case K_THIRD_DATA:
		if (c->cookie)
			return &recv_third_cookie;
		if (rx->known && rx->before == SYNACK_ESTABLISHED && k == K_THIRD)
			return &recv_third_ack_again;
		if (rx->opaque || rx->after == SYNACK_ESTABLISHED)
			return k == K_THIRD ? &recv_third_ack : &recv_third_data;
		return NULL;
	default:
		return NULL;
	}
}

/* ---------------------------------------------- what the receiver drops */

static const struct text recv_syn_data = {
	"The {R} accepts the SYN (LISTEN -> SYN-RECEIVED) but not the data on it: its "
	"SYN,ACK acknowledges only the SYN, and the {S} will send the data again once the "
	"connection is established. RFC 9293 allows a receiver to keep such data for after "
	"the handshake; this stack, like Linux without TCP Fast Open, drops it.",
	"{R}接受这个 SYN（LISTEN -> SYN-RECEIVED），但不接受其上携带的数据：它的 SYN,ACK 只确认 "
	"SYN，{S}会在连接建立后重发这些数据。RFC 9293 允许接收方把这些数据留到握手完成后"
	"再交付；本协议栈与不启用 TCP Fast Open 的 Linux 一样丢弃它们。",
};

static const struct text recv_syn_back_to_listen = {
	"The {R}, in SYN-RECEIVED from a passive open, gets a SYN with another ISN inside "
	"its window: it drops that half-open connection and returns to LISTEN (RFC 9293 "
	"3.10.7.4); a retransmission of this SYN will then be accepted afresh.",
	"处于 SYN-RECEIVED（由被动打开而来）的{R}收到一个 ISN 不同、且落在其窗口内的 SYN：它"
	"丢弃那个半连接并回到 LISTEN（RFC 9293 3.10.7.4）；这个 SYN 的重传随后会被重新接受。",
};

static const struct text recv_syn_challenge = {
	"The {R} is in a synchronized state: a SYN here could be forged or old, so it "
	"answers with a challenge ACK (RFC 5961) instead of resetting the connection.",
	"{R}处于已同步状态：此时到达的 SYN 可能是伪造的或旧的，因此它回复挑战 ACK"
	"（RFC 5961），而不是复位连接。",
};

static const struct text recv_syn_queue_full = {
	"The {R}'s queues are full: it drops the SYN without an answer, and the {S} will "
	"retransmit it.",
	"{R}的队列已满：它丢弃这个 SYN 且不作应答，{S}会重传它。",
};

static const struct text recv_synack_dup = {
	"The {R} is already ESTABLISHED, so this SYN,ACK is a duplicate (its earlier ACK was "
	"lost or is late): it discards it and sends its ACK again.",
	"{R}已处于 ESTABLISHED，因此这个 SYN,ACK 是重复的（它先前的 ACK 丢失了或尚在途中）："
	"它丢弃该报文段并再次发送 ACK。",
};

static const struct text recv_synack_dup_estab = {
	"The {R} is already ESTABLISHED and has this SYN,ACK: its seq = {seq} (y) is below "
	"the next sequence number it expects (y+1), so the segment is not acceptable (RFC "
	"9293 3.10.7.4 checks the sequence number first); the {S} sent this copy before it "
	"had the {R}'s ACK of the first. The {R} does not act on it and answers with an "
	"ACK carrying its current numbers: the third segment of the handshake again.",
	"{R}已处于 ESTABLISHED，并且已经收到过这个 SYN,ACK：它的 seq = {seq}（y）小于{R}期望的下"
	"一个序号（y+1），所以这个报文段不可接受（RFC 9293 3.10.7.4 首先检查序号）；{S}发出"
	"这个副本时还没有收到{R}对第一个 SYN,ACK 的 ACK。{R}不据此采取行动，而是回复一个带"
	"有当前序号的 ACK：也就是再发一次握手的第三个报文段。",
};

static const struct text recv_synack_stale = {
	"The {R}, in SYN-SENT, checks the ACK first: only absolute {want}, its current ISN + "
	"1, would acknowledge its SYN, and this one is {ackabs} (ack = {ack} of an older "
	"attempt). So the SYN,ACK answers an older SYN. The {R} does not ignore it: it "
	"answers with a RST whose seq is that ack number (RFC 9293 3.10.7.3) and stays in "
	"SYN-SENT.",
	"处于 SYN-SENT 的{R}首先检查 ACK：只有绝对值 {want}（它当前的 ISN 加 1）才确认它的 "
	"SYN，而这个 ACK 是 {ackabs}（较早那次尝试的 ack = {ack}）。所以这个 SYN,ACK 回应的"
	"是一个更早的 SYN。{R}不会忽略它，而是回复一个以该 ack 号为 seq 的 RST"
	"（RFC 9293 3.10.7.3），并停留在 SYN-SENT。",
};

static const struct text recv_acceptq_full = {
	"The {R}'s accept queue is full: it ignores the ACK and stays in SYN-RECEIVED; its "
	"SYN,ACK retransmission will ask again.",
	"{R}的已完成连接队列已满：它忽略这个 ACK，停留在 SYN-RECEIVED；它的 SYN,ACK 重传会"
	"再次请求确认。",
};

static const struct text recv_bad_ack_synrcvd = {
	"The {R}, in SYN-RECEIVED, finds that the ACK does not acknowledge its SYN,ACK: it "
	"answers with a RST and stays in SYN-RECEIVED.",
	"处于 SYN-RECEIVED 的{R}发现这个 ACK 没有确认它的 SYN,ACK：它回复 RST，并停留在 "
	"SYN-RECEIVED。",
};

static const struct text recv_ack_listener = {
	"The {R}'s listener has no half-open connection (nor a valid SYN cookie) for this "
	"ACK: it answers with a RST.",
	"{R}的监听套接字没有与这个 ACK 对应的半连接（也没有有效的 SYN cookie）：它回复 RST。",
};

const struct text *handshake_dropped(const struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	switch (r->drop_reason) {
	case SYNACK_R_DROP_DUPLICATE: /* a SYN,ACK again (only those come here) */
		if (k == K_SYNACK && r->rel_seq_known && r->rel_seq == 0)
			return &recv_synack_dup_estab;
		return &recv_synack_dup;
	case SYNACK_R_DROP_OUT_OF_WINDOW:
		return &recv_synack_dup;
	case SYNACK_R_DROP_BAD_ACK_SYN_SENT: return &recv_synack_stale;
	case SYNACK_R_DROP_BAD_ACK_SYN_RECEIVED: return &recv_bad_ack_synrcvd;
	case SYNACK_R_DROP_SYN_IN_SYN_RECEIVED: return &recv_syn_back_to_listen;
	case SYNACK_R_DROP_SYN_CHALLENGE:
		return &recv_syn_challenge;
	case SYNACK_R_DROP_ACK_TO_LISTENER: return &recv_ack_listener;
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_SYN:
	case SYNACK_R_DROP_SYN_QUEUE_FULL:
		return &recv_syn_queue_full;
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_ACK:
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_COOKIE:
		return &recv_acceptq_full;
	case SYNACK_R_DROP_SYN_DATA:
	case SYNACK_R_DROP_SYN_DATA_RESENT:
		return &recv_syn_data;
	default:
		return NULL;
	}
}

/* --------------------------------------------------------------- losses */

static const struct text lost_syn = {
	"The SYN is lost: the {R} never sees it, and the {S}, hearing nothing, will send it "
	"again when its retransmission timer expires (the timeout doubles each time).",
	"这个 SYN 丢失了：{R}根本没有收到，{S}收不到任何应答，将在重传计时器超时后重发它"
	"（超时时间每次加倍）。",
};

static const struct text lost_synack = {
	"The SYN,ACK is lost: the {R} stays in SYN-SENT and the {S} in SYN-RECEIVED, and "
	"each side's retransmission timer makes it resend its own segment (the {R} its "
	"SYN, the {S} its SYN,ACK); when the {R}'s retransmitted SYN arrives, the {S} also "
	"answers it at once.",
	"这个 SYN,ACK 丢失了：{R}停留在 SYN-SENT，{S}停留在 SYN-RECEIVED；双方各自的重传计时器会"
	"让它们重发自己的报文段（{R}重发 SYN，{S}重发 SYN,ACK）；{S}收到再次到来的 SYN 时也会"
	"立即再回应一次。",
};

static const struct text lost_third = {
	"The ACK is lost. The {S} does not know and stays ESTABLISHED; the {R} stays in "
	"SYN-RECEIVED and will retransmit its SYN,ACK, and any later segment from the {S} "
	"carries the same acknowledgement and completes the handshake as well.",
	"这个 ACK 丢失了。{S}并不知道，仍处于 ESTABLISHED；{R}停留在 SYN-RECEIVED，将重传它的 "
	"SYN,ACK，而{S}之后发出的任何报文段都带有同样的确认，也能完成握手。",
};

const struct text *handshake_lost(enum kind k)
{
	switch (k) {
	case K_SYN: return &lost_syn;
	case K_SYNACK: return &lost_synack;
	case K_THIRD: return &lost_third;
	default: return NULL;
	}
}
