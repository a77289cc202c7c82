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

ink=$(python3 - "$png" 2>&1 <<'EOF'
# Decodes an 8-bit RGB or RGBA, non-interlaced PNG with the standard
# library only and prints the percentage of pixels that differ from the
# most common colour.
import struct
import sys
import zlib
from collections import Counter

data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, hdr = 8, [], None
while pos + 8 <= len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        hdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat.append(body)
    elif kind == b"IEND":
        break
    pos += 12 + length
if hdr is None:
    sys.exit("no IHDR")
width, height, depth, ctype, _, _, interlace = hdr
if depth != 8 or ctype not in (2, 6) or interlace:
    sys.exit("unsupported PNG: depth %d, colour type %d, interlace %d" % (depth, ctype, interlace))
bpp = 3 if ctype == 2 else 4
stride = width * bpp
raw = zlib.decompress(b"".join(idat))
if len(raw) != height * (stride + 1):
    sys.exit("IDAT holds %d bytes, not %d" % (len(raw), height * (stride + 1)))

rows, prev = [], bytearray(stride)
for y in range(height):
    ftype = raw[y * (stride + 1)]
    cur = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if ftype == 1:  # Sub
        for i in range(bpp, stride):
            cur[i] = (cur[i] + cur[i - bpp]) & 0xFF
    elif ftype == 2:  # Up
        for i in range(stride):
            cur[i] = (cur[i] + prev[i]) & 0xFF
    elif ftype == 3:  # Average
        for i in range(stride):
            left = cur[i - bpp] if i >= bpp else 0
            cur[i] = (cur[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif ftype == 4:  # Paeth
        for i in range(stride):
            a = cur[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[i] = (cur[i] + pred) & 0xFF
    elif ftype != 0:
        sys.exit("bad filter type %d in row %d" % (ftype, y))
    rows.append(bytes(cur))
    prev = cur

counts = Counter()
for row in rows:
    counts.update(row[i:i + bpp] for i in range(0, stride, bpp))
background, n = counts.most_common(1)[0]
print("%.2f" % (100.0 * (width * height - n) / (width * height)))
EOF
) || fail "cannot read the screenshot $png: $ink"

python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" \
	"$ink" "$MIN_INK" || fail "the rendering is blank: $ink% ink, below $MIN_INK% ($png)"
echo "svg_check: ok $file ($ink% ink)"
