/* The ladder as an SVG 1.1 picture.
 *
 * Time runs down, DELAY_PX per typical one-way delay, so arrows slant
 * with their delay.  A segment's label needs LABEL_PX and a state box
 * BOX_PX, so sends at one instant are pushed apart, and everything after
 * them moves down too; an arrival is drawn its own delay below its send,
 * so a burst stays a set of parallel arrows.  An idle gap longer than
 * GAP_MAX_PX becomes a break of BREAK_PX with the elapsed time written on
 * it, so a 60 s TIME-WAIT does not stretch the picture.
 *
 * All geometry is in whole pixels and every number is printed as an
 * integer: the same ladder gives the same bytes under any locale. */
#include "svg.h"

#include "cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

enum {
	WIDTH = 960,
	LEFT_X = 210,     /* the two timelines */
	RIGHT_X = 830,
	TIME_X = 90,      /* right edge of the time column */
	TITLE_Y = 26,     /* the title's first line; a long one takes two */
	TITLE_LINE = 20,
	HEAD_Y = 78,      /* side names */
	INITIAL_Y = 104,  /* each side's state before anything happens */
	TOP_Y = 128,      /* the first event */
	DELAY_PX = 80,    /* a typical one-way delay: arrows slant clearly */
	GAP_MAX_PX = 200, /* an idle gap longer than this becomes a break */
	BREAK_PX = 64,
	STEP_PX = 6,      /* between two events on one timeline */
	LABEL_PX = 22,    /* between two labels: 11 px text above each arrow */
	WHY_PX = 12,      /* more below an arrow with its reason under it */
	BOX_PX = 20,      /* between two state boxes on one timeline */
	BOX_W = 104,
	BOX_H = 16,
	INSET = 22,       /* from the sender's timeline to its label */
	LOST_END_PX = DELAY_PX / 2 + 16, /* from a lost segment's start to below its cross */
};

#define NO_CONN SYNACK_STATE_COUNT /* delivered, but no connection took it */

/* ----------------------------------------------------------------- text */

void svg_put_xml(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t n = cli_utf8_next(p, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0xfffe ||
		    cp == 0xffff) {
			fputs("\xef\xbf\xbd", out);
			p += n ? n : 1;
			continue;
		}
		const char *ent = cp == '&'    ? "&amp;"
				  : cp == '<'  ? "&lt;"
				  : cp == '>'  ? "&gt;"
				  : cp == '"'  ? "&quot;"
				  : cp == '\'' ? "&apos;"
						: NULL;
		if (ent)
			fputs(ent, out);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
}

/* "1.234567": seconds, to the microsecond, as the text ladder prints. */
static void fmt_seconds(char *buf, size_t n, uint64_t ns)
{
	uint64_t us = ns / 1000 + (ns % 1000 >= 500);
	snprintf(buf, n, "%" PRIu64 ".%06" PRIu64, us / 1000000, us % 1000000);
}

/* "60.000 s", "190.000 ms", "12.500 µs", "800 ns" */
static void fmt_elapsed(char *buf, size_t n, uint64_t ns)
{
	static const struct {
		uint64_t unit;
		const char *name;
	} units[] = {{1000000000, "s"}, {1000000, "ms"}, {1000, "\xc2\xb5s"}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		uint64_t step = units[i].unit / 1000;
		if (ns < units[i].unit)
			continue;
		uint64_t v = ns / step + (ns % step >= step / 2 && step > 1);
		snprintf(buf, n, "%" PRIu64 ".%03" PRIu64 " %s", v / 1000, v % 1000, units[i].name);
		return;
	}
	snprintf(buf, n, "%" PRIu64 " ns", ns);
}

static bool lost(const struct ladder_row *r)
{
	return r->fate == SYNACK_SIM_LOST || r->fate == SYNACK_SIM_DROPPED;
}

/* Colours by what the segment does: opening, closing, resetting, data. */
static const struct kind {
	const char *name, *color;
} kinds[] = {
	{"syn", "#1a7f37"}, {"fin", "#0969da"},  {"rst", "#cf222e"},
	{"data", "#24292f"}, {"ack", "#6e7781"}, {"other", "#8c959f"},
};

