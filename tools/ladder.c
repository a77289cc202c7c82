#include "ladder.h"

#include "cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONNS 64
#define COL_STATE 13
#define COL_SEG 56
#define DETAIL_INDENT (14 + COL_STATE + 4) /* where the detail lines start */
#define WIDTH LINE_WIDTH           /* columns, unless --wide */
#define WIDE_TEXT 76               /* the explanations' width in --wide */
#define RING 256 /* recent datagrams per side, looked up by number */

struct conn_state {
	uint32_t id;
	synack_state state;
	synack_reason call;  /* the application's close or shutdown, once made */
};

/* What a stack's SEGMENT_SENT event said of its datagram `datagram`, for
 * the row the link reports next with that number. */
struct sent_note {
	uint64_t datagram;
	synack_state state;
	synack_reason why;
	synack_reason call;
	uint64_t info_datagram;    /* the datagram `info` is for */
	synack_info info;
};

struct side {
	int node;
	const char *name;
	bool opaque;              /* a real host: its states are not known */
	struct conn_state conns[MAX_CONNS];
	unsigned nconns;
	struct isn_entry { uint16_t port, peer_port; uint32_t isn; } isns[MAX_CONNS];
	unsigned nisns;           /* relative numbers count from each connection's SYN */
	struct sent_note sent[RING];       /* by datagram number modulo RING */
	/* the row of each datagram this side received, by its number here */
	struct { uint64_t datagram; unsigned row; } received[RING];
	const char *inject_label[2];       /* ladder_label_injected */
};

struct ladder {
	struct side side[2];
	struct ladder_row *rows;
	unsigned nrows, cap;
	synack_pcap *pcap;
	uint64_t frames;          /* captured at the left side so far */
	ladder_explain_fn explain;
	void *explain_user;
	FILE *stream;             /* live mode: rows printed in order, once complete */
	bool stream_color;
	unsigned stream_next;     /* first row not printed yet */
	uint64_t order;           /* datagram events so far */
	enum ladder_lang lang;
	int width;                /* columns; 0: --wide, lines as long as they are */
	bool verbose;             /* rows show the sender's cwnd, RTT, ... */
};

struct style;
static void print_row(const struct ladder *l, const struct ladder_row *r, FILE *out,
		      const struct style *st);
static const struct style *style_of(bool color);

/* Rows are printed in the order they were sent, each once its fate is
 * known, so a segment and the answers it caused stay in order. */
static void stream_row(struct ladder *l, struct ladder_row *r)
{
	r->complete = true;
	if (!l->stream)
		return;
	while (l->stream_next < l->nrows && l->rows[l->stream_next].complete)
		print_row(l, &l->rows[l->stream_next++], l->stream, style_of(l->stream_color));
	fflush(l->stream);
}

void ladder_flush(struct ladder *l)
{
	if (!l->stream)
		return;
	while (l->stream_next < l->nrows)
		print_row(l, &l->rows[l->stream_next++], l->stream, style_of(l->stream_color));
	fflush(l->stream);
}

static int side_of(const struct ladder *l, int node)
{
	if (node == l->side[0].node)
		return 0;
	if (node == l->side[1].node)
		return 1;
	return -1;
}

static struct conn_state *conn_of(struct side *sd, uint32_t conn)
{
	for (unsigned i = 0; i < sd->nconns; i++)
		if (sd->conns[i].id == conn)
			return &sd->conns[i];
	if (sd->nconns == MAX_CONNS)
		return NULL;
	sd->conns[sd->nconns] = (struct conn_state){conn, SYNACK_CLOSED, SYNACK_R_NONE};
	return &sd->conns[sd->nconns++];
}

static synack_state *conn_slot(struct side *sd, uint32_t conn)
{
	struct conn_state *cs = conn_of(sd, conn);
	return cs ? &cs->state : NULL;
}

/* Every SYN a side sends on a port pair starts a connection attempt with
 * its own ISN (a retransmitted SYN carries the same one).  All are kept,
 * oldest first, so numbers answering an old attempt (an old duplicate
 * SYN) stay relative to that attempt, not to the newest one. */
static void isn_note(struct side *sd, const synack_segment *seg)
{
	for (unsigned i = 0; i < sd->nisns; i++)
		if (sd->isns[i].port == seg->src.port && sd->isns[i].peer_port == seg->dst.port &&
		    sd->isns[i].isn == seg->seq)
			return;
	if (sd->nisns == MAX_CONNS) { /* a long run: forget the oldest */
		memmove(&sd->isns[0], &sd->isns[1], (MAX_CONNS - 1) * sizeof sd->isns[0]);
		sd->nisns--;
	}
	sd->isns[sd->nisns++] = (struct isn_entry){seg->src.port, seg->dst.port, seg->seq};
}

