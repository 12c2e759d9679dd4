using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Features;

/// <summary>
/// Draws reduced feature maps the way MMEngine's <c>draw_featmap</c> does: each map resized
/// to the image, min–max normalised on its own, JET, blended with weight α; top-k channels
/// tiled rows × columns with <c>channel: i</c> captions. Maps are computed over the network
/// input; a geometry carries them back to the original image through the letterbox or resize.
/// </summary>
public static class FeatureMapRenderer
{
    /// <param name="reduced">The reduced map, over the network input.</param>
    /// <param name="background">The image drawn on: the original image (with <paramref name="geometry"/>) or the network input (geometry null).</param>
    /// <param name="options">Alpha, reduction and arrangement.</param>
    /// <param name="geometry">Carries network-input maps back to the original image; null when <paramref name="background"/> is the network input.</param>
    public static RgbImage Render(ReducedFeatureMap reduced, RgbImage background, FeatureMapOptions options, InputGeometry? geometry = null)
    {
        ArgumentNullException.ThrowIfNull(reduced);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(options);
        FloatMap ToBackground(FloatMap m) => geometry is null ? m : geometry.MapToSource(m);

        if (reduced.IsColor) return ColorOverlay(reduced.Maps.Select(ToBackground).ToArray(), background, options.Alpha);
        var tiles = reduced.Maps.Select(m => HeatmapOverlay.FeatureMapOverlay(ToBackground(m), background, options.Alpha)).ToArray();
        if (reduced.Channels is null || options.Reduction != ChannelReduction.None) return tiles[0];
        var captions = reduced.Channels.Select(c => (string?)$"channel: {c}").ToArray();
        return ImageGrid.Tile(tiles, options.Rows, options.Columns, captions);
    }

    /// <summary>Draws boxes (network-input pixels) on a copy of <paramref name="image"/>, carried back through <paramref name="geometry"/> when given.</summary>
    public static RgbImage DrawBoxes(RgbImage image, IEnumerable<FeatureMapBox> boxes, InputGeometry? geometry = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var result = image.Clone();
        var labeled = boxes.Select(b =>
        {
            var (x0, y0, x1, y1) = geometry is null ? (b.X0, b.Y0, b.X1, b.Y1) : geometry.BoxToSource(b.X0, b.Y0, b.X1, b.Y1);
            return new LabeledBox((int)Math.Round(x0), (int)Math.Round(y0), (int)Math.Round(x1), (int)Math.Round(y1), b.Label, new Rgb(0, 255, 0));
        }).ToArray();
        Draw.BoxesWithLabels(result, labeled, Math.Max(1, Math.Min(image.Width, image.Height) / 300), Math.Max(Draw.DefaultTextSize, Math.Min(image.Width, image.Height) / 36));
        return result;
    }

    /// <summary>A 3-channel map shown as colour: all planes min–max normalised together, resized to the image, blended.</summary>
    private static RgbImage ColorOverlay(IReadOnlyList<FloatMap> planes, RgbImage background, float alpha)
    {
        var resized = planes.Select(p => p.Width == background.Width && p.Height == background.Height ? p : ImageResize.Resize(p, background.Width, background.Height)).ToArray();
        int n = background.Width * background.Height;
        var interleaved = new float[3 * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++) interleaved[3 * i + c] = resized[c].Data[i];
        var heat = new RgbImage(background.Width, background.Height, HeatmapOverlay.NormalizeMinMaxToBytes(interleaved));
        return HeatmapOverlay.AddWeighted(background, 1 - alpha, heat, alpha, 0);
    }
}
