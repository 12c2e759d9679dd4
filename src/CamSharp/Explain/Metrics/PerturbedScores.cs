using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Metrics;

/// <summary>
/// Runs the model on many perturbed images and reads each one's target: images are made on
/// demand and sent <see cref="MetricInput.BatchSize"/> at a time, so a deletion curve of
/// hundreds of steps never sits in memory at once.
/// </summary>
internal static class PerturbedScores
{
    /// <summary>
    /// The score of each of <paramref name="count"/> perturbed images: <paramref name="fill"/>
    /// writes image k (C × H × W), and its score is read with the target of image
    /// <paramref name="imageOf"/>(k). Images of one batch are made in parallel.
    /// </summary>
    public static float[] Run(MetricInput input, int count, Func<int, int> imageOf, Action<int, Span<float>> fill)
    {
        var scores = new float[count];
        int size = input.Channels * input.Pixels;
        int batch = RowsPerPass(input, count);
        var buffer = new float[batch * size];
        for (int start = 0; start < count; start += batch)
        {
            int rows = System.Math.Min(batch, count - start);
            WorkerTeam.For(rows, k => fill(start + k, buffer.AsSpan(k * size, size)));
            using var tensor = Tensor.Uninitialized(DataType.Float32, [rows, input.Channels, input.Height, input.Width]);
            buffer.AsSpan(0, rows * size).CopyTo(tensor.Floats);
            Score(input, tensor, start, imageOf, scores);
        }
        return scores;
    }

    /// <summary>
    /// <see cref="MetricInput.BatchSize"/> rows per pass, but never more than the model's memory
    /// budget holds (a row: the model's peak for one image, its largest tensor, and the perturbed
    /// copy twice): report --metrics road at --max-memory 100M was refused for a batch of 32
    /// 224×224 images after the CAMs were made.
    /// </summary>
    internal static int RowsPerPass(MetricInput input, int count)
    {
        int asked = System.Math.Min(input.BatchSize, System.Math.Max(count, 1));
        if (asked <= 1) return 1;
        Plan single;
        try
        {
            single = input.Model.Session.GetPlan(1, input.Channels, input.Height, input.Width);
        }
        catch (InputException)
        {
            return asked; // a model that takes no batch dimension: Score runs it image by image anyway
        }
        long perRow = single.PeakBytes + single.LargestTensorBytes + 8L * input.Channels * input.Pixels;
        return CamBatching.RowsPerPass(new CamOptions { BatchSize = asked }, perRow, count, input.Model.Limits.MemoryBytes);
    }

    private static void Score(MetricInput input, Tensor batch, int start, Func<int, int> imageOf, float[] scores)
    {
        int rows = batch.Shape[0];
        if (rows > 1 && !AcceptsBatch(input.Model, batch.Shape))
        {
            // A model that bakes batch 1 into its graph: one image at a time.
            for (int k = 0; k < rows; k++)
            {
                using var row = TensorRows.Row(batch, k);
                using var single = input.Model.Session.Run(row);
                scores[start + k] = input.Targets[imageOf(start + k)].Score(single.Outputs, 0);
            }
            return;
        }
        using var pass = input.Model.Session.Run(batch);
        for (int k = 0; k < rows; k++) scores[start + k] = input.Targets[imageOf(start + k)].Score(pass.Outputs, k);
    }

    private static bool AcceptsBatch(Model model, int[] shape)
    {
        try
        {
            return model.Session.GetPlan(shape).BatchSafe;
        }
        catch (InputException)
        {
            return false;
        }
    }
}
