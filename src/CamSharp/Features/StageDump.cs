using CamSharp.Imaging;

namespace CamSharp.Features;

/// <summary>
/// Ultralytics' <c>feature_visualization</c> (<c>predict(visualize=True)</c>): per stage, the
/// first n channels of image 0, 8 per row, each min–max scaled with viridis, saved as
/// <c>stage{i}_{Type}_features.png</c> next to all channels as <c>.npy</c>. Maps with H or W ≤ 1
/// are skipped, as Ultralytics does.
/// </summary>
public static class StageDump
{
    public const int ChannelsPerRow = 8;

    /// <summary>Smallest tile side in pixels: small maps are enlarged (nearest) so they stay visible.</summary>
    public const int MinTileSize = 64;

    /// <summary>Whether a map of this size is drawn (Ultralytics skips H or W ≤ 1).</summary>
    public static bool IsDrawable(int height, int width) => height > 1 && width > 1;

    /// <summary>The file stem for stage <paramref name="index"/>: <c>stage3_Conv_features</c>.</summary>
    public static string FileStem(int index, string type) => $"stage{index}_{type}_features";

    /// <summary>The first <paramref name="count"/> channels as viridis tiles, <see cref="ChannelsPerRow"/> per row.</summary>
    public static RgbImage ChannelGrid(ReadOnlySpan<float> chw, int channels, int height, int width, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int n = Math.Min(count, channels);
        int scale = Math.Max(1, (MinTileSize + Math.Max(height, width) - 1) / Math.Max(height, width));
        var tiles = new RgbImage[n];
        for (int c = 0; c < n; c++)
        {
            var map = FeatureReductions.Channel(chw, channels, height, width, c);
            var tile = ColorMap.Viridis.Apply(HeatmapOverlay.NormalizeMinMaxToBytes(map.Data), width, height);
            tiles[c] = scale == 1 ? tile : ImageResize.Resize(tile, width * scale, height * scale, Interpolation.Nearest);
        }
        int columns = Math.Min(ChannelsPerRow, n);
        return ImageGrid.Tile(tiles, (n + columns - 1) / columns, columns);
    }
}
