/* L2, L14-L19: closing.  Two stacks on the simulated network, 10 ms each
 * way, every segment checked with its virtual time. */
#include <string.h>

#include "groups.h"
#include "net.h"

static const synack_sim_impair d10 = {.delay_ns = 10 * MS};

static char buf[4096];

/* Opens a connection and exchanges a 100-byte request and reply:
 * segments #0-#4, ending at 40 ms with the client holding the reply. */
static void open_and_exchange(struct net *n, int *cfd, int *sfd)
{
	net_listen(n, 8);
	*cfd = net_connect(n);
	assert_true(net_wait(n, C, *cfd, SYNACK_POLLOUT, SEC));
	assert_int_equal(net_now(n), 20 * MS);
	assert_int_equal(synack_send(n->st[C], *cfd, buf, 100, 0), 100);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	*sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(*sfd >= 0);
	assert_true(net_wait(n, S, *sfd, SYNACK_POLLIN, SEC));
	assert_int_equal(net_now(n), 30 * MS);
	assert_int_equal(synack_recv(n->st[S], *sfd, buf, sizeof buf, 0), 100);
	assert_int_equal(synack_send(n->st[S], *sfd, buf, 100, 0), 100);
	assert_true(net_wait(n, C, *cfd, SYNACK_POLLIN, SEC));
	assert_int_equal(net_now(n), 40 * MS);
	assert_int_equal(synack_recv(n->st[C], *cfd, buf, sizeof buf, 0), 100);
	NSEG(n, 0, .t = 0, .from = C, .flags = SYN, .seq = 0);
	NSEG(n, 1, .t = 10 * MS, .from = S, .flags = SYN | ACK, .seq = 0, .ack = 1);
	NSEG(n, 2, .t = 20 * MS, .from = C, .flags = ACK, .seq = 1, .ack = 1);
	NSEG(n, 3, .t = 20 * MS, .from = C, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	/* the reply carries the ACK of the request: no delayed ACK needed */
	NSEG(n, 4, .t = 30 * MS, .from = S, .flags = PSH | ACK, .seq = 1, .ack = 101, .len = 100);
}

static void L2_L15_four_way_close_client_first(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	int cfd, sfd;
	open_and_exchange(n, &cfd, &sfd);
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLRDHUP, SEC));
	net_run_until(n, 100 * MS);
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 0); /* EOF */
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_run_until(n, 200 * MS);

	/* u = 101, w = 101 (relative): FIN, ACK u+1, FIN, ACK w+1 */
	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 101);
	NSEG(n, 6, .t = 50 * MS, .from = S, .flags = ACK, .seq = 101, .ack = 102);
	NSEG(n, 7, .t = 100 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 102);
	NSEG(n, 8, .t = 110 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 102);
	assert_int_equal(n->nsegs, 9);

	char path[256];
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	assert_int_equal(net_state_time(n, C, SYNACK_FIN_WAIT_2), 60 * MS);
	assert_int_equal(net_state_time(n, C, SYNACK_TIME_WAIT), 110 * MS);
	assert_int_equal(net_state_time(n, S, SYNACK_CLOSED), 120 * MS);

	/* L18: TIME-WAIT lasts 2 MSL = 60 s, then the control block goes. */
	net_run_until(n, 110 * MS + 60 * SEC - 1);
	synack_stats st;
	synack_get_stats(n->st[C], &st);
	assert_int_equal(st.conns_live, 1);
	net_run_until(n, 110 * MS + 60 * SEC);
	assert_int_equal(net_state_time(n, C, SYNACK_CLOSED), 110 * MS + 60 * SEC);
	synack_get_stats(n->st[C], &st);
	assert_int_equal(st.conns_live, 0);
	net_free(n, 0);
}

static void close_on_eof(struct net *n, int node, int fd, uint32_t mask)
{
	if (node == S && fd != n->lfd && (mask & SYNACK_POLLRDHUP))
		assert_int_equal(synack_close(n->st[S], fd), SYNACK_OK);
}

static void L15_three_segment_close_when_app_closes_at_once(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	int cfd, sfd;
	open_and_exchange(n, &cfd, &sfd);
	n->on_ready = close_on_eof;
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	net_run_until(n, 200 * MS);
	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 101);
	/* The server closed on seeing EOF: its FIN carries the ACK of the
	 * client's FIN, so the close takes three segments. */
	NSEG(n, 6, .t = 50 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 102);
	NSEG(n, 7, .t = 60 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 102);
	assert_int_equal(n->nsegs, 8);
	char path[256];
	/* The ACK of our FIN and the peer's FIN came in one segment:
	 * FIN-WAIT-2 and TIME-WAIT at the same instant. */
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
	assert_int_equal(net_state_time(n, C, SYNACK_TIME_WAIT), 60 * MS);
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
	net_free(n, 61 * SEC);
}

