using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// The table's main rows: per model, forward and five CAM methods per image (batch 1, the
/// default target: top class of the first output), with peak memory per task and PyTorch's
/// figure from baseline.md where it has one. Each model runs in a fresh child process, so one
/// model's memory (ScoreCAM's batches, say) does not count in the next one's peaks; within a
/// model the tasks run from light to heavy, ScoreCAM last.
/// </summary>
internal static class ModelRows
{
    /// <summary>Methods timed per model, with their full run counts (ScoreCAM re-runs the network once per channel).</summary>
    private static readonly (string Method, int Runs)[] Methods =
        [("gradcam", 10), ("eigencam", 10), ("ablationcam", 5), ("scorecam", 3)];

    private const string RowPrefix = "row ";

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static IEnumerable<BenchRow> Rows(BenchSettings settings)
    {
        foreach (var entry in BenchModels.All)
            foreach (var row in ChildRows(entry, settings)) yield return row;
    }

    /// <summary>The <c>model-rows NAME</c> task: one model's rows as JSON lines, for <see cref="ChildRows"/>.</summary>
    public static void Emit(string[] args)
    {
        var entry = BenchModels.Find(args.First(a => !a.StartsWith("--")));
        foreach (var row in RowsOf(entry, BenchSettings.From(args)))
            Console.WriteLine(RowPrefix + JsonSerializer.Serialize(row, Json));
    }

    private static IEnumerable<BenchRow> ChildRows(BenchModels.Entry entry, BenchSettings settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ModelRows).Assembly.Location);
        start.ArgumentList.Add("model-rows");
        start.ArgumentList.Add(entry.Name);
        if (settings.Quick) start.ArgumentList.Add("--quick");
        using var process = Process.Start(start) ?? throw new BenchFailure("could not start dotnet");
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith(RowPrefix, StringComparison.Ordinal))
                yield return JsonSerializer.Deserialize<BenchRow>(line[RowPrefix.Length..], Json) ?? throw new BenchFailure($"bad row from the {entry.Name} child: {line}");
        process.WaitForExit();
        if (process.ExitCode != 0) throw new BenchFailure($"the {entry.Name} child process failed (exit {process.ExitCode})");
    }

    public static IEnumerable<BenchRow> RowsOf(BenchModels.Entry entry, BenchSettings settings)
    {
        var model = Model.Load(entry.FullPath);
        var input = BenchModels.Input(entry);
        var plan = model.Session.GetPlan(input.Shape);
        string layer = entry.Layer is { } named ? model.ResolveLayer(named)[^1] : (model.Profile.CamLayer?.Values[^1] ?? throw new BenchFailure($"{entry.Name}: the profile chose no CAM layer; name one"));

        // As many runs as baseline.md's forward (30); more warm-up than its one, for the JIT.
        int runs = settings.Runs(30);
        PeakMemory.Reset();
        var forward = Timing.Measure(() => { using var pass = model.Session.Run(input); }, warmup: 10, runs: runs);
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
            yield return Attempt(entry, name, n, () =>
            {
                var sample = Timing.Measure(() => CamRunner.Run(model, input, [layer], method), warmup: 1, runs: n);
                return Row(entry, name, n, sample, name) with { PeakRss = PeakMemory.Peak(), Note = $"layer {layer}" };
            });
        }
    }

    /// <summary>A task's row, or a row saying why it failed (the table goes on; the bench exits non-zero).</summary>
    private static BenchRow Attempt(BenchModels.Entry entry, string task, int runs, Func<BenchRow> measure)
    {
        try
        {
            return measure();
        }
        catch (Exception e) when (e is InputException or ModelException or ResourceLimitException)
        {
            return new BenchRow(entry.Name, task, runs, double.NaN, double.NaN, null, "") { Note = $"FAILED: {e.Message}", Failed = true };
        }
    }

    private static BenchRow Row(BenchModels.Entry entry, string task, int runs, Timing.Sample sample, string referenceTask)
    {
        double? reference = References.PyTorch(entry.Name, referenceTask);
        return new BenchRow(entry.Name, task, runs, sample.Wall, sample.CpuPerCore, reference, reference is null ? "" : "PyTorch");
    }
}
