/*
 * synack — a userspace TCP/IP stack with a sans-I/O engine.
 *
 * The engine never reads a clock and never does I/O.  The caller
 *   - hands it IP datagrams and the current time (nanoseconds, any origin,
 *     never going backwards): synack_input(), synack_advance();
 *   - takes the datagrams it wants sent: synack_output() (or a transmit hook);
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

typedef struct synack_event {
	uint64_t time;         /* ns, the stack's clock */
	enum synack_event_kind kind;
	uint32_t conn;         /* connection id (0: none, e.g. a RST for a closed port) */
	int fd;                /* descriptor, or -1 */
	synack_state from, to; /* STATE */
	const char *reason;    /* STATE, SEGMENT_DROPPED, or why a segment was sent */
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
	/* Called for each datagram to send; NULL queues it for synack_output(). */
	void (*transmit)(void *user, const uint8_t *pkt, size_t len);
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

/* Processes one IP datagram (IP header first) received at `now`.  Bad or
 * unwanted input is counted in stats and answered as the RFCs say; returns
 * SYNACK_OK, or a negative code saying why the datagram was dropped. */
int synack_input(synack_stack *s, uint64_t now, const uint8_t *pkt, size_t len);

/* Copies the next datagram waiting to be sent into buf.  Returns its
 * length, 0 if none waits, or SYNACK_EMSGSIZE if cap is too small. */
long synack_output(synack_stack *s, uint8_t *buf, size_t cap);

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
