/* The TCP control block and the functions the TCP modules share.
 *
 * One struct serves every socket: a fresh socket (CLOSED, maybe bound), a
 * listener (LISTEN, with a listen_queue), a half-open entry (SYN-RECEIVED,
 * no buffers yet), a connection, and TIME-WAIT (buffers released once the
 * application has let go, so TIME-WAIT stays cheap). */
#ifndef SYNACK_TCP_CONN_H
#define SYNACK_TCP_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "synack.h"
#include "tcp/policy.h"
#include "util/ring.h"
#include "util/timer.h"
#include "wire/seq.h"
#include "wire/tcp.h"

struct synack_stack;

/* Membership tests as bit masks (like Linux TCPF_*). */
#define STATE_BIT(s) (1u << (s))
#define SYNCHRONIZED_STATES                                                    \
	(STATE_BIT(SYNACK_ESTABLISHED) | STATE_BIT(SYNACK_CLOSE_WAIT) |        \
	 STATE_BIT(SYNACK_FIN_WAIT_1) | STATE_BIT(SYNACK_CLOSING) |            \
	 STATE_BIT(SYNACK_LAST_ACK) | STATE_BIT(SYNACK_FIN_WAIT_2) |           \
	 STATE_BIT(SYNACK_TIME_WAIT))
/* States in which we may still send data. */
#define SEND_STATES (STATE_BIT(SYNACK_ESTABLISHED) | STATE_BIT(SYNACK_CLOSE_WAIT))
/* States in which the peer may still send data (its FIN not yet seen). */
#define RECV_STATES                                                            \
	(STATE_BIT(SYNACK_SYN_RECEIVED) | STATE_BIT(SYNACK_ESTABLISHED) |      \
	 STATE_BIT(SYNACK_FIN_WAIT_1) | STATE_BIT(SYNACK_FIN_WAIT_2))
/* States in which our FIN has been sent. */
#define FIN_SENT_STATES                                                        \
	(STATE_BIT(SYNACK_FIN_WAIT_1) | STATE_BIT(SYNACK_CLOSING) |            \
	 STATE_BIT(SYNACK_LAST_ACK) | STATE_BIT(SYNACK_FIN_WAIT_2) |           \
	 STATE_BIT(SYNACK_TIME_WAIT))

static inline bool state_in(synack_state s, uint32_t mask)
{
	return (STATE_BIT(s) & mask) != 0;
}

enum tcp_timer_kind {
	TT_REXMT,    /* retransmission: SYN, SYN,ACK, data, FIN */
	TT_PERSIST,  /* zero-window probes */
	TT_DELACK,   /* delayed ACK */
	TT_KEEP,     /* keepalive */
	TT_2MSL,     /* TIME-WAIT, and the orphaned FIN-WAIT-2 limit */
	TT_TLP,      /* tail loss probe (RFC 8985), before the RTO */
	TT_COUNT
};

#define OOO_RANGES 8     /* out-of-order ranges the receiver keeps */
#define SACK_HOLES 8     /* SACKed ranges the sender keeps */
#define TCP_DUPTHRESH 3  /* duplicate ACKs that signal a loss (RFC 5681) */
#define RECOVERY_REXMITS 8 /* retransmissions watched for loss in one recovery */

/* At most `limit` events per `interval`, counted in windows. */
struct rate_window {
	uint64_t start;
	uint32_t count;
};

struct seq_range {
	seq_t left, right;   /* [left, right) */
	uint32_t stamp;      /* receiver: when last extended (RFC 2018 order) */
};

/* Listener-only part: half-open entries and the accept queue. */
struct listen_queue {
	struct tcp_conn *syn_head;     /* SYN-RECEIVED, oldest first */
	struct tcp_conn *syn_tail;
	struct tcp_conn *accept_head;  /* established, not yet accepted */
	struct tcp_conn *accept_tail;
	uint32_t syn_count, accept_count;
	uint32_t backlog;
	uint64_t last_cookie_time;     /* when we last answered with a cookie */
	bool cookies_sent;
};

