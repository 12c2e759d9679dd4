"""Runs the fixture ONNX models (../shared/fixtures/models) node by node with torch 1.13.

Shared by the explanation-method reference scripts in this folder, which need what the
reference implementations do with a PyTorch module: a full forward pass, or the network
downstream of a layer with that layer's value replaced (Recipro-CAM's mosaic copies), or
a value and its gradient (SmoothGrad-CAM++). Only the operators of the fixture models are
covered. Developer tool: the product never needs Python.
"""
import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

FIX = '../shared/fixtures/'


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pads(a, rank):
    pads = a.get('pads', [0] * (2 * rank))
    if pads[:rank] != pads[rank:]:
        raise ValueError('asymmetric pads are not covered')
    return tuple(pads[:rank])


def _op(node, ins):
    a, op = _attrs(node), node.op_type
    if op == 'Constant':
        return torch.from_numpy(numpy_helper.to_array(a['value']).copy())
    if op == 'Conv':
        return F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a.get('strides', 1),
                        padding=_pads(a, 2), dilation=a.get('dilations', 1), groups=a.get('group', 1))
    if op == 'MaxPool':
        return F.max_pool2d(ins[0], a['kernel_shape'], a.get('strides', a['kernel_shape']), _pads(a, 2))
    if op == 'Relu':
        return torch.relu(ins[0])
    if op == 'Clip':
        return torch.clamp(ins[0], ins[1], ins[2])
    if op == 'Add':
        return ins[0] + ins[1]
    if op == 'Sub':
        return ins[0] - ins[1]
    if op == 'Mul':
        return ins[0] * ins[1]
    if op == 'Div':
        return ins[0] / ins[1]
    if op == 'Erf':
        return torch.erf(ins[0])
    if op == 'GlobalAveragePool':
        return ins[0].mean(dim=(2, 3), keepdim=True)
    if op == 'Flatten':
        return ins[0].flatten(a.get('axis', 1))
    if op == 'Gemm':
        x, w = ins[0], ins[1]
        if a.get('transA', 0):
            x = x.t()
        w = w.t() if a.get('transB', 0) else w
        y = a.get('alpha', 1.0) * (x @ w)
        return y + a.get('beta', 1.0) * ins[2] if len(ins) > 2 else y
    if op == 'MatMul':
        return ins[0] @ ins[1]
    if op == 'Transpose':
        return ins[0].permute(*a['perm'])
    if op == 'Reshape':
        shape = [int(s) for s in ins[1]]
        shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return ins[0].reshape(shape)
    if op == 'Softmax':
        return torch.softmax(ins[0], a.get('axis', -1))
    if op == 'LayerNormalization':
        axis = a.get('axis', -1)
        dims = ins[0].shape[axis:] if axis != -1 else ins[0].shape[-1:]
        return F.layer_norm(ins[0], dims, ins[1], ins[2] if len(ins) > 2 else None, a.get('epsilon', 1e-5))
    if op == 'Concat':
        return torch.cat(ins, a['axis'])
    if op == 'Shape':
        return torch.tensor(ins[0].shape, dtype=torch.int64)
    if op == 'Gather':
        return torch.index_select(ins[0], a.get('axis', 0), ins[1].reshape(-1)).reshape(
            ins[0].shape[:a.get('axis', 0)] + ins[1].shape + ins[0].shape[a.get('axis', 0) + 1:])
    if op == 'Unsqueeze':
        y = ins[0]
        for ax in sorted(int(v) for v in ins[1]):
            y = y.unsqueeze(ax)
        return y
    if op == 'Slice':
        starts, ends = ins[1].tolist(), ins[2].tolist()
        axes = ins[3].tolist() if len(ins) > 3 else list(range(len(starts)))
        steps = ins[4].tolist() if len(ins) > 4 else [1] * len(starts)
        index = [slice(None)] * ins[0].dim()
        for s, e, ax, st in zip(starts, ends, axes, steps):
            n = ins[0].shape[ax]
            index[ax] = slice(max(min(s if s >= 0 else s + n, n), 0), max(min(e if e >= 0 else e + n, n), 0), st)
        return ins[0][tuple(index)]
    if op == 'Cast':
        return ins[0].to({1: torch.float32, 7: torch.int64, 9: torch.bool}[a['to']])
    if op == 'ConstantOfShape':
        value = torch.from_numpy(numpy_helper.to_array(a['value']).copy()) if 'value' in a else torch.zeros(1)
        return value.reshape(()).expand([int(s) for s in ins[0]]).clone()
    if op == 'Equal':
        return ins[0] == ins[1]
    if op == 'Where':
        return torch.where(ins[0], ins[1], ins[2])
    if op == 'Sigmoid':
        return torch.sigmoid(ins[0])
    if op == 'Split':
        sizes = ins[1].tolist() if len(ins) > 1 and ins[1] is not None else ins[0].shape[a.get('axis', 0)] // len(node.output)
        return torch.split(ins[0], sizes, a.get('axis', 0))
    if op == 'Resize':
        if a.get('mode', b'nearest') not in (b'nearest', 'nearest'):
            raise ValueError('only nearest Resize is covered')
        return F.interpolate(ins[0], scale_factor=[float(v) for v in ins[2][2:]], mode='nearest')
    if op == 'Expand':
        return ins[0] * torch.ones([int(s) for s in ins[1]], dtype=ins[0].dtype)
    raise ValueError(f'{op} is not covered')


