using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CamSharp.Explain;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// Issue 20's pytorch-grad-cam ratios, measured side by side in the same minutes: Grad-CAM and
/// Score-CAM per image in process (ours, then pytorch-grad-cam itself through
/// tools/reference_bench/pgc_methods.py), and the whole process a user runs (<c>camsharp cam IMAGE --model MODEL
/// --out-file</c> against tools/reference_bench/pgc_cam_process.py), alternating.
/// <c>pgc --pgc DIR [--model resnet18=FILE.onnx]… [--camsharp EXE] [--image FILE] [--processes N] [--no-scorecam]</c>;
/// DIR is a pytorch-grad-cam checkout; resnet18 defaults to the fixture; EXE defaults to the CLI published for
/// this machine as its tool package is packed (<see cref="PublishedTool"/>: what an installed camsharp runs).
/// </summary>
internal static class PgcBench
{
    public static void Run(string[] args)
    {
        string pgc = Option(args, "--pgc") ?? throw new BenchFailure("pgc needs --pgc DIR (a pytorch-grad-cam checkout)");
        var models = Options(args, "--model").Select(m => m.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (models.Count == 0) models["resnet18"] = Path.Combine(References.Shared, "fixtures/models/resnet18.onnx");
        int processes = int.Parse(Option(args, "--processes") ?? "5", CultureInfo.InvariantCulture);
        bool score = !args.Contains("--no-scorecam");
        string image = Option(args, "--image") ?? Path.Combine(References.Shared, "assets/images/samoyed_hub.jpg");
        // The whole process as each side's user runs it: the installed tool against the Python script.
        string camsharp = Option(args, "--camsharp") ?? PublishedTool.Publish(RepoRoot());
        Console.WriteLine($"ours / pytorch-grad-cam on this machine, same minutes; camsharp: {camsharp}; load {Load()}");
        foreach (var (name, path) in models)
        {
            var model = Model.Load(path);
            string layer = model.ResolveLayer("layer4")[^1];
            using var input = Tensor.FromFloats(Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)Math.Sin(i * 0.37)).ToArray(), 1, 3, 224, 224);
            double oursGrad = Timing.Measure(() => CamRunner.Run(model, input, [layer], CamMethods.Create("gradcam")), warmup: 2, runs: 10).Wall;
            double? oursScore = score ? Timing.Measure(() => CamRunner.Run(model, input, [layer], CamMethods.Create("scorecam")), warmup: 1, runs: 2).Wall : null;
            var reference = Python(pgc, "pgc_methods.py", name, "10", score ? "2" : "0");
            double torchGrad = Seconds(reference, "gradcam");
            Console.WriteLine($"{name} Grad-CAM   ours {Timing.Ms(oursGrad),10}  pytorch-grad-cam {Timing.Ms(torchGrad),10}  ratio {oursGrad / torchGrad:F3}");
            if (oursScore is { } s)
            {
                double torchScore = Seconds(reference, "scorecam");
                Console.WriteLine($"{name} Score-CAM  ours {s,8:F2} s  pytorch-grad-cam {torchScore,8:F2} s  ratio {s / torchScore:F3}");
            }
            // Whole processes, alternating so both see the same load.
            string output = Path.Combine(Path.GetTempPath(), $"camsharp-pgc-{Environment.ProcessId}.png");
            var ours = new List<(double Wall, double Cpu)>();
            var theirs = new List<(double Wall, double Cpu)>();
            for (int i = 0; i < processes; i++)
            {
                ours.Add(Whole(Camsharp(camsharp, ["cam", image, "--model", path, "--out-file", output])));
                theirs.Add(Whole(PythonStart(pgc, "pgc_cam_process.py", name, image, output)));
            }
            File.Delete(output);
            double o = Median(ours, r => r.Wall), t = Median(theirs, r => r.Wall);
            double oc = Median(ours, r => r.Cpu), tc = Median(theirs, r => r.Cpu);
            Console.WriteLine($"{name} whole process  ours {o,6:F2} s  python cam.py-style {t,6:F2} s  ratio {o / t:F3}  (medians of {processes})");
            Console.WriteLine($"{name} whole process CPU (user+sys)  ours {oc,6:F2} s  python cam.py-style {tc,6:F2} s  ratio {oc / tc:F3}");
        }
        Console.WriteLine($"load {Load()}");
        if (Option(args, "--camsharp") is null) Directory.Delete(Path.GetDirectoryName(camsharp)!, recursive: true);
    }

    private static ProcessStartInfo Camsharp(string exe, string[] command)
    {
        var start = new ProcessStartInfo(exe);
        foreach (var a in command) start.ArgumentList.Add(a);
        return start;
    }

    private static ProcessStartInfo PythonStart(string pgc, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3");
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "tools", "reference_bench", script));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["PYTHONPATH"] = pgc;
        return start;
    }

    private static string Python(string pgc, string script, params string[] arguments)
    {
        var start = PythonStart(pgc, script, arguments);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new BenchFailure($"could not start {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new BenchFailure($"{script} failed (exit {process.ExitCode}): {stdout}{stderr.Result}");
        return stdout;
    }

    private static double Median(List<(double Wall, double Cpu)> runs, Func<(double Wall, double Cpu), double> pick) =>
        Stats.Percentile([.. runs.Select(pick)], 0.5);

    /// <summary>Wall and CPU seconds of one whole process, output discarded; a failure stops the bench.</summary>
    private static (double Wall, double Cpu) Whole(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        double cpu = ChildCpu.Seconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new BenchFailure($"could not start {start.FileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new BenchFailure($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed (exit {process.ExitCode}): {stderr.Result}");
        return (seconds, ChildCpu.Seconds() - cpu);
    }

    private static double Seconds(string output, string label)
    {
        var m = Regex.Match(output, $@"{label}: ([0-9.]+) s");
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new BenchFailure($"no '{label}' time in: {output}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx"))) return dir.FullName;
        throw new BenchFailure("Run the bench from inside the repository (CamSharp.slnx not found above the binary).");
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static IEnumerable<string> Options(string[] args, string name)
    {
        for (int i = 0; i + 1 < args.Length; i++)
            if (args[i] == name) yield return args[i + 1];
    }
}
