/* The stack object: everything a stack owns hangs off it.  No globals. */
#ifndef SYNACK_CORE_STACK_H
#define SYNACK_CORE_STACK_H

#include <stdarg.h>
#include <stdint.h>

#include "synack.h"
#include "tcp/conn.h"
#include "util/siphash.h"
#include "util/timer.h"

#define MAX_ADDRESSES 8
#define LISTEN_BUCKETS 256
#define BIND_BUCKETS 1024

struct synack_stack {
	synack_settings cfg;
	const struct tcp_policy *policy; /* cfg.personality's table */
	synack_hooks hooks;
	uint64_t now;

	synack_addr addrs[MAX_ADDRESSES];
	uint32_t naddrs;

	/* descriptors */
	struct tcp_conn **fds;
	uint32_t fds_cap;
	int *fd_free;           /* stack of free descriptors */
	uint32_t fd_free_len;
	uint32_t fds_used;      /* high-water mark of descriptors handed out */
	uint32_t sockets_live;

	/* connections by 4-tuple, listeners by port, bindings by port */
	struct tcp_conn **conn_hash;
	uint32_t conn_hash_mask;
	uint32_t conns_hashed;
	uint32_t conns_live;
	struct tcp_conn *all;   /* every control block */
	struct tcp_conn *flush_head; /* owed an ACK or a readiness report */
	bool flushing;
	struct tcp_conn *listen_hash[LISTEN_BUCKETS];
	struct tcp_conn *bind_hash[BIND_BUCKETS];

	struct timer_heap timers;

	/* datagrams waiting for synack_output() */
	uint8_t *txq;
	uint32_t *txq_lens;
	uint32_t txq_head, txq_count, txq_slot;
	uint8_t *scratch;       /* build buffer when an output function is set */
	synack_output_fn output;
	void *output_user;

	struct siphash_key isn_key, hash_key, cookie_key, ts_key;
	uint16_t ip_id;
	uint32_t next_conn_id;
	uint32_t ephemeral_next;
	uint16_t mss_default;   /* from the MTU */

	/* Datagram numbers (synack_event.datagram) and what the stack is
	 * doing now, for the events (synack_event.cause, .trigger). */
	uint64_t datagrams;
	uint64_t cause;
	synack_trigger trigger;

	synack_stats stats;
};

#define STAT_INC(s, name) ((s)->stats.name++)

void *stack_alloc(struct synack_stack *s, size_t size);
void stack_free(struct synack_stack *s, void *p);
void stack_log(struct synack_stack *s, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool stack_is_local(const struct synack_stack *s, const synack_addr *a);
/* Reserves heap room for `more` further timers (called when a control
 * block is created, so arming a timer never allocates). */
int stack_reserve_timers(struct synack_stack *s, uint32_t more);
uint32_t stack_hash_tuple(const struct synack_stack *s, const synack_endpoint *local,
			  const synack_endpoint *remote);

/* Output: a slot to build a datagram of up to mtu bytes into, then send. */
uint8_t *stack_tx_begin(struct synack_stack *s);
/* Numbers one datagram received and makes it the cause of what follows,
 * until stack_input_end(); returns the trigger and cause to restore. */
void stack_input_begin(struct synack_stack *s, uint64_t *saved_cause, synack_trigger *saved);
void stack_input_end(struct synack_stack *s, uint64_t saved_cause, synack_trigger saved);
void stack_tx_commit(struct synack_stack *s, uint8_t *pkt, size_t len,
		     struct tcp_conn *c, synack_reason why);

/* Events */
void stack_event_state(struct synack_stack *s, const struct tcp_conn *c,
		       synack_state from, synack_state to, synack_reason reason);
void stack_event_segment(struct synack_stack *s, enum synack_event_kind kind,
			 const struct tcp_conn *c, const uint8_t *pkt, size_t len,
			 synack_reason reason);
void stack_event_ready(struct synack_stack *s, uint32_t conn, int fd, uint32_t mask);

#endif
