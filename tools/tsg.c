/* The time-sequence graph: time runs right, relative sequence numbers of
 * the data direction run up.  Drawn as tcptrace draws it: a segment is a
 * vertical bar from its first to its last sequence number (with a serif
 * at each end), blue when new, red when sent again, dashed with a cross
 * when the network lost it; the acknowledgement line (green) and the
 * receive window's right edge (yellow) are steps, moving when an ACK
 * reaches the sender; SACK blocks are purple bars beside them.  The gap
 * between the window line and the bars is what the sender may still
 * send; between the bars and the ACK line, what is in flight.
 *
 * Geometry is in whole pixels and every number printed is an integer,
 * so the same ladder gives the same bytes under any locale. */
#include "tsg.h"

#include "svg.h"

#include <inttypes.h>
#include <string.h>

enum {
	W = 1000,
	H = 640,
	PLOT_L = 110, /* the plot's edges */
	PLOT_R = 960,
	PLOT_T = 70,
	PLOT_B = 570,
	SERIF = 4,    /* half width of a bar's end marks */
};

static const char *const C_NEW = "#0969da", *const C_REXMIT = "#cf222e",
		  *const C_ACK = "#1a7f37", *const C_WIN = "#bf8700", *const C_SACK = "#8250df",
		  *const C_AXIS = "#57606a", *const C_GRID = "#eaeef2";

struct frame {
	uint64_t t0, t1;  /* ns */
	uint64_t y1;      /* the top of the sequence axis */
	bool window_above; /* the window line passes the top somewhere */
};

static int64_t px_x(const struct frame *f, uint64_t t)
{
	if (t < f->t0)
		t = f->t0;
	return PLOT_L + (int64_t)((t - f->t0) * (uint64_t)(PLOT_R - PLOT_L) / (f->t1 - f->t0));
}

/* Above the top: drawn past it, and cut by the plot's clip path. */
static int64_t px_y(const struct frame *f, uint64_t v)
{
	if (v > 2 * f->y1)
		v = 2 * f->y1;
	return PLOT_B - (int64_t)(v * (uint64_t)(PLOT_B - PLOT_T) / f->y1);
}

/* A step of 1, 2 or 5 times a power of ten giving at most `most` ticks
 * over span. */
static uint64_t tick_step(uint64_t span, unsigned most)
{
	uint64_t step = 1;
	for (;;) {
		static const unsigned mul[] = {1, 2, 5};
		for (int i = 0; i < 3; i++)
			if (span / (step * mul[i]) < most)
				return step * mul[i];
		step *= 10;
	}
}

/* The direction with the most payload: its sender. */
static int data_sender(const struct ladder *l)
{
	uint64_t bytes[2] = {0, 0};
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!r->note && r->parsed)
			bytes[r->from] += r->seg.len;
	}
	return bytes[1] > bytes[0] ? 1 : 0;
}

/* The shift the receiver's windows are scaled by: its SYN's window scale
 * when both SYNs carried the option (RFC 7323 2.2). */
static int window_shift(const struct ladder *l, int s)
{
	int ws[2] = {-1, -1};
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!r->note && r->parsed && (r->seg.flags & SYNACK_TH_SYN))
			ws[r->from] = r->seg.wscale;
	}
	return ws[s] >= 0 && ws[1 - s] >= 0 ? ws[1 - s] : 0;
}

static bool is_ack_of_data(const struct ladder_row *r, int s)
{
	return !r->note && r->parsed && r->from != s && (r->seg.flags & SYNACK_TH_ACK) &&
	       r->rel_ack_known && r->arrived != UINT64_MAX;
}

static bool is_data(const struct ladder_row *r, int s)
{
	return !r->note && r->parsed && r->from == s && r->rel_seq_known;
}

/* How much sequence space the segment takes: SYN and FIN count one. */
static uint32_t span_of(const synack_segment *g)
{
	return g->len + !!(g->flags & SYNACK_TH_SYN) + !!(g->flags & SYNACK_TH_FIN);
}

static void frame_of(const struct ladder *l, int s, int shift, struct frame *f)
{
	bool any = false;
	f->t0 = f->t1 = 0;
	f->y1 = 1;
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		/* the sequence axis spans the data and the ACKs; a window far
		 * above them would flatten what matters, so it may be cut */
		uint64_t t, top;
		if (is_data(r, s)) {
			t = r->sent;
			top = (uint64_t)r->rel_seq + span_of(&r->seg);
		} else if (is_ack_of_data(r, s)) {
			t = r->arrived;
			top = r->rel_ack;
		} else {
			continue;
		}
		if (!any || t < f->t0)
			f->t0 = t;
		if (!any || t > f->t1)
			f->t1 = t;
		if (top > f->y1)
			f->y1 = top;
		any = true;
	}
	if (f->t1 <= f->t0)
		f->t1 = f->t0 + 1000000; /* one instant: a millisecond wide */
	/* a little room above the highest line */
	f->y1 += f->y1 / 10 + 1;
	f->window_above = false;
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (is_ack_of_data(r, s) &&
		    (uint64_t)r->rel_ack + ((uint64_t)r->seg.window << shift) > f->y1)
			f->window_above = true;
	}
}

