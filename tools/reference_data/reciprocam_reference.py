# Makes tests/CamSharp.Tests/Explain/References/reciprocam*.{json,npy.gz}: Recipro-CAM the way
# OpenVINO XAI's ReciproCAM computes it (openvino_xai/methods/white_box/recipro_cam.py): the
# layer's N×C×h×w value tiled h·w times, copy k multiplied by a mask that keeps cell k in every
# channel, the rest of the network run on the copies, the class's logits over the copies
# reshaped to h×w, then `scaling` (min–max without ReLU; OpenVINO's 1e-12 in the denominator,
# no uint8 cast). Maps at layer resolution. Developer tool, run from the repo root:
#   /usr/bin/python3 tools/reference_data/reciprocam_reference.py
import torch

from onnx_torch import Graph, layer_value, run_input, save, save_index

CASES = [
    ('resnet18', 'resnet18__d224__224x224', 'layer4', [704, 1]),
    ('resnet18', 'resnet18__d224__224x224', 'layer3', [704]),
    ('mobilenet_v2', 'mobilenet_v2__d224__224x224', 'features.18', [None]),
    ('digitcnn', 'digitcnn__d96_a__96x96', 'block4', [3, 8]),
    ('digitcnn', 'digitcnn__d96_a__96x96', 'block3', [3]),
]


def recipro_cam(graph, x, value, cls):
    _, feature = graph.run(x, keep=[value])
    _, c, h, w = feature.shape
    mask = torch.zeros(h * w, c, h, w)
    for i in range(h):
        for j in range(w):
            mask[i * w + j, :, i, j] = 1
    logits = graph.run(x, replace={value: feature.repeat(h * w, 1, 1, 1) * mask})
    saliency = logits.t().reshape(-1, h, w)[cls]
    return (saliency - saliency.min()) / (saliency.max() - saliency.min() + 1e-12)


cases = []
with torch.no_grad():
    for model, run, module, classes in CASES:
        graph = Graph(model)
        x = run_input(run)
        value = layer_value(model, module)
        for cls in classes:
            cls = int(graph.run(x).argmax()) if cls is None else cls
            name = f'reciprocam__{run}__{module}__c{cls}'
            cases.append({'model': model, 'run': run, 'layer': value, 'class': cls,
                          'map': save(name, recipro_cam(graph, x, value, cls).numpy())})
save_index('reciprocam', cases)
print(len(cases), 'cases')
