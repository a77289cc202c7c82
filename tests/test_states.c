/* Every state's answer to unexpected segments: RFC 9293 3.10.7 (SEGMENT
 * ARRIVES), RFC 5961 (challenge ACKs, the ACK range), RFC 1337 (RSTs in
 * TIME-WAIT), RFC 6191 (a SYN meeting TIME-WAIT).
 *
 * Most tests start from a passive open brought to a state by open_in().
 * The receive buffer is W bytes (no window scaling), so RCV.WND = W and
 * the window edges are exact.  Several tests use ISNs just below 2^32 so
 * that every comparison crosses the wrap.
 *
 * Relative numbers as in peer.h: what we FEED counts seq from the peer's
 * ISN and ack from the stack's; what we EXPECT, the other way round. */
#include <string.h>

#include "groups.h"
#include "peer.h"

#define W 16384u              /* receive buffer = RCV.WND, unscaled */
#define FAR 100000u           /* far beyond any window here */
#define ISS_WRAP 0xFFFFFF00u  /* the stack's ISN, 256 below 2^32 */
#define IRS_WRAP 0xFFFFFFF0u  /* the peer's ISN, 16 below 2^32 */

#define STAT(p, name, v) assert_int_equal(peer_stat((p), (name)), (v))

static struct peer *fixture(uint32_t iss, uint32_t peer_isn)
{
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.recv_buffer = W;
	return peer_new(&cfg, iss, peer_isn);
}

static synack_state state_of(struct peer *p, int fd)
{
	synack_info info;
	assert_int_equal(synack_get_info(p->s, fd, &info), SYNACK_OK);
	return info.state;
}

static uint32_t conn_of(struct peer *p, int fd)
{
	synack_info info;
	assert_int_equal(synack_get_info(p->s, fd, &info), SYNACK_OK);
	return info.conn;
}

/* When connection `conn` reached CLOSED, or UINT64_MAX if it has not. */
static uint64_t closed_at(const struct peer *p, uint32_t conn)
{
	for (uint32_t i = 0; i < p->nstates; i++)
		if (p->states[i].conn == conn && p->states[i].to == SYNACK_CLOSED)
			return p->states[i].time;
	return UINT64_MAX;
}

static const char *path_of(const struct peer *p, uint32_t conn)
{
	static char buf[256];
	return peer_state_path(p, conn, buf, sizeof buf);
}

static uint64_t live_conns(const struct peer *p)
{
	synack_stats st;
	synack_get_stats(p->s, &st);
	return st.conns_live;
}

/*
 * A passive open (listener on port 80) brought to `st` at time t, every
 * segment of the way checked.  Returns the accepted descriptor, or -1 for
 * SYN-RECEIVED (not yet accepted).  Where it leaves the connection, in
 * relative numbers (SND.* from our ISN, RCV.* from the peer's):
 *
 *   state          SND.UNA SND.NXT RCV.NXT   how
 *   SYN-RECEIVED      0       1       1      SYN in, SYN,ACK out
 *   ESTABLISHED       1       1       1      + ACK, accept()
 *   CLOSE-WAIT        1       1       2      + peer FIN
 *   LAST-ACK          1       2       2      + shutdown(WR): our FIN
 *   FIN-WAIT-1        1       2       1      ESTABLISHED + shutdown(WR)
 *   FIN-WAIT-2        2       2       1      + ACK of our FIN
 *   CLOSING           1       2       2      FIN-WAIT-1 + peer FIN
 *   TIME-WAIT         2       2       2      FIN-WAIT-2 + peer FIN
 */
static int open_in(struct peer *p, synack_state st, uint64_t t)
{
	peer_listen(p, 16);
	if (st == SYNACK_SYN_RECEIVED) {
		FEED(p, t, .flags = SYN, .seq = 0);
		EXPECT(p, t, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = W);
		EXPECT_NONE(p);
		assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
		return -1;
	}
	int fd = peer_accept_handshake(p, t, NULL);
	EXPECT_NONE(p);
	switch (st) {
	case SYNACK_CLOSE_WAIT:
	case SYNACK_LAST_ACK:
		FEED(p, t, .flags = FIN | ACK, .seq = 1, .ack = 1);
		EXPECT(p, t, .flags = ACK, .seq = 1, .ack = 2);
		if (st == SYNACK_LAST_ACK) {
			assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
			EXPECT(p, t, .flags = FIN | ACK, .seq = 1, .ack = 2);
		}
		break;
	case SYNACK_FIN_WAIT_1:
	case SYNACK_FIN_WAIT_2:
	case SYNACK_CLOSING:
	case SYNACK_TIME_WAIT:
		assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
		EXPECT(p, t, .flags = FIN | ACK, .seq = 1, .ack = 1);
		if (st == SYNACK_CLOSING) {
			FEED(p, t, .flags = FIN | ACK, .seq = 1, .ack = 1);
			EXPECT(p, t, .flags = ACK, .seq = 2, .ack = 2);
		}
		if (st == SYNACK_FIN_WAIT_2 || st == SYNACK_TIME_WAIT)
			FEED(p, t, .flags = ACK, .seq = 1, .ack = 2);
		if (st == SYNACK_TIME_WAIT) {
			FEED(p, t, .flags = FIN | ACK, .seq = 1, .ack = 2);
			EXPECT(p, t, .flags = ACK, .seq = 2, .ack = 2);
		}
		break;
	default:
		break;
	}
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), st);
	return fd;
}

/* Ends a test whose connection still holds `fd`: abort (RST where the
 * state calls for one, not checked), then the leak check. */
static void finish(struct peer *p, int fd, uint64_t linger)
{
	if (fd >= 0)
		assert_int_equal(synack_abort(p->s, fd), SYNACK_OK);
	peer_free(p, linger);
}

/* ============================================ CLOSED: no connection (L9) */

static void L9_closed_port_syn_gets_rst_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(1000, IRS_WRAP);
	/* SEG.SEQ = 0xFFFFFFFF: SEG.SEQ + SEG.LEN wraps to 0. */
	FEED(p, 5 * MS, .flags = SYN, .seq = 15, .mss = 1460);
	EXPECT(p, 5 * MS, .abs = true, .flags = RST | ACK, .seq = 0, .ack = 0, .len = 0);
	EXPECT_NONE(p);
	STAT(p, "tcp_no_socket", 1);
	STAT(p, "tcp_rst_sent", 1);
	assert_int_equal(live_conns(p), 0);
	peer_free(p, 0);
}