/* What setsockopt() sets: a listener's children inherit all of it. */
struct sock_opts {
	bool nodelay, cork, quickack, keepalive, linger_zero, reuseaddr;
	uint64_t keep_idle, keep_intvl; /* ns */
	uint32_t keep_cnt;
	uint64_t user_timeout;          /* ns, 0 = none */
	uint16_t mss_clamp;             /* TCP_MAXSEG, 0 = none */
	uint32_t notsent_lowat;         /* POLLOUT while unsent < this (0: no limit) */
	uint8_t tos;                    /* IPv4 TOS / IPv6 traffic class */
	uint32_t sndbuf_size, rcvbuf_size;
};

struct tcp_conn {
	struct synack_stack *stack;
	struct sock_opts opt;
	struct tcp_conn *all_prev, *all_next; /* every control block of the stack */
	struct tcp_conn *hnext;     /* connection or listener hash chain */
	struct tcp_conn *bnext;     /* port binding chain */
	struct tcp_conn *parent;    /* listener, while half-open or unaccepted */
	struct tcp_conn *qnext;     /* in the parent's syn or accept queue */
	struct tcp_conn *flush_next;/* on the stack's flush list */
	struct listen_queue *lq;    /* listeners only */

	synack_endpoint local, remote;
	synack_state state;
	int fd;                     /* -1 once the application let go */
	uint32_t id;                /* connection id in events */

	/* RFC 9293 3.3.1 send sequence variables; snd_max is the highest
	 * sequence number sent (snd_nxt is pulled back on retransmission). */
	seq_t iss, snd_una, snd_nxt, snd_max;
	seq_t snd_wl1, snd_wl2;
	uint32_t snd_wnd;           /* scaled */
	uint32_t max_snd_wnd;       /* largest window the peer offered */
	seq_t snd_buf_seq;          /* sequence number of sndbuf's first byte */
	seq_t snd_sml;              /* end of the last short segment (Minshall) */
	/* Receive sequence variables. */
	seq_t irs, rcv_nxt;
	seq_t rcv_adv;              /* right edge we last advertised */
	seq_t last_ack_sent;

	uint16_t mss;               /* what we send: min(peer's MSS, ours) */
	uint16_t rcv_mss;           /* what we announced */
	uint8_t snd_wscale, rcv_wscale;
	bool ws_ok, sack_ok, ts_ok;
	uint32_t ts_recent;
	uint64_t ts_recent_time;    /* when ts_recent was stored */
	uint32_t ts_offset;         /* per-connection TSval offset (RFC 7323 5.4) */

	struct ring sndbuf, rcvbuf;
	struct seq_range ooo[OOO_RANGES];  /* held beyond rcv_nxt, sorted */
	uint8_t ooo_count;
	uint32_t ooo_clock;         /* stamps for ooo[]: higher is more recent */
	struct seq_range sacked[SACK_HOLES]; /* peer's SACK blocks, sorted */
	uint8_t sacked_count;

	/* RFC 6298 */
	uint64_t srtt, rttvar, rto; /* ns */
	bool has_rtt;               /* srtt/rttvar hold a measurement */
	uint32_t persist_probes;    /* unanswered zero-window probes */
	uint32_t persist_backoff;   /* doublings of the persist interval */
	bool rtt_timing;
	seq_t rtt_seq;
	uint64_t rtt_start;
	uint32_t backoff;           /* consecutive expiries of TT_REXMT/PERSIST */

	/* RFC 5681 / RFC 6582 */
	uint32_t cwnd, ssthresh;
	uint32_t dupacks;
	uint32_t limited_sent;       /* bytes sent beyond cwnd on dupacks 1-2 (RFC 3042) */
	bool in_recovery;
	seq_t recover;
	seq_t rexmit_high;          /* retransmitted up to here in this recovery */
	bool rescue_sent;           /* RFC 6675 rule 4, once per recovery */
	/* retransmissions of this recovery, and how far we had sent when
	 * each went: data sent after it being SACKed means it was lost */
	struct { seq_t seq, sent_max; } rexmits[RECOVERY_REXMITS];
	uint8_t nrexmits;
	uint32_t bytes_acked_ca;    /* congestion avoidance byte counting */
	/* RFC 6937 */
	uint32_t prr_delivered;     /* bytes the receiver got since recovery began */
	uint32_t prr_recover_fs;    /* the flight when it began */
	uint64_t prr_out_base;      /* bytes_sent then: bytes_sent - this is prr_out */

