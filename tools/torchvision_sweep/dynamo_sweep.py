"""Makes the dynamo-style copy of a sweep model: OUT/<name>_dynamo/<name>.dynamo18.onnx (+ .data).

Takes OUT/<name>/<name>.op17.onnx (export_sweep.py), rewrites it into the form PyTorch 2.9's
dynamo exporter writes (tools/dynamo_form: node_* names, module scopes only in
metadata_props, weights in a .data file beside the model) and raises it to opset 18, the
dynamo exporter's default, as ONNX's version converter would: the Reduce operators' `axes`
attribute becomes their second input (the other operators of these models read the same at 18).
The references (input, outputs, gradients, maps) are the plain model's, copied beside it.

Usage: python3 dynamo_sweep.py OUT NAME [NAME ...]
"""
import importlib.util
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import external_data_helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('dynamo_form', os.path.join(HERE, '..', 'dynamo_form', 'dynamo_form.py'))
dynamo_form = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dynamo_form)

AXES_AS_INPUT_AT_18 = {'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2',
                       'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'}


def to_opset18(model):
    g = model.graph
    for k, n in enumerate(g.node):
        if n.op_type not in AXES_AS_INPUT_AT_18:
            continue
        axes = [a for a in n.attribute if a.name == 'axes']
        if not axes:
            continue
        name = f'{n.name}_axes_{k}'
        g.initializer.append(numpy_helper.from_array(np.array(axes[0].ints, np.int64), name))
        n.attribute.remove(axes[0])
        n.input.append(name)
    for o in model.opset_import:
        if o.domain in ('', 'ai.onnx'):
            o.version = 18
    model.ir_version = 8  # the IR version of opset 18


def main():
    out = sys.argv[1]
    for name in sys.argv[2:]:
        source_dir, target_dir = os.path.join(out, name), os.path.join(out, name + '_dynamo')
        os.makedirs(target_dir, exist_ok=True)
        model = onnx.load(os.path.join(source_dir, f'{name}.op17.onnx'))
        to_opset18(model)  # before the rewrite, while node names are unique legacy names
        dynamo_form.rewrite(model)
        target = os.path.join(target_dir, f'{name}.dynamo18.onnx')
        external_data_helper.convert_model_to_external_data(
            model, all_tensors_to_one_file=True, location=os.path.basename(target) + '.data', size_threshold=0)
        onnx.save_model(model, target)
        for f in os.listdir(source_dir):
            if f.endswith('.npy'):
                shutil.copy(os.path.join(source_dir, f), target_dir)
        with open(os.path.join(source_dir, 'meta.json')) as f:
            meta = json.load(f)
        meta.update(name=name + '_dynamo', variant='dynamo', exports={'18': os.path.basename(target)})
        with open(os.path.join(target_dir, 'meta.json'), 'w') as f:
            json.dump(meta, f, indent=1)
        print(target, flush=True)


if __name__ == '__main__':
    main()
