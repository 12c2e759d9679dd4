#!/usr/bin/env python3
"""Renders DejaVu Sans into the glyph-coverage atlas CamSharp draws its text with.

Dev-time only (the product reads the committed resource and needs no Python or FreeType):

    /usr/bin/python3 tools/font_atlas/make_font_atlas.py [FONT.ttf] [OUT.glyphs.gz]

defaults: Debian's /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf (package fonts-dejavu-core)
and src/CamSharp/Resources/dejavu-sans.glyphs.gz.

Format (little-endian, then gzip): b"CSGA", u16 version = 1, u16 size count; per size:
u16 pixel size, i16 ascent, i16 descent (positive, below the baseline), u16 glyph count;
per glyph: u16 code point, u16 advance (1/64 px), i16 left (px from the pen), i16 top (px above
the baseline), u16 width, u16 height, width*height coverage bytes (0..255, row-major); then
u16 kerning pair count and per pair: u16 left code point, u16 right code point, i16 (1/64 px).
"""
import gzip
import struct
import sys

from matplotlib import ft2font
from PIL import Image, ImageDraw, ImageFont

SIZES = [10, 12, 14, 16, 18, 20, 24, 28, 32, 40, 48, 56, 64]
# Printable ASCII and Latin-1, plus the few typographic marks captions use.
CODES = list(range(32, 127)) + list(range(160, 256)) + [0x2013, 0x2014, 0x2026, 0x2022, 0x2212, 0x2190, 0x2192, 0x2264, 0x2265]
KERNED = [c for c in range(32, 127)]


def glyph(font, ch):
    x0, y0, x1, y1 = font.getbbox(ch, anchor="ls")
    w, h = max(0, x1 - x0), max(0, y1 - y0)
    data = b""
    if w and h:
        img = Image.new("L", (w, h), 0)
        ImageDraw.Draw(img).text((-x0, -y0), ch, font=font, fill=255, anchor="ls")
        data = img.tobytes()
    advance = int(round(font.getlength(ch) * 64))
    return struct.pack("<HHhhHH", ord(ch), advance, x0, -y0, w, h) + data


def kerning(path, size):
    face = ft2font.FT2Font(path)
    face.set_size(size, 72)
    index = {c: face.get_char_index(c) for c in KERNED}
    pairs = []
    for a in KERNED:
        for b in KERNED:
            k = face.get_kerning(index[a], index[b], ft2font.KERNING_UNFITTED)
            if k:
                pairs.append(struct.pack("<HHh", a, b, k))
    return struct.pack("<H", len(pairs)) + b"".join(pairs)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    out = sys.argv[2] if len(sys.argv) > 2 else "src/CamSharp/Resources/dejavu-sans.glyphs.gz"
    blob = [b"CSGA", struct.pack("<HH", 1, len(SIZES))]
    for size in SIZES:
        font = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
        ascent, descent = font.getmetrics()
        chars = [chr(c) for c in CODES]
        blob.append(struct.pack("<HhhH", size, ascent, descent, len(chars)))
        blob.extend(glyph(font, ch) for ch in chars)
        blob.append(kerning(path, size))
    raw = b"".join(blob)
    with open(out, "wb") as f:
        f.write(gzip.compress(raw, 9, mtime=0))
    print(f"{out}: {len(SIZES)} sizes, {len(CODES)} glyphs each, {len(raw)} bytes raw")


if __name__ == "__main__":
    main()
