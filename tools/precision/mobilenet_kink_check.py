"""Why mobilenet_v2's features.14 gradient fixture cannot be met at 1e-4 in float32.

Evaluates fixtures/models/mobilenet_v2.onnx node by node with torch in three ways:
  f64    - every node in float64 (the exact answer for this graph),
  f32    - every node in float32 (what PyTorch on this machine computes),
  f64acc - float64 arithmetic, every node's output rounded to float32 (exact
           accumulation, float32 storage).
It prints the near-zero ReLU6 pre-activations of features.17's depthwise conv, and the
gradient of logit 501 at features.14 against the fixture, relative to max |ref|.

Run from the repository root:  /usr/bin/python3 tools/precision/mobilenet_kink_check.py
Dev-time evidence only; nothing in the product or the tests runs it.
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
TAP = '/features/features.14/conv/conv.2/Conv_output_0'
PROBE = '/features/features.17/conv/conv.1/conv.1.0/Conv_output_0'


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def evaluate(mode):
    dt = torch.float32 if mode == 'f32' else torch.float64
    env = {'input': torch.tensor(x, dtype=dt)}
    env.update({k: torch.tensor(v, dtype=dt) for k, v in weights.items()})
    tapped = None
    for node in model.graph.node:
        a, ins, op = attrs(node), [env[i] if i else None for i in node.input], node.op_type
        if op == 'Constant':
            out = torch.tensor(numpy_helper.to_array(a['value']), dtype=dt)
        elif op == 'Conv':
            out = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a['strides'],
                           padding=tuple(a['pads'][:2]), groups=a.get('group', 1))
        elif op == 'Clip':
            out = torch.clamp(ins[0], ins[1], ins[2])
        elif op == 'Add':
            out = ins[0] + ins[1]
        elif op == 'GlobalAveragePool':
            out = ins[0].mean(dim=(2, 3), keepdim=True)
        elif op == 'Flatten':
            out = ins[0].flatten(1)
        elif op == 'Gemm':
            out = ins[0] @ ins[1].T + ins[2]
        else:
            raise ValueError(op)
        if mode == 'f64acc':
            out = out.float().double()
        if node.output[0] == TAP:
            out = out.detach().requires_grad_(True)
            tapped = out
        env[node.output[0]] = out
    env['logits'][0, 501].backward()
    return env[PROBE].detach().numpy().ravel(), tapped.grad.numpy()


ref_grad = np.load(FIX + 'outputs/grads/mobilenet_v2__d224__224x224__features.14__c501.npy')
results = {mode: evaluate(mode) for mode in ('f64', 'f32', 'f64acc')}
near_zero = np.argsort(np.abs(results['f64'][0]))[:6]
for mode, (probe, grad) in results.items():
    err = np.abs(grad - ref_grad).max() / np.abs(ref_grad).max()
    values = ' '.join(f'{probe[i]:+.2e}' for i in near_zero)
    print(f'{mode:7s} pre-activations {values}   gradient error vs fixture {err:.2e}')
