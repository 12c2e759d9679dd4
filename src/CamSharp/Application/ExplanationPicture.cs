using System.Globalization;
using CamSharp.Explain;
using CamSharp.Imaging;

namespace CamSharp.Application;

/// <summary>
/// How explanations are drawn: one map over the source image, over the network input, or
/// alone (<see cref="Draw"/>); several methods and classes of one input as one captioned grid
/// (<see cref="Compose"/>).
/// </summary>
public static class ExplanationPicture
{
    /// <summary>A grid is at most this many panels wide; longer rows wrap (a class's panels stay together).</summary>
    public const int MaxColumns = 8;

    /// <summary>Panels in a grid are shrunk so that their longer side is at most this many pixels.</summary>
    public const int MaxGridPanelSide = 384;

    /// <summary>
    /// One map drawn: the method's own picture when it has one (guided backpropagation, input
    /// attributions), else the map over the source image (or over the network input, or alone
    /// when a tensor was explained), as <paramref name="options"/> say.
    /// </summary>
    public static RgbImage Draw(Explanation explanation, ExplainedMap shown, OverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(shown);
        options ??= OverlayOptions.Default;
        options.Validate();
        var (colorMap, imageWeight, atInputSize) = (options.ColorMap, options.ImageWeight, options.AtInputSize);
        if (shown.Picture is { } picture) return picture;
        var map = shown.AtInput ?? throw new ArgumentException("The map has neither values nor a picture.", nameof(shown));
        if (explanation.Frames is { } frames) return ClipStrip.Draw(frames, map, colorMap, imageWeight);
        if (explanation.Input is not { } prepared) return colorMap.Apply(map);
        return atInputSize
            ? HeatmapOverlay.ShowCamOnImage(prepared.NetworkImage, map, colorMap, imageWeight)
            : HeatmapOverlay.ShowCamOnImage(prepared.Original, shown.OnImage ?? prepared.Geometry.MapToSource(map), colorMap, imageWeight);
    }

    /// <summary>
    /// Every map of <paramref name="results"/> (explanations of one input) as one picture. One map
    /// is drawn alone, uncaptioned. Several form a grid: one row per target (class) with the
    /// image first and then the methods in the catalogue's order, each panel captioned with
    /// method, target and score; the concepts of DFF in a row of their own. Input-gradient
    /// pictures are scaled to the size of the other panels, so the grid has no gaps; rows longer
    /// than <see cref="MaxColumns"/> wrap.
    /// </summary>
    public static RgbImage Compose(IReadOnlyList<Explanation> results, OverlayOptions? options = null)
    {
        options ??= OverlayOptions.Default;
        bool atInputSize = options.AtInputSize;
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0 || results.All(r => r.Maps.Count == 0)) throw new ArgumentException("No maps to draw.", nameof(results));
        var ordered = results.OrderBy(r => CatalogueIndex(r.Method)).ToArray();
        if (ordered.Sum(r => r.Maps.Count) == 1)
        {
            var only = ordered.First(r => r.Maps.Count == 1);
            return Draw(only, only.Maps[0], options);
        }

        var background = Background(ordered[0], atInputSize);
        var (w, h) = PanelSize(background, ordered.SelectMany(r => r.Maps).First());
        RgbImage Fit(RgbImage img) => img.Width == w && img.Height == h ? img : ImageResize.Resize(img, w, h);
        var rows = new List<List<(RgbImage Panel, string Caption)>>();
        var classMethods = ordered.Where(r => r.Method != CamMethods.DffName).ToArray();
        int targets = classMethods.Length == 0 ? 0 : classMethods.Max(r => r.Maps.Count);
        for (int k = 0; k < targets; k++)
        {
            var row = new List<(RgbImage, string)>();
            var label = classMethods.First(r => r.Maps.Count > k).Maps[k].Label;
            if (background is not null) row.Add((Fit(background), $"image | {label}"));
            foreach (var r in classMethods.Where(r => r.Maps.Count > k))
                row.Add((Fit(Draw(r, r.Maps[k], options)), Caption(r.Method, r.Maps[k])));
            rows.Add(row);
        }
        foreach (var dff in ordered.Where(r => r.Method == CamMethods.DffName))
        {
            var row = new List<(RgbImage, string)>();
            if (background is not null) row.Add((Fit(background), $"image | {dff.Maps.Count} DFF concepts"));
            row.AddRange(dff.Maps.Select(m => (Fit(Draw(dff, m, options)), $"dff | {m.Label}")));
            rows.Add(row);
        }
        return Layout(rows);
    }

    /// <summary>The rows laid out with a common column count; each row starts on a new line and wraps at that count.</summary>
    private static RgbImage Layout(List<List<(RgbImage Panel, string Caption)>> rows)
    {
        int columns = Columns(rows.Max(r => r.Count));
        var tiles = new List<RgbImage?>();
        var captions = new List<string?>();
        foreach (var row in rows)
        {
            tiles.AddRange(row.Select(p => p.Panel));
            captions.AddRange(row.Select(p => (string?)p.Caption));
            while (tiles.Count % columns != 0) { tiles.Add(null); captions.Add(null); }
        }
        return ImageGrid.Tile(tiles, tiles.Count / columns, columns, captions, gap: 4, captionBars: true);
    }

    /// <summary>All panels in one line up to <see cref="MaxColumns"/>; beyond, the width (5..8) that leaves fewest empty cells.</summary>
    private static int Columns(int panels) =>
        panels <= MaxColumns ? panels
            : Enumerable.Range(5, MaxColumns - 4).OrderBy(c => (panels + c - 1) / c * c - panels).ThenByDescending(c => c).First();

    /// <summary>"method | target score"; input-gradient pictures carry no score of their own.</summary>
    private static string Caption(string method, ExplainedMap map) =>
        double.IsFinite(map.Score) && CamMethods.Info(method).Output != MethodOutput.InputGradient ? $"{method} | {map.Label} {map.Score.ToString("0.##", CultureInfo.InvariantCulture)}" : $"{method} | {map.Label}";

    /// <summary>The picture the maps are drawn on, or null for a bare tensor.</summary>
    private static RgbImage? Background(Explanation e, bool atInputSize) =>
        e.Input is not { } prepared ? null : atInputSize ? prepared.NetworkImage : prepared.Original;

    /// <summary>The size every grid panel takes: the background's (or the map's), shrunk to <see cref="MaxGridPanelSide"/>.</summary>
    private static (int Width, int Height) PanelSize(RgbImage? background, ExplainedMap first)
    {
        background ??= first.Picture;
        if (background is null && first.AtInput is { } m) return (m.Width, m.Height);
        if (background is null) throw new ArgumentException("The maps have neither values nor pictures.", nameof(first));
        double scale = Math.Min(1.0, (double)MaxGridPanelSide / Math.Max(background.Width, background.Height));
        return (Math.Max(1, (int)Math.Round(background.Width * scale)), Math.Max(1, (int)Math.Round(background.Height * scale)));
    }

    private static int CatalogueIndex(string method)
    {
        for (int i = 0; i < CamMethods.All.Count; i++) if (CamMethods.All[i].Name == method) return i;
        return int.MaxValue;
    }
}
