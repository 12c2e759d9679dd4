using System.Diagnostics;

namespace CamSharp.Bench;

internal static class Timing
{
    /// <summary>Median wall time in seconds of <paramref name="runs"/> timed calls after <paramref name="warmup"/> untimed ones.</summary>
    public static double Median(Action action, int warmup = 3, int runs = 15)
    {
        for (int i = 0; i < warmup; i++) action();
        var samples = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            samples[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(samples);
        return samples[runs / 2];
    }

    public static string Ratio(double ours, double? reference) => reference is { } r ? $"{ours / r:F2}x" : "-";

    public static string Ms(double? seconds) => seconds is { } s ? $"{s * 1000:F1} ms" : "-";
}
