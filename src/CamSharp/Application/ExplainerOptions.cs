using CamSharp.Explain;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Application;

/// <summary>
/// What an <see cref="Explainer"/> binds once: the method, the layers, how images are
/// prepared and how layers are read. Everything left null is chosen from the model's
/// <see cref="ModelProfile"/>. Validated when the explainer is made, not per image.
/// </summary>
public sealed record ExplainerOptions
{
    /// <summary>A name from <see cref="CamMethods"/> (<c>gradcam</c>, <c>scorecam</c>, …).</summary>
    public string Method { get; init; } = "gradcam";

    /// <summary>
    /// A method of the caller's own (a <see cref="CamMethod"/> subclass), used instead of
    /// <see cref="Method"/>; a fresh object is made per explanation.
    /// </summary>
    public Func<CamMethod>? CustomMethod { get; init; }

    /// <summary>Layer names (module paths, value or node names); null: the profile's default.</summary>
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>The pipeline's options (smoothing, batch size, precision).</summary>
    public CamOptions Cam { get; init; } = new();

    /// <summary>Image preparation; null: the profile's choice.</summary>
    public PreprocessOptions? Preprocess { get; init; }

    /// <summary>The network input size for models whose size is dynamic; null: the model's own, else the image's.</summary>
    public (int Height, int Width)? InputSize { get; init; }

    /// <summary>Read the layers in this layout instead of the one found in the graph.</summary>
    public FeatureLayout? Layout { get; init; }

    /// <summary>Tokens before the patch grid, for <see cref="FeatureLayout.Tokens"/>; null: as found in the graph.</summary>
    public int? ExtraTokens { get; init; }

    /// <summary>The token grid, for <see cref="FeatureLayout.Tokens"/>; null: as found in the graph.</summary>
    public (int Height, int Width)? TokenGrid { get; init; }

    /// <summary>Frames per clip for a video model that leaves T dynamic (one that declares T must be given that many); null: the model's.</summary>
    public int? Frames { get; init; }

    /// <summary>How many concepts Deep Feature Factorization finds.</summary>
    public int Concepts { get; init; } = 5;

    /// <summary>Class names that override the profile's (a labels file).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
