# Makes tests/CamSharp.Tests/Detection/Data/nms_in_graph.onnx: a tiny seeded detector whose export
# runs NMS inside the graph, as exports with post-processing built in do (Ultralytics' nms=True,
# torchvision-style end-to-end models): 3×32×32 input, two strided convs to an 8×8 grid, per cell
# a box (cx, cy from the cell and a sigmoid offset, w, h a sigmoid of 32 px) and 3 sigmoid class
# scores; torchvision's batched NMS (ONNX NonMaxSuppression) keeps boxes; the kept boxes' best
# scores, the others −1, then TopK pads the result to a fixed [1, 10, 6] of x0 y0 x1 y1 score
# class (static shapes, as Ultralytics pads to max_det). Class names go in Ultralytics' 'names'
# metadata. D-RISE explains it black-box; gradients would have to pass the NMS.
# Developer tool, run from the repo root:  /usr/bin/python3 tools/detector_export/export_nms_in_graph.py
import onnx
import torch
import torch.nn as nn
import torchvision

K, CLASSES, GRID, STRIDE = 10, 3, 8, 4


class NmsInGraph(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), nn.Conv2d(8, 16, 3, 2, 1), nn.ReLU())
        self.head = nn.Conv2d(16, 4 + CLASSES, 1)
        ys, xs = torch.meshgrid(torch.arange(GRID), torch.arange(GRID), indexing='ij')
        self.register_buffer('grid', torch.stack([xs, ys]).reshape(1, 2, -1).float())

    def forward(self, x):
        p = self.head(self.backbone(x)).flatten(2)                # [1, 4 + C, 64]
        centre = (self.grid + torch.sigmoid(p[:, :2])) * STRIDE
        size = torch.sigmoid(p[:, 2:4]) * 32
        boxes = torch.cat([centre - size / 2, centre + size / 2], 1)[0].t()   # [64, 4]
        best, label = torch.sigmoid(p[0, 4:]).max(0)             # [64]
        keep = torchvision.ops.batched_nms(boxes, best, label, 0.45)
        kept = torch.full_like(best, -1.0).scatter(0, keep, best[keep])
        score, index = kept.topk(K)
        rows = torch.cat([boxes[index], score[:, None], label[index, None].float()], 1)
        return rows[None]


torch.manual_seed(21)
model = NmsInGraph().eval()
with torch.no_grad():
    model.head.bias[4:] += 1.0  # most cells score above the CLI's 0.3 threshold
path = 'tests/CamSharp.Tests/Detection/Data/nms_in_graph.onnx'
torch.onnx.export(model, torch.rand(1, 3, 32, 32), path, input_names=['images'], output_names=['output0'], opset_version=17)
m = onnx.load(path)
meta = m.metadata_props.add()
meta.key, meta.value = 'names', "{0: 'circle', 1: 'square', 2: 'star'}"
onnx.save(m, path)
print(path, sorted({n.op_type for n in m.graph.node}))
