/* synack — the command line tool.
 *
 *   synack demo [options]    a client and a server on the simulated network
 *                            open a connection, exchange a request and a
 *                            reply, and close; printed as a ladder diagram
 *   synack listen / connect  the stack on a TUN device, talking to the
 *                            kernel (net.c)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ladder.h"
#include "net.h"
#include "synack.h"
#include "synack_pcap.h"
#include "synack_sim.h"

#define MS 1000000ull
#define SEC 1000000000ull

#define prog cli_prog

static void usage(FILE *out)
{
	fprintf(out,
		"usage: %s <command> [options]\n"
		"\n"
		"commands:\n"
		"  demo        a TCP conversation on the simulated network, drawn as a ladder\n"
		"  listen      a server on synack's stack behind a TUN device (real clients)\n"
		"  connect     a client on synack's stack behind a TUN device (real servers)\n"
		"\n"
		"Run '%s COMMAND --help' for a command's options.\n",
		prog, prog);
}

static void demo_usage(FILE *out)
{
	fprintf(out,
		"usage: %s demo [options]\n"
		"\n"
		"A client (10.0.0.1) and a server (10.0.0.2:80) on the simulated network:\n"
		"the client connects, sends a request, reads the reply and closes; the\n"
		"server closes 5 ms after it sees the end of the request stream.  Every\n"
		"segment is printed with its virtual time, flags, relative and absolute\n"
		"sequence numbers, window, options, length and both sides' states.\n"
		"\n"
		"options:\n"
		"  --seed N          seed of the simulated network (default 1)\n"
		"  --delay MS        one-way delay in milliseconds (default 10)\n"
		"  --loss PERCENT    random loss in each direction, 0-100 (default 0)\n"
		"  --bytes N         size of the reply in bytes (default 13)\n"
		"  --msl SECONDS     maximum segment lifetime; TIME-WAIT is 2*MSL (default 30)\n"
		"  --pcap FILE       also write a capture at the client's interface to FILE\n"
		"                    (pcap, LINKTYPE_RAW, nanosecond timestamps)\n"
		"  --color WHEN      auto, always or never (default auto)\n"
		"  -h, --help        this text\n",
		prog);
}

struct demo_opts {
	uint64_t seed, delay_ms, bytes, msl_s;
	double loss;
	const char *pcap;
	int color; /* -1 auto, 0 never, 1 always */
};

struct waiter {
	synack_stack *s;
	int fd;
	uint32_t mask;
};

struct both_done {
	synack_stack *a, *b;
};

static bool all_closed(void *user)
{
	struct both_done *d = user;
	synack_stats x, y;
	synack_get_stats(d->a, &x);
	synack_get_stats(d->b, &y);
	return x.conns_live == 0 && y.conns_live == 0;
}

static bool ready(void *user)
{
	struct waiter *w = user;
	return (synack_poll(w->s, w->fd) & w->mask) != 0;
}

static bool wait_for(synack_sim *sim, synack_stack *s, int fd, uint32_t mask, uint64_t limit)
{
	struct waiter w = {s, fd, mask};
	return synack_sim_run_while_not(sim, ready, &w, synack_sim_now(sim) + limit);
}

/* Reads until `want` bytes or end of stream; false on error or time out. */
static bool read_all(synack_sim *sim, synack_stack *s, int fd, uint64_t want, uint64_t *got)
{
	char buf[4096];
	*got = 0;
	while (*got < want) {
		long n = synack_recv(s, fd, buf, sizeof buf, 0);
		if (n > 0) {
			*got += (uint64_t)n;
			continue;
		}
		if (n == 0)
			return true;
		if (n != SYNACK_EAGAIN)
			return false;
		if (!wait_for(sim, s, fd, SYNACK_POLLIN | SYNACK_POLLERR, 300 * SEC))
			return false;
	}
	return true;
}

