#!/usr/bin/python3
"""Train the small CNN that CamSharp embeds as its demo model, export it to ONNX.

    /usr/bin/python3 tools/demo_model/train_demo_model.py --seed 1234 \
        --out src/CamSharp/Resources/demo_shapes.onnx

Needs torch (1.13 tested) and onnx (1.12 tested); no downloads.  Images are drawn by
shapes.py (see README.md for the rules).  Input: float32 NCHW RGB, pixel/255.
"""
import argparse
import collections
import hashlib
import os
import random
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shapes  # noqa: E402

DEFAULT_SEED = 1234


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--out", default="src/CamSharp/Resources/demo_shapes.onnx")
    p.add_argument("--train", type=int, default=16000, help="training images")
    p.add_argument("--test", type=int, default=4000, help="test images (fresh, own RNG stream)")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.004)
    p.add_argument("--threads", type=int, default=2,
                   help="torch threads; keep it fixed for reproducible weights")
    return p.parse_args()


def build_model():
    import torch.nn as nn

    class Block(nn.Sequential):
        """conv3x3 -> bn -> relu [-> maxpool 2x2]; names show up in ONNX node scopes."""

        def __init__(self, cin, cout, pool, stride=1):
            layers = collections.OrderedDict(
                conv=nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
                bn=nn.BatchNorm2d(cout),
                relu=nn.ReLU(inplace=True))
            if pool:
                layers["pool"] = nn.MaxPool2d(2)
            super().__init__(layers)

    class Head(nn.Sequential):
        def __init__(self, cin, classes):
            super().__init__(collections.OrderedDict(
                pool=nn.AdaptiveAvgPool2d(1), flatten=nn.Flatten(1), fc=nn.Linear(cin, classes)))

    class ShapesNet(nn.Sequential):
        # 64x64 -> block1 (stride-2 conv) 32x32 -> block2 16x16 -> block3 8x8
        #       -> block4 8x8 (the CAM layer) -> head
        def __init__(self, classes):
            super().__init__(collections.OrderedDict(
                block1=Block(3, 16, pool=False, stride=2),
                block2=Block(16, 32, pool=True),
                block3=Block(32, 64, pool=True),
                block4=Block(64, 64, pool=False),
                head=Head(64, classes)))

    return ShapesNet(len(shapes.CLASSES))


def to_tensor(images):
    """uint8 (N, H, W, 3) -> float32 (N, 3, H, W) in [0, 1]: the model's preprocessing."""
    import torch
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div(255.0).contiguous()


