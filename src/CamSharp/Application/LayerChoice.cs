namespace CamSharp.Application;

/// <summary>
/// A layer chosen to explain: the name a user would type, the values it stands for, how
/// they are laid out, and why it was chosen (printed, so the choice is never silent).
/// </summary>
public sealed record LayerChoice(string Name, IReadOnlyList<string> Values, FeatureLayout Layout, string Reason)
{
    /// <summary>For <see cref="FeatureLayout.Tokens"/>: tokens before the patch grid (class, distillation).</summary>
    public int ExtraTokens { get; init; }

    /// <summary>For <see cref="FeatureLayout.Tokens"/>: the patch grid, when the graph shows it.</summary>
    public (int Height, int Width)? TokenGrid { get; init; }

    /// <summary>For <see cref="FeatureLayout.Tokens"/> of a video transformer (MViT): the grid's frames, read as a volume.</summary>
    public int? TokenFrames { get; init; }

    public override string ToString() => $"{Name} ({Layout}): {Reason}";
}
