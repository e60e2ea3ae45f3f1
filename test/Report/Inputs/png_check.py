#!/usr/bin/env python3
"""Checks that a screenshot of the plan report is a drawn page, not a blank
one: PNG of the expected size, many colours, and the given colours (the
header's, a stage's) covering at least the given share of pixels.

usage: png_check.py FILE WIDTH HEIGHT [#rrggbb:MIN_FRACTION ...]
Only the standard library: zlib inflates, the row filters are undone here."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat, head = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = head
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit("unsupported PNG: depth %d, colour type %d, interlace %d" % (depth, colour, interlace))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:  # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, bpp, rows = read_png(path)
    if (width, height) != (want_w, want_h):
        sys.exit("size %dx%d, expected %dx%d" % (width, height, want_w, want_h))
    counts = {}
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = width * height
    top = max(counts.values())
    print("%dx%d, %d colours, most common covers %.1f%%" % (width, height, len(counts), 100.0 * top / total))
    ok = len(counts) >= 16 and top < 0.95 * total
    for spec in sys.argv[4:]:
        colour, share = spec.split(":")
        px = bytes.fromhex(colour.lstrip("#"))
        got = counts.get(px, 0) / total
        print("%s covers %.2f%% (at least %.2f%%)" % (colour, 100 * got, 100 * float(share)))
        ok = ok and got >= float(share)
    print("screenshot ok" if ok else "screenshot blank or wrong")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
