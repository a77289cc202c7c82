/* The scenarios of `synack demo` (scenarios.h).  Each one sets up the
 * simulated network (impairments, scripted drops and delays, settings),
 * then plays the applications on both sides with the socket API; the
 * ladder records what crosses the link. */
#include "scenarios.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "explain.h"
#include "json.h"
#include "ladder.h"
#include "svg.h"
#include "tsg.h"
#include "scenario_file.h"
#include "synack.h"
#include "synack_pcap.h"
#include "synack_sim.h"

#define MS 1000000ull
#define SEC 1000000000ull
#define LIMIT (900 * SEC) /* no scenario waits longer for anything */

struct scen;

struct scenario {
	const char *name;
	const char *summary;
	const char *summary_zh;
	int (*run)(struct scen *x);
	double loss;               /* default loss */
	uint64_t bytes;            /* default reply size */
};

struct node_user {
	struct scen *x;
	int node;
};

struct scen {
	const struct demo_opts *o;
	synack_settings cfg;       /* both stacks' */
	const struct scenario *sc;
	synack_sim *sim;
	struct ladder *lad;
	int cn, sn;
	synack_stack *cs, *ss;
	synack_addr ca, sa;
	synack_endpoint sep;
	int lfd, cfd, sfd;
	uint64_t reply_len;
	char *reply;
	uint64_t client_got;       /* bytes of the reply the client has read */
	char failbuf[160];
	const char *failure;
	char extra[2][200];        /* a line about the outcome, English and Chinese */
	struct node_user users[2];
	/* behaviours that must happen inside a readiness report, before the
	 * engine sends the ACK it owes */
	bool server_closes_on_eof;
	bool client_sends_on_connect;
	bool request_sent;
	/* a scenario file: each side's latest connection state (not its
	 * listener's), and the error its last call or connection met */
	synack_state state[2];
	int error[2];
	char file_failure[240];
};

static const char request[] = "GET / HTTP/1.0\r\n\r\n";
#define REQUEST_LEN (sizeof request - 1)

static int fail(struct scen *x, const char *what)
{
	if (!x->failure)
		x->failure = what;
	return 1;
}

/* ------------------------------------------------------------ waiting */

static bool wait_for(struct scen *x, synack_stack *s, int fd, uint32_t mask)
{
	return synack_sim_wait(x->sim, s, fd, mask, synack_sim_now(x->sim) + LIMIT);
}

static void run_for(struct scen *x, uint64_t ns)
{
	synack_sim_run_until(x->sim, synack_sim_now(x->sim) + ns);
}

/* Reads until `want` bytes or end of stream; false on error or time out. */
static bool read_all(struct scen *x, synack_stack *s, int fd, uint64_t want, uint64_t *got)
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
		if (!wait_for(x, s, fd, SYNACK_POLLIN | SYNACK_POLLERR))
			return false;
	}
	return true;
}

/* The client reads what it has of the reply now, without waiting;
 * x->client_got counts it. */
static void drain_client(struct scen *x)
{
	char buf[4096];
	long n;
	while (x->cfd >= 0 && (n = synack_recv(x->cs, x->cfd, buf, sizeof buf, 0)) > 0)
		x->client_got += (uint64_t)n;
}

struct writer {
	struct scen *x;
	synack_stack *s;
	int fd;
};

/* The writer may write again, or the client has something to read. */
static bool writer_or_client_ready(void *user)
{
	const struct writer *w = user;
	struct scen *x = w->x;
	return (synack_poll(w->s, w->fd) & (SYNACK_POLLOUT | SYNACK_POLLERR)) ||
	       (x->cfd >= 0 && (synack_poll(x->cs, x->cfd) & (SYNACK_POLLIN | SYNACK_POLLERR)));
}

/* Writes all of data.  When the send buffer is full, the client reads
 * meanwhile (drain_client): a reply larger than both buffers would
 * otherwise never finish, each end waiting for the other. */
static bool write_all(struct scen *x, synack_stack *s, int fd, const char *data, uint64_t len)
{
	uint64_t off = 0;
	struct writer w = {x, s, fd};
	while (off < len) {
		long n = synack_send(s, fd, data + off, len - off, 0);
		if (n > 0) {
			off += (uint64_t)n;
			continue;
		}
		if (n != SYNACK_EAGAIN)
			return false;
		if (!synack_sim_run_while_not(x->sim, writer_or_client_ready, &w,
					      synack_sim_now(x->sim) + LIMIT))
			return false;
		if (s != x->cs)
			drain_client(x);
	}
	return true;
}

/* The client reads the reply until it has `want` bytes of it, counting
 * what it read while the server wrote, or until end of stream. */
static bool read_reply(struct scen *x, uint64_t want)
{
	uint64_t got;
	if (x->client_got >= want)
		return true;
	bool ok = read_all(x, x->cs, x->cfd, want - x->client_got, &got);
	x->client_got += got;
	return ok;
}

static bool all_closed(void *user)
{
	struct scen *x = user;
	synack_stats a, b;
	synack_get_stats(x->cs, &a);
	synack_get_stats(x->ss, &b);
	return a.conns_live == 0 && b.conns_live == 0;
}

/* Until TIME-WAIT and every retransmission are over. */
static int finish(struct scen *x)
{
	if (x->lfd >= 0)
		synack_close(x->ss, x->lfd);
	x->lfd = -1;
	uint64_t limit = 2 * x->cfg.msl_ns + LIMIT;
	if (!synack_sim_run_while_not(x->sim, all_closed, x, synack_sim_now(x->sim) + limit))
		return fail(x, "connections still open after TIME-WAIT and every retry");
	return x->failure ? 1 : 0;
}

/* --------------------------------------------------------- the pieces */

