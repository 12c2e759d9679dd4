"""Small stand-ins for the Ultralytics detectors exported today, built with torch alone.

Usage: python3 export_yolo_standins.py OUT_DIR

There is no ultralytics package here, so this rebuilds the parts of its modules that shape
the exported graph, with Ultralytics' module paths (model.N.cv1.conv, ...), tiny widths and
random weights, on a 128x128 input with COCO's 80 classes:

  yolo11_standin.onnx  YOLO11 layout: C3k2 blocks, SPPF, C2PSA (attention: MatMul, Softmax),
                       the v8 Detect head with DFL -> [1, 84, A] (cx, cy, w, h, sigmoid scores).
  yolo26_e2e_standin.onnx  the same network with the end-to-end head of YOLOv10 / YOLO26: the
                       one-to-one branch decodes xyxy boxes, then Ultralytics' `postprocess`
                       (topk over each anchor's best score, gather, topk over the flattened
                       scores, index // nc and index % nc) gives [1, 300, 6] =
                       x0, y0, x1, y1, score, class.

Both are exported with the legacy exporter at opset 17 (torch 1.13's highest), with the
metadata Ultralytics writes (task, stride, imgsz, names). Beside each model the script saves
torch's output for the input sin(0.7 i) (i the flat element index; the tests build the same
input), as <name>_output.npy.
"""
import math
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn

NC = 80
IMGSZ = 128
MAX_DET = 300


class Conv(nn.Module):
    """Ultralytics Conv after fuse(): Conv2d with bias, then SiLU (or nothing)."""

    def __init__(self, c1, c2, k=1, s=1, g=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, groups=g, bias=True)
        self.act = nn.SiLU() if act else nn.Identity()

    def forward(self, x):
        return self.act(self.conv(x))


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True):
        super().__init__()
        self.cv1 = Conv(c1, c2, 3)
        self.cv2 = Conv(c2, c2, 3)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C3k2(nn.Module):
    """C2f-style split/concat block (C3k2 with c3k=False is C2f with Bottlenecks)."""

    def __init__(self, c1, c2, n=1, shortcut=True):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        y.extend(m(y[-1]) for m in self.m)
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c_ * 4, c2, 1)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        y = [self.cv1(x)]
        y.extend(self.m(y[-1]) for _ in range(3))
        return self.cv2(torch.cat(y, 1))


class Attention(nn.Module):
    """Ultralytics' Attention: qkv from a 1x1 conv, softmax(qᵀk·scale), plus a depthwise positional conv."""

    def __init__(self, dim, num_heads=2, attn_ratio=0.5):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.key_dim = int(self.head_dim * attn_ratio)
        self.scale = self.key_dim ** -0.5
        h = dim + self.key_dim * num_heads * 2
        self.qkv = Conv(dim, h, 1, act=False)
        self.proj = Conv(dim, dim, 1, act=False)
        self.pe = Conv(dim, dim, 3, 1, g=dim, act=False)

    def forward(self, x):
        B, C, H, W = x.shape
        N = H * W
        qkv = self.qkv(x)
        q, k, v = qkv.view(B, self.num_heads, self.key_dim * 2 + self.head_dim, N).split(
            [self.key_dim, self.key_dim, self.head_dim], dim=2)
        attn = (q.transpose(-2, -1) @ k) * self.scale
        attn = attn.softmax(dim=-1)
        x = (v @ attn.transpose(-2, -1)).view(B, C, H, W) + self.pe(v.reshape(B, C, H, W))
        return self.proj(x)


class PSABlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attn = Attention(c, num_heads=max(1, c // 16))
        self.ffn = nn.Sequential(Conv(c, c * 2, 1), Conv(c * 2, c, 1, act=False))

    def forward(self, x):
        x = x + self.attn(x)
        return x + self.ffn(x)


class C2PSA(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.c = c1 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv(2 * self.c, c1, 1)
        self.m = nn.Sequential(PSABlock(self.c))

    def forward(self, x):
        a, b = self.cv1(x).split((self.c, self.c), dim=1)
        b = self.m(b)
        return self.cv2(torch.cat((a, b), 1))


class Concat(nn.Module):
    def forward(self, xs):
        return torch.cat(xs, 1)


class DFL(nn.Module):
    def __init__(self, c1=16):
        super().__init__()
        self.conv = nn.Conv2d(c1, 1, 1, bias=False).requires_grad_(False)
        self.conv.weight.data[:] = torch.arange(c1, dtype=torch.float).view(1, c1, 1, 1)
        self.c1 = c1

    def forward(self, x):
        b, _, a = x.shape
        return self.conv(x.view(b, 4, self.c1, a).transpose(2, 1).softmax(1)).view(b, 4, a)


def make_anchors(feats, strides, offset=0.5):
    points, stride_tensor = [], []
    for f, s in zip(feats, strides):
        _, _, h, w = f.shape
        sx = torch.arange(w, dtype=torch.float) + offset
        sy = torch.arange(h, dtype=torch.float) + offset
        yy, xx = torch.meshgrid(sy, sx, indexing="ij")
        points.append(torch.stack((xx, yy), -1).view(-1, 2))
        stride_tensor.append(torch.full((h * w, 1), float(s)))
    return torch.cat(points), torch.cat(stride_tensor)


def dist2bbox(distance, anchor_points, xywh=True, dim=-1):
    lt, rb = distance.chunk(2, dim)
    x1y1 = anchor_points - lt
    x2y2 = anchor_points + rb
    if xywh:
        return torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), dim)
    return torch.cat((x1y1, x2y2), dim)


def branch(c1, c2, out):
    return nn.Sequential(Conv(c1, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, out, 1))


class Detect(nn.Module):
    """v8/YOLO11 Detect; with end2end, the v10 one-to-one branch and Ultralytics' postprocess."""

    def __init__(self, ch, end2end=False, reg_max=16):
        super().__init__()
        self.nc, self.reg_max, self.no = NC, reg_max, NC + 4 * reg_max
        self.stride = torch.tensor([8.0, 16.0, 32.0])
        c2, c3 = 8, 8
        self.cv2 = nn.ModuleList(branch(x, c2, 4 * reg_max) for x in ch)
        self.cv3 = nn.ModuleList(branch(x, c3, NC) for x in ch)
        self.dfl = DFL(reg_max)
        self.end2end = end2end
        if end2end:
            self.one2one_cv2 = nn.ModuleList(branch(x, c2, 4 * reg_max) for x in ch)
            self.one2one_cv3 = nn.ModuleList(branch(x, c3, NC) for x in ch)

    def forward(self, x):
        if self.end2end:
            one2one = [torch.cat((self.one2one_cv2[i](x[i]), self.one2one_cv3[i](x[i])), 1) for i in range(3)]
            y = self.inference(one2one)
            return self.postprocess(y.permute(0, 2, 1), MAX_DET, self.nc)
        return self.inference([torch.cat((self.cv2[i](x[i]), self.cv3[i](x[i])), 1) for i in range(3)])

    def inference(self, x):
        shape = x[0].shape
        x_cat = torch.cat([xi.view(shape[0], self.no, -1) for xi in x], 2)
        anchors, strides = (t.transpose(0, 1) for t in make_anchors(x, self.stride, 0.5))
        box, cls = x_cat.split((self.reg_max * 4, self.nc), 1)
        dbox = dist2bbox(self.dfl(box), anchors.unsqueeze(0), xywh=not self.end2end, dim=1) * strides
        return torch.cat((dbox, cls.sigmoid()), 1)

    @staticmethod
    def postprocess(preds, max_det, nc=80):
        batch_size, anchors, _ = preds.shape
        boxes, scores = preds.split([4, nc], dim=-1)
        index = scores.amax(dim=-1).topk(min(max_det, anchors))[1].unsqueeze(-1)
        boxes = boxes.gather(dim=1, index=index.repeat(1, 1, 4))
        scores = scores.gather(dim=1, index=index.repeat(1, 1, nc))
        scores, index = scores.flatten(1).topk(min(max_det, anchors))
        i = torch.arange(batch_size)[..., None]
        return torch.cat([boxes[i, index // nc], scores[..., None], (index % nc)[..., None].float()], dim=-1)


class DetectionModel(nn.Module):
    """Layers in model.N order with Ultralytics' 'from' wiring (a small YOLO11 yaml)."""

    def __init__(self, end2end):
        super().__init__()
        w = [4, 8, 8, 12, 16]
        spec = [  # (from, module)
            (-1, Conv(3, w[0], 3, 2)),        # 0 P1/2
            (-1, Conv(w[0], w[1], 3, 2)),     # 1 P2/4
            (-1, C3k2(w[1], w[1])),           # 2
            (-1, Conv(w[1], w[2], 3, 2)),     # 3 P3/8
            (-1, C3k2(w[2], w[2])),           # 4
            (-1, Conv(w[2], w[3], 3, 2)),     # 5 P4/16
            (-1, C3k2(w[3], w[3])),           # 6
            (-1, Conv(w[3], w[4], 3, 2)),     # 7 P5/32
            (-1, C3k2(w[4], w[4])),           # 8
            (-1, SPPF(w[4], w[4])),           # 9
            (-1, C2PSA(w[4], w[4])),          # 10
            (-1, nn.Upsample(None, 2, "nearest")),  # 11
            ([-1, 6], Concat()),              # 12
            (-1, C3k2(w[4] + w[3], w[3])),    # 13
            (-1, nn.Upsample(None, 2, "nearest")),  # 14
            ([-1, 4], Concat()),              # 15
            (-1, C3k2(w[3] + w[2], w[2])),    # 16 (P3/8 out)
            (-1, Conv(w[2], w[2], 3, 2)),     # 17
            ([-1, 13], Concat()),             # 18
            (-1, C3k2(w[2] + w[3], w[3])),    # 19 (P4/16 out)
            (-1, Conv(w[3], w[3], 3, 2)),     # 20
            ([-1, 10], Concat()),             # 21
            (-1, C3k2(w[3] + w[4], w[4])),    # 22 (P5/32 out)
            ([16, 19, 22], Detect([w[2], w[3], w[4]], end2end)),  # 23
        ]
        self.froms = [f for f, _ in spec]
        self.model = nn.ModuleList(m for _, m in spec)

    def forward(self, x):
        y = []
        for f, m in zip(self.froms, self.model):
            if f != -1:
                x = y[f] if isinstance(f, int) else [x if j == -1 else y[j] for j in f]
            x = m(x)
            y.append(x)
        return x


def sine_input():
    n = 3 * IMGSZ * IMGSZ
    return torch.from_numpy(np.sin(0.7 * np.arange(n)).astype(np.float32).reshape(1, 3, IMGSZ, IMGSZ))


def export(model, path):
    names = {i: f"class{i}" for i in range(NC)}  # replaced below by COCO's names
    coco = os.path.join(os.path.dirname(__file__), "..", "..", "src", "CamSharp", "Resources", "coco80_classes.txt")
    with open(coco) as f:
        names = {i: n.strip() for i, n in enumerate(f.read().splitlines()) if n.strip()}
    x = sine_input()
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, path, opset_version=17, input_names=["images"], output_names=["output0"])
    m = onnx.load(path)
    meta = {"description": "CamSharp stand-in for an Ultralytics export", "author": "CamSharp tools/detector_export",
            "task": "detect", "batch": "1", "stride": "32", "imgsz": f"[{IMGSZ}, {IMGSZ}]", "names": str(names)}
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(m, path)
    np.save(path.replace(".onnx", "_output.npy"), y.numpy().astype(np.float32))
    print(path, tuple(y.shape), os.path.getsize(path), "bytes")


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for name, end2end in (("yolo11_standin", False), ("yolo26_e2e_standin", True)):
        torch.manual_seed(0)
        model = DetectionModel(end2end).eval()
        with torch.no_grad():
            # He-initialised weights keep the features varying from anchor to anchor through
            # the small random network (torch's default initialisation flattens them).
            for m in model.modules():
                if isinstance(m, nn.Conv2d) and m.weight.requires_grad:
                    nn.init.kaiming_normal_(m.weight)
                    m.bias.normal_(0.0, 0.1)
            # A few confident classes per anchor, as a trained head gives, rather than 0.5
            # everywhere; weights large enough that no two scores tie (TopK's order among
            # ties is the exporter's choice, not the model's).
            for head in ("cv3", "one2one_cv3"):
                for seq in getattr(model.model[23], head, []):
                    seq[-1].weight.normal_(0.0, 0.5)
                    seq[-1].bias.normal_(-4.0, 2.0)
        export(model, os.path.join(out_dir, f"{name}.onnx"))


if __name__ == "__main__":
    main()
