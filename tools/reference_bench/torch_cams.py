# Developer tool (see README.md beside it): Grad-CAM and Score-CAM on resnet18 (layer4, top class,
# 1x3x224x224, 2 threads) the way pytorch-grad-cam 1.5.5 computes them, timed on this machine,
# to set beside `dotnet run -c Release --project bench/CamSharp.Bench -- all`. pytorch-grad-cam
# itself need not be installed: its two code paths are written out (hooks; Score-CAM's
# align-corners upsampling, per-channel min-max, masked inputs in batches of 32, softmax).
# With the argument `memory` it only runs Grad-CAM five times and prints the process's peak RSS
# (beside `-- memory resnet18 gradcam`); pytorch-grad-cam's own imports would only add to it.
import resource, statistics, sys, time, torch, torchvision

torch.set_num_threads(2)
torch.manual_seed(0)
model = torchvision.models.resnet18().eval()
x = torch.rand(1, 3, 224, 224)
saved = {}
model.layer4.register_forward_hook(lambda m, i, o: saved.__setitem__('a', o))
model.layer4.register_full_backward_hook(lambda m, gi, go: saved.__setitem__('g', go[0]))


def grad_cam():
    model.zero_grad()
    out = model(x)
    out[0, out[0].argmax()].backward()
    weights = saved['g'].mean(dim=(2, 3), keepdim=True)
    return torch.relu((weights * saved['a']).sum(dim=1)).detach()


def score_cam(batch=32):
    with torch.no_grad():
        out = model(x)
        category = int(out[0].argmax())
        a = saved['a']
        up = torch.nn.UpsamplingBilinear2d(size=x.shape[-2:])(a)
        flat = up.view(up.size(0), up.size(1), -1)
        maxs, mins = flat.max(dim=-1)[0], flat.min(dim=-1)[0]
        up = (up - mins[:, :, None, None]) / (maxs[:, :, None, None] - mins[:, :, None, None] + 1e-8)
        masked = x[:, None, :, :] * up[:, :, None, :, :]
        scores = []
        for i in range(0, masked.size(1), batch):
            scores.extend(model(masked[0, i:i + batch])[:, category].tolist())
        weights = torch.softmax(torch.tensor(scores), dim=0)
        return torch.relu((weights[None, :, None, None] * a).sum(dim=1))


def median(f, runs, warmup):
    for _ in range(warmup):
        f()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


if sys.argv[1:] == ['memory']:
    for _ in range(5):
        grad_cam()
    print(f'peak_rss_bytes={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}')
    sys.exit(0)

print(f'gradcam: median {median(grad_cam, 10, 1) * 1000:.1f} ms')
with torch.no_grad():
    model(torch.rand(32, 3, 224, 224))
print(f'scorecam: median {median(score_cam, 3, 0):.2f} s')
