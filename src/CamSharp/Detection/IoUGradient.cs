namespace CamSharp.Detection;

/// <summary>d IoU(p, t) / d p for a predicted box p against a fixed box t.</summary>
public static class IoUGradient
{
    /// <summary>
    /// The IoU and its gradient with respect to p's (x0, y0, x1, y1). Where an edge of p meets
    /// the same edge of t, the edge of p is taken as the one that bounds the intersection.
    /// </summary>
    public static (double IoU, double D0, double D1, double D2, double D3) Of(DetectionBox p, DetectionBox t)
    {
        double iw = Math.Min(p.X1, t.X1) - Math.Max(p.X0, t.X0);
        double ih = Math.Min(p.Y1, t.Y1) - Math.Max(p.Y0, t.Y0);
        double pw = p.Width, ph = p.Height;
        double union0 = p.Area + t.Area;
        if (iw <= 0 || ih <= 0)
            return (0, 0, 0, 0, 0);
        double inter = iw * ih, union = union0 - inter;
        if (union <= 0) return (0, 0, 0, 0, 0);

        // d inter / d edge: only an edge of p that bounds the intersection moves it.
        double i0 = p.X0 >= t.X0 ? -ih : 0, i2 = p.X1 <= t.X1 ? ih : 0;
        double i1 = p.Y0 >= t.Y0 ? -iw : 0, i3 = p.Y1 <= t.Y1 ? iw : 0;
        // d area(p) / d edge.
        double a0 = -ph, a2 = ph, a1 = -pw, a3 = pw;
        double u2 = union * union;
        double D(double di, double da) => (di * union - inter * (da - di)) / u2;
        return (inter / union, D(i0, a0), D(i1, a1), D(i2, a2), D(i3, a3));
    }
}
