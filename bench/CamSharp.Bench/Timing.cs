using System.Diagnostics;

namespace CamSharp.Bench;

/// <summary>
/// Medians of wall time and of process CPU time per call. Ratios use wall time; CPU time per
/// core is printed beside it because on a shared machine other load inflates wall time, and a
/// CPU figure far below the wall figure says the run was disturbed (or ran on one core).
/// </summary>
internal static class Timing
{
    public readonly record struct Sample(double Wall, double Cpu)
    {
        /// <summary>CPU seconds spread over the machine's cores: the idle-machine estimate.</summary>
        public double CpuPerCore => Cpu / Environment.ProcessorCount;
    }

    public static Sample Measure(Action action, int warmup = 3, int runs = 15)
    {
        for (int i = 0; i < warmup; i++) action();
        var wall = new double[runs];
        var cpu = new double[runs];
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            wall[i] = sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return new Sample(wall[runs / 2], cpu[runs / 2]);
    }

    public static string Ratio(double ours, double? reference) => reference is { } r ? $"{ours / r:F2}x" : "-";

    public static string Ms(double? seconds) => seconds is { } s ? $"{s * 1000:F1} ms" : "-";
}
