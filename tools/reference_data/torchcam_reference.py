# Makes tests/CamSharp.Tests/Explain/References/{sscam,iscam,smoothgradcampp}*.{json,npy.gz}: the
# CAMs of torchcam's SSCAM, ISCAM and SmoothGradCAMpp (torchcam/methods/activation.py,
# gradient.py) written out with the same steps, on the fixture models run by onnx_torch.py:
# * Score-CAM masks: each channel x − min, / (max + 1e-8) at the layer's size, bilinear
#   (align_corners=False) to the input; weights softmax(mean_i(score_i − baseline)).
# * SSCAM: mask + noise per sample; ISCAM: input·mask scaled by the running Σ (i+1)/N.
# * SmoothGradCAMpp: D² and D³ the mean squared / cubed gradients over noisy inputs,
#   α = D² / (2D² + Σ_hw D³·A_clean + 1e-8), w = Σ_hw α·relu(G_last), map Σ w·A_last.
# Maps: ReLU, then x − min, / (max + 1e-8), at layer resolution.
# The noise is given (so C# can reproduce it): std·(2u − 1), u from an integer hash of the
# element's index (sample, channel, pixel) — see `hash_uniform`. Developer tool, from the repo root:
#   /usr/bin/python3 tools/reference_data/torchcam_reference.py
import numpy as np
import torch
import torch.nn.functional as F

from onnx_torch import Graph, layer_value, run_input, save, save_index


def hash_uniform(count, seed):
    """u in [0, 1) for indices 0 … count − 1: a 32-bit multiplicative hash with two xor-shifts."""
    i = np.arange(count, dtype=np.uint64) + np.uint64(seed * 7919)
    h = (i * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(2246822519)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(13)
    return torch.from_numpy((h.astype(np.float64) / 2 ** 32).astype(np.float32))


def noise(shape, std, seed):
    return (std * (2 * hash_uniform(int(np.prod(shape)), seed).double() - 1)).float().reshape(shape)


def normalize(cams, dims):
    flat = cams.flatten(-dims)
    cams = cams - flat.min(-1).values[(...,) + (None,) * dims]
    return cams / (cams.flatten(-dims).max(-1).values[(...,) + (None,) * dims] + 1e-8)


def finish(weights, act):
    cam = torch.relu((weights[:, :, None, None] * act).sum(1))
    return normalize(cam, 2)[0]


def score_masks(graph, x, value):
    _, act = graph.run(x, keep=[value])
    up = F.interpolate(normalize(act.clone(), 2), x.shape[2:], mode='bilinear', align_corners=False)
    return act, up


def scores(graph, inputs, cls):
    return torch.cat([graph.run(inputs[i:i + 64])[:, cls] for i in range(0, inputs.shape[0], 64)])


def sscam(graph, x, value, cls, samples, std, seed):
    act, up = score_masks(graph, x, value)
    baseline = graph.run(x)[0, cls]
    c = up.shape[1]
    delta = noise((samples, c) + tuple(x.shape[2:]), std, seed)
    total = torch.zeros(c)
    for s in range(samples):
        masks = (up[0] + delta[s])[:, None]  # C×1×H×W
        total += scores(graph, masks * x, cls) - baseline
    return finish(torch.softmax(total / samples, -1)[None], act)


def iscam(graph, x, value, cls, samples):
    act, up = score_masks(graph, x, value)
    baseline = graph.run(x)[0, cls]
    total = torch.zeros(up.shape[1])
    coeff = 0.0
    for s in range(samples):
        coeff += (s + 1) / samples
        total += scores(graph, coeff * (up[0][:, None] * x), cls) - baseline
    return finish(torch.softmax(total / samples, -1)[None], act)


def smoothgradcampp(graph, x, value, cls, samples, std, seed):
    with torch.no_grad():
        _, clean = graph.run(x, keep=[value])
    delta = noise((samples,) + tuple(x.shape[1:]), std, seed)
    g2 = g3 = 0
    for s in range(samples):
        with torch.enable_grad():
            logits, act = graph.run((x + delta[s][None]).requires_grad_(), keep=[value])
            grad, = torch.autograd.grad(logits[0, cls], act)
        g2 = g2 + grad ** 2
        g3 = g3 + grad ** 3
    g2, g3 = g2 / samples, g3 / samples
    alpha = g2 / (2 * g2 + (g3 * clean).flatten(2).sum(-1)[..., None, None] + 1e-8)
    weights = (alpha * torch.relu(grad)).flatten(2).sum(-1)
    return finish(weights, act.detach())


CASES = [  # method, model, run, module, class, keyword arguments
    ('sscam', 'digitcnn', 'digitcnn__d96_a__96x96', 'block3', 3, {'samples': 3, 'std': 2.0, 'seed': 1}),
    ('sscam', 'digitcnn', 'digitcnn__d96_a__96x96', 'block3', 8, {'samples': 2, 'std': 0.5, 'seed': 2}),
    ('iscam', 'digitcnn', 'digitcnn__d96_a__96x96', 'block3', 3, {'samples': 10}),
    ('iscam', 'digitcnn', 'digitcnn__d96_a__96x96', 'block4', 8, {'samples': 4}),
    ('smoothgradcampp', 'digitcnn', 'digitcnn__d96_a__96x96', 'block4', 3, {'samples': 4, 'std': 0.3, 'seed': 1}),
    ('smoothgradcampp', 'resnet18', 'resnet18__d224__224x224', 'layer4', 704, {'samples': 4, 'std': 0.3, 'seed': 3}),
    ('smoothgradcampp', 'resnet18', 'resnet18__d224__224x224', 'layer3', 1, {'samples': 2, 'std': 0.5, 'seed': 4}),
]
METHODS = {'sscam': sscam, 'iscam': iscam, 'smoothgradcampp': smoothgradcampp}

cases = {name: [] for name in METHODS}
with torch.no_grad():
    for method, model, run, module, cls, kwargs in CASES:
        graph = Graph(model)
        value = layer_value(model, module)
        cam = METHODS[method](graph, run_input(run), value, cls, **kwargs)
        name = f'{method}__{run}__{module}__c{cls}__' + '_'.join(f'{k}{v}' for k, v in kwargs.items())
        cases[method].append({'model': model, 'run': run, 'layer': value, 'class': cls, **kwargs,
                              'map': save(name, cam.numpy())})
for method, items in cases.items():
    save_index(method, items)
print({k: len(v) for k, v in cases.items()})
