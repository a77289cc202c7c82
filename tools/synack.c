/* synack — the command line tool.
 *
 *   synack demo [options]    a scenario on the simulated network, printed
 *                            as a ladder diagram (scenarios.c)
 *   synack scenarios         the list of scenarios
 *   synack listen / connect  the stack on a TUN device, talking to the
 *                            kernel (net.c)
 *   synack --version         the library's version
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "explain.h"
#include "net.h"
#include "scenario_file.h"
#include "scenarios.h"

#define prog cli_prog

static void usage(FILE *out)
{
	fprintf(out,
		"usage: %s <command> [options]\n"
		"\n"
		"commands:\n"
		"  demo        a TCP conversation on the simulated network, drawn as a ladder\n"
		"  scenarios   the conversations demo can play (--scenario NAME)\n"
		"  listen      a server on synack's stack behind a TUN device (real clients)\n"
		"  connect     a client on synack's stack behind a TUN device (real servers)\n"
		"\n"
		"Run '%s COMMAND --help' for a command's options; '%s --version' prints\n"
		"the version.  The synack(1) man page has it all.\n",
		prog, prog, prog);
}

static void demo_usage(FILE *out)
{
	fprintf(out,
		"usage: %s demo [--scenario NAME] [options]\n"
		"\n"
		"A client (10.0.0.1) and a server (10.0.0.2:80) on the simulated network play\n"
		"a scenario ('%s scenarios' lists them; the default, normal: connect, send a\n"
		"request, read the reply, close).  Every segment is printed with its virtual\n"
		"time, flags, relative and absolute sequence numbers, window, options, length\n"
		"and both sides' states.\n"
		"\n"
		"options:\n"
		"  --scenario NAME     which conversation (default normal)\n"
		"  --scenario-file F   play the conversation written in file F instead: the\n"
		"                      network, the losses and each side's calls (the synack\n"
		"                      man page and docs/SCENARIO-FILES.md describe it);\n"
		"                      options given here win over its settings\n"
		"  --explain           say under each segment why it was sent and what the\n"
		"                      receiver checks\n"
		"  --wide              each row's details on one line, however long (by\n"
		"                      default the output fits 100 columns)\n"
		"  --verbose           under each row also the sender's congestion window,\n"
		"                      slow-start threshold, srtt, rttvar, rto, receive\n"
		"                      window and bytes in flight as it sent the segment\n"
		"  --lang LANG         language of --explain, of the title and summary lines\n"
		"                      and of the ladder's words and reasons (state names,\n"
		"                      flags and options stay as they are): en or zh\n"
		"                      (default en)\n"
		"  --seed N            seed of the simulated network (default 1)\n"
		"  --delay MS          one-way delay in milliseconds, 0-60000 (default 10)\n"
		"  --loss PERCENT      random loss in each direction, 0-100 (default: the\n"
		"                      scenario's, 0 but for lossy-transfer's 8)\n"
		"  --personality NAME  both stacks' personality: rfc, linux or freebsd\n"
		"                      (default rfc: synack's own defaults)\n"
		"  --timers SET        the handshake and TIME-WAIT timers (default\n"
		"                      personality):\n"
		"                        personality  initial RTO 1 s (RFC 6298), SYN retries\n"
		"                                     6, SYN,ACK retries 5, MSL 30 s: Linux's\n"
		"                        rfc9293      initial and minimum RTO 1 s (RFC 6298),\n"
		"                                     7 retries (giving up after over 3\n"
		"                                     minutes, RFC 9293 3.8.3), MSL 2 minutes\n"
		"                                     (RFC 9293 3.4.2)\n"
		"                        classic      initial RTO 3 s (RFC 1122, RFC 2988): the\n"
		"                                     3, 6, 12 s of older texts; 5 retries;\n"
		"                                     MSL 2 minutes\n"
		"  --rto-initial MS    initial retransmission timeout, 1-60000 (default: the\n"
		"                      timers')\n"
		"  --synack-retries N  SYN,ACK retransmissions before the server gives up,\n"
		"                      0-20 (default: the timers')\n"
		"  --msl SECONDS       maximum segment lifetime; TIME-WAIT is 2*MSL, 1-3600\n"
		"                      (default: the timers')\n"
		"  --drop-in N         lose the Nth segment to reach the client (repeatable;\n"
		"                      beside the scenario's own losses)\n"
		"  --drop-out N        lose the Nth segment the client sends (repeatable)\n"
		"  --mss N             maximum segment size, 536-65495 (default 1460)\n"
		"  --bytes N           size of the server's reply, 1-67108864 (default: the\n"
		"                      scenario's)\n"
		"  --pcap FILE         write the conversation as captured at the client's\n"
		"                      interface (pcap, LINKTYPE_RAW, nanosecond timestamps)\n"
		"  --svg FILE          write the ladder diagram as a standalone SVG\n"
		"  --json FILE         write the event trace as JSON\n"
		"  --tsg FILE          write a time-sequence graph (SVG) of the direction\n"
		"                      that carried the most data\n"
		"                      (one of these four may be - for standard output; the\n"
		"                      ladder then goes to standard error)\n"
		"  --color WHEN        auto, always or never (default auto)\n"
		"  -h, --help          this text\n"
		"\n"
		"Exit status: 0 done, 1 the scenario did not go as it should, 2 bad usage.\n",
		prog, prog);
}

static bool demo_takes_value(const char *a)
{
	static const char *const with[] = {"--scenario", "--lang", "--seed", "--delay", "--loss",
					   "--rto-initial", "--synack-retries", "--msl", "--mss",
					   "--personality", "--timers", "--drop-in", "--drop-out", "--tsg",
					   "--scenario-file",
					   "--bytes", "--pcap", "--svg", "--json", "--color", NULL};
	for (int i = 0; with[i]; i++)
		if (!strcmp(a, with[i]))
			return true;
	return false;
}

static int cmd_demo(int argc, char **argv)
{
	struct demo_opts o = {.seed = 1, .delay_ms = 10, .color = -1, .synack_retries = -1};
	bool seed_set = false, delay_set = false, personality_set = false, timers_set = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			demo_usage(stdout);
			return 0;
		}
		struct cli_arg arg;
		if (!cli_next("demo", argc, argv, &i, demo_takes_value, &arg))
			return 2;
		const char *a = arg.name, *v = arg.value;
		uint64_t u;
		if (!strcmp(a, "--scenario")) {
			if (!scenario_exists(v))
				return cli_bad_usage("demo", "no scenario '%s' ('%s scenarios' lists them)", v,
						     prog);
			o.scenario = v;
		} else if (!strcmp(a, "--scenario-file")) {
			o.file_path = v;
		} else if (!strcmp(a, "--explain")) {
			o.explain = true;
		} else if (!strcmp(a, "--wide")) {
			o.wide = true;
		} else if (!strcmp(a, "--verbose")) {
			o.verbose = true;
		} else if (!strcmp(a, "--lang")) {
			enum explain_lang lang;
			if (explain_lang_parse(v, &lang) != 0)
				return cli_bad_usage("demo", "--lang wants en or zh, not '%s'", v);
			o.lang = (int)lang;
		} else if (!strcmp(a, "--seed")) {
			if (!cli_parse_u64(v, UINT64_MAX, &o.seed))
				return cli_bad_usage("demo", "--seed wants a whole number, not '%s'", v);
			seed_set = true;
		} else if (!strcmp(a, "--delay")) {
			if (!cli_parse_u64(v, 60000, &o.delay_ms))
				return cli_bad_usage("demo", "--delay wants milliseconds 0..60000, not '%s'", v);
			delay_set = true;
		} else if (!strcmp(a, "--loss")) {
			double p;
			if (!cli_parse_double(v, 0, 100, &p))
				return cli_bad_usage("demo", "--loss wants a percentage 0..100, not '%s'", v);
			o.loss = p / 100;
			o.loss_set = true;
		} else if (!strcmp(a, "--drop-in") || !strcmp(a, "--drop-out")) {
			bool in = !strcmp(a, "--drop-in");
			unsigned *n = in ? &o.ndrop_in : &o.ndrop_out;
			if (!cli_parse_u64(v, UINT32_MAX, &u) || u == 0)
				return cli_bad_usage("demo", "%s wants a segment number from 1, not '%s'", a, v);
			if (*n == DEMO_MAX_DROPS)
				return cli_bad_usage("demo", "at most %d %s", DEMO_MAX_DROPS, a);
			(in ? o.drop_in : o.drop_out)[(*n)++] = (uint32_t)u;
		} else if (!strcmp(a, "--personality")) {
			if (synack_personality_parse(v, &o.personality) != SYNACK_OK)
				return cli_bad_usage("demo", "--personality wants rfc, linux or freebsd, not '%s'",
						     v);
			personality_set = true;
		} else if (!strcmp(a, "--timers")) {
			if (!demo_timers_parse(v, &o.timers))
				return cli_bad_usage("demo",
						     "--timers wants personality, rfc9293 or classic, not '%s'",
						     v);
			timers_set = true;
		} else if (!strcmp(a, "--rto-initial")) {
			if (!cli_parse_u64(v, 60000, &o.rto_initial_ms) || o.rto_initial_ms == 0)
				return cli_bad_usage("demo", "--rto-initial wants milliseconds 1..60000, not '%s'",
						     v);
		} else if (!strcmp(a, "--synack-retries")) {
			if (!cli_parse_u64(v, 20, &u))
				return cli_bad_usage("demo", "--synack-retries wants 0..20, not '%s'", v);
			o.synack_retries = (int64_t)u;
		} else if (!strcmp(a, "--msl")) {
			if (!cli_parse_u64(v, 3600, &o.msl_s) || o.msl_s == 0)
				return cli_bad_usage("demo", "--msl wants seconds 1..3600, not '%s'", v);
		} else if (!strcmp(a, "--mss")) {
			if (!cli_parse_u64(v, 65495, &o.mss) || o.mss < 536)
				return cli_bad_usage("demo", "--mss wants 536..65495, not '%s'", v);
		} else if (!strcmp(a, "--bytes")) {
			if (!cli_parse_u64(v, 64 * 1024 * 1024, &o.bytes) || o.bytes == 0)
				return cli_bad_usage("demo", "--bytes wants 1..67108864, not '%s'", v);
		} else if (!strcmp(a, "--pcap")) {
			o.pcap = v;
		} else if (!strcmp(a, "--svg")) {
			o.svg = v;
		} else if (!strcmp(a, "--json")) {
			o.json = v;
		} else if (!strcmp(a, "--tsg")) {
			o.tsg = v;
		} else if (!strcmp(a, "--color")) {
			if (!cli_parse_color(v, &o.color))
				return cli_bad_usage("demo", "--color wants auto, always or never, not '%s'", v);
		} else {
			return cli_bad_usage("demo", "unknown option '%s'", a);
		}
	}
	static struct scenario_file file; /* large: not on the stack */
	if (o.file_path) {
		if (o.scenario)
			return cli_bad_usage("demo", "--scenario and --scenario-file exclude each other");
		if (!scenario_file_load(o.file_path, &file))
			return 2;
		/* the file's settings, where no option gave one */
		if (!seed_set && file.seed_set)
			o.seed = file.seed;
		if (!delay_set && file.delay_set)
			o.delay_ms = file.delay_ms;
		if (!o.loss_set && file.loss_set) {
			o.loss = file.loss;
			o.loss_set = true;
		}
		if (!personality_set && file.personality_set)
			o.personality = file.personality;
		if (!timers_set && file.timers_set)
			o.timers = file.timers;
		if (!o.msl_s)
			o.msl_s = file.msl_s;
		if (!o.rto_initial_ms)
			o.rto_initial_ms = file.rto_initial_ms;
		if (o.synack_retries < 0)
			o.synack_retries = file.synack_retries;
		if (!o.mss)
			o.mss = file.mss;
		o.file = &file;
	}
	const char *outs[] = {o.pcap, o.svg, o.json, o.tsg};
	if (cli_stdout_count(outs, 4) > 1)
		return cli_bad_usage("demo", "only one of --pcap, --svg, --json and --tsg can be - "
					     "(stdout)");
	return scenario_run(&o);
}

static int cmd_scenarios(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s scenarios\n"
		       "\n"
		       "Lists the conversations '%s demo --scenario NAME' plays: each name, and the\n"
		       "behaviour of the connection lifecycle it shows.\n",
		       prog, prog);
		return 0;
	}
	if (argc > 1)
		return cli_bad_usage("scenarios", "takes no arguments");
	scenarios_list(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("synack %s\n", synack_version());
		return 0;
	}
	if (!strcmp(argv[1], "demo"))
		return cmd_demo(argc - 1, argv + 1);
	if (!strcmp(argv[1], "scenarios"))
		return cmd_scenarios(argc - 1, argv + 1);
	if (!strcmp(argv[1], "listen") || !strcmp(argv[1], "connect"))
		return cmd_net(argv[1], argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (see '%s --help')\n", prog, argv[1], prog);
	return 2;
}
