"""Captum references for CamSharp's input attributions (src/CamSharp/Explain/Attribution).

Run from the repository root with Captum's main branch on the path (a scratch checkout
outside the repository; torch 1.13):
    PYTHONPATH=<captum checkout> python3 tools/attribution_reference/make_captum.py
Writes tests/CamSharp.Tests/Explain/References/captum_*.npy.gz and captum.json. Inputs are
centre crops of ../shared/fixtures/outputs/tensors (the models take any size), kept small so
the references stay small; the tests crop the same way. Captum runs in float64 (the
module and input cast up): in float32 a ReLU input within rounding of its kink flips on
some integration step and moves an element by 2e-4 of the maximum, which is rounding, not
the method; float64 gives the method's value, which a float32 engine matches to 1e-5.
"""
import gzip
import io
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from onnx_torch import OnnxNet, center_crop, stub_modules  # noqa: E402

stub_modules('tqdm', 'tqdm.auto', 'matplotlib', 'matplotlib.pyplot', 'matplotlib.cm', 'matplotlib.colors',
             'matplotlib.axes', 'matplotlib.collections', 'matplotlib.figure', 'matplotlib.image',
             'mpl_toolkits', 'mpl_toolkits.axes_grid1')
from captum.attr import (IntegratedGradients, InputXGradient, NoiseTunnel, Occlusion,  # noqa: E402
                         Saliency)
from captum.attr._utils.visualization import _normalize_attr  # noqa: E402

FIX = os.path.join('..', 'shared', 'fixtures')
OUT = os.path.join('tests', 'CamSharp.Tests', 'Explain', 'References')

CASES = [
    # model, fixture tensor, crop size
    ('digitcnn', 'digitcnn__d96_a__96x96', 40),
    ('resnet18', 'resnet18__d224__224x224', 32),
]


def save(name, array):
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array, dtype=np.float32))
    with gzip.GzipFile(os.path.join(OUT, name + '.npy.gz'), 'wb', mtime=0) as f:
        f.write(buf.getvalue())


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    meta = {'captum': 'main branch', 'torch': torch.__version__, 'cases': []}
    for model_name, tensor, size in CASES:
        net = OnnxNet(os.path.join(FIX, 'models', model_name + '.onnx')).double()
        full = np.load(os.path.join(FIX, 'outputs', 'tensors', tensor + '.npy'))
        x_np, corner = center_crop(full, size)
        x = torch.from_numpy(x_np).double()
        with torch.no_grad():
            target = int(net(x).argmax(1))
        case = {'model': model_name, 'tensor': tensor, 'crop': size, 'corner': list(corner), 'target': target, 'runs': {}}
        stem = f'captum_{model_name}'

        def run(key, attr, **params):
            save(f'{stem}_{key}', attr.detach().numpy())
            case['runs'][key] = params

        run('saliency', Saliency(net).attribute(x, target=target))
        run('saliency_signed', Saliency(net).attribute(x, target=target, abs=False), abs=False)
        run('inputxgradient', InputXGradient(net).attribute(x, target=target))
        ig = IntegratedGradients(net).attribute(x, target=target)
        run('ig', ig, n_steps=50, method='gausslegendre')
        run('ig_trapezoid', IntegratedGradients(net).attribute(x, target=target, n_steps=20, method='riemann_trapezoid',
                                                               baselines=0.25), n_steps=20, method='riemann_trapezoid', baselines=0.25)
        for sign in ['absolute_value', 'positive', 'negative', 'all']:
            ig32 = ig.detach().numpy().astype(np.float32)  # as a float32 attribution would be drawn
            norm = _normalize_attr(np.transpose(ig32[0], (1, 2, 0)), sign, 2, reduction_axis=2)
            save(f'{stem}_ig_norm_{sign}', norm)

        # NoiseTunnel with the noise recorded, so the engine can be given the same noise; one seed
        # for the three kinds, so one noise file serves them all (the tunnel is model-independent,
        # so only the first case runs it).
        if model_name != 'digitcnn':
            meta['cases'].append(case)
            continue
        noises = []
        original = NoiseTunnel._add_noise_to_input

        def recording(input, stdev, n):
            noisy = original(input, stdev, n)
            noises.append((noisy - input.repeat_interleave(n, dim=0)).detach().clone())
            return noisy
        NoiseTunnel._add_noise_to_input = staticmethod(recording)
        for nt_type in ['smoothgrad', 'smoothgrad_sq', 'vargrad']:
            noises.clear()
            torch.manual_seed(1)
            attr = NoiseTunnel(Saliency(net)).attribute(x, nt_type=nt_type, nt_samples=4, stdevs=0.2, target=target)
            if nt_type == 'smoothgrad':
                save(f'{stem}_noise', torch.cat(noises).numpy())
            else:
                assert np.array_equal(torch.cat(noises).numpy(), first_noise)
            first_noise = torch.cat(noises).numpy()
            run(nt_type, attr, nt_samples=4, stdevs=0.2, inner='saliency')
        NoiseTunnel._add_noise_to_input = staticmethod(original)

        occ = Occlusion(net).attribute(x, sliding_window_shapes=(3, 10, 10), strides=(3, 6, 6), baselines=0, target=target)
        run('occlusion', occ, window=[3, 10, 10], strides=[3, 6, 6], baselines=0)
        meta['cases'].append(case)
    with open(os.path.join(OUT, 'captum.json'), 'w') as f:
        json.dump(meta, f, indent=1)


if __name__ == '__main__':
    main()
