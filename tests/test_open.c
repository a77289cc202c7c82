/* L4-L8, L10: opening a connection, and everything that goes wrong. */
#include <stdio.h>
#include <string.h>

#include "groups.h"
#include "net.h"

static const synack_sim_impair d10 = {.delay_ns = 10 * MS};
static const synack_sim_impair lost = {.loss = 1.0, .delay_ns = 10 * MS};
static char buf[4096];

/* ---------------------------------------------------------------- L7 */

static void L7_lost_syn_backoff_1_3_7_then_etimedout(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &lost, &d10, 1);
	net_listen(n, 8);
	int fd = net_connect(n);
	assert_true(net_wait(n, C, fd, SYNACK_POLLERR, 200 * SEC));
	/* RFC 6298: initial RTO 1 s, doubling: 6 retries (Linux's default) */
	const uint64_t at[] = {0, 1, 3, 7, 15, 31, 63};
	for (uint32_t i = 0; i < 7; i++)
		NSEG(n, i, .t = at[i] * SEC, .from = C, .flags = SYN, .seq = 0,
		     .fate = SYNACK_SIM_LOST);
	assert_int_equal(n->nsegs, 7);
	/* the last wait is 64 s: the connect fails at 127 s */
	assert_int_equal(net_now(n), 127 * SEC);
	assert_int_equal(net_state_time(n, C, SYNACK_CLOSED), 127 * SEC);
	assert_int_equal(synack_get_error(n->st[C], fd), SYNACK_ETIMEDOUT);
	assert_int_equal(synack_get_error(n->st[C], fd), 0);
	char path[128];
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path), "SYN-SENT CLOSED");
	synack_stats st;
	synack_get_stats(n->st[C], &st);
	assert_int_equal(st.tcp_syn_retransmits, 6);
	assert_int_equal(st.tcp_conn_failed, 1);
	synack_close(n->st[C], fd);
	net_free(n, 0);
}

static char last_log[256];

static void keep_log(void *user, int node, int level, const char *msg)
{
	(void)user;
	(void)node;
	(void)level;
	snprintf(last_log, sizeof last_log, "%s", msg);
}

static void L7_lost_syn_retries_configurable(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.syn_retries = 2;
	cfg.initial_rto_ns = 3 * SEC;
	struct net *n = net_new(&cfg, NULL, &lost, &d10, 1);
	last_log[0] = 0;
	synack_sim_set_log(n->sim, keep_log, NULL);
	int fd = net_connect(n);
	assert_true(net_wait(n, C, fd, SYNACK_POLLERR, 200 * SEC));
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .fate = SYNACK_SIM_LOST);
	NSEG(n, 1, .t = 3 * SEC, .from = C, .flags = SYN, .fate = SYNACK_SIM_LOST);
	NSEG(n, 2, .t = 9 * SEC, .from = C, .flags = SYN, .fate = SYNACK_SIM_LOST);
	assert_int_equal(n->nsegs, 3);
	assert_int_equal(net_now(n), 21 * SEC);
	/* the log hook hears why */
	assert_non_null(strstr(last_log, "ETIMEDOUT"));
	assert_non_null(strstr(last_log, "SYN retries exhausted"));
	assert_int_equal(synack_send(n->st[C], fd, buf, 1, 0), SYNACK_ETIMEDOUT);
	synack_close(n->st[C], fd);
	net_free(n, 0);
}

static void L7_syn_answered_after_two_losses(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	synack_sim_drop_nth(n->sim, C, S, 1);
	synack_sim_drop_nth(n->sim, C, S, 2);
	net_listen(n, 8);
	int fd = net_connect(n);
	assert_true(net_wait(n, C, fd, SYNACK_POLLOUT, 10 * SEC));
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .fate = SYNACK_SIM_DROPPED);
	NSEG(n, 1, .t = 1 * SEC, .from = C, .flags = SYN, .fate = SYNACK_SIM_DROPPED);
	NSEG(n, 2, .t = 3 * SEC, .from = C, .flags = SYN);
	NSEG(n, 3, .t = 3 * SEC + 10 * MS, .from = S, .flags = SYN | ACK, .ack = 1);
	NSEG(n, 4, .t = 3 * SEC + 20 * MS, .from = C, .flags = ACK, .seq = 1, .ack = 1);
	synack_info info;
	synack_get_info(n->st[C], fd, &info);
	/* RFC 6298 5.7: no RTT sample from a retransmitted SYN; data
	 * starts with a 3 s RTO */
	assert_int_equal(info.rto_ns, 3 * SEC);
	synack_close(n->st[C], fd);
	net_free(n, 61 * SEC);
}

