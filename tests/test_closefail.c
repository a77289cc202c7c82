/* L17-L20: closing when things go wrong.  FIN retransmission and its
 * limit, TIME-WAIT (length, lost last ACK, RST, new SYN, reuse of the
 * port), the FIN-WAIT-2 limit, and abortive close.  Exact segments at
 * exact virtual times, single stack (peer fixture) or two stacks on the
 * simulated network (net fixture, 10 ms each way). */
#include <string.h>

#include "groups.h"
#include "net.h"

static const synack_sim_impair d10 = {.delay_ns = 10 * MS};

static char buf[4096];

/* ------------------------------------------------------------ helpers */

/* Passive open at t0 with a 20 ms RTT: SYN and SYN,ACK at t0, the ACK at
 * t0 + 20 ms.  The one RTT sample gives SRTT 20 ms, RTTVAR 10 ms, RTO
 * 20 + 4 * 10 = 60 ms, clamped to min_rto 200 ms (RFC 6298 2.2, 2.4).
 * win: the peer's window (0: 65535); ts: offer timestamps with TSval
 * tsval (the ACK carries tsval + 20). */
static int open_passive(struct peer *p, uint64_t t0, int32_t win, bool ts, uint32_t tsval)
{
	peer_listen(p, 8);
	FEED(p, t0, .flags = SYN, .seq = 0, .win = win, .mss = 1460, .ts = ts, .tsval = tsval);
	EXPECT(p, t0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, t0 + 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = win, .ts = ts,
	     .tsval = tsval + 20);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	EXPECT_NONE(p);
	return fd;
}

/* Active open from 10.0.0.1:80 to 10.0.0.2:40000 at t0, SYN,ACK after
 * 20 ms (no listener on the stack). */
static int open_active(struct peer *p, uint64_t t0)
{
	peer_advance(p, t0);
	int fd = peer_connect(p);
	EXPECT(p, t0, .flags = SYN, .seq = 0);
	FEED(p, t0 + 20 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .mss = 1460);
	EXPECT(p, t0 + 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	return fd;
}

static uint32_t conn_of(struct peer *p, int fd)
{
	synack_info info;
	assert_int_equal(synack_get_info(p->s, fd, &info), SYNACK_OK);
	return info.conn;
}

/* Time `conn` first entered `st`; UINT64_MAX if never. */
static uint64_t entered(const struct peer *p, uint32_t conn, synack_state st)
{
	for (uint32_t i = 0; i < p->nstates; i++)
		if (p->states[i].conn == conn && p->states[i].to == st)
			return p->states[i].time;
	return UINT64_MAX;
}

static uint64_t live_conns(synack_stack *s)
{
	synack_stats st;
	synack_get_stats(s, &st);
	return st.conns_live;
}

/* Control blocks of the peer fixture's stack, the listener not counted. */
static uint64_t tcbs(const struct peer *p)
{
	return live_conns(p->s) - (p->listen_fd >= 0);
}

#define PATH(p, conn, want)                                                     \
	do {                                                                    \
		char path_[256];                                                \
		assert_string_equal(peer_state_path((p), (conn), path_, sizeof path_), (want)); \
	} while (0)

/* The stack closes first and ends in TIME-WAIT at 1.1 s:
 *   1.00  FIN,ACK seq=1 ack=1   (FIN-WAIT-1)
 *   1.02  peer ACK ack=2        (FIN-WAIT-2)
 *   1.10  peer FIN seq=1        (TIME-WAIT) -> ACK seq=2 ack=2
 * Timestamps (when ts): the peer's FIN carries TSval 1100. */
static void active_close_to_time_wait(struct peer *p, int fd, bool ts)
{
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1020 * MS, .flags = ACK, .seq = 1, .ack = 2, .ts = ts, .tsval = 1020);
	EXPECT_NONE(p);
	FEED(p, 1100 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2, .ts = ts, .tsval = 1100);
	EXPECT(p, 1100 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_TIME_WAIT);
}

/* ================================================================ L17 */

static void L17_fin_retransmitted_with_backoff_in_fin_wait_1(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.srtt_ns, 20 * MS);
	assert_int_equal(info.rttvar_ns, 10 * MS);
	assert_int_equal(info.rto_ns, 200 * MS);

	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	/* RFC 6298 5.5: 200, 400, 800, 1600 ms after each other */
	EXPECT(p, 1200 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 1600 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 2400 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 4000 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_1);
	assert_int_equal(peer_stat(p, "tcp_retransmits"), 4);
	assert_int_equal(peer_stat(p, "tcp_timeouts"), 4);

	/* acknowledged at last: no more retransmissions */
	FEED(p, 4100 * MS, .flags = ACK, .seq = 1, .ack = 2);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_2);
	peer_advance(p, 10 * SEC);
	EXPECT_NONE(p);
	FEED(p, 10 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 10 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
	peer_free(p, 61 * SEC);
}

