/* The user calls of RFC 9293 3.10 (OPEN, SEND, RECEIVE, CLOSE, ABORT,
 * STATUS) on one control block, and what they need: local ports, socket
 * options, the figures of synack_get_info().  The name is FreeBSD's
 * (tcp_usrreq.c).  Descriptors and the public entry points that find a
 * control block by descriptor are api/socket.c's.
 *
 * Every function here may change state, send segments and arm timers;
 * its caller ends the entry point with conn_flush_all(). */
#include <string.h>

#include "core/stack.h"
#include "tcp/conn.h"

int tcp_usr_take_error(struct tcp_conn *c)
{
	int e = c->error;
	c->error = 0;
	conn_update_ready(c);
	return e;
}

/* ------------------------------------------------------------- ports */

static bool addr_is_any(const synack_addr *a)
{
	for (int i = 0; i < 16; i++)
		if (a->bytes[i])
			return false;
	return true;
}

static bool addrs_overlap(const synack_addr *a, const synack_addr *b)
{
	return addr_is_any(a) || addr_is_any(b) || synack_addr_equal(a, b);
}

/* Linux's rule: SO_REUSEADDR lets a socket share a port with TIME-WAIT
 * entries, and with others that set it too, but never with a listener. */
static bool port_conflict(struct synack_stack *s, const struct tcp_conn *c,
			  const synack_addr *addr, uint16_t port)
{
	for (struct tcp_conn *e = s->bind_hash[port % BIND_BUCKETS]; e; e = e->bnext) {
		if (e == c || e->local.port != port || !addrs_overlap(&e->local.addr, addr))
			continue;
		if (c->opt.reuseaddr && e->state != SYNACK_LISTEN &&
		    (e->state == SYNACK_TIME_WAIT || e->opt.reuseaddr))
			continue;
		return true;
	}
	return false;
}

static uint32_t port_hash(struct synack_stack *s, const synack_addr *local, const synack_endpoint *remote)
{
	synack_endpoint l = {*local, 0};
	synack_endpoint r = remote ? *remote : (synack_endpoint){{0}, 0};
	return stack_hash_tuple(s, &l, &r);
}

/* RFC 6056 algorithm 3: a keyed offset per destination plus a counter.
 * With a remote endpoint, only the 4-tuple must be unique. */
static int pick_port(struct synack_stack *s, struct tcp_conn *c, const synack_addr *local,
		     const synack_endpoint *remote)
{
	uint32_t lo = s->cfg.ephemeral_lo, n = (uint32_t)s->cfg.ephemeral_hi - lo + 1;
	uint32_t offset = port_hash(s, local, remote);
	for (uint32_t i = 0; i < n; i++) {
		uint16_t port = (uint16_t)(lo + (offset + s->ephemeral_next + i) % n);
		if (remote) {
			synack_endpoint l = {*local, port};
			if (conn_lookup(s, &l, remote))
				continue;
			bool taken = false;
			for (struct tcp_conn *e = s->bind_hash[port % BIND_BUCKETS]; e; e = e->bnext)
				if (e->local.port == port && (e->state == SYNACK_LISTEN || e->bound_explicit))
					taken = true;
			if (taken)
				continue;
		} else if (port_conflict(s, c, local, port)) {
			continue;
		}
		s->ephemeral_next += i + 1;
		return port;
	}
	return SYNACK_EADDRNOTAVAIL;
}

/* ------------------------------------------------------ OPEN: passive */