/* ---------------------------------------------------------------- L8 */

static void synack_backoff(uint64_t rto, const uint64_t *at, uint64_t drop_at)
{
	synack_settings scfg;
	synack_settings_default(&scfg);
	scfg.initial_rto_ns = rto;
	struct net *n = net_new(NULL, &scfg, &d10, &d10, 1);
	net_listen(n, 8);
	int fd = net_connect(n);
	net_run_until(n, 10 * MS); /* the SYN is in; from now on C->S is lost */
	synack_sim_set_impair(n->sim, C, S, &lost);
	assert_true(net_wait(n, C, fd, SYNACK_POLLOUT, SEC));
	net_run_until(n, drop_at + 1 * SEC);

	NSEG(n, 0, .t = 0, .from = C, .flags = SYN);
	NSEG(n, 1, .t = 10 * MS, .from = S, .flags = SYN | ACK, .ack = 1);
	NSEG(n, 2, .t = 20 * MS, .from = C, .flags = ACK, .seq = 1, .ack = 1, .fate = SYNACK_SIM_LOST);
	for (uint32_t i = 0; i < 5; i++) {
		/* each retransmitted SYN,ACK reaches the client, which is
		 * ESTABLISHED and answers with an ACK (lost again) */
		NSEG(n, 3 + 2 * i, .t = at[i], .from = S, .flags = SYN | ACK, .ack = 1);
		NSEG(n, 4 + 2 * i, .t = at[i] + 10 * MS, .from = C, .flags = ACK, .seq = 1, .ack = 1,
		     .fate = SYNACK_SIM_LOST);
	}
	assert_int_equal(n->nsegs, 13);
	/* synack_retries = 5: the half-open entry goes after the last wait */
	assert_int_equal(net_state_time(n, S, SYNACK_CLOSED), drop_at);
	char path[128];
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path), "SYN-RECEIVED CLOSED");
	synack_stats st;
	synack_get_stats(n->st[S], &st);
	assert_int_equal(st.tcp_synack_retransmits, 5);
	assert_int_equal(st.tcp_halfopen_dropped, 1);
	assert_int_equal(st.conns_live, 1); /* only the listener */

	/* The client thinks it is ESTABLISHED.  Its data meets no
	 * connection: the server answers RST and the client is reset. */
	synack_sim_set_impair(n->sim, C, S, &d10);
	uint64_t t = net_now(n);
	assert_int_equal(synack_send(n->st[C], fd, buf, 100, 0), 100);
	assert_true(net_wait(n, C, fd, SYNACK_POLLERR, t + SEC));
	NSEG(n, 13, .t = t, .from = C, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	NSEG(n, 14, .t = t + 10 * MS, .from = S, .flags = RST, .seq = 1);
	assert_int_equal(synack_recv(n->st[C], fd, buf, sizeof buf, 0), SYNACK_ECONNRESET);
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path), "SYN-SENT ESTABLISHED CLOSED");
	synack_close(n->st[C], fd);
	net_free(n, 0);
}

static void L8_synack_backoff_initial_rto_1s(void **state)
{
	(void)state;
	const uint64_t at[] = {1010 * MS, 3010 * MS, 7010 * MS, 15010 * MS, 31010 * MS};
	synack_backoff(1 * SEC, at, 63010 * MS);
}

static void L8_synack_backoff_initial_rto_3s(void **state)
{
	(void)state;
	const uint64_t at[] = {3010 * MS, 9010 * MS, 21010 * MS, 45010 * MS, 93010 * MS};
	synack_backoff(3 * SEC, at, 189010 * MS);
}

