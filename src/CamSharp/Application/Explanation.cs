using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Application;

/// <summary>One map of an <see cref="Explanation"/>: what it explains and the map itself.</summary>
public sealed record ExplainedMap
{
    /// <summary>What was explained, for captions ("tabby cat", "class 3 over its pixels", "concept 2: dog").</summary>
    public required string Label { get; init; }

    /// <summary>The class explained, when there is one.</summary>
    public int? Class { get; init; }

    /// <summary>The target's value (a logit, a summed score, a similarity).</summary>
    public double Score { get; init; }

    /// <summary>The [0, 1] map at the network input's size (null for input-gradient pictures).</summary>
    public FloatMap? AtInput { get; init; }

    /// <summary>The map carried back to the source image through the resize or letterbox (null without an image).</summary>
    public FloatMap? OnImage { get; init; }

    /// <summary>A picture the method draws itself (guided backpropagation), at the input's size.</summary>
    public RgbImage? Picture { get; init; }

    /// <summary>Whether the map came out all zero (nothing to show: every pixel counted against the target).</summary>
    public bool AllZero => AtInput is { } m && m.Data.All(v => v == 0);
}

/// <summary>
/// What an <see cref="Explainer"/> returns for one input: a map per target, already carried
/// back to the source image, with the prepared input (for drawing) and anything doubtful.
/// </summary>
public sealed record Explanation
{
    public required string Method { get; init; }

    public required IReadOnlyList<ExplainedMap> Maps { get; init; }

    /// <summary>The layers explained.</summary>
    public required IReadOnlyList<LayerChoice> Layers { get; init; }

    /// <summary>The image as given and as the network saw it; null when a tensor was explained.</summary>
    public PreparedInput? Input { get; init; }

    /// <summary>A video clip's frames as given and as the network saw them, in time order; null for an image or a tensor.</summary>
    public IReadOnlyList<PreparedInput>? Frames { get; init; }

    /// <summary>
    /// What the model said about the input (top classes, a segmenter's pixel shares, an
    /// embedding's size), read from the forward pass the maps came from; null when the method
    /// ran no plain pass and no target needed one.
    /// </summary>
    public Prediction? Prediction { get; init; }

    /// <summary>Doubts about this result (a map that came out all zero).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
