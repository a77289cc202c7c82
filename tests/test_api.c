/* The stack object and the socket API: ISNs, errors, settings, events,
 * counters, keepalive, user timeout, and no allocation per segment. */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "rng.h"
#include "net.h"

static char buf[65536];

/* ---------------------------------------------------------------- L1 */

struct raw {
	synack_stack *s;
	uint64_t rng;
	uint32_t sent;
};

static void raw_random(void *user, void *out, size_t len)
{
	struct raw *r = user;
	test_rng_fill(&r->rng, out, len);
}

static void raw_transmit(void *user, const uint8_t *pkt, size_t len, uint64_t id)
{
	(void)pkt;
	(void)len;
	(void)id;
	((struct raw *)user)->sent++;
}

static void raw_new(struct raw *r, uint64_t seed)
{
	memset(r, 0, sizeof *r);
	r->rng = seed;
	synack_hooks h = {.user = r, .random = raw_random};
	int err;
	r->s = synack_stack_new(NULL, &h, &err);
	assert_non_null(r->s);
	synack_set_output(r->s, raw_transmit, r);
	synack_addr a = synack_ipv4(10, 0, 0, 1);
	assert_int_equal(synack_add_address(r->s, &a), SYNACK_OK);
}

/* Connects from local port `lport` and returns the ISN it chose. */
static uint32_t isn_of_connect(synack_stack *s, uint16_t lport, uint16_t rport)
{
	int fd = synack_socket(s);
	synack_endpoint l = {.addr = synack_ipv4(10, 0, 0, 1), .port = lport};
	synack_endpoint r = {.addr = synack_ipv4(10, 0, 0, 2), .port = rport};
	assert_int_equal(synack_bind(s, fd, &l), SYNACK_OK);
	assert_int_equal(synack_connect(s, fd, &r), SYNACK_EINPROGRESS);
	synack_info info;
	synack_get_info(s, fd, &info);
	synack_close(s, fd); /* SYN-SENT: nothing more is sent */
	return info.iss;
}

static void L1_isn_keyed_hash_plus_4us_clock(void **state)
{
	(void)state;
	struct raw a, b;
	raw_new(&a, 1);
	raw_new(&b, 2);
	synack_advance(a.s, 5 * SEC);
	synack_advance(b.s, 5 * SEC);
	uint32_t x1 = isn_of_connect(a.s, 5000, 80);
	uint32_t x2 = isn_of_connect(a.s, 5001, 80);
	uint32_t y1 = isn_of_connect(b.s, 5000, 80);
	/* Another 4-tuple, or another secret: unrelated numbers. */
	assert_true(x1 != 0 && x2 != 0);
	assert_true(x2 - x1 > 100000 && x1 - x2 > 100000);
	assert_true(y1 - x1 > 100000 && x1 - y1 > 100000);
	/* The same 4-tuple a second later: exactly 1 s / 4 us further on
	 * (RFC 6528: ISN = M + F(4-tuple, secret)), so a new incarnation's
	 * numbers lie beyond the old one's. */
	synack_advance(a.s, 6 * SEC);
	uint32_t x3 = isn_of_connect(a.s, 5000, 80);
	assert_int_equal(x3 - x1, 250000);
	synack_stack_free(a.s);
	synack_stack_free(b.s);
}

/* ------------------------------------------- no allocation per segment */

struct counting {
	uint64_t allocs;
};

static void *count_alloc(void *user, size_t size)
{
	((struct counting *)user)->allocs++;
	return malloc(size);
}

static void count_free(void *user, void *ptr)
{
	(void)user;
	free(ptr);
}

/* ----------------------------------------------------------- errors */

