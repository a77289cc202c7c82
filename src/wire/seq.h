/* Wrap-safe 32-bit TCP sequence numbers (RFC 9293 3.4).
 *
 * A distinct struct type, so that a raw `<` on sequence numbers does not
 * compile: every comparison goes through modular arithmetic. */
#ifndef SYNACK_WIRE_SEQ_H
#define SYNACK_WIRE_SEQ_H

#include <stdbool.h>
#include <stdint.h>

typedef struct seq {
	uint32_t v;
} seq_t;

static inline seq_t seq_of(uint32_t v) { return (seq_t){v}; }
static inline seq_t seq_add(seq_t a, uint32_t n) { return (seq_t){a.v + n}; }
static inline seq_t seq_sub(seq_t a, uint32_t n) { return (seq_t){a.v - n}; }
/* a - b as a signed distance; meaningful while |a - b| < 2^31. */
static inline int32_t seq_diff(seq_t a, seq_t b) { return (int32_t)(a.v - b.v); }
static inline bool seq_eq(seq_t a, seq_t b) { return a.v == b.v; }
static inline bool seq_lt(seq_t a, seq_t b) { return seq_diff(a, b) < 0; }
static inline bool seq_le(seq_t a, seq_t b) { return seq_diff(a, b) <= 0; }
static inline bool seq_gt(seq_t a, seq_t b) { return seq_diff(a, b) > 0; }
static inline bool seq_ge(seq_t a, seq_t b) { return seq_diff(a, b) >= 0; }
/* lo <= x < hi */
static inline bool seq_in(seq_t x, seq_t lo, seq_t hi)
{
	return seq_le(lo, x) && seq_lt(x, hi);
}
static inline seq_t seq_max(seq_t a, seq_t b) { return seq_gt(a, b) ? a : b; }
static inline seq_t seq_min(seq_t a, seq_t b) { return seq_lt(a, b) ? a : b; }
/* Bytes from a up to b, for a <= b. */
static inline uint32_t seq_len(seq_t a, seq_t b) { return b.v - a.v; }

#endif
