"""How far exact arithmetic's FullGrad is from the mobilenet_v2 FullGrad fixture.

Evaluates fixtures/models/mobilenet_v2.onnx in float64 and float32 (as
mobilenet_kink_check.py does), takes the gradient of logit 501 with respect to the input and
to every Conv output (BN is folded into the convolutions, so every Conv has a bias), and
builds pytorch-grad-cam 1.5.5's FullGrad map from them: |x·dy/dx| per input channel and
sum_c |b_c·G_c| per convolution, each plane min-max normalised and resized to 224 (OpenCV
INTER_LINEAR semantics), summed, then min-max normalised. Prints max |map - fixture|.

Run from the repository root:  /usr/bin/python3 tools/precision/mobilenet_fullgrad_check.py
Dev-time evidence only; nothing in the product or the tests runs it.
"""
import json

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

FIX = '../shared/fixtures/'
model = onnx.load(FIX + 'models/mobilenet_v2.onnx')
index = json.load(open(FIX + 'outputs/index.json'))
x = np.load(FIX + index['runs']['mobilenet_v2__d224__224x224']['input_tensor'])
weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
reference = np.load(FIX + 'outputs/cams/mobilenet_v2__d224__224x224__features__FullGrad__c501.npy')


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def resize_linear(plane, size):
    """OpenCV INTER_LINEAR: half-pixel centres, edge clamping, no antialiasing."""
    h, w = plane.shape

    def axis(n_in):
        src = (np.arange(size) + 0.5) * n_in / size - 0.5
        src = np.clip(src, 0, n_in - 1)
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, src - lo

    ylo, yhi, fy = axis(h)
    xlo, xhi, fx = axis(w)
    top = plane[ylo][:, xlo] * (1 - fx) + plane[ylo][:, xhi] * fx
    bottom = plane[yhi][:, xlo] * (1 - fx) + plane[yhi][:, xhi] * fx
    return top * (1 - fy[:, None]) + bottom * fy[:, None]


def normalise(plane):
    plane = plane - plane.min()
    return plane / (1e-7 + plane.max())


def fullgrad(dt):
    env = {'input': torch.tensor(x, dtype=dt, requires_grad=True)}
    env.update({k: torch.tensor(v, dtype=dt) for k, v in weights.items()})
    convs = []
    for node in model.graph.node:
        a, ins, op = attrs(node), [env[i] if i else None for i in node.input], node.op_type
        if op == 'Constant':
            out = torch.tensor(numpy_helper.to_array(a['value']), dtype=dt)
        elif op == 'Conv':
            out = F.conv2d(ins[0], ins[1], ins[2], stride=a['strides'], padding=tuple(a['pads'][:2]), groups=a.get('group', 1))
            out.retain_grad()
            convs.append((out, ins[2]))
        elif op == 'Clip':
            out = torch.clamp(ins[0], ins[1], ins[2])
        elif op == 'Add':
            out = ins[0] + ins[1]
        elif op == 'GlobalAveragePool':
            out = ins[0].mean(dim=(2, 3), keepdim=True)
        elif op == 'Flatten':
            out = ins[0].flatten(1)
        elif op == 'Gemm':
            out = ins[0] @ ins[1].T + ins[2]
        env[node.output[0]] = out
    env['logits'][0, 501].backward()
    planes = [resize_linear(normalise(p), 224)
              for p in np.abs(env['input'].grad.numpy()[0] * x[0]).astype(np.float64)]
    total = np.sum(planes, axis=0)
    for out, bias in convs:
        g = out.grad.detach().numpy()[0].astype(np.float64)
        b = bias.detach().numpy().astype(np.float64)[:, None, None]
        total += np.sum([resize_linear(normalise(p), 224) for p in np.abs(b * g)], axis=0)
    return normalise(total)


for name, dt in (('f64', torch.float64), ('f32', torch.float32)):
    print(f'{name}: max |FullGrad - fixture| = {np.abs(fullgrad(dt) - reference).max():.2e}')
