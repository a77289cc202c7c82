#!/usr/bin/env bash
# Interoperability with the Linux kernel's TCP over a TUN device.
#
# Everything happens inside a network namespace this script creates and
# always deletes (trap on exit): synack's stack owns 10.9.0.2 behind the
# TUN device, the kernel side of the device is 10.9.0.1/24, and the
# namespace has no other interface and no route out.  Processes are
# started under `timeout` and ended by PID.
#
# usage: tests/interop/run.sh [build/synack] [TEST...]
# Needs root (CAP_NET_ADMIN) and /dev/net/tun.  Without them it skips,
# unless CI=true, where a skip is a failure.
set -uo pipefail

SYNACK=$(readlink -f "${1:-build/synack}")
shift || true
ONLY=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
PEER="python3 $HERE/peer.py"
NS=synack-interop-$$
DEV=sa0
US=10.9.0.2
HOST=10.9.0.1
BIG=$((50 * 1024 * 1024))

skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		echo "interop: cannot run: $1"
		echo "interop: 0 passed, 1 failed"
		exit 1
	fi
	echo "interop: skipped: $1"
	exit 0
}
[ "$(id -u)" = 0 ] || skip_or_fail "needs root (CAP_NET_ADMIN) for a namespace and a TUN device"
[ -c /dev/net/tun ] || skip_or_fail "no /dev/net/tun"
for tool in ip ss nc curl tshark python3 sha256sum timeout xmllint; do
	command -v "$tool" >/dev/null || skip_or_fail "missing $tool (make deps installs it)"
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "interop: kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS" || skip_or_fail "cannot create a network namespace"
# `ip netns exec` execs its command, so $! of a background nsx is the
# command's own PID (a shell function would fork a subshell instead)
NSX=(ip netns exec "$NS")
nsx() { "${NSX[@]}" "$@"; }
nsx ip link set lo up

PASSED=0
FAILED=0
FAILED_NAMES=()
CUR=""
LOG=""

fail() {
	echo "interop: FAIL $CUR: $*"
	[ -n "$LOG" ] && [ -f "$LOG" ] && sed 's/^/    | /' "$LOG" | tail -n 40
	return 1
}

# Starts `synack listen ...` in the background; waits until it listens.
LPID=""
start_listen() {
	LOG=$WORK/$CUR.listen
	"${NSX[@]}" timeout 300 "$SYNACK" listen --tun $DEV --addr $US --host-addr $HOST/24 --color never \
		"$@" >"$LOG" 2>&1 &
	LPID=$!
	PIDS+=("$LPID")
	for _ in $(seq 100); do
		grep -q "listening on" "$LOG" 2>/dev/null && return 0
		kill -0 "$LPID" 2>/dev/null || break
		sleep 0.05
	done
	fail "synack listen did not start"
}

# Ends the listener (SIGTERM, by PID) and waits for it.
stop_listen() {
	[ -n "$LPID" ] || return 0
	kill "$LPID" 2>/dev/null
	wait "$LPID" 2>/dev/null
	LPID=""
	gone_device
}

# Waits for a listener that exits by itself (--count).
wait_listen() {
	local rc=0
	wait "$LPID" || rc=$?
	LPID=""
	gone_device
	return $rc
}

gone_device() {
	for _ in $(seq 100); do
		nsx ip link show $DEV >/dev/null 2>&1 || return 0
		sleep 0.05
	done
}

# A capture on the TUN device (the kernel's side of the wire).  Stop it
# before the listener: the device goes away with it.
TSPID=""
start_capture() {
	CAP=$WORK/$CUR.pcap
	"${NSX[@]}" timeout 120 tshark -i $DEV -w "$CAP" >"$WORK/$CUR.tshark" 2>&1 &
	TSPID=$!
	PIDS+=("$TSPID")
	# "Capturing on" comes before the capture really starts: send UDP
	# probes (our stack counts and drops them) until one is in the file
	for _ in $(seq 100); do
		nsx bash -c "echo probe >/dev/udp/$US/9" 2>/dev/null
		sleep 0.05
		[ "$(tshark -r "$CAP" -Y udp 2>/dev/null | wc -l)" -gt 0 ] && return 0
	done
	fail "tshark did not start capturing"
}

