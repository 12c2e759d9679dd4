namespace CamSharp.Imaging;

/// <summary>Arranging images: grids of tiles with captions, and side-by-side or stacked panels.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Lays <paramref name="tiles"/> out row by row in <paramref name="rows"/> × <paramref name="columns"/>
    /// cells the size of the largest tile (empty cells stay white), and writes each caption
    /// (e.g. <c>channel: 12</c>) in the tile's top-left corner, as MMEngine's draw_featmap does.
    /// </summary>
    public static RgbImage Tile(IReadOnlyList<RgbImage> tiles, int rows, int columns, IReadOnlyList<string?>? captions = null, int textScale = 1)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (tiles.Count == 0) throw new ArgumentException("No tiles to arrange.", nameof(tiles));
        if (tiles.Count > rows * columns) throw new ArgumentException($"{tiles.Count} tiles do not fit in {rows}x{columns} cells.", nameof(tiles));
        if (captions is not null && captions.Count != tiles.Count) throw new ArgumentException($"{captions.Count} captions for {tiles.Count} tiles.", nameof(captions));
        int cw = tiles.Max(t => t.Width), ch = tiles.Max(t => t.Height);
        var grid = RgbImage.Filled(cw * columns, ch * rows, Rgb.White);
        for (int i = 0; i < tiles.Count; i++)
        {
            int x = i % columns * cw, y = i / columns * ch;
            Draw.Paste(grid, tiles[i], x, y);
            if (captions?[i] is { Length: > 0 } caption) Draw.Label(grid, caption, x + 1, y + 1, Rgb.White, textScale);
        }
        return grid;
    }

    /// <summary>Panels side by side, top-aligned, each with an optional caption bar above it; gaps are white.</summary>
    public static RgbImage Horizontal(IReadOnlyList<RgbImage> images, IReadOnlyList<string?>? captions = null, int textScale = 1) =>
        Concat(images, captions, textScale, horizontal: true);

    /// <summary>Panels stacked top to bottom, left-aligned, each with an optional caption bar above it.</summary>
    public static RgbImage Vertical(IReadOnlyList<RgbImage> images, IReadOnlyList<string?>? captions = null, int textScale = 1) =>
        Concat(images, captions, textScale, horizontal: false);

    private static RgbImage Concat(IReadOnlyList<RgbImage> images, IReadOnlyList<string?>? captions, int textScale, bool horizontal)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("No images to concatenate.", nameof(images));
        if (captions is not null && captions.Count != images.Count) throw new ArgumentException($"{captions.Count} captions for {images.Count} images.", nameof(captions));
        bool anyCaption = captions?.Any(c => !string.IsNullOrEmpty(c)) == true;
        int bar = anyCaption ? Draw.MeasureTextBox("X", textScale).Height : 0;
        int width = horizontal ? images.Sum(i => i.Width) : images.Max(i => i.Width);
        int height = horizontal ? images.Max(i => i.Height) + bar : images.Sum(i => i.Height + bar);
        var canvas = RgbImage.Filled(width, height, Rgb.White);
        int offset = 0;
        for (int i = 0; i < images.Count; i++)
        {
            int x = horizontal ? offset : 0, y = horizontal ? 0 : offset;
            if (captions?[i] is { Length: > 0 } caption) Draw.Label(canvas, caption, x, y, Rgb.White, textScale);
            Draw.Paste(canvas, images[i], x, y + bar);
            offset += horizontal ? images[i].Width : images[i].Height + bar;
        }
        return canvas;
    }
}
