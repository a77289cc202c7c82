/* Explanations of the close (RFC 9293 3.6): FINs, the ACKs of FINs and
 * TIME-WAIT, and of resets (RFC 9293 3.10.7, RFC 5961, RFC 1337); what
 * the receiver checks, and what a loss leads to. */
#include "explain_int.h"

#include <inttypes.h>

/* Whether `side` acknowledged the other side's FIN in a row before i. */
static bool fin_acked_by(const struct ctx *c, int side)
{
	int other = 1 - side;
	if (!c->have_fin[other])
		return false;
	for (unsigned j = c->fin_row[other]; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == side && has(r, SYNACK_TH_ACK) &&
		    !has(r, SYNACK_TH_RST) && sge(r->seg.ack, c->fin[other] + 1))
			return true;
	}
	return false;
}

/* ----------------------------------------------------------------- FINs */

static const struct text why_fin_active = {
	"The {S}'s application is done sending, so it sends FIN with seq = {fin} (u) and "
	"ack = {ack}; the FIN takes up one sequence number. {sprev} -> {st}: the {S} will "
	"send no more data. If its application only shut down writing, it still takes what "
	"the {R} sends until the {R}'s FIN arrives (half-close); after a full close, data "
	"that still arrives is answered with RST (RFC 9293 3.6.1).",
	"{S}的应用程序不再发送数据，于是发送 FIN，seq = {fin}（u），ack = {ack}；FIN 占用一个序"
	"号。{S}由 {sprev} 进入 {st}：它不会再发送数据。如果它的应用程序只是关闭了写方向，"
	"它仍会接收{R}发来的数据，直到{R}的 FIN 到达（半关闭）；如果是完全关闭，之后到达"
	"的数据会被回以 RST（RFC 9293 3.6.1）。",
};

static const struct text why_fin_shutdown = {
	"The {S}'s application shut down writing (shutdown), so it sends FIN with seq = "
	"{fin} (u) and ack = {ack}; the FIN takes up one sequence number. {sprev} -> {st}: "
	"the {S} will send no more data, but it still takes what the {R} sends until the "
	"{R}'s FIN arrives (half-close).",
	"{S}的应用程序关闭了写方向（shutdown），于是发送 FIN，seq = {fin}（u），ack = {ack}；FIN "
	"占用一个序号。{S}由 {sprev} 进入 {st}：它不会再发送数据，但在{R}的 FIN 到达之前，仍"
	"会接收{R}发来的数据（半关闭）。",
};

static const struct text why_fin_close = {
	"The {S}'s application closed the socket, so it sends FIN with seq = {fin} (u) and "
	"ack = {ack}; the FIN takes up one sequence number. {sprev} -> {st}: the {S} will "
	"send no more data; it still acknowledges what the {R} sends and takes the {R}'s "
	"FIN, but data arriving now has nobody to read it and would be answered with RST "
	"(RFC 9293 3.6.1).",
	"{S}的应用程序关闭了套接字，于是发送 FIN，seq = {fin}（u），ack = {ack}；FIN 占用一个序"
	"号。{S}由 {sprev} 进入 {st}：它不会再发送数据；它仍会确认{R}发来的报文段并接收{R}的"
	" FIN，但此后到达的数据已无人读取，会被回以 RST（RFC 9293 3.6.1）。",
};

static const struct text why_data_fin = {
	"The {S} sends its last {len} bytes (seq = {seq} to {last}) with FIN: the FIN has "
	"seq = {fin} (u), takes up one sequence number and says the {S} will send no more; "
	"{sprev} -> {st}. What the {R} still sends is taken only if the {S}'s application "
	"shut down writing rather than closing (half-close).",
	"{S}发送最后的 {len} 字节数据（序号 {seq} 到 {last}）并带上 FIN：FIN 的序号为 {fin}（u）"
	"，占用一个序号，表示{S}不再发送数据；{S}由 {sprev} 进入 {st}。只有当{S}的应用程序只"
	"是关闭了写方向（而不是关闭套接字）时，{R}之后发来的数据才会被接收（半关闭）"
	"。",
};

static const struct text why_fin_passive = {
	"Now the {S}'s application closes too: FIN with seq = {fin} (w, its next sequence "
	"number) and ack = {ack} (u+1, as in its ACK before); {sprev} -> {st}, waiting for "
	"this FIN to be acknowledged.",
	"现在{S}的应用程序也关闭了：发送 FIN，seq = {fin}（w，即它的下一个序号），"
	"ack = {ack}（u+1，与之前的 ACK 相同）；{S}由 {sprev} 进入 {st}，等待对这个 FIN 的确认。",
};

