/* L11-L13: using the connection.  Reliable delivery (RTO, reassembly,
 * fast retransmit, SACK), flow control (windows, scaling, persist,
 * delayed ACK, Nagle, cork) and the validation of every incoming segment
 * (acceptability, ACK checks, PAWS), then sequence-number wraparound.
 *
 * Most tests use the peer fixture: the stack under test accepts a
 * connection at 0 s (SYN,ACK at 0, handshake ACK at 10 ms, so the first
 * RTT sample is 10 ms and RTO = max(10 + 4 * 5, min_rto) = 200 ms), and
 * the test plays the remote host segment by segment. */
#include <string.h>

#include "groups.h"
#include "net.h"
#include "peer.h"

static uint8_t out[1 << 20];
static uint8_t in[1 << 20];

static void fill_pattern(uint8_t *b, size_t n, uint32_t salt)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + salt + (i >> 8));
}

/* The bytes the peer fixture puts in a segment fed with .data = NULL:
 * 'a' + (relative seq) % 26. */
static void check_peer_bytes(const uint8_t *b, size_t n, uint32_t rel_seq)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != (uint8_t)('a' + (rel_seq + i) % 26)) {
			print_error("byte %zu (seq %zu) is %u\n", i, rel_seq + i, b[i]);
			fail();
		}
}

/* Passive open at 0 s: the peer's SYN carries `syn`'s options, its ACK
 * comes at 10 ms with window field `ack_win` (0: 65535) and, with
 * timestamps, TSval syn->tsval + 10.  Returns the accepted descriptor. */
static uint32_t ts0; /* our TSval at 0 s (ms clock plus a per-connection offset) */

static int open_conn(struct peer *p, const struct tseg *syn, int32_t ack_win)
{
	peer_listen(p, 4);
	struct tseg s = *syn;
	s.flags = SYN;
	s.seq = 0;
	peer_feed_at(p, 0, &s, __FILE__, __LINE__);
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	uint32_t our_ts = p->last_tsval;
	ts0 = our_ts;
	struct tseg a = {.flags = ACK, .seq = 1, .ack = 1, .win = ack_win};
	if (s.ts) {
		a.ts = true;
		a.tsval = s.tsval + 10;
		a.tsecr = our_ts;
	}
	peer_feed_at(p, 10 * MS, &a, __FILE__, __LINE__);
	EXPECT_NONE(p);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	return fd;
}

/* The peer offers MSS 1460, SACK and window scale 7 (no timestamps, so
 * segments carry 1460 bytes); our SYN,ACK answers window scale 3 for the
 * 256 KiB buffer, so an empty receive buffer is advertised as 32768. */
static const struct tseg syn_sack_ws = {.mss = 1460, .sackok = true, .wscale = WS(7)};
static const struct tseg syn_plain = {.mss = 1460};
static const struct tseg syn_sack = {.mss = 1460, .sackok = true};

static long send_at(struct peer *p, uint64_t t, int fd, const void *b, size_t n, int flags)
{
	peer_advance(p, t);
	return synack_send(p->s, fd, b, n, flags);
}

static long recv_at(struct peer *p, uint64_t t, int fd, void *b, size_t n)
{
	peer_advance(p, t);
	return synack_recv(p->s, fd, b, n, 0);
}

static synack_info info_of(struct peer *p, int fd)
{
	synack_info i;
	assert_int_equal(synack_get_info(p->s, fd, &i), SYNACK_OK);
	return i;
}

/* ================================================================ L11 */

static void L11_rto_retransmission_backoff_and_reset_after_new_rtt(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	synack_info i = info_of(p, fd);
	/* RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR = 30 ms,
	 * clamped to min_rto (2.4) */
	assert_int_equal(i.srtt_ns, 10 * MS);
	assert_int_equal(i.rttvar_ns, 5 * MS);
	assert_int_equal(i.rto_ns, 200 * MS);

	fill_pattern(out, 300, 1);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100, .win = 32768,
	       .data = (const char *)out);
	/* lost, again and again: RFC 6298 5.5, the timer doubles */
	EXPECT(p, 300 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100,
	       .data = (const char *)out);
	EXPECT(p, 700 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 1500 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	i = info_of(p, fd);
	assert_int_equal(i.backoff, 3);
	assert_int_equal(i.timeouts, 3);
	assert_int_equal(i.retransmits, 3);
	assert_int_equal(i.rto_ns, 1600 * MS);
	assert_int_equal(peer_stat(p, "tcp_timeouts"), 3);
	FEED(p, 1510 * MS, .flags = ACK, .seq = 1, .ack = 101);
	EXPECT_NONE(p);
	/* new data, acknowledged in time: a valid sample (Karn: the first
	 * segment was retransmitted, this one was not) collapses the RTO */
	assert_int_equal(send_at(p, 2000 * MS, fd, out + 100, 100, 0), 100);
	EXPECT(p, 2000 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	FEED(p, 2010 * MS, .flags = ACK, .seq = 1, .ack = 201);
	i = info_of(p, fd);
	assert_int_equal(i.backoff, 0);
	assert_int_equal(i.rto_ns, 200 * MS);
	/* and the next loss is repaired after 200 ms again */
	assert_int_equal(send_at(p, 3000 * MS, fd, out + 200, 100, 0), 100);
	EXPECT(p, 3000 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100);
	EXPECT(p, 3200 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100,
	       .data = (const char *)out + 200);
	FEED(p, 3210 * MS, .flags = ACK, .seq = 1, .ack = 301);
	peer_advance(p, 10 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).unacked, 0);
	synack_abort(p->s, fd);
	EXPECT(p, 10 * SEC, .flags = RST | ACK, .seq = 301, .ack = 1);
	peer_free(p, 0);
}

/* RFC 6298 5 (last note) and RFC 9293 3.8.1: the backed-off RTO is kept
 * until a subsequent segment with new data has been sent and
 * acknowledged (a valid RTT sample); the ACK of a retransmitted segment
 * gives no sample (Karn) and must not collapse it.  Linux
 * (tcp_ack_update_rtt: "only reset backoff on valid RTT measurement")
 * and BSD (t_rxtshift cleared in tcp_xmit_timer) agree. */
