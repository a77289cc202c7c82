/*
 * synack — a userspace TCP/IP stack with a sans-I/O engine.
 *
 * The engine never reads a clock and never does I/O.  The caller
 *   - hands it IP datagrams and the current time (nanoseconds, any origin,
 *     never going backwards): synack_input(), synack_advance();
 *   - takes the datagrams it wants sent: synack_output(), or a function
 *     given to synack_set_output() (how a link attaches: synack_link.h);
 *   - asks when it next needs the time: synack_next_deadline();
 *   - drives connections through a BSD-socket-like API on small integer
 *     descriptors: synack_socket(), synack_connect(), synack_send(), ...
 *
 * Everything hangs off a synack_stack; several stacks live in one process.
 *
 * Errors are negative SYNACK_E* codes; synack_strerror() names them and
 * synack_errno() maps them to the host's errno values.
 */
#ifndef SYNACK_H
#define SYNACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility; what this header declares
 * is its exported interface. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* ----------------------------------------------------------------- version */

/* The library's version (semantic versioning; the soname carries MAJOR).
 * While MAJOR is 0 the interface may change between minor versions. */
#define SYNACK_VERSION_MAJOR 0
#define SYNACK_VERSION_MINOR 9
#define SYNACK_VERSION_PATCH 0
#define SYNACK_VERSION "0.9.0"

/* The version of the library actually linked ("0.9.0"), which may differ
 * from the SYNACK_VERSION a program was compiled with. */
const char *synack_version(void);

/* ------------------------------------------------------------------ errors */

enum synack_error {
	SYNACK_OK = 0,
	SYNACK_EAGAIN = -1,        /* would block: try again after an event */
	SYNACK_EINPROGRESS = -2,   /* connect started; completion is an event */
	SYNACK_ECONNREFUSED = -3,  /* RST in answer to our SYN */
	SYNACK_ECONNRESET = -4,    /* peer reset an established connection */
	SYNACK_ETIMEDOUT = -5,     /* retransmissions or keepalives ran out */
	SYNACK_EPIPE = -6,         /* send after shutdown(WR) or close */
	SYNACK_EADDRINUSE = -7,    /* local endpoint already bound */
	SYNACK_EINVAL = -8,        /* bad argument or wrong socket state */
	SYNACK_ENOMEM = -9,        /* allocation hook failed */
	SYNACK_ENOTCONN = -10,     /* operation needs a connection */
	SYNACK_EISCONN = -11,      /* already connected */
	SYNACK_EALREADY = -12,     /* connect already in progress */
	SYNACK_EBADF = -13,        /* no such descriptor */
	SYNACK_EADDRNOTAVAIL = -14,/* address not ours, or no ephemeral port */
	SYNACK_ECONNABORTED = -15, /* connection aborted before accept */
	SYNACK_EOPNOTSUPP = -16,   /* operation not supported on this socket */
	SYNACK_ENOBUFS = -17,      /* output queue or a fixed table is full */
	SYNACK_EAFNOSUPPORT = -18, /* address family not supported (yet) */
	SYNACK_EMSGSIZE = -19,     /* datagram larger than the buffer given */
	SYNACK_EHOSTUNREACH = -20, /* no route to the destination */
	SYNACK_ENOPROTOOPT = -21,  /* unknown socket option */
	SYNACK_EMFILE = -22,       /* descriptor table full */
	SYNACK_EIO = -23,          /* a file or device could not be written or set
				    * up (see errno) */
};

/* Printable name and meaning of an error code ("ECONNRESET: ..."). */
const char *synack_strerror(int err);
/* The host errno value for an error code (EAGAIN, ECONNRESET, ...). */
int synack_errno(int err);

/* --------------------------------------------------------------- addresses */

enum synack_family { SYNACK_AF_INET = 4, SYNACK_AF_INET6 = 6 };

/* Family-neutral address: IPv4 uses bytes[0..3], IPv6 all 16. */
typedef struct synack_addr {
	uint8_t family;
	uint8_t bytes[16];
} synack_addr;

typedef struct synack_endpoint {
	synack_addr addr;
	uint16_t port;
} synack_endpoint;

synack_addr synack_ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);
/* Parses IPv4 dotted-quad or IPv6 text; returns SYNACK_OK or SYNACK_EINVAL. */
int synack_addr_parse(const char *text, synack_addr *out);
/* Writes "a.b.c.d" or IPv6 text into buf (at least 46 bytes); returns buf. */
char *synack_addr_format(const synack_addr *a, char *buf, size_t len);
bool synack_addr_equal(const synack_addr *a, const synack_addr *b);

/* ------------------------------------------------------------------ states */

/* RFC 9293 states in RFC order.  Ordering makes common tests comparisons:
 * state >= ESTABLISHED means synchronized; state > CLOSE_WAIT means our FIN
 * has been queued or sent. */
typedef enum synack_state {
	SYNACK_CLOSED = 0,
	SYNACK_LISTEN,
	SYNACK_SYN_SENT,
	SYNACK_SYN_RECEIVED,
	SYNACK_ESTABLISHED,
	SYNACK_CLOSE_WAIT,
	SYNACK_FIN_WAIT_1,
	SYNACK_CLOSING,
	SYNACK_LAST_ACK,
	SYNACK_FIN_WAIT_2,
	SYNACK_TIME_WAIT,
	SYNACK_STATE_COUNT
} synack_state;

/* "SYN-RECEIVED", "TIME-WAIT", ... as RFC 9293 spells them. */
const char *synack_state_name(synack_state s);

/* ---------------------------------------------------------------- settings */

/* On-the-wire choices where the RFCs leave freedom (never correctness):
 * option order and padding, and the defaults synack_settings_personality()
 * sets (buffers, window scale, minimum RTO, delayed-ACK timing). */