def accuracy(model, x, y, batch=500):
    import torch
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def onnx_forward_numpy(m, x):
    """Reference run of the exported graph in numpy (no onnxruntime here): checks the export."""
    from onnx import numpy_helper
    v = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer}
    v[m.graph.input[0].name] = x.astype(np.float64)
    for n in m.graph.node:
        a = {at.name: at for at in n.attribute}
        ins = [v[i] for i in n.input]
        if n.op_type == "Conv":
            w, (s, _), (p, _, _, _) = ins[1], a["strides"].ints, a["pads"].ints
            xp = np.pad(ins[0], ((0, 0), (0, 0), (p, p), (p, p)))
            k, oh, ow = w.shape[2], (xp.shape[2] - w.shape[2]) // s + 1, (xp.shape[3] - w.shape[3]) // s + 1
            y = sum(np.einsum("nchw,oc->nohw", xp[:, :, i:i + s * oh:s, j:j + s * ow:s], w[:, :, i, j])
                    for i in range(k) for j in range(k))
            out = y + ins[2][None, :, None, None] if len(ins) > 2 else y
        elif n.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif n.op_type == "MaxPool":
            t = ins[0]
            out = t.reshape(t.shape[0], t.shape[1], t.shape[2] // 2, 2, t.shape[3] // 2, 2).max(axis=(3, 5))
        elif n.op_type == "GlobalAveragePool":
            out = ins[0].mean(axis=(2, 3), keepdims=True)
        elif n.op_type == "Flatten":
            out = ins[0].reshape(ins[0].shape[0], -1)
        elif n.op_type == "Gemm":
            out = ins[0] @ ins[1].T + ins[2]   # exporter writes transB=1
        else:
            raise NotImplementedError(n.op_type)
        v[n.output[0]] = out
    return v[m.graph.output[0].name]


def export(model, path, seed):
    import onnx
    import torch
    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    dummy = torch.zeros(1, 3, shapes.SIZE, shapes.SIZE)
    torch.onnx.export(model, dummy, path, opset_version=17, do_constant_folding=True,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    m = onnx.load(path)
    meta = {
        "names": "{" + ", ".join(f"{i}: '{n}'" for i, n in enumerate(shapes.CLASSES)) + "}",
        "imgsz": f"[{shapes.SIZE}, {shapes.SIZE}]",
        "camsharp.preprocess": "raw",
        "camsharp.seed": str(seed),
    }
    del m.metadata_props[:]
    for k, v in meta.items():
        m.metadata_props.add(key=k, value=v)
    m.doc_string = "CamSharp demo model: 5 synthetic shapes, input RGB pixel/255 NCHW"
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return m


def main():
    args = parse_args()
    import torch
    import torch.nn.functional as F

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)

    t0 = time.time()
    train_ss, test_ss = np.random.SeedSequence(args.seed).spawn(2)
    xtr, ytr = shapes.draw_batch(np.random.default_rng(train_ss), args.train)
    xte, yte = shapes.draw_batch(np.random.default_rng(test_ss), args.test)
    xtr, xte = to_tensor(xtr), to_tensor(xte)
    ytr, yte = torch.from_numpy(ytr), torch.from_numpy(yte)
    print(f"drew {args.train} train + {args.test} test images in {time.time() - t0:.1f} s")

    model = build_model()
    params = sum(p.numel() for p in model.parameters())
    print(f"parameters: {params}")
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * ((args.train + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.15)
    gen = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        model.train()
        t1, total = time.time(), 0.0
        perm = torch.randperm(args.train, generator=gen)
        for i in range(0, args.train, args.batch):
            idx = perm[i:i + args.batch]
            xb = xtr[idx]
            # Cheap augmentation that keeps the drawing distribution: random flips.
            if torch.rand(1, generator=gen).item() < 0.5:
                xb = xb.flip(3)
            if torch.rand(1, generator=gen).item() < 0.5:
                xb = xb.flip(2)
            loss = F.cross_entropy(model(xb), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total / args.train:.4f} "
              f"test acc {accuracy(model, xte, yte):.4f} ({time.time() - t1:.0f} s)", flush=True)

    train_acc, test_acc = accuracy(model, xtr, ytr), accuracy(model, xte, yte)
    print(f"final train accuracy {train_acc:.4f}, test accuracy {test_acc:.4f} "
          f"(test = {args.test} freshly drawn images)")

    m = export(model, args.out, args.seed)
    size = os.path.getsize(args.out)
    sha = hashlib.sha256(open(args.out, "rb").read()).hexdigest()
    print(f"wrote {args.out}: {size} bytes, sha256 {sha}")
    print("inputs: ", [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim])
                       for i in m.graph.input])
    print("outputs:", [(o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim])
                       for o in m.graph.output])
    print("metadata:", {p.key: p.value for p in m.metadata_props})
    print("nodes:")
    for n in m.graph.node:
        print(f"  {n.name:32s} {n.op_type}")
    print("op histogram:", dict(collections.Counter(n.op_type for n in m.graph.node)))

    with torch.no_grad():
        ref = model(xte[:200]).numpy()
    got = onnx_forward_numpy(m, xte[:200].numpy())
    print(f"numpy run of the ONNX graph vs torch, 200 test images: max |diff| "
          f"{np.abs(got - ref).max():.2e}, same argmax {np.mean(got.argmax(1) == ref.argmax(1)):.3f}")
    with torch.no_grad():
        pred = torch.cat([model(xte[i:i + 500]).argmax(1) for i in range(0, len(xte), 500)])
    conf = np.zeros((5, 5), dtype=int)
    np.add.at(conf, (yte.numpy(), pred.numpy()), 1)
    print("test confusion (rows = true, cols = predicted):", shapes.CLASSES)
    print(conf)


if __name__ == "__main__":
    main()