static const struct kind *kind_of(const struct ladder_row *r)
{
	uint8_t f = r->seg.flags;
	if (!r->parsed)
		return &kinds[5];
	if (f & SYNACK_TH_RST)
		return &kinds[2];
	if (f & SYNACK_TH_SYN)
		return &kinds[0];
	if (f & SYNACK_TH_FIN)
		return &kinds[1];
	return r->seg.len ? &kinds[3] : &kinds[4];
}

/* "SYN,ACK seq=0 ack=1 len=0": relative numbers where known. */
static void fmt_label(const struct ladder_row *r, char *buf, size_t n)
{
	const synack_segment *s = &r->seg;
	char flags[40];
	if (!r->parsed) {
		snprintf(buf, n, "(not a TCP segment)");
		return;
	}
	synack_flags_format(s->flags, flags, sizeof flags);
	char ack[24] = "";
	if (s->flags & SYNACK_TH_ACK)
		snprintf(ack, sizeof ack, " ack=%" PRIu32, r->rel_ack_known ? r->rel_ack : s->ack);
	snprintf(buf, n, "%s seq=%" PRIu32 "%s len=%" PRIu32, flags,
		 r->rel_seq_known ? r->rel_seq : s->seq, ack, s->len);
}

/* The sender's reason when it says more than the flags do, as the text
 * ladder shows it; "" if not. */
static void fmt_why(const struct ladder_row *r, char *buf, size_t n)
{
	const char *why = ladder_why_text(r, LADDER_EN);
	char attempt[96] = "";
	ladder_attempt_text(r, LADDER_EN, attempt, sizeof attempt);
	snprintf(buf, n, "%s%s%s%s%s", why ? why : "", why && attempt[0] ? ", " : "", attempt,
		 (why || attempt[0]) && r->deliveries > 1 ? ", " : "",
		 r->deliveries > 1 ? "delivered twice" : "");
}

/* --------------------------------------------------------------- layout */

enum ev_kind { EV_SEND, EV_END, EV_NOTE }; /* EV_END: an arrival */

struct ev {
	uint64_t t;
	int phase; /* at one time: arrivals (0) before what they cause (1) */
	unsigned row;
	enum ev_kind kind;
};

struct box {
	int64_t y;
	int side;
	int state; /* or NO_CONN */
	bool timer;
};

struct gap {
	int64_t y; /* middle of the break */
	uint64_t dt;
};

struct layout {
	uint64_t delay; /* typical one-way delay, ns */
	int64_t *y0, *y1; /* per row: where its arrow starts and ends */
	struct box *boxes;
	struct gap *gaps;
	unsigned nboxes, ngaps;
	int64_t bottom;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->phase != y->phase)
		return x->phase - y->phase;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* The median one-way delay of the segments that arrived; with none (or
 * a zero-delay link) 1 ms, only to have a scale. */
static int typical_delay(const struct ladder *l, uint64_t *delay)
{
	unsigned n = ladder_count(l), k = 0;
	uint64_t *d = malloc((n + 1) * sizeof *d);
	if (!d)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!r->note && r->arrived != UINT64_MAX && r->arrived >= r->sent)
			d[k++] = r->arrived - r->sent;
	}
	qsort(d, k, sizeof *d, cmp_u64);
	*delay = k && d[k / 2] ? d[k / 2] : 1000000;
	free(d);
	return 0;
}

/* Pixels for an idle time; GAP_MAX_PX + 1 for anything longer. */
static int64_t span_px(uint64_t dt, uint64_t delay)
{
	if (dt / delay > GAP_MAX_PX / DELAY_PX)
		return GAP_MAX_PX + 1;
	return (int64_t)(dt * DELAY_PX / delay);
}

/* The state an event leaves its side in, and that side; -1 for a side
 * whose states are unknown. */
static int shown_state(const struct ladder *l, const struct ladder_row *r, enum ev_kind kind,
		       int *side)
{
	*side = kind == EV_END ? 1 - r->from : r->from;
	if (ladder_side_opaque(l, *side))
		return -1;
	if (kind == EV_NOTE)
		return (int)r->note_to;
	if (kind == EV_SEND)
		return r->injected ? -1 : (int)r->sender_state;
	return r->receiver_known ? (int)r->receiver_state : NO_CONN;
}

static void layout_free(struct layout *g)
{
	free(g->y0);
	free(g->y1);
	free(g->boxes);
	free(g->gaps);
}