	/* RFC 3168 */
	bool ecn_ok;                /* negotiated: our new data goes out ECT(0) */
	bool ecn_syn_sent;          /* our last SYN asked for it */
	bool ecn_echo;              /* data came marked CE: ECE on our ACKs until CWR */
	bool ecn_cwr_due;           /* cwnd reduced for an ECE: CWR on the next new data */
	bool ecn_reducing;          /* ... and no second reduction before snd_una reaches
				     * ecn_high: the end of that window and of the CWR segment */
	seq_t ecn_high;
	bool sending_probe;         /* a window probe is being built: never ECT */
	bool ack_has_ece;           /* the ACK being processed carries ECE */

	/* Flags */
	bool fin_queued;            /* application shut down writing */
	bool fin_received;
	bool rd_shutdown;
	bool orphan;                /* application closed; no descriptor */
	bool passive;               /* created by a listener */
	bool ack_now;               /* send an ACK on the next output */
	bool reack;                 /* ... owed to an unacceptable segment (RFC 9293
				     * 3.10.7.4: "send an acknowledgment") */
	bool force_one;             /* persist probe: send one byte past the window */
	bool push_once;             /* send a held partial segment on this output */
	bool tlp_out;               /* a tail loss probe is unanswered */
	bool fin_alone;             /* our FIN went in a segment of its own */
	bool bound;                 /* local endpoint chosen */
	bool bound_explicit;        /* by bind(): keeps the port while open */
	bool in_bind;               /* on the port binding chain */
	bool in_hash;               /* on the connection or listener hash */
	bool in_accept_queue;       /* else, with a parent, in the SYN queue */
	bool flush_listed;          /* on the flush list */
	bool ready_dirty;           /* readiness may have changed */
	bool fin_pending_ooo;       /* a FIN arrived beyond rcv_nxt */
	seq_t ooo_fin_seq;
	bool more_pending;          /* MSG_MORE on the last send: hold a short tail */
	bool more_written;          /* ... and no PSH at its end (Linux marks PSH per write) */
	bool cookie_born;           /* established from a SYN cookie */
	bool used;                  /* has left CLOSED once: not reusable */
	union tcp_policy_state pol; /* what the personality keeps (policy.h) */
	int error;                  /* pending SO_ERROR (SYNACK_E*) */
	int soft_error;             /* an ICMP error seen: reported if we time out */
	uint32_t ready;             /* last readiness reported */

	uint32_t keep_probes;
	uint64_t last_rcv_time;
	uint64_t first_unacked_time; /* when the oldest unacked data went out */

	/* RFC 5961 challenge ACKs, and ACKs answering invalid pure ACKs */
	struct rate_window chack, oow;

	struct timer timers[TT_COUNT];

	/* tcp_info figures */
	uint32_t retransmits, fast_retransmits, timeouts, dupacks_rcvd, ooo_segs;
	uint64_t bytes_sent, bytes_received, bytes_acked, segs_out, segs_in;
};

/* SMSS (RFC 5681): the most data one segment carries, the MSS less the
 * options every segment has (timestamps). */
static inline uint32_t conn_smss(const struct tcp_conn *c)
{
	uint32_t opts = c->ts_ok ? 12u : 0u;
	return c->mss > opts + 1 ? c->mss - opts : 1;
}