static void L8_data_completes_handshake_in_syn_received(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	synack_sim_drop_nth(n->sim, C, S, 2); /* the third segment of the handshake */
	net_listen(n, 8);
	int cfd = net_connect(n);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLOUT, SEC));
	assert_int_equal(synack_send(n->st[C], cfd, "hello", 5, 0), 5);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(sfd >= 0);
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 5);
	assert_memory_equal(buf, "hello", 5);
	NSEG(n, 2, .t = 20 * MS, .from = C, .flags = ACK, .seq = 1, .ack = 1, .fate = SYNACK_SIM_DROPPED);
	NSEG(n, 3, .t = 20 * MS, .from = C, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 5);
	/* the data's ACK completed the handshake at 30 ms */
	assert_int_equal(net_state_time(n, S, SYNACK_ESTABLISHED), 30 * MS);
	synack_abort(n->st[C], cfd);
	synack_close(n->st[S], sfd);
	net_free(n, SEC);
}

/* ---------------------------------------------------------------- L4 */

static void send_on_connect(struct net *n, int node, int fd, uint32_t mask)
{
	if (node == C && (mask & SYNACK_POLLOUT) && !n->user) {
		n->user = n;
		assert_int_equal(synack_send(n->st[C], fd, "GET / HTTP/1.0\r\n\r\n", 18, 0), 18);
	}
}

static void L4_data_on_the_third_segment(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	n->on_ready = send_on_connect;
	net_listen(n, 8);
	int cfd = net_connect(n);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 18);
	/* The client wrote as soon as it was connected: the third segment
	 * of the handshake carries the request. */
	NSEG(n, 2, .t = 20 * MS, .from = C, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 18);
	assert_int_equal(n->nsegs, 3);
	assert_int_equal(net_state_time(n, S, SYNACK_ESTABLISHED), 30 * MS);
	synack_abort(n->st[C], cfd);
	synack_close(n->st[S], sfd);
	net_free(n, SEC);
}

static void L4_data_on_syn_waits_for_the_handshake(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 2000);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .len = 50);
	/* ack = 1: the SYN is acknowledged, its data is not */
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	assert_int_equal(peer_stat(p, "tcp_syn_data_dropped"), 1);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	assert_int_equal(synack_recv(p->s, fd, buf, sizeof buf, 0), SYNACK_EAGAIN);
	/* the peer sends the data again; now it is delivered */
	FEED(p, 20 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 50);
	assert_int_equal(synack_recv(p->s, fd, buf, sizeof buf, 0), 50);
	EXPECT(p, 60 * MS, .flags = ACK, .seq = 1, .ack = 51);
	synack_abort(p->s, fd);
	EXPECT(p, 60 * MS, .flags = RST | ACK, .seq = 1, .ack = 51);
	peer_free(p, 0);
}

/* ---------------------------------------------------------------- L5 */

static void L5_simultaneous_open(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	int fd[2];
	for (int i = 0; i < 2; i++) {
		fd[i] = synack_socket(n->st[i]);
		synack_endpoint local = {.addr = synack_ipv4(10, 0, 0, (uint8_t)(1 + i)),
					 .port = (uint16_t)(5000 + i)};
		synack_endpoint remote = {.addr = synack_ipv4(10, 0, 0, (uint8_t)(2 - i)),
					  .port = (uint16_t)(5001 - i)};
		assert_int_equal(synack_bind(n->st[i], fd[i], &local), SYNACK_OK);
		assert_int_equal(synack_connect(n->st[i], fd[i], &remote), SYNACK_EINPROGRESS);
	}
	net_run_until(n, SEC);
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .seq = 0);
	NSEG(n, 1, .t = 0, .from = S, .flags = SYN, .seq = 0);
	/* each SYN meets SYN-SENT: SYN-RECEIVED, and a SYN,ACK with the
	 * original ISN (RFC 9293 Figure 7) */
	NSEG(n, 2, .t = 10 * MS, .from = S, .flags = SYN | ACK, .seq = 0, .ack = 1);
	NSEG(n, 3, .t = 10 * MS, .from = C, .flags = SYN | ACK, .seq = 0, .ack = 1);
	assert_int_equal(n->nsegs, 4);
	char path[128];
	for (int i = 0; i < 2; i++) {
		assert_string_equal(net_state_path(n, i, 0, path, sizeof path),
				    "SYN-SENT SYN-RECEIVED ESTABLISHED");
		assert_int_equal(net_state_time(n, i, SYNACK_ESTABLISHED), 20 * MS);
		assert_true(synack_poll(n->st[i], fd[i]) & SYNACK_POLLOUT);
	}
	/* and data flows */
	assert_int_equal(synack_send(n->st[C], fd[C], "x", 1, 0), 1);
	assert_true(net_wait(n, S, fd[S], SYNACK_POLLIN, 2 * SEC));
	for (int i = 0; i < 2; i++)
		synack_abort(n->st[i], fd[i]);
	net_free(n, SEC);
}

