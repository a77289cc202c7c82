/* Explanations of ladder rows (explain.h).
 *
 * A row is first classified: what kind of segment it is (from its flags,
 * the sender's reason `why`, and the rows around it), which sentence says
 * why it was sent, and which sentence says what the receiver checks (or
 * what its loss leads to).  Each sentence lives once in `texts`, English
 * and Chinese side by side, with {name} placeholders that are filled from
 * the row: {seq} and {ack} are relative numbers as the ladder shows them
 * (absolute when the ISN was not seen), {seqabs}/{ackabs} absolute ones.
 *
 * Notation as in docs and LIFECYCLE.md: x = ISN of the client (active
 * opener), y = ISN of the server, u = sequence number of the active
 * closer's FIN, w = that of the passive closer's FIN. */
#include "explain.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Rows looked at before and after the row explained: bounded work per
 * row, even on ladders of a long transfer. */
#define SCAN_BEFORE 2048
#define SCAN_AFTER 64
#define SCAN_DATA 256 /* for the receiver's next expected byte */
/* An ACK later than this after the data it covers was held back by a
 * delayed-ACK timer (the shortest in use is Linux's 40 ms; real hosts
 * take well under this to answer at once). */
#define DELAYED_ACK_MIN 5000000ull

/* ----------------------------------------------------------- sentences */

enum msg {
	M_NONE,
	/* why the segment was sent: the handshake */
	M_SYN,
	M_SYN_NEW,
	M_SYN_NOROLE,
	M_SYN_OLD,
	M_SYN_REXMIT,
	M_SYNACK,
	M_SYNACK_OLDSYN,
	M_SYNACK_COOKIE,
	M_SYNACK_REXMIT,
	M_SYNACK_DUPSYN,
	M_SYNACK_SIMUL,
	M_THIRD_ACK,
	M_THIRD_DATA,
	/* data and ACKs */
	M_DATA,
	M_DATA_PIGGY,
	M_DATA_HALF,
	M_ACK_DATA,
	M_ACK_DELAYED,
	M_ACK_PURE,
	M_DUPACK,
	M_WINUPD,
	M_ACK_OOO_WINDOW,
	M_REACK_DUP,
	M_REACK_OTHER,
	M_CHALLENGE,
	M_REACK_SYNACK,
	M_KEEPALIVE,
	M_ZWP,
	/* retransmissions */
	M_REXMIT_RTO,
	M_REXMIT_RTO_NODUR,
	M_REXMIT_GOBACK,
	M_REXMIT_GENERIC,
	M_FAST_REXMIT,
	M_FAST_REXMIT_SACK,
	M_SACK_LOST,
	M_SACK_HOLE,
	M_SACK_RESCUE,
	M_SACK_HOLE_NR,
	M_LOST_REXMIT,
	M_PARTIAL,
	M_TLP,
	M_TLP_NEW,
	/* the close */
	M_FIN_ACTIVE,
	M_DATA_FIN,
	M_FIN_PASSIVE,
	M_FIN_PASSIVE_DATA,
	M_FIN_PASSIVE_3SEG,
	M_FIN_SIMUL,
	M_FIN_REXMIT,
	M_FIN_REXMIT_DATA,
	M_FIN_AGAIN,
	M_ACK_FIN_PASSIVE,
	M_FINAL_ACK,
	M_ACK_FIN_CLOSING,
	M_ACK_FIN_TW,
	M_REACK_TW,
	/* resets */
	M_RST_CLOSED_PORT,
	M_RST_SYNACK_NOCONN,
	M_RST_STALE,
	M_RST_FORGOTTEN,
	M_RST_NOCONN_SEQ,
	M_RST_NOCONN_ACK,
	M_RST_BAD_ACK,
	M_RST_LISTENER,
	M_RST_DATA_AFTER_CLOSE,
	M_RST_ABORT,
	M_RST_GENERIC,
	/* what the receiver checks and does */
	R_SYN_LISTEN,
	R_SYN_OLD,
	R_SYN_OPAQUE,
	R_SYN_COOKIE,
	R_SYN_SIMUL,
	R_SYN_AGAIN,
	R_SYN_TW_REUSE,
	R_SYN_DATA,
	R_CLOSED_PORT,
	R_SYN_BACK_TO_LISTEN,
	R_SYN_CHALLENGE,
	R_SYN_QUEUE_FULL,
	R_SYNACK,
	R_SYNACK_SIMUL,
	R_SYNACK_DUP,
	R_SYNACK_DUP_ESTAB,
	R_SYNACK_STALE,
	R_SYNACK_NOCONN,
	R_THIRD_ACK,
	R_THIRD_COOKIE,
	R_THIRD_DATA,
	R_HANDSHAKE_BY_DATA,
	R_ACCEPTQ_FULL,
	R_BAD_ACK_SYNRCVD,
	R_ACK_LISTENER,
	R_DATA_INORDER,
	R_DATA_HALF,
	R_DATA_OOO,
	R_DATA_FILLS_HOLE,
	R_DATA_OOO_SACK,
	R_DATA_GENERIC,
	R_DATA_AFTER_CLOSE,
	R_FORGOTTEN,
	R_NOCONN,
	R_ZWP,
	R_KEEPALIVE,
	R_ACK_DATA,
	R_DUPACK,
	R_DUPACK_RECOVERING,
	R_ACK_FIN_FW1,
	R_ACK_FIN_LASTACK,
	R_ACK_FIN_CLOSING,
	R_FIN_ESTAB,
	R_FIN_FW2,
	R_FIN_LASTACK,
	R_FIN_FW1_BOTH,
	R_FIN_CLOSING,
	R_FIN_TW_DUP,
	R_DUP,
	R_OOW,
	R_PAWS,
	R_ACK_UNSENT,
	R_ACK_TOO_OLD,
	R_RST_CHALLENGE,
	R_RST_OOW,
	R_RST_IGNORED,
	R_RST_REFUSED,
	R_RST_BACK_TO_LISTEN,
	R_RST_RESET,
	R_RST_TW,
	R_RST_FORGOTTEN,
	R_RST_GENERIC,
	R_DROP_GENERIC,
	/* what a loss leads to */
	L_SYN,
	L_SYNACK,
	L_THIRD,
	L_DATA,
	L_ACK,
	L_FIN,
	L_ACK_FIN_PASSIVE,
	L_FINAL_ACK,
	L_RST,
	L_GENERIC,
	/* timer notes */
	N_2MSL,
	N_2MSL_RESTART,
	N_FW2,
	N_SYNACK_EXH,
	N_SYNACK_EXH_PEER,
	N_SYN_EXH,
	N_REXMT_EXH,
	N_GENERIC,
	/* ECN (RFC 3168), after the rest */
	E_SYN,
	E_SYNACK,
	E_CE,
	E_ECE_FIRST,
	E_ECE_AGAIN,
	E_CWR,
	M_COUNT
};