static int layout(const struct ladder *l, struct layout *g)
{
	unsigned n = ladder_count(l), nev = 0;
	memset(g, 0, sizeof *g);
	struct ev *evs = malloc((2 * (size_t)n + 1) * sizeof *evs);
	g->y0 = calloc(n + 1, sizeof *g->y0);
	g->y1 = calloc(n + 1, sizeof *g->y1);
	g->boxes = malloc((2 * (size_t)n + 1) * sizeof *g->boxes);
	g->gaps = malloc((2 * (size_t)n + 1) * sizeof *g->gaps);
	if (!evs || !g->y0 || !g->y1 || !g->boxes || !g->gaps || typical_delay(l, &g->delay)) {
		free(evs);
		layout_free(g);
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (r->note) {
			evs[nev++] = (struct ev){r->sent, 1, i, EV_NOTE};
			continue;
		}
		evs[nev++] = (struct ev){r->sent, 1, i, EV_SEND};
		if (r->arrived != UINT64_MAX)
			evs[nev++] = (struct ev){r->arrived, r->arrived > r->sent ? 0 : 1, i, EV_END};
	}
	qsort(evs, nev, sizeof *evs, cmp_ev);

	/* now: where the time being is drawn.  Labels and boxes push it down
	 * for all that follows; an arrival sits its own delay below its
	 * start, even above now, so a burst stays a set of parallel arrows. */
	int64_t now = TOP_Y, next_label = TOP_Y;
	int64_t clear = TOP_Y;      /* a break starts below lost segments' crosses */
	int64_t after_break = TOP_Y; /* arrivals too are drawn below the last break */
	int64_t last[2] = {TOP_Y - STEP_PX, TOP_Y - STEP_PX}; /* each timeline's last event */
	int64_t next_box[2] = {TOP_Y, TOP_Y};
	int state[2] = {-1, -1};
	for (unsigned k = 0; k < nev; k++) {
		const struct ev *e = &evs[k];
		const struct ladder_row *r = ladder_row(l, e->row);
		if (k > 0) {
			uint64_t dt = e->t - evs[k - 1].t;
			int64_t px = span_px(dt, g->delay);
			if (px > GAP_MAX_PX) {
				now = now > clear ? now : clear;
				g->gaps[g->ngaps++] = (struct gap){now + BREAK_PX / 2, dt};
				px = BREAK_PX;
				after_break = now + px;
			}
			now += px;
		}
		int side, s = shown_state(l, r, e->kind, &side);
		int64_t y;
		if (e->kind == EV_END) {
			int64_t drop = span_px(r->arrived - r->sent, g->delay);
			y = g->y0[e->row] + (drop < GAP_MAX_PX ? drop : GAP_MAX_PX);
			y = y > after_break ? y : after_break;
		} else {
			y = now > next_label ? now : next_label;
		}
		if (y < last[side] + STEP_PX)
			y = last[side] + STEP_PX;
		if (s >= 0 && s != state[side]) {
			if (y < next_box[side])
				y = next_box[side];
			next_box[side] = y + BOX_PX;
			state[side] = s;
			g->boxes[g->nboxes++] = (struct box){y, side, s, e->kind == EV_NOTE};
		}
		last[side] = y;
		now = now > y ? now : y;
		if (e->kind == EV_END) {
			g->y1[e->row] = y;
			/* the receiver's drop reason is written under the arrow's
			 * end, a line lower when the sender's reason is there too */
			char why_at_end[160];
			fmt_why(r, why_at_end, sizeof why_at_end);
			int64_t need = y + LABEL_PX + (why_at_end[0] ? WHY_PX : 0);
			if (r->receiver_dropped && next_label < need)
				next_label = need;
			continue;
		}
		char why[160];
		fmt_why(r, why, sizeof why);
		next_label = y + LABEL_PX + (e->kind == EV_SEND && why[0] ? WHY_PX : 0);
		g->y0[e->row] = y;
		if (e->kind == EV_SEND && r->arrived == UINT64_MAX && clear < y + LOST_END_PX)
			clear = y + LOST_END_PX;
	}
	/* A segment that never arrived stops half way, as steep as a typical
	 * one: outside the sweep, so pushes cannot bend it across its
	 * neighbours' labels. */
	for (unsigned i = 0; i < n; i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!r->note && r->arrived == UINT64_MAX)
			g->y1[i] = g->y0[i] + DELAY_PX / 2;
	}
	g->bottom = now > clear ? now : clear;
	free(evs);
	return 0;
}