static const struct text why_fin_passive_data = {
	"Now the {S}'s application closes too: its last {len} bytes (seq = {seq} to {last}) "
	"go with the FIN, whose sequence number is {fin} (w, the number right after the "
	"data), and ack = {ack} (u+1, as in its ACK before); {sprev} -> {st}, waiting for "
	"this FIN to be acknowledged.",
	"现在{S}的应用程序也关闭了：最后的 {len} 字节数据（序号 {seq} 到 {last}）与 FIN "
	"一起发送，FIN 的序号为 {fin}（w，紧跟在数据之后），ack = {ack}（u+1，与之前的 ACK "
	"相同）；{S}由 {sprev} 进入 {st}，等待对这个 FIN 的确认。",
};

static const struct text why_fin_passive_3seg = {
	"The {S} closed before it had acknowledged the {R}'s FIN by itself, so that ACK "
	"rides on the {S}'s own FIN: seq = {fin} (w), ack = {ack} (u+1), and the close takes "
	"three segments instead of four; {sprev} -> {st}.",
	"{S}在单独确认{R}的 FIN 之前就关闭了，因此这个确认搭载在{S}自己的 FIN 上："
	"seq = {fin}（w），ack = {ack}（u+1），连接释放只用三个报文段而不是四个；"
	"{S}由 {sprev} 进入 {st}。",
};

static const struct text why_fin_simul = {
	"The {S} closes before the {R}'s FIN has reached it (simultaneous close): FIN with "
	"seq = {fin}, ack = {ack}; {sprev} -> {st}.",
	"{R}的 FIN 还没有到达，{S}也关闭了（同时关闭）：发送 FIN，seq = {fin}，ack = {ack}；"
	"{S}由 {sprev} 进入 {st}。",
};

static const struct text why_fin_rexmit = {
	"No ACK of the {S}'s FIN arrived within {dur}: still in {st}, it sends the FIN "
	"again (seq = {fin}), retransmission #{n}, with the timeout doubling each time.",
	"{S}在 {dur}内没有收到对其 FIN 的确认：它仍处于 {st}，再次发送 FIN（seq = {fin}），"
	"这是第 {n} 次重传，超时时间每次加倍。",
};

static const struct text why_fin_rexmit_data = {
	"No ACK of the {S}'s last {len} bytes and FIN arrived within {dur}: still in {st}, "
	"it sends them again (seq = {seq}, FIN at {fin}), retransmission #{n}, with the "
	"timeout doubling each time.",
	"{S}在 {dur}内没有收到对其最后 {len} 字节数据和 FIN 的确认：它仍处于 {st}，再次发送"
	"它们（seq = {seq}，FIN 的序号为 {fin}），这是第 {n} 次重传，超时时间每次加倍。",
};

static const struct text why_fin_again = {
	"The {S}'s FIN (seq = {fin}) is not acknowledged yet, so, as FreeBSD does, it sets "
	"the FIN flag again on this ACK (ack = {ack}).",
	"{S}的 FIN（seq = {fin}）尚未被确认，因此它像 FreeBSD 那样在这个 ACK（ack = {ack}）"
	"上再次设置 FIN 标志。",
};

const struct text *close_fin(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	switch (r->why) {
	case SYNACK_R_ACK_FIN_AGAIN: return &why_fin_again;
	case SYNACK_R_TAIL_LOSS_PROBE: return &why_tlp;
	default: break;
	}
	uint64_t prev = 0;
	/* the same FIN sent before: a retransmission */
	unsigned n = 0;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *h = row(c, j);
		if (on_conn(c, h) && h->from == c->s && has(h, SYNACK_TH_FIN) &&
		    !has(h, SYNACK_TH_RST) && h->seg.seq + h->seg.len == g->seq + g->len) {
			n++;
			prev = h->sent;
		}
	}
	if (n) {
		setv_duration(c, r->sent - prev);
		setv(c, V_N, "%u", n);
		if (!c->var[V_ST][0])
			setv(c, V_ST, "%s", "FIN-WAIT-1");
		return g->len ? &why_fin_rexmit_data : &why_fin_rexmit;
	}
	int o = c->rv;
	if (c->have_fin[o]) {
		if (!c->var[V_SPREV][0])
			setv(c, V_SPREV, "%s", "CLOSE-WAIT");
		if (!c->var[V_ST][0])
			setv(c, V_ST, "%s", "LAST-ACK");
		if (sge(g->ack, c->fin[o] + 1)) {
			/* a passive close: the FIN it got first put it in CLOSE-WAIT */
			setv(c, V_SPREV, "%s", "CLOSE-WAIT");
			if (!fin_acked_by(c, c->s))
				return &why_fin_passive_3seg;
			return g->len ? &why_fin_passive_data : &why_fin_passive;
		}
		if (!ladder_side_opaque(c->l, c->s))
			setv(c, V_ST, "%s", synack_state_name(r->sender_state));
		else
			setv(c, V_ST, "%s", "FIN-WAIT-1");
		return &why_fin_simul;
	}
	if (!c->var[V_SPREV][0])
		setv(c, V_SPREV, "%s", "ESTABLISHED");
	if (!c->var[V_ST][0])
		setv(c, V_ST, "%s", "FIN-WAIT-1");
	if (g->len)
		return &why_data_fin;
	/* what the application called says whether it still reads */
	if (r->app_call == SYNACK_R_CALL_SHUTDOWN_WR)
		return &why_fin_shutdown;
	if (r->app_call == SYNACK_R_CALL_CLOSE)
		return &why_fin_close;
	return &why_fin_active;
}

