/* Fuzz target: two stacks on the simulated network, driven by the input
 * as a list of operations: time steps, application calls on either end
 * (send, receive, shutdown, close, abort), segments crafted near each
 * end's sequence numbers and injected as if the other end had sent them,
 * and scripted drops.  The simulator's checks are on (a connection
 * waiting without a timer, a storm of datagrams at one instant); at the
 * end both applications close and, once every retry and 2MSL could have
 * run out, neither stack may hold a connection or a timer.  Any
 * violation aborts, which libFuzzer reports with the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synack.h"
#include "synack_sim.h"

#define MS 1000000ull
#define SEC 1000000000ull
#define MAX_OPS 256

struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t byte(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint32_t u32(struct input *in)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | byte(in);
	return v;
}

static void fail(const char *what)
{
	fprintf(stderr, "two_stacks: %s\n", what);
	abort();
}

struct world {
	synack_sim *sim;
	synack_stack *st[2];
	int fd[2];        /* C's socket, S's accepted socket (-1: none yet or closed) */
	int lfd;
	synack_endpoint ep[2];
	uint8_t buf[20000]; /* the largest send and receive below fit */
};

static void accept_if_any(struct world *w)
{
	if (w->fd[1] < 0 && w->lfd >= 0) {
		int fd = synack_accept(w->st[1], w->lfd, NULL);
		if (fd >= 0)
			w->fd[1] = fd;
	}
}

/* A segment crafted as if `from` had sent it, near the receiver's view
 * of the numbers, so it has a fair chance of being acceptable. */
static void inject(struct world *w, int from, struct input *in)
{
	int to = 1 - from;
	int fd = w->fd[to];
	synack_info info = {0};
	if (fd >= 0)
		synack_get_info(w->st[to], fd, &info);
	uint8_t flags = byte(in);
	int32_t dseq = (int8_t)byte(in) * (int32_t)(1 + byte(in));
	int32_t dack = (int8_t)byte(in) * (int32_t)(1 + byte(in));
	uint8_t opts = byte(in);
	synack_segment g = {
		.src = w->ep[from], .dst = w->ep[to],
		.seq = info.rcv_nxt + (uint32_t)dseq, .ack = info.snd_una + (uint32_t)dack,
		.flags = flags, .window = (uint16_t)(byte(in) << 8 | byte(in)),
		.len = (uint32_t)(byte(in) % 3 == 0 ? byte(in) * 8u : 0u),
		.mss = opts & 1 ? 536 + byte(in) * 4u : 0, .wscale = opts & 2 ? (int8_t)(byte(in) % 16) : -1,
		.sack_permitted = (opts & 4) != 0, .has_ts = (opts & 8) != 0,
	};
	if (g.has_ts) {
		g.tsval = u32(in);
		g.tsecr = u32(in);
	}
	if (opts & 16) {
		g.sack_count = 1 + byte(in) % 3;
		for (int i = 0; i < g.sack_count; i++) {
			g.sack[i][0] = info.snd_una + (uint32_t)((int8_t)byte(in) * 64);
			g.sack[i][1] = g.sack[i][0] + byte(in) * 16u;
		}
	}
	size_t len = synack_segment_build(&g, NULL, w->buf, sizeof w->buf);
	if (len)
		synack_sim_inject(w->sim, from, w->buf, len);
}

static void step(struct world *w, struct input *in)
{
	uint8_t op = byte(in);
	int side = op & 1;
	int fd = w->fd[side];
	synack_stack *s = w->st[side];
	uint64_t now = synack_sim_now(w->sim);
	switch ((op >> 1) % 9) {
	case 0: /* time passes: up to 2.5 s, in steps a fuzzer can reach */
		synack_sim_run_until(w->sim, now + (uint64_t)byte(in) * (byte(in) & 1 ? 10 * MS : MS));
		break;
	case 1:
		if (fd >= 0)
			synack_send(s, fd, w->buf, 1 + byte(in) * 64u, byte(in) & 1 ? SYNACK_MSG_MORE : 0);
		break;
	case 2:
		if (fd >= 0)
			synack_recv(s, fd, w->buf, 1 + byte(in) * 32u, 0);
		break;
	case 3:
		if (fd >= 0)
			synack_shutdown(s, fd, byte(in) % 3);
		break;
	case 4:
		if (fd >= 0) {
			synack_close(s, fd);
			w->fd[side] = -1;
		}
		break;
	case 5:
		if (fd >= 0 && byte(in) < 32) {
			synack_abort(s, fd);
			w->fd[side] = -1;
		}
		break;
	case 6:
		inject(w, 1 - side, in);
		break;
	case 7: { /* the next datagram one way is lost */
		synack_sim_link_stats ls;
		synack_sim_link_stats_get(w->sim, side, 1 - side, &ls);
		synack_sim_drop_nth(w->sim, side, 1 - side, (uint32_t)ls.sent + 1 + byte(in) % 4);
		break;
	}
	case 8:
		if (fd >= 0) {
			int64_t v = byte(in);
			synack_setsockopt(s, fd, (enum synack_option)(byte(in) % 4), v & 1);
		}
		break;
	}
	accept_if_any(w);
}

