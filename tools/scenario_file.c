/* The scenario file parser.  One directive per line, words split by
 * blanks, '#' to the end of the line a comment:
 *
 *   title   a lost FIN and its retransmission
 *   delay   10ms          settings first: delay, loss, seed, personality,
 *   drop    server 3      timers, msl, rto-initial, synack-retries, mss,
 *   server  listen        and drop SIDE N (the Nth segment SIDE sends)
 *   client  connect       then the calls, in order
 *   client  send 100
 *   server  recv 100
 *   client  close
 *   wait    1s
 *   expect  client FIN-WAIT-2
 *
 * docs/SCENARIO-FILES.md has the whole language. */
#include "scenario_file.h"

#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 8

struct parser {
	const char *path;
	unsigned line;
	struct scenario_file *sf;
	bool acting;              /* an action was seen: no more settings */
};

__attribute__((format(printf, 2, 3))) static bool bad(const struct parser *p, const char *fmt,
						      ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s:%u: %s\n", cli_prog, p->path, p->line, msg);
	return false;
}

const char *sf_side_name(enum sf_side side) { return side == SF_CLIENT ? "client" : "server"; }

static bool side_of(const char *w, enum sf_side *out)
{
	if (!strcmp(w, "client"))
		*out = SF_CLIENT;
	else if (!strcmp(w, "server"))
		*out = SF_SERVER;
	else
		return false;
	return true;
}

/* "250us", "10ms", "1.5s", "2min", a bare number of milliseconds. */
static bool duration(const char *w, uint64_t *ns)
{
	char *end;
	errno = 0;
	double v = strtod(w, &end);
	if (end == w || errno || v < 0)
		return false;
	double unit = !*end || !strcmp(end, "ms") ? 1e6
		      : !strcmp(end, "us")        ? 1e3
		      : !strcmp(end, "ns")        ? 1
		      : !strcmp(end, "s")         ? 1e9
		      : !strcmp(end, "min")       ? 60e9
						  : -1;
	if (unit < 0 || v * unit > 1e15) /* about 11 days: far beyond any run */
		return false;
	*ns = (uint64_t)(v * unit + 0.5);
	return true;
}

/* "1448", "64KiB", "8MiB" */
static bool bytes(const char *w, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(w, &end, 10);
	if (end == w || errno || w[0] == '-')
		return false;
	uint64_t mul = !*end ? 1 : !strcmp(end, "KiB") ? 1024 : !strcmp(end, "MiB") ? 1 << 20 : 0;
	if (!mul || v > (64ull << 20) / mul) /* at most 64 MiB, as --bytes */
		return false;
	*out = v * mul;
	return true;
}

static bool state_of(const char *w, synack_state *out)
{
	for (int s = 0; s < SYNACK_STATE_COUNT; s++)
		if (!strcmp(w, synack_state_name((synack_state)s))) {
			*out = (synack_state)s;
			return true;
		}
	return false;
}

/* "ECONNREFUSED": synack_strerror() starts with the name. */
static bool error_of(const char *w, int *out)
{
	for (int e = 1; e < 64; e++) {
		const char *text = synack_strerror(-e);
		size_t n = strcspn(text, ":");
		if (n == strlen(w) && !strncmp(text, w, n) && w[0] == 'E') {
			*out = -e;
			return true;
		}
	}
	return false;
}