/* The retries run out (data_retries, 15 by default): the backoff doubles
 * up to max_rto, and the 16th expiry drops the connection.  The stack
 * then sends RST,ACK seq=SND.NXT (BSD's tcp_drop; Linux drops silently;
 * RFC 9293 3.8.3 leaves the R2 action to the implementation).  max_rto is
 * set to 60 s here, the RFC 6298 2.5 floor for a cap (the default is
 * 120 s, as Linux's TCP_RTO_MAX, though synack.h says 60 s). */
static void L17_fin_wait_1_retries_run_out_default_15(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	assert_int_equal(cfg.data_retries, 15);
	cfg.max_rto_ns = 60 * SEC;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	uint64_t t = 1 * SEC, rto = 200 * MS;
	for (int k = 1; k <= 15; k++) {
		t += rto;
		EXPECT(p, t, .flags = FIN | ACK, .seq = 1, .ack = 1);
		rto = rto * 2 > 60 * SEC ? 60 * SEC : rto * 2;
	}
	/* 0.2 + 0.4 + ... + 51.2 + 7 * 60 = 522.2 s of retransmissions */
	assert_int_equal(t, 1 * SEC + 462200 * MS);
	EXPECT(p, 1 * SEC + 522200 * MS, .flags = RST | ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 523200 * MS);
	assert_int_equal(peer_stat(p, "tcp_retransmits"), 15);
	assert_int_equal(peer_stat(p, "tcp_conn_timeout"), 1);
	assert_int_equal(tcbs(p), 0);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSED");
	/* the peer's late FIN finds nothing: RST seq=SEG.ACK */
	FEED(p, 600 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 600 * SEC, .flags = RST, .seq = 2);
	peer_free(p, 0);
}

/* Simultaneous close: the peer's FIN crosses ours and does not ACK it.
 * In CLOSING our FIN keeps being retransmitted on the same backoff. */