/* ----------------------------------------------------- the ACK of a FIN */

static const struct text why_ack_fin_passive = {
	"The {S} acknowledges the {R}'s FIN at once: ack = {ack} (u+1, since the FIN took up "
	"one sequence number), while its own seq = {seq} is just its next sequence number, "
	"not u+1. It stays in CLOSE-WAIT: its own FIN waits until its application closes.",
	"{S}立即确认{R}的 FIN：ack = {ack}（u+1，因为 FIN 占用一个序号），而它自己的 "
	"seq = {seq} 只是它的下一个序号，并不是 u+1。它停留在 CLOSE-WAIT：自己的 FIN 要等"
	"应用程序关闭后才发送。",
};

static const struct text why_final_ack = {
	"The {S} acknowledges the {R}'s FIN: ack = {ack} (w+1), seq = {seq} (u+1). It is now "
	"in TIME-WAIT, where it stays for 2×MSL ({tw}) before it forgets the connection.",
	"{S}确认{R}的 FIN：ack = {ack}（w+1），seq = {seq}（u+1）。它现在处于 TIME-WAIT，"
	"要在其中停留 2×MSL（{tw}）后才释放这个连接。",
};

static const struct text why_ack_fin_closing = {
	"The {S} acknowledges the {R}'s FIN (ack = {ack}); its own FIN is not acknowledged "
	"yet, so it is in CLOSING rather than TIME-WAIT.",
	"{S}确认{R}的 FIN（ack = {ack}）；它自己的 FIN 还没有被确认，所以处于 CLOSING 而不是 "
	"TIME-WAIT。",
};

static const struct text why_ack_fin_tw = {
	"The {S} acknowledges the {R}'s FIN (ack = {ack}, one past the FIN); its own FIN "
	"has been acknowledged already, so it is in TIME-WAIT, for 2×MSL.",
	"{S}确认{R}的 FIN（ack = {ack}，即 FIN 的序号加 1）；它自己的 FIN 已被确认，因此处于 "
	"TIME-WAIT，停留 2×MSL。",
};

static const struct text why_reack_tw = {
	"The {S} is still in TIME-WAIT, so it can acknowledge the retransmitted FIN again "
	"(ack = {ack}) and restart its 2×MSL timer. This is why TIME-WAIT exists: had the "
	"{S} already forgotten the connection, the FIN would be answered with a RST, and the "
	"{R} would never get the ACK it needs to close cleanly.",
	"{S}仍处于 TIME-WAIT，所以能再次确认重传的 FIN（ack = {ack}），并重新启动 2×MSL "
	"计时器。这正是 TIME-WAIT 存在的原因：如果{S}已经忘掉了这个连接，这个 FIN 只会换来"
	"一个 RST，{R}就永远得不到正常关闭所需的 ACK。",
};

/* A pure ACK of the receiver's FIN. */
const struct text *close_fin_ack(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	int o = c->rv;
	bool again = fin_acked_by(c, c->s);
	synack_state st = r->sender_state;
	bool simul_close = c->have_fin[c->s] && c->fin_row[c->s] < c->fin_row[o] &&
			   !sge(row(c, c->fin_row[o])->seg.ack, c->fin[c->s] + 1);
	if (ladder_side_opaque(c->l, c->s)) /* what RFC 9293 has it in */
		st = !c->have_fin[c->s] ? SYNACK_CLOSE_WAIT
		     : simul_close     ? SYNACK_CLOSING
				       : SYNACK_TIME_WAIT;
	if (st == SYNACK_TIME_WAIT && again && tr && has(tr, SYNACK_TH_FIN))
		return &why_reack_tw;
	if (again)
		return tr && tr->receiver_dropped ? &why_reack_dup : &why_ack_pure;
	if (st == SYNACK_CLOSE_WAIT)
		return &why_ack_fin_passive;
	if (st == SYNACK_CLOSING)
		return &why_ack_fin_closing;
	if (st == SYNACK_TIME_WAIT) {
		/* how long: ours from the settings, a real host's as Linux's */
		if (c->settings && !ladder_side_opaque(c->l, c->s))
			setv_time(c, V_TW, 2 * c->settings->msl_ns);
		else
			setv(c, V_TW, "%s", zh(c) ? "Linux 上为 60 秒" : "60 s on Linux");
		return simul_close ? &why_ack_fin_tw : &why_final_ack;
	}
	return &why_ack_pure;
}

/* --------------------------------------------------------------- resets */

