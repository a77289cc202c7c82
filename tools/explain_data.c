/* Explanations of data and ACKs: new data, pure and delayed ACKs,
 * duplicate ACKs (RFC 5681), window updates, challenge ACKs (RFC 5961),
 * keepalive and zero-window probes; what the receiver checks (in order,
 * out of order, filling a hole), what it discards, and what a loss leads
 * to.  Retransmissions are in explain_rexmit.c. */
#include "explain_int.h"

#include <inttypes.h>

#define SCAN_DATA 256 /* rows looked at for the receiver's next expected byte */
/* An ACK later than this after the data it covers was held back by a
 * delayed-ACK timer (the shortest in use is Linux's 40 ms; real hosts
 * take well under this to answer at once). */
#define DELAYED_ACK_MIN 5000000ull

/* The sender's previous segment with an ACK in this incarnation. */
static const struct ladder_row *prev_ack_row(const struct ctx *c)
{
	for (unsigned j = c->i; j-- > c->start;) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == c->s && has(r, SYNACK_TH_ACK) &&
		    !has(r, SYNACK_TH_RST))
			return r;
	}
	return NULL;
}

/* ----------------------------------------------------------------- data */

static const struct text why_data = {
	"The {S} sends {len} bytes, seq = {seq} to {last}; ack = {ack} is the next sequence "
	"number it expects from the {R}, and its receive window is {win}.",
	"{S}发送 {len} 字节数据，序号从 {seq} 到 {last}；ack = {ack} 是它期望从{R}收到的"
	"下一个序号，它的接收窗口为 {win}。",
};

static const struct text why_data_piggy = {
	"The {S} sends {len} bytes, seq = {seq} to {last}, and the same segment acknowledges "
	"the {R}'s data: ack = {ack} is the next sequence number it expects (the ACK rides on "
	"the data); its receive window is {win}.",
	"{S}发送 {len} 字节数据，序号从 {seq} 到 {last}，同一个报文段还确认了{R}的数据："
	"ack = {ack} 是它期望的下一个序号（确认搭载在数据上）；它的接收窗口为 {win}。",
};

static const struct text why_data_half = {
	"The {S} has received the {R}'s FIN (it is in CLOSE-WAIT) but has not closed its own "
	"direction, so it may go on sending (half-close): {len} bytes, seq = {seq} to {last}.",
	"{S}已收到{R}的 FIN（处于 CLOSE-WAIT），但还没有关闭自己这个方向，所以仍可继续发送"
	"数据（半关闭）：{len} 字节，序号从 {seq} 到 {last}。",
};

/* Data sent for the first time. */
const struct text *data_new(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	if (r->sender_state == SYNACK_CLOSE_WAIT ||
	    (ladder_side_opaque(c->l, c->s) && c->have_fin[c->rv] && !c->have_fin[c->s] &&
	     sge(r->seg.ack, c->fin[c->rv] + 1)))
		return &why_data_half;
	const struct ladder_row *p = prev_ack_row(c);
	if (p && sgt(r->seg.ack, p->seg.ack))
		return &why_data_piggy;
	return &why_data;
}

/* --------------------------------------------------------------- probes */

static const struct text why_keepalive = {
	"The connection has been idle for the keepalive time (an optional feature, at "
	"least 2 hours by default, RFC 9293 3.8.4): the {S} sends a keepalive probe, an "
	"ACK with seq = {seq}, one below its next sequence number. Being below what the "
	"{R} expects, it draws an ACK from the {R} if the {R} is still there.",
	"连接空闲已达到保活时间（这是一个可选功能，默认至少 2 小时，RFC 9293 3.8.4）：{S}发"
	"送保活探测报文，即 seq = {seq}（比它的下一个序号小 1）的 ACK。由于序号低于{R}的期"
	"望，如果{R}仍然存在，就会回复一个 ACK。",
};