static void L17_fin_retransmitted_in_closing(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1050 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 1050 * MS, .flags = ACK, .seq = 2, .ack = 2);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSING);
	/* the retransmission timer runs on from the first FIN */
	EXPECT(p, 1200 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 1600 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 2400 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	FEED(p, 2500 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
	peer_advance(p, 2500 * MS + 60 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 2500 * MS + 60 * SEC);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* In CLOSING the retries run out too (data_retries = 3). */
static void L17_closing_retries_run_out(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.data_retries = 3;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1050 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 1050 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT(p, 1200 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 1600 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 2400 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 4000 * MS, .flags = RST | ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING CLOSED");
	assert_int_equal(tcbs(p), 0);
	peer_free(p, 0);
}

/* LAST-ACK: the peer closed first; our FIN is retransmitted until the
 * retries (data_retries = 3) run out.  The application, still holding the
 * descriptor (shutdown(WR) instead of close), reads ETIMEDOUT. */
static void L17_last_ack_fin_retransmitted_until_retries_run_out(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.data_retries = 3;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	FEED(p, 500 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 500 * MS, .flags = ACK, .seq = 1, .ack = 2);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSE_WAIT);
	assert_int_equal(synack_recv(p->s, fd, buf, sizeof buf, 0), 0);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	assert_int_equal(peer_state(p, conn), SYNACK_LAST_ACK);
	EXPECT(p, 1200 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 1600 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 2400 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	/* the 4th expiry: retries exhausted */
	EXPECT(p, 4000 * MS, .flags = RST | ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 4 * SEC);
	uint32_t m = synack_poll(p->s, fd);
	assert_true(m & SYNACK_POLLERR);
	assert_true(m & SYNACK_POLLHUP);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ETIMEDOUT);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* LAST-ACK acknowledged after two retransmissions: CLOSED at once. */
static void L17_last_ack_fin_retransmitted_until_acked(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	FEED(p, 500 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 500 * MS, .flags = ACK, .seq = 1, .ack = 2);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 1200 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 1600 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	FEED(p, 1700 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1700 * MS);
	assert_int_equal(tcbs(p), 0);
	peer_free(p, 0);
}

/* close() with data still unsent (the peer's window is 1000 bytes): the
 * FIN goes on the last data segment, never before it, and an RTO
 * retransmits data and FIN together. */
static void L17_fin_sent_after_queued_data(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 1000, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_send(p->s, fd, buf, 3000, 0), 3000);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_1);
	EXPECT(p, 1 * SEC, .flags = ACK, .seq = 1, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	FEED(p, 1020 * MS, .flags = ACK, .seq = 1, .ack = 1001, .win = 1000);
	EXPECT(p, 1020 * MS, .flags = ACK, .seq = 1001, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	FEED(p, 1040 * MS, .flags = ACK, .seq = 1, .ack = 2001, .win = 1000);
	EXPECT(p, 1040 * MS, .flags = FIN | PSH | ACK, .seq = 2001, .ack = 1, .len = 1000);
	EXPECT_NONE(p);
	/* lost: RTO 200 ms, data and FIN again in one segment */
	EXPECT(p, 1240 * MS, .flags = FIN | PSH | ACK, .seq = 2001, .ack = 1, .len = 1000);
	FEED(p, 1260 * MS, .flags = ACK, .seq = 1, .ack = 3002, .win = 1000);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_2);
	FEED(p, 1300 * MS, .flags = FIN | ACK, .seq = 1, .ack = 3002);
	EXPECT(p, 1300 * MS, .flags = ACK, .seq = 3002, .ack = 2);
	peer_free(p, 61 * SEC);
}

/* ================================================================ L18 */

static void L18_time_wait_lasts_2msl_default_60s(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	assert_int_equal(entered(p, conn, SYNACK_TIME_WAIT), 1100 * MS);
	peer_advance(p, 1100 * MS + 60 * SEC - 1);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	assert_int_equal(tcbs(p), 1);
	peer_advance(p, 1100 * MS + 60 * SEC);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1100 * MS + 60 * SEC);
	assert_int_equal(tcbs(p), 0);
	EXPECT_NONE(p); /* TIME-WAIT ends silently */
	peer_free(p, 0);
}

static void L18_time_wait_custom_msl(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.msl_ns = 5 * SEC;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	peer_advance(p, 1100 * MS + 10 * SEC - 1);
	assert_int_equal(tcbs(p), 1);
	peer_advance(p, 1100 * MS + 10 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1100 * MS + 10 * SEC);
	assert_int_equal(tcbs(p), 0);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* The last ACK is lost (scripted drop of the client's 5th datagram): the
 * server in LAST-ACK retransmits its FIN after its RTO (200 ms), the
 * client in TIME-WAIT ACKs it again and restarts 2 MSL from then. */
static void L18_lost_last_ack_fin_reacked_and_timer_restarted(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	/* C->S: 1 SYN, 2 ACK, 3 data, 4 FIN, 5 the last ACK */
	assert_int_equal(synack_sim_drop_nth(n->sim, C, S, 5), SYNACK_OK);
	net_listen(n, 8);
	int cfd = net_connect(n);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLOUT, SEC));
	assert_int_equal(synack_send(n->st[C], cfd, buf, 100, 0), 100);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(sfd >= 0);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLIN, SEC));
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 100);
	assert_int_equal(synack_send(n->st[S], sfd, buf, 100, 0), 100);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLIN, SEC));
	assert_int_equal(net_now(n), 40 * MS);
	assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), 100);
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLRDHUP, SEC));
	net_run_until(n, 100 * MS);
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 0);
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_run_until(n, 1 * SEC);

	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 101);
	NSEG(n, 6, .t = 50 * MS, .from = S, .flags = ACK, .seq = 101, .ack = 102);
	NSEG(n, 7, .t = 100 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 102);
	NSEG(n, 8, .t = 110 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 102,
	     .fate = SYNACK_SIM_DROPPED);
	NSEG(n, 9, .t = 300 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 102);
	NSEG(n, 10, .t = 310 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 102);
	assert_int_equal(n->nsegs, 11);
	char path[256];
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	assert_int_equal(net_state_time(n, S, SYNACK_CLOSED), 320 * MS);
	assert_int_equal(net_state_time(n, C, SYNACK_TIME_WAIT), 110 * MS);

	/* TIME-WAIT ends 2 MSL after the last FIN (310 ms), not after the
	 * first (110 ms). */
	net_run_until(n, 110 * MS + 60 * SEC);
	assert_int_equal(live_conns(n->st[C]), 1);
	net_run_until(n, 310 * MS + 60 * SEC - 1);
	assert_int_equal(live_conns(n->st[C]), 1);
	net_run_until(n, 310 * MS + 60 * SEC);
	assert_int_equal(net_state_time(n, C, SYNACK_CLOSED), 310 * MS + 60 * SEC);
	assert_int_equal(live_conns(n->st[C]), 0);
	assert_int_equal(n->nsegs, 11);
	net_free(n, 0);
}

/* Each retransmitted FIN restarts the 2 MSL timer (RFC 9293 3.10.7.4,
 * TIME-WAIT: "Acknowledge it, and restart the 2 MSL timeout"). */
