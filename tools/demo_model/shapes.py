"""Synthetic shape images for the CamSharp demo model.

Every rule here is simple on purpose: the C# side re-implements it with plain
pixel loops to draw fresh test images from the same distribution.  No
anti-aliasing: a pixel (x, y) is "inside" a shape when its centre
(x + 0.5, y + 0.5) passes the inside test.  Coordinates: x to the right,
y downwards, origin at the top-left corner of the image, units = pixels.

Draw order: gradient background -> distractors -> the shape -> noise ->
round and clip to 0..255 (uint8).  See README.md for the full rule list.
"""
import math

import numpy as np

SIZE = 64
CLASSES = ["circle", "square", "triangle", "cross", "star"]

# Pixel-centre grids, shape (SIZE, SIZE), index [y, x].
_YS, _XS = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64) + 0.5


def polygon_vertices(cls, cx, cy, r, theta):
    """Vertices (n, 2) of the polygon for a class, circumradius r, rotation theta.

    A local point (u, v) maps to the image as
    x = cx + u*cos(theta) - v*sin(theta),  y = cy + u*sin(theta) + v*cos(theta).
    """
    if cls == "square":        # corners on the circle of radius r
        local = [(r * math.cos(a), r * math.sin(a))
                 for a in (math.pi / 4 + k * math.pi / 2 for k in range(4))]
    elif cls == "triangle":    # equilateral, corners on the circle of radius r
        local = [(r * math.cos(a), r * math.sin(a))
                 for a in (-math.pi / 2 + k * 2 * math.pi / 3 for k in range(3))]
    elif cls == "star":        # 5 points at radius r, 5 inner corners at 0.45 r
        local = []
        for k in range(10):
            a = -math.pi / 2 + k * math.pi / 5
            rad = r if k % 2 == 0 else 0.45 * r
            local.append((rad * math.cos(a), rad * math.sin(a)))
    elif cls == "cross":       # plus sign: arms reach r, arm half-width 0.3 r
        w = 0.3 * r
        local = [(w, r), (w, w), (r, w), (r, -w), (w, -w), (w, -r),
                 (-w, -r), (-w, -w), (-r, -w), (-r, w), (-w, w), (-w, r)]
    else:
        raise ValueError(cls)
    c, s = math.cos(theta), math.sin(theta)
    return np.array([(cx + u * c - v * s, cy + u * s + v * c) for u, v in local])


def inside_polygon(verts):
    """Even-odd (crossing-number) test of every pixel centre; bool (SIZE, SIZE)."""
    inside = np.zeros((SIZE, SIZE), dtype=bool)
    n = len(verts)
    for i in range(n):
        x1, y1 = verts[i]
        x2, y2 = verts[(i + 1) % n]
        # Edge straddles the horizontal line through the pixel centre ...
        straddles = (y1 > _YS) != (y2 > _YS)
        if y1 == y2:
            continue
        # ... and crosses it to the right of the pixel centre.
        x_cross = x1 + (_YS - y1) * (x2 - x1) / (y2 - y1)
        inside ^= straddles & (_XS < x_cross)
    return inside


def inside_circle(cx, cy, r):
    return (_XS - cx) ** 2 + (_YS - cy) ** 2 <= r * r


def inside_ellipse(cx, cy, rx, ry):
    return ((_XS - cx) / rx) ** 2 + ((_YS - cy) / ry) ** 2 <= 1.0


def inside_segment(x1, y1, x2, y2, width):
    """Pixels whose centre is within width/2 of the segment (a capsule)."""
    dx, dy = x2 - x1, y2 - y1
    len2 = dx * dx + dy * dy
    if len2 == 0:
        t = np.zeros_like(_XS)
    else:
        t = np.clip(((_XS - x1) * dx + (_YS - y1) * dy) / len2, 0.0, 1.0)
    px, py = x1 + t * dx, y1 + t * dy
    return (_XS - px) ** 2 + (_YS - py) ** 2 <= (width / 2) ** 2


def draw_image(rng, label):
    """One uint8 RGB image (SIZE, SIZE, 3) of class index `label`.

    Random numbers are drawn in the order written here (numpy Generator); the
    C# port reproduces the distribution, not the exact numbers.
    """
    n = SIZE
    # 1. Background: linear gradient between two related colours.
    c0 = rng.uniform(0, 255, 3)
    c1 = np.clip(c0 + rng.uniform(-60, 60, 3), 0, 255)
    phi = rng.uniform(0, 2 * math.pi)
    t = ((_XS - n / 2) * math.cos(phi) + (_YS - n / 2) * math.sin(phi)) / n + 0.5
    t = np.clip(t, 0.0, 1.0)[..., None]
    img = c0 * (1 - t) + c1 * t                      # float64 (H, W, 3)
    bg_mean = (c0 + c1) / 2

    # 2. Distractors: 0..5 thin lines and small ellipses of random colours.
    for _ in range(rng.integers(0, 6)):
        colour = rng.uniform(0, 255, 3)
        if rng.random() < 0.5:
            x1, y1, x2, y2 = rng.uniform(0, n, 4)
            mask = inside_segment(x1, y1, x2, y2, rng.uniform(1.0, 2.5))
        else:
            ex, ey = rng.uniform(0, n, 2)
            rx, ry = rng.uniform(1.5, 4.0, 2)
            mask = inside_ellipse(ex, ey, rx, ry)
        img[mask] = colour

    # 3. The shape: circumradius r, centre keeps the circumcircle inside the image.
    r = rng.uniform(0.20, 0.45) * n / 2
    cx, cy = rng.uniform(r, n - r, 2)
    theta = rng.uniform(0, 2 * math.pi)
    while True:   # colour must differ from the background's mean colour
        colour = rng.uniform(0, 255, 3)
        if np.max(np.abs(colour - bg_mean)) >= 80:
            break
    cls = CLASSES[label]
    if cls == "circle":
        mask = inside_circle(cx, cy, r)
    else:
        mask = inside_polygon(polygon_vertices(cls, cx, cy, r, theta))
    img[mask] = colour

    # 4. Noise: per pixel and channel, uniform in [-a, a] with a ~ U(0, 24).
    a = rng.uniform(0, 24)
    img = img + rng.uniform(-a, a, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def draw_batch(rng, count):
    """count images (N, 64, 64, 3) uint8 and labels (N,) int64, classes balanced-ish."""
    labels = rng.integers(0, len(CLASSES), count)
    images = np.stack([draw_image(rng, int(k)) for k in labels])
    return images, labels.astype(np.int64)