int tcp_usr_bind(struct tcp_conn *c, const synack_endpoint *local)
{
	struct synack_stack *s = c->stack;
	if (!local)
		return SYNACK_EINVAL;
	if (c->state != SYNACK_CLOSED || c->bound || c->used)
		return SYNACK_EINVAL;
	if (local->addr.family != SYNACK_AF_INET && local->addr.family != SYNACK_AF_INET6)
		return SYNACK_EAFNOSUPPORT;
	if (!addr_is_any(&local->addr) && !stack_is_local(s, &local->addr))
		return SYNACK_EADDRNOTAVAIL;
	uint16_t port = local->port;
	if (port == 0) {
		int p = pick_port(s, c, &local->addr, NULL);
		if (p < 0)
			return p;
		port = (uint16_t)p;
	} else if (port_conflict(s, c, &local->addr, port)) {
		return SYNACK_EADDRINUSE;
	}
	c->local = (synack_endpoint){local->addr, port};
	c->bound = true;
	c->bound_explicit = true;
	bind_insert(c);
	return SYNACK_OK;
}

int tcp_usr_listen(struct tcp_conn *c, int backlog)
{
	struct synack_stack *s = c->stack;
	if (backlog < 1)
		backlog = 1;
	if (backlog > 65535)
		backlog = 65535;
	if (c->state == SYNACK_LISTEN) {
		c->lq->backlog = (uint32_t)backlog;
		return SYNACK_OK;
	}
	if (c->state != SYNACK_CLOSED || c->used)
		return SYNACK_EINVAL;
	if (!c->bound) {
		synack_endpoint any = {.addr = {.family = SYNACK_AF_INET}, .port = 0};
		if (s->naddrs && s->addrs[0].family == SYNACK_AF_INET6)
			any.addr.family = SYNACK_AF_INET6;
		int err = tcp_usr_bind(c, &any);
		if (err)
			return err;
	}
	for (struct tcp_conn *e = s->bind_hash[c->local.port % BIND_BUCKETS]; e; e = e->bnext)
		if (e != c && e->state == SYNACK_LISTEN && e->local.port == c->local.port &&
		    addrs_overlap(&e->local.addr, &c->local.addr))
			return SYNACK_EADDRINUSE;
	c->lq = stack_alloc(s, sizeof *c->lq);
	if (!c->lq)
		return SYNACK_ENOMEM;
	memset(c->lq, 0, sizeof *c->lq);
	c->lq->backlog = (uint32_t)backlog;
	conn_prepare_syn(c);
	c->used = true;
	conn_set_state(c, SYNACK_LISTEN, SYNACK_R_CALL_LISTEN);
	listener_hash_insert(c);
	c->ready = conn_poll(c);
	return SYNACK_OK;
}

struct tcp_conn *tcp_usr_accept(struct tcp_conn *l, int *err)
{
	if (l->state != SYNACK_LISTEN) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	if (!l->lq->accept_head) {
		*err = SYNACK_EAGAIN;
		return NULL;
	}
	*err = SYNACK_OK;
	struct tcp_conn *c = listen_accept(l);
	c->used = true;
	return c;
}

void tcp_usr_accept_failed(struct tcp_conn *c)
{
	tcp_send_rst(c);
	conn_close(c, SYNACK_ECONNABORTED, SYNACK_R_ACCEPT_NO_DESCRIPTOR);
}

/* ------------------------------------------------------- OPEN: active */

