/* synack listen / synack connect: the engine on a TUN device, talking to
 * the kernel on the other side (and to whatever the kernel routes there),
 * drawn live as a ladder diagram. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "explain.h"
#include "json.h"
#include "ladder.h"
#include "net.h"
#include "synack.h"
#include "synack_pcap.h"
#include "synack_tun.h"
#include "svg.h"
#include "tsg.h"

#define MS 1000000ull
#define SEC 1000000000ull
#define MAX_CONNS 64
#define CHUNK 65536
#define MAX_DROPS 16

enum service { SVC_NONE, SVC_ECHO, SVC_HTTP, SVC_DISCARD, SVC_SOURCE };

struct net_opts {
	const char *cmd;
	synack_tun_config tun;
	bool have_addr;
	uint32_t drop_in[MAX_DROPS], drop_out[MAX_DROPS];
	unsigned ndrop_in, ndrop_out;
	synack_settings settings;
	const char *pcap, *svg, *json, *tsg;
	bool explain;
	enum explain_lang lang;
	bool quiet;
	bool wide;                /* lines as long as they are, not 100 columns */
	bool verbose;             /* rows show our cwnd, RTT, windows */
	int color;
	uint64_t timeout_s;
	bool time_wait;           /* stay until TIME-WAIT is over */
	const char *send_file;
	uint64_t bytes;           /* --bytes (connect) / --source N (listen) */
	bool have_bytes;
	const char *output;
	/* listen */
	uint16_t port;
	enum service svc;
	char svc_opt[32];         /* the option that chose it */
	uint64_t count;
	/* connect */
	synack_endpoint peer;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

/* --------------------------------------------------------------- runtime */

struct run {
	const struct net_opts *o;
	synack_tun *tun;
	synack_stack *s;
	struct ladder *lad;
	synack_pcap *pcap;
	FILE *send_fp;
	/* opened before anything runs, "-" for standard output */
	struct cli_output pcap_out, svg_out, json_out, tsg_out, data_out;
	unsigned active;          /* connections neither closed nor in TIME-WAIT */
	unsigned time_waits;
	uint64_t sent, received;
	uint64_t chatter;         /* the kernel's link chatter, not drawn */
	const char *failure;
};

static bool is_active(synack_state s)
{
	return s != SYNACK_CLOSED && s != SYNACK_LISTEN && s != SYNACK_TIME_WAIT;
}

static void on_event(void *user, const synack_event *ev)
{
	struct run *r = user;
	if (ev->kind == SYNACK_EV_STATE) {
		r->active += is_active(ev->to);
		r->active -= is_active(ev->from);
		r->time_waits += ev->to == SYNACK_TIME_WAIT;
		r->time_waits -= ev->from == SYNACK_TIME_WAIT;
	}
	if (r->lad) {
		ladder_event(r->lad, 0, ev);
		synack_info info;
		if (ev->kind == SYNACK_EV_SEGMENT_SENT && ev->fd >= 0 && r->s &&
		    synack_get_info(r->s, ev->fd, &info) == 0)
			ladder_sender_info(r->lad, 0, ev->datagram, &info);
	}
}

/* What the kernel says on any new link, about the link rather than to
 * us: IPv6 router solicitations, neighbour discovery and multicast
 * listener reports, IGMP.  Not part of any conversation. */
static bool link_chatter(const uint8_t *p, size_t len)
{
	if (len >= 20 && p[0] >> 4 == 4)
		return p[9] == 2; /* IGMP */
	if (len >= 41 && p[0] >> 4 == 6 && p[6] == 58) /* ICMPv6 right after the header */
		return (p[40] >= 130 && p[40] <= 137) || p[40] == 143; /* MLD, ND, MLDv2 */
	return false;
}

static void on_datagram(void *user, const synack_tun_datagram *d)
{
	struct run *r = user;
	bool out = d->dir == SYNACK_TUN_OUT;
	if (!r->lad)
		return;
	if (!out && link_chatter(d->pkt, d->len)) {
		/* still a frame of the capture, so the ladder's numbers match it */
		if (d->fate == SYNACK_SIM_DELIVERED) {
			r->chatter++;
			ladder_count_frame(r->lad);
		}
		return;
	}
	/* we are side 0, the kernel side 1 */
	synack_sim_datagram g = {
		.time = d->time, .from = out ? 0 : 1, .to = out ? 1 : 0, .fate = d->fate,
		.id = d->id, .sender_datagram = out ? d->stack_datagram : 0,
		.receiver_datagram = out ? 0 : d->stack_datagram, .pkt = d->pkt, .len = d->len,
	};
	ladder_datagram(r->lad, &g);
}

static void explain_cb(const struct ladder *l, unsigned i, void *user, char *buf, size_t len)
{
	const struct net_opts *o = user;
	struct explain_opts eo = {o->lang, &o->settings};
	explain_row(l, i, &eo, buf, len);
}

enum drawing { DRAW_SVG, DRAW_JSON, DRAW_TSG };