static void L11_rto_backoff_kept_until_valid_rtt_sample(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 300 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 700 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 1500 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	/* the third retransmission gets through: no RTT sample */
	FEED(p, 1510 * MS, .flags = ACK, .seq = 1, .ack = 101);
	assert_int_equal(info_of(p, fd).rto_ns, 1600 * MS);
	/* new data, lost: its timer runs the backed-off 1.6 s */
	assert_int_equal(send_at(p, 2000 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 2000 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	EXPECT(p, 3600 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	FEED(p, 3610 * MS, .flags = ACK, .seq = 1, .ack = 201);
	/* a segment sent once and acknowledged: the sample resets the RTO */
	assert_int_equal(send_at(p, 4000 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 4000 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100);
	FEED(p, 4010 * MS, .flags = ACK, .seq = 1, .ack = 301);
	assert_int_equal(info_of(p, fd).rto_ns, 200 * MS);
	assert_int_equal(send_at(p, 5000 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 5000 * MS, .flags = PSH | ACK, .seq = 301, .ack = 1, .len = 100);
	EXPECT(p, 5200 * MS, .flags = PSH | ACK, .seq = 301, .ack = 1, .len = 100);
	FEED(p, 5210 * MS, .flags = ACK, .seq = 1, .ack = 401);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

static void L11_duplicate_segment_discarded_and_reacked(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 60 * MS, .flags = ACK, .seq = 1, .ack = 101, .len = 0);
	/* the same segment again (our ACK was lost, say): dropped as a
	 * duplicate and acknowledged at once (RFC 9293 3.10.7.4 first) */
	FEED(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 101, .len = 0);
	assert_int_equal(peer_stat(p, "tcp_dup_segment"), 1);
	assert_int_equal(info_of(p, fd).unread, 100);
	/* half old, half new: only the new half is taken (delayed ACK) */
	FEED(p, 200 * MS, .flags = PSH | ACK, .seq = 51, .ack = 1, .len = 100);
	assert_int_equal(info_of(p, fd).unread, 150);
	EXPECT(p, 240 * MS, .flags = ACK, .seq = 1, .ack = 151, .len = 0);
	EXPECT_NONE(p);
	assert_int_equal(synack_recv(p->s, fd, in, sizeof in, 0), 150);
	check_peer_bytes(in, 150, 1);
	synack_abort(p->s, fd);
	EXPECT(p, 240 * MS, .flags = RST | ACK, .seq = 1, .ack = 151);
	peer_free(p, 0);
}

/* Seven 100-byte segments A..G (seq 1, 101, ..., 601) arrive in the order
 * A C E G D B F. */
static void L11_out_of_order_held_sack_blocks_and_reassembled(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 100); /* A */
	EXPECT_NONE(p); /* in order: the ACK is delayed */
	/* C: out of order, ACKed at once (RFC 5681 4.2) with a SACK block */
	FEED(p, 21 * MS, .flags = ACK, .seq = 201, .ack = 1, .len = 100);
	EXPECT(p, 21 * MS, .flags = ACK, .seq = 1, .ack = 101, .opts = "nop,nop,sack", .nsack = 1,
	       .sack = {{201, 301}});
	/* E, G: RFC 2018 4: the first block holds the segment that triggered
	 * the ACK, then the most recently reported blocks, newest first */
	FEED(p, 22 * MS, .flags = ACK, .seq = 401, .ack = 1, .len = 100);
	EXPECT(p, 22 * MS, .flags = ACK, .seq = 1, .ack = 101, .nsack = 2,
	       .sack = {{401, 501}, {201, 301}});
	FEED(p, 23 * MS, .flags = ACK, .seq = 601, .ack = 1, .len = 100);
	EXPECT(p, 23 * MS, .flags = ACK, .seq = 1, .ack = 101, .nsack = 3,
	       .sack = {{601, 701}, {401, 501}, {201, 301}});
	/* D joins C and E: that block first */
	FEED(p, 24 * MS, .flags = ACK, .seq = 301, .ack = 1, .len = 100);
	EXPECT(p, 24 * MS, .flags = ACK, .seq = 1, .ack = 101, .nsack = 2,
	       .sack = {{201, 501}, {601, 701}});
	assert_int_equal(info_of(p, fd).unread, 100); /* held data is not readable */
	/* B fills the first hole: an immediate cumulative ACK */
	FEED(p, 25 * MS, .flags = ACK, .seq = 101, .ack = 1, .len = 100);
	EXPECT(p, 25 * MS, .flags = ACK, .seq = 1, .ack = 501, .nsack = 1, .sack = {{601, 701}});
	FEED(p, 26 * MS, .flags = PSH | ACK, .seq = 501, .ack = 1, .len = 100);
	EXPECT(p, 26 * MS, .flags = ACK, .seq = 1, .ack = 701, .opts = "");
	peer_advance(p, 200 * MS);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).ooo_segments, 4);
	assert_int_equal(peer_stat(p, "tcp_ooo_segment"), 4);
	assert_int_equal(synack_recv(p->s, fd, in, sizeof in, 0), 700);
	check_peer_bytes(in, 700, 1);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* The stack sends ten full segments (seq 1 + 1460 k); the peer's ACKs
 * tell which arrived. */
static void send_ten_segments(struct peer *p, int fd)
{
	fill_pattern(out, 14600, 3);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 14600, 0), 14600);
	/* IW = min(10 MSS, max(2 MSS, 14600)) = 14600 (RFC 6928) */
	for (uint32_t k = 0; k < 10; k++)
		EXPECT(p, 100 * MS, .flags = k == 9 ? PSH | ACK : ACK, .seq = 1 + 1460 * k, .ack = 1,
		       .len = 1460, .data = (const char *)out + 1460 * k);
	EXPECT_NONE(p);
}

/* Segments 2 and 5 (seq 1461 and 5841) are lost; no SACK. */
static void L11_fast_retransmit_and_newreno_partial_ack(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_plain, 0);
	send_ten_segments(p, fd);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1461); /* segment 1 */
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 1461); /* 3: dup 1 */
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 1461); /* 4: dup 2 */
	EXPECT_NONE(p);
	/* 6: the third duplicate ACK, fast retransmit (RFC 5681 3.2) */
	FEED(p, 112 * MS, .flags = ACK, .seq = 1, .ack = 1461);
	EXPECT(p, 112 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460,
	       .data = (const char *)out + 1460);
	synack_info i = info_of(p, fd);
	/* ssthresh = max(FlightSize / 2, 2 SMSS) = 13140 / 2 */
	assert_int_equal(i.ssthresh, 6570);
	assert_int_equal(i.cwnd, 6570 + 3 * 1460);
	/* 7-10: more duplicates inflate cwnd; there is no new data to send */
	for (int k = 0; k < 4; k++)
		FEED(p, 113 * MS, .flags = ACK, .seq = 1, .ack = 1461);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).cwnd, 6570 + 7 * 1460);
	/* the retransmission fills the first hole: a partial ACK (below
	 * recover = 14601).  RFC 6582 3.2 step 4: resend the first
	 * unacknowledged segment at once. */
	FEED(p, 122 * MS, .flags = ACK, .seq = 1, .ack = 5841);
	EXPECT(p, 122 * MS, .flags = ACK, .seq = 5841, .ack = 1, .len = 1460,
	       .data = (const char *)out + 5840);
	EXPECT_NONE(p);
	/* full acknowledgment: recovery ends, cwnd = min(ssthresh,
	 * max(FlightSize, SMSS) + SMSS) (step 3, option 2) */
	FEED(p, 132 * MS, .flags = ACK, .seq = 1, .ack = 14601);
	EXPECT_NONE(p);
	i = info_of(p, fd);
	assert_int_equal(i.cwnd, 2920);
	assert_int_equal(i.ssthresh, 6570);
	assert_int_equal(i.fast_retransmits, 1);
	assert_int_equal(i.retransmits, 2);
	assert_int_equal(i.timeouts, 0);
	assert_int_equal(i.dup_acks_received, 7);
	assert_int_equal(i.unacked, 0);
	peer_advance(p, 5 * SEC);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	EXPECT(p, 5 * SEC, .flags = RST | ACK, .seq = 14601, .ack = 1);
	peer_free(p, 0);
}

/* RFC 3042 (a SHOULD of RFC 5681 3.2): the first two duplicate ACKs each
 * release one segment of new data beyond cwnd; the third triggers fast
 * retransmit, and ssthresh leaves those two segments out of FlightSize. */
static void L11_limited_transmit_on_the_first_two_dupacks(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_plain, 0);
	fill_pattern(out, 14600 + 3 * 1460, 4);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 14600 + 3 * 1460, 0), 14600 + 3 * 1460);
	for (uint32_t k = 0; k < 10; k++)
		EXPECT(p, 100 * MS, .flags = ACK, .seq = 1 + 1460 * k, .ack = 1, .len = 1460);
	EXPECT_NONE(p);
	/* segment 1 is lost: every ACK repeats 1 */
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 14601, .ack = 1, .len = 1460,
	       .data = (const char *)out + 14600);
	EXPECT_NONE(p);
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT(p, 111 * MS, .flags = ACK, .seq = 16061, .ack = 1, .len = 1460);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).cwnd, 14600); /* cwnd itself is unchanged */
	FEED(p, 112 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT(p, 112 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460, .data = (const char *)out);
	EXPECT_NONE(p);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.ssthresh, 14600 / 2);
	assert_int_equal(i.cwnd, 14600 / 2 + 3 * 1460);
	/* everything arrives: recovery ends and the last segment goes */
	FEED(p, 122 * MS, .flags = ACK, .seq = 1, .ack = 17521);
	EXPECT(p, 122 * MS, .flags = PSH | ACK, .seq = 17521, .ack = 1, .len = 1460,
	       .data = (const char *)out + 17520);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 18981, .ack = 1);
	peer_free(p, 0);
}

/* Segments 2 and 5 lost again, now with SACK: RFC 6675 recovery.  The
 * third duplicate starts it (cwnd = ssthresh = FlightSize / 2 = 6570);
 * after that the pipe decides what goes: a hole is resent once it is
 * presumed lost (IsLost: more than 2 SMSS SACKed above it), and the tail
 * gets one rescue retransmission (rule 4) when nothing else may go. */
/* RFC 6675 alone: cwnd = ssthresh for the recovery (PRR, which paces the
 * same recovery, is tested in L11_prr_sends_in_proportion_to_delivery). */
static struct peer *peer_without_prr(void)
{
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.prr = false;
	return peer_new(&cfg, 1000, 5000);
}

