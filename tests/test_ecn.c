/* Explicit Congestion Notification (RFC 3168): negotiation in the
 * handshake, ECT(0) on new data only, the receiver's ECE until CWR, and
 * the sender's once-per-window reduction for ECE.
 *
 * The peer fixture as in test_transfer.c: a passive open at 0 s with the
 * handshake ACK at 10 ms, MSS 1460, SACK, window scale 7. */
#include <string.h>

#include "groups.h"
#include "peer.h"

static uint8_t out[64 * 1460];

static const struct tseg ecn_syn = {
	.flags = SYN | ECE | CWR, .mss = 1460, .sackok = true, .wscale = WS(7)};

static synack_info info_of(struct peer *p, int fd)
{
	synack_info i;
	assert_int_equal(synack_get_info(p->s, fd, &i), SYNACK_OK);
	return i;
}

/* Passive open from a SYN with `syn`'s flags; expects a SYN,ACK with
 * `synack_flags`.  Returns the accepted descriptor. */
static int open_with(struct peer *p, const struct tseg *syn, uint8_t synack_flags)
{
	peer_listen(p, 4);
	peer_feed_at(p, 0, syn, __FILE__, __LINE__);
	EXPECT(p, 0, .flags = synack_flags, .seq = 0, .ack = 1, .ecn = NOT_ECT);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	return fd;
}

/* Ends the connection with a RST, so that nothing lingers. */
static void abort_conn(struct peer *p, int fd)
{
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_LINGER_ZERO, 1), SYNACK_OK);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
}

static long send_at(struct peer *p, uint64_t t, int fd, size_t n)
{
	peer_advance(p, t);
	return synack_send(p->s, fd, out, n, 0);
}

/* ================================================================ L3 */

static void L3_ecn_setup_syn_answered_with_ece_and_data_goes_ect(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000); /* ECN passive, the default */
	int fd = open_with(p, &ecn_syn, SYN | ACK | ECE);
	assert_true(info_of(p, fd).ecn_ok);
	assert_int_equal(peer_stat(p, "tcp_ecn_negotiated"), 1);
	/* new data is ECT(0); the ACK of the peer's data is not (6.1.4) */
	assert_int_equal(send_at(p, 100 * MS, fd, 100), 100);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100, .ecn = ECT0);
	FEED(p, 110 * MS, .flags = PSH | ACK, .seq = 1, .ack = 101, .len = 10);
	EXPECT(p, 150 * MS, .flags = ACK, .seq = 101, .ack = 11, .ecn = NOT_ECT);
	abort_conn(p, fd);
	EXPECT(p, 150 * MS, .flags = RST | ACK, .seq = 101, .ack = 11, .ecn = NOT_ECT);
	peer_free(p, 0);
}

static void L3_ecn_not_used_unless_both_ask(void **state)
{
	(void)state;
	/* ECE without CWR is not an ECN-setup SYN (RFC 3168 6.1.1) */
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_with(p, &(struct tseg){.flags = SYN | ECE, .mss = 1460}, SYN | ACK);
	assert_false(info_of(p, fd).ecn_ok);
	assert_int_equal(send_at(p, 100 * MS, fd, 100), 100);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100, .ecn = NOT_ECT);
	abort_conn(p, fd);
	assert_int_equal(peer_stat(p, "tcp_ecn_negotiated"), 0);
	peer_free(p, 0);

	/* and with ECN off we do not answer an ECN-setup SYN */
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.ecn = SYNACK_ECN_OFF;
	p = peer_new(&cfg, 1000, 5000);
	fd = open_with(p, &ecn_syn, SYN | ACK);
	assert_false(info_of(p, fd).ecn_ok);
	abort_conn(p, fd);
	peer_free(p, 0);
}