typedef enum synack_personality {
	SYNACK_PERSONALITY_RFC,     /* synack's own defaults, Linux's option layout */
	SYNACK_PERSONALITY_LINUX,
	SYNACK_PERSONALITY_FREEBSD,
} synack_personality;

/* RFC 3168 Explicit Congestion Notification. */
typedef enum synack_ecn_mode {
	SYNACK_ECN_OFF,     /* never */
	SYNACK_ECN_ON,      /* ask for it in our SYNs, accept it in theirs */
	SYNACK_ECN_PASSIVE, /* accept it when a peer's SYN asks (Linux's and
			     * FreeBSD's default) */
} synack_ecn_mode;

typedef struct synack_settings {
	synack_personality personality; /* option layout (RFC) */
	uint32_t wscale_buffer;    /* window scale is chosen to offer this many
				      bytes; 0 = recv_buffer */
	uint32_t mtu;              /* IP MTU of the link: 576..65535 (1500) */
	uint32_t send_buffer;      /* bytes per connection (262144) */
	uint32_t recv_buffer;      /* bytes per connection (262144) */
	uint64_t initial_rto_ns;   /* RFC 6298 initial RTO (1 s) */
	uint64_t min_rto_ns;       /* lower clamp (200 ms) */
	uint64_t max_rto_ns;       /* upper clamp (120 s, as Linux; RFC 6298 2.5 allows >= 60 s) */
	uint32_t syn_retries;      /* SYN retransmissions before ETIMEDOUT (6) */
	uint32_t syn_plain_after;  /* from this SYN retransmission on, the SYN carries
				    * MSS only, in case a middlebox drops SYNs with
				    * other options (0: never, the default; FreeBSD's
				    * rexmit_drop_options: 3) */
	uint32_t synack_retries;   /* SYN,ACK retransmissions before drop (5) */
	uint32_t data_retries;     /* data/FIN retransmissions before ETIMEDOUT (15) */
	uint64_t msl_ns;           /* TIME-WAIT lasts 2*msl (30 s, so 60 s) */
	uint64_t fin_wait2_timeout_ns; /* orphaned FIN-WAIT-2 limit (60 s) */
	uint64_t delayed_ack_ns;   /* delayed ACK timeout (40 ms) */
	bool delayed_ack;          /* RFC 9293 3.8.6.3 delayed ACKs (on) */
	bool nagle;                /* RFC 896, default for new sockets (on) */
	bool window_scaling;       /* RFC 7323 (on) */
	bool sack;                 /* RFC 2018 (on) */
	bool timestamps;           /* RFC 7323 (on) */
	bool rfc5961;              /* challenge ACKs for RST/SYN (on) */
	bool tail_loss_probe;      /* RFC 8985 TLP (off; on for linux) */
	bool prr;                  /* RFC 6937 proportional rate reduction in SACK
				    * recovery (on, as Linux and FreeBSD) */
	synack_ecn_mode ecn;       /* RFC 3168 ECN (SYNACK_ECN_PASSIVE) */
	uint32_t ecn_syn_retries;  /* SYN retransmissions that still ask for ECN
				    * before giving up on it, in case ECN-setup
				    * SYNs are being dropped (1; linux: 0) */
	uint32_t challenge_ack_limit; /* per connection per second (10) */
	/* ACKs in answer to a pure ACK (or SYN) that failed the sequence,
	 * timestamp or ACK check: at most oow_ack_limit per oow_ack_interval
	 * per connection (1 per 500 ms, Linux's tcp_invalid_ratelimit;
	 * freebsd: 5 per second, its ACK war prevention).  Two ends that
	 * disagree (a spoofed or replayed segment) otherwise trade such ACKs
	 * without end.  Segments with data or a FIN are always answered.
	 * 0: no limit. */
	uint32_t oow_ack_limit;
	uint64_t oow_ack_interval_ns;
	uint32_t initial_cwnd;     /* segments, RFC 6928 (10) */
	uint32_t syn_backlog;      /* half-open entries per listener (256) */
	bool syn_cookies;          /* RFC 4987 cookies when that is full (on) */
	bool drop_synfin;          /* drop SYN+FIN in LISTEN and SYN-SENT (on) */
	bool keepalive;            /* default for new sockets (off) */
	uint64_t keepalive_idle_ns;     /* 7200 s */
	uint64_t keepalive_interval_ns; /* 75 s */
	uint32_t keepalive_count;       /* 9 */
	uint32_t tx_queue_len;     /* datagrams held for synack_output() (1024) */
	uint32_t max_sockets;      /* descriptor table size (65536) */
	uint16_t ephemeral_lo;     /* ephemeral port range (49152..65535) */
	uint16_t ephemeral_hi;
	uint8_t ttl;               /* IPv4 TTL (64) */
} synack_settings;

void synack_settings_default(synack_settings *s);
/* Resets every field to synack_settings_default(), then sets the
 * personality and the defaults that go with it:
 *   linux:   receive/send buffers 131072/16384, window scale for 6 MiB,
 *            min RTO 200 ms, tail loss probes, ecn_syn_retries 0
 *   freebsd: receive/send buffers 65536/32768, window scale for 2 MiB,
 *            min RTO 30 ms
 *   rfc:     synack_settings_default() */
void synack_settings_personality(synack_settings *s, synack_personality p);
const char *synack_personality_name(synack_personality p);
/* "rfc", "linux", "freebsd"; returns SYNACK_OK or SYNACK_EINVAL */
int synack_personality_parse(const char *name, synack_personality *out);

/* ----------------------------------------------------------------- reasons */

/* Why something happened: every event carries one of these.  One list,
 * each entry an id with a short English and Chinese text.  Programs
 * switch on the id (SYNACK_R_SYN_REXMIT); the texts are for people and
 * may be reworded in any version without changing behaviour.
 * synack_reason_name() gives the id itself ("SYN_REXMIT"), stable for
 * logs and JSON. */