static bool write_all(synack_sim *sim, synack_stack *s, int fd, const char *data, uint64_t len)
{
	uint64_t off = 0;
	while (off < len) {
		long n = synack_send(s, fd, data + off, len - off, 0);
		if (n > 0) {
			off += (uint64_t)n;
			continue;
		}
		if (n != SYNACK_EAGAIN)
			return false;
		if (!wait_for(sim, s, fd, SYNACK_POLLOUT | SYNACK_POLLERR, 300 * SEC))
			return false;
	}
	return true;
}

static int run_demo(const struct demo_opts *o)
{
	synack_sim *sim = synack_sim_new(o->seed);
	if (!sim) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.msl_ns = o->msl_s * SEC;
	synack_addr ca = synack_ipv4(10, 0, 0, 1), sa = synack_ipv4(10, 0, 0, 2);
	int cn = synack_sim_add_node(sim, &cfg, &ca, NULL);
	int sn = synack_sim_add_node(sim, &cfg, &sa, NULL);
	synack_sim_impair imp = {.delay_ns = o->delay_ms * MS, .loss = o->loss};
	synack_sim_link(sim, cn, sn, &imp, &imp);
	synack_stack *cs = synack_sim_stack(sim, cn), *ss = synack_sim_stack(sim, sn);

	struct ladder *lad = ladder_new(sim, cn, sn, "client 10.0.0.1", "server 10.0.0.2:80");
	synack_pcap *pcap = NULL;
	if (o->pcap) {
		int err;
		pcap = synack_pcap_open(o->pcap, &err);
		if (!pcap) {
			fprintf(stderr, "%s: cannot write %s: %s\n", prog, o->pcap, strerror(errno));
			ladder_free(lad);
			synack_sim_free(sim);
			return 1;
		}
		ladder_set_pcap(lad, pcap);
	}

	const char *failure = NULL;
	int lfd = synack_socket(ss);
	synack_endpoint sep = {.addr = sa, .port = 80};
	synack_bind(ss, lfd, &sep);
	synack_listen(ss, lfd, 16);
	int cfd = synack_socket(cs);
	synack_connect(cs, cfd, &sep);

	static const char request[] = "GET / HTTP/1.0\r\n\r\n";
	uint64_t reply_len = o->bytes;
	char *reply = malloc(reply_len + 1);
	if (!reply) {
		failure = "out of memory";
		goto out;
	}
	for (uint64_t i = 0; i < reply_len; i++)
		reply[i] = "Hello, world!"[i % 13];

	int sfd = -1;
	uint64_t got;
	if (!wait_for(sim, cs, cfd, SYNACK_POLLOUT | SYNACK_POLLERR, 300 * SEC) ||
	    synack_get_error(cs, cfd)) {
		failure = "the connection could not be opened";
		goto out;
	}
	if (!write_all(sim, cs, cfd, request, sizeof request - 1)) {
		failure = "the client could not send its request";
		goto out;
	}
	if (!wait_for(sim, ss, lfd, SYNACK_POLLIN, 300 * SEC) ||
	    (sfd = synack_accept(ss, lfd, NULL)) < 0) {
		failure = "the server accepted nothing";
		goto out;
	}
	if (!read_all(sim, ss, sfd, sizeof request - 1, &got) || got != sizeof request - 1) {
		failure = "the server did not get the request";
		goto out;
	}
	if (!write_all(sim, ss, sfd, reply, reply_len)) {
		failure = "the server could not send its reply";
		goto out;
	}
	if (!read_all(sim, cs, cfd, reply_len, &got) || got != reply_len) {
		failure = "the client did not get the reply";
		goto out;
	}
	synack_close(cs, cfd);
	cfd = -1;
	if (!wait_for(sim, ss, sfd, SYNACK_POLLRDHUP | SYNACK_POLLERR, 300 * SEC)) {
		failure = "the server never saw the client's FIN";
		goto out;
	}
	synack_sim_run_until(sim, synack_sim_now(sim) + 5 * MS);
	synack_close(ss, sfd);
	sfd = -1;
	synack_close(ss, lfd);
	lfd = -1;
	/* until TIME-WAIT and every retransmission are over */
	struct both_done bd = {cs, ss};
	if (!synack_sim_run_while_not(sim, all_closed, &bd, synack_sim_now(sim) + 2 * o->msl_s * SEC + 900 * SEC))
		failure = "connections still open after TIME-WAIT and every retry";

out:
	printf("synack demo: client 10.0.0.1 -> server 10.0.0.2:80, one-way delay %" PRIu64
	       " ms, loss %.1f%%, seed %" PRIu64 "\n\n",
	       o->delay_ms, o->loss * 100, o->seed);
	bool color = cli_color_on(o->color);
	ladder_print(lad, stdout, color);
	synack_stats cst, sst;
	synack_get_stats(cs, &cst);
	synack_get_stats(ss, &sst);
	printf("\n%u segments; client sent %" PRIu64 ", server sent %" PRIu64
	       "; retransmissions %" PRIu64 "; control blocks left: client %" PRIu64
	       ", server %" PRIu64 "; virtual time %.3f s\n",
	       ladder_rows(lad), cst.tcp_out, sst.tcp_out,
	       cst.tcp_retransmits + sst.tcp_retransmits, cst.conns_live, sst.conns_live,
	       (double)synack_sim_now(sim) / 1e9);
	if (failure)
		fprintf(stderr, "%s: demo failed: %s\n", prog, failure);
	int rc = failure ? 1 : 0;
	if (pcap && synack_pcap_close(pcap) != SYNACK_OK) {
		fprintf(stderr, "%s: writing %s failed\n", prog, o->pcap);
		rc = 1;
	}
	free(reply);
	ladder_free(lad);
	synack_sim_free(sim);
	return rc;
}

