/* The ladder diagram: one row per segment between two sides (two nodes of
 * the simulated network, or our stack and a real host behind a TUN
 * device), with times, flags, relative and absolute sequence numbers,
 * window, options, length and each side's state. */
#ifndef SYNACK_TOOLS_LADDER_H
#define SYNACK_TOOLS_LADDER_H

#include <stdbool.h>
#include <stdio.h>

#include "synack.h"
#include "synack_pcap.h"
#include "synack_sim.h"

struct ladder;

/* One row: a segment and its fate, or a state change a timer made. */
struct ladder_row {
	bool note;                 /* a state change by a timer (note_*), or a caption */
	synack_state note_from, note_to;
	synack_reason note_reason;
	/* a caption: what the ladder does not draw one by one (a flood), in
	 * English and Chinese; the note's states are its side's, unchanged */
	char *caption[2];
	uint64_t id;               /* the datagram's number on the link */
	/* its frame number in a capture at the left side's interface (what
	 * the left side sends, and what reaches it), as Wireshark numbers
	 * frames: the record of the --pcap file; 0 if it never got there */
	uint64_t frame;
	/* its numbers on the sending and the receiving stack (their events'
	 * datagram and cause); 0 where unknown (injected, an opaque side,
	 * never delivered) */
	uint64_t sender_datagram, receiver_datagram;
	uint64_t sent, arrived;    /* ns; arrived UINT64_MAX: never arrived */
	/* the order of the sending and of the (first) arrival among all the
	 * ladder's datagram events: which came first at one virtual time */
	uint64_t sent_order, arrived_order;
	int from;                  /* sender: 0 left side, 1 right side */
	enum synack_sim_fate fate; /* SENT (it travelled), LOST or DROPPED */
	unsigned deliveries;       /* 2: duplicated on the way */
	bool parsed;               /* a TCP segment (else seg is not valid) */
	synack_segment seg;
	/* relative numbers (as Wireshark shows them): from the ISN of the
	 * connection attempt each number belongs to, when its SYN was seen;
	 * *_old_attempt: that attempt is not the side's newest on these ports
	 * (the numbers answer an old duplicate SYN) */
	uint32_t rel_seq, rel_ack;
	uint32_t isn_seq, isn_ack;
	uint32_t newest_isn_ack;   /* the receiver's newest ISN on these ports */
	bool rel_seq_known, rel_ack_known;
	bool seq_old_attempt, ack_old_attempt;
	synack_state sender_state; /* when it sent the segment */
	synack_state receiver_state; /* after handling it */
	bool receiver_known;       /* false: no connection took it, or opaque */
	uint32_t receiver_conn;    /* the receiving connection's id, 0 if none */
	bool receiver_dropped;     /* the receiver discarded it: drop_reason */
	synack_reason drop_reason;
	synack_reason why;         /* the sender's reason (SYN_REXMIT, ...); NONE when
				    * injected or sent by an opaque side */
	synack_reason app_call;    /* CALL_CLOSE or CALL_SHUTDOWN_WR once the sender's
				    * application made it; NONE before, or unknown */
	bool complete;             /* its fate is known */
	bool injected;             /* crafted by the caller (an old duplicate), not sent by
				    * the sender's stack: sender_state means nothing */
	const char *injected_label[2]; /* what the caller called it, English and Chinese */
	/* the sender's connection as it sent the segment (synack_get_info:
	 * congestion window, slow-start threshold, RTT estimates, its
	 * receive window, bytes in flight), when the caller gave it */
	bool info_known;
	uint32_t cwnd, ssthresh, rcv_wnd, in_flight;
	uint64_t srtt_ns, rttvar_ns, rto_ns;
	/* the IP header's ECN field (RFC 3168) as sent, and as it arrived:
	 * a router may have marked it CE on the way */
	uint8_t ecn_sent, ecn_arrived;
};

/* Watches nodes a (drawn left) and b (drawn right) of sim: installs the
 * sim's tap and observer.  names: "client", "server". */
struct ladder *ladder_new(synack_sim *sim, int a, int b, const char *name_a,
			  const char *name_b);
/* A ladder fed by hand: ladder_event() for each event of a side's stack,
 * ladder_datagram() for each datagram's fate, with d->from and d->to the
 * sides (0, 1) and the datagram numbers of the stacks that have them.
 * Rows and events meet by those numbers, never by the order of calls.
 * An opaque side b is a real host whose states are unknown. */
