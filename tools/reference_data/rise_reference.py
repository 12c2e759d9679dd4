# Makes tests/CamSharp.Tests/Explain/References/rise*.{json,npy.gz}: RISE the way OpenVINO
# XAI's RISE computes it (openvino_xai/methods/black_box/rise.py): per mask a cells×cells grid
# (cell on when u < p), bicubic upsampling to (cells + 1)·ceil(size / cells) — here with
# torch's bicubic (a = -0.75, half-pixel centres, clamped edges: OpenCV's INTER_CUBIC) —
# cropped at a shift below one cell and clipped to [0, 1]; the masked image's class logit
# weights the mask; the sum is min–max scaled (1e-12 in the denominator). The grids and
# shifts come from a 31-bit LCG (s = (s·1103515245 + 12345) mod 2^31, u = s / 2^31) so the
# C# test can rebuild the same masks. Developer tool, run from the repo root:
#   /usr/bin/python3 tools/reference_data/rise_reference.py
import math

import torch
import torch.nn.functional as F

from onnx_torch import Graph, Lcg, run_input, save, save_index

CASES = [  # model, run, classes, masks, cells, probability, seed
    ('digitcnn', 'digitcnn__d96_a__96x96', [3, 8], 200, 8, 0.5, 1),
    ('digitcnn', 'digitcnn__d96_a__96x96', [3], 150, 7, 0.4, 2),
]


def masks(count, cells, p, seed, h, w):
    rng = Lcg(seed)
    ch, cw = math.ceil(h / cells), math.ceil(w / cells)
    result = []
    for _ in range(count):
        grid = torch.tensor([[1.0 if rng.next() < p else 0.0 for _ in range(cells)] for _ in range(cells)])
        y, x = int(rng.next() * ch), int(rng.next() * cw)
        up = F.interpolate(grid[None, None], size=((cells + 1) * ch, (cells + 1) * cw), mode='bicubic', align_corners=False)[0, 0]
        result.append(up[y:y + h, x:x + w].clamp(0, 1))
    return torch.stack(result)


cases = []
with torch.no_grad():
    for model, run, classes, count, cells, p, seed in CASES:
        graph = Graph(model)
        x = run_input(run)
        m = masks(count, cells, p, seed, x.shape[2], x.shape[3])
        logits = torch.cat([graph.run(x * m[i:i + 50, None]) for i in range(0, count, 50)])
        for cls in classes:
            saliency = (logits[:, cls, None, None] * m).sum(0)
            saliency = (saliency - saliency.min()) / (saliency.max() - saliency.min() + 1e-12)
            name = f'rise__{run}__c{cls}__n{count}_s{cells}_p{p}_seed{seed}'
            cases.append({'model': model, 'run': run, 'class': cls, 'masks': count, 'cells': cells,
                          'probability': p, 'seed': seed, 'map': save(name, saliency.numpy())})
save_index('rise', cases)
print(len(cases), 'cases')
