#!/usr/bin/env bash
# The CLI's tests: every scenario of `synack demo` against its golden
# ladder (with --explain, in English and Chinese), tshark decoding every
# scenario's pcap, the SVG and JSON writers, and usage errors.
#
# usage: tests/cli/run.sh [build/synack] [--update]
#   --update   rewrite the golden files from the current output (review
#              the diff before committing it)
set -uo pipefail
SYNACK=$(readlink -f "${1:-build/synack}")
UPDATE=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/golden
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "cli: ok   $*"; }
bad() { FAILED=$((FAILED + 1)); echo "cli: FAIL $*"; }

SCENARIOS=$("$SYNACK" scenarios | awk '{print $1}')
[ -n "$SCENARIOS" ] || { echo "cli: FAIL no scenarios listed"; exit 1; }

# ------------------------------------------------------------ goldens
# The ladder text with a fixed seed: any change in what the stack sends,
# when, or how it is explained shows up here.
for s in $SCENARIOS; do
	for lang in en zh; do
		out=$WORK/$s.$lang.txt
		if ! "$SYNACK" demo --scenario "$s" --explain --lang $lang --color never >"$out" 2>"$WORK/err"; then
			bad "golden $s ($lang): exit status $? ($(head -1 "$WORK/err"))"
			continue
		fi
		want=$GOLDEN/$s.$lang.txt
		if [ "$UPDATE" = --update ]; then
			if mkdir -p "$GOLDEN" && cp "$out" "$want"; then
				ok "golden $s ($lang) updated"
			else
				bad "golden $s ($lang): cannot write $want"
			fi
		elif [ ! -f "$want" ]; then
			bad "golden $s ($lang): no $want (run with --update)"
		elif diff -u "$want" "$out" >"$WORK/diff"; then
			ok "golden $s ($lang)"
		else
			bad "golden $s ($lang) differs:"
			head -40 "$WORK/diff" | sed 's/^/    | /'
		fi
	done
done

# ------------------------------------------------------- zh columns
# The Chinese ladder keeps the English one's columns: a Chinese character
# is three bytes and two columns wide, so padding counts columns.  Each
# row's arrow and its right-hand state start where they do in English; a
# state-change note on the right puts its state in the same column too,
# unless the English reason is too long for its slot and pushes it right.
for s in $SCENARIOS; do
	[ -f "$WORK/$s.en.txt" ] && [ -f "$WORK/$s.zh.txt" ] || continue
	if python3 - "$WORK/$s.en.txt" "$WORK/$s.zh.txt" >"$WORK/cols" 2>&1 <<'PY'
import re, sys, unicodedata

def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)

def rows(path):
    out = []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not re.match(r' +[0-9]+\.[0-9]{6}   ', line):
            continue
        arrow = re.search(r'──|◀|✗', line)
        state = re.search(r'  ([A-Z][A-Z0-9-]*|\(no connection\)|（无连接）)$', line)
        text = re.match(r' +[0-9.]+ +', line).end()
        out.append((width(line[:arrow.start()]) if arrow else None,
                    width(line[:state.start(1)]) if state else None, text))
    return out

en, zh = rows(sys.argv[1]), rows(sys.argv[2])
if not en or len(en) != len(zh):
    sys.exit('%d rows in English, %d in Chinese' % (len(en), len(zh)))
# where arrows start; a note whose text starts there too had no room
first = min(a for a, s, t in en if a is not None)
for i, ((ea, es, et), (za, zs, zt)) in enumerate(zip(en, zh)):
    if ea != za or (es != zs and not (ea is None and et == first and zs < es)):
        sys.exit('row %d: arrow at %s, state at %s; in English %s, %s' % (i + 1, za, zs, ea, es))
print('%d rows' % len(en))
PY
	then
		ok "zh columns $s ($(cat "$WORK/cols"))"
	else
		bad "zh columns $s: $(tail -1 "$WORK/cols")"
	fi
done

