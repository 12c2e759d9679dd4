namespace CamSharp.Detection;

/// <summary>An axis-aligned box <c>[x0, y0, x1, y1]</c> in pixels (not clipped).</summary>
public readonly record struct DetectionBox(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;

    public double Height => Y1 - Y0;

    public double Area => (X1 - X0) * (Y1 - Y0);

    /// <summary>Intersection over union, 0 when the union is not positive (the references' rule).</summary>
    public static double IoU(DetectionBox a, DetectionBox b)
    {
        double iw = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0));
        double ih = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
        double inter = iw * ih;
        double union = a.Area + b.Area - inter;
        return union > 0 ? inter / union : 0;
    }

    public double[] ToArray() => [X0, Y0, X1, Y1];
}