static int cmd_demo(int argc, char **argv)
{
	struct demo_opts o = {.seed = 1, .delay_ms = 10, .bytes = 13, .msl_s = 30, .color = -1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;
		char name[32];
		const char *eq = strchr(a, '=');
		if (strncmp(a, "--", 2) == 0 && eq && (size_t)(eq - a) < sizeof name) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = 0;
			v = eq + 1;
			a = name;
		}
		bool takes = !strcmp(a, "--seed") || !strcmp(a, "--delay") || !strcmp(a, "--loss") ||
			     !strcmp(a, "--bytes") || !strcmp(a, "--pcap") || !strcmp(a, "--color") ||
			     !strcmp(a, "--msl");
		if (takes && !v) {
			if (i + 1 >= argc)
				return cli_bad_usage("demo", "%s needs a value", a);
			v = argv[++i];
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			demo_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--seed")) {
			if (!cli_parse_u64(v, UINT64_MAX, &o.seed))
				return cli_bad_usage("demo", "--seed wants a whole number, not '%s'", v);
		} else if (!strcmp(a, "--delay")) {
			if (!cli_parse_u64(v, 60000, &o.delay_ms))
				return cli_bad_usage("demo", "--delay wants milliseconds 0..60000, not '%s'", v);
		} else if (!strcmp(a, "--loss")) {
			double p;
			if (!cli_parse_double(v, 0, 100, &p))
				return cli_bad_usage("demo", "--loss wants a percentage 0..100, not '%s'", v);
			o.loss = p / 100;
		} else if (!strcmp(a, "--bytes")) {
			if (!cli_parse_u64(v, 64 * 1024 * 1024, &o.bytes) || o.bytes == 0)
				return cli_bad_usage("demo", "--bytes wants 1..67108864, not '%s'", v);
		} else if (!strcmp(a, "--msl")) {
			if (!cli_parse_u64(v, 3600, &o.msl_s) || o.msl_s == 0)
				return cli_bad_usage("demo", "--msl wants seconds 1..3600, not '%s'", v);
		} else if (!strcmp(a, "--pcap")) {
			o.pcap = v;
		} else if (!strcmp(a, "--color")) {
			if (!cli_parse_color(v, &o.color))
				return cli_bad_usage("demo", "--color wants auto, always or never, not '%s'", v);
		} else {
			return cli_bad_usage("demo", "unknown option '%s'", a);
		}
	}
	return run_demo(&o);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "demo"))
		return cmd_demo(argc - 1, argv + 1);
	if (!strcmp(argv[1], "listen") || !strcmp(argv[1], "connect"))
		return cmd_net(argv[1], argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return 2;
}
