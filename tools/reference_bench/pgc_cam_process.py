# Developer tool (see README.md beside it): the whole process a pytorch-grad-cam user runs, in the
# manner of its cam.py: import, build a torchvision classifier, read the image with OpenCV (kept at
# its size, as cam.py does), ImageNet
# preprocessing, GradCAM on layer4 for the top class, show_cam_on_image, write the picture. Random
# weights (no download; building them costs about what loading would). Timed from outside as a
# whole process, beside 'camsharp cam MODEL IMAGE --out-file OUT'.
# Usage: PYTHONPATH=<pytorch-grad-cam checkout> /usr/bin/python3 pgc_cam_process.py resnet18|resnet50 IMAGE OUT.png
import sys, types

_tta = types.ModuleType("ttach")
_tta.Compose = _tta.HorizontalFlip = _tta.Multiply = lambda *args, **kwargs: None
sys.modules.setdefault("ttach", _tta)
import cv2, numpy as np, torch, torchvision
from pytorch_grad_cam import GradCAM
from pytorch_grad_cam.utils.image import show_cam_on_image, preprocess_image

torch.set_num_threads(2)
name, image, out = sys.argv[1:4]
model = getattr(torchvision.models, name)().eval()
# As cam.py: the image at its own size (camsharp does the same for a model of dynamic input size).
rgb = cv2.imread(image, 1)[:, :, ::-1]
rgb = np.float32(rgb) / 255
x = preprocess_image(rgb, mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
with GradCAM(model=model, target_layers=[model.layer4]) as cam:
    gray = cam(input_tensor=x, targets=None)[0, :]
    picture = show_cam_on_image(rgb, gray, use_rgb=True)
cv2.imwrite(out, cv2.cvtColor(picture, cv2.COLOR_RGB2BGR))
