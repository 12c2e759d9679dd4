"""Exports torchvision models (random weights, seed 0) and PyTorch's reference values for them.

For each model of models.py, into OUT/<name>[_<variant>]/ (a scratch folder outside the
repository: the files take several GB):
  <name>.op<k>.onnx   the legacy exporter's file at each opset asked for (or the error in meta.json)
  input.npy           the seeded input (N(0,1); uniform [0,1] for detectors)
  output_<i>.npy      torch's outputs (logits, segmentation 'out', detector boxes/scores/labels)
  output_<key>.npy    a detector's other outputs by result-dict key (masks, keypoints, keypoints_scores)
  grad_middle.npy, grad_late.npy   the gradient of the target w.r.t. those layers' outputs
  gradcam.npy, eigencam.npy        pytorch-grad-cam's [0,1] maps at the CAM layer (input size)
  eigencam_flipped.npy             Eigen-CAM with the principal component's other sign
  seg_mask.npy        a segmenter's target pixels (pytorch-grad-cam's SemanticSegmentationTarget)
  meta.json           kind, layers (module paths), CAM layer and layout, target class, exports
Variants: fp32 (the plain export, at every opset given), fp16 (weights and input rounded to
float16 in torch, which runs them in float32; the opset-17 file, exported with its
BatchNormalization nodes kept so that it holds exactly those rounded values, converted to
float16 by float16_form.py) and qdq (int8
weights per output channel read through DequantizeLinear, and the model's input passed through
a QuantizeLinear/DequantizeLinear pair, made by qdq_form.py; torch computes the same
fake-quantized values; qdq_static the same before every convolution, see qdq_form.py for why that
cannot match to 1e-4). A reference that cannot be had is recorded in meta.json, never guessed.

Usage: PYTHONPATH=<pytorch-grad-cam checkout> python3 export_sweep.py OUT [--opsets 11,13,17]
       [--variant fp32|fp16|qdq|qdq_static] [NAME ...]
"""
import argparse
import contextlib
import json
import os
import sys
import time
import traceback
import types

_tta = types.ModuleType('ttach')
_tta.Compose = _tta.HorizontalFlip = _tta.Multiply = lambda *args, **kwargs: None  # only built, never used
sys.modules.setdefault('ttach', _tta)

import numpy as np
import torch
from pytorch_grad_cam import EigenCAM, GradCAM
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget, SemanticSegmentationTarget

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import BY_NAME, SPECS  # noqa: E402
import float16_form  # noqa: E402
import qdq_form  # noqa: E402


class EigenCAMFlipped(EigenCAM):
    """Eigen-CAM with the other sign of the principal component: numpy's SVD picks either sign
    (pytorch-grad-cam's issues #315, #364), so a map is compared with both."""

    def get_cam_image(self, *args, **kwargs):
        return -super().get_cam_image(*args, **kwargs)


