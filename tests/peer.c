/* The peer fixture.  Its segment builder and parser are written apart from
 * src/wire on purpose, so a bug there cannot hide itself here. */
#include "peer.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t sum16(uint32_t sum, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += rd16(b + i);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t peer_checksum(const uint8_t *b, size_t n) { return fold(sum16(0, b, n)); }

/* ------------------------------------------------------------ hooks */

static void fx_random(void *user, void *buf, size_t len)
{
	struct peer *p = user;
	test_rng_fill(&p->rng, buf, len);
}

static uint32_t fx_isn(void *user, const synack_endpoint *l, const synack_endpoint *r)
{
	(void)l;
	(void)r;
	return ((struct peer *)user)->iss;
}

static void fx_transmit(void *user, const uint8_t *pkt, size_t len, uint64_t id)
{
	struct peer *p = user;
	assert_true(p->out_len < PEER_MAX_SENT);
	assert_true(len <= sizeof p->out[0].pkt);
	struct sent *o = &p->out[p->out_len++];
	o->time = synack_now(p->s);
	o->id = id;
	o->len = (uint32_t)len;
	memcpy(o->pkt, pkt, len);
}

static void fx_event(void *user, const synack_event *ev)
{
	struct peer *p = user;
	if (ev->kind == SYNACK_EV_STATE && p->nstates < PEER_MAX_STATES)
		p->states[p->nstates++] = (struct state_rec){ev->time, ev->conn, ev->from, ev->to};
	if (ev->kind == SYNACK_EV_SEGMENT_DROPPED) {
		p->drops++;
		p->last_drop = ev->reason;
	}
}

struct peer *peer_new(const synack_settings *cfg, uint32_t iss, uint32_t peer_isn)
{
	struct peer *p = calloc(1, sizeof *p);
	assert_non_null(p);
	p->out = calloc(PEER_MAX_SENT, sizeof *p->out);
	assert_non_null(p->out);
	if (cfg)
		p->cfg = *cfg;
	else
		synack_settings_default(&p->cfg);
	p->us = synack_ipv4(10, 0, 0, 1);
	p->them = synack_ipv4(10, 0, 0, 2);
	p->our_port = 80;
	p->their_port = 40000;
	p->iss = iss;
	p->peer_isn = peer_isn;
	p->rng = 42;
	p->listen_fd = -1;
	synack_hooks h = {.user = p, .random = fx_random, .event = fx_event, .isn = fx_isn};
	int err;
	p->s = synack_stack_new(&p->cfg, &h, &err);
	assert_non_null(p->s);
	synack_set_output(p->s, fx_transmit, p);
	assert_int_equal(synack_add_address(p->s, &p->us), SYNACK_OK);
	return p;
}

void peer_free(struct peer *p, uint64_t linger)
{
	if (p->listen_fd >= 0)
		synack_close(p->s, p->listen_fd);
	peer_advance(p, p->now + linger);
	synack_stats st;
	synack_get_stats(p->s, &st);
	if (st.conns_live || st.timers_live || st.sockets_live)
		print_error("left behind: %llu control blocks, %llu timers, %llu descriptors\n",
			    (unsigned long long)st.conns_live, (unsigned long long)st.timers_live,
			    (unsigned long long)st.sockets_live);
	assert_int_equal(st.conns_live, 0);
	assert_int_equal(st.timers_live, 0);
	assert_int_equal(st.sockets_live, 0);
	synack_stack_free(p->s);
	free(p->out);
	free(p);
}

void peer_advance(struct peer *p, uint64_t t)
{
	/* Step through each deadline so segments carry their own times. */
	while (synack_next_deadline(p->s) <= t)
		synack_advance(p->s, synack_next_deadline(p->s));
	synack_advance(p->s, t);
	if (t > p->now)
		p->now = t;
}

/* ------------------------------------------------------------ feed */

static size_t build_options(uint8_t *o, const struct tseg *g)
{
	size_t n = 0;
	if (g->mss) {
		o[n++] = 2, o[n++] = 4;
		wr16(o + n, g->mss);
		n += 2;
	}
	if (g->sackok)
		o[n++] = 4, o[n++] = 2;
	if (g->ts) {
		o[n++] = 8, o[n++] = 10;
		wr32(o + n, g->tsval);
		wr32(o + n + 4, g->tsecr);
		n += 8;
	}
	if (g->wscale)
		o[n++] = 1, o[n++] = 3, o[n++] = 3, o[n++] = (uint8_t)(g->wscale - 1);
	if (g->nsack) {
		o[n++] = 1, o[n++] = 1, o[n++] = 5, o[n++] = (uint8_t)(2 + 8 * g->nsack);
		for (int i = 0; i < g->nsack; i++) {
			wr32(o + n, g->sack[i][0]);
			wr32(o + n + 4, g->sack[i][1]);
			n += 8;
		}
	}
	while (n % 4)
		o[n++] = 0;
	return n;
}

