/* Personalities: the choices the RFCs leave open, one table per
 * personality (in the spirit of FreeBSD's tcp_function_block).  The TCP
 * core asks the table and never tests which personality it runs; adding
 * one means a policy_NAME.c with its table, its entry in tcp_policies[]
 * and a name in synack_personality.
 *
 * Values say what a stack does; hooks are small and optional (NULL: the
 * RFC's own rule).  None of them may change what is correct, only which
 * of the allowed behaviours is chosen: docs/ENGINE.md lists each. */
#ifndef SYNACK_TCP_POLICY_H
#define SYNACK_TCP_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "synack.h"
#include "wire/seq.h"
#include "wire/tcp.h"

struct tcp_conn;

#define LX_PSH_ENDS 32 /* PSH positions remembered for retransmissions */

/* What the linux personality keeps per connection: its receive-side ACK
 * policy and where its super-segments put PSH. */
struct linux_conn_state {
	uint8_t quick;              /* quick ACKs left */
	bool quick_started, seen_data, pingpong;
	uint32_t rcv_mss;           /* frame size learnt from received data */
	uint64_t last_data;         /* when data last arrived */
	uint32_t chunk;             /* segments of the current super-segment sent */
	/* where our new data carried PSH (oldest first): Linux resends a
	 * buffer with the flags it was first sent with */
	seq_t psh_end[LX_PSH_ENDS];
	uint8_t psh_first, psh_count;
	bool psh_overflow;          /* ends at or below psh_forgot were dropped */
	seq_t psh_forgot;
};

/* What the freebsd personality keeps per connection. */
struct freebsd_conn_state {
	uint8_t delack_segs;        /* segments received and not yet ACKed */
};

union tcp_policy_state {
	struct linux_conn_state lx;
	struct freebsd_conn_state fb;
};

struct tcp_policy {
	synack_personality id;
	const char *name;                /* "linux", as synack_personality_name() */
	/* synack_settings_personality(): the defaults that go with it, set
	 * on top of synack_settings_default() (buffers, window scale, RTO) */
	void (*settings)(synack_settings *s);
	enum tcp_option_layout layout;   /* option order and padding */

	/* ---- receiving */
	/* A delayed ACK is due at once after len bytes of data (RFC 9293
	 * 3.8.6.3 leaves when; NULL: more than one MSS unacknowledged). */
	bool (*ack_now)(struct tcp_conn *c, uint32_t len);
	/* The delayed-ACK timer fired (optional). */
	void (*delack_fired)(struct tcp_conn *c);
	/* RCV.WND for the acceptability test, given the window promised
	 * (NULL: the promised window; FreeBSD counts free space too). */
	uint32_t (*acceptable_window)(const struct tcp_conn *c, uint32_t promised);
	/* The window to advertise when the buffer has more room than was
	 * promised (RFC 9293 3.8.6.2.2, the receiver's SWS rule; NULL: grow
	 * only by at least min(buffer/2, MSS)). */
	uint32_t (*advertise)(const struct tcp_conn *c, uint32_t space, uint32_t promised);
	/* Buffers round up to a multiple of the MSS once it is known. */
	bool buffers_follow_mss;
	/* Data after shutdown(SHUT_RD) is acknowledged and discarded (else
	 * queued, and read returns it). */
	bool discard_after_shutdown_rd;
	/* TIME-WAIT answers as FreeBSD's tcp_twcheck(): a segment without
	 * ACK is dropped unanswered, anything but a duplicate ACK is ACKed. */
	bool timewait_twcheck;
	/* A segment wholly below RCV.NXT (old data, a repeated FIN) is not
	 * dropped whole: its text goes, its ACK is processed, and an ACK is
	 * sent (FreeBSD's tcp_input trims it so; RFC 9293 drops it).  Goes
	 * with fin_on_every_ack: a peer repeating its FIN acknowledges ours
	 * in such segments. */
	bool ack_in_old_duplicates;
	/* In a synchronized state a SYN is checked before the sequence
	 * number, and any SYN gets a challenge ACK (RFC 5961 4.2 "irrespective
	 * of the sequence number"; Linux, FreeBSD).  Else RFC 9293 3.10.7.4's
	 * order: a SYN outside the window is answered as an unacceptable
	 * segment. */
	bool syn_before_sequence;

	/* ---- sending */
	/* While our FIN is unacknowledged, every ACK repeats it. */
	bool fin_on_every_ack;
	/* A segment is about to be built with these flags and len bytes of
	 * data (optional: for state the ACK policy keeps). */
	void (*segment_sent)(struct tcp_conn *c, uint8_t flags, uint32_t len);
	/* An output pass begins (optional). */
	void (*pass_begins)(struct tcp_conn *c);
	/* New data ending at `end` goes now; `next` is the length of the
	 * segment that would follow it in this pass (0: none); psh is the
	 * end-of-write rule's answer.  Returns whether it carries PSH
	 * (NULL: psh). */
	bool (*new_data_psh)(struct tcp_conn *c, seq_t end, uint32_t next, bool psh);
	/* Whether a retransmission ending at `end` carries PSH (NULL: at the
	 * end of what the application wrote, unless MSG_MORE said more). */
	bool (*rexmit_psh)(struct tcp_conn *c, seq_t end, seq_t data_end);
	/* Added to the tail loss probe's timeout when more than one segment
	 * is in flight (RFC 8985 7.2 leaves it open). */
	uint64_t tlp_slack_ns;
};

extern const struct tcp_policy tcp_policy_rfc, tcp_policy_linux, tcp_policy_freebsd;

/* The table of a personality; NULL for an unknown one. */
const struct tcp_policy *tcp_policy_of(synack_personality p);

#endif
