/* What the files of --explain (explain.h) share.
 *
 * A row is first classified: what kind of segment it is (from its flags,
 * the sender's reason `why`, and the rows around it), which sentence says
 * why it was sent, and which sentence says what the receiver checks (or
 * what its loss leads to).  explain.c builds the context and dispatches,
 * on the flags and on the engine's reason ids (SYNACK_REASONS), to the
 * file of the topic, which holds the sentences next to the code that
 * chooses them:
 *   explain_handshake.c  SYN, SYN,ACK, the third segment, cookies,
 *                        simultaneous open, old duplicates
 *   explain_data.c       data, ACKs, duplicate ACKs, window updates,
 *                        keepalive and zero-window probes
 *   explain_rexmit.c     retransmissions: the timer's, fast retransmit,
 *                        SACK recovery, tail loss probes
 *   explain_close.c      FIN, RST, TIME-WAIT
 *   explain_timers.c     the notes a timer makes: 2MSL, FIN-WAIT-2,
 *                        retries exhausted
 *   explain_ecn.c        ECN (RFC 3168)
 *   explain_options.c    the text of options, window, SACK blocks
 *
 * Notation as in docs and LIFECYCLE.md: x = ISN of the client (active
 * opener), y = ISN of the server, u = sequence number of the active
 * closer's FIN, w = that of the passive closer's FIN. */
#ifndef SYNACK_TOOLS_EXPLAIN_INT_H
#define SYNACK_TOOLS_EXPLAIN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "explain.h"

/* ------------------------------------------------------------ sentences */

/* A sentence in both languages, side by side, with {name} placeholders
 * filled from the row (enum var): {seq} and {ack} are relative numbers as
 * the ladder shows them (absolute when the ISN was not seen),
 * {seqabs}/{ackabs} absolute ones.  Each is a const object of the file of
 * its topic, named by its role: why_ (why the sender sent the segment),
 * recv_ (what the receiver checks and does), lost_ (what its loss leads
 * to), note_ (a timer's state change), ecn_ (its ECN signals).  Choosing
 * functions return a pointer to one, NULL when there is nothing to say. */
struct text {
	const char *en, *zh;
};

/* Sentences one topic lends another, where the same words fit: an ACK of
 * a FIN, data before a FIN, a FIN sent again as a tail loss probe
 * (explain_close.c), data that completes the handshake (explain_data.c). */
extern const struct text why_ack_pure, why_reack_dup, recv_data_half, lost_ack; /* data */
extern const struct text why_tlp;                                               /* rexmit */
extern const struct text recv_handshake_by_data;                                /* handshake */

/* ------------------------------------------------------------ variables */

enum var {
	V_S, V_R, V_SEQ, V_ACK, V_SEQABS, V_ACKABS, V_LEN, V_LAST, V_NEXT, V_FIN, V_WIN,
	V_OPTS, V_DUR, V_N, V_ST, V_SPREV, V_RST, V_RPREV, V_SPORT, V_DPORT, V_RNXT,
	V_GAPEND, V_SACK, V_TRIGSEQ, V_TRIGACK, V_FROM, V_TO, V_REASON, V_SEQBOTH,
	V_ACKBOTH, V_WANT, V_ISNACK, V_RTO, V_MSL, V_TW, V_COUNT
};

#define VAR_LEN 160

/* What kind of segment the row is: it picks the receiver's sentence. */
enum kind {
	K_OTHER,
	K_SYN,
	K_SYNACK,
	K_THIRD,      /* the ACK completing the handshake */
	K_THIRD_DATA, /* ... carrying data */
	K_DATA,
	K_ZWP,
	K_KEEPALIVE,
	K_ACK,        /* a pure ACK of anything but a FIN */
	K_ACK_FIN,    /* a pure ACK of the receiver's FIN */
	K_FIN,
	K_RST,
};