/* -------------------------------------------------------------- drawing */

static int64_t isqrt(int64_t v)
{
	int64_t x = v, y = (x + 1) / 2;
	if (v < 2)
		return v;
	while (y < x) {
		x = y;
		y = (x + v / x) / 2;
	}
	return x;
}

static int64_t line_x(int side) { return side ? RIGHT_X : LEFT_X; }

static const char *side_name(const struct ladder *l, int side)
{
	const char *name = ladder_side_name(l, side);
	return name ? name : "";
}

/* Text along the line (xa,ya)-(xb,yb), xa < xb so it reads left to right,
 * raised by `rise` px; `at_end`: anchored INSET px before its right end. */
static void put_text_along(FILE *out, const char *id, int64_t xa, int64_t ya, int64_t xb,
			   int64_t yb, int rise, bool at_end, const char *cls, const char *color,
			   const char *text)
{
	int64_t len = isqrt((xb - xa) * (xb - xa) + (yb - ya) * (yb - ya));
	fprintf(out,
		"<defs><path id=\"%s\" d=\"M%" PRId64 " %" PRId64 " L%" PRId64 " %" PRId64
		"\"/></defs>\n",
		id, xa, ya - rise, xb, yb - rise);
	fprintf(out,
		"<text class=\"%s\" fill=\"%s\" text-anchor=\"%s\"><textPath xlink:href=\"#%s\" "
		"startOffset=\"%" PRId64 "\">",
		cls, color, at_end ? "end" : "start", id, at_end ? len - INSET : INSET);
	svg_put_xml(out, text);
	fputs("</textPath></text>\n", out);
}

static void put_tooltip(const struct ladder *l, const struct ladder_row *r, FILE *out)
{
	char t0[32], t1[32], opts[200] = "";
	fmt_seconds(t0, sizeof t0, r->sent);
	fputs("<title>", out);
	svg_put_xml(out, side_name(l, r->from));
	fprintf(out, " at %s s", t0);
	if (r->arrived != UINT64_MAX) {
		fmt_seconds(t1, sizeof t1, r->arrived);
		fprintf(out, ", arrives %s s", t1);
	} else {
		fputs(lost(r) ? ", lost" : ", no arrival", out);
	}
	if (r->parsed) {
		const synack_segment *s = &r->seg;
		fprintf(out, "\nabs seq=%" PRIu32 " ack=%" PRIu32 " win=%u len=%" PRIu32, s->seq,
			s->ack, s->window, s->len);
		ladder_options_text(s, opts, sizeof opts);
		if (opts[0]) {
			fputs("\n", out);
			svg_put_xml(out, opts);
		}
	}
	const char *why = r->injected ? r->injected_label[0] : synack_reason_text(r->why);
	if (why && why[0]) {
		fputs("\nwhy: ", out);
		svg_put_xml(out, why);
	}
	if (r->receiver_dropped) {
		fputs("\nreceiver: ", out);
		svg_put_xml(out, synack_reason_text(r->drop_reason));
	}
	fputs("</title>\n", out);
}