/* Each sentence in both languages, side by side. */
static const struct text {
	const char *en, *zh;
} texts[M_COUNT] = {
	[M_NONE] = {"", ""},

	/* ------------------------------------------------ the handshake */
	[M_SYN] = {
		"The {S} opens the connection (active open): SYN with seq = {seq} (x, its initial "
		"sequence number, chosen unpredictably for each connection; absolute {seqabs}); "
		"options: {opts}. It is now SYN-SENT; the SYN takes up one sequence number.",
		"{S}主动打开连接：发送 SYN，seq = {seq}（x，即初始序号 ISN，每个连接都不可预测地选取；"
		"绝对值为 {seqabs}）；选项：{opts}。它进入 SYN-SENT 状态，这个 SYN 占用一个序号。"},
	[M_SYN_NEW] = {
		"The {S} starts a new connection attempt on the same ports, with a new initial "
		"sequence number: SYN with seq = {seq} (x, absolute {seqabs}); options: {opts}. "
		"It is SYN-SENT.",
		"{S}在相同的端口上发起一次新的连接尝试，并使用新的初始序号：发送 SYN，seq = {seq}"
		"（x，绝对值为 {seqabs}）；选项：{opts}。它处于 SYN-SENT 状态。"},
	[M_SYN_NOROLE] = {
		"The {S} sends a SYN to open the connection: seq = {seq} (its initial sequence "
		"number, absolute {seqabs}); options: {opts}. It is now SYN-SENT.",
		"{S}发送 SYN 以打开连接：seq = {seq}（它的初始序号，绝对值为 {seqabs}）；"
		"选项：{opts}。它进入 SYN-SENT 状态。"},
	[M_SYN_OLD] = {
		"An old duplicate SYN: a SYN from an earlier attempt on the same ports (seq = {seqabs}, "
		"absolute), delayed in the network, arrives now. The {S}'s stack did not send it "
		"now (the scenario injects it) and holds no connection it belongs to.",
		"一个旧的重复 SYN：同一对端口上一次较早尝试发出的 SYN（seq = {seqabs}，绝对值），"
		"在网络中滞留后现在才到达。{S}的协议栈此刻并没有发送它（由场景注入），"
		"也没有它所属的连接。"},
	[M_SYN_REXMIT] = {
		"No SYN,ACK reached the {S} within {dur}: its retransmission timer expired, so it "
		"sends the same SYN again (seq = {seq}, the same ISN), retransmission #{n}. The "
		"timeout doubles after each try; when the SYN retries run out, the connect fails "
		"with a timeout.",
		"{S}在 {dur}内没有收到 SYN,ACK：重传计时器超时，于是再次发送同一个 SYN（seq = {seq}，"
		"ISN 不变），这是第 {n} 次重传。每重传一次，超时时间加倍；SYN 重传次数用完后，"
		"连接请求以超时失败。"},
	[M_SYNACK] = {
		"The {S} answers the {R}'s SYN with a SYN of its own plus an ACK: seq = {seq} (y, "
		"its initial sequence number; absolute {seqabs}) and ack = {ack} (x+1: the {R}'s "
		"SYN took up one sequence number); options: {opts} (an option is used only if both "
		"sides offer it). It is in SYN-RECEIVED.",
		"{S}用自己的 SYN 加上 ACK 回应{R}的 SYN：seq = {seq}（y，即它的初始序号；绝对值为 "
		"{seqabs}），ack = {ack}（x+1：{R}的 SYN 占用了一个序号）；选项：{opts}（只有双方都"
		"提供的选项才会启用）。它处于 SYN-RECEIVED 状态。"},
	[M_SYNACK_OLDSYN] = {
		"The {S} answers the SYN it has just received (sequence number {trigseq}, absolute) "
		"with SYN,ACK: seq = {seqabs} (its ISN, absolute) and ack = {ackabs}, that SYN's "
		"sequence number + 1; it is in SYN-RECEIVED. That SYN, however, was an old one, not "
		"the {R}'s current attempt.",
		"{S}用 SYN,ACK 回应刚收到的 SYN（序号绝对值为 {trigseq}）：seq = {seqabs}（它的 ISN，"
		"绝对值），ack = {ackabs}，即那个 SYN 的序号加 1；它处于 SYN-RECEIVED 状态。"
		"但那个 SYN 是旧的，并不属于{R}当前的连接尝试。"},
	[M_SYNACK_COOKIE] = {
		"The {S}'s queue of half-open connections is full, so it answers with a SYN cookie "
		"(RFC 4987): its sequence number (seq = {seq}, y = {seqabs}) is computed from the "
		"addresses and ports, the {R}'s ISN, a coarse clock and a secret, with the MSS "
		"encoded in it, and ack = {ack} (x+1). The {S} keeps no state for this half-open "
		"connection.",
		"{S}的半连接队列已满，因此用 SYN cookie 应答（RFC 4987）：它的序号（seq = {seq}，"
		"y = {seqabs}）由地址和端口、{R}的 ISN、一个粗粒度时钟和一个密钥算出，其中还编码了 "
		"MSS；ack = {ack}（x+1）。{S}不为这个半连接保存任何状态。"},
	[M_SYNACK_REXMIT] = {
		"No ACK of its SYN,ACK reached the {S} within {dur}: still in SYN-RECEIVED, it "
		"sends the same SYN,ACK again (seq = {seq}, ack = {ack}), retransmission #{n}, "
		"with the timeout doubling each time; when its SYN,ACK retries run out it drops the "
		"half-open connection.",
		"{S}在 {dur}内没有收到对其 SYN,ACK 的确认：它仍处于 SYN-RECEIVED，再次发送同样的 "
		"SYN,ACK（seq = {seq}，ack = {ack}），这是第 {n} 次重传，超时时间每次加倍；"
		"SYN,ACK 重传次数用完后，它将丢弃这个半连接。"},
	[M_SYNACK_DUPSYN] = {
		"The {R}'s SYN arrived again, so the {S}'s SYN,ACK was probably lost: still in "
		"SYN-RECEIVED, the {S} answers at once with the same SYN,ACK (seq = {seq}, "
		"ack = {ack}).",
		"{R}的 SYN 又到达了，说明{S}的 SYN,ACK 很可能已经丢失：{S}仍处于 SYN-RECEIVED，"
		"立即再次发送同样的 SYN,ACK（seq = {seq}，ack = {ack}）。"},
	[M_SYNACK_SIMUL] = {
		"The {R}'s SYN crossed the {S}'s own (simultaneous open): the {S} went SYN-SENT -> "
		"SYN-RECEIVED and sends SYN,ACK, repeating its SYN with the same ISN (seq = {seq}) "
		"and acknowledging the {R}'s SYN (ack = {ack}).",
		"{R}的 SYN 与{S}自己的 SYN 在途中交错（同时打开）：{S}由 SYN-SENT 进入 SYN-RECEIVED，"
		"发送 SYN,ACK，用相同的 ISN 重复自己的 SYN（seq = {seq}），并确认{R}的 SYN"
		"（ack = {ack}）。"},
	[M_THIRD_ACK] = {
		"The {S} completes the three-way handshake with an ACK (no SYN flag): seq = {seq} "
		"(x+1), ack = {ack} (y+1), acknowledging the {R}'s SYN. The {S} has been "
		"ESTABLISHED since the SYN,ACK arrived.",
		"{S}用一个 ACK（不带 SYN 标志）完成三次握手：seq = {seq}（x+1），ack = {ack}（y+1），"
		"确认{R}的 SYN。{S}在收到 SYN,ACK 时就已进入 ESTABLISHED。"},
	[M_THIRD_DATA] = {
		"The first segment the {S} sends after the SYN,ACK carries data: as the third "
		"segment of the handshake it acknowledges the {R}'s SYN (ack = {ack}, y+1; no SYN "
		"flag), and it brings {len} bytes starting at seq = {seq} (x+1).",
		"{S}收到 SYN,ACK 后发送的第一个报文段就携带了数据：它作为三次握手的第三个报文段确认{R}"
		"的 SYN（ack = {ack}，即 y+1；不带 SYN 标志），同时带来从 seq = {seq}（x+1）开始的 "
		"{len} 字节数据。"},

	/* ------------------------------------------------ data and ACKs */
	[M_DATA] = {
		"The {S} sends {len} bytes, seq = {seq} to {last}; ack = {ack} is the next sequence "
		"number it expects from the {R}, and its receive window is {win}.",
		"{S}发送 {len} 字节数据，序号从 {seq} 到 {last}；ack = {ack} 是它期望从{R}收到的"
		"下一个序号，它的接收窗口为 {win}。"},
	[M_DATA_PIGGY] = {
		"The {S} sends {len} bytes, seq = {seq} to {last}, and the same segment acknowledges "
		"the {R}'s data: ack = {ack} is the next sequence number it expects (the ACK rides on "
		"the data); its receive window is {win}.",
		"{S}发送 {len} 字节数据，序号从 {seq} 到 {last}，同一个报文段还确认了{R}的数据："
		"ack = {ack} 是它期望的下一个序号（确认搭载在数据上）；它的接收窗口为 {win}。"},
	[M_DATA_HALF] = {
		"The {S} has received the {R}'s FIN (it is in CLOSE-WAIT) but has not closed its own "
		"direction, so it may go on sending (half-close): {len} bytes, seq = {seq} to {last}.",
		"{S}已收到{R}的 FIN（处于 CLOSE-WAIT），但还没有关闭自己这个方向，所以仍可继续发送"
		"数据（半关闭）：{len} 字节，序号从 {seq} 到 {last}。"},
	[M_ACK_DATA] = {
		"The {S} acknowledges the {R}'s data: ack = {ack} is the next sequence number it "
		"expects (everything before it has arrived). A pure ACK carries no data and takes "
		"up no sequence number (seq = {seq}); receive window {win}.",
		"{S}确认{R}的数据：ack = {ack} 是它期望的下一个序号（此前的数据都已收到）。纯 ACK "
		"不携带数据，也不占用序号（seq = {seq}）；接收窗口为 {win}。"},
	[M_ACK_DELAYED] = {
		"A delayed ACK: no data of its own went back within {dur}, so the {S} acknowledges "
		"the {R}'s data by itself: ack = {ack}, the next sequence number it expects; "
		"seq = {seq}, receive window {win}.",
		"延迟确认：{dur}内{S}没有数据可以捎带确认，于是单独确认{R}的数据：ack = {ack}，"
		"即它期望的下一个序号；seq = {seq}，接收窗口为 {win}。"},
	[M_ACK_PURE] = {
		"A pure ACK: ack = {ack} is the next sequence number the {S} expects; it carries no "
		"data and takes up no sequence number (seq = {seq}); receive window {win}.",
		"纯 ACK：ack = {ack} 是{S}期望的下一个序号；它不携带数据，也不占用序号"
		"（seq = {seq}）；接收窗口为 {win}。"},
	[M_DUPACK] = {
		"Duplicate ACK #{n}: a segment arrived out of order, so the {S} again asks for "
		"seq = {ack}, the first byte it is missing{sack}.",
		"第 {n} 个重复 ACK：有报文段失序到达，{S}再次请求 seq = {ack}，即它缺少的第一个"
		"字节{sack}。"},
	[M_WINUPD] = {
		"A window update: the {S}'s application has read data, so it tells the {R} that its "
		"receive window is now {win} (ack = {ack}, unchanged).",
		"窗口更新：{S}的应用程序读走了数据，它告诉{R}接收窗口现在为 {win}（ack = {ack}，"
		"没有变化）。"},
	[M_ACK_OOO_WINDOW] = {
		"A segment arrived out of order, so the {S} again asks for seq = {ack}{sack}. Its "
		"receive window also changed (now {win}: its application has read data), so by RFC "
		"5681 this ACK does not count as a duplicate.",
		"一个报文段失序到达，因此{S}再次索要 seq = {ack}{sack}。它的接收窗口也变了（现在为 "
		"{win}：应用程序读走了数据），所以按 RFC 5681，这个 ACK 不算重复 ACK。"},
	[M_REACK_DUP] = {
		"The segment from the {R} that just arrived held nothing new (a duplicate), so the "
		"{S} repeats its acknowledgement: ack = {ack} is the next sequence number it expects.",
		"刚到达的{R}的报文段没有任何新内容（是重复的），所以{S}重复它的确认：ack = {ack} "
		"是它期望的下一个序号。"},
	[M_REACK_OTHER] = {
		"The {S} discarded the segment that just arrived from the {R} and answers with an "
		"ACK saying what it does expect: ack = {ack}, seq = {seq}.",
		"{S}丢弃了刚从{R}到达的报文段，并用一个 ACK 说明它实际期望的内容：ack = {ack}，"
		"seq = {seq}。"},
	[M_CHALLENGE] = {
		"A challenge ACK (RFC 5961): the {R}'s last segment (a RST or SYN not exactly where "
		"expected, or a too old ACK) could be forged, so instead of acting on it the {S} "
		"sends an ACK with its current numbers (seq = {seq}, ack = {ack}); a genuine peer "
		"that has lost the connection answers it with a RST carrying exactly the right "
		"sequence number.",
		"挑战 ACK（RFC 5961）：{R}刚发来的报文段（序号不完全符合预期的 RST 或 SYN，或过旧的 "
		"ACK）可能是伪造的，{S}不据此采取行动，而是发送一个带有当前序号的 ACK（seq = {seq}，"
		"ack = {ack}）；真正失去了连接的对端会回复一个序号完全正确的 RST。"},
	[M_REACK_SYNACK] = {
		"The {S} answers the duplicate SYN,ACK with an ACK carrying its current numbers "
		"(seq = {seq}, ack = {ack}): in effect the third segment of the handshake again. If "
		"it arrives, the {R} leaves SYN-RECEIVED for ESTABLISHED.",
		"{S}用一个带有当前序号的 ACK（seq = {seq}，ack = {ack}）回应这个重复的 SYN,ACK："
		"这实际上就是再发一次握手的第三个报文段。只要它能到达，{R}就会由 SYN-RECEIVED 进入 "
		"ESTABLISHED。"},
	[M_KEEPALIVE] = {
		"The connection has been idle for the keepalive time: the {S} sends a keepalive "
		"probe, an ACK with seq = {seq}, one below its next sequence number, which the {R} "
		"must answer with an ACK if it is still there.",
		"连接空闲已达到保活时间：{S}发送保活探测报文，即 seq = {seq}（比它的下一个序号小 1）"
		"的 ACK；如果{R}仍然存在，就必须回复 ACK。"},
	[M_ZWP] = {
		"The {R} advertised a zero window, so the {S} may not send; its persist timer "
		"expired and it sends a window probe of one byte (seq = {seq}), so that the {R}'s "
		"answering ACK tells it whether the window has opened (RFC 9293 3.8.6.1).",
		"{R}通告了零窗口，{S}不能发送数据；坚持计时器超时后，它发送一个 1 字节的窗口探测"
		"报文（seq = {seq}），{R}回复的 ACK 会告诉它窗口是否已经打开（RFC 9293 3.8.6.1）。"},

	/* ---------------------------------------------- retransmissions */
	[M_REXMIT_RTO] = {
		"The {S}'s retransmission timer expired {dur} after these bytes were last sent, "
		"with no ACK for them: it sends {len} bytes from seq = {seq} again (retransmission "
		"#{n}), doubles the timeout for the next expiry (RFC 6298) and restarts slow start "
		"from one segment (RFC 5681).",
		"{S}的重传计时器在这些字节上次发送 {dur} 后超时，仍未收到对它们的确认：它从 "
		"seq = {seq} 起重传 {len} 字节（第 {n} 次重传），把下一次的超时时间加倍"
		"（RFC 6298），并从一个报文段开始重新慢启动（RFC 5681）。"},
	[M_REXMIT_RTO_NODUR] = {
		"The {S}'s retransmission timer expired with no ACK for these bytes: it sends {len} "
		"bytes from seq = {seq} again, doubles the timeout for the next expiry (RFC 6298) "
		"and restarts slow start from one segment (RFC 5681).",
		"{S}的重传计时器超时，仍未收到对这些字节的确认：它从 seq = {seq} 起重传 {len} 字节，"
		"把下一次的超时时间加倍（RFC 6298），并从一个报文段开始重新慢启动（RFC 5681）。"},
	[M_REXMIT_GOBACK] = {
		"After its retransmission timeout the {S} went back to the oldest unacknowledged "
		"byte and sends everything from there again; the ACK that just arrived leaves room "
		"for {len} more bytes, seq = {seq} to {last}.",
		"重传超时之后，{S}回到最早未被确认的字节，从那里起把数据全部重发；刚到达的 ACK "
		"又腾出了空间，于是重传 {len} 字节，序号从 {seq} 到 {last}。"},
	[M_REXMIT_GENERIC] = {
		"The {S} sends bytes it has sent before (a retransmission): {len} bytes, seq = {seq} "
		"to {last}.",
		"{S}再次发送之前发送过的数据（重传）：{len} 字节，序号从 {seq} 到 {last}。"},
	[M_FAST_REXMIT] = {
		"{n} duplicate ACKs asking for seq = {seq} told the {S} that this segment was lost "
		"while later ones arrived: it sends it again at once, without waiting for its timer "
		"(fast retransmit, RFC 5681), and enters fast recovery with its slow-start threshold "
		"set to half the data in flight.",
		"{n} 个请求 seq = {seq} 的重复 ACK 告诉{S}：这个报文段丢失了，而后面的报文段已经到达；"
		"它不等重传计时器超时就立即重传（快速重传，RFC 5681），并进入快速恢复，把慢启动阈值"
		"设为在途数据量的一半。"},
	[M_FAST_REXMIT_SACK] = {
		"After {n} duplicate ACK(s), the {R}'s SACK blocks show more than two segments' worth "
		"of data (or three separate ranges) above seq = {seq}: by RFC 6675 this segment "
		"counts as lost without waiting for a third duplicate ACK. The {S} sends it again at "
		"once and enters loss recovery with its slow-start threshold set to half the data "
		"in flight.",
		"收到 {n} 个重复 ACK 后，{R}的 SACK 块表明 seq = {seq} 之后已收到超过两个报文段的"
		"数据（或三个不相连的区间）：按 RFC 6675，无需等到第三个重复 ACK，这个报文段即被判定"
		"为丢失。{S}立即重传它，并进入丢包恢复，把慢启动阈值设为在途数据量的一半。"},
	[M_SACK_LOST] = {
		"SACK-based loss recovery (RFC 6675): the {R}'s SACK blocks show that data above "
		"seq = {seq} arrived while this segment did not, so it is deemed lost and the {S} "
		"sends it again as the data in flight (the pipe) allows.",
		"基于 SACK 的丢包恢复（RFC 6675）：{R}的 SACK 块表明 seq = {seq} 之后的数据已经到达"
		"而这个报文段没有，因此判定它已丢失，{S}在在途数据量（pipe）允许时重传它。"},
	[M_SACK_HOLE] = {
		"SACK-based loss recovery (RFC 6675): with no new data to send, the {S} resends a "
		"hole the SACK blocks show has not arrived yet (seq = {seq}), although it is not "
		"yet deemed lost.",
		"基于 SACK 的丢包恢复（RFC 6675）：没有新数据可发，{S}重传一个 SACK 块显示尚未到达"
		"的空缺（seq = {seq}），尽管它还没有被判定为丢失。"},
	[M_SACK_RESCUE] = {
		"SACK-based loss recovery (RFC 6675): one rescue retransmission of the last {len} "
		"outstanding bytes (seq = {seq} to {last}), so that a lost tail does not have to "
		"wait for the retransmission timer.",
		"基于 SACK 的丢包恢复（RFC 6675）：对最后 {len} 个未确认的字节（序号 {seq} 到 "
		"{last}）做一次救援重传，使丢失的尾部不必等到重传计时器超时。"},
	[M_SACK_HOLE_NR] = {
		"In fast recovery, a duplicate or partial ACK lets the {S} resend the next hole "
		"below the highest byte the {R} reported by SACK: seq = {seq}, {len} bytes.",
		"在快速恢复中，重复 ACK 或部分确认使{S}可以重传{R}用 SACK 报告的最高字节之下的"
		"下一个空缺：seq = {seq}，{len} 字节。"},
	[M_LOST_REXMIT] = {
		"The earlier retransmission of seq = {seq} was itself lost: data sent after it has "
		"since been reported by SACK while it is still missing, so the {S} sends it once "
		"more.",
		"之前对 seq = {seq} 的重传本身也丢失了：在它之后发送的数据已被 SACK 报告收到，"
		"而它仍然缺失，因此{S}再重传一次。"},
	[M_PARTIAL] = {
		"The ACK that arrived covers only part of the data outstanding when recovery began "
		"(a partial ACK), so the segment at seq = {seq} is missing too: the {S} sends it "
		"again at once (NewReno, RFC 6582).",
		"到达的 ACK 只确认了进入恢复时在途数据的一部分（部分确认），说明 seq = {seq} 处的"
		"报文段也丢失了：{S}立即重传它（NewReno，RFC 6582）。"},
	[M_TLP] = {
		"No ACK came within the probe timeout (about two round-trip times, shorter than the "
		"retransmission timeout): the {S} sends its last segment again (seq = {seq}) as a "
		"tail loss probe (RFC 8985), so that a loss at the tail is found from the ACK it "
		"draws rather than by the retransmission timer.",
		"在探测超时（约两个往返时间，比重传超时短）内没有收到 ACK：{S}把最后一个报文段"
		"（seq = {seq}）再发送一次，作为尾部丢失探测（RFC 8985），使尾部的丢失能通过它引出的 "
		"ACK 发现，而不必等重传计时器。"},
	[M_TLP_NEW] = {
		"No ACK came within the probe timeout (about two round-trip times, shorter than the "
		"retransmission timeout): the {S} sends one new segment (seq = {seq}, {len} bytes) "
		"as a tail loss probe (RFC 8985); the ACK it draws shows whether the data before it "
		"was lost.",
		"在探测超时（约两个往返时间，比重传超时短）内没有收到 ACK：{S}发送一个新的报文段"
		"（seq = {seq}，{len} 字节）作为尾部丢失探测（RFC 8985）；它引出的 ACK 会表明之前的"
		"数据是否丢失。"},

	/* ------------------------------------------------------ closing */
	[M_FIN_ACTIVE] = {
		"The {S}'s application is done sending (close or shutdown), so it sends FIN with "
		"seq = {fin} (u) and ack = {ack}; the FIN takes up one sequence number. {sprev} -> "
		"{st}: the {S} sends no more data but can still receive.",
		"{S}的应用程序不再发送数据（close 或 shutdown），于是发送 FIN，seq = {fin}（u），"
		"ack = {ack}；FIN 占用一个序号。{S}由 {sprev} 进入 {st}：它不再发送数据，但仍可接收。"},
	[M_DATA_FIN] = {
		"The {S} sends its last {len} bytes (seq = {seq} to {last}) with FIN: the FIN has "
		"seq = {fin} (u), takes up one sequence number and says the {S} will send no more; "
		"{sprev} -> {st}, while it can still receive.",
		"{S}发送最后的 {len} 字节数据（序号 {seq} 到 {last}）并带上 FIN：FIN 的序号为 {fin}"
		"（u），占用一个序号，表示{S}不再发送数据；{S}由 {sprev} 进入 {st}，但仍可接收数据。"},
	[M_FIN_PASSIVE] = {
		"Now the {S}'s application closes too: FIN with seq = {fin} (w, its next sequence "
		"number) and ack = {ack} (u+1, as in its ACK before); {sprev} -> {st}, waiting for "
		"this FIN to be acknowledged.",
		"现在{S}的应用程序也关闭了：发送 FIN，seq = {fin}（w，即它的下一个序号），"
		"ack = {ack}（u+1，与之前的 ACK 相同）；{S}由 {sprev} 进入 {st}，等待对这个 FIN 的确认。"},
	[M_FIN_PASSIVE_DATA] = {
		"Now the {S}'s application closes too: its last {len} bytes (seq = {seq} to {last}) "
		"go with the FIN, whose sequence number is {fin} (w, the number right after the "
		"data), and ack = {ack} (u+1, as in its ACK before); {sprev} -> {st}, waiting for "
		"this FIN to be acknowledged.",
		"现在{S}的应用程序也关闭了：最后的 {len} 字节数据（序号 {seq} 到 {last}）与 FIN "
		"一起发送，FIN 的序号为 {fin}（w，紧跟在数据之后），ack = {ack}（u+1，与之前的 ACK "
		"相同）；{S}由 {sprev} 进入 {st}，等待对这个 FIN 的确认。"},
	[M_FIN_PASSIVE_3SEG] = {
		"The {S} closed before it had acknowledged the {R}'s FIN by itself, so that ACK "
		"rides on the {S}'s own FIN: seq = {fin} (w), ack = {ack} (u+1), and the close takes "
		"three segments instead of four; {sprev} -> {st}.",
		"{S}在单独确认{R}的 FIN 之前就关闭了，因此这个确认搭载在{S}自己的 FIN 上："
		"seq = {fin}（w），ack = {ack}（u+1），连接释放只用三个报文段而不是四个；"
		"{S}由 {sprev} 进入 {st}。"},
	[M_FIN_SIMUL] = {
		"The {S} closes before the {R}'s FIN has reached it (simultaneous close): FIN with "
		"seq = {fin}, ack = {ack}; {sprev} -> {st}.",
		"{R}的 FIN 还没有到达，{S}也关闭了（同时关闭）：发送 FIN，seq = {fin}，ack = {ack}；"
		"{S}由 {sprev} 进入 {st}。"},
	[M_FIN_REXMIT] = {
		"No ACK of the {S}'s FIN arrived within {dur}: still in {st}, it sends the FIN "
		"again (seq = {fin}), retransmission #{n}, with the timeout doubling each time.",
		"{S}在 {dur}内没有收到对其 FIN 的确认：它仍处于 {st}，再次发送 FIN（seq = {fin}），"
		"这是第 {n} 次重传，超时时间每次加倍。"},
	[M_FIN_REXMIT_DATA] = {
		"No ACK of the {S}'s last {len} bytes and FIN arrived within {dur}: still in {st}, "
		"it sends them again (seq = {seq}, FIN at {fin}), retransmission #{n}, with the "
		"timeout doubling each time.",
		"{S}在 {dur}内没有收到对其最后 {len} 字节数据和 FIN 的确认：它仍处于 {st}，再次发送"
		"它们（seq = {seq}，FIN 的序号为 {fin}），这是第 {n} 次重传，超时时间每次加倍。"},
	[M_FIN_AGAIN] = {
		"The {S}'s FIN (seq = {fin}) is not acknowledged yet, so, as FreeBSD does, it sets "
		"the FIN flag again on this ACK (ack = {ack}).",
		"{S}的 FIN（seq = {fin}）尚未被确认，因此它像 FreeBSD 那样在这个 ACK（ack = {ack}）"
		"上再次设置 FIN 标志。"},
	[M_ACK_FIN_PASSIVE] = {
		"The {S} acknowledges the {R}'s FIN at once: ack = {ack} (u+1, since the FIN took up "
		"one sequence number), while its own seq = {seq} is just its next sequence number, "
		"not u+1. It stays in CLOSE-WAIT: its own FIN waits until its application closes.",
		"{S}立即确认{R}的 FIN：ack = {ack}（u+1，因为 FIN 占用一个序号），而它自己的 "
		"seq = {seq} 只是它的下一个序号，并不是 u+1。它停留在 CLOSE-WAIT：自己的 FIN 要等"
		"应用程序关闭后才发送。"},
	[M_FINAL_ACK] = {
		"The {S} acknowledges the {R}'s FIN: ack = {ack} (w+1), seq = {seq} (u+1). It is now "
		"in TIME-WAIT, where it stays for 2×MSL (60 s by default) before it forgets the "
		"connection.",
		"{S}确认{R}的 FIN：ack = {ack}（w+1），seq = {seq}（u+1）。它现在处于 TIME-WAIT，"
		"要在其中停留 2×MSL（默认 60 秒）后才释放这个连接。"},
	[M_ACK_FIN_CLOSING] = {
		"The {S} acknowledges the {R}'s FIN (ack = {ack}); its own FIN is not acknowledged "
		"yet, so it is in CLOSING rather than TIME-WAIT.",
		"{S}确认{R}的 FIN（ack = {ack}）；它自己的 FIN 还没有被确认，所以处于 CLOSING 而不是 "
		"TIME-WAIT。"},
	[M_ACK_FIN_TW] = {
		"The {S} acknowledges the {R}'s FIN (ack = {ack}, one past the FIN); its own FIN "
		"has been acknowledged already, so it is in TIME-WAIT, for 2×MSL.",
		"{S}确认{R}的 FIN（ack = {ack}，即 FIN 的序号加 1）；它自己的 FIN 已被确认，因此处于 "
		"TIME-WAIT，停留 2×MSL。"},
	[M_REACK_TW] = {
		"The {S} is still in TIME-WAIT, so it can acknowledge the retransmitted FIN again "
		"(ack = {ack}) and restart its 2×MSL timer. This is why TIME-WAIT exists: had the "
		"{S} already forgotten the connection, the FIN would be answered with a RST, and the "
		"{R} would never get the ACK it needs to close cleanly.",
		"{S}仍处于 TIME-WAIT，所以能再次确认重传的 FIN（ack = {ack}），并重新启动 2×MSL "
		"计时器。这正是 TIME-WAIT 存在的原因：如果{S}已经忘掉了这个连接，这个 FIN 只会换来"
		"一个 RST，{R}就永远得不到正常关闭所需的 ACK。"},

	/* ------------------------------------------------------- resets */
	[M_RST_CLOSED_PORT] = {
		"Nothing listens on port {sport} at the {S}, so it answers the SYN with RST,ACK: "
		"seq = {seqabs} and ack = {ack} (the SYN's sequence number + 1), so that the {R} can "
		"tell the RST answers its own SYN (RFC 9293 3.10.7.1).",
		"{S}的端口 {sport} 上没有监听者，因此用 RST,ACK 回应这个 SYN：seq = {seqabs}，"
		"ack = {ack}（即 SYN 的序号加 1），使{R}能确认这个 RST 是针对它自己的 SYN 的"
		"（RFC 9293 3.10.7.1）。"},
	[M_RST_SYNACK_NOCONN] = {
		"The {S} has no connection attempt matching this SYN,ACK (it has given the attempt "
		"up, or never made it): it does not ignore it but answers with a RST whose "
		"seq = {seqabs} is the SYN,ACK's ack number, so the {R} can drop its half-open "
		"connection.",
		"{S}没有与这个 SYN,ACK 对应的连接尝试（已经放弃，或者根本没有发起过）：它不会忽略，"
		"而是回复一个 RST，其 seq = {seqabs} 就是该 SYN,ACK 的 ack 号，使{R}能够丢弃它的"
		"半连接。"},
	[M_RST_STALE] = {
		"The SYN,ACK that arrived acknowledges {trigack}, not the {S}'s current SYN: it "
		"answers some older SYN. The {S} does not ignore it: it answers with a RST whose "
		"seq = {seqabs} is that ack number, and stays in SYN-SENT, waiting for the right "
		"SYN,ACK.",
		"到达的 SYN,ACK 确认的是 {trigack}，而不是{S}当前的 SYN：它回应的是某个更早的 SYN。"
		"{S}不会忽略它，而是回复一个 RST，其 seq = {seqabs} 就是那个 ack 号，并停留在 "
		"SYN-SENT，等待正确的 SYN,ACK。"},
	[M_RST_FORGOTTEN] = {
		"The {S} no longer has this connection: the third segment of the handshake never "
		"reached it, and it dropped the half-open connection when its SYN,ACK retries ran "
		"out. So it answers with a RST whose seq = {seqboth} is the segment's ack number (RFC "
		"9293 3.10.7.1).",
		"{S}已经没有这个连接了：握手的第三个报文段一直没有到达，它在 SYN,ACK 重传次数用完后"
		"丢弃了这个半连接。因此它回复一个 RST，其 seq = {seqboth} 即该报文段的 ack 号"
		"（RFC 9293 3.10.7.1）。"},
	[M_RST_NOCONN_SEQ] = {
		"The {S} has no connection for this segment's addresses and ports, so it answers "
		"with a RST whose seq = {seqboth} is the segment's ack number (RFC 9293 3.10.7.1).",
		"{S}没有与该报文段的地址和端口对应的连接，因此回复一个 RST，其 seq = {seqboth} 即"
		"该报文段的 ack 号（RFC 9293 3.10.7.1）。"},
	[M_RST_NOCONN_ACK] = {
		"The {S} has no connection for this segment's addresses and ports, so it answers "
		"with RST,ACK: seq = {seqabs} and ack = {ackabs}, the segment's sequence number plus "
		"its length (RFC 9293 3.10.7.1).",
		"{S}没有与该报文段的地址和端口对应的连接，因此回复 RST,ACK：seq = {seqabs}，"
		"ack = {ackabs}，即该报文段的序号加上它的长度（RFC 9293 3.10.7.1）。"},
	[M_RST_BAD_ACK] = {
		"The ACK that arrived does not acknowledge the {S}'s SYN,ACK, so the {S}, in "
		"SYN-RECEIVED, answers with a RST whose seq = {seqboth} is that ack number (RFC 9293 "
		"3.10.7.4).",
		"到达的 ACK 没有确认{S}的 SYN,ACK，因此处于 SYN-RECEIVED 的{S}回复一个 RST，其 "
		"seq = {seqabs} 即那个 ack 号（RFC 9293 3.10.7.4）。"},
	[M_RST_LISTENER] = {
		"An ACK reached the {S}'s listening socket without a matching half-open connection "
		"(or a valid SYN cookie): it answers with a RST whose seq = {seqboth} is the ACK's "
		"acknowledgement number (RFC 9293 3.10.7.2).",
		"一个 ACK 到达了{S}的监听套接字，却没有对应的半连接（也没有有效的 SYN cookie）："
		"它回复一个 RST，其 seq = {seqboth} 即该 ACK 的确认号（RFC 9293 3.10.7.2）。"},
	[M_RST_DATA_AFTER_CLOSE] = {
		"The {S}'s application has already closed the socket, so nobody can read the data "
		"that arrived: the {S} aborts with a RST instead of acknowledging it (RFC 2525; Linux "
		"does the same).",
		"{S}的应用程序已经关闭了套接字，到达的数据无人读取：{S}不确认这些数据，而是用 RST "
		"中止连接（RFC 2525；Linux 也这样做）。"},
	[M_RST_ABORT] = {
		"The {S} aborts the connection with a RST (seq = {seq}): its application closed it "
		"with unread data or with linger 0, or aborted it, or the retransmissions ran out. "
		"There is no orderly close and no TIME-WAIT.",
		"{S}用 RST（seq = {seq}）中止连接：应用程序在仍有未读数据或 linger 为 0 时关闭了它，"
		"或者主动中止了它，或者重传次数已经用完。这样既没有正常的关闭过程，也没有 TIME-WAIT。"},
	[M_RST_GENERIC] = {
		"The {S} sends a RST (seq = {seq}) to reset the connection.",
		"{S}发送 RST（seq = {seq}）复位连接。"},

	/* ----------------------------------------------- the receiver */
	[R_SYN_LISTEN] = {
		"The {R}, in LISTEN, accepts the SYN and records x: LISTEN -> SYN-RECEIVED, and it "
		"answers with SYN,ACK.",
		"处于 LISTEN 的{R}接受这个 SYN 并记下 x：由 LISTEN 进入 SYN-RECEIVED，并回应 SYN,ACK。"},
	[R_SYN_OLD] = {
		"The {R}, in LISTEN, cannot tell an old SYN from a new one: it goes LISTEN -> "
		"SYN-RECEIVED and answers with SYN,ACK. Only the {S}'s answer to that SYN,ACK "
		"can show that the SYN is stale.",
		"处于 LISTEN 的{R}无法区分旧的 SYN 和新的 SYN：它由 LISTEN 进入 SYN-RECEIVED，"
		"并回应 SYN,ACK。只有{S}对这个 SYN,ACK 的回应才能表明这个 SYN 已经过时。"},
	[R_SYN_OPAQUE] = {
		"If the {R} listens on port {dport} it answers with SYN,ACK (LISTEN -> "
		"SYN-RECEIVED); if nothing listens there it answers with RST.",
		"如果{R}在端口 {dport} 上监听，它会回应 SYN,ACK（LISTEN -> SYN-RECEIVED）；"
		"如果那里没有监听者，它会回应 RST。"},
	[R_SYN_COOKIE] = {
		"The {R}'s listener takes the SYN without creating any connection entry (its SYN "
		"queue is full): it answers with a SYN cookie.",
		"{R}的监听套接字接收了这个 SYN，但没有创建任何连接表项（SYN 队列已满）："
		"它用 SYN cookie 应答。"},
	[R_SYN_SIMUL] = {
		"The {R} has sent its own SYN and is in SYN-SENT: a SYN arriving there means "
		"simultaneous open, so it goes SYN-SENT -> SYN-RECEIVED and answers with SYN,ACK.",
		"{R}已经发出自己的 SYN，处于 SYN-SENT：此时收到 SYN 意味着同时打开，于是它由 "
		"SYN-SENT 进入 SYN-RECEIVED，并回应 SYN,ACK。"},
	[R_SYN_AGAIN] = {
		"The {R}, in SYN-RECEIVED, recognises the same SYN (same ISN) and sends its SYN,ACK "
		"again.",
		"处于 SYN-RECEIVED 的{R}认出这是同一个 SYN（ISN 相同），于是再次发送它的 SYN,ACK。"},
	[R_SYN_TW_REUSE] = {
		"The {R} was in TIME-WAIT for the previous connection on these ports; the new SYN's "
		"timestamp (or sequence number) shows it is no old duplicate, so TIME-WAIT ends and "
		"the listener takes it (RFC 6191): SYN-RECEIVED.",
		"{R}在这组端口上的上一个连接仍处于 TIME-WAIT；新 SYN 的时间戳（或序号）表明它不是旧的"
		"重复报文段，因此 TIME-WAIT 结束，由监听套接字接受它（RFC 6191）：进入 SYN-RECEIVED。"},
	[R_SYN_DATA] = {
		"The {R} accepts the SYN (LISTEN -> SYN-RECEIVED) but not the data on it: its "
		"SYN,ACK acknowledges only the SYN, and the {S} will send the data again once the "
		"connection is established.",
		"{R}接受这个 SYN（LISTEN -> SYN-RECEIVED），但不接受其上携带的数据：它的 SYN,ACK "
		"只确认 SYN，{S}会在连接建立后重发这些数据。"},
	[R_CLOSED_PORT] = {
		"Nothing listens on port {dport} at the {R}: it answers with RST.",
		"{R}的端口 {dport} 上没有监听者：它回应 RST。"},
	[R_SYN_BACK_TO_LISTEN] = {
		"The {R} is in SYN-RECEIVED for a SYN with another ISN: it drops that half-open "
		"connection and returns to LISTEN (RFC 9293 3.10.7.4); a retransmission of this SYN "
		"will then be accepted afresh.",
		"{R}正因另一个 ISN 不同的 SYN 处于 SYN-RECEIVED：它丢弃那个半连接并回到 LISTEN"
		"（RFC 9293 3.10.7.4）；这个 SYN 的重传随后会被重新接受。"},
	[R_SYN_CHALLENGE] = {
		"The {R} is in a synchronized state: a SYN here could be forged or old, so it "
		"answers with a challenge ACK (RFC 5961) instead of resetting the connection.",
		"{R}处于已同步状态：此时到达的 SYN 可能是伪造的或旧的，因此它回复挑战 ACK"
		"（RFC 5961），而不是复位连接。"},
	[R_SYN_QUEUE_FULL] = {
		"The {R}'s queues are full: it drops the SYN without an answer, and the {S} will "
		"retransmit it.",
		"{R}的队列已满：它丢弃这个 SYN 且不作应答，{S}会重传它。"},
	[R_SYNACK] = {
		"The {R} checks that the ACK flag is set and ack = {ack} is its ISN + 1 (x+1); it "
		"then records y, goes SYN-SENT -> ESTABLISHED and answers with an ACK.",
		"{R}检查 ACK 标志已置位且 ack = {ack} 等于它的 ISN 加 1（x+1）；随后记下 y，由 "
		"SYN-SENT 进入 ESTABLISHED，并回复一个 ACK。"},
	[R_SYNACK_SIMUL] = {
		"The {R}, in SYN-RECEIVED, checks that the ACK acknowledges its SYN (ack = {ack}) "
		"and goes SYN-RECEIVED -> ESTABLISHED.",
		"处于 SYN-RECEIVED 的{R}检查这个 ACK 确认了它的 SYN（ack = {ack}），然后由 "
		"SYN-RECEIVED 进入 ESTABLISHED。"},
	[R_SYNACK_DUP] = {
		"The {R} is already ESTABLISHED, so this SYN,ACK is a duplicate (its earlier ACK was "
		"lost or is late): it discards it and sends its ACK again.",
		"{R}已处于 ESTABLISHED，因此这个 SYN,ACK 是重复的（它先前的 ACK 丢失了或尚在途中）："
		"它丢弃该报文段并再次发送 ACK。"},
	[R_SYNACK_DUP_ESTAB] = {
		"The {R} is already ESTABLISHED and has this SYN,ACK: its seq = {seq} (y) is below "
		"the next byte it expects (y+1), so it is a duplicate, a sign that the {R}'s ACK of "
		"it has not arrived. It does not act on it and answers with an ACK carrying its "
		"current numbers (Linux counts this answer among RFC 5961's challenge ACKs).",
		"{R}已处于 ESTABLISHED，并且已经收到过这个 SYN,ACK：它的 seq = {seq}（y）小于{R}期望"
		"的下一个序号（y+1），所以是重复的，说明{R}对它的 ACK 没有到达。{R}不据此采取行动，"
		"而是回复一个带有当前序号的 ACK（Linux 把这种回应算作 RFC 5961 的挑战 ACK）。"},
	[R_SYNACK_STALE] = {
		"The {R} checks the ACK: {ackabs} is not its ISN + 1, so this SYN,ACK answers an "
		"older SYN. It does not ignore it: it answers with a RST and stays in SYN-SENT.",
		"{R}检查 ACK：{ackabs} 不等于它的 ISN 加 1，说明这个 SYN,ACK 回应的是一个更早的 SYN。"
		"{R}不会忽略它，而是回复 RST，并停留在 SYN-SENT。"},
	[R_SYNACK_NOCONN] = {
		"The {R} has no connection attempt for this SYN,ACK any more: it does not ignore it "
		"but answers with a RST.",
		"{R}已经没有与这个 SYN,ACK 对应的连接尝试：它不会忽略，而是回复 RST。"},
	[R_THIRD_ACK] = {
		"The {R} checks that ack = {ack} acknowledges its SYN (y+1) and goes SYN-RECEIVED -> "
		"ESTABLISHED; the new connection waits in the listener's accept queue.",
		"{R}检查 ack = {ack} 确认了它的 SYN（y+1），然后由 SYN-RECEIVED 进入 ESTABLISHED；"
		"新连接进入监听套接字的已完成连接队列，等待 accept。"},
	[R_THIRD_COOKIE] = {
		"The {R} kept nothing for this connection: it checks the cookie in ack - 1 (y) and, "
		"finding it valid, creates the connection only now, directly ESTABLISHED.",
		"{R}没有为这个连接保存任何状态：它检查 ack - 1（即 y）中的 cookie，确认有效后才创建"
		"连接，直接进入 ESTABLISHED。"},
	[R_THIRD_DATA] = {
		"The {R} checks that ack = {ack} acknowledges its SYN (y+1): SYN-RECEIVED -> "
		"ESTABLISHED, and it accepts the {len} bytes the segment carries.",
		"{R}检查 ack = {ack} 确认了它的 SYN（y+1）：由 SYN-RECEIVED 进入 ESTABLISHED，"
		"并接受该报文段携带的 {len} 字节数据。"},
	[R_HANDSHAKE_BY_DATA] = {
		"The {R} was still in SYN-RECEIVED (the ACK completing the handshake never reached "
		"it): this segment's ACK of its SYN completes the handshake, SYN-RECEIVED -> "
		"ESTABLISHED, and its data is accepted.",
		"{R}仍处于 SYN-RECEIVED（完成握手的 ACK 没有到达）：这个报文段对其 SYN 的确认完成了"
		"握手，{R}由 SYN-RECEIVED 进入 ESTABLISHED，并接受其中的数据。"},
	[R_ACCEPTQ_FULL] = {
		"The {R}'s accept queue is full: it ignores the ACK and stays in SYN-RECEIVED; its "
		"SYN,ACK retransmission will ask again.",
		"{R}的已完成连接队列已满：它忽略这个 ACK，停留在 SYN-RECEIVED；它的 SYN,ACK 重传会"
		"再次请求确认。"},
	[R_BAD_ACK_SYNRCVD] = {
		"The {R}, in SYN-RECEIVED, finds that the ACK does not acknowledge its SYN,ACK: it "
		"answers with a RST and stays in SYN-RECEIVED.",
		"处于 SYN-RECEIVED 的{R}发现这个 ACK 没有确认它的 SYN,ACK：它回复 RST，并停留在 "
		"SYN-RECEIVED。"},
	[R_ACK_LISTENER] = {
		"The {R}'s listener has no half-open connection (nor a valid SYN cookie) for this "
		"ACK: it answers with a RST.",
		"{R}的监听套接字没有与这个 ACK 对应的半连接（也没有有效的 SYN cookie）：它回复 RST。"},
	[R_DATA_INORDER] = {
		"The {R} finds the bytes inside its receive window at exactly the sequence number it "
		"expects: it passes them to its application; an ACK covering them carries ack = "
		"{next}.",
		"{R}发现这些字节落在接收窗口内，且正是它期望的序号：它把数据交给应用程序，"
		"确认这些数据的 ACK 将带有 ack = {next}。"},
	[R_DATA_HALF] = {
		"The {R} has sent its FIN ({rst}) but still receives: it takes the bytes and will "
		"acknowledge up to {next}.",
		"{R}已发送 FIN（处于 {rst}），但仍在接收：它接收这些字节，并将确认到 {next}。"},
	[R_DATA_OOO] = {
		"The {R} expects seq = {rnxt}, so the bytes from {rnxt} to {gapend} are missing: it "
		"keeps this segment out of order and at once sends an ACK asking again for {rnxt}.",
		"{R}期望的是 seq = {rnxt}，序号 {rnxt} 到 {gapend} 的数据缺失：它先保存这个失序的"
		"报文段，并立即发送一个 ACK，再次索要 {rnxt}。"},
	[R_DATA_OOO_SACK] = {
		"The {R} expects seq = {rnxt}, so the bytes from {rnxt} to {gapend} are missing: it "
		"keeps this segment out of order and at once sends an ACK asking again for {rnxt}, "
		"whose SACK blocks (both SYNs permitted SACK) name the data it holds beyond the gap.",
		"{R}期望的是 seq = {rnxt}，序号 {rnxt} 到 {gapend} 的数据缺失：它先保存这个失序的"
		"报文段，并立即发送一个 ACK，再次索要 {rnxt}，其中的 SACK 块（双方的 SYN "
		"都允许 SACK）指出它在缺口之后已收到的数据。"},
	[R_DATA_FILLS_HOLE] = {
		"These are the bytes the {R} was missing: they fill the hole, and with the data it "
		"already held beyond it, everything up to {next} is now in order; its cumulative "
		"ACK jumps to {next}.",
		"这些正是{R}缺失的字节：它们填上了缺口，加上它此前已保存在缺口之后的数据，"
		"直到 {next} 之前的数据现在都已按序到齐；它的累计确认一下跳到 {next}。"},
	[R_DATA_GENERIC] = {
		"The {R} checks that the bytes fall inside its receive window; bytes in order go to "
		"its application, bytes after a gap wait until it is filled, and its ACK names the "
		"next byte it is missing.",
		"{R}检查这些字节是否落在接收窗口内；按序到达的数据交给应用程序，空缺之后的数据暂存到"
		"空缺被填上为止，它的 ACK 给出所缺的下一个字节的序号。"},
	[R_DATA_AFTER_CLOSE] = {
		"The {R}'s application has already closed the socket and nobody will read these "
		"bytes: the {R} aborts the connection with a RST.",
		"{R}的应用程序已关闭套接字，这些数据无人读取：{R}用 RST 中止连接。"},
	[R_FORGOTTEN] = {
		"The {R} no longer has this connection: it dropped the half-open connection when "
		"its SYN,ACK retries ran out, so it answers with a RST.",
		"{R}已经没有这个连接了：它在 SYN,ACK 重传次数用完后丢弃了这个半连接，因此回复 RST。"},
	[R_NOCONN] = {
		"The {R} has no connection for this segment, so it answers with a RST (RFC 9293 "
		"3.10.7.1).",
		"{R}没有与该报文段对应的连接，因此回复 RST（RFC 9293 3.10.7.1）。"},
	[R_ZWP] = {
		"The {R} answers the probe with an ACK carrying its current window; if the window "
		"is still zero, it does not take the byte.",
		"{R}用一个带有当前窗口的 ACK 回应这个探测；如果窗口仍为零，它不接收这个字节。"},
	[R_KEEPALIVE] = {
		"The {R} finds the probe's sequence number below what it expects and answers with "
		"an ACK, which shows the {S} that it is still there.",
		"{R}发现探测报文的序号低于它期望的序号，于是回复一个 ACK，这向{S}表明它仍然存在。"},
	[R_ACK_DATA] = {
		"The {R} checks that the ACK covers data it has sent, frees the acknowledged bytes "
		"from its send buffer and restarts its retransmission timer (or stops it, if "
		"nothing is outstanding).",
		"{R}检查这个 ACK 确认的是它已发送的数据，把已确认的字节从发送缓存中释放，并重启重传"
		"计时器（若已没有未确认的数据则停止计时器）。"},
	[R_DUPACK] = {
		"The {R} counts the duplicate ACKs: at the third, or as soon as SACK shows the "
		"segment lost, it retransmits without waiting for its timer.",
		"{R}对重复 ACK 计数：收到第三个时，或者一旦 SACK 表明该报文段已丢失，它就不等计时器"
		"超时而立即重传。"},
	[R_DUPACK_RECOVERING] = {
		"The {R} has already resent seq = {ack} and is in loss recovery: each further "
		"duplicate ACK says that one more segment has left the network (and its SACK "
		"blocks say which), which lets the {R} send more.",
		"{R}已经重传了 seq = {ack}，正处于丢包恢复中：此后每个重复 ACK 都表明又有一个报文段"
		"离开了网络（SACK 块还指出是哪一个），{R}因此可以继续发送。"},
	[R_ACK_FIN_FW1] = {
		"The {R} sees its FIN acknowledged: FIN-WAIT-1 -> FIN-WAIT-2. It now waits for the "
		"{S}'s FIN, still receiving any data the {S} sends.",
		"{R}看到自己的 FIN 已被确认：由 FIN-WAIT-1 进入 FIN-WAIT-2。它现在等待{S}的 FIN，"
		"其间仍接收{S}发来的数据。"},
	[R_ACK_FIN_LASTACK] = {
		"The {R} sees its FIN acknowledged: LAST-ACK -> CLOSED, and it frees the "
		"connection; only the {S} keeps TIME-WAIT.",
		"{R}看到自己的 FIN 已被确认：由 LAST-ACK 进入 CLOSED，并释放连接；只有{S}保留 "
		"TIME-WAIT。"},
	[R_ACK_FIN_CLOSING] = {
		"The {R}, in CLOSING, sees its FIN acknowledged: CLOSING -> TIME-WAIT, for 2×MSL.",
		"处于 CLOSING 的{R}看到自己的 FIN 已被确认：由 CLOSING 进入 TIME-WAIT，停留 2×MSL。"},
	[R_FIN_ESTAB] = {
		"The {R} takes the FIN (its application will read end-of-stream): {rprev} -> "
		"CLOSE-WAIT. It acknowledges the FIN with ack = {next} (u+1), while its own FIN waits "
		"until its application closes.",
		"{R}接收这个 FIN（其应用程序将读到数据流结束）：由 {rprev} 进入 CLOSE-WAIT。它用 "
		"ack = {next}（u+1）确认这个 FIN，而它自己的 FIN 要等应用程序关闭后才发送。"},
	[R_FIN_LASTACK] = {
		"The {R} takes the FIN: {rprev} -> CLOSE-WAIT, and its application, with nothing "
		"more to send, closes at once: CLOSE-WAIT -> LAST-ACK. So the ACK of this FIN "
		"(ack = {next}, u+1) will ride on the {R}'s own FIN.",
		"{R}接收这个 FIN：由 {rprev} 进入 CLOSE-WAIT；它的应用程序没有更多数据要发送，"
		"立即关闭：由 CLOSE-WAIT 进入 LAST-ACK。因此对这个 FIN 的确认（ack = {next}，u+1）"
		"将捎带在{R}自己的 FIN 上。"},
	[R_FIN_FW2] = {
		"The {R}, in FIN-WAIT-2, takes the FIN, acknowledges it with ack = {next} (w+1) and "
		"goes FIN-WAIT-2 -> TIME-WAIT.",
		"处于 FIN-WAIT-2 的{R}接收这个 FIN，用 ack = {next}（w+1）确认它，并由 FIN-WAIT-2 "
		"进入 TIME-WAIT。"},
	[R_FIN_FW1_BOTH] = {
		"The {R}, in FIN-WAIT-1, learns two things at once: its FIN is acknowledged "
		"(FIN-WAIT-2) and the {S} has closed too; it acknowledges the FIN with ack = {next} "
		"(w+1) and goes to TIME-WAIT.",
		"处于 FIN-WAIT-1 的{R}同时得知两件事：它的 FIN 已被确认（进入 FIN-WAIT-2），而且{S}"
		"也关闭了；它用 ack = {next}（w+1）确认这个 FIN，进入 TIME-WAIT。"},
	[R_FIN_CLOSING] = {
		"The {R} is in FIN-WAIT-1 with its own FIN not yet acknowledged: a FIN arriving now "
		"takes it to CLOSING (simultaneous close, RFC 9293 Figure 13), and it acknowledges "
		"the FIN with ack = {next}.",
		"{R}处于 FIN-WAIT-1，自己的 FIN 还没有被确认：此时收到 FIN 使它进入 CLOSING"
		"（同时关闭，RFC 9293 图 13），并用 ack = {next} 确认这个 FIN。"},
	[R_FIN_TW_DUP] = {
		"The {R} is in TIME-WAIT and already has this FIN (its ACK of it was lost or is "
		"late): it acknowledges it again and restarts its 2×MSL timer.",
		"{R}处于 TIME-WAIT，已经收到过这个 FIN（它对该 FIN 的 ACK 丢失了或尚在途中）："
		"它再次确认，并重新启动 2×MSL 计时器。"},
	[R_DUP] = {
		"The {R} already has everything in this segment (its sequence numbers are below "
		"what it expects): it discards it and sends an ACK with its current numbers.",
		"{R}已经有这个报文段的全部内容（其序号低于它期望的序号）：它丢弃该报文段，并发送一个"
		"带当前序号的 ACK。"},
	[R_OOW] = {
		"The segment falls outside the {R}'s receive window: it is discarded and answered "
		"with an ACK.",
		"该报文段落在{R}的接收窗口之外：它被丢弃，{R}回复一个 ACK。"},
	[R_PAWS] = {
		"Its timestamp is older than the last one the {R} accepted (PAWS, RFC 7323): it is "
		"discarded as an old duplicate and answered with an ACK.",
		"它的时间戳比{R}上次接受的更旧（PAWS，RFC 7323）：它作为旧的重复报文段被丢弃，"
		"{R}回复一个 ACK。"},
	[R_ACK_UNSENT] = {
		"It acknowledges data the {R} has never sent: the {R} discards it and answers with "
		"an ACK.",
		"它确认了{R}从未发送过的数据：{R}丢弃它并回复一个 ACK。"},
	[R_ACK_TOO_OLD] = {
		"Its acknowledgement number is too old to be plausible (RFC 5961): the {R} discards "
		"it and sends a challenge ACK.",
		"它的确认号太旧，不可信（RFC 5961）：{R}丢弃它并发送挑战 ACK。"},
	[R_RST_CHALLENGE] = {
		"The RST's sequence number is inside the {R}'s window but not exactly the next one "
		"expected: it could be forged, so the {R} keeps the connection and sends a challenge "
		"ACK (RFC 5961).",
		"这个 RST 的序号在{R}的窗口内，但并不正好等于期望的下一个序号：它可能是伪造的，"
		"因此{R}保留连接并发送挑战 ACK（RFC 5961）。"},
	[R_RST_OOW] = {
		"The RST's sequence number is outside the {R}'s window: it is ignored.",
		"这个 RST 的序号在{R}的窗口之外：它被忽略。"},
	[R_RST_IGNORED] = {
		"The {R} has nothing this RST could reset, so it discards it; a RST is never "
		"answered.",
		"{R}没有可被这个 RST 复位的连接，因此丢弃它；RST 永远不会被应答。"},
	[R_RST_REFUSED] = {
		"The {R}, in SYN-SENT, accepts the RST because its ACK acknowledges the SYN: the "
		"connection attempt fails with \"connection refused\" (ECONNREFUSED).",
		"处于 SYN-SENT 的{R}接受这个 RST，因为它的 ACK 确认了 SYN：连接尝试以“连接被拒绝”"
		"（ECONNREFUSED）失败。"},
	[R_RST_BACK_TO_LISTEN] = {
		"The {R} accepts the RST in SYN-RECEIVED and drops the half-open connection (CLOSED "
		"in the row; its listener stays in LISTEN, which is RFC 9293's \"return to LISTEN\"), "
		"so the SYN it answered costs it nothing more: with a two-way handshake it would "
		"have committed to a connection nobody wants (RFC 9293 Figure 8).",
		"{R}在 SYN-RECEIVED 中接受这个 RST，丢弃这个半连接（图中显示为 CLOSED；它的监听套接字"
		"仍处于 LISTEN，即 RFC 9293 所说的“回到 LISTEN”），它所回应的那个 SYN 不再占用任何"
		"资源：如果只有两次握手，它就会为一个没人需要的连接投入资源（RFC 9293 图 8）。"},
	[R_RST_RESET] = {
		"The {R} checks that the RST's sequence number is exactly the next one it expects "
		"(RFC 5961; RFC 9293 only asks for it to be in the window), then drops the "
		"connection at once ({rprev} -> CLOSED) and reports a reset (ECONNRESET); a RST is "
		"never answered.",
		"{R}检查 RST 的序号正好等于它期望的下一个序号（RFC 5961；RFC 9293 只要求落在窗口内），"
		"随后立即丢弃连接（由 {rprev} 进入 CLOSED），并报告连接被复位（ECONNRESET）；RST "
		"永远不会被应答。"},
	[R_RST_TW] = {
		"The {R} is in TIME-WAIT and ignores the RST (RFC 1337), so TIME-WAIT is not cut "
		"short.",
		"{R}处于 TIME-WAIT，忽略这个 RST（RFC 1337），TIME-WAIT 不会因此提前结束。"},
	[R_RST_FORGOTTEN] = {
		"The {R}, which believed the connection ESTABLISHED, finds the RST's sequence number "
		"acceptable and drops the connection: its application sees a reset (ECONNRESET).",
		"{R}原以为连接处于 ESTABLISHED，它发现这个 RST 的序号可接受，于是丢弃连接：其应用程序"
		"得到“连接被复位”（ECONNRESET）。"},
	[R_RST_GENERIC] = {
		"If the RST's sequence number is acceptable, the {R} drops the connection at once; a "
		"RST is never answered.",
		"如果这个 RST 的序号可接受，{R}会立即丢弃连接；RST 永远不会被应答。"},
	[R_DROP_GENERIC] = {
		"The {R} discards it ({reason}).",
		"{R}丢弃了它（{reason}）。"},

	/* ------------------------------------------------------ losses */
	[L_SYN] = {
		"The SYN is lost: the {R} never sees it, and the {S}, hearing nothing, will send it "
		"again when its retransmission timer expires (the timeout doubles each time).",
		"这个 SYN 丢失了：{R}根本没有收到，{S}收不到任何应答，将在重传计时器超时后重发它"
		"（超时时间每次加倍）。"},
	[L_SYNACK] = {
		"The SYN,ACK is lost: the {R} stays in SYN-SENT and the {S} in SYN-RECEIVED, and "
		"each side's retransmission timer makes it resend its own segment (the {R} its SYN, "
		"the {S} its SYN,ACK); the {S} also answers the {R}'s SYN again at once.",
		"这个 SYN,ACK 丢失了：{R}停留在 SYN-SENT，{S}停留在 SYN-RECEIVED；双方各自的重传"
		"计时器会让它们重发自己的报文段（{R}重发 SYN，{S}重发 SYN,ACK）；{S}收到再次到来的 "
		"SYN 时也会立即再回应一次。"},
	[L_THIRD] = {
		"The ACK is lost. The {S} does not know and stays ESTABLISHED; the {R} stays in "
		"SYN-RECEIVED and will retransmit its SYN,ACK, and any later segment from the {S} "
		"carries the same acknowledgement and completes the handshake as well.",
		"这个 ACK 丢失了。{S}并不知道，仍处于 ESTABLISHED；{R}停留在 SYN-RECEIVED，将重传它的 "
		"SYN,ACK，而{S}之后发出的任何报文段都带有同样的确认，也能完成握手。"},
	[L_DATA] = {
		"The segment is lost: the {S} keeps the bytes until they are acknowledged and sends "
		"them again when its retransmission timer expires, or sooner if duplicate ACKs or "
		"SACK blocks from the {R} reveal the loss.",
		"这个报文段丢失了：{S}在数据被确认之前一直保留它们，并将在重传计时器超时后重发；"
		"如果{R}的重复 ACK 或 SACK 块先暴露了丢失，则会更早重发。"},
	[L_ACK] = {
		"The ACK is lost. ACKs are not retransmitted, but they are cumulative: a later ACK "
		"covers the same bytes, and if none comes in time the {R} retransmits.",
		"这个 ACK 丢失了。ACK 本身不会被重传，但确认是累积的：之后的 ACK 会覆盖同样的字节；"
		"若没有及时到来，{R}会重传数据。"},
	[L_FIN] = {
		"The FIN is lost: the {S} will send it again when its retransmission timer expires.",
		"这个 FIN 丢失了：{S}将在重传计时器超时后重发它。"},
	[L_ACK_FIN_PASSIVE] = {
		"The ACK is lost: the {R} stays in FIN-WAIT-1 and will retransmit its FIN, unless the "
		"{S}'s own FIN, which carries the same acknowledgement, reaches it first.",
		"这个 ACK 丢失了：{R}停留在 FIN-WAIT-1，将重传它的 FIN，除非{S}自己的 FIN（带有同样的"
		"确认）先到达。"},
	[L_FINAL_ACK] = {
		"The final ACK is lost: the {R} stays in LAST-ACK and will retransmit its FIN when "
		"its timer expires; the {S} stays in TIME-WAIT precisely so that it can acknowledge "
		"that FIN again.",
		"最后的 ACK 丢失了：{R}停留在 LAST-ACK，将在计时器超时后重传它的 FIN；{S}之所以停留在 "
		"TIME-WAIT，正是为了能再次确认这个 FIN。"},
	[L_RST] = {
		"The RST is lost. A RST is never retransmitted, but the {R}'s next segment will draw "
		"another one.",
		"这个 RST 丢失了。RST 不会被重传，但{R}发出的下一个报文段会再次引出 RST。"},
	[L_GENERIC] = {
		"The segment is lost on the way; the {R} never sees it.",
		"这个报文段在途中丢失，{R}没有收到。"},

	/* ------------------------------------------------- timer notes */
	[N_2MSL] = {
		"TIME-WAIT ends: 2×MSL ({dur}) have passed since the {S} entered it, long enough for "
		"old duplicates of this connection to have died out and for a lost final ACK to "
		"have shown up as a retransmitted FIN. The {S} forgets the connection (TIME-WAIT -> "
		"CLOSED), and the same ports may be used again.",
		"TIME-WAIT 结束：{S}进入该状态后已经过了 2×MSL（{dur}），足以让这个连接的旧重复报文段"
		"在网络中消失；如果最后的 ACK 丢失了，重传的 FIN 也早该到达。{S}释放这个连接"
		"（TIME-WAIT -> CLOSED），同样的端口可以再次使用。"},
	[N_2MSL_RESTART] = {
		"TIME-WAIT ends: 2×MSL ({dur}) have passed since the {S} last acknowledged a "
		"retransmitted FIN, with no further FIN, and old duplicates of this connection have "
		"died out. The {S} forgets the connection (TIME-WAIT -> CLOSED), and the same ports "
		"may be used again.",
		"TIME-WAIT 结束：自{S}上一次确认重传的 FIN 以来已经过了 2×MSL（{dur}），其间没有新的 "
		"FIN 到达，这个连接的旧重复报文段也已在网络中消失。{S}释放这个连接（TIME-WAIT -> "
		"CLOSED），同样的端口可以再次使用。"},
	[N_FW2] = {
		"The {S}'s application had closed and the {R}'s FIN never came: after {dur} in "
		"FIN-WAIT-2 the {S} stops waiting and frees the connection (a limit like Linux's "
		"tcp_fin_timeout; RFC 9293 itself sets none).",
		"{S}的应用程序已经关闭，而{R}的 FIN 一直没有到来：在 FIN-WAIT-2 中等待 {dur} 后，"
		"{S}不再等待并释放连接（类似 Linux 的 tcp_fin_timeout；RFC 9293 本身没有规定这个"
		"期限）。"},
	[N_SYNACK_EXH] = {
		"The {S} sent its SYN,ACK {n} times without receiving the ACK that completes the "
		"handshake: it drops the half-open connection (SYN-RECEIVED -> CLOSED), while its "
		"listener stays in LISTEN.",
		"{S}发送了 {n} 次 SYN,ACK，始终没有收到完成握手的 ACK：它丢弃这个半连接"
		"（SYN-RECEIVED -> CLOSED），监听套接字仍处于 LISTEN。"},
	[N_SYNACK_EXH_PEER] = {
		"The {R}, however, believes the connection is ESTABLISHED: the next segment it sends "
		"will find no connection and be answered with a RST.",
		"然而{R}认为连接已处于 ESTABLISHED：它发出的下一个报文段将找不到对应的连接，从而收到 "
		"RST。"},
	[N_SYN_EXH] = {
		"The {S} sent its SYN {n} times with no answer: it gives up (SYN-SENT -> CLOSED) and "
		"the connect fails with a timeout error (ETIMEDOUT).",
		"{S}发送了 {n} 次 SYN，始终没有应答：它放弃连接（SYN-SENT -> CLOSED），连接请求以超时"
		"错误（ETIMEDOUT）失败。"},
	[N_REXMT_EXH] = {
		"The {S} retransmitted until its retries ran out, with no acknowledgement: it drops "
		"the connection ({from} -> CLOSED) and reports a timeout (ETIMEDOUT).",
		"{S}一直重传到重传次数用完，始终没有收到确认：它丢弃连接（由 {from} 进入 CLOSED），"
		"并报告超时（ETIMEDOUT）。"},
	[N_GENERIC] = {
		"A timer moved the {S} from {from} to {to}.",
		"计时器使{S}由 {from} 进入 {to}。"},

	/* ------------------------------------------------------------ ECN */
	[E_SYN] = {
		"ECE and CWR together make this an ECN-setup SYN: the {S} asks to use Explicit "
		"Congestion Notification (RFC 3168), so that a congested router can mark its "
		"packets instead of dropping them.",
		"ECE 与 CWR 同时置位，表示这是一个 ECN 协商 SYN：{S}请求使用显式拥塞通知（ECN，"
		"RFC 3168），这样拥塞的路由器可以给它的分组打标记，而不必丢弃它们。"},
	[E_SYNACK] = {
		"ECE without CWR on the SYN,ACK accepts ECN: from now on both sides send new data "
		"as ECN-capable, ECT(0) in the IP header (never SYNs, pure ACKs or "
		"retransmissions).",
		"SYN,ACK 上只置 ECE、不置 CWR，表示同意使用 ECN：此后双方发送的新数据都在 IP 头的 ECN "
		"字段标记为 ECT(0)（SYN、纯 ACK 和重传不标）。"},
	[E_CE] = {
		"It left as ECT(0) and arrives as CE (Congestion Experienced): a router on the way, "
		"its queue filling up, marked it instead of dropping it. The data is intact; the "
		"{R} must tell the {S}: it sets ECE on its ACKs from now on, and sends the first at "
		"once.",
		"它发出时标为 ECT(0)，到达时变成 CE（遇到拥塞）：途中一台队列渐满的路由器给它打了标记，"
		"而没有丢弃它。数据完好无损；{R}必须通知{S}：从此在 ACK 上置 ECE，并立即发出第一个。"},
	[E_ECE_FIRST] = {
		"ECE echoes the CE mark to the {R}, which answers as it would a loss, but without "
		"retransmitting anything: unless it has reduced its congestion window for this "
		"window of data already, it halves it, and sets CWR on its next new data segment.",
		"ECE 把 CE 标记回显给{R}，{R}像对待丢包一样作出反应，但不重传任何数据：除非它已经为这一"
		"窗口的数据减小过拥塞窗口，否则把拥塞窗口减半，并在下一个新数据段上置 CWR。"},
	[E_ECE_AGAIN] = {
		"ECE again: the {S} repeats it on every ACK until a segment with CWR arrives; the "
		"{R} has answered this congestion signal already and does not reduce its congestion "
		"window again, nor grow it on this ACK.",
		"再次置 ECE：{S}在每个 ACK 上重复它，直到收到带 CWR 的报文段；{R}已经对这次拥塞信号"
		"作出反应，不会再次减小拥塞窗口，也不因这个 ACK 增大它。"},
	[E_CWR] = {
		"CWR (Congestion Window Reduced): the {S}'s first new data segment since it last "
		"reduced its congestion window (for an ECE, or for a loss); a receiver that is "
		"echoing ECE stops on seeing it.",
		"CWR（拥塞窗口已减小）：这是{S}上次减小拥塞窗口（因 ECE 或因丢包）之后发出的第一个新数据"
		"段；正在回显 ECE 的接收方收到它后便停止发送 ECE。"},
};