# Waits until what is written stops growing (packets still in the
# capture's buffers are lost when it is interrupted), then stops it.
stop_capture() {
	local n prev=-1
	for _ in $(seq 50); do
		sleep 0.15
		n=$(tshark -r "$CAP" -Y tcp 2>/dev/null | wc -l)
		[ "$n" -gt 0 ] && [ "$n" = "$prev" ] && break
		prev=$n
	done
	kill -INT "$TSPID" 2>/dev/null
	wait "$TSPID" 2>/dev/null
	TSPID=""
}

# Who sent the first FIN in capture $1: K (kernel) or S (synack).  The
# segments stay in $1.seg for a look after a failure.
first_fin() {
	segments "$1" >"$1.seg"
	awk '$3 ~ /FIN/ { print $2; exit }' "$1.seg"
}

# One line per TCP segment: "time K|S FLAGS seq ack len" (K: kernel, S: synack).
# Only header fields are read: tshark's sequence analysis is turned off, as
# on a 50 MiB transfer's capture it can take minutes.
segments() {
	tshark -r "$1" -o tcp.relative_sequence_numbers:FALSE -o tcp.analyze_sequence_numbers:FALSE \
		-o tcp.desegment_tcp_streams:FALSE -T fields -E separator=' ' \
		-e frame.time_relative -e ip.src -e tcp.seq -e tcp.ack -e tcp.len \
		-e tcp.flags.syn -e tcp.flags.fin -e tcp.flags.reset -e tcp.flags.push -e tcp.flags.ack \
		-Y tcp 2>/dev/null |
		awk -v us=$US '
		function on(v) { return v == "1" || v == "True" }
		{
			n = ""
			if (on($6)) n = n (n ? "," : "") "SYN"
			if (on($7)) n = n (n ? "," : "") "FIN"
			if (on($8)) n = n (n ? "," : "") "RST"
			if (on($9)) n = n (n ? "," : "") "PSH"
			if (on($10)) n = n (n ? "," : "") "ACK"
			printf "%s %s %s %s %s %s\n", $1, ($2 == us ? "S" : "K"), n, $3, $4, $5
		}'
}

# "K:SYN S:SYN,ACK ..." for a segment list
flow() { awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $3 } END { print "" }' "$1"; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

# ------------------------------------------------------------------ tests