static void on_event(void *user, const synack_event *ev)
{
	struct node_user *u = user;
	struct scen *x = u->x;
	if (ev->kind == SYNACK_EV_STATE && ev->to != SYNACK_LISTEN &&
	    !(ev->from == SYNACK_LISTEN && ev->to == SYNACK_CLOSED))
		x->state[u->node == x->cn ? 0 : 1] = ev->to;
	if (ev->kind == SYNACK_EV_SEGMENT_SENT && ev->fd >= 0 && x->lad) {
		/* the sender's figures as it sends, for --verbose and the JSON */
		synack_info info;
		if (synack_get_info(u->node == x->cn ? x->cs : x->ss, ev->fd, &info) == 0)
			ladder_sender_info(x->lad, u->node == x->cn ? 0 : 1, ev->datagram, &info);
	}
	if (ev->kind != SYNACK_EV_READY)
		return;
	if (u->node == x->cn && x->client_sends_on_connect && !x->request_sent &&
	    ev->fd == x->cfd && (ev->ready & SYNACK_POLLOUT)) {
		/* connected: the request goes with the ACK the SYN,ACK calls for */
		x->request_sent = synack_send(x->cs, x->cfd, request, REQUEST_LEN, 0) ==
				  (long)REQUEST_LEN;
	}
	if (u->node == x->sn && x->server_closes_on_eof && ev->fd == x->sfd && x->sfd >= 0 &&
	    (ev->ready & SYNACK_POLLRDHUP)) {
		/* end of stream: close at once, so the ACK rides on our FIN */
		char buf[64];
		while (synack_recv(x->ss, x->sfd, buf, sizeof buf, 0) > 0)
			;
		synack_close(x->ss, x->sfd);
		x->sfd = -1;
	}
}

static int listen_server(struct scen *x)
{
	x->lfd = synack_socket(x->ss);
	if (synack_bind(x->ss, x->lfd, &x->sep) || synack_listen(x->ss, x->lfd, 16))
		return fail(x, "the server could not listen");
	return 0;
}

static int connect_client(struct scen *x, const synack_endpoint *to)
{
	x->cfd = synack_socket(x->cs);
	int err = synack_connect(x->cs, x->cfd, to);
	if (err != SYNACK_EINPROGRESS)
		return fail(x, "connect failed at once");
	return 0;
}

/* Listen, connect, accept: the three-way handshake. */
static int open_conn(struct scen *x)
{
	if (listen_server(x) || connect_client(x, &x->sep))
		return 1;
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLOUT | SYNACK_POLLERR) ||
	    synack_get_error(x->cs, x->cfd))
		return fail(x, "the connection could not be opened");
	if (!wait_for(x, x->ss, x->lfd, SYNACK_POLLIN) ||
	    (x->sfd = synack_accept(x->ss, x->lfd, NULL)) < 0)
		return fail(x, "the server accepted nothing");
	return 0;
}

static int send_request(struct scen *x)
{
	uint64_t got;
	if (!x->request_sent && !write_all(x, x->cs, x->cfd, request, REQUEST_LEN))
		return fail(x, "the client could not send its request");
	x->request_sent = true;
	if (!read_all(x, x->ss, x->sfd, REQUEST_LEN, &got) || got != REQUEST_LEN)
		return fail(x, "the server did not get the request");
	return 0;
}

static int send_reply(struct scen *x)
{
	if (!write_all(x, x->ss, x->sfd, x->reply, x->reply_len))
		return fail(x, "the server could not send its reply");
	if (!read_reply(x, x->reply_len) || x->client_got != x->reply_len)
		return fail(x, "the client did not get the reply");
	return 0;
}

/* The client closes; the server reads end-of-stream and closes 5 ms
 * later (an application's reaction time): the four-way close. */
static int close_client_first(struct scen *x)
{
	synack_close(x->cs, x->cfd);
	x->cfd = -1;
	if (x->server_closes_on_eof) {
		run_for(x, 1 * SEC); /* the server closes from its readiness report */
		return 0;
	}
	if (!wait_for(x, x->ss, x->sfd, SYNACK_POLLRDHUP | SYNACK_POLLERR))
		return fail(x, "the server never saw the client's FIN");
	run_for(x, 5 * MS);
	synack_close(x->ss, x->sfd);
	x->sfd = -1;
	return 0;
}

static int close_server_first(struct scen *x)
{
	synack_close(x->ss, x->sfd);
	x->sfd = -1;
	if (!read_reply(x, UINT64_MAX))
		return fail(x, "the client never saw the server's FIN");
	run_for(x, 5 * MS);
	synack_close(x->cs, x->cfd);
	x->cfd = -1;
	return 0;
}

/* ---------------------------------------------------------- scenarios */

static int sc_normal(struct scen *x)
{
	if (open_conn(x) || send_request(x) || send_reply(x) || close_client_first(x))
		return 1;
	return finish(x);
}

static int sc_server_closes_first(struct scen *x)
{
	if (open_conn(x) || send_request(x))
		return 1;
	if (!write_all(x, x->ss, x->sfd, x->reply, x->reply_len))
		return fail(x, "the server could not send its reply");
	if (close_server_first(x))
		return 1;
	return finish(x);
}

/* The client half-closes after its request; the server, in CLOSE-WAIT,
 * sends its reply in three parts 5 ms apart, then closes. */
static int sc_half_close(struct scen *x)
{
	if (open_conn(x))
		return 1;
	if (!write_all(x, x->cs, x->cfd, request, REQUEST_LEN))
		return fail(x, "the client could not send its request");
	synack_shutdown(x->cs, x->cfd, SYNACK_SHUT_WR);
	uint64_t got;
	if (!read_all(x, x->ss, x->sfd, UINT64_MAX, &got) || got != REQUEST_LEN)
		return fail(x, "the server did not get the request and its end");
	uint64_t part = (x->reply_len + 2) / 3, off = 0;
	while (off < x->reply_len) {
		uint64_t n = x->reply_len - off < part ? x->reply_len - off : part;
		if (!write_all(x, x->ss, x->sfd, x->reply + off, n))
			return fail(x, "the server could not send in CLOSE-WAIT");
		off += n;
		run_for(x, 5 * MS);
	}
	synack_close(x->ss, x->sfd);
	x->sfd = -1;
	if (!read_reply(x, UINT64_MAX) || x->client_got != x->reply_len)
		return fail(x, "the half-closed client did not get the whole reply");
	synack_close(x->cs, x->cfd);
	x->cfd = -1;
	return finish(x);
}

static int sc_three_segment_close(struct scen *x)
{
	x->server_closes_on_eof = true;
	return sc_normal(x);
}

static int sc_data_on_third_ack(struct scen *x)
{
	x->client_sends_on_connect = true;
	return sc_normal(x);
}