/* The attempt a number on (port, peer_port) belongs to: the ISN it is
 * fewest sequence numbers past.  False if no SYN of that side was seen
 * there.  *newest: the ISN of the side's newest attempt there. */
static bool isn_of(const struct side *sd, uint16_t port, uint16_t peer_port, uint32_t value,
		   uint32_t *isn, uint32_t *newest)
{
	bool found = false;
	uint32_t best = 0;
	unsigned best_i = 0, last_i = 0;
	for (unsigned i = 0; i < sd->nisns; i++) {
		if (sd->isns[i].port != port || sd->isns[i].peer_port != peer_port)
			continue;
		last_i = i;
		uint32_t distance = value - sd->isns[i].isn;
		if (!found || distance < best) {
			found = true;
			best = distance;
			best_i = i;
		}
	}
	if (found) {
		*isn = sd->isns[best_i].isn;
		*newest = sd->isns[last_i].isn;
	}
	return found;
}

static struct ladder_row *new_row(struct ladder *l)
{
	if (l->nrows == l->cap) {
		unsigned cap = l->cap ? l->cap * 2 : 64;
		struct ladder_row *r = realloc(l->rows, cap * sizeof *r);
		if (!r)
			return NULL;
		l->rows = r;
		l->cap = cap;
	}
	struct ladder_row *r = &l->rows[l->nrows++];
	memset(r, 0, sizeof *r);
	return r;
}

static void add_note(struct ladder *l, int side, const synack_event *ev, synack_state to)
{
	struct ladder_row *r = new_row(l);
	if (!r)
		return;
	r->note = true;
	r->from = side;
	r->sent = ev->time;
	r->note_from = ev->from;
	r->note_to = to;
	r->note_reason = ev->reason;
	stream_row(l, r);
}

/* The row of the datagram a side's stack numbered `datagram` on
 * arrival, or NULL (not one the ladder saw delivered). */
static struct ladder_row *received_row(struct ladder *l, struct side *sd, uint64_t datagram)
{
	if (!datagram || sd->received[datagram % RING].datagram != datagram)
		return NULL;
	return &l->rows[sd->received[datagram % RING].row];
}

void ladder_event(struct ladder *l, int i, const synack_event *ev)
{
	struct side *sd = &l->side[i];
	struct ladder_row *r = received_row(l, sd, ev->cause);
	switch (ev->kind) {
	case SYNACK_EV_STATE: {
		synack_state to = ev->to;
		/* A passive open's half-open entry that goes away leaves its
		 * port as it was: in LISTEN (RFC 9293 "return to LISTEN"). */
		if (ev->reason == SYNACK_R_RST_IN_SYN_RECEIVED ||
		    ev->reason == SYNACK_R_SYN_IN_SYN_RECEIVED ||
		    ev->reason == SYNACK_R_HALF_OPEN_DROPPED)
			to = SYNACK_LISTEN;
		struct conn_state *cs = conn_of(sd, ev->conn);
		if (cs) {
			cs->state = to;
			if (ev->reason == SYNACK_R_CALL_CLOSE || ev->reason == SYNACK_R_CALL_SHUTDOWN_WR)
				cs->call = ev->reason;
		}
		if (ev->trigger == SYNACK_BY_TIMER)
			add_note(l, i, ev, to);
		break;
	}
	case SYNACK_EV_SEGMENT_SENT: {
		/* a SYN answered with a cookie was taken by the listener alone */
		if (ev->reason == SYNACK_R_SYNACK_COOKIE && r && !r->receiver_known) {
			r->receiver_known = true;
			r->receiver_state = SYNACK_LISTEN;
		}
		struct conn_state *cs = ev->conn ? conn_of(sd, ev->conn) : NULL;
		struct sent_note *n = &sd->sent[ev->datagram % RING];
		n->datagram = ev->datagram;
		n->state = ev->from;
		n->why = ev->reason;
		n->call = cs ? cs->call : SYNACK_R_NONE;
		break;
	}
	case SYNACK_EV_SEGMENT_RECEIVED:
		if (r && ev->conn)
			r->receiver_conn = ev->conn;
		break;
	case SYNACK_EV_SEGMENT_DROPPED:
		if (!r)
			break;
		if (ev->conn)
			r->receiver_conn = ev->conn;
		r->receiver_dropped = true;
		r->drop_reason = ev->reason;
		break;
	case SYNACK_EV_READY:
		break;
	}
}

static void observer(void *user, int node, const synack_event *ev)
{
	struct ladder *l = user;
	int i = side_of(l, node);
	if (i >= 0)
		ladder_event(l, i, ev);
}

