"""Grad-CAM maps from pytorch-grad-cam on torchvision models at the layers CamSharp's model
profile picks by itself (no layer given): vit_b_16's last block's ln_1 read as tokens
(1 class token + 14x14 grid), swin_t's last stage read channels-last, and the backbone output of fcn_resnet50,
deeplabv3_mobilenet_v3_large and lraspp_mobilenet_v3_large with pytorch-grad-cam's
SemanticSegmentationTarget (the class over the pixels where it wins).

Writes, into OUT (a scratch folder, not the repository: the models are 50-350 MB):
<name>.onnx (legacy exporter, opset 14), <name>.input.npy (seeded N(0,1) input) and
<name>.gradcam.npy (the [0,1] map at the input size). Compare with
    camsharp cam --input-tensor OUT/<name>.input.npy --model OUT/<name>.onnx --target-category C --save-raw x.npy
Usage: PYTHONPATH=<pytorch-grad-cam checkout> python3 profile_cam_reference.py OUT [NAME ...]
(needs Debian's python3-torch, python3-torchvision, python3-opencv; ttach is stubbed: no aug smoothing)."""
import os, sys, types
_tta = types.ModuleType("ttach")
# Only built, never used here (no aug smoothing).
_tta.Compose = _tta.HorizontalFlip = _tta.Multiply = lambda *args, **kwargs: None
sys.modules.setdefault("ttach", _tta)
import numpy as np, torch, torchvision
from pytorch_grad_cam import GradCAM
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget, SemanticSegmentationTarget

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
M = torchvision.models

class SegOut(torch.nn.Module):
    """torchvision segmenters return a dict; the export and the CAM use its 'out'."""
    def __init__(self, m):
        super().__init__()
        self.model = m
    def forward(self, x):
        return self.model(x)["out"]

def vit_reshape(t, h=14, w=14):
    return t[:, 1:, :].reshape(t.size(0), h, w, t.size(2)).permute(0, 3, 1, 2)

def run(name, model, layer, size, target_of, reshape=None, opset=14):
    torch.manual_seed(0)
    model.eval()
    x = torch.randn(1, 3, *size)
    path = os.path.join(out, name + ".onnx")
    if not os.path.exists(path):
        torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["output"])
    np.save(os.path.join(out, name + ".input.npy"), x.numpy().astype(np.float32))
    with torch.no_grad():
        y = model(x)
    target, cls = target_of(y)
    cam = GradCAM(model=model, target_layers=[layer], reshape_transform=reshape)
    m = cam(input_tensor=x, targets=[target])[0]
    np.save(os.path.join(out, name + ".gradcam.npy"), m.astype(np.float32))
    print(name, "class", cls, "map", m.shape, float(m.min()), float(m.max()), flush=True)

def top(y):
    c = int(y[0].argmax())
    return ClassifierOutputTarget(c), c

def seg(y):
    pred = y[0].argmax(0)
    counts = torch.bincount(pred.flatten(), minlength=y.shape[1])
    counts[0] = 0 if counts[1:].sum() > 0 else counts[0]
    c = int(counts.argmax())
    return SemanticSegmentationTarget(c, (pred == c).float().numpy()), c

only = sys.argv[2:]  # optional: names to run

torch.manual_seed(0)
if not only or "swin_t" in only:
    swin = M.swin_t()
    run("swin_t", swin, swin.features[-1], (224, 224), top, lambda t: t.permute(0, 3, 1, 2), opset=17)
torch.manual_seed(0)
vit = M.vit_b_16()
if not only or "vit_b_16" in only:
    run("vit_b_16", vit, vit.encoder.layers[-1].ln_1, (224, 224), top, vit_reshape)
for name, make, layer in [
    ("fcn_resnet50", lambda: M.segmentation.fcn_resnet50(weights=None, weights_backbone=None, num_classes=21, aux_loss=False), lambda m: m.backbone.layer4),
    ("deeplabv3_mobilenet", lambda: M.segmentation.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=21, aux_loss=False), lambda m: m.backbone["16"]),
    ("lraspp", lambda: M.segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=21), lambda m: m.backbone["16"]),
]:
    if only and name not in only:
        continue
    torch.manual_seed(0)
    m = make()
    run(name, SegOut(m), layer(m), (256, 256), seg)