static void L3_ecn_active_open_needs_an_ecn_setup_synack(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.ecn = SYNACK_ECN_ON;
	static const struct {
		uint8_t synack;
		bool ok;
	} cases[] = {
		{SYN | ACK | ECE, true},
		{SYN | ACK, false},
		{SYN | ACK | ECE | CWR, false}, /* a reflected SYN, not an answer */
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct peer *p = peer_new(&cfg, 1000, 5000);
		int fd = peer_connect(p);
		EXPECT(p, 0, .flags = SYN | ECE | CWR, .seq = 0, .ecn = NOT_ECT);
		FEED(p, 10 * MS, .flags = cases[k].synack, .seq = 0, .ack = 1, .mss = 1460);
		EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .ecn = NOT_ECT);
		assert_int_equal(info_of(p, fd).ecn_ok, cases[k].ok);
		assert_int_equal(send_at(p, 20 * MS, fd, 100), 100);
		EXPECT(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100,
		       .ecn = cases[k].ok ? ECT0 : NOT_ECT);
		abort_conn(p, fd);
		peer_free(p, 0);
	}
}

/* The handshake's ACK at t completes a connection without ECN: its data
 * goes Not-ECT.  Then the fixture is freed. */
static void accept_without_ecn(struct peer *p, uint64_t t)
{
	FEED(p, t, .flags = ACK, .seq = 1, .ack = 1);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	assert_false(info_of(p, fd).ecn_ok);
	assert_int_equal(send_at(p, t + 10 * MS, fd, 100), 100);
	EXPECT(p, t + 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100, .ecn = NOT_ECT);
	abort_conn(p, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* The SYN comes again without ECE and CWR (the peer gave up on ECN,
 * 6.1.1.1): the SYN,ACK answering it declines ECN too, so both ends
 * agree (FreeBSD r364054). */
static void L3_ecn_given_up_when_the_syn_comes_again_without_it(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	peer_listen(p, 4);
	peer_feed_at(p, 0, &ecn_syn, __FILE__, __LINE__);
	EXPECT(p, 0, .flags = SYN | ACK | ECE, .seq = 0, .ack = 1);
	FEED(p, 500 * MS, .flags = SYN, .seq = 0, .mss = 1460, .sackok = true, .wscale = WS(7));
	EXPECT(p, 500 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	accept_without_ecn(p, 510 * MS);
}

/* Simultaneous open with ECN on both sides: each answers the other's
 * ECN-setup SYN with an ECN-setup SYN,ACK, and ECN is on; a SYN,ACK
 * without ECE turns it off. */
static void L5_ecn_simultaneous_open(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.ecn = SYNACK_ECN_ON;
	for (int agree = 1; agree >= 0; agree--) {
		struct peer *p = peer_new(&cfg, 1000, 5000);
		int fd = peer_connect(p);
		EXPECT(p, 0, .flags = SYN | ECE | CWR, .seq = 0);
		FEED(p, 5 * MS, .flags = SYN | ECE | CWR, .seq = 0, .mss = 1460);
		EXPECT(p, 5 * MS, .flags = SYN | ACK | ECE, .seq = 0, .ack = 1);
		FEED(p, 10 * MS, .flags = SYN | ACK | (agree ? ECE : 0), .seq = 0, .ack = 1, .mss = 1460);
		assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
		assert_int_equal(info_of(p, fd).ecn_ok, agree);
		p->out_next = p->out_len;
		assert_int_equal(send_at(p, 20 * MS, fd, 100), 100);
		EXPECT(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100,
		       .ecn = agree ? ECT0 : NOT_ECT);
		abort_conn(p, fd);
		p->out_next = p->out_len;
		peer_free(p, 0);
	}
}

/* ================================================================ L7 */

static void L7_ecn_setup_syn_given_up_after_ecn_syn_retries(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.ecn = SYNACK_ECN_ON;
	cfg.ecn_syn_retries = 1;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = peer_connect(p);
	/* a middlebox may drop ECN-setup SYNs (RFC 3168 6.1.1.1) */
	EXPECT(p, 0, .flags = SYN | ECE | CWR, .seq = 0);
	EXPECT(p, 1 * SEC, .flags = SYN | ECE | CWR, .seq = 0);
	EXPECT(p, 3 * SEC, .flags = SYN, .seq = 0);
	/* an ECE on the SYN,ACK answers an earlier SYN: the last asked for no ECN */
	FEED(p, 3 * SEC + 10 * MS, .flags = SYN | ACK | ECE, .seq = 0, .ack = 1, .mss = 1460);
	EXPECT(p, 3 * SEC + 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	assert_false(info_of(p, fd).ecn_ok);
	abort_conn(p, fd);
	peer_free(p, 0);
}

/* SYN,ACKs with ECE may be what a middlebox drops: after
 * ecn_syn_retries retransmissions the SYN,ACK goes without it, and ECN
 * is off (FreeBSD, ecn.maxretries). */
static void L8_ecn_given_up_after_ecn_syn_retries_synack_retransmissions(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	peer_listen(p, 4);
	peer_feed_at(p, 0, &ecn_syn, __FILE__, __LINE__);
	EXPECT(p, 0, .flags = SYN | ACK | ECE, .seq = 0, .ack = 1);
	EXPECT(p, 1 * SEC, .flags = SYN | ACK | ECE, .seq = 0, .ack = 1);
	EXPECT(p, 3 * SEC, .flags = SYN | ACK, .seq = 0, .ack = 1);
	accept_without_ecn(p, 3 * SEC + 10 * MS);
}

/* ================================================================ L11 */

static void L11_ecn_ce_mark_echoed_at_once_until_cwr(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_with(p, &ecn_syn, SYN | ACK | ECE);
	/* a first segment goes unmarked: acknowledged as usual */
	FEED(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 100, .ecn = ECT0);
	EXPECT(p, 140 * MS, .flags = ACK, .seq = 1, .ack = 101);
	/* CE: the sender must learn it now, not after a delayed ACK */
	FEED(p, 200 * MS, .flags = ACK, .seq = 101, .ack = 1, .len = 100, .ecn = CE);
	EXPECT(p, 200 * MS, .flags = ACK | ECE, .seq = 1, .ack = 201);
	assert_int_equal(peer_stat(p, "tcp_ecn_ce_received"), 1);
	/* ECE on every ACK until CWR, marked or not (6.1.3) */
	FEED(p, 300 * MS, .flags = ACK, .seq = 201, .ack = 1, .len = 100, .ecn = ECT0);
	EXPECT(p, 340 * MS, .flags = ACK | ECE, .seq = 1, .ack = 301);
	FEED(p, 400 * MS, .flags = ACK | CWR, .seq = 301, .ack = 1, .len = 100, .ecn = ECT0);
	EXPECT(p, 440 * MS, .flags = ACK, .seq = 1, .ack = 401);
	/* CE on the CWR segment itself starts the echo again */
	FEED(p, 500 * MS, .flags = ACK, .seq = 401, .ack = 1, .len = 100, .ecn = CE);
	EXPECT(p, 500 * MS, .flags = ACK | ECE, .seq = 1, .ack = 501);
	FEED(p, 600 * MS, .flags = ACK | CWR, .seq = 501, .ack = 1, .len = 100, .ecn = CE);
	EXPECT(p, 600 * MS, .flags = ACK | ECE, .seq = 1, .ack = 601);
	assert_int_equal(peer_stat(p, "tcp_ecn_ce_received"), 3);
	EXPECT_NONE(p);
	abort_conn(p, fd);
	peer_free(p, 0);
}

/* An ECN connection with 30 segments written at 100 ms: the initial
 * window, ten segments, goes out, all ECT(0). */
static struct peer *ecn_initial_window_out(int *fd)
{
	struct peer *p = peer_new(NULL, 1000, 5000);
	*fd = open_with(p, &ecn_syn, SYN | ACK | ECE);
	assert_int_equal(send_at(p, 100 * MS, *fd, 30 * 1460), 30 * 1460);
	for (uint32_t k = 0; k < 10; k++)
		EXPECT(p, 100 * MS, .flags = ACK, .seq = 1 + k * 1460, .ack = 1, .len = 1460,
		       .ecn = ECT0);
	return p;
}

static void L11_ecn_echo_reduces_cwnd_once_per_window_then_cwr(void **state)
{
	(void)state;
	int fd;
	struct peer *p = ecn_initial_window_out(&fd);
	/* ECE acknowledging two: cwnd and ssthresh fall to half the 11680
	 * bytes still in flight, nothing is retransmitted, and with the
	 * flight above cwnd nothing new goes either (6.1.2) */
	FEED(p, 110 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 2 * 1460);
	EXPECT_NONE(p);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.ssthresh, 5840);
	assert_int_equal(i.cwnd, 5840);
	assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 1);
	/* the receiver repeats ECE until our CWR: no second reduction for
	 * the same window, and no growth either (an ECE ACK does not open
	 * the window, 6.1.2): 5840 in flight fills cwnd, nothing goes */
	FEED(p, 111 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 4 * 1460);
	FEED(p, 112 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 6 * 1460);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 1);
	i = info_of(p, fd);
	assert_int_equal(i.ssthresh, 5840);
	assert_int_equal(i.cwnd, 5840);
	/* two more acknowledged leave room for two: the first carries CWR */
	FEED(p, 113 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 8 * 1460);
	EXPECT(p, 113 * MS, .flags = ACK | CWR, .seq = 1 + 10 * 1460, .ack = 1, .len = 1460,
	       .ecn = ECT0);
	EXPECT(p, 113 * MS, .flags = ACK, .seq = 1 + 11 * 1460, .ack = 1, .len = 1460,
	       .ecn = ECT0);
	EXPECT_NONE(p);
	/* an ECE acknowledging less than the CWR segment left before the
	 * receiver could see our CWR: the same mark, no new reduction */
	FEED(p, 120 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 10 * 1460);
	assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 1);
	EXPECT(p, 120 * MS, .flags = ACK, .seq = 1 + 12 * 1460, .ack = 1, .len = 1460, .ecn = ECT0);
	EXPECT(p, 120 * MS, .flags = ACK, .seq = 1 + 13 * 1460, .ack = 1, .len = 1460, .ecn = ECT0);
	EXPECT_NONE(p);
	/* an ECE acknowledging the CWR segment is a new mark: a new
	 * reduction, to the floor of two segments (2920 in flight) */
	FEED(p, 130 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 12 * 1460);
	assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 2);
	assert_int_equal(info_of(p, fd).ssthresh, 2920);
	EXPECT_NONE(p);
	/* a retransmission is never ECT (6.1.5): the RTO resends the first
	 * unacknowledged segment as Not-ECT */
	i = info_of(p, fd);
	peer_advance(p, 130 * MS + i.rto_ns);
	EXPECT(p, 130 * MS + i.rto_ns, .flags = ACK, .seq = 1 + 12 * 1460, .ack = 1, .len = 1460,
	       .ecn = NOT_ECT);
	assert_int_equal(peer_stat(p, "tcp_retransmits"), 1);
	assert_int_equal(peer_stat(p, "tcp_fast_retransmits"), 0);
	abort_conn(p, fd);
	peer_free(p, 0);
}