static void L11_sack_recovery_rfc6675_pipe(void **state)
{
	(void)state;
	struct peer *p = peer_without_prr();
	int fd = open_conn(p, &syn_sack, 0);
	assert_true(info_of(p, fd).sack_ok);
	send_ten_segments(p, fd);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1461);
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 1, .sack = {{2921, 4381}});
	/* 2 SMSS above 1461: not yet lost */
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 1, .sack = {{2921, 5841}});
	EXPECT_NONE(p);
	FEED(p, 112 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 2,
	     .sack = {{7301, 8761}, {2921, 5841}});
	EXPECT(p, 112 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460,
	       .data = (const char *)out + 1460);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.ssthresh, 6570);
	assert_int_equal(i.cwnd, 6570);
	/* pipe: 1460 resent + 1460 (5841, not lost yet) + 5840 unSACKed
	 * above 8761 = 8760 > cwnd */
	EXPECT_NONE(p);
	/* 2 SMSS SACKed above 5841: still not lost */
	FEED(p, 113 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 2,
	     .sack = {{7301, 10221}, {2921, 5841}});
	EXPECT_NONE(p);
	/* 3 SMSS: lost; pipe 1460 + 0 + 2920 leaves room for it */
	FEED(p, 113 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 2,
	     .sack = {{7301, 11681}, {2921, 5841}});
	EXPECT(p, 113 * MS, .flags = ACK, .seq = 5841, .ack = 1, .len = 1460,
	       .data = (const char *)out + 5840);
	EXPECT_NONE(p);
	/* nothing lost is left, no new data: the rescue retransmission of
	 * the highest unSACKed segment */
	FEED(p, 113 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 2,
	     .sack = {{7301, 13141}, {2921, 5841}});
	EXPECT(p, 113 * MS, .flags = PSH | ACK, .seq = 13141, .ack = 1, .len = 1460,
	       .data = (const char *)out + 13140);
	EXPECT_NONE(p);
	FEED(p, 113 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 2,
	     .sack = {{7301, 14601}, {2921, 5841}});
	EXPECT_NONE(p);
	/* partial ACK: the hole after it was resent already */
	FEED(p, 122 * MS, .flags = ACK, .seq = 1, .ack = 5841, .nsack = 1, .sack = {{7301, 14601}});
	EXPECT_NONE(p);
	FEED(p, 123 * MS, .flags = ACK, .seq = 1, .ack = 14601);
	peer_advance(p, 5 * SEC);
	EXPECT_NONE(p);
	i = info_of(p, fd);
	assert_int_equal(i.fast_retransmits, 1);
	assert_int_equal(i.retransmits, 3);
	assert_int_equal(i.timeouts, 0);
	assert_int_equal(i.unacked, 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* A SACK connection (PRR on or off) with 40 segments written at 100 ms
 * and an initial window of 20: segments 1-20 go out. */
static struct peer *twenty_out(bool prr, int *fd)
{
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.initial_cwnd = 20;
	cfg.prr = prr;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	*fd = open_conn(p, &syn_sack, 0);
	assert_int_equal(send_at(p, 100 * MS, *fd, out, 40 * 1460, 0), 40 * 1460);
	for (uint32_t k = 0; k < 20; k++)
		EXPECT(p, 100 * MS, .flags = ACK, .seq = 1 + 1460 * k, .ack = 1, .len = 1460);
	return p;
}

/* RFC 6937 proportional rate reduction.  Twenty segments out (IW 20), the
 * first lost, the others SACKed one ACK at a time; limited transmit sends
 * segments 21 and 22 on the first two; the third starts recovery
 * (IsLost) with 22 segments in flight and ssthresh 14600 (ten segments:
 * half the flight less what limited transmit sent).  While the pipe is
 * above ssthresh, PRR lets new data go in proportion to what the
 * receiver reports delivered: ceil(delivered * 14600 / 32120) less what
 * went already, one segment on every other ACK; then one per ACK.  RFC
 * 6675 alone (cwnd = ssthresh at once) sends nothing until the pipe has
 * drained below ssthresh, then one per ACK: as much data, in a stall and
 * a rush. */
static void L11_prr_sends_in_proportion_to_delivery(void **state)
{
	(void)state;
	/* the duplicate ACK (1-based) after which each new segment 23..31 goes */
	static const uint32_t with_prr[] = {7, 9, 11, 13, 17, 18, 19, 20, 21};
	static const uint32_t rfc6675[] = {13, 14, 15, 16, 17, 18, 19, 20, 21};
	for (int prr = 1; prr >= 0; prr--) {
		int fd;
		struct peer *p = twenty_out(prr, &fd);
		const uint32_t *when = prr ? with_prr : rfc6675;
		uint32_t next = 0;
		for (uint32_t k = 1; k <= 21; k++) {
			uint64_t t = 110 * MS + k * MS;
			FEED(p, t, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1,
			     .sack = {{1461, 1461 + k * 1460}});
			if (k <= 2) /* limited transmit */
				EXPECT(p, t, .flags = ACK, .seq = 1 + (19 + k) * 1460, .ack = 1, .len = 1460);
			if (k == 3) {
				EXPECT(p, t, .flags = ACK, .seq = 1, .ack = 1, .len = 1460);
				synack_info i = info_of(p, fd);
				assert_int_equal(i.ssthresh, 14600);
				/* PRR: cwnd is the pipe (19 segments) plus what may go (0) */
				assert_int_equal(i.cwnd, prr ? 27740 : 14600);
			}
			if (next < 9 && when[next] == k) {
				EXPECT(p, t, .flags = ACK, .seq = 1 + (22 + next) * 1460, .ack = 1,
				       .len = 1460);
				next++;
			}
			EXPECT_NONE(p);
		}
		assert_int_equal(next, 9);
		synack_abort(p->s, fd);
		p->out_next = p->out_len;
		peer_free(p, 0);
	}
}

/* A full SACK scoreboard forgets its highest range, so the SACKed total
 * can fall: DeliveredData is then negative and must count as nothing,
 * not as four billion bytes that open cwnd to the whole window (found by
 * an independent review: one ACK let 34 segments out). */
static void L11_prr_survives_a_forgotten_sack_range(void **state)
{
	(void)state;
	int fd;
	struct peer *p = twenty_out(true, &fd);
	/* the last two segments SACKed, then one byte of each of segments
	 * 6-12: duplicate ACKs (the third starts recovery, which counts
	 * bytes delivered from then on), eight ranges, the scoreboard's
	 * capacity */
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{26281, 29201}});
	for (uint32_t k = 0; k < 7; k++)
		FEED(p, 111 * MS + k * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1,
		     .sack = {{7301 + k * 1460, 7302 + k * 1460}});
	assert_int_equal(info_of(p, fd).fast_retransmits, 1);
	p->out_next = p->out_len;
	/* a ninth range: the highest, 2920 bytes, is forgotten */
	FEED(p, 120 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{17521, 17522}});
	assert_true(p->out_len - p->out_next <= 1);
	assert_true(info_of(p, fd).cwnd <= 40 * 1460);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* PRR-SSRB: with much lost the pipe falls far below ssthresh, and PRR
 * grows back toward it by at most a segment more than the ACK reports
 * delivered, not in one burst.  Twenty segments out, the first fifteen
 * lost; limited transmit sends 21 and 22 on the SACKs of 16 and 17; the
 * SACK of 18 starts recovery with ssthresh 14600 (half of 22 segments
 * less the two of limited transmit) and a pipe of 7300 (the resent first
 * segment and 19-22).  7300 of room, but 1460 delivered: segment 1 and
 * two more go (RFC 6675 alone would send five more). */
static void L11_prr_ssrb_bounds_the_burst_after_a_heavy_loss(void **state)
{
	(void)state;
	for (int prr = 1; prr >= 0; prr--) {
		int fd;
		struct peer *p = twenty_out(prr, &fd);
		for (uint32_t k = 1; k <= 3; k++)
			FEED(p, 110 * MS + k * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1,
			     .sack = {{1 + 15 * 1460, 1 + (15 + k) * 1460}});
		EXPECT(p, 111 * MS, .flags = ACK, .seq = 1 + 20 * 1460, .ack = 1, .len = 1460);
		EXPECT(p, 112 * MS, .flags = ACK, .seq = 1 + 21 * 1460, .ack = 1, .len = 1460);
		assert_int_equal(info_of(p, fd).ssthresh, 14600);
		uint32_t resent = prr ? 3 : 6;
		for (uint32_t k = 0; k < resent; k++)
			EXPECT(p, 113 * MS, .flags = ACK, .seq = 1 + k * 1460, .ack = 1, .len = 1460);
		EXPECT_NONE(p);
		synack_abort(p->s, fd);
		p->out_next = p->out_len;
		peer_free(p, 0);
	}
}

/* RFC 6675 5: recovery starts once IsLost(HighACK + 1), here on an ACK
 * that also moves SND.UNA (so it is no duplicate): three segments above
 * the hole are SACKed at once. */
static void L11_sack_recovery_starts_when_islost(void **state)
{
	(void)state;
	struct peer *p = peer_without_prr();
	int fd = open_conn(p, &syn_sack, 0);
	send_ten_segments(p, fd);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1461, .nsack = 1, .sack = {{2921, 7301}});
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460,
	       .data = (const char *)out + 1460);
	assert_int_equal(info_of(p, fd).fast_retransmits, 1);
	assert_int_equal(info_of(p, fd).dup_acks_received, 0);
	synack_abort(p->s, fd);
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 14601, .ack = 1);
	peer_free(p, 0);
}

/* A retransmission lost too: once data sent after it is SACKed while it
 * is still missing, it goes again (without waiting for the RTO). */