#define SYNACK_REASONS(X) \
	X(NONE, "", "") \
	/* why a segment was sent (SEGMENT_SENT) */ \
	X(SYN, "SYN", "SYN") \
	X(SYN_REXMIT, "SYN retransmission", "SYN 重传") \
	X(SYNACK, "SYN,ACK", "SYN,ACK") \
	X(SYNACK_REXMIT, "SYN,ACK retransmission", "SYN,ACK 重传") \
	X(SYNACK_COOKIE, "SYN,ACK (SYN cookie)", "SYN,ACK（SYN cookie）") \
	X(ACK, "ACK", "ACK") \
	X(ACK_FIN_AGAIN, "ACK (with the FIN again)", "ACK（再次带上 FIN）") \
	X(REACK, "ACK again: the segment was not acceptable", "再次 ACK：收到的报文段不可接受") \
	X(DATA, "data", "数据") \
	X(DATA_FIN, "data + FIN", "数据 + FIN") \
	X(FIN, "FIN", "FIN") \
	X(FIN_REXMIT, "FIN retransmission", "FIN 重传") \
	X(REXMIT, "retransmission", "重传") \
	X(ZERO_WINDOW_PROBE, "zero-window probe", "零窗口探测") \
	X(KEEPALIVE_PROBE, "keepalive probe", "保活探测") \
	X(TAIL_LOSS_PROBE, "tail loss probe", "尾部丢失探测") \
	X(FAST_REXMIT, "fast retransmission", "快速重传") \
	X(PARTIAL_ACK_REXMIT, "partial ACK retransmission", "部分确认后的重传") \
	X(LOST_REXMIT, "lost retransmission", "重传又丢失，再次重传") \
	X(SACK_HOLE_REXMIT, "SACK hole retransmission", "重传 SACK 空缺") \
	X(SACK_LOST, "SACK recovery: lost segment", "SACK 恢复：丢失的报文段") \
	X(SACK_HOLE, "SACK recovery: hole", "SACK 恢复：空缺") \
	X(SACK_RESCUE, "SACK recovery: rescue", "SACK 恢复：救援重传") \
	X(CHALLENGE_ACK, "challenge ACK (RFC 5961)", "挑战 ACK（RFC 5961）") \
	X(RST_ABORT, "abort", "中止连接") \
	X(RST_NO_CONN, "RST: no such connection", "RST：没有这个连接") \
	X(RST_BAD_ACK_SYN, "RST: ACK does not match our SYN", "RST：ACK 与本端的 SYN 不符") \
	X(RST_BAD_ACK_SYNACK, "RST: ACK does not match our SYN,ACK", \
	  "RST：ACK 与本端的 SYN,ACK 不符") \
	X(RST_ACK_TO_LISTENER, "RST: ACK to a listening socket", "RST：ACK 发给了监听套接字") \
	X(RST_DATA_AFTER_CLOSE, "RST: data after close", "RST：关闭后又收到数据") \
	/* why a received segment was dropped (SEGMENT_DROPPED): TCP */ \
	X(DROP_RST_NO_CONN, "RST for no connection", "RST 找不到所属的连接") \
	X(DROP_NO_CONN, "no connection: answered with RST", "没有连接，回复 RST") \
	X(DROP_RST_BAD_ACK_SYN_SENT, "RST with unacceptable ACK in SYN-SENT", \
	  "SYN-SENT 中收到 ACK 不可接受的 RST") \
	X(DROP_BAD_ACK_SYN_SENT, "unacceptable ACK in SYN-SENT: answered with RST", \
	  "SYN-SENT 中 ACK 不可接受，回复 RST") \
	X(DROP_RST_NO_ACK_SYN_SENT, "RST without ACK in SYN-SENT", "SYN-SENT 中收到不带 ACK 的 RST") \
	X(DROP_NO_SYN_SYN_SENT, "neither SYN nor RST in SYN-SENT", \
	  "SYN-SENT 中收到的报文段既无 SYN 也无 RST") \
	X(DROP_SYN_FIN, "SYN+FIN dropped (drop_synfin)", "丢弃 SYN+FIN（drop_synfin）") \
	X(DROP_SYN_DATA, "data on SYN not accepted", "不接受 SYN 携带的数据") \
	X(DROP_SYN_DATA_RESENT, "data on SYN not accepted: the peer sends it again", \
	  "不接受 SYN 携带的数据，对端会再次发送") \
	X(DROP_RST_OUT_OF_WINDOW, "RST out of window", "RST 在窗口之外") \
	X(DROP_DUPLICATE, "duplicate segment: re-ACKed", "重复的报文段，再次确认") \
	X(DROP_OUT_OF_WINDOW, "out of window: ACKed", "在窗口之外，回复 ACK") \
	X(DROP_RST_NOT_EXACT, "RST in window but not at RCV.NXT: challenge ACK", \
	  "RST 在窗口内但不在 RCV.NXT，回复挑战 ACK") \
	X(DROP_SYN_IN_SYN_RECEIVED, "SYN in SYN-RECEIVED: back to LISTEN", \
	  "SYN-RECEIVED 中收到 SYN，回到 LISTEN") \
	X(DROP_SYN_CHALLENGE, "SYN in a synchronized state: challenge ACK", \
	  "已同步状态下收到 SYN，回复挑战 ACK") \
	X(DROP_NO_ACK, "no ACK bit", "没有 ACK 标志") \
	X(DROP_BAD_ACK_SYN_RECEIVED, "unacceptable ACK in SYN-RECEIVED: RST", \
	  "SYN-RECEIVED 中 ACK 不可接受，回复 RST") \
	X(DROP_ACCEPT_QUEUE_FULL_ACK, "accept queue full: ACK ignored", "已完成连接队列已满，忽略 ACK") \
	X(DROP_ACK_UNSENT, "ACK of data never sent: ACKed", "确认了从未发送的数据，回复 ACK") \
	X(DROP_ACK_TOO_OLD, "ACK too old (RFC 5961): challenge ACK", "ACK 过旧（RFC 5961），回复挑战 ACK") \
	X(DROP_DATA_AFTER_CLOSE, "data after close: RST", "关闭后收到数据，回复 RST") \
	X(DROP_OOO_FULL, "out-of-order table full", "乱序表已满") \
	X(DROP_NO_ACK_TIME_WAIT, "no ACK bit in TIME-WAIT", "TIME-WAIT 中没有 ACK 标志") \
	X(DROP_PAWS, "PAWS: old timestamp", "PAWS：时间戳过旧") \
	X(DROP_ACCEPT_QUEUE_FULL_COOKIE, "accept queue full: cookie ACK dropped", \
	  "已完成连接队列已满，丢弃 cookie ACK") \
	X(DROP_NO_MEMORY, "no memory for a connection", "内存不足，无法建立连接") \
	X(DROP_ACCEPT_QUEUE_FULL_SYN, "accept queue full: SYN dropped", "已完成连接队列已满，丢弃 SYN") \
	X(DROP_SYN_QUEUE_FULL, "SYN queue full: SYN dropped", "半连接队列已满，丢弃 SYN") \
	X(DROP_RST_TO_LISTENER, "RST to a listener", "RST 发给了监听套接字") \
	X(DROP_ACK_TO_LISTENER, "ACK to a listener: RST", "ACK 发给了监听套接字，回复 RST") \
	X(DROP_BAD_FLAGS_LISTENER, "neither SYN, ACK nor RST to a listener", \
	  "发给监听套接字的报文段既无 SYN、ACK 也无 RST") \
	X(DROP_SYN_FIN_LISTENER, "SYN+FIN to a listener", "SYN+FIN 发给了监听套接字") \
	X(SYN_QUEUE_FULL_COOKIE, "SYN queue full: SYN cookie", "半连接队列已满，回复 SYN cookie") \
	X(OUTPUT_QUEUE_FULL, "output queue full", "输出队列已满") \
	/* ... IP and the parsers */ \
	X(EMPTY_DATAGRAM, "empty datagram", "空数据报") \
	X(IP_BAD_VERSION, "ip: version is not 4 or 6", "ip：版本号不是 4 或 6") \
	X(IP_NOT_TCP, "ip: not TCP", "ip：不是 TCP") \
	X(IPV4_NOT_OURS, "ipv4: not our address", "ipv4：不是本机地址") \
	X(IPV4_BAD_SOURCE, "ipv4: bad source address", "ipv4：源地址无效") \
	X(IPV4_SHORT, "ipv4: shorter than a header", "ipv4：比首部还短") \
	X(IPV4_BAD_VERSION, "ipv4: version is not 4", "ipv4：版本号不是 4") \
	X(IPV4_BAD_HEADER_LEN, "ipv4: bad header length", "ipv4：首部长度错误") \
	X(IPV4_BAD_TOTAL_LEN, "ipv4: bad total length", "ipv4：总长度错误") \
	X(IPV4_BAD_CHECKSUM, "ipv4: bad header checksum", "ipv4：首部校验和错误") \
	X(IPV4_FRAGMENT, "ipv4: fragment (not reassembled)", "ipv4：分片（不做重组）") \
	X(IPV6_NOT_OURS, "ipv6: not our address", "ipv6：不是本机地址") \
	X(IPV6_BAD_SOURCE, "ipv6: bad source address", "ipv6：源地址无效") \
	X(IPV6_SHORT, "ipv6: shorter than a header", "ipv6：比首部还短") \
	X(IPV6_BAD_VERSION, "ipv6: version is not 6", "ipv6：版本号不是 6") \
	X(IPV6_BAD_PAYLOAD_LEN, "ipv6: bad payload length", "ipv6：载荷长度错误") \
	X(IPV6_BAD_EXTENSION, "ipv6: malformed extension header", "ipv6：扩展首部格式错误") \
	X(IPV6_FRAGMENT, "ipv6: fragment (not reassembled)", "ipv6：分片（不做重组）") \
	X(TCP_BAD_CHECKSUM, "tcp: bad checksum", "tcp：校验和错误") \
	X(TCP_PORT_ZERO, "tcp: port 0", "tcp：端口为 0") \
	X(TCP_SHORT, "tcp: shorter than a header", "tcp：比首部还短") \
	X(TCP_BAD_OFFSET, "tcp: bad data offset", "tcp：数据偏移错误") \
	X(TCP_BAD_OPTION, "tcp: malformed option length", "tcp：选项长度错误") \
	X(TCP_BAD_OPTION_SIZE, "tcp: option of the wrong size", "tcp：选项大小不对") \
	/* ... ICMP errors (SEGMENT_RECEIVED when acted on, else DROPPED) */ \
	X(ICMP_SHORT, "icmp: shorter than its header", "icmp：比其首部还短") \
	X(ICMP_BAD_CHECKSUM, "icmp: bad checksum", "icmp：校验和错误") \
	X(ICMP_NO_QUOTE, "icmp: does not quote one of our TCP segments", \
	  "icmp：引用的不是本机发出的 TCP 报文段") \
	X(ICMP_NOT_TCP, "icmp: not an error about TCP", "icmp：不是关于 TCP 的差错报文") \
	X(ICMP_NO_CONN, "icmp: no connection for the segment it quotes", \
	  "icmp：所引用的报文段没有对应的连接") \
	X(ICMP_NOT_IN_FLIGHT, "icmp: quotes a sequence number not in flight (RFC 5927)", \
	  "icmp：所引用的序号不在途中（RFC 5927）") \
	X(ICMP_TOO_BIG, "icmp: too big for the path", "icmp：报文段超过路径 MTU") \
	X(ICMP_PORT_UNREACHABLE, "icmp: port unreachable", "icmp：端口不可达") \
	X(ICMP_SOFT_ERROR, "icmp: unreachable (soft error)", "icmp：不可达（软错误）") \
	/* why the state changed (STATE): calls */ \
	X(CALL_LISTEN, "listen()", "listen()") \
	X(CALL_CONNECT, "connect()", "connect()") \
	X(CALL_SHUTDOWN_WR, "shutdown(WR)", "shutdown(WR)") \
	X(CALL_CLOSE, "close()", "close()") \
	X(CALL_CLOSE_SYN_SENT, "close() in SYN-SENT", "SYN-SENT 中 close()") \
	X(CALL_CLOSE_LINGER_ZERO, "close() with linger 0: RST", "linger 为 0 时 close()，发送 RST") \
	X(CALL_CLOSE_UNREAD, "close() with unread data: RST", "有未读数据时 close()，发送 RST") \
	X(CALL_ABORT, "abort()", "abort()") \
	X(ACCEPT_NO_DESCRIPTOR, "no descriptor for accept()", "accept() 没有可用的描述符") \
	/* ... segments */ \
	X(RCVD_SYN, "rcvd SYN", "收到 SYN") \
	X(RCVD_SYN_SIMULTANEOUS, "rcvd SYN (simultaneous open)", "收到 SYN（同时打开）") \
	X(RCVD_SYNACK, "rcvd SYN,ACK", "收到 SYN,ACK") \
	X(RCVD_ACK_OF_SYNACK, "rcvd ACK of SYN,ACK", "收到对 SYN,ACK 的确认") \
	X(SYN_COOKIE_VALIDATED, "SYN cookie validated", "SYN cookie 验证通过") \
	X(FIN_QUEUED_IN_HANDSHAKE, "FIN queued during the handshake", "握手期间排队的 FIN") \
	X(RCVD_FIN, "rcvd FIN", "收到 FIN") \
	X(RCVD_FIN_ON_SYNACK, "rcvd FIN on the SYN,ACK", "SYN,ACK 上带有 FIN") \
	X(RCVD_ACK_OF_FIN, "rcvd ACK of FIN", "收到对 FIN 的确认") \
	X(RST_REFUSED, "RST: connection refused", "RST：连接被拒绝") \
	X(RST_RESET, "RST: connection reset", "RST：连接被重置") \
	X(RST_IN_SYN_RECEIVED, "RST in SYN-RECEIVED: back to LISTEN", "SYN-RECEIVED 中收到 RST，回到 LISTEN") \
	X(RST_WHILE_CLOSING, "RST while closing", "关闭过程中收到 RST") \
	X(SYN_IN_SYN_RECEIVED, "rcvd SYN in SYN-RECEIVED: back to LISTEN", \
	  "SYN-RECEIVED 中收到 SYN，回到 LISTEN") \
	X(SYN_IN_WINDOW, "SYN in window: connection reset", "窗口内的 SYN，连接被重置") \
	X(DATA_AFTER_CLOSE, "data after close", "关闭后收到数据") \
	X(TIME_WAIT_REUSED, "new SYN reuses the 4-tuple (RFC 6191)", "新的 SYN 重用四元组（RFC 6191）") \
	X(ICMP_REFUSED, "ICMP port unreachable", "ICMP 端口不可达") \
	X(NO_MEMORY_FOR_BUFFERS, "no memory for buffers", "内存不足，无法分配缓冲区") \
	X(LISTENER_CLOSED, "listener closed", "监听套接字已关闭") \
	X(LISTENER_CLOSED_UNACCEPTED, "listener closed before accept", "accept 之前监听套接字已关闭") \
	/* ... timers */ \
	X(SYN_RETRIES_EXHAUSTED, "SYN retries exhausted", "SYN 重传次数用完") \
	X(SYNACK_RETRIES_EXHAUSTED, "SYN,ACK retries exhausted", "SYN,ACK 重传次数用完") \
	X(HALF_OPEN_DROPPED, "SYN,ACK retries exhausted: half-open entry dropped", \
	  "SYN,ACK 重传次数用完，丢弃半连接") \
	X(REXMIT_RETRIES_EXHAUSTED, "retransmission retries exhausted", "重传次数用完") \
	X(ZERO_WINDOW_PROBES_UNANSWERED, "zero-window probes unanswered", "零窗口探测无应答") \
	X(ZERO_WINDOW_PROBES_ORPHANED, "zero-window probes of a closed socket run out", \
	  "已关闭套接字的零窗口探测次数用完") \
	X(KEEPALIVE_PROBES_UNANSWERED, "keepalive probes unanswered", "保活探测无应答") \
	X(TIMEOUT_2MSL, "2MSL timeout", "2MSL 超时") \
	X(TIMEOUT_FIN_WAIT_2, "FIN-WAIT-2 timeout", "FIN-WAIT-2 超时")

