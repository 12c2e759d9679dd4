"""Evaluates fixtures/models/mobilenet_v2.onnx node by node with torch, in a chosen dtype.

Shared by the scripts in this folder. `run(dtype, on_output)` returns the value table;
`on_output(name, tensor)` may replace a node's output (round it, make it a leaf, keep it).
"""
import json

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

FIX = '../shared/fixtures/'
model = onnx.load(FIX + 'models/mobilenet_v2.onnx')
index = json.load(open(FIX + 'outputs/index.json'))
x = np.load(FIX + index['runs']['mobilenet_v2__d224__224x224']['input_tensor'])
weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _op(node, ins, dt):
    a, op = _attrs(node), node.op_type
    if op == 'Constant':
        return torch.tensor(numpy_helper.to_array(a['value']), dtype=dt)
    if op == 'Conv':
        return F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a['strides'],
                        padding=tuple(a['pads'][:2]), groups=a.get('group', 1))
    if op == 'Clip':
        return torch.clamp(ins[0], ins[1], ins[2])
    if op == 'Add':
        return ins[0] + ins[1]
    if op == 'GlobalAveragePool':
        return ins[0].mean(dim=(2, 3), keepdim=True)
    if op == 'Flatten':
        return ins[0].flatten(1)
    if op == 'Gemm':
        return ins[0] @ ins[1].T + ins[2]
    raise ValueError(op)


def run(dt, on_output=lambda node, out: out, input_requires_grad=False):
    env = {'input': torch.tensor(x, dtype=dt, requires_grad=input_requires_grad)}
    env.update({k: torch.tensor(v, dtype=dt) for k, v in weights.items()})
    for node in model.graph.node:
        out = _op(node, [env[i] if i else None for i in node.input], dt)
        env[node.output[0]] = on_output(node, out)
    return env