static const struct text why_zwp = {
	"The {R} advertised a zero window, so the {S} may not send; its persist timer "
	"expired and it sends a window probe of one byte (seq = {seq}), so that the {R}'s "
	"answering ACK tells it whether the window has opened (RFC 9293 3.8.6.1).",
	"{R}通告了零窗口，{S}不能发送数据；坚持计时器超时后，它发送一个 1 字节的窗口探测"
	"报文（seq = {seq}），{R}回复的 ACK 会告诉它窗口是否已经打开（RFC 9293 3.8.6.1）。",
};

const struct text *data_probe(const struct ctx *c)
{
	switch (c->r->why) {
	case SYNACK_R_KEEPALIVE_PROBE: return &why_keepalive;
	case SYNACK_R_ZERO_WINDOW_PROBE: return &why_zwp;
	default: return NULL;
	}
}

/* ----------------------------------------------------------------- ACKs */

static const struct text why_ack_data = {
	"The {S} acknowledges the {R}'s data: ack = {ack} is the next sequence number it "
	"expects (everything before it has arrived). A pure ACK carries no data and takes "
	"up no sequence number (seq = {seq}); receive window {win}.",
	"{S}确认{R}的数据：ack = {ack} 是它期望的下一个序号（此前的数据都已收到）。纯 ACK "
	"不携带数据，也不占用序号（seq = {seq}）；接收窗口为 {win}。",
};

static const struct text why_ack_delayed = {
	"A delayed ACK: no data of its own went back within {dur}, so the {S} acknowledges "
	"the {R}'s data by itself: ack = {ack}, the next sequence number it expects; "
	"seq = {seq}, receive window {win}.",
	"延迟确认：{dur}内{S}没有数据可以捎带确认，于是单独确认{R}的数据：ack = {ack}，"
	"即它期望的下一个序号；seq = {seq}，接收窗口为 {win}。",
};

/* also an ACK of a FIN (explain_close.c) */
const struct text why_ack_pure = {
	"A pure ACK: ack = {ack} is the next sequence number the {S} expects; it carries no "
	"data and takes up no sequence number (seq = {seq}); receive window {win}.",
	"纯 ACK：ack = {ack} 是{S}期望的下一个序号；它不携带数据，也不占用序号"
	"（seq = {seq}）；接收窗口为 {win}。",
};

static const struct text why_dupack = {
	"Duplicate ACK #{n}: a segment arrived out of order, so the {S} again asks for "
	"seq = {ack}, the first byte it is missing{sack}.",
	"第 {n} 个重复 ACK：有报文段失序到达，{S}再次请求 seq = {ack}，即它缺少的第一个"
	"字节{sack}。",
};

static const struct text why_winupd = {
	"A window update: the {S}'s application has read data, so it tells the {R} that its "
	"receive window is now {win} (ack = {ack}, unchanged).",
	"窗口更新：{S}的应用程序读走了数据，它告诉{R}接收窗口现在为 {win}（ack = {ack}，"
	"没有变化）。",
};

static const struct text why_ack_ooo_window = {
	"A segment arrived out of order, so the {S} again asks for seq = {ack}{sack}. Its "
	"receive window also changed (now {win}: its application has read data), so by RFC "
	"5681 this ACK does not count as a duplicate.",
	"一个报文段失序到达，因此{S}再次索要 seq = {ack}{sack}。它的接收窗口也变了（现在为 "
	"{win}：应用程序读走了数据），所以按 RFC 5681，这个 ACK 不算重复 ACK。",
};

/* also an ACK of a FIN (explain_close.c) */
const struct text why_reack_dup = {
	"The segment from the {R} that just arrived held nothing new (a duplicate), so the "
	"{S} repeats its acknowledgement: ack = {ack} is the next sequence number it expects.",
	"刚到达的{R}的报文段没有任何新内容（是重复的），所以{S}重复它的确认：ack = {ack} "
	"是它期望的下一个序号。",
};