# ------------------------------------------------------------- tshark
# Every segment decodes, with good checksums and nothing malformed; TCP
# analysis flags appear only where the scenario really has them:
# retransmissions and duplicate ACKs, the repeated SYN sequence number of
# a simultaneous open's SYN,ACK, the reused ports of an old duplicate SYN.
flags_expected() {
	case $1 in
	simultaneous-open | lost-syn | lost-synack | lost-third-ack | old-duplicate-syn | \
		lost-final-ack | lossy-transfer) echo some ;;
	*) echo none ;;
	esac
}
for s in $SCENARIOS; do
	pcap=$WORK/$s.pcap
	"$SYNACK" demo --scenario "$s" --color never --pcap "$pcap" >/dev/null 2>&1
	total=$(tshark -r "$pcap" 2>/dev/null | wc -l)
	nbad=$(tshark -r "$pcap" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= 8388608 || ip.checksum.status == 0 || tcp.checksum.status == 0 || !tcp' \
		2>/dev/null | wc -l)
	flags=$(tshark -r "$pcap" -Y 'tcp.analysis.flags && !tcp.analysis.window_update' 2>/dev/null | wc -l)
	want=$(flags_expected "$s")
	if [ "$total" -gt 0 ] && [ "$nbad" -eq 0 ] &&
		{ { [ "$want" = none ] && [ "$flags" -eq 0 ]; } || { [ "$want" = some ] && [ "$flags" -gt 0 ]; }; }; then
		ok "tshark $s ($total segments, $flags with analysis flags)"
	else
		bad "tshark $s ($total segments, $nbad bad, $flags with analysis flags, wanted $want)"
	fi
done

# ---------------------------------------------------------- SVG, JSON
for s in $SCENARIOS; do
	"$SYNACK" demo --scenario "$s" --color never --svg "$WORK/$s.svg" --json "$WORK/$s.json" \
		>/dev/null 2>&1
	if xmllint --noout "$WORK/$s.svg" 2>"$WORK/xmlerr"; then
		ok "svg $s well-formed"
	else
		bad "svg $s: $(head -3 "$WORK/xmlerr")"
	fi
	if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["rows"]' "$WORK/$s.json" \
		2>"$WORK/jsonerr"; then
		ok "json $s"
	else
		bad "json $s: $(tail -1 "$WORK/jsonerr")"
	fi
done
# one drawing rendered by a browser, and not blank
if "$HERE/svg_check.sh" "$WORK/lost-final-ack.svg" "$WORK/render" >"$WORK/svgcheck" 2>&1; then
	ok "$(tail -1 "$WORK/svgcheck")"
else
	bad "rendering: $(tail -3 "$WORK/svgcheck")"
fi
# a Chinese title drawn with CJK glyphs, not the boxes of a missing font
"$SYNACK" demo --lang zh --svg "$WORK/zh.svg" >/dev/null 2>&1
if "$HERE/cjk_check.sh" "$WORK/zh.svg" "$WORK/render" >"$WORK/cjkcheck" 2>&1; then
	ok "$(tail -1 "$WORK/cjkcheck")"
else
	bad "$(tail -1 "$WORK/cjkcheck")"
fi
# an arrow with both the sender's reason and the receiver's verdict
# writes the verdict a line lower (they met on long arrows)
if python3 - "$WORK/old-duplicate-syn.svg" <<'PY' 2>"$WORK/overlap"; then
import re, sys
svg = open(sys.argv[1], encoding="utf-8").read()
paths = {m[0]: (int(m[1]), int(m[2])) for m in re.findall(r'id="([wd][0-9]+)" d="M-?[0-9]+ (-?[0-9]+) L-?[0-9]+ (-?[0-9]+)"', svg)}
both = [k[1:] for k in paths if k[0] == "d" and "w" + k[1:] in paths]
assert both, "no arrow with both texts"
for n in both:
    w, d = paths["w" + n], paths["d" + n]
    assert d[0] - w[0] == 12 and d[1] - w[1] == 12, (n, w, d)
PY
	ok "svg: a receiver's verdict under the sender's reason, not beside it"
else
	bad "svg: verdict and reason on one line: $(tail -1 "$WORK/overlap")"
fi
# the SVG names CJK fonts after the Latin ones, marks its time axis as
# not to scale, and starts each column with the side's first state
if grep -q '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"' "$WORK/zh.svg" &&
	grep -q '>not to scale</text>' "$WORK/zh.svg" &&
	grep -Eq 'class="state" x="150" y="108"[^>]*>CLOSED<' "$WORK/normal.svg" &&
	grep -Eq 'class="state" x="890" y="108"[^>]*>LISTEN<' "$WORK/normal.svg"; then
	ok "svg: CJK font families, 'not to scale', the initial CLOSED and LISTEN"
else
	bad "svg: CJK font families, 'not to scale' or the initial states missing"
fi

# ------------------------------------------------------------- errors
# A bad flag or value: one line on stderr, exit status 2, nothing else.
usage_error() {
	local out rc
	out=$("$SYNACK" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && [ -n "$out" ]; then
		ok "usage error: synack $* -> $out"
	else
		bad "usage error: synack $* -> status $rc, stderr: $out"
	fi
}
usage_error demo --bogus
usage_error demo --scenario nope
usage_error demo --loss 101
usage_error demo --loss abc
usage_error demo --delay -5
usage_error demo --lang fr
usage_error demo --mss 10
usage_error demo --rto-initial 0
usage_error demo --synack-retries 99
usage_error demo --msl 0
usage_error demo --bytes 0
usage_error demo --color sometimes
usage_error demo --seed
usage_error scenarios extra
usage_error bogus-command
usage_error listen --addr 10.9.0.2
usage_error connect --addr 10.9.0.2 10.9.0.1
usage_error listen --addr 10.9.0.2 --mtu 100 --echo 80
usage_error demo --timers modern
usage_error demo --personality bsd
usage_error demo --svg - --json -
usage_error demo --drop-in 0
usage_error listen --addr 10.9.0.2 --http --echo 80
usage_error listen --addr 10.9.0.2 --discard --send /etc/hostname 80
usage_error connect --addr 10.9.0.2 --pcap - --output - 10.9.0.1 80

# ------------------------------------------------------- small comforts
if "$SYNACK" scenarios --help >"$WORK/sh" 2>&1 && grep -q '^usage: synack scenarios' "$WORK/sh"; then
	ok "scenarios --help"
else
	bad "scenarios --help: $(head -1 "$WORK/sh")"
fi
if "$SYNACK" --version | grep -Eq '^synack [0-9]+\.[0-9]+\.[0-9]+'; then
	ok "--version"
else
	bad "--version"
fi
# a path that cannot be written fails before the run, naming it
"$SYNACK" demo --svg "$WORK/no/such/dir/x.svg" >"$WORK/badsvg.out" 2>"$WORK/badsvg.err"
rc=$?
if [ $rc -eq 1 ] && grep -qF "$WORK/no/such/dir/x.svg" "$WORK/badsvg.err" && [ ! -s "$WORK/badsvg.out" ]; then
	ok "a bad --svg path fails before the run"
else
	bad "a bad --svg path: exit $rc, stdout $(wc -c <"$WORK/badsvg.out") bytes"
fi
# - is standard output; the ladder moves to standard error
"$SYNACK" demo --color never --pcap - 2>"$WORK/dash.err" | tshark -r - 2>/dev/null >"$WORK/dash.tshark"
if [ "$(wc -l <"$WORK/dash.tshark")" -eq 9 ] && grep -q 'SYN-SENT' "$WORK/dash.err"; then
	ok "--pcap - writes the capture to stdout, the ladder to stderr"
else
	bad "--pcap -: $(wc -l <"$WORK/dash.tshark") frames read by tshark"
fi
if "$SYNACK" demo --json - 2>/dev/null | python3 -c 'import json, sys; json.load(sys.stdin)'; then
	ok "--json - writes JSON to stdout"
else
	bad "--json -: not JSON"
fi
# the JSON says what produced it
version=$("$SYNACK" --version | awk '{print $2}')
if "$SYNACK" demo --scenario lost-syn --seed 7 --loss 2.5 --personality linux --timers classic \
	--msl 10 --json - 2>/dev/null | python3 -c '
import json, sys
m = json.load(sys.stdin)["meta"]
assert m["synack"] == sys.argv[1], m["synack"]
assert (m["command"], m["scenario"], m["timers"], m["personality"]) == \
    ("demo", "lost-syn", "classic", "linux"), m
assert (m["seed"], m["loss_ppm"], m["delay_ns"]) == (7, 25000, 10000000), m
s = m["settings"]
assert (s["initial_rto_ns"], s["msl_ns"], s["synack_retries"]) == (3000000000, 10000000000, 5), s
' "$version" 2>"$WORK/metaerr"; then
	ok "json meta: version, scenario, seed, loss, personality, timers, settings"
else
	bad "json meta: $(tail -1 "$WORK/metaerr")"
fi
# ------------------------------------------------------ the parameters
# Each flag changes what it says it changes.  (Output goes to a file
# first: grep -q closing a pipe early would fail the writer with SIGPIPE.)
param() {
	local what=$1 pattern=$2
	shift 2
	"$SYNACK" demo --color never "$@" >"$WORK/param" 2>&1
	if grep -Eq -- "$pattern" "$WORK/param"; then
		ok "param: $what"
	else
		bad "param: $what (synack demo $*: no '$pattern')"
	fi
}
param "--rto-initial 3000: the lost SYN is sent again at 3 s" \
	'SYN retransmission\)  arrives 3\.010000' --scenario lost-syn --rto-initial 3000
param "--msl 5: TIME-WAIT lasts 10 s" '^ +10\.075000 +CLOSED +TIME-WAIT -> CLOSED' --msl 5
param "--synack-retries 2: the server gives up after 2" \
	'^ +7\.010000 +LISTEN$' --scenario lost-third-ack --synack-retries 2
param "--mss 536: announced in the SYN" '<mss 536,' --mss 536
param "--delay 50: the SYN,ACK leaves at 50 ms" '^ +0\.050000 .*SYN,ACK seq=0' --delay 50
param "--bytes 5000: a 5000-byte reply" 'len=656' --bytes 5000
param "--seed 2: other ISNs" 'abs seq=2679803112 ' --seed 2
param "--loss 30: segments lost" '✗' --loss 30 --seed 3
param "--drop-in 2: the reply is lost" '✗.*PSH,ACK seq=1 ack=19' --drop-in 2
param "--drop-in 2: and sent again" 'retransmissions [1-9]' --drop-in 2
param "--drop-out 1: the SYN is lost" '^ +1\.000000 +SYN-SENT .*SYN seq=0' --drop-out 1

# ------------------------------------------------------------- colour
esc=$(printf '\033')
"$SYNACK" demo --color always >"$WORK/always" 2>&1
"$SYNACK" demo --color never >"$WORK/never" 2>&1
"$SYNACK" demo >"$WORK/auto" 2>&1
if grep -q "$esc\[" "$WORK/always" && ! grep -q "$esc" "$WORK/never" && ! grep -q "$esc" "$WORK/auto"; then
	ok "colour: always, never, auto on a pipe"
else
	bad "colour: always, never or auto on a pipe"
fi
# on a terminal (script(1) gives it one), auto means colour
# The ECN scenario's bits as tshark reads them at the client: its
# ECN-setup SYN, the server's ECN-setup SYN,ACK, one data segment arriving
# CE, ECE on the client's ACKs, CWR on one segment of server data.
ecn_count() { tshark -r "$WORK/ecn.pcap" -Y "$1" 2>/dev/null | wc -l; }
if [ "$(ecn_count 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.flags.ece == 1 && tcp.flags.cwr == 1')" -eq 1 ] &&
	[ "$(ecn_count 'tcp.flags.syn == 1 && tcp.flags.ack == 1 && tcp.flags.ece == 1 && tcp.flags.cwr == 0')" -eq 1 ] &&
	[ "$(ecn_count 'ip.dsfield.ecn == 3')" -eq 1 ] &&
	[ "$(ecn_count 'ip.dsfield.ecn == 2 && tcp.len > 0')" -gt 10 ] &&
	[ "$(ecn_count 'ip.dsfield.ecn != 0 && tcp.len == 0')" -eq 0 ] &&
	[ "$(ecn_count 'tcp.flags.syn == 0 && tcp.flags.ece == 1')" -ge 1 ] &&
	[ "$(ecn_count 'tcp.flags.cwr == 1 && tcp.len > 0')" -eq 1 ]; then
	ok "tshark ecn: ECN-setup SYN and SYN,ACK, ECT(0) data only, one CE, ECE, one CWR"
else
	bad "tshark ecn: the ECN bits are not where they should be"
fi

script -qec "$SYNACK demo" /dev/null </dev/null >"$WORK/tty" 2>&1
if grep -q "$esc\[" "$WORK/tty"; then
	ok "colour: auto on a terminal"
else
	bad "colour: auto on a terminal"
fi

# ------------------------------------------------------- what it teaches
# The sentences and labels that carry a scenario's lesson, asserted as
# text (the goldens hold them too, but a regenerated golden must not
# lose them unnoticed).
# The demo's --explain output for "SCENARIO [OPTIONS]" in LANG, run once,
# with its lines joined (explanations wrap): prints the file's name.
teach_out() {
	local s=$1 lang=$2 out
	out=$WORK/teach.$(printf %s "$s" | tr ' ' _).$lang
	# shellcheck disable=SC2086 # the scenario's options are words
	[ -f "$out" ] || "$SYNACK" demo --scenario $s --explain --lang "$lang" --color never 2>&1 |
		tr -s ' \n' '  ' >"$out"
	printf %s "$out"
}
teach() { # teach NAME "SCENARIO [OPTIONS]" LANG present|absent TEXT
	local name=$1 how=$4 text=$5 out
	out=$(teach_out "$2" "$3")
	if { [ "$how" = present ] && grep -qF -- "$text" "$out"; } ||
		{ [ "$how" = absent ] && ! grep -qF -- "$text" "$out"; }; then
		ok "teach: $name"
	else
		bad "teach: $name ($2, $3: '$text' $how expected)"
	fi
}
# the same with an extended regular expression (arrows vary in length)
teach_re() { # teach_re NAME "SCENARIO [OPTIONS]" LANG REGEX
	local name=$1 re=$4 out
	out=$(teach_out "$2" "$3")
	if grep -Eq -- "$re" "$out"; then
		ok "teach: $name"
	else
		bad "teach: $name ($2, $3: /$re/ expected)"
	fi
}
# a timer's row is explained too: TIME-WAIT's end after 2MSL
teach "2MSL row explained" normal en present "TIME-WAIT ends: 2×MSL (60 s) have passed"
teach "2MSL row explained (zh)" normal zh present "TIME-WAIT 结束"
teach "half-open drop explained" lost-third-ack en present "without receiving the ACK that completes"
# the answer to a retransmitted SYN,ACK is a plain ACK (RFC 9293
# 3.10.7.4 checks the sequence number first), not a challenge ACK
for s in lost-synack lost-third-ack; do
	teach "$s: no challenge ACK" $s en absent "challenge ACK"
	teach "$s: the ACK again" $s en present "(ACK again: the segment was not acceptable)"
	teach "$s: not acceptable" $s en present "so the segment is not acceptable (RFC 9293 3.10.7.4 checks the sequence number"
	teach "$s: the third segment again" $s en present "in effect the third segment of the handshake"
	teach "$s: no challenge ACK (zh)" $s zh absent "挑战 ACK"
done

# old-duplicate-syn: each connection attempt has its own relative
# numbers, the explanation quotes the row's numbers, and the half-open
# entry the RST removes leaves the port in LISTEN
teach "old SYN,ACK counted from the old SYN" old-duplicate-syn en present "SYN,ACK seq=0 ack=1 win=65535 len=0 ── SYN-RECEIVED #3 abs seq=4225921593 ack=90001 (ack counts from an earlier SYN: ISN 90000)"
teach "old SYN,ACK explained with its numbers" old-duplicate-syn en present "ack = 1 (absolute 90001), that SYN's sequence number + 1"
teach "stale RST explained with its numbers" old-duplicate-syn en present "seq = 1 (absolute 90001), counted like the SYN,ACK's ack"
if grep -qE 'RST seq=1 win=0 len=0 ─+▶ LISTEN #4' "$WORK/teach.old-duplicate-syn.en"; then
	ok "teach: the stale RST leaves the server in LISTEN"
else
	bad "teach: the stale RST's row does not show LISTEN"
fi
teach "no ack counted from the wrong SYN" old-duplicate-syn en absent "ack=2690089963"
teach "old attempt marked (zh)" old-duplicate-syn zh present "ack 从较早的 SYN 起算：ISN 90000"
teach "half-open drop leaves LISTEN" lost-third-ack en present "SYN-RECEIVED -> LISTEN (SYN,ACK retries exhausted"

# where the numbers come from: the header, the initial RTO, the retry
# count, the MSL; --timers classic draws the 3, 6, 12 s of older texts
teach "timers in the header" normal en present "timers: initial RTO 1 s, minimum 200 ms; SYN retries 6, SYN,ACK retries 5; MSL 30 s, TIME-WAIT 60 s"
teach "timers in the header (zh)" normal zh present "计时器：初始 RTO 1 秒，最小 200 毫秒"
teach "1 s from RFC 6298" lost-synack en present "That 1 s is the initial retransmission timeout of RFC 6298 (2.1)"
teach "MSL 30 s like FreeBSD, 60 s like Linux" normal en present "MSL is 30 s here, as on FreeBSD (net.inet.tcp.msl); Linux has no MSL setting but fixes TIME-WAIT at the same 60 s"
teach "TIME-WAIT length from the run" normal en present "where it stays for 2×MSL (60 s) before"
teach "SYN,ACK retries: no count in RFC 9293" lost-third-ack en present "RFC 9293 sets no count for these retries"
teach "classic: 3 s from RFC 1122" "lost-third-ack --timers classic" en present "That 3 s is the initial retransmission timeout of RFC 1122 (4.2.3.1) and RFC 2988 (2.1)"
for t in 3.010000 9.010000 21.010000 45.010000 93.010000; do
	teach_re "classic: a SYN,ACK at $t s" "lost-third-ack --timers classic" en " $t ESTABLISHED ◀─+ SYN,ACK seq=0 ack=1 "
done
teach "classic: given up at 189 s" "lost-third-ack --timers classic" en present "189.010000 LISTEN SYN-RECEIVED -> LISTEN"
teach "rfc9293: TIME-WAIT 4 minutes" "normal --timers rfc9293" en present "240.075000 CLOSED TIME-WAIT -> CLOSED (2MSL timeout)"
teach "rfc9293: MSL from RFC 9293" "normal --timers rfc9293" en present "MSL is 2 minutes here, as RFC 9293 (3.4.2) and RFC 793 take it"
teach "an option wins over the timers" "normal --timers rfc9293 --msl 10" en present "MSL is 10 s in this run (--msl)"
teach "personality in the header" "normal --personality linux" en present "seed 1, personality linux"
# every retry count the option takes plays out (20 ran past the wait)
if "$SYNACK" demo --scenario lost-third-ack --synack-retries 20 --color never >"$WORK/r20" 2>&1 &&
	grep -q 'SYN-RECEIVED -> LISTEN' "$WORK/r20"; then
	ok "teach: lost-third-ack --synack-retries 20 completes"
else
	bad "teach: lost-third-ack --synack-retries 20: $(tail -1 "$WORK/r20")"
fi

# The sentences that carry each scenario's lesson (checked against RFC
# 9293 and the RFCs it leans on), and the misleading ones that must not
# come back.
teach "third segment" normal en present "The client completes the three-way handshake with an ACK (no SYN flag): seq = 1 (x+1), ack = 1 (y+1), acknowledging the server's SYN."
teach "ACK of a FIN: u+1" normal en present "ack = 20 (u+1, since the FIN took up one sequence number), while its own seq = 14 is just its next sequence number, not u+1."
teach "close, not shutdown" normal en present "The client's application closed the socket, so it sends FIN"
teach "shutdown: half-close" half-close en present "The client's application shut down writing (shutdown), so it sends FIN"
teach "half-close keeps sending" half-close en present "but has not closed its own direction, so it may go on sending (half-close)"
teach "three segments" three-segment-close en present "and the close takes three segments instead of four"
teach "simultaneous open" simultaneous-open en present "a SYN arriving there means simultaneous open, so it goes SYN-SENT -> SYN-RECEIVED and answers with SYN,ACK."
teach "simultaneous close" simultaneous-close en present "a FIN arriving now takes it to CLOSING (simultaneous close, RFC 9293 Figure 13)"
teach "RST to an ACK for nobody" lost-third-ack en present "is the ACK's acknowledgement number (RFC 9293 3.10.7.2)."
teach "why three segments" old-duplicate-syn en present "With a two-way handshake it would have committed to a connection nobody wants (RFC 9293 Figure 8)."
teach "why TIME-WAIT" lost-final-ack en present "This is why TIME-WAIT exists: had the client already forgotten the connection, the FIN would be answered with a RST"
teach "connection refused" closed-port en present "accepts the RST because its ACK acknowledges the SYN: the connection attempt fails with \"connection refused\" (ECONNREFUSED)."
teach "cookie: state only now" syn-flood en present "creates the connection only now, directly ESTABLISHED."
teach "RFC 6675 loss" lossy-transfer en present "by RFC 6675 this segment counts as lost without waiting for a third duplicate ACK."
teach "ECN: no retransmission" ecn en present "which answers as it would a loss, but without retransmitting anything"
teach "MSS not negotiated" normal en present "the MSS is not negotiated: each side announces the largest segment it will accept"
teach "no option rule for the MSS" normal en absent "an option is used only if both sides offer it"
teach "no unconditional receiving" normal en absent "sends no more data but can still receive"
teach "the ACK is not required" normal en absent "checks that the ACK flag is set"
teach "a timeout's origin: measured RTT, 200 ms floor" "normal --loss 25 --seed 3" en present "That 200 ms comes from the round trips measured so far (RFC 6298 2.3: SRTT + 4·RTTVAR)"
teach "a repeated SYN: Linux's way, not the RFC's" lost-synack en present "RFC 9293's sequence check alone would answer with a bare ACK"
teach "a duplicate third ACK changes nothing" lost-synack en present "The server is already ESTABLISHED (an earlier copy of this ACK got there first)"
if [ "$(grep -o 'acknowledges its SYN (y+1) and goes SYN-RECEIVED -> ESTABLISHED' "$WORK/teach.lost-synack.en" | wc -l)" -eq 1 ]; then
	ok "teach: lost-synack: one handshake completion, not two"
else
	bad "teach: lost-synack: the server completes the handshake more than once"
fi

# syn-flood draws the flood as one row, with the queue and cookie counts
teach "the flood drawn" syn-flood en present "0.010000 LISTEN 64 spoofed SYNs (198.51.100.1-64): 16 half-open, queue full; 48 SYN cookies"
teach "the flood explained" syn-flood en present "A SYN flood: an attacker sends SYNs with forged source addresses, drawn here as one row."
teach "the flood drawn (zh)" syn-flood zh present "64 个伪造的 SYN（198.51.100.1-64）：16 个半连接，队列已满；48 个 SYN cookie"
teach_re "a cookie SYN reaches the listener" syn-flood en "SYN seq=0 win=65535 len=0 ─+▶ LISTEN "
# --lang zh: the summary and result lines too
for s in $("$SYNACK" scenarios | awk '{print $1}'); do
	"$SYNACK" demo --scenario "$s" --lang zh --color never >"$WORK/zhlines" 2>&1
	english=$(tail -n 3 "$WORK/zhlines" | grep -P '^[\x00-\x7F]+$' | grep -v '^ ')
	if [ -z "$english" ]; then
		ok "zh: $s: summary and result lines in Chinese"
	else
		bad "zh: $s: English left: $english"
	fi
done

# 100 columns by default (CJK characters take two), the long form with
# --wide; the state columns say which moment they show
widest() { python3 -c '
import sys, unicodedata
print(max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n"))
           for l in sys.stdin), default=0))'; }
for s in $("$SYNACK" scenarios | awk '{print $1}'); do
	for lang in en zh; do
		w=$("$SYNACK" demo --scenario "$s" --explain --lang $lang --color never 2>&1 | widest)
		if [ "$w" -le 100 ]; then
			ok "100 columns: $s ($lang, --explain): widest line $w"
		else
			bad "100 columns: $s ($lang, --explain): a line of $w columns"
		fi
	done
done
"$SYNACK" demo --wide --color never >"$WORK/wide" 2>&1
if grep -Eq '^ +#1 +abs seq=[0-9]+ ack=0  arrives 0\.010000  <mss 1460,sackOK,TS val [0-9]+ ecr 0,wscale 3>$' "$WORK/wide" &&
	[ "$(widest <"$WORK/wide")" -gt 100 ]; then
	ok "--wide: each row's details on one line"
else
	bad "--wide: the details are not on one line"
fi
teach "which moment a state column shows" normal en present "states: the sender's as it sends, the receiver's after the segment arrives"
teach "which moment a state column shows (zh)" normal zh present "状态：发送方为发出时的状态，接收方为报文段到达之后的状态"

# --verbose: the sender's congestion state under each row; the JSON
# carries it always
teach_re "verbose: cwnd, ssthresh, flight, window" "lossy-transfer --verbose" en "\(fast retransmission\).* cwnd 26064 ssthresh 13032 in flight 27512 rwnd 262144 srtt 20 ms rttvar 5\.6 ms rto 200 ms"
teach_re "verbose: a SYN has an RTO, no cwnd yet" "normal --verbose" en "#1 abs seq=[0-9]+ ack=0 arrives 0\.010000 srtt - rttvar - rto 1000 ms <mss"
teach "no figures without --verbose" lossy-transfer en absent "ssthresh"
if "$SYNACK" demo --json - 2>/dev/null | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin)["rows"] if r["kind"] == "segment"]
data = [r for r in rows if r["flags"] == "PSH,ACK" and r["from"] == 1][0]
assert data["sender_info"]["cwnd"] == 14480 and data["sender_info"]["srtt_ns"] == 20000000, data
assert rows[1]["sender_info"] is None  # the half-open server has no descriptor
' 2>"$WORK/infoerr"; then
	ok "json: sender_info"
