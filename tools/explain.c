/* Explanations of ladder rows (explain.h): the entry point, the context
 * of the row explained (roles, incarnation, FINs, variables), the output,
 * and the dispatch to the topics, on the row's flags and the engine's
 * reason ids.  explain_int.h says which topic lives where. */
#include "explain_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Rows looked at before and after the row explained: bounded work per
 * row, even on ladders of a long transfer. */
#define SCAN_BEFORE 2048
#define SCAN_AFTER 64

/* ------------------------------------------------------------ variables */

static const char *const var_names[V_COUNT] = {
	[V_S] = "S", [V_R] = "R", [V_SEQ] = "seq", [V_ACK] = "ack", [V_SEQABS] = "seqabs",
	[V_ACKABS] = "ackabs", [V_LEN] = "len", [V_LAST] = "last", [V_NEXT] = "next",
	[V_FIN] = "fin", [V_WIN] = "win", [V_OPTS] = "opts", [V_DUR] = "dur", [V_N] = "n",
	[V_ST] = "st", [V_SPREV] = "sprev", [V_RST] = "rst", [V_RPREV] = "rprev",
	[V_SPORT] = "sport", [V_DPORT] = "dport", [V_RNXT] = "rnxt", [V_GAPEND] = "gapend",
	[V_SEQBOTH] = "seqboth", [V_SACK] = "sack", [V_TRIGSEQ] = "trigseq",
	[V_TRIGACK] = "trigack", [V_FROM] = "from", [V_TO] = "to", [V_REASON] = "reason",
	[V_ACKBOTH] = "ackboth", [V_WANT] = "want", [V_ISNACK] = "isnack",
	[V_RTO] = "rto", [V_MSL] = "msl", [V_TW] = "tw",
};

void setv(struct ctx *c, enum var v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->var[v], VAR_LEN, fmt, ap);
	va_end(ap);
}

/* "200 ms", "1 s", "1.6 s" / "200 毫秒", "1 秒", "1.6 秒" */
static void duration(const struct ctx *c, uint64_t ns, char *out, size_t n)
{
	const char *ms = zh(c) ? " 毫秒" : " ms", *s = zh(c) ? " 秒" : " s";
	if (ns < 1000000000ull) {
		if (ns % 1000000ull == 0)
			snprintf(out, n, "%" PRIu64 "%s", ns / UINT64_C(1000000), ms);
		else
			snprintf(out, n, "%.1f%s", (double)ns / 1e6, ms);
		return;
	}
	if (ns % 1000000000ull == 0) {
		snprintf(out, n, "%" PRIu64 "%s", ns / UINT64_C(1000000000), s);
		return;
	}
	char num[32];
	snprintf(num, sizeof num, "%.3f", (double)ns / 1e9);
	size_t k = strlen(num);
	while (k > 0 && num[k - 1] == '0')
		num[--k] = 0;
	snprintf(out, n, "%s%s", num, s);
}

void setv_time(struct ctx *c, enum var v, uint64_t ns)
{
	char d[48];
	duration(c, ns, d, sizeof d);
	setv(c, v, "%s", d);
}

void setv_duration(struct ctx *c, uint64_t ns) { setv_time(c, V_DUR, ns); }

/* An engine's reason in the explanation's language. */
static const char *reason_text(const struct ctx *c, synack_reason r)
{
	return zh(c) ? synack_reason_text_zh(r) : synack_reason_text(r);
}

/* --------------------------------------------------------------- output */

struct out {
	char *buf;
	size_t cap, used; /* used < cap always: room for the NUL */
	bool full;
};

/* Appends n bytes of s; what does not fit is cut at a UTF-8 character
 * boundary, and nothing more is appended after a cut. */
static void put(struct out *o, const char *s, size_t n)
{
	if (o->full)
		return;
	size_t room = o->cap - 1 - o->used;
	if (n > room) {
		n = room;
		/* back up to the first byte of the character that does not fit */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		o->full = true;
	}
	memcpy(o->buf + o->used, s, n);
	o->used += n;
	o->buf[o->used] = 0;
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }

/* Expands a template: "{name}" is replaced by the variable's value. */
static void expand(struct out *o, const struct ctx *c, const char *t)
{
	while (*t && !o->full) {
		const char *b = strchr(t, '{');
		if (!b) {
			puts_(o, t);
			return;
		}
		put(o, t, (size_t)(b - t));
		const char *e = strchr(b, '}');
		if (!e) {
			puts_(o, b);
			return;
		}
		size_t n = (size_t)(e - b - 1);
		int v = 0;
		while (v < V_COUNT && !(strlen(var_names[v]) == n && !memcmp(var_names[v], b + 1, n)))
			v++;
		if (v < V_COUNT)
			puts_(o, c->var[v]);
		else
			put(o, b, (size_t)(e - b + 1)); /* not a variable: kept as written */
		t = e + 1;
	}
}

void say(struct out *o, const struct ctx *c, const struct text *t)
{
	if (!t)
		return;
	if (o->used && !zh(c))
		puts_(o, " ");
	expand(o, c, zh(c) ? t->zh : t->en);
}

/* ----------------------------------------------------------------- rows */

static bool ep_eq(const synack_endpoint *a, const synack_endpoint *b)
{
	return a->port == b->port && synack_addr_equal(&a->addr, &b->addr);
}

bool on_conn(const struct ctx *c, const struct ladder_row *r)
{
	if (!c->has_key || !is_seg(r))
		return false;
	const synack_segment *a = &r->seg, *k = &c->key;
	return (ep_eq(&a->src, &k->src) && ep_eq(&a->dst, &k->dst)) ||
	       (ep_eq(&a->src, &k->dst) && ep_eq(&a->dst, &k->src));
}

synack_state state_before(const struct ctx *c, int side, uint64_t t)
{
	synack_state best = SYNACK_STATE_COUNT;
	uint64_t bt = 0;
	bool found = false;
	for (unsigned j = c->lo; j < c->hi; j++) {
		const struct ladder_row *r = row(c, j);
		uint64_t when;
		synack_state st;
		if (j == c->i)
			continue;
		if (r->note) {
			if (r->from != side)
				continue;
			when = r->sent;
			st = r->note_to;
		} else if (!on_conn(c, r)) {
			continue;
		} else if (r->from == side) {
			if (ladder_side_opaque(c->l, side))
				continue;
			when = r->sent;
			st = r->sender_state;
		} else {
			if (!arrived(r) || !r->receiver_known)
				continue;
			when = r->arrived;
			st = r->receiver_state;
		}
		if (when > t || (when == t && j > c->i))
			continue;
		if (!found || when >= bt) {
			best = st;
			bt = when;
			found = true;
		}
	}
	return best;
}

long trigger(const struct ctx *c)
{
	long best = -1;
	for (unsigned j = c->lo; j < c->hi; j++) {
		const struct ladder_row *r = row(c, j);
		if (j != c->i && on_conn(c, r) && r->from == c->rv && r->arrived == c->r->sent &&
		    arrived_before(r, c->r) &&
		    (best < 0 || r->arrived_order > row(c, (unsigned)best)->arrived_order))
			best = (long)j;
	}
	return best;
}

unsigned copies(const struct ctx *c, uint64_t *last_sent)
{
	const synack_segment *g = &c->r->seg;
	unsigned n = 0;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (!on_conn(c, r) || r->from != c->s || has(r, SYNACK_TH_RST))
			continue;
		const synack_segment *h = &r->seg;
		bool same;
		if (g->flags & SYNACK_TH_SYN)
			same = (h->flags & (SYNACK_TH_SYN | SYNACK_TH_ACK)) ==
				       (g->flags & (SYNACK_TH_SYN | SYNACK_TH_ACK)) &&
			       h->seq == g->seq;
		else if (g->len)
			same = h->len && h->seq == g->seq;
		else if (g->flags & SYNACK_TH_FIN)
			same = (h->flags & SYNACK_TH_FIN) && h->seq + h->len == g->seq;
		else
			same = false;
		if (same) {
			n++;
			*last_sent = r->sent;
		}
	}
	return n;
}

/* ---------------------------------------------------------- the context */

/* Roles and the incarnation: the latest SYN at or before row i starts it
 * (moved back to the first copy of that SYN); its sender is the client,
 * unless the other side sent a SYN too before any answer (simultaneous
 * open). */