/* Both sides connect to each other at the same time (RFC 9293 Figure 7). */
static int simultaneous_open(struct scen *x)
{
	synack_endpoint cep = {.addr = x->ca, .port = 40000};
	x->cfd = synack_socket(x->cs);
	x->sfd = synack_socket(x->ss);
	if (synack_bind(x->cs, x->cfd, &cep) || synack_bind(x->ss, x->sfd, &x->sep))
		return fail(x, "bind failed");
	if (synack_connect(x->cs, x->cfd, &x->sep) != SYNACK_EINPROGRESS ||
	    synack_connect(x->ss, x->sfd, &cep) != SYNACK_EINPROGRESS)
		return fail(x, "connect failed at once");
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLOUT | SYNACK_POLLERR) ||
	    !wait_for(x, x->ss, x->sfd, SYNACK_POLLOUT | SYNACK_POLLERR) ||
	    synack_get_error(x->cs, x->cfd) || synack_get_error(x->ss, x->sfd))
		return fail(x, "the simultaneous open did not complete");
	return 0;
}

static int sc_simultaneous_open(struct scen *x)
{
	if (simultaneous_open(x) || send_request(x) || send_reply(x) || close_client_first(x))
		return 1;
	return finish(x);
}

/* Both close at the same moment: the FINs cross (RFC 9293 Figure 13). */
static int sc_simultaneous_close(struct scen *x)
{
	if (open_conn(x) || send_request(x) || send_reply(x))
		return 1;
	run_for(x, 100 * MS); /* let the last ACK settle */
	synack_close(x->cs, x->cfd);
	synack_close(x->ss, x->sfd);
	x->cfd = x->sfd = -1;
	return finish(x);
}

static int sc_lost_syn(struct scen *x)
{
	synack_sim_drop_nth(x->sim, x->cn, x->sn, 1);
	return sc_normal(x);
}

static int sc_lost_synack(struct scen *x)
{
	synack_sim_drop_nth(x->sim, x->sn, x->cn, 1);
	return sc_normal(x);
}

/* Every ACK of the server's SYN,ACK is lost (the handshake's third
 * segment, then each answer to a retransmitted SYN,ACK), so the server
 * backs off and gives up; the client, ESTABLISHED all along, sends its
 * request later and gets a RST. */
static int sc_lost_third_ack(struct scen *x)
{
	uint32_t retries = x->cfg.synack_retries;
	for (uint32_t n = 2; n <= retries + 2; n++)
		synack_sim_drop_nth(x->sim, x->cn, x->sn, n);
	if (listen_server(x) || connect_client(x, &x->sep))
		return 1;
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLOUT | SYNACK_POLLERR))
		return fail(x, "the client did not connect");
	/* wait until the server has given up on the half-open connection */
	uint64_t until = synack_sim_now(x->sim) + demo_give_up_ns(&x->cfg, retries) + LIMIT;
	synack_stats st;
	do {
		run_for(x, 1 * SEC);
		synack_get_stats(x->ss, &st);
	} while (st.conns_live > 1 && synack_sim_now(x->sim) < until);
	if (st.conns_live > 1)
		return fail(x, "the server did not give up its half-open connection");
	run_for(x, 1 * SEC);
	if (!write_all(x, x->cs, x->cfd, request, REQUEST_LEN))
		return fail(x, "the client could not send its request");
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLERR))
		return fail(x, "the client's request was not answered with RST");
	if (synack_get_error(x->cs, x->cfd) != SYNACK_ECONNRESET)
		return fail(x, "the client did not see ECONNRESET");
	synack_close(x->cs, x->cfd);
	x->cfd = -1;
	snprintf(x->extra[0], sizeof x->extra[0], "client: %s",
		 synack_strerror(SYNACK_ECONNRESET));
	snprintf(x->extra[1], sizeof x->extra[1], "客户端：ECONNRESET：连接被对端复位");
	return finish(x);
}

/* RFC 9293 Figure 8: a SYN from an earlier attempt (another ISN, same
 * ports) reaches the server before the client's current SYN, which the
 * network delays. */
static int sc_old_duplicate_syn(struct scen *x)
{
	synack_endpoint cep = {.addr = x->ca, .port = 40000};
	synack_sim_delay_nth(x->sim, x->cn, x->sn, 2, 4 * x->o->delay_ms * MS + 10 * MS);
	if (listen_server(x))
		return 1;
	x->cfd = synack_socket(x->cs);
	if (synack_bind(x->cs, x->cfd, &cep))
		return fail(x, "bind failed");
	synack_segment old = {.src = cep, .dst = x->sep, .seq = 90000, .flags = SYNACK_TH_SYN,
			      .window = 65535, .mss = 1460, .wscale = -1};
	uint8_t pkt[128];
	size_t len = synack_segment_build(&old, NULL, pkt, sizeof pkt);
	ladder_label_injected(x->lad, 0, "old duplicate SYN", "旧的重复 SYN");
	if (!len || synack_sim_inject(x->sim, x->cn, pkt, len))
		return fail(x, "could not inject the old SYN");
	if (synack_connect(x->cs, x->cfd, &x->sep) != SYNACK_EINPROGRESS)
		return fail(x, "connect failed at once");
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLOUT | SYNACK_POLLERR) ||
	    synack_get_error(x->cs, x->cfd))
		return fail(x, "the connection could not be opened");
	if (!wait_for(x, x->ss, x->lfd, SYNACK_POLLIN) ||
	    (x->sfd = synack_accept(x->ss, x->lfd, NULL)) < 0)
		return fail(x, "the server accepted nothing");
	if (send_request(x) || send_reply(x) || close_client_first(x))
		return 1;
	return finish(x);
}

/* The client closes first; its ACK of the server's FIN is lost. */
static int sc_lost_final_ack(struct scen *x)
{
	if (open_conn(x) || send_request(x) || send_reply(x))
		return 1;
	synack_close(x->cs, x->cfd);
	x->cfd = -1;
	if (!wait_for(x, x->ss, x->sfd, SYNACK_POLLRDHUP | SYNACK_POLLERR))
		return fail(x, "the server never saw the client's FIN");
	run_for(x, 5 * MS);
	synack_sim_link_stats st;
	synack_sim_link_stats_get(x->sim, x->cn, x->sn, &st);
	synack_sim_drop_nth(x->sim, x->cn, x->sn, (uint32_t)st.sent + 1);
	synack_close(x->ss, x->sfd);
	x->sfd = -1;
	return finish(x);
}