class Graph:
    """One fixture model; `run` evaluates it with optional replaced values."""

    def __init__(self, name, path=None):
        self.model = onnx.load(path or FIX + f'models/{name}.onnx')
        self.weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in self.model.graph.initializer}
        self.input = self.model.graph.input[0].name
        self.outputs = [o.name for o in self.model.graph.output]

    def run(self, x, replace=None, keep=()):
        """Outputs (and the values named in `keep`) with `replace` = {value: tensor} substituted."""
        replace = replace or {}
        values = dict(self.weights)
        values[self.input] = x
        for node in self.model.graph.node:
            if node.output[0] in replace:
                for o in node.output:
                    values[o] = replace.get(o)
                continue
            y = _op(node, [values[i] if i else None for i in node.input])
            for o, v in zip(node.output, y if isinstance(y, (tuple, list)) else [y]):
                values[o] = v
        result = [values[o] for o in self.outputs]
        return result + [values[k] for k in keep] if keep else result[0]


def load_npy(relative):
    return torch.from_numpy(np.load(FIX + relative))


OUT = 'tests/CamSharp.Tests/Explain/References/'


def save(name, array):
    """Writes a float32 array as OUT/name.npy.gz (deterministic bytes: no gzip timestamp)."""
    import gzip
    import io
    import os
    os.makedirs(OUT, exist_ok=True)
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array, dtype=np.float32))
    with open(OUT + name + '.npy.gz', 'wb') as f:
        with gzip.GzipFile(fileobj=f, mode='wb', mtime=0) as g:
            g.write(buffer.getvalue())
    return name + '.npy.gz'


def save_index(name, cases):
    import json
    with open(OUT + name + '.json', 'w') as f:
        json.dump(cases, f, indent=1)
        f.write('\n')


def run_input(run):
    """The exact input tensor of a fixture run (outputs/index.json)."""
    import json
    index = json.load(open(FIX + 'outputs/index.json'))
    return load_npy(index['runs'][run]['input_tensor'])


def layer_value(model, module):
    import json
    return json.load(open(FIX + 'models/layer_map.json'))[model]['layers'][module]['onnx_output']


class Lcg:
    """The 31-bit generator whose draws the C# tests repeat: s = (s·1103515245 + 12345) mod 2^31, u = s / 2^31."""

    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s * 1103515245 + 12345) % 2 ** 31
        return self.s / 2 ** 31