static const struct text why_reack_other = {
	"The {S} discarded the segment that just arrived from the {R} and answers with an "
	"ACK saying what it does expect: ack = {ack}, seq = {seq}.",
	"{S}丢弃了刚从{R}到达的报文段，并用一个 ACK 说明它实际期望的内容：ack = {ack}，"
	"seq = {seq}。",
};

/* The number of this ACK among the sender's duplicates (0: not one).
 * An ACK that changes the window is no duplicate (RFC 5681 2 (e)); the
 * ones after it still are, and the count goes on. */
static unsigned dupack_number(const struct ctx *c, uint32_t ack)
{
	unsigned run = 0;
	uint16_t later_win = c->r->seg.window;
	for (unsigned j = c->i; j-- > c->start;) {
		const struct ladder_row *r = row(c, j);
		if (!on_conn(c, r) || r->from != c->s || !has(r, SYNACK_TH_ACK) ||
		    has(r, SYNACK_TH_RST))
			continue;
		if (r->seg.ack != ack || has(r, SYNACK_TH_SYN))
			return run; /* the first of the run acknowledged new data */
		bool later_is_dup = r->seg.window == later_win;
		if (!pure_ack(r))
			return run + later_is_dup;
		run += later_is_dup;
		later_win = r->seg.window;
	}
	return run;
}

static const struct text why_reack_synack = {
	"The {S} answers the duplicate SYN,ACK with an ACK carrying its current numbers "
	"(seq = {seq}, ack = {ack}): in effect the third segment of the handshake again. "
	"If the {R} is still in SYN-RECEIVED when it arrives, it completes the handshake.",
	"{S}用一个带有当前序号的 ACK（seq = {seq}，ack = {ack}）回应这个重复的 SYN,ACK：这实际上"
	"就是再发一次握手的第三个报文段。如果它到达时{R}仍处于 SYN-RECEIVED，握手就此完成"
	"。",
};

bool is_reack_of_synack(const struct ctx *c)
{
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	return tr && tr->receiver_dropped && tr->drop_reason == SYNACK_R_DROP_DUPLICATE &&
	       is_synack(tr) && tr->rel_seq_known && tr->rel_seq == 0;
}

/* A pure ACK of anything but the receiver's FIN (explain_close.c). */
const struct text *data_ack(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	if (is_reack_of_synack(c))
		return &why_reack_synack;
	if (tr && tr->receiver_dropped) {
		switch (tr->drop_reason) {
		case SYNACK_R_DROP_DUPLICATE:
			return &why_reack_dup;
		case SYNACK_R_DROP_OUT_OF_WINDOW:
		case SYNACK_R_DROP_ACK_UNSENT:
		case SYNACK_R_DROP_PAWS:
			return &why_reack_other;
		default:
			break;
		}
	}
	const struct ladder_row *p = prev_ack_row(c);
	if (p && g->ack == p->seg.ack) {
		unsigned dn = dupack_number(c, g->ack);
		bool ooo = g->sack_count || (tr && tr->seg.len && sgt(tr->seg.seq, g->ack));
		if (dn && g->window == p->seg.window && ooo) {
			setv(c, V_N, "%u", dn);
			return &why_dupack;
		}
		if (ooo && g->window != p->seg.window)
			return &why_ack_ooo_window;
		if (g->window > p->seg.window)
			return &why_winupd;
		return &why_ack_pure;
	}
	if (p && sgt(g->ack, p->seg.ack) && !tr) {
		/* no segment just arrived: a timer sent it (delayed ACK) */
		for (unsigned j = c->i; j-- > c->start;) {
			const struct ladder_row *d = row(c, j);
			if (on_conn(c, d) && d->from == c->rv && arrived(d) &&
			    d->arrived < r->sent && d->seg.len && d->seg.seq + d->seg.len == g->ack) {
				if (r->sent - d->arrived < DELAYED_ACK_MIN)
					break; /* a host's own latency, not a timer */
				setv_duration(c, r->sent - d->arrived);
				return &why_ack_delayed;
			}
		}
	}
	if (p && sgt(g->ack, p->seg.ack))
		return &why_ack_data;
	return &why_ack_pure;
}