static void L11_sack_recovery_resends_a_lost_retransmission(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack, 0);
	fill_pattern(out, 14600 + 8 * 1460, 3);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 14600 + 8 * 1460, 0), 14600 + 8 * 1460);
	for (uint32_t k = 0; k < 10; k++)
		EXPECT(p, 100 * MS, .flags = ACK, .seq = 1 + 1460 * k, .ack = 1, .len = 1460);
	/* segment 1 lost; 2..4 SACKed: recovery, cwnd = ssthresh = 14600 / 2
	 * (what limited transmit sent does not count) */
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1461, 2921}});
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 14601, .ack = 1, .len = 1460); /* limited transmit */
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1461, 4381}});
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 16061, .ack = 1, .len = 1460);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1461, 5841}});
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460, .data = (const char *)out);
	EXPECT_NONE(p);
	/* the rest arrives: pipe = 1460 resent + 2920 of limited transmit,
	 * so two new segments (sent after the retransmission) fit */
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1461, 14601}});
	EXPECT(p, 111 * MS, .flags = ACK, .seq = 17521, .ack = 1, .len = 1460);
	EXPECT(p, 111 * MS, .flags = ACK, .seq = 18981, .ack = 1, .len = 1460);
	EXPECT_NONE(p);
	/* segment 17521 (sent after the retransmission of 1) is SACKed, 1 is
	 * still missing: the retransmission was lost */
	FEED(p, 112 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1461, 18981}});
	EXPECT(p, 112 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460, .data = (const char *)out);
	assert_int_equal(peer_stat(p, "tcp_lost_retransmits"), 1);
	assert_int_equal(info_of(p, fd).timeouts, 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* data_retries = 15 (Linux tcp_retries2): RTO 200 ms doubling up to
 * max_rto (120 s, as Linux), then ETIMEDOUT after 924.7 s (Linux's
 * well-known 924.6 s, plus the 100 ms before the first send) and a RST
 * to a peer that may still be there (BSD tcp_drop). */
static void L11_data_retries_exhausted_etimedout_and_rst(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	uint64_t t = 100 * MS;
	EXPECT(p, t, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	synack_settings cfg;
	synack_settings_default(&cfg);
	const uint64_t max_rto = cfg.max_rto_ns;
	assert_int_equal(cfg.data_retries, 15);
	for (uint32_t k = 0; k < 15; k++) {
		uint64_t rto = (200 * MS) << k;
		t += rto < max_rto ? rto : max_rto;
		EXPECT(p, t, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
		assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	}
	t += max_rto;
	EXPECT(p, t, .flags = RST | ACK, .seq = 101, .ack = 1);
	assert_int_equal(t, 924700 * MS);
	EXPECT_NONE(p);
	char path[128];
	assert_string_equal(peer_state_path(p, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED CLOSED");
	assert_int_equal(p->states[p->nstates - 1].time, t);
	assert_true(synack_poll(p->s, fd) & SYNACK_POLLERR);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ETIMEDOUT);
	assert_int_equal(peer_stat(p, "tcp_conn_timeout"), 1);
	assert_int_equal(peer_stat(p, "tcp_retransmits"), 15);
	synack_close(p->s, fd);
	peer_free(p, 0);
}

/* ================================================================ L12 */

/* A 10000-byte receive buffer (no scaling needed); the peer fills it with
 * 1000-byte segments while the application reads nothing. */
static struct peer *small_window_conn(int *fd)
{
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.recv_buffer = 10000;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .mss = 1460, .sackok = true, .wscale = WS(7));
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = 10000, .wscale = WS(0));
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	*fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(*fd >= 0);
	for (uint32_t k = 0; k < 10; k++) {
		FEED(p, (20 + k) * MS, .flags = PSH | ACK, .seq = 1 + 1000 * k, .ack = 1, .len = 1000);
		if (k % 2 == 1) /* every second segment, the window shrinking */
			EXPECT(p, (20 + k) * MS, .flags = ACK, .seq = 1, .ack = 1001 + 1000 * k,
			       .win = k == 9 ? WIN_ZERO : (int32_t)(10000 - 1000 * (k + 1)));
	}
	EXPECT_NONE(p);
	return p;
}

static void L12_receive_window_shrinks_zero_then_window_update(void **state)
{
	(void)state;
	int fd;
	struct peer *p = small_window_conn(&fd);
	/* a probe of the closed window: the byte is not taken, the ACK says
	 * the window is still zero */
	FEED(p, 300 * MS, .flags = ACK, .seq = 10001, .ack = 1, .len = 1);
	EXPECT(p, 300 * MS, .flags = ACK, .seq = 1, .ack = 10001, .win = WIN_ZERO);
	assert_int_equal(peer_stat(p, "tcp_window_probes_answered"), 1);
	assert_int_equal(info_of(p, fd).unread, 10000);
	/* reading 1000 bytes frees less than a segment: no update yet
	 * (receiver SWS avoidance, RFC 9293 3.8.6.2.2) */
	assert_int_equal(recv_at(p, 400 * MS, fd, in, 1000), 1000);
	EXPECT_NONE(p);
	/* 2000 free >= min(buffer / 2, MSS): the window update goes at once */
	assert_int_equal(recv_at(p, 500 * MS, fd, in + 1000, 1000), 1000);
	EXPECT(p, 500 * MS, .flags = ACK, .seq = 1, .ack = 10001, .win = 2000);
	FEED(p, 510 * MS, .flags = ACK, .seq = 10001, .ack = 1, .len = 1000);
	FEED(p, 510 * MS, .flags = PSH | ACK, .seq = 11001, .ack = 1, .len = 1000);
	EXPECT(p, 510 * MS, .flags = ACK, .seq = 1, .ack = 12001, .win = WIN_ZERO);
	assert_int_equal(recv_at(p, 600 * MS, fd, in + 2000, sizeof in), 10000);
	EXPECT(p, 600 * MS, .flags = ACK, .seq = 1, .ack = 12001, .win = 10000);
	check_peer_bytes(in, 12000, 1);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* RFC 9293 3.8.6.2.2: the receiver keeps RCV.NXT + RCV.WND fixed until
 * the window can grow by min(buffer / 2, MSS); a zero window stays zero
 * while less than that is free (Linux __tcp_select_window returns 0 when
 * free space < MSS).  Here 1000 bytes are free, less than 1460; an
 * out-of-window segment makes the stack say what its window is. */
static void L12_receiver_sws_zero_window_not_reopened_by_less_than_mss(void **state)
{
	(void)state;
	int fd;
	struct peer *p = small_window_conn(&fd);
	assert_int_equal(recv_at(p, 400 * MS, fd, in, 1000), 1000);
	EXPECT_NONE(p);
	FEED(p, 500 * MS, .flags = ACK, .seq = 20001, .ack = 1);
	EXPECT(p, 500 * MS, .flags = ACK, .seq = 1, .ack = 10001, .win = WIN_ZERO);
	/* 2000 free: now it opens */
	assert_int_equal(recv_at(p, 600 * MS, fd, in, 1000), 1000);
	EXPECT(p, 600 * MS, .flags = ACK, .seq = 1, .ack = 10001, .win = 2000);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

static void L12_window_scaling_applied_both_ways(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .mss = 1460, .sackok = true, .wscale = WS(2));
	/* RFC 7323 2.2: a SYN's window is never scaled; shift 3 lets the
	 * 256 KiB buffer be offered (options in Linux's layout) */
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = 65535, .wscale = WS(3),
	       .opts = "mss,nop,nop,sackOK,nop,wscale");
	/* the peer's window field 730 << 2 = 2920: two segments */
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = 730);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.snd_wnd, 2920);
	assert_int_equal(i.snd_wscale, 2);
	assert_int_equal(i.rcv_wscale, 3);
	fill_pattern(out, 10000, 5);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 10000, 0), 10000);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460, .win = 32768);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460, .win = 32768);
	EXPECT_NONE(p);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 2921, .win = 730);
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 2921, .ack = 1, .len = 1460);
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 4381, .ack = 1, .len = 1460);
	EXPECT_NONE(p);
	/* 2000 << 2 = 8000 bytes: the rest (4160) goes */
	FEED(p, 120 * MS, .flags = ACK, .seq = 1, .ack = 5841, .win = 2000);
	EXPECT(p, 120 * MS, .flags = ACK, .seq = 5841, .ack = 1, .len = 1460);
	EXPECT(p, 120 * MS, .flags = ACK, .seq = 7301, .ack = 1, .len = 1460);
	EXPECT(p, 120 * MS, .flags = PSH | ACK, .seq = 8761, .ack = 1, .len = 1240,
	       .data = (const char *)out + 8760);
	EXPECT_NONE(p);
	FEED(p, 130 * MS, .flags = ACK, .seq = 1, .ack = 10001, .win = 2000);
	/* our window is scaled too: 1000 unread bytes leave 261144 bytes,
	 * field 261144 >> 3 = 32643 (rounded down: never offer more than
	 * the buffer holds) */
	FEED(p, 200 * MS, .flags = PSH | ACK, .seq = 1, .ack = 10001, .len = 1000, .win = 2000);
	EXPECT(p, 240 * MS, .flags = ACK, .seq = 10001, .ack = 1001, .win = 32643);
	assert_int_equal(info_of(p, fd).rcv_wnd, 261144);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* The peer's window is zero from the handshake on.  Persist probes
 * (RFC 9293 3.8.6.1) carry one new byte beyond the window (BSD's probe;
 * Linux sends an old sequence number instead), on the RTO timer backing
 * off like it (Linux; BSD clamps persist to 5-60 s). */
/* RFC 9293 3.8.6.2.1 and RFC 1122 4.2.2.17: data waits behind a window
 * below what the sender's SWS avoidance lets go (here 512 bytes, a
 * fraction of the 8 MB once offered) with nothing in flight, so no ACK
 * will come to move it: a timer must run, and when it expires what fits
 * goes (the override timeout).  The window update that would reopen the
 * window is lost (never fed): the data still goes one RTO after it was
 * written, and the ACK of it reopens the window.  Before, nothing was
 * sent and no timer was armed: the transfer, and a FIN after it, waited
 * forever (issue 12, issue 17 item 3).  Every personality. */
static void L12_window_below_sws_threshold_sent_after_override_timeout(void **state)
{
	(void)state;
	for (int k = SYNACK_PERSONALITY_RFC; k <= SYNACK_PERSONALITY_FREEBSD; k++) {
		synack_settings cfg;
		synack_settings_personality(&cfg, (synack_personality)k);
		cfg.send_buffer = 65536;
		struct peer *p = peer_new(&cfg, 1000, 5000);
		int fd = open_conn(p, &syn_sack_ws, 0);
		fill_pattern(out, 4000, 5);
		assert_int_equal(send_at(p, 100 * MS, fd, out, 1000, 0), 1000);
		EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1000);
		EXPECT_NONE(p);
		/* the receiver takes it and shrinks its window to 4 << 7 */
		FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1001, .win = 4);
		assert_int_equal(send_at(p, 120 * MS, fd, out + 1000, 3000, 0), 3000);
		EXPECT_NONE(p); /* 512 bytes now would be silly window syndrome */
		uint64_t rto = info_of(p, fd).rto_ns;
		assert_true(rto >= cfg.min_rto_ns && rto <= SEC);
		assert_int_equal(peer_stat(p, "timers_live") >= 1, true);
		peer_advance(p, 120 * MS + rto - 1);
		EXPECT_NONE(p);
		/* the override timeout: what the window holds goes */
		EXPECT(p, 120 * MS + rto, .flags = ACK, .seq = 1001, .ack = 1, .len = 512,
		       .data = (const char *)out + 1000);
		EXPECT_NONE(p);
		/* its ACK opens the window: the rest follows at once */
		uint64_t t = 120 * MS + rto + 10 * MS;
		FEED(p, t, .flags = ACK, .seq = 1, .ack = 1513);
		EXPECT(p, t, .flags = ACK, .seq = 1513, .ack = 1, .len = 1460);
		EXPECT(p, t, .flags = PSH | ACK, .seq = 2973, .ack = 1, .len = 1028);
		EXPECT_NONE(p);
		FEED(p, t + 10 * MS, .flags = ACK, .seq = 1, .ack = 4001);
		synack_abort(p->s, fd);
		peer_free(p, 0);
	}
}

static void L12_zero_window_persist_probes_backoff(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, WIN_ZERO);
	assert_int_equal(info_of(p, fd).snd_wnd, 0);
	fill_pattern(out, 100, 9);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	EXPECT_NONE(p);
	const uint64_t at[] = {300 * MS, 700 * MS, 1500 * MS, 3100 * MS};
	for (int k = 0; k < 4; k++) {
		EXPECT(p, at[k], .flags = ACK, .seq = 1, .ack = 1, .len = 1,
		       .data = (const char *)out);
		EXPECT_NONE(p); /* one byte, one segment */
		/* the receiver still has no room: it drops the byte, ACKs */
		FEED(p, at[k] + 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
		EXPECT_NONE(p);
	}
	assert_int_equal(peer_stat(p, "tcp_persist_probes"), 4);
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED); /* probes answered: no give-up */
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* When the window opens, sending resumes at SND.UNA: the probe byte was
 * refused (the ACK said so), so it goes again with the rest.  BSD: with
 * the window zero, tcp_output pulls snd_nxt back to snd_una. */
