using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>One class in a <see cref="Prediction"/>: its index, name and share (a probability, or a share of the pixels).</summary>
public readonly record struct PredictedClass(int Index, string Name, float Share);

/// <summary>
/// What a model's first output says about one image, read by its kind: a classifier's most
/// probable classes, a segmenter's classes by the share of pixels they win, an embedder's
/// vector size and norm (an embedding has no classes to rank).
/// </summary>
public sealed record Prediction(ModelKind Kind, IReadOnlyList<PredictedClass> Top, int? EmbeddingSize = null, double? EmbeddingNorm = null)
{
    public static Prediction Of(ModelProfile profile, Tensor firstOutput, int k)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(firstOutput);
        switch (profile.Kind)
        {
            case ModelKind.Classifier:
            case ModelKind.Other when TopClasses.LooksLikeClassifier(firstOutput):
                return new(profile.Kind, TopClasses.Compute(firstOutput, k).Select(e => new PredictedClass(e.Index, profile.ClassName(e.Index), e.Probability)).ToArray());
            case ModelKind.SemanticSegmenter when firstOutput.Rank == 4:
            {
                int pixels = firstOutput.Shape[2] * firstOutput.Shape[3];
                var shares = SemanticSegmentationTarget.WinnerCounts(firstOutput, 0)
                    .Select((n, c) => new PredictedClass(c, profile.ClassName(c), n / (float)pixels))
                    .Where(p => p.Share > 0).OrderByDescending(p => p.Share).ThenBy(p => p.Index).Take(Math.Max(k, 0)).ToArray();
                return new(profile.Kind, shares);
            }
            case ModelKind.Embedder:
            {
                int d = firstOutput.Length / firstOutput.Shape[0];
                var row = firstOutput.Floats[..d];
                return new(profile.Kind, [], d, Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(row, row)));
            }
            default:
                return new(profile.Kind, []);
        }
    }
}