/* ----------------------------------------------------------- variables */

enum var {
	V_S, V_R, V_SEQ, V_ACK, V_SEQABS, V_ACKABS, V_LEN, V_LAST, V_NEXT, V_FIN, V_WIN,
	V_OPTS, V_DUR, V_N, V_ST, V_SPREV, V_RST, V_RPREV, V_SPORT, V_DPORT, V_RNXT,
	V_GAPEND, V_SACK, V_TRIGSEQ, V_TRIGACK, V_FROM, V_TO, V_REASON, V_SEQBOTH, V_COUNT
};

static const char *const var_names[V_COUNT] = {
	[V_S] = "S", [V_R] = "R", [V_SEQ] = "seq", [V_ACK] = "ack", [V_SEQABS] = "seqabs",
	[V_ACKABS] = "ackabs", [V_LEN] = "len", [V_LAST] = "last", [V_NEXT] = "next",
	[V_FIN] = "fin", [V_WIN] = "win", [V_OPTS] = "opts", [V_DUR] = "dur", [V_N] = "n",
	[V_ST] = "st", [V_SPREV] = "sprev", [V_RST] = "rst", [V_RPREV] = "rprev",
	[V_SPORT] = "sport", [V_DPORT] = "dport", [V_RNXT] = "rnxt", [V_GAPEND] = "gapend", [V_SEQBOTH] = "seqboth",
	[V_SACK] = "sack", [V_TRIGSEQ] = "trigseq", [V_TRIGACK] = "trigack", [V_FROM] = "from",
	[V_TO] = "to", [V_REASON] = "reason",
};