static void api_errors_are_errno_style(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	synack_stack *s = p->s;
	synack_endpoint ours = {.addr = p->us, .port = 80};
	synack_endpoint other = {.addr = synack_ipv4(10, 9, 9, 9), .port = 80};
	synack_endpoint v6 = {.addr = {.family = SYNACK_AF_INET6}, .port = 80};
	synack_endpoint v6_other = {.port = 80};
	assert_int_equal(synack_addr_parse("2001:db8::7", &v6_other.addr), SYNACK_OK);
	synack_endpoint odd = {.addr = {.family = 9}, .port = 80};
	synack_endpoint them = {.addr = p->them, .port = 40000};

	assert_int_equal(synack_send(s, 99, "x", 1, 0), SYNACK_EBADF);
	assert_int_equal(synack_close(s, -1), SYNACK_EBADF);
	int a = synack_socket(s);
	assert_int_equal(synack_bind(s, a, &other), SYNACK_EADDRNOTAVAIL);
	assert_int_equal(synack_bind(s, a, &v6_other), SYNACK_EADDRNOTAVAIL);
	assert_int_equal(synack_bind(s, a, &odd), SYNACK_EAFNOSUPPORT);
	assert_int_equal(synack_bind(s, a, &ours), SYNACK_OK);
	assert_int_equal(synack_bind(s, a, &ours), SYNACK_EINVAL);
	int b = synack_socket(s);
	assert_int_equal(synack_bind(s, b, &ours), SYNACK_EADDRINUSE);
	assert_int_equal(synack_send(s, b, "x", 1, 0), SYNACK_ENOTCONN);
	assert_int_equal(synack_recv(s, b, buf, 1, 0), SYNACK_ENOTCONN);
	assert_int_equal(synack_shutdown(s, b, SYNACK_SHUT_WR), SYNACK_ENOTCONN);
	assert_int_equal(synack_shutdown(s, b, 7), SYNACK_EINVAL);
	assert_int_equal(synack_accept(s, b, NULL), SYNACK_EINVAL);
	assert_int_equal(synack_setsockopt(s, b, (enum synack_option)999, 1), SYNACK_ENOPROTOOPT);
	assert_int_equal(synack_connect(s, b, &odd), SYNACK_EAFNOSUPPORT);
	assert_int_equal(synack_connect(s, b, &v6), SYNACK_EINVAL); /* to :: */
	assert_int_equal(synack_listen(s, a, 4), SYNACK_OK);
	assert_int_equal(synack_listen(s, a, 8), SYNACK_OK); /* a new backlog */
	assert_int_equal(synack_accept(s, a, NULL), SYNACK_EAGAIN);
	assert_int_equal(synack_recv(s, a, buf, 1, 0), SYNACK_ENOTCONN);
	assert_int_equal(synack_connect(s, a, &them), SYNACK_EINVAL);

	assert_int_equal(synack_connect(s, b, &them), SYNACK_EINPROGRESS);
	assert_int_equal(synack_connect(s, b, &them), SYNACK_EALREADY);
	assert_int_equal(synack_send(s, b, "x", 1, 0), SYNACK_EAGAIN);
	/* before the handshake completes, a new size is just remembered */
	assert_int_equal(synack_setsockopt(s, b, SYNACK_OPT_SNDBUF, 8192), SYNACK_OK);
	int64_t v;
	assert_int_equal(synack_getsockopt(s, b, SYNACK_OPT_SNDBUF, &v), SYNACK_OK);
	assert_int_equal(v, 8192);
	assert_int_equal(synack_setsockopt(s, a, SYNACK_OPT_RCVBUF, 8192), SYNACK_EINVAL); /* listener */
	synack_close(s, a);
	synack_close(s, b);

	for (int e = 0; e >= SYNACK_EIO; e--) {
		assert_non_null(strstr(synack_strerror(e), ":"));
		assert_true(e == 0 || synack_errno(e) > 0);
	}
	assert_string_equal(synack_strerror(12345), "unknown synack error");
	peer_free(p, 0);
}