static bool write_drawing(const struct run *r, struct cli_output *out, enum drawing kind)
{
	if (!out->f)
		return true;
	const struct net_opts *o = r->o;
	struct json_meta meta = {.command = o->cmd, .seed = o->tun.seed,
				 .delay_ns = o->tun.out.delay_ns,
				 .loss_ppm = (uint32_t)(o->tun.out.loss * 1e6 + 0.5),
				 .settings = &o->settings};
	int rc = kind == DRAW_SVG    ? ladder_write_svg(r->lad, out->f, NULL)
		 : kind == DRAW_JSON ? ladder_write_json(r->lad, out->f, &meta)
				     : ladder_write_tsg(r->lad, out->f, NULL);
	bool closed = cli_output_close(out);
	if (rc != 0 && closed)
		fprintf(stderr, "%s: writing %s failed\n", cli_prog, out->path);
	return rc == 0 && closed;
}

static int run_open(struct run *r, const struct net_opts *o, const char *left, const char *right)
{
	memset(r, 0, sizeof *r);
	r->o = o;
	synack_hooks h = {.user = r, .event = on_event};
	int err;
	if (!cli_output_open(&r->pcap_out, o->pcap) || !cli_output_open(&r->svg_out, o->svg) ||
	    !cli_output_open(&r->json_out, o->json) || !cli_output_open(&r->tsg_out, o->tsg) ||
	    !cli_output_open(&r->data_out, o->output))
		return 1;
	if (r->pcap_out.f && !(r->pcap = synack_pcap_open_stream(r->pcap_out.f, &err))) {
		fprintf(stderr, "%s: cannot write %s: %s\n", cli_prog, o->pcap, synack_strerror(err));
		return 1;
	}
	/* the capture is our interface: what we send, what reaches us */
	synack_tun_config tc = o->tun;
	tc.pcap = r->pcap;
	r->tun = synack_tun_open(&tc, &o->settings, &h, &err);
	if (!r->tun) {
		if (err == SYNACK_EIO)
			fprintf(stderr, "%s: cannot set up TUN device %s: %s%s\n", cli_prog,
				o->tun.ifname ? o->tun.ifname : "", strerror(errno),
				errno == EPERM ? " (needs CAP_NET_ADMIN: run as root in a namespace)" : "");
		else
			fprintf(stderr, "%s: cannot set up the stack: %s\n", cli_prog, synack_strerror(err));
		return 1;
	}
	r->s = synack_tun_stack(r->tun);
	if (!o->tun.configure_host) {
		char a[64];
		fprintf(stderr,
			"%s: no --host-addr: the kernel's side of %s has no address and the device is "
			"down, so nothing can arrive until you configure it (ip addr add ADDRESS/LEN "
			"dev %s; ip link set %s up), or run again with --host-addr; the stack is %s\n",
			cli_prog, synack_tun_name(r->tun), synack_tun_name(r->tun),
			synack_tun_name(r->tun), synack_addr_format(&o->tun.addr, a, sizeof a));
	}
	for (unsigned i = 0; i < o->ndrop_in; i++)
		synack_tun_drop_nth(r->tun, SYNACK_TUN_IN, o->drop_in[i]);
	for (unsigned i = 0; i < o->ndrop_out; i++)
		synack_tun_drop_nth(r->tun, SYNACK_TUN_OUT, o->drop_out[i]);
	if (o->send_file && !(r->send_fp = fopen(o->send_file, "rb"))) { /* fail early */
		fprintf(stderr, "%s: cannot read %s: %s\n", cli_prog, o->send_file, strerror(errno));
		return 1;
	}
	/* a file written to standard output moves the ladder to stderr */
	FILE *text = cli_output_is_stdout(&r->pcap_out) || cli_output_is_stdout(&r->svg_out) ||
			     cli_output_is_stdout(&r->json_out) || cli_output_is_stdout(&r->tsg_out) ||
			     cli_output_is_stdout(&r->data_out)
		     ? stderr
		     : stdout;
	if (!o->quiet) {
		r->lad = ladder_new_detached(left, right, true);
		if (!r->lad) {
			fprintf(stderr, "%s: out of memory\n", cli_prog);
			return 1;
		}
		ladder_set_lang(r->lad, o->lang == EXPLAIN_ZH ? LADDER_ZH : LADDER_EN);
		ladder_set_wide(r->lad, o->wide);
		ladder_set_verbose(r->lad, o->verbose);
		if (o->explain)
			ladder_set_explain(r->lad, explain_cb, (void *)o);
		ladder_set_stream(r->lad, text, cli_color_on(o->color, text));
	}
	synack_tun_set_tap(r->tun, on_datagram, r);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int run_close(struct run *r, const char *what)
{
	int rc = r->failure ? 1 : 0;
	if (r->tun) {
		synack_tun_stats ts;
		synack_tun_stats_get(r->tun, &ts);
		synack_stats st;
		synack_get_stats(r->s, &st);
		char part[7][160];
		snprintf(part[0], sizeof part[0], "%s %s: sent %" PRIu64 " bytes, received %" PRIu64 " bytes",
			 cli_prog, what, r->sent, r->received);
		snprintf(part[1], sizeof part[1], "segments out %" PRIu64 ", in %" PRIu64, st.tcp_out,
			 st.tcp_in);
		snprintf(part[2], sizeof part[2],
			 "retransmissions %" PRIu64 " (fast %" PRIu64 ", timeouts %" PRIu64 ")",
			 st.tcp_retransmits, st.tcp_fast_retransmits, st.tcp_timeouts);
		snprintf(part[3], sizeof part[3],
			 "impairments: lost %" PRIu64 ", dropped %" PRIu64 ", duplicated %" PRIu64
			 ", reordered %" PRIu64,
			 ts.in.lost + ts.out.lost, ts.in.dropped + ts.out.dropped,
			 ts.in.duplicated + ts.out.duplicated, ts.in.reordered + ts.out.reordered);
		snprintf(part[4], sizeof part[4], "%.3f s", (double)synack_tun_now(r->tun) / 1e9);
		const char *parts[7] = {part[0], part[1], part[2], part[3], part[4]};
		int n = 5;
		if (r->time_waits)
			parts[n++] = "leaving TIME-WAIT behind (--time-wait waits for it)";
		if (r->chatter) {
			snprintf(part[5], sizeof part[5],
				 "not drawn: %" PRIu64 " datagram%s of the kernel's link chatter "
				 "(IPv6 neighbour discovery, MLD, IGMP)",
				 r->chatter, r->chatter == 1 ? "" : "s");
			parts[n++] = part[5];
		}
		cli_join_wrap(stderr, parts, n, "; ", r->o->wide ? 0 : LINE_WIDTH);
	}
	if (r->failure)
		fprintf(stderr, "%s %s: %s\n", cli_prog, what, r->failure);
	if (!cli_output_close(&r->data_out))
		rc = 1;
	if (r->send_fp)
		fclose(r->send_fp);
	if (r->lad) {
		ladder_flush(r->lad);
		if (!write_drawing(r, &r->svg_out, DRAW_SVG) ||
		    !write_drawing(r, &r->json_out, DRAW_JSON) ||
		    !write_drawing(r, &r->tsg_out, DRAW_TSG))
			rc = 1;
	}
	synack_tun_close(r->tun);
	if (r->pcap && synack_pcap_close(r->pcap) != SYNACK_OK) {
		fprintf(stderr, "%s: writing %s failed\n", cli_prog, r->o->pcap);
		rc = 1;
	}
	if (!cli_output_close(&r->pcap_out))
		rc = 1;
	cli_output_close(&r->svg_out); /* a run that failed early leaves them open */
	cli_output_close(&r->json_out);
	cli_output_close(&r->tsg_out);
	ladder_free(r->lad);
	return rc;
}

/* One turn of the loop; false when it is time to stop. */
static bool run_turn(struct run *r)
{
	if (stop_signal)
		return false;
	if (r->o->timeout_s && synack_tun_now(r->tun) > r->o->timeout_s * SEC) {
		r->failure = "timed out (--timeout)";
		return false;
	}
	int n = synack_tun_run(r->tun, 100 * MS);
	if (n < 0) {
		r->failure = "waiting on the TUN device failed";
		return false;
	}
	return true;
}

/* After the last connection is done: the engine keeps running until no
 * connection needs it (and, with --time-wait, until TIME-WAIT is over). */
static bool run_finished(const struct run *r)
{
	if (r->active)
		return false;
	return !r->o->time_wait || r->time_waits == 0;
}

/* ------------------------------------------------------------- data */

/* The pattern --source and GET /bytes/N send: 'a'..'z' over and over,
 * counted from the first byte of the stream. */
static void pattern(uint8_t *b, size_t n, uint64_t off)
{
	static uint8_t period[CHUNK + 26];
	if (!period[0])
		for (size_t i = 0; i < sizeof period; i++)
			period[i] = (uint8_t)('a' + i % 26);
	memcpy(b, period + off % 26, n);
}

/* What a connection sends: a file, N pattern bytes, or a buffer. */
struct source {
	FILE *fp;
	uint64_t left;            /* pattern bytes still to produce */
	uint64_t off;
	uint8_t buf[CHUNK];
	size_t len, pos;
	bool eof;
};

/* Sends what it can; returns false on a connection error. */
static bool source_pump(struct run *r, int fd, struct source *src)
{
	for (;;) {
		if (src->pos == src->len && !src->eof) {
			src->pos = src->len = 0;
			if (src->fp) {
				src->len = fread(src->buf, 1, sizeof src->buf, src->fp);
				if (src->len == 0)
					src->eof = true;
			} else {
				size_t k = src->left < sizeof src->buf ? (size_t)src->left : sizeof src->buf;
				pattern(src->buf, k, src->off);
				src->off += k;
				src->left -= k;
				src->len = k;
				src->eof = src->left == 0;
			}
		}
		if (src->pos == src->len)
			return true;
		long k = synack_send(r->s, fd, src->buf + src->pos, src->len - src->pos, 0);
		if (k == SYNACK_EAGAIN)
			return true;
		if (k < 0)
			return false;
		src->pos += (size_t)k;
		r->sent += (uint64_t)k;
	}
}

static bool source_done(const struct source *src) { return src->eof && src->pos == src->len; }

/* ---------------------------------------------------------------- listen */

struct svc_conn {
	int fd;
	bool peer_eof, closing;
	struct source out;        /* echo: what came in; http/source: the reply */
	char req[4096];
	size_t req_len;
	bool replied;
};

static void svc_close(struct run *r, struct svc_conn *c, uint64_t *served)
{
	if (c->out.fp)
		fclose(c->out.fp);
	c->out.fp = NULL;
	synack_close(r->s, c->fd);
	c->fd = -1;
	(*served)++;
}

static void http_reply(struct svc_conn *c)
{
	/* GET /bytes/N answers N bytes of a pattern; anything else a page */
	uint64_t n = 0;
	bool get = strncmp(c->req, "GET ", 4) == 0;
	bool bytes = get && sscanf(c->req, "GET /bytes/%" SCNu64, &n) == 1 && n <= (1ull << 40);
	static const char page[] = "<!doctype html>\n<title>synack</title>\n"
				   "<p>Hello from synack, a userspace TCP/IP stack.</p>\n";
	int k;
	if (!get)
		k = snprintf((char *)c->out.buf, sizeof c->out.buf,
			     "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
			     "Connection: close\r\n\r\n");
	else if (bytes)
		k = snprintf((char *)c->out.buf, sizeof c->out.buf,
			     "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
			     "Content-Length: %" PRIu64 "\r\nConnection: close\r\n\r\n", n);
	else
		k = snprintf((char *)c->out.buf, sizeof c->out.buf,
			     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n"
			     "Connection: close\r\n\r\n%s", sizeof page - 1, page);
	c->out.len = (size_t)k;
	c->out.pos = 0;
	c->out.left = bytes ? n : 0;
	c->out.eof = !bytes || n == 0;
	c->replied = true;
}

/* Reads what has arrived; returns false on a connection error. */
static bool svc_read(struct run *r, const struct net_opts *o, struct svc_conn *c)
{
	uint8_t buf[CHUNK];
	for (;;) {
		size_t room = sizeof buf;
		if (o->svc == SVC_ECHO) {
			if (c->out.len != c->out.pos)
				return true; /* echo what we have first */
			room = sizeof c->out.buf;
		}
		long k = synack_recv(r->s, c->fd, o->svc == SVC_ECHO ? c->out.buf : buf, room, 0);
		if (k == SYNACK_EAGAIN)
			return true;
		if (k < 0)
			return false;
		if (k == 0) {
			c->peer_eof = true;
			return true;
		}
		r->received += (uint64_t)k;
		if (o->svc == SVC_ECHO) {
			c->out.len = (size_t)k;
			c->out.pos = 0;
		} else if (o->svc == SVC_HTTP && !c->replied) {
			size_t take = (size_t)k < sizeof c->req - 1 - c->req_len ? (size_t)k
									  : sizeof c->req - 1 - c->req_len;
			memcpy(c->req + c->req_len, buf, take);
			c->req_len += take;
			c->req[c->req_len] = 0;
			if (strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n") ||
			    c->req_len == sizeof c->req - 1)
				http_reply(c);
		} else if (r->data_out.f && fwrite(buf, 1, (size_t)k, r->data_out.f) != (size_t)k) {
			r->failure = "writing --output failed";
			return false;
		}
	}
}

static void svc_step(struct run *r, const struct net_opts *o, struct svc_conn *c, uint64_t *served)
{
	if (!svc_read(r, o, c) || synack_get_error(r->s, c->fd)) {
		svc_close(r, c, served); /* reset or timed out: nothing more to do */
		return;
	}
	bool sending = o->svc == SVC_SOURCE || o->svc == SVC_ECHO || (o->svc == SVC_HTTP && c->replied);
	if (sending && !source_pump(r, c->fd, &c->out)) {
		svc_close(r, c, served);
		return;
	}
	bool done;
	switch (o->svc) {
	case SVC_ECHO:
		/* the peer's FIN: echo what is left, then close (CLOSE-WAIT
		 * keeps sending until then) */
		done = c->peer_eof && c->out.pos == c->out.len;
		break;
	case SVC_HTTP:
	case SVC_SOURCE:
		done = (c->replied || o->svc == SVC_SOURCE) && source_done(&c->out);
		break;
	default:
		done = c->peer_eof;
	}
	if (done)
		svc_close(r, c, served);
}

static void svc_accept(struct run *r, const struct net_opts *o, int lfd, struct svc_conn *conns,
		       unsigned *nconns)
{
	for (;;) {
		int fd = synack_accept(r->s, lfd, NULL);
		if (fd < 0)
			return;
		unsigned slot = 0;
		while (slot < *nconns && conns[slot].fd >= 0)
			slot++;
		if (slot == MAX_CONNS) {
			synack_abort(r->s, fd);
			continue;
		}
		if (slot == *nconns)
			(*nconns)++;
		struct svc_conn *c = &conns[slot];
		memset(c, 0, sizeof *c);
		c->fd = fd;
		if (o->svc == SVC_SOURCE && o->send_file) {
			c->out.fp = fopen(o->send_file, "rb"); /* each connection reads it anew */
			c->out.eof = !c->out.fp;
		} else if (o->svc == SVC_SOURCE) {
			c->out.left = o->bytes;
			c->out.eof = o->bytes == 0;
		} else if (o->svc == SVC_ECHO) {
			c->out.eof = true; /* never refilled by source_pump */
		}
	}
}

static int run_listen(const struct net_opts *o)
{
	struct run r;
	char left[80], right[80], a[64];
	snprintf(left, sizeof left, "synack %s:%u", synack_addr_format(&o->tun.addr, a, sizeof a),
		 o->port);
	snprintf(right, sizeof right, "kernel %s",
		 o->tun.configure_host ? synack_addr_format(&o->tun.host_addr, a, sizeof a) : "");
	if (run_open(&r, o, left, right)) {
		run_close(&r, "listen");
		return 1;
	}
	int lfd = synack_socket(r.s);
	synack_endpoint ep = {.addr = o->tun.addr, .port = o->port};
	int err = synack_bind(r.s, lfd, &ep);
	if (!err)
		err = synack_listen(r.s, lfd, MAX_CONNS);
	if (err) {
		fprintf(stderr, "%s: cannot listen on port %u: %s\n", cli_prog, o->port, synack_strerror(err));
		run_close(&r, "listen");
		return 1;
	}
	fprintf(stderr, "%s: listening on %s port %u (device %s)\n", cli_prog,
		synack_addr_format(&o->tun.addr, a, sizeof a), o->port, synack_tun_name(r.tun));
	static struct svc_conn conns[MAX_CONNS];
	unsigned nconns = 0;
	uint64_t served = 0;
	bool listening = true;
	while (run_turn(&r)) {
		if (listening)
			svc_accept(&r, o, lfd, conns, &nconns);
		for (unsigned i = 0; i < nconns; i++)
			if (conns[i].fd >= 0)
				svc_step(&r, o, &conns[i], &served);
		if (listening && o->count && served >= o->count) {
			synack_close(r.s, lfd);
			listening = false;
		}
		bool open = false;
		for (unsigned i = 0; i < nconns; i++)
			open |= conns[i].fd >= 0;
		if (!listening && !open && run_finished(&r))
			break;
	}
	return run_close(&r, "listen");
}

/* --------------------------------------------------------------- connect */

static int run_connect(const struct net_opts *o)
{
	struct run r;
	char left[80], right[80], a[64], b[64];
	snprintf(left, sizeof left, "synack %s", synack_addr_format(&o->tun.addr, a, sizeof a));
	snprintf(right, sizeof right, "peer %s:%u", synack_addr_format(&o->peer.addr, b, sizeof b),
		 o->peer.port);
	if (run_open(&r, o, left, right)) {
		run_close(&r, "connect");
		return 1;
	}
	int fd = synack_socket(r.s);
	int err = synack_connect(r.s, fd, &o->peer);
	if (err && err != SYNACK_EINPROGRESS) {
		fprintf(stderr, "%s: connect: %s\n", cli_prog, synack_strerror(err));
		run_close(&r, "connect");
		return 1;
	}
	struct source *src = calloc(1, sizeof *src);
	if (!src) {
		r.failure = "out of memory";
		return run_close(&r, "connect");
	}
	bool sending = o->send_file || o->have_bytes;
	src->fp = r.send_fp;
	src->left = o->have_bytes ? o->bytes : 0;
	src->eof = !sending || (!r.send_fp && o->bytes == 0);
	bool connected = false, shut = false, peer_eof = false, closed = false;
	uint8_t buf[CHUNK];
	while (run_turn(&r)) {
		if (!closed) {
			int e = synack_get_error(r.s, fd);
			if (e) {
				static char msg[96];
				snprintf(msg, sizeof msg, "connection failed: %s", synack_strerror(e));
				r.failure = msg;
				synack_close(r.s, fd);
				closed = true;
				break;
			}
			if (!connected && (synack_poll(r.s, fd) & SYNACK_POLLOUT))
				connected = true;
			if (!connected)
				continue;
			if (sending && !shut) {
				if (!source_pump(&r, fd, src)) {
					r.failure = "sending failed";
					break;
				}
				if (source_done(src)) {
					synack_shutdown(r.s, fd, SYNACK_SHUT_WR);
					shut = true;
				}
			}
			long k;
			while ((k = synack_recv(r.s, fd, buf, sizeof buf, 0)) > 0) {
				r.received += (uint64_t)k;
				if (r.data_out.f && fwrite(buf, 1, (size_t)k, r.data_out.f) != (size_t)k) {
					r.failure = "writing --output failed";
					break;
				}
			}
			if (r.failure)
				break;
			if (k == 0)
				peer_eof = true;
			/* done when the peer has finished and so have we (with
			 * nothing to send we answer the peer's close) */
			if (peer_eof && (!sending || shut)) {
				synack_close(r.s, fd);
				closed = true;
			}
		}
		if (closed && run_finished(&r))
			break;
	}
	if (!closed && !r.failure && stop_signal)
		r.failure = "interrupted";
	free(src);
	return run_close(&r, "connect");
}

/* ---------------------------------------------------------------- options */

static void net_usage(FILE *out, const char *cmd)
{
	if (!strcmp(cmd, "listen"))
		fprintf(out,
			"usage: %s listen --tun NAME --addr OURS [--host-addr KERNEL/LEN] [options] PORT\n"
			"                     (--echo | --http | --discard | --source N | --send FILE)\n"
			"\n"
			"Runs a server on synack's own stack behind a TUN device: the kernel on the\n"
			"other side of the device (curl, nc, ...) is the client.  Every segment is\n"
			"printed as a ladder diagram while it happens.\n"
			"\n"
			"services:\n"
			"  --echo            send back what arrives; close after the peer's FIN\n"
			"  --http            a tiny HTTP/1.1 responder: GET /bytes/N answers N bytes,\n"
			"                    anything else a short page; then closes (server first)\n"
			"  --discard         read everything (into --output FILE if given); close\n"
			"                    after the peer's FIN (the peer closes first)\n"
			"  --source N        send N bytes of a pattern, then close (we close first)\n"
			"  --send FILE       send FILE's bytes, then close (we close first)\n"
			"  --count N         exit after N connections (default: run until signalled)\n"
			"  --output FILE     with --discard: write what arrives to FILE\n",
			cli_prog);
	else
		fprintf(out,
			"usage: %s connect --tun NAME --addr OURS [--host-addr KERNEL/LEN] [options]\n"
			"                      [--send FILE | --bytes N] [--output FILE] HOST PORT\n"
			"\n"
			"Opens a connection from synack's own stack behind a TUN device to HOST:PORT\n"
			"(the kernel, or anything it routes to).  Sends FILE's bytes or N bytes of a\n"
			"pattern, then half-closes; reads until the peer closes (into --output FILE).\n"
			"With nothing to send it only reads, and closes after the peer does.\n",
			cli_prog);
	fprintf(out,
		"\n"
		"device:\n"
		"  --tun NAME        TUN device to create (default synack0)\n"
		"  --addr ADDR       the stack's own address (required)\n"
		"  --host-addr A/L   give the kernel side A/L and bring the device up (without\n"
		"                    it, configure the device yourself: nothing arrives before)\n"
		"  --mtu N           device MTU, 576..65535 (default 1500)\n"
		"impairments, applied on our side to TCP segments both ways:\n"
		"  --loss PCT        random loss, 0-100\n"
		"  --delay MS        added one-way delay\n"
		"  --jitter MS       plus uniform 0..MS (keeps order)\n"
		"  --reorder PCT     held back by --reorder-delay MS (default 5) and overtaken\n"
		"  --duplicate PCT   delivered twice\n"
		"  --drop-in N       drop the Nth segment from the kernel (repeatable)\n"
		"  --drop-out N      drop the Nth segment we send (repeatable)\n"
		"  --seed N          seed of the impairments (default 1)\n"
		"stack:\n"
		"  --personality P   rfc, linux or freebsd (default rfc)\n"
		"  --msl SECONDS     TIME-WAIT is 2*MSL (default 30)\n"
		"  --time-wait       do not exit before TIME-WAIT is over\n"
		"output:\n"
		"  --pcap FILE       capture at our interface (LINKTYPE_RAW)\n"
		"  --explain         say under each segment why it was sent\n"
		"  --lang LANG       language of --explain and of the ladder's words and\n"
		"                    reasons: en or zh (default en)\n"
		"  --svg FILE        write the ladder diagram as SVG at exit\n"
		"  --json FILE       write the event trace as JSON at exit\n"
		"  --tsg FILE        write a time-sequence graph (SVG) at exit\n"
		"                    (one of --pcap, --svg, --json, --tsg and --output may be - for\n"
		"                    standard output; the ladder then goes to standard error)\n"
		"  --quiet           no ladder diagram (bulk runs)\n"
		"  --wide            each row's details on one line, however long (by default\n"
		"                    the output fits 100 columns)\n"
		"  --verbose         under each of our rows also our congestion window,\n"
		"                    ssthresh, srtt, rttvar, rto, receive window and bytes in\n"
		"                    flight as it left\n"
		"  --color WHEN      auto, always or never (default auto)\n"
		"  --timeout S       give up after S seconds (exit status 1)\n"
		"  -h, --help        this text\n"
		"\n"
		"Needs CAP_NET_ADMIN; run it inside a network namespace (see README).\n"
		"Exit status: 0 done, 1 failure, 2 bad usage.\n");
}

static bool takes_value(const char *a)
{
	static const char *const with[] = {
		"--tun", "--addr", "--host-addr", "--mtu", "--loss", "--delay", "--jitter", "--reorder",
		"--reorder-delay", "--duplicate", "--drop-in", "--drop-out", "--seed", "--personality",
		"--msl", "--pcap", "--color", "--timeout", "--source", "--send", "--count", "--output",
		"--bytes", "--lang", "--svg", "--json", "--tsg", NULL};
	for (int i = 0; with[i]; i++)
		if (!strcmp(a, with[i]))
			return true;
	return false;
}

static int parse_percent(const char *cmd, const char *name, const char *v, double *out)
{
	double p;
	if (!cli_parse_double(v, 0, 100, &p))
		return cli_bad_usage(cmd, "%s wants a percentage 0..100, not '%s'", name, v);
	*out = p / 100;
	return 0;
}

static int parse_ms(const char *cmd, const char *name, const char *v, uint64_t *out)
{
	uint64_t ms;
	if (!cli_parse_u64(v, 600000, &ms))
		return cli_bad_usage(cmd, "%s wants milliseconds 0..600000, not '%s'", name, v);
	*out = ms * MS;
	return 0;
}

static int parse_drop(const char *cmd, const char *name, const char *v, uint32_t *list, unsigned *n)
{
	uint64_t k;
	if (!cli_parse_u64(v, UINT32_MAX, &k) || k == 0)
		return cli_bad_usage(cmd, "%s wants a segment number from 1, not '%s'", name, v);
	if (*n == MAX_DROPS)
		return cli_bad_usage(cmd, "at most %d %s", MAX_DROPS, name);
	list[(*n)++] = (uint32_t)k;
	return 0;
}

/* listen serves one way: a second, different service is a mistake. */
static int choose_service(struct net_opts *o, const char *opt, enum service svc)
{
	if (o->svc != SVC_NONE && strcmp(o->svc_opt, opt))
		return cli_bad_usage(o->cmd, "%s and %s exclude each other: choose one service",
				     o->svc_opt, opt);
	o->svc = svc;
	snprintf(o->svc_opt, sizeof o->svc_opt, "%s", opt);
	return 0;
}

static int parse_option(struct net_opts *o, const struct cli_arg *a, synack_sim_impair *imp)
{
	const char *cmd = o->cmd, *n = a->name, *v = a->value;
	uint64_t u;
	if (!strcmp(n, "--tun")) {
		if (strlen(v) == 0 || strlen(v) > 15)
			return cli_bad_usage(cmd, "--tun wants a device name of 1..15 bytes, not '%s'", v);
		o->tun.ifname = v;
	} else if (!strcmp(n, "--addr")) {
		if (synack_addr_parse(v, &o->tun.addr) != SYNACK_OK)
			return cli_bad_usage(cmd, "--addr wants an IPv4 or IPv6 address, not '%s'", v);
		o->have_addr = true;
	} else if (!strcmp(n, "--host-addr")) {
		if (!cli_parse_prefix(v, &o->tun.host_addr, &o->tun.host_prefix))
			return cli_bad_usage(cmd, "--host-addr wants ADDRESS/PREFIXLEN, not '%s'", v);
		o->tun.configure_host = true;
	} else if (!strcmp(n, "--mtu")) {
		if (!cli_parse_u64(v, 65535, &u) || u < 576)
			return cli_bad_usage(cmd, "--mtu wants 576..65535, not '%s'", v);
		o->tun.mtu = (uint32_t)u;
	} else if (!strcmp(n, "--loss")) {
		return parse_percent(cmd, n, v, &imp->loss);
	} else if (!strcmp(n, "--reorder")) {
		return parse_percent(cmd, n, v, &imp->reorder);
	} else if (!strcmp(n, "--duplicate")) {
		return parse_percent(cmd, n, v, &imp->duplicate);
	} else if (!strcmp(n, "--delay")) {
		return parse_ms(cmd, n, v, &imp->delay_ns);
	} else if (!strcmp(n, "--jitter")) {
		return parse_ms(cmd, n, v, &imp->jitter_ns);
	} else if (!strcmp(n, "--reorder-delay")) {
		return parse_ms(cmd, n, v, &imp->reorder_delay_ns);
	} else if (!strcmp(n, "--drop-in")) {
		return parse_drop(cmd, n, v, o->drop_in, &o->ndrop_in);
	} else if (!strcmp(n, "--drop-out")) {
		return parse_drop(cmd, n, v, o->drop_out, &o->ndrop_out);
	} else if (!strcmp(n, "--seed")) {
		if (!cli_parse_u64(v, UINT64_MAX, &o->tun.seed))
			return cli_bad_usage(cmd, "--seed wants a whole number, not '%s'", v);
	} else if (!strcmp(n, "--personality")) {
		synack_personality p;
		if (synack_personality_parse(v, &p) != SYNACK_OK)
			return cli_bad_usage(cmd, "--personality wants rfc, linux or freebsd, not '%s'", v);
		uint64_t msl = o->settings.msl_ns;
		synack_settings_personality(&o->settings, p);
		o->settings.msl_ns = msl;
	} else if (!strcmp(n, "--msl")) {
		if (!cli_parse_u64(v, 3600, &u) || u == 0)
			return cli_bad_usage(cmd, "--msl wants seconds 1..3600, not '%s'", v);
		o->settings.msl_ns = u * SEC;
	} else if (!strcmp(n, "--time-wait")) {
		o->time_wait = true;
	} else if (!strcmp(n, "--pcap")) {
		o->pcap = v;
	} else if (!strcmp(n, "--svg")) {
		o->svg = v;
	} else if (!strcmp(n, "--json")) {
		o->json = v;
	} else if (!strcmp(n, "--tsg")) {
		o->tsg = v;
	} else if (!strcmp(n, "--explain")) {
		o->explain = true;
	} else if (!strcmp(n, "--lang")) {
		if (explain_lang_parse(v, &o->lang) != 0)
			return cli_bad_usage(cmd, "--lang wants en or zh, not '%s'", v);
	} else if (!strcmp(n, "--quiet")) {
		o->quiet = true;
	} else if (!strcmp(n, "--wide")) {
		o->wide = true;
	} else if (!strcmp(n, "--verbose")) {
		o->verbose = true;
	} else if (!strcmp(n, "--color")) {
		if (!cli_parse_color(v, &o->color))
			return cli_bad_usage(cmd, "--color wants auto, always or never, not '%s'", v);
	} else if (!strcmp(n, "--timeout")) {
		if (!cli_parse_u64(v, 86400, &o->timeout_s) || o->timeout_s == 0)
			return cli_bad_usage(cmd, "--timeout wants seconds 1..86400, not '%s'", v);
	} else if (!strcmp(n, "--output")) {
		o->output = v;
	} else if (!strcmp(n, "--send")) {
		o->send_file = v;
		if (!strcmp(cmd, "listen"))
			return choose_service(o, n, SVC_SOURCE);
	} else if (!strcmp(cmd, "listen") && !strcmp(n, "--echo")) {
		return choose_service(o, n, SVC_ECHO);
	} else if (!strcmp(cmd, "listen") && !strcmp(n, "--http")) {
		return choose_service(o, n, SVC_HTTP);
	} else if (!strcmp(cmd, "listen") && !strcmp(n, "--discard")) {
		return choose_service(o, n, SVC_DISCARD);
	} else if (!strcmp(cmd, "listen") && !strcmp(n, "--source")) {
		if (!cli_parse_u64(v, 1ull << 40, &o->bytes))
			return cli_bad_usage(cmd, "--source wants a byte count, not '%s'", v);
		return choose_service(o, n, SVC_SOURCE);
	} else if (!strcmp(cmd, "listen") && !strcmp(n, "--count")) {
		if (!cli_parse_u64(v, UINT32_MAX, &o->count) || o->count == 0)
			return cli_bad_usage(cmd, "--count wants a number from 1, not '%s'", v);
	} else if (!strcmp(cmd, "connect") && !strcmp(n, "--bytes")) {
		if (!cli_parse_u64(v, 1ull << 40, &o->bytes))
			return cli_bad_usage(cmd, "--bytes wants a byte count, not '%s'", v);
		o->have_bytes = true;
	} else {
		return cli_bad_usage(cmd, "unknown option '%s'", n);
	}
	return 0;
}

int cmd_net(const char *cmd, int argc, char **argv)
{
	static struct net_opts o;
	memset(&o, 0, sizeof o);
	o.cmd = cmd;
	o.color = -1;
	o.tun.seed = 1;
	synack_settings_default(&o.settings);
	synack_sim_impair imp = {.reorder_delay_ns = 5 * MS};
	const char *pos[2] = {NULL, NULL};
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			net_usage(stdout, cmd);
			return 0;
		}
		if (argv[i][0] != '-' || !argv[i][1]) {
			if (npos == 2)
				return cli_bad_usage(cmd, "unexpected argument '%s'", argv[i]);
			pos[npos++] = argv[i];
			continue;
		}
		struct cli_arg a;
		if (!cli_next(cmd, argc, argv, &i, takes_value, &a))
			return 2;
		int rc = parse_option(&o, &a, &imp);
		if (rc)
			return rc;
	}
	o.tun.in = o.tun.out = imp;
	if (!o.tun.ifname)
		o.tun.ifname = "synack0";
	if (!o.have_addr)
		return cli_bad_usage(cmd, "--addr is required (the stack's own address)");
	if (o.tun.configure_host && o.tun.host_addr.family != o.tun.addr.family)
		return cli_bad_usage(cmd, "--addr and --host-addr must be of one family");
	if (o.send_file && o.have_bytes)
		return cli_bad_usage(cmd, "--send and --bytes exclude each other");
	const char *outs[] = {o.pcap, o.svg, o.json, o.tsg, o.output};
	if (cli_stdout_count(outs, 5) > 1)
		return cli_bad_usage(cmd, "only one of --pcap, --svg, --json, --tsg and --output can "
					  "be - (stdout)");
	if (o.quiet && (o.svg || o.json || o.tsg || o.explain || o.verbose))
		return cli_bad_usage(cmd, "--svg, --json, --tsg, --explain and --verbose draw the "
					  "ladder, which --quiet turns off");
	uint64_t port;
	if (!strcmp(cmd, "listen")) {
		if (npos != 1)
			return cli_bad_usage(cmd, "wants one PORT");
		if (!cli_parse_u64(pos[0], 65535, &port) || port == 0)
			return cli_bad_usage(cmd, "PORT wants 1..65535, not '%s'", pos[0]);
		o.port = (uint16_t)port;
		if (o.svc == SVC_NONE)
			return cli_bad_usage(cmd, "choose a service: --echo, --http, --discard, --source N "
						  "or --send FILE");
		if (o.output && o.svc != SVC_DISCARD)
			return cli_bad_usage(cmd, "--output goes with --discard");
		return run_listen(&o);
	}
	if (npos != 2)
		return cli_bad_usage(cmd, "wants HOST and PORT");
	if (synack_addr_parse(pos[0], &o.peer.addr) != SYNACK_OK)
		return cli_bad_usage(cmd, "HOST wants an address, not '%s'", pos[0]);
	if (o.peer.addr.family != o.tun.addr.family)
		return cli_bad_usage(cmd, "HOST and --addr must be of one family");
	if (!cli_parse_u64(pos[1], 65535, &port) || port == 0)
		return cli_bad_usage(cmd, "PORT wants 1..65535, not '%s'", pos[1]);
	o.peer.port = (uint16_t)port;
	return run_connect(&o);
}
