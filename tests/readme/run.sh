#!/usr/bin/env bash
# The README tells the truth: every command in its indented blocks runs
# as written and succeeds, and the demo output it shows is what `make
# demo` prints today.
#
# usage: tests/readme/run.sh [build/synack]
# Blocks run in a scratch folder that mirrors the tree (files they write,
# such as lossy.pcap, land there).  `make test` itself is skipped: it is
# what runs this.  The block with `sudo ip netns` needs root; as root
# without sudo installed, `sudo` runs its command directly.  That block
# creates the namespace synack-demo and deletes it; it fails if one of
# that name exists already.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SYNACK=$(readlink -f "${1:-$ROOT/build/synack}")
README=$ROOT/README.md
PASSED=0
FAILED=0
ok() { echo "readme: ok   $*"; PASSED=$((PASSED + 1)); }
bad() { echo "readme: FAIL $*"; FAILED=$((FAILED + 1)); }

WORK=$(mktemp -d)
OURS_NS=""  # set once the namespace block runs: only then is it ours
cleanup() {
	[ -n "$OURS_NS" ] && ip netns del synack-demo 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "readme: kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

# ------------------------------------------------- the output it shows
# The fenced block after "`make demo` prints" against the demo's output.
shown=$(awk '/^`make demo` prints/ { want = 1; next }
	want && /^```/ { if (inside) exit; inside = 1; next }
	inside { print }' "$README")
actual=$("$SYNACK" demo --color never)
if [ -n "$shown" ] && [ "$shown" = "$actual" ]; then
	ok "the demo output shown is the demo's output ($(printf '%s\n' "$shown" | wc -l) lines)"
else
	bad "the demo output shown differs from the demo's:"
	diff <(printf '%s\n' "$shown") <(printf '%s\n' "$actual") | head -20
fi

# ------------------------------------------------------ its commands
# Blocks: runs of lines indented by four spaces outside fenced blocks,
# each written to its own script.
mkdir -p "$WORK/blocks" "$WORK/tree"
awk -v dir="$WORK/blocks" '
	/^```/ { fenced = !fenced; n_open = 0; next }
	fenced { next }
	/^    / { if (!n_open) { n++; n_open = 1 } print substr($0, 5) > (dir "/" n ".sh"); next }
	{ n_open = 0 }' "$README"
for f in "$ROOT"/*; do
	ln -s "$f" "$WORK/tree/$(basename "$f")"
done

run_block() { # run_block FILE
	local f=$1 name log
	name=$(grep -m1 -v '^\s*#' "$f" | cut -c1-60)
	log=$f.log
	if grep -q '^make test' "$f"; then
		# the recursion: every other line of the block still runs
		sed -i '/^make test/d' "$f"
	fi
	if grep -q 'sudo ' "$f"; then
		if [ "$(id -u)" != 0 ]; then
			if [ "${CI:-}" = true ]; then
				bad "$name: needs root"
			else
				echo "readme: skip $name (needs root)"
			fi
			return
		fi
		if ip netns list 2>/dev/null | grep -qw synack-demo; then
			bad "$name: a namespace synack-demo exists already"
			return
		fi
		OURS_NS=1
	fi
	# as root without sudo, sudo runs its command
	if (cd "$WORK/tree" && timeout 300 bash -e -o pipefail -c '
		if ! command -v sudo >/dev/null && [ "$(id -u)" = 0 ]; then
			sudo() { "$@"; }
		fi
		. "$1"' _ "$f") >"$log" 2>&1; then
		ok "runs as written: $name"
	else
		bad "runs as written: $name (exit $?):"
		tail -n 15 "$log" | sed 's/^/    | /'
	fi
}

n=0
for f in $(ls "$WORK/blocks"/*.sh | sort -V); do
	grep -q '[^[:space:]]' "$f" || continue
	n=$((n + 1))
	run_block "$f"
done
[ $n -gt 0 ] || bad "no command blocks found in the README"

echo "readme: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
