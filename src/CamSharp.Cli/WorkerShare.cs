namespace CamSharp.Cli;

/// <summary>
/// --workers over several inputs share one --max-memory: each worker runs its input under
/// budget / workers (decoding, forward passes, batched re-runs), and fewer workers run when a
/// share would not hold two forward passes of the model's fixed input size.
/// </summary>
internal static class WorkerShare
{
    public static (Model Model, int Workers) Split(Model model, int requested, int inputs)
    {
        int workers = Math.Min(Math.Max(1, requested), Math.Max(1, inputs));
        if (workers == 1) return (model, 1);
        long budget = model.Limits.MemoryBytes;
        if (model.StaticInputSize is { } size && model.Input.Shape is [_, int channels, ..] && channels > 0)
        {
            // A video model's pass is over a whole clip.
            int[] shape = model.Input.Shape is { Length: 5 } ? model.InputShapeFor(size.Height, size.Width) : [1, channels, size.Height, size.Width];
            long pass = model.Session.GetPlan(shape).PeakBytes;
            workers = (int)Math.Clamp(budget / Math.Max(1, 2 * pass), 1, workers);
        }
        return workers == 1 ? (model, 1) : (model.WithLimits(model.Limits with { MemoryBytes = budget / workers }), workers);
    }
}
