/* Timers in a binary min-heap keyed by deadline: arming, re-arming and
 * cancelling cost O(log n); the earliest deadline is read in O(1).
 * A timer is embedded in its owner and knows its heap slot. */
#ifndef SYNACK_UTIL_TIMER_H
#define SYNACK_UTIL_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMER_IDLE UINT32_MAX

struct timer {
	uint64_t when;
	uint32_t slot;  /* index in the heap, TIMER_IDLE when not armed */
	uint8_t kind;   /* what the owner does when it fires */
};

struct timer_heap {
	struct timer **items;
	uint32_t len, cap;
};

static inline void timer_init(struct timer *t, uint8_t kind)
{
	t->when = 0;
	t->slot = TIMER_IDLE;
	t->kind = kind;
}

static inline bool timer_armed(const struct timer *t) { return t->slot != TIMER_IDLE; }

/* The heap must have room (see timer_heap_reserve): arming never allocates. */
void timer_arm(struct timer_heap *h, struct timer *t, uint64_t when);
void timer_cancel(struct timer_heap *h, struct timer *t);
/* Earliest armed timer, or NULL. */
static inline struct timer *timer_first(const struct timer_heap *h)
{
	return h->len ? h->items[0] : NULL;
}

#endif