struct ctx {
	const struct ladder *l;
	enum explain_lang lang;
	unsigned i, n;            /* the row explained, rows in the ladder */
	const struct ladder_row *r;
	synack_segment key;       /* a segment of the connection */
	bool has_key;
	int s, rv;                /* sender (or the note's side), receiver */
	unsigned lo, hi;          /* rows looked at: [lo, hi) */
	unsigned start;           /* first row of this incarnation (its first SYN) */
	int client;               /* active opener, -1 if unknown */
	bool simul;               /* simultaneous open: no client or server */
	bool have_fin[2];         /* first FIN of each side in [start, i) */
	uint32_t fin[2];          /* its sequence number (absolute) */
	unsigned fin_row[2];
	bool cookie;              /* the server answered with a SYN cookie */
	bool forgotten;           /* the receiver had dropped the half-open connection */
	const struct text *msg;   /* the sender's sentence chosen */
	const struct text *then;  /* one more the chooser wants after it */
	const synack_settings *settings; /* our stacks', or NULL */
	char var[V_COUNT][VAR_LEN];
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void setv(struct ctx *c, enum var v, const char *fmt, ...);
/* {dur}: "200 ms", "1.6 s" / "200 毫秒", "1.6 秒" */
void setv_duration(struct ctx *c, uint64_t ns);
void setv_time(struct ctx *c, enum var v, uint64_t ns); /* the same, into {v} */

static inline bool zh(const struct ctx *c) { return c->lang == EXPLAIN_ZH; }

/* --------------------------------------------------------------- output */

struct out;

/* Appends a sentence (English sentences are separated by a space). */
void say(struct out *o, const struct ctx *c, const struct text *t);

/* ----------------------------------------------------------------- rows */

static inline const struct ladder_row *row(const struct ctx *c, unsigned j)
{
	return ladder_row(c->l, j);
}

static inline bool is_seg(const struct ladder_row *r) { return !r->note && r->parsed; }
static inline bool has(const struct ladder_row *r, uint8_t f) { return (r->seg.flags & f) != 0; }

static inline bool bare_syn(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_SYN) && !has(r, SYNACK_TH_ACK | SYNACK_TH_RST);
}

/* A SYN the sender's stack sent (not an injected old duplicate). */
static inline bool own_syn(const struct ladder_row *r) { return bare_syn(r) && !r->injected; }

static inline bool is_synack(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_SYN) && has(r, SYNACK_TH_ACK) && !has(r, SYNACK_TH_RST);
}

static inline bool pure_ack(const struct ladder_row *r)
{
	return has(r, SYNACK_TH_ACK) && !has(r, SYNACK_TH_SYN | SYNACK_TH_FIN | SYNACK_TH_RST) &&
	       r->seg.len == 0;
}

static inline bool arrived(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_SENT && r->arrived != UINT64_MAX;
}

static inline bool lost(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_LOST || r->fate == SYNACK_SIM_DROPPED;
}

/* Whether r reached its receiver before `out` left it (at one virtual
 * time, the order of the events decides). */
static inline bool arrived_before(const struct ladder_row *r, const struct ladder_row *out)
{
	return arrived(r) && (r->arrived < out->sent ||
			      (r->arrived == out->sent && r->arrived_order < out->sent_order));
}