#define VAR_LEN 160

/* What kind of segment the row is: it picks the receiver's sentence. */
enum kind {
	K_OTHER,
	K_SYN,
	K_SYNACK,
	K_THIRD,      /* the ACK completing the handshake */
	K_THIRD_DATA, /* ... carrying data */
	K_DATA,
	K_ZWP,
	K_KEEPALIVE,
	K_ACK,        /* a pure ACK of anything but a FIN */
	K_ACK_FIN,    /* a pure ACK of the receiver's FIN */
	K_FIN,
	K_RST,
};

struct ctx {
	const struct ladder *l;
	enum explain_lang lang;
	unsigned i, n;            /* the row explained, rows in the ladder */
	const struct ladder_row *r;
	synack_segment key;       /* a segment of the connection */
	bool has_key;
	int s, rv;                /* sender (or the note's side), receiver */
	unsigned lo, hi;          /* rows looked at: [lo, hi) */
	unsigned start;           /* first row of this incarnation (its first SYN) */
	int client;               /* active opener, -1 if unknown */
	bool simul;               /* simultaneous open: no client or server */
	bool have_fin[2];         /* first FIN of each side in [start, i) */
	uint32_t fin[2];          /* its sequence number (absolute) */
	unsigned fin_row[2];
	bool cookie;              /* the server answered with a SYN cookie */
	bool forgotten;           /* the receiver had dropped the half-open connection */
	enum msg msg;             /* the sender's sentence chosen */
	char var[V_COUNT][VAR_LEN];
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void setv(struct ctx *c, enum var v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->var[v], VAR_LEN, fmt, ap);
	va_end(ap);
}