static void api_established_errors(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	synack_stack *s = p->s;
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	synack_endpoint them = {.addr = p->them, .port = 40000};
	assert_int_equal(synack_connect(s, fd, &them), SYNACK_EISCONN);
	/* Buffers resize on a live connection; the receive buffer never drops
	 * below the window already offered (65535 in the SYN,ACK). */
	int64_t v;
	assert_int_equal(synack_setsockopt(s, fd, SYNACK_OPT_SNDBUF, 100000), SYNACK_OK);
	assert_int_equal(synack_getsockopt(s, fd, SYNACK_OPT_SNDBUF, &v), SYNACK_OK);
	assert_int_equal(v, 100000);
	assert_int_equal(synack_setsockopt(s, fd, SYNACK_OPT_RCVBUF, 8192), SYNACK_OK);
	assert_int_equal(synack_getsockopt(s, fd, SYNACK_OPT_RCVBUF, &v), SYNACK_OK);
	assert_int_equal(v, 65535);
	assert_int_equal(synack_setsockopt(s, fd, SYNACK_OPT_RCVBUF, 0), SYNACK_EINVAL);
	FEED(p, 0, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 3, .data = "abc");
	assert_int_equal(synack_recv(s, fd, buf, sizeof buf, 0), 3);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(synack_shutdown(s, fd, SYNACK_SHUT_WR), SYNACK_OK);
	EXPECT(p, 0, .flags = FIN | ACK, .seq = 1, .ack = 4);
	assert_int_equal(synack_send(s, fd, "x", 1, 0), SYNACK_EPIPE);
	synack_endpoint peer;
	assert_int_equal(synack_peer_endpoint(s, fd, &peer), SYNACK_OK);
	assert_int_equal(peer.port, 40000);
	FEED(p, 1 * MS, .flags = RST, .seq = 4);
	/* the reset is reported once, then the stream is over */
	assert_true(synack_poll(s, fd) & SYNACK_POLLERR);
	assert_int_equal(synack_recv(s, fd, buf, 1, 0), SYNACK_ECONNRESET);
	assert_int_equal(synack_recv(s, fd, buf, 1, 0), 0);
	assert_int_equal(synack_send(s, fd, "x", 1, 0), SYNACK_EPIPE);
	synack_close(s, fd);
	peer_free(p, 0);
}

static void api_settings_are_checked(void **state)
{
	(void)state;
	struct raw r = {.rng = 1};
	synack_hooks h = {.user = &r, .random = raw_random};
	synack_settings cfg;
	int err = 0;
	synack_settings_default(&cfg);
	cfg.mtu = 100;
	assert_null(synack_stack_new(&cfg, &h, &err));
	assert_int_equal(err, SYNACK_EINVAL);
	synack_settings_default(&cfg);
	cfg.min_rto_ns = cfg.max_rto_ns + 1;
	assert_null(synack_stack_new(&cfg, &h, &err));
	assert_int_equal(err, SYNACK_EINVAL);
	synack_settings_default(&cfg);
	cfg.ephemeral_lo = 0;
	assert_null(synack_stack_new(&cfg, &h, &err));
	synack_hooks no_random = {0};
	assert_null(synack_stack_new(NULL, &no_random, &err));
	assert_int_equal(err, SYNACK_EINVAL);
	synack_hooks half_alloc = {.random = raw_random, .alloc = NULL, .free = count_free};
	assert_null(synack_stack_new(NULL, &half_alloc, &err));
	synack_stack *s = synack_stack_new(NULL, &h, &err);
	assert_non_null(s);
	assert_int_equal(err, SYNACK_OK);
	synack_addr odd = {.family = 9};
	assert_int_equal(synack_add_address(s, &odd), SYNACK_EAFNOSUPPORT);
	synack_addr six;
	assert_int_equal(synack_addr_parse("fd00::1", &six), SYNACK_OK);
	assert_int_equal(synack_add_address(s, &six), SYNACK_OK);
	char text[64];
	assert_string_equal(synack_addr_format(&six, text, sizeof text), "fd00::1");
	synack_stack_free(s);
}

/* The output queue: EMSGSIZE for a short buffer, drops counted when full. */
static void api_output_queue(void **state)
{
	(void)state;
	struct raw r = {.rng = 3};
	synack_hooks h = {.user = &r, .random = raw_random};
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.tx_queue_len = 2;
	synack_stack *s = synack_stack_new(&cfg, &h, NULL);
	synack_addr a = synack_ipv4(10, 0, 0, 1);
	synack_add_address(s, &a);
	synack_endpoint dst = {.addr = synack_ipv4(10, 0, 0, 2), .port = 9};
	for (int i = 0; i < 3; i++) {
		int fd = synack_socket(s);
		assert_int_equal(synack_connect(s, fd, &dst), SYNACK_EINPROGRESS);
	}
	synack_stats st;
	synack_get_stats(s, &st);
	assert_int_equal(st.ip_out, 2);
	assert_int_equal(st.ip_out_dropped, 1);
	uint8_t small[10], big[1500];
	assert_int_equal(synack_output(s, small, sizeof small), SYNACK_EMSGSIZE);
	long n = synack_output(s, big, sizeof big);
	assert_true(n >= 40);
	synack_segment seg;
	assert_int_equal(synack_segment_parse(big, (size_t)n, &seg), SYNACK_OK);
	assert_int_equal(seg.flags, SYN);
	assert_true(synack_output(s, big, sizeof big) > 0);
	assert_int_equal(synack_output(s, big, sizeof big), 0);
	synack_stack_free(s);
}

