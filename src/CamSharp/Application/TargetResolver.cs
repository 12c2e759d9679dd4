using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>Turns <see cref="ExplainTarget"/>s into output targets for the model's kind, with a label each.</summary>
internal static class TargetResolver
{
    public static (OutputTarget Target, string Label, int? Class) Resolve(ModelProfile profile, ExplainTarget wanted, Func<Tensor> firstOutput, int row)
    {
        if (wanted.Custom is { } custom) return (custom, custom.ToString() ?? "custom target", null);
        switch (profile.Kind)
        {
            case ModelKind.SemanticSegmenter:
            {
                int c = wanted.Class ?? LargestClass(profile, firstOutput(), row);
                // As pytorch-grad-cam: the mask is fixed from the prediction, so re-runs on changed inputs sum the same pixels.
                var mask = wanted.Mask ?? SemanticSegmentationTarget.WinningPixels(firstOutput(), row, c);
                return (new SemanticSegmentationTarget(c, mask), $"{profile.ClassName(c)} (its pixels)", c);
            }
            case ModelKind.Embedder when wanted.Class is null:
                return wanted.Concept is { } concept
                    ? (new EmbeddingTarget(concept), "similarity to the concept", null)
                    : (new EmbeddingTarget(), "embedding norm", null);
            case ModelKind.Detector:
                throw new InputException($"{profile.KindReason}: a detector's outputs are boxes, not class scores; explain its boxes (box targets) instead of a class.");
            default:
            {
                if (wanted.Mask is not null || wanted.Concept is not null)
                    throw new InputException($"A mask or concept target needs a segmenter or an embedder; this model is a {ModelProfileFormatter.Kind(profile.Kind)}.");
                int c = wanted.Class ?? TopClass(firstOutput(), row);
                return (new ClassTarget(c), profile.ClassName(c), c);
            }
        }
    }

    private static int TopClass(Tensor output, int row)
    {
        int classes = output.Length / output.Shape[0];
        var s = output.Floats.Slice(row * classes, classes);
        int best = 0;
        for (int i = 1; i < s.Length; i++) if (s[i] > s[best]) best = i;
        return best;
    }

    /// <summary>The class that wins the most pixels, passing over a background class when another class wins any.</summary>
    private static int LargestClass(ModelProfile profile, Tensor output, int row)
    {
        int k = output.Shape[1];
        var counts = SemanticSegmentationTarget.WinnerCounts(output, row);
        bool background = profile.ClassNames is { Count: > 0 } names && names[0].Contains("background", StringComparison.OrdinalIgnoreCase);
        int start = background && counts.Skip(1).Any(n => n > 0) ? 1 : 0;
        int best = start;
        for (int c = start + 1; c < k; c++) if (counts[c] > counts[best]) best = c;
        return best;
    }
}