static void L18_each_fin_retransmission_restarts_time_wait(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	FEED(p, 10 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 10 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	FEED(p, 50 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 50 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	peer_advance(p, 110 * SEC - 1);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	peer_advance(p, 110 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 110 * SEC);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* RFC 1337: a RST does not cut TIME-WAIT short.  At RCV.NXT it is
 * ignored (tcp_timewait_rst_ignored); elsewhere in the window it gets a
 * challenge ACK (RFC 5961 3.2); out of window it is dropped silently. */
static void L18_rst_in_time_wait_ignored_rfc1337(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	FEED(p, 2 * SEC, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	FEED(p, 3 * SEC, .flags = RST | ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_timewait_rst_ignored"), 2);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	FEED(p, 4 * SEC, .flags = RST, .seq = 1000);
	EXPECT(p, 4 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	FEED(p, 5 * SEC, .flags = RST, .seq = 2u - 100000u);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	assert_int_equal(peer_stat(p, "tcp_conn_reset"), 0);
	/* still there for the whole 2 MSL, not restarted by the RSTs */
	peer_advance(p, 1100 * MS + 60 * SEC - 1);
	assert_int_equal(tcbs(p), 1);
	peer_advance(p, 1100 * MS + 60 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1100 * MS + 60 * SEC);
	peer_free(p, 0);
}

/* RFC 6191: with timestamps on the old connection, a SYN with a newer
 * TSval is accepted even though its sequence number is below RCV.NXT;
 * TIME-WAIT ends and the new connection's ISN lies beyond the old one's
 * sequence space (the stack's floor: old SND.NXT + 65536 + 1, as Linux's
 * snd_nxt + 65535 + 2). */
static void L18_time_wait_syn_newer_tsval_accepted(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, true, 100);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, true);
	const uint32_t nseq = 0u - 100000u; /* below RCV.NXT (= 2) */
	FEED(p, 2 * SEC, .flags = SYN, .seq = nseq, .mss = 1460, .ts = true, .tsval = 2000);
	/* old SND.NXT = 2 (SYN and FIN): ISN 2 + 65537 */
	EXPECT(p, 2 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = nseq + 1,
	       .opts = "mss,nop,nop,TS");
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_timewait_reused"), 1);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 2 * SEC);
	FEED(p, 2020 * MS, .flags = ACK, .seq = nseq + 1, .ack = 65540, .ts = true, .tsval = 2020);
	int fd2 = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd2 >= 0);
	synack_info info;
	synack_get_info(p->s, fd2, &info);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	assert_int_equal(info.iss, p->iss + 65539);
	assert_true(info.ts_ok);
	assert_int_equal(tcbs(p), 1); /* the new one */
	assert_int_equal(synack_abort(p->s, fd2), SYNACK_OK);
	EXPECT(p, 2020 * MS, .flags = RST | ACK, .seq = 65540, .ack = nseq + 1);
	peer_free(p, 0);
}

/* An older TSval (and so an old duplicate, even with a higher sequence
 * number) is not accepted.  RFC 6191 says drop it silently; RFC 7323 5.3
 * R1 (PAWS) says send an ACK, and Linux does: the test expects the ACK. */
static void L18_time_wait_syn_older_tsval_acked_not_accepted(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, true, 100);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, true);
	FEED(p, 2 * SEC, .flags = SYN, .seq = 100000, .mss = 1460, .ts = true, .tsval = 1000);
	EXPECT(p, 2 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_timewait_reused"), 0);
	assert_int_equal(peer_stat(p, "tcp_paws_rejected"), 1);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	peer_advance(p, 1100 * MS + 60 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1100 * MS + 60 * SEC);
	peer_free(p, 0);
}

/* RFC 6191 section 2, second rule: TSval equal to the last one seen and
 * a sequence number above the old RCV.NXT: honor the SYN. */
static void L18_time_wait_syn_equal_tsval_higher_seq_accepted(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, true, 100);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, true);
	FEED(p, 1100 * MS, .flags = SYN, .seq = 100000, .mss = 1460, .ts = true, .tsval = 1100);
	EXPECT(p, 1100 * MS, .flags = SYN | ACK, .seq = 65539, .ack = 100001);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	assert_int_equal(peer_stat(p, "tcp_timewait_reused"), 1);
	/* the peer gives up on it: RST to the half-open entry */
	FEED(p, 1200 * MS, .flags = RST, .seq = 100001);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* RFC 6191 section 2, third rule: the old connection used timestamps,
 * the new SYN offers none (so the new connection will not use them), and
 * its sequence number is above the old RCV.NXT: honor it.  Linux does
 * (tcp_timewait_state_process: no timestamp, no PAWS reject, seq after
 * rcv_nxt -> TCP_TW_SYN). */
static void L18_time_wait_ts_before_syn_without_ts_higher_seq_accepted(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, true, 100);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, true);
	FEED(p, 2 * SEC, .flags = SYN, .seq = 100000, .mss = 1460);
	EXPECT(p, 2 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 100001, .opts = "mss");
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	assert_int_equal(peer_stat(p, "tcp_timewait_reused"), 1);
	FEED(p, 2100 * MS, .flags = RST, .seq = 100001);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* Without timestamps (RFC 1122 4.2.2.13, RFC 6191): only a SYN above the
 * old RCV.NXT may reuse the 4-tuple; one below is an old duplicate and is
 * answered with an ACK of the TIME-WAIT connection (RFC 9293 3.10.7.4:
 * an unacceptable segment gets an ACK; Linux and BSD do so). */