static int sc_closed_port(struct scen *x)
{
	if (connect_client(x, &x->sep)) /* the server never listens */
		return 1;
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLERR))
		return fail(x, "the SYN to a closed port was not refused");
	if (synack_get_error(x->cs, x->cfd) != SYNACK_ECONNREFUSED)
		return fail(x, "the client did not see ECONNREFUSED");
	snprintf(x->extra[0], sizeof x->extra[0], "client: %s",
		 synack_strerror(SYNACK_ECONNREFUSED));
	snprintf(x->extra[1], sizeof x->extra[1], "客户端：ECONNREFUSED：连接被拒绝（SYN 得到 RST 应答）");
	synack_close(x->cs, x->cfd);
	x->cfd = -1;
	return finish(x);
}

/* An attacker's spoofed SYNs (their SYN,ACKs go nowhere) fill the
 * server's half-open queue; the client's SYN then gets a SYN cookie. */
static int sc_syn_flood(struct scen *x)
{
	synack_addr aa = synack_ipv4(10, 0, 0, 66);
	int an = synack_sim_add_node(x->sim, NULL, &aa, NULL);
	if (an < 0)
		return fail(x, "no attacker node");
	synack_sim_impair d = {.delay_ns = x->o->delay_ms * MS};
	synack_sim_link(x->sim, an, x->sn, &d, &d);
	if (listen_server(x))
		return 1;
	enum { FLOOD = 64 };
	for (int i = 0; i < FLOOD; i++) {
		synack_segment syn = {.src = {synack_ipv4(198, 51, 100, (uint8_t)(i + 1)),
					      (uint16_t)(1024 + i)},
				      .dst = x->sep, .seq = 0x1000u * (uint32_t)(i + 1),
				      .flags = SYNACK_TH_SYN, .window = 65535, .mss = 1460,
				      .wscale = -1};
		uint8_t pkt[128];
		size_t len = synack_segment_build(&syn, NULL, pkt, sizeof pkt);
		synack_sim_inject(x->sim, an, pkt, len);
	}
	run_for(x, 50 * MS);
	/* the flood as one row: the attacker's side is not drawn */
	synack_stats fl;
	synack_get_stats(x->ss, &fl);
	uint64_t half_open = fl.conns_live - 1; /* all but the listener */
	char en[200], zh[200];
	snprintf(en, sizeof en,
		 "%d spoofed SYNs (198.51.100.1-%d): %" PRIu64 " half-open, queue full; %" PRIu64
		 " SYN cookies",
		 FLOOD, FLOOD, half_open, fl.tcp_syncookies_sent);
	snprintf(zh, sizeof zh,
		 "%d 个伪造的 SYN（198.51.100.1-%d）：%" PRIu64 " 个半连接，队列已满；%" PRIu64
		 " 个 SYN cookie",
		 FLOOD, FLOOD, half_open, fl.tcp_syncookies_sent);
	ladder_add_caption(x->lad, 1, x->o->delay_ms * MS, SYNACK_LISTEN, SYNACK_R_SYNACK_COOKIE,
			   en, zh);
	if (connect_client(x, &x->sep))
		return 1;
	if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLOUT | SYNACK_POLLERR) ||
	    synack_get_error(x->cs, x->cfd))
		return fail(x, "the client could not connect through the flood");
	if (!wait_for(x, x->ss, x->lfd, SYNACK_POLLIN) ||
	    (x->sfd = synack_accept(x->ss, x->lfd, NULL)) < 0)
		return fail(x, "the server accepted nothing");
	if (send_request(x) || send_reply(x) || close_client_first(x))
		return 1;
	synack_stats st;
	synack_get_stats(x->ss, &st);
	snprintf(x->extra[0], sizeof x->extra[0],
		 "server: %" PRIu64 " SYN cookies sent, %" PRIu64 " validated (the client's)",
		 st.tcp_syncookies_sent, st.tcp_syncookies_ok);
	snprintf(x->extra[1], sizeof x->extra[1],
		 "服务器：发出 %" PRIu64 " 个 SYN cookie，其中 %" PRIu64 " 个通过验证（客户端的）",
		 st.tcp_syncookies_sent, st.tcp_syncookies_ok);
	if (st.tcp_syncookies_ok == 0)
		return fail(x, "no SYN cookie was validated");
	return finish(x);
}

static int sc_lossy_transfer(struct scen *x)
{
	return sc_normal(x);
}

/* Both sides use ECN (RFC 3168); a congested router marks the first
 * segment of the reply CE instead of dropping it. */
static int sc_ecn(struct scen *x)
{
	if (open_conn(x) || send_request(x))
		return 1;
	synack_sim_link_stats st;
	synack_sim_link_stats_get(x->sim, x->sn, x->cn, &st);
	synack_sim_mark_nth(x->sim, x->sn, x->cn, (uint32_t)st.sent + 1);
	if (send_reply(x) || close_client_first(x))
		return 1;
	synack_stats cs, ss;
	synack_get_stats(x->cs, &cs);
	synack_get_stats(x->ss, &ss);
	snprintf(x->extra[0], sizeof x->extra[0],
		 "client: %" PRIu64 " CE mark received; server: %" PRIu64
		 " congestion window reduction for ECE, %" PRIu64 " retransmissions",
		 cs.tcp_ecn_ce_received, ss.tcp_ecn_cwnd_reduced, ss.tcp_retransmits);
	snprintf(x->extra[1], sizeof x->extra[1],
		 "客户端：收到 %" PRIu64 " 个 CE 标记；服务器：因 ECE 缩小拥塞窗口 %" PRIu64
		 " 次，重传 %" PRIu64 " 次",
		 cs.tcp_ecn_ce_received, ss.tcp_ecn_cwnd_reduced, ss.tcp_retransmits);
	if (cs.tcp_ecn_ce_received != 1 || ss.tcp_ecn_cwnd_reduced != 1)
		return fail(x, "the CE mark was not echoed and answered");
	return finish(x);
}

/* ------------------------------------------------------ scenario files */