static void put_segment(const struct ladder *l, const struct layout *g, unsigned i, FILE *out)
{
	const struct ladder_row *r = ladder_row(l, i);
	const struct kind *k = kind_of(r);
	bool arrived = r->arrived != UINT64_MAX;
	int64_t xs = line_x(r->from), ys = g->y0[i], ye = g->y1[i];
	int64_t xe = arrived ? line_x(1 - r->from) : (LEFT_X + RIGHT_X) / 2;
	/* the same line left to right, for text */
	int64_t xa = xs < xe ? xs : xe, ya = xs < xe ? ys : ye;
	int64_t xb = xs < xe ? xe : xs, yb = xs < xe ? ye : ys;
	bool sender_right = r->from == 1;
	char id[24], text[200];

	fprintf(out, "<g>\n");
	put_tooltip(l, r, out);
	fprintf(out,
		"<line x1=\"%" PRId64 "\" y1=\"%" PRId64 "\" x2=\"%" PRId64 "\" y2=\"%" PRId64
		"\" stroke=\"%s\" stroke-width=\"1.5\"%s%s%s/>\n",
		xs, ys, xe, ye, k->color, arrived ? " marker-end=\"url(#head-" : "",
		arrived ? k->name : "", arrived ? ")\"" : " stroke-dasharray=\"6 3\"");
	fmt_label(r, text, sizeof text);
	snprintf(id, sizeof id, "s%u", i);
	put_text_along(out, id, xa, ya, xb, yb, 4, sender_right, "lbl", k->color, text);
	fmt_why(r, text, sizeof text);
	bool why = text[0] != 0;
	if (why) {
		snprintf(id, sizeof id, "w%u", i);
		put_text_along(out, id, xa, ya, xb, yb, -12, sender_right, "lbl why", k->color, text);
	}
	if (arrived && r->receiver_dropped) {
		/* under the sender's reason, not beside it: long ones would meet */
		snprintf(id, sizeof id, "d%u", i);
		snprintf(text, sizeof text, "receiver: %s", synack_reason_text(r->drop_reason));
		put_text_along(out, id, xa, ya, xb, yb, why ? -12 - WHY_PX : -12, !sender_right,
			       "lbl why", "#57606a", text);
	}
	if (!arrived) {
		const char *word = r->fate == SYNACK_SIM_LOST      ? "lost"
				   : r->fate == SYNACK_SIM_DROPPED ? "dropped"
								   : "no arrival";
		const char *c = lost(r) ? "#cf222e" : "#57606a";
		if (lost(r))
			fprintf(out,
				"<path d=\"M%" PRId64 " %" PRId64 " l12 12 m0 -12 l-12 12\" stroke=\"%s\" "
				"stroke-width=\"2.5\"/>\n",
				xe - 6, ye - 6, c);
		/* beside the cross, where the arrow would have gone: crosses of
		 * a burst lost together are only LABEL_PX apart */
		fprintf(out,
			"<text class=\"lbl\" x=\"%" PRId64 "\" y=\"%" PRId64
			"\" fill=\"%s\" text-anchor=\"%s\">%s</text>\n",
			xe + (sender_right ? -12 : 12), ye + 4, c, sender_right ? "end" : "start", word);
	}
	fputs("</g>\n", out);
}

static void put_time(FILE *out, int64_t y, uint64_t t)
{
	char buf[32];
	fmt_seconds(buf, sizeof buf, t);
	fprintf(out, "<text class=\"time\" x=\"%d\" y=\"%" PRId64 "\" text-anchor=\"end\">%s</text>\n",
		TIME_X, y + 4, buf);
}

/* A timer's state change: its reason, written in the lane beside the box. */
static void put_note(const struct ladder_row *r, int64_t y, FILE *out)
{
	char text[192];
	if (r->caption[0])
		snprintf(text, sizeof text, "%s", r->caption[0]);
	else
		snprintf(text, sizeof text, "%s \xe2\x86\x92 %s (%s)",
			 synack_state_name(r->note_from), synack_state_name(r->note_to),
			 synack_reason_text(r->note_reason));
	fprintf(out, "<text class=\"lbl\" x=\"%d\" y=\"%" PRId64 "\" fill=\"#8250df\" text-anchor=\"%s\">",
		r->from ? RIGHT_X - 12 : LEFT_X + 12, y + 4, r->from ? "end" : "start");
	svg_put_xml(out, text);
	fputs("</text>\n", out);
}

static void put_box(const struct box *b, FILE *out)
{
	int64_t x = b->side ? RIGHT_X + 8 : LEFT_X - 8 - BOX_W;
	const char *stroke = b->timer ? "#8250df" : "#57606a";
	const char *fill = b->timer ? "#fbefff" : b->state == NO_CONN ? "#ffffff" : "#f6f8fa";
	fprintf(out,
		"<circle cx=\"%" PRId64 "\" cy=\"%" PRId64 "\" r=\"3\" fill=\"%s\"/>\n"
		"<rect x=\"%" PRId64 "\" y=\"%" PRId64 "\" width=\"%d\" height=\"%d\" rx=\"3\" "
		"fill=\"%s\" stroke=\"%s\"%s/>\n",
		line_x(b->side), b->y, stroke, x, b->y - BOX_H / 2, BOX_W, BOX_H, fill, stroke,
		b->state == NO_CONN ? " stroke-dasharray=\"3 2\"" : "");
	fprintf(out,
		"<text class=\"state\" x=\"%" PRId64 "\" y=\"%" PRId64
		"\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n",
		x + BOX_W / 2, b->y + 4, b->state == NO_CONN ? "#57606a" : "#1f2328",
		b->state == NO_CONN ? "no connection" : synack_state_name((synack_state)b->state));
}

