using CamSharp.Imaging.Text;

namespace CamSharp.Imaging;

/// <summary>
/// Drawing on images: pasting, filled and outlined rectangles, anti-aliased text (DejaVu Sans)
/// on a background box or with a halo, and detection boxes with labels. Everything is clipped to the image.
/// </summary>
public static class Draw
{
    /// <summary>Copies <paramref name="src"/> onto <paramref name="dst"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void Paste(RgbImage dst, RgbImage src, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(dst);
        ArgumentNullException.ThrowIfNull(src);
        int x0 = Math.Max(x, 0), x1 = Math.Min(x + src.Width, dst.Width);
        if (x1 <= x0) return;
        for (int row = Math.Max(y, 0); row < Math.Min(y + src.Height, dst.Height); row++)
            src.Pixels.AsSpan(((row - y) * src.Width + (x0 - x)) * 3, (x1 - x0) * 3).CopyTo(dst.Pixels.AsSpan((row * dst.Width + x0) * 3));
    }

    /// <summary>Fills pixels x0 ≤ x &lt; x1, y0 ≤ y &lt; y1.</summary>
    public static void FillRectangle(RgbImage img, int x0, int y0, int x1, int y1, Rgb color)
    {
        ArgumentNullException.ThrowIfNull(img);
        x0 = Math.Max(x0, 0); y0 = Math.Max(y0, 0);
        x1 = Math.Min(x1, img.Width); y1 = Math.Min(y1, img.Height);
        for (int y = y0; y < y1; y++)
        {
            var row = img.Row(y);
            for (int x = x0; x < x1; x++) { row[3 * x] = color.R; row[3 * x + 1] = color.G; row[3 * x + 2] = color.B; }
        }
    }

    /// <summary>The outline of the box x0 ≤ x &lt; x1, y0 ≤ y &lt; y1, <paramref name="thickness"/> pixels wide, inside the box.</summary>
    public static void Rectangle(RgbImage img, int x0, int y0, int x1, int y1, Rgb color, int thickness = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        int t = Math.Min(thickness, Math.Max(1, Math.Min(x1 - x0, y1 - y0)));
        FillRectangle(img, x0, y0, x1, y0 + t, color);
        FillRectangle(img, x0, y1 - t, x1, y1, color);
        FillRectangle(img, x0, y0, x0 + t, y1, color);
        FillRectangle(img, x1 - t, y0, x1, y1, color);
    }

    /// <summary>Text size (em, pixels) when none is given: readable on a 224-pixel panel.</summary>
    public const int DefaultTextSize = 14;

    /// <summary>
    /// The caption size for a picture of this size: a sixteenth of its shorter side (14 px on a
    /// 224-px panel, 40 px on a 640-px one), at least 12 px, so text stays readable however far
    /// a wide picture is scaled down to fit a screen.
    /// </summary>
    public static int TextSizeFor(int width, int height) => Math.Max(12, Math.Min(width, height) / 16);

    /// <summary>Width and height in pixels of <paramref name="text"/>'s line box at <paramref name="size"/>, without the box padding.</summary>
    public static (int Width, int Height) MeasureText(string text, int size = DefaultTextSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var atlas = CaptionFont.At(size);
        return (atlas.Measure(text), atlas.LineHeight);
    }

    /// <summary>Padding around text inside its background box at <paramref name="size"/>.</summary>
    public static int TextPadding(int size) => Math.Max(1, size / 6);

    /// <summary>Size of the background box <see cref="Text"/> draws.</summary>
    public static (int Width, int Height) MeasureTextBox(string text, int size = DefaultTextSize)
    {
        var (w, h) = MeasureText(text, size);
        int pad = TextPadding(size);
        return (w + 2 * pad, h + 2 * pad);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with the box's top-left corner at (<paramref name="x"/>,
    /// <paramref name="y"/>): a <paramref name="background"/> box, then the anti-aliased glyphs
    /// (DejaVu Sans at <paramref name="size"/> pixels) blended in <paramref name="color"/>.
    /// </summary>
    public static void Text(RgbImage img, string text, int x, int y, Rgb color, Rgb background, int size = DefaultTextSize)
    {
        ArgumentNullException.ThrowIfNull(img);
        var (bw, bh) = MeasureTextBox(text, size);
        FillRectangle(img, x, y, x + bw, y + bh, background);
        int pad = TextPadding(size);
        CaptionFont.At(size).Draw(img, text, x + pad, y + pad, color);
    }

    /// <summary>
    /// Text with no box, ringed by a one-pixel <paramref name="halo"/> (two at 28 px and up) so it
    /// stays legible on any heat map; (x, y) is the top-left of the line box.
    /// </summary>
    public static void HaloText(RgbImage img, string text, int x, int y, Rgb color, Rgb halo, int size = DefaultTextSize)
    {
        ArgumentNullException.ThrowIfNull(img);
        ArgumentNullException.ThrowIfNull(text);
        var atlas = CaptionFont.At(size);
        int r = size >= 28 ? 2 : 1;
        for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++)
                if (dx != 0 || dy != 0) atlas.Draw(img, text, x + dx, y + dy, halo);
        atlas.Draw(img, text, x, y, color);
    }

    /// <summary>Text on a <paramref name="background"/> box in black or white, whichever contrasts more.</summary>
    public static void Label(RgbImage img, string text, int x, int y, Rgb background, int size = DefaultTextSize) =>
        Text(img, text, x, y, background.Contrasting, background, size);

    /// <summary>
    /// A detection box (x1, y1 exclusive) with a label such as <c>dog: 96.3</c> in a box of
    /// the same colour above it; the label moves inside the box when there is no room above
    /// and is shifted to stay within the image. Several boxes: <see cref="BoxesWithLabels"/>.
    /// </summary>
    public static void BoxWithLabel(RgbImage img, int x0, int y0, int x1, int y1, string label, Rgb color, int thickness = 2, int size = DefaultTextSize) =>
        BoxesWithLabels(img, [new LabeledBox(x0, y0, x1, y1, label, color)], thickness, size);

    /// <summary>
    /// Boxes (most important first) and then their labels where <see cref="LabelPlacer"/> puts them: above, inside or
    /// below each box, shifted so that no label covers another and all stay within the image.
    /// </summary>
    public static void BoxesWithLabels(RgbImage img, IReadOnlyList<LabeledBox> boxes, int thickness = 2, int size = DefaultTextSize)
    {
        ArgumentNullException.ThrowIfNull(img);
        ArgumentNullException.ThrowIfNull(boxes);
        // The first box is the most important: drawn last, on top; its label placed first.
        for (int i = boxes.Count - 1; i >= 0; i--) Rectangle(img, boxes[i].X0, boxes[i].Y0, boxes[i].X1, boxes[i].Y1, boxes[i].Color, thickness);
        var labelled = boxes.Where(b => !string.IsNullOrEmpty(b.Label)).ToArray();
        var sizes = labelled.Select(b => MeasureTextBox(b.Label, size)).ToArray();
        var spots = LabelPlacer.Place(img.Width, img.Height, labelled.Select((b, i) => (new PixelRect(b.X0, b.Y0, b.X1, b.Y1), sizes[i])).ToArray());
        for (int i = labelled.Length - 1; i >= 0; i--) Label(img, labelled[i].Label, spots[i].X0, spots[i].Y0, labelled[i].Color, size);
    }
}