/* "1.250" seconds from ns, to the millisecond. */
static void fmt_ms(char *buf, size_t n, uint64_t ns)
{
	uint64_t ms = ns / 1000000;
	snprintf(buf, n, "%" PRIu64 ".%03" PRIu64, ms / 1000, ms % 1000);
}

static void axes(FILE *out, const struct frame *f, const char *ylabel)
{
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>\n",
		PLOT_L, PLOT_T, PLOT_R - PLOT_L, PLOT_B - PLOT_T, C_AXIS);
	uint64_t span = f->t1 - f->t0, step = tick_step(span, 9);
	for (uint64_t t = (f->t0 + step - 1) / step * step; t <= f->t1; t += step) {
		int64_t x = px_x(f, t);
		char lbl[32];
		fmt_ms(lbl, sizeof lbl, t);
		fprintf(out,
			"<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64 "\" y2=\"%d\" stroke=\"%s\"/>\n"
			"<text class=\"tick\" x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
			x, PLOT_T, x, PLOT_B, C_GRID, x, PLOT_B + 16, lbl);
	}
	step = tick_step(f->y1, 9);
	for (uint64_t v = 0; v <= f->y1; v += step) {
		int64_t y = px_y(f, v);
		fprintf(out,
			"<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64 "\" stroke=\"%s\"/>\n"
			"<text class=\"tick\" x=\"%d\" y=\"%" PRId64 "\" text-anchor=\"end\">%" PRIu64
			"</text>\n",
			PLOT_L, y, PLOT_R, y, C_GRID, PLOT_L - 6, y + 4, v);
	}
	fprintf(out,
		"<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>\n"
		"<text class=\"axis\" x=\"24\" y=\"%d\" text-anchor=\"middle\" "
		"transform=\"rotate(-90 24 %d)\">",
		(PLOT_L + PLOT_R) / 2, PLOT_B + 40, (PLOT_T + PLOT_B) / 2, (PLOT_T + PLOT_B) / 2);
	svg_put_xml(out, ylabel);
	fputs("</text>\n", out);
}

/* The ACK line or the window line: a step at each ACK's arrival. */
static void steps(FILE *out, const struct ladder *l, const struct frame *f, int s, int shift,
		  bool window, const char *color)
{
	bool started = false;
	int64_t last_y = 0;
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!is_ack_of_data(r, s))
			continue;
		uint64_t v = (uint64_t)r->rel_ack + (window ? (uint64_t)r->seg.window << shift : 0);
		int64_t x = px_x(f, r->arrived), y = px_y(f, v);
		if (!started) {
			fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
				color);
			fprintf(out, "%" PRId64 ",%" PRId64, x, y);
			started = true;
		} else {
			fprintf(out, " %" PRId64 ",%" PRId64 " %" PRId64 ",%" PRId64, x, last_y, x, y);
		}
		last_y = y;
	}
	if (started)
		fprintf(out, " %d,%" PRId64 "\"/>\n", PLOT_R, last_y);
}

static void bars(FILE *out, const struct ladder *l, const struct frame *f, int s)
{
	uint64_t highest = 0; /* the highest sequence number sent so far */
	bool sent_any = false;
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!is_data(r, s))
			continue;
		uint32_t span = span_of(&r->seg);
		if (!span)
			continue; /* a pure ACK takes no sequence space */
		uint64_t lo = r->rel_seq, hi = lo + span;
		bool again = sent_any && hi <= highest;
		bool lost = r->fate == SYNACK_SIM_LOST || r->fate == SYNACK_SIM_DROPPED;
		if (!sent_any || hi > highest)
			highest = hi;
		sent_any = true;
		int64_t x = px_x(f, r->sent), y0 = px_y(f, lo), y1 = px_y(f, hi);
		if (y0 - y1 < 2)
			y1 = y0 - 2; /* visible however small */
		const char *c = again ? C_REXMIT : C_NEW;
		fprintf(out,
			"<path d=\"M%" PRId64 " %" PRId64 "V%" PRId64 "M%" PRId64 " %" PRId64 "h%dM%" PRId64
			" %" PRId64 "h%d\" stroke=\"%s\" stroke-width=\"1.5\"%s/>\n",
			x, y0, y1, x - SERIF, y0, 2 * SERIF, x - SERIF, y1, 2 * SERIF, c,
			lost ? " stroke-dasharray=\"3 2\"" : "");
		if (lost)
			fprintf(out,
				"<path d=\"M%" PRId64 " %" PRId64 "l6 -6m-6 0l6 6\" stroke=\"%s\"/>\n",
				x + SERIF, y1 - 2, C_REXMIT);
	}
}

