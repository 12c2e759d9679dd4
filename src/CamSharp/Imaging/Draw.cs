using CamSharp.Imaging.Text;

namespace CamSharp.Imaging;

/// <summary>
/// Drawing on images: pasting, filled and outlined rectangles, text in CamSharp's bitmap
/// font on a background box, and detection boxes with labels. Everything is clipped to the image.
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

    /// <summary>Width and height in pixels of <paramref name="text"/> at integer <paramref name="scale"/>, without the box padding.</summary>
    public static (int Width, int Height) MeasureText(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        int w = text.Length == 0 ? 0 : (text.Length * BitmapFont.CellWidth - 1) * scale;
        return (w, BitmapFont.GlyphHeight * scale);
    }

    /// <summary>Padding around text inside its background box, per unit of scale.</summary>
    public const int TextPadding = 1;

    /// <summary>Size of the background box <see cref="Text"/> draws.</summary>
    public static (int Width, int Height) MeasureTextBox(string text, int scale = 1)
    {
        var (w, h) = MeasureText(text, scale);
        return (w + 2 * TextPadding * scale, h + 2 * TextPadding * scale);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with the box's top-left corner at (<paramref name="x"/>,
    /// <paramref name="y"/>): a <paramref name="background"/> box, then the glyphs in
    /// <paramref name="color"/>, each font pixel a <paramref name="scale"/>² square.
    /// </summary>
    public static void Text(RgbImage img, string text, int x, int y, Rgb color, Rgb background, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(img);
        var (bw, bh) = MeasureTextBox(text, scale);
        FillRectangle(img, x, y, x + bw, y + bh, background);
        int ox = x + TextPadding * scale, oy = y + TextPadding * scale;
        for (int i = 0; i < text.Length; i++)
        {
            var glyph = BitmapFont.Glyph(text[i]);
            int gx = ox + i * BitmapFont.CellWidth * scale;
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                for (int col = 0; col < BitmapFont.GlyphWidth; col++)
                    if ((glyph[row] >> (BitmapFont.GlyphWidth - 1 - col) & 1) != 0)
                        FillRectangle(img, gx + col * scale, oy + row * scale, gx + (col + 1) * scale, oy + (row + 1) * scale, color);
        }
    }

    /// <summary>Text on a <paramref name="background"/> box in black or white, whichever contrasts more.</summary>
    public static void Label(RgbImage img, string text, int x, int y, Rgb background, int scale = 1) =>
        Text(img, text, x, y, background.Contrasting, background, scale);

    /// <summary>
    /// A detection box (x1, y1 exclusive) with a label such as <c>dog: 96.3</c> in a box of
    /// the same colour above it; the label moves inside the box when there is no room above
    /// and is shifted to stay within the image.
    /// </summary>
    public static void BoxWithLabel(RgbImage img, int x0, int y0, int x1, int y1, string label, Rgb color, int thickness = 2, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(img);
        Rectangle(img, x0, y0, x1, y1, color, thickness);
        if (string.IsNullOrEmpty(label)) return;
        var (lw, lh) = MeasureTextBox(label, scale);
        int ly = y0 - lh >= 0 ? y0 - lh : Math.Max(y0, 0);
        ly = Math.Min(ly, Math.Max(img.Height - lh, 0));
        int lx = Math.Clamp(x0, 0, Math.Max(img.Width - lw, 0));
        Label(img, label, lx, ly, color, scale);
    }
}