/* ------------------------------------------------ events and counters */

struct tally {
	uint64_t sent[2], received[2], dropped[2], states[2], ready[2];
};

static void tally_event(void *user, int node, const synack_event *ev)
{
	struct tally *t = user;
	switch (ev->kind) {
	case SYNACK_EV_SEGMENT_SENT:
		t->sent[node]++;
		assert_non_null(ev->seg);
		assert_non_null(ev->packet);
		break;
	case SYNACK_EV_SEGMENT_RECEIVED: t->received[node]++; break;
	case SYNACK_EV_SEGMENT_DROPPED: t->dropped[node]++; break;
	case SYNACK_EV_STATE:
		t->states[node]++;
		assert_true(ev->reason != SYNACK_R_NONE && ev->reason < SYNACK_REASON_COUNT);
		assert_true(ev->from != ev->to);
		break;
	case SYNACK_EV_READY: t->ready[node]++; break;
	}
}

static void api_every_segment_and_state_change_is_an_event(void **state)
{
	(void)state;
	const synack_sim_impair imp = {.delay_ns = 5 * MS, .loss = 0.1};
	struct net *n = net_new(NULL, NULL, &imp, &imp, 21);
	struct tally t = {0};
	synack_sim_set_observer(n->sim, tally_event, &t);
	net_listen(n, 4);
	int cfd = net_connect(n);
	assert_true(net_wait(n, S, n->lfd, SYNACK_POLLIN, 60 * SEC));
	int sfd = synack_accept(n->st[S], n->lfd, NULL);
	assert_int_equal(synack_send(n->st[C], cfd, buf, 20000, 0), 20000);
	net_run_until(n, net_now(n) + 20 * SEC);
	assert_int_equal(synack_recv(n->st[S], sfd, buf, sizeof buf, 0), 20000);
	synack_close(n->st[C], cfd);
	synack_close(n->st[S], sfd);
	net_run_until(n, net_now(n) + 100 * SEC);
	for (int i = 0; i < 2; i++) {
		synack_stats st;
		synack_get_stats(n->st[i], &st);
		assert_int_equal(t.sent[i], st.tcp_out);
		/* every datagram that arrived was either processed or dropped */
		assert_int_equal(t.received[i] + t.dropped[i], st.ip_in);
		assert_true(t.states[i] >= 4);
		assert_true(t.ready[i] > 0);
	}
	net_free(n, 61 * SEC);
}

struct names {
	unsigned count;
	bool saw_bad_checksum, saw_conns_live;
};

static void name_visit(void *user, const char *name, uint64_t v)
{
	struct names *nm = user;
	(void)v;
	nm->count++;
	nm->saw_bad_checksum |= !strcmp(name, "tcp_bad_checksum");
	nm->saw_conns_live |= !strcmp(name, "conns_live");
}

static void api_stats_are_all_named(void **state)
{
	(void)state;
	synack_stats st = {0};
	struct names nm = {0};
	synack_stats_foreach(&st, name_visit, &nm);
	assert_int_equal(nm.count, sizeof st / sizeof(uint64_t));
	assert_true(nm.saw_bad_checksum && nm.saw_conns_live);
}

/* -------------------------------------------- keepalive, user timeout */

