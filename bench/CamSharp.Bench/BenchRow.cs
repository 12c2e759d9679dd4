namespace CamSharp.Bench;

/// <summary>
/// One line of the summary table: our median per image (wall, and CPU per core), the reference
/// median where one exists, and extras. <see cref="Reference"/> null means the reference has no figure.
/// </summary>
internal sealed record BenchRow(string Model, string Task, int Runs, double Wall, double CpuPerCore, double? Reference, string ReferenceName)
{
    /// <summary>Peak resident memory of the process while the task ran (bytes), where measured.</summary>
    public long? PeakRss { get; init; }

    /// <summary>Throughput where the task has a flop count.</summary>
    public double? Gflops { get; init; }

    public string Note { get; init; } = "";

    public double? Ratio => Reference is { } r && r > 0 ? Wall / r : null;
}
