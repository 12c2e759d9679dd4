using CamSharp.Engine;

namespace CamSharp.Features;

/// <summary>
/// How feature maps are reduced and drawn, with MMYOLO's <c>featmap_vis_demo</c> defaults
/// (select_max, top 4, a 2×2 arrangement, α 0.5). Validated at construction.
/// </summary>
public sealed record FeatureMapOptions
{
    public FeatureMapOptions(ChannelReduction reduction = ChannelReduction.SelectMax, int topK = 4, int rows = 2, int columns = 2, float alpha = 0.5f)
    {
        if (rows <= 0 || columns <= 0) throw new InputException($"The arrangement needs two positive numbers (rows columns), got {rows} {columns}.") { Parameter = "Arrangement" };
        if (alpha is < 0 or > 1 || float.IsNaN(alpha)) throw new InputException($"The overlay alpha must be in [0, 1], got {alpha}.") { Parameter = "Alpha" };
        if (reduction == ChannelReduction.None && topK > 0 && (long)rows * columns < topK)
            throw new InputException($"An arrangement of {rows}x{columns} has {rows * columns} cells, fewer than the {topK} channels asked for: rows × columns must be at least that.") { Parameter = "Arrangement,TopK" };
        Reduction = reduction;
        TopK = topK;
        Rows = rows;
        Columns = columns;
        Alpha = alpha;
    }

    public ChannelReduction Reduction { get; }

    /// <summary>Channels shown when <see cref="Reduction"/> is None; ≤ 0 means the map itself (1 or 3 channels only).</summary>
    public int TopK { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Weight of the heat map in the blend: <c>(1−α)·image + α·heat</c>.</summary>
    public float Alpha { get; }
}
