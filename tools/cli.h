/* Small helpers shared by the synack commands: option values and the
 * one-line usage errors (exit status 2). */
#ifndef SYNACK_TOOLS_CLI_H
#define SYNACK_TOOLS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "synack.h"

extern const char *cli_prog;

/* What the commands' output fits, unless --wide. */
#define LINE_WIDTH 100

/* Prints "synack: <message> (see 'synack CMD --help')" and returns 2. */
__attribute__((format(printf, 2, 3))) int cli_bad_usage(const char *cmd, const char *fmt, ...);

bool cli_parse_u64(const char *s, uint64_t max, uint64_t *out);
bool cli_parse_double(const char *s, double lo, double hi, double *out);
/* "auto", "always", "never" -> -1, 1, 0 */
bool cli_parse_color(const char *s, int *out);
/* "10.9.0.1/24" or "fd00::1/64" */
bool cli_parse_prefix(const char *s, synack_addr *addr, uint8_t *prefix);
/* -1 (auto): whether out is a terminal */
bool cli_color_on(int color, FILE *out);

/* Splits "--name=value" into name and value; `takes` says whether the
 * option wants a value, which then may also be the next argument.
 * Returns false (after printing the error) if a value is missing. */
struct cli_arg {
	char name[32];
	const char *value;
};
bool cli_next(const char *cmd, int argc, char **argv, int *i, bool (*takes)(const char *),
	      struct cli_arg *out);

/* A file named on the command line for output, "-" for standard
 * output.  Opened before the run, so a bad path fails at once. */
struct cli_output {
	const char *path;          /* NULL: not asked for */
	FILE *f;
};
/* Opens it (nothing if path is NULL); false after printing "cannot
 * write PATH: reason". */
bool cli_output_open(struct cli_output *o, const char *path);
bool cli_output_is_stdout(const struct cli_output *o);
/* How many of the n paths (NULL allowed) are "-": at most one may be. */
int cli_stdout_count(const char *const *paths, int n);
/* Closes it (standard output is only flushed); false after printing the
 * error if anything written was lost. */
bool cli_output_close(struct cli_output *o);

/* Length of the well-formed UTF-8 sequence at s (1 to 4) and its code
 * point, or 0 (a stray byte, an overlong form, a surrogate, or the
 * terminating NUL inside a sequence). */
size_t cli_utf8_next(const unsigned char *s, uint32_t *cp);
/* Columns a terminal gives code point cp: 2 for CJK and full-width forms. */
int cli_char_width(uint32_t cp);
/* Columns a terminal gives a UTF-8 string. */
int cli_text_width(const char *text);
/* Prints text wrapped so no line passes column `width`, each line
 * indented by `indent` spaces and framed by pre and post (colours).
 * Lines break at spaces, or between CJK characters (Chinese has none),
 * never before closing or after opening punctuation, never inside a
 * UTF-8 character; a word longer than a line is cut. */
void cli_wrap(FILE *out, const char *text, int indent, int width, const char *pre,
	      const char *post);
/* Prints the n parts joined by sep, starting a new line between two
 * parts where the next would pass column `width` (0: one line). */
void cli_join_wrap(FILE *out, const char *const *parts, int n, const char *sep, int width);

#endif
