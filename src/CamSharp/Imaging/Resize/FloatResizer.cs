namespace CamSharp.Imaging.Resize;

/// <summary>Bilinear and nearest resizing of float32 maps.</summary>
internal static class FloatResizer
{
    /// <summary>OpenCV INTER_LINEAR on float32: half-pixel centres, clamped edges, float arithmetic.</summary>
    public static FloatMap Linear(FloatMap src, int dw, int dh)
    {
        var (xi, xf) = ResizeCoefficients.Linear(src.Width, dw, clampEdges: true);
        var (yi, yf) = ResizeCoefficients.Linear(src.Height, dh, clampEdges: false);
        return Separable(src, dw, dh, xi, xf, yi, yf);
    }

    /// <summary>
    /// PyTorch <c>F.interpolate(mode="bilinear", align_corners=True)</c>: corner pixels of
    /// input and output coincide, source = <c>d · (in−1)/(out−1)</c> in float.
    /// </summary>
    public static FloatMap LinearAlignCorners(FloatMap src, int dw, int dh)
    {
        var (xi, xf) = AlignCorners(src.Width, dw);
        var (yi, yf) = AlignCorners(src.Height, dh);
        return Separable(src, dw, dh, xi, xf, yi, yf);
    }

    public static FloatMap Nearest(FloatMap src, int dw, int dh)
    {
        var xi = ResizeCoefficients.Nearest(src.Width, dw);
        var yi = ResizeCoefficients.Nearest(src.Height, dh);
        var dst = new FloatMap(dw, dh);
        for (int y = 0; y < dh; y++)
        {
            var s = src.Row(yi[y]);
            var d = dst.Row(y);
            for (int x = 0; x < dw; x++) d[x] = s[xi[x]];
        }
        return dst;
    }

    internal static (int[] Index, float[] Frac) AlignCorners(int src, int dst)
    {
        float scale = dst > 1 ? (float)(src - 1) / (dst - 1) : 0f;
        var index = new int[dst];
        var frac = new float[dst];
        for (int d = 0; d < dst; d++)
        {
            float real = scale * d;
            int i = Math.Min((int)real, src - 1);
            index[d] = i;
            frac[d] = Math.Clamp(real - i, 0f, 1f);
        }
        return (index, frac);
    }

    /// <summary>Horizontal pass per source row, then vertical blend: <c>r0·(1−fy) + r1·fy</c>.</summary>
    private static FloatMap Separable(FloatMap src, int dw, int dh, int[] xi, float[] xf, int[] yi, float[] yf)
    {
        var dst = new FloatMap(dw, dh);
        SeparableInto(src.Data, src.Width, src.Height, dst.Data, xi, xf, yi, yf, new float[dw], new float[dw]);
        return dst;
    }

    /// <summary>
    /// <see cref="Separable"/> into a caller's buffer with the caller's two row buffers, so that
    /// resizing many maps of one size makes no garbage.
    /// </summary>
    internal static void SeparableInto(ReadOnlySpan<float> src, int sw, int sh, Span<float> dst,
        int[] xi, float[] xf, int[] yi, float[] yf, float[] r0, float[] r1)
    {
        int dw = xi.Length, dh = yi.Length;
        for (int y = 0; y < dh; y++)
        {
            Horizontal(src.Slice(ResizeCoefficients.Clip(yi[y], sh) * sw, sw), r0, xi, xf, sw);
            Horizontal(src.Slice(ResizeCoefficients.Clip(yi[y] + 1, sh) * sw, sw), r1, xi, xf, sw);
            float b1 = yf[y], b0 = 1f - b1;
            var d = dst.Slice(y * dw, dw);
            for (int x = 0; x < dw; x++) d[x] = r0[x] * b0 + r1[x] * b1;
        }
    }

    private static void Horizontal(ReadOnlySpan<float> s, float[] row, int[] xi, float[] xf, int sw)
    {
        for (int x = 0; x < row.Length; x++)
        {
            int i = xi[x];
            float a1 = xf[x], a0 = 1f - a1;
            row[x] = s[i] * a0 + s[Math.Min(i + 1, sw - 1)] * a1;
        }
    }
}
