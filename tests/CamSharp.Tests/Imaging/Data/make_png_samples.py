"""Writes PNG test files of every colour type and bit depth (plain and Adam7) with the RGB
that OpenCV's imread returns for them (16-bit: high byte; gray < 8 bits: scaled; palette
looked up; alpha dropped), as <name>.png and <name>.rgb (raw H x W x 3 bytes).
Run once; the outputs are committed."""
import random, struct, zlib

W, H = 13, 11
rnd = random.Random(4)

def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)

def pack_row(samples, depth):
    if depth >= 8:
        return b''.join(s.to_bytes(depth // 8, 'big') for s in samples)
    out, acc, n = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s; n += depth
        if n == 8: out.append(acc); acc, n = 0, 0
    if n: out.append(acc << (8 - n))
    return bytes(out)

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

def write(name, ctype, depth, pix, interlace, palette=None, trns=None):
    ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        filt.reset = True  # each pass starts with an all-zero prior row
        for y in range(y0, H, dy):
            xs = list(range(x0, W, dx))
            if not xs: continue
            samples = [s for x in xs for s in pix[y][x]]
            t = rnd.randrange(5); row = filt(pack_row(samples, depth), max(1, ch * depth // 8), t); raw += bytes([t]) + row
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, depth, ctype, 0, 0, int(interlace)))
    if palette: data += chunk(b'PLTE', bytes(v for e in palette for v in e))
    if trns: data += chunk(b'tRNS', trns)
    data += chunk(b'tEXt', b'Comment\x00ancillary chunk to skip')
    z = zlib.compress(bytes(raw), 9)
    data += chunk(b'IDAT', z[:len(z) // 2]) + chunk(b'IDAT', z[len(z) // 2:]) + chunk(b'IEND', b'')
    open(name + '.png', 'wb').write(data)

prev_rows = {}
def filt(row, bpp):
    # filters are applied by unfiltering in reverse: we store the row unfiltered with type chosen,
    # so encode: filtered = row - predictor(previous filtered-decoded row); keep per-length state.
    return row  # replaced below

def make_filter():
    state = {'prior': None, 'len': None}
    def f(row, bpp):
        t = f.next_type
        if state['len'] != len(row) or f.reset: state['prior'] = bytes(len(row)); state['len'] = len(row); f.reset = False
        prior = state['prior']; out = bytearray(len(row))
        for i in range(len(row)):
            a = row[i - bpp] if i >= bpp else 0; b = prior[i]; c = prior[i - bpp] if i >= bpp else 0
            if t == 0: p = 0
            elif t == 1: p = a
            elif t == 2: p = b
            elif t == 3: p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out[i] = (row[i] - p) & 255
        state['prior'] = row
        return bytes(out)
    f.reset = True
    return f

def expected_rgb(ctype, depth, pix, palette):
    out = bytearray()
    for y in range(H):
        for x in range(W):
            s = pix[y][x]
            if ctype == 3: out += bytes(palette[s[0]]) if s[0] < len(palette) else b'\0\0\0'
            elif ctype in (0, 4):
                g = s[0] >> 8 if depth == 16 else (s[0] * (255 // ((1 << depth) - 1)) if depth < 8 else s[0])
                out += bytes([g, g, g])
            else:
                out += bytes([v >> 8 if depth == 16 else v for v in s[:3]])
    return bytes(out)

cases = [(0, d) for d in (1, 2, 4, 8, 16)] + [(2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)]
for ctype, depth in cases:
    for interlace in (False, True):
        ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
        palette = None
        if ctype == 3:
            n = min(1 << depth, 200)
            palette = [(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(n)]
            top = len(palette)
        else:
            top = 1 << depth
        pix = [[[rnd.randrange(top) for _ in range(ch)] for _ in range(W)] for _ in range(H)]
        name = 'png_c%d_d%d%s' % (ctype, depth, '_adam7' if interlace else '')
        f = make_filter(); rows_seen = []
        def filt_wrapper(row, bpp, t, f=f):
            f.next_type = t
            if filt_wrapper.reset: f.reset = True; filt_wrapper.reset = False
            return f(row, bpp)
        filt_wrapper.reset = True
        globals()['filt'] = filt_wrapper
        # reset filter state at each pass start by tracking row length changes (handled in make_filter)
        write(name, ctype, depth, pix, interlace, palette, trns=bytes([0, 128]) if ctype == 3 else None)
        open(name + '.rgb', 'wb').write(expected_rgb(ctype, depth, pix, palette))
