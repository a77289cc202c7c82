/* L11 at scale: bulk transfer both ways under loss, reordering and
 * duplication, byte for byte; many connections leaving nothing behind;
 * the same seed giving the same run. */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "net.h"

/* A byte stream that is a pure function of its offset: no copy needed
 * to check what arrives. */
static uint8_t pattern(int side, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ull + (uint64_t)side * 0x51ed27;
	return (uint8_t)(x >> 29);
}

struct flow {
	synack_stack *s;
	int fd;
	int side;               /* which pattern it sends */
	uint64_t tx_total, tx_off;
	uint64_t rx_total, rx_off;
	bool shut, eof, bad;
};

static void pump(struct flow *f)
{
	uint8_t buf[16384];
	while (f->tx_off < f->tx_total) {
		size_t want = f->tx_total - f->tx_off < sizeof buf ? (size_t)(f->tx_total - f->tx_off) : sizeof buf;
		for (size_t i = 0; i < want; i++)
			buf[i] = pattern(f->side, f->tx_off + i);
		long n = synack_send(f->s, f->fd, buf, want, 0);
		if (n <= 0)
			break;
		f->tx_off += (uint64_t)n;
	}
	if (f->tx_off == f->tx_total && !f->shut) {
		assert_int_equal(synack_shutdown(f->s, f->fd, SYNACK_SHUT_WR), SYNACK_OK);
		f->shut = true;
	}
	for (;;) {
		long n = synack_recv(f->s, f->fd, buf, sizeof buf, 0);
		if (n == 0) {
			f->eof = true;
			break;
		}
		if (n < 0)
			break;
		for (long i = 0; i < n; i++)
			if (buf[i] != pattern(1 - f->side, f->rx_off + (uint64_t)i))
				f->bad = true;
		f->rx_off += (uint64_t)n;
	}
}

/* Opens a connection, moves `bytes` each way at once, closes both ends;
 * returns the virtual time it took. */
static uint64_t transfer(struct net *n, uint64_t bytes, uint64_t deadline)
{
	net_listen(n, 4);
	int cfd = net_connect(n);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, 600 * SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_true(sfd >= 0);
	struct flow f[2] = {
		{.s = n->st[C], .fd = cfd, .side = 0, .tx_total = bytes, .rx_total = bytes},
		{.s = n->st[S], .fd = sfd, .side = 1, .tx_total = bytes, .rx_total = bytes},
	};
	uint64_t start = net_now(n);
	while (!(f[0].eof && f[1].eof) && net_now(n) < deadline) {
		pump(&f[0]);
		pump(&f[1]);
		if (!synack_sim_step(n->sim))
			break;
	}
	for (int i = 0; i < 2; i++) {
		assert_false(f[i].bad);
		assert_int_equal(f[i].rx_off, bytes);
		assert_true(f[i].eof);
	}
	uint64_t took = net_now(n) - start;
	synack_close(n->st[C], cfd);
	synack_close(n->st[S], sfd);
	return took;
}

static void L11_bulk_10MiB_both_ways_loss_reorder_duplication(void **state)
{
	(void)state;
	const synack_sim_impair bad = {.loss = 0.10, .delay_ns = 5 * MS, .jitter_ns = 1 * MS,
				       .reorder = 0.05, .reorder_delay_ns = 4 * MS,
				       .duplicate = 0.02};
	struct net *n = net_new(NULL, NULL, &bad, &bad, 7);
	n->log_full = true; /* too many segments to keep */
	transfer(n, 10u << 20, 3600 * SEC);
	synack_sim_link_stats ls;
	synack_sim_link_stats_get(n->sim, C, S, &ls);
	assert_true(ls.lost > 500 && ls.reordered > 100 && ls.duplicated > 50);
	synack_stats st;
	synack_get_stats(n->st[C], &st);
	assert_true(st.tcp_retransmits > 0);
	assert_true(st.tcp_fast_retransmits > 0);
	assert_true(st.tcp_ooo_segment > 0);
	assert_true(st.tcp_dup_segment > 0);
	net_free(n, 300 * SEC);
}

/* RFC 3168 end to end: a router marks 5% of ECN-capable datagrams CE
 * instead of dropping them.  With ECN the senders slow down without a
 * single retransmission; without it nothing is ECN-capable, nothing is
 * marked, and nothing slows them: the same transfer is faster. */
