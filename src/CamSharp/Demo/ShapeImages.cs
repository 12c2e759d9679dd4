using CamSharp.Imaging;

namespace CamSharp.Demo;

/// <summary>
/// Draws the synthetic 64×64 images the bundled demo model was trained on (rules in
/// <c>tools/demo_model/README.md</c>): a gradient background, a few distractor lines and
/// blobs, one shape of a contrasting colour, and noise. No anti-aliasing: a pixel belongs to
/// a region when its centre passes the region's inside test.
/// </summary>
public static class ShapeImages
{
    public const int Size = 64;

    /// <summary>Class names in the model's output order.</summary>
    public static IReadOnlyList<string> Classes { get; } = ["circle", "square", "triangle", "cross", "star"];

    /// <summary>One image of class <paramref name="label"/>, and the shape's bounding box (x0, y0, x1, y1).</summary>
    public static (RgbImage Image, (double X0, double Y0, double X1, double Y1) Box) Draw(Random rng, int label)
    {
        if (label < 0 || label >= Classes.Count) throw new ArgumentOutOfRangeException(nameof(label));
        var img = new double[Size * Size * 3];

        // 1. Background: a linear gradient between two related colours.
        var c0 = Colour(rng);
        var c1 = c0.Select(v => Math.Clamp(v + U(rng, -60, 60), 0, 255)).ToArray();
        double phi = U(rng, 0, 2 * Math.PI);
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                double t = Math.Clamp(((x + 0.5 - Size / 2.0) * Math.Cos(phi) + (y + 0.5 - Size / 2.0) * Math.Sin(phi)) / Size + 0.5, 0, 1);
                for (int c = 0; c < 3; c++) img[(y * Size + x) * 3 + c] = c0[c] * (1 - t) + c1[c] * t;
            }
        var bgMean = c0.Zip(c1, (a, b) => (a + b) / 2).ToArray();

        // 2. Distractors: up to five thin lines and small ellipses.
        int distractors = rng.Next(0, 6);
        for (int i = 0; i < distractors; i++)
        {
            var colour = Colour(rng);
            if (rng.NextDouble() < 0.5)
            {
                double x1 = U(rng, 0, Size), y1 = U(rng, 0, Size), x2 = U(rng, 0, Size), y2 = U(rng, 0, Size), w = U(rng, 1.0, 2.5);
                Paint(img, colour, (px, py) => SegmentDistance2(px, py, x1, y1, x2, y2) <= w * w / 4);
            }
            else
            {
                double ex = U(rng, 0, Size), ey = U(rng, 0, Size), rx = U(rng, 1.5, 4), ry = U(rng, 1.5, 4);
                Paint(img, colour, (px, py) => Math.Pow((px - ex) / rx, 2) + Math.Pow((py - ey) / ry, 2) <= 1);
            }
        }

        // 3. The shape: its circumcircle stays inside the image; its colour stands out from the background.
        double r = U(rng, 0.20, 0.45) * Size / 2;
        double cx = U(rng, r, Size - r), cy = U(rng, r, Size - r), theta = U(rng, 0, 2 * Math.PI);
        double[] fill;
        do fill = Colour(rng);
        while (fill.Zip(bgMean, (a, b) => Math.Abs(a - b)).Max() < 80);
        Func<double, double, bool> inside = Classes[label] == "circle"
            ? (px, py) => (px - cx) * (px - cx) + (py - cy) * (py - cy) <= r * r
            : InsidePolygon(Vertices(Classes[label], cx, cy, r, theta));
        Paint(img, fill, inside);

        // 4. Noise, then round and clip.
        double a = U(rng, 0, 24);
        var pixels = new byte[img.Length];
        for (int i = 0; i < img.Length; i++) pixels[i] = (byte)Math.Clamp(Math.Round(img[i] + U(rng, -a, a), MidpointRounding.ToEven), 0, 255);
        return (new RgbImage(Size, Size, pixels), (cx - r, cy - r, cx + r, cy + r));
    }

    /// <summary>Polygon corners of a class: circumradius r, rotated by theta about (cx, cy).</summary>
    private static (double X, double Y)[] Vertices(string cls, double cx, double cy, double r, double theta)
    {
        var local = new List<(double U, double V)>();
        switch (cls)
        {
            case "square":
                for (int k = 0; k < 4; k++) local.Add(Polar(r, Math.PI / 4 + k * Math.PI / 2));
                break;
            case "triangle":
                for (int k = 0; k < 3; k++) local.Add(Polar(r, -Math.PI / 2 + k * 2 * Math.PI / 3));
                break;
            case "star":
                for (int k = 0; k < 10; k++) local.Add(Polar(k % 2 == 0 ? r : 0.45 * r, -Math.PI / 2 + k * Math.PI / 5));
                break;
            default:
                double w = 0.3 * r;
                local.AddRange([(w, r), (w, w), (r, w), (r, -w), (w, -w), (w, -r), (-w, -r), (-w, -w), (-r, -w), (-r, w), (-w, w), (-w, r)]);
                break;
        }
        double c = Math.Cos(theta), s = Math.Sin(theta);
        return local.Select(p => (cx + p.U * c - p.V * s, cy + p.U * s + p.V * c)).ToArray();
    }

    /// <summary>Even-odd (crossing-number) inside test.</summary>
    private static Func<double, double, bool> InsidePolygon((double X, double Y)[] v) => (px, py) =>
    {
        bool inside = false;
        for (int i = 0; i < v.Length; i++)
        {
            var (x1, y1) = v[i];
            var (x2, y2) = v[(i + 1) % v.Length];
            if (y1 == y2 || (y1 > py) == (y2 > py)) continue;
            if (px < x1 + (py - y1) * (x2 - x1) / (y2 - y1)) inside = !inside;
        }
        return inside;
    };

    private static double SegmentDistance2(double px, double py, double x1, double y1, double x2, double y2)
    {
        double dx = x2 - x1, dy = y2 - y1, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.Clamp(((px - x1) * dx + (py - y1) * dy) / len2, 0, 1);
        double qx = x1 + t * dx - px, qy = y1 + t * dy - py;
        return qx * qx + qy * qy;
    }

    private static void Paint(double[] img, double[] colour, Func<double, double, bool> inside)
    {
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                if (inside(x + 0.5, y + 0.5))
                    for (int c = 0; c < 3; c++) img[(y * Size + x) * 3 + c] = colour[c];
    }

    private static (double, double) Polar(double radius, double angle) => (radius * Math.Cos(angle), radius * Math.Sin(angle));

    private static double[] Colour(Random rng) => [U(rng, 0, 255), U(rng, 0, 255), U(rng, 0, 255)];

    private static double U(Random rng, double a, double b) => a + (b - a) * rng.NextDouble();
}