typedef enum synack_reason {
#define SYNACK_REASON_ID(id, en, zh) SYNACK_R_##id,
	SYNACK_REASONS(SYNACK_REASON_ID)
#undef SYNACK_REASON_ID
	SYNACK_REASON_COUNT
} synack_reason;

/* The short English text of a reason ("SYN retransmission"; "" for
 * SYNACK_R_NONE, "?" for a value out of range). */
const char *synack_reason_text(synack_reason r);
/* The same in Chinese ("SYN 重传"). */
const char *synack_reason_text_zh(synack_reason r);
/* The id without its prefix ("SYN_REXMIT"): stable, for logs and JSON. */
const char *synack_reason_name(synack_reason r);

/* ------------------------------------------------------------------ events */

enum synack_event_kind {
	SYNACK_EV_SEGMENT_SENT,     /* seg valid */
	SYNACK_EV_SEGMENT_RECEIVED, /* seg valid: accepted for processing (seg NULL
				     * for an ICMP error about our segments;
				     * packet holds it) */
	SYNACK_EV_SEGMENT_DROPPED,  /* seg maybe valid; reason says why */
	SYNACK_EV_STATE,            /* from -> to, reason says why */
	SYNACK_EV_READY,            /* readiness of a descriptor changed */
};

/* A parsed TCP segment, as an event carries it. */
typedef struct synack_segment {
	synack_endpoint src, dst;
	uint32_t seq, ack;
	uint8_t flags;       /* raw TCP flag byte: SYNACK_TH_* */
	uint16_t window;     /* raw 16-bit field, unscaled */
	uint32_t len;        /* payload bytes */
	uint16_t mss;        /* 0 if absent */
	int8_t wscale;       /* -1 if absent */
	bool sack_permitted;
	bool has_ts;
	uint32_t tsval, tsecr;
	uint8_t sack_count;
	uint32_t sack[4][2];
	uint16_t checksum;
} synack_segment;

