"""Screenshots of our SVGs, read with the standard library only (8-bit
RGB or RGBA, non-interlaced PNG, as headless Chromium writes them).

    png.py ink FILE          percentage of pixels unlike the most common
                             colour (the background)
    png.py diff A B ROWS     percentage of pixels that differ between A
                             and B in their first ROWS rows
"""
import struct
import sys
import zlib
from collections import Counter


def decode(path):
    """(width, height, bytes per pixel, rows of bytes)"""
    data = open(path, "rb").read()
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
    return width, height, bpp, rows


def ink(path):
    width, height, bpp, rows = decode(path)
    counts = Counter()
    for row in rows:
        counts.update(row[i:i + bpp] for i in range(0, width * bpp, bpp))
    _, n = counts.most_common(1)[0]
    return 100.0 * (width * height - n) / (width * height)


def diff(a, b, nrows):
    wa, ha, bpa, ra = decode(a)
    wb, hb, bpb, rb = decode(b)
    if (wa, bpa) != (wb, bpb):
        sys.exit("the screenshots differ in size")
    nrows = min(nrows, ha, hb)
    changed = 0
    for y in range(nrows):
        changed += sum(ra[y][i:i + bpa] != rb[y][i:i + bpa] for i in range(0, wa * bpa, bpa))
    return 100.0 * changed / (wa * nrows)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "ink":
        print("%.2f" % ink(sys.argv[2]))
    elif len(sys.argv) == 5 and sys.argv[1] == "diff":
        print("%.2f" % diff(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        sys.exit(__doc__)
