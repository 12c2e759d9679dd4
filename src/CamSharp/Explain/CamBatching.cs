namespace CamSharp.Explain;

/// <summary>Batch sizes of the methods that re-run the network once per channel.</summary>
internal static class CamBatching
{
    /// <summary>
    /// Rows per pass for <paramref name="count"/> re-runs of <paramref name="bytesPerRow"/>
    /// each: the caller's <see cref="CamOptions.BatchSize"/>, else as many as the memory budget
    /// holds (and the model's per-pass <paramref name="limit"/>), evened out so the last pass is
    /// not a sliver (512 rows at 134 → 4 × 128).
    /// </summary>
    public static int RowsPerPass(CamOptions options, long bytesPerRow, int count, long limit = long.MaxValue)
    {
        if (count <= 0) return 1;
        if (options.BatchSize is int given) return System.Math.Max(1, given);
        long budget = System.Math.Min(options.MemoryBudgetBytes, limit);
        long fit = System.Math.Max(1, budget / System.Math.Max(bytesPerRow, 1));
        int rows = (int)System.Math.Min(fit, count);
        int passes = (count + rows - 1) / rows;
        return (count + passes - 1) / passes;
    }
}