static bool setting(struct parser *p, char **w, int n)
{
	struct scenario_file *sf = p->sf;
	uint64_t u;
	if (p->acting)
		return bad(p, "'%s' is a setting: settings come before the first action", w[0]);
	if (n != 2 && strcmp(w[0], "drop"))
		return bad(p, "'%s' takes one value", w[0]);
	if (!strcmp(w[0], "delay")) {
		if (!duration(w[1], &u) || u > 60000000000ull)
			return bad(p, "delay wants a duration up to 60s, like 10ms, not '%s'", w[1]);
		sf->delay_ms = u / 1000000;
		sf->delay_set = true;
	} else if (!strcmp(w[0], "loss")) {
		double v;
		char pct[32];
		snprintf(pct, sizeof pct, "%s", w[1]);
		size_t k = strlen(pct);
		if (k && pct[k - 1] == '%')
			pct[k - 1] = 0;
		if (!cli_parse_double(pct, 0, 100, &v))
			return bad(p, "loss wants a percentage 0..100, not '%s'", w[1]);
		sf->loss = v / 100;
		sf->loss_set = true;
	} else if (!strcmp(w[0], "seed")) {
		if (!cli_parse_u64(w[1], UINT64_MAX, &sf->seed))
			return bad(p, "seed wants a whole number, not '%s'", w[1]);
		sf->seed_set = true;
	} else if (!strcmp(w[0], "personality")) {
		if (synack_personality_parse(w[1], &sf->personality) != SYNACK_OK)
			return bad(p, "personality wants rfc, linux or freebsd, not '%s'", w[1]);
		sf->personality_set = true;
	} else if (!strcmp(w[0], "timers")) {
		if (!demo_timers_parse(w[1], &sf->timers))
			return bad(p, "timers wants personality, rfc9293 or classic, not '%s'", w[1]);
		sf->timers_set = true;
	} else if (!strcmp(w[0], "msl")) {
		if (!duration(w[1], &u) || u % 1000000000 || u == 0 || u > 3600000000000ull)
			return bad(p, "msl wants whole seconds 1s..3600s, not '%s'", w[1]);
		sf->msl_s = u / 1000000000;
	} else if (!strcmp(w[0], "rto-initial")) {
		if (!duration(w[1], &u) || u % 1000000 || u == 0 || u > 60000000000ull)
			return bad(p, "rto-initial wants whole milliseconds 1ms..60s, not '%s'", w[1]);
		sf->rto_initial_ms = u / 1000000;
	} else if (!strcmp(w[0], "synack-retries")) {
		if (!cli_parse_u64(w[1], 20, &u))
			return bad(p, "synack-retries wants 0..20, not '%s'", w[1]);
		sf->synack_retries = (int64_t)u;
	} else if (!strcmp(w[0], "mss")) {
		if (!cli_parse_u64(w[1], 65495, &u) || u < 536)
			return bad(p, "mss wants 536..65495, not '%s'", w[1]);
		sf->mss = u;
	} else { /* drop SIDE N */
		enum sf_side side;
		if (n != 3 || !side_of(w[1], &side) || !cli_parse_u64(w[2], UINT32_MAX, &u) || !u)
			return bad(p, "drop wants SIDE N: the Nth segment client or server sends");
		if (sf->ndrops == SF_MAX_DROPS)
			return bad(p, "at most %d drops", SF_MAX_DROPS);
		sf->drops[sf->ndrops].side = side;
		sf->drops[sf->ndrops++].n = (uint32_t)u;
	}
	return true;
}