/* --- conn.c: life cycle, tables, the state funnel */
struct tcp_conn *conn_new(struct synack_stack *s);
int conn_alloc_buffers(struct tcp_conn *c);
void conn_buffers_follow_mss(struct tcp_conn *c);
int conn_resize_buffer(struct tcp_conn *c, bool send, uint32_t size);
void conn_release_buffers(struct tcp_conn *c);
void conn_set_state(struct tcp_conn *c, synack_state to, synack_reason reason);
void conn_hash_insert(struct tcp_conn *c);
void conn_hash_remove(struct tcp_conn *c);
struct tcp_conn *conn_lookup(struct synack_stack *s, const synack_endpoint *local,
			     const synack_endpoint *remote);
struct tcp_conn *listener_lookup(struct synack_stack *s, const synack_endpoint *local);
void listener_hash_insert(struct tcp_conn *c);
void listener_hash_remove(struct tcp_conn *c);
void bind_insert(struct tcp_conn *c);
void bind_remove(struct tcp_conn *c);
/* Moves c to CLOSED: unhashed, timers stopped, error recorded for the
 * application; frees it if no descriptor holds it. */
void conn_close(struct tcp_conn *c, int error, synack_reason reason);
/* Frees c if it is CLOSED and nobody holds it. */
void conn_maybe_free(struct tcp_conn *c);
void conn_free(struct tcp_conn *c);
void conn_timer_arm(struct tcp_conn *c, enum tcp_timer_kind k, uint64_t delay);
void conn_timer_cancel(struct tcp_conn *c, enum tcp_timer_kind k);
void conn_timers_cancel_all(struct tcp_conn *c);
/* Readiness may have changed: reported when the entry point finishes. */
void conn_update_ready(struct tcp_conn *c);
uint32_t conn_poll(const struct tcp_conn *c);
/* Puts c on the list that conn_flush_all() visits. */
void conn_flush_later(struct tcp_conn *c);
/* Ends every public entry point: reports readiness changes (callbacks
 * may call the API), then sends the ACKs still owed.  Deferring the pure
 * ACK lets an application that reacts at once (closes on EOF, answers a
 * request) carry it on its own segment. */
void conn_flush_all(struct synack_stack *s);
/* Seeds per-connection values (ISN, TS offset) for a known 4-tuple. */
void conn_init_isn(struct tcp_conn *c);
void conn_init_from_settings(struct tcp_conn *c);
/* Chooses what our SYN announces: MSS and window scale. */
void conn_prepare_syn(struct tcp_conn *c);

/* --- usrreq.c: the user calls of RFC 9293 3.10 on one control block;
 * api/socket.c finds it by descriptor and ends the entry point */
int tcp_usr_bind(struct tcp_conn *c, const synack_endpoint *local);
int tcp_usr_listen(struct tcp_conn *c, int backlog);
/* The next established connection of listener l, or NULL with *err set
 * (EINVAL: not listening, EAGAIN: none waiting). */
struct tcp_conn *tcp_usr_accept(struct tcp_conn *l, int *err);
/* No descriptor could be given to an accepted connection: reset it. */
void tcp_usr_accept_failed(struct tcp_conn *c);
int tcp_usr_connect(struct tcp_conn *c, const synack_endpoint *remote);
long tcp_usr_send(struct tcp_conn *c, const void *buf, size_t len, int flags);
long tcp_usr_recv(struct tcp_conn *c, void *buf, size_t len, int flags);
int tcp_usr_shutdown(struct tcp_conn *c, int how);
/* The application let go of c (its descriptor is released): graceful
 * close, or RST when unread data is left or linger is zero. */
void tcp_usr_close(struct tcp_conn *c);
void tcp_usr_abort(struct tcp_conn *c);
/* Returns and clears the pending error (SO_ERROR). */
int tcp_usr_take_error(struct tcp_conn *c);
int tcp_usr_setopt(struct tcp_conn *c, enum synack_option opt, int64_t v);
int tcp_usr_getopt(const struct tcp_conn *c, enum synack_option opt, int64_t *v);
void tcp_usr_info(struct tcp_conn *c, synack_info *out);

/* --- isn.c */
uint32_t tcp_isn(struct synack_stack *s, const synack_endpoint *local,
		 const synack_endpoint *remote);
