/* The building blocks: byte ring, timer heap, SipHash. */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "util/ring.h"
#include "util/siphash.h"
#include "util/timer.h"

/* Regression: emptying the ring used to move head back to 0, so data
 * written out of order beyond len (offsets count from head) was read
 * back from the wrong place.  Found by the 10 MiB lossy bulk test. */
static void util_ring_out_of_order_survives_draining(void **state)
{
	(void)state;
	uint8_t mem[16];
	struct ring r = {.buf = mem, .cap = sizeof mem};
	uint8_t out[8];
	assert_int_equal(ring_write(&r, "abcde", 5), 5);
	ring_write_at(&r, 5 + 3, "XYZ", 3); /* held out of order, 3 bytes past the end */
	ring_copy_out(&r, 0, out, 5);
	ring_consume(&r, 5); /* the reader drains everything in order */
	assert_int_equal(r.len, 0);
	ring_write_at(&r, 0, "fgh", 3); /* the hole is filled */
	ring_commit(&r, 6);
	ring_copy_out(&r, 0, out, 6);
	assert_memory_equal(out, "fghXYZ", 6);
}

static void util_ring_wraps(void **state)
{
	(void)state;
	uint8_t mem[7];
	struct ring r = {.buf = mem, .cap = sizeof mem};
	uint8_t out[7];
	for (int round = 0; round < 20; round++) {
		assert_int_equal(ring_write(&r, "0123456789", 10), 7);
		assert_int_equal(ring_free(&r), 0);
		ring_copy_out(&r, 2, out, 5);
		assert_memory_equal(out, "23456", 5);
		ring_consume(&r, 4);
		assert_int_equal(ring_write(&r, "ab", 2), 2);
		ring_copy_out(&r, 0, out, 5);
		assert_memory_equal(out, "456ab", 5);
		ring_consume(&r, 5);
		assert_int_equal(ring_write(&r, "", 0), 0);
	}
}

static void util_timer_heap_orders_and_cancels(void **state)
{
	(void)state;
	enum { N = 500 };
	struct timer t[N];
	struct timer *items[N];
	struct timer_heap h = {.items = items, .cap = N};
	uint64_t rng = 99;
	for (int i = 0; i < N; i++) {
		timer_init(&t[i], 0);
		rng = rng * 6364136223846793005ull + 1;
		timer_arm(&h, &t[i], rng >> 40);
	}
	/* re-arm a third, cancel a third */
	for (int i = 0; i < N; i += 3) {
		rng = rng * 6364136223846793005ull + 1;
		timer_arm(&h, &t[i], rng >> 40);
	}
	for (int i = 1; i < N; i += 3)
		timer_cancel(&h, &t[i]);
	assert_int_equal(h.len, N - (N + 1) / 3);
	uint64_t last = 0;
	unsigned n = 0;
	while (timer_first(&h)) {
		struct timer *f = timer_first(&h);
		assert_true(f->when >= last);
		last = f->when;
		timer_cancel(&h, f);
		assert_false(timer_armed(f));
		n++;
	}
	assert_int_equal(n, N - (N + 1) / 3);
}

static void util_siphash_reference_vector(void **state)
{
	(void)state;
	/* From the SipHash paper, appendix A: key 00..0f, message 00..0e. */
	struct siphash_key k = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
	uint8_t msg[15];
	for (int i = 0; i < 15; i++)
		msg[i] = (uint8_t)i;
	assert_int_equal(siphash24(&k, msg, sizeof msg), 0xa129ca6149be45e5ull);
}

GROUP(util,
      cmocka_unit_test(util_ring_out_of_order_survives_draining),
      cmocka_unit_test(util_ring_wraps),
      cmocka_unit_test(util_timer_heap_orders_and_cancels),
      cmocka_unit_test(util_siphash_reference_vector))