int tcp_usr_connect(struct tcp_conn *c, const synack_endpoint *remote)
{
	struct synack_stack *s = c->stack;
	if (!remote)
		return SYNACK_EINVAL;
	if (c->state == SYNACK_SYN_SENT || c->state == SYNACK_SYN_RECEIVED)
		return SYNACK_EALREADY;
	if (c->state == SYNACK_LISTEN)
		return SYNACK_EINVAL;
	if (c->state != SYNACK_CLOSED)
		return SYNACK_EISCONN;
	if (c->used)
		return SYNACK_EINVAL; /* one connection per socket: make a new one */
	if (remote->addr.family != SYNACK_AF_INET && remote->addr.family != SYNACK_AF_INET6)
		return SYNACK_EAFNOSUPPORT;
	if (addr_is_any(&remote->addr) || remote->port == 0)
		return SYNACK_EINVAL;
	if (c->bound && c->local.addr.family != remote->addr.family)
		return SYNACK_EAFNOSUPPORT;
	/* the local address: the one bound, or the stack's first of the family */
	synack_addr laddr = c->local.addr;
	if (!c->bound || addr_is_any(&c->local.addr)) {
		uint32_t i = 0;
		while (i < s->naddrs && s->addrs[i].family != remote->addr.family)
			i++;
		if (i == s->naddrs)
			return SYNACK_EADDRNOTAVAIL;
		laddr = s->addrs[i];
	}
	uint16_t lport = c->local.port;
	if (!c->bound) {
		int p = pick_port(s, c, &laddr, remote);
		if (p < 0)
			return p;
		lport = (uint16_t)p;
	} else {
		synack_endpoint l = {laddr, lport};
		if (conn_lookup(s, &l, remote))
			return SYNACK_EADDRNOTAVAIL;
	}
	c->local = (synack_endpoint){laddr, lport};
	c->remote = *remote;
	c->bound = true;
	bind_insert(c);
	conn_prepare_syn(c);
	conn_init_isn(c);
	c->used = true;
	STAT_INC(s, tcp_conn_active);
	conn_set_state(c, SYNACK_SYN_SENT, SYNACK_R_CALL_CONNECT);
	conn_hash_insert(c);
	tcp_output(c);
	conn_update_ready(c);
	return SYNACK_EINPROGRESS;
}

/* ------------------------------------------------------ SEND, RECEIVE */

long tcp_usr_send(struct tcp_conn *c, const void *buf, size_t len, int flags)
{
	if (!buf && len)
		return SYNACK_EINVAL;
	if (c->error)
		return tcp_usr_take_error(c);
	if (c->fin_queued)
		return SYNACK_EPIPE;
	switch (c->state) {
	case SYNACK_CLOSED:
		return c->used ? SYNACK_EPIPE : SYNACK_ENOTCONN;
	case SYNACK_LISTEN:
		return SYNACK_ENOTCONN;
	case SYNACK_SYN_SENT:
	case SYNACK_SYN_RECEIVED:
		return SYNACK_EAGAIN; /* writable once connected */
	default:
		break;
	}
	if (!state_in(c->state, SEND_STATES))
		return SYNACK_EPIPE;
	if (len == 0)
		return 0;
	uint32_t want = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	uint32_t n = ring_write(&c->sndbuf, buf, want);
	if (n == 0)
		return SYNACK_EAGAIN;
	c->more_pending = c->more_written = (flags & SYNACK_MSG_MORE) != 0;
	tcp_output(c);
	conn_update_ready(c);
	return n;
}

long tcp_usr_recv(struct tcp_conn *c, void *buf, size_t len, int flags)
{
	if (!buf && len)
		return SYNACK_EINVAL;
	if (c->state == SYNACK_LISTEN)
		return SYNACK_ENOTCONN;
	if (c->rcvbuf.len > 0 && len > 0) {
		uint32_t n = c->rcvbuf.len < len ? c->rcvbuf.len : (uint32_t)len;
		ring_copy_out(&c->rcvbuf, 0, buf, n);
		if (!(flags & SYNACK_MSG_PEEK)) {
			ring_consume(&c->rcvbuf, n);
			if (tcp_window_update_due(c)) {
				c->ack_now = true;
				tcp_output(c);
			}
			conn_update_ready(c);
		}
		return n;
	}
	if (c->fin_received || c->rd_shutdown)
		return 0;
	if (c->error)
		return tcp_usr_take_error(c);
	if (c->state == SYNACK_CLOSED)
		return c->used ? 0 : SYNACK_ENOTCONN;
	return SYNACK_EAGAIN;
}

/* ------------------------------------------------------ CLOSE, ABORT */

/* Queues our FIN (RFC 9293 3.10.4 CLOSE): ESTABLISHED -> FIN-WAIT-1,
 * CLOSE-WAIT -> LAST-ACK; during the handshake it waits for ESTABLISHED. */
