/* Explanations of the notes a timer makes in the ladder: TIME-WAIT's end
 * after 2×MSL, the FIN-WAIT-2 limit, and retries exhausted (the SYN's,
 * the SYN,ACK's, the data's).  The note's engine reason is the key. */
#include "explain_int.h"

static const struct text note_2msl = {
	"TIME-WAIT ends: 2×MSL ({dur}) have passed since the {S} entered it, long enough for "
	"old duplicates of this connection to have died out and for a lost final ACK to "
	"have shown up as a retransmitted FIN. The {S} forgets the connection (TIME-WAIT -> "
	"CLOSED), and the same ports may be used again.",
	"TIME-WAIT 结束：{S}进入该状态后已经过了 2×MSL（{dur}），足以让这个连接的旧重复报文段"
	"在网络中消失；如果最后的 ACK 丢失了，重传的 FIN 也早该到达。{S}释放这个连接"
	"（TIME-WAIT -> CLOSED），同样的端口可以再次使用。",
};

static const struct text note_2msl_restart = {
	"TIME-WAIT ends: 2×MSL ({dur}) have passed since the {S} last acknowledged a "
	"retransmitted FIN, with no further FIN, and old duplicates of this connection have "
	"died out. The {S} forgets the connection (TIME-WAIT -> CLOSED), and the same ports "
	"may be used again.",
	"TIME-WAIT 结束：自{S}上一次确认重传的 FIN 以来已经过了 2×MSL（{dur}），其间没有新的 "
	"FIN 到达，这个连接的旧重复报文段也已在网络中消失。{S}释放这个连接（TIME-WAIT -> "
	"CLOSED），同样的端口可以再次使用。",
};

/* From the FIN that put the side in TIME-WAIT (or the last one it
 * re-acknowledged), else from the ACK that did. */
static bool time_wait_ends(struct ctx *c, struct out *o)
{
	bool restart = false, found = false;
	uint64_t t0 = 0;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *h = row(c, j);
		if (!on_conn(c, h) || h->from == c->s || !arrived(h) || !h->receiver_known ||
		    h->receiver_state != SYNACK_TIME_WAIT)
			continue;
		if (has(h, SYNACK_TH_FIN)) {
			t0 = h->arrived;
			restart = h->receiver_dropped;
			found = true;
		} else if (!found) {
			t0 = h->arrived;
			found = true;
		}
	}
	if (!found)
		return false;
	setv_duration(c, c->r->sent - t0);
	say(o, c, restart ? &note_2msl_restart : &note_2msl);
	return true;
}

static const struct text note_fw2 = {
	"The {S}'s application had closed and the {R}'s FIN never came: after {dur} in "
	"FIN-WAIT-2 the {S} stops waiting and frees the connection (a limit like Linux's "
	"tcp_fin_timeout; RFC 9293 itself sets none).",
	"{S}的应用程序已经关闭，而{R}的 FIN 一直没有到来：在 FIN-WAIT-2 中等待 {dur} 后，"
	"{S}不再等待并释放连接（类似 Linux 的 tcp_fin_timeout；RFC 9293 本身没有规定这个"
	"期限）。",
};

static bool fin_wait_2_ends(struct ctx *c, struct out *o)
{
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *h = row(c, j);
		if (on_conn(c, h) && h->from != c->s && arrived(h) && h->receiver_known &&
		    h->receiver_state == SYNACK_FIN_WAIT_2) {
			setv_duration(c, c->r->sent - h->arrived);
			say(o, c, &note_fw2);
			return true;
		}
	}
	return false;
}

static const struct text note_synack_exh = {
	"The {S} sent its SYN,ACK {n} times without receiving the ACK that completes the "
	"handshake: it drops the half-open connection, and the port is back in LISTEN "
	"(SYN-RECEIVED -> LISTEN): its listener never left it.",
	"{S}发送了 {n} 次 SYN,ACK，始终没有收到完成握手的 ACK：它丢弃这个半连接，端口回到 "
	"LISTEN（SYN-RECEIVED -> LISTEN）：它的监听套接字从未离开这个状态。",
};

static const struct text note_synack_exh_peer = {
	"The {R}, however, believes the connection is ESTABLISHED: the next segment it sends "
	"will find no connection and be answered with a RST.",
	"然而{R}认为连接已处于 ESTABLISHED：它发出的下一个报文段将找不到对应的连接，从而收到 "
	"RST。",
};

static bool half_open_dropped(struct ctx *c, struct out *o)
{
	unsigned n = 0;
	bool peer_est = false;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *h = row(c, j);
		if (!on_conn(c, h) || h->from != c->s || !is_synack(h))
			continue;
		n++;
		if (arrived(h) && h->receiver_known && h->receiver_state == SYNACK_ESTABLISHED)
			peer_est = true;
	}
	if (!n)
		return false;
	setv(c, V_N, "%u", n);
	say(o, c, &note_synack_exh);
	if (peer_est)
		say(o, c, &note_synack_exh_peer);
	return true;
}