static void L18_time_wait_syn_without_timestamps_needs_higher_seq(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	FEED(p, 2 * SEC, .flags = SYN, .seq = 0u - 5000u, .mss = 1460);
	EXPECT(p, 2 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	assert_int_equal(peer_stat(p, "tcp_timewait_reused"), 0);

	FEED(p, 3 * SEC, .flags = SYN, .seq = 100000, .mss = 1460);
	EXPECT(p, 3 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 100001, .opts = "mss");
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_timewait_reused"), 1);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED");
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 3 * SEC);
	FEED(p, 3020 * MS, .flags = ACK, .seq = 100001, .ack = 65540);
	int fd2 = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd2 >= 0);
	assert_int_equal(synack_close(p->s, fd2), SYNACK_OK);
	EXPECT(p, 3020 * MS, .flags = FIN | ACK, .seq = 65540, .ack = 100001);
	FEED(p, 3040 * MS, .flags = FIN | ACK, .seq = 100001, .ack = 65541);
	EXPECT(p, 3040 * MS, .flags = ACK, .seq = 65541, .ack = 100002);
	peer_free(p, 61 * SEC);
}

/* RFC 6191 section 2: the old connection did not use timestamps, the new
 * SYN offers them (so the new connection will use them): honor it, even
 * with a sequence number below RCV.NXT. */
static void L18_time_wait_no_ts_before_syn_with_ts_accepted(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 0, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	FEED(p, 2 * SEC, .flags = SYN, .seq = 0u - 5000u, .mss = 1460, .ts = true, .tsval = 7);
	EXPECT(p, 2 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 0u - 4999u);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	FEED(p, 2100 * MS, .flags = RST, .seq = 0u - 4999u);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* connect() from the port of a TIME-WAIT connection.  What the stack
 * does (Linux's rules, without tcp_tw_reuse):
 *   - bind() to the port fails with EADDRINUSE unless SYNACK_OPT_REUSEADDR;
 *   - with it, bind() succeeds, but connect() to the same remote endpoint
 *     (the same 4-tuple) fails with EADDRNOTAVAIL while TIME-WAIT lasts:
 *     the active side never reuses its own TIME-WAIT (RFC 6191 covers
 *     only the passive side); nothing is sent;
 *   - connect() to another remote endpoint from that port works;
 *   - once TIME-WAIT is over, the same connect() succeeds. */
static void L18_connect_from_time_wait_port_reuseaddr(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	active_close_to_time_wait(p, fd, false);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);

	synack_endpoint local = {.addr = p->us, .port = p->our_port};
	synack_endpoint remote = {.addr = p->them, .port = p->their_port};
	synack_endpoint other = {.addr = p->them, .port = (uint16_t)(p->their_port + 1)};
	int fd2 = synack_socket(p->s);
	assert_true(fd2 >= 0);
	assert_int_equal(synack_bind(p->s, fd2, &local), SYNACK_EADDRINUSE);
	assert_int_equal(synack_setsockopt(p->s, fd2, SYNACK_OPT_REUSEADDR, 1), SYNACK_OK);
	assert_int_equal(synack_bind(p->s, fd2, &local), SYNACK_OK);
	peer_advance(p, 2 * SEC);
	assert_int_equal(synack_connect(p->s, fd2, &remote), SYNACK_EADDRNOTAVAIL);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);

	int fd3 = synack_socket(p->s);
	assert_true(fd3 >= 0);
	assert_int_equal(synack_setsockopt(p->s, fd3, SYNACK_OPT_REUSEADDR, 1), SYNACK_OK);
	assert_int_equal(synack_bind(p->s, fd3, &local), SYNACK_OK);
	assert_int_equal(synack_connect(p->s, fd3, &other), SYNACK_EINPROGRESS);
	EXPECT(p, 2 * SEC, .flags = SYN, .seq = 0);
	assert_int_equal(synack_close(p->s, fd3), SYNACK_OK);
	EXPECT_NONE(p);

	/* TIME-WAIT over at 61.1 s: the same connect() now goes out */
	peer_advance(p, 1100 * MS + 60 * SEC);
	assert_int_equal(peer_state(p, conn), SYNACK_CLOSED);
	assert_int_equal(synack_connect(p->s, fd2, &remote), SYNACK_EINPROGRESS);
	EXPECT(p, 1100 * MS + 60 * SEC, .flags = SYN, .seq = 0);
	assert_int_equal(synack_close(p->s, fd2), SYNACK_OK);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* ================================================================ L19 */

/* After close(), FIN-WAIT-2 lasts fin_wait2_timeout_ns (60 s) from the
 * ACK of our FIN, then the control block goes silently (as Linux's
 * FIN-WAIT-2 timewait socket); a later FIN finds no connection and gets
 * RST seq=SEG.ACK (RFC 9293 3.10.7.1). */
static void L19_fin_wait_2_after_close_bounded_60s(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1020 * MS, .flags = ACK, .seq = 1, .ack = 2);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_2);
	peer_advance(p, 1020 * MS + 60 * SEC - 1);
	assert_int_equal(tcbs(p), 1);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_2);
	peer_advance(p, 1020 * MS + 60 * SEC);
	assert_int_equal(tcbs(p), 0);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1020 * MS + 60 * SEC);
	PATH(p, conn, "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSED");
	EXPECT_NONE(p);
	FEED(p, 100 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 100 * SEC, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_no_socket"), 1);
	peer_free(p, 0);
}

