#!/usr/bin/env bash
# svg_check.sh FILE WORKDIR: is FILE an SVG a browser draws?
#   1. xmllint --noout: well-formed XML
#   2. headless Chromium renders it to WORKDIR/<name>.png
#   3. the PNG is not blank: at least MIN_INK percent of its pixels differ
#      from the background (its most common colour)
# Prints "svg_check: ok FILE (N% ink)" or "svg_check: FAIL FILE: why" and
# exits non-zero on failure.  Needs xmllint (libxml2-utils), chromium and
# python3.
set -u

MIN_INK=${MIN_INK:-0.5}

fail() {
	echo "svg_check: FAIL ${file:-?}: $*"
	exit 1
}

[ $# -eq 2 ] || { echo "usage: $0 FILE.svg WORKDIR" >&2; exit 2; }
file=$1
work=$2
[ -r "$file" ] || fail "cannot read it"
mkdir -p "$work" || fail "cannot create $work"

command -v xmllint >/dev/null 2>&1 || fail "xmllint is not installed (apt-get install libxml2-utils)"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"
chromium=$(command -v chromium || command -v chromium-browser) ||
	fail "chromium is not installed (apt-get install chromium)"

out=$(xmllint --noout "$file" 2>&1) || fail "xmllint: ${out%%$'\n'*}"

abs=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
work=$(cd "$work" && pwd)
png=$work/$(basename "$file" .svg).png
rm -f "$png"
log=$work/$(basename "$file" .svg).chromium.log
# A profile of its own: no state or lock shared with other runs.
profile=$(mktemp -d "$work/chromium-profile.XXXXXX") || fail "cannot create a profile in $work"
timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--user-data-dir="$profile" --screenshot="$png" \
	--window-size=1200,900 "file://$abs" >"$log" 2>&1
rc=$?
rm -rf "$profile"
[ -s "$png" ] || fail "chromium wrote no screenshot (exit $rc; see $log)"

ink=$(python3 "$(dirname "$0")/png.py" ink "$png" 2>&1) || fail "cannot read the screenshot $png: $ink"

python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" \
	"$ink" "$MIN_INK" || fail "the rendering is blank: $ink% ink, below $MIN_INK% ($png)"
echo "svg_check: ok $file ($ink% ink)"