static void put_gap(const struct gap *gp, FILE *out)
{
	char buf[48];
	fmt_elapsed(buf, sizeof buf, gp->dt);
	fprintf(out,
		"<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64
		"\" stroke=\"#d0d7de\" stroke-dasharray=\"2 4\"/>\n",
		LEFT_X, gp->y, RIGHT_X, gp->y);
	for (int side = 0; side < 2; side++) {
		int64_t x = line_x(side);
		fprintf(out,
			"<rect x=\"%" PRId64 "\" y=\"%" PRId64 "\" width=\"16\" height=\"10\" fill=\"#ffffff\"/>\n"
			"<path d=\"M%" PRId64 " %" PRId64 " l16 -6 m-16 12 l16 -6\" stroke=\"#57606a\" "
			"stroke-width=\"1.5\"/>\n",
			x - 8, gp->y - 5, x - 8, gp->y - 2);
	}
	fprintf(out,
		"<text class=\"lbl gap\" x=\"%d\" y=\"%" PRId64 "\" text-anchor=\"middle\">%s later</text>\n",
		(LEFT_X + RIGHT_X) / 2, gp->y + 4, buf);
}

/* At most two lines, broken at a space (or between CJK characters) so
 * neither passes the picture's right edge: 16 px bold, about 9 px a
 * column, two columns a CJK character. */
static void put_title(FILE *out, const char *title)
{
	enum { COLS = (WIDTH - 32) / 9 };
	const unsigned char *p = (const unsigned char *)title;
	size_t at = 0, cut = 0;
	int cols = 0;
	while (p[at]) {
		uint32_t cp;
		size_t n = cli_utf8_next(p + at, &cp);
		if (n == 0)
			n = 1, cp = 0xfffd;
		int w = cli_char_width(cp);
		if (p[at] == ' ' || w == 2)
			cut = at;
		if (cols + w > COLS)
			break;
		cols += w;
		at += n;
	}
	if (!p[at] || cut == 0)
		cut = at;
	char first[512];
	snprintf(first, sizeof first, "%.*s", (int)cut, title);
	fprintf(out, "<text class=\"title\" x=\"16\" y=\"%d\">", TITLE_Y);
	svg_put_xml(out, first);
	fputs("</text>\n", out);
	const char *rest = title + cut;
	while (*rest == ' ')
		rest++;
	if (*rest) {
		fprintf(out, "<text class=\"title\" x=\"16\" y=\"%d\">", TITLE_Y + TITLE_LINE);
		svg_put_xml(out, rest);
		fputs("</text>\n", out);
	}
}

