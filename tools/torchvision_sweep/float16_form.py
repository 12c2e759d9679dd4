"""Converts a float32 ONNX file to float16 as onnxconverter-common's convert_float_to_float16 does
(keep_io_types=False): weights, constants, casts to float, and the graph's inputs and outputs
become float16. Values that ONNX requires in float32 stay float32: Resize's roi and scales and
everything computed only to make them (shape arithmetic below them, up to Shape nodes).

Usage: python3 float16_form.py in.onnx out.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT, FLOAT16 = TensorProto.FLOAT, TensorProto.FLOAT16


def float32_only(graph):
    """Values that must stay float32: Resize's roi/scales and their producers' inputs, stopping at Shape."""
    producer = {o: n for n in graph.node for o in n.output}
    keep, todo = set(), [v for n in graph.node if n.op_type == 'Resize' for v in n.input[1:3] if v]
    while todo:
        v = todo.pop()
        if v in keep:
            continue
        keep.add(v)
        n = producer.get(v)
        if n is not None and n.op_type != 'Shape':
            todo.extend(i for i in n.input if i)
    return keep


def half(tensor):
    return numpy_helper.from_array(numpy_helper.to_array(tensor).astype(np.float16), tensor.name)


def convert(model):
    g = model.graph
    keep = float32_only(g)
    for i, t in enumerate(g.initializer):
        if t.data_type == FLOAT and t.name not in keep:
            g.initializer[i].CopyFrom(half(t))
    for n in g.node:
        if keep.intersection(n.output):
            continue
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR and a.t.data_type == FLOAT:
                a.t.CopyFrom(half(a.t))
            if n.op_type == 'Cast' and a.name == 'to' and a.i == FLOAT:
                a.i = FLOAT16
    for v in list(g.input) + list(g.output):
        if v.type.tensor_type.elem_type == FLOAT:
            v.type.tensor_type.elem_type = FLOAT16
    g.ClearField('value_info')
    return model


def convert_file(source, target):
    model = convert(onnx.load(source))
    onnx.save(model, target)


if __name__ == '__main__':
    convert_file(sys.argv[1], sys.argv[2])