struct ladder *ladder_new_detached(const char *name_a, const char *name_b, bool b_opaque);
void ladder_event(struct ladder *l, int side, const synack_event *ev);
void ladder_datagram(struct ladder *l, const synack_sim_datagram *d);
/* A datagram captured at the left side that the ladder does not draw
 * (a host's link chatter): it still takes a frame number. */
void ladder_count_frame(struct ladder *l);
void ladder_free(struct ladder *l);
/* The sending connection's figures for the datagram `side`'s stack
 * numbered `datagram` (call it from the stack's SEGMENT_SENT event);
 * the row shows them with ladder_set_verbose and the JSON always. */
void ladder_sender_info(struct ladder *l, int side, uint64_t datagram, const synack_info *info);
/* "srtt 20 ms rttvar 10 ms rto 200 ms" and "cwnd 14480 ssthresh ∞ in
 * flight 0 rwnd 262144" ("" before the connection has a congestion
 * window); the same in both languages: these are the names.  In flight:
 * sent and not yet acknowledged before this segment left. */
void ladder_info_text(const struct ladder_row *r, char *rtt, size_t rn, char *win, size_t wn);
/* Rows also show the sender's cwnd, ssthresh, srtt, rttvar, rto, its
 * receive window and the bytes in flight, where known. */
void ladder_set_verbose(struct ladder *l, bool verbose);
/* A caption row at `time` on `side`, which stays in `state`: something
 * the ladder does not draw one datagram at a time ("64 spoofed SYNs ..."),
 * with the engine's reason it is about.  The texts are copied. */
void ladder_add_caption(struct ladder *l, int side, uint64_t time, synack_state state,
			synack_reason reason, const char *en, const char *zh);
/* What the caller calls the next datagram it injects from `side` (a
 * datagram no stack sent: "old duplicate SYN"), in English and Chinese. */
void ladder_label_injected(struct ladder *l, int side, const char *en, const char *zh);
/* Live mode: prints the header now and each row once it is complete
 * (out NULL: off). */
void ladder_set_stream(struct ladder *l, FILE *out, bool color);
void ladder_print_header(const struct ladder *l, FILE *out, bool color);
/* Live mode: prints the rows still waiting for their fate. */
void ladder_flush(struct ladder *l);
/* Also writes a pcap file as captured at node a's interface: what a
 * sends, and what reaches a. */
void ladder_set_pcap(struct ladder *l, synack_pcap *p);
/* --explain: text for row i, printed under it. */
typedef void (*ladder_explain_fn)(const struct ladder *l, unsigned i, void *user, char *buf,
				  size_t len);
void ladder_set_explain(struct ladder *l, ladder_explain_fn fn, void *user);
/* The language of the printed ladder's words and of the engine's reasons
 * in it (set it before ladder_set_stream, which prints the header):
 * English (the default), or Chinese, where state names, flags, options
 * and ECN codepoint names stay as they are.  The rows of the SVG and the
 * JSON stay English. */
enum ladder_lang { LADDER_EN, LADDER_ZH };
void ladder_set_lang(struct ladder *l, enum ladder_lang lang);
/* Lines fit 100 columns (the detail line and the explanations wrap),
 * unless wide: each row's details on one line, however long. */
void ladder_set_wide(struct ladder *l, bool wide);
/* Why the sender sent row r, as the ladder shows it: what the caller
 * called an injected datagram, or the engine's reason when it says more
 * than the flags do (not for a first SYN, data, a FIN...); NULL if
 * nothing. */
const char *ladder_why_text(const struct ladder_row *r, enum ladder_lang lang);
/* When row r's relative numbers count from an earlier connection attempt
 * on its ports than the newest (they answer an old duplicate SYN): says
 * so, with that attempt's ISN, and returns true. */
bool ladder_attempt_text(const struct ladder_row *r, enum ladder_lang lang, char *buf, size_t n);
/* Prints the whole conversation so far. */
void ladder_print(const struct ladder *l, FILE *out, bool color);
unsigned ladder_rows(const struct ladder *l); /* segments only */
unsigned ladder_count(const struct ladder *l); /* rows, notes included */
const struct ladder_row *ladder_row(const struct ladder *l, unsigned i);
const char *ladder_side_name(const struct ladder *l, int side);
bool ladder_side_opaque(const struct ladder *l, int side);
/* "Not-ECT", "ECT(1)", "ECT(0)", "CE" */
const char *ladder_ecn_name(uint8_t ecn);
/* "mss 1460,sackOK,TS val 1 ecr 0,wscale 7" */
void ladder_options_text(const synack_segment *s, char *buf, size_t n);

#endif