static const struct text why_rst_closed_port = {
	"Nothing listens on port {sport} at the {S}, so it answers the SYN with RST,ACK: "
	"seq = {seqabs} and ack = {ack} (the SYN's sequence number + 1), so that the {R} can "
	"tell the RST answers its own SYN (RFC 9293 3.10.7.1).",
	"{S}的端口 {sport} 上没有监听者，因此用 RST,ACK 回应这个 SYN：seq = {seqabs}，"
	"ack = {ack}（即 SYN 的序号加 1），使{R}能确认这个 RST 是针对它自己的 SYN 的"
	"（RFC 9293 3.10.7.1）。",
};

static const struct text why_rst_synack_noconn = {
	"The {S} has no connection attempt matching this SYN,ACK (it has given the attempt "
	"up, or never made it): it does not ignore it but answers with a RST whose "
	"seq = {seqabs} is the SYN,ACK's ack number, so the {R} can drop its half-open "
	"connection.",
	"{S}没有与这个 SYN,ACK 对应的连接尝试（已经放弃，或者根本没有发起过）：它不会忽略，"
	"而是回复一个 RST，其 seq = {seqabs} 就是该 SYN,ACK 的 ack 号，使{R}能够丢弃它的"
	"半连接。",
};

static const struct text why_rst_stale = {
	"The SYN,ACK that arrived acknowledges absolute {trigack}, not the {S}'s current "
	"SYN: it answers an older SYN. The {S} does not ignore it: it answers with a RST "
	"whose seq is that ack number, seq = {seqboth}, counted like the SYN,ACK's ack from "
	"the older SYN; it stays in SYN-SENT, waiting for the right SYN,ACK.",
	"到达的 SYN,ACK 确认的是绝对值 {trigack}，而不是{S}当前的 SYN：它回应的是一个更早的 "
	"SYN。{S}不会忽略它，而是回复一个 RST，其 seq 就是那个 ack 号：seq = {seqboth}，"
	"与 SYN,ACK 的 ack 一样从那个更早的 SYN 起算；{S}停留在 SYN-SENT，等待正确的 SYN,ACK。",
};

static const struct text why_rst_forgotten = {
	"The {S} no longer has this connection: the third segment of the handshake never "
	"reached it, and it dropped the half-open connection when its SYN,ACK retries ran "
	"out. So it answers with a RST whose seq = {seqboth} is the segment's ack number (RFC "
	"9293 3.10.7.1).",
	"{S}已经没有这个连接了：握手的第三个报文段一直没有到达，它在 SYN,ACK 重传次数用完后"
	"丢弃了这个半连接。因此它回复一个 RST，其 seq = {seqboth} 即该报文段的 ack 号"
	"（RFC 9293 3.10.7.1）。",
};

static const struct text why_rst_noconn_seq = {
	"The {S} has no connection for this segment's addresses and ports, so it answers "
	"with a RST whose seq = {seqboth} is the segment's ack number (RFC 9293 3.10.7.1).",
	"{S}没有与该报文段的地址和端口对应的连接，因此回复一个 RST，其 seq = {seqboth} 即"
	"该报文段的 ack 号（RFC 9293 3.10.7.1）。",
};

static const struct text why_rst_noconn_ack = {
	"The {S} has no connection for this segment's addresses and ports, so it answers "
	"with RST,ACK: seq = {seqabs} and ack = {ackabs}, the segment's sequence number plus "
	"its length (RFC 9293 3.10.7.1).",
	"{S}没有与该报文段的地址和端口对应的连接，因此回复 RST,ACK：seq = {seqabs}，"
	"ack = {ackabs}，即该报文段的序号加上它的长度（RFC 9293 3.10.7.1）。",
};

static const struct text why_rst_bad_ack = {
	"The ACK that arrived does not acknowledge the {S}'s SYN,ACK, so the {S}, in "
	"SYN-RECEIVED, answers with a RST whose seq = {seqboth} is that ack number (RFC 9293 "
	"3.10.7.4).",
	"到达的 ACK 没有确认{S}的 SYN,ACK，因此处于 SYN-RECEIVED 的{S}回复一个 RST，其 "
	"seq = {seqboth} 即那个 ack 号（RFC 9293 3.10.7.4）。",
};

static const struct text why_rst_listener = {
	"An ACK reached the {S}'s listening socket without a matching half-open connection "
	"(or a valid SYN cookie): it answers with a RST whose seq = {seqboth} is the ACK's "
	"acknowledgement number (RFC 9293 3.10.7.2).",
	"一个 ACK 到达了{S}的监听套接字，却没有对应的半连接（也没有有效的 SYN cookie）："
	"它回复一个 RST，其 seq = {seqboth} 即该 ACK 的确认号（RFC 9293 3.10.7.2）。",
};

