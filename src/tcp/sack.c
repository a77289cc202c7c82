/* Selective acknowledgment (RFC 2018): the receiver's out-of-order ranges
 * and the SACK blocks built from them; the sender's scoreboard of what
 * the peer reported holding. */
#include <string.h>

#include "core/stack.h"
#include "tcp/conn.h"

/* Inserts [left,right) into a sorted array of disjoint ranges, merging
 * neighbours.  Returns the index of the range that now holds it, or -1
 * if the array is full. */
static int ranges_add(struct seq_range *r, uint8_t *count, uint8_t max, seq_t left, seq_t right)
{
	uint8_t n = *count;
	uint8_t i = 0;
	while (i < n && seq_lt(r[i].right, left))
		i++;
	/* r[i] is the first range that ends at or after `left` */
	if (i < n && seq_le(r[i].left, right)) {
		r[i].left = seq_min(r[i].left, left);
		r[i].right = seq_max(r[i].right, right);
		/* swallow the ranges it now reaches */
		uint8_t j = (uint8_t)(i + 1);
		while (j < n && seq_le(r[j].left, r[i].right)) {
			r[i].right = seq_max(r[i].right, r[j].right);
			j++;
		}
		memmove(&r[i + 1], &r[j], (size_t)(n - j) * sizeof *r);
		*count = (uint8_t)(n - (j - i - 1));
		return i;
	}
	if (n == max)
		return -1;
	memmove(&r[i + 1], &r[i], (size_t)(n - i) * sizeof *r);
	r[i].left = left;
	r[i].right = right;
	*count = (uint8_t)(n + 1);
	return i;
}

bool ooo_add(struct tcp_conn *c, seq_t left, seq_t right)
{
	int i = ranges_add(c->ooo, &c->ooo_count, OOO_RANGES, left, right);
	if (i < 0)
		return false;
	c->ooo[i].stamp = ++c->ooo_clock;
	return true;
}

uint32_t ooo_advance(struct tcp_conn *c)
{
	seq_t cursor = c->rcv_nxt;
	while (c->ooo_count && seq_le(c->ooo[0].left, cursor)) {
		cursor = seq_max(cursor, c->ooo[0].right);
		memmove(&c->ooo[0], &c->ooo[1], (size_t)(c->ooo_count - 1) * sizeof c->ooo[0]);
		c->ooo_count--;
	}
	return seq_len(c->rcv_nxt, cursor);
}

/* RFC 2018 4: the first block holds the segment that triggered the ACK
 * (the range extended last); the others follow most recent first. */
size_t sack_blocks_for_ack(const struct tcp_conn *c, struct tcp_sack_block *out, size_t max)
{
	bool used[OOO_RANGES] = {false};
	size_t n = 0;
	while (n < max && n < c->ooo_count) {
		int best = -1;
		for (int i = 0; i < c->ooo_count; i++)
			if (!used[i] && (best < 0 || c->ooo[i].stamp > c->ooo[best].stamp))
				best = i;
		used[best] = true;
		out[n++] = (struct tcp_sack_block){c->ooo[best].left.v, c->ooo[best].right.v};
	}
	return n;
}

void scoreboard_update(struct tcp_conn *c, const struct tcp_options *opt)
{
	for (uint8_t b = 0; b < opt->sack_count; b++) {
		seq_t left = seq_of(opt->sack[b].left), right = seq_of(opt->sack[b].right);
		/* Ignore blocks that are empty, below SND.UNA (D-SACK) or
		 * beyond anything sent. */
		if (!seq_lt(left, right) || seq_le(left, c->snd_una) || seq_gt(right, c->snd_max))
			continue;
		if (ranges_add(c->sacked, &c->sacked_count, SACK_HOLES, left, right) < 0) {
			/* full: the highest range matters least for recovery */
			c->sacked_count--;
			ranges_add(c->sacked, &c->sacked_count, SACK_HOLES, left, right);
		}
	}
}