/* The failure of the action at `line`, kept in the run. */
__attribute__((format(printf, 3, 4))) static int file_fail(struct scen *x, unsigned line,
							   const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(x->file_failure, sizeof x->file_failure, "%s:%u: %s", x->o->file_path, line, msg);
	return fail(x, x->file_failure);
}

/* The server's connection, accepted now if it has none yet. */
static bool server_conn(struct scen *x)
{
	if (x->sfd >= 0)
		return true;
	if (x->lfd < 0 || !wait_for(x, x->ss, x->lfd, SYNACK_POLLIN))
		return false;
	x->sfd = synack_accept(x->ss, x->lfd, NULL);
	return x->sfd >= 0;
}

/* Writes n bytes of the demo's pattern. */
static bool send_pattern(struct scen *x, synack_stack *s, int fd, uint64_t n)
{
	while (n) {
		uint64_t k = n < x->reply_len ? n : x->reply_len;
		if (!write_all(x, s, fd, x->reply, k))
			return false;
		n -= k;
	}
	return true;
}

/* Reads n bytes (UINT64_MAX: to the end of the stream); *got says how
 * many came, and the side's error is what ended the stream early, if
 * anything did.  The client's count includes what it read while the
 * server wrote (drain_client). */
static bool recv_bytes(struct scen *x, enum sf_side side, uint64_t n, uint64_t *got)
{
	synack_stack *s = side == SF_CLIENT ? x->cs : x->ss;
	int fd = side == SF_CLIENT ? x->cfd : x->sfd;
	char buf[4096];
	*got = 0;
	if (side == SF_CLIENT) {
		uint64_t take = x->client_got < n ? x->client_got : n;
		x->client_got -= take;
		*got = take;
	}
	while (*got < n) {
		long k = synack_recv(s, fd, buf, sizeof buf < n - *got ? sizeof buf : n - *got, 0);
		if (k > 0) {
			*got += (uint64_t)k;
		} else if (k == 0) {
			return true; /* the end of the stream */
		} else if (k != SYNACK_EAGAIN) {
			x->error[side] = (int)k;
			return false;
		} else if (!wait_for(x, s, fd, SYNACK_POLLIN | SYNACK_POLLERR)) {
			return false;
		}
	}
	return true;
}

static int file_action(struct scen *x, const struct sf_action *a)
{
	enum sf_side side = a->side;
	synack_stack *s = side == SF_CLIENT ? x->cs : x->ss;
	const char *who = sf_side_name(side);
	int *fd = side == SF_CLIENT ? &x->cfd : &x->sfd;
	uint64_t got;
	switch (a->verb) {
	case SF_LISTEN:
		x->sep.port = (uint16_t)a->n;
		return listen_server(x);
	case SF_CONNECT:
		if (connect_client(x, &x->sep))
			return 1;
		if (!wait_for(x, x->cs, x->cfd, SYNACK_POLLOUT | SYNACK_POLLERR))
			return file_fail(x, a->line, "client connect: still not connected");
		x->error[SF_CLIENT] = synack_get_error(x->cs, x->cfd);
		return 0;
	case SF_ACCEPT:
		if (!server_conn(x))
			return file_fail(x, a->line, "server accept: no connection came");
		return 0;
	case SF_WAIT:
		run_for(x, a->n);
		return 0;
	case SF_EXPECT:
		if (a->expect_error) {
			if (x->error[side] != a->error)
				return file_fail(x, a->line, "expected the %s's error %s, found %s", who,
						 synack_strerror(a->error),
						 x->error[side] ? synack_strerror(x->error[side])
								: "none");
		} else if (x->state[side] != a->state) {
			return file_fail(x, a->line, "expected the %s in %s, found %s", who,
					 synack_state_name(a->state),
					 synack_state_name(x->state[side]));
		}
		return 0;
	default:
		break;
	}
	/* the calls on a connection */
	if (side == SF_SERVER && !server_conn(x))
		return file_fail(x, a->line, "server: no connection to use (listen, and accept one)");
	if (*fd < 0)
		return file_fail(x, a->line, "%s: no connection (connect first; a closed one is gone)",
				 who);
	switch (a->verb) {
	case SF_SEND:
		if (!send_pattern(x, s, *fd, a->n))
			return file_fail(x, a->line, "%s send: %s", who,
					 synack_strerror(synack_get_error(s, *fd)));
		return 0;
	case SF_RECV:
		if (!recv_bytes(x, side, a->n, &got) || got != a->n)
			return file_fail(x, a->line, "%s recv %" PRIu64 ": got %" PRIu64 " bytes%s%s", who,
					 a->n, got, x->error[side] ? ": " : "",
					 x->error[side] ? synack_strerror(x->error[side]) : "");
		return 0;
	case SF_RECV_EOF:
		/* a reset ends the stream too: `expect SIDE error` checks it */
		if (!recv_bytes(x, side, UINT64_MAX, &got) && !x->error[side])
			return file_fail(x, a->line, "%s recv eof: the stream never ended", who);
		return 0;
	case SF_SHUTDOWN:
		x->error[side] = synack_shutdown(s, *fd, SYNACK_SHUT_WR);
		return 0;
	case SF_CLOSE:
		x->error[side] = synack_close(s, *fd);
		*fd = -1;
		return 0;
	case SF_ABORT:
		x->error[side] = synack_abort(s, *fd);
		*fd = -1;
		return 0;
	default:
		return file_fail(x, a->line, "unknown action");
	}
}

/* The file's actions in order; then, as for every scenario, until every
 * connection is over, but without failing on one the file left open. */
static int sc_file(struct scen *x)
{
	const struct scenario_file *sf = x->o->file;
	for (unsigned i = 0; i < sf->nactions; i++)
		if (file_action(x, &sf->actions[i]))
			return 1;
	if (x->lfd >= 0)
		synack_close(x->ss, x->lfd);
	x->lfd = -1;
	synack_sim_run_while_not(x->sim, all_closed, x,
				 synack_sim_now(x->sim) + 2 * x->cfg.msl_ns + LIMIT);
	return 0;
}

/* its pattern is written 64 KiB at a time */
static const struct scenario file_scenario = {"file", NULL, NULL, sc_file, 0, 65536};

