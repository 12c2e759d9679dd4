"""Adds float64 gradient references (grad_<key>_f64.npy) to models already in a sweep folder.

Random weights put some pre-activations within float32 rounding of 0: torch's float32 backward
then takes the other side of a ReLU than any other summation order, and single elements of the
gradient below it move by 1e-3..1e-2 of the maximum (mc3_18 and r2plus1d_18 at layer2: torch
float32 differs from torch float64 by 0.0077 and 0.016, CamSharp from torch float64 by 5e-7).
The checker compares with this reference where the float32 one fails.

QDQ copies (<name>_qdq) are quantized as export_sweep.py quantizes them, then run in float64.

Usage: python3 tools/torchvision_sweep/float64_gradients.py SWEEP_DIR mc3_18 r2plus1d_18 fcn_resnet50
"""
import json
import os
import sys

import numpy as np
import torch

from models import BY_NAME
import qdq_form


def target_of(meta, folder):
    """The scalar export_sweep.py differentiates: the class logit, or a segmenter's class logits summed over its mask."""
    c = meta['target_class']
    if meta['kind'] != 'segmenter':
        return lambda y: y[0, c]
    mask = torch.from_numpy(np.load(os.path.join(folder, 'seg_mask.npy'))).double()
    return lambda y: (y['out'][0, c] * mask).sum()


def main(root, names):
    for name in names:
        folder = os.path.join(root, name)
        with open(os.path.join(folder, 'meta.json')) as f:
            meta = json.load(f)
        torch.manual_seed(0)  # export_sweep.py's seed: the same random weights
        model = BY_NAME[meta['model']]['make']().eval()
        x32 = torch.from_numpy(np.load(os.path.join(folder, 'input.npy')))
        variant = meta.get('variant', 'fp32')
        if variant.startswith('qdq'):
            # The same int8 weights and activation scales as the export (computed in float32); the fake
            # quantization hooks then run in float64.
            qdq_form.fake_quantize(model, x32, variant == 'qdq_static')
        model = model.double()
        x = x32.double()
        target = target_of(meta, folder)
        for key, path in meta['layers'].items():
            # One hook per pass: hooks on several nested modules see in-place updates of each other's tensors.
            grads = {}

            def keep(module, inputs, output):
                output.register_hook(lambda g: grads.__setitem__('g', g.detach().clone()))

            hook = model.get_submodule(path).register_forward_hook(keep)
            try:
                target(model(x)).backward()
            finally:
                hook.remove()
                model.zero_grad()
            np.save(os.path.join(folder, f'grad_{key}_f64.npy'), grads['g'].numpy().astype(np.float32))
            print(f'{name} {path}: float64 gradient written', flush=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