static bool zh(const struct ctx *c) { return c->lang == EXPLAIN_ZH; }

static const char *reason_text(const struct ctx *c, synack_reason r)
{
	return zh(c) ? synack_reason_text_zh(r) : synack_reason_text(r);
}

/* A retransmission of loss recovery (fast retransmit, SACK recovery),
 * not of the retransmission timer. */
static bool is_recovery_rexmit(synack_reason why)
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

/* --------------------------------------------------------------- output */

struct out {
	char *buf;
	size_t cap, used; /* used < cap always: room for the NUL */
	bool full;
};

/* Appends n bytes of s; what does not fit is cut at a UTF-8 character
 * boundary, and nothing more is appended after a cut. */
static void put(struct out *o, const char *s, size_t n)
{
	if (o->full)
		return;
	size_t room = o->cap - 1 - o->used;
	if (n > room) {
		n = room;
		/* back up to the first byte of the character that does not fit */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		o->full = true;
	}
	memcpy(o->buf + o->used, s, n);
	o->used += n;
	o->buf[o->used] = 0;
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }

/* Expands a template: "{name}" is replaced by the variable's value. */
static void expand(struct out *o, const struct ctx *c, const char *t)
{
	while (*t && !o->full) {
		const char *b = strchr(t, '{');
		if (!b) {
			puts_(o, t);
			return;
		}
		put(o, t, (size_t)(b - t));
		const char *e = strchr(b, '}');
		if (!e) {
			puts_(o, b);
			return;
		}
		size_t n = (size_t)(e - b - 1);
		int v = 0;
		while (v < V_COUNT && !(strlen(var_names[v]) == n && !memcmp(var_names[v], b + 1, n)))
			v++;
		if (v < V_COUNT)
			puts_(o, c->var[v]);
		else
			put(o, b, (size_t)(e - b + 1)); /* not a variable: kept as written */
		t = e + 1;
	}
}

