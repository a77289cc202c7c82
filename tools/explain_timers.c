/* Explanations of the notes a timer makes in the ladder: TIME-WAIT's end
 * after 2×MSL, the FIN-WAIT-2 limit, and retries exhausted (the SYN's,
 * the SYN,ACK's, the data's).  The note's engine reason is the key. */
#include "explain_int.h"

#define SEC 1000000000ull
#define MSEC 1000000ull

/* ------------------------------------------- where the numbers come from */

static const struct text origin_rto_6298 = {
	"That 1 s is the initial retransmission timeout of RFC 6298 (2.1), which Linux and "
	"FreeBSD use. Articles that show a SYN or SYN,ACK sent again after 3, 6 and 12 s "
	"use the 3 s of RFC 1122 and RFC 2988, which RFC 6298 replaced in 2011 (--timers "
	"classic draws that timeline).",
	"这 1 秒是 RFC 6298（2.1 节）规定的初始重传超时，Linux 和 FreeBSD 都采用它。那些说 "
	"SYN 或 SYN,ACK 在 3、6、12 秒后重传的文章，用的是 RFC 1122 和 RFC 2988 的 3 秒，"
	"RFC 6298 在 2011 年取代了它（--timers classic 可以画出那条时间线）。",
};

static const struct text origin_rto_classic = {
	"That 3 s is the initial retransmission timeout of RFC 1122 (4.2.3.1) and RFC 2988 "
	"(2.1); doubling it gives the 3, 6, 12 s many articles show. RFC 6298 lowered it to "
	"1 s in 2011, which Linux and FreeBSD use today.",
	"这 3 秒是 RFC 1122（4.2.3.1 节）和 RFC 2988（2.1 节）的初始重传超时；把它逐次加倍，"
	"就得到许多文章所说的 3、6、12 秒。RFC 6298 在 2011 年把它降为 1 秒，Linux 和 FreeBSD "
	"如今都用 1 秒。",
};

static const struct text origin_rto_set = {
	"That {rto} is the initial retransmission timeout set for this run (--rto-initial); "
	"RFC 6298 (2.1) sets 1 s, and RFC 1122 had 3 s.",
	"这 {rto}是本次运行设定的初始重传超时（--rto-initial）；RFC 6298（2.1 节）规定为 "
	"1 秒，RFC 1122 则是 3 秒。",
};

const struct text *timers_rto_origin(struct ctx *c)
{
	if (!c->settings || ladder_side_opaque(c->l, c->s))
		return NULL;
	uint64_t rto = c->settings->initial_rto_ns;
	if (rto == 1 * SEC)
		return &origin_rto_6298;
	if (rto == 3 * SEC)
		return &origin_rto_classic;
	setv_time(c, V_RTO, rto);
	return &origin_rto_set;
}

static const struct text origin_rto_min_linux = {
	"That {dur} comes from the round trips measured so far (RFC 6298 2.3: SRTT + "
	"4·RTTVAR), doubled for each timeout in a row, and never below the minimum of "
	"200 ms that Linux uses; RFC 6298 (2.4) says to round it up to 1 s (--timers "
	"rfc9293 does).",
	"这 {dur}来自此前测得的往返时间（RFC 6298 2.3：SRTT + 4·RTTVAR），连续超时一次就"
	"加倍一次，且不低于 Linux 采用的 200 毫秒下限；RFC 6298（2.4 节）要求把它向上取整到 "
	"1 秒（--timers rfc9293 就是这样）。",
};

static const struct text origin_rto_min_rfc = {
	"That {dur} comes from the round trips measured so far (RFC 6298 2.3: SRTT + "
	"4·RTTVAR), doubled for each timeout in a row, and never below RFC 6298's minimum "
	"of 1 s (2.4); Linux's minimum is 200 ms.",
	"这 {dur}来自此前测得的往返时间（RFC 6298 2.3：SRTT + 4·RTTVAR），连续超时一次就"
	"加倍一次，且不低于 RFC 6298 规定的 1 秒下限（2.4 节）；Linux 的下限是 200 毫秒。",
};

static const struct text origin_rto_min_set = {
	"That {dur} comes from the round trips measured so far (RFC 6298 2.3: SRTT + "
	"4·RTTVAR), doubled for each timeout in a row, and never below this stack's minimum "
	"of {rto}; RFC 6298 (2.4) says 1 s, Linux uses 200 ms.",
	"这 {dur}来自此前测得的往返时间（RFC 6298 2.3：SRTT + 4·RTTVAR），连续超时一次就"
	"加倍一次，且不低于本协议栈的下限 {rto}；RFC 6298（2.4 节）规定为 1 秒，Linux 用 "
	"200 毫秒。",
};

const struct text *timers_rexmit_origin(struct ctx *c)
{
	if (!c->settings || ladder_side_opaque(c->l, c->s))
		return NULL;
	uint64_t min = c->settings->min_rto_ns;
	if (min == 200 * MSEC)
		return &origin_rto_min_linux;
	if (min == 1 * SEC)
		return &origin_rto_min_rfc;
	setv_time(c, V_RTO, min);
	return &origin_rto_min_set;
}