static void find_roles(struct ctx *c)
{
	long js = -1;
	c->client = -1;
	c->simul = false;
	c->start = c->lo;
	for (unsigned j = c->i + 1; j-- > c->lo;)
		if (on_conn(c, row(c, j)) && own_syn(row(c, j))) {
			js = (long)j;
			break;
		}
	if (js < 0) {
		for (unsigned j = 0; j < c->lo; j++)
			if (on_conn(c, row(c, j)) && own_syn(row(c, j)))
				js = (long)j;
		if (js < 0)
			return;
		c->client = row(c, (unsigned)js)->from;
	} else {
		const struct ladder_row *syn = row(c, (unsigned)js);
		c->client = syn->from;
		for (unsigned j = (unsigned)js; j-- > c->lo;) {
			const struct ladder_row *r = row(c, j);
			if (!on_conn(c, r) || r->from != syn->from || !own_syn(r))
				continue;
			if (r->seg.seq != syn->seg.seq)
				break; /* an earlier attempt */
			js = (long)j;
		}
		c->start = (unsigned)js;
	}
	/* the SYNs around it, before any other segment: both sides? */
	for (int dir = -1; dir <= 1; dir += 2) {
		for (long j = js + dir; j >= 0 && j < (long)c->n; j += dir) {
			const struct ladder_row *r = row(c, (unsigned)j);
			if (!on_conn(c, r))
				continue;
			if (!bare_syn(r))
				break;
			if (r->from != c->client) {
				c->simul = true;
				/* the incarnation starts at the first of the crossing SYNs */
				if (dir < 0 && (unsigned)j < c->start)
					c->start = (unsigned)j;
			}
		}
	}
}

/* The first FIN of each side since the incarnation began. */
static void find_fins(struct ctx *c)
{
	for (int k = 0; k < 2; k++)
		c->have_fin[k] = false;
	for (unsigned j = c->start; j < c->i; j++) {
		const struct ladder_row *r = row(c, j);
		if (!on_conn(c, r) || !has(r, SYNACK_TH_FIN) || has(r, SYNACK_TH_RST) ||
		    c->have_fin[r->from])
			continue;
		c->have_fin[r->from] = true;
		c->fin[r->from] = r->seg.seq + r->seg.len + !!has(r, SYNACK_TH_SYN);
		c->fin_row[r->from] = j;
	}
}

/* "client"/"server" by role, else the first word of the side's name. */
static void label(const struct ctx *c, int side, char *out, size_t n)
{
	const char *word = NULL;
	if (c->client >= 0 && !c->simul)
		word = side == c->client ? "client" : "server";
	char name[64];
	if (!word) {
		const char *full = ladder_side_name(c->l, side);
		const char *other = ladder_side_name(c->l, 1 - side);
		if (!full)
			full = side == 0 ? "left side" : "right side";
		size_t k = strcspn(full, " ");
		/* two sides whose names start alike keep their whole names */
		if (other && strncmp(full, other, k) == 0 && (other[k] == ' ' || other[k] == 0))
			k = strlen(full);
		if (k >= sizeof name)
			k = sizeof name - 1;
		memcpy(name, full, k);
		name[k] = 0;
		word = name;
	}
	if (zh(c) && !strcmp(word, "client"))
		word = "客户端";
	else if (zh(c) && !strcmp(word, "server"))
		word = "服务器";
	snprintf(out, n, "%s", word);
}

static const char *state_or(synack_state s, const char *fallback)
{
	return s < SYNACK_STATE_COUNT ? synack_state_name(s) : fallback;
}

/* "1 (absolute 1653473475)", or just the absolute number */
static void setv_both(struct ctx *c, enum var v, bool rel_known, uint32_t rel, uint32_t abs)
{
	if (rel_known)
		setv(c, v, zh(c) ? "%" PRIu32 "（绝对值 %" PRIu32 "）" : "%" PRIu32 " (absolute %" PRIu32 ")",
		     rel, abs);
	else
		setv(c, v, "%" PRIu32, abs);
}