# curl GETs a page and 10 MiB from our HTTP responder (we close first).
t_curl_get() {
	start_listen --http --count 2 80 || return 1
	local body
	body=$(nsx timeout 30 curl -sS -m 20 http://$US/) || fail "curl failed" || return 1
	[[ $body == *"Hello from synack"* ]] || fail "unexpected page: $body" || return 1
	nsx timeout 60 curl -sS -m 50 -o "$WORK/get.bin" http://$US/bytes/10485760 ||
		fail "curl download failed" || return 1
	python3 -c "import sys; n=10485760; sys.stdout.buffer.write(bytes((97 + i % 26) for i in range(n)))" \
		>"$WORK/get.want"
	[ "$(sha "$WORK/get.bin")" = "$(sha "$WORK/get.want")" ] || fail "body differs" || return 1
	wait_listen || fail "synack listen failed" || return 1
}

# nc uploads 50 MiB; the kernel closes first (nc -N), we close after its FIN.
t_nc_upload_kernel_closes_first() {
	start_listen --discard --output "$WORK/up.bin" --count 1 --quiet --pcap "$WORK/up.pcap" 9000 ||
		return 1
	nsx timeout 60 nc -N $US 9000 <"$WORK/big.bin" || fail "nc failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	[ "$(sha "$WORK/up.bin")" = "$(sha "$WORK/big.bin")" ] || fail "checksum differs" || return 1
	# the kernel's FIN comes before ours
	local first
	first=$(first_fin "$WORK/up.pcap")
	[ "$first" = K ] || fail "first FIN from $first, wanted the kernel's" || return 1
}

# nc downloads 50 MiB from us; we close first.
t_nc_download_we_close_first() {
	start_listen --send "$WORK/big.bin" --count 1 --quiet --pcap "$WORK/down.pcap" 9001 || return 1
	nsx timeout 60 nc -d $US 9001 >"$WORK/down.bin" || fail "nc failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	[ "$(sha "$WORK/down.bin")" = "$(sha "$WORK/big.bin")" ] || fail "checksum differs" || return 1
	local first
	first=$(first_fin "$WORK/down.pcap")
	[ "$first" = S ] || fail "first FIN from $first, wanted ours" || return 1
}

# Waits (at most 5 s) until a kernel socket listens on TCP port $1 in the
# namespace: a fixed sleep lost the race on a loaded machine.
wait_kernel_listen() {
	for _ in $(seq 100); do
		[ -n "$(nsx ss -Hltn "sport = :$1" 2>/dev/null)" ] && return 0
		sleep 0.05
	done
	fail "nothing listens on port $1 in the namespace"
}

# Our client downloads 50 MiB from the kernel (nc -l).
t_client_download_from_kernel() {
	LOG=$WORK/$CUR.connect
	"${NSX[@]}" timeout 60 nc -N -l 9002 <"$WORK/big.bin" &
	local ncpid=$!
	PIDS+=("$ncpid")
	wait_kernel_listen 9002 || return 1
	nsx timeout 60 "$SYNACK" connect --tun $DEV --addr $US --host-addr $HOST/24 --quiet \
		--output "$WORK/cdown.bin" --timeout 50 $HOST 9002 >"$LOG" 2>&1 ||
		fail "synack connect failed" || return 1
	wait "$ncpid" || fail "nc -l failed" || return 1
	[ "$(sha "$WORK/cdown.bin")" = "$(sha "$WORK/big.bin")" ] || fail "checksum differs" || return 1
}

# The kernel half-closes; our echo server keeps sending in CLOSE-WAIT.
t_half_close_kernel_side() {
	start_listen --echo --count 1 --quiet --pcap "$WORK/hk.pcap" 7 || return 1
	head -c 4194304 "$WORK/big.bin" >"$WORK/hk.in"
	nsx timeout 60 $PEER halfclose-client $US 7 "$WORK/hk.in" >"$WORK/hk.out" ||
		fail "client failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	[ "$(sha "$WORK/hk.out")" = "$(sha "$WORK/hk.in")" ] || fail "echo differs" || return 1
	segments "$WORK/hk.pcap" >"$WORK/hk.seg"
	# data from us after the kernel's FIN: sent in CLOSE-WAIT
	awk '$2 == "K" && $3 ~ /FIN/ { fin = 1 } fin && $2 == "S" && $6 > 0 { n++ } END { exit !(n > 0) }' \
		"$WORK/hk.seg" || fail "no data from us after the kernel's FIN" || return 1
}

# Our client half-closes and still receives the kernel's answer.
t_half_close_our_side() {
	LOG=$WORK/$CUR.connect
	head -c 1048576 "$WORK/big.bin" >"$WORK/ho.in"
	"${NSX[@]}" timeout 60 $PEER hash-server 9003 >"$WORK/ho.server" &
	local spid=$!
	PIDS+=("$spid")
	wait_kernel_listen 9003 || return 1
	nsx timeout 60 "$SYNACK" connect --tun $DEV --addr $US --host-addr $HOST/24 --quiet \
		--send "$WORK/ho.in" --output "$WORK/ho.out" --pcap "$WORK/ho.pcap" --timeout 50 \
		$HOST 9003 >"$LOG" 2>&1 || fail "synack connect failed" || return 1
	wait "$spid" || fail "hash server failed" || return 1
	[ "$(tr -d '\n' <"$WORK/ho.out")" = "$(sha "$WORK/ho.in")" ] ||
		fail "the answer is not the hash of what we sent" || return 1
	segments "$WORK/ho.pcap" >"$WORK/ho.seg"
	awk '$2 == "S" && $3 ~ /FIN/ { fin = 1 } fin && $2 == "K" && $6 > 0 { n++ } END { exit !(n > 0) }' \
		"$WORK/ho.seg" || fail "no data from the kernel after our FIN" || return 1
}

# Handshake and four-way close, segment by segment, captured on the device.
t_handshake_and_close_on_the_wire() {
	start_listen --echo 7 || return 1
	start_capture || return 1
	nsx timeout 30 $PEER halfclose-client $US 7 /dev/null >/dev/null || fail "client failed" || return 1
	stop_capture
	stop_listen
	segments "$CAP" >"$WORK/hs.seg"
	local f
	f=$(flow "$WORK/hs.seg")
	[ "$f" = "K:SYN S:SYN,ACK K:ACK K:FIN,ACK S:ACK S:FIN,ACK K:ACK" ] ||
		fail "segments: $f" || return 1
	# every number checked: each SYN and FIN consumes one
	awk 'NR == 1 { k = $4 } NR == 2 { s = $4; if ($5 != k + 1) exit 1 }
	     NR == 3 { if ($4 != k + 1 || $5 != s + 1) exit 1 }
	     NR == 4 { if ($4 != k + 1) exit 1 }
	     NR == 5 { if ($5 != k + 2) exit 1 }
	     NR == 6 { if ($4 != s + 1 || $5 != k + 2) exit 1 }
	     NR == 7 { if ($5 != s + 2) exit 1 }' "$WORK/hs.seg" ||
		fail "sequence numbers: $(cat "$WORK/hs.seg")" || return 1
}

# We drop the kernel's third ACK: it sees our SYN,ACK again after the
# initial RTO (1 s), and answers it with another ACK.
t_lost_third_ack_synack_retransmitted() {
	start_listen --echo --drop-in 2 7 || return 1
	start_capture || return 1
	nsx timeout 30 $PEER hold-client $US 7 2.5 >"$WORK/l3.out" || fail "client failed" || return 1
	stop_capture
	stop_listen
	segments "$CAP" >"$WORK/l3.seg"
	local f
	f=$(flow "$WORK/l3.seg" | cut -d' ' -f1-5)
	[ "$f" = "K:SYN S:SYN,ACK K:ACK S:SYN,ACK K:ACK" ] || fail "segments: $f" || return 1
	awk 'NR == 2 { t = $1; seq = $4 } NR == 4 { d = $1 - t; if (d < 0.9 || d > 1.6 || $4 != seq) exit 1 }' \
		"$WORK/l3.seg" || fail "SYN,ACK retransmission timing: $(head -5 "$WORK/l3.seg")" || return 1
	[ "$(cat "$WORK/l3.out")" = x ] || fail "echo after the retransmission: $(cat "$WORK/l3.out")" ||
		return 1
}

# The kernel resets our SYN to a closed port: connect fails with ECONNREFUSED.
t_kernel_rst_to_closed_port() {
	LOG=$WORK/$CUR.connect
	if nsx timeout 30 "$SYNACK" connect --tun $DEV --addr $US --host-addr $HOST/24 \
		--pcap "$WORK/kr.pcap" --timeout 20 $HOST 9 >"$LOG" 2>&1; then
		fail "connect succeeded" || return 1
	fi
	grep -q ECONNREFUSED "$LOG" || fail "no ECONNREFUSED" || return 1
	segments "$WORK/kr.pcap" >"$WORK/kr.seg"
	[ "$(flow "$WORK/kr.seg")" = "S:SYN K:RST,ACK" ] || fail "segments: $(flow "$WORK/kr.seg")" || return 1
	awk 'NR == 1 { s = $4 } NR == 2 { if ($4 != 0 || $5 != s + 1) exit 1 }' "$WORK/kr.seg" ||
		fail "RST numbers: $(cat "$WORK/kr.seg")" || return 1
}

# We reset the kernel's SYN to a port nobody listens on.
t_our_rst_to_closed_port() {
	start_listen --echo 7 || return 1
	start_capture || return 1
	if nsx timeout 10 nc -z -w 5 $US 8 2>/dev/null; then
		fail "nc connected to a closed port" || return 1
	fi
	stop_capture
	stop_listen
	segments "$CAP" >"$WORK/or.seg"
	[ "$(flow "$WORK/or.seg")" = "K:SYN S:RST,ACK" ] || fail "segments: $(flow "$WORK/or.seg"); capture: $(tshark -r "$CAP" 2>/dev/null | tr "\n" ";")" || return 1
	awk 'NR == 1 { k = $4 } NR == 2 { if ($4 != 0 || $5 != k + 1) exit 1 }' "$WORK/or.seg" ||
		fail "RST numbers: $(cat "$WORK/or.seg")" || return 1
}

# We close first and drop our own last ACK: the kernel retransmits its
# FIN, and TIME-WAIT answers it with the ACK again.
t_time_wait_reacks_retransmitted_fin() {
	# out: 1 SYN,ACK  2 data  3 FIN  4 the ACK of the kernel's FIN
	start_listen --source 100 --drop-out 4 --msl 2 --time-wait 9004 || return 1
	start_capture || return 1
	nsx timeout 30 nc -d $US 9004 >"$WORK/tw.out" || fail "nc failed" || return 1
	sleep 1.5
	stop_capture
	stop_listen
	segments "$CAP" >"$WORK/tw.seg"
	local fins acks
	fins=$(awk '$2 == "K" && $3 ~ /FIN/' "$WORK/tw.seg" | wc -l)
	[ "$fins" -ge 2 ] || fail "the kernel sent its FIN $fins time(s): $(flow "$WORK/tw.seg")" || return 1
	# after the retransmitted FIN, our ACK of it (the first one was dropped)
	awk '$2 == "K" && $3 ~ /FIN/ { n++; ack = $4 + 1 } n == 2 && $2 == "S" && $3 == "ACK" && $5 == ack { ok = 1 }
	     END { exit !ok }' "$WORK/tw.seg" || fail "no re-ACK: $(flow "$WORK/tw.seg")" || return 1
	grep -q "TIME-WAIT" "$LOG" || fail "the ladder shows no TIME-WAIT" || return 1
	[ "$(wc -c <"$WORK/tw.out")" = 100 ] || fail "nc got $(wc -c <"$WORK/tw.out") bytes" || return 1
}

# 5% loss and 5% reordering on our side, 50 MiB each way.
t_lossy_upload() {
	start_listen --discard --output "$WORK/lu.bin" --count 1 --quiet --loss 5 --reorder 5 --seed 3 9005 ||
		return 1
	nsx timeout 240 nc -N $US 9005 <"$WORK/big.bin" || fail "nc failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	[ "$(sha "$WORK/lu.bin")" = "$(sha "$WORK/big.bin")" ] || fail "checksum differs" || return 1
	grep -Eq "lost [1-9]" "$LOG" || fail "no loss was injected" || return 1
}

t_lossy_download() {
	start_listen --send "$WORK/big.bin" --count 1 --quiet --loss 5 --reorder 5 --seed 4 9006 || return 1
	nsx timeout 240 nc -d $US 9006 >"$WORK/ld.bin" || fail "nc failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	[ "$(sha "$WORK/ld.bin")" = "$(sha "$WORK/big.bin")" ] || fail "checksum differs" || return 1
	grep -Eq "retransmissions [1-9]" "$LOG" || fail "nothing was retransmitted" || return 1
}

# What the kernel negotiated with us: `ss -tin` on its side (window
# scales, MSS) and its TCP_INFO option bits (ss 6.1 does not print them
# on every kernel), then SACK blocks from the kernel on the wire.
t_options_negotiated() {
	start_listen --echo --count 1 7 || return 1
	nsx timeout 30 $PEER ss-client $US 7 >"$WORK/ss.out" || fail "client failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	LOG=$WORK/ss.out
	# the kernel's wscale:snd,rcv: ours is 3 (256 KiB buffer)
	grep -Eq "wscale:3,[0-9]+" "$WORK/ss.out" || fail "no window scaling" || return 1
	# our MSS (1460 on a 1500 MTU) less the 12 bytes of timestamps
	grep -Eq "[^v]mss:1448" "$WORK/ss.out" || fail "MSS not 1448" || return 1
	grep -q "tcpi_options: timestamps sack wscale" "$WORK/ss.out" ||
		fail "options not all negotiated" || return 1
	# SACK in use: we drop one of our segments, the kernel reports the
	# data above the hole in SACK blocks
	start_listen --source 100000 --drop-out 5 9007 || return 1
	start_capture || return 1
	nsx timeout 30 nc -d $US 9007 >"$WORK/sk.out" || fail "nc failed" || return 1
	stop_capture
	stop_listen
	[ "$(tshark -r "$CAP" -Y "ip.src == $HOST && tcp.options.sack_le" 2>/dev/null | wc -l)" -gt 0 ] ||
		fail "the kernel sent no SACK blocks" || return 1
	[ "$(wc -c <"$WORK/sk.out")" = 100000 ] || fail "nc got $(wc -c <"$WORK/sk.out") bytes" || return 1
}

# A 9000-byte MTU: our SYN,ACK offers MSS 8960 and the kernel uses it.
t_large_mtu() {
	start_listen --echo --count 1 --mtu 9000 7 || return 1
	nsx timeout 30 $PEER ss-client $US 7 >"$WORK/mtu.out" || fail "client failed" || return 1
	wait_listen || fail "synack listen failed" || return 1
	LOG=$WORK/mtu.out
	grep -Eq "[^v]mss:8948" "$WORK/mtu.out" || fail "MSS not 8948 (8960 less timestamps)" || return 1
}

# The ladder of a real conversation: --explain under each row, and the
# SVG and JSON writers, with the kernel's side opaque (no states).
t_ladder_explain_svg_json() {
	start_listen --echo --count 1 --explain --verbose --svg "$WORK/echo.svg" \
		--json "$WORK/echo.json" --pcap "$WORK/echo.pcap" 7 || return 1
	local got
	got=$(printf 'hello\n' | nsx timeout 30 nc -N $US 7) || fail "nc failed" || return 1
	[ "$got" = hello ] || fail "echo returned '$got'" || return 1
	wait_listen || fail "synack listen failed" || return 1
	grep -q "answers with SYN,ACK" "$LOG" || fail "no explanation of the kernel's SYN" || return 1
	grep -q "FIN" "$LOG" || fail "no FIN in the ladder" || return 1
	grep -Eq "cwnd [0-9]+ ssthresh .* rwnd [0-9]+" "$LOG" || fail "no --verbose figures" || return 1
	# the kernel's link chatter (router solicitations, MLD) is not drawn,
	# but keeps its frame number: the ladder's #N are the capture's frames
	! grep -q "not a TCP segment" "$LOG" || fail "link chatter drawn as rows" || return 1
	local ladder_frames tshark_frames
	ladder_frames=$(grep -E '^ +#[0-9]+ +abs seq=' "$LOG" |
		sed -E 's/^ +#([0-9]+) +abs seq=([0-9]+) ack=([0-9]+).*/\1 \2 \3/' | sort -n)
	tshark_frames=$(tshark -r "$WORK/echo.pcap" -Y tcp -T fields -e frame.number -e tcp.seq_raw \
		-e tcp.ack_raw 2>/dev/null | awk '{print $1, $2, $3}' | sort -n)
	[ -n "$ladder_frames" ] && [ "$ladder_frames" = "$tshark_frames" ] ||
		fail "frame numbers differ: ladder [$ladder_frames] tshark [$tshark_frames]" || return 1
	xmllint --noout "$WORK/echo.svg" 2>"$WORK/echo.xmllint" ||
		fail "SVG not well-formed: $(head -1 "$WORK/echo.xmllint")" || return 1
	python3 - "$WORK/echo.json" <<'PY' 2>"$WORK/echo.py" || fail "JSON trace wrong: $(tail -1 "$WORK/echo.py")" || return 1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["opaque"] == [False, True], d["opaque"]
segs = [r for r in d["rows"] if r["kind"] == "segment"]
assert all(r["flags"] for r in segs), "a row that is not a TCP segment"
assert segs[0]["flags"] == "SYN" and segs[0]["sender_state"] is None, segs[0]
assert any(r["flags"] == "SYN,ACK" and r["sender_state"] == "SYN-RECEIVED" for r in segs)
assert sum("FIN" in (r["flags"] or "") for r in segs) == 2
# our segments after the handshake carry our figures, the kernel's none
assert any(r["from"] == 0 and r["sender_info"] and r["sender_info"]["cwnd"] for r in segs)
assert all(r["sender_info"] is None for r in segs if r["from"] == 1)
PY
}

# Without --host-addr the device is left to the user: the command says
# so at once instead of waiting in silence.
t_listen_without_host_addr_says_so() {
	LOG=$WORK/$CUR.listen
	nsx timeout 30 "$SYNACK" listen --tun $DEV --addr $US --timeout 1 --echo 7 >"$LOG" 2>&1
	grep -q "no --host-addr: the kernel's side of $DEV has no address" "$LOG" ||
		fail "no word of the missing --host-addr" || return 1
}

TESTS=(
	t_curl_get
	t_nc_upload_kernel_closes_first
	t_nc_download_we_close_first
	t_client_download_from_kernel
	t_half_close_kernel_side
	t_half_close_our_side
	t_handshake_and_close_on_the_wire
	t_lost_third_ack_synack_retransmitted
	t_kernel_rst_to_closed_port
	t_our_rst_to_closed_port
	t_time_wait_reacks_retransmitted_fin
	t_lossy_upload
	t_lossy_download
	t_options_negotiated
	t_large_mtu
	t_ladder_explain_svg_json
	t_listen_without_host_addr_says_so
)

head -c $BIG /dev/urandom >"$WORK/big.bin"
for t in "${TESTS[@]}"; do
	if [ ${#ONLY[@]} -gt 0 ] && [[ ! " ${ONLY[*]} " == *" $t "* ]]; then
		continue
	fi
	CUR=${t#t_}
	LOG=""
	start=$(date +%s%N)
	if $t; then
		PASSED=$((PASSED + 1))
		ms=$((($(date +%s%N) - start) / 1000000))
		printf 'interop: ok   %s (%d.%03d s)\n' "$CUR" $((ms / 1000)) $((ms % 1000))
	else
		FAILED=$((FAILED + 1))
		FAILED_NAMES+=("$CUR")
		stop_capture 2>/dev/null
		stop_listen 2>/dev/null
	fi
	gone_device
done
echo "interop: $PASSED passed, $FAILED failed${FAILED_NAMES[*]:+ (${FAILED_NAMES[*]})}"
[ "$FAILED" = 0 ]