static void L11_bulk_ecn_marks_slow_the_sender_without_loss(void **state)
{
	(void)state;
	const synack_sim_impair aqm = {.delay_ns = 5 * MS, .ce_mark = 0.05};
	uint64_t took[2] = {0, 0};
	for (int use = 1; use >= 0; use--) {
		synack_settings ccfg;
		synack_settings_default(&ccfg);
		ccfg.ecn = use ? SYNACK_ECN_ON : SYNACK_ECN_OFF; /* the server accepts it */
		struct net *n = net_new(&ccfg, NULL, &aqm, &aqm, 11);
		n->log_full = true;
		took[use] = transfer(n, 2u << 20, 600 * SEC);
		synack_sim_link_stats ls;
		synack_sim_link_stats_get(n->sim, C, S, &ls);
		for (int side = C; side <= S; side++) {
			synack_stats st;
			synack_get_stats(n->st[side], &st);
			assert_int_equal(st.tcp_retransmits, 0);
			assert_int_equal(st.tcp_ecn_negotiated, use);
			if (use) {
				assert_true(st.tcp_ecn_ce_received > 0);
				assert_true(st.tcp_ecn_cwnd_reduced > 0);
			} else {
				assert_int_equal(st.tcp_ecn_ce_received, 0);
				assert_int_equal(st.tcp_ecn_cwnd_reduced, 0);
			}
		}
		if (use)
			assert_true(ls.ce_marked > 20);
		else
			assert_int_equal(ls.ce_marked, 0);
		net_free(n, 300 * SEC);
	}
	/* the reductions are real: the marked transfer takes longer */
	assert_true(took[1] > took[0] + took[0] / 4);
}

static void L11_bulk_wraps_sequence_space(void **state)
{
	(void)state;
	const synack_sim_impair imp = {.loss = 0.02, .delay_ns = 2 * MS};
	struct net *n = net_new(NULL, NULL, &imp, &imp, 3);
	n->isn[C] = 0xffff0000u; /* 64 KiB before the wrap */
	n->isn[S] = 0xfffffff0u;
	n->log_full = true;
	transfer(n, 1u << 20, 600 * SEC);
	net_free(n, 300 * SEC);
}

static void L11_thousand_sequential_connections_leave_nothing(void **state)
{
	(void)state;
	const synack_sim_impair imp = {.delay_ns = 1 * MS};
	struct net *n = net_new(NULL, NULL, &imp, &imp, 5);
	n->log_full = true;
	net_listen(n, 16);
	char buf[256];
	memset(buf, 'q', sizeof buf);
	for (int i = 0; i < 1000; i++) {
		int cfd = net_connect(n);
		assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, 10 * SEC));
		int sfd = synack_accept(n->st[S], n->lfd, NULL);
		assert_true(sfd >= 0);
		assert_int_equal(synack_send(n->st[C], cfd, buf, 100, 0), 100);
		assert_true(net_wait(n, S, sfd, SYNACK_POLLIN, 10 * SEC));
		assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 100);
		assert_int_equal(synack_send(n->st[S], sfd, buf, 100, 0), 100);
		assert_true(net_wait(n, C, cfd, SYNACK_POLLIN, 10 * SEC));
		assert_int_equal(synack_recv(n->st[C], cfd, buf, sizeof buf, 0), 100);
		synack_close(n->st[C], cfd);
		assert_true(net_wait(n, S, sfd, SYNACK_POLLRDHUP, 10 * SEC));
		synack_close(n->st[S], sfd);
	}
	synack_stats st;
	synack_get_stats(n->st[C], &st);
	assert_int_equal(st.tcp_conn_active, 1000);
	/* every client connection is in TIME-WAIT for 60 s, then gone */
	assert_true(st.conns_live > 0);
	synack_get_stats(n->st[S], &st);
	assert_int_equal(st.tcp_conn_passive, 1000);
	net_free(n, 61 * SEC); /* asserts zero control blocks, timers, descriptors */
}

/* Same seed, same run: every datagram identical, byte for byte. */
struct digest {
	uint64_t h, count;
};

static void digest_tap(void *user, const synack_sim_datagram *g)
{
	struct digest *d = user;
	uint64_t h = d->h ^ (g->time * 31 + (uint64_t)(g->from * 7 + g->to) +
			     (uint64_t)g->fate * 1000003 + g->id);
	for (size_t i = 0; i < g->len; i++)
		h = (h ^ g->pkt[i]) * 0x100000001b3ull;
	d->h = h;
	d->count++;
}

static struct digest lossy_run(uint64_t seed)
{
	const synack_sim_impair bad = {.loss = 0.05, .delay_ns = 3 * MS, .jitter_ns = 2 * MS,
				       .reorder = 0.05, .reorder_delay_ns = 2 * MS,
				       .duplicate = 0.02, .corrupt = 0.01};
	struct net *n = net_new(NULL, NULL, &bad, &bad, seed);
	struct digest d = {.h = 1469598103934665603ull};
	synack_sim_set_tap(n->sim, digest_tap, &d);
	transfer(n, 256u << 10, 600 * SEC);
	net_free(n, 300 * SEC);
	return d;
}

static void sim_same_seed_same_run_byte_for_byte(void **state)
{
	(void)state;
	struct digest a = lossy_run(11), b = lossy_run(11), c = lossy_run(12);
	assert_true(a.count > 300);
	assert_int_equal(a.h, b.h);
	assert_int_equal(a.count, b.count);
	assert_true(a.h != c.h);
}

GROUP(bulk,
      cmocka_unit_test(L11_bulk_10MiB_both_ways_loss_reorder_duplication),
      cmocka_unit_test(L11_bulk_ecn_marks_slow_the_sender_without_loss),
      cmocka_unit_test(L11_bulk_wraps_sequence_space),
      cmocka_unit_test(L11_thousand_sequential_connections_leave_nothing),
      cmocka_unit_test(sim_same_seed_same_run_byte_for_byte))