static void L19_fin_wait_2_custom_timeout(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.fin_wait2_timeout_ns = 5 * SEC;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1020 * MS, .flags = ACK, .seq = 1, .ack = 2);
	peer_advance(p, 6020 * MS - 1);
	assert_int_equal(tcbs(p), 1);
	peer_advance(p, 6020 * MS);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 6020 * MS);
	assert_int_equal(tcbs(p), 0);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* shutdown(WR) only: the application may still read, so FIN-WAIT-2 is
 * not bounded (Linux: tcp_fin_timeout applies to orphans only). */
static void L19_fin_wait_2_after_shutdown_not_bounded(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1020 * MS, .flags = ACK, .seq = 1, .ack = 2);
	peer_advance(p, 1000 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_2);
	assert_int_equal(tcbs(p), 1);
	/* the peer still sends, and we still read */
	FEED(p, 1000 * SEC, .flags = PSH | ACK, .seq = 1, .ack = 2, .len = 10);
	assert_int_equal(synack_recv(p->s, fd, buf, sizeof buf, 0), 10);
	EXPECT(p, 1000 * SEC + 40 * MS, .flags = ACK, .seq = 2, .ack = 11); /* delayed ACK */
	FEED(p, 1001 * SEC, .flags = FIN | ACK, .seq = 11, .ack = 2);
	EXPECT(p, 1001 * SEC, .flags = ACK, .seq = 2, .ack = 12);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	assert_int_equal(synack_recv(p->s, fd, buf, sizeof buf, 0), 0);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	peer_advance(p, 1061 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 1061 * SEC);
	peer_free(p, 0);
}

/* shutdown(WR), FIN-WAIT-2, then close(): the limit counts from close(). */
static void L19_close_in_fin_wait_2_starts_the_limit(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1020 * MS, .flags = ACK, .seq = 1, .ack = 2);
	peer_advance(p, 100 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	peer_advance(p, 160 * SEC - 1);
	assert_int_equal(peer_state(p, conn), SYNACK_FIN_WAIT_2);
	peer_advance(p, 160 * SEC);
	assert_int_equal(entered(p, conn, SYNACK_CLOSED), 160 * SEC);
	assert_int_equal(tcbs(p), 0);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* ================================================================ L20 */

/* Two stacks: C connects and sends 100 bytes; S accepts at 30 ms and
 * closes without reading them.  RFC 2525 2.17 / RFC 9293 3.10.4: RST
 * (RST,ACK seq=SND.NXT ack=RCV.NXT), not FIN.  C reads ECONNRESET. */
static void L20_close_with_unread_data_sends_rst_peer_econnreset(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	net_listen(n, 8);
	int cfd = net_connect(n);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLOUT, SEC));
	assert_int_equal(synack_send(n->st[C], cfd, buf, 100, 0), 100);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(sfd >= 0);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLIN, SEC));
	assert_int_equal(net_now(n), 30 * MS);
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_run_until(n, 1 * SEC);

	NSEG(n, 3, .t = 20 * MS, .from = C, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	NSEG(n, 4, .t = 30 * MS, .from = S, .flags = RST | ACK, .seq = 1, .ack = 101);
	assert_int_equal(n->nsegs, 5);
	char path[256];
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED CLOSED");
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED CLOSED");
	assert_int_equal(net_state_time(n, C, SYNACK_CLOSED), 40 * MS);
	/* S: nothing left at once, no TIME-WAIT */
	assert_int_equal(live_conns(n->st[S]), 1); /* the listener */

	/* C's side: POLLERR and POLLHUP (and IN/OUT: calls fail at once) */
	assert_int_equal(synack_poll(n->st[C], cfd),
			 SYNACK_POLLERR | SYNACK_POLLHUP | SYNACK_POLLIN | SYNACK_POLLOUT);
	synack_info info;
	synack_get_info(n->st[C], cfd, &info);
	assert_int_equal(info.state, SYNACK_CLOSED);
	assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), SYNACK_ECONNRESET);
	/* the error is reported once; then end of stream, and EPIPE */
	assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), 0);
	assert_int_equal(synack_send(n->st[C], cfd, buf, 1, 0), SYNACK_EPIPE);
	assert_int_equal(synack_poll(n->st[C], cfd) & SYNACK_POLLERR, 0);
	synack_stats st;
	synack_get_stats(n->st[C], &st);
	assert_int_equal(st.tcp_conn_reset, 1);
	assert_int_equal(st.tcp_rst_received, 1);
	synack_get_stats(n->st[S], &st);
	assert_int_equal(st.tcp_rst_sent, 1);
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	net_free(n, 0); /* no control block on either side: no TIME-WAIT */
}

