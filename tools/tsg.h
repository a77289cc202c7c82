/* A time-sequence graph of a ladder (Stevens's and tcptrace's): for the
 * direction that carried the most data, each segment as a vertical bar
 * from its first to its last sequence number at the time it left, the
 * acknowledgements and the receive window's right edge as they reached
 * the sender, and the SACK blocks. */
#ifndef SYNACK_TOOLS_TSG_H
#define SYNACK_TOOLS_TSG_H

#include <stdio.h>

#include "ladder.h"

/* Writes a standalone SVG 1.1 picture; title NULL: the sides' names.
 * The same ladder gives the same bytes (integer geometry, no locale).
 * Returns 0, or -1 on a write error. */
int ladder_write_tsg(const struct ladder *l, FILE *out, const char *title);

#endif
