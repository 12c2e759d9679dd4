# Makes tests/CamSharp.Tests/Detection/Data/yolov8n_bus_neck_stack.{channel_means,eigencam}.npy:
# MMYOLO's box-AM stacking of the three neck outputs YOLOv8n's head reads (model.15, .18, .21,
# ONNX Runtime's values in the shared real-model fixtures, bus.jpg): |A| of each resized with
# F.interpolate(mode='bilinear') to the largest map (80x80), concatenated along channels; then
# the per-channel means of that stack and EigenCAM's projection on it (pytorch-grad-cam's
# get_2d_projection: rows = pixels, columns centred, first right-singular vector; its sign is
# arbitrary). Developer tool: /usr/bin/python3 with torch and numpy, run from the repo root:
#   /usr/bin/python3 tools/reference_data/level_stack_reference.py
import gzip
import io

import numpy as np
import torch
import torch.nn.functional as F

case = '../shared/fixtures/real/cases/yolov8n_dequant_fp32__bus.jpg/'
feats = []
for m in ('15', '18', '21'):
    with gzip.open(case + f'mid.model.{m}.npy.gz', 'rb') as f:
        feats.append(torch.from_numpy(np.load(io.BytesIO(f.read()))))
h = max(a.shape[-2] for a in feats)
w = max(a.shape[-1] for a in feats)
stack = torch.cat([F.interpolate(torch.abs(a), (h, w), mode='bilinear') for a in feats], dim=1)[0].double().numpy()

out = 'tests/CamSharp.Tests/Detection/Data/yolov8n_bus_neck_stack'
np.save(out + '.channel_means.npy', stack.mean(axis=(1, 2)).astype(np.float32))
x = stack.reshape(stack.shape[0], -1).T
x = x - x.mean(axis=0)
_, _, vt = np.linalg.svd(x, full_matrices=False)
np.save(out + '.eigencam.npy', (x @ vt[0]).reshape(h, w).astype(np.float32))
print(stack.shape)
