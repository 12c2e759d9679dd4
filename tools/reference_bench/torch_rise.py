# Developer tool (see README.md beside it): RISE's reference loop timed in PyTorch, to set beside
# `dotnet run -c Release --project bench/CamSharp.Bench -- blackbox`. OpenVINO XAI's RISE
# (openvino_xai/methods/black_box/rise.py, synchronous mode) cannot run here (no OpenVINO), so
# its loop is written out on torchvision's resnet18 (random weights; the time does not depend on
# them), 1x3x224x224, two threads: per mask an 8x8 grid, bicubic upsampling and a random crop,
# one forward of the masked image, the score times the mask added to the map.
# Usage: /usr/bin/python3 tools/reference_bench/torch_rise.py [MASKS]   (default 4000)
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

torch.set_num_threads(2)
torch.manual_seed(0)
masks = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
model = torchvision.models.resnet18().eval()
x = torch.rand(1, 3, 224, 224)
rng = np.random.default_rng(0)
with torch.no_grad():
    cls = int(model(x).argmax())
    start = time.perf_counter()
    saliency = torch.zeros(224, 224)
    cell = int(np.ceil(224 / 8))
    for _ in range(masks):
        grid = torch.from_numpy((rng.random((8, 8)) < 0.5).astype(np.float32))
        dy, dx = rng.integers(0, cell), rng.integers(0, cell)
        up = F.interpolate(grid[None, None], size=(9 * cell, 9 * cell), mode='bicubic', align_corners=False)[0, 0]
        mask = up[dy:dy + 224, dx:dx + 224].clamp(0, 1)
        saliency += model(x * mask)[0, cls] * mask
    wall = time.perf_counter() - start
print(f'rise resnet18 224, {masks} masks: {wall:.1f} s ({wall / masks * 1000:.1f} ms per mask)')
