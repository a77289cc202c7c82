#!/usr/bin/env bash
# Runs each fuzz target (libFuzzer) for SECONDS, starting from its seed
# corpus in fuzz/corpus/TARGET (read only: new inputs go to a scratch
# copy), and prints its executions and coverage.  A finding (a crash, a
# sanitizer report, a violated check) is saved under build/fuzz/findings
# and makes the script fail; turn it into a test.
#
# usage: scripts/fuzz.sh SECONDS build/fuzz/TARGET...
set -uo pipefail
SECONDS_EACH=${1:?usage: scripts/fuzz.sh SECONDS TARGET...}
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FINDINGS=$ROOT/build/fuzz/findings
mkdir -p "$FINDINGS"
status=0
for bin in "$@"; do
	name=$(basename "$bin")
	work=$(mktemp -d)
	mkdir -p "$work/corpus"
	[ -d "$ROOT/fuzz/corpus/$name" ] && cp "$ROOT/fuzz/corpus/$name"/* "$work/corpus/" 2>/dev/null
	if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=60 \
		-rss_limit_mb=4096 -artifact_prefix="$FINDINGS/$name-" "$work/corpus" \
		>"$work/log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
		cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
		echo "fuzz: ok   $name: $execs executions in $SECONDS_EACH s, $cov, corpus $(ls "$work/corpus" | wc -l)"
	else
		status=1
		echo "fuzz: FAIL $name: a finding in $FINDINGS (the log follows)"
		grep -E 'ERROR|two_stacks:|synack_sim:|SUMMARY|Test unit written' "$work/log" | head -20
		tail -40 "$work/log"
	fi
	rm -rf "$work"
done
exit "$status"
