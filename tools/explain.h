/* Plain-language explanations of ladder rows: why a segment was sent and
 * what its receiver checks, or what a timer did, in English or Chinese,
 * with the row's own numbers.  Every sentence follows RFC 9293 (and the
 * RFCs it leans on: 5681, 5961, 6298, 6675, 7323, 4987, 1337, 6191).
 *
 * The explanation of row i reads the rows around it: earlier SYNs and
 * FINs give the roles (client/server, active/passive closer) and x, y, u,
 * w; the segment that arrived just before a reply says what it answers.
 * In live mode (ladder_set_stream) rows are complete when printed, so a
 * row can be explained as soon as it is printed. */
#ifndef SYNACK_TOOLS_EXPLAIN_H
#define SYNACK_TOOLS_EXPLAIN_H

#include <stddef.h>

#include "ladder.h"

enum explain_lang { EXPLAIN_EN, EXPLAIN_ZH };

/* What the explanations are told about the run. */
struct explain_opts {
	enum explain_lang lang;
	/* the settings of the stack (or stacks) synack runs, to say where a
	 * timeout's length and a retry count come from (NULL: not said);
	 * an opaque side (a real host) is never described by them */
	const synack_settings *settings;
};

/* A buffer this large holds every explanation whole; a smaller one gets
 * it cut at a character boundary (UTF-8). */
#define EXPLAIN_MAX 2048

/* One or two plain sentences: why row i was sent and what its receiver
 * checks.  Empty string if nothing useful can be said (i out of range,
 * not a TCP segment).  Always NUL-terminated when len > 0. */
void explain_row(const struct ladder *l, unsigned i, const struct explain_opts *opts,
		 char *buf, size_t len);

/* "en", "zh"; 0 ok, -1 bad */
int explain_lang_parse(const char *name, enum explain_lang *out);

#endif
