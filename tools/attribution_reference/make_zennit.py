"""Zennit 0.5.1 references for CamSharp's LRP (src/CamSharp/Explain/Lrp).

Run from the repository root with Zennit's 0.5.1 tag on the path (a scratch checkout outside
the repository; torch 1.13):
    PYTHONPATH=<zennit checkout>/src python3 tools/attribution_reference/make_zennit.py
Writes tests/CamSharp.Tests/Explain/References/zennit_*.npy.gz, zennit.json and
bn_cnn.onnx (a small Conv-BatchNorm CNN, exported with the BatchNormalization nodes kept, to
check the merge). The relevance at the output is the target logit (attr_output = one_hot ·
output). Runs in float64 so that the references are the rules' values, not float32 rounding.
"""
import gzip
import io
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.dirname(__file__))
from onnx_torch import OnnxNet, center_crop  # noqa: E402
from zennit.attribution import Gradient  # noqa: E402
from zennit.canonizers import SequentialMergeBatchNorm  # noqa: E402
from zennit.composites import EpsilonGammaBox, EpsilonPlusFlat, EpsilonAlpha2Beta1  # noqa: E402
from zennit.layer import Sum  # noqa: E402

FIX = os.path.join('..', 'shared', 'fixtures')
OUT = os.path.join('tests', 'CamSharp.Tests', 'Explain', 'References')
CASES = [
    ('digitcnn', 'digitcnn__d96_a__96x96', 40),
    ('resnet18', 'resnet18__d224__224x224', 32),
    ('mobilenet_v2', 'mobilenet_v2__d224__224x224', 32),
]


def save(name, array):
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array, dtype=np.float32))
    with gzip.GzipFile(os.path.join(OUT, name + '.npy.gz'), 'wb', mtime=0) as f:
        f.write(buf.getvalue())


def lrp(net, x, target, composite):
    with Gradient(net, composite) as attributor:
        out, rel = attributor(x, lambda y: y * torch.eye(y.shape[1], dtype=y.dtype)[[target]])
    return out, rel.detach().numpy()


def bn_cnn():
    """A small seeded Conv-BN-ReLU CNN with non-trivial BatchNorm statistics, as ONNX with the
    BatchNormalization nodes kept (written by hand: torch's eval export would fold them)."""
    torch.manual_seed(3)
    conv1, bn1 = torch.nn.Conv2d(3, 6, 3, padding=1), torch.nn.BatchNorm2d(6)
    conv2, bn2 = torch.nn.Conv2d(6, 8, 3, padding=1, bias=False), torch.nn.BatchNorm2d(8)
    fc = torch.nn.Linear(8, 5)
    for bn in (bn1, bn2):
        c = bn.num_features
        bn.weight.data = torch.rand(c) + 0.5
        bn.bias.data = torch.randn(c) * 0.1
        bn.running_mean.data = torch.randn(c) * 0.1
        bn.running_var.data = torch.rand(c) + 0.5
    net = torch.nn.Sequential(conv1, bn1, torch.nn.ReLU(), torch.nn.MaxPool2d(2), conv2, bn2, torch.nn.ReLU(),
                              torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), fc).eval()
    t = lambda p: p.detach().numpy().astype(np.float32)  # noqa: E731
    inits = [numpy_helper.from_array(t(v), k) for k, v in [
        ('w1', conv1.weight), ('b1', conv1.bias), ('w2', conv2.weight), ('fcw', fc.weight), ('fcb', fc.bias)]]
    for i, bn in ((1, bn1), (2, bn2)):
        for k, v in (('s', bn.weight), ('b', bn.bias), ('m', bn.running_mean), ('v', bn.running_var)):
            inits.append(numpy_helper.from_array(t(v), f'bn{i}{k}'))
    nodes = [
        helper.make_node('Conv', ['input', 'w1', 'b1'], ['c1'], name='/conv1/Conv', pads=[1, 1, 1, 1]),
        helper.make_node('BatchNormalization', ['c1', 'bn1s', 'bn1b', 'bn1m', 'bn1v'], ['n1'], name='/bn1/BatchNormalization', epsilon=1e-5),
        helper.make_node('Relu', ['n1'], ['r1'], name='/relu1/Relu'),
        helper.make_node('MaxPool', ['r1'], ['p1'], name='/pool/MaxPool', kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node('Conv', ['p1', 'w2'], ['c2'], name='/conv2/Conv', pads=[1, 1, 1, 1]),
        helper.make_node('BatchNormalization', ['c2', 'bn2s', 'bn2b', 'bn2m', 'bn2v'], ['n2'], name='/bn2/BatchNormalization', epsilon=1e-5),
        helper.make_node('Relu', ['n2'], ['r2'], name='/relu2/Relu'),
        helper.make_node('GlobalAveragePool', ['r2'], ['g'], name='/gap/GlobalAveragePool'),
        helper.make_node('Flatten', ['g'], ['f'], name='/Flatten', axis=1),
        helper.make_node('Gemm', ['f', 'fcw', 'fcb'], ['logits'], name='/fc/Gemm', transB=1),
    ]
    graph = helper.make_graph(nodes, 'bn_cnn', [helper.make_tensor_value_info('input', onnx.TensorProto.FLOAT, ['N', 3, 'H', 'W'])],
                              [helper.make_tensor_value_info('logits', onnx.TensorProto.FLOAT, ['N', 5])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='make_zennit.py')
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, 'bn_cnn.onnx'))
    return net