#define SYNACK_TH_FIN 0x01
#define SYNACK_TH_SYN 0x02
#define SYNACK_TH_RST 0x04
#define SYNACK_TH_PSH 0x08
#define SYNACK_TH_ACK 0x10
#define SYNACK_TH_URG 0x20
#define SYNACK_TH_ECE 0x40
#define SYNACK_TH_CWR 0x80

/* Parses an IPv4 or IPv6 datagram carrying TCP into seg (no checksum
 * check).  Returns SYNACK_OK or SYNACK_EINVAL.  For tools: tracers, pcap
 * readers. */
int synack_segment_parse(const uint8_t *pkt, size_t len, synack_segment *seg);
/* The inverse: an IP datagram (TTL 64) carrying seg, with seg->len bytes of
 * payload (zeros when payload is NULL) and correct checksums; the options
 * set in seg (mss > 0, wscale >= 0, sack_permitted, has_ts, sack blocks) in
 * Linux's layout.  For tools and scenarios that craft segments (an old
 * duplicate SYN, a flood).  Returns the length, or 0 if cap is too small
 * or seg invalid. */
size_t synack_segment_build(const synack_segment *seg, const void *payload, uint8_t *buf,
			    size_t cap);

/* The Internet checksum (RFC 1071) of len bytes: the value for a header's
 * checksum field, computed with that field zero, to be stored most
 * significant byte first.  Data whose checksum field is already set sums
 * to 0 when it is intact. */
