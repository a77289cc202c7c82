/* Liveness: exchanges that a spoofed or replayed segment could turn into
 * an endless trade of ACKs between two stacks (issue 17, item 2).  Two
 * stacks joined with no link delay, as a fuzzer would join them; the
 * fixture fails a test on a storm (segments without time passing). */
#include <string.h>

#include "core/stack.h"
#include "groups.h"
#include "net.h"
#include "tcp/conn.h"

static uint8_t buf[65536];

/* A connection C -> S on a link without delay, 1000 bytes each way
 * delivered and acknowledged; returns at 1 s. */
static struct net *established(synack_personality pers, int *cfd, int *sfd)
{
	synack_settings cfg;
	synack_settings_personality(&cfg, pers);
	struct net *n = net_new(&cfg, &cfg, NULL, NULL, 1);
	net_listen(n, 8);
	*cfd = net_connect(n);
	assert_true(net_wait(n, C, *cfd, SYNACK_POLLOUT, SEC));
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
	*sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(*sfd >= 0);
	assert_int_equal(synack_send(n->st[C], *cfd, buf, 1000, 0), 1000);
	assert_int_equal(synack_send(n->st[S], *sfd, buf, 1000, 0), 1000);
	net_run_until(n, 1 * SEC);
	assert_int_equal(synack_recv(n->st[C], *cfd, buf, sizeof buf, 0), 1000);
	assert_int_equal(synack_recv(n->st[S], *sfd, buf, sizeof buf, 0), 1000);
	return n;
}

/* Crafts a segment as if `from` had sent it (relative numbers, as the
 * fixture's) and injects it into the network. */
static void spoof(struct net *n, int cfd, int from, uint8_t flags, uint32_t seq, uint32_t ack,
		  uint32_t len, uint16_t win, bool ts, uint32_t tsval)
{
	synack_endpoint ends[2];
	assert_int_equal(synack_local_endpoint(n->st[C], cfd, &ends[C]), SYNACK_OK);
	ends[S] = (synack_endpoint){synack_ipv4(10, 0, 0, 2), n->port};
	synack_segment g = {.src = ends[from], .dst = ends[1 - from],
			    .seq = n->isn[from] + seq, .ack = n->isn[1 - from] + ack,
			    .flags = flags, .window = win, .len = len, .wscale = -1,
			    .has_ts = ts, .tsval = tsval};
	uint8_t pkt[2048];
	size_t plen = synack_segment_build(&g, buf, pkt, sizeof pkt);
	assert_true(plen > 0);
	assert_int_equal(synack_sim_inject(n->sim, from, pkt, plen), SYNACK_OK);
}

/* The TSval of the last segment `side` sent. */
static uint32_t last_tsval(const struct net *n, int side)
{
	uint32_t tsval = 0;
	for (uint32_t i = 0; i < n->nsegs; i++)
		if (n->segs[i].from == side)
			tsval = n->segs[i].tsval;
	return tsval;
}

/* Segments logged since index `from`, and the last time one was sent. */
static uint32_t segs_since(const struct net *n, uint32_t from, uint64_t *last)
{
	*last = 0;
	for (uint32_t i = from; i < n->nsegs; i++)
		*last = n->segs[i].t;
	return n->nsegs - from;
}

/* 2a: one spoofed in-window segment with data (right ports, in-window
 * sequence number, acceptable ACK) makes the two ends disagree: S keeps
 * the bytes and ACKs data C never sent; C drops that ACK and answers it
 * with an ACK whose sequence number is old for S, which S answers again.
 * Without a limit the two traded ACKs without end at one instant (the
 * fixture's storm check failed here).  An ACK answering a pure ACK that
 * failed a check is rate limited (Linux's tcp_invalid_ratelimit): one
 * each, then silence, and the counter says so. */