static void L9_closed_port_syn_with_data_rst_acks_all_of_it(void **state)
{
	(void)state;
	struct peer *p = fixture(1000, IRS_WRAP);
	/* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>: SYN + 20 bytes. */
	FEED(p, 0, .flags = SYN, .seq = 0, .len = 20);
	EXPECT(p, 0, .abs = true, .flags = RST | ACK, .seq = 0, .ack = IRS_WRAP + 21);
	/* A FIN without ACK counts one too. */
	FEED(p, 0, .flags = FIN, .seq = 100);
	EXPECT(p, 0, .abs = true, .flags = RST | ACK, .seq = 0, .ack = IRS_WRAP + 101);
	/* No flags at all, 7 bytes of text. */
	FEED(p, 0, .flags = 0, .seq = 200, .len = 7);
	EXPECT(p, 0, .abs = true, .flags = RST | ACK, .seq = 0, .ack = IRS_WRAP + 207);
	EXPECT_NONE(p);
	STAT(p, "tcp_no_socket", 3);
	peer_free(p, 0);
}

static void L9_closed_port_ack_gets_rst_at_seg_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(1000, IRS_WRAP);
	/* <SEQ=SEG.ACK><CTL=RST>: no ACK bit on the RST. */
	FEED(p, 0, .abs = true, .flags = ACK, .seq = 0x12345678, .ack = 0xFFFFFFFE);
	EXPECT(p, 0, .abs = true, .flags = RST, .seq = 0xFFFFFFFE);
	FEED(p, 0, .abs = true, .flags = SYN | ACK, .seq = 7, .ack = 0x80000000);
	EXPECT(p, 0, .abs = true, .flags = RST, .seq = 0x80000000);
	FEED(p, 0, .abs = true, .flags = FIN | PSH | ACK, .seq = 9, .ack = 3, .len = 10);
	EXPECT(p, 0, .abs = true, .flags = RST, .seq = 3);
	EXPECT_NONE(p);
	STAT(p, "tcp_no_socket", 3);
	STAT(p, "tcp_rst_sent", 3);
	peer_free(p, 0);
}

static void L9_closed_port_rst_never_answered(void **state)
{
	(void)state;
	struct peer *p = fixture(1000, IRS_WRAP);
	FEED(p, 0, .flags = RST, .seq = 1);
	FEED(p, 0, .flags = RST | ACK, .seq = 1, .ack = 1);
	FEED(p, 0, .flags = RST | SYN, .seq = 1);
	FEED(p, 0, .flags = RST | FIN | ACK, .seq = 1, .ack = 1, .len = 5);
	EXPECT_NONE(p);
	STAT(p, "tcp_rst_ignored", 4);
	STAT(p, "tcp_rst_sent", 0);
	peer_free(p, 0);
}

static void L9_bound_socket_without_listen_answers_as_closed(void **state)
{
	(void)state;
	struct peer *p = fixture(1000, IRS_WRAP);
	int fd = synack_socket(p->s);
	assert_true(fd >= 0);
	synack_endpoint ep = {.addr = p->us, .port = p->our_port};
	assert_int_equal(synack_bind(p->s, fd, &ep), SYNACK_OK);
	FEED(p, 0, .flags = SYN, .seq = 0);
	EXPECT(p, 0, .abs = true, .flags = RST | ACK, .seq = 0, .ack = IRS_WRAP + 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

/* The connection existed and has been forgotten: its peer's late FIN
 * retransmission finds no TCB and gets a RST. */
static void L9_forgotten_connection_answers_rst(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	assert_int_equal(synack_close(p->s, p->listen_fd), SYNACK_OK);
	p->listen_fd = -1;
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	EXPECT(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	FEED(p, 20 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(live_conns(p), 0);
	/* Our ACK of its FIN was lost, say: the FIN comes again. */
	FEED(p, 30 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 30 * MS, .flags = RST, .seq = 2);
	FEED(p, 40 * MS, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	STAT(p, "tcp_no_socket", 1);
	STAT(p, "tcp_rst_ignored", 1);
	peer_free(p, 0);
}

/* =================================================== LISTEN (3.10.7.2) */

static void L9_listen_rst_ignored(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	peer_listen(p, 4);
	FEED(p, 0, .flags = RST, .seq = 0);
	FEED(p, 0, .flags = RST | ACK, .seq = 0, .ack = 1);
	EXPECT_NONE(p);
	STAT(p, "tcp_rst_ignored", 2);
	STAT(p, "tcp_rst_sent", 0);
	assert_int_equal(live_conns(p), 1);
	peer_free(p, 0);
}

static void L9_listen_ack_gets_rst_at_seg_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	peer_listen(p, 4);
	FEED(p, 3 * MS, .flags = ACK, .seq = 1, .ack = 77);
	EXPECT(p, 3 * MS, .flags = RST, .seq = 77);
	/* A SYN,ACK carries an ACK too: RST, and no half-open entry. */
	FEED(p, 4 * MS, .flags = SYN | ACK, .seq = 0, .ack = 0x10);
	EXPECT(p, 4 * MS, .flags = RST, .seq = 0x10);
	EXPECT_NONE(p);
	assert_int_equal(live_conns(p), 1);
	STAT(p, "tcp_no_socket", 2);
	peer_free(p, 0);
}

static void L9_listen_fin_or_bare_text_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	peer_listen(p, 4);
	FEED(p, 0, .flags = FIN, .seq = 1);
	FEED(p, 0, .flags = PSH, .seq = 1, .len = 5);
	EXPECT_NONE(p);
	STAT(p, "tcp_bad_flags", 2);
	assert_int_equal(live_conns(p), 1);
	peer_free(p, 0);
}

static void L9_listen_syn_across_the_wrap(void **state)
{
	(void)state;
	/* Both ISNs 2^32 - 1: SND.NXT and RCV.NXT wrap to 0. */
	struct peer *p = fixture(0xFFFFFFFFu, 0xFFFFFFFFu);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0);
	EXPECT(p, 0, .abs = true, .flags = SYN | ACK, .seq = 0xFFFFFFFFu, .ack = 0, .win = W);
	FEED(p, 1 * MS, .abs = true, .flags = ACK, .seq = 0, .ack = 0);
	EXPECT_NONE(p);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	assert_string_equal(path_of(p, conn_of(p, fd)), "SYN-RECEIVED ESTABLISHED");
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.snd_una, 0);
	assert_int_equal(info.rcv_nxt, 0);
	finish(p, fd, 0);
}

/* ================================================ SYN-SENT (3.10.7.3) */

/* An active open with ISN 2^32 - 1: SND.NXT = 0. */
static int connect_wrap(struct peer *p)
{
	int fd = peer_connect(p);
	EXPECT(p, 0, .flags = SYN, .seq = 0);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_SENT);
	return fd;
}

static void L6_syn_sent_old_syn_ack_gets_rst_then_real_one_completes(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	/* An old duplicate SYN,ACK acks another ISN: <SEQ=SEG.ACK><CTL=RST>. */
	FEED(p, 10 * MS, .abs = true, .flags = SYN | ACK, .seq = 5000, .ack = 0x7777);
	EXPECT(p, 10 * MS, .abs = true, .flags = RST, .seq = 0x7777);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_SENT);
	FEED(p, 20 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	STAT(p, "tcp_ack_unsent", 1);
	finish(p, fd, 0);
}