static const struct text why_challenge = {
	"A challenge ACK (RFC 5961): the {R}'s last segment (a RST inside the window but "
	"not exactly at the next expected number, any SYN at all, or an ACK outside the "
	"range of data sent) could be forged, so instead of acting on it the {S} sends an "
	"ACK with its current numbers (seq = {seq}, ack = {ack}); a genuine peer that has "
	"lost the connection answers it with a RST carrying exactly the right sequence "
	"number.",
	"挑战 ACK（RFC 5961）：{R}刚发来的报文段（落在窗口内但不正好等于期望序号的 RST、任"
	"何 SYN，或确认号超出已发送数据范围的 ACK）可能是伪造的，{S}不据此采取行动，而是"
	"发送一个带有当前序号的 ACK（seq = {seq}，ack = {ack}）；真正失去了连接的对端会回复一"
	"个序号完全正确的 RST。",
};


/* RFC 5961: an ACK instead of acting on a segment that could be forged. */
const struct text *data_challenge(void)
{
	return &why_challenge;
}

/* --------------------------------------------------------- the receiver */

static const struct text recv_data_inorder = {
	"The {R} finds the bytes inside its receive window at exactly the sequence number "
	"it expects: it passes them to its application and will acknowledge them with ack "
	"= {next}, or beyond if more data arrives before its ACK goes out (delayed ACK).",
	"{R}发现这些字节落在接收窗口内，且正是它期望的序号：它把数据交给应用程序，并"
	"会用 ack = {next} 确认它们；如果在 ACK 发出之前又有数据到达，确认号会更大（延迟确"
	"认）。",
};

/* also data before a retransmitted FIN (explain_close.c) */
const struct text recv_data_half = {
	"The {R} has sent its FIN ({rst}) but still receives: it takes the bytes and will "
	"acknowledge up to {next}.",
	"{R}已发送 FIN（处于 {rst}），但仍在接收：它接收这些字节，并将确认到 {next}。",
};

static const struct text recv_data_ooo = {
	"The {R} expects seq = {rnxt}, so the bytes from {rnxt} to {gapend} are missing: it "
	"keeps this segment out of order and at once sends an ACK asking again for {rnxt}.",
	"{R}期望的是 seq = {rnxt}，序号 {rnxt} 到 {gapend} 的数据缺失：它先保存这个失序的"
	"报文段，并立即发送一个 ACK，再次索要 {rnxt}。",
};

static const struct text recv_data_ooo_sack = {
	"The {R} expects seq = {rnxt}, so the bytes from {rnxt} to {gapend} are missing: it "
	"keeps this segment out of order and at once sends an ACK asking again for {rnxt}, "
	"whose SACK blocks (both SYNs permitted SACK) name the data it holds beyond the gap.",
	"{R}期望的是 seq = {rnxt}，序号 {rnxt} 到 {gapend} 的数据缺失：它先保存这个失序的"
	"报文段，并立即发送一个 ACK，再次索要 {rnxt}，其中的 SACK 块（双方的 SYN "
	"都允许 SACK）指出它在缺口之后已收到的数据。",
};

static const struct text recv_data_fills_hole = {
	"These are the bytes the {R} was missing: they fill the hole, and with the data it "
	"already held beyond it, everything up to {next} is now in order; its cumulative "
	"ACK jumps to {next}.",
	"这些正是{R}缺失的字节：它们填上了缺口，加上它此前已保存在缺口之后的数据，"
	"直到 {next} 之前的数据现在都已按序到齐；它的累计确认一下跳到 {next}。",
};

