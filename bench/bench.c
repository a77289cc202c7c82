/* make bench: figures for the simulated network on one core, beside the
 * same work done by the kernel's TCP over loopback in the same run.
 * One line per figure: `name value unit`.
 *
 *   lifecycles: open, 100-byte request, 100-byte reply, close, both ends
 *               in one process, until both control blocks are freed or in
 *               TIME-WAIT
 *   bulk:       1 GiB one way
 *
 * The kernel peer talks to itself over 127.0.0.1 only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <stdbool.h>
#include <unistd.h>

#include "synack.h"
#include "synack_sim.h"

#define SEC 1000000000ull

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ------------------------------------------------------------ synack */

struct pair {
	synack_sim *sim;
	synack_stack *c, *s;
	int lfd;
};

static void pair_new(struct pair *p, uint32_t mtu)
{
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.mtu = mtu;
	cfg.send_buffer = cfg.recv_buffer = 1u << 20;
	p->sim = synack_sim_new(1);
	synack_addr ca = synack_ipv4(10, 0, 0, 1), sa = synack_ipv4(10, 0, 0, 2);
	int cn = synack_sim_add_node(p->sim, &cfg, &ca, NULL);
	int sn = synack_sim_add_node(p->sim, &cfg, &sa, NULL);
	synack_sim_link(p->sim, cn, sn, NULL, NULL);
	p->c = synack_sim_stack(p->sim, cn);
	p->s = synack_sim_stack(p->sim, sn);
	p->lfd = synack_socket(p->s);
	synack_endpoint ep = {.addr = sa, .port = 80};
	synack_bind(p->s, p->lfd, &ep);
	synack_listen(p->s, p->lfd, 1024);
}

static void wait_for(struct pair *p, synack_stack *s, int fd, uint32_t mask)
{
	if (!synack_sim_wait(p->sim, s, fd, mask, synack_sim_now(p->sim) + 60 * SEC)) {
		fprintf(stderr, "bench: simulated connection stalled\n");
		exit(1);
	}
}

static double synack_lifecycles(unsigned n)
{
	struct pair p;
	pair_new(&p, 1500);
	char buf[128];
	memset(buf, 'x', sizeof buf);
	synack_endpoint ep = {.addr = synack_ipv4(10, 0, 0, 2), .port = 80};
	double t0 = wall();
	for (unsigned i = 0; i < n; i++) {
		int cfd = synack_socket(p.c);
		synack_connect(p.c, cfd, &ep);
		wait_for(&p, p.s, p.lfd, SYNACK_POLLIN);
		int sfd = synack_accept(p.s, p.lfd, NULL);
		wait_for(&p, p.c, cfd, SYNACK_POLLOUT);
		synack_send(p.c, cfd, buf, 100, 0);
		wait_for(&p, p.s, sfd, SYNACK_POLLIN);
		synack_recv(p.s, sfd, buf, sizeof buf, 0);
		synack_send(p.s, sfd, buf, 100, 0);
		wait_for(&p, p.c, cfd, SYNACK_POLLIN);
		synack_recv(p.c, cfd, buf, sizeof buf, 0);
		synack_close(p.c, cfd);
		wait_for(&p, p.s, sfd, SYNACK_POLLRDHUP);
		synack_close(p.s, sfd);
		/* until the server's block is freed and the client's in TIME-WAIT */
		synack_sim_run_until(p.sim, synack_sim_now(p.sim));
		while (synack_sim_step(p.sim)) {
			synack_stats st;
			synack_get_stats(p.s, &st);
			if (st.conns_live == 1) /* the listener */
				break;
		}
	}
	double dt = wall() - t0;
	synack_sim_free(p.sim);
	return n / dt;
}

static double synack_bulk(uint64_t bytes, uint32_t mtu)
{
	struct pair p;
	pair_new(&p, mtu);
	synack_endpoint ep = {.addr = synack_ipv4(10, 0, 0, 2), .port = 80};
	int cfd = synack_socket(p.c);
	synack_connect(p.c, cfd, &ep);
	wait_for(&p, p.s, p.lfd, SYNACK_POLLIN);
	int sfd = synack_accept(p.s, p.lfd, NULL);
	static char buf[1 << 16];
	memset(buf, 'b', sizeof buf);
	uint64_t sent = 0, got = 0;
	double t0 = wall();
	while (got < bytes) {
		while (sent < bytes) {
			uint64_t want = bytes - sent < sizeof buf ? bytes - sent : sizeof buf;
			long k = synack_send(p.c, cfd, buf, want, 0);
			if (k <= 0)
				break;
			sent += (uint64_t)k;
		}
		long k;
		while ((k = synack_recv(p.s, sfd, buf, sizeof buf, 0)) > 0)
			got += (uint64_t)k;
		if (got < bytes && !synack_sim_step(p.sim)) {
			fprintf(stderr, "bench: simulated bulk transfer stalled\n");
			exit(1);
		}
	}
	double dt = wall() - t0;
	synack_sim_free(p.sim);
	return (double)bytes * 8 / dt / 1e9;
}