static const struct text why_rst_data_after_close = {
	"The {S}'s application has already closed the socket, so nobody can read the data "
	"that arrived: the {S} aborts with a RST instead of acknowledging it (RFC 9293 "
	"3.6.1 and RFC 1122 4.2.2.13: SHOULD; Linux does so).",
	"{S}的应用程序已经关闭了套接字，到达的数据无人读取：{S}不确认这些数据，而是用"
	" RST 中止连接（RFC 9293 3.6.1 和 RFC 1122 4.2.2.13：SHOULD；Linux 也这样做）。",
};

static const struct text why_rst_abort = {
	"The {S} aborts the connection with a RST (seq = {seq}): its application closed it "
	"with unread data or with linger 0, or aborted it, or the retransmissions ran out. "
	"There is no orderly close and no TIME-WAIT.",
	"{S}用 RST（seq = {seq}）中止连接：应用程序在仍有未读数据或 linger 为 0 时关闭了它，"
	"或者主动中止了它，或者重传次数已经用完。这样既没有正常的关闭过程，也没有 TIME-WAIT。",
};

static const struct text why_rst_generic = {
	"The {S} sends a RST (seq = {seq}) to reset the connection.",
	"{S}发送 RST（seq = {seq}）复位连接。",
};

/* Whether `side` gave up a connection whose SYN,ACK went unanswered,
 * before row i and after the incarnation began (a timer's note). */
static bool synack_given_up_since(const struct ctx *c, int side)
{
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (r->note && r->from == side &&
		    (r->note_reason == SYNACK_R_SYNACK_RETRIES_EXHAUSTED ||
		     r->note_reason == SYNACK_R_HALF_OPEN_DROPPED))
			return true;
	}
	return false;
}

const struct text *close_rst(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	if (tr) {
		setv(c, V_TRIGSEQ, "%" PRIu32, tr->seg.seq);
		setv(c, V_TRIGACK, "%" PRIu32, tr->seg.ack);
	}
	switch (r->why) {
	case SYNACK_R_RST_BAD_ACK_SYN: return &why_rst_stale;
	case SYNACK_R_RST_BAD_ACK_SYNACK: return &why_rst_bad_ack;
	case SYNACK_R_RST_ACK_TO_LISTENER: return &why_rst_listener;
	case SYNACK_R_RST_DATA_AFTER_CLOSE: return &why_rst_data_after_close;
	case SYNACK_R_RST_ABORT: return &why_rst_abort;
	case SYNACK_R_RST_NO_CONN: break;
	case SYNACK_R_NONE: /* an opaque sender: no connection if none took the trigger */
		if (tr && !tr->receiver_known)
			break;
		return &why_rst_generic;
	default:
		return &why_rst_generic;
	}
	if (tr && bare_syn(tr) && has(r, SYNACK_TH_ACK))
		return &why_rst_closed_port;
	if (tr && is_synack(tr))
		return &why_rst_synack_noconn;
	if (synack_given_up_since(c, c->s)) {
		c->forgotten = true;
		return &why_rst_forgotten;
	}
	return has(r, SYNACK_TH_ACK) ? &why_rst_noconn_ack : &why_rst_noconn_seq;
}

/* --------------------------------------------------------- the receiver */

static const struct text recv_ack_fin_fw1 = {
	"The {R} sees its FIN acknowledged: FIN-WAIT-1 -> FIN-WAIT-2. It now waits for the "
	"{S}'s FIN, still receiving any data the {S} sends.",
	"{R}看到自己的 FIN 已被确认：由 FIN-WAIT-1 进入 FIN-WAIT-2。它现在等待{S}的 FIN，"
	"其间仍接收{S}发来的数据。",
};

static const struct text recv_ack_fin_lastack = {
	"The {R} sees its FIN acknowledged: LAST-ACK -> CLOSED, and it frees the "
	"connection; only the {S} keeps TIME-WAIT.",
	"{R}看到自己的 FIN 已被确认：由 LAST-ACK 进入 CLOSED，并释放连接；只有{S}保留 "
	"TIME-WAIT。",
};

static const struct text recv_ack_fin_closing = {
	"The {R}, in CLOSING, sees its FIN acknowledged: CLOSING -> TIME-WAIT, for 2×MSL.",
	"处于 CLOSING 的{R}看到自己的 FIN 已被确认：由 CLOSING 进入 TIME-WAIT，停留 2×MSL。",
};

static const struct text recv_fin_estab = {
	"The {R} takes the FIN (its application will read end-of-stream): {rprev} -> "
	"CLOSE-WAIT. It acknowledges the FIN with ack = {next} (u+1), while its own FIN waits "
	"until its application closes.",
	"{R}接收这个 FIN（其应用程序将读到数据流结束）：由 {rprev} 进入 CLOSE-WAIT。它用 "
	"ack = {next}（u+1）确认这个 FIN，而它自己的 FIN 要等应用程序关闭后才发送。",
};

