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
import sys

import numpy as np
import torch

sys.path.insert(0, 'tools/precision')
import graph_eval  # noqa: E402

reference = np.load(graph_eval.FIX + 'outputs/cams/mobilenet_v2__d224__224x224__features__FullGrad__c501.npy')


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
    convs = []

    def on_output(node, out):
        if node.op_type == 'Conv':
            out.retain_grad()
            convs.append((out, node.input[2]))
        return out

    env = graph_eval.run(dt, on_output, input_requires_grad=True)
    env['logits'][0, 501].backward()
    planes = [resize_linear(normalise(p), 224)
              for p in np.abs(env['input'].grad.numpy()[0] * graph_eval.x[0]).astype(np.float64)]
    total = np.sum(planes, axis=0)
    for out, bias in convs:
        g = out.grad.detach().numpy()[0].astype(np.float64)
        b = graph_eval.weights[bias].astype(np.float64)[:, None, None]
        total += np.sum([resize_linear(normalise(p), 224) for p in np.abs(b * g)], axis=0)
    return normalise(total)


for name, dt in (('f64', torch.float64), ('f32', torch.float32)):
    print(f'{name}: max |FullGrad - fixture| = {np.abs(fullgrad(dt) - reference).max():.2e}')
