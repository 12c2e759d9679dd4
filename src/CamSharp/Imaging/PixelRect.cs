namespace CamSharp.Imaging;

/// <summary>A rectangle of pixels x0 ≤ x &lt; x1, y0 ≤ y &lt; y1.</summary>
public readonly record struct PixelRect(int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;

    public int Height => Y1 - Y0;

    /// <summary>Pixels shared with <paramref name="other"/> (0 when they do not meet).</summary>
    public long OverlapArea(PixelRect other) =>
        (long)Math.Max(0, Math.Min(X1, other.X1) - Math.Max(X0, other.X0)) * Math.Max(0, Math.Min(Y1, other.Y1) - Math.Max(Y0, other.Y0));

    public bool Overlaps(PixelRect other) => OverlapArea(other) > 0;
}