static const struct text recv_data_generic = {
	"The {R} checks that the bytes fall inside its receive window; bytes in order go to "
	"its application, bytes after a gap wait until it is filled, and its ACK names the "
	"next byte it is missing.",
	"{R}检查这些字节是否落在接收窗口内；按序到达的数据交给应用程序，空缺之后的数据暂存到"
	"空缺被填上为止，它的 ACK 给出所缺的下一个字节的序号。",
};

static const struct text recv_zwp = {
	"The {R} answers the probe with an ACK carrying its current window; if the window "
	"is still zero, it does not take the byte.",
	"{R}用一个带有当前窗口的 ACK 回应这个探测；如果窗口仍为零，它不接收这个字节。",
};

static const struct text recv_keepalive = {
	"The {R} finds the probe's sequence number below what it expects and answers with "
	"an ACK, which shows the {S} that it is still there.",
	"{R}发现探测报文的序号低于它期望的序号，于是回复一个 ACK，这向{S}表明它仍然存在。",
};

static const struct text recv_ack_data = {
	"The {R} checks that the ACK covers data it has sent, frees the acknowledged bytes "
	"from its send buffer and restarts its retransmission timer (or stops it, if "
	"nothing is outstanding).",
	"{R}检查这个 ACK 确认的是它已发送的数据，把已确认的字节从发送缓存中释放，并重启重传"
	"计时器（若已没有未确认的数据则停止计时器）。",
};

static const struct text recv_dupack = {
	"The {R} counts the duplicate ACKs: at the third, or as soon as SACK shows the "
	"segment lost, it retransmits without waiting for its timer.",
	"{R}对重复 ACK 计数：收到第三个时，或者一旦 SACK 表明该报文段已丢失，它就不等计时器"
	"超时而立即重传。",
};

static const struct text recv_dupack_recovering = {
	"The {R} has already resent seq = {ack} and is in loss recovery: each further "
	"duplicate ACK says that one more segment has left the network (and its SACK "
	"blocks say which), which lets the {R} send more.",
	"{R}已经重传了 seq = {ack}，正处于丢包恢复中：此后每个重复 ACK 都表明又有一个报文段"
	"离开了网络（SACK 块还指出是哪一个），{R}因此可以继续发送。",
};

/* Whether h, from the sender, reached the receiver before row i did. */
static bool held_by_receiver(const struct ctx *c, unsigned j)
{
	const struct ladder_row *h = row(c, j), *r = c->r;
	return j != c->i && on_conn(c, h) && h->from == c->s && arrived(h) &&
	       !h->receiver_dropped &&
	       (h->arrived < r->arrived ||
		(h->arrived == r->arrived && h->arrived_order < r->arrived_order));
}

/* `nxt` moved on through the data the receiver already held when row i
 * arrived (out-of-order segments fill in once the hole before them is
 * filled).  *lowest_above: the first held byte above `nxt`, if any
 * (else left alone). */
static uint32_t extend_held(const struct ctx *c, uint32_t nxt, uint32_t *lowest_above)
{
	unsigned lo = c->i > SCAN_DATA ? c->i - SCAN_DATA : 0;
	if (lo < c->start)
		lo = c->start;
	for (int pass = 0; pass < 64; pass++) {
		bool moved = false;
		for (unsigned j = lo; j < c->hi; j++) {
			if (!held_by_receiver(c, j))
				continue;
			const struct ladder_row *h = row(c, j);
			uint32_t b = h->seg.seq + !!has(h, SYNACK_TH_SYN);
			uint32_t e = b + h->seg.len + !!has(h, SYNACK_TH_FIN);
			if (sge(nxt, b) && sgt(e, nxt)) {
				nxt = e;
				moved = true;
			}
		}
		if (!moved)
			break;
	}
	if (lowest_above) {
		for (unsigned j = lo; j < c->hi; j++) {
			if (!held_by_receiver(c, j) || !row(c, j)->seg.len)
				continue;
			uint32_t b = row(c, j)->seg.seq;
			if (sgt(b, nxt) && sgt(*lowest_above, b))
				*lowest_above = b;
		}
	}
	return nxt;
}