/* Wrap-safe comparisons of sequence numbers. */
static inline bool sgt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool sge(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

/* Whether r is a segment of the connection explained (either direction). */
bool on_conn(const struct ctx *c, const struct ladder_row *r);
/* The state `side` was in just before time t (rows before the explained
 * one count at t itself), from sends, arrivals and timer notes;
 * SYNACK_STATE_COUNT if the rows do not say. */
synack_state state_before(const struct ctx *c, int side, uint64_t t);
/* The latest row from the receiver that arrived at the sender just as the
 * explained row was sent: what it answers.  -1 if none. */
long trigger(const struct ctx *c);
/* Earlier copies from the sender of what row i carries (same SYN, same
 * data start, same FIN) since the incarnation began: their number, and
 * the time the last one was sent. */
unsigned copies(const struct ctx *c, uint64_t *last_sent);

/* --------------------------------------------------------------- topics */

/* Each topic says why the sender sent a segment, what the receiver does
 * with it when it takes it (_accepted) or discards it (_dropped, by its
 * drop_reason), and what its loss leads to (_lost).  explain.c calls each
 * only for the flags, reasons and kinds it dispatches to that topic. */

/* How the receiver stands with a row it took: whether it is a real host
 * whose states are unknown (opaque), whether its state is known, and its
 * states after the row and before it arrived. */
struct receiver {
	bool opaque, known;
	synack_state after, before;
};

/* explain_handshake.c */
const struct text *handshake_syn(struct ctx *c); /* also an injected old SYN */
const struct text *handshake_synack(struct ctx *c);
/* Whether the row is the client's first segment after the SYN,ACK. */
bool is_handshake_ack(const struct ctx *c);
/* That segment, with data (K_THIRD_DATA) or without (K_THIRD). */
const struct text *handshake_third(const struct ctx *c, enum kind *k);
const struct text *handshake_accepted(struct ctx *c, enum kind k, const struct receiver *rx);
const struct text *handshake_dropped(const struct ctx *c, enum kind k);
const struct text *handshake_lost(enum kind k);

/* explain_data.c */
const struct text *data_new(struct ctx *c);             /* data sent for the first time */
const struct text *data_probe(const struct ctx *c);     /* keepalive, zero-window probe */
const struct text *data_challenge(void);                /* a challenge ACK (RFC 5961) */
const struct text *data_ack(struct ctx *c);             /* a pure ACK, not of a FIN */
/* The ACK answers a retransmitted SYN,ACK that was not acceptable: the
 * third segment of the handshake again. */
bool is_reack_of_synack(const struct ctx *c);
const struct text *data_accepted(struct ctx *c, enum kind k, const struct receiver *rx);
const struct text *data_dropped(const struct ctx *c);
const struct text *data_lost(enum kind k);

/* explain_rexmit.c */
/* A retransmission of loss recovery (fast retransmit, SACK recovery),
 * not of the retransmission timer. */
bool is_recovery_rexmit(synack_reason why);
/* For a retransmission's reason, or an opaque sender's copy (NONE). */
const struct text *rexmit_sent(struct ctx *c);
/* Whether the receiver had resent the segment at `seq` (fast or SACK
 * recovery) before row i reached it. */
bool already_resent(const struct ctx *c, uint32_t seq);

/* explain_close.c */
const struct text *close_fin(struct ctx *c);
const struct text *close_fin_ack(struct ctx *c); /* a pure ACK of the receiver's FIN */
const struct text *close_rst(struct ctx *c);
const struct text *close_accepted(struct ctx *c, enum kind k, const struct receiver *rx);
const struct text *close_dropped(const struct ctx *c, enum kind k);
const struct text *close_lost(const struct ctx *c, enum kind k);

/* explain_timers.c: the sentences of a timer's note row */
void timers_note(struct ctx *c, struct out *o);
/* Where the initial RTO of the sender's first retransmission of a SYN or
 * SYN,ACK comes from; NULL if the settings are not known or the sender
 * is a real host. */
const struct text *timers_rto_origin(struct ctx *c);
/* Where the timeout of the sender's first retransmission of data comes
 * from (the measured RTT, the minimum RTO); NULL as above. */
const struct text *timers_rexmit_origin(struct ctx *c);

/* explain_ecn.c: RFC 3168, the sentence about the row's ECN signals */
const struct text *ecn_text(const struct ctx *c);

/* explain_options.c: {win}, {opts}, {sack} */
void options_vars(struct ctx *c);
/* Whether both SYNs of this incarnation offered SACK. */
bool sack_on(const struct ctx *c);

#endif