size_t tseg_build(uint8_t *pkt, const synack_addr *src, const synack_addr *dst,
		  uint16_t sport, uint16_t dport, uint32_t seq_base, uint32_t ack_base,
		  const struct tseg *g)
{
	uint8_t *tcp = pkt + 20;
	struct tseg seg = *g;
	/* SACK edges in templates are relative to the receiver's ISN. */
	if (!seg.abs)
		for (int i = 0; i < seg.nsack; i++) {
			seg.sack[i][0] += ack_base;
			seg.sack[i][1] += ack_base;
		}
	size_t olen = build_options(tcp + 20, &seg);
	size_t hlen = 20 + olen;
	wr16(tcp, g->sport ? g->sport : sport);
	wr16(tcp + 2, g->dport ? g->dport : dport);
	wr32(tcp + 4, g->abs ? g->seq : g->seq + seq_base);
	wr32(tcp + 8, (g->flags & ACK) ? (g->abs ? g->ack : g->ack + ack_base) : 0);
	tcp[12] = (uint8_t)((hlen / 4) << 4);
	tcp[13] = g->flags;
	wr16(tcp + 14, g->win == WIN_ZERO ? 0 : g->win ? (uint32_t)g->win : 65535);
	wr16(tcp + 16, 0);
	wr16(tcp + 18, 0);
	for (uint32_t i = 0; i < g->len; i++)
		tcp[hlen + i] = g->data ? (uint8_t)g->data[i] : (uint8_t)('a' + (g->seq + i) % 26);
	size_t tlen = hlen + g->len;
	/* IPv4 header */
	pkt[0] = 0x45, pkt[1] = g->ecn ? (uint8_t)(g->ecn - 1) : 0;
	wr16(pkt + 2, (uint32_t)(20 + tlen));
	wr16(pkt + 4, 1), wr16(pkt + 6, 0x4000);
	pkt[8] = 64, pkt[9] = 6;
	wr16(pkt + 10, 0);
	memcpy(pkt + 12, src->bytes, 4);
	memcpy(pkt + 16, dst->bytes, 4);
	wr16(pkt + 10, fold(sum16(0, pkt, 20)));
	uint32_t sum = sum16(0, pkt + 12, 8) + 6 + (uint32_t)tlen;
	uint16_t csum = fold(sum16(sum, tcp, tlen));
	wr16(tcp + 16, g->bad_csum ? (uint16_t)(csum ^ 0x5a5a) : csum);
	return 20 + tlen;
}

void peer_feed_at(struct peer *p, uint64_t t, const struct tseg *g, const char *file, int line)
{
	(void)file;
	(void)line;
	peer_advance(p, t);
	static uint8_t pkt[70000];
	size_t n = tseg_build(pkt, &p->them, &p->us, p->their_port, p->our_port, p->peer_isn,
			      p->iss, g);
	synack_input(p->s, p->now, pkt, n);
}

/* ----------------------------------------------------------- expect */

static bool parse_sent(const struct sent *o, struct parsed *r);

bool tseg_parse(const uint8_t *pkt, size_t len, struct parsed *r)
{
	struct sent tmp;
	if (len > sizeof tmp.pkt)
		return false;
	tmp.len = (uint32_t)len;
	memcpy(tmp.pkt, pkt, len);
	if (!parse_sent(&tmp, r))
		return false;
	r->data = pkt + (r->data - tmp.pkt); /* point into the caller's bytes */
	return true;
}

