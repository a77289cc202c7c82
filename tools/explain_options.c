/* The text of a segment's options, window and SACK blocks, for the
 * {opts}, {win} and {sack} of the sentences (RFC 7323 window scale and
 * timestamps, RFC 2018 SACK). */
#include "explain_int.h"

#include <inttypes.h>
#include <stdio.h>

/* The window scale `side` announced in its SYN of this incarnation; -1 if
 * none, -2 if the SYNs were not seen. */
static int wscale_of(const struct ctx *c, int side)
{
	for (unsigned j = c->i + 1; j-- > c->start;) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && r->from == side && has(r, SYNACK_TH_SYN) &&
		    !has(r, SYNACK_TH_RST))
			return r->seg.wscale;
	}
	return -2;
}

bool sack_on(const struct ctx *c)
{
	bool offered[2] = {false, false}, seen[2] = {false, false};
	for (unsigned j = c->start; j <= c->i && j < c->n; j++) {
		const struct ladder_row *r = row(c, j);
		if (on_conn(c, r) && has(r, SYNACK_TH_SYN) && !has(r, SYNACK_TH_RST) &&
		    !r->injected && !seen[r->from]) {
			seen[r->from] = true;
			offered[r->from] = r->seg.sack_permitted;
		}
	}
	return offered[0] && offered[1];
}

static void window_text(struct ctx *c)
{
	const synack_segment *g = &c->r->seg;
	const char *bytes = zh(c) ? " 字节" : " bytes";
	if (g->flags & SYNACK_TH_SYN) {
		setv(c, V_WIN, "%u%s", g->window, bytes);
		return;
	}
	int mine = wscale_of(c, c->s), theirs = wscale_of(c, c->rv);
	if (mine == -2 || theirs == -2) {
		setv(c, V_WIN, zh(c) ? "%u（字段值，未见到 SYN 中的扩大因子）" :
				       "%u (field value; the SYNs with the scale were not seen)",
		     g->window);
	} else if (mine >= 0 && theirs >= 0 && mine > 0) {
		uint64_t w = (uint64_t)g->window << (mine > 14 ? 14 : mine);
		setv(c, V_WIN, zh(c) ? "%" PRIu64 "%s（%u << %d）" : "%" PRIu64 "%s (%u << %d)", w,
		     bytes, g->window, mine);
	} else {
		setv(c, V_WIN, "%u%s", g->window, bytes);
	}
}

static void opts_text(struct ctx *c)
{
	const synack_segment *g = &c->r->seg;
	const char *sep = zh(c) ? "、" : ", ";
	char *o = c->var[V_OPTS];
	size_t k = 0;
	o[0] = 0;
#define ADD_OPT(...)                                                                    \
	do {                                                                            \
		if (k && k < VAR_LEN) {                                                 \
			int w_ = snprintf(o + k, VAR_LEN - k, "%s", sep);               \
			k += w_ > 0 ? (size_t)w_ : 0;                                   \
		}                                                                       \
		if (k < VAR_LEN) {                                                      \
			int w_ = snprintf(o + k, VAR_LEN - k, __VA_ARGS__);             \
			k += w_ > 0 ? (size_t)w_ : 0;                                   \
		}                                                                       \
	} while (0)
	if (g->mss)
		ADD_OPT("MSS %u", g->mss);
	if (g->sack_permitted)
		ADD_OPT("%s", zh(c) ? "允许 SACK" : "SACK permitted");
	if (g->has_ts)
		ADD_OPT("%s", zh(c) ? "时间戳" : "timestamps");
	if (g->wscale >= 0)
		ADD_OPT(zh(c) ? "窗口扩大因子 %d" : "window scale %d", g->wscale);
#undef ADD_OPT
	if (!o[0])
		snprintf(o, VAR_LEN, "%s", zh(c) ? "无" : "none");
}

/* ", and its SACK blocks report 2897-4344 already received": ranges
 * inclusive, like "seq = 1 to 1448" elsewhere (a block's right edge is
 * the first byte after it) */
static void sack_text(struct ctx *c)
{
	const struct ladder_row *r = c->r;
	const synack_segment *g = &r->seg;
	char *o = c->var[V_SACK];
	o[0] = 0;
	if (!g->sack_count)
		return;
	uint32_t base = r->rel_ack_known ? g->ack - r->rel_ack : 0;
	size_t k = 0;
	int w = snprintf(o, VAR_LEN, "%s",
			 zh(c) ? "，其 SACK 块报告已收到 " : ", and its SACK blocks report ");
	k = w > 0 ? (size_t)w : 0;
	for (int b = 0; b < g->sack_count && b < 4 && k < VAR_LEN; b++) {
		w = snprintf(o + k, VAR_LEN - k, "%s%" PRIu32 "-%" PRIu32,
			     b ? (zh(c) ? "、" : ", ") : "", g->sack[b][0] - base,
			     g->sack[b][1] - base - 1);
		k += w > 0 ? (size_t)w : 0;
	}
	if (!zh(c) && k < VAR_LEN)
		snprintf(o + k, VAR_LEN - k, " already received");
}

void options_vars(struct ctx *c)
{
	window_text(c);
	opts_text(c);
	sack_text(c);
}