/* ------------------------------------------------- the kernel, loopback */

static int kernel_listener(struct sockaddr_in *addr)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0)
		die("socket");
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(l, (struct sockaddr *)addr, sizeof *addr) < 0 || listen(l, 1024) < 0)
		die("bind/listen on 127.0.0.1");
	socklen_t len = sizeof *addr;
	getsockname(l, (struct sockaddr *)addr, &len);
	return l;
}

static void read_exact(int fd, char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);
		if (k <= 0)
			die("read");
		got += (size_t)k;
	}
}

static double kernel_lifecycles(unsigned n)
{
	struct sockaddr_in addr;
	int l = kernel_listener(&addr);
	char buf[128];
	memset(buf, 'x', sizeof buf);
	double t0 = wall();
	for (unsigned i = 0; i < n; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&addr, sizeof addr) < 0)
			die("connect to 127.0.0.1");
		int s = accept(l, NULL, NULL);
		if (s < 0)
			die("accept");
		if (write(c, buf, 100) != 100)
			die("write");
		read_exact(s, buf, 100);
		if (write(s, buf, 100) != 100)
			die("write");
		read_exact(c, buf, 100);
		close(c);
		if (read(s, buf, 1) != 0)
			die("read EOF");
		close(s);
	}
	double dt = wall() - t0;
	close(l);
	return n / dt;
}

static double kernel_bulk(uint64_t bytes)
{
	struct sockaddr_in addr;
	int l = kernel_listener(&addr);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&addr, sizeof addr) < 0)
		die("connect to 127.0.0.1");
	int s = accept(l, NULL, NULL);
	fcntl(c, F_SETFL, O_NONBLOCK);
	fcntl(s, F_SETFL, O_NONBLOCK);
	static char buf[1 << 16];
	memset(buf, 'b', sizeof buf);
	uint64_t sent = 0, got = 0;
	double t0 = wall();
	while (got < bytes) {
		struct pollfd pf[2] = {{.fd = c, .events = sent < bytes ? POLLOUT : 0},
				       {.fd = s, .events = POLLIN}};
		if (poll(pf, 2, 10000) <= 0)
			die("poll");
		if (pf[0].revents & POLLOUT) {
			uint64_t want = bytes - sent < sizeof buf ? bytes - sent : sizeof buf;
			ssize_t k = write(c, buf, want);
			if (k > 0)
				sent += (uint64_t)k;
		}
		if (pf[1].revents & POLLIN) {
			ssize_t k = read(s, buf, sizeof buf);
			if (k > 0)
				got += (uint64_t)k;
		}
	}
	double dt = wall() - t0;
	close(c);
	close(s);
	close(l);
	return (double)bytes * 8 / dt / 1e9;
}

int main(int argc, char **argv)
{
	/* BENCH_QUICK=1 (or --quick) runs smaller sizes: a smoke test. */
	bool quick = (argc > 1 && !strcmp(argv[1], "--quick")) || getenv("BENCH_QUICK");
	unsigned lifecycles = quick ? 2000 : 20000;
	unsigned klifecycles = quick ? 2000 : 10000; /* ephemeral ports: TIME-WAIT piles up */
	uint64_t bulk = quick ? (64ull << 20) : (1ull << 30);

	double sl = synack_lifecycles(lifecycles);
	double kl = kernel_lifecycles(klifecycles);
	printf("sim_lifecycles %.0f lifecycles/s\n", sl);
	printf("kernel_loopback_lifecycles %.0f lifecycles/s\n", kl);
	printf("sim_vs_kernel_lifecycles %.2f ratio\n", sl / kl);
	double sb = synack_bulk(bulk, 1500);
	double kb = kernel_bulk(bulk);
	printf("sim_bulk_%s_mtu1500 %.2f Gbit/s\n", quick ? "64MiB" : "1GiB", sb);
	printf("kernel_loopback_bulk_%s %.2f Gbit/s\n", quick ? "64MiB" : "1GiB", kb);
	printf("sim_vs_kernel_bulk %.2f ratio\n", sb / kb);
	return 0;
}
