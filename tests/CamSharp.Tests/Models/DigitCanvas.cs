using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Tests.Models;

/// <summary>A digit pasted on a canvas, its tight stroke box [x0, y0, x1, y1) and its label.</summary>
public sealed record PastedDigit(int Label, int X0, int Y0, int X1, int Y1)
{
    public bool Contains(int x, int y) => x >= X0 && x < X1 && y >= Y0 && y < Y1;
}

/// <summary>
/// Canvases drawn like the fixtures' d96_* and det96_* inputs (fixtures/models/manifest.json:
/// an 8×8 digit upscaled to 20..32 px, pasted at a random place on a noisy, cluttered RGB
/// canvas): a dark two-colour gradient, a few bright strokes of clutter, light tinted digits,
/// and pixel noise over everything. The digits are the UCI 8×8 set's (Explain/Data/digits_8x8.npy,
/// written by tools/reference_data/digit_sources.py).
/// </summary>
public sealed class DigitCanvas
{
    private static readonly Lazy<(byte[] Pixels, long[] Labels)> Sources = new(() =>
    {
        string dir = Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "Data");
        var pixels = Npy.ReadFile(Path.Combine(dir, "digits_8x8.npy")).ToBytes();
        var labels = Npy.ReadTensor(Path.Combine(dir, "digits_labels.npy")).Longs.ToArray();
        return (pixels, labels);
    });

    public static int SourceCount => Sources.Value.Labels.Length;

    public RgbImage Image { get; }
    public IReadOnlyList<PastedDigit> Digits { get; }

    private DigitCanvas(RgbImage image, IReadOnlyList<PastedDigit> digits) => (Image, Digits) = (image, digits);

    /// <summary>A size×size canvas with <paramref name="count"/> non-overlapping digits, reproducible from the seed.</summary>
    public static DigitCanvas Draw(int seed, int size = 96, int count = 1)
    {
        var rng = new Random(seed);
        var rgb = Background(rng, size);
        for (int i = rng.Next(2, 5); i > 0; i--) Clutter(rng, rgb, size);
        var digits = new List<PastedDigit>();
        var taken = new List<(int X, int Y, int S)>();
        while (digits.Count < count)
        {
            int s = rng.Next(20, 33), x = rng.Next(0, size - s + 1), y = rng.Next(0, size - s + 1);
            if (taken.Any(t => x < t.X + t.S && t.X < x + s && y < t.Y + t.S && t.Y < y + s)) continue;
            taken.Add((x, y, s));
            digits.Add(Paste(rng, rgb, size, rng.Next(SourceCount), x, y, s));
        }
        float noise = 8 + 12 * (float)rng.NextDouble();
        var pixels = new byte[size * size * 3];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)Math.Clamp(MathF.Round(rgb[i] + noise * Gaussian(rng)), 0, 255);
        return new DigitCanvas(new RgbImage(size, size, pixels), digits);
    }

    /// <summary>The canvas as the digit models take it: RGB / 255, then (x − 0.5) / 0.5, 1×3×H×W.</summary>
    public Tensor ToTensor()
    {
        int h = Image.Height, w = Image.Width;
        var t = Tensor.Zeros([1, 3, h, w]);
        var f = t.Floats;
        for (int i = 0; i < h * w; i++)
            for (int c = 0; c < 3; c++)
                f[c * h * w + i] = (Image.Pixels[3 * i + c] / 255f - 0.5f) / 0.5f;
        return t;
    }

    private static float[] Background(Random rng, int size)
    {
        float[] a = RandomColor(rng, 0, 140), b = RandomColor(rng, 0, 140);
        double angle = rng.NextDouble() * 2 * Math.PI;
        float dx = (float)Math.Cos(angle), dy = (float)Math.Sin(angle);
        var rgb = new float[size * size * 3];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                float t = Math.Clamp(0.5f + ((x - size / 2f) * dx + (y - size / 2f) * dy) / size, 0, 1);
                for (int c = 0; c < 3; c++) rgb[3 * (y * size + x) + c] = a[c] + t * (b[c] - a[c]);
            }
        return rgb;
    }

    /// <summary>A short thick stroke of a random colour, drawn as a row of small discs.</summary>
    private static void Clutter(Random rng, float[] rgb, int size)
    {
        var color = RandomColor(rng, 40, 230);
        float x0 = rng.Next(size), y0 = rng.Next(size), length = rng.Next(6, 20);
        double angle = rng.NextDouble() * Math.PI;
        float radius = 0.8f + (float)rng.NextDouble();
        for (float t = 0; t <= length; t += 0.5f)
        {
            float cx = x0 + t * (float)Math.Cos(angle), cy = y0 + t * (float)Math.Sin(angle);
            for (int y = (int)(cy - radius); y <= (int)(cy + radius); y++)
                for (int x = (int)(cx - radius); x <= (int)(cx + radius); x++)
                    if (x >= 0 && y >= 0 && x < size && y < size && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius)
                        for (int c = 0; c < 3; c++) rgb[3 * (y * size + x) + c] = color[c];
        }
    }

    private static PastedDigit Paste(Random rng, float[] rgb, int size, int source, int x, int y, int s)
    {
        var (pixels, labels) = Sources.Value;
        var digit = new float[64];
        for (int i = 0; i < 64; i++) digit[i] = pixels[source * 64 + i] / 16f;
        var alpha = MapMath.Resize(digit, 8, 8, s, s);
        var color = RandomColor(rng, 170, 245);
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int v = 0; v < s; v++)
            for (int u = 0; u < s; u++)
            {
                float a = Math.Clamp(alpha[v * s + u], 0, 1);
                int at = 3 * ((y + v) * size + x + u);
                for (int c = 0; c < 3; c++) rgb[at + c] += a * (color[c] - rgb[at + c]);
                if (a <= 0.1f) continue;
                (x0, y0, x1, y1) = (Math.Min(x0, x + u), Math.Min(y0, y + v), Math.Max(x1, x + u + 1), Math.Max(y1, y + v + 1));
            }
        return new PastedDigit((int)labels[source], x0, y0, x1, y1);
    }

    private static float[] RandomColor(Random rng, int low, int high) =>
        [rng.Next(low, high), rng.Next(low, high), rng.Next(low, high)];

    private static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