static const struct text note_syn_exh = {
	"The {S} sent its SYN {n} times with no answer: it gives up (SYN-SENT -> CLOSED) and "
	"the connect fails with a timeout error (ETIMEDOUT).",
	"{S}发送了 {n} 次 SYN，始终没有应答：它放弃连接（SYN-SENT -> CLOSED），连接请求以超时"
	"错误（ETIMEDOUT）失败。",
};

static bool syn_given_up(struct ctx *c, struct out *o)
{
	unsigned n = 0;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *h = row(c, j);
		n += on_conn(c, h) && h->from == c->s && own_syn(h);
	}
	if (!n)
		return false;
	setv(c, V_N, "%u", n);
	say(o, c, &note_syn_exh);
	return true;
}

static const struct text note_rexmt_exh = {
	"The {S} retransmitted until its retries ran out, with no acknowledgement: it drops "
	"the connection ({from} -> CLOSED) and reports a timeout (ETIMEDOUT).",
	"{S}一直重传到重传次数用完，始终没有收到确认：它丢弃连接（由 {from} 进入 CLOSED），"
	"并报告超时（ETIMEDOUT）。",
};

static const struct text note_half_open = {
	"The {S}'s SYN,ACK retries ran out with no ACK completing the handshake: it drops "
	"the half-open connection, and the port is back in LISTEN (SYN-RECEIVED -> LISTEN). "
	"No application ever saw it (it was not accepted yet).",
	"{S}的 SYN,ACK 重传次数用完，始终没有收到完成握手的 ACK：它丢弃这个半连接，端口回到 "
	"LISTEN（SYN-RECEIVED -> LISTEN）。应用程序从未见过这个连接（它还没有被 accept）。",
};

static const struct text note_keepalive = {
	"The {R} answered none of the {S}'s keepalive probes: the {S} concludes the {R} is "
	"gone, drops the connection ({from} -> CLOSED) and reports a timeout (ETIMEDOUT).",
	"{R}没有应答{S}的任何保活探测：{S}断定{R}已经不在，丢弃连接（由 {from} 进入 "
	"CLOSED），并报告超时（ETIMEDOUT）。",
};

static const struct text note_zwp = {
	"The {R} stopped answering the {S}'s zero-window probes: the {S} drops the connection "
	"({from} -> CLOSED) and reports a timeout (ETIMEDOUT). Probes that are answered keep "
	"a connection open (RFC 1122 4.2.2.17).",
	"{R}不再应答{S}的零窗口探测：{S}丢弃连接（由 {from} 进入 CLOSED），并报告超时"
	"（ETIMEDOUT）。得到应答的探测会让连接一直保持（RFC 1122 4.2.2.17）。",
};

static const struct text note_zwp_orphan = {
	"The {S}'s application has closed, and the {R}'s window never opened although it "
	"answered every zero-window probe: with nobody waiting for the connection, the {S} "
	"gives up after as many probes as it would retransmit ({from} -> CLOSED), as Linux "
	"does for closed sockets.",
	"{S}的应用程序已经关闭，而{R}虽然应答了每一次零窗口探测，窗口却始终没有打开：既然没有"
	"人再等待这个连接，{S}在探测次数达到重传次数上限后放弃（由 {from} 进入 CLOSED），"
	"与 Linux 对已关闭套接字的做法相同。",
};

static const struct text note_generic = {
	"A timer moved the {S} from {from} to {to}.",
	"计时器使{S}由 {from} 进入 {to}。",
};

void timers_note(struct ctx *c, struct out *o)
{
	/* with the connection's segments found, their times and counts */
	bool conn = c->has_key;
	switch (c->r->note_reason) {
	case SYNACK_R_TIMEOUT_2MSL:
		if (conn && time_wait_ends(c, o))
			return;
		break;
	case SYNACK_R_TIMEOUT_FIN_WAIT_2:
		if (conn && fin_wait_2_ends(c, o))
			return;
		break;
	case SYNACK_R_HALF_OPEN_DROPPED:
		if (!(conn && half_open_dropped(c, o)))
			say(o, c, &note_half_open);
		return;
	case SYNACK_R_KEEPALIVE_PROBES_UNANSWERED:
		say(o, c, &note_keepalive);
		return;
	case SYNACK_R_ZERO_WINDOW_PROBES_UNANSWERED:
		say(o, c, &note_zwp);
		return;
	case SYNACK_R_ZERO_WINDOW_PROBES_ORPHANED:
		say(o, c, &note_zwp_orphan);
		return;
	case SYNACK_R_SYN_RETRIES_EXHAUSTED:
		if (!(conn && syn_given_up(c, o)))
			say(o, c, &note_rexmt_exh);
		return;
	case SYNACK_R_SYNACK_RETRIES_EXHAUSTED:
	case SYNACK_R_REXMIT_RETRIES_EXHAUSTED:
		say(o, c, &note_rexmt_exh);
		return;
	default:
		break;
	}
	say(o, c, &note_generic);
}
