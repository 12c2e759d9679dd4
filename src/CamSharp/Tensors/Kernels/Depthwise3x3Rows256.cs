using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The 3×3 depthwise convolution with one pixel of padding, stride 1 or 2 (MobileNet's and
/// YOLOX's), with AVX2 and FMA, straight from the NCHW planes, one output row at a time: the
/// AVX2 twin of <see cref="Depthwise3x3Rows"/>. The nine weights and the bias stay in registers.
/// At stride 1 the left and right taps of 8 outputs are unaligned loads one float either side
/// (AVX2 has no cheap lane shift across two vectors); at stride 2 two loads of 8 inputs are
/// split into the even (centre) and odd (right) columns by one in-lane shuffle each, and two
/// loads one float earlier give the left taps the same way; the sum is kept in the shuffles'
/// lane order and put right by one permute before the store. Only a row's first and last
/// vectors use masked loads (zeros outside the row, as the padding); the padding rows above and
/// below a plane are a zeroed row. No copy of the plane is made. Bias first, then the nine taps
/// in row-major order as fused multiply-adds: the arithmetic of the AVX-512 kernels.
/// </summary>
internal static unsafe class Depthwise3x3Rows256
{
    public static bool Applies(ConvGeometry g) =>
        Avx2.IsSupported && Fma.IsSupported && g.KernelHeight == 3 && g.KernelWidth == 3
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.PadTop == 1 && g.PadLeft == 1
        && ((g.StrideHeight == 1 && g.StrideWidth == 1 && g.OutHeight == g.InHeight && g.OutWidth == g.InWidth)
            || (g.StrideHeight == 2 && g.StrideWidth == 2 && g.OutHeight == (g.InHeight + 1) / 2 && g.OutWidth == (g.InWidth + 1) / 2));

    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes, in parallel over planes.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        int planes = g.Batch * g.InChannels;
        // The padding row above and below a plane; its reads past the row's end are masked off.
        int zeros = g.InWidth + 16;
        int band = activation.Kind == ActivationKind.Silu ? DepthwiseEpilogue256.SiluBand(g.OutWidth) : g.OutHeight;
        CoarseParallel.ForChunks(planes, (long)g.OutSize * 9 + g.InSize, (p0, p1) =>
        {
            float* zero = SgemmScratch.PackB(zeros);
            new Span<float>(zero, zeros).Clear();
            var (lo, hi) = DepthwiseEpilogue256.Bounds(activation);
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                float* plane = x + (nint)p * g.InSize, yp = y + (nint)p * g.OutSize, wc = w + (nint)c * 9;
                float b = bias != null ? bias[c] : 0f;
                for (int r0 = 0; r0 < g.OutHeight; r0 += band)
                {
                    int r1 = Math.Min(g.OutHeight, r0 + band);
                    switch (activation.Kind)
                    {
                        case ActivationKind.None: Rows<NoActivation256>(g, plane, zero, wc, b, yp, r0, r1, lo, hi); break;
                        case ActivationKind.Silu:
                            Rows<NoActivation256>(g, plane, zero, wc, b, yp, r0, r1, lo, hi);
                            var rows = new Span<float>(yp + (nint)r0 * g.OutWidth, (r1 - r0) * g.OutWidth);
                            Logistic.Silu(rows, rows);
                            break;
                        default: Rows<ClampActivation256>(g, plane, zero, wc, b, yp, r0, r1, lo, hi); break;
                    }
                }
            }
        });
    }

    private static void Rows<TActivation>(ConvGeometry g, float* plane, float* zero, float* w, float bias, float* y, int r0, int r1,
        Vector256<float> lo, Vector256<float> hi) where TActivation : struct, IVectorActivation256
    {
        if (g.StrideWidth == 1) Rows1<TActivation>(plane, zero, g.InHeight, g.InWidth, w, bias, y, r0, r1, lo, hi);
        else Rows2<TActivation>(plane, zero, g.InHeight, g.InWidth, g.OutHeight, g.OutWidth, w, bias, y, r0, r1, lo, hi);
    }

    /// <summary>Output rows [r0, r1) at stride 1: outputs q … q + 7 read columns q − 1 … q + 8 of three input rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows1<TActivation>(float* plane, float* zero, int height, int width, float* w, float bias, float* y, int r0, int r1,
        Vector256<float> lo, Vector256<float> hi) where TActivation : struct, IVectorActivation256
    {
        var w0 = Vector256.Create(w[0]); var w1 = Vector256.Create(w[1]); var w2 = Vector256.Create(w[2]);
        var w3 = Vector256.Create(w[3]); var w4 = Vector256.Create(w[4]); var w5 = Vector256.Create(w[5]);
        var w6 = Vector256.Create(w[6]); var w7 = Vector256.Create(w[7]); var w8 = Vector256.Create(w[8]);
        var b = Vector256.Create(bias);
        for (int r = r0; r < r1; r++)
        {
            float* up = r > 0 ? plane + (nint)(r - 1) * width : zero;
            float* mid = plane + (nint)r * width;
            float* down = r + 1 < height ? plane + (nint)(r + 1) * width : zero;
            float* yrow = y + (nint)r * width;
            int room = (height - r) * width;
            // The first vector (its left taps start before the row), whole vectors, then the row's end: masked.
            int q = 0;
            if (q < width)
                DepthwiseEpilogue256.Store(TActivation.Apply(Edge1(up, mid, down, width, q, w0, w1, w2, w3, w4, w5, w6, w7, w8, b), lo, hi), yrow, q, width, room);
            for (q = 8; q + 9 <= width; q += 8)
            {
                float* u = up + q, m = mid + q, d = down + q;
                var acc = Fma.MultiplyAdd(Avx.LoadVector256(u - 1), w0, b);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(u), w1, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(u + 1), w2, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(m - 1), w3, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(m), w4, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(m + 1), w5, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(d - 1), w6, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(d), w7, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(d + 1), w8, acc);
                Avx.Store(yrow + q, TActivation.Apply(acc, lo, hi));
            }
            for (; q < width; q += 8)
                DepthwiseEpilogue256.Store(TActivation.Apply(Edge1(up, mid, down, width, q, w0, w1, w2, w3, w4, w5, w6, w7, w8, b), lo, hi), yrow, q, width, room);
        }
    }

    /// <summary>
    /// Outputs q … q + 7 of a stride-1 row with every tap a masked load (zeros outside the row). Inlined: a call in
    /// the row loop would make the JIT keep the weights on the stack (ymm registers do not survive calls).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Edge1(float* up, float* mid, float* down, int width, int q,
        Vector256<float> w0, Vector256<float> w1, Vector256<float> w2, Vector256<float> w3, Vector256<float> w4,
        Vector256<float> w5, Vector256<float> w6, Vector256<float> w7, Vector256<float> w8, Vector256<float> b)
    {
        var left = DepthwiseEpilogue256.Inside(q - 1, width);
        var centre = DepthwiseEpilogue256.Inside(q, width);
        var right = DepthwiseEpilogue256.Inside(q + 1, width);
        var acc = Fma.MultiplyAdd(Avx.MaskLoad(up + q - 1, left), w0, b);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(up + q, centre), w1, acc);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(up + q + 1, right), w2, acc);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(mid + q - 1, left), w3, acc);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(mid + q, centre), w4, acc);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(mid + q + 1, right), w5, acc);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(down + q - 1, left), w6, acc);
        acc = Fma.MultiplyAdd(Avx.MaskLoad(down + q, centre), w7, acc);
        return Fma.MultiplyAdd(Avx.MaskLoad(down + q + 1, right), w8, acc);
    }

    /// <summary>
    /// Output rows [r0, r1) at stride 2: outputs q … q + 7 read input columns 2q − 1 … 2q + 15; loads at 2q and 2q + 8
    /// give the centre (even) and right (odd) taps, loads at 2q − 1 and 2q + 7 the left (their even) taps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows2<TActivation>(float* plane, float* zero, int height, int width, int outHeight, int ow, float* w, float bias, float* y, int r0, int r1,
        Vector256<float> lo, Vector256<float> hi) where TActivation : struct, IVectorActivation256
    {
        var w0 = Vector256.Create(w[0]); var w1 = Vector256.Create(w[1]); var w2 = Vector256.Create(w[2]);
        var w3 = Vector256.Create(w[3]); var w4 = Vector256.Create(w[4]); var w5 = Vector256.Create(w[5]);
        var w6 = Vector256.Create(w[6]); var w7 = Vector256.Create(w[7]); var w8 = Vector256.Create(w[8]);
        var b = Vector256.Create(bias);
        for (int r = r0; r < r1; r++)
        {
            int centre = 2 * r;
            float* up = centre > 0 ? plane + (nint)(centre - 1) * width : zero;
            float* mid = plane + (nint)centre * width;
            float* down = centre + 1 < height ? plane + (nint)(centre + 1) * width : zero;
            float* yrow = y + (nint)r * ow;
            int room = (outHeight - r) * ow;
            int q = 0;
            if (q < ow)
                DepthwiseEpilogue256.Store(TActivation.Apply(Edge2(up, mid, down, width, q, w0, w1, w2, w3, w4, w5, w6, w7, w8, b), lo, hi), yrow, q, ow, room);
            for (q = 8; 2 * q + 16 <= width; q += 8)
            {
                nint i = 2 * q;
                var acc = Fma.MultiplyAdd(Left(up + i), w0, b);
                acc = Fma.MultiplyAdd(Even(up + i), w1, acc);
                acc = Fma.MultiplyAdd(Odd(up + i), w2, acc);
                acc = Fma.MultiplyAdd(Left(mid + i), w3, acc);
                acc = Fma.MultiplyAdd(Even(mid + i), w4, acc);
                acc = Fma.MultiplyAdd(Odd(mid + i), w5, acc);
                acc = Fma.MultiplyAdd(Left(down + i), w6, acc);
                acc = Fma.MultiplyAdd(Even(down + i), w7, acc);
                acc = Fma.MultiplyAdd(Odd(down + i), w8, acc);
                Avx.Store(yrow + q, TActivation.Apply(InOrder(acc), lo, hi));
            }
            for (; q < ow; q += 8)
                DepthwiseEpilogue256.Store(TActivation.Apply(Edge2(up, mid, down, width, q, w0, w1, w2, w3, w4, w5, w6, w7, w8, b), lo, hi), yrow, q, ow, room);
        }
    }

    /// <summary>Outputs q … q + 7 of a stride-2 row (in the shuffles' lane order) with every load masked to the row (zeros outside it); inlined as <see cref="Edge1"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Edge2(float* up, float* mid, float* down, int width, int q,
        Vector256<float> w0, Vector256<float> w1, Vector256<float> w2, Vector256<float> w3, Vector256<float> w4,
        Vector256<float> w5, Vector256<float> w6, Vector256<float> w7, Vector256<float> w8, Vector256<float> b)
    {
        int i = 2 * q;
        var low = DepthwiseEpilogue256.Inside(i, width);
        var high = DepthwiseEpilogue256.Inside(i + 8, width);
        var lowLeft = DepthwiseEpilogue256.Inside(i - 1, width);
        var highLeft = DepthwiseEpilogue256.Inside(i + 7, width);
        var acc = Tap3(up + i, low, high, lowLeft, highLeft, w0, w1, w2, b);
        acc = Tap3(mid + i, low, high, lowLeft, highLeft, w3, w4, w5, acc);
        return InOrder(Tap3(down + i, low, high, lowLeft, highLeft, w6, w7, w8, acc));
    }

    /// <summary>acc + wl·left + wc·centre + wr·right for one input row, loads masked (in the shuffles' lane order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tap3(float* row, Vector256<float> low, Vector256<float> high, Vector256<float> lowLeft,
        Vector256<float> highLeft, Vector256<float> wl, Vector256<float> wc, Vector256<float> wr, Vector256<float> acc)
    {
        var a = Avx.MaskLoad(row, low);
        var c = Avx.MaskLoad(row + 8, high);
        var left = Avx.Shuffle(Avx.MaskLoad(row - 1, lowLeft), Avx.MaskLoad(row + 7, highLeft), 0x88);
        acc = Fma.MultiplyAdd(left, wl, acc);
        acc = Fma.MultiplyAdd(Avx.Shuffle(a, c, 0x88), wc, acc);
        return Fma.MultiplyAdd(Avx.Shuffle(a, c, 0xDD), wr, acc);
    }

    /// <summary>
    /// The even elements of row[0 … 15], in the lane order 0, 2, 8, 10 | 4, 6, 12, 14 (<c>shufps</c> works within
    /// 128-bit halves); the odd ones and the left taps come in the same order, so their sum is put right once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Even(float* row) => Avx.Shuffle(Avx.LoadVector256(row), Avx.LoadVector256(row + 8), 0x88);

    /// <summary>The odd elements of row[0 … 15], in <see cref="Even"/>'s lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Odd(float* row) => Avx.Shuffle(Avx.LoadVector256(row), Avx.LoadVector256(row + 8), 0xDD);

    /// <summary>The even elements of row[−1 … 14] (each output's left tap), in <see cref="Even"/>'s lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Left(float* row) => Even(row - 1);

    /// <summary>Outputs 0, 1, 4, 5 | 2, 3, 6, 7 (pairs in 64-bit lanes 0, 2, 1, 3) back in order 0 … 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> InOrder(Vector256<float> acc) => Avx2.Permute4x64(acc.AsDouble(), 0xD8).AsSingle();
}
