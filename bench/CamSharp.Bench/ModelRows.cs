using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// The table's main rows: per model, forward and five CAM methods per image (batch 1, the
/// default target: top class of the first output), with peak memory per task and PyTorch's
/// figure from baseline.md where it has one.
/// </summary>
internal static class ModelRows
{
    /// <summary>Methods timed per model, with their full run counts (ScoreCAM re-runs the network once per channel).</summary>
    private static readonly (string Method, int Runs)[] Methods =
        [("gradcam", 10), ("scorecam", 3), ("ablationcam", 5), ("eigencam", 10)];

    public static IEnumerable<BenchRow> Rows(BenchSettings settings)
    {
        foreach (var entry in BenchModels.All)
            foreach (var row in RowsOf(entry, settings)) yield return row;
    }

    public static IEnumerable<BenchRow> RowsOf(BenchModels.Entry entry, BenchSettings settings)
    {
        var model = Model.Load(entry.FullPath);
        var input = BenchModels.Input(entry);
        var plan = model.Session.GetPlan(input.Shape);
        string layer = entry.Layer is { } named ? model.ResolveLayer(named)[^1] : DefaultTargetLayer.Find(model, plan).Value;

        int runs = settings.Runs(15);
        PeakMemory.Reset();
        var forward = Timing.Measure(() => { using var pass = model.Session.Run(input); }, warmup: 3, runs: runs);
        yield return Row(entry, "forward", runs, forward, "forward") with
        {
            Gflops = Flops.Of(plan) / 1e9 / forward.Wall,
            PeakRss = PeakMemory.Peak(),
        };

        if (entry.Name == "resnet18")
        {
            PeakMemory.Reset();
            var both = Timing.Measure(() =>
            {
                using var pass = model.Session.Run(input, new RunOptions { GradientsFor = [layer] });
                using var g = pass.Backward([new ClassTarget(0)]);
            }, warmup: 3, runs: runs);
            yield return Row(entry, "fwd+bwd layer4", runs, both, "gradcam") with
            {
                PeakRss = PeakMemory.Peak(),
                Note = $"{both.Wall / forward.Wall:F2}x our forward (goal <= 1.3x); reference: PyTorch GradCAM",
            };
        }

        foreach (var (name, full) in Methods)
        {
            var method = CamMethods.Create(name);
            int n = settings.Runs(full);
            PeakMemory.Reset();
            var sample = Timing.Measure(() => CamRunner.Run(model, input, [layer], method), warmup: 1, runs: n);
            yield return Row(entry, name, n, sample, name) with { PeakRss = PeakMemory.Peak(), Note = $"layer {layer}" };
        }
    }

    private static BenchRow Row(BenchModels.Entry entry, string task, int runs, Timing.Sample sample, string referenceTask)
    {
        double? reference = References.PyTorch(entry.Name, referenceTask);
        return new BenchRow(entry.Name, task, runs, sample.Wall, sample.CpuPerCore, reference, reference is null ? "" : "PyTorch");
    }
}
