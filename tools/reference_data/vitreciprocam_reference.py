# Makes tests/CamSharp.Tests/Explain/References/vitreciprocam*.{json,npy.gz}: ViT-ReciproCAM the
# way OpenVINO XAI's ViTReciproCAM computes it (openvino_xai/methods/white_box/recipro_cam.py,
# use_gaussian=True, cls_token=True): the target is the Add between blocks (k = 1: the last
# block's input), copies of its [1, T, D] tokens keep the class token and weight the h×w grid
# tokens by the 3×3 Gaussian (1/4, 1/8, 1/16) placed at one cell (padded, then cropped); the same
# masking of the block's first LayerNorm output replaces that output; the residual Add reads the
# masked tokens; the logits over the copies form the h×w map, min–max scaled (1e-12).
# Developer tool, run from the repo root:
#   /usr/bin/python3 tools/reference_data/vitreciprocam_reference.py
import torch

from onnx_torch import Graph, run_input, save, save_index

CASES = [  # model, run, block input (the Add between blocks), its block's first norm, classes
    ('tinyvit', 'tinyvit__d64_a__64x64', '/blocks/blocks.0/Add_1_output_0',
     '/blocks/blocks.1/norm1/LayerNormalization_output_0', [None, 7]),
]
GAUSSIAN = torch.tensor([[1 / 16, 1 / 8, 1 / 16], [1 / 8, 1 / 4, 1 / 8], [1 / 16, 1 / 8, 1 / 16]])


def mosaic(tokens, h, w):
    _, t, d = tokens.shape
    padded = torch.zeros(h * w, h + 2, w + 2)
    for i in range(h):
        for j in range(w):
            padded[i * w + j, i:i + 3, j:j + 3] = GAUSSIAN
    mask = padded[:, 1:-1, 1:-1].reshape(h * w, h * w, 1)
    grid = tokens[:, 1:h * w + 1].repeat(h * w, 1, 1) * mask
    return torch.cat([tokens[:, :1].repeat(h * w, 1, 1), grid], 1)


cases = []
with torch.no_grad():
    for model, run, value, norm, classes in CASES:
        graph = Graph(model)
        x = run_input(run)
        logits, tokens, normed = graph.run(x, keep=[value, norm])
        side = int((tokens.shape[1] - 1) ** 0.5)
        scores = graph.run(x, replace={value: mosaic(tokens, side, side), norm: mosaic(normed, side, side)})
        for cls in classes:
            cls = int(logits.argmax()) if cls is None else cls
            s = scores[:, cls].reshape(side, side)
            s = (s - s.min()) / (s.max() - s.min() + 1e-12)
            name = f'vitreciprocam__{run}__c{cls}'
            cases.append({'model': model, 'run': run, 'layer': value, 'class': cls, 'map': save(name, s.numpy())})
save_index('vitreciprocam', cases)
print(len(cases), 'cases')