uint16_t synack_checksum(const void *data, size_t len);

/* Formats flags as "SYN,ACK" / "FIN,PSH,ACK"; returns buf. */
char *synack_flags_format(uint8_t flags, char *buf, size_t len);

/* What the stack was doing when an event happened. */
typedef enum synack_trigger {
	SYNACK_BY_CALL,     /* an API call (connect, close, ...) */
	SYNACK_BY_DATAGRAM, /* handling a received datagram: event.cause */
	SYNACK_BY_TIMER,    /* a timer (retransmission, 2MSL, keepalive, ...) */
} synack_trigger;

typedef struct synack_event {
	uint64_t time;         /* ns, the stack's clock */
	enum synack_event_kind kind;
	/* SEGMENT_*: the datagram's number on this stack.  Every datagram the
	 * stack sends, and every one given to synack_input(), gets the next
	 * number (1, 2, ...), as the frames of a capture at its interface. */
	uint64_t datagram;
	/* The number of the received datagram being handled when this
	 * happened (the segment it answers, the arrival that changed the
	 * state), or 0 when a timer or a call did it. */
	uint64_t cause;
	synack_trigger trigger;
	uint32_t conn;         /* connection id (0: none, e.g. a RST for a closed port) */
	int fd;                /* descriptor, or -1 */
	synack_state from, to; /* STATE */
	synack_reason reason;  /* why: the state changed, a segment was sent or
				* dropped, or an ICMP error was taken */
	uint32_t ready;        /* READY: SYNACK_POLL* mask */
	const synack_segment *seg;     /* SEGMENT_*; NULL when the datagram is not a
				* parsable TCP segment (a DROPPED one, or an
				* ICMP error: packet holds it) */
	const uint8_t *packet; /* SEGMENT_*: the whole IP datagram */
	size_t packet_len;
} synack_event;

/* ------------------------------------------------------------------- hooks */

typedef struct synack_hooks {
	void *user;
	/* Random bytes (ISN secret, ephemeral ports, cookie secret).  Required. */
	void (*random)(void *user, void *buf, size_t len);
	/* Memory; both NULL means malloc/free. */
	void *(*alloc)(void *user, size_t size);
	void (*free)(void *user, void *ptr);
	/* Diagnostics (level: 0 error, 1 warning, 2 info, 3 debug). */
	void (*log)(void *user, int level, const char *msg);
	/* Every segment sent/received/dropped, state change and readiness. */
	void (*event)(void *user, const synack_event *ev);
	/* Overrides the RFC 6528 ISN (tests, tools); NULL for the real one. */
	uint32_t (*isn)(void *user, const synack_endpoint *local,
			const synack_endpoint *remote);
} synack_hooks;

/* ------------------------------------------------------------------- stack */

typedef struct synack_stack synack_stack;

/* Creates a stack.  settings/hooks are copied; settings NULL = defaults.
 * Returns NULL and sets *err (if err) on failure (EINVAL, ENOMEM). */
synack_stack *synack_stack_new(const synack_settings *settings,
			       const synack_hooks *hooks, int *err);
/* Frees the stack and every connection, silently (no segments sent). */
void synack_stack_free(synack_stack *s);

/* Adds a local address the stack answers for.  EINVAL, EAFNOSUPPORT, ENOBUFS. */
int synack_add_address(synack_stack *s, const synack_addr *addr);

/* Moves the clock to `now` (never backwards) and runs due timers.  Safe to
 * call early or often. */