static void sack_blocks(FILE *out, const struct ladder *l, const struct frame *f, int s)
{
	for (unsigned i = 0; i < ladder_count(l); i++) {
		const struct ladder_row *r = ladder_row(l, i);
		if (!is_ack_of_data(r, s))
			continue;
		uint32_t isn = r->seg.ack - r->rel_ack;
		int64_t x = px_x(f, r->arrived) + 3;
		for (int k = 0; k < r->seg.sack_count; k++) {
			uint64_t lo = r->seg.sack[k][0] - isn, hi = r->seg.sack[k][1] - isn;
			fprintf(out,
				"<line x1=\"%" PRId64 "\" y1=\"%" PRId64 "\" x2=\"%" PRId64 "\" y2=\"%" PRId64
				"\" stroke=\"%s\" stroke-width=\"2\"/>\n",
				x, px_y(f, lo), x, px_y(f, hi), C_SACK);
		}
	}
}

static void legend(FILE *out, bool window_above)
{
	static const struct {
		const char *const *color;
		const char *what;
	} items[] = {
		{&C_NEW, "data sent"},     {&C_REXMIT, "sent again"},
		{&C_ACK, "ACK received"},  {&C_WIN, "window edge (ACK + window)"},
		{&C_SACK, "SACK block"},
	};
	int x = PLOT_L;
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		fprintf(out,
			"<line x1=\"%d\" y1=\"52\" x2=\"%d\" y2=\"52\" stroke=\"%s\" stroke-width=\"3\"/>"
			"<text class=\"tick\" x=\"%d\" y=\"56\">%s</text>\n",
			x, x + 16, *items[i].color, x + 20, items[i].what);
		x += 28 + 7 * (int)strlen(items[i].what);
	}
	fprintf(out, "<text class=\"tick\" x=\"%d\" y=\"56\">dashed with a cross: lost</text>\n", x);
	if (window_above)
		fprintf(out,
			"<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\">"
			"the window edge is above the plot where it is not drawn</text>\n",
			PLOT_R - 6, PLOT_T + 14, C_WIN);
}

/* "time-sequence graph: TITLE" in at most two lines, broken at a space
 * (about 100 characters of 13 px text to a line). */
static void title_lines(FILE *out, const char *name)
{
	char text[480];
	snprintf(text, sizeof text, "time-sequence graph: %s", name);
	size_t len = strlen(text), cut = len;
	if (len > 100) {
		cut = 100;
		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = 100;
	}
	fprintf(out, "<text class=\"title\" x=\"%d\" y=\"20\">", PLOT_L);
	char first[480];
	snprintf(first, sizeof first, "%.*s", (int)cut, text);
	svg_put_xml(out, first);
	fputs("</text>\n", out);
	if (cut < len) {
		fprintf(out, "<text class=\"title\" x=\"%d\" y=\"37\">", PLOT_L);
		svg_put_xml(out, text + cut + (text[cut] == ' '));
		fputs("</text>\n", out);
	}
}

int ladder_write_tsg(const struct ladder *l, FILE *out, const char *title)
{
	int s = data_sender(l);
	int shift = window_shift(l, s);
	struct frame f;
	frame_of(l, s, shift, &f);
	char name[400], ylabel[320];
	if (title)
		snprintf(name, sizeof name, "%s", title);
	else
		snprintf(name, sizeof name, "%s and %s", ladder_side_name(l, 0), ladder_side_name(l, 1));
	snprintf(ylabel, sizeof ylabel, "sequence number, relative (%s \xe2\x86\x92 %s)",
		 ladder_side_name(l, s), ladder_side_name(l, 1 - s));
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\">\n"
		"<style>text{font-family:\"DejaVu Sans\",\"Noto Sans\",\"Noto Sans CJK SC\","
		"sans-serif;fill:#24292f}.title{font-size:14px;font-weight:bold}"
		".tick{font-size:11px}.axis{font-size:13px}</style>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
		"<clipPath id=\"plot\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
		"</clipPath>\n",
		W, H, W, H, PLOT_L - SERIF, PLOT_T, PLOT_R - PLOT_L + 2 * SERIF, PLOT_B - PLOT_T + 2);
	title_lines(out, name);
	legend(out, f.window_above);
	axes(out, &f, ylabel);
	fputs("<g clip-path=\"url(#plot)\">\n", out);
	steps(out, l, &f, s, shift, true, C_WIN);
	steps(out, l, &f, s, shift, false, C_ACK);
	sack_blocks(out, l, &f, s);
	bars(out, l, &f, s);
	fputs("</g>\n</svg>\n", out);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
