"""pytorch-grad-cam (main) ARCC reference for CamSharp's Explain/Metrics/Arcc.cs.

Run from the repository root with a scratch checkout of pytorch-grad-cam's main branch:
    PGC=<pytorch-grad-cam checkout> python3 tools/attribution_reference/make_arcc.py
Loads pytorch_grad_cam/metrics/arcc.py itself (Complexity, Coherency, batch_pearson_coherency
and ARCC's formula). This machine has no OpenCV, SciPy or ttach, which the package's other
modules import, so two stand-ins are given: the base method is Grad-CAM written out below as
pytorch-grad-cam computes it (weights = mean gradient, ReLU, min-max, bilinear resize, which
for upsampling equals cv2.INTER_LINEAR, min-max again), checked against the fixture CAMs by the C# suite; and
ROADCombined returns a fixed value, since ROAD has its own parity tests. Writes
tests/CamSharp.Tests/Explain/References/arcc.json.
"""
import importlib.util
import json
import os
import sys
import types

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from onnx_torch import OnnxNet  # noqa: E402

FIX = os.path.join('..', 'shared', 'fixtures')
OUT = os.path.join('tests', 'CamSharp.Tests', 'Explain', 'References')
ROAD_STUB = 0.15  # ROADCombined's value handed to ARCC (ARCC doubles and clips it: 0.3)


class GradCam:
    """pytorch-grad-cam's GradCAM on one layer of an OnnxNet, batch of images, raw-logit targets."""
    def __init__(self, net, layer_output, target):
        self.net, self.layer, self.target = net, layer_output, target

    def __call__(self, input_tensor, targets=None):
        values = {}
        net = self.net
        x = input_tensor.clone().requires_grad_(False)
        vals = {net.input_name: x}
        for k, ins, out, _ in net.steps:
            vals[out] = net.layers[k](*[vals[i] for i in ins])
            if out == self.layer:
                vals[out].retain_grad()
                values['a'] = vals[out]
        y = vals[net.output_name]
        y[:, self.target].sum().backward()
        a, g = values['a'].detach().numpy(), values['a'].grad.numpy()
        w = g.mean(axis=(2, 3))
        cam = np.maximum((w[:, :, None, None] * a).sum(axis=1), 0)
        out = []
        for c in cam:
            c = c - c.min()
            c = c / (1e-7 + c.max())
            t = torch.from_numpy(c.astype(np.float32))[None, None]
            up = F.interpolate(t, size=tuple(x.shape[2:]), mode='bilinear', align_corners=False)[0, 0].numpy()
            # aggregate_multi_layers: ReLU, mean over the one layer, min-max again
            up = np.maximum(up, 0)
            up = up - up.min()
            out.append(up / (1e-7 + up.max()))
        return np.float32(out)


def load_arcc(pgc):
    class ROADCombined:
        def __init__(self, percentiles):
            self.percentiles = percentiles

        def __call__(self, input_tensor, cams, targets, model):
            return np.full(len(cams), ROAD_STUB, dtype=np.float32)
    base = types.ModuleType('pytorch_grad_cam.base_cam')
    base.BaseCAM = object
    road = types.ModuleType('pytorch_grad_cam.metrics.road')
    road.ROADCombined = ROADCombined
    for name in ('pytorch_grad_cam', 'pytorch_grad_cam.metrics'):
        sys.modules[name] = types.ModuleType(name)
    sys.modules['pytorch_grad_cam.base_cam'] = base
    sys.modules['pytorch_grad_cam.metrics.road'] = road
    spec = importlib.util.spec_from_file_location('arcc', os.path.join(pgc, 'pytorch_grad_cam', 'metrics', 'arcc.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    arcc = load_arcc(os.environ['PGC'])
    net = OnnxNet(os.path.join(FIX, 'models', 'digitcnn.onnx'))
    x = torch.from_numpy(np.load(os.path.join(FIX, 'outputs', 'tensors', 'digitcnn__d96_a__96x96.npy')))
    with torch.no_grad():
        target = int(net(x).argmax(1))
    layer = '/block4/block4.5/Relu_output_0'
    cam = GradCam(net, layer, target)
    maps = cam(x)
    # The stand-in is pytorch-grad-cam 1.5.5's Grad-CAM: check it against the fixture made with it.
    fixture = np.load(os.path.join(FIX, 'outputs', 'cams', 'digitcnn__d96_a__96x96__block4__GradCAM__c3.npy'))
    assert target == 3 and np.abs(maps[0] - fixture).max() < 1e-5
    metric = arcc.ARCC(base_method=cam, road_percentiles=[20, 40, 60, 80])
    value = metric(x, maps, None, net)
    result = {
        'pytorch_grad_cam': 'main', 'model': 'digitcnn', 'tensor': 'digitcnn__d96_a__96x96', 'layer': layer,
        'method': 'gradcam', 'target': target, 'road_stub': ROAD_STUB,
        'complexity': float(arcc.Complexity()(maps)[0]),
        'coherency': float(arcc.Coherency()(x, maps, None, net, cam)[0]),
        'arcc': float(value[0]),
    }
    with open(os.path.join(OUT, 'arcc.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print(result)


if __name__ == '__main__':
    main()