/* ---------------------------------------------------------------- L6 */

static void L6_old_duplicate_syn_server_returns_to_listen(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 70000, 1000);
	peer_listen(p, 4);
	/* an old SYN (ISN 1000) from an attempt the client abandoned */
	FEED(p, 0, .flags = SYN, .seq = 0);
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	assert_int_equal(peer_stat(p, "conns_live"), 2);
	/* the client has no such connection: RST <SEQ=SEG.ACK> */
	FEED(p, 10 * MS, .flags = RST, .seq = 1);
	EXPECT_NONE(p);
	char path[128];
	assert_string_equal(peer_state_path(p, 0, path, sizeof path), "SYN-RECEIVED CLOSED");
	assert_int_equal(peer_stat(p, "conns_live"), 1); /* the listener: nothing held */
	/* the client's real SYN (a new ISN) then succeeds */
	p->peer_isn = 900000;
	FEED(p, 20 * MS, .flags = SYN, .seq = 0);
	EXPECT(p, 20 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 30 * MS, .flags = ACK, .seq = 1, .ack = 1);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	synack_abort(p->s, fd);
	EXPECT(p, 30 * MS, .flags = RST | ACK, .seq = 1, .ack = 1);
	peer_free(p, 0);
}

static void L6_client_answers_stale_synack_with_rst(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 4000, 8000);
	int fd = peer_connect(p);
	EXPECT(p, 0, .flags = SYN, .seq = 0);
	/* a SYN,ACK acknowledging some older ISN, not ours + 1 */
	FEED(p, 5 * MS, .flags = SYN | ACK, .seq = 0, .ack = 3001);
	/* RFC 9293 3.10.7.3: <SEQ=SEG.ACK><CTL=RST>; still SYN-SENT */
	EXPECT(p, 5 * MS, .flags = RST, .seq = 3001);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_SENT);
	FEED(p, 10 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	EXPECT(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	synack_abort(p->s, fd);
	EXPECT(p, 10 * MS, .flags = RST | ACK, .seq = 1, .ack = 1);
	peer_free(p, 0);
}

/* --------------------------------------------------------------- L10 */

static void L10_syn_flood_bounded_then_cookies(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.syn_backlog = 4;
	struct peer *p = peer_new(&cfg, 1000, 2000);
	peer_listen(p, 8);
	for (uint16_t i = 0; i < 1000; i++)
		FEED(p, 0, .flags = SYN, .seq = 0, .sport = (uint16_t)(20000 + i), .mss = 1460,
		     .ts = true, .tsval = 7, .sackok = true, .wscale = WS(7));
	/* four half-open entries, then stateless cookies */
	assert_int_equal(peer_stat(p, "conns_live"), 1 + 4);
	assert_int_equal(peer_stat(p, "tcp_syncookies_sent"), 996);
	for (int i = 0; i < 4; i++)
		EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	uint32_t cookie = 0, cookie_ts = 0;
	for (int i = 4; i < 1000; i++) {
		EXPECT(p, 0, .flags = SYN | ACK, .any_seq = true, .ack = 1,
		       .opts = "mss,sackOK,TS,nop,wscale");
		if (i == 500) {
			cookie = p->last_seq; /* the SYN,ACK to port 20500 */
			cookie_ts = p->last_tsval;
		}
	}
	assert_int_not_equal(cookie, p->iss); /* not the ISN of a stored entry */
	/* A legitimate client behind the flood completes with its cookie; the
	 * echoed timestamp brings back window scaling and SACK. */
	FEED(p, 50 * MS, .flags = ACK, .abs = true, .seq = p->peer_isn + 1, .ack = cookie + 1,
	     .sport = 20500, .ts = true, .tsval = 8, .tsecr = cookie_ts);
	assert_int_equal(peer_stat(p, "tcp_syncookies_ok"), 1);
	EXPECT_NONE(p);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	assert_int_equal(info.iss, cookie);
	assert_int_equal(info.snd_mss, 1460);
	assert_true(info.sack_ok && info.ts_ok && info.wscale_ok);
	assert_int_equal(info.snd_wscale, 7);
	/* data right after the cookie's ACK is in the window the cookie
	 * SYN,ACK offered (found by the syn-flood scenario: it was trimmed
	 * to a zero window and only the ACK of the SYN came back) */
	FEED(p, 55 * MS, .flags = PSH | ACK, .abs = true, .seq = p->peer_isn + 1, .ack = cookie + 1,
	     .sport = 20500, .len = 18, .ts = true, .tsval = 9, .tsecr = cookie_ts);
	EXPECT(p, 95 * MS, .flags = ACK, .abs = true, .seq = cookie + 1, .ack = p->peer_isn + 19);
	/* a forged ACK (wrong cookie) gets a RST */
	FEED(p, 95 * MS, .flags = ACK, .abs = true, .seq = p->peer_isn + 1, .ack = cookie + 99,
	     .sport = 20501);
	EXPECT(p, 95 * MS, .flags = RST, .abs = true, .seq = cookie + 99);
	assert_int_equal(peer_stat(p, "tcp_syncookies_failed"), 1);
	synack_abort(p->s, fd);
	EXPECT(p, 95 * MS, .flags = RST | ACK, .abs = true, .seq = cookie + 1, .ack = p->peer_isn + 19);
	peer_free(p, 100 * SEC);
}


static void L10_accept_queue_full_completing_ack_waits(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000, 2000);
	peer_listen(p, 2);
	/* two connections complete and wait to be accepted */
	for (uint16_t i = 0; i < 2; i++) {
		FEED(p, i * MS, .flags = SYN, .seq = 0, .sport = (uint16_t)(30000 + i));
		EXPECT(p, i * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
		FEED(p, i * MS, .flags = ACK, .seq = 1, .ack = 1, .sport = (uint16_t)(30000 + i));
	}
	assert_true(synack_poll(p->s, p->listen_fd) & SYNACK_POLLIN);
	/* a third handshake: its SYN is refused while the queue is full */
	FEED(p, 2 * MS, .flags = SYN, .seq = 0, .sport = 30002);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_listen_overflow"), 1);
	/* the application accepts one: room again */
	int a = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(a >= 0);
	FEED(p, 3 * MS, .flags = SYN, .seq = 0, .sport = 30002);
	EXPECT(p, 3 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	/* a fourth SYN gets a half-open entry while the queue has room... */
	FEED(p, 4 * MS, .flags = SYN, .seq = 0, .sport = 30003);
	EXPECT(p, 4 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 5 * MS, .flags = ACK, .seq = 1, .ack = 1, .sport = 30002);
	/* ...but when its ACK comes the queue is full again: the ACK is
	 * ignored (as Linux does), the entry stays SYN-RECEIVED and its
	 * SYN,ACK is sent again when the timer fires */
	FEED(p, 6 * MS, .flags = ACK, .seq = 1, .ack = 1, .sport = 30003);
	EXPECT_NONE(p);
	assert_int_equal(peer_stat(p, "tcp_listen_overflow"), 2);
	EXPECT(p, 4 * MS + 1 * SEC, .flags = SYN | ACK, .seq = 0, .ack = 1);
	int b = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(b >= 0);
	FEED(p, 2 * SEC, .flags = ACK, .seq = 1, .ack = 1, .sport = 30003);
	EXPECT_NONE(p);
	int c = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(c >= 0);
	synack_endpoint peer;
	assert_int_equal(synack_peer_endpoint(p->s, c, &peer), SYNACK_OK);
	assert_int_equal(peer.port, 30002); /* accepted in the order they completed */
	synack_abort(p->s, a);
	synack_abort(p->s, b);
	synack_abort(p->s, c);
	/* closing the listener resets the connection nobody accepted (30003) */
	p->out_next = p->out_len;
	synack_close(p->s, p->listen_fd);
	p->listen_fd = -1;
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 1, .ack = 1);
	EXPECT_NONE(p);
	peer_free(p, 0);
}

/* The simulator's scripted delay: the client's SYN takes 30 ms longer,
 * so everything after it moves with it. */
static void sim_delay_nth_holds_one_datagram(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	assert_int_equal(synack_sim_delay_nth(n->sim, C, S, 1, 30 * MS), SYNACK_OK);
	assert_int_equal(synack_sim_delay_nth(n->sim, C, S, 0, 30 * MS), SYNACK_EINVAL);
	net_listen(n, 8);
	int fd = net_connect(n);
	assert_true(net_wait(n, C, fd, SYNACK_POLLOUT, 10 * SEC));
	assert_int_equal(net_now(n), 50 * MS);
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN);
	NSEG(n, 1, .t = 40 * MS, .from = S, .flags = SYN | ACK, .ack = 1);
	synack_close(n->st[C], fd);
	net_free(n, 61 * SEC);
}