/* The next byte the receiver expected when the row arrived: its latest
 * ACK before then, moved on by the sender's data that had arrived since. */
static bool rcv_next(const struct ctx *c, uint32_t *out)
{
	const struct ladder_row *r = c->r;
	uint64_t t = r->arrived;
	bool have = false;
	uint32_t nxt = 0;
	unsigned lo = c->i > SCAN_DATA ? c->i - SCAN_DATA : 0;
	if (lo < c->start)
		lo = c->start;
	for (unsigned j = lo; j < c->hi; j++) {
		const struct ladder_row *h = row(c, j);
		if (j == c->i || !on_conn(c, h) || h->from != c->rv || !has(h, SYNACK_TH_ACK) ||
		    has(h, SYNACK_TH_RST) || h->sent > t ||
		    (h->sent == t && h->sent_order > r->arrived_order))
			continue;
		if (!have || sgt(h->seg.ack, nxt))
			nxt = h->seg.ack;
		have = true;
	}
	if (!have)
		return false;
	*out = extend_held(c, nxt, NULL);
	return true;
}

/* Data: in order, out of order, or filling a hole. */
static const struct text *data_received(struct ctx *c, bool op, synack_state rs)
{
	const struct ladder_row *r = c->r;
	uint32_t nxt;
	if (op || !rcv_next(c, &nxt))
		return &recv_data_generic;
	uint32_t seq = r->seg.seq, base = r->rel_seq_known ? seq - r->rel_seq : 0;
	if (sgt(seq, nxt)) {
		uint32_t first_held = seq;
		extend_held(c, nxt, &first_held);
		setv(c, V_RNXT, "%" PRIu32, nxt - base);
		setv(c, V_GAPEND, "%" PRIu32, first_held - base - 1);
		return sack_on(c) ? &recv_data_ooo_sack : &recv_data_ooo;
	}
	uint32_t end = seq + r->seg.len + !!has(r, SYNACK_TH_FIN);
	uint32_t after = extend_held(c, sgt(end, nxt) ? end : nxt, NULL);
	if (sgt(after, end) && sgt(end, nxt)) {
		setv(c, V_NEXT, "%" PRIu32, after - base);
		return &recv_data_fills_hole;
	}
	if (rs == SYNACK_FIN_WAIT_1 || rs == SYNACK_FIN_WAIT_2)
		return &recv_data_half;
	return &recv_data_inorder;
}

const struct text *data_accepted(struct ctx *c, enum kind k, const struct receiver *rx)
{
	const struct ladder_row *r = c->r;
	switch (k) {
	case K_DATA:
		if (rx->known && rx->before == SYNACK_SYN_RECEIVED && rx->after == SYNACK_ESTABLISHED)
			return &recv_handshake_by_data;
		return data_received(c, rx->opaque, rx->after);
	case K_ZWP:
		return &recv_zwp;
	case K_KEEPALIVE:
		return &recv_keepalive;
	case K_ACK:
		if (c->msg == &why_dupack)
			return already_resent(c, r->seg.ack) ? &recv_dupack_recovering
							     : &recv_dupack;
		if (c->msg == &why_ack_data || c->msg == &why_ack_delayed)
			return &recv_ack_data;
		return NULL;
	default:
		return NULL;
	}
}

/* ---------------------------------------------- what the receiver drops */

static const struct text recv_dup = {
	"The {R} already has everything in this segment (its sequence numbers are below "
	"what it expects): it discards it and sends an ACK with its current numbers.",
	"{R}已经有这个报文段的全部内容（其序号低于它期望的序号）：它丢弃该报文段，并发送一个"
	"带当前序号的 ACK。",
};

