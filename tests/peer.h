/* The peer fixture: one stack under test, and the test playing the remote
 * host segment by segment.  feed() injects a segment at a virtual time;
 * expect() takes the next segment the stack sent and fails unless it
 * matches the template (and, when asked, its send time); expect_none()
 * fails if anything else was sent.
 *
 * Sequence numbers in templates are relative (as Wireshark shows them):
 * in what we feed, seq counts from the peer's ISN (p->peer_isn) and ack
 * from the stack's ISN (p->iss); in what we expect, the other way round.
 * Templates use designated initialisers, so a test names only the fields
 * that matter:
 *     FEED(p, 0, .flags = SYN, .seq = 0, .win = 65535, .mss = 1460);
 *     EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
 */
#ifndef SYNACK_TEST_PEER_H
#define SYNACK_TEST_PEER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "synack.h"

#define FIN SYNACK_TH_FIN
#define SYN SYNACK_TH_SYN
#define RST SYNACK_TH_RST
#define PSH SYNACK_TH_PSH
#define ACK SYNACK_TH_ACK
#define URG SYNACK_TH_URG
#define ECE SYNACK_TH_ECE
#define CWR SYNACK_TH_CWR

/* .ecn in a template: the IP header's ECN field (RFC 3168), plus one so
 * that 0 means "not set / not checked" */
#define NOT_ECT 1
#define ECT0 3
#define CE 4

#define MS 1000000ull
#define SEC 1000000000ull

#define WIN_ZERO (-1)   /* .win = WIN_ZERO: the window field must be 0 */
#define ANY_TIME UINT64_MAX

struct tseg {
	uint8_t flags;
	uint32_t seq, ack;        /* relative, see above */
	uint32_t len;             /* payload bytes */
	const char *data;         /* payload; NULL: a pattern of len bytes */
	int32_t win;              /* raw window field; 0: not checked (feed: 65535) */
	/* Options.  In feed(): mss/wscale/sackok/ts are sent when set.  In
	 * expect(): `opts` checks the exact layout ("mss,sackOK,TS,nop,wscale",
	 * "" for none); the others are checked when set. */
	const char *opts;
	uint16_t mss;
	int8_t wscale;            /* shift + 1 (0: absent / not checked) */
	bool sackok;
	bool ts;
	uint32_t tsval, tsecr;    /* feed: as given; expect: checked if ts set */
	uint8_t nsack;
	uint32_t sack[4][2];      /* relative to the ISN of the data's sender */
	bool abs;                 /* seq/ack are absolute, not relative */
	bool any_seq;             /* expect: do not check seq (e.g. a SYN cookie) */
	uint16_t sport, dport;    /* 0: the fixture's ports */
	bool bad_csum;            /* feed: corrupt the TCP checksum */
	uint8_t ecn;              /* NOT_ECT, ECT0, CE; 0: Not-ECT / not checked */
};

#define WS(n) ((int8_t)((n) + 1))

struct sent {
	uint64_t time;
	uint64_t id;      /* the datagram's number on the stack */
	uint32_t len;
	uint8_t pkt[2048];
};

#define PEER_MAX_SENT 4096
#define PEER_MAX_STATES 256

struct state_rec {
	uint64_t time;
	uint32_t conn;
	synack_state from, to;
};

struct peer {
	synack_stack *s;
	synack_settings cfg;
	uint64_t now;
	synack_addr us, them;
	uint16_t our_port, their_port;
	uint32_t iss;             /* the stack's ISN (fixed by the isn hook) */
	uint32_t peer_isn;        /* ours, as the remote host */
	uint64_t rng;
	struct sent *out;         /* datagrams the stack sent, in order */
	uint32_t out_len, out_next;
	struct state_rec states[PEER_MAX_STATES];
	uint32_t nstates;
	uint32_t drops;           /* SEGMENT_DROPPED events */
	synack_reason last_drop;
	int listen_fd;
	uint32_t last_seq, last_ack; /* absolute, of the last segment expect() took */
	uint32_t last_tsval;
};

/* Creates the fixture; cfg NULL = defaults.  The stack is 10.0.0.1, the
 * peer 10.0.0.2; ports 80 (ours) and 40000 (theirs). */
struct peer *peer_new(const synack_settings *cfg, uint32_t iss, uint32_t peer_isn);
/* Closes nothing: asserts that after `linger` more virtual time there are
 * no control blocks, timers or descriptors left, then frees. */
void peer_free(struct peer *p, uint64_t linger);

void peer_advance(struct peer *p, uint64_t t);
void peer_feed_at(struct peer *p, uint64_t t, const struct tseg *seg, const char *file, int line);
void peer_expect_at(struct peer *p, uint64_t t, const struct tseg *seg, const char *file, int line);
void peer_expect_none_at(struct peer *p, const char *file, int line);

/* A listener on our_port, returning its descriptor. */
int peer_listen(struct peer *p, int backlog);
/* Full passive handshake with default options; returns the accepted fd. */
int peer_accept_handshake(struct peer *p, uint64_t t, const struct tseg *syn_opts);
/* Active open from the stack; returns the connecting fd (SYN expected). */
int peer_connect(struct peer *p);

/* The last state reported for connection id `conn` (0: the newest). */
synack_state peer_state(const struct peer *p, uint32_t conn);
/* The states `conn` went through, "SYN-SENT ESTABLISHED ..." */
const char *peer_state_path(const struct peer *p, uint32_t conn, char *buf, size_t len);
uint64_t peer_stat(const struct peer *p, const char *name);
/* A counter of any stack, by name ("tcp_oow_ack_limited"). */
uint64_t peer_stat_of(const synack_stack *s, const char *name);

/* A datagram from a template, as feed() builds it: seq relative to
 * seq_base, ack (and SACK edges) to ack_base.  Returns its length. */
size_t tseg_build(uint8_t *pkt, const synack_addr *src, const synack_addr *dst,
		  uint16_t sport, uint16_t dport, uint32_t seq_base, uint32_t ack_base,
		  const struct tseg *g);

/* A datagram taken apart (absolute numbers; opts as "mss,sackOK,TS"). */
struct parsed {
	uint8_t flags;
	uint8_t ecn;              /* the IP ECN field */
	uint32_t seq, ack, len;
	uint16_t win, sport, dport;
	char opts[128];
	uint16_t mss;
	int wscale;
	bool sackok, ts;
	uint32_t tsval, tsecr;
	int nsack;
	uint32_t sack[4][2];
	const uint8_t *data;
};
bool tseg_parse(const uint8_t *pkt, size_t len, struct parsed *r);
/* The Internet checksum of n bytes (RFC 1071), complemented. */
uint16_t peer_checksum(const uint8_t *b, size_t n);

#define FEED(p, t, ...) peer_feed_at((p), (t), &(struct tseg){__VA_ARGS__}, __FILE__, __LINE__)
#define EXPECT(p, t, ...) peer_expect_at((p), (t), &(struct tseg){__VA_ARGS__}, __FILE__, __LINE__)
#define EXPECT_NONE(p) peer_expect_none_at((p), __FILE__, __LINE__)

#endif