/* SYNACK_OPT_LINGER_ZERO: close() with everything read sends RST too;
 * the peer's recv() returns ECONNRESET; neither side keeps TIME-WAIT. */
static void L20_linger_zero_close_sends_rst(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	net_listen(n, 8);
	int cfd = net_connect(n);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLOUT, SEC));
	assert_int_equal(synack_send(n->st[C], cfd, buf, 100, 0), 100);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLIN, SEC));
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 100);
	assert_int_equal(synack_send(n->st[S], sfd, buf, 100, 0), 100);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLIN, SEC));
	assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), 100);
	assert_int_equal(net_now(n), 40 * MS);
	assert_int_equal(synack_setsockopt(n->st[C], cfd, SYNACK_OPT_LINGER_ZERO, 1), SYNACK_OK);
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	assert_int_equal(live_conns(n->st[C]), 0);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLERR, SEC));
	NSEG(n, 4, .t = 30 * MS, .from = S, .flags = PSH | ACK, .seq = 1, .ack = 101, .len = 100);
	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = RST | ACK, .seq = 101, .ack = 101);
	assert_int_equal(n->nsegs, 6);
	assert_int_equal(net_now(n), 50 * MS);
	assert_int_equal(synack_poll(n->st[S], sfd),
			 SYNACK_POLLERR | SYNACK_POLLHUP | SYNACK_POLLIN | SYNACK_POLLOUT);
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), SYNACK_ECONNRESET);
	char path[256];
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED CLOSED");
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED CLOSED");
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_free(n, 0);
}

/* synack_abort() in ESTABLISHED: RST,ACK seq=SND.NXT at once (RFC 9293
 * 3.10.5), even with data queued; the control block is gone at once. */