uint32_t tcp_ts_offset(struct synack_stack *s, const synack_endpoint *local,
		       const synack_endpoint *remote);
uint32_t tcp_ts_now(const struct tcp_conn *c);

/* --- input.c: RFC 9293 3.10.7 */
struct tcp_segment_in {
	const struct tcp_header *th;
	synack_endpoint src, dst;   /* remote, local */
	const uint8_t *packet;      /* whole datagram, for events */
	size_t packet_len;
	uint8_t ecn;                /* the IP header's ECN field (RFC 3168) */
};
void tcp_input(struct synack_stack *s, const struct tcp_segment_in *in);
struct icmp_error;
/* An ICMP error about one of our segments (pkt: the ICMP datagram);
 * SYNACK_EINVAL if it was dropped. */
int tcp_icmp_error(struct synack_stack *s, const struct icmp_error *e, const uint8_t *pkt,
		   size_t len);
/* RFC 9293 3.10.7.4, for a connection in a synchronized state or
 * SYN-RECEIVED. */
void tcp_input_synchronized(struct tcp_conn *c, const struct tcp_segment_in *in);

void tcp_apply_syn_options(struct tcp_conn *c, const struct tcp_options *o, bool we_offered_all);
/* Our SYN offers MSS only (synack_settings.syn_plain_after): then no
 * other option is used, whatever the SYN,ACK says. */
bool tcp_syn_plain(const struct tcp_conn *c);

/* --- listen.c: LISTEN, the SYN queue, SYN cookies, accept */
void tcp_input_listen(struct tcp_conn *l, const struct tcp_segment_in *in);
/* A SYN for listener l; isn_floor (or NULL) is a sequence number the new
 * ISN must exceed (a 4-tuple reused from TIME-WAIT). */
void listen_syn(struct tcp_conn *l, const struct tcp_segment_in *in, const seq_t *isn_floor);
void listen_queue_remove(struct tcp_conn *c);
void listen_established(struct tcp_conn *c);
void listen_shutdown(struct tcp_conn *l);
struct tcp_conn *listen_accept(struct tcp_conn *l);

/* --- output.c */
/* Sends whatever the state, windows and queues allow. */
void tcp_output(struct tcp_conn *c);
/* One segment of new data and/or FIN, if the windows allow; true if sent. */
bool tcp_output_one(struct tcp_conn *c);
void tcp_send_ack(struct tcp_conn *c);
/* RST in answer to a segment (RFC 9293 3.10.7.1 numbers): for no connection (c
 * NULL), or for one that cannot accept it (c, so events name it). */
void tcp_send_rst_for(struct synack_stack *s, const struct tcp_segment_in *in,
		      struct tcp_conn *c, synack_reason reason);
/* RST carrying our current sequence number, to abort c. */
void tcp_send_rst(struct tcp_conn *c);
/* Challenge ACK (RFC 5961), rate limited per connection. */
void tcp_send_challenge_ack(struct tcp_conn *c);
/* Whether a segment that failed a check (sequence, PAWS, ACK of unsent
 * data) is answered with an ACK now, as RFC 9293 says, or the answer is
 * rate limited: only a pure ACK or a SYN is (an ACK war is made of
 * those), oow_ack_limit per oow_ack_interval_ns. */
bool tcp_oow_ack_allowed(struct tcp_conn *c, const struct tcp_header *th);
/* The same limit for any segment: an ACK of data never sent is answered
 * within it whatever the segment carries (Linux's challenge ACK there). */
bool tcp_oow_ack_take(struct tcp_conn *c);
/* Builds and emits one segment of c: flags, seq, and data from sndbuf at
 * sequence `seq` for `len` bytes. */
void tcp_emit(struct tcp_conn *c, seq_t seq, uint8_t flags, uint32_t len,
	      synack_reason why);
/* The most data one segment of c carries: the SMSS less the SACK blocks
 * an ACK would carry now. */