/* Appends a sentence (English sentences are separated by a space). */
static void say(struct out *o, const struct ctx *c, enum msg m)
{
	if (m == M_NONE || m >= M_COUNT)
		return;
	if (o->used && !zh(c))
		puts_(o, " ");
	expand(o, c, zh(c) ? texts[m].zh : texts[m].en);
}

/* ----------------------------------------------------------------- rows */

static bool arrived_ce(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_SENT && r->arrived != UINT64_MAX && r->ecn_sent &&
	       r->ecn_arrived == 3;
}

static const struct ladder_row *row(const struct ctx *c, unsigned j) { return ladder_row(c->l, j); }

static bool is_seg(const struct ladder_row *r) { return !r->note && r->parsed; }
static bool has(const struct ladder_row *r, uint8_t f) { return (r->seg.flags & f) != 0; }

static bool bare_syn(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_SYN) && !has(r, SYNACK_TH_ACK | SYNACK_TH_RST);
}

/* A SYN the sender's stack sent (not an injected old duplicate). */
static bool own_syn(const struct ladder_row *r) { return bare_syn(r) && !r->injected; }

static bool is_synack(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_SYN) && has(r, SYNACK_TH_ACK) && !has(r, SYNACK_TH_RST);
}

static bool pure_ack(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_ACK) && !has(r, SYNACK_TH_SYN | SYNACK_TH_FIN | SYNACK_TH_RST) &&
	       r->seg.len == 0;
}

static bool arrived(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_SENT && r->arrived != UINT64_MAX;
}

static bool lost(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_LOST || r->fate == SYNACK_SIM_DROPPED;
}

/* Whether r reached its receiver before `out` left it (at one virtual
 * time, the order of the events decides). */
static bool arrived_before(const struct ladder_row *r, const struct ladder_row *out)
{
	return arrived(r) && (r->arrived < out->sent ||
			      (r->arrived == out->sent && r->arrived_order < out->sent_order));
}

/* Wrap-safe comparisons of sequence numbers. */
static bool sgt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static bool sge(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

static bool ep_eq(const synack_endpoint *a, const synack_endpoint *b)
{
	return a->port == b->port && synack_addr_equal(&a->addr, &b->addr);
}

/* Whether r is a segment of the connection explained (either direction). */
static bool on_conn(const struct ctx *c, const struct ladder_row *r)
{
	if (!c->has_key || !is_seg(r))
		return false;
	const synack_segment *a = &r->seg, *k = &c->key;
	return (ep_eq(&a->src, &k->src) && ep_eq(&a->dst, &k->dst)) ||
	       (ep_eq(&a->src, &k->dst) && ep_eq(&a->dst, &k->src));
}

/* The state `side` was in just before time t (rows before the explained
 * one count at t itself), from sends, arrivals and timer notes;
 * SYNACK_STATE_COUNT if the rows do not say. */
static synack_state state_before(const struct ctx *c, int side, uint64_t t)
{
	synack_state best = SYNACK_STATE_COUNT;
	uint64_t bt = 0;
	bool found = false;
	for (unsigned j = c->lo; j < c->hi; j++) {
		const struct ladder_row *r = row(c, j);
		uint64_t when;
		synack_state st;
		if (j == c->i)
			continue;
		if (r->note) {
			if (r->from != side)
				continue;
			when = r->sent;
			st = r->note_to;
		} else if (!on_conn(c, r)) {
			continue;
		} else if (r->from == side) {
			if (ladder_side_opaque(c->l, side))
				continue;
			when = r->sent;
			st = r->sender_state;
		} else {
			if (!arrived(r) || !r->receiver_known)
				continue;
			when = r->arrived;
			st = r->receiver_state;
		}
		if (when > t || (when == t && j > c->i))
			continue;
		if (!found || when >= bt) {
			best = st;
			bt = when;
			found = true;
		}
	}
	return best;
}

/* The latest row from the receiver that arrived at the sender just as the
 * explained row was sent: what it answers.  -1 if none. */
static long trigger(const struct ctx *c)
{
	long best = -1;
	for (unsigned j = c->lo; j < c->hi; j++) {
		const struct ladder_row *r = row(c, j);
		if (j != c->i && on_conn(c, r) && r->from == c->rv && r->arrived == c->r->sent &&
		    arrived_before(r, c->r) &&
		    (best < 0 || r->arrived_order > row(c, (unsigned)best)->arrived_order))
			best = (long)j;
	}
	return best;
}

/* Earlier copies from the sender of what row i carries (same SYN, same
 * data start, same FIN) since the incarnation began: their number, and
 * the time the last one was sent. */
static unsigned copies(const struct ctx *c, uint64_t *last_sent)
{
	const synack_segment *g = &c->r->seg;
	unsigned n = 0;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (!on_conn(c, r) || r->from != c->s || has(r, SYNACK_TH_RST))
			continue;
		const synack_segment *h = &r->seg;
		bool same;
		if (g->flags & SYNACK_TH_SYN)
			same = (h->flags & (SYNACK_TH_SYN | SYNACK_TH_ACK)) ==
				       (g->flags & (SYNACK_TH_SYN | SYNACK_TH_ACK)) &&
			       h->seq == g->seq;
		else if (g->len)
			same = h->len && h->seq == g->seq;
		else if (g->flags & SYNACK_TH_FIN)
			same = (h->flags & SYNACK_TH_FIN) && h->seq + h->len == g->seq;
		else
			same = false;
		if (same) {
			n++;
			*last_sent = r->sent;
		}
	}
	return n;
}

/* ------------------------------------------------------- the context */

/* Roles and the incarnation: the latest SYN at or before row i starts it
 * (moved back to the first copy of that SYN); its sender is the client,
 * unless the other side sent a SYN too before any answer (simultaneous
 * open). */
static void find_roles(struct ctx *c)
{
	long js = -1;
	c->client = -1;
	c->simul = false;
	c->start = c->lo;
	for (unsigned j = c->i + 1; j-- > c->lo;)
		if (on_conn(c, row(c, j)) && own_syn(row(c, j))) {
			js = (long)j;
			break;
		}
	if (js < 0) {
		for (unsigned j = 0; j < c->lo; j++)
			if (on_conn(c, row(c, j)) && own_syn(row(c, j)))
				js = (long)j;
		if (js < 0)
			return;
		c->client = row(c, (unsigned)js)->from;
	} else {
		const struct ladder_row *syn = row(c, (unsigned)js);
		c->client = syn->from;
		for (unsigned j = (unsigned)js; j-- > c->lo;) {
			const struct ladder_row *r = row(c, j);
			if (!on_conn(c, r) || r->from != syn->from || !own_syn(r))
				continue;
			if (r->seg.seq != syn->seg.seq)
				break; /* an earlier attempt */
			js = (long)j;
		}
		c->start = (unsigned)js;
	}
	/* the SYNs around it, before any other segment: both sides? */
	for (int dir = -1; dir <= 1; dir += 2) {
		for (long j = js + dir; j >= 0 && j < (long)c->n; j += dir) {
			const struct ladder_row *r = row(c, (unsigned)j);
			if (!on_conn(c, r))
				continue;
			if (!bare_syn(r))
				break;
			if (r->from != c->client) {
				c->simul = true;
				/* the incarnation starts at the first of the crossing SYNs */
				if (dir < 0 && (unsigned)j < c->start)
					c->start = (unsigned)j;
			}
		}
	}
}

/* The first FIN of each side since the incarnation began. */
static void find_fins(struct ctx *c)
{
	for (int k = 0; k < 2; k++)
		c->have_fin[k] = false;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (!on_conn(c, r) || !has(r, SYNACK_TH_FIN) || has(r, SYNACK_TH_RST) ||
		    c->have_fin[r->from])
			continue;
		c->have_fin[r->from] = true;
		c->fin[r->from] = r->seg.seq + r->seg.len + !!has(r, SYNACK_TH_SYN);
		c->fin_row[r->from] = j;
	}
}

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

static bool side_sent_since(const struct ctx *c, int side, bool (*pred)(const struct ladder_row *))
{
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == side && pred(r))
			return true;
	}
	return false;
}

static bool non_syn_ack(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_ACK) && !has(r, SYNACK_TH_SYN | SYNACK_TH_RST);
}

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

/* An engine's reason in the explanation's language. */
static const char *reason_text(const struct ctx *c, synack_reason r);

/* --------------------------------------------------------- formatting */

/* "client"/"server" by role, else the first word of the side's name. */
static void label(const struct ctx *c, int side, char *out, size_t n)
{
	const char *word = NULL;
	if (c->client >= 0 && !c->simul)
		word = side == c->client ? "client" : "server";
	char name[64];
	if (!word) {
		const char *full = ladder_side_name(c->l, side);
		const char *other = ladder_side_name(c->l, 1 - side);
		if (!full)
			full = side == 0 ? "left side" : "right side";
		size_t k = strcspn(full, " ");
		/* two sides whose names start alike keep their whole names */
		if (other && strncmp(full, other, k) == 0 && (other[k] == ' ' || other[k] == 0))
			k = strlen(full);
		if (k >= sizeof name)
			k = sizeof name - 1;
		memcpy(name, full, k);
		name[k] = 0;
		word = name;
	}
	if (zh(c) && !strcmp(word, "client"))
		word = "客户端";
	else if (zh(c) && !strcmp(word, "server"))
		word = "服务器";
	snprintf(out, n, "%s", word);
}

/* "200 ms", "1 s", "1.6 s" / "200 毫秒", "1 秒", "1.6 秒" */
static void duration(const struct ctx *c, uint64_t ns, char *out, size_t n)
{
	const char *ms = zh(c) ? " 毫秒" : " ms", *s = zh(c) ? " 秒" : " s";
	if (ns < 1000000000ull) {
		if (ns % 1000000ull == 0)
			snprintf(out, n, "%" PRIu64 "%s", ns / UINT64_C(1000000), ms);
		else
			snprintf(out, n, "%.1f%s", (double)ns / 1e6, ms);
		return;
	}
	if (ns % 1000000000ull == 0) {
		snprintf(out, n, "%" PRIu64 "%s", ns / UINT64_C(1000000000), s);
		return;
	}
	char num[32];
	snprintf(num, sizeof num, "%.3f", (double)ns / 1e9);
	size_t k = strlen(num);
	while (k > 0 && num[k - 1] == '0')
		num[--k] = 0;
	snprintf(out, n, "%s%s", num, s);
}

/* The window scale `side` announced in its SYN of this incarnation; -1 if
 * none (or not seen). */
static int wscale_of(const struct ctx *c, int side)
{
	for (unsigned j = c->i + 1; j-- > c->start;) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == side && has(r, SYNACK_TH_SYN) &&
		    !has(r, SYNACK_TH_RST))
			return r->seg.wscale;
	}
	return -2; /* the SYNs were not seen */
}

/* Whether both SYNs of this incarnation offered SACK. */
static bool sack_on(const struct ctx *c)
{
	bool offered[2] = {false, false}, seen[2] = {false, false};
	for (unsigned j = c->start; j <= c->i && j < c->n; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && has(r, SYNACK_TH_SYN) && !has(r, SYNACK_TH_RST) &&
		    !r->injected && !seen[r->from]) {
			seen[r->from] = true;
			offered[r->from] = r->seg.sack_permitted;
		}
	}
	return offered[0] && offered[1];
}

static void window_text(struct ctx *c)
{
	const synack_segment *g = &c->r->seg;
	const char *bytes = zh(c) ? " 字节" : " bytes";
	if (g->flags & SYNACK_TH_SYN) {
		setv(c, V_WIN, "%u%s", g->window, bytes);
		return;
	}
	int mine = wscale_of(c, c->s), theirs = wscale_of(c, c->rv);
	if (mine == -2 || theirs == -2) {
		setv(c, V_WIN, zh(c) ? "%u（字段值，未见到 SYN 中的扩大因子）" :
				       "%u (field value; the SYNs with the scale were not seen)",
		     g->window);
	} else if (mine >= 0 && theirs >= 0 && mine > 0) {
		uint64_t w = (uint64_t)g->window << (mine > 14 ? 14 : mine);
		setv(c, V_WIN, zh(c) ? "%" PRIu64 "%s（%u << %d）" : "%" PRIu64 "%s (%u << %d)", w,
		     bytes, g->window, mine);
	} else {
		setv(c, V_WIN, "%u%s", g->window, bytes);
	}
}

static void opts_text(struct ctx *c)
{
	const synack_segment *g = &c->r->seg;
	const char *sep = zh(c) ? "、" : ", ";
	char *o = c->var[V_OPTS];
	size_t k = 0;
	o[0] = 0;
#define ADD_OPT(...)                                                                    \
	do {                                                                            \
		if (k && k < VAR_LEN) {                                                 \
			int w_ = snprintf(o + k, VAR_LEN - k, "%s", sep);               \
			k += w_ > 0 ? (size_t)w_ : 0;                                   \
		}                                                                       \
		if (k < VAR_LEN) {                                                      \
			int w_ = snprintf(o + k, VAR_LEN - k, __VA_ARGS__);             \
			k += w_ > 0 ? (size_t)w_ : 0;                                   \
		}                                                                       \
	} while (0)
	if (g->mss)
		ADD_OPT("MSS %u", g->mss);
	if (g->sack_permitted)
		ADD_OPT("%s", zh(c) ? "允许 SACK" : "SACK permitted");
	if (g->has_ts)
		ADD_OPT("%s", zh(c) ? "时间戳" : "timestamps");
	if (g->wscale >= 0)
		ADD_OPT(zh(c) ? "窗口扩大因子 %d" : "window scale %d", g->wscale);
#undef ADD_OPT
	if (!o[0])
		snprintf(o, VAR_LEN, "%s", zh(c) ? "无" : "none");
}

/* ", and its SACK blocks report 2897-4344 already received": ranges
 * inclusive, like "seq = 1 to 1448" elsewhere (a block's right edge is
 * the first byte after it) */