else
	bad "json: sender_info: $(tail -1 "$WORK/infoerr")"
fi

# --tsg: a time-sequence graph that a browser draws, with the
# retransmissions, losses and SACK blocks of lossy-transfer in it
"$SYNACK" demo --scenario lossy-transfer --tsg "$WORK/tsg.svg" >/dev/null 2>&1
if "$HERE/svg_check.sh" "$WORK/tsg.svg" "$WORK/render" >"$WORK/tsgcheck" 2>&1 &&
	[ "$(grep -c 'stroke="#cf222e" stroke-width="1.5"' "$WORK/tsg.svg")" -eq 3 ] &&
	[ "$(grep -c 'stroke-dasharray="3 2"' "$WORK/tsg.svg")" -eq 2 ] &&
	grep -q 'stroke="#8250df" stroke-width="2"' "$WORK/tsg.svg" &&
	grep -q 'server 10.0.0.2:80 → client 10.0.0.1' "$WORK/tsg.svg"; then
	ok "--tsg: $(tail -1 "$WORK/tsgcheck"): 3 segments sent again, 2 lost, SACK blocks"
else
	bad "--tsg: $(tail -1 "$WORK/tsgcheck")"
fi
usage_error demo --tsg - --svg -

# --scenario-file: a conversation written as text; its mistakes stop it
# before the run, naming the line; a failed expectation fails the run
if "$SYNACK" demo --scenario-file "$HERE/../../examples/scenarios/lost-fin.txt" --color never \
	>"$WORK/sf" 2>&1 && grep -q '(FIN retransmission)' "$WORK/sf" &&
	tr -s ' \n' '  ' <"$WORK/sf" | grep -q "lost-fin.txt: the client's FIN is lost and sent again"; then
	ok "scenario file: lost-fin.txt plays, the FIN sent again"
else
	bad "scenario file: lost-fin.txt: $(tail -1 "$WORK/sf")"
fi
printf 'server listen\nclient connect\nclient listen\n' >"$WORK/bad1.txt"
usage_error demo --scenario-file "$WORK/bad1.txt"
printf 'server listen\ndelay 10ms\n' >"$WORK/bad2.txt"
usage_error demo --scenario-file "$WORK/bad2.txt"
printf 'wait forever\n' >"$WORK/bad3.txt"
usage_error demo --scenario-file "$WORK/bad3.txt"
usage_error demo --scenario-file "$WORK/no-such-file.txt"
usage_error demo --scenario normal --scenario-file "$WORK/bad3.txt"
"$SYNACK" demo --scenario-file "$WORK/bad1.txt" >/dev/null 2>"$WORK/bad1.err"
if grep -q 'bad1.txt:3: only the server can listen' "$WORK/bad1.err"; then
	ok "scenario file: a mistake names its line"
else
	bad "scenario file: a mistake does not name its line"
fi
printf 'server listen\nclient connect\nexpect client SYN-SENT\n' >"$WORK/fails.txt"
"$SYNACK" demo --scenario-file "$WORK/fails.txt" --color never >/dev/null 2>"$WORK/fails.err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'fails.txt:3: expected the client in SYN-SENT, found ESTABLISHED' "$WORK/fails.err"; then
	ok "scenario file: a failed expectation fails the run (exit 1)"
else
	bad "scenario file: a failed expectation: exit $rc, $(cat "$WORK/fails.err")"
fi
printf 'delay 30ms\nseed 9\nserver listen\nclient connect\nserver abort\nclient recv eof\nexpect client error ECONNRESET\nclient close\n' >"$WORK/reset.txt"
if "$SYNACK" demo --scenario-file "$WORK/reset.txt" --delay 50 --color never >"$WORK/reset.out" 2>&1 &&
	grep -q 'one-way delay 50 ms, loss 0.0%, seed 9' "$WORK/reset.out" &&
	grep -q 'RST,ACK' "$WORK/reset.out"; then
	ok "scenario file: a reset expected; the option's delay beats the file's, the file's seed stays"
else
	bad "scenario file: reset.txt: $(tail -1 "$WORK/reset.out")"
fi

# --bytes larger than both buffers: the client reads while the server
# writes (it failed above about 512 KiB: each end waited for the other)
for s in normal server-closes-first half-close; do
	if "$SYNACK" demo --scenario $s --bytes 8388608 --color never >"$WORK/big" 2>&1 &&
		grep -q 'control blocks left: client 0, server 0' "$WORK/big"; then
		ok "teach: $s --bytes 8388608 completes"
	else
		bad "teach: $s --bytes 8388608: $(tail -1 "$WORK/big")"
	fi
done

# ------------------------------------------- frame numbers and the pcap
# The ladder's #N is the frame number Wireshark gives the same datagram
# in the --pcap capture: compare the absolute sequence numbers.
"$SYNACK" demo --scenario lost-synack --color never --pcap "$WORK/frames.pcap" >"$WORK/frames.txt" 2>&1
ladder_frames=$(grep -E '^ +#[0-9]+ +abs seq=' "$WORK/frames.txt" |
	sed -E 's/^ +#([0-9]+) +abs seq=([0-9]+) ack=([0-9]+).*/\1 \2 \3/' | sort -n)
tshark_frames=$(tshark -r "$WORK/frames.pcap" -T fields -e frame.number -e tcp.seq_raw -e tcp.ack_raw 2>/dev/null |
	awk '{print $1, $2, $3}' | sort -n)
if [ -n "$ladder_frames" ] && [ "$ladder_frames" = "$tshark_frames" ]; then
	ok "frame numbers: the ladder's #N are the pcap's frames ($(echo "$ladder_frames" | wc -l))"
else
	bad "frame numbers differ: ladder [$ladder_frames] tshark [$tshark_frames]"
fi

"$SYNACK" demo --help >"$WORK/help" 2>&1
"$SYNACK" scenarios >"$WORK/list" 2>&1
if grep -q -- '--scenario' "$WORK/help" && grep -q '^normal ' "$WORK/list"; then
	ok "help and scenario list"
else
	bad "help or scenario list"
fi

echo "cli: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