static void L12_window_reopens_data_resumes_at_snd_una(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, WIN_ZERO);
	fill_pattern(out, 100, 9);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 300 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1);
	FEED(p, 310 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
	/* the window update */
	FEED(p, 400 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT(p, 400 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100,
	       .data = (const char *)out);
	EXPECT_NONE(p);
	FEED(p, 410 * MS, .flags = ACK, .seq = 1, .ack = 101);
	peer_advance(p, 5 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).unacked, 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* A single byte waiting behind a zero window: the probe carries it; the
 * peer refuses it; when the window opens the byte must still go (nothing
 * else would ever send it). */
static void L12_window_reopens_single_probe_byte_resent(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, WIN_ZERO);
	assert_int_equal(send_at(p, 100 * MS, fd, "x", 1, 0), 1);
	EXPECT(p, 300 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1, .data = "x");
	FEED(p, 310 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
	FEED(p, 400 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT(p, 400 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1, .data = "x");
	FEED(p, 410 * MS, .flags = ACK, .seq = 1, .ack = 2);
	assert_int_equal(info_of(p, fd).unacked, 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* The ACKs answering zero-window probes are not duplicate ACKs: the
 * receiver has no room, nothing was lost.  BSD counts duplicates only
 * while the retransmission timer runs (not in persist); Linux probes
 * with no data outstanding.  Three probes must not set off a fast
 * retransmission (nor halve ssthresh). */
static void L12_zero_window_probe_acks_are_not_duplicate_acks(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, WIN_ZERO);
	assert_int_equal(send_at(p, 100 * MS, fd, "x", 1, 0), 1);
	const uint64_t at[] = {300 * MS, 700 * MS, 1500 * MS, 3100 * MS};
	for (int k = 0; k < 4; k++) {
		EXPECT(p, at[k], .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1, .data = "x");
		FEED(p, at[k] + 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
		EXPECT_NONE(p);
	}
	synack_info i = info_of(p, fd);
	assert_int_equal(i.fast_retransmits, 0);
	assert_int_equal(peer_stat(p, "tcp_fast_retransmits"), 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* After the window opens, the persist backoff is over: data sent then is
 * timed with the plain RTO (Linux tcp_ack_probe clears icsk_backoff; BSD
 * clears t_rxtshift when the persist timer gives way to REXMT). */
static void L12_persist_backoff_cleared_when_window_opens(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, WIN_ZERO);
	assert_int_equal(send_at(p, 100 * MS, fd, "x", 1, 0), 1);
	EXPECT(p, 300 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1);
	FEED(p, 310 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
	EXPECT(p, 700 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1);
	/* this probe byte was taken, and the window opened */
	FEED(p, 710 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).rto_ns, 200 * MS);
	assert_int_equal(send_at(p, 2000 * MS, fd, "yz", 2, 0), 2);
	EXPECT(p, 2000 * MS, .flags = PSH | ACK, .seq = 2, .ack = 1, .len = 2);
	EXPECT(p, 2200 * MS, .flags = PSH | ACK, .seq = 2, .ack = 1, .len = 2);
	FEED(p, 2210 * MS, .flags = ACK, .seq = 1, .ack = 4);
	peer_advance(p, 5 * SEC);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* Delayed ACKs (RFC 9293 3.8.6.3, RFC 5681 4.2): every second full-sized
 * segment at once, otherwise after delayed_ack_ns; an ACK rides on data
 * the application sends before the timer.  The segments are full-sized,
 * so RFC 5681's rule and the stack's "every second segment" agree. */
static void L12_delayed_ack_every_second_segment_or_40ms(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1460);
	peer_advance(p, 59 * MS);
	EXPECT_NONE(p);
	EXPECT(p, 60 * MS, .flags = ACK, .seq = 1, .ack = 1461);
	FEED(p, 100 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460);
	EXPECT_NONE(p);
	FEED(p, 101 * MS, .flags = PSH | ACK, .seq = 2921, .ack = 1, .len = 1460);
	EXPECT(p, 101 * MS, .flags = ACK, .seq = 1, .ack = 4381);
	FEED(p, 200 * MS, .flags = ACK, .seq = 4381, .ack = 1, .len = 1460);
	FEED(p, 200 * MS, .flags = ACK, .seq = 5841, .ack = 1, .len = 1460);
	FEED(p, 200 * MS, .flags = PSH | ACK, .seq = 7301, .ack = 1, .len = 1460);
	EXPECT(p, 200 * MS, .flags = ACK, .seq = 1, .ack = 7301);
	EXPECT_NONE(p);
	EXPECT(p, 240 * MS, .flags = ACK, .seq = 1, .ack = 8761);
	/* a request, answered within the delay: the ACK rides on the reply */
	FEED(p, 300 * MS, .flags = PSH | ACK, .seq = 8761, .ack = 1, .len = 100);
	assert_int_equal(send_at(p, 310 * MS, fd, "reply", 5, 0), 5);
	EXPECT(p, 310 * MS, .flags = PSH | ACK, .seq = 1, .ack = 8861, .len = 5);
	peer_advance(p, 400 * MS);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_delayed_acks"), 2);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

static void L12_delayed_ack_disabled_in_settings(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.delayed_ack = false;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 101);
	FEED(p, 30 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	EXPECT(p, 30 * MS, .flags = ACK, .seq = 1, .ack = 201);
	peer_advance(p, SEC);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_delayed_acks"), 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* SYNACK_OPT_QUICKACK = 1 ACKs every segment at once, and sends a
 * pending delayed ACK when set.  Unlike Linux's TCP_QUICKACK it stays
 * set until cleared (synack.h). */
static void L12_quickack_option(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT_NONE(p);
	peer_advance(p, 30 * MS);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_QUICKACK, 1), SYNACK_OK);
	EXPECT(p, 30 * MS, .flags = ACK, .seq = 1, .ack = 101);
	FEED(p, 40 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	EXPECT(p, 40 * MS, .flags = ACK, .seq = 1, .ack = 201);
	FEED(p, 50 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100);
	EXPECT(p, 50 * MS, .flags = ACK, .seq = 1, .ack = 301);
	int64_t v = -1;
	assert_int_equal(synack_getsockopt(p->s, fd, SYNACK_OPT_QUICKACK, &v), SYNACK_OK);
	assert_int_equal(v, 1);
	/* cleared: delayed again */
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_QUICKACK, 0), SYNACK_OK);
	FEED(p, 100 * MS, .flags = PSH | ACK, .seq = 301, .ack = 1, .len = 100);
	EXPECT_NONE(p);
	EXPECT(p, 140 * MS, .flags = ACK, .seq = 1, .ack = 401);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* Nagle in Minshall's form (Linux tcp_minshall_check): a short segment
 * waits only while an earlier short segment is unacknowledged. */
static void L12_nagle_minshall(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	fill_pattern(out, 4000, 11);
	/* 3000 bytes: two full segments and the 80-byte tail, all at once
	 * (RFC 896 as written would hold the tail behind unacked data) */
	assert_int_equal(send_at(p, 100 * MS, fd, out, 3000, 0), 3000);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 2921, .ack = 1, .len = 80);
	/* a small write while the 80-byte segment is out: held */
	assert_int_equal(send_at(p, 101 * MS, fd, out + 3000, 100, 0), 100);
	EXPECT_NONE(p);
	/* the full segments are acknowledged, the short one not yet: held */
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 2921);
	EXPECT_NONE(p);
	FEED(p, 111 * MS, .flags = ACK, .seq = 1, .ack = 3001);
	EXPECT(p, 111 * MS, .flags = PSH | ACK, .seq = 3001, .ack = 1, .len = 100,
	       .data = (const char *)out + 3000);
	/* two writes behind that one coalesce into a single segment */
	assert_int_equal(send_at(p, 112 * MS, fd, out + 3100, 50, 0), 50);
	assert_int_equal(send_at(p, 113 * MS, fd, out + 3150, 50, 0), 50);
	EXPECT_NONE(p);
	FEED(p, 121 * MS, .flags = ACK, .seq = 1, .ack = 3101);
	EXPECT(p, 121 * MS, .flags = PSH | ACK, .seq = 3101, .ack = 1, .len = 100,
	       .data = (const char *)out + 3100);
	FEED(p, 131 * MS, .flags = ACK, .seq = 1, .ack = 3201);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

static void L12_nodelay_sends_small_segments_at_once(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_NODELAY, 1), SYNACK_OK);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	assert_int_equal(send_at(p, 101 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 101 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	/* Nagle back on: the next small write waits ... */
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_NODELAY, 0), SYNACK_OK);
	assert_int_equal(send_at(p, 102 * MS, fd, out, 100, 0), 100);
	EXPECT_NONE(p);
	/* ... until NODELAY is set again, which pushes it out (as Linux) */
	peer_advance(p, 103 * MS);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_NODELAY, 1), SYNACK_OK);
	EXPECT(p, 103 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 301);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* CORK holds partial segments (full ones still go) until uncorked;
 * MSG_MORE holds a write's tail until a write without it. */
static void L12_cork_and_msg_more(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	fill_pattern(out, 2000, 13);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_CORK, 1), SYNACK_OK);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	assert_int_equal(send_at(p, 101 * MS, fd, out + 100, 100, 0), 100);
	EXPECT_NONE(p);
	assert_int_equal(send_at(p, 102 * MS, fd, out + 200, 1400, 0), 1400);
	EXPECT(p, 102 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460,
	       .data = (const char *)out);
	EXPECT_NONE(p);
	peer_advance(p, 103 * MS);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_CORK, 0), SYNACK_OK);
	EXPECT(p, 103 * MS, .flags = PSH | ACK, .seq = 1461, .ack = 1, .len = 140,
	       .data = (const char *)out + 1460);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1601);

	assert_int_equal(send_at(p, 200 * MS, fd, out, 100, SYNACK_MSG_MORE), 100);
	assert_int_equal(send_at(p, 201 * MS, fd, out + 100, 100, SYNACK_MSG_MORE), 100);
	EXPECT_NONE(p);
	assert_int_equal(send_at(p, 202 * MS, fd, out + 200, 100, 0), 100);
	EXPECT(p, 202 * MS, .flags = PSH | ACK, .seq = 1601, .ack = 1, .len = 300,
	       .data = (const char *)out);
	FEED(p, 210 * MS, .flags = ACK, .seq = 1, .ack = 1901);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* ================================================================ L13 */

