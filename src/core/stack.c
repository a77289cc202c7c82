/* The stack object: settings, hooks, clock, timers, output queue, events. */
#include "core/stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/tcp.h"

#define MSEC 1000000ull
#define SEC 1000000000ull

void synack_settings_default(synack_settings *s)
{
	*s = (synack_settings){
		.mtu = 1500,
		.send_buffer = 256 * 1024,
		.recv_buffer = 256 * 1024,
		.initial_rto_ns = 1 * SEC,
		.min_rto_ns = 200 * MSEC,
		.max_rto_ns = 120 * SEC,
		.syn_retries = 6,
		.synack_retries = 5,
		.data_retries = 15,
		.msl_ns = 30 * SEC,
		.fin_wait2_timeout_ns = 60 * SEC,
		.delayed_ack_ns = 40 * MSEC,
		.delayed_ack = true,
		.nagle = true,
		.window_scaling = true,
		.sack = true,
		.timestamps = true,
		.rfc5961 = true,
		.challenge_ack_limit = 10,
		.oow_ack_limit = 1,
		.oow_ack_interval_ns = 500 * MSEC,
		.initial_cwnd = 10,
		.prr = true,
		.ecn = SYNACK_ECN_PASSIVE,
		.ecn_syn_retries = 1,
		.syn_backlog = 256,
		.syn_cookies = true,
		.drop_synfin = true,
		.keepalive = false,
		.keepalive_idle_ns = 7200 * SEC,
		.keepalive_interval_ns = 75 * SEC,
		.keepalive_count = 9,
		.tx_queue_len = 1024,
		.max_sockets = 65536,
		.ephemeral_lo = 49152,
		.ephemeral_hi = 65535,
		.ttl = 64,
	};
}

static int settings_check(const synack_settings *c)
{
	if (!tcp_policy_of(c->personality))
		return SYNACK_EINVAL;
	if (c->mtu < 576 || c->mtu > 65535)
		return SYNACK_EINVAL;
	if (c->send_buffer < 1024 || c->recv_buffer < 1024)
		return SYNACK_EINVAL;
	if (c->send_buffer > (1u << 30) || c->recv_buffer > (1u << 30))
		return SYNACK_EINVAL;
	if (c->min_rto_ns == 0 || c->min_rto_ns > c->max_rto_ns)
		return SYNACK_EINVAL;
	if (c->initial_rto_ns == 0 || c->tx_queue_len == 0 || c->max_sockets == 0)
		return SYNACK_EINVAL;
	if (c->ephemeral_lo == 0 || c->ephemeral_lo > c->ephemeral_hi)
		return SYNACK_EINVAL;
	if (c->initial_cwnd == 0 || c->ttl == 0)
		return SYNACK_EINVAL;
	return SYNACK_OK;
}

void *stack_alloc(struct synack_stack *s, size_t size)
{
	void *p = s->hooks.alloc ? s->hooks.alloc(s->hooks.user, size) : malloc(size);
	if (!p)
		stack_log(s, 1, "allocation of %zu bytes failed", size);
	return p;
}

void stack_free(struct synack_stack *s, void *p)
{
	if (!p)
		return;
	if (s->hooks.free)
		s->hooks.free(s->hooks.user, p);
	else
		free(p);
}

void stack_log(struct synack_stack *s, int level, const char *fmt, ...)
{
	if (!s->hooks.log)
		return;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->hooks.log(s->hooks.user, level, msg);
}

static void random_key(struct synack_stack *s, struct siphash_key *k)
{
	s->hooks.random(s->hooks.user, k, sizeof *k);
}

