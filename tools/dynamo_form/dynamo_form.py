"""Rewrites a legacy PyTorch ONNX export into the form of PyTorch 2.9's dynamo exporter.

Torch 1.13 (Debian's) cannot make a dynamo export, so this gives CamSharp a model with the
same structure to test against:
  * node names become node_<op>_<k> (conv_3, relu_7, ...), with no scope in them;
  * computed values are renamed <op>_<k>, so value names carry no scope either;
  * each node's module scope moves into metadata_props (NodeProto field 9, onnx >= 1.16):
      pkg.torch.onnx.name_scopes = "['', 'layer4', 'layer4.1', 'layer4.1.relu_1', 'relu_47']"
      namespace = ": Model/layer4: Module/layer4.1: Module/layer4.1.relu_1: Module/relu_47: aten.relu.default"
    (cumulative module paths, the root first and the node's own name last, as torch writes them;
    class names are not in a legacy export, so every module is "Module");
  * weights move to external data in <output>.data beside the model.
Graph inputs, outputs and initializer names stay as they were.

Scopes are read from legacy node names exactly as CamSharp's NodeScope does:
/layer4/layer4.1/relu_1/Relu lies in layer4 -> layer4.1 -> layer4.1.relu_1.

Run:  /usr/bin/python3 tools/dynamo_form/dynamo_form.py legacy.onnx out/dynamo.onnx
(onnx 1.12 has no NodeProto.metadata_props, so the field is appended as raw protobuf bytes,
which protobuf keeps as an unknown field and writes back out.)
"""
import os
import sys

import onnx
from onnx import external_data_helper


def module_paths(node_name):
    """The module paths of a legacy node name, outermost first."""
    if not node_name.startswith('/') or node_name.rfind('/') <= 0:
        return []
    components = [c for c in node_name[1:node_name.rfind('/')].split('/') if c]
    paths, parent_path, parent = [], '', ''
    for c in components:
        if not parent_path:
            path = c
        elif parent and len(c) > len(parent) + 1 and c.startswith(parent) and c[len(parent)] == '.':
            path = parent_path + c[len(parent):]
        else:
            path = parent_path + '.' + c
        paths.append(path)
        parent_path, parent = path, c
    return paths


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def length_delimited(field, payload):
    return varint((field << 3) | 2) + varint(len(payload)) + payload


def metadata_entry(key, value):
    """One StringStringEntryProto as NodeProto field 9."""
    entry = length_delimited(1, key.encode()) + length_delimited(2, value.encode())
    return length_delimited(9, entry)


def rewrite(model):
    graph = model.graph
    keep = {v.name for v in graph.input} | {v.name for v in graph.output} | {t.name for t in graph.initializer}
    renamed = {}
    taken = set()
    counts = {}
    for node in graph.node:
        op = node.op_type.lower()
        k = counts.get(op, 0)
        counts[op] = k + 1
        own = f'{op}_{k}' if k else op
        paths = module_paths(node.name)
        scopes = [''] + paths + [own]
        namespace = '/'.join([': Model'] + [f'{p}: Module' for p in paths] + [f'{own}: aten.{op}.default'])
        node.name = f'node_{own}'
        for i, o in enumerate(node.output):
            if o and o not in keep:
                # A second output is <own>_out<i>: <own>_<i> is the first output of this op's <i>-th node
                # (Dropout's mask 'dropout_1' would collide with the next Dropout's output).
                name = own if i == 0 else f'{own}_out{i}'
                if name in keep or name in taken:
                    raise ValueError(f'{node.name}: output name {name!r} is already taken')
                taken.add(name)
                renamed[o] = name
                node.output[i] = name
        for i, x in enumerate(node.input):
            if x in renamed:
                node.input[i] = renamed[x]
        node.MergeFromString(metadata_entry('namespace', namespace)
                             + metadata_entry('pkg.torch.onnx.name_scopes', repr(scopes)))
    graph.ClearField('value_info')
    return renamed


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: dynamo_form.py legacy.onnx out/dynamo.onnx')
    source, target = sys.argv[1], sys.argv[2]
    model = onnx.load(source)
    renamed = rewrite(model)
    external_data_helper.convert_model_to_external_data(
        model, all_tensors_to_one_file=True, location=os.path.basename(target) + '.data', size_threshold=0)
    onnx.save_model(model, target)
    print(f'{len(model.graph.node)} nodes, {len(renamed)} values renamed; wrote {target} and {target}.data')


if __name__ == '__main__':
    main()