static void put_head(const struct ladder *l, const char *title, int64_t height, FILE *out)
{
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"%d\" "
		"height=\"%" PRId64 "\" viewBox=\"0 0 %d %" PRId64 "\">\n<title>",
		WIDTH, height, WIDTH, height);
	svg_put_xml(out, title);
	/* halos keep labels legible where arrows cross them */
	fputs("</title>\n"
	      "<style type=\"text/css\">\n"
	      /* CJK families after the Latin ones: a Chinese title or name
	       * drawn in boxes where the first ones have no such glyphs */
	      "text { font-family: \"DejaVu Sans Mono\", Menlo, Consolas, "
	      "\"Noto Sans Mono CJK SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", "
	      "\"WenQuanYi Micro Hei\", \"Microsoft YaHei\", \"PingFang SC\", monospace; "
	      "font-size: 11px; }\n"
	      ".title, .side { font-family: \"DejaVu Sans\", Helvetica, Arial, "
	      "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", "
	      "\"Microsoft YaHei\", \"PingFang SC\", sans-serif; "
	      "font-weight: bold; fill: #1f2328; }\n"
	      ".title { font-size: 16px; }\n"
	      ".side { font-size: 13px; }\n"
	      ".lbl { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; "
	      "stroke-linejoin: round; }\n"
	      ".why { font-size: 10px; font-style: italic; }\n"
	      ".time, .sub { font-size: 10px; fill: #57606a; }\n"
	      ".gap { font-style: italic; fill: #57606a; }\n"
	      ".state { font-size: 10px; font-weight: bold; }\n"
	      "</style>\n<defs>\n",
	      out);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(out,
			"<marker id=\"head-%s\" viewBox=\"0 0 10 8\" refX=\"10\" refY=\"4\" "
			"markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"8\" "
			"orient=\"auto\"><path d=\"M0 0 L10 4 L0 8 z\" fill=\"%s\"/></marker>\n",
			kinds[i].name, kinds[i].color);
	fprintf(out, "</defs>\n<rect width=\"%d\" height=\"%" PRId64 "\" fill=\"#ffffff\"/>\n",
		WIDTH, height);
	put_title(out, title);
	/* the vertical axis is time, but not to scale: crowded moments are
	 * stretched and idle gaps cut (each break says how long it was) */
	fprintf(out,
		"<text class=\"time\" x=\"%d\" y=\"%d\" text-anchor=\"end\">time (s)</text>\n"
		"<text class=\"time\" x=\"%d\" y=\"%d\" text-anchor=\"end\">not to scale</text>\n",
		TIME_X, HEAD_Y, TIME_X, HEAD_Y + 12);
	for (int side = 0; side < 2; side++) {
		fprintf(out, "<text class=\"side\" x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"middle\">",
			line_x(side), HEAD_Y);
		svg_put_xml(out, side_name(l, side));
		fputs("</text>\n", out);
		if (ladder_side_opaque(l, side))
			fprintf(out,
				"<text class=\"sub\" x=\"%" PRId64 "\" y=\"%d\" "
				"text-anchor=\"middle\">(states not known)</text>\n",
				line_x(side), HEAD_Y + 14);
		fprintf(out,
			"<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%" PRId64
			"\" stroke=\"#8c959f\" stroke-width=\"2\"/>\n",
			line_x(side), HEAD_Y + 20, line_x(side), height - 16);
	}
}

/* A side's state before the ladder's first row: CLOSED before it sends
 * its first SYN (a connect) or when a SYN finds no connection, LISTEN
 * when a SYN finds its listener; -1 when the rows do not say. */
static int initial_state(const struct ladder *l, int side)
{
	if (ladder_side_opaque(l, side))
		return -1;
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (r->note) {
			if (r->from == side)
				return (int)r->note_from;
			continue;
		}
		if (!r->parsed || r->injected)
			continue;
		bool syn = (r->seg.flags & (SYNACK_TH_SYN | SYNACK_TH_ACK | SYNACK_TH_RST)) ==
			   SYNACK_TH_SYN;
		if (r->from == side)
			return syn ? SYNACK_CLOSED : -1;
		if (r->arrived == UINT64_MAX)
			continue; /* it never got there: it says nothing of the side */
		if (!syn)
			return -1;
		if (!r->receiver_known)
			return SYNACK_CLOSED;
		return r->receiver_state == SYNACK_SYN_RECEIVED || r->receiver_state == SYNACK_LISTEN
			       ? SYNACK_LISTEN
			       : -1;
	}
	return -1;
}

int ladder_write_svg(const struct ladder *l, FILE *out, const char *title)
{
	struct layout g;
	if (layout(l, &g))
		return -1;
	char deftitle[256];
	if (!title) {
		snprintf(deftitle, sizeof deftitle, "%s \xe2\x86\x94 %s", side_name(l, 0),
			 side_name(l, 1));
		title = deftitle;
	}
	put_head(l, title, g.bottom + 48, out);
	for (unsigned i = 0; i < g.ngaps; i++)
		put_gap(&g.gaps[i], out);
	unsigned n = ladder_count(l);
	for (unsigned i = 0; i < n; i++) {
		const struct ladder_row *r = ladder_row(l, i);
		put_time(out, g.y0[i], r->sent);
		if (r->note)
			put_note(r, g.y0[i], out);
		else
			put_segment(l, &g, i, out);
	}
	/* boxes last: over the arrows' ends; first the states the sides
	 * start from */
	for (int side = 0; side < 2; side++) {
		int s = initial_state(l, side);
		if (s >= 0) {
			struct box b = {INITIAL_Y, side, s, false};
			put_box(&b, out);
		}
	}
	for (unsigned i = 0; i < g.nboxes; i++)
		put_box(&g.boxes[i], out);
	fputs("</svg>\n", out);
	layout_free(&g);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