static void liveness_spoofed_data_ack_war_is_rate_limited(void **state)
{
	(void)state;
	for (int k = SYNACK_PERSONALITY_RFC; k <= SYNACK_PERSONALITY_FREEBSD; k++) {
		int cfd, sfd;
		struct net *n = established((synack_personality)k, &cfd, &sfd);
		synack_info ci;
		synack_get_info(n->st[C], cfd, &ci);
		uint32_t before = n->nsegs;
		spoof(n, cfd, C, SYNACK_TH_ACK | SYNACK_TH_PSH, ci.snd_nxt - n->isn[C],
		      ci.rcv_nxt - n->isn[S], 100, 65535, false, 0);
		net_run_until(n, 10 * SEC);
		if (k == SYNACK_PERSONALITY_RFC) {
			NSEG(n, before, .t = 1 * SEC, .from = C, .flags = PSH | ACK, .seq = 1001,
			     .ack = 1001, .len = 100);
			/* S's delayed ACK covers the spoofed bytes */
			NSEG(n, before + 1, .t = 1040 * MS, .from = S, .flags = ACK, .seq = 1001,
			     .ack = 1101);
			/* C: an ACK of data never sent, answered once */
			NSEG(n, before + 2, .t = 1040 * MS, .from = C, .flags = ACK, .seq = 1001,
			     .ack = 1001);
			/* S: an old pure ACK, answered once */
			NSEG(n, before + 3, .t = 1040 * MS, .from = S, .flags = ACK, .seq = 1001,
			     .ack = 1101);
			assert_int_equal(n->nsegs, before + 4);
		}
		uint64_t last;
		uint32_t count = segs_since(n, before, &last);
		/* freebsd allows five a second: a few more, then silence too */
		assert_true(count <= 14);
		assert_true(last <= 2 * SEC);
		/* the side whose answer would have come next held it back */
		assert_true(peer_stat_of(n->st[C], "tcp_oow_ack_limited") +
				    peer_stat_of(n->st[S], "tcp_oow_ack_limited") >= 1);
		synack_abort(n->st[C], cfd);
		synack_abort(n->st[S], sfd);
		net_free(n, 200 * SEC);
	}
}

/* 2b: a segment replayed with a TSval from far ahead moves the
 * receiver's TS.Recent there, and every later segment of its sender then
 * fails PAWS.  With one replayed each way, each end answers the other's
 * every segment, pure ACKs included, with an ACK the other rejects in
 * turn: without a limit, a storm at one instant.  With it, the rest is
 * the retransmissions backing off, and the connection ends when they run
 * out (ETIMEDOUT on one side, its RST resetting the other). */
static void liveness_replayed_newer_timestamps_end_by_timeout(void **state)
{
	(void)state;
	for (int k = SYNACK_PERSONALITY_RFC; k <= SYNACK_PERSONALITY_FREEBSD; k++) {
		int cfd, sfd;
		struct net *n = established((synack_personality)k, &cfd, &sfd);
		synack_info ci;
		synack_get_info(n->st[C], cfd, &ci);
		assert_true(ci.ts_ok);
		uint32_t tsval[2] = {last_tsval(n, C), last_tsval(n, S)};
		uint32_t before = n->nsegs;
		spoof(n, cfd, C, SYNACK_TH_ACK, ci.snd_nxt - n->isn[C], ci.rcv_nxt - n->isn[S], 0,
		      65535, true, tsval[C] + 0x40000000u);
		spoof(n, cfd, S, SYNACK_TH_ACK, ci.rcv_nxt - n->isn[S], ci.snd_nxt - n->isn[C], 0,
		      65535, true, tsval[S] + 0x40000000u);
		net_run_until(n, 1100 * MS);
		assert_int_equal(synack_send(n->st[C], cfd, buf, 500, 0), 500);
		net_run_until(n, 20 * SEC);
		uint64_t last;
		assert_true(segs_since(n, before, &last) <= 80);
		assert_true(peer_stat_of(n->st[S], "tcp_paws_rejected") >= 5);
		assert_true(peer_stat_of(n->st[C], "tcp_oow_ack_limited") +
				    peer_stat_of(n->st[S], "tcp_oow_ack_limited") >= 1);
		net_run_until(n, 1200 * SEC);
		assert_int_equal(synack_get_error(n->st[C], cfd), SYNACK_ETIMEDOUT);
		assert_int_equal(synack_poll(n->st[S], sfd) & SYNACK_POLLERR, SYNACK_POLLERR);
		synack_close(n->st[C], cfd);
		synack_close(n->st[S], sfd);
		net_free(n, 200 * SEC);
	}
}

/* 2c: with a SACK hole at S, one spoofed ACK of everything with a zero
 * window makes C count the hole delivered.  After close its FIN lies
 * beyond what S has, and S answers each FIN with its old ACK.  Behind
 * the closed window snd_nxt stood at snd_una, so every such ACK sent
 * the FIN again: a storm.  Now only the persist timer resends it,
 * backing off, and once the application has closed, the probes run
 * out like retransmissions (Linux's orphan retries): the connection
 * ends. */
