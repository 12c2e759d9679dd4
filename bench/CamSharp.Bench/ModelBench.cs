using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>Forward and forward+backward timings of real models beside PyTorch and ONNX Runtime.</summary>
internal static class ModelBench
{
    private static readonly (string Name, string Path, int Size)[] Models =
    [
        ("resnet18", "fixtures/models/resnet18.onnx", 224),
        ("mobilenet_v2", "fixtures/models/mobilenet_v2.onnx", 224),
        ("squeezenet1_1_tv", "assets/models/squeezenet1_1_tv.onnx", 224),
        ("yolov8n_dequant_fp32", "assets/models/yolov8n_dequant_fp32.onnx", 640),
    ];

    /// <summary>
    /// Medians of 30 runs after 10 untimed ones (the JIT needs more warm-up than PyTorch's 5);
    /// a model name as argument times only that model.
    /// </summary>
    public static void Forward(string[] args)
    {
        Console.WriteLine($"forward, batch 1, {Environment.ProcessorCount} threads");
        Console.WriteLine($"{"model",-22} {"wall",10} {"cpu/core",10} {"GFLOP/s",8} {"PyTorch",10} {"ratio",7} {"ORT",10} {"ratio",7}");
        string? only = args.FirstOrDefault(a => !a.StartsWith("--"));
        foreach (var (name, path, size) in Models.Where(m => only is null || m.Name == only))
        {
            var model = Model.Load(Path.Combine(References.Shared, path));
            var input = BenchModels.RandomInput(size);
            var sample = Timing.Measure(() => { using var pass = model.Session.Run(input); }, warmup: 10, runs: 30);
            double t = sample.Wall;
            double gflop = Flops.Of(model.Session.GetPlan(1, 3, size, size)) / 1e9;
            double? torch = References.PyTorch(name, "forward");
            double? ort = References.OnnxRuntime(name);
            Console.WriteLine($"{name,-22} {Timing.Ms(sample.Wall),10} {Timing.Ms(sample.CpuPerCore),10} {gflop / t,8:F1} {Timing.Ms(torch),10} {Timing.Ratio(t, torch),7} {Timing.Ms(ort),10} {Timing.Ratio(t, ort),7}");
        }
    }

    /// <summary>Forward + backward to resnet18's layer4 against our own forward and PyTorch's GradCAM (forward + full backward).</summary>
    public static void Backward(string[] args)
    {
        var model = Model.Load(Path.Combine(References.Shared, "fixtures/models/resnet18.onnx"));
        var input = BenchModels.RandomInput(224);
        string layer4 = model.ResolveLayer("layer4")[^1];
        double forward = Timing.Measure(() => { using var pass = model.Session.Run(input); }).Wall;
        double both = Timing.Measure(() =>
        {
            using var pass = model.Session.Run(input, new RunOptions { GradientsFor = [layer4] });
            using var g = pass.Backward([new ClassTarget(0)]);
        }).Wall;
        double? torchCam = References.PyTorch("resnet18", "gradcam");
        Console.WriteLine();
        Console.WriteLine("resnet18 forward + backward to layer4 (batch 1)");
        Console.WriteLine($"  ours forward            {Timing.Ms(forward)}");
        Console.WriteLine($"  ours forward+backward   {Timing.Ms(both)}  = {both / forward:F2}x our forward (goal <= 1.3x)");
        Console.WriteLine($"  PyTorch GradCAM (fwd+bwd, baseline.md) {Timing.Ms(torchCam)}  ratio {Timing.Ratio(both, torchCam)}");
    }
}
