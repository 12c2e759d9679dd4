namespace CamSharp.Imaging.Resize;

/// <summary>
/// OpenCV's INTER_AREA for shrinking 8-bit images. Integer scale factors average whole
/// k×l cells (the 2×2 case rounds as OpenCV's SIMD path, <c>(sum+2)&gt;&gt;2</c>; others
/// <c>round(sum · (1/area))</c>); fractional factors weight partly covered source pixels by
/// their coverage, accumulated in float in OpenCV's order (computeResizeAreaTab / ResizeArea_Invoker).
/// </summary>
internal static class AreaByteResizer
{
    private const double DblEpsilon = 2.220446049250313e-16; // C's DBL_EPSILON, as OpenCV compares with it

    /// <summary>Whether both scales are whole numbers (OpenCV's <c>is_area_fast</c>); <paramref name="kx"/>, <paramref name="ky"/> are the factors.</summary>
    public static bool IsIntegerScale(int sw, int sh, int dw, int dh, out int kx, out int ky)
    {
        double sx = ResizeCoefficients.Scale(sw, dw), sy = ResizeCoefficients.Scale(sh, dh);
        kx = (int)Math.Round(sx);
        ky = (int)Math.Round(sy);
        return Math.Abs(sx - kx) < DblEpsilon && Math.Abs(sy - ky) < DblEpsilon;
    }

    /// <summary>Requires <paramref name="dw"/> ≤ <paramref name="sw"/> and <paramref name="dh"/> ≤ <paramref name="sh"/>.</summary>
    public static void Resize(ReadOnlySpan<byte> src, int sw, int sh, Span<byte> dst, int dw, int dh, int cn)
    {
        if (IsIntegerScale(sw, sh, dw, dh, out int kx, out int ky))
            IntegerScale(src, sw, dst, dw, dh, cn, kx, ky);
        else
            FractionalScale(src, sw, sh, dst, dw, dh, cn, ResizeCoefficients.Scale(sw, dw), ResizeCoefficients.Scale(sh, dh));
    }

    private static void IntegerScale(ReadOnlySpan<byte> src, int sw, Span<byte> dst, int dw, int dh, int cn, int kx, int ky)
    {
        int area = kx * ky;
        float inv = 1f / area;
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < dw; x++)
                for (int c = 0; c < cn; c++)
                {
                    int sum = 0;
                    for (int j = 0; j < ky; j++)
                    {
                        int rowStart = ((y * ky + j) * sw + x * kx) * cn + c;
                        for (int i = 0; i < kx; i++) sum += src[rowStart + i * cn];
                    }
                    dst[(y * dw + x) * cn + c] = area == 4 ? (byte)((sum + 2) >> 2) : SaturateRound(sum * inv);
                }
    }

    /// <summary>One entry of OpenCV's DecimateAlpha table: destination index, source index, weight.</summary>
    private readonly record struct Tap(int Dst, int Src, float Alpha);

    private static Tap[] Taps(int ssize, int dsize, double scale)
    {
        var taps = new List<Tap>(2 * ssize);
        for (int d = 0; d < dsize; d++)
        {
            double fs1 = d * scale, fs2 = fs1 + scale;
            double cellWidth = Math.Min(scale, ssize - fs1);
            int s1 = (int)Math.Ceiling(fs1), s2 = (int)Math.Floor(fs2);
            s2 = Math.Min(s2, ssize - 1);
            s1 = Math.Min(s1, s2);
            if (s1 - fs1 > 1e-3) taps.Add(new Tap(d, s1 - 1, (float)((s1 - fs1) / cellWidth)));
            for (int s = s1; s < s2; s++) taps.Add(new Tap(d, s, (float)(1.0 / cellWidth)));
            if (fs2 - s2 > 1e-3) taps.Add(new Tap(d, s2, (float)(Math.Min(Math.Min(fs2 - s2, 1.0), cellWidth) / cellWidth)));
        }
        return taps.ToArray();
    }

    private static void FractionalScale(ReadOnlySpan<byte> src, int sw, int sh, Span<byte> dst, int dw, int dh, int cn, double sx, double sy)
    {
        var xt = Taps(sw, dw, sx);
        var yt = Taps(sh, dh, sy);
        int width = dw * cn;
        var buf = new float[width];
        var sum = new float[width];
        int prevDy = yt[0].Dst;
        foreach (var ty in yt)
        {
            var row = src.Slice(ty.Src * sw * cn, sw * cn);
            Array.Clear(buf);
            foreach (var tx in xt)
            {
                float a = tx.Alpha;
                int di = tx.Dst * cn, si = tx.Src * cn;
                for (int c = 0; c < cn; c++) buf[di + c] = buf[di + c] + row[si + c] * a;
            }
            float beta = ty.Alpha;
            if (ty.Dst != prevDy)
            {
                var d = dst.Slice(prevDy * width, width);
                for (int i = 0; i < width; i++) { d[i] = SaturateRound(sum[i]); sum[i] = beta * buf[i]; }
                prevDy = ty.Dst;
            }
            else
            {
                for (int i = 0; i < width; i++) sum[i] += beta * buf[i];
            }
        }
        var last = dst.Slice(prevDy * width, width);
        for (int i = 0; i < width; i++) last[i] = SaturateRound(sum[i]);
    }

    /// <summary>OpenCV's <c>saturate_cast&lt;uchar&gt;(float)</c>: round half to even, then clamp.</summary>
    internal static byte SaturateRound(float v)
    {
        int r = (int)MathF.Round(v);
        return (byte)Math.Clamp(r, 0, 255);
    }
}