void synack_advance(synack_stack *s, uint64_t now);
/* The time the stack next needs synack_advance(); UINT64_MAX if none. */
uint64_t synack_next_deadline(const synack_stack *s);
/* The stack's clock (the last time given to it). */
uint64_t synack_now(const synack_stack *s);

/* Processes one IP datagram (IP header first) received at `now`; it gets
 * the stack's next datagram number.  Bad or unwanted input is counted in
 * stats and answered as the RFCs say; returns SYNACK_OK, or a negative
 * code saying why the datagram was dropped. */
int synack_input(synack_stack *s, uint64_t now, const uint8_t *pkt, size_t len);

/* Copies the next datagram waiting to be sent into buf.  Returns its
 * length, 0 if none waits, or SYNACK_EMSGSIZE if cap is too small.
 * Datagrams come out in the order of their numbers. */
long synack_output(synack_stack *s, uint8_t *buf, size_t cap);

/* Where the stack's datagrams go, instead of the queue synack_output()
 * reads: fn(user, ...) for each, with its number (the datagram of its
 * SEGMENT_SENT event).  The application's hooks are not involved, so a
 * link (synack_link.h) attaches without taking them over.  fn NULL goes
 * back to the queue. */
typedef void (*synack_output_fn)(void *user, const uint8_t *pkt, size_t len, uint64_t id);
void synack_set_output(synack_stack *s, synack_output_fn fn, void *user);

/* How many datagrams the stack has numbered (sent, or given to
 * synack_input()): the last number given, 0 before the first.  The next
 * datagram gets this plus one; so a link that hands the stack a datagram
 * knows its number before the call. */
uint64_t synack_datagram_count(const synack_stack *s);

/* ----------------------------------------------------------------- sockets */

#define SYNACK_SHUT_RD 0
#define SYNACK_SHUT_WR 1
#define SYNACK_SHUT_RDWR 2

#define SYNACK_POLLIN 0x001u    /* data or EOF to read, or a connection to accept */
#define SYNACK_POLLOUT 0x004u   /* send buffer has room */
#define SYNACK_POLLERR 0x008u   /* a pending error (synack_get_error) */
#define SYNACK_POLLHUP 0x010u   /* both directions closed */
#define SYNACK_POLLRDHUP 0x2000u /* peer closed its sending side */

#define SYNACK_MSG_PEEK 0x02
#define SYNACK_MSG_MORE 0x8000  /* more data follows: hold a partial segment */

/* Returns a new descriptor (>= 0) or EMFILE/ENOMEM. */
int synack_socket(synack_stack *s);
/* port 0 picks an ephemeral port.  EADDRINUSE, EADDRNOTAVAIL, EINVAL. */
int synack_bind(synack_stack *s, int fd, const synack_endpoint *local);
/* backlog: connections established but not yet accepted (clamped 1..65535). */
int synack_listen(synack_stack *s, int fd, int backlog);
/* Returns a new descriptor, or EAGAIN / EINVAL. */
int synack_accept(synack_stack *s, int fd, synack_endpoint *peer);
/* Sends SYN; returns EINPROGRESS.  Completion: POLLOUT, or POLLERR with
 * synack_get_error() = ECONNREFUSED / ETIMEDOUT.  EISCONN, EALREADY,
 * EADDRNOTAVAIL, EHOSTUNREACH. */
int synack_connect(synack_stack *s, int fd, const synack_endpoint *remote);
/* Queues bytes; returns the number queued (may be short), or EAGAIN, EPIPE,
 * ENOTCONN, ECONNRESET, ETIMEDOUT. flags: SYNACK_MSG_MORE. */
long synack_send(synack_stack *s, int fd, const void *buf, size_t len, int flags);
/* Returns bytes read, 0 at end of stream, or EAGAIN, ENOTCONN, ECONNRESET,
 * ETIMEDOUT. flags: SYNACK_MSG_PEEK. */
long synack_recv(synack_stack *s, int fd, void *buf, size_t len, int flags);
/* SHUT_WR sends FIN once queued data is sent; SHUT_RD discards further
 * input.  ENOTCONN, EINVAL. */
int synack_shutdown(synack_stack *s, int fd, int how);
/* Releases the descriptor.  Graceful close (FIN) unless unread data is
 * pending or linger-zero is set, then RST (RFC 9293 3.10.4, RFC 2525). */
int synack_close(synack_stack *s, int fd);
/* Abortive close: RST now (when synchronized) and release. */
int synack_abort(synack_stack *s, int fd);

/* Readiness: a SYNACK_POLL* mask. */
uint32_t synack_poll(synack_stack *s, int fd);
/* Returns and clears the pending error (like SO_ERROR): 0 or SYNACK_E*. */
int synack_get_error(synack_stack *s, int fd);

enum synack_option {
	SYNACK_OPT_NODELAY,      /* disable Nagle */
	SYNACK_OPT_CORK,         /* hold partial segments until uncorked */
	SYNACK_OPT_KEEPALIVE,    /* 0/1 */
	SYNACK_OPT_KEEPIDLE,     /* seconds */
	SYNACK_OPT_KEEPINTVL,    /* seconds */
	SYNACK_OPT_KEEPCNT,
	SYNACK_OPT_LINGER_ZERO,  /* close() sends RST */
	SYNACK_OPT_SNDBUF,       /* bytes; before connect/listen */
	SYNACK_OPT_RCVBUF,       /* bytes; before connect/listen */
	SYNACK_OPT_MAXSEG,       /* MSS clamp; before connect/listen */
	SYNACK_OPT_REUSEADDR,    /* bind over TIME-WAIT */
	SYNACK_OPT_USER_TIMEOUT, /* ms: abort when data stays unacked this long */
	SYNACK_OPT_QUICKACK,     /* 1: ACK every segment at once */
	SYNACK_OPT_NOTSENT_LOWAT,/* bytes: writable only while less is unsent */
	SYNACK_OPT_TOS,          /* IPv4 type of service / IPv6 traffic class */
};
int synack_setsockopt(synack_stack *s, int fd, enum synack_option opt, int64_t value);
int synack_getsockopt(synack_stack *s, int fd, enum synack_option opt, int64_t *value);