uint32_t tcp_seg_max(const struct tcp_conn *c);
/* Builds and emits a segment from a header (and data from a ring). c may
 * be NULL for segments that belong to no connection. */
void tcp_emit_raw(struct synack_stack *s, const synack_endpoint *src,
		  const synack_endpoint *dst, const struct tcp_header *h,
		  const struct ring *data, uint32_t data_off, uint32_t len,
		  uint8_t ip_ecn, struct tcp_conn *c, synack_reason why);
uint32_t tcp_rcv_window(struct tcp_conn *c);
bool tcp_window_update_due(struct tcp_conn *c);

/* One segment of data (and the FIN, if it is due there) at seq, without
 * moving snd_nxt, ending where the peer's SACK blocks begin: fast
 * retransmit and loss recovery. */
void tcp_retransmit_at(struct tcp_conn *c, seq_t seq, synack_reason why);
/* The same, up to max_len bytes whatever was SACKed. */
void tcp_retransmit_upto(struct tcp_conn *c, seq_t seq, uint32_t max_len, synack_reason why);

/* --- timers.c */
void tcp_timer_fire(struct tcp_conn *c, enum tcp_timer_kind k);
/* Guards outstanding data: arms the RTO (restarted if `restart`, RFC
 * 6298 5.1/5.3) and, with tail_loss_probe on, the probe timeout. */
void tcp_arm_rexmt(struct tcp_conn *c, bool restart);

/* --- rtt.c (RFC 6298) */
void rtt_sample(struct tcp_conn *c, uint64_t rtt);
void rtt_backoff(struct tcp_conn *c);
uint64_t rtt_current_rto(const struct tcp_conn *c);

/* --- cc.c (RFC 5681, RFC 6582) */
void cc_init(struct tcp_conn *c);
/* The ACK moved snd_una from old_una by `acked`. */
void cc_new_ack(struct tcp_conn *c, seq_t old_una, uint32_t acked);
void cc_dup_ack(struct tcp_conn *c);
void cc_timeout(struct tcp_conn *c);
uint32_t cc_flight(const struct tcp_conn *c);
uint32_t cc_send_window(const struct tcp_conn *c);
bool cc_sack_recovery(const struct tcp_conn *c);
/* An ACK with ECE on an ECN connection (RFC 3168 6.1.2). */
void cc_ecn_echo(struct tcp_conn *c);
/* Every ACK in SACK recovery, with the bytes it reports delivered
 * (RFC 6937 DeliveredData): sets cwnd for what may go now. */
void cc_prr_ack(struct tcp_conn *c, uint32_t delivered);
uint32_t cc_room(const struct tcp_conn *c);
void cc_note_retransmit(struct tcp_conn *c, seq_t seq);
void cc_sack_arrived(struct tcp_conn *c);
bool cc_recovery_send_one(struct tcp_conn *c);

/* --- sack.c: receiver ranges (RFC 2018) and sender scoreboard */
/* Records [left,right) as held out of order; false if no range is left. */
bool ooo_add(struct tcp_conn *c, seq_t left, seq_t right);
/* After rcv_nxt moved: returns bytes of held data now in order. */
uint32_t ooo_advance(struct tcp_conn *c);
size_t sack_blocks_for_ack(const struct tcp_conn *c, struct tcp_sack_block *out, size_t max);
void scoreboard_update(struct tcp_conn *c, const struct tcp_options *opt);
void scoreboard_ack(struct tcp_conn *c);
/* First byte at or after `from` not SACKed; sets *len to the hole size
 * (bounded by snd_max). */
seq_t scoreboard_next_hole(const struct tcp_conn *c, seq_t from, uint32_t *len);
bool scoreboard_sacked(const struct tcp_conn *c, seq_t seq);
seq_t scoreboard_highest(const struct tcp_conn *c);
seq_t scoreboard_lost_below(const struct tcp_conn *c);
uint32_t scoreboard_pipe(const struct tcp_conn *c);
/* Bytes above SND.UNA the peer has SACKed. */
uint32_t scoreboard_sacked_bytes(const struct tcp_conn *c);

#endif
