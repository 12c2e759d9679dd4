"""Prints the PyTorch/torchvision results that tests/CamSharp.Tests/Ops/{RoiAlign,GridSample,ConvTranspose}Tests.cs expect.

Inputs are deterministic: element i of a tensor is sin(0.7 i + phase), which the C# tests
rebuild with the same formula (ShapeOpTest-style helpers). Run with /usr/bin/python3.
"""
import numpy as np
import torch
import torch.nn.functional as F
import torchvision


def sine(shape, phase=0.0, scale=1.0):
    n = int(np.prod(shape))
    return torch.tensor((np.sin(0.7 * np.arange(n) + phase) * scale).astype(np.float32)).reshape(shape)


def show(name, t):
    values = ", ".join(f"{v:.7g}f" for v in t.detach().numpy().ravel())
    print(f"// {name} {list(t.shape)}\n[{values}]")


x = sine((1, 2, 5, 6))
rois = torch.tensor([[0, 0.5, 1.2, 4.3, 3.7], [0, 1.0, 0.0, 5.0, 4.9]], dtype=torch.float32)
for aligned in (False, True):
    for ratio in (0, 2):
        show(f"roi_align aligned={aligned} sampling_ratio={ratio}",
             torchvision.ops.roi_align(x, rois, output_size=(2, 3), spatial_scale=1.0, sampling_ratio=ratio, aligned=aligned))

x = sine((1, 2, 4, 5))
grid = sine((1, 3, 2, 2), phase=0.3, scale=1.3)
for mode in ("bilinear", "nearest", "bicubic"):
    for padding in ("zeros", "border", "reflection"):
        for align in (False, True):
            show(f"grid_sample {mode} {padding} align_corners={align}",
                 F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=align))

x = sine((1, 4, 3, 4))
w = sine((4, 3, 3, 3), phase=1.0)
b = sine((6,), phase=2.0)
show("conv_transpose2d stride (2,1) padding (1,0) output_padding (1,0) dilation (1,2) groups 2",
     F.conv_transpose2d(x, w, b, stride=(2, 1), padding=(1, 0), output_padding=(1, 0), groups=2, dilation=(1, 2)))
