# Developer tool (see README.md beside it): PyTorch forward medians, for side-by-side ratios.
# Dev-time: PyTorch forward medians on this machine (2 threads), same protocol as baseline.md (median, warm-up).
import sys, time, torch, torchvision, statistics
torch.set_num_threads(2)
torch.manual_seed(0)
models = [('resnet18', torchvision.models.resnet18), ('mobilenet_v2', torchvision.models.mobilenet_v2), ('squeezenet1_1', torchvision.models.squeezenet1_1)]
only = sys.argv[1:]  # model names to time, or all
for name, ctor in [m for m in models if not only or m[0] in only]:
    m = ctor().eval()
    x = torch.rand(1, 3, 224, 224)
    with torch.no_grad():
        for _ in range(5): m(x)
        t = []
        for _ in range(30):
            s = time.perf_counter(); m(x); t.append(time.perf_counter() - s)
    print(f'{name}: median {statistics.median(t)*1000:.1f} ms')