static void L14_half_close_passive_side_keeps_sending(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	int cfd, sfd;
	open_and_exchange(n, &cfd, &sfd);
	/* The client is done sending, but not done receiving. */
	assert_int_equal(synack_shutdown(n->st[C], cfd, SYNACK_SHUT_WR), SYNACK_OK);
	assert_int_equal(synack_send(n->st[C], cfd, buf, 1, 0), SYNACK_EPIPE);
	assert_true(net_wait(n, S, sfd, SYNACK_POLLRDHUP, SEC));
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 0);
	/* In CLOSE-WAIT the server goes on sending: 3 segments of data. */
	net_run_until(n, 100 * MS);
	assert_int_equal(synack_send(n->st[S], sfd, buf, 3000, 0), 3000);
	assert_true(net_wait(n, C, cfd, SYNACK_POLLIN, SEC));
	net_run_until(n, 200 * MS);
	assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), 3000);
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_run_until(n, 300 * MS);
	assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), 0);

	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 101);
	NSEG(n, 6, .t = 50 * MS, .from = S, .flags = ACK, .seq = 101, .ack = 102);
	/* 3000 bytes: two full segments (1448 = 1460 - 12 bytes of TS) and 104 */
	NSEG(n, 7, .t = 100 * MS, .from = S, .flags = ACK, .seq = 101, .ack = 102, .len = 1448);
	NSEG(n, 8, .t = 100 * MS, .from = S, .flags = ACK, .seq = 1549, .ack = 102, .len = 1448);
	NSEG(n, 9, .t = 100 * MS, .from = S, .flags = PSH | ACK, .seq = 2997, .ack = 102, .len = 104);
	/* FIN-WAIT-2 still acknowledges data: every second segment at once,
	 * the third after the 40 ms delayed-ACK timer */
	NSEG(n, 10, .t = 110 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 2997);
	NSEG(n, 11, .t = 150 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 3101);
	NSEG(n, 12, .t = 200 * MS, .from = S, .flags = FIN | ACK, .seq = 3101, .ack = 102);
	NSEG(n, 13, .t = 210 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 3102);
	char path[256];
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
	synack_close(n->st[C], cfd);
	net_free(n, 61 * SEC);
}

static void L16_simultaneous_close(void **state)
{
	(void)state;
	struct net *n = net_new(NULL, NULL, &d10, &d10, 1);
	int cfd, sfd;
	open_and_exchange(n, &cfd, &sfd);
	/* the server's reply was ACKed by nobody yet; both close at 40 ms */
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_run_until(n, 200 * MS);
	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 101);
	NSEG(n, 6, .t = 40 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 101);
	NSEG(n, 7, .t = 50 * MS, .from = S, .flags = ACK, .seq = 102, .ack = 102);
	NSEG(n, 8, .t = 50 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 102);
	assert_int_equal(n->nsegs, 9);
	char path[256];
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
	assert_int_equal(net_state_time(n, C, SYNACK_TIME_WAIT), 60 * MS);
	assert_int_equal(net_state_time(n, S, SYNACK_TIME_WAIT), 60 * MS);
	net_free(n, 61 * SEC);
}

/* FreeBSD repeats its FIN on every ACK while the FIN is unacknowledged;
 * in a simultaneous close each end's answer to the other's FIN is then a
 * FIN,ACK whose FIN is old and whose ACK is new.  Its input trims the old
 * FIN and takes the ACK; dropping the whole segment (RFC 9293) made the
 * two ends trade FIN,ACKs forever, CLOSING on both sides (issue 17). */