static const struct text recv_fin_lastack = {
	"The {R} takes the FIN: {rprev} -> CLOSE-WAIT, and its application, with nothing "
	"more to send, closes at once: CLOSE-WAIT -> LAST-ACK. So the ACK of this FIN "
	"(ack = {next}, u+1) will ride on the {R}'s own FIN.",
	"{R}接收这个 FIN：由 {rprev} 进入 CLOSE-WAIT；它的应用程序没有更多数据要发送，"
	"立即关闭：由 CLOSE-WAIT 进入 LAST-ACK。因此对这个 FIN 的确认（ack = {next}，u+1）"
	"将捎带在{R}自己的 FIN 上。",
};

static const struct text recv_fin_fw2 = {
	"The {R}, in FIN-WAIT-2, takes the FIN, acknowledges it with ack = {next} (w+1) and "
	"goes FIN-WAIT-2 -> TIME-WAIT.",
	"处于 FIN-WAIT-2 的{R}接收这个 FIN，用 ack = {next}（w+1）确认它，并由 FIN-WAIT-2 "
	"进入 TIME-WAIT。",
};

static const struct text recv_fin_fw1_both = {
	"The {R}, in FIN-WAIT-1, learns two things at once: its FIN is acknowledged "
	"(FIN-WAIT-2) and the {S} has closed too; it acknowledges the FIN with ack = {next} "
	"(w+1) and goes to TIME-WAIT.",
	"处于 FIN-WAIT-1 的{R}同时得知两件事：它的 FIN 已被确认（进入 FIN-WAIT-2），而且{S}"
	"也关闭了；它用 ack = {next}（w+1）确认这个 FIN，进入 TIME-WAIT。",
};

static const struct text recv_fin_closing = {
	"The {R} is in FIN-WAIT-1 with its own FIN not yet acknowledged: a FIN arriving now "
	"takes it to CLOSING (simultaneous close, RFC 9293 Figure 13), and it acknowledges "
	"the FIN with ack = {next}.",
	"{R}处于 FIN-WAIT-1，自己的 FIN 还没有被确认：此时收到 FIN 使它进入 CLOSING"
	"（同时关闭，RFC 9293 图 13），并用 ack = {next} 确认这个 FIN。",
};

static const struct text recv_rst_refused = {
	"The {R}, in SYN-SENT, accepts the RST because its ACK acknowledges the SYN: the "
	"connection attempt fails with \"connection refused\" (ECONNREFUSED).",
	"处于 SYN-SENT 的{R}接受这个 RST，因为它的 ACK 确认了 SYN：连接尝试以“连接被拒绝”"
	"（ECONNREFUSED）失败。",
};

static const struct text recv_rst_back_to_listen = {
	"The {R} checks that the RST's sequence number is in its window (it is exactly the "
	"ack of its SYN,ACK), accepts it in SYN-RECEIVED and drops the half-open "
	"connection: the port returns to LISTEN (RFC 9293 3.10.7.4), so the SYN it answered "
	"costs it nothing more. With a two-way handshake it would have committed to a "
	"connection nobody wants (RFC 9293 Figure 8).",
	"{R}检查 RST 的序号落在它的窗口内（正是它的 SYN,ACK 所确认的那个号），于是在 "
	"SYN-RECEIVED 中接受这个 RST，丢弃这个半连接：端口回到 LISTEN（RFC 9293 3.10.7.4），"
	"它所回应的那个 SYN 不再占用任何资源。如果只有两次握手，它就会为一个没人需要的连接投入"
	"资源（RFC 9293 图 8）。",
};

static const struct text recv_rst_reset = {
	"The {R} checks that the RST's sequence number is exactly the next one it expects "
	"(RFC 5961, which RFC 9293 3.10.7.4 includes as an option; without it, any "
	"sequence number in the window would do), then drops the connection at once "
	"({rprev} -> CLOSED) and reports a reset (ECONNRESET); an accepted RST is never "
	"answered.",
	"{R}检查 RST 的序号正好等于它期望的下一个序号（RFC 5961，RFC 9293 3.10.7.4 将其列为可选"
	"做法；不采用时，窗口内任何序号都可以），随后立即丢弃连接（由 {rprev} 进入 CLOSE"
	"D），并报告连接被复位（ECONNRESET）；被接受的 RST 永远不会被应答。",
};

static const struct text recv_rst_tw = {
	"The {R} is in TIME-WAIT and ignores the RST, following RFC 1337's fix against "
	"TIME-WAIT assassination (RFC 9293 would close here; Linux ignores it only with "
	"tcp_rfc1337 = 1), so TIME-WAIT is not cut short.",
	"{R}处于 TIME-WAIT，按照 RFC 1337 针对“TIME-WAIT 暗杀”提出的做法忽略这个 RST（RFC 9293 在"
	"此会关闭连接；Linux 只有在 tcp_rfc1337 = 1 时才忽略），TIME-WAIT 不会因此提前结束。",
};