/* RFC 9293 3.10.7.4 first, with a 4096-byte window. */
static void L13_sequence_acceptability_open_window(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.recv_buffer = 4096;
	cfg.oow_ack_limit = 0; /* every row answered: the rate limit has tests of its own */
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_conn(p, &syn_plain, 0);
	assert_int_equal(info_of(p, fd).rcv_wnd, 4096);
	/* SEG.LEN = 0, RCV.WND > 0: RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND */
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	FEED(p, 21 * MS, .flags = ACK, .seq = 4096, .ack = 1);
	EXPECT_NONE(p);
	FEED(p, 22 * MS, .flags = ACK, .seq = 4097, .ack = 1);
	EXPECT(p, 22 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = 4096);
	FEED(p, 23 * MS, .flags = ACK, .seq = 0, .ack = 1);
	EXPECT(p, 23 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = 4096);
	/* SEG.LEN > 0, RCV.WND > 0: the first or the last byte in window */
	FEED(p, 30 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 70 * MS, .flags = ACK, .seq = 1, .ack = 101, .win = 3996);
	FEED(p, 100 * MS, .flags = PSH | ACK, .seq = 51, .ack = 1, .len = 100); /* last in */
	EXPECT(p, 140 * MS, .flags = ACK, .seq = 1, .ack = 151, .win = 3946);
	/* first byte at RCV.NXT + RCV.WND: out, answered with an ACK */
	FEED(p, 200 * MS, .flags = PSH | ACK, .seq = 4097, .ack = 1, .len = 100);
	EXPECT(p, 200 * MS, .flags = ACK, .seq = 1, .ack = 151, .win = 3946);
	/* wholly old: out */
	FEED(p, 201 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 150);
	EXPECT(p, 201 * MS, .flags = ACK, .seq = 1, .ack = 151, .win = 3946);
	/* first byte in, last beyond: acceptable, trimmed to the window and
	 * held out of order (97 bytes: 4000..4096) */
	FEED(p, 202 * MS, .flags = PSH | ACK, .seq = 4000, .ack = 1, .len = 200);
	EXPECT(p, 202 * MS, .flags = ACK, .seq = 1, .ack = 151);
	assert_int_equal(info_of(p, fd).ooo_segments, 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_out_of_window"), 2);
	assert_int_equal(synack_recv(p->s, fd, in, sizeof in, 0), 150);
	check_peer_bytes(in, 150, 1);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* The zero-window rows of the table.  The stack has 10 bytes of its own
 * in flight, so what an ACK does is visible. */
static void L13_sequence_acceptability_zero_window(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.recv_buffer = 4096;
	cfg.oow_ack_limit = 0; /* every row answered: the rate limit has tests of its own */
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_conn(p, &syn_plain, 0);
	assert_int_equal(send_at(p, 15 * MS, fd, "0123456789", 10, 0), 10);
	EXPECT(p, 15 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1461, .ack = 1, .len = 1460);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 11, .ack = 2921, .win = 1176);
	FEED(p, 21 * MS, .flags = PSH | ACK, .seq = 2921, .ack = 1, .len = 1176);
	EXPECT(p, 61 * MS, .flags = ACK, .seq = 11, .ack = 4097, .win = WIN_ZERO);
	/* SEG.LEN = 0, RCV.WND = 0: acceptable only at RCV.NXT */
	FEED(p, 100 * MS, .flags = ACK, .seq = 4097, .ack = 1);
	EXPECT_NONE(p);
	FEED(p, 101 * MS, .flags = ACK, .seq = 4098, .ack = 1);
	EXPECT(p, 101 * MS, .flags = ACK, .seq = 11, .ack = 4097, .win = WIN_ZERO);
	FEED(p, 102 * MS, .flags = ACK, .seq = 4096, .ack = 1);
	EXPECT(p, 102 * MS, .flags = ACK, .seq = 11, .ack = 4097, .win = WIN_ZERO);
	/* SEG.LEN > 0, RCV.WND = 0: not acceptable, but its ACK is taken
	 * (RFC 9293: "special allowance should be made to accept valid
	 * ACKs"); the text is not, and the reply says the window is zero */
	assert_int_equal(info_of(p, fd).unacked, 10);
	FEED(p, 103 * MS, .flags = ACK, .seq = 4097, .ack = 11, .len = 1);
	EXPECT(p, 103 * MS, .flags = ACK, .seq = 11, .ack = 4097, .win = WIN_ZERO);
	assert_int_equal(info_of(p, fd).unacked, 0);
	assert_int_equal(info_of(p, fd).unread, 4096);
	/* beyond RCV.NXT with a zero window: not acceptable, ACKed */
	FEED(p, 104 * MS, .flags = ACK, .seq = 4200, .ack = 11, .len = 100);
	EXPECT(p, 104 * MS, .flags = ACK, .seq = 11, .ack = 4097, .win = WIN_ZERO);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).ooo_segments, 0);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* RFC 9293 3.10.7.4 fifth: SEG.ACK > SND.NXT acknowledges something not
 * yet sent: send an ACK, drop the segment (its text too). */
static void L13_ack_of_unsent_data_acked_and_dropped(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_sack_ws, 0);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 100, 0), 100);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	FEED(p, 110 * MS, .flags = PSH | ACK, .seq = 1, .ack = 201, .len = 50);
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 101, .ack = 1);
	EXPECT_NONE(p);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.unread, 0);
	assert_int_equal(i.unacked, 100);
	assert_int_equal(peer_stat(p, "tcp_ack_unsent"), 1);
	/* the same text with a sane ACK is taken */
	FEED(p, 120 * MS, .flags = PSH | ACK, .seq = 1, .ack = 101, .len = 50);
	i = info_of(p, fd);
	assert_int_equal(i.unread, 50);
	assert_int_equal(i.unacked, 0);
	EXPECT(p, 160 * MS, .flags = ACK, .seq = 101, .ack = 51);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* RFC 5961 5.2: an ACK is acceptable only within SND.UNA - MAX.SND.WND
 * =< SEG.ACK =< SND.NXT; older ones get a challenge ACK and the segment
 * is dropped.  The peer's window is 1000 bytes (no scaling). */
static void L13_old_ack_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &syn_plain, 1000);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 3000, 0), 3000);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1001, .win = 1000);
	EXPECT(p, 110 * MS, .flags = ACK, .seq = 1001, .ack = 1, .len = 1000);
	FEED(p, 120 * MS, .flags = ACK, .seq = 1, .ack = 2001, .win = 1000);
	EXPECT(p, 120 * MS, .flags = PSH | ACK, .seq = 2001, .ack = 1, .len = 1000);
	FEED(p, 130 * MS, .flags = ACK, .seq = 1, .ack = 3001, .win = 1000);
	EXPECT_NONE(p);
	/* SND.UNA = 3001, MAX.SND.WND = 1000: ack 2000 is too old */
	FEED(p, 200 * MS, .flags = PSH | ACK, .seq = 1, .ack = 2000, .len = 10, .win = 1000);
	EXPECT(p, 200 * MS, .flags = ACK, .seq = 3001, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(info_of(p, fd).unread, 0);
	assert_int_equal(peer_stat(p, "tcp_ack_old"), 1);
	assert_int_equal(peer_stat(p, "tcp_challenge_ack"), 1);
	/* ack 2001 is old but acceptable: ignored, the text is taken */
	FEED(p, 210 * MS, .flags = PSH | ACK, .seq = 1, .ack = 2001, .len = 10, .win = 1000);
	assert_int_equal(info_of(p, fd).unread, 10);
	EXPECT(p, 250 * MS, .flags = ACK, .seq = 3001, .ack = 11);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* Timestamps on.  The peer's TSval is 1000 + its clock in ms; ours is
 * the offset read off the SYN,ACK plus ours. */
static void L13_paws_and_ts_recent_update(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p, &(struct tseg){.mss = 1460, .sackok = true, .wscale = WS(7), .ts = true,
					   .tsval = 1000},
			   0);
	assert_true(info_of(p, fd).ts_ok);
	const uint32_t off = ts0;
	/* RFC 7323 4.3: TS.Recent is taken from the segment that covers
	 * Last.ACK.sent (SEG.SEQ =< Last.ACK.sent); with delayed ACKs the
	 * ACK echoes the earlier of the two segments it acknowledges (two
	 * small segments: the delayed-ACK timer sends it, 40 ms on) */
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 100, .ts = true, .tsval = 1020);
	FEED(p, 21 * MS, .flags = ACK, .seq = 101, .ack = 1, .len = 100, .ts = true, .tsval = 1021);
	EXPECT(p, 60 * MS, .flags = ACK, .seq = 1, .ack = 201, .opts = "nop,nop,TS", .ts = true,
	       .tsval = off + 60, .tsecr = 1020);
	FEED(p, 100 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100, .ts = true,
	     .tsval = 1100);
	EXPECT(p, 140 * MS, .flags = ACK, .seq = 1, .ack = 301, .ts = true, .tsval = off + 140,
	       .tsecr = 1100);
	assert_int_equal(peer_stat(p, "tcp_ts_recent_updates"), 3); /* handshake ACK, 1020, 1100 */
	/* PAWS (RFC 7323 5.3 R1): an older TSval (a wrapped-around old
	 * duplicate, say) is dropped and answered with an ACK, even though its
	 * sequence numbers are fine */
	FEED(p, 200 * MS, .flags = PSH | ACK, .seq = 301, .ack = 1, .len = 100, .ts = true,
	     .tsval = 1050);
	EXPECT(p, 200 * MS, .flags = ACK, .seq = 1, .ack = 301, .ts = true, .tsval = off + 200,
	       .tsecr = 1100);
	assert_int_equal(info_of(p, fd).unread, 300);
	assert_int_equal(peer_stat(p, "tcp_paws_rejected"), 1);
	/* the same bytes with a current TSval are taken */
	FEED(p, 210 * MS, .flags = PSH | ACK, .seq = 301, .ack = 1, .len = 100, .ts = true,
	     .tsval = 1210);
	EXPECT(p, 250 * MS, .flags = ACK, .seq = 1, .ack = 401, .ts = true, .tsval = off + 250,
	       .tsecr = 1210);
	/* an equal TSval is not "older" (SEG.TSval < TS.Recent fails) */
	FEED(p, 260 * MS, .flags = PSH | ACK, .seq = 401, .ack = 1, .len = 100, .ts = true,
	     .tsval = 1210);
	EXPECT(p, 300 * MS, .flags = ACK, .seq = 1, .ack = 501, .ts = true, .tsval = off + 300,
	       .tsecr = 1210);
	assert_int_equal(synack_recv(p->s, fd, in, sizeof in, 0), 500);
	check_peer_bytes(in, 500, 1);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

