"""Quantus MPRT reference for CamSharp's Explain/Metrics/Mprt.cs, on the Conv-BatchNorm CNN that
make_zennit.py writes (tests/CamSharp.Tests/Explain/References/bn_cnn.onnx; run that first).

    python3 tools/attribution_reference/make_mprt.py

Quantus cannot be imported on this machine (it needs pandas, SciPy and more), so the steps of
quantus/metrics/randomisation/mprt.py (MPRT.__call__ with its defaults) and of
quantus/helpers/model/pytorch_model.py (get_random_layer_generator) are written out below,
line for line: modules with reset_parameters in named_modules order, reversed for top_down,
each reset after torch.manual_seed(seed + 1), cascading; explanations normalised by their
maximum and made absolute; scipy.stats.spearmanr (average ranks for ties) against the
original explanation. The explanation is Captum-style saliency (|d logit / d x|). The
randomised parameters are written out too, so the engine can be given the same values.
"""
import json
import os
import sys
from copy import deepcopy

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import make_zennit  # noqa: E402

OUT = os.path.join('tests', 'CamSharp.Tests', 'Explain', 'References')
SEED = 42
# torch module name -> ONNX initializer names of bn_cnn.onnx, per parameter
ONNX_NAMES = {
    '0': {'weight': 'w1', 'bias': 'b1'},
    '1': {'weight': 'bn1s', 'bias': 'bn1b', 'running_mean': 'bn1m', 'running_var': 'bn1v'},
    '4': {'weight': 'w2'},
    '5': {'weight': 'bn2s', 'bias': 'bn2b', 'running_mean': 'bn2m', 'running_var': 'bn2v'},
    '9': {'weight': 'fcw', 'bias': 'fcb'},
}
ONNX_NODES = {'0': '/conv1/Conv', '1': '/bn1/BatchNormalization', '4': '/conv2/Conv', '5': '/bn2/BatchNormalization', '9': '/fc/Gemm'}


def random_layer_generator(model, order='top_down', seed=42):
    random_layer_model = deepcopy(model)
    modules = [layer for layer in random_layer_model.named_modules() if hasattr(layer[1], 'reset_parameters')]
    if order == 'top_down':
        modules = modules[::-1]
    for module in modules:
        torch.manual_seed(seed=seed + 1)
        module[1].reset_parameters()
        yield module[0], module[1], random_layer_model


def saliency(model, x, y):
    x = x.clone().requires_grad_(True)
    out = model(x)
    out[torch.arange(len(y)), y].sum().backward()
    return x.grad.abs().detach().numpy()


def explain(model, x, y):
    a = saliency(model, x, y)
    a = a / np.max(np.abs(a), axis=tuple(range(1, a.ndim)), keepdims=True)  # normalise_by_max per sample
    return np.abs(a)


def rankdata(v):
    order = np.argsort(v, kind='mergesort')
    ranks = np.empty(len(v))
    sv = v[order]
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and sv[j + 1] == sv[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a, b):
    ra, rb = rankdata(a), rankdata(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def main():
    net = make_zennit.bn_cnn()  # also rewrites bn_cnn.onnx, identically
    torch.manual_seed(5)
    x = torch.randn(2, 3, 16, 16)
    with torch.no_grad():
        y = net(x).argmax(1)
    a = explain(net, x, y)
    steps = [{'layer': 'original', 'correlations': [spearman(a[i].ravel(), a[i].ravel()) for i in range(len(a))]}]
    for name, module, random_model in random_layer_generator(net, 'top_down', SEED):
        ar = explain(random_model.eval(), x, y)
        params = {ONNX_NAMES[name][k]: v.detach().numpy().astype(np.float32).tolist()
                  for k, v in list(module.named_parameters()) + list(module.named_buffers()) if k in ONNX_NAMES[name]}
        steps.append({'layer': ONNX_NODES[name], 'module': name, 'params': params,
                      'correlations': [spearman(a[i].ravel(), ar[i].ravel()) for i in range(len(a))]})
    result = {'quantus': 'main (MPRT defaults)', 'seed': SEED, 'input_seed': 5, 'input': x.numpy().tolist(),
              'targets': y.tolist(), 'steps': steps}
    with open(os.path.join(OUT, 'mprt.json'), 'w') as f:
        json.dump(result, f)
    for s in steps:
        print(s['layer'], s['correlations'])


if __name__ == '__main__':
    main()
