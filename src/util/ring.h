/* A byte ring of fixed capacity.  The send buffer keeps unacknowledged and
 * unsent bytes in one; the receive buffer keeps readable bytes followed by
 * room where out-of-order data is written at its offset. */
#ifndef SYNACK_UTIL_RING_H
#define SYNACK_UTIL_RING_H

#include <stdint.h>

struct ring {
	uint8_t *buf;
	uint32_t cap;
	uint32_t head; /* index of the first byte */
	uint32_t len;  /* bytes held from head */
};

static inline uint32_t ring_free(const struct ring *r) { return r->cap - r->len; }

/* Appends up to n bytes; returns how many fit. */
uint32_t ring_write(struct ring *r, const void *data, uint32_t n);
/* Writes n bytes at offset off from head, without changing len.
 * Requires off + n <= cap. */
void ring_write_at(struct ring *r, uint32_t off, const void *data, uint32_t n);
/* Copies n bytes starting off bytes after head.  Requires off + n <= cap. */
void ring_copy_out(const struct ring *r, uint32_t off, void *out, uint32_t n);
/* Drops n bytes from the front (n <= len). */
void ring_consume(struct ring *r, uint32_t n);
/* Adds n bytes already written with ring_write_at() to len. */
static inline void ring_commit(struct ring *r, uint32_t n) { r->len += n; }

#endif