static void sack_text(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	char *o = c->var[V_SACK];
	o[0] = 0;
	if (!g->sack_count)
		return;
	uint32_t base = r->rel_ack_known ? g->ack - r->rel_ack : 0;
	size_t k = 0;
	int w = snprintf(o, VAR_LEN, "%s", zh(c) ? "，其 SACK 块报告已收到 " : ", and its SACK blocks report ");
	k = w > 0 ? (size_t)w : 0;
	for (int b = 0; b < g->sack_count && b < 4 && k < VAR_LEN; b++) {
		w = snprintf(o + k, VAR_LEN - k, "%s%" PRIu32 "-%" PRIu32, b ? (zh(c) ? "、" : ", ") : "",
			     g->sack[b][0] - base, g->sack[b][1] - base - 1);
		k += w > 0 ? (size_t)w : 0;
	}
	if (!zh(c) && k < VAR_LEN)
		snprintf(o + k, VAR_LEN - k, " already received");
}

static const char *state_or(synack_state s, const char *fallback)
{
	return s < SYNACK_STATE_COUNT ? synack_state_name(s) : fallback;
}

/* Variables every segment sentence may use. */
static void segment_vars(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	uint32_t seq = r->rel_seq_known ? r->rel_seq : g->seq;
	uint32_t ack = r->rel_ack_known ? r->rel_ack : g->ack;
	uint32_t syn = !!(g->flags & SYNACK_TH_SYN), fin = !!(g->flags & SYNACK_TH_FIN);
	setv(c, V_SEQ, "%" PRIu32, seq);
	setv(c, V_ACK, "%" PRIu32, ack);
	setv(c, V_SEQABS, "%" PRIu32, g->seq);
	setv(c, V_ACKABS, "%" PRIu32, g->ack);
	/* "1 (absolute 1653473475)", or just the absolute number */
	if (r->rel_seq_known)
		setv(c, V_SEQBOTH, zh(c) ? "%" PRIu32 "（绝对值 %" PRIu32 "）" : "%" PRIu32 " (absolute %" PRIu32 ")",
		     seq, g->seq);
	else
		setv(c, V_SEQBOTH, "%" PRIu32, g->seq);
	setv(c, V_LEN, "%" PRIu32, g->len);
	setv(c, V_LAST, "%" PRIu32, seq + syn + g->len - 1);
	setv(c, V_NEXT, "%" PRIu32, seq + syn + g->len + fin);
	setv(c, V_FIN, "%" PRIu32, seq + syn + g->len);
	setv(c, V_SPORT, "%u", g->src.port);
	setv(c, V_DPORT, "%u", g->dst.port);
	setv(c, V_REASON, "%s", reason_text(c, r->drop_reason));
	bool sop = ladder_side_opaque(c->l, c->s);
	setv(c, V_ST, "%s", sop ? "" : synack_state_name(r->sender_state));
	setv(c, V_SPREV, "%s", state_or(state_before(c, c->s, r->sent), ""));
	if (r->receiver_known)
		setv(c, V_RST, "%s", synack_state_name(r->receiver_state));
	if (arrived(r))
		setv(c, V_RPREV, "%s", state_or(state_before(c, c->rv, r->arrived), "ESTABLISHED"));
	window_text(c);
	opts_text(c);
	sack_text(c);
}

/* --------------------------------------------------- the sender's side */

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

static enum msg rst_msg(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	if (tr) {
		setv(c, V_TRIGSEQ, "%" PRIu32, tr->seg.seq);
		setv(c, V_TRIGACK, "%" PRIu32, tr->seg.ack);
	}
	switch (r->why) {
	case SYNACK_R_RST_BAD_ACK_SYN: return M_RST_STALE;
	case SYNACK_R_RST_BAD_ACK_SYNACK: return M_RST_BAD_ACK;
	case SYNACK_R_RST_ACK_TO_LISTENER: return M_RST_LISTENER;
	case SYNACK_R_RST_DATA_AFTER_CLOSE: return M_RST_DATA_AFTER_CLOSE;
	case SYNACK_R_RST_ABORT: return M_RST_ABORT;
	case SYNACK_R_RST_NO_CONN: break;
	case SYNACK_R_NONE: /* an opaque sender: no connection if none took the trigger */
		if (tr && !tr->receiver_known)
			break;
		return M_RST_GENERIC;
	default:
		return M_RST_GENERIC;
	}
	if (tr && bare_syn(tr) && has(r, SYNACK_TH_ACK))
		return M_RST_CLOSED_PORT;
	if (tr && is_synack(tr))
		return M_RST_SYNACK_NOCONN;
	if (synack_given_up_since(c, c->s)) {
		c->forgotten = true;
		return M_RST_FORGOTTEN;
	}
	return has(r, SYNACK_TH_ACK) ? M_RST_NOCONN_ACK : M_RST_NOCONN_SEQ;
}

static enum msg syn_msg(struct ctx *c)
{
	uint64_t prev = 0;
	unsigned n = copies(c, &prev);
	if (n) {
		char d[48];
		duration(c, c->r->sent - prev, d, sizeof d);
		setv(c, V_DUR, "%s", d);
		setv(c, V_N, "%u", n);
		return M_SYN_REXMIT;
	}
	if (c->simul)
		return M_SYN_NOROLE;
	/* an earlier attempt of this side on the same ports, with another ISN */
	for (unsigned j = c->lo; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == c->s && own_syn(r) && r->seg.seq != c->r->seg.seq)
			return M_SYN_NEW;
	}
	return M_SYN;
}

static enum msg synack_msg(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	if (r->why == SYNACK_R_SYNACK_COOKIE)
		return M_SYNACK_COOKIE;
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	uint64_t prev = 0;
	unsigned n = copies(c, &prev);
	if (n) {
		if (tr && bare_syn(tr))
			return M_SYNACK_DUPSYN;
		char d[48];
		duration(c, r->sent - prev, d, sizeof d);
		setv(c, V_DUR, "%s", d);
		setv(c, V_N, "%u", n);
		return M_SYNACK_REXMIT;
	}
	if (side_sent_since(c, c->s, bare_syn))
		return M_SYNACK_SIMUL;
	/* the SYN it answers is not the one the ladder numbers the peer from */
	if (tr && bare_syn(tr) && r->rel_ack_known && r->rel_ack != 1) {
		setv(c, V_TRIGSEQ, "%" PRIu32, tr->seg.seq);
		return M_SYNACK_OLDSYN;
	}
	return M_SYNACK;
}

static bool is_handshake_ack(const struct ctx *c)
{
	return c->s == c->client && !c->simul && side_sent_since(c, c->rv, is_synack) &&
	       !side_sent_since(c, c->s, non_syn_ack);
}

static enum msg fin_msg(struct ctx *c, enum kind *k)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	*k = K_FIN;
	if (r->why == SYNACK_R_ACK_FIN_AGAIN)
		return M_FIN_AGAIN;
	if (r->why == SYNACK_R_TAIL_LOSS_PROBE)
		return M_TLP;
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
		char d[48];
		duration(c, r->sent - prev, d, sizeof d);
		setv(c, V_DUR, "%s", d);
		setv(c, V_N, "%u", n);
		if (!c->var[V_ST][0])
			setv(c, V_ST, "%s", "FIN-WAIT-1");
		return g->len ? M_FIN_REXMIT_DATA : M_FIN_REXMIT;
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
				return M_FIN_PASSIVE_3SEG;
			return g->len ? M_FIN_PASSIVE_DATA : M_FIN_PASSIVE;
		}
		if (!ladder_side_opaque(c->l, c->s))
			setv(c, V_ST, "%s", synack_state_name(r->sender_state));
		else
			setv(c, V_ST, "%s", "FIN-WAIT-1");
		return M_FIN_SIMUL;
	}
	if (!c->var[V_SPREV][0])
		setv(c, V_SPREV, "%s", "ESTABLISHED");
	if (!c->var[V_ST][0])
		setv(c, V_ST, "%s", "FIN-WAIT-1");
	return g->len ? M_DATA_FIN : M_FIN_ACTIVE;
}

static enum msg data_msg(struct ctx *c, enum kind *k)
{
	const struct ladder_row *r = c->r;
	uint64_t prev = 0;
	unsigned n = copies(c, &prev);
	*k = K_DATA;
	switch (r->why) {
	case SYNACK_R_ZERO_WINDOW_PROBE:
		*k = K_ZWP;
		return M_ZWP;
	case SYNACK_R_TAIL_LOSS_PROBE:
		return n ? M_TLP : M_TLP_NEW;
	case SYNACK_R_FAST_REXMIT: {
		unsigned d = dupacks_seen(c, r->seg.seq);
		setv(c, V_N, "%u", d);
		return d >= 3 ? M_FAST_REXMIT : M_FAST_REXMIT_SACK;
	}
	case SYNACK_R_SACK_LOST: return M_SACK_LOST;
	case SYNACK_R_SACK_HOLE: return M_SACK_HOLE;
	case SYNACK_R_SACK_RESCUE: return M_SACK_RESCUE;
	case SYNACK_R_SACK_HOLE_REXMIT: return M_SACK_HOLE_NR;
	case SYNACK_R_LOST_REXMIT: return M_LOST_REXMIT;
	case SYNACK_R_PARTIAL_ACK_REXMIT: return M_PARTIAL;
	default: break;
	}
	if (r->why == SYNACK_R_REXMIT) {
		if (trigger(c) >= 0)
			return M_REXMIT_GOBACK;
		if (!n)
			return M_REXMIT_RTO_NODUR;
		char d[48];
		duration(c, r->sent - prev, d, sizeof d);
		setv(c, V_DUR, "%s", d);
		setv(c, V_N, "%u", n);
		return M_REXMIT_RTO;
	}
	if (r->why == SYNACK_R_NONE && n) /* an opaque sender's copy */
		return M_REXMIT_GENERIC;
	if (is_handshake_ack(c)) {
		*k = K_THIRD_DATA;
		return M_THIRD_DATA;
	}
	if (r->sender_state == SYNACK_CLOSE_WAIT ||
	    (ladder_side_opaque(c->l, c->s) && c->have_fin[c->rv] && !c->have_fin[c->s] &&
	     sge(r->seg.ack, c->fin[c->rv] + 1)))
		return M_DATA_HALF;
	const struct ladder_row *p = prev_ack_row(c);
	if (p && sgt(r->seg.ack, p->seg.ack))
		return M_DATA_PIGGY;
	return M_DATA;
}

static enum msg ack_msg(struct ctx *c, enum kind *k)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	*k = K_ACK;
	if (r->why == SYNACK_R_CHALLENGE_ACK) {
		*k = K_OTHER;
		long t = trigger(c);
		if (t >= 0 && is_synack(row(c, (unsigned)t)) && row(c, (unsigned)t)->rel_seq_known &&
		    row(c, (unsigned)t)->rel_seq == 0)
			return M_REACK_SYNACK;
		return M_CHALLENGE;
	}
	if (r->why == SYNACK_R_KEEPALIVE_PROBE) {
		*k = K_KEEPALIVE;
		return M_KEEPALIVE;
	}
	if (is_handshake_ack(c)) {
		*k = K_THIRD;
		return M_THIRD_ACK;
	}
	long t = trigger(c);
	const struct ladder_row *tr = t >= 0 ? row(c, (unsigned)t) : NULL;
	int o = c->rv;
	bool sop = ladder_side_opaque(c->l, c->s);
	if (c->have_fin[o] && g->ack == c->fin[o] + 1) {
		/* it acknowledges the receiver's FIN */
		*k = K_ACK_FIN;
		bool again = fin_acked_by(c, c->s);
		synack_state st = r->sender_state;
		bool simul_close = c->have_fin[c->s] && c->fin_row[c->s] < c->fin_row[o] &&
				   !sge(row(c, c->fin_row[o])->seg.ack, c->fin[c->s] + 1);
		if (sop) /* what RFC 9293 has it in */
			st = !c->have_fin[c->s] ? SYNACK_CLOSE_WAIT
			     : simul_close     ? SYNACK_CLOSING
					       : SYNACK_TIME_WAIT;
		if (st == SYNACK_TIME_WAIT && again && tr && has(tr, SYNACK_TH_FIN))
			return M_REACK_TW;
		if (again)
			return tr && tr->receiver_dropped ? M_REACK_DUP : M_ACK_PURE;
		if (st == SYNACK_CLOSE_WAIT)
			return M_ACK_FIN_PASSIVE;
		if (st == SYNACK_CLOSING)
			return M_ACK_FIN_CLOSING;
		if (st == SYNACK_TIME_WAIT)
			return simul_close ? M_ACK_FIN_TW : M_FINAL_ACK;
		return M_ACK_PURE;
	}
	if (tr && tr->receiver_dropped) {
		switch (tr->drop_reason) {
		case SYNACK_R_DROP_DUPLICATE:
			return M_REACK_DUP;
		case SYNACK_R_DROP_OUT_OF_WINDOW:
		case SYNACK_R_DROP_ACK_UNSENT:
		case SYNACK_R_DROP_PAWS:
			return M_REACK_OTHER;
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
			return M_DUPACK;
		}
		if (ooo && g->window != p->seg.window)
			return M_ACK_OOO_WINDOW;
		if (g->window > p->seg.window)
			return M_WINUPD;
		return M_ACK_PURE;
	}
	if (p && sgt(g->ack, p->seg.ack) && !tr) {
		/* no segment just arrived: a timer sent it (delayed ACK) */
		for (unsigned j = c->i; j-- > c->start;) {
			const struct ladder_row *d = row(c, j);
			if (on_conn(c, d) && d->from == o && arrived(d) && d->arrived < r->sent &&
			    d->seg.len && d->seg.seq + d->seg.len == g->ack) {
				if (r->sent - d->arrived < DELAYED_ACK_MIN)
					break; /* a host's own latency, not a timer */
				char buf[48];
				duration(c, r->sent - d->arrived, buf, sizeof buf);
				setv(c, V_DUR, "%s", buf);
				return M_ACK_DELAYED;
			}
		}
	}
	if (p && sgt(g->ack, p->seg.ack))
		return M_ACK_DATA;
	return M_ACK_PURE;
}

static enum msg sender_msg(struct ctx *c, enum kind *k)
{
	const struct ladder_row *r = c->r;
	*k = K_OTHER;
	if (has(r, SYNACK_TH_RST)) {
		*k = K_RST;
		return rst_msg(c);
	}
	if (bare_syn(r)) {
		*k = K_SYN;
		return r->injected ? M_SYN_OLD : syn_msg(c);
	}
	if (is_synack(r)) {
		*k = K_SYNACK;
		return synack_msg(c);
	}
	if (!has(r, SYNACK_TH_ACK))
		return M_NONE;
	if (has(r, SYNACK_TH_FIN)) {
		/* a FIN riding on a retransmission keeps the retransmission's reason */
		if (r->seg.len && is_recovery_rexmit(r->why))
			return data_msg(c, k);
		return fin_msg(c, k);
	}
	if (r->seg.len)
		return data_msg(c, k);
	return ack_msg(c, k);
}

/* ------------------------------------------------- the receiver's side */

/* The next byte the receiver expected when the row arrived: its latest
 * ACK before then, moved on by the sender's data that had arrived since. */
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

/* Whether the receiver had resent the segment at `seq` (fast or SACK
 * recovery) before row i reached it. */
static bool already_resent(const struct ctx *c, uint32_t seq)
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