static bool parse_sent(const struct sent *o, struct parsed *r)
{
	memset(r, 0, sizeof *r);
	r->wscale = -1;
	const uint8_t *ip = o->pkt;
	if (o->len < 40 || ip[0] != 0x45 || rd16(ip + 2) != o->len)
		return false;
	if (fold(sum16(0, ip, 20)) != 0)
		return false;
	const uint8_t *tcp = ip + 20;
	size_t tlen = o->len - 20;
	uint32_t sum = sum16(0, ip + 12, 8) + 6 + (uint32_t)tlen;
	if (fold(sum16(sum, tcp, tlen)) != 0)
		return false;
	size_t hlen = (size_t)(tcp[12] >> 4) * 4;
	if (hlen < 20 || hlen > tlen)
		return false;
	r->sport = rd16(tcp), r->dport = rd16(tcp + 2);
	r->seq = rd32(tcp + 4), r->ack = rd32(tcp + 8);
	r->flags = tcp[13];
	r->ecn = ip[1] & 3;
	r->win = rd16(tcp + 14);
	r->len = (uint32_t)(tlen - hlen);
	r->data = tcp + hlen;
	size_t i = 20;
	char *w = r->opts;
	while (i < hlen) {
		uint8_t kind = tcp[i];
		const char *name = NULL;
		if (kind == 0) {
			/* padding */
			i++;
			continue;
		}
		if (kind == 1) {
			name = "nop";
			i++;
		} else {
			uint8_t l = tcp[i + 1];
			switch (kind) {
			case 2: name = "mss"; r->mss = rd16(tcp + i + 2); break;
			case 3: name = "wscale"; r->wscale = tcp[i + 2]; break;
			case 4: name = "sackOK"; r->sackok = true; break;
			case 8: name = "TS"; r->ts = true; r->tsval = rd32(tcp + i + 2); r->tsecr = rd32(tcp + i + 6); break;
			case 5:
				name = "sack";
				for (int b = 0; b < (l - 2) / 8 && b < 4; b++) {
					r->sack[b][0] = rd32(tcp + i + 2 + 8 * b);
					r->sack[b][1] = rd32(tcp + i + 6 + 8 * b);
					r->nsack++;
				}
				break;
			default: name = "?"; break;
			}
			i += l;
		}
		w += sprintf(w, "%s%s", w == r->opts ? "" : ",", name);
	}
	return true;
}

static void describe(char *buf, size_t n, const struct parsed *r, const struct peer *p)
{
	char f[40];
	synack_flags_format(r->flags, f, sizeof f);
	snprintf(buf, n, "[%s] seq=%u ack=%u win=%u len=%u opts=<%s>", f, r->seq - p->iss,
		 (r->flags & ACK) ? r->ack - p->peer_isn : 0, r->win, r->len, r->opts);
}

void peer_expect_at(struct peer *p, uint64_t t, const struct tseg *g, const char *file, int line)
{
	if (t != ANY_TIME && p->out_next == p->out_len)
		peer_advance(p, t);
	if (p->out_next == p->out_len) {
		char f[40];
		print_error("%s:%d: expected [%s] seq=%u at %.3f s, but nothing was sent\n", file, line,
			    synack_flags_format(g->flags, f, sizeof f), g->seq, (double)t / 1e9);
		_fail(file, line);
	}
	const struct sent *o = &p->out[p->out_next++];
	struct parsed r;
	if (!parse_sent(o, &r)) {
		print_error("%s:%d: the stack sent a malformed datagram\n", file, line);
		_fail(file, line);
	}
	char got[256];
	describe(got, sizeof got, &r, p);
	p->last_seq = r.seq;
	p->last_ack = r.ack;
	p->last_tsval = r.tsval;
	uint32_t seq = g->abs ? r.seq : r.seq - p->iss;
	uint32_t ack = g->abs ? r.ack : r.ack - p->peer_isn;
	const char *why = NULL;
	char tmp[128];
	if (t != ANY_TIME && o->time != t) {
		snprintf(tmp, sizeof tmp, "sent at %.6f s, expected at %.6f s", (double)o->time / 1e9,
			 (double)t / 1e9);
		why = tmp;
	} else if (r.flags != g->flags)
		why = "flags differ";
	else if (!g->any_seq && seq != g->seq)
		why = "seq differs";
	else if ((g->flags & ACK) && ack != g->ack)
		why = "ack differs";
	else if (r.len != g->len)
		why = "length differs";
	else if (g->win && r.win != (g->win == WIN_ZERO ? 0 : (uint32_t)g->win))
		why = "window differs";
	else if (g->opts && strcmp(g->opts, r.opts) != 0)
		why = "option layout differs";
	else if (g->mss && r.mss != g->mss)
		why = "MSS differs";
	else if (g->wscale && r.wscale != g->wscale - 1)
		why = "window scale differs";
	else if (g->ts && (r.tsval != g->tsval || r.tsecr != g->tsecr))
		why = "timestamps differ";
	else if (g->ts && !r.ts)
		why = "no timestamp option";
	else if (g->nsack && r.nsack != g->nsack)
		why = "SACK block count differs";
	else if (g->data && memcmp(r.data, g->data, g->len) != 0)
		why = "payload differs";
	else if (g->ecn && r.ecn != g->ecn - 1)
		why = "IP ECN field differs";
	if (!why && g->nsack)
		for (int i = 0; i < g->nsack; i++)
			if (r.sack[i][0] - p->peer_isn != g->sack[i][0] ||
			    r.sack[i][1] - p->peer_isn != g->sack[i][1])
				why = "SACK blocks differ";
	if (why) {
		char f[40];
		print_error("%s:%d: %s\n  expected [%s] seq=%u ack=%u len=%u opts=<%s>\n  got      %s\n",
			    file, line, why, synack_flags_format(g->flags, f, sizeof f), g->seq, g->ack,
			    g->len, g->opts ? g->opts : "*", got);
		_fail(file, line);
	}
}

