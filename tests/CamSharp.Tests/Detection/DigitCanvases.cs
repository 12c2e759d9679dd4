using System.Text.Json;
using CamSharp.Detection;
using CamSharp.Imaging;

namespace CamSharp.Tests.Detection;

/// <summary>A test canvas with the digits drawn on it: labels and tight boxes (x1, y1 exclusive).</summary>
internal sealed record DigitCanvas(RgbImage Image, IReadOnlyList<(int Label, DetectionBox Box)> Digits);

/// <summary>
/// Multi-digit canvases like the fixture det96_* inputs, made from the six digits in the
/// fixture images (inputs/index.json gives their labels and boxes): each digit's square is cut
/// out, its strokes separated from its background by brightness, scaled, and blended at a
/// random free spot of a noisy dark background. Seeded, so every run draws the same canvases.
/// </summary>
internal static class DigitCanvases
{
    private sealed record Digit(int Label, RgbImage Patch, float[] Alpha, DetectionBox Tight);

    private static readonly Lazy<IReadOnlyList<Digit>> Sources = new(LoadDigits);

    /// <summary>
    /// <paramref name="count"/> canvases of 2 or 3 digits; with <paramref name="distinctLabels"/>
    /// no label repeats on a canvas (as on det96_a), else digits are drawn independently.
    /// </summary>
    public static IReadOnlyList<DigitCanvas> Make(int count, bool distinctLabels, int size = 96, int seed = 7)
    {
        var random = new Random(seed);
        var canvases = new List<DigitCanvas>();
        while (canvases.Count < count)
        {
            var image = Background(random, size);
            var digits = new List<(int Label, DetectionBox Box)>();
            var taken = new List<DetectionBox>();
            int wanted = 2 + random.Next(2);
            for (int attempt = 0; attempt < 200 && digits.Count < wanted; attempt++)
            {
                var digit = Sources.Value[random.Next(Sources.Value.Count)];
                if (distinctLabels && digits.Any(d => d.Label == digit.Label)) continue;
                int side = 20 + random.Next(10);
                int x = random.Next(size - side), y = random.Next(size - side);
                var square = new DetectionBox(x - 2, y - 2, x + side + 2, y + side + 2);
                if (taken.Any(t => Overlap(t, square))) continue;
                taken.Add(square);
                digits.Add((digit.Label, Paste(image, digit, x, y, side)));
            }
            canvases.Add(new DigitCanvas(image, digits));
        }
        return canvases;
    }

    /// <summary>A dark colour with per-pixel noise, as the training canvases have.</summary>
    private static RgbImage Background(Random random, int size)
    {
        var image = new RgbImage(size, size);
        int r = 30 + random.Next(80), g = 30 + random.Next(80), b = 30 + random.Next(80);
        for (int i = 0; i < size * size; i++)
        {
            image.Pixels[3 * i] = (byte)Math.Clamp(r + random.Next(-12, 13), 0, 255);
            image.Pixels[3 * i + 1] = (byte)Math.Clamp(g + random.Next(-12, 13), 0, 255);
            image.Pixels[3 * i + 2] = (byte)Math.Clamp(b + random.Next(-12, 13), 0, 255);
        }
        return image;
    }

    /// <summary>Blends the digit scaled to side × side at (x, y); returns its tight box on the canvas.</summary>
    private static DetectionBox Paste(RgbImage image, Digit digit, int x, int y, int side)
    {
        var patch = ImageResize.Resize(digit.Patch, side, side, Interpolation.Area);
        var alpha = ImageResize.Resize(new FloatMap(digit.Patch.Width, digit.Patch.Height, digit.Alpha), side, side).Data;
        for (int py = 0; py < side; py++)
            for (int px = 0; px < side; px++)
            {
                float a = alpha[py * side + px];
                var under = image[x + px, y + py];
                var over = patch[px, py];
                image[x + px, y + py] = new Rgb(Blend(under.R, over.R, a), Blend(under.G, over.G, a), Blend(under.B, over.B, a));
            }
        double s = (double)side / digit.Patch.Width;
        return new DetectionBox(x + digit.Tight.X0 * s, y + digit.Tight.Y0 * s, x + digit.Tight.X1 * s, y + digit.Tight.Y1 * s);
    }

    private static byte Blend(byte under, byte over, float a) => (byte)Math.Clamp(Math.Round(under * (1 - a) + over * a), 0, 255);

    private static bool Overlap(DetectionBox a, DetectionBox b) => a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1;

    /// <summary>Every fixture digit: its paste square, a stroke opacity from brightness over the square's border, and its tight box inside the square.</summary>
    private static IReadOnlyList<Digit> LoadDigits()
    {
        var images = JsonDocument.Parse(File.ReadAllText(Fixtures.File("inputs/index.json"))).RootElement.GetProperty("images");
        var digits = new List<Digit>();
        foreach (var entry in images.EnumerateObject())
        {
            var image = ImageDecoder.Load(Fixtures.File(entry.Value.GetProperty("file").GetString()!));
            foreach (var o in entry.Value.GetProperty("objects").EnumerateArray())
            {
                int[] p = o.GetProperty("paste_box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
                int[] t = o.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
                int w = p[2] - p[0], h = p[3] - p[1], side = Math.Max(w, h);
                // The square around the paste box (paste boxes are square except at image edges).
                int x0 = Math.Clamp(p[0] - (side - w) / 2, 0, image.Width - side), y0 = Math.Clamp(p[1] - (side - h) / 2, 0, image.Height - side);
                var patch = new RgbImage(side, side);
                for (int y = 0; y < side; y++)
                    for (int x = 0; x < side; x++) patch[x, y] = image[x0 + x, y0 + y];
                digits.Add(new Digit(o.GetProperty("label").GetInt32(), patch, Opacity(patch), new DetectionBox(t[0] - x0, t[1] - y0, t[2] - x0, t[3] - y0)));
            }
        }
        return digits;
    }

    /// <summary>0 at the border's median brightness, 1 at the patch's brightest, linear between.</summary>
    private static float[] Opacity(RgbImage patch)
    {
        int n = patch.Width;
        float Luma(Rgb c) => 0.299f * c.R + 0.587f * c.G + 0.114f * c.B;
        var border = new List<float>();
        for (int i = 0; i < n; i++)
        {
            border.Add(Luma(patch[i, 0]));
            border.Add(Luma(patch[i, n - 1]));
            border.Add(Luma(patch[0, i]));
            border.Add(Luma(patch[n - 1, i]));
        }
        border.Sort();
        float background = border[border.Count / 2] + 8, top = 0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) top = Math.Max(top, Luma(patch[x, y]));
        var alpha = new float[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) alpha[y * n + x] = Math.Clamp((Luma(patch[x, y]) - background) / Math.Max(top - background, 1), 0, 1);
        return alpha;
    }
}
