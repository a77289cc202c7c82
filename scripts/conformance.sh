#!/bin/bash
# make conformance: runs the packetdrill suites (MANIFEST-so.tsv, or the
# scripts given) against the synack shim with the shared runner, then
# sums up per suite and address family.  The runner's lines come first,
# one per script; the last line is the runner's "N passed, N failed".
set -u
pd=${1:-}; so=$2; dir=$3; shift 3
if [ -z "$pd" ] || [ ! -x "$pd" ]; then
	echo "usage: make conformance PACKETDRILL=/path/to/packetdrill [SCRIPTS='path ...']" >&2
	echo "  packetdrill is GPL and not packaged: build it from upstream source" >&2
	echo "  (github.com/google/packetdrill) in a folder outside this repository." >&2
	exit 2
fi
[ -d "$dir" ] || { echo "conformance: no suite folder $dir" >&2; exit 2; }
dir=$(cd "$dir" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cd "$dir" || exit 2
PACKETDRILL=$pd SO=$so ./run.sh "${@:-MANIFEST-so.tsv}" | tee "$out"
rc=${PIPESTATUS[0]}
echo
echo "by suite and family:"
awk '$1=="PASS"||$1=="FAIL"||$1=="TIMEOUT" {
	split($2, p, "/"); fam = ($2 ~ /ipv6/) ? "ipv6" : "ipv4";
	key = p[1] " " fam; total[key]++; if ($1 == "PASS") pass[key]++
} END { for (k in total) printf "  %-14s %4d/%-4d passed\n", k, pass[k], total[k] }' "$out" | sort
tail -n 1 "$out"
exit "$rc"
