/* Round-trip time estimation and the retransmission timeout (RFC 6298). */
#include "core/stack.h"
#include "tcp/conn.h"

#define CLOCK_GRANULARITY_NS 1000000ull /* G: 1 ms */

static uint64_t clamp_rto(const struct tcp_conn *c, uint64_t rto)
{
	const synack_settings *cfg = &c->stack->cfg;
	if (rto < cfg->min_rto_ns)
		return cfg->min_rto_ns;
	if (rto > cfg->max_rto_ns)
		return cfg->max_rto_ns;
	return rto;
}

void rtt_sample(struct tcp_conn *c, uint64_t r)
{
	if (!c->has_rtt) {
		/* 2.2: the first measurement */
		c->srtt = r;
		c->rttvar = r / 2;
		c->has_rtt = true;
	} else {
		/* 2.3: beta = 1/4, alpha = 1/8 */
		uint64_t dev = c->srtt > r ? c->srtt - r : r - c->srtt;
		c->rttvar = (3 * c->rttvar + dev) / 4;
		c->srtt = (7 * c->srtt + r) / 8;
	}
	uint64_t var = 4 * c->rttvar;
	c->rto = clamp_rto(c, c->srtt + (var > CLOCK_GRANULARITY_NS ? var : CLOCK_GRANULARITY_NS));
}

/* 5.5: the timer backs off by doubling, up to the maximum. */
uint64_t rtt_current_rto(const struct tcp_conn *c)
{
	uint64_t rto = c->rto;
	for (uint32_t i = 0; i < c->backoff && rto < c->stack->cfg.max_rto_ns; i++)
		rto *= 2;
	return clamp_rto(c, rto);
}