static const struct scenario scenarios[] = {
	{"normal", "open, request, reply, close: the three-way handshake and the four-way close",
	 "打开连接、请求、应答、关闭：三次握手与四次挥手",
	 sc_normal, 0, 13},
	{"server-closes-first", "the server closes first, so TIME-WAIT is on the server's side",
	 "服务器先关闭，因此 TIME-WAIT 在服务器一侧",
	 sc_server_closes_first, 0, 13},
	{"half-close", "the client shuts down writing; the server keeps sending in CLOSE-WAIT",
	 "客户端关闭写方向；服务器在 CLOSE-WAIT 中继续发送",
	 sc_half_close, 0, 3000},
	{"three-segment-close", "the server closes as it reads end-of-stream: its ACK rides on its FIN",
	 "服务器读到数据流结束时立即关闭：它的 ACK 捎带在它的 FIN 上",
	 sc_three_segment_close, 0, 13},
	{"simultaneous-open", "both sides send SYN at once: SYN-SENT, SYN-RECEIVED, ESTABLISHED on both",
	 "双方同时发送 SYN：两边都经历 SYN-SENT、SYN-RECEIVED、ESTABLISHED",
	 sc_simultaneous_open, 0, 13},
	{"simultaneous-close", "both sides send FIN at once: FIN-WAIT-1, CLOSING, TIME-WAIT on both",
	 "双方同时发送 FIN：两边都经历 FIN-WAIT-1、CLOSING、TIME-WAIT",
	 sc_simultaneous_close, 0, 13},
	{"lost-syn", "the first SYN is lost: the client sends it again after the initial RTO",
	 "第一个 SYN 丢失：客户端在初始 RTO 之后重发它",
	 sc_lost_syn, 0, 13},
	{"lost-synack", "the first SYN,ACK is lost: both sides retransmit after the initial RTO",
	 "第一个 SYN,ACK 丢失：双方都在初始 RTO 之后重传",
	 sc_lost_synack, 0, 13},
	{"lost-third-ack",
	 "every ACK of the SYN,ACK is lost: the server backs off, gives up, and resets the client's data",
	 "对 SYN,ACK 的每个 ACK 都丢失：服务器退避重传、最终放弃，并用 RST 回应客户端的数据",
	 sc_lost_third_ack, 0, 13},
	{"old-duplicate-syn",
	 "a stale SYN reaches the server first; the client answers RST (why three segments, not two)",
	 "一个过时的 SYN 先到达服务器；客户端用 RST 回应（为什么是三次而不是两次握手）",
	 sc_old_duplicate_syn, 0, 13},
	{"lost-final-ack",
	 "the client's last ACK is lost: the server sends its FIN again and TIME-WAIT ACKs it (why TIME-WAIT)",
	 "客户端最后的 ACK 丢失：服务器重发 FIN，处于 TIME-WAIT 的客户端再次确认（为什么需要 TIME-WAIT）",
	 sc_lost_final_ack, 0, 13},
	{"data-on-third-ack", "the client's request rides on the third segment of the handshake",
	 "客户端的请求捎带在握手的第三个报文段上",
	 sc_data_on_third_ack, 0, 13},
	{"closed-port", "nobody listens on the port: the SYN is answered with RST",
	 "端口上无人监听：SYN 得到 RST 回应",
	 sc_closed_port, 0, 13},
	{"syn-flood", "spoofed SYNs fill the server's half-open queue; SYN cookies let the client in",
	 "伪造的 SYN 填满服务器的半连接队列；SYN cookie 让正常客户端仍能连入",
	 sc_syn_flood, 0, 13},
	{"lossy-transfer", "a 64 KiB reply over a lossy link: retransmission, fast retransmit, SACK",
	 "在有丢包的链路上传送 64 KiB 应答：重传、快速重传、SACK",
	 sc_lossy_transfer, 0.08, 65536},
	{"ecn", "ECN: a congested router marks a segment CE instead of dropping it; ECE, then CWR",
	 "ECN：拥塞的路由器给报文段打上 CE 标记而不丢弃它；接收方回显 ECE，发送方以 CWR 回应",
	 sc_ecn, 0, 20000},
};

#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

static const struct scenario *find(const char *name)
{
	for (size_t i = 0; i < NSCENARIOS; i++)
		if (!strcmp(scenarios[i].name, name))
			return &scenarios[i];
	return NULL;
}

void scenarios_list(FILE *out)
{
	for (size_t i = 0; i < NSCENARIOS; i++)
		fprintf(out, "%-20s %s\n", scenarios[i].name, scenarios[i].summary);
}

bool scenario_exists(const char *name) { return find(name) != NULL; }

/* ------------------------------------------------------------- running */

static void explain_cb(const struct ladder *l, unsigned i, void *user, char *buf, size_t len)
{
	const struct scen *x = user;
	struct explain_opts eo = {(enum explain_lang)x->o->lang, &x->cfg};
	explain_row(l, i, &eo, buf, len);
}

/* The SVG or the JSON into an output opened before the run. */
enum drawing { DRAW_SVG, DRAW_JSON, DRAW_TSG };

static bool write_drawing(struct cli_output *out, const struct ladder *l, const char *title,
			  const struct json_meta *meta, enum drawing kind)
{
	if (!out->f)
		return true;
	int rc = kind == DRAW_SVG    ? ladder_write_svg(l, out->f, title)
		 : kind == DRAW_JSON ? ladder_write_json(l, out->f, meta)
				     : ladder_write_tsg(l, out->f, title);
	bool closed = cli_output_close(out);
	if (rc != 0 && closed)
		fprintf(stderr, "%s: writing %s failed\n", cli_prog, out->path);
	return rc == 0 && closed;
}

/* "3 s", "200 ms" / "3 秒", "200 毫秒" */
static const char *span(uint64_t ns, bool zh, char *buf, size_t n)
{
	if (ns % SEC == 0)
		snprintf(buf, n, zh ? "%" PRIu64 " 秒" : "%" PRIu64 " s", (uint64_t)(ns / SEC));
	else
		snprintf(buf, n, zh ? "%" PRIu64 " 毫秒" : "%" PRIu64 " ms", (uint64_t)(ns / MS));
	return buf;
}

/* The timers the run uses, under the title: what --timers and the
 * options chose. */
