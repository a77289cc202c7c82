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

/* One row: a segment and its fate, or a state change no segment caused. */
struct ladder_row {
	bool note;                 /* a state change by a timer (note_*) */
	synack_state note_from, note_to;
	char note_reason[80];
	uint64_t id;               /* the datagram's number on the link */
	uint64_t sent, arrived;    /* ns; arrived UINT64_MAX: never arrived */
	/* the order of the sending and of the (first) arrival among all the
	 * ladder's datagram events: which came first at one virtual time */
	uint64_t sent_order, arrived_order;
	int from;                  /* sender: 0 left side, 1 right side */
	enum synack_sim_fate fate; /* SENT (it travelled), LOST or DROPPED */
	unsigned deliveries;       /* 2: duplicated on the way */
	bool parsed;               /* a TCP segment (else seg is not valid) */
	synack_segment seg;
	/* relative numbers (as Wireshark shows them): from each side's ISN on
	 * this connection, when its SYN was seen */
	uint32_t rel_seq, rel_ack;
	bool rel_seq_known, rel_ack_known;
	synack_state sender_state; /* when it sent the segment */
	synack_state receiver_state; /* after handling it */
	bool receiver_known;       /* false: no connection took it, or opaque */
	bool receiver_dropped;     /* the receiver discarded it: drop_reason */
	char drop_reason[64];
	char why[40];              /* the sender's reason ("SYN", "retransmission"...) */
	bool complete;             /* its fate is known */
	bool injected;             /* crafted by the caller (an old duplicate), not sent by
				    * the sender's stack: sender_state means nothing */
	/* the IP header's ECN field (RFC 3168) as sent, and as it arrived:
	 * a router may have marked it CE on the way */
	uint8_t ecn_sent, ecn_arrived;
};

/* Watches nodes a (drawn left) and b (drawn right) of sim: installs the
 * sim's tap and observer.  names: "client", "server". */
struct ladder *ladder_new(synack_sim *sim, int a, int b, const char *name_a,
			  const char *name_b);
/* A ladder fed by hand: ladder_event() for each event of a side's stack,
 * ladder_datagram() for each datagram's fate (side `from` is its
 * sender).  An opaque side b is a real host whose states are unknown. */
struct ladder *ladder_new_detached(const char *name_a, const char *name_b, bool b_opaque);
void ladder_event(struct ladder *l, int side, const synack_event *ev);
void ladder_datagram(struct ladder *l, uint64_t t, int from, enum synack_sim_fate fate,
		     uint64_t id, const uint8_t *pkt, size_t len);
void ladder_free(struct ladder *l);
/* The next datagram from `side` is crafted and injected by the caller,
 * not sent by its stack (why: "old duplicate SYN"). */
void ladder_expect_injected(struct ladder *l, int side, const char *why);
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
/* The Chinese of one of the engine's reasons (a sender's why, a
 * receiver's drop reason, a timer's state change), or `en` itself when
 * there is none (ladder_zh.c). */
const char *ladder_reason_zh(const char *en);
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