static void queue_fin(struct tcp_conn *c, synack_reason reason)
{
	if (c->fin_queued)
		return;
	c->fin_queued = true;
	if (c->state == SYNACK_ESTABLISHED)
		conn_set_state(c, SYNACK_FIN_WAIT_1, reason);
	else if (c->state == SYNACK_CLOSE_WAIT)
		conn_set_state(c, SYNACK_LAST_ACK, reason);
	c->more_pending = c->more_written = false;
	c->opt.cork = false;
	tcp_output(c);
	conn_update_ready(c);
}

static bool sends_rst_on_abort(synack_state st)
{
	/* RFC 9293 3.10.5 ABORT */
	return st == SYNACK_SYN_RECEIVED || st == SYNACK_ESTABLISHED ||
	       st == SYNACK_FIN_WAIT_1 || st == SYNACK_FIN_WAIT_2 || st == SYNACK_CLOSE_WAIT;
}

static void abort_conn(struct tcp_conn *c, synack_reason reason)
{
	if (sends_rst_on_abort(c->state))
		tcp_send_rst(c);
	conn_close(c, 0, reason);
}

int tcp_usr_shutdown(struct tcp_conn *c, int how)
{
	if (how != SYNACK_SHUT_RD && how != SYNACK_SHUT_WR && how != SYNACK_SHUT_RDWR)
		return SYNACK_EINVAL;
	if (c->state == SYNACK_CLOSED || c->state == SYNACK_LISTEN)
		return SYNACK_ENOTCONN;
	if (how != SYNACK_SHUT_WR) {
		c->rd_shutdown = true;
		conn_update_ready(c);
	}
	if (how != SYNACK_SHUT_RD)
		queue_fin(c, SYNACK_R_CALL_SHUTDOWN_WR);
	return SYNACK_OK;
}

void tcp_usr_close(struct tcp_conn *c)
{
	struct synack_stack *s = c->stack;
	c->orphan = true;
	switch (c->state) {
	case SYNACK_CLOSED:
		conn_maybe_free(c);
		return;
	case SYNACK_LISTEN:
		listen_shutdown(c);
		conn_close(c, 0, SYNACK_R_CALL_CLOSE);
		return;
	case SYNACK_SYN_SENT:
		/* RFC 9293 3.10.4: delete the TCB; nothing is sent. */
		conn_close(c, 0, SYNACK_R_CALL_CLOSE_SYN_SENT);
		return;
	case SYNACK_TIME_WAIT:
		conn_release_buffers(c); /* TIME-WAIT keeps only sequence state */
		return;
	default:
		break;
	}
	if (c->opt.linger_zero || c->rcvbuf.len > 0) {
		/* RFC 2525 2.17 / RFC 1122 4.2.2.13: data nobody will read, or
		 * linger 0: abortive close. */
		STAT_INC(s, tcp_data_after_close);
		abort_conn(c, c->opt.linger_zero ? SYNACK_R_CALL_CLOSE_LINGER_ZERO : SYNACK_R_CALL_CLOSE_UNREAD);
		return;
	}
	queue_fin(c, SYNACK_R_CALL_CLOSE);
	if (c->state == SYNACK_FIN_WAIT_2)
		conn_timer_arm(c, TT_2MSL, s->cfg.fin_wait2_timeout_ns);
}

void tcp_usr_abort(struct tcp_conn *c)
{
	if (c->state == SYNACK_LISTEN) {
		tcp_usr_close(c);
		return;
	}
	c->orphan = true;
	if (c->state == SYNACK_CLOSED)
		conn_maybe_free(c);
	else
		abort_conn(c, SYNACK_R_CALL_ABORT); /* frees it: no descriptor holds it now */
}

/* ------------------------------------------------ options and figures */

#define SEC_NS 1000000000ll

