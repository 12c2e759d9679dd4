"""Quantizes a torchvision model the way a static QDQ export writes it, with torch computing the same values.

fake_quantize(model, x, everywhere) rounds every Conv2d weight to int8 per output channel
(symmetric, scale = max|w| / 127) in place, calibrates one int8 scale per convolution input on x
(max|input| / 127, zero point 0) — for every convolution, or (everywhere=False) only for those
reading the model's input — and installs forward pre-hooks that fake-quantize those inputs
as ONNX QuantizeLinear/DequantizeLinear compute them (x / scale rounded half to even, saturated to
[-128, 127], times scale), with the straight-through gradient. convert_file(in, out, quant) then
writes the same into a file exported from the model: each convolution's weight becomes an int8
initializer read through DequantizeLinear (axis 0), and its input passes a QuantizeLinear /
DequantizeLinear pair.

Quantized activations inside the network are rounded from values that any two float32
engines compute a few ulps apart, so a value on a rounding boundary lands one step apart
(1/127 of the layer's range) and no engine matches another to 1e-4 there; the input's
quantization is exact. The model must be exported with training=PRESERVE, so that the
convolutions keep their modules' weight names (EVAL folds BatchNormalization into them).
"""
import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper


class Quantization:
    def __init__(self):
        self.weights = {}  # '<module>.weight' -> (int8 array, float32 scales)
        self.inputs = {}   # '<module>.weight' -> float32 activation scale of that module's input
        self.handles = []

    def remove(self):
        for h in self.handles:
            h.remove()
        self.handles = []


def _fake(x, scale):
    q = torch.clamp(torch.round(x / scale), -128, 127) * scale
    return x + (q - x).detach()


def fake_quantize(model, x, everywhere):
    quant = Quantization()
    convs = {name: m for name, m in model.named_modules() if isinstance(m, torch.nn.Conv2d)}
    with torch.no_grad():
        for name, m in convs.items():
            w = m.weight
            amax = w.abs().reshape(w.shape[0], -1).amax(1)
            scale = torch.where(amax > 0, amax / 127, torch.ones_like(amax)).float()
            q = torch.clamp(torch.round(w / scale.view(-1, 1, 1, 1)), -127, 127)
            w.copy_(q * scale.view(-1, 1, 1, 1))
            quant.weights[name + '.weight'] = (q.numpy().astype(np.int8), scale.numpy().astype(np.float32))
    seen = {}

    def calibrate(name):
        def hook(module, inputs):
            if everywhere or inputs[0] is x:
                seen[name] = max(seen.get(name, 0.0), float(inputs[0].detach().abs().max()))
        return hook
    handles = [m.register_forward_pre_hook(calibrate(n)) for n, m in convs.items()]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    for name, m in convs.items():
        if name not in seen:
            continue
        scale = np.float32(seen[name] / 127 if seen[name] > 0 else 1.0)
        quant.inputs[name + '.weight'] = scale

        def pre(module, inputs, scale=torch.tensor(scale)):
            return (_fake(inputs[0], scale),) + tuple(inputs[1:])
        quant.handles.append(m.register_forward_pre_hook(pre))
    return quant


def convert(model, quant):
    g = model.graph
    inits = {t.name: i for i, t in enumerate(g.initializer)}
    nodes = []
    done = 0
    for n in g.node:
        w = n.input[1] if n.op_type == 'Conv' and len(n.input) > 1 else None
        if w in quant.weights and w in inits:
            q, scale = quant.weights[w]
            g.initializer[inits[w]].CopyFrom(numpy_helper.from_array(q, w + '_quantized'))
            g.initializer.extend([numpy_helper.from_array(scale, w + '_scale'),
                                  numpy_helper.from_array(np.zeros(len(scale), np.int8), w + '_zero_point')])
            nodes.append(helper.make_node('DequantizeLinear', [w + '_quantized', w + '_scale', w + '_zero_point'], [w],
                                          name=n.name + '_weight_DequantizeLinear', axis=0))
            done += 1
        if w in quant.inputs:
            a = n.input[0]
            g.initializer.extend([numpy_helper.from_array(np.array(quant.inputs[w], np.float32), w + '_input_scale'),
                                  numpy_helper.from_array(np.array(0, np.int8), w + '_input_zero_point')])
            nodes.append(helper.make_node('QuantizeLinear', [a, w + '_input_scale', w + '_input_zero_point'], [w + '_input_q'],
                                          name=n.name + '_input_QuantizeLinear'))
            nodes.append(helper.make_node('DequantizeLinear', [w + '_input_q', w + '_input_scale', w + '_input_zero_point'],
                                          [w + '_input_dq'], name=n.name + '_input_DequantizeLinear'))
            n.input[0] = w + '_input_dq'
        nodes.append(n)
    if done != len(quant.weights):
        raise ValueError(f'{done} of {len(quant.weights)} convolutions found by weight name')
    g.ClearField('node')
    g.node.extend(nodes)
    return model


def convert_file(source, target, quant):
    onnx.save(convert(onnx.load(source), quant), target)
