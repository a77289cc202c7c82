#!/usr/bin/env bash
# cjk_check.sh FILE WORKDIR: does a browser draw FILE's Chinese title
# with real glyphs, not the boxes of a missing font?
#   1. renders FILE (svg_check.sh: well-formed, drawn, not blank)
#   2. renders a copy whose title's CJK characters are U+10FFFD, a code
#      point no font has: the boxes a missing font would give
#   3. the two title areas must differ: identical pixels mean the title
#      was drawn as boxes too
# Needs what svg_check.sh needs, and a CJK font (fonts-noto-cjk).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 FILE.svg WORKDIR" >&2; exit 2; }
file=$1
work=$2
fail() { echo "cjk_check: FAIL $file: $*"; exit 1; }
mkdir -p "$work" || fail "cannot create $work"
fc-list :lang=zh family 2>/dev/null | grep -q . || fail "no CJK font installed (fonts-noto-cjk)"

boxes=$work/$(basename "$file" .svg)-boxes.svg
python3 - "$file" "$boxes" <<'EOF' || fail "cannot make the boxed copy"
import re, sys
svg = open(sys.argv[1], encoding="utf-8").read()
def box(m):
    return re.sub("[\u2e80-\u9fff\uff00-\uffef]", "\U0010fffd", m.group(0))
out, n = re.subn(r'<text class="title"[^>]*>[^<]*</text>', box, svg)
if n == 0 or out == svg:
    sys.exit("no Chinese title in " + sys.argv[1])
open(sys.argv[2], "w", encoding="utf-8").write(out)
EOF
"$HERE/svg_check.sh" "$file" "$work" >/dev/null || fail "$("$HERE/svg_check.sh" "$file" "$work")"
"$HERE/svg_check.sh" "$boxes" "$work" >/dev/null || fail "the boxed copy did not render"
# the title's two lines are in the first 50 pixel rows
d=$(python3 "$HERE/png.py" diff "$work/$(basename "$file" .svg).png" \
	"$work/$(basename "$boxes" .svg).png" 50) || fail "cannot compare: $d"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 0.5 else 1)" "$d" ||
	fail "the Chinese title is drawn as boxes ($d% of the title area differs from boxes)"
echo "cjk_check: ok $file (the title's glyphs differ from boxes in $d% of its area)"
