# Developer tool (see README.md beside it): D-RISE's reference loop timed in PyTorch, to set beside
# `dotnet run -c Release --project bench/CamSharp.Bench -- blackbox`. vision-explanation-methods'
# DRISE_saliency (explanations/drise.py) needs a PyTorch detector, and this machine has no
# ultralytics; so YOLOv8n (../shared/assets/models/yolov8n_dequant_fp32.onnx) runs node by node in
# torch (tools/reference_data/onnx_torch.py, the same kernels a PyTorch module calls) and the
# library's loop is written out around it: per mask a 16×16 0/1 grid resized with torch's nearest to
# (H + pad) × (W + pad) and cropped, one forward of the masked image (one mask at a time, as the
# library does), the detections decoded (scores > 0.25, torchvision's batched NMS at 0.45), each
# target's best IoU × class-cosine affinity, and the saliency fused at the end. Two threads.
# Usage: /usr/bin/python3 tools/reference_bench/torch_drise.py [MASKS]   (default 1000)
import os
import sys
import time

import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'reference_data'))
from onnx_torch import Graph  # noqa: E402

torch.set_num_threads(2)
torch.manual_seed(0)
count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
SIZE, RES, CLASSES = 640, 16, 80
graph = Graph('yolov8n', path='../shared/assets/models/yolov8n_dequant_fp32.onnx')
x = torch.rand(1, 3, SIZE, SIZE)  # the time does not depend on the image


def detect(pred):
    """[84, A] → boxes [K, 4] (x0 y0 x1 y1) and class vectors [K, C + 1] (expand_class_scores)."""
    scores, labels = pred[4:].max(0)
    keep = scores > 0.25
    cx, cy, w, h = pred[:4, keep]
    boxes = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 1)
    kept = torchvision.ops.batched_nms(boxes, scores[keep], labels[keep], 0.45)
    s, l = scores[keep][kept], labels[keep][kept]
    vectors = ((1 - s) / CLASSES)[:, None].repeat(1, CLASSES + 1)
    vectors[torch.arange(len(kept)), l] = s
    return boxes[kept], vectors


with torch.no_grad():
    target_boxes, target_vectors = detect(graph.run(x)[0])
    if len(target_boxes) == 0:  # random input finds little: explain three made-up boxes, as many as a real image would
        target_boxes = torch.tensor([[100.0, 100, 300, 400], [300, 200, 500, 600], [0, 0, 640, 640]])
        target_vectors = torch.full((3, CLASSES + 1), 0.5 / CLASSES)
        target_vectors[:, 0] = 0.5
    pad = int(max(SIZE / RES, SIZE / RES))
    start = time.perf_counter()
    masks, affinities = [], []
    for _ in range(count):
        grid = (torch.rand(1, 1, RES, RES) < 0.5).float()
        top, left = torch.randint(0, pad + 1, (2,)).tolist()
        mask = F.interpolate(grid, size=(SIZE + pad, SIZE + pad), mode='nearest')[0, 0, top:top + SIZE, left:left + SIZE]
        boxes, vectors = detect(graph.run(x * mask)[0])
        iou = torchvision.ops.box_iou(target_boxes, boxes)
        cos = F.normalize(target_vectors, dim=1) @ F.normalize(vectors, dim=1).t()
        affinities.append((iou * cos).max(1).values if len(boxes) else torch.zeros(len(target_boxes)))
        masks.append(mask)
    m, a = torch.stack(masks), torch.stack(affinities)
    saliency = torch.einsum('kt,khw->thw', a, m) - a.mean(0)[:, None, None] * m.sum(0)
    wall = time.perf_counter() - start
print(f'drise yolov8n 640, {count} masks: {wall:.1f} s ({wall / count * 1000:.1f} ms per mask)')