static void print_timers(FILE *out, const synack_settings *cfg, bool zh, int width)
{
	char rto[24], min[24], msl[24], tw[24];
	span(cfg->initial_rto_ns, zh, rto, sizeof rto);
	span(cfg->min_rto_ns, zh, min, sizeof min);
	span(cfg->msl_ns, zh, msl, sizeof msl);
	span(2 * cfg->msl_ns, zh, tw, sizeof tw);
	char part[3][96];
	snprintf(part[0], sizeof part[0], zh ? "计时器：初始 RTO %s，最小 %s" : "timers: initial RTO %s, minimum %s",
		 rto, min);
	snprintf(part[1], sizeof part[1],
		 zh ? "SYN 重传 %" PRIu32 " 次，SYN,ACK 重传 %" PRIu32 " 次"
		    : "SYN retries %" PRIu32 ", SYN,ACK retries %" PRIu32,
		 cfg->syn_retries, cfg->synack_retries);
	snprintf(part[2], sizeof part[2], zh ? "MSL %s，TIME-WAIT %s" : "MSL %s, TIME-WAIT %s", msl, tw);
	const char *parts[] = {part[0], part[1], part[2]};
	cli_join_wrap(out, parts, 3, zh ? "；" : "; ", width);
	fputc('\n', out);
}

static const char *const timers_names[] = {"personality", "rfc9293", "classic"};

bool demo_timers_parse(const char *name, enum demo_timers *out)
{
	const char *const *names = timers_names;
	for (int i = 0; i < 3; i++)
		if (!strcmp(name, names[i])) {
			*out = (enum demo_timers)i;
			return true;
		}
	return false;
}

void demo_settings(const struct demo_opts *o, synack_settings *cfg)
{
	synack_settings_personality(cfg, o->personality);
	switch (o->timers) {
	case TIMERS_PERSONALITY:
		break;
	case TIMERS_RFC9293:
		cfg->initial_rto_ns = 1 * SEC;   /* RFC 6298 2.1 */
		cfg->min_rto_ns = 1 * SEC;       /* RFC 6298 2.4 */
		/* RFC 9293 3.8.3: a SYN is retried for at least 3 minutes
		 * (R2); 7 retries give up after 1+2+...+64+120 s */
		cfg->syn_retries = 7;
		cfg->synack_retries = 7;
		cfg->msl_ns = 120 * SEC;         /* RFC 9293 3.4.2 */
		break;
	case TIMERS_CLASSIC:
		cfg->initial_rto_ns = 3 * SEC;   /* RFC 1122 4.2.3.1, RFC 2988 2.1 */
		cfg->min_rto_ns = 1 * SEC;       /* RFC 2988 2.4 */
		cfg->syn_retries = 5;
		cfg->synack_retries = 5;
		cfg->msl_ns = 120 * SEC;         /* RFC 793 */
		break;
	}
	if (o->rto_initial_ms)
		cfg->initial_rto_ns = o->rto_initial_ms * MS;
	if (o->synack_retries >= 0)
		cfg->synack_retries = (uint32_t)o->synack_retries;
	if (o->msl_s)
		cfg->msl_ns = o->msl_s * SEC;
}

uint64_t demo_give_up_ns(const synack_settings *cfg, uint32_t retries)
{
	uint64_t total = 0, rto = cfg->initial_rto_ns;
	for (uint32_t i = 0; i <= retries; i++) {
		total += rto < cfg->max_rto_ns ? rto : cfg->max_rto_ns;
		rto *= 2;
		if (rto > cfg->max_rto_ns)
			rto = cfg->max_rto_ns;
	}
	return total;
}