/* ====================================================== wraparound */

/* Both ISNs just below 2^32: data in both directions crosses zero, with
 * reordering, SACK and a retransmission on the way, then a close. */
static void L11_L13_sequence_wraparound_single_stack(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 0xFFFFFF00u, 0xFFFFFFF0u);
	int fd = open_conn(p, &syn_sack_ws, 0);
	/* the peer's bytes 1..100 straddle 2^32 (relative 16 is seq 0) */
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 60 * MS, .flags = ACK, .seq = 1, .ack = 101);
	/* a hole: held data and SACK edges on the far side of the wrap */
	FEED(p, 70 * MS, .flags = PSH | ACK, .seq = 201, .ack = 1, .len = 100);
	EXPECT(p, 70 * MS, .flags = ACK, .seq = 1, .ack = 101, .nsack = 1, .sack = {{201, 301}});
	FEED(p, 80 * MS, .flags = PSH | ACK, .seq = 101, .ack = 1, .len = 100);
	EXPECT(p, 80 * MS, .flags = ACK, .seq = 1, .ack = 301, .opts = "");
	assert_int_equal(synack_recv(p->s, fd, in, sizeof in, 0), 300);
	check_peer_bytes(in, 300, 1);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.rcv_nxt, (uint32_t)(0xFFFFFFF0u + 301));
	/* ours: 4000 bytes from relative 1; relative 256 is seq 0 */
	fill_pattern(out, 4000, 17);
	assert_int_equal(send_at(p, 100 * MS, fd, out, 4000, 0), 4000);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 301, .len = 1460);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1461, .ack = 301, .len = 1460);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 2921, .ack = 301, .len = 1080);
	/* the second segment is lost; SACK of the third */
	FEED(p, 110 * MS, .flags = ACK, .seq = 301, .ack = 1461);
	FEED(p, 110 * MS, .flags = ACK, .seq = 301, .ack = 1461, .nsack = 1, .sack = {{2921, 4001}});
	EXPECT_NONE(p);
	/* the RTO (200 ms from the last ACK) resends the hole */
	EXPECT(p, 310 * MS, .flags = ACK, .seq = 1461, .ack = 301, .len = 1460,
	       .data = (const char *)out + 1460);
	FEED(p, 320 * MS, .flags = ACK, .seq = 301, .ack = 4001);
	EXPECT_NONE(p);
	i = info_of(p, fd);
	assert_int_equal(i.snd_una, (uint32_t)(0xFFFFFF00u + 4001));
	assert_int_equal(i.unacked, 0);
	/* and the close, FIN numbers past the wrap */
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 320 * MS, .flags = FIN | ACK, .seq = 4001, .ack = 301);
	FEED(p, 330 * MS, .flags = FIN | ACK, .seq = 301, .ack = 4002);
	EXPECT(p, 330 * MS, .flags = ACK, .seq = 4002, .ack = 302);
	assert_int_equal(peer_state(p, 0), SYNACK_TIME_WAIT);
	peer_free(p, 61 * SEC);
}

struct bulk {
	int fd[2];
	uint32_t sent[2], rcvd[2];
	bool shut[2], eof[2];
};

#define BULK_BYTES 600000u

static void L11_bulk_transfer_across_wraparound_with_loss(void **state)
{
	(void)state;
	static uint8_t src[2][BULK_BYTES], dst[2][BULK_BYTES];
	const synack_sim_impair imp = {.delay_ns = 10 * MS, .loss = 0.02};
	struct net *n = net_new(NULL, NULL, &imp, &imp, 7);
	n->isn[C] = 0xFFFFFFFFu - 1000;
	n->isn[S] = 0xFFFF0000u;
	for (int k = 0; k < 2; k++)
		fill_pattern(src[k], BULK_BYTES, (uint32_t)(k * 101 + 5));
	net_listen(n, 8);
	struct bulk b = {.fd = {net_connect(n), -1}};
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, 30 * SEC));
	b.fd[S] = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(b.fd[S] >= 0);
	uint64_t deadline = 600 * SEC;
	while (net_now(n) < deadline && !(b.eof[C] && b.eof[S])) {
		for (int k = 0; k < 2; k++) {
			synack_stack *s = n->st[k];
			if (b.sent[k] < BULK_BYTES) {
				long r = synack_send(s, b.fd[k], src[k] + b.sent[k], BULK_BYTES - b.sent[k], 0);
				if (r > 0)
					b.sent[k] += (uint32_t)r;
				else
					assert_int_equal(r, SYNACK_EAGAIN);
			} else if (!b.shut[k]) {
				assert_int_equal(synack_shutdown(s, b.fd[k], SYNACK_SHUT_WR), SYNACK_OK);
				b.shut[k] = true;
			}
			for (;;) {
				long r = synack_recv(s, b.fd[k], dst[k] + b.rcvd[k], BULK_BYTES - b.rcvd[k], 0);
				if (r > 0) {
					b.rcvd[k] += (uint32_t)r;
					continue;
				}
				if (r == 0 && b.rcvd[k] == BULK_BYTES)
					b.eof[k] = true;
				else
					assert_int_equal(r, SYNACK_EAGAIN);
				break;
			}
		}
		net_run_until(n, net_now(n) + 1 * MS);
	}
	assert_true(b.eof[C] && b.eof[S]);
	/* the last ACKs (lost ones repaired) reach the senders */
	net_run_until(n, net_now(n) + 10 * SEC);
	assert_memory_equal(dst[C], src[S], BULK_BYTES);
	assert_memory_equal(dst[S], src[C], BULK_BYTES);
	/* relative numbers as ever: the handshake is 0, 0/1, 1/1 */
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .seq = 0, .fate = n->segs[0].fate);
	assert_int_equal(n->segs[0].seq, 0xFFFFFFFFu - 1000);
	for (int k = 0; k < 2; k++) {
		synack_info i;
		assert_int_equal(synack_get_info(n->st[k], b.fd[k], &i), SYNACK_OK);
		/* every byte and the FIN acknowledged, the counters wrapped */
		assert_int_equal(i.snd_una, (uint32_t)(n->isn[k] + BULK_BYTES + 2));
		assert_int_equal(i.rcv_nxt, (uint32_t)(n->isn[1 - k] + BULK_BYTES + 2));
		assert_true(i.snd_una < n->isn[k]);
		assert_true(i.retransmits > 0);
	}
	synack_close(n->st[C], b.fd[C]);
	synack_close(n->st[S], b.fd[S]);
	net_free(n, 200 * SEC);
}


/* Regression: congestion control counted in MSS (1460) while segments
 * with timestamps carry 1448 bytes, so after an RTO the one-segment
 * window let a second, 12-byte segment out.  RFC 5681 counts SMSS: the
 * data a segment carries, options excluded. */
static void L11_rto_loss_window_is_one_full_segment(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 2000);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, &(struct tseg){.mss = 1460, .ts = true, .tsval = 1});
	static char data[3000];
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), (long)sizeof data);
	EXPECT(p, 0, .flags = ACK, .seq = 1, .ack = 1, .len = 1448);
	EXPECT(p, 0, .flags = ACK, .seq = 1449, .ack = 1, .len = 1448);
	EXPECT(p, 0, .flags = PSH | ACK, .seq = 2897, .ack = 1, .len = 104);
	/* nothing is acknowledged: after the RTO (200 ms), one full segment */
	EXPECT(p, 200 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1448);
	EXPECT_NONE(p);
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.cwnd, 1448);
	synack_abort(p->s, fd);
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 3001, .ack = 1);
	peer_free(p, 0);
}


/* Regression (found by the Linux packetdrill script ts_recent/invalid_ack):
 * a segment whose ACK is unacceptable is dropped before it may move
 * TS.Recent; otherwise a blind segment with a huge TSval would make PAWS
 * reject the real peer's next segments. */
static void L13_ts_recent_not_moved_by_a_bogus_ack(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, &(struct tseg){.mss = 1460, .ts = true, .tsval = 100});
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 9999, .ts = true, .tsval = 200000);
	assert_int_equal(peer_stat(p, "tcp_ack_unsent"), 1);
	p->out_next = p->out_len; /* the ACK it earns (RFC 9293: ACK and drop) */
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 3, .data = "abc", .ts = true,
	     .tsval = 101);
	assert_int_equal(peer_stat(p, "tcp_paws_rejected"), 0);
	char got[8];
	assert_int_equal(synack_recv(p->s, fd, got, sizeof got, 0), 3);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}


/* With tail loss probes on: a connection with a 100 ms RTT (SACK
 * permitted or not) that has just sent 3000 bytes, three segments. */
static struct peer *tlp_three_segments_out(bool sack, int *fd)
{
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.tail_loss_probe = true;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .mss = 1000, .sackok = sack);
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1); /* RTT 100 ms */
	*fd = synack_accept(p->s, p->listen_fd, NULL);
	static char data[3000];
	assert_int_equal(synack_send(p->s, *fd, data, sizeof data, 0), 3000);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1000);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1001, .ack = 1, .len = 1000);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 2001, .ack = 1, .len = 1000);
	return p;
}

/* RFC 8985 tail loss probe (on in the linux personality): after 2*SRTT
 * without an ACK the last segment goes again, long before the RTO; the
 * RTO then runs from the probe. */
