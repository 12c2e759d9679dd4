using CamSharp.Explain;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>Per-image CAM timings on resnet18 at 224 (layer4, top class), beside pytorch-grad-cam's in baseline.md.</summary>
internal static class CamBench
{
    public static void Run(string[] args)
    {
        var model = Model.Load(Path.Combine(References.Shared, "fixtures/models/resnet18.onnx"));
        var input = Npy.ReadTensor(Path.Combine(References.Shared, "fixtures/outputs/tensors/resnet18__d224__224x224.npy"));
        string layer = model.ResolveLayer("layer4")[^1];
        Console.WriteLine();
        int? batch = args.Contains("--batch") ? int.Parse(args[Array.IndexOf(args, "--batch") + 1]) : null;
        var options = new CamOptions { BatchSize = batch };
        Console.WriteLine($"resnet18 CAMs per image (layer4; ScoreCAM/AblationCAM batch {(batch is { } b ? b.ToString() : "from the memory budget")}, --batch N to set it)");
        Console.WriteLine($"{"method",-14} {"ours",10} {"pytorch-grad-cam",18} {"ratio",7}");
        var times = new Dictionary<string, double>();
        foreach (var (name, task, runs) in new[] { ("gradcam", "gradcam", 10), ("reciprocam", "reciprocam", 10), ("ablationcam", "ablationcam", 3), ("scorecam", "scorecam", 2) })
        {
            var method = CamMethods.Create(name);
            var t = Timing.Measure(() => CamRunner.Run(model, input, [layer], method, options: options), warmup: 1, runs: runs).Wall;
            times[name] = t;
            double? reference = References.PyTorch("resnet18", task);
            Console.WriteLine($"{name,-14} {Timing.Ms(t),10} {Timing.Ms(reference),18} {Timing.Ratio(t, reference),7}");
        }
        // Issue 21: Recipro-CAM at least 20x faster than Score-CAM and within 2x of Grad-CAM.
        Console.WriteLine($"reciprocam: {times["scorecam"] / times["reciprocam"]:F1}x faster than scorecam, {times["reciprocam"] / times["gradcam"]:F2}x gradcam's time");
    }
}
