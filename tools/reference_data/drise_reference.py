# Makes tests/CamSharp.Tests/Explain/References/drise*.{json,npy.gz}: D-RISE the way
# vision-explanation-methods computes it (explanations/drise.py and common.py): per mask a
# res×res 0/1 grid resized with torch's nearest to (H + pad) × (W + pad), pad = int(max(H, W) /
# res), cropped at (top, left) in [0, pad]; the masked image's detections; per target box the
# best IoU × objectness product × cosine of class vectors (expand_class_scores: the score at the
# label, (1 − score) / C elsewhere, C + 1 slots; objectness 1); saliency_fusion: Σ a·M − mean(a)·ΣM,
# then x − min, / max. The detector is the fixture tinyyolo decoded as CamSharp's TinyYolo head
# does (score σ(obj) > 0.3, label argmax of the class logits, cx = (j + σ(tx))·8, w = σ(tw)·W,
# class-aware NMS at IoU > 0.45 by score then anchor). Grids and offsets come from the 31-bit LCG
# of onnx_torch.py. Developer tool, run from the repo root:
#   /usr/bin/python3 tools/reference_data/drise_reference.py
import torch
import torch.nn.functional as F

from onnx_torch import Graph, Lcg, run_input, save, save_index

CASES = [('tinyyolo', 'tinyyolo__det96_a__96x96', 120, 16, 1)]
THRESHOLD, NMS_IOU = 0.3, 0.45


def iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def detect(pred, H, W):
    """[15, gh, gw] → list of (box, label, score), CamSharp's TinyYolo decode + class-aware NMS."""
    _, gh, gw = pred.shape
    s = torch.sigmoid(pred.double())
    found = []
    for a in range(gh * gw):
        i, j = divmod(a, gw)
        score = float(s[0, i, j])
        if not score > THRESHOLD:
            continue
        label = int(torch.argmax(pred[5:, i, j]))
        cx, cy = (j + float(s[1, i, j])) * W / gw, (i + float(s[2, i, j])) * H / gh
        w, h = float(s[3, i, j]) * W, float(s[4, i, j]) * H
        found.append(((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), label, float(torch.sigmoid(pred[0, i, j])), a))
    found.sort(key=lambda d: (-d[2], d[3]))
    kept, dropped = [], [False] * len(found)
    for x in range(len(found)):
        if dropped[x]:
            continue
        kept.append(found[x])
        for y in range(x + 1, len(found)):
            if not dropped[y] and found[y][1] == found[x][1] and iou(found[x][0], found[y][0]) > NMS_IOU:
                dropped[y] = True
    return kept


def class_vector(label, score, classes=10):
    v = torch.full((classes + 1,), (1.0 - score) / classes)
    v[label] = score
    return v


def masks(count, res, seed, H, W):
    rng = Lcg(seed)
    pad = int(max(H / res, W / res))
    result = []
    for _ in range(count):
        grid = torch.tensor([[1.0 if rng.next() < 0.5 else 0.0 for _ in range(res)] for _ in range(res)])
        top, left = int(rng.next() * (pad + 1)), int(rng.next() * (pad + 1))
        up = F.interpolate(grid[None, None], size=(H + pad, W + pad), mode='nearest')[0, 0]
        result.append(up[top:top + H, left:left + W])
    return torch.stack(result)


cases = []
with torch.no_grad():
    for model, run, count, res, seed in CASES:
        graph = Graph(model)
        x = run_input(run)
        H, W = x.shape[2:]
        targets = detect(graph.run(x)[0], H, W)
        m = masks(count, res, seed, H, W)
        preds = torch.cat([graph.run(x * m[i:i + 40, None]) for i in range(0, count, 40)])
        aff = torch.zeros(count, len(targets))
        for k in range(count):
            found = detect(preds[k], H, W)
            for t, (box, label, score, _) in enumerate(targets):
                va = class_vector(label, score)
                best = 0.0
                for box2, label2, score2, _ in found:
                    vb = class_vector(label2, score2)
                    best = max(best, iou(box, box2) * float(va @ vb / (va.norm() * vb.norm())))
                aff[k, t] = best
        for t, (box, label, score, anchor) in enumerate(targets):
            sal = (aff[:, t, None, None] * m).sum(0) - aff[:, t].mean() * m.sum(0)
            sal = sal - sal.min()
            sal = sal / sal.max()
            name = f'drise__{run}__n{count}_r{res}_seed{seed}__box{t}'
            cases.append({'model': model, 'run': run, 'masks': count, 'resolution': res, 'seed': seed, 'box': t,
                          'anchor': anchor, 'label': label, 'map': save(name, sal.numpy())})
        print(run, len(targets), 'boxes', [(t[1], round(t[2], 3), t[3]) for t in targets])
save_index('drise', cases)
print(len(cases), 'cases')