static void keepalive_probes_then_etimedout(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_KEEPIDLE, 10), SYNACK_OK);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_KEEPINTVL, 5), SYNACK_OK);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_KEEPCNT, 3), SYNACK_OK);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_KEEPALIVE, 1), SYNACK_OK);
	/* idle 10 s: a probe with SEG.SEQ = SND.NXT - 1 (RFC 9293 3.8.4) */
	EXPECT(p, 10 * SEC, .flags = ACK, .seq = 0, .ack = 1, .len = 0);
	/* answered: the idle time starts again */
	FEED(p, 10 * SEC + 1 * MS, .flags = ACK, .seq = 1, .ack = 1);
	EXPECT(p, 20 * SEC + 1 * MS, .flags = ACK, .seq = 0, .ack = 1);
	EXPECT(p, 25 * SEC + 1 * MS, .flags = ACK, .seq = 0, .ack = 1);
	EXPECT(p, 30 * SEC + 1 * MS, .flags = ACK, .seq = 0, .ack = 1);
	/* three unanswered: the connection is dropped (with a RST, as Linux) */
	EXPECT(p, 35 * SEC + 1 * MS, .flags = RST | ACK, .seq = 1, .ack = 1);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ETIMEDOUT);
	assert_int_equal(peer_stat(p, "tcp_keepalive_probes"), 4);
	synack_close(p->s, fd);
	peer_free(p, 0);
}

static void keepalive_is_off_by_default(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	int64_t v;
	assert_int_equal(synack_getsockopt(p->s, fd, SYNACK_OPT_KEEPALIVE, &v), SYNACK_OK);
	assert_int_equal(v, 0);
	peer_advance(p, 3 * 3600 * SEC);
	EXPECT_NONE(p);
	synack_abort(p->s, fd);
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 1, .ack = 1);
	peer_free(p, 0);
}

static void user_timeout_aborts_unacknowledged_data(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_USER_TIMEOUT, 1000), SYNACK_OK);
	assert_int_equal(synack_send(p->s, fd, "abc", 3, 0), 3);
	EXPECT(p, 0, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 3);
	/* RTO 200 ms (the handshake measured ~0 RTT, clamped), doubling */
	EXPECT(p, 200 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 3);
	EXPECT(p, 600 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 3);
	/* at the next expiry the data has waited 1.4 s > 1 s: give up */
	EXPECT(p, 1400 * MS, .flags = RST | ACK, .seq = 4, .ack = 1);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ETIMEDOUT);
	synack_close(p->s, fd);
	peer_free(p, 0);
}

static void api_no_allocation_per_segment(void **state)
{
	(void)state;
	struct counting cnt = {0};
	synack_sim *sim = synack_sim_new(4);
	synack_hooks h = {.user = &cnt, .alloc = count_alloc, .free = count_free};
	synack_addr ca = synack_ipv4(10, 0, 0, 1), sa = synack_ipv4(10, 0, 0, 2);
	const synack_sim_impair imp = {.delay_ns = 1 * MS, .loss = 0.02, .reorder = 0.02,
				       .reorder_delay_ns = 1 * MS};
	int cn = synack_sim_add_node(sim, NULL, &ca, &h);
	int sn = synack_sim_add_node(sim, NULL, &sa, &h);
	synack_sim_link(sim, cn, sn, &imp, &imp);
	synack_stack *cs = synack_sim_stack(sim, cn), *ss = synack_sim_stack(sim, sn);
	int l = synack_socket(ss);
	synack_endpoint ep = {.addr = sa, .port = 80};
	synack_bind(ss, l, &ep);
	synack_listen(ss, l, 4);
	int c = synack_socket(cs);
	synack_connect(cs, c, &ep);
	synack_sim_run_until(sim, 1 * SEC);
	int s = synack_accept(ss, l, NULL);
	assert_true(s >= 0);
	uint64_t before = cnt.allocs;
	/* 8 MiB through a lossy, reordering link: tens of thousands of
	 * segments, retransmissions, SACK, timers, all without allocating */
	uint64_t sent = 0, got = 0, total = 8u << 20;
	while (got < total && synack_sim_now(sim) < 600 * SEC) {
		long k;
		while (sent < total &&
		       (k = synack_send(cs, c, buf, total - sent < sizeof buf ? total - sent : sizeof buf, 0)) > 0)
			sent += (uint64_t)k;
		while ((k = synack_recv(ss, s, buf, sizeof buf, 0)) > 0)
			got += (uint64_t)k;
		if (!synack_sim_step(sim))
			break;
	}
	assert_int_equal(got, total);
	assert_int_equal(cnt.allocs, before);
	synack_sim_free(sim);
}


/* RFC 7323 3.2: once negotiated, timestamps go in every segment and SHOULD
 * go in a RST (the Linux script ts_recent/reset_tsval checks it). */