int synack_local_endpoint(synack_stack *s, int fd, synack_endpoint *out);
int synack_peer_endpoint(synack_stack *s, int fd, synack_endpoint *out);

/* Per-connection figures, shaped like Linux struct tcp_info. */
typedef struct synack_info {
	synack_state state;
	uint32_t conn;          /* connection id in events */
	uint32_t iss, irs;      /* initial sequence numbers */
	uint32_t snd_una, snd_nxt, snd_wnd, snd_mss;
	uint32_t rcv_nxt, rcv_wnd, rcv_mss;
	uint8_t snd_wscale, rcv_wscale; /* 0 when scaling is off */
	bool wscale_ok, sack_ok, ts_ok;
	bool ecn_ok;            /* RFC 3168 negotiated */
	uint64_t srtt_ns, rttvar_ns, rto_ns;
	uint32_t cwnd, ssthresh; /* bytes */
	uint32_t backoff;       /* consecutive RTO expiries */
	uint32_t retransmits;   /* segments retransmitted in total */
	uint32_t fast_retransmits;
	uint32_t timeouts;      /* RTO expiries */
	uint32_t dup_acks_received;
	uint32_t ooo_segments;  /* segments held out of order */
	uint32_t bytes_in_flight;
	uint32_t unread;        /* bytes waiting in the receive buffer */
	uint32_t unsent;        /* bytes queued, not yet sent */
	uint32_t unacked;       /* bytes sent, not yet acknowledged */
	uint64_t bytes_sent, bytes_received, bytes_acked;
	uint64_t segs_out, segs_in;
} synack_info;
int synack_get_info(synack_stack *s, int fd, synack_info *out);

/* Per-stack counters.  Every dropped or rejected input has one. */
#define SYNACK_STATS(X) \
	X(ip_in) X(ip_out) \
	X(ip_bad_version) X(ip_bad_header_len) X(ip_bad_total_len) \
	X(ip_bad_checksum) X(ip_fragment) X(ip_not_tcp) X(ip_not_ours) \
	X(ip_bad_source) X(ip_out_dropped) \
	X(tcp_in) X(tcp_out) X(tcp_bad_checksum) X(tcp_bad_offset) \
	X(tcp_truncated) X(tcp_bad_option) X(tcp_bad_flags) X(tcp_bad_port) \
	X(tcp_no_socket) X(tcp_rst_sent) X(tcp_rst_received) \
	X(tcp_rst_ignored) X(tcp_challenge_ack) X(tcp_challenge_ack_limited) \
	X(tcp_oow_ack_limited) \
	X(tcp_out_of_window) X(tcp_paws_rejected) X(tcp_ack_unsent) \
	X(tcp_ack_old) X(tcp_dup_segment) X(tcp_ooo_segment) \
	X(tcp_ooo_dropped) X(tcp_beyond_window) X(tcp_data_after_close) \
	X(tcp_data_after_shutdown) X(tcp_syn_data_dropped) \
	X(tcp_listen_overflow) X(tcp_syn_queue_full) X(tcp_syncookies_sent) \
	X(tcp_syncookies_ok) X(tcp_syncookies_failed) X(tcp_retransmits) \
	X(tcp_fast_retransmits) X(tcp_lost_retransmits) X(tcp_timeouts) X(tcp_syn_retransmits) \
	X(tcp_synack_retransmits) X(tcp_persist_probes) X(tcp_keepalive_probes) \
	X(tcp_conn_active) X(tcp_conn_passive) X(tcp_conn_failed) \
	X(tcp_conn_reset) X(tcp_conn_timeout) X(tcp_halfopen_dropped) \
	X(tcp_timewait_reused) X(tcp_timewait_rst_ignored) X(tcp_delayed_acks) \
	X(tcp_window_probes_answered) X(tcp_ts_recent_updates) X(tcp_tail_loss_probes) \
	X(tcp_ecn_negotiated) X(tcp_ecn_ce_received) X(tcp_ecn_cwnd_reduced) \
	X(icmp_in) X(icmp_bad) X(icmp_ignored) X(tcp_icmp_no_conn) X(tcp_icmp_out_of_window) \
	X(tcp_icmp_errors) X(tcp_pmtu_updates)

typedef struct synack_stats {
#define SYNACK_STAT_FIELD(name) uint64_t name;
	SYNACK_STATS(SYNACK_STAT_FIELD)
#undef SYNACK_STAT_FIELD
	/* live objects (gauges) */
	uint64_t conns_live;   /* control blocks, TIME-WAIT included */
	uint64_t timers_live;  /* armed timers */
	uint64_t sockets_live; /* open descriptors */
} synack_stats;

void synack_get_stats(const synack_stack *s, synack_stats *out);

/* Checks what must hold between entry points for every connection to
 * make progress or end: a connection with a SYN, data or a FIN sent and
 * not acknowledged, or data waiting to be sent, has its retransmission
 * or persist timer armed; TIME-WAIT and an orphaned FIN-WAIT-2 have
 * their timer.  Returns SYNACK_OK, or SYNACK_EINVAL and the first
 * violation in buf ("connection 3 ESTABLISHED: 1000 bytes waiting,
 * nothing in flight, no timer").  For simulators, fuzzers and tests:
 * it walks every connection. */
int synack_check_invariants(const synack_stack *s, char *buf, size_t len);
/* Calls fn(user, name, value) for every counter and gauge, in order. */
void synack_stats_foreach(const synack_stats *st,
			  void (*fn)(void *user, const char *name, uint64_t v),
			  void *user);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