int scenario_run(const struct demo_opts *o)
{
	struct scen x;
	memset(&x, 0, sizeof x);
	x.o = o;
	x.sc = o->file ? &file_scenario : find(o->scenario ? o->scenario : "normal");
	if (!x.sc)
		return 2;
	x.lfd = x.cfd = x.sfd = -1;
	x.sim = synack_sim_new(o->seed);
	if (!x.sim) {
		fprintf(stderr, "%s: out of memory\n", cli_prog);
		return 1;
	}
	demo_settings(o, &x.cfg);
	if (o->mss)
		x.cfg.mtu = (uint32_t)o->mss + 40;
	if (!strcmp(x.sc->name, "syn-flood"))
		x.cfg.syn_backlog = 16;
	if (!strcmp(x.sc->name, "ecn"))
		x.cfg.ecn = SYNACK_ECN_ON;
	const synack_settings cfg = x.cfg;
	x.ca = synack_ipv4(10, 0, 0, 1);
	x.sa = synack_ipv4(10, 0, 0, 2);
	x.sep = (synack_endpoint){.addr = x.sa, .port = 80};
	x.users[0] = (struct node_user){&x, 0};
	x.users[1] = (struct node_user){&x, 1};
	synack_hooks hc = {.user = &x.users[0], .event = on_event};
	synack_hooks hs = {.user = &x.users[1], .event = on_event};
	x.cn = synack_sim_add_node(x.sim, &cfg, &x.ca, &hc);
	x.sn = synack_sim_add_node(x.sim, &cfg, &x.sa, &hs);
	double loss = o->loss_set ? o->loss : x.sc->loss;
	synack_sim_impair imp = {.delay_ns = o->delay_ms * MS, .loss = loss};
	synack_sim_link(x.sim, x.cn, x.sn, &imp, &imp);
	x.cs = synack_sim_stack(x.sim, x.cn);
	x.ss = synack_sim_stack(x.sim, x.sn);
	x.reply_len = o->bytes ? o->bytes : x.sc->bytes;
	x.reply = malloc(x.reply_len + 1);
	if (!x.reply) {
		synack_sim_free(x.sim);
		fprintf(stderr, "%s: out of memory\n", cli_prog);
		return 1;
	}
	for (uint64_t i = 0; i < x.reply_len; i++)
		x.reply[i] = "Hello, world!"[i % 13];

	struct ladder *lad = ladder_new(x.sim, x.cn, x.sn, "client 10.0.0.1", "server 10.0.0.2:80");
	if (!lad) {
		free(x.reply);
		synack_sim_free(x.sim);
		fprintf(stderr, "%s: out of memory\n", cli_prog);
		return 1;
	}
	x.lad = lad;
	ladder_set_lang(lad, o->lang == EXPLAIN_ZH ? LADDER_ZH : LADDER_EN);
	ladder_set_wide(lad, o->wide);
	ladder_set_verbose(lad, o->verbose);
	if (o->explain)
		ladder_set_explain(lad, explain_cb, &x);
	synack_pcap *pcap = NULL;
	int rc = 0;
	/* every output opened before the run: a bad path fails at once */
	struct cli_output pcap_out = {0}, svg_out = {0}, json_out = {0}, tsg_out = {0};
	if (!cli_output_open(&pcap_out, o->pcap) || !cli_output_open(&svg_out, o->svg) ||
	    !cli_output_open(&json_out, o->json) || !cli_output_open(&tsg_out, o->tsg)) {
		rc = 1;
		goto out;
	}
	if (pcap_out.f) {
		int err;
		pcap = synack_pcap_open_stream(pcap_out.f, &err);
		if (!pcap) {
			fprintf(stderr, "%s: cannot write %s: %s\n", cli_prog, o->pcap,
				synack_strerror(err));
			rc = 1;
			goto out;
		}
		ladder_set_pcap(lad, pcap);
	}
	/* a file written to standard output moves the ladder to stderr */
	FILE *text = cli_output_is_stdout(&pcap_out) || cli_output_is_stdout(&svg_out) ||
			     cli_output_is_stdout(&json_out) || cli_output_is_stdout(&tsg_out)
		     ? stderr
		     : stdout;

	for (unsigned i = 0; i < o->ndrop_in; i++)
		synack_sim_drop_nth(x.sim, x.sn, x.cn, o->drop_in[i]);
	for (unsigned i = 0; i < o->ndrop_out; i++)
		synack_sim_drop_nth(x.sim, x.cn, x.sn, o->drop_out[i]);
	for (unsigned i = 0; o->file && i < o->file->ndrops; i++) {
		bool c = o->file->drops[i].side == SF_CLIENT;
		synack_sim_drop_nth(x.sim, c ? x.cn : x.sn, c ? x.sn : x.cn, o->file->drops[i].n);
	}
	x.sc->run(&x);

	bool zh = o->lang == EXPLAIN_ZH;
	const char *summary = zh ? x.sc->summary_zh : x.sc->summary;
	const char *name = x.sc->name;
	char headline[400];
	if (o->file) {
		name = o->file_path;
		summary = o->file->title[0] ? o->file->title : o->file_path;
		snprintf(headline, sizeof headline, "synack demo --scenario-file %s%s%s", name,
			 o->file->title[0] ? ": " : "", o->file->title);
	} else {
		snprintf(headline, sizeof headline, "synack demo --scenario %s: %s", name, summary);
	}
	cli_wrap(text, headline, 0, o->wide ? (int)sizeof headline : LINE_WIDTH, "", "");
	fprintf(text, zh ? "客户端 10.0.0.1 -> 服务器 10.0.0.2:80，单向时延 %" PRIu64
		    " 毫秒，丢包率 %.1f%%，随机种子 %" PRIu64 "，风格 %s\n"
		  : "client 10.0.0.1 -> server 10.0.0.2:80, one-way delay %" PRIu64
		    " ms, loss %.1f%%, seed %" PRIu64 ", personality %s\n",
	       o->delay_ms, loss * 100, o->seed, synack_personality_name(o->personality));
	print_timers(text, &x.cfg, zh, o->wide ? 0 : LINE_WIDTH);
	ladder_print(lad, text, cli_color_on(o->color, text));
	synack_stats cst, sst;
	synack_get_stats(x.cs, &cst);
	synack_get_stats(x.ss, &sst);
	char part[5][120];
	snprintf(part[0], sizeof part[0], zh ? "共 %u 个报文段" : "%u segments", ladder_rows(lad));
	snprintf(part[1], sizeof part[1],
		 zh ? "客户端发送 %" PRIu64 " 个，服务器发送 %" PRIu64 " 个"
		    : "client sent %" PRIu64 ", server sent %" PRIu64,
		 cst.tcp_out, sst.tcp_out);
	snprintf(part[2], sizeof part[2], zh ? "重传 %" PRIu64 " 次" : "retransmissions %" PRIu64,
		 cst.tcp_retransmits + sst.tcp_retransmits);
	snprintf(part[3], sizeof part[3],
		 zh ? "剩余控制块：客户端 %" PRIu64 "，服务器 %" PRIu64
		    : "control blocks left: client %" PRIu64 ", server %" PRIu64,
		 cst.conns_live, sst.conns_live);
	snprintf(part[4], sizeof part[4], zh ? "虚拟时间 %.3f 秒" : "virtual time %.3f s",
		 (double)synack_sim_now(x.sim) / 1e9);
	const char *parts[] = {part[0], part[1], part[2], part[3], part[4]};
	int width = o->wide ? 0 : LINE_WIDTH;
	fputc('\n', text);
	cli_join_wrap(text, parts, 5, zh ? "；" : "; ", width);
	if (x.extra[zh][0])
		cli_wrap(text, x.extra[zh], 0, width ? width : (int)sizeof x.extra[zh], "", "");
	if (x.failure) {
		fprintf(stderr, "%s: scenario %s failed: %s\n", cli_prog, name, x.failure);
		rc = 1;
	}
	char title[320];
	snprintf(title, sizeof title, "synack: %s (%s)", name, summary);
	struct json_meta meta = {
		.command = "demo", .scenario = name, .timers = timers_names[o->timers],
		.seed = o->seed, .delay_ns = o->delay_ms * MS,
		.loss_ppm = (uint32_t)(loss * 1e6 + 0.5), .settings = &x.cfg};
	if (!write_drawing(&svg_out, lad, title, NULL, DRAW_SVG))
		rc = 1;
	if (!write_drawing(&json_out, lad, title, &meta, DRAW_JSON))
		rc = 1;
	if (!write_drawing(&tsg_out, lad, title, NULL, DRAW_TSG))
		rc = 1;
out:
	if (pcap && synack_pcap_close(pcap) != SYNACK_OK) {
		fprintf(stderr, "%s: writing %s failed\n", cli_prog, o->pcap);
		rc = 1;
	}
	if (!cli_output_close(&pcap_out))
		rc = 1;
	cli_output_close(&svg_out); /* a run that failed early leaves them open */
	cli_output_close(&json_out);
	cli_output_close(&tsg_out);
	free(x.reply);
	ladder_free(lad);
	synack_sim_free(x.sim);
	return rc;
}