synack_stack *synack_stack_new(const synack_settings *settings,
			       const synack_hooks *hooks, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	synack_settings cfg;
	if (settings)
		cfg = *settings;
	else
		synack_settings_default(&cfg);
	if (!hooks || !hooks->random || !hooks->alloc != !hooks->free) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	if ((*err = settings_check(&cfg)) != SYNACK_OK)
		return NULL;

	void *mem = hooks->alloc ? hooks->alloc(hooks->user, sizeof(struct synack_stack))
				 : malloc(sizeof(struct synack_stack));
	if (!mem) {
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	struct synack_stack *s = mem;
	memset(s, 0, sizeof *s);
	s->cfg = cfg;
	s->policy = tcp_policy_of(cfg.personality);
	s->hooks = *hooks;
	/* MSS: MTU minus 20-byte IPv4 and TCP headers (RFC 9293 3.7.1). */
	s->mss_default = (uint16_t)(cfg.mtu - 40);

	s->conn_hash_mask = 255;
	s->conn_hash = stack_alloc(s, 256 * sizeof *s->conn_hash);
	s->txq = stack_alloc(s, (size_t)cfg.tx_queue_len * cfg.mtu);
	s->txq_lens = stack_alloc(s, cfg.tx_queue_len * sizeof *s->txq_lens);
	s->scratch = stack_alloc(s, cfg.mtu);
	if (!s->conn_hash || !s->txq || !s->txq_lens || !s->scratch) {
		synack_stack_free(s);
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	memset(s->conn_hash, 0, 256 * sizeof *s->conn_hash);
	random_key(s, &s->isn_key);
	random_key(s, &s->hash_key);
	random_key(s, &s->cookie_key);
	random_key(s, &s->ts_key);
	uint32_t r;
	s->hooks.random(s->hooks.user, &r, sizeof r);
	s->ephemeral_next = r;
	s->hooks.random(s->hooks.user, &s->ip_id, sizeof s->ip_id);
	*err = SYNACK_OK;
	return s;
}

void synack_stack_free(synack_stack *s)
{
	if (!s)
		return;
	while (s->all)
		conn_free(s->all);
	stack_free(s, s->conn_hash);
	stack_free(s, s->timers.items);
	stack_free(s, s->fds);
	stack_free(s, s->fd_free);
	stack_free(s, s->txq);
	stack_free(s, s->txq_lens);
	stack_free(s, s->scratch);
	if (s->hooks.free)
		s->hooks.free(s->hooks.user, s);
	else
		free(s);
}

int synack_add_address(synack_stack *s, const synack_addr *addr)
{
	if (!addr)
		return SYNACK_EINVAL;
	if (addr->family != SYNACK_AF_INET && addr->family != SYNACK_AF_INET6)
		return SYNACK_EAFNOSUPPORT;
	if (stack_is_local(s, addr))
		return SYNACK_OK;
	if (s->naddrs == MAX_ADDRESSES)
		return SYNACK_ENOBUFS;
	s->addrs[s->naddrs++] = *addr;
	return SYNACK_OK;
}

bool stack_is_local(const struct synack_stack *s, const synack_addr *a)
{
	for (uint32_t i = 0; i < s->naddrs; i++)
		if (synack_addr_equal(&s->addrs[i], a))
			return true;
	return false;
}

int stack_reserve_timers(struct synack_stack *s, uint32_t more)
{
	struct timer_heap *h = &s->timers;
	uint32_t need = (uint32_t)(s->conns_live + 1) * TT_COUNT + more;
	if (need <= h->cap)
		return SYNACK_OK;
	uint32_t cap = h->cap ? h->cap : 64;
	while (cap < need)
		cap *= 2;
	struct timer **items = stack_alloc(s, cap * sizeof *items);
	if (!items)
		return SYNACK_ENOMEM;
	if (h->len)
		memcpy(items, h->items, h->len * sizeof *items);
	stack_free(s, h->items);
	h->items = items;
	h->cap = cap;
	return SYNACK_OK;
}

/* ---------------------------------------------------------------- clock */

static struct tcp_conn *timer_owner(struct timer *t)
{
	/* container_of: the timers array is a member of the control block */
	void *owner = (char *)(t - t->kind) - offsetof(struct tcp_conn, timers);
	return owner;
}

void synack_advance(synack_stack *s, uint64_t now)
{
	if (now > s->now)
		s->now = now;
	/* Every handler either leaves its timer idle or re-arms it at least
	 * 1 ns ahead, so this loop ends. */
	struct timer *t;
	uint64_t cause = s->cause;
	synack_trigger trigger = s->trigger;
	s->cause = 0;
	s->trigger = SYNACK_BY_TIMER;
	while ((t = timer_first(&s->timers)) && t->when <= s->now) {
		timer_cancel(&s->timers, t);
		tcp_timer_fire(timer_owner(t), (enum tcp_timer_kind)t->kind);
	}
	conn_flush_all(s);
	s->cause = cause;
	s->trigger = trigger;
}

uint64_t synack_datagram_count(const synack_stack *s) { return s->datagrams; }

void stack_input_begin(struct synack_stack *s, uint64_t *saved_cause, synack_trigger *saved)
{
	*saved_cause = s->cause;
	*saved = s->trigger;
	s->cause = ++s->datagrams;
	s->trigger = SYNACK_BY_DATAGRAM;
}

void stack_input_end(struct synack_stack *s, uint64_t saved_cause, synack_trigger saved)
{
	s->cause = saved_cause;
	s->trigger = saved;
}

uint64_t synack_next_deadline(const synack_stack *s)
{
	const struct timer *t = timer_first(&s->timers);
	return t ? t->when : UINT64_MAX;
}

uint64_t synack_now(const synack_stack *s) { return s->now; }

/* --------------------------------------------------------------- output */

uint8_t *stack_tx_begin(struct synack_stack *s)
{
	if (s->output || s->txq_count == s->cfg.tx_queue_len)
		return s->scratch;
	uint32_t slot = (s->txq_head + s->txq_count) % s->cfg.tx_queue_len;
	return s->txq + (size_t)slot * s->cfg.mtu;
}

static void event_segment(struct synack_stack *s, enum synack_event_kind kind,
			  const struct tcp_conn *c, const uint8_t *pkt, size_t len, uint64_t id,
			  synack_reason reason);

void stack_tx_commit(struct synack_stack *s, uint8_t *pkt, size_t len,
		     struct tcp_conn *c, synack_reason why)
{
	uint64_t id = ++s->datagrams;
	if (s->output) {
		STAT_INC(s, ip_out);
		STAT_INC(s, tcp_out);
		event_segment(s, SYNACK_EV_SEGMENT_SENT, c, pkt, len, id, why);
		s->output(s->output_user, pkt, len, id);
		return;
	}
	if (pkt == s->scratch) {
		/* The queue is full: the datagram is lost, as on a full NIC
		 * queue; retransmission recovers. */
		STAT_INC(s, ip_out_dropped);
		stack_log(s, 1, "output queue full (%u datagrams): one dropped", s->cfg.tx_queue_len);
		event_segment(s, SYNACK_EV_SEGMENT_DROPPED, c, pkt, len, id,
			      SYNACK_R_OUTPUT_QUEUE_FULL);
		return;
	}
	STAT_INC(s, ip_out);
	STAT_INC(s, tcp_out);
	uint32_t slot = (s->txq_head + s->txq_count) % s->cfg.tx_queue_len;
	s->txq_lens[slot] = (uint32_t)len;
	s->txq_count++;
	event_segment(s, SYNACK_EV_SEGMENT_SENT, c, pkt, len, id, why);
}

void synack_set_output(synack_stack *s, synack_output_fn fn, void *user)
{
	s->output = fn;
	s->output_user = user;
}

long synack_output(synack_stack *s, uint8_t *buf, size_t cap)
{
	if (s->txq_count == 0)
		return 0;
	uint32_t len = s->txq_lens[s->txq_head];
	if (len > cap)
		return SYNACK_EMSGSIZE;
	memcpy(buf, s->txq + (size_t)s->txq_head * s->cfg.mtu, len);
	s->txq_head = (s->txq_head + 1) % s->cfg.tx_queue_len;
	s->txq_count--;
	return (long)len;
}

/* --------------------------------------------------------------- events */

static void emit(struct synack_stack *s, synack_event *ev)
{
	ev->time = s->now;
	ev->cause = s->cause;
	ev->trigger = s->trigger;
	s->hooks.event(s->hooks.user, ev);
}

void stack_event_state(struct synack_stack *s, const struct tcp_conn *c,
		       synack_state from, synack_state to, synack_reason reason)
{
	if (!s->hooks.event)
		return;
	synack_event ev = {.kind = SYNACK_EV_STATE, .conn = c->id, .fd = c->fd,
			   .from = from, .to = to, .reason = reason};
	emit(s, &ev);
}

void stack_event_ready(struct synack_stack *s, uint32_t conn, int fd, uint32_t mask)
{
	if (!s->hooks.event)
		return;
	synack_event ev = {.kind = SYNACK_EV_READY, .conn = conn, .fd = fd, .ready = mask,
			   .time = s->now, .cause = s->cause, .trigger = s->trigger};
	/* The callback may call the API: what those calls do is theirs, not
	 * the datagram's or the timer's that made the descriptor ready. */
	uint64_t cause = s->cause;
	synack_trigger trigger = s->trigger;
	s->cause = 0;
	s->trigger = SYNACK_BY_CALL;
	s->hooks.event(s->hooks.user, &ev);
	s->cause = cause;
	s->trigger = trigger;
}

size_t synack_segment_build(const synack_segment *seg, const void *payload, uint8_t *buf,
			    size_t cap)
{
	if (!seg || !buf || seg->src.addr.family != seg->dst.addr.family || seg->sack_count > 4)
		return 0;
	bool v6 = seg->src.addr.family == SYNACK_AF_INET6;
	size_t iphlen = v6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
	struct tcp_header h = {
		.sport = seg->src.port,
		.dport = seg->dst.port,
		.seq = seg->seq,
		.ack = seg->ack,
		.flags = seg->flags,
		.window = seg->window,
	};
	h.opt.has_mss = seg->mss > 0;
	h.opt.mss = seg->mss;
	h.opt.has_wscale = seg->wscale >= 0;
	h.opt.wscale = seg->wscale >= 0 ? (uint8_t)seg->wscale : 0;
	h.opt.sack_permitted = seg->sack_permitted;
	h.opt.has_ts = seg->has_ts;
	h.opt.tsval = seg->tsval;
	h.opt.tsecr = seg->tsecr;
	h.opt.sack_count = seg->sack_count;
	for (int i = 0; i < seg->sack_count; i++)
		h.opt.sack[i] = (struct tcp_sack_block){seg->sack[i][0], seg->sack[i][1]};
	if (cap < iphlen + TCP_HEADER_LEN + TCP_MAX_OPTIONS_LEN + (size_t)seg->len ||
	    iphlen + TCP_HEADER_LEN + TCP_MAX_OPTIONS_LEN + (size_t)seg->len > 65535)
		return 0;
	uint8_t *tcp = buf + iphlen;
	size_t hlen = tcp_header_build(tcp, &h, TCP_LAYOUT_LINUX);
	if (payload)
		memcpy(tcp + hlen, payload, seg->len);
	else
		memset(tcp + hlen, 0, seg->len);
	tcp_checksum_set(tcp, hlen + seg->len, &seg->src.addr, &seg->dst.addr);
	if (v6)
		ipv6_build(buf, &seg->src.addr, &seg->dst.addr, IPPROTO_TCP_NUM, 64, 0, hlen + seg->len);
	else
		ipv4_build(buf, &seg->src.addr, &seg->dst.addr, IPPROTO_TCP_NUM, 64, 0, 0,
			   hlen + seg->len);
	return iphlen + hlen + seg->len;
}

int synack_segment_parse(const uint8_t *pkt, size_t len, synack_segment *seg)
{
	struct {
		synack_addr src, dst;
		const uint8_t *payload;
		size_t payload_len;
	} ip;
	struct ipv4_packet ip4;
	struct ipv6_packet ip6;
	struct tcp_header th;
	if (!pkt || !seg || len == 0)
		return SYNACK_EINVAL;
	if (pkt[0] >> 4 == 6) {
		if (ipv6_parse(pkt, len, &ip6) != IPV6_OK || ip6.proto != IPPROTO_TCP_NUM)
			return SYNACK_EINVAL;
		ip.src = ip6.src, ip.dst = ip6.dst, ip.payload = ip6.payload, ip.payload_len = ip6.payload_len;
	} else {
		if (ipv4_parse(pkt, len, &ip4) != IPV4_OK || ip4.proto != IPPROTO_TCP_NUM)
			return SYNACK_EINVAL;
		ip.src = ip4.src, ip.dst = ip4.dst, ip.payload = ip4.payload, ip.payload_len = ip4.payload_len;
	}
	if (tcp_parse(ip.payload, ip.payload_len, &th) != TCP_OK)
		return SYNACK_EINVAL;
	memset(seg, 0, sizeof *seg);
	seg->src = (synack_endpoint){ip.src, th.sport};
	seg->dst = (synack_endpoint){ip.dst, th.dport};
	seg->seq = th.seq;
	seg->ack = th.ack;
	seg->flags = th.flags;
	seg->window = th.window;
	seg->len = th.payload_len;
	seg->mss = th.opt.has_mss ? th.opt.mss : 0;
	seg->wscale = th.opt.has_wscale ? (int8_t)th.opt.wscale : -1;
	seg->sack_permitted = th.opt.sack_permitted;
	seg->has_ts = th.opt.has_ts;
	seg->tsval = th.opt.tsval;
	seg->tsecr = th.opt.tsecr;
	seg->sack_count = th.opt.sack_count;
	for (int i = 0; i < th.opt.sack_count; i++) {
		seg->sack[i][0] = th.opt.sack[i].left;
		seg->sack[i][1] = th.opt.sack[i].right;
	}
	seg->checksum = th.checksum;
	return SYNACK_OK;
}

static void event_segment(struct synack_stack *s, enum synack_event_kind kind,
			  const struct tcp_conn *c, const uint8_t *pkt, size_t len, uint64_t id,
			  synack_reason reason)
{
	if (!s->hooks.event)
		return;
	synack_segment seg;
	synack_event ev = {.kind = kind, .conn = c ? c->id : 0, .fd = c ? c->fd : -1,
			   .reason = reason, .packet = pkt, .packet_len = len, .datagram = id};
	if (synack_segment_parse(pkt, len, &seg) == SYNACK_OK)
		ev.seg = &seg;
	if (c)
		ev.from = ev.to = c->state;
	emit(s, &ev);
}

/* ---------------------------------------------------------------- stats */

void synack_get_stats(const synack_stack *s, synack_stats *out)
{
	*out = s->stats;
	out->conns_live = s->conns_live;
	out->timers_live = s->timers.len;
	out->sockets_live = s->sockets_live;
}

void synack_stats_foreach(const synack_stats *st,
			  void (*fn)(void *user, const char *name, uint64_t v),
			  void *user)
{
#define SYNACK_STAT_VISIT(name) fn(user, #name, st->name);
	SYNACK_STATS(SYNACK_STAT_VISIT)
#undef SYNACK_STAT_VISIT
	fn(user, "conns_live", st->conns_live);
	fn(user, "timers_live", st->timers_live);
	fn(user, "sockets_live", st->sockets_live);
}

void stack_event_segment(struct synack_stack *s, enum synack_event_kind kind,
			 const struct tcp_conn *c, const uint8_t *pkt, size_t len,
			 synack_reason reason)
{
	event_segment(s, kind, c, pkt, len, s->cause, reason);
}