static void L13_syn_sent_unacceptable_ack_gets_rst(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	/* SEG.ACK =< ISS: ack = ISS itself */
	FEED(p, 10 * MS, .flags = ACK, .seq = 0, .ack = 0);
	EXPECT(p, 10 * MS, .flags = RST, .seq = 0);
	/* SEG.ACK > SND.NXT */
	FEED(p, 10 * MS, .flags = ACK, .seq = 0, .ack = 2);
	EXPECT(p, 10 * MS, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_SENT);
	finish(p, fd, 0);
}

static void L13_syn_sent_rst_without_acceptable_ack_ignored(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = RST, .seq = 0);
	FEED(p, 10 * MS, .flags = RST | ACK, .seq = 0, .ack = 0);
	FEED(p, 10 * MS, .flags = RST | ACK, .seq = 0, .ack = 5);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_SENT);
	assert_int_equal(synack_get_error(p->s, fd), 0);
	STAT(p, "tcp_rst_ignored", 3);
	STAT(p, "tcp_rst_sent", 0);
	finish(p, fd, 0);
}

static void L13_syn_sent_rst_acking_our_syn_refuses(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = RST | ACK, .seq = 0, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(closed_at(p, conn_of(p, fd)), 10 * MS);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNREFUSED);
	STAT(p, "tcp_conn_failed", 1);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L13_syn_sent_segment_without_syn_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	/* Acceptable ACK but neither SYN nor RST: drop. */
	FEED(p, 10 * MS, .flags = ACK, .seq = 0, .ack = 1);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 0, .ack = 1);
	/* No ACK, no SYN, no RST: drop. */
	FEED(p, 10 * MS, .flags = FIN, .seq = 0);
	FEED(p, 10 * MS, .flags = PSH, .seq = 0, .len = 10);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_SENT);
	finish(p, fd, 0);
}

static void L5_syn_sent_syn_goes_syn_received(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = SYN, .seq = 0);
	/* <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> */
	EXPECT(p, 10 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_RECEIVED);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_string_equal(path_of(p, conn_of(p, fd)), "SYN-SENT SYN-RECEIVED ESTABLISHED");
	finish(p, fd, 0);
}

/* RFC 9293 Figure 7, line 6: in SYN-RECEIVED after a simultaneous open,
 * the peer's SYN,ACK <SEQ=IRS><ACK=ISS+1> completes the handshake. */
static void L5_syn_received_simultaneous_syn_ack_establishes(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 10 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 20 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	finish(p, fd, 0);
}

static void L5_syn_received_active_rst_exact_refuses(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 10 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 20 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNREFUSED);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

/* An active open in SYN-RECEIVED handles a SYN as the synchronized states
 * do (RFC 9293 3.10.7.4 fourth): challenge ACK. */
static void L5_syn_received_active_syn_in_window_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 10 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 20 * MS, .flags = SYN, .seq = 100);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_SYN_RECEIVED);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

/* ===================================== SYN-RECEIVED, passive (3.10.7.4) */

static void L6_syn_received_rst_exact_returns_to_listen(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	uint32_t conn = p->states[p->nstates - 1].conn;
	FEED(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 10 * MS);
	assert_int_equal(live_conns(p), 1); /* the listener only */
	STAT(p, "tcp_halfopen_dropped", 1);
	assert_int_equal(synack_accept(p->s, p->listen_fd, NULL), SYNACK_EAGAIN);
	/* Still listening: a new SYN gets its SYN,ACK. */
	FEED(p, 20 * MS, .flags = SYN, .seq = 500);
	EXPECT(p, 20 * MS, .flags = SYN | ACK, .seq = 0, .ack = 501);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

static void L13_syn_received_rst_in_window_not_exact_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 1000);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	STAT(p, "tcp_challenge_ack", 1);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	peer_free(p, 0);
}

static void L13_syn_received_rst_out_of_window_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 1 + W); /* first beyond */
	FEED(p, 10 * MS, .flags = RST, .seq = 0);     /* just below */
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	STAT(p, "tcp_rst_ignored", 2);
	STAT(p, "tcp_challenge_ack", 0);
	peer_free(p, 0);
}

/* The peer's SYN again (our SYN,ACK was lost): the SYN,ACK is sent again
 * at once, as Linux and BSD do; it acknowledges RCV.NXT too.  (The text
 * of the first check alone would answer <SEQ=ISS+1><ACK=IRS+1><CTL=ACK>,
 * which the peer in SYN-SENT would have to reset.) */
static void L8_syn_received_retransmitted_syn_resends_syn_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 300 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 300 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	FEED(p, 400 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	peer_free(p, 0);
}

/* The SYN,ACK resent for a retransmitted SYN restarts the retransmission
 * timer (as Linux and FreeBSD do): no second, identical SYN,ACK from the
 * timer right after it.  The backoff is not advanced: that SYN,ACK was
 * asked for, not timed out. */
static void L8_syn_received_retransmitted_syn_restarts_synack_timer(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 900 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 900 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = W);
	EXPECT(p, 1900 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = W);
	EXPECT(p, 3900 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = W);
	FEED(p, 3950 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	peer_free(p, 0);
}

static void L13_syn_received_syn_in_window_returns_to_listen(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	uint32_t conn = p->states[p->nstates - 1].conn;
	FEED(p, 10 * MS, .flags = SYN, .seq = 1000);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 10 * MS);
	assert_int_equal(live_conns(p), 1);
	STAT(p, "tcp_halfopen_dropped", 1);
	peer_free(p, 0);
}

static void L13_syn_received_unacceptable_ack_gets_rst(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	/* SND.UNA < SEG.ACK =< SND.NXT fails: <SEQ=SEG.ACK><CTL=RST>. */
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT(p, 10 * MS, .flags = RST, .seq = 2);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 0);
	EXPECT(p, 10 * MS, .flags = RST, .seq = 0);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	/* The entry survives: the right ACK still completes it. */
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	peer_free(p, 0);
}

/* RFC 9293 3.10.7.4 first: an unacceptable segment is answered with
 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, in SYN-RECEIVED too. */
static void L13_syn_received_out_of_window_segment_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1 + FAR, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	STAT(p, "tcp_out_of_window", 1);
	peer_free(p, 0);
}

static void L13_syn_received_segment_without_ack_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 10 * MS, .flags = FIN, .seq = 1);
	FEED(p, 10 * MS, .flags = PSH, .seq = 1, .len = 10);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	STAT(p, "tcp_bad_flags", 2);
	peer_free(p, 0);
}

static void L13_syn_received_fin_ack_goes_close_wait(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	open_in(p, SYNACK_SYN_RECEIVED, 0);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	assert_string_equal(path_of(p, conn_of(p, fd)), "SYN-RECEIVED ESTABLISHED CLOSE-WAIT");
	char b[4];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 0);
	finish(p, fd, 0);
}