static const struct text origin_synack_retries = {
	"RFC 9293 sets no count for these retries; it asks (3.8.3) that an opener's SYN be "
	"retransmitted for at least 3 minutes before the attempt is given up. Linux "
	"retries a SYN,ACK 5 times by default (net.ipv4.tcp_synack_retries), about a "
	"minute.",
	"RFC 9293 没有规定这些重传的次数；它（3.8.3 节）要求发起方的 SYN 在放弃之前至少重传"
	" 3 分钟。Linux 默认重传 SYN,ACK 5 次（net.ipv4.tcp_synack_retries），约一分钟。",
};

static const struct text origin_syn_retries = {
	"RFC 9293 sets no count for these retries; it asks (3.8.3) that a SYN be "
	"retransmitted for at least 3 minutes before the attempt is given up. Linux "
	"retries a SYN 6 times by default (net.ipv4.tcp_syn_retries), about 2 minutes, "
	"less than that.",
	"RFC 9293 没有规定这些重传的次数；它（3.8.3 节）要求 SYN 在放弃之前至少重传 3 分钟。"
	"Linux 默认重传 SYN 6 次（net.ipv4.tcp_syn_retries），约两分钟，比这要短。",
};

static const struct text origin_msl_linux = {
	"MSL is 30 s here, as on FreeBSD (net.inet.tcp.msl); Linux has no MSL setting but "
	"fixes TIME-WAIT at the same 60 s. RFC 9293 (3.4.2) takes MSL as 2 minutes, which "
	"makes TIME-WAIT 4 minutes (--timers rfc9293).",
	"这里的 MSL 是 30 秒，与 FreeBSD（net.inet.tcp.msl）相同；Linux 没有 MSL 设置，但把 TIME-WAIT"
	" 固定为同样的 60 秒。RFC 9293（3.4.2 节）取 MSL 为 2 分钟，TIME-WAIT 因而是 4 分钟（--tim"
	"ers rfc9293）。",
};

static const struct text origin_msl_rfc = {
	"MSL is 2 minutes here, as RFC 9293 (3.4.2) and RFC 793 take it: TIME-WAIT lasts 4 "
	"minutes. Linux keeps TIME-WAIT a fixed 60 s.",
	"这里的 MSL 是 2 分钟，与 RFC 9293（3.4.2 节）和 RFC 793 的取值相同：TIME-WAIT 持续 "
	"4 分钟。Linux 的 TIME-WAIT 固定为 60 秒。",
};

static const struct text origin_msl_set = {
	"MSL is {msl} in this run (--msl); RFC 9293 (3.4.2) takes 2 minutes, and Linux keeps "
	"TIME-WAIT a fixed 60 s.",
	"本次运行的 MSL 是 {msl}（--msl）；RFC 9293（3.4.2 节）取 2 分钟，Linux 的 TIME-WAIT "
	"固定为 60 秒。",
};

static const struct text *msl_origin(struct ctx *c)
{
	if (!c->settings || ladder_side_opaque(c->l, c->s))
		return NULL;
	uint64_t msl = c->settings->msl_ns;
	if (msl == 30 * SEC)
		return &origin_msl_linux;
	if (msl == 120 * SEC)
		return &origin_msl_rfc;
	setv_time(c, V_MSL, msl);
	return &origin_msl_set;
}

static const struct text *retries_origin(const struct ctx *c, const struct text *t)
{
	return c->settings && !ladder_side_opaque(c->l, c->s) ? t : NULL;
}

/* ------------------------------------------------------------ the notes */

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
	say(o, c, msl_origin(c));
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
	"handshake: it drops the half-open connection (SYN-RECEIVED -> LISTEN in RFC "
	"9293's terms; the listening socket stayed in LISTEN all along, so only the "
	"half-open entry goes away).",
	"{S}发送了 {n} 次 SYN,ACK，始终没有收到完成握手的 ACK：它丢弃这个半连接（按 RFC 9293 "
	"的说法是 SYN-RECEIVED -> LISTEN；监听套接字一直处于 LISTEN，消失的只是这个半连接）。",
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
	say(o, c, retries_origin(c, &origin_synack_retries));
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
	say(o, c, retries_origin(c, &origin_syn_retries));
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
	"the half-open connection (SYN-RECEIVED -> LISTEN in RFC 9293's terms; the "
	"listening socket stayed in LISTEN all along). No application ever saw it (it was "
	"not accepted yet).",
	"{S}的 SYN,ACK 重传次数用完，始终没有收到完成握手的 ACK：它丢弃这个半连接（按 RFC "
	"9293 的说法是 SYN-RECEIVED -> LISTEN；监听套接字一直处于 LISTEN）。应用程序从未见过这个"
	"连接（它还没有被 accept）。",
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
	"does for closed sockets (RFC 6429 allows this; RFC 1122 4.2.2.17 alone would keep "
	"probing).",
	"{S}的应用程序已经关闭，而{R}虽然应答了每一次零窗口探测，窗口却始终没有打开："
	"既然没有人再等待这个连接，{S}在探测次数达到重传次数上限后放弃（由 {from} 进入 "
	"CLOSED），与 Linux 对已关闭套接字的做法相同（RFC 6429 允许这样做；若只按 RFC 1122 4.2."
	"2.17，会一直探测下去）。",
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