/* TWO_STACKS_TRACE=1 prints every event of both stacks: to read a
 * finding before it becomes a test. */
static void trace(void *user, int node, const synack_event *ev)
{
	(void)user;
	static const char *const kinds[] = {"sent", "received", "dropped", "state", "ready"};
	char f[40] = "";
	if (ev->seg)
		synack_flags_format(ev->seg->flags, f, sizeof f);
	fprintf(stderr, "%.6f node %d %-8s #%llu %s seq=%u ack=%u len=%u %s -> %s %s\n",
		(double)ev->time / 1e9, node, kinds[ev->kind], (unsigned long long)ev->datagram, f,
		ev->seg ? ev->seg->seq : 0, ev->seg ? ev->seg->ack : 0, ev->seg ? ev->seg->len : 0,
		synack_state_name(ev->from), synack_state_name(ev->to),
		synack_reason_name(ev->reason));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	static struct world w;
	memset(&w, 0, sizeof w);
	w.sim = synack_sim_new(byte(&in));
	if (!w.sim)
		fail("no memory");
	synack_sim_set_checks(w.sim, 1000, NULL, NULL);
	if (getenv("TWO_STACKS_TRACE"))
		synack_sim_set_observer(w.sim, trace, NULL);
	uint8_t setup = byte(&in);
	synack_settings cfg[2];
	for (int i = 0; i < 2; i++) {
		synack_settings_personality(&cfg[i], (synack_personality)((setup >> (2 * i)) % 3));
		if (setup & 0x40)
			cfg[i].sack = false;
		if (setup & 0x80)
			cfg[i].timestamps = false;
	}
	synack_addr a = synack_ipv4(10, 0, 0, 1), b = synack_ipv4(10, 0, 0, 2);
	if (synack_sim_add_node(w.sim, &cfg[0], &a, NULL) != 0 ||
	    synack_sim_add_node(w.sim, &cfg[1], &b, NULL) != 1)
		fail("cannot add the nodes");
	synack_sim_impair link = {.delay_ns = (uint64_t)(byte(&in) % 4) * 5 * MS};
	synack_sim_link(w.sim, 0, 1, &link, &link);
	w.st[0] = synack_sim_stack(w.sim, 0);
	w.st[1] = synack_sim_stack(w.sim, 1);
	w.ep[1] = (synack_endpoint){b, 80};
	w.lfd = synack_socket(w.st[1]);
	synack_bind(w.st[1], w.lfd, &w.ep[1]);
	synack_listen(w.st[1], w.lfd, 4);
	w.fd[1] = -1;
	w.fd[0] = synack_socket(w.st[0]);
	synack_connect(w.st[0], w.fd[0], &w.ep[1]);
	synack_local_endpoint(w.st[0], w.fd[0], &w.ep[0]);

	for (int n = 0; n < MAX_OPS && in.left; n++)
		step(&w, &in);

	/* the end: both applications let go; every retry and 2MSL can
	 * have run out long before this (the largest is 15 retransmissions
	 * backing off to 120 s: about 15 minutes) */
	for (int i = 0; i < 2; i++)
		if (w.fd[i] >= 0)
			synack_close(w.st[i], w.fd[i]);
	synack_close(w.st[1], w.lfd);
	synack_sim_run_until(w.sim, synack_sim_now(w.sim) + 3600 * SEC);
	for (int i = 0; i < 2; i++) {
		synack_stats st;
		synack_get_stats(w.st[i], &st);
		if (st.conns_live || st.timers_live || st.sockets_live) {
			char what[160];
			snprintf(what, sizeof what,
				 "an hour after both closed, node %d holds %llu connections, %llu timers, "
				 "%llu descriptors",
				 i, (unsigned long long)st.conns_live, (unsigned long long)st.timers_live,
				 (unsigned long long)st.sockets_live);
			fail(what);
		}
	}
	synack_sim_free(w.sim);
	return 0;
}
