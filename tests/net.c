#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t net_isn(void *user, const synack_endpoint *l, const synack_endpoint *r)
{
	struct net *n = user;
	(void)r;
	/* Each node's stack is told apart by its local address. */
	return l->addr.bytes[3] == 1 ? n->isn[C] : n->isn[S];
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void net_tap(void *user, const synack_sim_datagram *d)
{
	struct net *n = user;
	uint64_t t = d->time;
	int from = d->from;
	enum synack_sim_fate fate = d->fate;
	const uint8_t *pkt = d->pkt;
	size_t len = d->len;
	if (n->log_full || from < 0 || len < 40)
		return;
	if (fate == SYNACK_SIM_LOST || fate == SYNACK_SIM_DROPPED) {
		if (n->nsegs)
			n->segs[n->nsegs - 1].fate = fate;
		return;
	}
	if (fate != SYNACK_SIM_SENT)
		return;
	if (n->nsegs == NET_MAX_SEGS) {
		n->log_full = true;
		return;
	}
	size_t ihl = (size_t)(pkt[0] & 15) * 4;
	const uint8_t *tcp = pkt + ihl;
	size_t hlen = (size_t)(tcp[12] >> 4) * 4;
	struct nseg *s = &n->segs[n->nsegs++];
	s->t = t;
	s->from = from;
	s->fate = SYNACK_SIM_SENT;
	s->flags = tcp[13];
	s->seq = rd32(tcp + 4);
	s->ack = rd32(tcp + 8);
	s->win = (uint16_t)(tcp[14] << 8 | tcp[15]);
	s->len = (uint32_t)(len - ihl - hlen);
	synack_segment g;
	if (synack_segment_parse(pkt, len, &g) == SYNACK_OK && g.has_ts)
		s->tsval = g.tsval;
}

/* The simulator's checks (a stack waiting without a timer, a storm):
 * a test fails on the spot instead of hanging or leaking. */
static void net_violation(void *user, const char *msg)
{
	(void)user;
	print_error("%s\n", msg);
	fail();
}

static void net_observer(void *user, int node, const synack_event *ev)
{
	struct net *n = user;
	if (ev->kind == SYNACK_EV_READY && n->on_ready)
		n->on_ready(n, node, ev->fd, ev->ready);
	if (ev->kind != SYNACK_EV_STATE || n->nstates == NET_MAX_STATES)
		return;
	n->states[n->nstates++] =
		(struct nstate){ev->time, node, ev->conn, ev->from, ev->to, ev->reason};
}

struct net *net_new(const synack_settings *ccfg, const synack_settings *scfg,
		    const synack_sim_impair *c2s, const synack_sim_impair *s2c, uint64_t seed)
{
	struct net *n = calloc(1, sizeof *n);
	assert_non_null(n);
	n->segs = calloc(NET_MAX_SEGS, sizeof *n->segs);
	assert_non_null(n->segs);
	n->isn[C] = 1000;
	n->isn[S] = 5000000;
	n->port = 80;
	n->lfd = -1;
	n->sim = synack_sim_new(seed);
	assert_non_null(n->sim);
	synack_hooks h = {.user = n, .isn = net_isn};
	synack_addr ca = synack_ipv4(10, 0, 0, 1), sa = synack_ipv4(10, 0, 0, 2);
	assert_int_equal(synack_sim_add_node(n->sim, ccfg, &ca, &h), C);
	assert_int_equal(synack_sim_add_node(n->sim, scfg, &sa, &h), S);
	assert_int_equal(synack_sim_link(n->sim, C, S, c2s, s2c), SYNACK_OK);
	n->st[C] = synack_sim_stack(n->sim, C);
	n->st[S] = synack_sim_stack(n->sim, S);
	synack_sim_set_tap(n->sim, net_tap, n);
	synack_sim_set_observer(n->sim, net_observer, n);
	synack_sim_set_checks(n->sim, NET_STORM, net_violation, n);
	return n;
}

void net_free(struct net *n, uint64_t linger)
{
	if (n->lfd >= 0)
		synack_close(n->st[S], n->lfd);
	net_run_until(n, net_now(n) + linger);
	for (int i = 0; i < 2; i++) {
		synack_stats st;
		synack_get_stats(n->st[i], &st);
		if (st.conns_live || st.timers_live || st.sockets_live)
			print_error("node %c left behind: %llu control blocks, %llu timers, %llu descriptors\n",
				    i == C ? 'C' : 'S', (unsigned long long)st.conns_live,
				    (unsigned long long)st.timers_live, (unsigned long long)st.sockets_live);
		assert_int_equal(st.conns_live, 0);
		assert_int_equal(st.timers_live, 0);
		assert_int_equal(st.sockets_live, 0);
	}
	synack_sim_free(n->sim);
	free(n->segs);
	free(n);
}

int net_listen(struct net *n, int backlog)
{
	synack_stack *s = n->st[S];
	int fd = synack_socket(s);
	assert_true(fd >= 0);
	synack_endpoint ep = {.addr = synack_ipv4(10, 0, 0, 2), .port = n->port};
	assert_int_equal(synack_bind(s, fd, &ep), SYNACK_OK);
	assert_int_equal(synack_listen(s, fd, backlog), SYNACK_OK);
	n->lfd = fd;
	return fd;
}

int net_connect(struct net *n)
{
	synack_stack *s = n->st[C];
	int fd = synack_socket(s);
	assert_true(fd >= 0);
	synack_endpoint ep = {.addr = synack_ipv4(10, 0, 0, 2), .port = n->port};
	assert_int_equal(synack_connect(s, fd, &ep), SYNACK_EINPROGRESS);
	return fd;
}

void net_run_until(struct net *n, uint64_t t) { synack_sim_run_until(n->sim, t); }
uint64_t net_now(const struct net *n) { return synack_sim_now(n->sim); }

bool net_wait(struct net *n, int node, int fd, uint32_t mask, uint64_t deadline)
{
	return synack_sim_wait(n->sim, n->st[node], fd, mask, deadline);
}

static void describe(char *buf, size_t len, const struct net *n, const struct nseg *s)
{
	char f[40];
	int other = 1 - s->from;
	snprintf(buf, len, "%.6f %c->%c [%s] seq=%u ack=%u len=%u win=%u%s", (double)s->t / 1e9,
		 s->from == C ? 'C' : 'S', other == C ? 'C' : 'S',
		 synack_flags_format(s->flags, f, sizeof f), s->seq - n->isn[s->from],
		 (s->flags & ACK) ? s->ack - n->isn[other] : 0, s->len, s->win,
		 s->fate == SYNACK_SIM_LOST ? " (lost)" : s->fate == SYNACK_SIM_DROPPED ? " (dropped)" : "");
}

void net_print(const struct net *n)
{
	char b[160];
	for (uint32_t i = 0; i < n->nsegs; i++) {
		describe(b, sizeof b, n, &n->segs[i]);
		print_message("  #%u %s\n", i, b);
	}
}

void net_expect_seg(struct net *n, uint32_t i, const struct nseg *w, const char *file, int line)
{
	if (i >= n->nsegs) {
		print_error("%s:%d: segment #%u expected, only %u logged\n", file, line, i, n->nsegs);
		net_print(n);
		_fail(file, line);
	}
	const struct nseg *g = &n->segs[i];
	int other = 1 - g->from;
	uint32_t seq = w->abs ? g->seq : g->seq - n->isn[g->from];
	uint32_t ack = w->abs ? g->ack : g->ack - n->isn[other];
	const char *why = NULL;
	if (g->from != w->from)
		why = "sender differs";
	else if (g->t != w->t)
		why = "time differs";
	else if (g->flags != w->flags)
		why = "flags differ";
	else if (seq != w->seq)
		why = "seq differs";
	else if ((w->flags & ACK) && ack != w->ack)
		why = "ack differs";
	else if (g->len != w->len)
		why = "length differs";
	else if (w->win && g->win != w->win)
		why = "window differs";
	else if (w->fate != g->fate)
		why = "fate differs";
	if (why) {
		char got[160], f[40];
		describe(got, sizeof got, n, g);
		print_error("%s:%d: segment #%u: %s\n  expected %.6f %c [%s] seq=%u ack=%u len=%u\n  got      %s\n",
			    file, line, i, why, (double)w->t / 1e9, w->from == C ? 'C' : 'S',
			    synack_flags_format(w->flags, f, sizeof f), w->seq, w->ack, w->len, got);
		net_print(n);
		_fail(file, line);
	}
}

static bool is_listener(const struct net *n, int node, uint32_t conn)
{
	for (uint32_t i = 0; i < n->nstates; i++)
		if (n->states[i].node == node && n->states[i].conn == conn &&
		    n->states[i].to == SYNACK_LISTEN)
			return true;
	return false;
}

static uint32_t first_conn(const struct net *n, int node)
{
	for (uint32_t i = 0; i < n->nstates; i++)
		if (n->states[i].node == node && !is_listener(n, node, n->states[i].conn))
			return n->states[i].conn;
	return 0;
}

const char *net_state_path(const struct net *n, int node, uint32_t conn, char *buf, size_t len)
{
	if (conn == 0)
		conn = first_conn(n, node);
	size_t k = 0;
	buf[0] = 0;
	for (uint32_t i = 0; i < n->nstates; i++) {
		const struct nstate *s = &n->states[i];
		if (s->node != node || s->conn != conn)
			continue;
		int w = snprintf(buf + k, len - k, "%s%s", k ? " " : "", synack_state_name(s->to));
		if (w < 0 || (size_t)w >= len - k)
			break;
		k += (size_t)w;
	}
	return buf;
}

uint64_t net_state_time(const struct net *n, int node, synack_state state)
{
	for (uint32_t i = 0; i < n->nstates; i++)
		if (n->states[i].node == node && n->states[i].to == state)
			return n->states[i].t;
	return UINT64_MAX;
}