class FirstOutput(torch.nn.Module):
    """Segmenters return a dict; pytorch-grad-cam needs the 'out' tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        y = self.model(x)
        return y['out'] if isinstance(y, dict) else y


def vit_tokens(t):
    side = int(round((t.size(1) - 1) ** 0.5))
    return t[:, 1:, :].reshape(t.size(0), side, side, t.size(2)).permute(0, 3, 1, 2)


def channels_last(t):
    return t.permute(0, 3, 1, 2)


def mvit_tokens(grid):
    """MViT tokens [N, 1 + T·H·W, C], class token first, as the volume N×C×T×H×W (pytorch-grad-cam's 3-D branch)."""
    t, h, w = grid
    return lambda x: x[:, 1:, :].reshape(x.size(0), t, h, w, x.size(2)).permute(0, 4, 1, 2, 3)


def block_grid(model, x, block_path):
    """The T, H, W token grid an MViT block is called with (its forward's second argument)."""
    grids = []
    hook = model.get_submodule(block_path).register_forward_pre_hook(lambda m, args: grids.append([int(v) for v in args[1]]))
    with torch.no_grad():
        model(x)
    hook.remove()
    return grids[0]


RESHAPES = {None: None, 'vit': vit_tokens, 'swin': channels_last}


def seeded_input(spec):
    g = torch.Generator().manual_seed(1)
    if spec['kind'] == 'detector':
        return torch.rand(*spec['input'], generator=g)
    return torch.randn(*spec['input'], generator=g)


def target_of(spec, y):
    """The target pytorch-grad-cam is given: the top class, or a segmenter's largest class over its pixels."""
    if spec['kind'] != 'segmenter':
        c = int(y[0].argmax())
        return ClassifierOutputTarget(c), c, None
    pred = y[0].argmax(0)
    counts = torch.bincount(pred.flatten(), minlength=y.shape[1])
    if counts[1:].sum() > 0:
        counts[0] = 0  # background passed over when another class wins any pixel (CamSharp's profile does the same)
    c = int(counts.argmax())
    mask = (pred == c).float().numpy()
    return SemanticSegmentationTarget(c, mask), c, mask


def layer_gradients(model, x, paths, target):
    """Activations and gradients of the target w.r.t. module outputs; flags outputs changed in place later."""
    kept, grads, handles = {}, {}, []
    for key, path in paths.items():
        def hook(module, inputs, output, key=key):
            kept[key] = (output, output.detach().clone())
            output.register_hook(lambda g, key=key: grads.__setitem__(key, g.detach().clone()))
        handles.append(model.get_submodule(path).register_forward_hook(hook))
    try:
        y = FirstOutput(model)(x)
        target(y[0]).backward()
    finally:
        for h in handles:
            h.remove()
    inplace = {k: not torch.equal(v[0].detach(), v[1]) for k, v in kept.items()}
    return grads, inplace


def _zero(g, self):
    """aten::zero (swin_v2's `qkv_bias[length:2 * length].zero_()`), which torch 1.13 cannot export: zeros of its shape."""
    return g.op('ConstantOfShape', g.op('Shape', self))


for _opset in range(9, 18):
    torch.onnx.register_custom_op_symbolic('aten::zero', _zero, _opset)


@contextlib.contextmanager
def without_graph_shape_inference():
    """Skips torch's whole-graph ONNX shape inference, which only annotates types once every node is converted.

    On MViT at 16×224×224 its constant folding tries to materialise tensors of 10..419 GB and the export dies with
    std::bad_alloc (at 8×112×112 already past 10 GB); each node's own shape inference, which the symbolics read
    (tensor_split's Loop form needs its indices' rank), still runs, so the graph is the same and the export stays
    near 1 GB (at 4×64×64 the nodes and initializers are identical with and without it). Only the outputs' declared
    shapes are lost (symbolic names); declare_output_shapes writes torch's back.
    """
    original = torch._C._jit_pass_onnx_graph_shape_type_inference
    torch._C._jit_pass_onnx_graph_shape_type_inference = lambda graph, params, opset: None
    try:
        yield
    finally:
        torch._C._jit_pass_onnx_graph_shape_type_inference = original


def declare_output_shapes(path, shapes):
    """The graph outputs' shapes as torch computed them, where the export left symbolic dimensions."""
    import onnx
    m = onnx.load(path)
    for output, shape in zip(m.graph.output, shapes):
        dims = output.type.tensor_type.shape.dim
        del dims[:]
        for d in shape:
            dims.add().dim_value = d
    onnx.save(m, path)


def export(model, spec, x, path, opset, detector_keys=None):
    model_input = ([x[0]],) if spec['kind'] == 'detector' else x
    # A detector's outputs follow its result dict: Faster R-CNN's is boxes, labels, scores.
    names = detector_keys if spec['kind'] == 'detector' else {'classifier': ['logits'], 'video': ['logits'], 'segmenter': ['out']}[spec['kind']]
    # PRESERVE keeps BatchNormalization nodes and the modules' own weight names (EVAL folds BN into
    # Conv), which the qdq form needs to find each convolution's weights; the forward is the same.
    # The float16 form needs it too: rounding a folded weight to float16 is not folding the rounded
    # weight and BN parameters that torch's reference runs with (0.1..0.3 % apart).
    training = torch.onnx.TrainingMode.PRESERVE if spec.get('variant', '').startswith('qdq') or spec.get('variant') == 'fp16' else torch.onnx.TrainingMode.EVAL
    # Traced without autograd: with it the trace keeps every activation for a backward (MViT at 16×224×224 passed
    # 20 GB and was killed); the graph is the same. Not where nn.MultiheadAttention is (ViT): without autograd it takes
    # its fused fast path, aten::_native_multi_head_attention, which torch cannot export.
    fused = any(isinstance(m, torch.nn.MultiheadAttention) for m in model.modules())
    light = without_graph_shape_inference() if spec.get('graph_shape_inference') is False else contextlib.nullcontext()
    with contextlib.nullcontext() if fused else torch.no_grad(), light:
        torch.onnx.export(model, model_input, path, opset_version=opset, input_names=['input'], output_names=names,
                          training=training, do_constant_folding=True)


def round_to_float16(model, x):
    with torch.no_grad():
        for t in list(model.parameters()) + list(model.buffers()):
            if t.is_floating_point():
                t.copy_(t.half().float())
    return x.half().float()


def run(spec, out, opsets, variant):
    name = spec['name'] + ('' if variant == 'fp32' else '_' + variant)
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    model = spec['make']().eval()
    spec = dict(spec, variant=variant)
    x = seeded_input(spec)
    meta = dict(name=name, model=spec['name'], kind=spec['kind'], variant=variant, input=list(spec['input']), exports={}, notes=[])
    if variant == 'fp16':
        x = round_to_float16(model, x)
    quant = qdq_form.fake_quantize(model, x, variant == 'qdq_static') if variant.startswith('qdq') else None
    np.save(os.path.join(folder, 'input.npy'), x.numpy().astype(np.float32))
    with torch.no_grad():
        y = model([x[0]]) if spec['kind'] == 'detector' else model(x)
    outputs = [y[0][k] for k in ('boxes', 'scores', 'labels')] if spec['kind'] == 'detector' else [y['out'] if isinstance(y, dict) else y]
    for i, o in enumerate(outputs):
        np.save(os.path.join(folder, f'output_{i}.npy'), o.numpy())
    if spec['kind'] == 'detector':
        # Mask R-CNN's masks, Keypoint R-CNN's keypoints and keypoints_scores: saved by their result-dict key.
        for k, o in y[0].items():
            if k not in ('boxes', 'scores', 'labels'):
                np.save(os.path.join(folder, f'output_{k}.npy'), o.numpy())

    layers = {'late': spec['late'](model)}
    if spec['middle'] is not None:
        layers['middle'] = spec['middle'](model)
    meta['layers'] = layers
    if spec['kind'] != 'detector':
        target, cls, mask = target_of(spec, outputs[0])
        meta['target_class'] = cls
        if mask is not None:
            np.save(os.path.join(folder, 'seg_mask.npy'), mask.astype(np.float32))
        grads, inplace = layer_gradients(model, x, layers, target)
        for key, g in grads.items():
            np.save(os.path.join(folder, f'grad_{key}.npy'), g.numpy())
        meta['changed_in_place'] = [layers[k] for k, v in inplace.items() if v]
        if spec['cam'] is not None:
            cam_path = spec['cam'](model)
            meta['cam_layer'], meta['cam_reshape'] = cam_path, spec['reshape']
            layer = model.get_submodule(cam_path)
            if spec['reshape'] == 'mvit':
                meta['cam_grid'] = block_grid(model, x, cam_path.rsplit('.', 1)[0])
                reshape = mvit_tokens(meta['cam_grid'])
            else:
                reshape = RESHAPES[spec['reshape']]
            for cls_, file in ((GradCAM, 'gradcam.npy'), (EigenCAM, 'eigencam.npy'), (EigenCAMFlipped, 'eigencam_flipped.npy')):
                cam = cls_(model=FirstOutput(model), target_layers=[layer], reshape_transform=reshape)
                m = cam(input_tensor=x, targets=[target])[0]
                cam.activations_and_grads.release()  # its hooks would run (and be traced) in the export
                np.save(os.path.join(folder, file), m.astype(np.float32))
    if quant is not None:
        quant.remove()  # the export sees the plain module; qdq_form writes the quantization into the file (the calibrated scales stay in quant)

    for opset in opsets:
        path = os.path.join(folder, f'{spec["name"]}.op{opset}.onnx')
        t0 = time.time()
        try:
            if not os.path.exists(path):
                export(model, spec, x, path, opset, list(y[0].keys()) if spec['kind'] == 'detector' else None)
                if spec.get('graph_shape_inference') is False:
                    declare_output_shapes(path, [tuple(o.shape) for o in outputs])
                if variant == 'fp16':
                    float16_form.convert_file(path, path)
                if quant is not None:
                    qdq_form.convert_file(path, path, quant)
            meta['exports'][str(opset)] = os.path.basename(path)
        except Exception as e:  # recorded: an export torch 1.13 cannot make is a row in the table, not a crash
            if os.path.exists(path):
                os.remove(path)
            meta['exports'][str(opset)] = 'export failed: ' + (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        print(f'{name} opset {opset}: {meta["exports"][str(opset)]} ({time.time() - t0:.0f} s)', flush=True)
    old = os.path.join(folder, 'meta.json')
    if os.path.exists(old):  # several runs (opsets, variants) add to one record
        with open(old) as f:
            prev = json.load(f)
        prev['exports'].update(meta['exports'])
        meta['exports'] = prev['exports']
    with open(old, 'w') as f:
        json.dump(meta, f, indent=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('out')
    p.add_argument('names', nargs='*')
    p.add_argument('--opsets', default='11,13,17')
    p.add_argument('--variant', default='fp32', choices=['fp32', 'fp16', 'qdq', 'qdq_static'])
    a = p.parse_intermixed_args()
    opsets = [int(o) for o in a.opsets.split(',')]
    specs = [BY_NAME[n] for n in a.names] if a.names else SPECS
    for spec in specs:
        t0 = time.time()
        try:
            run(spec, a.out, opsets, a.variant)
        except Exception:
            traceback.print_exc()
            print(f'{spec["name"]}: reference failed', flush=True)
        print(f'{spec["name"]} done in {time.time() - t0:.0f} s', flush=True)


if __name__ == '__main__':
    main()
