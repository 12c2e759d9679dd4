# Makes tests/CamSharp.Tests/Explain/References/refinecam*.{json,npy.gz}: pytorch-grad-cam main's
# RefineCAM (pytorch_grad_cam/refine_cam.py) with its default base, GradCAMPlusPlus, written out:
# per layer alone, Grad-CAM++ (α = G² / (2G² + Σ_hw A · G³ + 1e-6), 0 where G = 0,
# w = Σ_hw relu(G)·α), map relu → scale_cam_image to the input size (x − min, / (1e-7 + max),
# then cv2 INTER_LINEAR — here F.interpolate bilinear, half-pixel, which is the same when
# upsampling) → the base's multi-layer step for one layer (relu, mean, scale again); then the
# product over layers, scaled once more. Developer tool, run from the repo root:
#   /usr/bin/python3 tools/reference_data/refinecam_reference.py
import torch
import torch.nn.functional as F

from onnx_torch import Graph, layer_value, run_input, save, save_index


def scale(img):
    img = img - img.min()
    return img / (1e-7 + img.max())


def gradcampp_layer(graph, x, value, cls):
    logits, act = graph.run(x.clone().requires_grad_(), keep=[value])
    g, = torch.autograd.grad(logits[0, cls], act)
    act = act.detach()
    g2 = g ** 2
    aij = g2 / (2 * g2 + act.sum(dim=(2, 3))[:, :, None, None] * g2 * g + 1e-6)
    aij = torch.where(g != 0, aij, torch.zeros_like(aij))
    weights = (torch.relu(g) * aij).sum(dim=(2, 3))
    cam = torch.relu((weights[:, :, None, None] * act).sum(1))[0]
    cam = F.interpolate(scale(cam)[None, None], x.shape[2:], mode='bilinear', align_corners=False)[0, 0]
    return scale(torch.relu(cam))


CASES = [
    ('digitcnn', 'digitcnn__d96_a__96x96', ['block3', 'block4'], 3),
    ('digitcnn', 'digitcnn__d96_a__96x96', ['block2', 'block4'], 8),
]

cases = []
for model, run, modules, cls in CASES:
    graph = Graph(model)
    x = run_input(run)
    values = [layer_value(model, m) for m in modules]
    final = scale(torch.stack([gradcampp_layer(graph, x, v, cls) for v in values]).prod(0))
    name = f'refinecam__{run}__{"+".join(modules)}__c{cls}'
    cases.append({'model': model, 'run': run, 'layers': values, 'class': cls, 'map': save(name, final.detach().numpy())})
save_index('refinecam', cases)
print(len(cases), 'cases')