static const struct text recv_rst_forgotten = {
	"The {R}, which believed the connection ESTABLISHED, finds the RST's sequence number "
	"acceptable and drops the connection: its application sees a reset (ECONNRESET).",
	"{R}原以为连接处于 ESTABLISHED，它发现这个 RST 的序号可接受，于是丢弃连接：其应用程序"
	"得到“连接被复位”（ECONNRESET）。",
};

static const struct text recv_rst_generic = {
	"If the RST's sequence number is exactly the next one the {R} expects, it drops "
	"the connection at once; one elsewhere in the window draws a challenge ACK (RFC "
	"5961), and no RST is ever sent in reply to a RST.",
	"如果这个 RST 的序号正好等于{R}期望的下一个序号，{R}会立即丢弃连接；落在窗口内其"
	"他位置的 RST 会引来挑战 ACK（RFC 5961）；对 RST 永远不会回以 RST。",
};

const struct text *close_accepted(struct ctx *c, enum kind k, const struct receiver *rx)
{
	const struct ladder_row *r = c->r;
	switch (k) {
	case K_ACK_FIN:
		if (!rx->known) { /* what RFC 9293 has the receiver do */
			if (!c->have_fin[c->s])
				return &recv_ack_fin_fw1;
			return c->msg == &why_ack_fin_closing || c->msg == &why_ack_fin_tw
				       ? &recv_ack_fin_closing
				       : &recv_ack_fin_lastack;
		}
		if (rx->before == SYNACK_FIN_WAIT_1 && rx->after == SYNACK_FIN_WAIT_2)
			return &recv_ack_fin_fw1;
		if (rx->before == SYNACK_LAST_ACK && rx->after == SYNACK_CLOSED)
			return &recv_ack_fin_lastack;
		if (rx->before == SYNACK_CLOSING && rx->after == SYNACK_TIME_WAIT)
			return &recv_ack_fin_closing;
		return NULL;
	case K_FIN:
		if (c->msg == &why_fin_again)
			return NULL;
		if (!rx->known) {
			if (!c->have_fin[c->rv])
				return &recv_fin_estab;
			if (sge(r->seg.ack, c->fin[c->rv] + 1))
				return fin_acked_by(c, c->s) ? &recv_fin_fw2 : &recv_fin_fw1_both;
			return &recv_fin_closing;
		}
		if (rx->after == SYNACK_CLOSE_WAIT)
			return &recv_fin_estab;
		if (rx->after == SYNACK_LAST_ACK && !c->have_fin[c->rv])
			return &recv_fin_lastack;
		if (rx->after == SYNACK_TIME_WAIT && rx->before == SYNACK_FIN_WAIT_2)
			return &recv_fin_fw2;
		if (rx->after == SYNACK_TIME_WAIT && rx->before == SYNACK_FIN_WAIT_1)
			return &recv_fin_fw1_both;
		if (rx->after == SYNACK_CLOSING)
			return &recv_fin_closing;
		if (rx->after == SYNACK_FIN_WAIT_1 || rx->after == SYNACK_FIN_WAIT_2)
			return &recv_data_half; /* a retransmission carrying data before the FIN */
		return NULL;
	case K_RST:
		if (!rx->known)
			return rx->opaque ? &recv_rst_generic : NULL;
		if (rx->after == SYNACK_TIME_WAIT)
			return &recv_rst_tw;
		if (rx->after == SYNACK_LISTEN && rx->before == SYNACK_SYN_RECEIVED)
			return &recv_rst_back_to_listen;
		if (rx->after != SYNACK_CLOSED)
			return NULL;
		if (rx->before == SYNACK_SYN_SENT)
			return &recv_rst_refused;
		if (rx->before == SYNACK_SYN_RECEIVED)
			return c->rv == c->client ? &recv_rst_refused : &recv_rst_back_to_listen;
		if (c->forgotten)
			return &recv_rst_forgotten;
		if (rx->before < SYNACK_STATE_COUNT)
			setv(c, V_RPREV, "%s", synack_state_name(rx->before));
		return &recv_rst_reset;
	default:
		return NULL;
	}
}

/* ---------------------------------------------- what the receiver drops */

static const struct text recv_fin_tw_dup = {
	"The {R} is in TIME-WAIT and already has this FIN (its ACK of it was lost or is "
	"late): it acknowledges it again and restarts its 2×MSL timer.",
	"{R}处于 TIME-WAIT，已经收到过这个 FIN（它对该 FIN 的 ACK 丢失了或尚在途中）："
	"它再次确认，并重新启动 2×MSL 计时器。",
};

static const struct text recv_closed_port = {
	"Nothing listens on port {dport} at the {R}: it answers with RST.",
	"{R}的端口 {dport} 上没有监听者：它回应 RST。",
};

static const struct text recv_synack_noconn = {
	"The {R} has no connection attempt for this SYN,ACK any more: it does not ignore it "
	"but answers with a RST.",
	"{R}已经没有与这个 SYN,ACK 对应的连接尝试：它不会忽略，而是回复 RST。",
};