static void L16_simultaneous_close_freebsd_takes_the_ack_in_a_repeated_fin(void **state)
{
	(void)state;
	synack_settings fb;
	synack_settings_personality(&fb, SYNACK_PERSONALITY_FREEBSD);
	struct net *n = net_new(&fb, &fb, &d10, &d10, 1);
	int cfd, sfd;
	open_and_exchange(n, &cfd, &sfd);
	assert_int_equal(synack_shutdown(n->st[C], cfd, SYNACK_SHUT_WR), SYNACK_OK);
	assert_int_equal(synack_shutdown(n->st[S], sfd, SYNACK_SHUT_WR), SYNACK_OK);
	net_run_until(n, 300 * MS);
	NSEG(n, 5, .t = 40 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 101);
	NSEG(n, 6, .t = 40 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 101);
	/* each ACKs the other's FIN and, its own unacknowledged, repeats it */
	NSEG(n, 7, .t = 50 * MS, .from = S, .flags = FIN | ACK, .seq = 101, .ack = 102);
	NSEG(n, 8, .t = 50 * MS, .from = C, .flags = FIN | ACK, .seq = 101, .ack = 102);
	/* the old FIN is trimmed, the ACK of ours taken: TIME-WAIT, and an
	 * ACK to resynchronise; TIME-WAIT does not answer a duplicate ACK */
	NSEG(n, 9, .t = 60 * MS, .from = C, .flags = ACK, .seq = 102, .ack = 102);
	NSEG(n, 10, .t = 60 * MS, .from = S, .flags = ACK, .seq = 102, .ack = 102);
	assert_int_equal(n->nsegs, 11);
	char path[256];
	assert_string_equal(net_state_path(n, C, 0, path, sizeof path),
			    "SYN-SENT ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
	assert_string_equal(net_state_path(n, S, 0, path, sizeof path),
			    "SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
	assert_int_equal(net_state_time(n, C, SYNACK_TIME_WAIT), 60 * MS);
	assert_int_equal(net_state_time(n, S, SYNACK_TIME_WAIT), 60 * MS);
	synack_close(n->st[C], cfd);
	synack_close(n->st[S], sfd);
	net_free(n, 61 * SEC);
}

/* Whatever the personalities on the two ends, and with or without link
 * delay, a simultaneous close reaches TIME-WAIT on both sides within a
 * few round trips, in a bounded number of segments. */
static void L16_simultaneous_close_every_personality_pair(void **state)
{
	(void)state;
	static const synack_sim_impair none = {0};
	const synack_sim_impair *links[] = {&none, &d10};
	for (int a = SYNACK_PERSONALITY_RFC; a <= SYNACK_PERSONALITY_FREEBSD; a++)
		for (int b = SYNACK_PERSONALITY_RFC; b <= SYNACK_PERSONALITY_FREEBSD; b++)
			for (int k = 0; k < 2; k++) {
				synack_settings ca, cb;
				synack_settings_personality(&ca, (synack_personality)a);
				synack_settings_personality(&cb, (synack_personality)b);
				struct net *n = net_new(&ca, &cb, links[k], links[k], 1);
				net_listen(n, 8);
				int cfd = net_connect(n);
				assert_true(net_wait(n, C, cfd, SYNACK_POLLOUT, SEC));
				assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
				int sfd = synack_accept(n->st[S], n->lfd, NULL);
				assert_true(sfd >= 0);
				net_run_until(n, net_now(n) + 500 * MS);
				uint64_t t0 = net_now(n);
				uint32_t segs0 = n->nsegs;
				synack_shutdown(n->st[C], cfd, SYNACK_SHUT_WR);
				synack_shutdown(n->st[S], sfd, SYNACK_SHUT_WR);
				net_run_until(n, t0 + 2 * SEC);
				uint64_t tc = net_state_time(n, C, SYNACK_TIME_WAIT);
				uint64_t ts = net_state_time(n, S, SYNACK_TIME_WAIT);
				if (tc == UINT64_MAX || ts == UINT64_MAX || tc > t0 + 1300 * MS ||
				    ts > t0 + 1300 * MS || n->nsegs - segs0 > 12) {
					print_error("%s vs %s, delay %d ms: TIME-WAIT at %lld / %lld ms, "
						    "%u segments\n",
						    synack_personality_name((synack_personality)a),
						    synack_personality_name((synack_personality)b), k * 10,
						    tc == UINT64_MAX ? -1 : (long long)((tc - t0) / MS),
						    ts == UINT64_MAX ? -1 : (long long)((ts - t0) / MS),
						    n->nsegs - segs0);
					net_print(n);
					fail();
				}
				synack_close(n->st[C], cfd);
				synack_close(n->st[S], sfd);
				net_free(n, 61 * SEC);
			}
}

GROUP(close,
      cmocka_unit_test(L2_L15_four_way_close_client_first),
      cmocka_unit_test(L15_three_segment_close_when_app_closes_at_once),
      cmocka_unit_test(L14_half_close_passive_side_keeps_sending),
      cmocka_unit_test(L16_simultaneous_close),
      cmocka_unit_test(L16_simultaneous_close_freebsd_takes_the_ack_in_a_repeated_fin),
      cmocka_unit_test(L16_simultaneous_close_every_personality_pair))
