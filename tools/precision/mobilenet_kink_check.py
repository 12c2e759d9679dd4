"""Why mobilenet_v2's features.14 gradient fixture cannot be met at 1e-4 in float32.

Evaluates the graph (graph_eval.py) in three ways:
  f64    - every node in float64 (the exact answer for this graph),
  f32    - every node in float32 (what PyTorch on this machine computes),
  f64acc - float64 arithmetic, every node's output rounded to float32 (exact
           accumulation, float32 storage: what `--precise` does).
It prints the near-zero ReLU6 pre-activations of features.17's depthwise conv, and the
gradient of logit 501 at features.14 against the fixture, relative to max |ref|.

Run from the repository root:  /usr/bin/python3 tools/precision/mobilenet_kink_check.py
Dev-time evidence only; nothing in the product or the tests runs it.
"""
import sys

import numpy as np
import torch

sys.path.insert(0, 'tools/precision')
import graph_eval  # noqa: E402

TAP = '/features/features.14/conv/conv.2/Conv_output_0'
PROBE = '/features/features.17/conv/conv.1/conv.1.0/Conv_output_0'


def evaluate(mode):
    tapped = []

    def on_output(node, out):
        if mode == 'f64acc':
            out = out.float().double()
        if node.output[0] == TAP:
            out = out.detach().requires_grad_(True)
            tapped.append(out)
        return out

    env = graph_eval.run(torch.float32 if mode == 'f32' else torch.float64, on_output)
    env['logits'][0, 501].backward()
    return env[PROBE].detach().numpy().ravel(), tapped[0].grad.numpy()


ref_grad = np.load(graph_eval.FIX + 'outputs/grads/mobilenet_v2__d224__224x224__features.14__c501.npy')
results = {mode: evaluate(mode) for mode in ('f64', 'f32', 'f64acc')}
near_zero = np.argsort(np.abs(results['f64'][0]))[:6]
for mode, (probe, grad) in results.items():
    err = np.abs(grad - ref_grad).max() / np.abs(ref_grad).max()
    values = ' '.join(f'{probe[i]:+.2e}' for i in near_zero)
    print(f'{mode:7s} pre-activations {values}   gradient error vs fixture {err:.2e}')
