#include "util/ring.h"

#include <string.h>

static uint32_t wrap(const struct ring *r, uint32_t i)
{
	return i >= r->cap ? i - r->cap : i;
}

void ring_write_at(struct ring *r, uint32_t off, const void *data, uint32_t n)
{
	if (n == 0)
		return;
	uint32_t start = wrap(r, r->head + off % r->cap);
	uint32_t first = r->cap - start < n ? r->cap - start : n;
	memcpy(r->buf + start, data, first);
	memcpy(r->buf, (const uint8_t *)data + first, n - first);
}

uint32_t ring_write(struct ring *r, const void *data, uint32_t n)
{
	if (n > ring_free(r))
		n = ring_free(r);
	if (n == 0)
		return 0;
	ring_write_at(r, r->len, data, n);
	r->len += n;
	return n;
}

void ring_copy_out(const struct ring *r, uint32_t off, void *out, uint32_t n)
{
	if (n == 0)
		return;
	uint32_t start = wrap(r, r->head + off % r->cap);
	uint32_t first = r->cap - start < n ? r->cap - start : n;
	memcpy(out, r->buf + start, first);
	memcpy((uint8_t *)out + first, r->buf, n - first);
}

void ring_consume(struct ring *r, uint32_t n)
{
	/* head keeps moving even when the ring empties: out-of-order data
	 * may sit beyond len, at offsets counted from head. */
	r->head = wrap(r, r->head + n);
	r->len -= n;
}