void peer_expect_none_at(struct peer *p, const char *file, int line)
{
	if (p->out_next == p->out_len)
		return;
	struct parsed r;
	char got[256] = "malformed";
	const struct sent *o = &p->out[p->out_next];
	if (parse_sent(o, &r))
		describe(got, sizeof got, &r, p);
	print_error("%s:%d: expected no segment, got %s at %.6f s\n", file, line, got,
		    (double)o->time / 1e9);
	_fail(file, line);
}

/* ---------------------------------------------------------- helpers */

int peer_listen(struct peer *p, int backlog)
{
	int fd = synack_socket(p->s);
	assert_true(fd >= 0);
	synack_endpoint ep = {.addr = p->us, .port = p->our_port};
	assert_int_equal(synack_bind(p->s, fd, &ep), SYNACK_OK);
	assert_int_equal(synack_listen(p->s, fd, backlog), SYNACK_OK);
	p->listen_fd = fd;
	return fd;
}

int peer_accept_handshake(struct peer *p, uint64_t t, const struct tseg *syn)
{
	struct tseg s = syn ? *syn : (struct tseg){0};
	s.flags = SYN;
	s.seq = 0;
	peer_feed_at(p, t, &s, __FILE__, __LINE__);
	p->out_next = p->out_len; /* the SYN,ACK: checked by the tests that care */
	peer_feed_at(p, t, &(struct tseg){.flags = ACK, .seq = 1, .ack = 1, .win = s.win}, __FILE__,
		     __LINE__);
	synack_endpoint peer;
	int fd = synack_accept(p->s, p->listen_fd, &peer);
	assert_true(fd >= 0);
	return fd;
}

int peer_connect(struct peer *p)
{
	int fd = synack_socket(p->s);
	assert_true(fd >= 0);
	synack_endpoint ep = {.addr = p->us, .port = p->our_port};
	assert_int_equal(synack_bind(p->s, fd, &ep), SYNACK_OK);
	synack_endpoint remote = {.addr = p->them, .port = p->their_port};
	assert_int_equal(synack_connect(p->s, fd, &remote), SYNACK_EINPROGRESS);
	return fd;
}

synack_state peer_state(const struct peer *p, uint32_t conn)
{
	if (conn == 0 && p->nstates)
		conn = p->states[p->nstates - 1].conn;
	for (uint32_t i = p->nstates; i-- > 0;)
		if (p->states[i].conn == conn)
			return p->states[i].to;
	return SYNACK_CLOSED;
}

const char *peer_state_path(const struct peer *p, uint32_t conn, char *buf, size_t len)
{
	if (conn == 0 && p->nstates)
		conn = p->states[p->nstates - 1].conn;
	size_t n = 0;
	buf[0] = 0;
	for (uint32_t i = 0; i < p->nstates; i++) {
		if (p->states[i].conn != conn)
			continue;
		int w = snprintf(buf + n, len - n, "%s%s", n ? " " : "", synack_state_name(p->states[i].to));
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	return buf;
}

struct stat_find {
	const char *name;
	uint64_t v;
	bool found;
};

static void stat_visit(void *user, const char *name, uint64_t v)
{
	struct stat_find *f = user;
	if (strcmp(f->name, name) == 0) {
		f->v = v;
		f->found = true;
	}
}

uint64_t peer_stat(const struct peer *p, const char *name)
{
	return peer_stat_of(p->s, name);
}

uint64_t peer_stat_of(const synack_stack *s, const char *name)
{
	synack_stats st;
	synack_get_stats(s, &st);
	struct stat_find f = {.name = name};
	synack_stats_foreach(&st, stat_visit, &f);
	assert_true(f.found);
	return f.v;
}
