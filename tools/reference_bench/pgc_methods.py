# Developer tool (see README.md beside it): pytorch-grad-cam's own GradCAM and ScoreCAM (the
# package itself, from a checkout on PYTHONPATH; its ttach import stubbed, as no aug smoothing
# runs) on a torchvision classifier, layer4, top class, 1x3x224x224, two threads, timed in this
# process: the median of a few calls after one warm-up. Weights are random (the time does not
# depend on them). Score-CAM uses batch 32, as pytorch-grad-cam's cam.py sets it.
# Usage: PYTHONPATH=<pytorch-grad-cam checkout> /usr/bin/python3 pgc_methods.py resnet18|resnet50 [GRADCAM_RUNS] [SCORECAM_RUNS]
# Prints 'gradcam: X s (median of N)' and 'scorecam: Y s (median of N)'.
import statistics, sys, time, types

_tta = types.ModuleType("ttach")
_tta.Compose = _tta.HorizontalFlip = _tta.Multiply = lambda *args, **kwargs: None
sys.modules.setdefault("ttach", _tta)
import torch, torchvision
from pytorch_grad_cam import GradCAM, ScoreCAM

name = sys.argv[1]
grad_runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
score_runs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
torch.set_num_threads(2)
torch.manual_seed(0)
model = getattr(torchvision.models, name)().eval()
x = torch.rand(1, 3, 224, 224)


def median(cam, runs):
    cam(input_tensor=x, targets=None)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        cam(input_tensor=x, targets=None)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


with GradCAM(model=model, target_layers=[model.layer4]) as cam:
    print(f"gradcam: {median(cam, grad_runs):.4f} s (median of {grad_runs})", flush=True)
if score_runs == 0:
    sys.exit(0)
with ScoreCAM(model=model, target_layers=[model.layer4]) as cam:
    cam.batch_size = 32
    print(f"scorecam: {median(cam, score_runs):.4f} s (median of {score_runs})", flush=True)
