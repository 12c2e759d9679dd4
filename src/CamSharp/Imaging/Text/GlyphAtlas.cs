namespace CamSharp.Imaging.Text;

/// <summary>
/// The glyphs of one font at one pixel size, with the font's kerning pairs: measures and
/// draws a line of text by alpha-blending each glyph's coverage into the image.
/// </summary>
internal sealed class GlyphAtlas(int pixelSize, int ascent, int descent, Dictionary<char, Glyph> glyphs, Dictionary<(char, char), int> kerning64)
{
    /// <summary>The em size the glyphs were rendered at.</summary>
    public int PixelSize { get; } = pixelSize;

    /// <summary>Rows above the baseline that the tallest glyphs reach.</summary>
    public int Ascent { get; } = ascent;

    /// <summary>Rows below the baseline that descenders reach.</summary>
    public int Descent { get; } = descent;

    /// <summary>The height of a line: ascent plus descent.</summary>
    public int LineHeight => Ascent + Descent;

    /// <summary>The glyph drawn for <paramref name="c"/>: itself, else '?' (the atlas holds ASCII, Latin-1 and a few marks).</summary>
    public Glyph GlyphOf(char c) => glyphs.TryGetValue(c, out var g) ? g : glyphs['?'];

    /// <summary>The width of <paramref name="text"/> in whole pixels, kerning included.</summary>
    public int Measure(string text)
    {
        int pen = 0;
        for (int i = 0; i < text.Length; i++) pen += Step(text, i);
        return (pen + 63) / 64;
    }

    /// <summary>Draws <paramref name="text"/> with its line box's top-left corner at (x, y), clipped to the image.</summary>
    public void Draw(RgbImage img, string text, int x, int y, Rgb color)
    {
        int pen = 0, baseline = y + Ascent;
        for (int i = 0; i < text.Length; i++)
        {
            var g = GlyphOf(text[i]);
            Blend(img, g, x + (pen + 32) / 64 + g.Left, baseline - g.Top, color);
            pen += Step(text, i);
        }
    }

    /// <summary>The pen's move after character i: its advance plus the kerning with the next one.</summary>
    private int Step(string text, int i) =>
        GlyphOf(text[i]).Advance64 + (i + 1 < text.Length && kerning64.TryGetValue((text[i], text[i + 1]), out int k) ? k : 0);

    private static void Blend(RgbImage img, Glyph g, int left, int top, Rgb color)
    {
        int x0 = Math.Max(0, -left), x1 = Math.Min(g.Width, img.Width - left);
        int y0 = Math.Max(0, -top), y1 = Math.Min(g.Height, img.Height - top);
        for (int gy = y0; gy < y1; gy++)
        {
            var row = img.Row(top + gy);
            for (int gx = x0; gx < x1; gx++)
            {
                int a = g.Coverage[gy * g.Width + gx];
                if (a == 0) continue;
                int p = 3 * (left + gx);
                row[p] = Mix(row[p], color.R, a);
                row[p + 1] = Mix(row[p + 1], color.G, a);
                row[p + 2] = Mix(row[p + 2], color.B, a);
            }
        }
    }

    private static byte Mix(byte under, byte over, int alpha) => (byte)((under * (255 - alpha) + over * alpha + 127) / 255);
}
