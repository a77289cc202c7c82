#include "util/timer.h"

static void place(struct timer_heap *h, uint32_t i, struct timer *t)
{
	h->items[i] = t;
	t->slot = i;
}

static void sift_up(struct timer_heap *h, uint32_t i)
{
	struct timer *t = h->items[i];
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (h->items[parent]->when <= t->when)
			break;
		place(h, i, h->items[parent]);
		i = parent;
	}
	place(h, i, t);
}

static void sift_down(struct timer_heap *h, uint32_t i)
{
	struct timer *t = h->items[i];
	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= h->len)
			break;
		if (child + 1 < h->len && h->items[child + 1]->when < h->items[child]->when)
			child++;
		if (t->when <= h->items[child]->when)
			break;
		place(h, i, h->items[child]);
		i = child;
	}
	place(h, i, t);
}

void timer_arm(struct timer_heap *h, struct timer *t, uint64_t when)
{
	if (timer_armed(t)) {
		uint64_t old = t->when;
		t->when = when;
		if (when < old)
			sift_up(h, t->slot);
		else
			sift_down(h, t->slot);
		return;
	}
	t->when = when;
	place(h, h->len++, t);
	sift_up(h, t->slot);
}

void timer_cancel(struct timer_heap *h, struct timer *t)
{
	if (!timer_armed(t))
		return;
	uint32_t i = t->slot;
	t->slot = TIMER_IDLE;
	h->len--;
	if (i == h->len)
		return;
	struct timer *last = h->items[h->len];
	place(h, i, last);
	if (i > 0 && h->items[(i - 1) / 2]->when > last->when)
		sift_up(h, i);
	else
		sift_down(h, i);
}
