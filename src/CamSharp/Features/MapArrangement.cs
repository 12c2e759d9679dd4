using CamSharp.Imaging;

namespace CamSharp.Features;

/// <summary>
/// Lays out the maps of several layers (or of a module with several outputs) two per row,
/// as MMYOLO's featmap demo does, but keeping every map (MMYOLO drops the last of an odd count).
/// </summary>
public static class MapArrangement
{
    public const int MapsPerRow = 2;

    /// <summary>One panel alone; several in rows of <see cref="MapsPerRow"/>, with optional captions.</summary>
    public static RgbImage Arrange(IReadOnlyList<RgbImage> panels, IReadOnlyList<string?>? captions = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("No maps to arrange.", nameof(panels));
        if (panels.Count == 1) return captions?[0] is { Length: > 0 } ? ImageGrid.Vertical(panels, captions) : panels[0];
        int columns = Math.Min(MapsPerRow, panels.Count);
        int rows = (panels.Count + columns - 1) / columns;
        // Layer captions go in bars above the panels: over them they would hide the tiles' own 'channel: i' captions.
        return ImageGrid.Tile(panels, rows, columns, captions, gap: 4, captionBars: true);
    }
}
