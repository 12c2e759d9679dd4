"""Rebuilds the fixture CNNs (ONNX) as torch modules, one submodule per ONNX node, so that
Captum and Zennit run on exactly the weights the engine runs (the fixtures ship no torch
state). Covers the operators of resnet18, mobilenet_v2 and digitcnn."""
import sys
import types

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def stub_modules(*names):
    """Empty stand-ins for packages a reference imports but the path used never touches
    (matplotlib for Captum's plotting, tqdm for its progress bars)."""
    class Stub(types.ModuleType):
        def __getattr__(self, attr):
            if attr.startswith('__'):
                raise AttributeError(attr)
            return type(attr, (), {'__init__': lambda self, *a, **k: None})
    for name in names:
        try:
            __import__(name)
        except ImportError:
            parts = name.split('.')
            for i in range(1, len(parts) + 1):
                sys.modules.setdefault('.'.join(parts[:i]), Stub('.'.join(parts[:i])))


class Add(torch.nn.Module):
    """A residual addition; with Zennit present it is Zennit's Sum module, so its rules apply."""
    def __init__(self, sum_module=None):
        super().__init__()
        self.sum = sum_module

    def forward(self, a, b):
        if self.sum is None:
            return a + b
        return self.sum(torch.stack([a, b], dim=-1))


class OnnxNet(torch.nn.Module):
    def __init__(self, path, sum_factory=None):
        super().__init__()
        model = onnx.load(path)
        g = model.graph
        self.inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in g.initializer}
        self.consts = {}
        self.steps = []
        self.layers = torch.nn.ModuleList()
        self.input_name = g.input[0].name
        self.output_name = g.output[0].name
        for node in g.node:
            a = {x.name: onnx.helper.get_attribute_value(x) for x in node.attribute}
            op = node.op_type
            if op == 'Constant':
                self.consts[node.output[0]] = torch.from_numpy(numpy_helper.to_array(a['value']).copy())
                continue
            if op == 'Conv':
                w = self.inits[node.input[1]]
                pads = a.get('pads', [0, 0, 0, 0])
                assert pads[0] == pads[2] and pads[1] == pads[3], node.name
                m = torch.nn.Conv2d(w.shape[1] * a.get('group', 1), w.shape[0], w.shape[2:], stride=a.get('strides', 1),
                                    padding=tuple(pads[:2]), dilation=a.get('dilations', 1), groups=a.get('group', 1),
                                    bias=len(node.input) > 2)
                m.weight.data.copy_(w)
                if len(node.input) > 2:
                    m.bias.data.copy_(self.inits[node.input[2]])
                ins = node.input[:1]
            elif op == 'Gemm':
                w = self.inits[node.input[1]]
                if not a.get('transB', 0):
                    w = w.t()
                m = torch.nn.Linear(w.shape[1], w.shape[0], bias=len(node.input) > 2)
                m.weight.data.copy_(w)
                if len(node.input) > 2:
                    m.bias.data.copy_(self.inits[node.input[2]])
                ins = node.input[:1]
            elif op == 'Relu':
                m, ins = torch.nn.ReLU(), node.input[:1]
            elif op == 'Clip':
                lo = self.value_of(node.input[1])
                hi = self.value_of(node.input[2])
                assert float(lo) == 0 and float(hi) == 6, node.name
                m, ins = torch.nn.ReLU6(), node.input[:1]
            elif op == 'MaxPool':
                pads = a.get('pads', [0, 0, 0, 0])
                m = torch.nn.MaxPool2d(a['kernel_shape'], a.get('strides', 1), tuple(pads[:2]), ceil_mode=bool(a.get('ceil_mode', 0)))
                ins = node.input[:1]
            elif op == 'GlobalAveragePool':
                m, ins = torch.nn.AdaptiveAvgPool2d(1), node.input[:1]
            elif op == 'Flatten':
                assert a.get('axis', 1) == 1
                m, ins = torch.nn.Flatten(), node.input[:1]
            elif op == 'Add':
                m, ins = Add(sum_factory() if sum_factory else None), node.input[:2]
            else:
                raise NotImplementedError(f'{op} ({node.name})')
            self.layers.append(m)
            self.steps.append((len(self.layers) - 1, list(ins), node.output[0], node.name))
        self.eval()

    def value_of(self, name):
        return self.consts[name] if name in self.consts else self.inits[name]

    def forward(self, x):
        values = {self.input_name: x}
        for k, ins, out, _ in self.steps:
            values[out] = self.layers[k](*[values[i] for i in ins])
        return values[self.output_name]

    def parameter_layers(self):
        """(ONNX node name, module) of every Conv/Gemm, in graph order."""
        return [(name, self.layers[k]) for k, _, _, name in self.steps
                if isinstance(self.layers[k], (torch.nn.Conv2d, torch.nn.Linear))]


def center_crop(x, size):
    """The centre size×size of an N×C×H×W array, and its top-left corner."""
    h, w = x.shape[2:]
    top, left = (h - size) // 2, (w - size) // 2
    return np.ascontiguousarray(x[:, :, top:top + size, left:left + size]), (top, left)