static void L20_abort_in_established_sends_rst(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_passive(p, 0, 1000, false, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	FEED(p, 1 * SEC, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10, .win = 1000);
	assert_int_equal(synack_send(p->s, fd, buf, 3000, 0), 3000);
	EXPECT(p, 1 * SEC, .flags = ACK, .seq = 1, .ack = 11, .len = 1000);
	assert_int_equal(synack_abort(p->s, fd), SYNACK_OK);
	/* SND.NXT = 1001: the unsent 2000 bytes are discarded */
	EXPECT(p, 1 * SEC, .flags = RST | ACK, .seq = 1001, .ack = 11);
	EXPECT_NONE(p);
	PATH(p, conn, "SYN-RECEIVED ESTABLISHED CLOSED");
	assert_int_equal(tcbs(p), 0);
	assert_int_equal(synack_poll(p->s, fd), 0);
	assert_int_equal(synack_send(p->s, fd, buf, 1, 0), SYNACK_EBADF);
	/* whatever the peer still sends finds no connection */
	FEED(p, 1020 * MS, .flags = ACK, .seq = 11, .ack = 1001, .win = 1000);
	EXPECT(p, 1020 * MS, .flags = RST, .seq = 1001);
	peer_free(p, 0);
}

/* abort() in TIME-WAIT: nothing is sent, the control block goes (RFC
 * 9293 3.10.5: CLOSING, LAST-ACK, TIME-WAIT respond "ok" and delete). */
static void L20_abort_in_time_wait_sends_nothing(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
	EXPECT(p, 1 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 1100 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 1100 * MS, .flags = ACK, .seq = 2, .ack = 2);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	assert_int_equal(synack_abort(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	assert_int_equal(tcbs(p), 0);
	peer_free(p, 0);
}

/* close() in SYN-SENT sends nothing (RFC 9293 3.10.4: delete the TCB);
 * the SYN,ACK that comes late finds no connection and is answered with
 * RST seq=SEG.ACK (RFC 9293 3.10.7.1), no connection is made. */
static void L20_close_in_syn_sent_then_late_synack_gets_rst(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = peer_connect(p);
	EXPECT(p, 0, .flags = SYN, .seq = 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 500 * MS);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	PATH(p, conn, "SYN-SENT CLOSED");
	synack_stats st;
	synack_get_stats(p->s, &st);
	assert_int_equal(st.conns_live, 0);
	assert_int_equal(st.timers_live, 0);
	assert_int_equal(st.sockets_live, 0);
	/* no SYN retransmission at 1 s either */
	peer_advance(p, 900 * MS);
	EXPECT_NONE(p);
	FEED(p, 900 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .mss = 1460);
	EXPECT(p, 900 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(tcbs(p), 0);
	assert_int_equal(peer_stat(p, "tcp_rst_sent"), 1);
	peer_free(p, 5 * SEC);
}

/* abort() in SYN-SENT: the same, nothing sent. */
static void L20_abort_in_syn_sent_sends_nothing(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = peer_connect(p);
	EXPECT(p, 0, .flags = SYN, .seq = 0);
	peer_advance(p, 500 * MS);
	assert_int_equal(synack_abort(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	assert_int_equal(tcbs(p), 0);
	FEED(p, 600 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .mss = 1460);
	EXPECT(p, 600 * MS, .flags = RST, .seq = 1);
	peer_free(p, 5 * SEC);
}

/* The stack as the receiver of a RST in ESTABLISHED: recv() reports
 * ECONNRESET, poll POLLERR|POLLHUP, CLOSED, and the control block goes
 * with the descriptor. */
static void L20_rst_received_in_established(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_active(p, 0);
	uint32_t conn = conn_of(p, fd);
	FEED(p, 1 * SEC, .flags = RST | ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	PATH(p, conn, "SYN-SENT ESTABLISHED CLOSED");
	uint32_t m = synack_poll(p->s, fd);
	assert_true(m & SYNACK_POLLERR);
	assert_true(m & SYNACK_POLLHUP);
	assert_int_equal(synack_recv(p->s, fd, buf, sizeof buf, 0), SYNACK_ECONNRESET);
	assert_int_equal(tcbs(p), 1); /* held by the descriptor */
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT_NONE(p);
	assert_int_equal(tcbs(p), 0);
	peer_free(p, 0);
}

GROUP(closefail,
      cmocka_unit_test(L17_fin_retransmitted_with_backoff_in_fin_wait_1),
      cmocka_unit_test(L17_fin_wait_1_retries_run_out_default_15),
      cmocka_unit_test(L17_fin_retransmitted_in_closing),
      cmocka_unit_test(L17_closing_retries_run_out),
      cmocka_unit_test(L17_last_ack_fin_retransmitted_until_retries_run_out),
      cmocka_unit_test(L17_last_ack_fin_retransmitted_until_acked),
      cmocka_unit_test(L17_fin_sent_after_queued_data),
      cmocka_unit_test(L18_time_wait_lasts_2msl_default_60s),
      cmocka_unit_test(L18_time_wait_custom_msl),
      cmocka_unit_test(L18_lost_last_ack_fin_reacked_and_timer_restarted),
      cmocka_unit_test(L18_each_fin_retransmission_restarts_time_wait),
      cmocka_unit_test(L18_rst_in_time_wait_ignored_rfc1337),
      cmocka_unit_test(L18_time_wait_syn_newer_tsval_accepted),
      cmocka_unit_test(L18_time_wait_syn_older_tsval_acked_not_accepted),
      cmocka_unit_test(L18_time_wait_syn_equal_tsval_higher_seq_accepted),
      cmocka_unit_test(L18_time_wait_ts_before_syn_without_ts_higher_seq_accepted),
      cmocka_unit_test(L18_time_wait_syn_without_timestamps_needs_higher_seq),
      cmocka_unit_test(L18_time_wait_no_ts_before_syn_with_ts_accepted),
      cmocka_unit_test(L18_connect_from_time_wait_port_reuseaddr),
      cmocka_unit_test(L19_fin_wait_2_after_close_bounded_60s),
      cmocka_unit_test(L19_fin_wait_2_custom_timeout),
      cmocka_unit_test(L19_fin_wait_2_after_shutdown_not_bounded),
      cmocka_unit_test(L19_close_in_fin_wait_2_starts_the_limit),
      cmocka_unit_test(L20_close_with_unread_data_sends_rst_peer_econnreset),
      cmocka_unit_test(L20_linger_zero_close_sends_rst),
      cmocka_unit_test(L20_abort_in_established_sends_rst),
      cmocka_unit_test(L20_abort_in_time_wait_sends_nothing),
      cmocka_unit_test(L20_close_in_syn_sent_then_late_synack_gets_rst),
      cmocka_unit_test(L20_abort_in_syn_sent_sends_nothing),
      cmocka_unit_test(L20_rst_received_in_established))