static void liveness_fin_behind_spoofed_zero_window_resent_by_timer_only(void **state)
{
	(void)state;
	for (int k = SYNACK_PERSONALITY_RFC; k <= SYNACK_PERSONALITY_FREEBSD; k++) {
		int cfd, sfd;
		struct net *n = established((synack_personality)k, &cfd, &sfd);
		synack_sim_link_stats ls;
		synack_sim_link_stats_get(n->sim, C, S, &ls);
		synack_sim_drop_nth(n->sim, C, S, (uint32_t)ls.sent + 1);
		assert_int_equal(synack_send(n->st[C], cfd, buf, 4000, 0), 4000);
		net_run_until(n, 1001 * MS);
		synack_info ci;
		synack_get_info(n->st[C], cfd, &ci);
		uint32_t before = n->nsegs;
		spoof(n, cfd, S, SYNACK_TH_ACK, ci.rcv_nxt - n->isn[S], ci.snd_nxt - n->isn[C], 0, 0,
		      false, 0);
		assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
		net_run_until(n, 20 * SEC);
		if (k == SYNACK_PERSONALITY_RFC) {
			NSEG(n, before, .t = 1001 * MS, .from = S, .flags = ACK, .seq = 1001,
			     .ack = 5001, .win = 0);
			NSEG(n, before + 1, .t = 1001 * MS, .from = C, .flags = FIN | ACK, .seq = 5001,
			     .ack = 1001);
			NSEG(n, before + 2, .t = 1001 * MS, .from = S, .flags = ACK, .seq = 1001,
			     .ack = 1001);
			/* the persist timer, backing off from the 200 ms RTO */
			const uint64_t at[] = {1201, 1601, 2401, 4001, 7201, 13601};
			for (uint32_t j = 0; j < 6; j++) {
				NSEG(n, before + 3 + 2 * j, .t = at[j] * MS, .from = C,
				     .flags = FIN | ACK, .seq = 5001, .ack = 1001);
				NSEG(n, before + 4 + 2 * j, .t = at[j] * MS, .from = S, .flags = ACK,
				     .seq = 1001, .ack = 1001);
			}
			assert_int_equal(n->nsegs, before + 15);
		}
		uint64_t last;
		assert_true(segs_since(n, before, &last) <= 20);
		net_run_until(n, 1200 * SEC);
		synack_stats st;
		synack_get_stats(n->st[C], &st);
		assert_int_equal(st.conns_live, 0); /* C gave up and was freed */
		synack_abort(n->st[S], sfd);
		net_free(n, 200 * SEC);
	}
}

/* Found by the two_stacks fuzz target: a spoofed FIN from C is taken by
 * a freebsd S, which closes in turn and repeats its FIN on every ACK.
 * Its FIN,ACK acknowledges a FIN C never sent: C drops it and answers;
 * S takes the ACK in C's old answer (FreeBSD's todrop) and answers it
 * with its FIN again.  Two holes let that run at one instant: the
 * answer to a wholly old pure ACK escaped the rate limit, and C answered
 * an ACK of unsent data whenever the segment carried a FIN.  Both answers
 * are now within the limit (Linux answers an ACK of unsent data with a
 * challenge ACK within its per-socket limit).  The exchange then runs on
 * S's FIN retransmissions until they run out. */
static void liveness_spoofed_fin_meets_a_fin_repeating_peer(void **state)
{
	(void)state;
	for (int k = SYNACK_PERSONALITY_RFC; k <= SYNACK_PERSONALITY_FREEBSD; k++) {
		synack_settings cc, sc;
		synack_settings_personality(&cc, (synack_personality)k);
		synack_settings_personality(&sc, SYNACK_PERSONALITY_FREEBSD);
		cc.timestamps = sc.timestamps = false;
		struct net *n = net_new(&cc, &sc, NULL, NULL, 1);
		net_listen(n, 8);
		int cfd = net_connect(n);
		assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, SEC));
		int sfd = synack_accept(n->st[S], n->lfd, NULL);
		assert_true(sfd >= 0);
		net_run_until(n, 1 * SEC);
		synack_info ci;
		synack_get_info(n->st[C], cfd, &ci);
		uint32_t before = n->nsegs;
		spoof(n, cfd, C, SYNACK_TH_FIN | SYNACK_TH_ACK, ci.snd_nxt - n->isn[C],
		      ci.rcv_nxt - n->isn[S], 0, 65535, false, 0);
		net_run_until(n, 1010 * MS);
		assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 0); /* the "FIN" */
		assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
		net_run_until(n, 20 * SEC);
		/* each of S's retransmissions starts an exchange that the
		 * limits stop (freebsd allows five a second) */
		uint64_t last;
		assert_true(segs_since(n, before, &last) <= 120);
		assert_true(peer_stat_of(n->st[C], "tcp_oow_ack_limited") +
				    peer_stat_of(n->st[S], "tcp_oow_ack_limited") >= 1);
		/* S's FIN retransmissions run out; its RST resets C */
		net_run_until(n, 1200 * SEC);
		assert_int_equal(synack_get_error(n->st[C], cfd), SYNACK_ECONNRESET);
		synack_close(n->st[C], cfd);
		net_free(n, 200 * SEC);
	}
}