static bool action(struct parser *p, char **w, int n)
{
	struct scenario_file *sf = p->sf;
	if (sf->nactions == SF_MAX_ACTIONS)
		return bad(p, "at most %d actions", SF_MAX_ACTIONS);
	struct sf_action a = {.line = p->line};
	p->acting = true;
	if (!strcmp(w[0], "wait")) {
		if (n != 2 || !duration(w[1], &a.n))
			return bad(p, "wait wants a duration, like 500ms");
		a.verb = SF_WAIT;
	} else if (!strcmp(w[0], "expect")) {
		a.verb = SF_EXPECT;
		if (n < 3 || !side_of(w[1], &a.side))
			return bad(p, "expect wants SIDE STATE, or SIDE error ENAME");
		if (!strcmp(w[2], "error")) {
			if (n != 4 || !error_of(w[3], &a.error))
				return bad(p, "expect %s error wants an error name, like ECONNREFUSED",
					   w[1]);
			a.expect_error = true;
		} else if (n != 3 || !state_of(w[2], &a.state)) {
			return bad(p, "'%s' is not a state (CLOSED, SYN-SENT, ..., TIME-WAIT)", w[2]);
		}
	} else {
		static const struct {
			const char *name;
			enum sf_verb verb;
			int side;         /* -1: either */
			int args;         /* 0, 1, or -1 for an optional one */
		} verbs[] = {
			{"listen", SF_LISTEN, SF_SERVER, -1}, {"connect", SF_CONNECT, SF_CLIENT, 0},
			{"accept", SF_ACCEPT, SF_SERVER, 0},  {"send", SF_SEND, -1, 1},
			{"recv", SF_RECV, -1, 1},             {"shutdown", SF_SHUTDOWN, -1, 0},
			{"close", SF_CLOSE, -1, 0},           {"abort", SF_ABORT, -1, 0},
		};
		if (!side_of(w[0], &a.side))
			return bad(p, "'%s' is neither a setting nor an action", w[0]);
		if (n < 2)
			return bad(p, "%s wants a call: listen, connect, accept, send, recv, shutdown, "
				      "close or abort", w[0]);
		size_t i = 0;
		while (i < sizeof verbs / sizeof verbs[0] && strcmp(verbs[i].name, w[1]))
			i++;
		if (i == sizeof verbs / sizeof verbs[0])
			return bad(p, "'%s' is not a call", w[1]);
		if (verbs[i].side >= 0 && verbs[i].side != (int)a.side)
			return bad(p, "only the %s can %s", sf_side_name((enum sf_side)verbs[i].side),
				   w[1]);
		a.verb = verbs[i].verb;
		int args = n - 2;
		if ((verbs[i].args >= 0 && args != verbs[i].args) || args > 1)
			return bad(p, "%s %s takes %s", w[0], w[1],
				   verbs[i].args == 1 ? "one value" : "no value");
		if (a.verb == SF_LISTEN) {
			uint64_t port = 80;
			if (args && (!cli_parse_u64(w[2], 65535, &port) || !port))
				return bad(p, "listen wants a port 1..65535, not '%s'", w[2]);
			a.n = port;
		} else if (a.verb == SF_RECV && !strcmp(w[2], "eof")) {
			a.verb = SF_RECV_EOF;
		} else if (args && !bytes(w[2], &a.n)) {
			return bad(p, "%s wants a byte count up to 64MiB (or, for recv, eof), not '%s'",
				   w[1], w[2]);
		}
	}
	sf->actions[sf->nactions++] = a;
	return true;
}

bool scenario_file_load(const char *path, struct scenario_file *sf)
{
	memset(sf, 0, sizeof *sf);
	sf->synack_retries = -1;
	struct parser p = {.path = path, .sf = sf};
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: cannot read %s: %s\n", cli_prog, path, strerror(errno));
		return false;
	}
	char buf[512];
	bool ok = true;
	while (ok && fgets(buf, sizeof buf, f)) {
		p.line++;
		if (!strchr(buf, '\n') && !feof(f)) {
			ok = bad(&p, "line longer than %zu bytes", sizeof buf - 2);
			break;
		}
		buf[strcspn(buf, "#\r\n")] = 0;
		char *w[MAX_WORDS + 1];
		int n = 0;
		char *save, *tok = strtok_r(buf, " \t", &save);
		const char *rest = NULL; /* the title's words, as written */
		for (; tok && n <= MAX_WORDS; tok = strtok_r(NULL, " \t", &save)) {
			w[n++] = tok;
			if (n == 1 && !strcmp(tok, "title")) {
				rest = save;
				break;
			}
		}
		if (n == 0)
			continue;
		if (n > MAX_WORDS) {
			ok = bad(&p, "too many words");
		} else if (!strcmp(w[0], "title")) {
			while (rest && (*rest == ' ' || *rest == '\t'))
				rest++;
			snprintf(sf->title, sizeof sf->title, "%s", rest ? rest : "");
			size_t k = strlen(sf->title);
			while (k && (sf->title[k - 1] == ' ' || sf->title[k - 1] == '\t'))
				sf->title[--k] = 0;
		} else if (!strcmp(w[0], "delay") || !strcmp(w[0], "loss") || !strcmp(w[0], "seed") ||
			   !strcmp(w[0], "personality") || !strcmp(w[0], "timers") ||
			   !strcmp(w[0], "msl") || !strcmp(w[0], "rto-initial") ||
			   !strcmp(w[0], "synack-retries") || !strcmp(w[0], "mss") ||
			   !strcmp(w[0], "drop")) {
			ok = setting(&p, w, n);
		} else {
			ok = action(&p, w, n);
		}
	}
	if (ok && ferror(f))
		ok = bad(&p, "read error");
	fclose(f);
	if (ok && sf->nactions == 0) {
		p.line = 0;
		fprintf(stderr, "%s: %s: no actions (server listen, client connect, ...)\n", cli_prog,
			path);
		ok = false;
	}
	return ok;
}
