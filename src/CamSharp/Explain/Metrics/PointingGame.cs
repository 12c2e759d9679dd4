namespace CamSharp.Explain.Metrics;

/// <summary>
/// The pointing game (Zhang et al., "Top-down Neural Attention by Excitation Backprop", ECCV
/// 2016; TorchRay's <c>PointingGame</c>): a map hits when its maximum lies within
/// <c>tolerance</c> pixels of a ground-truth box (15 in the paper). Accuracy is hits / (hits +
/// misses). Boxes are [x0, y0, x1, y1) in pixels, x1 and y1 exclusive; a pixel (x, y) is in a
/// box when x0 ≤ x &lt; x1 and y0 ≤ y &lt; y1.
/// <para>TorchRay counts a hit when some box pixel is at a distance² &lt; tolerance² from the
/// point, so a tolerance of 0 can never hit; here 0 means the point's own pixel must be in a box.</para>
/// </summary>
public static class PointingGame
{
    public const double DefaultTolerance = 15;

    /// <summary>The map's maximum (x, y), the first in row-major order on ties.</summary>
    public static (int X, int Y) MaxPoint(ReadOnlySpan<float> map, int width)
    {
        if (map.IsEmpty) throw new ArgumentException("The map is empty.", nameof(map));
        int best = 0;
        for (int i = 1; i < map.Length; i++) if (map[i] > map[best]) best = i;
        return (best % width, best / width);
    }

    /// <summary>Whether the point (x, y) — possibly fractional — hits one of the boxes.</summary>
    public static bool Hit(double x, double y, IEnumerable<(double X0, double Y0, double X1, double Y1)> boxes, double tolerance = DefaultTolerance)
    {
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The pointing-game tolerance must be ≥ 0.");
        double rx = System.Math.Round(x, MidpointRounding.AwayFromZero), ry = System.Math.Round(y, MidpointRounding.AwayFromZero);
        foreach (var (x0, y0, x1, y1) in boxes)
        {
            // The box's pixels are the integers in [ceil(x0), ceil(x1) − 1] × [ceil(y0), ceil(y1) − 1].
            double left = System.Math.Ceiling(x0), right = System.Math.Ceiling(x1) - 1;
            double top = System.Math.Ceiling(y0), bottom = System.Math.Ceiling(y1) - 1;
            if (right < left || bottom < top) continue;
            if (tolerance == 0)
            {
                if (rx >= left && rx <= right && ry >= top && ry <= bottom) return true;
                continue;
            }
            // The nearest box pixel to the point, per axis.
            double dx = System.Math.Clamp(rx, left, right) - x, dy = System.Math.Clamp(ry, top, bottom) - y;
            if (dx * dx + dy * dy < tolerance * tolerance) return true;
        }
        return false;
    }

    /// <summary>Whether a map's maximum hits one of the boxes (map and boxes in the same pixels).</summary>
    public static bool Hit(ReadOnlySpan<float> map, int width, IEnumerable<(double X0, double Y0, double X1, double Y1)> boxes, double tolerance = DefaultTolerance)
    {
        var (x, y) = MaxPoint(map, width);
        return Hit(x, y, boxes, tolerance);
    }
}
