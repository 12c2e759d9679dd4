"""Makes tests/CamSharp.Tests/Explain/Data/spline_zoom_reference.json: small random volumes resized
with scipy.ndimage.zoom and its defaults (order 3, prefilter, mode 'constant', grid_mode False),
as pytorch-grad-cam's scale_cam_image does for 3-D maps. CamSharp's VolumeResize.Spline must
match these within 1e-5.

Usage: python3 tools/spline_zoom/make_reference.py tests/CamSharp.Tests/Explain/Data/spline_zoom_reference.json
"""
import json
import sys

import numpy as np
from scipy.ndimage import zoom

# (input D, H, W) -> (output D, H, W): up, down, mixed, single-sample axes, the identity, and a
# size pair where k * (n - 1) / (m - 1) rounds past n - 1 (scipy then writes 0 in that frame).
CASES = [
    ((2, 3, 4), (5, 7, 9)),
    ((1, 3, 3), (4, 10, 10)),
    ((3, 4, 2), (2, 3, 5)),
    ((4, 1, 5), (7, 1, 3)),
    ((3, 3, 3), (3, 3, 3)),
    ((2, 5, 5), (1, 6, 4)),
    ((4, 2, 2), (188, 2, 2)),
]


def main(out):
    rng = np.random.default_rng(17)
    cases = []
    for shape, to in CASES:
        volume = rng.random(shape).astype(np.float32)
        # pytorch-grad-cam passes factors target / source; zoom rounds shape * factor back to target.
        resized = zoom(volume, [t / s for s, t in zip(shape, to)])
        assert resized.shape == to, (resized.shape, to)
        cases.append(dict(shape=list(shape), to=list(to), input=[float(v) for v in volume.ravel()],
                          expected=[float(v) for v in resized.ravel()]))
    with open(out, 'w') as f:
        json.dump(dict(source='scipy.ndimage.zoom, order 3, mode constant', cases=cases), f, separators=(',', ':'))


if __name__ == '__main__':
    main(sys.argv[1])
