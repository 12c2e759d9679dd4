using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>
/// Gradients of one target per row with respect to the model input, and target scores,
/// for batches of any size: rows are run <c>chunk</c> at a time so that a long batch of
/// integration steps or noisy copies never holds more than one chunk of activations.
/// </summary>
internal static class InputGradients
{
    /// <summary>d target_r / d row_r for every row r of <paramref name="batch"/> (N×…), as one tensor.</summary>
    public static Tensor Compute(Model model, Tensor batch, IReadOnlyList<OutputTarget> targets, int chunk, BackwardOptions? options = null)
    {
        string name = model.Session.InputName;
        var result = Tensor.Zeros(batch.Shape);
        ForChunks(batch, chunk, (start, rows) =>
        {
            var runOptions = new RunOptions { GradientsFor = [name], FuseActivations = options?.Override is null };
            using var pass = model.Session.Run(rows, runOptions);
            using var grads = pass.Backward(Slice(targets, start, rows.Shape[0]), options);
            grads[name].Floats.CopyTo(result.Floats.Slice(start * RowLength(batch), rows.Length));
        });
        return result;
    }

    /// <summary>target_r(row_r) for every row of <paramref name="batch"/>.</summary>
    public static float[] Scores(Model model, Tensor batch, IReadOnlyList<OutputTarget> targets, int chunk)
    {
        var scores = new float[batch.Shape[0]];
        ForChunks(batch, chunk, (start, rows) =>
        {
            using var pass = model.Session.Run(rows);
            for (int r = 0; r < rows.Shape[0]; r++) scores[start + r] = targets[start + r].Score(pass.Outputs, r);
        });
        return scores;
    }

    /// <summary>Copies image <paramref name="b"/> of <paramref name="input"/> <paramref name="count"/> times into a new batch.</summary>
    public static Tensor Repeat(Tensor input, int b, int count)
    {
        int n = RowLength(input);
        var t = Tensor.Uninitialized(DataType.Float32, [count, .. input.Shape[1..]]);
        var row = input.Floats.Slice(b * n, n);
        for (int i = 0; i < count; i++) row.CopyTo(t.Floats.Slice(i * n, n));
        return t;
    }

    public static int RowLength(Tensor t) => t.Length / t.Shape[0];

    private static void ForChunks(Tensor batch, int chunk, Action<int, Tensor> run)
    {
        if (chunk < 1) throw new InputException($"The batch size must be at least 1; got {chunk}.");
        int n = batch.Shape[0], len = RowLength(batch);
        for (int start = 0; start < n; start += chunk)
        {
            int count = System.Math.Min(chunk, n - start);
            if (count == n)
            {
                run(start, batch);
                continue;
            }
            using var rows = Tensor.Uninitialized(DataType.Float32, [count, .. batch.Shape[1..]]);
            batch.Floats.Slice(start * len, count * len).CopyTo(rows.Floats);
            run(start, rows);
        }
    }

    private static OutputTarget[] Slice(IReadOnlyList<OutputTarget> targets, int start, int count) =>
        Enumerable.Range(start, count).Select(i => targets[i]).ToArray();
}