/* ============================================= ESTABLISHED (3.10.7.4) */

static void L13_established_rst_exact_resets(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(closed_at(p, conn_of(p, fd)), 10 * MS);
	char b[4];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), SYNACK_ECONNRESET);
	STAT(p, "tcp_rst_received", 1);
	STAT(p, "tcp_conn_reset", 1);
	STAT(p, "tcp_challenge_ack", 0);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

/* The RST check comes before the ACK check: its ACK field does not matter. */
static void L13_established_rst_ack_exact_with_any_ack_resets(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = RST | ACK, .seq = 1, .ack = 0x40000000);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNRESET);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L13_established_rst_in_window_not_exact_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W, .len = 0);
	/* the last sequence number in the window */
	FEED(p, 20 * MS, .flags = RST | ACK, .seq = W, .ack = 1);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	STAT(p, "tcp_challenge_ack", 2);
	STAT(p, "tcp_rst_received", 0);
	finish(p, fd, 0);
}

static void L13_established_rst_out_of_window_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 1 + W); /* RCV.NXT + RCV.WND */
	FEED(p, 10 * MS, .flags = RST, .seq = 0);     /* RCV.NXT - 1 */
	FEED(p, 10 * MS, .flags = RST, .seq = 1 + FAR);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	STAT(p, "tcp_rst_ignored", 3);
	STAT(p, "tcp_challenge_ack", 0);
	finish(p, fd, 0);
}

static void L13_established_syn_in_window_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 1); /* exactly RCV.NXT */
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	FEED(p, 20 * MS, .flags = SYN, .seq = 500);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	STAT(p, "tcp_challenge_ack", 2);
	STAT(p, "tcp_rst_sent", 0);
	finish(p, fd, 0);
}

/* Outside the window the first check answers (RFC 9293 3.10.7.4 checks
 * the sequence number before the SYN): the segment is the same as a
 * challenge ACK, but it is the plain answer to an unacceptable segment,
 * rate limited like the answers to unacceptable pure ACKs (one per
 * 500 ms; Linux's per-socket limit on its answer to such a SYN). */
static void L13_established_syn_out_of_window_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	FEED(p, 20 * MS, .flags = SYN, .seq = 1 + FAR);
	EXPECT_NONE(p); /* within 500 ms of the last such answer */
	FEED(p, 520 * MS, .flags = SYN, .seq = 1 + FAR);
	EXPECT(p, 520 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	STAT(p, "tcp_challenge_ack", 0);
	STAT(p, "tcp_oow_ack_limited", 1);
	finish(p, fd, 0);
}

/* The client's third ACK was lost, the server sends its SYN,ACK again:
 * out of window for the client, which ACKs it again. */
static void L8_established_retransmitted_syn_ack_is_acked_again(void **state)
{
	(void)state;
	struct peer *p = fixture(0xFFFFFFFFu, IRS_WRAP);
	int fd = connect_wrap(p);
	FEED(p, 10 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	FEED(p, 1010 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	EXPECT(p, 1010 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	finish(p, fd, 0);
}

static void L13_established_ack_of_unsent_data_acked_and_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	/* SEG.ACK > SND.NXT: send an ACK, drop the segment (its text too). */
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 2, .len = 5);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	char b[8];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), SYNACK_EAGAIN);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	STAT(p, "tcp_ack_unsent", 1);
	finish(p, fd, 0);
}

/* RFC 5961 5.2: SEG.ACK < SND.UNA - MAX.SND.WND is discarded and answered
 * with an ACK.  MAX.SND.WND is 65535 here (the peer's window). */
static void L13_established_ack_too_old_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1u - 65536u, .len = 5);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	char b[8];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), SYNACK_EAGAIN);
	STAT(p, "tcp_ack_old", 1);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

/* SEG.ACK = SND.UNA - MAX.SND.WND is still acceptable: a duplicate, the
 * ACK is ignored but the text is taken (delayed ACK at +40 ms). */
static void L13_established_old_ack_within_max_window_accepted(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1u - 65535u, .len = 5);
	EXPECT(p, 50 * MS, .flags = ACK, .seq = 1, .ack = 6, .win = W - 5);
	EXPECT_NONE(p);
	char b[8];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 5);
	STAT(p, "tcp_ack_old", 0);
	STAT(p, "tcp_challenge_ack", 0);
	finish(p, fd, 0);
}

static void L13_established_acceptable_ack_advances_across_wrap(void **state)
{
	(void)state;
	/* SND.NXT = 2^32 - 5: ten bytes cross the wrap. */
	struct peer *p = fixture(0xFFFFFFFAu, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	assert_int_equal(synack_send(p->s, fd, "0123456789", 10, 0), 10);
	EXPECT(p, 0, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10, .data = "0123456789");
	FEED(p, 30 * MS, .flags = ACK, .seq = 1, .ack = 11);
	EXPECT_NONE(p);
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.snd_una, 5);
	assert_int_equal(info.unacked, 0);
	/* A duplicate of that ACK is ignored. */
	FEED(p, 40 * MS, .flags = ACK, .seq = 1, .ack = 11);
	/* and so is an older one within MAX.SND.WND */
	FEED(p, 50 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	STAT(p, "tcp_challenge_ack", 0);
	finish(p, fd, 0);
}

static void L13_established_data_at_rcv_nxt_across_wrap(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	/* 100 bytes from 2^32 - 15 to 84 */
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	EXPECT(p, 50 * MS, .flags = ACK, .seq = 1, .ack = 101, .win = W - 100);
	EXPECT_NONE(p);
	char b[128];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 100);
	finish(p, fd, 0);
}

static void L13_established_data_beyond_window_acked_and_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1 + W, .ack = 1, .len = 10);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1 + FAR, .ack = 1, .len = 10);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = W);
	EXPECT_NONE(p);
	STAT(p, "tcp_out_of_window", 2);
	STAT(p, "tcp_ooo_segment", 0);
	char b[8];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), SYNACK_EAGAIN);
	finish(p, fd, 0);
}

/* The four acceptability cases at the right edge of the window. */
static void L13_established_window_edge_exact(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	/* One byte at RCV.NXT + RCV.WND - 1: in window, out of order, ACK at once. */
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = W, .ack = 1, .len = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	STAT(p, "tcp_ooo_segment", 1);
	STAT(p, "tcp_out_of_window", 0);
	/* One byte at RCV.NXT + RCV.WND: not acceptable. */
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1 + W, .ack = 1, .len = 1);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	STAT(p, "tcp_out_of_window", 1);
	/* Empty segments: RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND. */
	FEED(p, 30 * MS, .flags = ACK, .seq = W, .ack = 1);
	EXPECT_NONE(p);
	FEED(p, 40 * MS, .flags = ACK, .seq = 1 + W, .ack = 1);
	EXPECT(p, 40 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	STAT(p, "tcp_out_of_window", 2);
	finish(p, fd, 0);
}