int tcp_usr_setopt(struct tcp_conn *c, enum synack_option opt, int64_t v)
{
	bool fresh = c->state == SYNACK_CLOSED && !c->used;
	switch (opt) {
	case SYNACK_OPT_NODELAY:
		c->opt.nodelay = v != 0;
		/* Linux: setting it pushes what is held, cork or not */
		c->push_once = c->opt.nodelay;
		tcp_output(c);
		return SYNACK_OK;
	case SYNACK_OPT_CORK:
		c->opt.cork = v != 0;
		if (!c->opt.cork)
			tcp_output(c);
		return SYNACK_OK;
	case SYNACK_OPT_KEEPALIVE:
		c->opt.keepalive = v != 0;
		if (c->opt.keepalive && state_in(c->state, SYNCHRONIZED_STATES))
			conn_timer_arm(c, TT_KEEP, c->opt.keep_idle);
		else if (!c->opt.keepalive)
			conn_timer_cancel(c, TT_KEEP);
		return SYNACK_OK;
	case SYNACK_OPT_KEEPIDLE:
		if (v < 1 || v > 32767)
			return SYNACK_EINVAL;
		c->opt.keep_idle = (uint64_t)v * SEC_NS;
		return SYNACK_OK;
	case SYNACK_OPT_KEEPINTVL:
		if (v < 1 || v > 32767)
			return SYNACK_EINVAL;
		c->opt.keep_intvl = (uint64_t)v * SEC_NS;
		return SYNACK_OK;
	case SYNACK_OPT_KEEPCNT:
		if (v < 1 || v > 127)
			return SYNACK_EINVAL;
		c->opt.keep_cnt = (uint32_t)v;
		return SYNACK_OK;
	case SYNACK_OPT_LINGER_ZERO:
		c->opt.linger_zero = v != 0;
		return SYNACK_OK;
	case SYNACK_OPT_SNDBUF:
	case SYNACK_OPT_RCVBUF:
		if (v < 1024 || v > (1 << 30))
			return SYNACK_EINVAL;
		if (c->state == SYNACK_LISTEN || (c->state == SYNACK_CLOSED && c->used))
			return SYNACK_EINVAL;
		/* before the connection: the size to allocate; on one: the
		 * ring moves to storage of the new size (a window already
		 * offered is never taken back, RFC 9293 3.8.6) */
		return conn_resize_buffer(c, opt == SYNACK_OPT_SNDBUF, (uint32_t)v);
	case SYNACK_OPT_MAXSEG:
		if (!fresh)
			return SYNACK_EINVAL;
		if (v != 0 && (v < 88 || v > 65495))
			return SYNACK_EINVAL;
		c->opt.mss_clamp = (uint16_t)v;
		return SYNACK_OK;
	case SYNACK_OPT_REUSEADDR:
		c->opt.reuseaddr = v != 0;
		return SYNACK_OK;
	case SYNACK_OPT_USER_TIMEOUT:
		if (v < 0)
			return SYNACK_EINVAL;
		c->opt.user_timeout = (uint64_t)v * 1000000ull;
		return SYNACK_OK;
	case SYNACK_OPT_NOTSENT_LOWAT:
		if (v < 0 || v > UINT32_MAX)
			return SYNACK_EINVAL;
		c->opt.notsent_lowat = (uint32_t)v; /* 0: the default, no limit; read back as 0 (Linux) */
		conn_update_ready(c);
		return SYNACK_OK;
	case SYNACK_OPT_TOS:
		if (v < 0 || v > 255)
			return SYNACK_EINVAL;
		c->opt.tos = (uint8_t)v;
		return SYNACK_OK;
	case SYNACK_OPT_QUICKACK:
		c->opt.quickack = v != 0;
		if (c->opt.quickack && timer_armed(&c->timers[TT_DELACK]))
			tcp_send_ack(c);
		return SYNACK_OK;
	}
	return SYNACK_ENOPROTOOPT;
}