/* L6 over the simulator with a crafted datagram: an old SYN from the
 * client's endpoint (another ISN) reaches the server first; the client,
 * whose SYN is late, answers the server's SYN,ACK with RST; the server
 * forgets the half-open connection and the real handshake follows. */
static void L6_old_duplicate_syn_injected_over_the_sim(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	synack_sim_delay_nth(n->sim, C, S, 2, 40 * MS); /* datagram 1 is the injected SYN */
	net_listen(n, 8);
	synack_endpoint cep = {.addr = synack_ipv4(10, 0, 0, 1), .port = 40000};
	int fd = synack_socket(n->st[C]);
	synack_bind(n->st[C], fd, &cep);
	synack_segment old = {.src = cep, .dst = {synack_ipv4(10, 0, 0, 2), 80}, .seq = n->isn[C] - 1000000,
			      .flags = SYN, .window = 65535, .mss = 1460, .wscale = -1};
	uint8_t pkt[128];
	size_t len = synack_segment_build(&old, NULL, pkt, sizeof pkt);
	assert_int_equal(synack_sim_inject(n->sim, C, pkt, len), SYNACK_OK);
	synack_endpoint sep = {.addr = synack_ipv4(10, 0, 0, 2), .port = 80};
	assert_int_equal(synack_connect(n->st[C], fd, &sep), SYNACK_EINPROGRESS);
	assert_true(net_wait(n, C, fd, SYNACK_POLLOUT, 10 * SEC));
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .seq = n->isn[C] - 1000000, .abs = true);
	NSEG(n, 1, .t = 0, .from = C, .flags = SYN, .seq = 0);
	/* the server answers the old SYN: ack = old ISN + 1 */
	NSEG(n, 2, .t = 10 * MS, .from = S, .flags = SYN | ACK, .seq = n->isn[S], .ack = n->isn[C] - 999999,
	     .abs = true);
	/* the client in SYN-SENT sees an ACK of nothing it sent: RST seq = SEG.ACK */
	NSEG(n, 3, .t = 20 * MS, .from = C, .flags = RST, .seq = n->isn[C] - 999999, .abs = true);
	/* the server is back in LISTEN when the real SYN arrives (50 ms) */
	NSEG(n, 4, .t = 50 * MS, .from = S, .flags = SYN | ACK, .ack = 1);
	NSEG(n, 5, .t = 60 * MS, .from = C, .flags = ACK, .seq = 1, .ack = 1);
	synack_close(n->st[C], fd);
	net_free(n, 61 * SEC);
}

GROUP(open,
      cmocka_unit_test(sim_delay_nth_holds_one_datagram),
      cmocka_unit_test(L6_old_duplicate_syn_injected_over_the_sim),
      cmocka_unit_test(L7_lost_syn_backoff_1_3_7_then_etimedout),
      cmocka_unit_test(L7_lost_syn_retries_configurable),
      cmocka_unit_test(L7_syn_answered_after_two_losses),
      cmocka_unit_test(L8_synack_backoff_initial_rto_1s),
      cmocka_unit_test(L8_synack_backoff_initial_rto_3s),
      cmocka_unit_test(L8_data_completes_handshake_in_syn_received),
      cmocka_unit_test(L4_data_on_the_third_segment),
      cmocka_unit_test(L4_data_on_syn_waits_for_the_handshake),
      cmocka_unit_test(L5_simultaneous_open),
      cmocka_unit_test(L6_old_duplicate_syn_server_returns_to_listen),
      cmocka_unit_test(L6_client_answers_stale_synack_with_rst),
      cmocka_unit_test(L10_syn_flood_bounded_then_cookies),
      cmocka_unit_test(L10_accept_queue_full_completing_ack_waits))