static const struct text recv_forgotten = {
	"The {R} no longer has this connection: it dropped the half-open connection when "
	"its SYN,ACK retries ran out, so it answers with a RST.",
	"{R}已经没有这个连接了：它在 SYN,ACK 重传次数用完后丢弃了这个半连接，因此回复 RST。",
};

static const struct text recv_noconn = {
	"The {R} has no connection for this segment, so it answers with a RST (RFC 9293 "
	"3.10.7.1).",
	"{R}没有与该报文段对应的连接，因此回复 RST（RFC 9293 3.10.7.1）。",
};

static const struct text recv_rst_challenge = {
	"The RST's sequence number is inside the {R}'s window but not exactly the next one "
	"expected: it could be forged, so the {R} keeps the connection and sends a challenge "
	"ACK (RFC 5961).",
	"这个 RST 的序号在{R}的窗口内，但并不正好等于期望的下一个序号：它可能是伪造的，"
	"因此{R}保留连接并发送挑战 ACK（RFC 5961）。",
};

static const struct text recv_rst_oow = {
	"The RST's sequence number is outside the {R}'s window: it is ignored.",
	"这个 RST 的序号在{R}的窗口之外：它被忽略。",
};

static const struct text recv_rst_ignored = {
	"The {R} has nothing this RST could reset, so it discards it; no RST is ever sent "
	"in reply to a RST.",
	"{R}没有可被这个 RST 复位的连接，因此丢弃它；对 RST 永远不会回以 RST。",
};

static const struct text recv_data_after_close = {
	"The {R}'s application has already closed the socket and nobody will read these "
	"bytes: the {R} aborts the connection with a RST.",
	"{R}的应用程序已关闭套接字，这些数据无人读取：{R}用 RST 中止连接。",
};

const struct text *close_dropped(const struct ctx *c, enum kind k)
{
	switch (c->r->drop_reason) {
	case SYNACK_R_DROP_DUPLICATE: /* a FIN that TIME-WAIT holds (only those come here) */
	case SYNACK_R_DROP_OUT_OF_WINDOW:
		return &recv_fin_tw_dup;
	case SYNACK_R_DROP_NO_CONN:
		if (k == K_SYN)
			return &recv_closed_port;
		if (k == K_SYNACK)
			return &recv_synack_noconn;
		if (synack_given_up_since(c, c->rv))
			return &recv_forgotten;
		return &recv_noconn;
	case SYNACK_R_DROP_RST_NOT_EXACT: return &recv_rst_challenge;
	case SYNACK_R_DROP_RST_OUT_OF_WINDOW: return &recv_rst_oow;
	case SYNACK_R_DROP_RST_NO_CONN:
	case SYNACK_R_DROP_RST_BAD_ACK_SYN_SENT:
	case SYNACK_R_DROP_RST_NO_ACK_SYN_SENT:
	case SYNACK_R_DROP_RST_TO_LISTENER:
		return &recv_rst_ignored;
	case SYNACK_R_DROP_DATA_AFTER_CLOSE: return &recv_data_after_close;
	default: return NULL;
	}
}

/* --------------------------------------------------------------- losses */

static const struct text lost_fin = {
	"The FIN is lost: the {S} will send it again when its retransmission timer expires.",
	"这个 FIN 丢失了：{S}将在重传计时器超时后重发它。",
};

static const struct text lost_ack_fin_passive = {
	"The ACK is lost: the {R} stays in FIN-WAIT-1 and will retransmit its FIN, unless the "
	"{S}'s own FIN, which carries the same acknowledgement, reaches it first.",
	"这个 ACK 丢失了：{R}停留在 FIN-WAIT-1，将重传它的 FIN，除非{S}自己的 FIN（带有同样的"
	"确认）先到达。",
};

static const struct text lost_final_ack = {
	"The final ACK is lost: the {R} stays in LAST-ACK and will retransmit its FIN when "
	"its timer expires; the {S} stays in TIME-WAIT precisely so that it can acknowledge "
	"that FIN again.",
	"最后的 ACK 丢失了：{R}停留在 LAST-ACK，将在计时器超时后重传它的 FIN；{S}之所以停留在 "
	"TIME-WAIT，正是为了能再次确认这个 FIN。",
};

static const struct text lost_rst = {
	"The RST is lost. A RST is never retransmitted, but the {R}'s next segment will draw "
	"another one.",
	"这个 RST 丢失了。RST 不会被重传，但{R}发出的下一个报文段会再次引出 RST。",
};

const struct text *close_lost(const struct ctx *c, enum kind k)
{
	switch (k) {
	case K_ACK_FIN:
		if (c->msg == &why_ack_fin_passive)
			return &lost_ack_fin_passive;
		if (c->msg == &why_final_ack || c->msg == &why_reack_tw)
			return &lost_final_ack;
		return &lost_ack;
	case K_FIN:
		return &lost_fin;
	case K_RST:
		return &lost_rst;
	default:
		return NULL;
	}
}
