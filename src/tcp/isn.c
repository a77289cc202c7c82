/* Initial sequence numbers (RFC 6528) and timestamp offsets (RFC 7323 5.4). */
#include <string.h>

#include "core/stack.h"
#include "tcp/conn.h"
#include "util/siphash.h"

/* Hash input: the 4-tuple, laid out the same way every time. */
static size_t tuple_bytes(uint8_t *buf, const synack_endpoint *local,
			  const synack_endpoint *remote)
{
	size_t alen = local->addr.family == SYNACK_AF_INET ? 4 : 16;
	size_t n = 0;
	memcpy(buf + n, local->addr.bytes, alen);
	n += alen;
	memcpy(buf + n, remote->addr.bytes, alen);
	n += alen;
	buf[n++] = (uint8_t)(local->port >> 8);
	buf[n++] = (uint8_t)local->port;
	buf[n++] = (uint8_t)(remote->port >> 8);
	buf[n++] = (uint8_t)remote->port;
	return n;
}

uint32_t stack_hash_tuple(const struct synack_stack *s, const synack_endpoint *local,
			  const synack_endpoint *remote)
{
	uint8_t buf[40];
	size_t n = tuple_bytes(buf, local, remote);
	return (uint32_t)siphash24(&s->hash_key, buf, n);
}

/* RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, secret),
 * M a timer ticking every 4 microseconds, F a keyed hash. */
uint32_t tcp_isn(struct synack_stack *s, const synack_endpoint *local,
		 const synack_endpoint *remote)
{
	if (s->hooks.isn)
		return s->hooks.isn(s->hooks.user, local, remote);
	uint8_t buf[40];
	size_t n = tuple_bytes(buf, local, remote);
	uint32_t m = (uint32_t)(s->now / 4000);
	return m + (uint32_t)siphash24(&s->isn_key, buf, n);
}

uint32_t tcp_ts_offset(struct synack_stack *s, const synack_endpoint *local,
		       const synack_endpoint *remote)
{
	uint8_t buf[40];
	size_t n = tuple_bytes(buf, local, remote);
	return (uint32_t)siphash24(&s->ts_key, buf, n);
}

/* Timestamp clock: 1 ms ticks (RFC 7323 5.4 allows 1 ms to 1 s). */
uint32_t tcp_ts_now(const struct tcp_conn *c)
{
	return (uint32_t)(c->stack->now / 1000000u) + c->ts_offset;
}