static enum msg drop_msg(struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	bool tw = r->receiver_known && r->receiver_state == SYNACK_TIME_WAIT;
	switch (r->drop_reason) {
	case SYNACK_R_DROP_DUPLICATE:
	case SYNACK_R_DROP_OUT_OF_WINDOW:
		if (has(r, SYNACK_TH_FIN) && tw)
			return R_FIN_TW_DUP;
		if (k == K_SYNACK)
			return R_SYNACK_DUP;
		return r->drop_reason == SYNACK_R_DROP_DUPLICATE ? R_DUP : R_OOW;
	case SYNACK_R_DROP_PAWS: return R_PAWS;
	case SYNACK_R_DROP_ACK_UNSENT: return R_ACK_UNSENT;
	case SYNACK_R_DROP_ACK_TOO_OLD: return R_ACK_TOO_OLD;
	case SYNACK_R_DROP_NO_CONN:
		if (k == K_SYN)
			return R_CLOSED_PORT;
		if (k == K_SYNACK)
			return R_SYNACK_NOCONN;
		if (synack_given_up_since(c, c->rv))
			return R_FORGOTTEN;
		return R_NOCONN;
	case SYNACK_R_DROP_BAD_ACK_SYN_SENT: return R_SYNACK_STALE;
	case SYNACK_R_DROP_BAD_ACK_SYN_RECEIVED: return R_BAD_ACK_SYNRCVD;
	case SYNACK_R_DROP_SYN_IN_SYN_RECEIVED: return R_SYN_BACK_TO_LISTEN;
	case SYNACK_R_DROP_SYN_CHALLENGE:
		return k == K_SYNACK && r->rel_seq_known && r->rel_seq == 0 ? R_SYNACK_DUP_ESTAB
									    : R_SYN_CHALLENGE;
	case SYNACK_R_DROP_RST_NOT_EXACT: return R_RST_CHALLENGE;
	case SYNACK_R_DROP_RST_OUT_OF_WINDOW: return R_RST_OOW;
	case SYNACK_R_DROP_RST_NO_CONN:
	case SYNACK_R_DROP_RST_BAD_ACK_SYN_SENT:
	case SYNACK_R_DROP_RST_NO_ACK_SYN_SENT:
	case SYNACK_R_DROP_RST_TO_LISTENER:
		return R_RST_IGNORED;
	case SYNACK_R_DROP_ACK_TO_LISTENER: return R_ACK_LISTENER;
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_SYN:
	case SYNACK_R_DROP_SYN_QUEUE_FULL:
		return R_SYN_QUEUE_FULL;
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_ACK:
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_COOKIE:
		return R_ACCEPTQ_FULL;
	case SYNACK_R_DROP_SYN_DATA:
	case SYNACK_R_DROP_SYN_DATA_RESENT:
		return R_SYN_DATA;
	case SYNACK_R_DROP_DATA_AFTER_CLOSE: return R_DATA_AFTER_CLOSE;
	default: return R_DROP_GENERIC;
	}
}

static enum msg lost_msg(const struct ctx *c, enum kind k)
{
	switch (k) {
	case K_SYN:
		return L_SYN;
	case K_SYNACK:
		return L_SYNACK;
	case K_THIRD:
		return L_THIRD;
	case K_THIRD_DATA:
	case K_DATA:
	case K_ZWP:
		return L_DATA;
	case K_ACK:
	case K_KEEPALIVE:
		return L_ACK;
	case K_ACK_FIN:
		if (c->msg == M_ACK_FIN_PASSIVE)
			return L_ACK_FIN_PASSIVE;
		if (c->msg == M_FINAL_ACK || c->msg == M_REACK_TW)
			return L_FINAL_ACK;
		return L_ACK;
	case K_FIN:
		return L_FIN;
	case K_RST:
		return L_RST;
	case K_OTHER:
		break;
	}
	return L_GENERIC;
}

/* The receiver's view of a segment it accepted. */
static enum msg accept_msg(struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	bool op = ladder_side_opaque(c->l, c->rv);
	bool known = r->receiver_known && !op;
	synack_state rs = known ? r->receiver_state : SYNACK_STATE_COUNT;
	synack_state rp = state_before(c, c->rv, r->arrived);
	switch (k) {
	case K_SYN:
		if (op)
			return R_SYN_OPAQUE;
		if (!r->receiver_known)
			return R_SYN_COOKIE;
		if (rs != SYNACK_SYN_RECEIVED)
			return M_NONE;
		if (rp == SYNACK_SYN_SENT)
			return R_SYN_SIMUL;
		if (rp == SYNACK_TIME_WAIT)
			return R_SYN_TW_REUSE;
		if (rp == SYNACK_SYN_RECEIVED)
			return R_SYN_AGAIN;
		return r->injected ? R_SYN_OLD : R_SYN_LISTEN;
	case K_SYNACK:
		if (known && rs == SYNACK_ESTABLISHED && rp == SYNACK_SYN_RECEIVED)
			return R_SYNACK_SIMUL;
		if (op || rs == SYNACK_ESTABLISHED)
			return R_SYNACK;
		return M_NONE;
	case K_THIRD:
	case K_THIRD_DATA:
		if (c->cookie)
			return R_THIRD_COOKIE;
		if (op || rs == SYNACK_ESTABLISHED)
			return k == K_THIRD ? R_THIRD_ACK : R_THIRD_DATA;
		return M_NONE;
	case K_DATA: {
		if (known && rp == SYNACK_SYN_RECEIVED && rs == SYNACK_ESTABLISHED)
			return R_HANDSHAKE_BY_DATA;
		uint32_t nxt;
		if (op || !rcv_next(c, &nxt))
			return R_DATA_GENERIC;
		uint32_t seq = r->seg.seq, base = r->rel_seq_known ? seq - r->rel_seq : 0;
		if (sgt(seq, nxt)) {
			uint32_t first_held = seq;
			extend_held(c, nxt, &first_held);
			setv(c, V_RNXT, "%" PRIu32, nxt - base);
			setv(c, V_GAPEND, "%" PRIu32, first_held - base - 1);
			return sack_on(c) ? R_DATA_OOO_SACK : R_DATA_OOO;
		}
		uint32_t end = seq + r->seg.len + !!has(r, SYNACK_TH_FIN);
		uint32_t after = extend_held(c, sgt(end, nxt) ? end : nxt, NULL);
		if (sgt(after, end) && sgt(end, nxt)) {
			setv(c, V_NEXT, "%" PRIu32, after - base);
			return R_DATA_FILLS_HOLE;
		}
		if (rs == SYNACK_FIN_WAIT_1 || rs == SYNACK_FIN_WAIT_2)
			return R_DATA_HALF;
		return R_DATA_INORDER;
	}
	case K_ZWP:
		return R_ZWP;
	case K_KEEPALIVE:
		return R_KEEPALIVE;
	case K_ACK:
		if (c->msg == M_DUPACK)
			return already_resent(c, r->seg.ack) ? R_DUPACK_RECOVERING : R_DUPACK;
		if (c->msg == M_ACK_DATA || c->msg == M_ACK_DELAYED)
			return R_ACK_DATA;
		return M_NONE;
	case K_ACK_FIN: {
		if (!known) { /* what RFC 9293 has the receiver do */
			if (!c->have_fin[c->s])
				return R_ACK_FIN_FW1;
			return c->msg == M_ACK_FIN_CLOSING || c->msg == M_ACK_FIN_TW ? R_ACK_FIN_CLOSING
										       : R_ACK_FIN_LASTACK;
		}
		if (rp == SYNACK_FIN_WAIT_1 && rs == SYNACK_FIN_WAIT_2)
			return R_ACK_FIN_FW1;
		if (rp == SYNACK_LAST_ACK && rs == SYNACK_CLOSED)
			return R_ACK_FIN_LASTACK;
		if (rp == SYNACK_CLOSING && rs == SYNACK_TIME_WAIT)
			return R_ACK_FIN_CLOSING;
		return M_NONE;
	}
	case K_FIN: {
		if (c->msg == M_FIN_AGAIN)
			return M_NONE;
		if (!known) {
			if (!c->have_fin[c->rv])
				return R_FIN_ESTAB;
			if (sge(r->seg.ack, c->fin[c->rv] + 1))
				return fin_acked_by(c, c->s) ? R_FIN_FW2 : R_FIN_FW1_BOTH;
			return R_FIN_CLOSING;
		}
		if (rs == SYNACK_CLOSE_WAIT)
			return R_FIN_ESTAB;
		if (rs == SYNACK_LAST_ACK && !c->have_fin[c->rv])
			return R_FIN_LASTACK;
		if (rs == SYNACK_TIME_WAIT && rp == SYNACK_FIN_WAIT_2)
			return R_FIN_FW2;
		if (rs == SYNACK_TIME_WAIT && rp == SYNACK_FIN_WAIT_1)
			return R_FIN_FW1_BOTH;
		if (rs == SYNACK_CLOSING)
			return R_FIN_CLOSING;
		if (rs == SYNACK_FIN_WAIT_1 || rs == SYNACK_FIN_WAIT_2)
			return R_DATA_HALF; /* a retransmission carrying data before the FIN */
		return M_NONE;
	}
	case K_RST:
		if (!known)
			return op ? R_RST_GENERIC : M_NONE;
		if (rs == SYNACK_TIME_WAIT)
			return R_RST_TW;
		if (rs != SYNACK_CLOSED)
			return M_NONE;
		if (rp == SYNACK_SYN_SENT)
			return R_RST_REFUSED;
		if (rp == SYNACK_SYN_RECEIVED)
			return c->rv == c->client ? R_RST_REFUSED : R_RST_BACK_TO_LISTEN;
		if (c->forgotten)
			return R_RST_FORGOTTEN;
		if (rp < SYNACK_STATE_COUNT)
			setv(c, V_RPREV, "%s", synack_state_name(rp));
		return R_RST_RESET;
	case K_OTHER:
		break;
	}
	return M_NONE;
}

static enum msg receiver_msg(struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	if (c->msg == M_NONE)
		return M_NONE;
	if (lost(r))
		return lost_msg(c, k);
	if (!arrived(r))
		return M_NONE; /* still on its way */
	if (r->receiver_dropped)
		return drop_msg(c, k);
	return accept_msg(c, k);
}

/* ---------------------------------------------------------------- notes */

static void explain_note(struct ctx *c, struct out *o)
{
	const struct ladder_row *r = c->r;
	/* the connection: the latest segment that left the side in the
	 * state the note starts from */
	for (unsigned j = c->i; j-- > c->lo;) {
		const struct ladder_row *h = row(c, j);
		if (!is_seg(h))
			continue;
		if ((h->from == c->s && h->sender_state == r->note_from) ||
		    (h->from != c->s && h->receiver_known && h->receiver_state == r->note_from)) {
			c->key = h->seg;
			c->has_key = true;
			break;
		}
	}
	if (c->has_key)
		find_roles(c);
	label(c, c->s, c->var[V_S], VAR_LEN);
	label(c, c->rv, c->var[V_R], VAR_LEN);
	setv(c, V_FROM, "%s", synack_state_name(r->note_from));
	setv(c, V_TO, "%s", synack_state_name(r->note_to));
	setv(c, V_REASON, "%s", reason_text(c, r->note_reason));
	synack_reason why = r->note_reason;
	char d[48];

	if (why == SYNACK_R_TIMEOUT_2MSL && c->has_key) {
		/* from the FIN that put it in TIME-WAIT (or the last one it
		 * re-acknowledged), else from the ACK that did */
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
		if (found) {
			duration(c, r->sent - t0, d, sizeof d);
			setv(c, V_DUR, "%s", d);
			say(o, c, restart ? N_2MSL_RESTART : N_2MSL);
			return;
		}
	}
	if (why == SYNACK_R_TIMEOUT_FIN_WAIT_2 && c->has_key) {
		for (unsigned j = c->start; j < c->i; j++) {
			const struct ladder_row *h = row(c, j);
			if (on_conn(c, h) && h->from != c->s && arrived(h) && h->receiver_known &&
			    h->receiver_state == SYNACK_FIN_WAIT_2) {
				duration(c, r->sent - h->arrived, d, sizeof d);
				setv(c, V_DUR, "%s", d);
				say(o, c, N_FW2);
				return;
			}
		}
	}
	if (why == SYNACK_R_HALF_OPEN_DROPPED && c->has_key) {
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
		if (n) {
			setv(c, V_N, "%u", n);
			say(o, c, N_SYNACK_EXH);
			if (peer_est)
				say(o, c, N_SYNACK_EXH_PEER);
			return;
		}
	}
	if (why == SYNACK_R_SYN_RETRIES_EXHAUSTED && c->has_key) {
		unsigned n = 0;
		for (unsigned j = c->start; j < c->i; j++) {
			const struct ladder_row *h = row(c, j);
			n += on_conn(c, h) && h->from == c->s && own_syn(h);
		}
		if (n) {
			setv(c, V_N, "%u", n);
			say(o, c, N_SYN_EXH);
			return;
		}
	}
	switch (why) {
	case SYNACK_R_SYN_RETRIES_EXHAUSTED:
	case SYNACK_R_SYNACK_RETRIES_EXHAUSTED:
	case SYNACK_R_HALF_OPEN_DROPPED:
	case SYNACK_R_REXMIT_RETRIES_EXHAUSTED:
		say(o, c, N_REXMT_EXH);
		return;
	default:
		break;
	}
	say(o, c, N_GENERIC);
}

/* ---------------------------------------------------------------- entry */

/* RFC 3168: the sentence about the row's ECN signals, if it has any. */
static enum msg ecn_msg(const struct ctx *c)
{
	const struct ladder_row *r = c->r;
	if (bare_syn(r))
		return has(r, SYNACK_TH_ECE) && has(r, SYNACK_TH_CWR) ? E_SYN : M_NONE;
	if (is_synack(r))
		return has(r, SYNACK_TH_ECE) && !has(r, SYNACK_TH_CWR) ? E_SYNACK : M_NONE;
	if (arrived_ce(r))
		return E_CE;
	if (lost(r)) /* what it would have said never reached anyone */
		return M_NONE;
	if (has(r, SYNACK_TH_CWR) && r->seg.len)
		return E_CWR;
	if (!has(r, SYNACK_TH_ECE))
		return M_NONE;
	/* the first ECE since the mark it echoes reached this side */
	for (unsigned j = c->i; j-- > c->lo;) {
		const struct ladder_row *h = row(c, j);
		if (!is_seg(h) || !on_conn(c, h))
			continue;
		if (h->from == r->from && has(h, SYNACK_TH_ECE) && !has(h, SYNACK_TH_SYN))
			return E_ECE_AGAIN;
		if (h->from != r->from && arrived_ce(h))
			break;
	}
	return E_ECE_FIRST;
}

void explain_row(const struct ladder *l, unsigned i, enum explain_lang lang, char *buf, size_t len)
{
	if (!buf || len == 0)
		return;
	buf[0] = 0;
	if (!l || i >= ladder_count(l))
		return;
	static struct ctx zero;
	struct ctx c = zero;
	c.l = l;
	c.lang = lang == EXPLAIN_ZH ? EXPLAIN_ZH : EXPLAIN_EN;
	c.i = i;
	c.n = ladder_count(l);
	c.r = ladder_row(l, i);
	c.lo = i > SCAN_BEFORE ? i - SCAN_BEFORE : 0;
	c.hi = c.n - i > SCAN_AFTER ? i + SCAN_AFTER : c.n;
	c.s = c.r->from ? 1 : 0;
	c.rv = 1 - c.s;
	c.client = -1;
	struct out o = {buf, len, 0, false};

	if (c.r->note) {
		explain_note(&c, &o);
		return;
	}
	if (!c.r->parsed)
		return;
	c.key = c.r->seg;
	c.has_key = true;
	find_roles(&c);
	find_fins(&c);
	for (unsigned j = c.start; j < i; j++) {
		const struct ladder_row *h = ladder_row(l, j);
		if (on_conn(&c, h) && h->why == SYNACK_R_SYNACK_COOKIE)
			c.cookie = true;
	}
	label(&c, c.s, c.var[V_S], VAR_LEN);
	label(&c, c.rv, c.var[V_R], VAR_LEN);
	segment_vars(&c);

	enum kind k;
	c.msg = sender_msg(&c, &k);
	say(&o, &c, c.msg);
	say(&o, &c, receiver_msg(&c, k));
	say(&o, &c, ecn_msg(&c));
}

int explain_lang_parse(const char *name, enum explain_lang *out)
{
	if (!name || !out)
		return -1;
	if (!strcmp(name, "en")) {
		*out = EXPLAIN_EN;
		return 0;
	}
	if (!strcmp(name, "zh")) {
		*out = EXPLAIN_ZH;
		return 0;
	}
	return -1;
}