void scoreboard_ack(struct tcp_conn *c)
{
	uint8_t drop = 0;
	while (drop < c->sacked_count && seq_le(c->sacked[drop].right, c->snd_una))
		drop++;
	if (drop) {
		memmove(&c->sacked[0], &c->sacked[drop],
			(size_t)(c->sacked_count - drop) * sizeof c->sacked[0]);
		c->sacked_count = (uint8_t)(c->sacked_count - drop);
	}
	if (c->sacked_count && seq_lt(c->sacked[0].left, c->snd_una))
		c->sacked[0].left = c->snd_una;
}

seq_t scoreboard_next_hole(const struct tcp_conn *c, seq_t from, uint32_t *len)
{
	seq_t cursor = from;
	for (uint8_t i = 0; i < c->sacked_count; i++) {
		const struct seq_range *r = &c->sacked[i];
		if (seq_le(r->right, cursor))
			continue;
		if (seq_le(r->left, cursor)) {
			cursor = r->right;
			continue;
		}
		*len = seq_len(cursor, r->left);
		return cursor;
	}
	*len = UINT32_MAX;
	return cursor;
}

bool scoreboard_sacked(const struct tcp_conn *c, seq_t seq)
{
	for (uint8_t i = 0; i < c->sacked_count; i++)
		if (seq_in(seq, c->sacked[i].left, c->sacked[i].right))
			return true;
	return false;
}

seq_t scoreboard_highest(const struct tcp_conn *c)
{
	return c->sacked_count ? c->sacked[c->sacked_count - 1].right : c->snd_una;
}

/* RFC 6675 IsLost(): an unSACKed octet is presumed lost when more than
 * (DupThresh - 1) * SMSS bytes, or DupThresh discontiguous ranges, are
 * SACKed above it.  That holds for every hole below the left edge of the
 * range (counting from the top) at which the sum first qualifies;
 * returns that edge (SND.UNA: nothing is lost). */
seq_t scoreboard_lost_below(const struct tcp_conn *c)
{
	uint32_t above = 0, limit = (TCP_DUPTHRESH - 1) * conn_smss(c);
	for (int i = c->sacked_count - 1; i >= 0; i--) {
		above += seq_len(c->sacked[i].left, c->sacked[i].right);
		if (above > limit || c->sacked_count - i >= TCP_DUPTHRESH)
			return c->sacked[i].left;
	}
	return c->snd_una;
}

static uint32_t part_below(seq_t a, seq_t b, seq_t x)
{
	if (seq_le(x, a))
		return 0;
	return seq_ge(x, b) ? seq_len(a, b) : seq_len(a, x);
}

static uint32_t hole_pipe(seq_t a, seq_t b, seq_t lost_below, seq_t high_rxt)
{
	if (!seq_lt(a, b))
		return 0;
	/* an octet counts once in flight unless presumed lost, and once
	 * more if it was retransmitted */
	return seq_len(a, b) - part_below(a, b, lost_below) + part_below(a, b, high_rxt);
}

uint32_t scoreboard_sacked_bytes(const struct tcp_conn *c)
{
	uint32_t n = 0;
	for (uint8_t i = 0; i < c->sacked_count; i++)
		if (seq_gt(c->sacked[i].right, c->snd_una))
			n += seq_len(seq_max(c->sacked[i].left, c->snd_una), c->sacked[i].right);
	return n;
}

/* RFC 6675 SetPipe(): the sender's estimate of bytes in the network. */
uint32_t scoreboard_pipe(const struct tcp_conn *c)
{
	seq_t lost_below = scoreboard_lost_below(c);
	seq_t high_rxt = seq_max(c->rexmit_high, c->snd_una);
	seq_t cursor = c->snd_una;
	uint32_t pipe = 0;
	for (uint8_t i = 0; i < c->sacked_count; i++) {
		pipe += hole_pipe(cursor, c->sacked[i].left, lost_below, high_rxt);
		cursor = seq_max(cursor, c->sacked[i].right);
	}
	return pipe + hole_pipe(cursor, c->snd_max, lost_below, high_rxt);
}
