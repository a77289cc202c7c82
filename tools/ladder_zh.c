/* The Chinese of the engine's reasons as the ladder shows them (--lang
 * zh): a sender's reason for a segment, a receiver's reason for dropping
 * one, the reason of a state change a timer made.  The engine speaks
 * English, and a reason missing here is shown as it comes, so a new one
 * never breaks the output; add it here when it appears in a ladder.
 *
 * Terms as in explain.c: TCP names (SYN, ACK, RST, SACK, MSS, PAWS,
 * TIME-WAIT ...) stay in Latin letters, 重传, 丢失, 半连接, 已完成连接队列,
 * 监听套接字, 挑战 ACK, 空缺.  "X: what it does about it" reads "X，动作";
 * a category before the colon ("ipv4:", "RST:", "SACK recovery:") keeps
 * a colon. */
#include <string.h>

#include "ladder.h"

static const struct {
	const char *en, *zh;
} reasons[] = {
	/* why a segment was sent (tcp_emit, tcp_emit_raw, tcp_send_rst_for;
	 * "SYN", "SYN,ACK", "ACK", "data" and "FIN" are not shown) */
	{"SYN retransmission", "SYN 重传"},
	{"SYN,ACK retransmission", "SYN,ACK 重传"},
	{"SYN,ACK (SYN cookie)", "SYN,ACK（SYN cookie）"},
	{"retransmission", "重传"},
	{"FIN retransmission", "FIN 重传"},
	{"data + FIN", "数据 + FIN"},
	{"zero-window probe", "零窗口探测"},
	{"keepalive probe", "保活探测"},
	{"tail loss probe", "尾部丢失探测"},
	{"fast retransmission", "快速重传"},
	{"partial ACK retransmission", "部分确认后的重传"},
	{"lost retransmission", "重传又丢失，再次重传"},
	{"SACK hole retransmission", "重传 SACK 空缺"},
	{"SACK recovery: lost segment", "SACK 恢复：丢失的报文段"},
	{"SACK recovery: hole", "SACK 恢复：空缺"},
	{"SACK recovery: rescue", "SACK 恢复：救援重传"},
	{"challenge ACK (RFC 5961)", "挑战 ACK（RFC 5961）"},
	{"ACK (with the FIN again)", "ACK（再次带上 FIN）"},
	{"abort", "中止连接"},
	{"RST: no such connection", "RST：没有这个连接"},
	{"RST: ACK does not match our SYN", "RST：ACK 与本端的 SYN 不符"},
	{"RST: ACK does not match our SYN,ACK", "RST：ACK 与本端的 SYN,ACK 不符"},
	{"RST: ACK to a listening socket", "RST：ACK 发给了监听套接字"},
	{"RST: data after close", "RST：关闭后又收到数据"},
	/* injected by a scenario (scenarios.c) */
	{"old duplicate SYN", "旧的重复 SYN"},

	/* why the receiver dropped a segment: tcp/input.c, tcp/listen.c */
	{"RST for no connection", "RST 找不到所属的连接"},
	{"no connection: answered with RST", "没有连接，回复 RST"},
	{"RST with unacceptable ACK in SYN-SENT", "SYN-SENT 中收到 ACK 不可接受的 RST"},
	{"unacceptable ACK in SYN-SENT: answered with RST", "SYN-SENT 中 ACK 不可接受，回复 RST"},
	{"RST without ACK in SYN-SENT", "SYN-SENT 中收到不带 ACK 的 RST"},
	{"neither SYN nor RST in SYN-SENT", "SYN-SENT 中收到的报文段既无 SYN 也无 RST"},
	{"SYN+FIN dropped (drop_synfin)", "丢弃 SYN+FIN（drop_synfin）"},
	{"data on SYN not accepted", "不接受 SYN 携带的数据"},
	{"data on SYN not accepted: the peer sends it again",
	 "不接受 SYN 携带的数据，对端会再次发送"},
	{"RST out of window", "RST 在窗口之外"},
	{"duplicate segment: re-ACKed", "重复的报文段，再次确认"},
	{"out of window: ACKed", "在窗口之外，回复 ACK"},
	{"RST in window but not at RCV.NXT: challenge ACK",
	 "RST 在窗口内但不在 RCV.NXT，回复挑战 ACK"},
	{"SYN in SYN-RECEIVED: back to LISTEN", "SYN-RECEIVED 中收到 SYN，回到 LISTEN"},
	{"SYN in a synchronized state: challenge ACK", "已同步状态下收到 SYN，回复挑战 ACK"},
	{"no ACK bit", "没有 ACK 标志"},
	{"unacceptable ACK in SYN-RECEIVED: RST", "SYN-RECEIVED 中 ACK 不可接受，回复 RST"},
	{"accept queue full: ACK ignored", "已完成连接队列已满，忽略 ACK"},
	{"ACK of data never sent: ACKed", "确认了从未发送的数据，回复 ACK"},
	{"ACK too old (RFC 5961): challenge ACK", "ACK 过旧（RFC 5961），回复挑战 ACK"},
	{"data after close: RST", "关闭后收到数据，回复 RST"},
	{"out-of-order table full", "乱序表已满"},
	{"no ACK bit in TIME-WAIT", "TIME-WAIT 中没有 ACK 标志"},
	{"PAWS: old timestamp", "PAWS：时间戳过旧"},
	{"accept queue full: cookie ACK dropped", "已完成连接队列已满，丢弃 cookie ACK"},
	{"no memory for a connection", "内存不足，无法建立连接"},
	{"accept queue full: SYN dropped", "已完成连接队列已满，丢弃 SYN"},
	{"SYN queue full: SYN dropped", "半连接队列已满，丢弃 SYN"},
	{"RST to a listener", "RST 发给了监听套接字"},
	{"ACK to a listener: RST", "ACK 发给了监听套接字，回复 RST"},
	{"neither SYN, ACK nor RST to a listener", "发给监听套接字的报文段既无 SYN、ACK 也无 RST"},
	{"SYN+FIN to a listener", "SYN+FIN 发给了监听套接字"},
	/* ... core/stack.c: our own reply could not be queued */
	{"output queue full", "输出队列已满"},
	/* ... ip/input.c and the parsers' errors (wire/) */
	{"empty datagram", "空数据报"},
	{"ip: version is not 4 or 6", "ip：版本号不是 4 或 6"},
	{"ip: not TCP", "ip：不是 TCP"},
	{"icmp: shorter than its header", "icmp：比其首部还短"},
	{"icmp: bad checksum", "icmp：校验和错误"},
	{"icmp: does not quote one of our TCP segments", "icmp：引用的不是本机发出的 TCP 报文段"},
	{"icmp: not an error about TCP", "icmp：不是关于 TCP 的差错报文"},
	{"icmp: no connection for the segment it quotes", "icmp：所引用的报文段没有对应的连接"},
	{"icmp: quotes a sequence number not in flight (RFC 5927)",
	 "icmp：所引用的序号不在途中（RFC 5927）"},
	{"icmp: too big for the path", "icmp：报文段超过路径 MTU"},
	{"icmp: port unreachable", "icmp：端口不可达"},
	{"icmp: unreachable (soft error)", "icmp：不可达（软错误）"},
	{"ICMP port unreachable", "ICMP 端口不可达"},
	{"ipv4: not our address", "ipv4：不是本机地址"},
	{"ipv4: bad source address", "ipv4：源地址无效"},
	{"ipv4: shorter than a header", "ipv4：比首部还短"},
	{"ipv4: version is not 4", "ipv4：版本号不是 4"},
	{"ipv4: bad header length", "ipv4：首部长度错误"},
	{"ipv4: bad total length", "ipv4：总长度错误"},
	{"ipv4: bad header checksum", "ipv4：首部校验和错误"},
	{"ipv4: fragment (not reassembled)", "ipv4：分片（不做重组）"},
	{"ipv4: unknown error", "ipv4：未知错误"},
	{"ipv6: not our address", "ipv6：不是本机地址"},
	{"ipv6: bad source address", "ipv6：源地址无效"},
	{"ipv6: shorter than a header", "ipv6：比首部还短"},
	{"ipv6: version is not 6", "ipv6：版本号不是 6"},
	{"ipv6: bad payload length", "ipv6：载荷长度错误"},
	{"ipv6: malformed extension header", "ipv6：扩展首部格式错误"},
	{"ipv6: fragment (not reassembled)", "ipv6：分片（不做重组）"},
	{"ipv6: unknown error", "ipv6：未知错误"},
	{"tcp: bad checksum", "tcp：校验和错误"},
	{"tcp: port 0", "tcp：端口为 0"},
	{"tcp: shorter than a header", "tcp：比首部还短"},
	{"tcp: bad data offset", "tcp：数据偏移错误"},
	{"tcp: malformed option length", "tcp：选项长度错误"},
	{"tcp: option of the wrong size", "tcp：选项大小不对"},
	{"tcp: unknown error", "tcp：未知错误"},

	/* state changes made by a timer (the ladder's note rows) */
	{"2MSL timeout", "2MSL 超时"},
	{"FIN-WAIT-2 timeout", "FIN-WAIT-2 超时"},
	{"SYN retries exhausted", "SYN 重传次数用完"},
	{"SYN,ACK retries exhausted", "SYN,ACK 重传次数用完"},
	{"SYN,ACK retries exhausted: half-open entry dropped", "SYN,ACK 重传次数用完，丢弃半连接"},
	{"retransmission retries exhausted", "重传次数用完"},
	{"zero-window probes unanswered", "零窗口探测无应答"},
	{"keepalive probes unanswered", "保活探测无应答"},
};

const char *ladder_reason_zh(const char *en)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (!strcmp(en, reasons[i].en))
			return reasons[i].zh;
	return en;
}
