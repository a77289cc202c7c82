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
