namespace CamSharp.Imaging;

/// <summary>Arranging images: grids of tiles with captions, and side-by-side or stacked panels.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Lays <paramref name="tiles"/> out row by row in <paramref name="rows"/> × <paramref name="columns"/>
    /// cells the size of the largest tile, <paramref name="gap"/> white pixels apart (null tiles and
    /// empty cells stay white). Each caption (e.g. <c>channel: 12</c>) goes in the tile's top-left
    /// corner on a white box, as MMEngine's draw_featmap does, or with <paramref name="captionBars"/>
    /// in a white bar above the tile, so it hides nothing. Text is sized to the cell
    /// (<see cref="Draw.TextSizeFor"/>) unless <paramref name="textSize"/> is given.
    /// </summary>
    public static RgbImage Tile(IReadOnlyList<RgbImage?> tiles, int rows, int columns, IReadOnlyList<string?>? captions = null,
        int? textSize = null, int gap = 0, bool captionBars = false)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (tiles.Count == 0 || tiles.All(t => t is null)) throw new ArgumentException("No tiles to arrange.", nameof(tiles));
        if (tiles.Count > rows * columns) throw new ArgumentException($"{tiles.Count} tiles do not fit in {rows}x{columns} cells.", nameof(tiles));
        if (captions is not null && captions.Count != tiles.Count) throw new ArgumentException($"{captions.Count} captions for {tiles.Count} tiles.", nameof(captions));
        int cw = tiles.Max(t => t?.Width ?? 0), ch = tiles.Max(t => t?.Height ?? 0);
        int size = textSize ?? Draw.TextSizeFor(cw, ch);
        int bar = captionBars && captions?.Any(c => !string.IsNullOrEmpty(c)) == true ? Draw.MeasureTextBox("Xg", size).Height : 0;
        int stepX = cw + gap, stepY = bar + ch + gap;
        var grid = RgbImage.Filled(columns * stepX - gap, rows * stepY - gap, Rgb.White);
        for (int i = 0; i < tiles.Count; i++)
        {
            int x = i % columns * stepX, y = i / columns * stepY;
            if (tiles[i] is { } tile) Draw.Paste(grid, tile, x, y + bar);
            if (captions?[i] is not { Length: > 0 } caption) continue;
            if (bar > 0) Caption(grid, caption, x, y, cw, size);
            else Draw.Label(grid, Fit(caption, cw - 2, ref size), x + 1, y + 1, Rgb.White, size);
        }
        return grid;
    }

    /// <summary>Panels side by side, top-aligned, each with an optional caption bar above it; gaps are white.</summary>
    public static RgbImage Horizontal(IReadOnlyList<RgbImage> images, IReadOnlyList<string?>? captions = null, int? textSize = null) =>
        Concat(images, captions, textSize, horizontal: true);

    /// <summary>Panels stacked top to bottom, left-aligned, each with an optional caption bar above it.</summary>
    public static RgbImage Vertical(IReadOnlyList<RgbImage> images, IReadOnlyList<string?>? captions = null, int? textSize = null) =>
        Concat(images, captions, textSize, horizontal: false);

    /// <summary>
    /// Dark text on a white bar <paramref name="width"/> pixels wide; text that would not fit is
    /// set smaller (down to 10 px) and then cut with an ellipsis.
    /// </summary>
    public static void Caption(RgbImage canvas, string caption, int x, int y, int width, int size)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(caption);
        int pad = Draw.TextPadding(size);
        string text = Fit(caption, width - 2 * pad, ref size);
        Draw.Text(canvas, text, x, y, new Rgb(20, 20, 20), Rgb.White, size);
    }

    /// <summary>The caption itself when it fits <paramref name="width"/>; else smaller, then shortened with '…'.</summary>
    private static string Fit(string text, int width, ref int size)
    {
        while (size > 10 && Draw.MeasureText(text, size).Width > width) size--;
        if (Draw.MeasureText(text, size).Width <= width) return text;
        int keep = text.Length;
        while (keep > 1 && Draw.MeasureText(text[..keep] + "…", size).Width > width) keep--;
        return text[..keep] + "…";
    }

    private static RgbImage Concat(IReadOnlyList<RgbImage> images, IReadOnlyList<string?>? captions, int? textSize, bool horizontal)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("No images to concatenate.", nameof(images));
        if (captions is not null && captions.Count != images.Count) throw new ArgumentException($"{captions.Count} captions for {images.Count} images.", nameof(captions));
        bool anyCaption = captions?.Any(c => !string.IsNullOrEmpty(c)) == true;
        int size = textSize ?? Draw.TextSizeFor(images.Max(i => i.Width), images.Max(i => i.Height));
        int bar = anyCaption ? Draw.MeasureTextBox("Xg", size).Height : 0;
        int width = horizontal ? images.Sum(i => i.Width) : images.Max(i => i.Width);
        int height = horizontal ? images.Max(i => i.Height) + bar : images.Sum(i => i.Height + bar);
        var canvas = RgbImage.Filled(width, height, Rgb.White);
        int offset = 0;
        for (int i = 0; i < images.Count; i++)
        {
            int x = horizontal ? offset : 0, y = horizontal ? 0 : offset;
            if (captions?[i] is { Length: > 0 } caption) Caption(canvas, caption, x, y, images[i].Width, size);
            Draw.Paste(canvas, images[i], x, y + bar);
            offset += horizontal ? images[i].Width : images[i].Height + bar;
        }
        return canvas;
    }
}
