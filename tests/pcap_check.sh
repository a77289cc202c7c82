#!/usr/bin/env bash
# tshark, an independent decoder, reads the pcaps `synack demo` writes:
# every segment must decode, with good IP and TCP checksums and no
# malformed packets; a conversation with no loss must carry no TCP
# analysis flags (retransmission, dup ACK, ...), a lossy one must.
set -euo pipefail
synack=${1:-build/synack}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

check() {
	local name=$1 want_flags=$2; shift 2
	local pcap=$dir/$name.pcap
	"$synack" demo --color=never --pcap "$pcap" "$@" >"$dir/$name.txt"
	local total bad flags
	total=$(tshark -r "$pcap" 2>/dev/null | wc -l)
	bad=$(tshark -r "$pcap" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= 8388608 || ip.checksum.status == 0 || tcp.checksum.status == 0 || !tcp' \
		2>/dev/null | wc -l)
	flags=$(tshark -r "$pcap" -Y 'tcp.analysis.flags && !tcp.analysis.window_update' 2>/dev/null | wc -l)
	local ok=1
	[ "$total" -gt 0 ] || ok=0
	[ "$bad" -eq 0 ] || ok=0
	if [ "$want_flags" = none ] && [ "$flags" -ne 0 ]; then ok=0; fi
	if [ "$want_flags" = some ] && [ "$flags" -eq 0 ]; then ok=0; fi
	if [ $ok = 1 ]; then
		echo "pcap_check: ok   $name ($total segments, $flags with analysis flags)"
	else
		echo "pcap_check: FAIL $name ($total segments, $bad bad, $flags with analysis flags, wanted $want_flags)"
		tshark -r "$pcap" -o tcp.check_checksum:TRUE 2>/dev/null | sed 's/^/    /'
		fail=1
	fi
}

check normal none
check big-reply none --bytes 100000
check no-delay none --delay 0
check lossy some --loss 20 --seed 3
check lossy-big some --loss 10 --seed 5 --bytes 200000
exit $fail
