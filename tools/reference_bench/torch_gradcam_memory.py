# Developer tool (see README.md beside it): peak RSS of a PyTorch process that runs Grad-CAM on
# resnet18 (layer4, top class, 1x3x224x224, 2 threads), to set beside
# `dotnet run -c Release --project bench/CamSharp.Bench -- memory resnet18 gradcam`.
# Grad-CAM is written out here (hooks, backward, channel means) because pytorch-grad-cam may not
# be installed; importing it would only add its own modules (cv2, matplotlib, scipy) on top.
import resource, torch, torchvision

torch.set_num_threads(2)
torch.manual_seed(0)
model = torchvision.models.resnet18().eval()
x = torch.rand(1, 3, 224, 224)
saved = {}
model.layer4.register_forward_hook(lambda m, i, o: saved.__setitem__('a', o))
model.layer4.register_full_backward_hook(lambda m, gi, go: saved.__setitem__('g', go[0]))
for _ in range(5):
    model.zero_grad()
    out = model(x)
    out[0, out[0].argmax()].backward()
    weights = saved['g'].mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((weights * saved['a']).sum(dim=1))
    cam = torch.nn.functional.interpolate(cam[None], size=(224, 224), mode='bilinear')
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(f'peak_rss_bytes={peak}')
