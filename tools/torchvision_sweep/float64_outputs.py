"""Adds float64 references (output64_<key>.npy) for a detector's extra outputs to models already in a sweep folder.

Mask R-CNN's masks and Keypoint R-CNN's keypoints are decoded from the kept boxes through integer
steps (boxes truncated to pixels before pasting, the heatmap's argmax): with random weights torch's
own float32 and float64 runs land 1e-3..1 apart on them while boxes and scores agree to 2e-5. The
checker compares CamSharp with this reference too, and calls an output ill-conditioned only when
torch float32 is at least as far from float64 as CamSharp is from torch float32.

Usage: python3 tools/torchvision_sweep/float64_outputs.py SWEEP_DIR maskrcnn_resnet50_fpn keypointrcnn_resnet50_fpn
"""
import json
import os
import sys

import numpy as np
import torch

from models import BY_NAME


def main(root, names):
    for name in names:
        folder = os.path.join(root, name)
        with open(os.path.join(folder, 'meta.json')) as f:
            meta = json.load(f)
        torch.manual_seed(0)  # export_sweep.py's seed: the same random weights
        model = BY_NAME[meta['model']]['make']().eval().double()
        x = torch.from_numpy(np.load(os.path.join(folder, 'input.npy'))).double()
        with torch.no_grad():
            y = model([x[0]])[0]
        for key, value in y.items():
            if key not in ('boxes', 'scores', 'labels'):
                np.save(os.path.join(folder, f'output64_{key}.npy'), value.numpy())
                print(f'{name}: output64_{key}.npy {tuple(value.shape)}', flush=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