/* Variables every segment sentence may use. */
static void segment_vars(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	uint32_t seq = r->rel_seq_known ? r->rel_seq : g->seq;
	uint32_t ack = r->rel_ack_known ? r->rel_ack : g->ack;
	uint32_t syn = !!(g->flags & SYNACK_TH_SYN), fin = !!(g->flags & SYNACK_TH_FIN);
	setv(c, V_SEQ, "%" PRIu32, seq);
	setv(c, V_ACK, "%" PRIu32, ack);
	setv(c, V_SEQABS, "%" PRIu32, g->seq);
	setv(c, V_ACKABS, "%" PRIu32, g->ack);
	setv_both(c, V_SEQBOTH, r->rel_seq_known, seq, g->seq);
	setv_both(c, V_ACKBOTH, r->rel_ack_known, ack, g->ack);
	/* what the receiver's newest attempt waits for: its ISN + 1 */
	setv(c, V_WANT, "%" PRIu32, r->newest_isn_ack + 1);
	setv(c, V_LEN, "%" PRIu32, g->len);
	setv(c, V_LAST, "%" PRIu32, seq + syn + g->len - 1);
	setv(c, V_NEXT, "%" PRIu32, seq + syn + g->len + fin);
	setv(c, V_FIN, "%" PRIu32, seq + syn + g->len);
	setv(c, V_SPORT, "%u", g->src.port);
	setv(c, V_DPORT, "%u", g->dst.port);
	setv(c, V_REASON, "%s", reason_text(c, r->drop_reason));
	bool sop = ladder_side_opaque(c->l, c->s);
	setv(c, V_ST, "%s", sop ? "" : synack_state_name(r->sender_state));
	setv(c, V_SPREV, "%s", state_or(state_before(c, c->s, r->sent), ""));
	if (r->receiver_known)
		setv(c, V_RST, "%s", synack_state_name(r->receiver_state));
	if (arrived(r))
		setv(c, V_RPREV, "%s", state_or(state_before(c, c->rv, r->arrived), "ESTABLISHED"));
	options_vars(c);
}

/* ---------------------------------------------------- the sender's side */

/* A segment with data, or a probe: the engine's reason names the
 * retransmissions and probes; the rest is new data (or the handshake's
 * third segment carrying some). */
static const struct text *data_row(struct ctx *c, enum kind *k)
{
	uint64_t prev = 0;
	*k = K_DATA;
	switch (c->r->why) {
	case SYNACK_R_ZERO_WINDOW_PROBE:
		*k = K_ZWP;
		return data_probe(c);
	case SYNACK_R_TAIL_LOSS_PROBE:
	case SYNACK_R_FAST_REXMIT:
	case SYNACK_R_SACK_LOST:
	case SYNACK_R_SACK_HOLE:
	case SYNACK_R_SACK_RESCUE:
	case SYNACK_R_SACK_HOLE_REXMIT:
	case SYNACK_R_LOST_REXMIT:
	case SYNACK_R_PARTIAL_ACK_REXMIT:
	case SYNACK_R_REXMIT:
		return rexmit_sent(c);
	case SYNACK_R_NONE: /* an opaque sender: a copy of bytes it sent before */
		if (copies(c, &prev))
			return rexmit_sent(c);
		break;
	default:
		break;
	}
	if (is_handshake_ack(c))
		return handshake_third(c, k);
	return data_new(c);
}

/* A segment with no SYN, FIN, RST or data. */
static const struct text *ack_row(struct ctx *c, enum kind *k)
{
	const struct ladder_row *r = c->r;
	*k = K_ACK;
	switch (r->why) {
	case SYNACK_R_CHALLENGE_ACK:
		*k = K_OTHER;
		return data_challenge();
	case SYNACK_R_KEEPALIVE_PROBE:
		*k = K_KEEPALIVE;
		return data_probe(c);
	default:
		break;
	}
	if (is_handshake_ack(c))
		return handshake_third(c, k);
	if (c->have_fin[c->rv] && r->seg.ack == c->fin[c->rv] + 1) {
		*k = K_ACK_FIN;
		return close_fin_ack(c);
	}
	if (is_reack_of_synack(c))
		*k = K_THIRD; /* so what its loss leads to is the third ACK's */
	return data_ack(c);
}

/* Why the row was sent; *k: what kind of segment it is. */
static const struct text *sender_text(struct ctx *c, enum kind *k)
{
	const struct ladder_row *r = c->r;
	*k = K_OTHER;
	if (has(r, SYNACK_TH_RST)) {
		*k = K_RST;
		return close_rst(c);
	}
	if (bare_syn(r)) {
		*k = K_SYN;
		return handshake_syn(c);
	}
	if (is_synack(r)) {
		*k = K_SYNACK;
		return handshake_synack(c);
	}
	if (!has(r, SYNACK_TH_ACK))
		return NULL;
	if (has(r, SYNACK_TH_FIN)) {
		/* a FIN riding on a retransmission keeps the retransmission's reason */
		if (r->seg.len && is_recovery_rexmit(r->why))
			return data_row(c, k);
		*k = K_FIN;
		return close_fin(c);
	}
	if (r->seg.len)
		return data_row(c, k);
	return ack_row(c, k);
}

/* -------------------------------------------------- the receiver's side */

static const struct text lost_generic = {
	"The segment is lost on the way; the {R} never sees it.",
	"这个报文段在途中丢失，{R}没有收到。",
};