/* Found by the fuzz target too: two freebsd stacks, and a replayed ACK
 * whose TSval is far ahead moves C's TS.Recent, so C's PAWS rejects S's
 * every segment.  Both close at once: C answers S's rejected FIN,ACK
 * (a FIN is always answered) with an ACK repeating its own FIN; S takes
 * that wholly old segment on FreeBSD's trim path and answered it with
 * its FIN again, exempt from the limit because of the old FIN in it: a
 * storm.  A wholly old segment holds no news, so its answer is always
 * within the limit; the close then ends on the retransmission limit. */
static void liveness_simultaneous_close_behind_a_replayed_timestamp(void **state)
{
	(void)state;
	int cfd, sfd;
	struct net *n = established(SYNACK_PERSONALITY_FREEBSD, &cfd, &sfd);
	synack_info ci;
	synack_get_info(n->st[C], cfd, &ci);
	uint32_t tsval = last_tsval(n, S);
	uint32_t before = n->nsegs;
	spoof(n, cfd, S, SYNACK_TH_ACK, ci.rcv_nxt - n->isn[S], ci.snd_nxt - n->isn[C], 0, 65535,
	      true, tsval + 0x40000000u);
	assert_int_equal(synack_close(n->st[C], cfd), SYNACK_OK);
	assert_int_equal(synack_close(n->st[S], sfd), SYNACK_OK);
	net_run_until(n, 20 * SEC);
	uint64_t last;
	assert_true(segs_since(n, before, &last) <= 120);
	assert_true(peer_stat_of(n->st[C], "tcp_paws_rejected") >= 1);
	assert_true(peer_stat_of(n->st[S], "tcp_oow_ack_limited") >= 1);
	net_free(n, 1200 * SEC); /* and both end */
}

/* The invariant the simulator checks after every step: a connection
 * with data in flight and no retransmission timer is named, with its
 * state and what it waits for; with the timer back it passes. */
static void liveness_invariant_check_names_a_stuck_connection(void **state)
{
	(void)state;
	int cfd, sfd;
	struct net *n = established(SYNACK_PERSONALITY_RFC, &cfd, &sfd);
	char why[256];
	assert_int_equal(synack_check_invariants(n->st[C], why, sizeof why), SYNACK_OK);
	assert_string_equal(why, "");
	struct synack_stack *s = n->st[C];
	assert_int_equal(synack_send(s, cfd, buf, 300, 0), 300);
	struct tcp_conn *c = s->fds[cfd];
	assert_true(timer_armed(&c->timers[TT_REXMT]));
	conn_timer_cancel(c, TT_REXMT);
	conn_timer_cancel(c, TT_TLP);
	assert_int_equal(synack_check_invariants(s, why, sizeof why), SYNACK_EINVAL);
	assert_non_null(strstr(why, "ESTABLISHED: 300 bytes in flight, no retransmission or persist timer"));
	conn_timer_arm(c, TT_REXMT, SEC);
	assert_int_equal(synack_check_invariants(s, why, sizeof why), SYNACK_OK);
	synack_abort(n->st[C], cfd);
	synack_abort(n->st[S], sfd);
	net_free(n, 200 * SEC);
}

GROUP(liveness, cmocka_unit_test(liveness_invariant_check_names_a_stuck_connection),
      cmocka_unit_test(liveness_spoofed_data_ack_war_is_rate_limited),
      cmocka_unit_test(liveness_replayed_newer_timestamps_end_by_timeout),
      cmocka_unit_test(liveness_fin_behind_spoofed_zero_window_resent_by_timer_only),
      cmocka_unit_test(liveness_spoofed_fin_meets_a_fin_repeating_peer),
      cmocka_unit_test(liveness_simultaneous_close_behind_a_replayed_timestamp))
