using System.Globalization;
using CamSharp.Explain;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// Score-CAM on resnet18 layer4 at 224 (the pgc bench's input) per batch size: which batch the
/// masked forwards run fastest at on this machine, beside the batch the memory budget picks.
/// <c>scorecam [--batches 8,16,32,…] [--runs N] [--forward]</c>; <c>--forward</c> times the masked forwards alone.
/// </summary>
internal static class ScoreCamBench
{
    public static void Run(string[] args)
    {
        var model = Model.Load(Path.Combine(References.Shared, "fixtures/models/resnet18.onnx"));
        string layer = model.ResolveLayer("layer4")[^1];
        using var input = Tensor.FromFloats(Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)Math.Sin(i * 0.37)).ToArray(), 1, 3, 224, 224);
        int runs = int.Parse(Option(args, "--runs") ?? "2", CultureInfo.InvariantCulture);
        var batches = (Option(args, "--batches") ?? "0,8,16,32,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));
        var plan = model.Session.GetPlan(1, 3, 224, 224);
        int budget = CamBatching.RowsPerPass(new CamOptions(), plan.PeakBytes + plan.LargestTensorBytes, 512);
        Console.WriteLine($"Score-CAM resnet18 layer4 224x224, {Environment.ProcessorCount} threads; the memory budget picks batch {budget}; load {Load()}");
        using (var pass = model.Session.Run(input, new Engine.RunOptions { Taps = [layer] }))
        {
            var a = pass.Value(layer).Floats.ToArray();
            int plane = a.Length / 512;
            int constant = Enumerable.Range(0, 512).Count(c => a.AsSpan(c * plane, plane).IndexOfAnyExcept(a[c * plane]) < 0);
            Console.WriteLine($"{constant} of 512 channels are constant on this input");
        }
        if (args.Contains("--forward"))
        {
            // The masked forwards alone: per batch size, the fastest of interleaved rounds, per image.
            var sizes = batches.Where(b => b > 0).ToArray();
            var inputs = sizes.Select(b => Tensor.FromFloats(Enumerable.Range(0, b * 3 * 224 * 224).Select(i => (float)Math.Sin(i * 0.37)).ToArray(), b, 3, 224, 224)).ToArray();
            var best = sizes.Select(_ => double.MaxValue).ToArray();
            var cpuBest = sizes.Select(_ => double.MaxValue).ToArray();
            var process = System.Diagnostics.Process.GetCurrentProcess();
            for (int round = 0; round < runs; round++)
                for (int k = 0; k < sizes.Length; k++)
                {
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    using (model.Session.Run(inputs[k])) { }
                    best[k] = Math.Min(best[k], clock.Elapsed.TotalSeconds / sizes[k]);
                    process.Refresh();
                    cpuBest[k] = Math.Min(cpuBest[k], (process.TotalProcessorTime - cpu0).TotalSeconds / sizes[k]);
                }
            for (int k = 0; k < sizes.Length; k++)
                Console.WriteLine($"forward batch {sizes[k],3}: fastest {best[k] * 1000,6:F2} ms/image wall, {cpuBest[k] * 1000,6:F2} ms/image cpu");
            Console.WriteLine($"load {Load()}");
            return;
        }
        foreach (int batch in batches)
        {
            var options = new CamOptions { BatchSize = batch > 0 ? batch : null };
            var t = Timing.Measure(() => CamRunner.Run(model, input, [layer], CamMethods.Create("scorecam"), options: options), warmup: 1, runs: runs);
            Console.WriteLine($"batch {(batch > 0 ? batch.ToString(CultureInfo.InvariantCulture) : $"{budget} (budget)"),-14} wall {t.Wall,7:F3} s  cpu {t.Cpu,7:F3} s");
        }
        Console.WriteLine($"load {Load()}");
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
