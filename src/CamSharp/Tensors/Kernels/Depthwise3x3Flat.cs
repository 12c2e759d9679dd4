using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The 3×3 stride-1 "same" depthwise convolution of MobileNet and YOLOX, a plane read as one
/// flat row: output q's taps are inputs q − W − 1 … q + W + 1, so 16 consecutive outputs are
/// 16 lanes of nine shifted loads whatever the plane's width — a 7×7 plane is 4 vectors, not
/// 7 rows of one partly filled vector, and no padded 2-D copy is made. Rows above and below
/// the plane read zeros placed around a flat copy of it; a tap left or right of a row's end
/// is zeroed by a lane mask made from each lane's column. Bias first, then the
/// taps in row-major order as fused multiply-adds: the arithmetic of <see cref="Depthwise3x3"/>.
/// </summary>
internal static unsafe class Depthwise3x3Flat
{
    public static bool Applies(ConvGeometry g) =>
        Avx512F.IsSupported && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.PadTop == 1 && g.PadLeft == 1
        && g.OutHeight == g.InHeight && g.OutWidth == g.InWidth;

    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes, in parallel over planes.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        int planes = g.Batch * g.InChannels, width = g.InWidth, size = g.InSize;
        // Zeros before the plane for the row above, after it for the row below and the last vector's lanes.
        int halo = (width + 1 + 15) / 16 * 16, floats = halo + (size + 15) / 16 * 16 + halo + 16;
        CoarseParallel.ForChunks(planes, (long)size * 9, (p0, p1) =>
        {
            float* scratch = SgemmScratch.PackB(floats);
            new Span<float>(scratch, floats).Clear();
            float* plane = scratch + halo;
            var (lo, hi) = DepthwiseEpilogue.Bounds(activation);
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                new ReadOnlySpan<float>(x + (nint)p * size, size).CopyTo(new Span<float>(plane, size));
                float* yp = y + (nint)p * size;
                float b = bias != null ? bias[c] : 0f;
                switch (activation.Kind)
                {
                    case ActivationKind.None: Plane<NoActivation>(plane, width, size, w + (nint)c * 9, b, yp, lo, hi); break;
                    case ActivationKind.Silu:
                        // A second pass over the plane while it is in L1: fused, SiLU's dozen constants crowd the
                        // weights out of the registers (32 planes of 52×52: 0.116 ms against 0.085). Same steps per lane.
                        Plane<NoActivation>(plane, width, size, w + (nint)c * 9, b, yp, lo, hi);
                        Logistic.Silu(new ReadOnlySpan<float>(yp, size), new Span<float>(yp, size));
                        break;
                    default: Plane<ClampActivation>(plane, width, size, w + (nint)c * 9, b, yp, lo, hi); break;
                }
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Plane<TActivation>(float* x, int width, int size, float* w, float bias, float* y, Vector512<float> lo, Vector512<float> hi)
        where TActivation : struct, IVectorActivation
    {
        // Before the weights: a call with them live would put all nine on the stack for the whole loop (30% slower).
        var col = DepthwiseEpilogue.FirstColumns(width);
        var w0 = Vector512.Create(w[0]); var w1 = Vector512.Create(w[1]); var w2 = Vector512.Create(w[2]);
        var w3 = Vector512.Create(w[3]); var w4 = Vector512.Create(w[4]); var w5 = Vector512.Create(w[5]);
        var w6 = Vector512.Create(w[6]); var w7 = Vector512.Create(w[7]); var w8 = Vector512.Create(w[8]);
        var b = Vector512.Create(bias);
        var widths = Vector512.Create(width);
        var last = Vector512.Create(width - 1);
        var step = Vector512.Create(16 % width);
        nint up = -width, down = width;
        for (int q = 0; q < size; q += 16)
        {
            var left = DepthwiseEpilogue.HasLeft(col);
            var right = DepthwiseEpilogue.HasRight(col, last);
            float* p = x + q;
            var acc = Vector512.FusedMultiplyAdd(w0, (Vector512.Load(p + up - 1) & left), b);
            acc = Vector512.FusedMultiplyAdd(w1, Vector512.Load(p + up), acc);
            acc = Vector512.FusedMultiplyAdd(w2, (Vector512.Load(p + up + 1) & right), acc);
            acc = Vector512.FusedMultiplyAdd(w3, (Vector512.Load(p - 1) & left), acc);
            acc = Vector512.FusedMultiplyAdd(w4, Vector512.Load(p), acc);
            acc = Vector512.FusedMultiplyAdd(w5, (Vector512.Load(p + 1) & right), acc);
            acc = Vector512.FusedMultiplyAdd(w6, (Vector512.Load(p + down - 1) & left), acc);
            acc = Vector512.FusedMultiplyAdd(w7, Vector512.Load(p + down), acc);
            acc = Vector512.FusedMultiplyAdd(w8, (Vector512.Load(p + down + 1) & right), acc);
            DepthwiseEpilogue.Store(TActivation.Apply(acc, lo, hi), y, q, size);
            col = DepthwiseEpilogue.Next(col, step, widths);
        }
    }
}
