namespace CamSharp.Imaging.Resize;

/// <summary>
/// Source positions and weights along one axis, computed exactly as OpenCV's
/// <c>cv::resize</c> does (resize.cpp): the scale is <c>1/(dst/src)</c> in double, the
/// half-pixel source coordinate is rounded to float, and edges are clamped.
/// </summary>
internal static class ResizeCoefficients
{
    /// <summary>OpenCV's <c>scale_x = 1 / inv_scale_x</c> with <c>inv_scale_x = dst / src</c>.</summary>
    public static double Scale(int src, int dst) => 1.0 / ((double)dst / src);

    /// <summary>
    /// Bilinear (INTER_LINEAR): for each output index the first source index and the float
    /// weight of the next. Columns (<paramref name="clampEdges"/>) are clamped to the image
    /// with weight 0 beyond it; rows are not: OpenCV keeps the index (−1 or the last row) and
    /// its weight, and clips the row numbers when reading, so edge rows blend a row with itself.
    /// </summary>
    public static (int[] Index, float[] Frac) Linear(int src, int dst, bool clampEdges)
    {
        double scale = Scale(src, dst);
        var index = new int[dst];
        var frac = new float[dst];
        for (int d = 0; d < dst; d++)
        {
            float f = (float)((d + 0.5) * scale - 0.5);
            int s = (int)MathF.Floor(f);
            f -= s;
            if (clampEdges && s < 0) { f = 0; s = 0; }
            if (clampEdges && s >= src - 1) { f = 0; s = src - 1; }
            index[d] = s;
            frac[d] = f;
        }
        return (index, frac);
    }

    /// <summary>
    /// INTER_AREA when enlarging along either axis: OpenCV then interpolates linearly, with
    /// weights from the overlap of output cell <c>d</c> and the source pixel it starts in.
    /// </summary>
    public static (int[] Index, float[] Frac) AreaEnlarge(int src, int dst, bool clampEdges)
    {
        double scale = Scale(src, dst), inv = (double)dst / src;
        var index = new int[dst];
        var frac = new float[dst];
        for (int d = 0; d < dst; d++)
        {
            int s = (int)Math.Floor(d * scale);
            float f = (float)((d + 1) - (s + 1) * inv);
            f = f <= 0 ? 0f : f - MathF.Floor(f);
            if (clampEdges && s < 0) { f = 0; s = 0; }
            if (clampEdges && s >= src - 1) { f = 0; s = src - 1; }
            index[d] = s;
            frac[d] = f;
        }
        return (index, frac);
    }

    /// <summary>Row <paramref name="i"/> clipped into <c>[0, n−1]</c> (OpenCV's <c>clip</c> of row indices).</summary>
    public static int Clip(int i, int n) => i < 0 ? 0 : i >= n ? n - 1 : i;

    /// <summary>The same weights in OpenCV's 11-bit fixed point (<c>INTER_RESIZE_COEF_SCALE</c> = 2048), each rounded half to even.</summary>
    public static (short W0, short W1) Fixed(float frac) =>
        ((short)MathF.Round((1f - frac) * 2048f), (short)MathF.Round(frac * 2048f));

    /// <summary>Nearest neighbour (INTER_NEAREST): <c>floor(d · src/dst)</c>, clamped.</summary>
    public static int[] Nearest(int src, int dst)
    {
        double scale = Scale(src, dst);
        var index = new int[dst];
        for (int d = 0; d < dst; d++) index[d] = Math.Min((int)Math.Floor(d * scale), src - 1);
        return index;
    }
}