static void L13_established_duplicate_data_acked_at_once(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10);
	/* before the delayed ACK (due at 50 ms), the same segment again */
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 11);
	peer_advance(p, 100 * MS);
	EXPECT_NONE(p);
	STAT(p, "tcp_dup_segment", 1);
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.unread, 10);
	finish(p, fd, 0);
}

static void L13_established_segment_without_ack_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = PSH, .seq = 1, .len = 5);
	FEED(p, 10 * MS, .flags = FIN, .seq = 1);
	peer_advance(p, 100 * MS);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	char b[8];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), SYNACK_EAGAIN);
	STAT(p, "tcp_bad_flags", 2);
	finish(p, fd, 0);
}

static void L15_established_fin_at_rcv_nxt_goes_close_wait(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	/* The ACK of a FIN is not delayed. */
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	char b[4];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 0);
	finish(p, fd, 0);
}

static void L13_established_fin_out_of_window_acked_and_ignored(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1 + FAR, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	FEED(p, 20 * MS, .flags = FIN | ACK, .seq = 0, .ack = 1);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	finish(p, fd, 0);
}

/* A FIN in the window but beyond RCV.NXT waits for the text before it. */
static void L13_established_fin_beyond_rcv_nxt_held_until_gap_fills(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 11, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 12);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	finish(p, fd, 0);
}

/* RFC 5961 7: challenge ACKs are rate limited (10 per second here). */
static void L13_established_challenge_acks_rate_limited(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	for (uint32_t i = 0; i < 11; i++)
		FEED(p, 10 * MS, .flags = RST, .seq = 100 + i);
	for (int i = 0; i < 10; i++)
		EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	STAT(p, "tcp_challenge_ack", 10);
	STAT(p, "tcp_challenge_ack_limited", 1);
	FEED(p, 1500 * MS, .flags = RST, .seq = 200);
	EXPECT(p, 1500 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	STAT(p, "tcp_challenge_ack", 11);
	assert_int_equal(state_of(p, fd), SYNACK_ESTABLISHED);
	finish(p, fd, 0);
}

/* With RFC 5961 switched off, RFC 9293's base rule: any RST in the
 * window resets. */
static void L13_established_rfc5961_off_rst_in_window_resets(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.recv_buffer = W;
	cfg.rfc5961 = false;
	struct peer *p = peer_new(&cfg, ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_ESTABLISHED, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 500);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNRESET);
	STAT(p, "tcp_challenge_ack", 0);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

/* ============================================== CLOSE-WAIT (3.10.7.4) */

static void L13_close_wait_rst_exact_resets(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSE_WAIT, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNRESET);
	STAT(p, "tcp_conn_reset", 1);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L13_close_wait_rst_in_window_challenge_ack_below_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSE_WAIT, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 100);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	/* at the FIN's own number, now RCV.NXT - 1: out of window */
	FEED(p, 20 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	STAT(p, "tcp_challenge_ack", 1);
	STAT(p, "tcp_rst_ignored", 1);
	finish(p, fd, 0);
}

static void L13_close_wait_syn_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSE_WAIT, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L15_close_wait_retransmitted_fin_acked_again(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSE_WAIT, 0);
	FEED(p, 200 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 200 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	STAT(p, "tcp_dup_segment", 1);
	finish(p, fd, 0);
}

/* Text after the peer's FIN "should not occur": ignored. */
static void L13_close_wait_text_after_fin_ignored(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSE_WAIT, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 2, .ack = 1, .len = 5);
	peer_advance(p, 100 * MS);
	EXPECT_NONE(p);
	char b[8];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 0);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	finish(p, fd, 0);
}

static void L13_close_wait_ack_of_unsent_and_out_of_window_get_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSE_WAIT, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2);
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 2 + FAR, .ack = 1, .len = 3);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSE_WAIT);
	STAT(p, "tcp_ack_unsent", 1);
	STAT(p, "tcp_out_of_window", 1);
	finish(p, fd, 0);
}

/* ============================================== FIN-WAIT-1 (3.10.7.4) */

static void L13_fin_wait_1_rst_exact_resets(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNRESET);
	/* no FIN retransmission afterwards */
	peer_advance(p, 10 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L13_fin_wait_1_rst_in_window_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 50);
	/* <SEQ=SND.NXT><ACK=RCV.NXT>: SND.NXT is past our FIN */
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1, .win = W);
	FEED(p, 10 * MS, .flags = RST, .seq = 1 + FAR);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_1);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L13_fin_wait_1_syn_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_1);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L13_fin_wait_1_ack_of_unsent_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 3);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_1);
	STAT(p, "tcp_ack_unsent", 1);
	finish(p, fd, 0);
}

static void L13_fin_wait_1_ack_below_fin_stays_ack_of_fin_moves(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_1);
	FEED(p, 20 * MS, .flags = ACK, .seq = 1, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_2);
	finish(p, fd, 0);
}

static void L16_fin_wait_1_fin_goes_closing(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_string_equal(path_of(p, conn_of(p, fd)),
			    "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING");
	finish(p, fd, 0);
}

/* A FIN whose ACK covers our FIN: straight to TIME-WAIT, for 2 MSL. */
static void L15_fin_wait_1_fin_acking_our_fin_goes_time_wait(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	uint32_t conn = conn_of(p, fd);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_TIME_WAIT);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_advance(p, 10 * MS + 60 * SEC - 1);
	assert_int_equal(closed_at(p, conn), UINT64_MAX);
	peer_advance(p, 10 * MS + 60 * SEC);
	assert_int_equal(closed_at(p, conn), 10 * MS + 60 * SEC);
	assert_string_equal(path_of(p, conn),
			    "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED");
	EXPECT_NONE(p);
	peer_free(p, 0);
}

static void L14_fin_wait_1_still_receives(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10);
	EXPECT(p, 50 * MS, .flags = ACK, .seq = 2, .ack = 11, .win = W - 10);
	EXPECT_NONE(p);
	char b[16];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 10);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_1);
	finish(p, fd, 0);
}

static void L13_fin_wait_1_out_of_window_text_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_1, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1 + FAR, .ack = 2, .len = 10);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	/* dropped whole: its ACK of our FIN was not taken either */
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_1);
	finish(p, fd, 0);
}

/* ============================================== FIN-WAIT-2 (3.10.7.4) */

static void L13_fin_wait_2_rst_exact_resets(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNRESET);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L13_fin_wait_2_rst_in_window_challenge_ack_out_of_window_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1, .win = W);
	FEED(p, 20 * MS, .flags = RST, .seq = 1 + W);
	FEED(p, 20 * MS, .flags = RST, .seq = 0);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_2);
	STAT(p, "tcp_challenge_ack", 1);
	STAT(p, "tcp_rst_ignored", 2);
	finish(p, fd, 0);
}

