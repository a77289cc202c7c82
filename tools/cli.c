#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cli_prog = "synack";

int cli_bad_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", cli_prog);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see '%s %s --help')\n", cli_prog, cmd);
	return 2;
}

bool cli_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || s[0] == '-' || v > max)
		return false;
	*out = v;
	return true;
}

bool cli_parse_double(const char *s, double lo, double hi, double *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

bool cli_parse_color(const char *s, int *out)
{
	if (!strcmp(s, "auto"))
		*out = -1;
	else if (!strcmp(s, "always"))
		*out = 1;
	else if (!strcmp(s, "never"))
		*out = 0;
	else
		return false;
	return true;
}

bool cli_color_on(int color, FILE *out)
{
	return color == 1 || (color == -1 && isatty(fileno(out)));
}

bool cli_parse_prefix(const char *s, synack_addr *addr, uint8_t *prefix)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof buf)
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = 0;
	if (synack_addr_parse(buf, addr) != SYNACK_OK)
		return false;
	uint64_t p;
	if (!cli_parse_u64(slash + 1, addr->family == SYNACK_AF_INET ? 32 : 128, &p))
		return false;
	*prefix = (uint8_t)p;
	return true;
}

bool cli_next(const char *cmd, int argc, char **argv, int *i, bool (*takes)(const char *),
	      struct cli_arg *out)
{
	const char *a = argv[*i];
	const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
	out->value = NULL;
	if (eq && (size_t)(eq - a) < sizeof out->name) {
		memcpy(out->name, a, (size_t)(eq - a));
		out->name[eq - a] = 0;
		out->value = eq + 1;
	} else {
		snprintf(out->name, sizeof out->name, "%s", a);
	}
	if (takes(out->name) && !out->value) {
		if (*i + 1 >= argc) {
			cli_bad_usage(cmd, "%s needs a value", out->name);
			return false;
		}
		out->value = argv[++*i];
	}
	return true;
}

size_t cli_utf8_next(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
	*cp = s[0];
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	*cp = s[0] & (0x7fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		*cp = *cp << 6 | (s[i] & 0x3fu);
	}
	if (*cp < least[n] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

int cli_char_width(uint32_t cp)
{
	return (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
			       (cp >= 0xff00 && cp <= 0xff60)
		       ? 2
		       : 1;
}

bool cli_output_open(struct cli_output *o, const char *path)
{
	o->path = path;
	o->f = NULL;
	if (!path)
		return true;
	o->f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	if (!o->f) {
		fprintf(stderr, "%s: cannot write %s: %s\n", cli_prog, path, strerror(errno));
		return false;
	}
	return true;
}

bool cli_output_is_stdout(const struct cli_output *o) { return o->f && o->f == stdout; }

bool cli_output_close(struct cli_output *o)
{
	if (!o->f)
		return true;
	bool failed = ferror(o->f) != 0;
	if ((o->f == stdout ? fflush(o->f) : fclose(o->f)) != 0)
		failed = true;
	if (failed)
		fprintf(stderr, "%s: writing %s failed\n", cli_prog,
			strcmp(o->path, "-") ? o->path : "standard output");
	o->f = NULL;
	return !failed;
}

int cli_stdout_count(const char *const *paths, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		k += paths[i] && !strcmp(paths[i], "-");
	return k;
}

int cli_text_width(const char *text)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		uint32_t cp;
		size_t n = cli_utf8_next(p, &cp);
		if (n == 0)
			n = 1, cp = 0xfffd; /* a stray byte: one column */
		w += cli_char_width(cp);
		p += n;
	}
	return w;
}

/* Closing punctuation that must not begin a line (，。）：；、 and kin). */
static bool no_line_start(uint32_t cp)
{
	return (cp >= 0x3001 && cp <= 0x3002) || cp == 0x300d || cp == 0x300f ||
	       cp == 0xff09 || cp == 0xff0c || cp == 0xff1a || cp == 0xff1b || cp == 0xff01 ||
	       cp == 0xff1f || cp == 0xff0e;
}

/* Opening punctuation that must not end a line (（「『). */
static bool no_line_end(uint32_t cp)
{
	return cp == 0xff08 || cp == 0x300c || cp == 0x300e;
}

void cli_wrap(FILE *out, const char *text, int indent, int width, const char *pre,
	      const char *post)
{
	int room = width - indent;
	if (room < 20)
		room = 20;
	const char *p = text;
	while (*p) {
		size_t at = 0, brk = 0;
		int cols = 0, prev_w = 1;
		uint32_t prev_cp = 0;
		while (p[at]) {
			uint32_t cp;
			size_t nb = cli_utf8_next((const unsigned char *)p + at, &cp);
			if (nb == 0)
				nb = 1, cp = 0xfffd; /* a stray byte: one column */
			int w = cli_char_width(cp);
			if (at > 0 && (p[at] == ' ' || ((w == 2 || prev_w == 2) && !no_line_start(cp) &&
					  !no_line_end(prev_cp))))
				brk = at;
			if (cols + w > room)
				break;
			cols += w, prev_w = w, prev_cp = cp, at += nb;
		}
		size_t take = at;
		if (p[at] && brk > 0)
			take = brk;
		for (int i = 0; i < indent; i++)
			fputc(' ', out);
		fprintf(out, "%s%.*s%s\n", pre, (int)take, p, post);
		p += take;
		while (*p == ' ')
			p++;
	}
}

void cli_join_wrap(FILE *out, const char *const *parts, int n, const char *sep, int width)
{
	/* a line that breaks ends with the separator's mark, not its space */
	int mark = (int)strcspn(sep, " ");
	char mark_text[16];
	snprintf(mark_text, sizeof mark_text, "%.*s", mark, sep);
	int col = 0, sw = cli_text_width(sep), mw = cli_text_width(mark_text);
	for (int i = 0; i < n; i++) {
		/* room for the mark too, should the line break after it */
		int w = cli_text_width(parts[i]) + (i < n - 1 ? mw : 0);
		if (i > 0 && width && col + sw + w > width) {
			fprintf(out, "%.*s\n", mark, sep);
			col = 0;
		} else if (i > 0) {
			fputs(sep, out);
			col += sw;
		}
		fputs(parts[i], out);
		col += cli_text_width(parts[i]);
	}
	fputc('\n', out);
}
