using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The 3×3 stride-2 depthwise convolution with one pixel of padding (MobileNet's and YOLOX's
/// downsampling), flat like <see cref="Depthwise3x3Flat"/>. Each input plane is split by row
/// and column parity into four planes of OutHeight × OutWidth (two permutes per 32 inputs), so
/// that for output q = (r, c) every tap is one of them at q, q − 1, q − OutWidth or
/// q − OutWidth − 1: input row 2r − 1 is odd row r − 1, 2r even row r, 2r + 1 odd row r, and
/// likewise for columns. Taps at column 2c − 1 are zeroed (a lane mask) where c = 0; the row above the
/// plane and a missing last odd row or column (odd input size) are zeros. A large plane goes in
/// bands of output rows, so the phase buffers stay in L1 between the split and the taps.
/// Bias, then taps in row-major order: <see cref="Depthwise3x3"/>'s arithmetic.
/// </summary>
internal static unsafe class Depthwise3x3Stride2
{
    public static bool Applies(ConvGeometry g) =>
        Avx512F.IsSupported && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 2 && g.StrideWidth == 2
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.PadTop == 1 && g.PadLeft == 1
        && g.OutHeight == (g.InHeight + 1) / 2 && g.OutWidth == (g.InWidth + 1) / 2;

    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes, in parallel over planes.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        int planes = g.Batch * g.InChannels, ow = g.OutWidth;
        // Bands of output rows whose four phase buffers stay in L1 (about 24 KiB) however large the plane.
        int band = Math.Clamp(BandFloats / ow - 1, 1, g.OutHeight);
        // Per phase buffer: room before for the left tap of the first column, band + 1 rows, room for a row's last 16-wide store.
        int phase = 16 + ((band + 1) * ow + 15) / 16 * 16 + 32;
        CoarseParallel.ForChunks(planes, (long)g.OutSize * 9 + g.InSize, (p0, p1) =>
        {
            float* scratch = SgemmScratch.PackB(4 * phase);
            new Span<float>(scratch, 4 * phase).Clear();
            // Phase buffers by (row parity, column parity): even-even, even-odd, odd-even, odd-odd.
            float* ee = scratch + 16, eo = ee + phase, oe = eo + phase, oo = oe + phase;
            var (lo, hi) = DepthwiseEpilogue.Bounds(activation);
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                float b = bias != null ? bias[c] : 0f;
                float* wc = w + (nint)c * 9;
                for (int r0 = 0; r0 < g.OutHeight; r0 += band)
                {
                    int rows = Math.Min(band, g.OutHeight - r0), size = rows * ow;
                    Split(g, x + (nint)p * g.InSize, r0, rows, ee, phase);
                    // Odd buffers start one row early (input row 2·r0 − 1): their pointers for output row r0 are one row in.
                    float* yb = y + (nint)p * g.OutSize + (nint)r0 * ow;
                    switch (activation.Kind)
                    {
                        case ActivationKind.None: Plane<NoActivation>(ow, size, ee, eo, oe + ow, oo + ow, wc, b, yb, lo, hi); break;
                        case ActivationKind.Silu:
                            // A second pass over the band while it is in L1, as in Depthwise3x3Flat: fused, SiLU's constants crowd the weights out of the registers.
                            Plane<NoActivation>(ow, size, ee, eo, oe + ow, oo + ow, wc, b, yb, lo, hi);
                            Logistic.Silu(new ReadOnlySpan<float>(yb, size), new Span<float>(yb, size));
                            break;
                        default: Plane<ClampActivation>(ow, size, ee, eo, oe + ow, oo + ow, wc, b, yb, lo, hi); break;
                    }
                }
            }
        });
    }

    /// <summary>Floats of one phase buffer's band (four of them fit in L1 with room to spare).</summary>
    private const int BandFloats = 1536;

    /// <summary>
    /// Input rows 2·r0 − 1 … 2·(r0 + rows) − 1 into the band's phase buffers: even row 2r to row r − r0 of
    /// the even buffers, odd row 2r + 1 to row r − r0 + 1 of the odd ones; rows outside the input are zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Split(ConvGeometry g, float* plane, int r0, int rows, float* ee, int phase)
    {
        int width = g.InWidth, ow = g.OutWidth;
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var sixteen = Vector512.Create(16);
        // Locals, not static fields in the loop: each static read there can be a runtime helper call.
        var evens = EvenOdd.Evens;
        var odds = EvenOdd.Odds;
        // Rows in order, so a row's last 16-wide store spills only into rows written after it (or the slack).
        for (int ih = 2 * r0 - 1; ih <= 2 * (r0 + rows) - 1; ih++)
        {
            int local = (ih & 1) == 0 ? (ih >> 1) - r0 : ((ih - 1) >> 1) - r0 + 1;
            float* even = ee + (nint)(ih & 1) * 2 * phase + (nint)local * ow, odd = even + phase;
            if ((uint)ih >= (uint)g.InHeight)
            {
                // The padding row above the plane, or the missing last odd row of an odd height.
                new Span<float>(even, ow).Clear();
                new Span<float>(odd, ow).Clear();
                continue;
            }
            float* src = plane + (nint)ih * width;
            for (int iw = 0; iw < width; iw += 32)
            {
                Vector512<float> a, b;
                if (iw + 32 <= width)
                {
                    a = Vector512.Load(src + iw);
                    b = Vector512.Load(src + iw + 16);
                }
                else
                {
                    // Past the row's end: zeros (the missing odd column of an odd width is padding).
                    var left = Vector512.Create(width - iw);
                    a = Avx512F.MaskLoad(src + iw, Vector512.LessThan(lanes, left).AsSingle(), Vector512<float>.Zero);
                    b = Avx512F.MaskLoad(src + iw + 16, Vector512.LessThan(lanes + sixteen, left).AsSingle(), Vector512<float>.Zero);
                }
                Avx512F.PermuteVar16x32x2(a, evens, b).Store(even + iw / 2);
                Avx512F.PermuteVar16x32x2(a, odds, b).Store(odd + iw / 2);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Plane<TActivation>(int ow, int size, float* ee, float* eo, float* oe, float* oo, float* w, float bias, float* y,
        Vector512<float> lo, Vector512<float> hi) where TActivation : struct, IVectorActivation
    {
        // Before the weights: a call with them live would put all nine on the stack for the whole loop.
        var col = DepthwiseEpilogue.FirstColumns(ow);
        var w0 = Vector512.Create(w[0]); var w1 = Vector512.Create(w[1]); var w2 = Vector512.Create(w[2]);
        var w3 = Vector512.Create(w[3]); var w4 = Vector512.Create(w[4]); var w5 = Vector512.Create(w[5]);
        var w6 = Vector512.Create(w[6]); var w7 = Vector512.Create(w[7]); var w8 = Vector512.Create(w[8]);
        var b = Vector512.Create(bias);
        var widths = Vector512.Create(ow);
        var step = Vector512.Create(16 % ow);
        nint up = -ow;
        for (int q = 0; q < size; q += 16)
        {
            var left = DepthwiseEpilogue.HasLeft(col);
            var acc = Vector512.FusedMultiplyAdd(w0, (Vector512.Load(oo + q + up - 1) & left), b);
            acc = Vector512.FusedMultiplyAdd(w1, Vector512.Load(oe + q + up), acc);
            acc = Vector512.FusedMultiplyAdd(w2, Vector512.Load(oo + q + up), acc);
            acc = Vector512.FusedMultiplyAdd(w3, (Vector512.Load(eo + q - 1) & left), acc);
            acc = Vector512.FusedMultiplyAdd(w4, Vector512.Load(ee + q), acc);
            acc = Vector512.FusedMultiplyAdd(w5, Vector512.Load(eo + q), acc);
            acc = Vector512.FusedMultiplyAdd(w6, (Vector512.Load(oo + q - 1) & left), acc);
            acc = Vector512.FusedMultiplyAdd(w7, Vector512.Load(oe + q), acc);
            acc = Vector512.FusedMultiplyAdd(w8, Vector512.Load(oo + q), acc);
            DepthwiseEpilogue.Store(TActivation.Apply(acc, lo, hi), y, q, size);
            col = DepthwiseEpilogue.Next(col, step, widths);
        }
    }
}
