"""Exports a torchvision detector with random weights to ONNX, with an input and torch's outputs.

Usage: python3 export_torchvision_detector.py OUT_DIR [ssdlite|fasterrcnn]

Writes OUT_DIR/<name>.onnx, OUT_DIR/<name>_input.npy (float32 [1, 3, 320, 320]) and
OUT_DIR/<name>_output_K.npy for each output (boxes, scores and labels in the model's order), so the engine's run
can be compared with torch's. Random weights are fine: the graph is what is tested.
The box-score threshold is lowered so that random weights still give detections, and the
weights are re-drawn so that scores do not tie (ties leave the order of detections open).
"""
import os
import sys

import numpy as np
import torch
import torchvision


def build(name):
    if name == "ssdlite":
        model = torchvision.models.detection.ssdlite320_mobilenet_v3_large(
            weights=None, weights_backbone=None, num_classes=5, score_thresh=0.0, detections_per_img=50)
        size = 320
    elif name == "fasterrcnn":
        model = torchvision.models.detection.fasterrcnn_mobilenet_v3_large_320_fpn(
            weights=None, weights_backbone=None, num_classes=5, box_score_thresh=0.0, box_detections_per_img=50)
        size = 320
    else:
        raise SystemExit(f"unknown model {name}")
    return model.eval(), size


def main():
    out_dir = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else "ssdlite"
    torch.manual_seed(0)
    model, size = build(name)
    # torchvision zero-initialises biases and gives the heads tiny weights, so every score
    # ties; He-initialised weights and random biases spread them, so sorting and NMS matter.
    # (Faster R-CNN keeps its weights: He-initialised ones blow its box regressions up.)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
                if name == "ssdlite":
                    torch.nn.init.kaiming_normal_(m.weight)
                if m.bias is not None:
                    m.bias.normal_(0, 0.5 if name == "ssdlite" else 0.1)
    x = torch.rand(1, 3, size, size)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}.onnx")
    with torch.no_grad():
        outputs = model([x[0]])[0]
    # The exported outputs follow the order of torch's result dict (SSD and Faster R-CNN differ).
    torch.onnx.export(model, ([x[0]],), path, opset_version=13,
                      input_names=["image"], output_names=list(outputs.keys()))
    np.save(os.path.join(out_dir, f"{name}_input.npy"), x[0].numpy().astype(np.float32))
    for k, key in enumerate(outputs.keys()):
        np.save(os.path.join(out_dir, f"{name}_output_{k}.npy"), outputs[key].numpy())
    print(path, {k: tuple(v.shape) for k, v in outputs.items()})


if __name__ == "__main__":
    main()
