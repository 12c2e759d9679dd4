using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>The most probable classes of a classifier's output.</summary>
public static class TopClasses
{
    /// <summary>A class index and its probability.</summary>
    public readonly record struct Entry(int Index, float Probability);

    /// <summary>True for [N, C] or [N, C, 1, 1] float outputs with more than one class.</summary>
    public static bool LooksLikeClassifier(Tensor output) =>
        output.Type == DataType.Float32 && output.Rank >= 2 && output.Shape.Skip(2).All(d => d == 1) && output.Shape[1] > 1;

    /// <summary>
    /// The <paramref name="k"/> most probable classes of the first row, best first (ties by
    /// index). The row is softmaxed unless it already is a probability distribution.
    /// </summary>
    public static Entry[] Compute(Tensor output, int k)
    {
        int classes = output.Length / output.Shape[0];
        var row = output.Floats[..classes];
        float sum = System.Numerics.Tensors.TensorPrimitives.Sum(row);
        bool probabilities = System.Math.Abs(sum - 1) < 1e-3 && System.Numerics.Tensors.TensorPrimitives.Min(row) >= 0;
        var p = new float[classes];
        if (probabilities) row.CopyTo(p);
        else ClassProbabilities.Softmax(row, p, "the model's first output");
        return Enumerable.Range(0, classes).OrderByDescending(i => p[i]).ThenBy(i => i).Take(System.Math.Max(k, 0)).Select(i => new Entry(i, p[i])).ToArray();
    }
}