int tcp_usr_getopt(const struct tcp_conn *c, enum synack_option opt, int64_t *v)
{
	switch (opt) {
	case SYNACK_OPT_NODELAY: *v = c->opt.nodelay; return SYNACK_OK;
	case SYNACK_OPT_CORK: *v = c->opt.cork; return SYNACK_OK;
	case SYNACK_OPT_KEEPALIVE: *v = c->opt.keepalive; return SYNACK_OK;
	case SYNACK_OPT_KEEPIDLE: *v = (int64_t)(c->opt.keep_idle / SEC_NS); return SYNACK_OK;
	case SYNACK_OPT_KEEPINTVL: *v = (int64_t)(c->opt.keep_intvl / SEC_NS); return SYNACK_OK;
	case SYNACK_OPT_KEEPCNT: *v = c->opt.keep_cnt; return SYNACK_OK;
	case SYNACK_OPT_LINGER_ZERO: *v = c->opt.linger_zero; return SYNACK_OK;
	case SYNACK_OPT_SNDBUF: *v = c->opt.sndbuf_size; return SYNACK_OK;
	case SYNACK_OPT_RCVBUF: *v = c->opt.rcvbuf_size; return SYNACK_OK;
	case SYNACK_OPT_MAXSEG:
		*v = state_in(c->state, SYNCHRONIZED_STATES) ? c->mss : (c->opt.mss_clamp ? c->opt.mss_clamp : c->stack->mss_default);
		return SYNACK_OK;
	case SYNACK_OPT_REUSEADDR: *v = c->opt.reuseaddr; return SYNACK_OK;
	case SYNACK_OPT_USER_TIMEOUT: *v = (int64_t)(c->opt.user_timeout / 1000000ull); return SYNACK_OK;
	case SYNACK_OPT_QUICKACK: *v = c->opt.quickack; return SYNACK_OK;
	case SYNACK_OPT_NOTSENT_LOWAT: *v = c->opt.notsent_lowat; return SYNACK_OK;
	case SYNACK_OPT_TOS: *v = c->opt.tos; return SYNACK_OK;
	}
	return SYNACK_ENOPROTOOPT;
}

void tcp_usr_info(struct tcp_conn *c, synack_info *out)
{
	memset(out, 0, sizeof *out);
	out->state = c->state;
	out->conn = c->id;
	out->iss = c->iss.v;
	out->irs = c->irs.v;
	out->snd_una = c->snd_una.v;
	out->snd_nxt = c->snd_max.v;
	out->snd_wnd = c->snd_wnd;
	out->snd_mss = c->mss;
	out->rcv_nxt = c->rcv_nxt.v;
	out->rcv_wnd = state_in(c->state, SYNCHRONIZED_STATES) ? tcp_rcv_window(c) : 0;
	out->rcv_mss = c->rcv_mss;
	out->wscale_ok = c->ws_ok;
	out->snd_wscale = c->ws_ok ? c->snd_wscale : 0;
	out->rcv_wscale = c->ws_ok ? c->rcv_wscale : 0;
	out->sack_ok = c->sack_ok;
	out->ecn_ok = c->ecn_ok;
	out->ts_ok = c->ts_ok;
	out->srtt_ns = c->srtt;
	out->rttvar_ns = c->rttvar;
	out->rto_ns = rtt_current_rto(c);
	out->cwnd = c->cwnd;
	out->ssthresh = c->ssthresh;
	out->backoff = c->backoff;
	out->retransmits = c->retransmits;
	out->fast_retransmits = c->fast_retransmits;
	out->timeouts = c->timeouts;
	out->dup_acks_received = c->dupacks_rcvd;
	out->ooo_segments = c->ooo_segs;
	out->bytes_in_flight = seq_len(c->snd_una, c->snd_max);
	out->unread = c->rcvbuf.len;
	seq_t data_end = seq_add(c->snd_buf_seq, c->sndbuf.len);
	int32_t unsent = seq_diff(data_end, c->snd_max);
	out->unsent = unsent > 0 ? (uint32_t)unsent : 0;
	out->unacked = c->sndbuf.len - out->unsent;
	out->bytes_sent = c->bytes_sent;
	out->bytes_received = c->bytes_received;
	out->bytes_acked = c->bytes_acked;
	out->segs_out = c->segs_out;
	out->segs_in = c->segs_in;
}