static void L11_tail_loss_probe_resends_the_last_segment(void **state)
{
	(void)state;
	int fd;
	struct peer *p = tlp_three_segments_out(true, &fd);
	/* PTO = 2 * SRTT = 200 ms (more than one segment out) */
	EXPECT(p, 300 * MS, .flags = PSH | ACK, .seq = 2001, .ack = 1, .len = 1000);
	assert_int_equal(peer_stat(p, "tcp_tail_loss_probes"), 1);
	/* no answer: the RTO (SRTT + 4 RTTVAR = 300 ms) from the probe */
	EXPECT(p, 600 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1000);
	/* the probe's answer would have been enough: ACK all, no more */
	FEED(p, 650 * MS, .flags = ACK, .seq = 1, .ack = 3001);
	EXPECT_NONE(p);
	peer_advance(p, 2 * SEC);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* The probe is the whole last segment, even when a SACK covers part of
 * it (RFC 8985 7.3: "the highest-sequence segment sent"; Linux too; found
 * by fast_retransmit/fr-4pkt-fack-last-byte). */
static void L11_tail_loss_probe_is_the_whole_last_segment(void **state)
{
	(void)state;
	int fd;
	struct peer *p = tlp_three_segments_out(true, &fd);
	FEED(p, 200 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{3000, 3001}});
	EXPECT_NONE(p);
	EXPECT(p, 300 * MS, .flags = PSH | ACK, .seq = 2001, .ack = 1, .len = 1000);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* No probe on a connection without SACK (RFC 8985 builds on SACK, and
 * Linux schedules none): the tail waits for the RTO.  Found by the Linux
 * script nagle/sendmsg_msg_more.pkt, where a probe sent data that
 * MSG_MORE was holding. */
static void L11_no_tail_loss_probe_without_sack(void **state)
{
	(void)state;
	int fd;
	struct peer *p = tlp_three_segments_out(false, &fd);
	/* nothing at the PTO (300 ms); the RTO (SRTT + 4 RTTVAR = 300 ms) */
	EXPECT(p, 400 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1000);
	assert_int_equal(peer_stat(p, "tcp_tail_loss_probes"), 0);
	FEED(p, 450 * MS, .flags = ACK, .seq = 1, .ack = 3001);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* The linux personality puts PSH where Linux does on the wire: Linux
 * hands its device super-segments (TSO/GSO) of about a millisecond at its
 * pacing rate, at least two segments, and forces PSH on each of more than
 * one segment; a segment sent alone has PSH only at the end of a write.
 * Found by the Linux scripts limited_transmit/limited-transmit-{sack,
 * no-sack} and nagle/https_client. */
static struct peer *linux_conn(uint64_t rtt, int *fd)
{
	synack_settings cfg;
	synack_settings_personality(&cfg, SYNACK_PERSONALITY_LINUX);
	struct peer *p = peer_new(&cfg, 1000, 5000);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .mss = 1000, .sackok = true, .wscale = WS(7));
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, rtt, .flags = ACK, .seq = 1, .ack = 1);
	*fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(*fd >= 0);
	return p;
}

static void L11_linux_psh_ends_each_tso_chunk(void **state)
{
	(void)state;
	static char data[15000];
	int fd;
	/* RTT 100 ms: 200 % of a 10-segment cwnd per RTT is 195 bytes a
	 * millisecond, so chunks are the two-segment minimum */
	struct peer *p = linux_conn(100 * MS, &fd);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 15000);
	for (uint32_t k = 0; k < 10; k++)
		EXPECT(p, 100 * MS, .flags = ACK | (k % 2 ? PSH : 0), .seq = 1 + k * 1000, .ack = 1,
		       .len = 1000);
	/* limited transmit sends one segment: a chunk of one, no PSH */
	FEED(p, 210 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1001, 2001}});
	EXPECT(p, 210 * MS, .flags = ACK, .seq = 10001, .ack = 1, .len = 1000);
	/* cwnd 11000 (RFC 5681: one SMSS per ACK in slow start) less 8000
	 * in flight: three more, a chunk of two and a lone one, which is
	 * not the end of the write */
	FEED(p, 220 * MS, .flags = ACK, .seq = 1, .ack = 3001);
	EXPECT(p, 220 * MS, .flags = ACK, .seq = 11001, .ack = 1, .len = 1000);
	EXPECT(p, 220 * MS, .flags = PSH | ACK, .seq = 12001, .ack = 1, .len = 1000);
	EXPECT(p, 220 * MS, .flags = ACK, .seq = 13001, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	/* the last segment ends the write */
	FEED(p, 230 * MS, .flags = ACK, .seq = 1, .ack = 5001);
	EXPECT(p, 230 * MS, .flags = PSH | ACK, .seq = 14001, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);

	/* RTT 1 ms: 19 segments a millisecond, so the ten of the initial
	 * window are one chunk, with PSH at its end only */
	p = linux_conn(1 * MS, &fd);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 15000);
	for (uint32_t k = 0; k < 10; k++)
		EXPECT(p, 1 * MS, .flags = ACK | (k == 9 ? PSH : 0), .seq = 1 + k * 1000, .ack = 1,
		       .len = 1000);
	/* and the tail loss probe comes at 2 * SRTT plus Linux's two ticks
	 * (2 ms): one segment of new data, alone, so without PSH */
	EXPECT(p, 5 * MS, .flags = ACK, .seq = 10001, .ack = 1, .len = 1000);
	assert_int_equal(peer_stat(p, "tcp_tail_loss_probes"), 1);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* linux: a retransmission carries PSH where the first transmission had
 * it (Linux resends its buffers with their first flags): here at the end
 * of each two-segment chunk, not only at the end of the write.  Found by
 * sack/sack-route-refresh-ip-tos. */
static void L11_linux_retransmission_keeps_the_first_psh(void **state)
{
	(void)state;
	static char data[4000];
	int fd;
	struct peer *p = linux_conn(100 * MS, &fd);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 4000);
	for (uint32_t k = 0; k < 4; k++)
		EXPECT(p, 100 * MS, .flags = ACK | (k % 2 ? PSH : 0), .seq = 1 + k * 1000, .ack = 1,
		       .len = 1000);
	/* nothing comes back: the tail loss probe (2 * SRTT + 2 ms) resends
	 * the last segment, PSH as before; the RTO (100 + 4 * 50 ms after
	 * it) resends from the start, one segment, then two after its ACK:
	 * the first ends a chunk and has PSH again, the second does not */
	EXPECT(p, 302 * MS, .flags = PSH | ACK, .seq = 3001, .ack = 1, .len = 1000);
	EXPECT(p, 602 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1000);
	FEED(p, 610 * MS, .flags = ACK, .seq = 1, .ack = 1001);
	EXPECT(p, 610 * MS, .flags = PSH | ACK, .seq = 1001, .ack = 1, .len = 1000);
	EXPECT(p, 610 * MS, .flags = ACK, .seq = 2001, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* Data arriving after close() is answered like a segment for no
 * connection (RST <SEQ=SEG.ACK>), and the connection goes (Linux, BSD,
 * found by the Linux script user_timeout.pkt). */
static void L20_data_after_close_reset_like_no_connection(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 0, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1);
	EXPECT(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_data_after_close"), 1);
	assert_int_equal(peer_stat(p, "conns_live"), 1); /* the listener */
	peer_free(p, 0);
}

GROUP(transfer,
      cmocka_unit_test(L12_window_below_sws_threshold_sent_after_override_timeout),
      cmocka_unit_test(L11_tail_loss_probe_resends_the_last_segment),
      cmocka_unit_test(L11_no_tail_loss_probe_without_sack),
      cmocka_unit_test(L11_tail_loss_probe_is_the_whole_last_segment),
      cmocka_unit_test(L11_linux_psh_ends_each_tso_chunk),
      cmocka_unit_test(L11_linux_retransmission_keeps_the_first_psh),
      cmocka_unit_test(L20_data_after_close_reset_like_no_connection),
      cmocka_unit_test(L13_ts_recent_not_moved_by_a_bogus_ack),
      cmocka_unit_test(L11_rto_loss_window_is_one_full_segment),
      cmocka_unit_test(L11_rto_retransmission_backoff_and_reset_after_new_rtt),
      cmocka_unit_test(L11_rto_backoff_kept_until_valid_rtt_sample),
      cmocka_unit_test(L11_duplicate_segment_discarded_and_reacked),
      cmocka_unit_test(L11_out_of_order_held_sack_blocks_and_reassembled),
      cmocka_unit_test(L11_fast_retransmit_and_newreno_partial_ack),
      cmocka_unit_test(L11_limited_transmit_on_the_first_two_dupacks),
      cmocka_unit_test(L11_sack_recovery_rfc6675_pipe),
      cmocka_unit_test(L11_sack_recovery_starts_when_islost),
      cmocka_unit_test(L11_prr_sends_in_proportion_to_delivery),
      cmocka_unit_test(L11_prr_survives_a_forgotten_sack_range),
      cmocka_unit_test(L11_prr_ssrb_bounds_the_burst_after_a_heavy_loss),
      cmocka_unit_test(L11_sack_recovery_resends_a_lost_retransmission),
      cmocka_unit_test(L11_data_retries_exhausted_etimedout_and_rst),
      cmocka_unit_test(L12_receive_window_shrinks_zero_then_window_update),
      cmocka_unit_test(L12_receiver_sws_zero_window_not_reopened_by_less_than_mss),
      cmocka_unit_test(L12_window_scaling_applied_both_ways),
      cmocka_unit_test(L12_zero_window_persist_probes_backoff),
      cmocka_unit_test(L12_window_reopens_data_resumes_at_snd_una),
      cmocka_unit_test(L12_window_reopens_single_probe_byte_resent),
      cmocka_unit_test(L12_zero_window_probe_acks_are_not_duplicate_acks),
      cmocka_unit_test(L12_persist_backoff_cleared_when_window_opens),
      cmocka_unit_test(L12_delayed_ack_every_second_segment_or_40ms),
      cmocka_unit_test(L12_delayed_ack_disabled_in_settings),
      cmocka_unit_test(L12_quickack_option),
      cmocka_unit_test(L12_nagle_minshall),
      cmocka_unit_test(L12_nodelay_sends_small_segments_at_once),
      cmocka_unit_test(L12_cork_and_msg_more),
      cmocka_unit_test(L13_sequence_acceptability_open_window),
      cmocka_unit_test(L13_sequence_acceptability_zero_window),
      cmocka_unit_test(L13_ack_of_unsent_data_acked_and_dropped),
      cmocka_unit_test(L13_old_ack_challenge_ack),
      cmocka_unit_test(L13_paws_and_ts_recent_update),
      cmocka_unit_test(L11_L13_sequence_wraparound_single_stack),
      cmocka_unit_test(L11_bulk_transfer_across_wraparound_with_loss))