def bounds(x):
    """Per-channel input minimum and maximum, the ZBox bounds the tests give too."""
    low = x.amin(dim=(0, 2, 3)).view(1, -1, 1, 1)
    high = x.amax(dim=(0, 2, 3)).view(1, -1, 1, 1)
    return low, high


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'zennit': '0.5.1', 'torch': torch.__version__, 'cases': []}
    for model_name, tensor, size in CASES:
        net = OnnxNet(os.path.join(FIX, 'models', model_name + '.onnx'), sum_factory=Sum).double()
        x_np, corner = center_crop(np.load(os.path.join(FIX, 'outputs', 'tensors', tensor + '.npy')), size)
        x = torch.from_numpy(x_np).double()
        with torch.no_grad():
            logits = net(x)
        target = int(logits.argmax(1))
        case = {'model': model_name, 'tensor': tensor, 'crop': size, 'corner': list(corner), 'target': target,
                'logit': float(logits[0, target]), 'runs': {}}
        _, rel = lrp(net, x, target, EpsilonPlusFlat())
        save(f'zennit_{model_name}_epsilonplusflat', rel)
        case['runs']['epsilonplusflat'] = {'sum': float(rel.sum())}
        low, high = bounds(x)
        _, rel = lrp(net, x, target, EpsilonGammaBox(low=low, high=high))
        save(f'zennit_{model_name}_epsilongammabox', rel)
        case['runs']['epsilongammabox'] = {'sum': float(rel.sum()), 'low': low.flatten().tolist(), 'high': high.flatten().tolist()}
        _, rel = lrp(net, x, target, EpsilonAlpha2Beta1())
        save(f'zennit_{model_name}_epsilonalpha2beta1', rel)
        case['runs']['epsilonalpha2beta1'] = {'sum': float(rel.sum())}
        meta['cases'].append(case)

    net = bn_cnn().double()
    torch.manual_seed(4)
    x = torch.randn(1, 3, 16, 16, dtype=torch.float64)
    save('zennit_bn_cnn_input', x.numpy())
    with torch.no_grad():
        logits = net(x)
    target = int(logits.argmax(1))
    _, rel = lrp(net, x, target, EpsilonPlusFlat(canonizers=[SequentialMergeBatchNorm()]))
    save('zennit_bn_cnn_epsilonplusflat', rel)
    meta['cases'].append({'model': 'bn_cnn', 'target': target, 'logit': float(logits[0, target]),
                          'runs': {'epsilonplusflat': {'sum': float(rel.sum())}}})
    with open(os.path.join(OUT, 'zennit.json'), 'w') as f:
        json.dump(meta, f, indent=1)


if __name__ == '__main__':
    main()