void ladder_label_injected(struct ladder *l, int side, const char *en, const char *zh)
{
	if (side < 0 || side > 1)
		return;
	l->side[side].inject_label[0] = en;
	l->side[side].inject_label[1] = zh;
}

/* RFC 3168 5: the low two bits of the IPv4 TOS byte or the IPv6 traffic
 * class. */
static uint8_t ip_ecn(const uint8_t *pkt, size_t len)
{
	if (len >= 20 && pkt[0] >> 4 == 4)
		return pkt[1] & 3;
	if (len >= 40 && pkt[0] >> 4 == 6)
		return pkt[1] >> 4 & 3;
	return 0;
}

const char *ladder_ecn_name(uint8_t ecn)
{
	static const char *const names[] = {"Not-ECT", "ECT(1)", "ECT(0)", "CE"};
	return names[ecn & 3];
}

static struct ladder_row *find_row(struct ladder *l, uint64_t id)
{
	for (unsigned i = l->nrows; i-- > 0;)
		if (!l->rows[i].note && l->rows[i].id == id)
			return &l->rows[i];
	return NULL;
}

/* The left side's capture: what it sends as it leaves, what reaches it
 * as it arrives (segments lost on the way to it are not seen, as on a
 * real host).  Returns the frame number. */
static uint64_t capture(struct ladder *l, const synack_sim_datagram *d)
{
	if (l->pcap)
		synack_pcap_write(l->pcap, d->time, d->pkt, d->len);
	return ++l->frames;
}

static void datagram_sent(struct ladder *l, const synack_sim_datagram *d)
{
	int a = d->from, b = 1 - a;
	struct ladder_row *r = new_row(l);
	if (!r)
		return;
	struct side *sd = &l->side[a];
	r->id = d->id;
	r->sent = d->time;
	r->sent_order = ++l->order;
	r->arrived = UINT64_MAX;
	r->from = a;
	r->fate = SYNACK_SIM_SENT;
	r->sender_datagram = d->sender_datagram;
	if (a == 0)
		r->frame = capture(l, d);
	r->parsed = synack_segment_parse(d->pkt, d->len, &r->seg) == SYNACK_OK;
	r->ecn_sent = ip_ecn(d->pkt, d->len);
	const struct sent_note *note = &sd->sent[d->sender_datagram % RING];
	if (!sd->opaque && d->sender_datagram == 0) {
		/* no stack sent it: the caller crafted it */
		r->injected = true;
		r->injected_label[0] = sd->inject_label[0];
		r->injected_label[1] = sd->inject_label[1];
	} else if (d->sender_datagram && note->datagram == d->sender_datagram) {
		r->sender_state = note->state;
		r->why = note->why;
		r->app_call = note->call;
	}
	if (d->sender_datagram && note->info_datagram == d->sender_datagram) {
		const synack_info *in = &note->info;
		r->info_known = true;
		r->cwnd = in->cwnd;
		r->ssthresh = in->ssthresh;
		r->rcv_wnd = in->rcv_wnd;
		r->in_flight = in->bytes_in_flight;
		r->srtt_ns = in->srtt_ns;
		r->rttvar_ns = in->rttvar_ns;
		r->rto_ns = in->rto_ns;
	}
	if (r->parsed && (r->seg.flags & SYNACK_TH_SYN))
		isn_note(sd, &r->seg);
	if (r->parsed) {
		const synack_segment *g = &r->seg;
		uint32_t newest;
		if ((r->rel_seq_known = isn_of(sd, g->src.port, g->dst.port, g->seq, &r->isn_seq,
					       &newest))) {
			r->rel_seq = g->seq - r->isn_seq;
			r->seq_old_attempt = r->isn_seq != newest;
		}
		if ((r->rel_ack_known = isn_of(&l->side[b], g->dst.port, g->src.port, g->ack,
					       &r->isn_ack, &r->newest_isn_ack))) {
			r->rel_ack = g->ack - r->isn_ack;
			r->ack_old_attempt = r->isn_ack != r->newest_isn_ack;
		}
	}
}

void ladder_count_frame(struct ladder *l) { l->frames++; }

