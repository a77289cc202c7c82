/* The ladder diagram as a standalone SVG 1.1 picture: two timelines, one
 * slanted arrow per segment, state boxes where a side's state changes. */
#ifndef SYNACK_TOOLS_SVG_H
#define SYNACK_TOOLS_SVG_H

#include <stdio.h>

#include "ladder.h"

/* Writes the whole ladder; title NULL: the two side names.  The same
 * ladder gives the same bytes (no floating point, no locale).  Returns 0,
 * or -1 on a write error or when out of memory. */
int ladder_write_svg(const struct ladder *l, FILE *out, const char *title);

/* Text or attribute content.  What XML 1.0 cannot carry at all (control
 * characters, stray bytes, U+FFFE/U+FFFF) becomes U+FFFD. */
void svg_put_xml(FILE *out, const char *s);

#endif