static void L13_fin_wait_2_syn_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 7);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_2);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L18_fin_wait_2_fin_goes_time_wait_for_2msl(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	uint32_t conn = conn_of(p, fd);
	FEED(p, 20 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 2, .ack = 2);
	assert_int_equal(state_of(p, fd), SYNACK_TIME_WAIT);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_advance(p, 20 * MS + 60 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 20 * MS + 60 * SEC);
	peer_free(p, 0);
}

static void L14_fin_wait_2_still_receives(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	FEED(p, 10 * MS, .flags = PSH | ACK, .seq = 1, .ack = 2, .len = 10);
	EXPECT(p, 50 * MS, .flags = ACK, .seq = 2, .ack = 11, .win = W - 10);
	EXPECT_NONE(p);
	char b[16];
	assert_int_equal(synack_recv(p->s, fd, b, sizeof b, 0), 10);
	finish(p, fd, 0);
}

static void L13_fin_wait_2_fin_beyond_rcv_nxt_held(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	FEED(p, 10 * MS, .flags = FIN | ACK, .seq = 11, .ack = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_2);
	finish(p, fd, 0);
}

static void L13_fin_wait_2_ack_of_unsent_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 3);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_FIN_WAIT_2);
	finish(p, fd, 0);
}

static void L19_fin_wait_2_orphan_times_out(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_FIN_WAIT_2, 0);
	uint32_t conn = conn_of(p, fd);
	peer_advance(p, 1 * SEC);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_advance(p, 61 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 61 * SEC);
	peer_free(p, 0);
}

/* ================================================= CLOSING (3.10.7.4) */

static void L16_closing_rst_exact_closes(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSING, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	assert_int_equal(closed_at(p, conn_of(p, fd)), 10 * MS);
	peer_advance(p, 10 * SEC); /* no FIN retransmission */
	EXPECT_NONE(p);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L16_closing_rst_in_window_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSING, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 3);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	FEED(p, 10 * MS, .flags = RST, .seq = 1); /* below RCV.NXT */
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSING);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L16_closing_syn_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSING, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSING);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L16_closing_ack_below_fin_ignored_ack_of_fin_time_wait(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSING, 0);
	uint32_t conn = conn_of(p, fd);
	FEED(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSING);
	FEED(p, 20 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_TIME_WAIT);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_advance(p, 20 * MS + 60 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 20 * MS + 60 * SEC);
	peer_free(p, 0);
}

static void L16_closing_retransmitted_fin_acked_again(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSING, 0);
	FEED(p, 100 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSING);
	finish(p, fd, 0);
}

static void L16_closing_ack_of_unsent_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_CLOSING, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 3);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSING);
	finish(p, fd, 0);
}

/* ================================================ LAST-ACK (3.10.7.4) */

static void L15_last_ack_ack_of_fin_closes(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_LAST_ACK, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), UINT64_MAX);
	FEED(p, 20 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 20 * MS);
	assert_string_equal(path_of(p, conn),
			    "SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	peer_free(p, 0);
}

static void L13_last_ack_rst_exact_closes(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_LAST_ACK, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_CLOSED);
	peer_advance(p, 10 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	peer_free(p, 0);
}

static void L13_last_ack_rst_in_window_challenge_ack_out_of_window_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_LAST_ACK, 0);
	FEED(p, 10 * MS, .flags = RST, .seq = 3);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	FEED(p, 10 * MS, .flags = RST, .seq = 2 + FAR);
	FEED(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_LAST_ACK);
	STAT(p, "tcp_challenge_ack", 1);
	STAT(p, "tcp_rst_ignored", 2);
	finish(p, fd, 0);
}

static void L13_last_ack_syn_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_LAST_ACK, 0);
	FEED(p, 10 * MS, .flags = SYN, .seq = 2);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_LAST_ACK);
	STAT(p, "tcp_challenge_ack", 1);
	finish(p, fd, 0);
}

static void L17_last_ack_retransmitted_fin_acked_again(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_LAST_ACK, 0);
	FEED(p, 100 * MS, .flags = FIN | ACK, .seq = 1, .ack = 1);
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_LAST_ACK);
	finish(p, fd, 0);
}

static void L13_last_ack_ack_of_unsent_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_LAST_ACK, 0);
	FEED(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 3);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_LAST_ACK);
	finish(p, fd, 0);
}

/* =============================================== TIME-WAIT (3.10.7.4) */

static void L18_time_wait_rst_ignored_rfc1337(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 1 * SEC, .flags = RST, .seq = 2);
	FEED(p, 2 * SEC, .flags = RST | ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	STAT(p, "tcp_timewait_rst_ignored", 2);
	/* TIME-WAIT is not cut short, nor made longer */
	peer_advance(p, 60 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 60 * SEC);
	peer_free(p, 0);
}

static void L18_time_wait_rst_in_window_not_exact_challenge_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 1 * SEC, .flags = RST, .seq = 40);
	EXPECT(p, 1 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	STAT(p, "tcp_challenge_ack", 1);
	peer_free(p, 60 * SEC);
}

static void L18_time_wait_rst_out_of_window_dropped(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 1 * SEC, .flags = RST, .seq = 1);
	FEED(p, 1 * SEC, .flags = RST, .seq = 2 + FAR);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	STAT(p, "tcp_rst_ignored", 2);
	peer_free(p, 60 * SEC);
}

/* L18 (a): the last ACK was lost, the FIN comes again: ACK it again and
 * restart the 2 MSL timer. */
static void L18_time_wait_retransmitted_fin_acked_timer_restarts(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 30 * SEC, .flags = FIN | ACK, .seq = 1, .ack = 2);
	EXPECT(p, 30 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	peer_advance(p, 60 * SEC);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	peer_advance(p, 90 * SEC);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 90 * SEC);
	peer_free(p, 0);
}

static void L18_time_wait_in_window_ack_ignored(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 1 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	/* ...but an ACK of data never sent is answered (RFC 5961 5.2) */
	FEED(p, 2 * SEC, .flags = ACK, .seq = 2, .ack = 3);
	EXPECT(p, 2 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	peer_free(p, 60 * SEC);
}

/* RFC 6191 / RFC 1122 4.2.2.13 without timestamps: a SYN above RCV.NXT
 * ends TIME-WAIT; the new ISN is above anything the old one used. */
static void L18_time_wait_syn_above_rcv_nxt_reopens_rfc6191(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 5 * SEC, .flags = SYN, .seq = 1000);
	/* old SND.NXT (ISS+2) + 65536 + 1, across the wrap */
	EXPECT(p, 5 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 1001);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 5 * SEC);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	STAT(p, "tcp_timewait_reused", 1);
	/* before the SYN,ACK retransmission due at 6 s */
	FEED(p, 5500 * MS, .flags = ACK, .seq = 1001, .ack = 65540);
	EXPECT_NONE(p);
	int nfd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(nfd >= 0);
	synack_info info;
	synack_get_info(p->s, nfd, &info);
	assert_int_equal(info.iss, ISS_WRAP + 65539u);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	finish(p, nfd, 0);
}