static char *copy(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

void ladder_add_caption(struct ladder *l, int side, uint64_t time, synack_state state,
			synack_reason reason, const char *en, const char *zh)
{
	if (side < 0 || side > 1)
		return;
	struct ladder_row *r = new_row(l);
	if (!r)
		return;
	r->note = true;
	r->from = side;
	r->sent = time;
	r->note_from = r->note_to = state;
	r->note_reason = reason;
	r->caption[0] = copy(en);
	r->caption[1] = copy(zh ? zh : en);
	stream_row(l, r);
}

void ladder_datagram(struct ladder *l, const synack_sim_datagram *d)
{
	if (d->from < 0 || d->from > 1)
		return;
	if (d->fate == SYNACK_SIM_SENT) {
		datagram_sent(l, d);
		return;
	}
	struct ladder_row *r = find_row(l, d->id);
	if (!r)
		return;
	struct side *rx = &l->side[1 - d->from];
	switch (d->fate) {
	case SYNACK_SIM_LOST:
	case SYNACK_SIM_DROPPED:
		r->fate = d->fate;
		stream_row(l, r);
		break;
	case SYNACK_SIM_DELIVERED: {
		uint64_t frame = d->from == 1 ? capture(l, d) : 0;
		if (r->deliveries++ > 0)
			break; /* the duplicate's effect is the first copy's row */
		r->arrived = d->time;
		r->ecn_arrived = ip_ecn(d->pkt, d->len);
		r->arrived_order = ++l->order;
		if (frame)
			r->frame = frame;
		r->receiver_datagram = d->receiver_datagram;
		if (d->receiver_datagram) {
			rx->received[d->receiver_datagram % RING].datagram = d->receiver_datagram;
			rx->received[d->receiver_datagram % RING].row = (unsigned)(r - l->rows);
		}
		if (rx->opaque)
			stream_row(l, r);
		break;
	}
	case SYNACK_SIM_PROCESSED:
		if (r->deliveries > 1 || r->complete)
			break;
		if (r->receiver_conn) {
			synack_state *st = conn_slot(rx, r->receiver_conn);
			r->receiver_state = st ? *st : SYNACK_CLOSED;
			r->receiver_known = true;
		}
		stream_row(l, r);
		break;
	default:
		break;
	}
}

static void sim_tap(void *user, const synack_sim_datagram *d)
{
	struct ladder *l = user;
	synack_sim_datagram s = *d;
	s.from = side_of(l, d->from);
	s.to = side_of(l, d->to);
	if (s.from >= 0 && s.to >= 0)
		ladder_datagram(l, &s);
}

struct ladder *ladder_new_detached(const char *name_a, const char *name_b, bool b_opaque)
{
	struct ladder *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->width = WIDTH;
	l->side[0].node = 0;
	l->side[0].name = name_a;
	l->side[1].node = 1;
	l->side[1].name = name_b;
	l->side[1].opaque = b_opaque;
	return l;
}

struct ladder *ladder_new(synack_sim *sim, int a, int b, const char *name_a, const char *name_b)
{
	struct ladder *l = ladder_new_detached(name_a, name_b, false);
	if (!l)
		return NULL;
	l->side[0].node = a;
	l->side[1].node = b;
	synack_sim_set_tap(sim, sim_tap, l);
	synack_sim_set_observer(sim, observer, l);
	return l;
}

void ladder_set_stream(struct ladder *l, FILE *out, bool color)
{
	l->stream = out;
	l->stream_color = color;
	if (out)
		ladder_print_header(l, out, color);
}

void ladder_free(struct ladder *l)
{
	if (!l)
		return;
	for (unsigned i = 0; i < l->nrows; i++) {
		free(l->rows[i].caption[0]);
		free(l->rows[i].caption[1]);
	}
	free(l->rows);
	free(l);
}

void ladder_set_pcap(struct ladder *l, synack_pcap *p) { l->pcap = p; }
void ladder_set_wide(struct ladder *l, bool wide) { l->width = wide ? 0 : WIDTH; }
void ladder_set_verbose(struct ladder *l, bool verbose) { l->verbose = verbose; }

void ladder_sender_info(struct ladder *l, int side, uint64_t datagram, const synack_info *info)
{
	if (side < 0 || side > 1 || !datagram)
		return;
	struct sent_note *n = &l->side[side].sent[datagram % RING];
	n->info_datagram = datagram;
	n->info = *info;
}
void ladder_set_lang(struct ladder *l, enum ladder_lang lang) { l->lang = lang; }

void ladder_set_explain(struct ladder *l, ladder_explain_fn fn, void *user)
{
	l->explain = fn;
	l->explain_user = user;
}
unsigned ladder_count(const struct ladder *l) { return l->nrows; }
const struct ladder_row *ladder_row(const struct ladder *l, unsigned i) { return &l->rows[i]; }
const char *ladder_side_name(const struct ladder *l, int side) { return l->side[side].name; }
bool ladder_side_opaque(const struct ladder *l, int side) { return l->side[side].opaque; }

unsigned ladder_rows(const struct ladder *l)
{
	unsigned n = 0;
	for (unsigned i = 0; i < l->nrows; i++)
		n += !l->rows[i].note;
	return n;
}

/* ------------------------------------------------------------- printing */


struct style {
	const char *reset, *dim, *bold, *red, *green, *yellow, *cyan, *magenta;
};

static const struct style plain = {"", "", "", "", "", "", "", ""};
static const struct style ansi = {"\033[0m", "\033[2m", "\033[1m", "\033[31m",
				  "\033[32m", "\033[33m", "\033[36m", "\033[35m"};

static const char *flag_color(const struct style *st, uint8_t flags, uint32_t len)
{
	if (flags & SYNACK_TH_RST)
		return st->red;
	if (flags & SYNACK_TH_SYN)
		return st->green;
	if (flags & SYNACK_TH_FIN)
		return st->yellow;
	if (len)
		return st->cyan;
	return st->reset;
}

void ladder_options_text(const synack_segment *s, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = 0;
#define ADD(...)                                                            \
	do {                                                                \
		int w_ = snprintf(buf + k, n - k, "%s", k ? "," : "");      \
		if (w_ > 0 && (size_t)w_ < n - k)                           \
			k += (size_t)w_;                                    \
		w_ = snprintf(buf + k, n - k, __VA_ARGS__);                 \
		if (w_ > 0 && (size_t)w_ < n - k)                           \
			k += (size_t)w_;                                    \
	} while (0)
	if (s->mss)
		ADD("mss %u", s->mss);
	if (s->sack_permitted)
		ADD("sackOK");
	if (s->has_ts)
		ADD("TS val %" PRIu32 " ecr %" PRIu32, s->tsval, s->tsecr);
	if (s->wscale >= 0)
		ADD("wscale %d", s->wscale);
	for (int i = 0; i < s->sack_count; i++)
		ADD("sack %" PRIu32 "-%" PRIu32, s->sack[i][0], s->sack[i][1]);
#undef ADD
}

static void pad(FILE *out, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', out);
}

/* Columns a terminal gives `text`, which is not its length: a Chinese
 * character is three bytes of UTF-8 and two columns. */
static int width(const char *text) { return cli_text_width(text); }

/* Prints `text` followed by spaces up to width `col`. */
static void cell(FILE *out, const char *pre, const char *text, const char *post, int col)
{
	fprintf(out, "%s%s%s", pre, text, post);
	pad(out, col - width(text));
}

static bool zh(const struct ladder *l) { return l->lang == LADDER_ZH; }

/* An engine's reason in the ladder's language. */
static const char *reason(const struct ladder *l, synack_reason r)
{
	return zh(l) ? synack_reason_text_zh(r) : synack_reason_text(r);
}

const char *ladder_why_text(const struct ladder_row *r, enum ladder_lang lang)
{
	if (r->injected)
		return r->injected_label[lang == LADDER_ZH];
	switch (r->why) {
	case SYNACK_R_NONE: /* the flags say it all */
	case SYNACK_R_SYN:
	case SYNACK_R_SYNACK:
	case SYNACK_R_ACK:
	case SYNACK_R_DATA:
	case SYNACK_R_FIN:
		return NULL;
	default:
		return lang == LADDER_ZH ? synack_reason_text_zh(r->why) : synack_reason_text(r->why);
	}
}

bool ladder_attempt_text(const struct ladder_row *r, enum ladder_lang lang, char *buf, size_t n)
{
	bool zh = lang == LADDER_ZH;
	if (r->seq_old_attempt && r->ack_old_attempt)
		snprintf(buf, n,
			 zh ? "seq 与 ack 从较早的 SYN 起算：ISN %" PRIu32 "，%" PRIu32
			    : "seq and ack count from earlier SYNs: ISN %" PRIu32 ", %" PRIu32,
			 r->isn_seq, r->isn_ack);
	else if (r->seq_old_attempt || r->ack_old_attempt)
		snprintf(buf, n,
			 zh ? "%s 从较早的 SYN 起算：ISN %" PRIu32
			    : "%s counts from an earlier SYN: ISN %" PRIu32,
			 r->seq_old_attempt ? "seq" : "ack",
			 r->seq_old_attempt ? r->isn_seq : r->isn_ack);
	else
		return false;
	return true;
}

/* --explain: the text wrapped under the row, indented like its details;
 * lines break at spaces, or between CJK characters (Chinese has no
 * spaces), never inside a UTF-8 character. */
/* The explanations' right edge. */
static int text_width(const struct ladder *l)
{
	return l->width ? l->width : DETAIL_INDENT + WIDE_TEXT;
}

static void print_explanation(const struct ladder *l, const struct ladder_row *r, FILE *out,
			      const struct style *st)
{
	if (!l->explain)
		return;
	char text[2048];
	text[0] = 0;
	l->explain(l, (unsigned)(r - l->rows), l->explain_user, text, sizeof text);
	if (text[0])
		cli_wrap(out, text, DETAIL_INDENT, text_width(l), st->cyan, st->reset);
}

/* "1.5 ms", "200 ms", "-" for no sample yet */
static void ms_text(uint64_t ns, char *buf, size_t n)
{
	if (!ns)
		snprintf(buf, n, "-");
	else if (ns % 1000000 == 0)
		snprintf(buf, n, "%" PRIu64 " ms", ns / 1000000);
	else
		snprintf(buf, n, "%.1f ms", (double)ns / 1e6);
}

void ladder_info_text(const struct ladder_row *r, char *rtt, size_t rn, char *win, size_t wn)
{
	char srtt[24], var[24], rto[24];
	ms_text(r->srtt_ns, srtt, sizeof srtt);
	ms_text(r->rttvar_ns, var, sizeof var);
	ms_text(r->rto_ns, rto, sizeof rto);
	snprintf(rtt, rn, "srtt %s rttvar %s rto %s", srtt, var, rto);
	win[0] = 0;
	if (!r->cwnd) /* before ESTABLISHED: no congestion control yet */
		return;
	char ss[16];
	if (r->ssthresh >= 1u << 30) /* RFC 5681's "arbitrarily high" */
		snprintf(ss, sizeof ss, "\u221e");
	else
		snprintf(ss, sizeof ss, "%" PRIu32, r->ssthresh);
	snprintf(win, wn, "cwnd %" PRIu32 " ssthresh %s in flight %" PRIu32 " rwnd %" PRIu32, r->cwnd,
		 ss, r->in_flight, r->rcv_wnd);
}

/* The detail line under a row: items two spaces apart, carried to a
 * new line (indented like the first) where the next would pass the
 * ladder's width; an item wider than a whole line is wrapped on its own. */
struct detail {
	FILE *out;
	const struct style *st;
	int width;                 /* 0: one line, however long */
	int col;                   /* the cursor's column; 0: at a line's start */
	bool any;                  /* an item is on the current line */
};

static void detail_item(struct detail *d, const char *text, const char *color)
{
	int w = cli_text_width(text);
	if (d->width && DETAIL_INDENT + w > d->width) { /* on lines of its own */
		if (d->col)
			fputc('\n', d->out);
		cli_wrap(d->out, text, DETAIL_INDENT, d->width, color, d->st->reset);
		d->col = 0;
		d->any = false;
		return;
	}
	if (d->width && d->any && d->col + 2 + w > d->width) {
		fputc('\n', d->out);
		d->col = 0;
		d->any = false;
	}
	if (d->col == 0) {
		pad(d->out, DETAIL_INDENT);
		d->col = DETAIL_INDENT;
	}
	fprintf(d->out, "%s%s%s%s", d->any ? "  " : "", color, text, d->st->reset);
	d->col += (d->any ? 2 : 0) + w;
	d->any = true;
}

static void detail_end(struct detail *d)
{
	if (d->col)
		fputc('\n', d->out);
}

static void print_note(const struct ladder *l, const struct ladder_row *r, FILE *out,
		       const struct style *st)
{
	char text[192];
	if (r->caption[zh(l)])
		snprintf(text, sizeof text, "%s", r->caption[zh(l)]);
	else
		snprintf(text, sizeof text, zh(l) ? "%s -> %s（%s）" : "%s -> %s (%s)",
			 synack_state_name(r->note_from), synack_state_name(r->note_to),
			 reason(l, r->note_reason));
	fprintf(out, " %10.6f   ", (double)r->sent / 1e9);
	/* too long beside the state: the state alone, the text under it */
	/* a right side's note ends where the arrows do, its state under theirs */
	int room = r->from == 0 ? l->width - (14 + COL_STATE + 1) : COL_SEG - 2;
	if (l->width && width(text) > room) {
		if (r->from == 0) {
			fprintf(out, "%s%s%s\n", st->bold, synack_state_name(r->note_to), st->reset);
		} else {
			pad(out, COL_STATE + COL_SEG + 1);
			fprintf(out, "%s%s%s\n", st->bold, synack_state_name(r->note_to), st->reset);
		}
		cli_wrap(out, text, DETAIL_INDENT, l->width, st->magenta, st->reset);
		return;
	}
	if (r->from == 0) {
		cell(out, st->bold, synack_state_name(r->note_to), st->reset, COL_STATE);
		fprintf(out, " %s%s%s\n", st->magenta, text, st->reset);
	} else {
		pad(out, COL_STATE);
		fprintf(out, " %s", st->magenta);
		pad(out, COL_SEG - 1 - width(text));
		fprintf(out, "%s%s  %s%s%s\n", text, st->reset, st->bold,
			synack_state_name(r->note_to), st->reset);
	}
}

static void print_row(const struct ladder *l, const struct ladder_row *r, FILE *out,
		      const struct style *st)
{
	if (r->note) {
		print_note(l, r, out, st);
		print_explanation(l, r, out, st);
		return;
	}
	const struct side *snd = &l->side[r->from], *rcv = &l->side[1 - r->from];
	char seg[160], flags[40];
	const synack_segment *s = &r->seg;
	if (!r->parsed) {
		snprintf(seg, sizeof seg, "%s",
			 zh(l) ? "（不是 TCP 报文段）" : "(not a TCP segment)");
	} else {
		synack_flags_format(s->flags, flags, sizeof flags);
		uint32_t rseq = r->rel_seq_known ? r->rel_seq : s->seq;
		int k = snprintf(seg, sizeof seg, "%s seq=%" PRIu32, flags, rseq);
		if ((s->flags & SYNACK_TH_ACK) && k > 0 && (size_t)k < sizeof seg)
			k += snprintf(seg + k, sizeof seg - (size_t)k, " ack=%" PRIu32,
				      r->rel_ack_known ? r->rel_ack : s->ack);
		if (k > 0 && (size_t)k < sizeof seg)
			snprintf(seg + k, sizeof seg - (size_t)k, " win=%u len=%" PRIu32, s->window,
				 s->len);
	}
	bool lost = r->fate == SYNACK_SIM_LOST || r->fate == SYNACK_SIM_DROPPED;
	const char *fc = r->parsed ? flag_color(st, s->flags, s->len) : st->reset;

	/* time, left state, arrow with segment, right state */
	char tbuf[32];
	snprintf(tbuf, sizeof tbuf, "%10.6f", (double)r->sent / 1e9);
	fprintf(out, " %s   ", tbuf);
	char left[32] = "", right[32] = "";
	const char *lstyle = st->bold, *rstyle = st->bold;
	char *snd_cell = r->from == 0 ? left : right, *rcv_cell = r->from == 0 ? right : left;
	if (!snd->opaque && !r->injected)
		snprintf(snd_cell, sizeof left, "%s", synack_state_name(r->sender_state));
	if (rcv->opaque)
		;
	else if (r->receiver_known)
		snprintf(rcv_cell, sizeof left, "%s", synack_state_name(r->receiver_state));
	else if (!lost && r->arrived != UINT64_MAX)
		snprintf(rcv_cell, sizeof left, "%s", zh(l) ? "（无连接）" : "(no connection)");
	cell(out, lstyle, left, st->reset, COL_STATE);
	int used = width(seg) + 6;
	int fill = COL_SEG - used;
	if (fill < 2)
		fill = 2;
	if (r->from == 0) {
		fprintf(out, " %s── %s%s ", fc, seg, st->reset);
		if (lost) {
			fprintf(out, "%s", st->red);
			for (int i = 0; i < fill / 2; i++)
				fputs("─", out);
			fputs("✗", out);
			pad(out, fill - fill / 2 - 1);
			fprintf(out, "%s", st->reset);
		} else {
			fprintf(out, "%s", fc);
			for (int i = 0; i < fill - 1; i++)
				fputs("─", out);
			fprintf(out, "▶%s", st->reset);
		}
	} else {
		if (lost) {
			fprintf(out, " %s", st->red);
			pad(out, fill - fill / 2 - 1);
			fputs("✗", out);
			for (int i = 0; i < fill / 2; i++)
				fputs("─", out);
			fprintf(out, "%s", st->reset);
		} else {
			fprintf(out, " %s◀", fc);
			for (int i = 0; i < fill - 1; i++)
				fputs("─", out);
			fprintf(out, "%s", st->reset);
		}
		fprintf(out, "%s %s ──%s", fc, seg, st->reset);
	}
	fprintf(out, "  %s%s%s", rstyle, right, st->reset);
	fputc('\n', out);

	/* second line: absolute numbers, options, fate and why */
	struct detail d = {out, st, l->width, 0, false};
	/* the frame number, as Wireshark numbers a capture at the left side,
	 * under the time */
	char buf[256] = "";
	if (r->frame)
		snprintf(buf, sizeof buf, "#%" PRIu64, r->frame);
	fprintf(out, "%s %10s%s", st->dim, buf, st->reset);
	pad(out, DETAIL_INDENT - 11);
	d.col = DETAIL_INDENT;
	if (r->parsed) {
		snprintf(buf, sizeof buf, "abs seq=%" PRIu32 " ack=%" PRIu32, s->seq, s->ack);
		detail_item(&d, buf, st->dim);
	}
	const char *why = ladder_why_text(r, l->lang);
	if (why) {
		snprintf(buf, sizeof buf, zh(l) ? "（%s）" : "(%s)", why);
		detail_item(&d, buf, st->dim);
	}
	char attempt[96];
	if (ladder_attempt_text(r, l->lang, attempt, sizeof attempt)) {
		snprintf(buf, sizeof buf, zh(l) ? "（%s）" : "(%s)", attempt);
		detail_item(&d, buf, st->dim);
	}
	if (r->ecn_sent && r->arrived != UINT64_MAX && r->ecn_arrived != r->ecn_sent) {
		snprintf(buf, sizeof buf, zh(l) ? "%s，途中被标记为 %s" : "%s, marked %s on the way",
			 ladder_ecn_name(r->ecn_sent), ladder_ecn_name(r->ecn_arrived));
		detail_item(&d, buf, st->dim);
	} else if (r->ecn_sent) {
		detail_item(&d, ladder_ecn_name(r->ecn_sent), st->dim);
	}
	if (r->deliveries > 1) {
		snprintf(buf, sizeof buf, zh(l) ? "送达 %u 次" : "delivered %u times", r->deliveries);
		detail_item(&d, buf, st->dim);
	}
	if (r->receiver_dropped) {
		snprintf(buf, sizeof buf, zh(l) ? "接收方：%s" : "receiver: %s",
			 reason(l, r->drop_reason));
		detail_item(&d, buf, st->dim);
	}
	if (lost)
		detail_item(&d,
			    r->fate == SYNACK_SIM_LOST ? (zh(l) ? "丢失" : "lost")
						       : (zh(l) ? "被脚本丢弃" : "dropped by script"),
			    st->red);
	else if (r->arrived != UINT64_MAX && r->arrived != r->sent) {
		snprintf(buf, sizeof buf, zh(l) ? "到达 %.6f" : "arrives %.6f",
			 (double)r->arrived / 1e9);
		detail_item(&d, buf, st->dim);
	}
	if (l->verbose && r->info_known) {
		char win[128];
		ladder_info_text(r, buf, sizeof buf, win, sizeof win);
		if (win[0])
			detail_item(&d, win, st->magenta);
		detail_item(&d, buf, st->magenta);
	}
	if (r->parsed) { /* the options last: the longest, and the least news */
		char opts[200];
		ladder_options_text(s, opts, sizeof opts);
		if (opts[0]) {
			snprintf(buf, sizeof buf, "<%s>", opts);
			detail_item(&d, buf, st->dim);
		}
	}
	detail_end(&d);
	print_explanation(l, r, out, st);
}

static const struct style *style_of(bool color) { return color ? &ansi : &plain; }

/* A side's name over its column: in Chinese, the role it starts with
 * ("client 10.0.0.1" -> "客户端 10.0.0.1"), as explain.c names it. */
static void side_title(const struct ladder *l, int side, char *buf, size_t n)
{
	static const char *const roles[][2] = {
		{"client", "客户端"}, {"server", "服务器"}, {"kernel", "内核"}, {"peer", "对端"}};
	const char *name = l->side[side].name;
	size_t k = strcspn(name, " ");
	if (zh(l))
		for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
			if (strlen(roles[i][0]) == k && !strncmp(name, roles[i][0], k)) {
				snprintf(buf, n, "%s%s", roles[i][1], name + k);
				return;
			}
	snprintf(buf, n, "%s", name);
}

void ladder_print_header(const struct ladder *l, FILE *out, bool color)
{
	const struct style *st = style_of(color);
	/* the label ends where the times end, under " %10.6f" */
	const char *label = zh(l) ? "时间（秒）" : "time (s)";
	char a[96], b[96];
	side_title(l, 0, a, sizeof a);
	side_title(l, 1, b, sizeof b);
	fprintf(out, "%s", st->bold);
	pad(out, 11 - width(label));
	fprintf(out, "%s   %s", label, a);
	/* over the right side's states, or flush with the right edge */
	int at = COL_STATE + COL_SEG + 1;
	if (l->width && 14 + at + width(b) > l->width)
		at = l->width - 14 - width(b);
	pad(out, at - width(a));
	fprintf(out, "%s%s\n", b, st->reset);
	/* which moment each state column shows */
	pad(out, 14);
	fprintf(out, "%s%s%s\n", st->dim,
		zh(l) ? "状态：发送方为发出时的状态，接收方为报文段到达之后的状态"
		      : "states: the sender's as it sends, the receiver's after the segment arrives",
		st->reset);
}

void ladder_print(const struct ladder *l, FILE *out, bool color)
{
	ladder_print_header(l, out, color);
	for (unsigned i = 0; i < l->nrows; i++)
		print_row(l, &l->rows[i], out, style_of(color));
}
