using CamSharp.Engine;

namespace CamSharp.Application;

/// <summary>
/// What to explain in one map, in the model's own terms; the explainer turns it into the
/// output target that fits the model's kind. The default explains the top class (the
/// segmenter's largest class, the embedding's norm).
/// </summary>
public sealed record ExplainTarget
{
    /// <summary>A classifier's class, or a segmenter's class over the pixels where it wins.</summary>
    public int? Class { get; init; }

    /// <summary>A segmenter's pixels to explain (H·W, row-major at the output's size) instead of where the class wins.</summary>
    public bool[]? Mask { get; init; }

    /// <summary>An embedder's concept: explain the cosine similarity to this embedding.</summary>
    public float[]? Concept { get; init; }

    /// <summary>A caller's own scalar from the outputs, used as given.</summary>
    public OutputTarget? Custom { get; init; }

    /// <summary>The model's top class (its default).</summary>
    public static ExplainTarget Top { get; } = new();

    public static ExplainTarget OfClass(int classIndex) => new() { Class = classIndex };
}
