using System.Diagnostics;
using CamSharp.Explain;

namespace CamSharp.Bench;

/// <summary>
/// Whole-process peak memory of one CAM task, in a fresh process so nothing else the bench did
/// counts: <c>memory MODEL METHOD</c> runs the method a few times and prints <c>peak_rss_bytes=N</c>.
/// The table starts it as a child for resnet18 GradCAM (issue 8: ≤ PyTorch's process).
/// </summary>
internal static class MemoryBench
{
    public static void Run(string[] args)
    {
        var names = args.Where(a => !a.StartsWith("--")).ToArray();
        var entry = BenchModels.Find(names.ElementAtOrDefault(0) ?? "resnet18");
        string method = names.ElementAtOrDefault(1) ?? "gradcam";
        var model = Model.Load(entry.FullPath);
        var input = BenchModels.Input(entry);
        string layer = entry.Layer is { } named ? model.ResolveLayer(named)[^1] : (model.Profile.CamLayer?.Values[^1] ?? throw new BenchFailure($"{entry.Name}: the profile chose no CAM layer; name one"));
        for (int i = 0; i < 5; i++) CamRunner.Run(model, input, [layer], CamMethods.Create(method));
        Console.WriteLine($"peak_rss_bytes={PeakMemory.Peak()}");
    }

    /// <summary>The table row: a child process's peak (no timing; the figure is memory).</summary>
    public static IEnumerable<BenchRow> TableRows(BenchSettings settings)
    {
        long? peak = Child("resnet18", "gradcam");
        yield return new BenchRow("resnet18", "gradcam process", 5, double.NaN, double.NaN, null, "")
        {
            PeakRss = peak,
            Note = "peak RSS of a fresh process running 5 GradCAMs (runtime, model, input, CAM); compare tools/reference_bench/torch_cams.py memory",
        };
    }

    private static long? Child(string model, string method)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(MemoryBench).Assembly.Location);
        foreach (var a in new[] { "memory", model, method }) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new BenchFailure("could not start dotnet");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("peak_rss_bytes=", StringComparison.Ordinal));
        return line is not null && long.TryParse(line["peak_rss_bytes=".Length..].Trim(), out long v) ? v : null;
    }
}