/* A SYN at or below RCV.NXT may be an old duplicate: TIME-WAIT stays and
 * the SYN is answered as RFC 9293 3.10.7.4 says for a SYN without
 * timestamps (first check: ACK; fourth check: challenge ACK). */
static void L18_time_wait_old_syn_gets_ack(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 5 * SEC, .flags = SYN, .seq = 0);
	EXPECT(p, 5 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	FEED(p, 6 * SEC, .flags = SYN, .seq = 2); /* = RCV.NXT, not above */
	EXPECT(p, 6 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	assert_int_equal(live_conns(p), 2); /* listener + TIME-WAIT */
	STAT(p, "tcp_timewait_reused", 0);
	peer_free(p, 60 * SEC);
}

/* TIME-WAIT of a connection that used timestamps: the peer's last TSval
 * is 200 (on its FIN).  Our FIN went out at t = 0. */
static int time_wait_with_ts(struct peer *p)
{
	peer_listen(p, 16);
	int fd = peer_accept_handshake(p, 0, &(struct tseg){.ts = true, .tsval = 100});
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_true(info.ts_ok);
	assert_int_equal(synack_shutdown(p->s, fd, SYNACK_SHUT_WR), SYNACK_OK);
	EXPECT(p, 0, .flags = FIN | ACK, .seq = 1, .ack = 1);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 2, .ts = true, .tsval = 150);
	FEED(p, 20 * MS, .flags = FIN | ACK, .seq = 1, .ack = 2, .ts = true, .tsval = 200);
	EXPECT(p, 20 * MS, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(state_of(p, fd), SYNACK_TIME_WAIT);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	return (int)info.conn;
}

/* RFC 6191: a newer timestamp reopens, whatever the sequence number. */
static void L18_time_wait_syn_newer_timestamp_reopens_rfc6191(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	uint32_t conn = (uint32_t)time_wait_with_ts(p);
	FEED(p, 5 * SEC, .flags = SYN, .seq = 0, .ts = true, .tsval = 300);
	EXPECT(p, 5 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 5 * SEC);
	STAT(p, "tcp_timewait_reused", 1);
	peer_free(p, 0);
}

/* RFC 6191 section 2, second bullet: the same timestamp and a sequence
 * number above the last one seen also reopen. */
static void L18_time_wait_syn_equal_timestamp_higher_seq_reopens_rfc6191(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	uint32_t conn = (uint32_t)time_wait_with_ts(p);
	FEED(p, 5 * SEC, .flags = SYN, .seq = 1000, .ts = true, .tsval = 200);
	EXPECT(p, 5 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 1001);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 5 * SEC);
	STAT(p, "tcp_timewait_reused", 1);
	peer_free(p, 0);
}

/* An older timestamp: an old duplicate.  TIME-WAIT stays.  RFC 6191 says
 * "silently drop"; RFC 9293 3.10.7.4 (fourth, TIME-WAIT) and RFC 5961
 * answer a SYN that is not a valid new connection with a challenge ACK,
 * as Linux does (PAWS reject -> TCP_TW_ACK).  We expect the ACK. */
static void L18_time_wait_syn_older_timestamp_not_reopened(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	uint32_t conn = (uint32_t)time_wait_with_ts(p);
	FEED(p, 5 * SEC, .flags = SYN, .seq = 1000, .ts = true, .tsval = 150);
	EXPECT(p, 5 * SEC, .flags = ACK, .seq = 2, .ack = 2);
	EXPECT_NONE(p);
	assert_int_equal(peer_state(p, conn), SYNACK_TIME_WAIT);
	STAT(p, "tcp_timewait_reused", 0);
	peer_free(p, 60 * SEC);
}

/* RFC 6191 section 2, "previous incarnation did not use Timestamps": if
 * timestamps would be enabled for the new incarnation, honor the SYN. */
static void L18_time_wait_untimestamped_then_syn_with_timestamp_reopens_rfc6191(void **state)
{
	(void)state;
	struct peer *p = fixture(ISS_WRAP, IRS_WRAP);
	int fd = open_in(p, SYNACK_TIME_WAIT, 0);
	uint32_t conn = conn_of(p, fd);
	assert_int_equal(synack_close(p->s, fd), SYNACK_OK);
	FEED(p, 5 * SEC, .flags = SYN, .seq = 0, .ts = true, .tsval = 1);
	EXPECT(p, 5 * SEC, .flags = SYN | ACK, .seq = 65539, .ack = 1);
	EXPECT_NONE(p);
	assert_int_equal(closed_at(p, conn), 5 * SEC);
	STAT(p, "tcp_timewait_reused", 1);
	peer_free(p, 0);
}

