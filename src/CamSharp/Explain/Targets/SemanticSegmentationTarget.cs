using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Targets;

/// <summary>
/// pytorch-grad-cam's SemanticSegmentationTarget: the sum of class <see cref="ClassIndex"/>'s
/// scores over a mask of pixels, by default the pixels where that class scores highest.
/// Works on a segmenter's [N, K, H, W] output.
/// </summary>
public sealed class SemanticSegmentationTarget : OutputTarget
{
    private readonly bool[]? _mask;

    /// <param name="classIndex">The class explained.</param>
    /// <param name="mask">H·W pixels to sum over, row-major; null: where the class wins the argmax.</param>
    /// <param name="output">Which model output holds the scores.</param>
    public SemanticSegmentationTarget(int classIndex, bool[]? mask = null, int output = 0)
    {
        ClassIndex = classIndex;
        OutputIndex = output;
        _mask = mask;
    }

    public int ClassIndex { get; }

    public int OutputIndex { get; }

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[OutputIndex];
        if (o.Rank != 4) throw new InputException($"A segmentation target needs an [N, K, H, W] output; got [{ShapeUtil.Format(o.Shape)}].");
        int k = o.Shape[1], pixels = o.Shape[2] * o.Shape[3];
        if (ClassIndex < 0 || ClassIndex >= k) throw new InputException($"Target class {ClassIndex} is out of range: the segmenter has {k} classes (0..{k - 1}).");
        if (_mask is not null && _mask.Length != pixels) throw new InputException($"The mask has {_mask.Length} pixels; the output has {o.Shape[2]}x{o.Shape[3]}.");
        var scores = o.Floats.Slice(row * k * pixels, k * pixels);
        var seed = seeds[OutputIndex].Floats.Slice((row * k + ClassIndex) * pixels, pixels);
        double sum = 0;
        for (int p = 0; p < pixels; p++)
        {
            if (!(_mask?[p] ?? Wins(scores, k, pixels, p))) continue;
            sum += scores[ClassIndex * pixels + p];
            seed[p] += 1f;
        }
        return (float)sum;
    }

    /// <summary>How many pixels each class wins (argmax, ties to the lower class), in one pass over the output.</summary>
    public static int[] WinnerCounts(Tensor output, int row)
    {
        int k = output.Shape[1], pixels = output.Shape[2] * output.Shape[3];
        var scores = output.Floats.Slice(row * k * pixels, k * pixels);
        var counts = new int[k];
        for (int p = 0; p < pixels; p++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (scores[c * pixels + p] > scores[best * pixels + p]) best = c;
            counts[best]++;
        }
        return counts;
    }

    /// <summary>The pixels (row-major) where <paramref name="classIndex"/> has the highest score.</summary>
    public static bool[] WinningPixels(Tensor output, int row, int classIndex)
    {
        var probe = new SemanticSegmentationTarget(classIndex);
        int k = output.Shape[1], pixels = output.Shape[2] * output.Shape[3];
        var scores = output.Floats.Slice(row * k * pixels, k * pixels);
        var mask = new bool[pixels];
        for (int p = 0; p < pixels; p++) mask[p] = probe.Wins(scores, k, pixels, p);
        return mask;
    }

    private bool Wins(ReadOnlySpan<float> scores, int k, int pixels, int p)
    {
        int best = 0;
        for (int c = 1; c < k; c++) if (scores[c * pixels + p] > scores[best * pixels + p]) best = c;
        return best == ClassIndex;
    }

    public override string ToString() => $"class {ClassIndex} over its pixels";
}
