"""Exports torchvision's r3d_18 (random weights, seed 0) for CamSharp's video checks.

Writes into the folder given (keep it outside the repository; the model is 130 MB):
  r3d_18.onnx     opset 17, input 'video' 1x3x8x112x112 (N, C, D, H, W), output 'logits' 1x400
  input.npy       the seeded input tensor (float32)
  logits.npy      torch's forward on it
  layer4.npy      torch's layer4 output (1x512x1x7x7), the usual CAM layer

Run:  /usr/bin/python3 tools/video_model/export_r3d18.py /tmp/r3d
then: camsharp run /tmp/r3d/r3d_18.onnx --input-tensor /tmp/r3d/input.npy --save-outputs /tmp/r3d/ours
and compare ours/logits.npy with logits.npy (tools/video_model/compare.py).
"""
import os
import sys

import numpy as np
import torch
from torchvision.models.video import r3d_18

out = sys.argv[1] if len(sys.argv) > 1 else 'r3d'
os.makedirs(out, exist_ok=True)

torch.manual_seed(0)
model = r3d_18().eval()
x = torch.rand(1, 3, 8, 112, 112, generator=torch.Generator().manual_seed(1))
captured = {}


def keep_layer4(module, inputs, output):
    captured['layer4'] = output.detach().numpy()  # returns None: the output stays as it is


hook = model.layer4.register_forward_hook(keep_layer4)
with torch.no_grad():
    logits = model(x).numpy()
hook.remove()
torch.onnx.export(model, x, os.path.join(out, 'r3d_18.onnx'), opset_version=17,
                  input_names=['video'], output_names=['logits'])
np.save(os.path.join(out, 'input.npy'), x.numpy())
np.save(os.path.join(out, 'logits.npy'), logits)
np.save(os.path.join(out, 'layer4.npy'), captured['layer4'])
print('logits', logits.shape, 'max |logit|', float(np.abs(logits).max()), 'layer4', captured['layer4'].shape)