static void L20_abort_rst_carries_timestamps(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, &(struct tseg){.mss = 1460, .ts = true, .tsval = 50});
	synack_abort(p->s, fd);
	EXPECT(p, 0, .flags = RST | ACK, .seq = 1, .ack = 1, .opts = "nop,nop,TS", .win = WIN_ZERO);
	peer_free(p, 0);
}

/* TCP_NOTSENT_LOWAT as Linux: writable only while fewer bytes than the
 * mark wait unsent (in flight does not count). */
static void notsent_lowat_gates_pollout(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	/* 0, the default, means no limit and reads back as 0 (Linux; found
	 * by epoll/epoll_out_edge_default_notsent_lowat) */
	int64_t v;
	assert_int_equal(synack_getsockopt(p->s, fd, SYNACK_OPT_NOTSENT_LOWAT, &v), SYNACK_OK);
	assert_int_equal(v, 0);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_NOTSENT_LOWAT, 0), SYNACK_OK);
	assert_int_equal(synack_getsockopt(p->s, fd, SYNACK_OPT_NOTSENT_LOWAT, &v), SYNACK_OK);
	assert_int_equal(v, 0);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_NOTSENT_LOWAT, 100), SYNACK_OK);
	assert_int_equal(synack_getsockopt(p->s, fd, SYNACK_OPT_NOTSENT_LOWAT, &v), SYNACK_OK);
	assert_int_equal(v, 100);
	assert_true(synack_poll(p->s, fd) & SYNACK_POLLOUT);
	/* the peer's window is closed: everything written stays unsent */
	FEED(p, 1 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = WIN_ZERO);
	assert_int_equal(synack_send(p->s, fd, buf, 99, 0), 99);
	assert_true(synack_poll(p->s, fd) & SYNACK_POLLOUT);
	assert_int_equal(synack_send(p->s, fd, buf, 1, 0), 1);
	assert_false(synack_poll(p->s, fd) & SYNACK_POLLOUT);
	/* the window opens and all 100 go out: writable again */
	FEED(p, 2 * MS, .flags = ACK, .seq = 1, .ack = 1, .win = 1000);
	EXPECT(p, 2 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	assert_true(synack_poll(p->s, fd) & SYNACK_POLLOUT);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_NOTSENT_LOWAT, -1), SYNACK_EINVAL);
	synack_abort(p->s, fd);
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 101, .ack = 1);
	peer_free(p, 0);
}

/* IP_TOS: the byte goes in the IPv4 header of every later segment. */
static void tos_is_written_in_the_ip_header(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	int fd = peer_accept_handshake(p, 0, NULL);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_TOS, 0x10), SYNACK_OK);
	assert_int_equal(synack_setsockopt(p->s, fd, SYNACK_OPT_TOS, 256), SYNACK_EINVAL);
	assert_int_equal(synack_send(p->s, fd, "abc", 3, 0), 3);
	EXPECT(p, 0, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 3);
	assert_int_equal(p->out[p->out_next - 1].pkt[1], 0x10);
	synack_abort(p->s, fd);
	EXPECT(p, ANY_TIME, .flags = RST | ACK, .seq = 4, .ack = 1);
	assert_int_equal(p->out[p->out_next - 1].pkt[1], 0x10);
	peer_free(p, 0);
}

GROUP(api,
      cmocka_unit_test(L20_abort_rst_carries_timestamps),
      cmocka_unit_test(L1_isn_keyed_hash_plus_4us_clock),
      cmocka_unit_test(api_errors_are_errno_style),
      cmocka_unit_test(api_established_errors),
      cmocka_unit_test(api_settings_are_checked),
      cmocka_unit_test(api_output_queue),
      cmocka_unit_test(api_every_segment_and_state_change_is_an_event),
      cmocka_unit_test(api_stats_are_all_named),
      cmocka_unit_test(keepalive_probes_then_etimedout),
      cmocka_unit_test(keepalive_is_off_by_default),
      cmocka_unit_test(user_timeout_aborts_unacknowledged_data),
      cmocka_unit_test(api_no_allocation_per_segment),
      cmocka_unit_test(notsent_lowat_gates_pollout),
      cmocka_unit_test(tos_is_written_in_the_ip_header))