static const struct text *lost_text(struct ctx *c, enum kind k)
{
	switch (k) {
	case K_SYN:
	case K_SYNACK:
	case K_THIRD:
		return handshake_lost(k);
	case K_THIRD_DATA:
	case K_DATA:
	case K_ZWP:
	case K_ACK:
	case K_KEEPALIVE:
		return data_lost(k);
	case K_ACK_FIN:
	case K_FIN:
	case K_RST:
		return close_lost(c, k);
	case K_OTHER:
		break;
	}
	return &lost_generic;
}

static const struct text recv_drop_generic = {
	"The {R} discards it ({reason}).",
	"{R}丢弃了它（{reason}）。",
};

/* The receiver discarded the row: its drop_reason picks the topic. */
static const struct text *dropped_text(struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	switch (r->drop_reason) {
	case SYNACK_R_DROP_DUPLICATE:
	case SYNACK_R_DROP_OUT_OF_WINDOW:
		/* an old copy: of a FIN that TIME-WAIT holds, of the SYN,ACK, or of data */
		if (has(r, SYNACK_TH_FIN) && r->receiver_known &&
		    r->receiver_state == SYNACK_TIME_WAIT)
			return close_dropped(c, k);
		if (k == K_SYNACK)
			return handshake_dropped(c, k);
		return data_dropped(c);
	case SYNACK_R_DROP_PAWS:
	case SYNACK_R_DROP_ACK_UNSENT:
	case SYNACK_R_DROP_ACK_TOO_OLD:
		return data_dropped(c);
	case SYNACK_R_DROP_BAD_ACK_SYN_SENT:
	case SYNACK_R_DROP_BAD_ACK_SYN_RECEIVED:
	case SYNACK_R_DROP_SYN_IN_SYN_RECEIVED:
	case SYNACK_R_DROP_SYN_CHALLENGE:
	case SYNACK_R_DROP_ACK_TO_LISTENER:
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_SYN:
	case SYNACK_R_DROP_SYN_QUEUE_FULL:
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_ACK:
	case SYNACK_R_DROP_ACCEPT_QUEUE_FULL_COOKIE:
	case SYNACK_R_DROP_SYN_DATA:
	case SYNACK_R_DROP_SYN_DATA_RESENT:
		return handshake_dropped(c, k);
	case SYNACK_R_DROP_NO_CONN:
	case SYNACK_R_DROP_RST_NOT_EXACT:
	case SYNACK_R_DROP_RST_OUT_OF_WINDOW:
	case SYNACK_R_DROP_RST_NO_CONN:
	case SYNACK_R_DROP_RST_BAD_ACK_SYN_SENT:
	case SYNACK_R_DROP_RST_NO_ACK_SYN_SENT:
	case SYNACK_R_DROP_RST_TO_LISTENER:
	case SYNACK_R_DROP_DATA_AFTER_CLOSE:
		return close_dropped(c, k);
	default:
		return &recv_drop_generic;
	}
}

/* The receiver took the row: its kind picks the topic. */
static const struct text *accepted_text(struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	struct receiver rx = {.opaque = ladder_side_opaque(c->l, c->rv)};
	rx.known = r->receiver_known && !rx.opaque;
	rx.after = rx.known ? r->receiver_state : SYNACK_STATE_COUNT;
	rx.before = state_before(c, c->rv, r->arrived);
	switch (k) {
	case K_SYN:
	case K_SYNACK:
	case K_THIRD:
	case K_THIRD_DATA:
		return handshake_accepted(c, k, &rx);
	case K_DATA:
	case K_ZWP:
	case K_KEEPALIVE:
	case K_ACK:
		return data_accepted(c, k, &rx);
	case K_ACK_FIN:
	case K_FIN:
	case K_RST:
		return close_accepted(c, k, &rx);
	case K_OTHER:
		break;
	}
	return NULL;
}

static const struct text *receiver_text(struct ctx *c, enum kind k)
{
	const struct ladder_row *r = c->r;
	if (!c->msg)
		return NULL;
	if (lost(r))
		return lost_text(c, k);
	if (!arrived(r))
		return NULL; /* still on its way */
	if (r->receiver_dropped)
		return dropped_text(c, k);
	return accepted_text(c, k);
}

/* ---------------------------------------------------------------- entry */