GROUP(states,
      /* CLOSED */
      cmocka_unit_test(L9_closed_port_syn_gets_rst_ack),
      cmocka_unit_test(L9_closed_port_syn_with_data_rst_acks_all_of_it),
      cmocka_unit_test(L9_closed_port_ack_gets_rst_at_seg_ack),
      cmocka_unit_test(L9_closed_port_rst_never_answered),
      cmocka_unit_test(L9_bound_socket_without_listen_answers_as_closed),
      cmocka_unit_test(L9_forgotten_connection_answers_rst),
      /* LISTEN */
      cmocka_unit_test(L9_listen_rst_ignored),
      cmocka_unit_test(L9_listen_ack_gets_rst_at_seg_ack),
      cmocka_unit_test(L9_listen_fin_or_bare_text_dropped),
      cmocka_unit_test(L9_listen_syn_across_the_wrap),
      /* SYN-SENT */
      cmocka_unit_test(L6_syn_sent_old_syn_ack_gets_rst_then_real_one_completes),
      cmocka_unit_test(L13_syn_sent_unacceptable_ack_gets_rst),
      cmocka_unit_test(L13_syn_sent_rst_without_acceptable_ack_ignored),
      cmocka_unit_test(L13_syn_sent_rst_acking_our_syn_refuses),
      cmocka_unit_test(L13_syn_sent_segment_without_syn_dropped),
      cmocka_unit_test(L5_syn_sent_syn_goes_syn_received),
      /* SYN-RECEIVED, active (simultaneous open) */
      cmocka_unit_test(L5_syn_received_simultaneous_syn_ack_establishes),
      cmocka_unit_test(L5_syn_received_active_rst_exact_refuses),
      cmocka_unit_test(L5_syn_received_active_syn_in_window_challenge_ack),
      /* SYN-RECEIVED, passive */
      cmocka_unit_test(L6_syn_received_rst_exact_returns_to_listen),
      cmocka_unit_test(L13_syn_received_rst_in_window_not_exact_challenge_ack),
      cmocka_unit_test(L13_syn_received_rst_out_of_window_dropped),
      cmocka_unit_test(L8_syn_received_retransmitted_syn_resends_syn_ack),
      cmocka_unit_test(L8_syn_received_retransmitted_syn_restarts_synack_timer),
      cmocka_unit_test(L13_syn_received_syn_in_window_returns_to_listen),
      cmocka_unit_test(L13_syn_received_unacceptable_ack_gets_rst),
      cmocka_unit_test(L13_syn_received_out_of_window_segment_gets_ack),
      cmocka_unit_test(L13_syn_received_segment_without_ack_dropped),
      cmocka_unit_test(L13_syn_received_fin_ack_goes_close_wait),
      /* ESTABLISHED */
      cmocka_unit_test(L13_established_rst_exact_resets),
      cmocka_unit_test(L13_established_rst_ack_exact_with_any_ack_resets),
      cmocka_unit_test(L13_established_rst_in_window_not_exact_challenge_ack),
      cmocka_unit_test(L13_established_rst_out_of_window_dropped),
      cmocka_unit_test(L13_established_syn_in_window_challenge_ack),
      cmocka_unit_test(L13_established_syn_out_of_window_gets_ack),
      cmocka_unit_test(L8_established_retransmitted_syn_ack_is_acked_again),
      cmocka_unit_test(L13_established_ack_of_unsent_data_acked_and_dropped),
      cmocka_unit_test(L13_established_ack_too_old_challenge_ack),
      cmocka_unit_test(L13_established_old_ack_within_max_window_accepted),
      cmocka_unit_test(L13_established_acceptable_ack_advances_across_wrap),
      cmocka_unit_test(L13_established_data_at_rcv_nxt_across_wrap),
      cmocka_unit_test(L13_established_data_beyond_window_acked_and_dropped),
      cmocka_unit_test(L13_established_window_edge_exact),
      cmocka_unit_test(L13_established_duplicate_data_acked_at_once),
      cmocka_unit_test(L13_established_segment_without_ack_dropped),
      cmocka_unit_test(L15_established_fin_at_rcv_nxt_goes_close_wait),
      cmocka_unit_test(L13_established_fin_out_of_window_acked_and_ignored),
      cmocka_unit_test(L13_established_fin_beyond_rcv_nxt_held_until_gap_fills),
      cmocka_unit_test(L13_established_challenge_acks_rate_limited),
      cmocka_unit_test(L13_established_rfc5961_off_rst_in_window_resets),
      /* CLOSE-WAIT */
      cmocka_unit_test(L13_close_wait_rst_exact_resets),
      cmocka_unit_test(L13_close_wait_rst_in_window_challenge_ack_below_dropped),
      cmocka_unit_test(L13_close_wait_syn_challenge_ack),
      cmocka_unit_test(L15_close_wait_retransmitted_fin_acked_again),
      cmocka_unit_test(L13_close_wait_text_after_fin_ignored),
      cmocka_unit_test(L13_close_wait_ack_of_unsent_and_out_of_window_get_ack),
      /* FIN-WAIT-1 */
      cmocka_unit_test(L13_fin_wait_1_rst_exact_resets),
      cmocka_unit_test(L13_fin_wait_1_rst_in_window_challenge_ack),
      cmocka_unit_test(L13_fin_wait_1_syn_challenge_ack),
      cmocka_unit_test(L13_fin_wait_1_ack_of_unsent_gets_ack),
      cmocka_unit_test(L13_fin_wait_1_ack_below_fin_stays_ack_of_fin_moves),
      cmocka_unit_test(L16_fin_wait_1_fin_goes_closing),
      cmocka_unit_test(L15_fin_wait_1_fin_acking_our_fin_goes_time_wait),
      cmocka_unit_test(L14_fin_wait_1_still_receives),
      cmocka_unit_test(L13_fin_wait_1_out_of_window_text_gets_ack),
      /* FIN-WAIT-2 */
      cmocka_unit_test(L13_fin_wait_2_rst_exact_resets),
      cmocka_unit_test(L13_fin_wait_2_rst_in_window_challenge_ack_out_of_window_dropped),
      cmocka_unit_test(L13_fin_wait_2_syn_challenge_ack),
      cmocka_unit_test(L18_fin_wait_2_fin_goes_time_wait_for_2msl),
      cmocka_unit_test(L14_fin_wait_2_still_receives),
      cmocka_unit_test(L13_fin_wait_2_fin_beyond_rcv_nxt_held),
      cmocka_unit_test(L13_fin_wait_2_ack_of_unsent_gets_ack),
      cmocka_unit_test(L19_fin_wait_2_orphan_times_out),
      /* CLOSING */
      cmocka_unit_test(L16_closing_rst_exact_closes),
      cmocka_unit_test(L16_closing_rst_in_window_challenge_ack),
      cmocka_unit_test(L16_closing_syn_challenge_ack),
      cmocka_unit_test(L16_closing_ack_below_fin_ignored_ack_of_fin_time_wait),
      cmocka_unit_test(L16_closing_retransmitted_fin_acked_again),
      cmocka_unit_test(L16_closing_ack_of_unsent_gets_ack),
      /* LAST-ACK */
      cmocka_unit_test(L15_last_ack_ack_of_fin_closes),
      cmocka_unit_test(L13_last_ack_rst_exact_closes),
      cmocka_unit_test(L13_last_ack_rst_in_window_challenge_ack_out_of_window_dropped),
      cmocka_unit_test(L13_last_ack_syn_challenge_ack),
      cmocka_unit_test(L17_last_ack_retransmitted_fin_acked_again),
      cmocka_unit_test(L13_last_ack_ack_of_unsent_gets_ack),
      /* TIME-WAIT */
      cmocka_unit_test(L18_time_wait_rst_ignored_rfc1337),
      cmocka_unit_test(L18_time_wait_rst_in_window_not_exact_challenge_ack),
      cmocka_unit_test(L18_time_wait_rst_out_of_window_dropped),
      cmocka_unit_test(L18_time_wait_retransmitted_fin_acked_timer_restarts),
      cmocka_unit_test(L18_time_wait_in_window_ack_ignored),
      cmocka_unit_test(L18_time_wait_syn_above_rcv_nxt_reopens_rfc6191),
      cmocka_unit_test(L18_time_wait_old_syn_gets_ack),
      cmocka_unit_test(L18_time_wait_syn_newer_timestamp_reopens_rfc6191),
      cmocka_unit_test(L18_time_wait_syn_equal_timestamp_higher_seq_reopens_rfc6191),
      cmocka_unit_test(L18_time_wait_syn_older_timestamp_not_reopened),
      cmocka_unit_test(L18_time_wait_untimestamped_then_syn_with_timestamp_reopens_rfc6191))
