using CamSharp.Detection;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Application;

/// <summary>
/// What CamSharp understands of a model, decided once when it loads and shown by
/// <c>camsharp layers</c>: its kind, how images are prepared for it, its class names, the
/// layers and targets every command uses when none are given, and anything doubtful.
/// Each choice carries the reason it was made. Immutable.
/// </summary>
public sealed record ModelProfile
{
    public required ModelKind Kind { get; init; }

    public required string KindReason { get; init; }

    /// <summary>The input size the profile was worked out at (the model's own, or a usual one for dynamic inputs).</summary>
    public required (int Height, int Width) InputSize { get; init; }

    /// <summary>Whether the model fixes its input size.</summary>
    public required bool FixedInputSize { get; init; }

    /// <summary>A video model's clip shape (frames of <see cref="InputSize"/>); null for a model of pictures.</summary>
    public VideoInput? Video { get; init; }

    public required PreprocessOptions Preprocess { get; init; }

    public required string PreprocessReason { get; init; }

    /// <summary>Scores per image (classes of a classifier or segmenter, a detector's classes, an embedding's size).</summary>
    public int? Classes { get; init; }

    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Where <see cref="ClassNames"/> came from ("model metadata", "ImageNet-1k (bundled)").</summary>
    public string? ClassNamesSource { get; init; }

    /// <summary>A detector's output layout.</summary>
    public HeadKind? Head { get; init; }

    /// <summary>The layer class activation maps use by default (null: none could be chosen; a layer must be named).</summary>
    public LayerChoice? CamLayer { get; init; }

    /// <summary>The layer names feature maps use by default (MMYOLO's <c>backbone</c> where the model has one).</summary>
    public required IReadOnlyList<string> FeatureLayers { get; init; }

    /// <summary>What is explained when no target is given.</summary>
    public required string DefaultTarget { get; init; }

    /// <summary>Doubts worth telling the user once per run.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A class's name, or "class N" when the model has none.</summary>
    public string ClassName(int index) =>
        ClassNames is not null && index >= 0 && index < ClassNames.Count ? ClassNames[index] : $"class {index}";
}