static const struct text note_flood = {
	"A SYN flood: an attacker sends SYNs with forged source addresses, drawn here as one "
	"row. Each SYN that finds room takes a half-open entry in SYN-RECEIVED; once the "
	"listener's queue is full, the {S} answers the rest with SYN cookies (RFC 4987) and "
	"keeps no state for them. Their SYN,ACKs go to addresses that never answer, so the "
	"half-open entries wait out their SYN,ACK retries, and a genuine client's SYN gets a "
	"cookie too. The listener itself stays in LISTEN.",
	"SYN 洪泛：攻击者用伪造的源地址发送大量 SYN，这里画成一行。每个找到空位的 SYN 都占用一个"
	"处于 SYN-RECEIVED 的半连接；监听队列满了以后，{S}用 SYN cookie 应答其余的 SYN"
	"（RFC 4987），不为它们保存任何状态。它们的 SYN,ACK 发往永远不会应答的地址，所以这些半"
	"连接要等到 SYN,ACK 重传次数用完才会消失，正常客户端的 SYN 也会得到 cookie。监听套接字"
	"本身始终处于 LISTEN。",
};

static void explain_note(struct ctx *c, struct out *o)
{
	const struct ladder_row *r = c->r;
	if (r->caption[0]) {
		label(c, c->s, c->var[V_S], VAR_LEN);
		if (r->note_reason == SYNACK_R_SYNACK_COOKIE)
			say(o, c, &note_flood);
		return;
	}
	/* the connection: the latest segment that left the side in the
	 * state the note starts from */
	for (unsigned j = c->i; j-- > c->lo;) {
		const struct ladder_row *h = row(c, j);
		if (!is_seg(h))
			continue;
		if ((h->from == c->s && h->sender_state == r->note_from) ||
		    (h->from != c->s && h->receiver_known && h->receiver_state == r->note_from)) {
			c->key = h->seg;
			c->has_key = true;
			break;
		}
	}
	if (c->has_key)
		find_roles(c);
	label(c, c->s, c->var[V_S], VAR_LEN);
	label(c, c->rv, c->var[V_R], VAR_LEN);
	setv(c, V_FROM, "%s", synack_state_name(r->note_from));
	setv(c, V_TO, "%s", synack_state_name(r->note_to));
	setv(c, V_REASON, "%s", reason_text(c, r->note_reason));
	timers_note(c, o);
}

void explain_row(const struct ladder *l, unsigned i, const struct explain_opts *opts,
		 char *buf, size_t len)
{
	if (!buf || len == 0)
		return;
	buf[0] = 0;
	if (!l || i >= ladder_count(l))
		return;
	static struct ctx zero;
	struct ctx c = zero;
	c.l = l;
	c.lang = opts && opts->lang == EXPLAIN_ZH ? EXPLAIN_ZH : EXPLAIN_EN;
	c.settings = opts ? opts->settings : NULL;
	c.i = i;
	c.n = ladder_count(l);
	c.r = ladder_row(l, i);
	c.lo = i > SCAN_BEFORE ? i - SCAN_BEFORE : 0;
	c.hi = c.n - i > SCAN_AFTER ? i + SCAN_AFTER : c.n;
	c.s = c.r->from ? 1 : 0;
	c.rv = 1 - c.s;
	c.client = -1;
	struct out o = {buf, len, 0, false};

	if (c.r->note) {
		explain_note(&c, &o);
		return;
	}
	if (!c.r->parsed)
		return;
	c.key = c.r->seg;
	c.has_key = true;
	find_roles(&c);
	find_fins(&c);
	for (unsigned j = c.start; j < i; j++) {
		const struct ladder_row *h = ladder_row(l, j);
		if (on_conn(&c, h) && h->why == SYNACK_R_SYNACK_COOKIE)
			c.cookie = true;
	}
	label(&c, c.s, c.var[V_S], VAR_LEN);
	label(&c, c.rv, c.var[V_R], VAR_LEN);
	segment_vars(&c);

	enum kind k;
	c.msg = sender_text(&c, &k);
	say(&o, &c, c.msg);
	say(&o, &c, c.then);
	say(&o, &c, receiver_text(&c, k));
	say(&o, &c, ecn_text(&c));
}

int explain_lang_parse(const char *name, enum explain_lang *out)
{
	if (!name || !out)
		return -1;
	if (!strcmp(name, "en")) {
		*out = EXPLAIN_EN;
		return 0;
	}
	if (!strcmp(name, "zh")) {
		*out = EXPLAIN_ZH;
		return 0;
	}
	return -1;
}