/* A loss inside the window already reduced for an ECE does not halve
 * it again (6.1.2: at most one reduction per window of data); the fast
 * retransmission is Not-ECT, and as after any reduction the next new
 * data carries CWR. */
static void L11_ecn_loss_in_the_reduced_window_does_not_halve_again(void **state)
{
	(void)state;
	int fd;
	struct peer *p = ecn_initial_window_out(&fd);
	/* ECE: ssthresh = cwnd = half of 13140 in flight */
	FEED(p, 110 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 1460);
	assert_int_equal(info_of(p, fd).ssthresh, 6570);
	/* the echo goes on; once 4380 are in flight the CWR segment goes */
	for (uint32_t k = 2; k <= 7; k++)
		FEED(p, 110 * MS + k * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + k * 1460);
	EXPECT(p, 117 * MS, .flags = ACK | CWR, .seq = 1 + 10 * 1460, .ack = 1, .len = 1460,
	       .ecn = ECT0);
	EXPECT_NONE(p);
	/* segment 8 is lost: the SACKs of 9, 10, 11 start recovery, inside
	 * the reduced window (it ends with the CWR segment); the first two
	 * let limited transmit send segments 12 and 13 */
	for (uint32_t k = 1; k <= 3; k++) {
		FEED(p, 120 * MS + k * MS, .flags = ACK, .seq = 1, .ack = 1 + 7 * 1460, .nsack = 1,
		     .sack = {{1 + 8 * 1460, 1 + (8 + k) * 1460}});
		if (k < 3)
			EXPECT(p, 120 * MS + k * MS, .flags = ACK, .seq = 1 + (10 + k) * 1460, .ack = 1,
			       .len = 1460, .ecn = ECT0);
	}
	EXPECT(p, 123 * MS, .flags = ACK, .seq = 1 + 7 * 1460, .ack = 1, .len = 1460,
	       .ecn = NOT_ECT);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.fast_retransmits, 1);
	assert_int_equal(i.ssthresh, 6570); /* not halved again, to 2920 */
	assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 1);
	/* the next new data, which PRR lets go at once (4380 in the pipe,
	 * below ssthresh), carries CWR */
	EXPECT(p, 123 * MS, .flags = ACK | CWR, .seq = 1 + 13 * 1460, .ack = 1, .len = 1460,
	       .ecn = ECT0);
	EXPECT_NONE(p);
	abort_conn(p, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* A window probe is never ECT (6.1.6). */
static void L11_ecn_window_probe_is_not_ect(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_with(p, &ecn_syn, SYN | ACK | ECE);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
	assert_int_equal(send_at(p, 100 * MS, fd, 100), 100);
	EXPECT_NONE(p);
	EXPECT(p, 300 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1, .ecn = NOT_ECT);
	assert_int_equal(peer_stat(p, "tcp_persist_probes"), 1);
	abort_conn(p, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

/* RFC 3168 6.1.2: CWR follows a reduction "for any reason": here a
 * retransmission timeout. */
static void L11_ecn_cwr_after_a_timeout(void **state)
{
	(void)state;
	/* an ISN above 2^31 too: the end of the reduced window must be
	 * compared in sequence space, not against zero */
	static const uint32_t isns[] = {1000, 0x90000000u};
	for (size_t n = 0; n < 2; n++) {
		struct peer *p = peer_new(NULL, isns[n], 5000);
		int fd = open_with(p, &ecn_syn, SYN | ACK | ECE);
		assert_int_equal(send_at(p, 100 * MS, fd, 2 * 1460), 2 * 1460);
		EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460, .ecn = ECT0);
		EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1461, .ack = 1, .len = 1460,
		       .ecn = ECT0);
		EXPECT(p, 300 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460, .ecn = NOT_ECT);
		FEED(p, 310 * MS, .flags = ACK, .seq = 1, .ack = 1 + 2 * 1460);
		assert_int_equal(send_at(p, 400 * MS, fd, 1460), 1460);
		EXPECT(p, 400 * MS, .flags = PSH | ACK | CWR, .seq = 1 + 2 * 1460, .ack = 1,
		       .len = 1460, .ecn = ECT0);
		assert_int_equal(send_at(p, 500 * MS, fd, 100), 100);
		EXPECT(p, 500 * MS, .flags = PSH | ACK, .seq = 1 + 3 * 1460, .ack = 1, .len = 100,
		       .ecn = ECT0);
		assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 0);
		/* a CE mark on data after the CWR segment: a reduction */
		FEED(p, 510 * MS, .flags = ACK | ECE, .seq = 1, .ack = 1 + 3 * 1460 + 100);
		assert_int_equal(peer_stat(p, "tcp_ecn_cwnd_reduced"), 1);
		abort_conn(p, fd);
		p->out_next = p->out_len;
		peer_free(p, 0);
	}
}

GROUP(ecn,
      cmocka_unit_test(L3_ecn_setup_syn_answered_with_ece_and_data_goes_ect),
      cmocka_unit_test(L3_ecn_not_used_unless_both_ask),
      cmocka_unit_test(L3_ecn_active_open_needs_an_ecn_setup_synack),
      cmocka_unit_test(L3_ecn_given_up_when_the_syn_comes_again_without_it),
      cmocka_unit_test(L5_ecn_simultaneous_open),
      cmocka_unit_test(L7_ecn_setup_syn_given_up_after_ecn_syn_retries),
      cmocka_unit_test(L8_ecn_given_up_after_ecn_syn_retries_synack_retransmissions),
      cmocka_unit_test(L11_ecn_loss_in_the_reduced_window_does_not_halve_again),
      cmocka_unit_test(L11_ecn_window_probe_is_not_ect),
      cmocka_unit_test(L11_ecn_ce_mark_echoed_at_once_until_cwr),
      cmocka_unit_test(L11_ecn_echo_reduces_cwnd_once_per_window_then_cwr),
      cmocka_unit_test(L11_ecn_cwr_after_a_timeout))
