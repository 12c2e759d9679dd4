namespace CamSharp.Imaging.Resize;

/// <summary>
/// OpenCV's INTER_LINEAR for 8-bit images: a horizontal pass to integers with 11-bit weights,
/// then a vertical pass back to bytes. OpenCV's vertical pass rounds in two ways: its 128-bit
/// SIMD loop (VResizeLinearVec_32s8u) drops 4 bits before a high-half 16-bit multiply and
/// rounds the last 2 bits, <c>((r0&gt;&gt;4)·b0 &gt;&gt; 16) + ((r1&gt;&gt;4)·b1 &gt;&gt; 16) + 2) &gt;&gt; 2</c>; the
/// few bytes at the end of a row that the vector loop leaves go through the exact scalar
/// rounding <c>(r0·b0 + r1·b1 + 2^21) &gt;&gt; 22</c>. Both are reproduced, so results equal OpenCV's.
/// </summary>
internal static class LinearByteResizer
{
    /// <summary>Resizes <paramref name="cn"/>-channel bytes; <paramref name="areaWeights"/> selects INTER_AREA's enlarging weights.</summary>
    public static void Resize(ReadOnlySpan<byte> src, int sw, int sh, Span<byte> dst, int dw, int dh, int cn, bool areaWeights = false)
    {
        var (xi, xf) = areaWeights ? ResizeCoefficients.AreaEnlarge(sw, dw, true) : ResizeCoefficients.Linear(sw, dw, true);
        var (yi, yf) = areaWeights ? ResizeCoefficients.AreaEnlarge(sh, dh, false) : ResizeCoefficients.Linear(sh, dh, false);
        var xw = new short[2 * dw];
        for (int x = 0; x < dw; x++) (xw[2 * x], xw[2 * x + 1]) = ResizeCoefficients.Fixed(xf[x]);

        // Horizontally resized source rows, cached because consecutive output rows share them.
        var rowA = new int[dw * cn];
        var rowB = new int[dw * cn];
        int rowAIndex = -1, rowBIndex = -1;
        for (int y = 0; y < dh; y++)
        {
            int sy = ResizeCoefficients.Clip(yi[y], sh);
            int sy1 = ResizeCoefficients.Clip(yi[y] + 1, sh);
            (short b0, short b1) = ResizeCoefficients.Fixed(yf[y]);
            if (rowAIndex != sy)
            {
                if (rowBIndex == sy) { (rowA, rowB) = (rowB, rowA); (rowAIndex, rowBIndex) = (rowBIndex, rowAIndex); }
                else { Horizontal(src.Slice(sy * sw * cn, sw * cn), rowA, xi, xw, cn); rowAIndex = sy; }
            }
            if (rowBIndex != sy1)
            {
                Horizontal(src.Slice(sy1 * sw * cn, sw * cn), rowB, xi, xw, cn);
                rowBIndex = sy1;
            }
            var d = dst.Slice(y * dw * cn, dw * cn);
            int vectorEnd = VectorLoopEnd(d.Length);
            for (int i = 0; i < vectorEnd; i++)
            {
                int v = ((((rowA[i] >> 4) * b0) >> 16) + (((rowB[i] >> 4) * b1) >> 16) + 2) >> 2;
                d[i] = (byte)Math.Clamp(v, 0, 255);
            }
            for (int i = vectorEnd; i < d.Length; i++)
            {
                int v = (rowA[i] * b0 + rowB[i] * b1 + (1 << 21)) >> 22;
                d[i] = (byte)Math.Clamp(v, 0, 255);
            }
        }
    }

    /// <summary>How many bytes of a row OpenCV's vector loops cover: 16 at a time, then 8 while more than 8 remain.</summary>
    private static int VectorLoopEnd(int width)
    {
        int x = width >= 16 ? width / 16 * 16 : 0;
        while (x < width - 8) x += 8;
        return x;
    }

    private static void Horizontal(ReadOnlySpan<byte> s, int[] row, int[] xi, short[] xw, int cn)
    {
        int dw = xi.Length;
        for (int x = 0; x < dw; x++)
        {
            int a = xi[x] * cn;
            int b = Math.Min(xi[x] + 1, s.Length / cn - 1) * cn; // weight is 0 at the clamped edge
            int w0 = xw[2 * x], w1 = xw[2 * x + 1];
            for (int c = 0; c < cn; c++) row[x * cn + c] = s[a + c] * w0 + s[b + c] * w1;
        }
    }
}
