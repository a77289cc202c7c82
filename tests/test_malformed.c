/* L13: segment validation.  Bad input fed to a full stack through
 * synack_input() must be dropped without harm: counted in exactly the
 * right stats counter, reported as one SEGMENT_DROPPED event, answered
 * with nothing, and an established connection on the same stack must keep
 * working afterwards.
 *
 * The datagrams are built here byte by byte, apart from src/wire, so a bug
 * there cannot hide itself.  Every datagram is handed to the stack in a
 * heap block of exactly its length, so ASan sees any read past the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "peer.h"

/* ------------------------------------------------------------ bytes */

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t sum16(uint32_t sum, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += rd16(b + i);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Recomputes the IPv4 header checksum over hlen bytes. */
static void ip_fix(uint8_t *pkt, size_t hlen)
{
	wr16(pkt + 10, 0);
	wr16(pkt + 10, fold(sum16(0, pkt, hlen)));
}

/* Recomputes the checksum of the transport segment at pkt + hlen, tlen
 * bytes long, with the IPv4 pseudo header; csum_off is where the checksum
 * field sits in that segment (16 TCP, 6 UDP, 2 ICMP: no pseudo header). */
static void l4_fix(uint8_t *pkt, size_t hlen, size_t tlen, uint8_t proto, size_t csum_off)
{
	uint8_t *t = pkt + hlen;
	wr16(t + csum_off, 0);
	uint32_t sum = 0;
	if (proto != 1)
		sum = sum16(0, pkt + 12, 8) + proto + (uint32_t)tlen;
	wr16(t + csum_off, fold(sum16(sum, t, tlen)));
}

static void tcp_fix(uint8_t *pkt, size_t hlen, size_t tlen) { l4_fix(pkt, hlen, tlen, 6, 16); }

/* ------------------------------------------------------ the builder */

/* One IPv4 + TCP datagram.  raw_build() writes it with correct checksums;
 * tests then break what they test. */
struct raw {
	uint8_t src[4], dst[4];
	uint8_t proto;
	uint16_t frag;            /* flags + fragment offset field */
	const uint8_t *ipopts;    /* IP options, ipoptlen % 4 == 0 */
	size_t ipoptlen;
	uint16_t sport, dport;
	uint32_t seq, ack;        /* absolute */
	uint8_t flags;
	uint16_t win;
	uint8_t opts[40];         /* raw TCP option bytes, optlen % 4 == 0 */
	size_t optlen;
	const char *data;         /* payload */
	size_t paylen;
};

static size_t raw_build(uint8_t *pkt, const struct raw *r)
{
	assert_true(r->optlen % 4 == 0 && r->optlen <= 40);
	assert_true(r->ipoptlen % 4 == 0 && r->ipoptlen <= 40);
	size_t ihl = 20 + r->ipoptlen;
	uint8_t *t = pkt + ihl;
	size_t thl = 20 + r->optlen;
	size_t tlen = thl + r->paylen;
	memset(pkt, 0, ihl + thl);
	pkt[0] = (uint8_t)(0x40 | ihl / 4);
	wr16(pkt + 2, (uint32_t)(ihl + tlen));
	wr16(pkt + 4, 0x1234);
	wr16(pkt + 6, r->frag);
	pkt[8] = 64;
	pkt[9] = r->proto;
	memcpy(pkt + 12, r->src, 4);
	memcpy(pkt + 16, r->dst, 4);
	if (r->ipoptlen)
		memcpy(pkt + 20, r->ipopts, r->ipoptlen);
	ip_fix(pkt, ihl);
	wr16(t, r->sport);
	wr16(t + 2, r->dport);
	wr32(t + 4, r->seq);
	wr32(t + 8, r->ack);
	t[12] = (uint8_t)((thl / 4) << 4);
	t[13] = r->flags;
	wr16(t + 14, r->win);
	memcpy(t + 20, r->opts, r->optlen);
	if (r->paylen)
		memcpy(t + thl, r->data, r->paylen);
	tcp_fix(pkt, ihl, tlen);
	return ihl + tlen;
}

/* -------------------------------------------------------- the fixture */

/* A stack with a listener on port 80 and one established connection
 * (peer port 40000) that has moved no data yet. */
struct mf {
	struct peer *p;
	int fd;
	uint32_t pseq;            /* next relative seq the peer sends */
	uint32_t sseq;            /* next relative seq the stack sends */
	uint16_t syn_port;        /* a fresh peer port for SYN probes */
};

/* The fixture hangs off cmocka's state, so that mf_teardown() frees it
 * when a test fails half-way. */
static struct mf *mf_new(void **state)
{
	struct mf *m = calloc(1, sizeof *m);
	assert_non_null(m);
	*state = m;
	m->p = peer_new(NULL, 1000000, 5000);
	peer_listen(m->p, 16);
	m->fd = peer_accept_handshake(m->p, 0, NULL);
	m->pseq = m->sseq = 1;
	m->syn_port = 41000;
	peer_advance(m->p, 10 * MS);
	EXPECT_NONE(m->p);
	return m;
}

static void mf_free(void **state)
{
	struct mf *m = *state;
	struct peer *p = m->p;
	synack_abort(p->s, m->fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
	free(m);
	*state = NULL;
}

static int mf_teardown(void **state)
{
	struct mf *m = *state;
	if (m) {
		if (m->p) {
			synack_stack_free(m->p->s);
			free(m->p->out);
			free(m->p);
		}
		free(m);
	}
	return 0;
}

/* An in-window data segment to the established connection: were it taken,
 * its bytes would show up in the receive buffer and be ACKed. */
static struct raw seg_data(const struct mf *m)
{
	const struct peer *p = m->p;
	struct raw r = {.proto = 6, .frag = 0x4000, .sport = p->their_port, .dport = p->our_port,
			.seq = p->peer_isn + m->pseq, .ack = p->iss + m->sseq, .flags = ACK | PSH,
			.win = 65535, .data = "garbage!", .paylen = 8};
	memcpy(r.src, p->them.bytes, 4);
	memcpy(r.dst, p->us.bytes, 4);
	return r;
}

/* A SYN to the listener from a fresh port: were it taken, a SYN,ACK would
 * go out and a half-open control block would live. */
static struct raw seg_syn(struct mf *m)
{
	const struct peer *p = m->p;
	struct raw r = {.proto = 6, .frag = 0x4000, .sport = m->syn_port++, .dport = p->our_port,
			.seq = 777777, .flags = SYN, .win = 65535};
	memcpy(r.src, p->them.bytes, 4);
	memcpy(r.dst, p->us.bytes, 4);
	return r;
}

static uint8_t buf[70000];

/* Feeds len bytes of pkt (copied into a block of exactly that size). */
static int input(struct mf *m, const uint8_t *pkt, size_t len)
{
	uint8_t *copy = NULL;
	if (pkt && len) {
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, pkt, len);
	} else if (pkt) {
		copy = malloc(1); /* a valid pointer with nothing behind it */
		assert_non_null(copy);
	}
	m->p->now += MS;
	int rc = synack_input(m->p->s, m->p->now, copy, len);
	free(copy);
	return rc;
}

#define ALL_VALIDATION_COUNTERS(X) \
	X(ip_bad_version) X(ip_bad_header_len) X(ip_bad_total_len) X(ip_bad_checksum) \
	X(ip_fragment) X(ip_not_tcp) X(ip_not_ours) X(ip_bad_source) X(tcp_bad_checksum) \
	X(tcp_bad_offset) X(tcp_truncated) X(tcp_bad_option) X(tcp_bad_port)

/* Feeds a datagram that must be dropped: synack_input() says so, ip_in and
 * `counter` grow by one and no other counter or gauge moves, one
 * SEGMENT_DROPPED event is reported, and nothing is sent, not even later. */
static void expect_drop_at(struct mf *m, const uint8_t *pkt, size_t len, const char *counter,
			   const char *file, int line)
{
	struct peer *p = m->p;
	synack_stats before, after;
	synack_get_stats(p->s, &before);
	uint32_t drops = p->drops;
	p->last_drop = SYNACK_R_NONE;
	int rc = input(m, pkt, len);
	synack_get_stats(p->s, &after);
	bool bad = false;
	if (rc >= 0) {
		print_error("%s:%d: synack_input() returned %d for a datagram to drop\n", file, line, rc);
		bad = true;
	}
	if (p->drops != drops + 1) {
		print_error("%s:%d: %u SEGMENT_DROPPED events, expected 1\n", file, line,
			    p->drops - drops);
		bad = true;
	} else if (p->last_drop == SYNACK_R_NONE) {
		print_error("%s:%d: SEGMENT_DROPPED without a reason\n", file, line);
		bad = true;
	}
#define CHECK_STAT(name)                                                                        \
	{                                                                                       \
		uint64_t d = after.name - before.name;                                          \
		uint64_t want = (uint64_t)(strcmp(#name, "ip_in") == 0) +                       \
				(uint64_t)(strcmp(#name, "icmp_in") == 0 &&                     \
					   strncmp(counter, "icmp_", 5) == 0) +                 \
				(uint64_t)(strcmp(#name, counter) == 0);                        \
		if (d != want) {                                                                \
			print_error("%s:%d: %s moved by %lld, expected %llu (reason \"%s\")\n", \
				    file, line, #name, (long long)d, (unsigned long long)want,  \
				    synack_reason_text(p->last_drop));                          \
			bad = true;                                                             \
		}                                                                               \
	}
	SYNACK_STATS(CHECK_STAT)
	CHECK_STAT(conns_live)
	CHECK_STAT(timers_live)
	CHECK_STAT(sockets_live)
#undef CHECK_STAT
	if (bad)
		_fail(file, line);
	peer_expect_none_at(p, file, line);
	/* Nothing later either (a wrongly taken segment would be ACKed). */
	peer_advance(p, p->now + 300 * MS);
	peer_expect_none_at(p, file, line);
	synack_info info;
	assert_int_equal(synack_get_info(p->s, m->fd, &info), SYNACK_OK);
	if (info.state != SYNACK_ESTABLISHED || info.unread != 0 ||
	    info.rcv_nxt != p->peer_isn + m->pseq || info.snd_una != p->iss + m->sseq) {
		print_error("%s:%d: the connection moved: %s, unread %u, rcv_nxt +%u, snd_una +%u\n",
			    file, line, synack_state_name(info.state), info.unread,
			    info.rcv_nxt - p->peer_isn, info.snd_una - p->iss);
		_fail(file, line);
	}
}

#define EXPECT_DROP(m, pkt, len, counter) expect_drop_at((m), (pkt), (len), (counter), __FILE__, __LINE__)

/* Builds r, lets `mutate` break it, and expects it dropped. */
#define DROP_RAW(m, r, counter, ...)                          \
	do {                                                  \
		struct raw r_ = (r);                          \
		size_t len = raw_build(buf, &r_);             \
		uint8_t *ip = buf;                            \
		uint8_t *tcp = buf + (buf[0] & 0x0f) * 4;     \
		(void)ip;                                     \
		(void)tcp;                                    \
		__VA_ARGS__;                                  \
		EXPECT_DROP((m), buf, len, (counter));        \
	} while (0)

/* The connection still carries data both ways. */
static void alive_at(struct mf *m, const char *file, int line)
{
	struct peer *p = m->p;
	uint64_t t = p->now + MS;
	peer_feed_at(p, t, &(struct tseg){.flags = ACK | PSH, .seq = m->pseq, .ack = m->sseq, .len = 10},
		     file, line);
	char got[32], want[10];
	long n = synack_recv(p->s, m->fd, got, sizeof got, 0);
	if (n != 10) {
		print_error("%s:%d: recv after the garbage returned %ld, expected 10\n", file, line, n);
		_fail(file, line);
	}
	for (int i = 0; i < 10; i++)
		want[i] = (char)('a' + (m->pseq + (uint32_t)i) % 26);
	assert_memory_equal(got, want, 10);
	m->pseq += 10;
	assert_int_equal(synack_send(p->s, m->fd, "pong!", 5, 0), 5);
	peer_expect_at(p, t, &(struct tseg){.flags = ACK | PSH, .seq = m->sseq, .ack = m->pseq, .len = 5,
					    .data = "pong!"},
		       file, line);
	m->sseq += 5;
	peer_feed_at(p, t + MS, &(struct tseg){.flags = ACK, .seq = m->pseq, .ack = m->sseq}, file, line);
	peer_advance(p, t + SEC);
	peer_expect_none_at(p, file, line);
	synack_info info;
	assert_int_equal(synack_get_info(p->s, m->fd, &info), SYNACK_OK);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	assert_int_equal(info.unacked, 0);
}

#define ALIVE(m) alive_at((m), __FILE__, __LINE__)

/* --------------------------------------------------------------- IPv4 */

static void malformed_L13_tcp_bad_checksum(void **state)
{
	struct mf *m = mf_new(state);
	struct peer *p = m->p;
	/* The fixture's own corrupt checksum, on data and on a SYN. */
	uint64_t before = peer_stat(p, "tcp_bad_checksum");
	uint32_t drops = p->drops;
	FEED(p, p->now + MS, .flags = ACK | PSH, .seq = m->pseq, .ack = m->sseq, .len = 20, .bad_csum = true);
	FEED(p, p->now + MS, .flags = SYN, .seq = 0, .sport = 41999, .mss = 1460, .bad_csum = true);
	assert_int_equal(peer_stat(p, "tcp_bad_checksum"), before + 2);
	assert_int_equal(p->drops, drops + 2);
	assert_int_equal(peer_stat(p, "tcp_in"), 2); /* the handshake's two */
	peer_advance(p, p->now + SEC);
	EXPECT_NONE(p);
	/* Raw: one bit off in the payload, in the checksum field, and a
	 * checksum computed without the pseudo header. */
	DROP_RAW(m, seg_data(m), "tcp_bad_checksum", tcp[20] ^= 0x01);
	DROP_RAW(m, seg_data(m), "tcp_bad_checksum", tcp[17] ^= 0x80);
	DROP_RAW(m, seg_syn(m), "tcp_bad_checksum", tcp[16] ^= 0xff, tcp[17] ^= 0xff);
	DROP_RAW(m, seg_data(m), "tcp_bad_checksum", l4_fix(buf, 20, len - 20, 1, 16));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_bad_checksum_before_options(void **state)
{
	/* A segment corrupted in transit is a checksum error, whatever the
	 * corruption did to its options (Linux verifies the checksum first). */
	struct mf *m = mf_new(state);
	struct raw r = seg_data(m);
	memcpy(r.opts, (uint8_t[]){8, 1, 0, 0}, 4);
	r.optlen = 4;
	DROP_RAW(m, r, "tcp_bad_checksum", tcp[17] ^= 0x01);
	r = seg_syn(m);
	memcpy(r.opts, (uint8_t[]){2, 3, 5, 1}, 4);
	r.optlen = 4;
	DROP_RAW(m, r, "tcp_bad_checksum", tcp[16] ^= 0x10);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_bad_header_checksum(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_checksum", ip[10] ^= 0x01);
	DROP_RAW(m, seg_syn(m), "ip_bad_checksum", ip[11] ^= 0x40);
	/* A header byte changed after the checksum was computed (TTL). */
	DROP_RAW(m, seg_data(m), "ip_bad_checksum", ip[8] = 63);
	/* With IP options: a byte of the options is covered too. */
	struct raw r = seg_data(m);
	r.ipopts = (const uint8_t[]){1, 1, 1, 0};
	r.ipoptlen = 4;
	DROP_RAW(m, r, "ip_bad_checksum", ip[21] = 0);
	ALIVE(m);
	mf_free(state);
}

/* An IPv4 datagram whose version nibble says 6 is read as IPv6: its
 * bytes make no valid IPv6 header (the payload length runs past the
 * buffer), so it is dropped as a bad IPv6 datagram. */
static void malformed_L13_ip_version_6(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_total_len", ip[0] = 0x65, ip_fix(ip, 20));
	DROP_RAW(m, seg_syn(m), "ip_bad_total_len", ip[0] = 0x65, ip_fix(ip, 20));
	DROP_RAW(m, seg_syn(m), "ip_bad_total_len", ip[0] = 0x60, ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_version_5(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_version", ip[0] = 0x55, ip_fix(ip, 20));
	DROP_RAW(m, seg_syn(m), "ip_bad_version", ip[0] = 0x55, ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_version_other(void **state)
{
	struct mf *m = mf_new(state);
	static const uint8_t versions[] = {0, 1, 3, 7, 15};
	for (size_t i = 0; i < sizeof versions; i++)
		DROP_RAW(m, seg_data(m), "ip_bad_version", ip[0] = (uint8_t)(versions[i] << 4 | 5),
			 ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_shorter_than_header(void **state)
{
	struct mf *m = mf_new(state);
	struct raw r = seg_data(m);
	raw_build(buf, &r);
	static const size_t lens[] = {1, 2, 10, 19};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
		EXPECT_DROP(m, buf, lens[i], "ip_bad_header_len");
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_ihl_below_5(void **state)
{
	struct mf *m = mf_new(state);
	for (uint8_t ihl = 0; ihl < 5; ihl++)
		DROP_RAW(m, seg_data(m), "ip_bad_header_len", ip[0] = (uint8_t)(0x40 | ihl),
			 ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_ihl_beyond_buffer(void **state)
{
	struct mf *m = mf_new(state);
	/* IHL 15 (60 bytes) in a 40-byte datagram. */
	struct raw r = seg_data(m);
	r.paylen = 0;
	DROP_RAW(m, r, "ip_bad_header_len", ip[0] = 0x4f, ip_fix(ip, 20));
	/* IHL 6 (24 bytes) with the buffer cut to 22 and to 23 bytes. */
	r = seg_data(m);
	raw_build(buf, &r);
	buf[0] = 0x46;
	ip_fix(buf, 20);
	EXPECT_DROP(m, buf, 22, "ip_bad_header_len");
	EXPECT_DROP(m, buf, 23, "ip_bad_header_len");
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_total_len_below_ihl(void **state)
{
	struct mf *m = mf_new(state);
	static const uint16_t totals[] = {0, 1, 19};
	for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++)
		DROP_RAW(m, seg_data(m), "ip_bad_total_len", wr16(ip + 2, totals[i]), ip_fix(ip, 20));
	/* With IP options: 20 is below an IHL of 6. */
	struct raw r = seg_data(m);
	r.ipopts = (const uint8_t[]){1, 1, 1, 0};
	r.ipoptlen = 4;
	DROP_RAW(m, r, "ip_bad_total_len", wr16(ip + 2, 20), ip_fix(ip, 24));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_total_len_beyond_buffer(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_total_len", wr16(ip + 2, len + 1), ip_fix(ip, 20));
	DROP_RAW(m, seg_data(m), "ip_bad_total_len", wr16(ip + 2, 65535), ip_fix(ip, 20));
	/* The datagram cut short by the link: the header says 48 bytes. */
	struct raw r = seg_data(m);
	size_t len = raw_build(buf, &r);
	EXPECT_DROP(m, buf, len - 1, "ip_bad_total_len");
	EXPECT_DROP(m, buf, 21, "ip_bad_total_len");
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_link_padding_accepted(void **state)
{
	/* Bytes past the total length (Ethernet pads frames to 60 bytes) are
	 * not part of the datagram: the segment is taken, the padding is not
	 * payload and does not spoil the TCP checksum. */
	struct mf *m = mf_new(state);
	struct peer *p = m->p;
	struct raw r = seg_data(m);
	r.data = "ping";
	r.paylen = 4;
	size_t len = raw_build(buf, &r);
	memset(buf + len, 0xee, 18);
	uint32_t drops = p->drops;
	uint64_t tcp_in = peer_stat(p, "tcp_in");
	assert_int_equal(input(m, buf, len + 18), SYNACK_OK);
	assert_int_equal(p->drops, drops);
	assert_int_equal(peer_stat(p, "tcp_in"), tcp_in + 1);
	char got[64];
	assert_int_equal(synack_recv(p->s, m->fd, got, sizeof got, 0), 4);
	assert_memory_equal(got, "ping", 4);
	m->pseq += 4;
	peer_advance(p, p->now + 200 * MS); /* the delayed ACK */
	EXPECT(p, ANY_TIME, .flags = ACK, .seq = m->sseq, .ack = m->pseq);
	/* A pure ACK (40 bytes) padded with zeros to 46. */
	r = seg_data(m);
	r.paylen = 0;
	r.flags = ACK;
	len = raw_build(buf, &r);
	memset(buf + len, 0, 6);
	assert_int_equal(input(m, buf, len + 6), SYNACK_OK);
	assert_int_equal(p->drops, drops);
	assert_int_equal(peer_stat(p, "tcp_in"), tcp_in + 2);
	peer_advance(p, p->now + SEC);
	EXPECT_NONE(p);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_options_accepted(void **state)
{
	/* IHL 6: four bytes of IP options (NOP NOP NOP EOL) are skipped. */
	struct mf *m = mf_new(state);
	struct peer *p = m->p;
	struct raw r = seg_data(m);
	r.ipopts = (const uint8_t[]){1, 1, 1, 0};
	r.ipoptlen = 4;
	r.data = "opts";
	r.paylen = 4;
	size_t len = raw_build(buf, &r);
	uint32_t drops = p->drops;
	assert_int_equal(input(m, buf, len), SYNACK_OK);
	assert_int_equal(p->drops, drops);
	char got[64];
	assert_int_equal(synack_recv(p->s, m->fd, got, sizeof got, 0), 4);
	assert_memory_equal(got, "opts", 4);
	m->pseq += 4;
	peer_advance(p, p->now + 200 * MS); /* the delayed ACK */
	EXPECT(p, ANY_TIME, .flags = ACK, .seq = m->sseq, .ack = m->pseq);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_fragment_mf(void **state)
{
	struct mf *m = mf_new(state);
	/* The first fragment: MF, offset 0 (with DF clear and set). */
	DROP_RAW(m, seg_data(m), "ip_fragment", wr16(ip + 6, 0x2000), ip_fix(ip, 20));
	DROP_RAW(m, seg_syn(m), "ip_fragment", wr16(ip + 6, 0x2000), ip_fix(ip, 20));
	DROP_RAW(m, seg_data(m), "ip_fragment", wr16(ip + 6, 0x6000), ip_fix(ip, 20));
	/* A middle fragment: MF and an offset. */
	DROP_RAW(m, seg_data(m), "ip_fragment", wr16(ip + 6, 0x2000 | 185), ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_fragment_offset(void **state)
{
	struct mf *m = mf_new(state);
	/* The last fragment: MF clear, offset 1480/8, and offset 1 (8). */
	DROP_RAW(m, seg_data(m), "ip_fragment", wr16(ip + 6, 185), ip_fix(ip, 20));
	DROP_RAW(m, seg_syn(m), "ip_fragment", wr16(ip + 6, 1), ip_fix(ip, 20));
	DROP_RAW(m, seg_data(m), "ip_fragment", wr16(ip + 6, 0x1fff), ip_fix(ip, 20));
	/* DF with an offset: inconsistent, still not a whole datagram. */
	DROP_RAW(m, seg_data(m), "ip_fragment", wr16(ip + 6, 0x4000 | 3), ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

/* A datagram of another protocol: header + a proper transport header. */
static size_t build_other(struct mf *m, uint8_t proto)
{
	const struct peer *p = m->p;
	size_t tlen = 16;
	memset(buf, 0, 20 + tlen);
	buf[0] = 0x45;
	wr16(buf + 2, (uint32_t)(20 + tlen));
	wr16(buf + 6, 0x4000);
	buf[8] = 64;
	buf[9] = proto;
	memcpy(buf + 12, p->them.bytes, 4);
	memcpy(buf + 16, p->us.bytes, 4);
	ip_fix(buf, 20);
	uint8_t *t = buf + 20;
	if (proto == 17) {
		/* UDP 40000 -> 80 (the same ports as the connection) */
		wr16(t, p->their_port);
		wr16(t + 2, p->our_port);
		wr16(t + 4, (uint32_t)tlen);
		memcpy(t + 8, "udp data", 8);
		l4_fix(buf, 20, tlen, 17, 6);
	} else if (proto == 1) {
		/* ICMP echo request */
		t[0] = 8;
		wr16(t + 4, 0x4242);
		wr16(t + 6, 1);
		memcpy(t + 8, "pingping", 8);
		l4_fix(buf, 20, tlen, 1, 2);
	} else {
		memset(t, 0x5a, tlen);
	}
	return 20 + tlen;
}

static void malformed_L13_ip_proto_udp(void **state)
{
	struct mf *m = mf_new(state);
	size_t n = build_other(m, 17);
	EXPECT_DROP(m, buf, n, "ip_not_tcp");
	/* A TCP segment labelled UDP. */
	DROP_RAW(m, seg_data(m), "ip_not_tcp", ip[9] = 17, ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_proto_icmp(void **state)
{
	struct mf *m = mf_new(state);
	/* ICMP is read now (errors about our segments): an echo request is
	 * nothing TCP needs; a SYN labelled ICMP fails ICMP's checksum */
	size_t n = build_other(m, 1);
	EXPECT_DROP(m, buf, n, "icmp_ignored");
	DROP_RAW(m, seg_syn(m), "icmp_bad", ip[9] = 1, ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_proto_other(void **state)
{
	struct mf *m = mf_new(state);
	static const uint8_t protos[] = {0, 4, 41, 47, 50, 132, 255};
	for (size_t i = 0; i < sizeof protos; i++) {
		size_t len = build_other(m, protos[i]);
		EXPECT_DROP(m, buf, len, "ip_not_tcp");
	}
	ALIVE(m);
	mf_free(state);
}

static void set_addr(uint8_t *ip, size_t off, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	ip[off] = a, ip[off + 1] = b, ip[off + 2] = c, ip[off + 3] = d;
}

/* Sets the address at off (12 source, 16 destination) and fixes both
 * checksums, so only the address is wrong. */
#define ADDR(off, a, b, c, d) set_addr(ip, (off), (a), (b), (c), (d)), ip_fix(ip, 20), tcp_fix(ip, 20, len - 20)

static void malformed_L13_ip_dst_not_ours(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_not_ours", ADDR(16, 10, 0, 0, 3));
	DROP_RAW(m, seg_syn(m), "ip_not_ours", ADDR(16, 10, 0, 0, 3));
	DROP_RAW(m, seg_syn(m), "ip_not_ours", ADDR(16, 10, 0, 0, 2)); /* the peer's own */
	DROP_RAW(m, seg_syn(m), "ip_not_ours", ADDR(16, 255, 255, 255, 255));
	DROP_RAW(m, seg_syn(m), "ip_not_ours", ADDR(16, 224, 0, 0, 1));
	DROP_RAW(m, seg_syn(m), "ip_not_ours", ADDR(16, 0, 0, 0, 0));
	DROP_RAW(m, seg_syn(m), "ip_not_ours", ADDR(16, 127, 0, 0, 1));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_src_multicast(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_source", ADDR(12, 224, 0, 0, 5));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 224, 0, 0, 5));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 239, 255, 255, 250));
	/* class E (reserved) */
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 240, 0, 0, 1));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_src_broadcast(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_source", ADDR(12, 255, 255, 255, 255));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 255, 255, 255, 255));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_src_zero(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_source", ADDR(12, 0, 0, 0, 0));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 0, 0, 0, 0));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 0, 0, 0, 2)); /* this network */
	ALIVE(m);
	mf_free(state);
}

/* RFC 1122 3.2.1.3 (g): 127/8 never comes from a wire. */
static void malformed_L13_ip_src_loopback(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_source", ADDR(12, 127, 0, 0, 1));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 127, 1, 2, 3));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_ip_src_ours(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_data(m), "ip_bad_source", ADDR(12, 10, 0, 0, 1));
	DROP_RAW(m, seg_syn(m), "ip_bad_source", ADDR(12, 10, 0, 0, 1));
	/* a spoofed RST from ourselves to our own port */
	struct raw r = seg_data(m);
	r.flags = RST | ACK;
	r.paylen = 0;
	DROP_RAW(m, r, "ip_bad_source", ADDR(12, 10, 0, 0, 1));
	ALIVE(m);
	mf_free(state);
}

/* ---------------------------------------------------------------- TCP */

static void malformed_L13_tcp_shorter_than_20(void **state)
{
	struct mf *m = mf_new(state);
	static const size_t tlens[] = {0, 1, 12, 19};
	for (size_t i = 0; i < sizeof tlens / sizeof tlens[0]; i++)
		DROP_RAW(m, seg_syn(m), "tcp_truncated", len = 20 + tlens[i], wr16(ip + 2, len),
			 ip_fix(ip, 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_offset_below_5(void **state)
{
	struct mf *m = mf_new(state);
	for (uint8_t off = 0; off < 5; off++) {
		DROP_RAW(m, seg_data(m), "tcp_bad_offset", tcp[12] = (uint8_t)(off << 4),
			 tcp_fix(ip, 20, len - 20));
		DROP_RAW(m, seg_syn(m), "tcp_bad_offset", tcp[12] = (uint8_t)(off << 4),
			 tcp_fix(ip, 20, len - 20));
	}
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_offset_beyond_segment(void **state)
{
	struct mf *m = mf_new(state);
	/* 15 words on a 28-byte segment, 6 and 15 on a 20-byte one. */
	DROP_RAW(m, seg_data(m), "tcp_bad_offset", tcp[12] = 0xf0, tcp_fix(ip, 20, len - 20));
	DROP_RAW(m, seg_syn(m), "tcp_bad_offset", tcp[12] = 0x60, tcp_fix(ip, 20, len - 20));
	DROP_RAW(m, seg_syn(m), "tcp_bad_offset", tcp[12] = 0xf0, tcp_fix(ip, 20, len - 20));
	/* 8 words (32 bytes) on a 28-byte segment. */
	DROP_RAW(m, seg_data(m), "tcp_bad_offset", tcp[12] = 0x80, tcp_fix(ip, 20, len - 20));
	ALIVE(m);
	mf_free(state);
}

/* A SYN and a data segment carrying the option bytes o (n % 4 == 0). */
static void drop_opts_at(struct mf *m, const uint8_t *o, size_t n, const char *counter,
			 const char *file, int line)
{
	struct raw r = seg_syn(m);
	memcpy(r.opts, o, n);
	r.optlen = n;
	size_t len = raw_build(buf, &r);
	expect_drop_at(m, buf, len, counter, file, line);
	r = seg_data(m);
	memcpy(r.opts, o, n);
	r.optlen = n;
	len = raw_build(buf, &r);
	expect_drop_at(m, buf, len, counter, file, line);
}

#define DROP_OPTS(m, counter, ...)                                                    \
	drop_opts_at((m), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), \
		     (counter), __FILE__, __LINE__)

static void malformed_L13_tcp_option_len_0(void **state)
{
	struct mf *m = mf_new(state);
	DROP_OPTS(m, "tcp_bad_option", 2, 0, 0, 0);
	DROP_OPTS(m, "tcp_bad_option", 30, 0, 1, 1);              /* unknown kind */
	DROP_OPTS(m, "tcp_bad_option", 2, 4, 5, 180, 1, 1, 8, 0); /* after a good one */
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_len_1(void **state)
{
	struct mf *m = mf_new(state);
	DROP_OPTS(m, "tcp_bad_option", 8, 1, 0, 0);
	DROP_OPTS(m, "tcp_bad_option", 30, 1, 1, 1);
	DROP_OPTS(m, "tcp_bad_option", 1, 1, 4, 1);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_overlong(void **state)
{
	struct mf *m = mf_new(state);
	/* TS claims 10 bytes in an 8-byte option area. */
	DROP_OPTS(m, "tcp_bad_option", 8, 10, 0, 0, 0, 0, 0, 0);
	/* An unknown kind claims 40, 255. */
	DROP_OPTS(m, "tcp_bad_option", 253, 40, 1, 1);
	DROP_OPTS(m, "tcp_bad_option", 1, 1, 253, 255, 0, 0, 0, 0);
	/* Ends one byte past the header. */
	DROP_OPTS(m, "tcp_bad_option", 2, 4, 5, 180, 30, 5, 0, 0);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_truncated(void **state)
{
	struct mf *m = mf_new(state);
	/* A kind byte last, its length byte missing. */
	DROP_OPTS(m, "tcp_bad_option", 1, 1, 1, 8);
	DROP_OPTS(m, "tcp_bad_option", 1, 1, 1, 2);
	DROP_OPTS(m, "tcp_bad_option", 2, 4, 5, 180, 1, 1, 1, 253);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_mss_size_3(void **state)
{
	struct mf *m = mf_new(state);
	DROP_OPTS(m, "tcp_bad_option", 2, 3, 5, 1);
	DROP_OPTS(m, "tcp_bad_option", 2, 5, 5, 180, 1, 1, 1, 1); /* and 5 */
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_wscale_size_4(void **state)
{
	struct mf *m = mf_new(state);
	DROP_OPTS(m, "tcp_bad_option", 3, 4, 7, 0);
	DROP_OPTS(m, "tcp_bad_option", 1, 3, 2, 7); /* and 2 */
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_sack_bad_len(void **state)
{
	struct mf *m = mf_new(state);
	/* 6 = 2 + 4 and 14 = 2 + 8 + 4: not 2 + 8n. */
	DROP_OPTS(m, "tcp_bad_option", 1, 1, 5, 6, 0, 0, 0, 1);
	DROP_OPTS(m, "tcp_bad_option", 1, 1, 5, 14, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3);
	DROP_OPTS(m, "tcp_bad_option", 5, 11, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1);
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_option_other_sizes(void **state)
{
	struct mf *m = mf_new(state);
	DROP_OPTS(m, "tcp_bad_option", 4, 3, 0, 1);                /* sackOK of 3 */
	DROP_OPTS(m, "tcp_bad_option", 8, 8, 0, 0, 0, 1, 0, 0);    /* TS of 8 */
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_port_0_src(void **state)
{
	struct mf *m = mf_new(state);
	DROP_RAW(m, seg_syn(m), "tcp_bad_port", wr16(tcp, 0), tcp_fix(ip, 20, len - 20));
	DROP_RAW(m, seg_data(m), "tcp_bad_port", wr16(tcp, 0), tcp_fix(ip, 20, len - 20));
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_tcp_port_0_dst(void **state)
{
	struct mf *m = mf_new(state);
	/* Without the check a closed port answers a SYN with a RST. */
	DROP_RAW(m, seg_syn(m), "tcp_bad_port", wr16(tcp + 2, 0), tcp_fix(ip, 20, len - 20));
	DROP_RAW(m, seg_data(m), "tcp_bad_port", wr16(tcp + 2, 0), tcp_fix(ip, 20, len - 20));
	DROP_RAW(m, seg_syn(m), "tcp_bad_port", wr16(tcp, 0), wr16(tcp + 2, 0),
		 tcp_fix(ip, 20, len - 20));
	ALIVE(m);
	mf_free(state);
}

/* ------------------------------------------------------------ sizes */

static void malformed_L13_empty_datagram(void **state)
{
	struct mf *m = mf_new(state);
	EXPECT_DROP(m, buf, 0, "ip_bad_header_len");
	ALIVE(m);
	mf_free(state);
}

static void malformed_L13_null_datagram(void **state)
{
	struct mf *m = mf_new(state);
	EXPECT_DROP(m, NULL, 0, "ip_bad_header_len");
	ALIVE(m);
	mf_free(state);
}

static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void rng_fill(uint64_t *x, uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(rng_next(x) >> 32);
}

static void malformed_L13_datagram_65535_garbage(void **state)
{
	struct mf *m = mf_new(state);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	/* Pure garbage; a first byte of 0xa5 makes it version 10. */
	rng_fill(&x, buf, 65535);
	buf[0] = 0xa5;
	EXPECT_DROP(m, buf, 65535, "ip_bad_version");
	/* A good IPv4 header over 65515 bytes of garbage TCP with a sane
	 * header: the TCP checksum does not hold. */
	rng_fill(&x, buf, 65535);
	struct raw r = seg_data(m);
	raw_build(buf, &r);
	wr16(buf + 2, 65535);
	ip_fix(buf, 20);
	wr16(buf + 36, 0x1357);
	EXPECT_DROP(m, buf, 65535, "tcp_bad_checksum");
	/* The same, the total length saying 40: the rest is link padding,
	 * and the 20-byte segment left has a bad checksum all the same. */
	wr16(buf + 2, 40);
	ip_fix(buf, 20);
	EXPECT_DROP(m, buf, 65535, "tcp_bad_checksum");
	/* Garbage behind a good IPv4 header: whatever the TCP layer makes of
	 * it, one validation counter (offset, option, checksum) takes it. */
	rng_fill(&x, buf, 65535);
	r = seg_data(m);
	raw_build(buf, &r);
	wr16(buf + 2, 65535);
	ip_fix(buf, 20);
	buf[32] = 0xf0;
	memset(buf + 40, 30, 40); /* option kind 30, length 30: overlong */
	tcp_fix(buf, 20, 65535 - 20);
	EXPECT_DROP(m, buf, 65535, "tcp_bad_option");
	ALIVE(m);
	mf_free(state);
}

/* ------------------------------------------------------------- fuzz */

struct counts {
	uint64_t ip_in, tcp_in, validation;
};

static struct counts counts_of(const struct peer *p)
{
	synack_stats st;
	synack_get_stats(p->s, &st);
	struct counts c = {st.ip_in, st.tcp_in, 0};
#define ADD_COUNTER(name) c.validation += st.name;
	ALL_VALIDATION_COUNTERS(ADD_COUNTER)
#undef ADD_COUNTER
	return c;
}

/* Builds one fuzz datagram into buf; returns its length. */
static size_t fuzz_one(struct mf *m, uint64_t *x, uint16_t victim_port)
{
	struct peer *p = m->p;
	uint64_t r = rng_next(x);
	size_t len;
	switch (r % 5) {
	case 0: /* pure garbage, mostly short */
		len = (r >> 8) % 4 == 0 ? (size_t)((r >> 16) % 1600) : (size_t)((r >> 16) % 80);
		rng_fill(x, buf, len);
		return len;
	case 1: { /* a good IPv4 header, garbage TCP */
		len = 20 + (size_t)((r >> 8) % 100);
		rng_fill(x, buf, len);
		buf[0] = 0x45;
		wr16(buf + 2, (uint32_t)len);
		wr16(buf + 6, 0x4000);
		buf[9] = 6;
		memcpy(buf + 12, p->them.bytes, 4);
		memcpy(buf + 16, p->us.bytes, 4);
		ip_fix(buf, 20);
		if (len >= 40) {
			wr16(buf + 22, p->our_port);
			if ((r >> 20) & 1)
				tcp_fix(buf, 20, len - 20);
		}
		return len;
	}
	case 2: { /* random option bytes in a sane header, checksums right */
		struct raw g = (r >> 8) & 1 ? seg_syn(m) : seg_data(m);
		if (g.flags != SYN)
			g.sport = victim_port;
		g.flags = (uint8_t)(rng_next(x) >> 40);
		g.optlen = 4 * (size_t)((r >> 12) % 11);
		rng_fill(x, g.opts, g.optlen);
		/* now and then a plausible kind/length pair */
		for (size_t i = 0; i + 1 < g.optlen; i += 4)
			if ((rng_next(x) & 3) == 0)
				g.opts[i] = (uint8_t)(rng_next(x) % 9), g.opts[i + 1] = (uint8_t)(rng_next(x) % 12);
		g.data = "garbage!";
		g.paylen = (size_t)((r >> 16) % 9);
		return raw_build(buf, &g);
	}
	default: { /* a valid segment with a few bytes changed */
		struct raw g;
		uint64_t k = (r >> 8) % 4;
		if (k == 0) {
			g = seg_syn(m);
			memcpy(g.opts, (uint8_t[]){2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7}, 20);
			g.optlen = 20;
		} else {
			g = seg_data(m);
			g.sport = victim_port;
			g.seq += (uint32_t)((r >> 16) % 3) * 8;
			if (k == 2) {
				memcpy(g.opts, (uint8_t[]){1, 1, 5, 10, 0, 0, 0, 0, 0, 0, 0, 8}, 12);
				wr32(g.opts + 4, p->iss + m->sseq);
				wr32(g.opts + 8, p->iss + m->sseq + 8);
				g.optlen = 12;
			} else if (k == 3) {
				g.flags = (uint8_t)(FIN | ACK | (((r >> 24) & 1) ? RST : 0));
			}
		}
		len = raw_build(buf, &g);
		int flips = 1 + (int)((r >> 32) % 8);
		/* anywhere, or (half the time) in the TCP header only */
		size_t lo = (r >> 50) & 1 ? 20 : 0, span = (r >> 50) & 1 ? 20 + g.optlen : len;
		for (int i = 0; i < flips; i++) {
			uint64_t f = rng_next(x);
			buf[lo + f % span] ^= (uint8_t)(1u << ((f >> 16) % 8));
		}
		/* Half the time make the checksums right again, if the header
		 * still says where they are. */
		if ((r >> 40) & 1) {
			size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
			size_t total = rd16(buf + 2);
			if (ihl >= 20 && ihl <= len) {
				ip_fix(buf, ihl);
				if (total >= ihl + 20 && total <= len)
					tcp_fix(buf, ihl, total - ihl);
			}
		}
		/* and now and then cut or pad it */
		if (((r >> 44) & 7) == 0)
			len = (size_t)((r >> 48) % (len + 1));
		else if (((r >> 44) & 7) == 1) {
			memset(buf + len, 0, 10);
			len += 10;
		}
		return len;
	}
	}
}

/* What the stack sends is a sane IPv4 + TCP datagram, whatever it was fed. */
static bool well_formed(const struct sent *o)
{
	const uint8_t *ip = o->pkt;
	if (o->len < 40 || ip[0] != 0x45 || rd16(ip + 2) != o->len || ip[9] != 6)
		return false;
	if (fold(sum16(0, ip, 20)) != 0)
		return false;
	size_t tlen = o->len - 20;
	if (fold(sum16(sum16(0, ip + 12, 8) + 6 + (uint32_t)tlen, ip + 20, tlen)) != 0)
		return false;
	size_t thl = (size_t)(ip[32] >> 4) * 4;
	return thl >= 20 && thl <= tlen && rd16(ip + 20) != 0 && rd16(ip + 22) != 0;
}

/* Far from 40000 in bits, so that no flip turns one into the other. */
#define VICTIM_PORT 25535

static void fuzz_run(void **state, uint64_t seed, int rounds)
{
	struct mf *m = mf_new(state);
	struct peer *p = m->p;
	/* A second connection the mutated segments aim at. */
	p->their_port = VICTIM_PORT;
	int victim = peer_accept_handshake(p, p->now + MS, NULL);
	p->their_port = 40000;
	p->out_next = p->out_len;
	uint64_t x = seed;
	struct counts before = counts_of(p);
	for (int i = 0; i < rounds; i++) {
		size_t len = fuzz_one(m, &x, VICTIM_PORT);
		int rc = input(m, buf, len);
		assert_true(rc == SYNACK_OK || rc < 0);
		/* let timers run now and then */
		if (i % 64 == 63)
			peer_advance(p, p->now + (rng_next(&x) % 500) * MS);
		/* whatever went out must be well-formed */
		for (; p->out_next < p->out_len; p->out_next++)
			assert_true(well_formed(&p->out[p->out_next]));
		if (p->out_len > PEER_MAX_SENT / 2)
			p->out_len = p->out_next = 0;
	}
	/* Every datagram was either refused by one validation counter or
	 * handed to TCP, never both, never neither. */
	struct counts after = counts_of(p);
	assert_int_equal(after.ip_in - before.ip_in, (uint64_t)rounds);
	assert_int_equal((after.tcp_in - before.tcp_in) + (after.validation - before.validation),
			 (uint64_t)rounds);
	/* Clean up what the fuzz aimed at or made: the victim, connections it
	 * completed through the listener; half-open ones time out. */
	synack_endpoint ep;
	int fd;
	while ((fd = synack_accept(p->s, p->listen_fd, &ep)) >= 0)
		synack_abort(p->s, fd);
	synack_abort(p->s, victim);
	for (int i = 0; i < 20; i++) {
		peer_advance(p, p->now + 30 * SEC);
		p->out_len = p->out_next = 0;
	}
	synack_stats st;
	synack_get_stats(p->s, &st);
	assert_int_equal(st.conns_live, 2); /* the listener and the first connection */
	assert_int_equal(st.timers_live, 0);
	assert_int_equal(st.sockets_live, 2);
	/* The first connection was never aimed at: it works. */
	synack_info info;
	assert_int_equal(synack_get_info(p->s, m->fd, &info), SYNACK_OK);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	ALIVE(m);
	/* And a new connection can be made and used. */
	struct mf fresh = {.p = p, .pseq = 1, .sseq = 1};
	p->their_port = 40999;
	fresh.fd = peer_accept_handshake(p, p->now + MS, NULL);
	p->out_next = p->out_len;
	ALIVE(&fresh);
	synack_abort(p->s, fresh.fd);
	synack_abort(p->s, m->fd);
	p->their_port = 40000;
	p->out_next = p->out_len;
	peer_free(p, 0);
	free(m);
	*state = NULL;
}

static void malformed_L13_fuzz_garbage(void **state)
{
	fuzz_run(state, 0x5eedf00d12345678ull, 5000);
}

static void malformed_L13_fuzz_garbage_seed2(void **state)
{
	fuzz_run(state, 0xdeadbeefcafe0001ull, 5000);
}

GROUP(malformed,
      cmocka_unit_test_teardown(malformed_L13_tcp_bad_checksum, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_bad_checksum_before_options, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_bad_header_checksum, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_version_6, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_version_5, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_version_other, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_shorter_than_header, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_ihl_below_5, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_ihl_beyond_buffer, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_total_len_below_ihl, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_total_len_beyond_buffer, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_link_padding_accepted, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_options_accepted, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_fragment_mf, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_fragment_offset, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_proto_udp, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_proto_icmp, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_proto_other, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_dst_not_ours, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_src_multicast, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_src_broadcast, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_src_zero, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_src_loopback, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_ip_src_ours, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_shorter_than_20, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_offset_below_5, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_offset_beyond_segment, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_len_0, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_len_1, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_overlong, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_truncated, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_mss_size_3, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_wscale_size_4, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_sack_bad_len, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_option_other_sizes, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_port_0_src, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_tcp_port_0_dst, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_empty_datagram, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_null_datagram, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_datagram_65535_garbage, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_fuzz_garbage, mf_teardown),
      cmocka_unit_test_teardown(malformed_L13_fuzz_garbage_seed2, mf_teardown))
