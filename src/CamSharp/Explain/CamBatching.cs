using CamSharp.Engine;

namespace CamSharp.Explain;

/// <summary>Batch sizes of the methods that re-run the network once per channel.</summary>
internal static class CamBatching
{
    /// <summary>
    /// Rows per pass for <paramref name="count"/> re-runs of <paramref name="bytesPerRow"/>
    /// each: the caller's <see cref="CamOptions.BatchSize"/>, else as many as the memory budget
    /// holds (and the model's per-pass <paramref name="limit"/>), evened out so the last pass is
    /// not a sliver (512 rows at 134 → 4 × 128). A given batch size is a ceiling under the model's
    /// <paramref name="limit"/>: boxam's default of 32 rows of a 640×640 YOLO was refused at
    /// --max-memory 100M before any work, though batches that fit give the same maps.
    /// </summary>
    public static int RowsPerPass(CamOptions options, long bytesPerRow, int count, long limit = long.MaxValue)
    {
        if (count <= 0) return 1;
        if (options.BatchSize is int given)
            return (int)System.Math.Max(1, System.Math.Min(given, limit / System.Math.Max(bytesPerRow, 1)));
        long budget = System.Math.Min(options.MemoryBudgetBytes, limit);
        long fit = System.Math.Max(1, budget / System.Math.Max(bytesPerRow, 1));
        int rows = (int)System.Math.Min(fit, count);
        int passes = (count + rows - 1) / rows;
        return (count + passes - 1) / passes;
    }

    /// <summary>
    /// <paramref name="rows"/> when the model runs a batch of that many inputs of this shape
    /// (one image's shape, batch first), else 1: a batch-1 export (a Reshape to [1, …] in the
    /// graph) must be run image by image.
    /// </summary>
    public static int RowsTheModelTakes(Session session, int rows, int[] imageShape)
    {
        if (rows <= 1) return 1;
        try
        {
            return session.GetPlan([rows, .. imageShape[1..]]).BatchSafe ? rows : 1;
        }
        catch (InputException)
        {
            return 1;
        }
    }
}