static const struct text recv_oow = {
	"The segment falls outside the {R}'s receive window: it is discarded and answered "
	"with an ACK.",
	"该报文段落在{R}的接收窗口之外：它被丢弃，{R}回复一个 ACK。",
};

static const struct text recv_paws = {
	"Its timestamp is older than the last one the {R} accepted (PAWS, RFC 7323): it is "
	"discarded as an old duplicate and answered with an ACK.",
	"它的时间戳比{R}上次接受的更旧（PAWS，RFC 7323）：它作为旧的重复报文段被丢弃，"
	"{R}回复一个 ACK。",
};

static const struct text recv_ack_unsent = {
	"It acknowledges data the {R} has never sent: the {R} discards it and answers with "
	"an ACK.",
	"它确认了{R}从未发送过的数据：{R}丢弃它并回复一个 ACK。",
};

static const struct text recv_ack_too_old = {
	"Its acknowledgement number is too old to be plausible (RFC 5961): the {R} discards "
	"it and sends a challenge ACK.",
	"它的确认号太旧，不可信（RFC 5961）：{R}丢弃它并发送挑战 ACK。",
};

const struct text *data_dropped(const struct ctx *c)
{
	switch (c->r->drop_reason) {
	case SYNACK_R_DROP_DUPLICATE: return &recv_dup;
	case SYNACK_R_DROP_OUT_OF_WINDOW: return &recv_oow;
	case SYNACK_R_DROP_PAWS: return &recv_paws;
	case SYNACK_R_DROP_ACK_UNSENT: return &recv_ack_unsent;
	case SYNACK_R_DROP_ACK_TOO_OLD: return &recv_ack_too_old;
	default: return NULL;
	}
}

/* --------------------------------------------------------------- losses */

static const struct text lost_data = {
	"The segment is lost: the {S} keeps the bytes until they are acknowledged and sends "
	"them again when its retransmission timer expires, or sooner if duplicate ACKs or "
	"SACK blocks from the {R} reveal the loss.",
	"这个报文段丢失了：{S}在数据被确认之前一直保留它们，并将在重传计时器超时后重发；"
	"如果{R}的重复 ACK 或 SACK 块先暴露了丢失，则会更早重发。",
};

/* also an ACK of a FIN (explain_close.c) */
const struct text lost_ack = {
	"The ACK is lost. ACKs are not retransmitted, but they are cumulative: a later ACK "
	"covers the same bytes, and if none comes in time the {R} retransmits.",
	"这个 ACK 丢失了。ACK 本身不会被重传，但确认是累积的：之后的 ACK 会覆盖同样的字节；"
	"若没有及时到来，{R}会重传数据。",
};

static const struct text lost_keepalive = {
	"The probe is lost: the {R} never sees it. The {S} sends another probe after its "
	"keepalive interval, and drops the connection only when several probes in a row go "
	"unanswered.",
	"这个探测报文丢失了：{R}根本没有收到。{S}在保活间隔后再发一个探测，只有连续多"
	"个探测都没有应答时才会丢弃连接。",
};

static const struct text lost_zwp = {
	"The probe is lost: the {S} sends another when its persist timer fires again, "
	"backing off each time; the window the {R} may have opened meanwhile is learnt "
	"from the answer to a later probe or from the {R}'s window update.",
	"这个探测报文丢失了：{S}在坚持计时器再次到期时再发一个探测，每次退避；{R}在此"
	"期间可能已经打开的窗口，会从之后某个探测的应答或{R}的窗口更新中得知。",
};

const struct text *data_lost(enum kind k)
{
	switch (k) {
	case K_THIRD_DATA:
	case K_DATA:
		return &lost_data;
	case K_ZWP:
		return &lost_zwp;
	case K_ACK:
		return &lost_ack;
	case K_KEEPALIVE:
		return &lost_keepalive;
	default:
		return NULL;
	}
}
