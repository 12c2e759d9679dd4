using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// AVX2 + FMA tile of a 1×1 convolution, the 256-bit twin of <see cref="PointwiseKernel512"/>:
/// up to 6 output channels × 16 pixels, the whole depth summed in 12 ymm accumulators (with
/// 2 B vectors and 1 broadcast, 15 of the 16 registers), B read straight from the NCHW input
/// planes (row k of B is input plane k, <c>ldb</c> floats apart), bias and Relu or Clip applied
/// before the one store. A narrow last strip loads and stores under a lane mask
/// (<c>vmaskmovps</c>), so edges need no scratch tile and never touch memory past the plane.
/// </summary>
internal static unsafe class PointwiseKernel256
{
    public const int MR = 6, NR = 16;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated;

    /// <summary>
    /// What the store applies besides the bias: min(max(x, Lo), Hi) when Clamp (SiLU is the caller's second pass
    /// over the stored strip); Mask0/Mask1 pick the lanes of a narrow strip's two vectors.
    /// </summary>
    internal readonly struct Epilogue(bool clamp, float lo, float hi, Vector256<float> mask0, Vector256<float> mask1)
    {
        public readonly bool Clamp = clamp;
        public readonly Vector256<float> Lo = Vector256.Create(lo), Hi = Vector256.Create(hi), Mask0 = mask0, Mask1 = mask1;
    }

    /// <summary>
    /// C[TRows × width] = f(A panel · B + bias): <paramref name="a"/> is one panel of
    /// <see cref="ChannelPanelWeights"/> (6 floats per k), <paramref name="b"/> the first pixel of the
    /// strip in input plane 0, <paramref name="bias"/> TRows readable values. TRows rows (1 to 6) are
    /// computed and stored; TWide 1 is 8 pixels, 2 is 16; TMasked loads and stores the lanes of the
    /// epilogue's masks only; TPrefetch 1 asks for the strip after next (the B rows are K separate
    /// streams, too many for the hardware prefetcher when B is not in L2).
    /// </summary>
    public static void Run<TRows, TWide, TMasked, TPrefetch>(nint depth, float* a, float* b, nint ldb, float* c, nint ldc,
        float* bias, in Epilogue e)
        where TRows : struct, IConstant where TWide : struct, IConstant where TMasked : struct, IConstant where TPrefetch : struct, IConstant
    {
        int rows = TRows.Value;
        bool wide = TWide.Value == 2, masked = TMasked.Value == 1;
        Vector256<float> c0a = default, c0b = default, c1a = default, c1b = default, c2a = default, c2b = default;
        Vector256<float> c3a = default, c3b = default, c4a = default, c4b = default, c5a = default, c5b = default;
        var m0 = e.Mask0;
        var m1 = e.Mask1;
        for (nint k = 0; k < depth; k++)
        {
            Vector256<float> b0, b1 = default, x;
            if (masked)
            {
                b0 = Avx.MaskLoad(b, m0);
                if (wide) b1 = Avx.MaskLoad(b + 8, m1);
            }
            else
            {
                b0 = Vector256.Load(b);
                if (wide) b1 = Vector256.Load(b + 8);
                if (TPrefetch.Value == 1) Sse.Prefetch0(b + 2 * NR);
            }
            x = Vector256.Create(a[0]); c0a = Fma.MultiplyAdd(x, b0, c0a); if (wide) c0b = Fma.MultiplyAdd(x, b1, c0b);
            if (rows > 1) { x = Vector256.Create(a[1]); c1a = Fma.MultiplyAdd(x, b0, c1a); if (wide) c1b = Fma.MultiplyAdd(x, b1, c1b); }
            if (rows > 2) { x = Vector256.Create(a[2]); c2a = Fma.MultiplyAdd(x, b0, c2a); if (wide) c2b = Fma.MultiplyAdd(x, b1, c2b); }
            if (rows > 3) { x = Vector256.Create(a[3]); c3a = Fma.MultiplyAdd(x, b0, c3a); if (wide) c3b = Fma.MultiplyAdd(x, b1, c3b); }
            if (rows > 4) { x = Vector256.Create(a[4]); c4a = Fma.MultiplyAdd(x, b0, c4a); if (wide) c4b = Fma.MultiplyAdd(x, b1, c4b); }
            if (rows > 5) { x = Vector256.Create(a[5]); c5a = Fma.MultiplyAdd(x, b0, c5a); if (wide) c5b = Fma.MultiplyAdd(x, b1, c5b); }
            a += MR;
            b += ldb;
        }
        Store<TMasked>(c, c0a, c0b, wide, bias[0], e);
        if (rows > 1) Store<TMasked>(c + ldc, c1a, c1b, wide, bias[1], e);
        if (rows > 2) Store<TMasked>(c + 2 * ldc, c2a, c2b, wide, bias[2], e);
        if (rows > 3) Store<TMasked>(c + 3 * ldc, c3a, c3b, wide, bias[3], e);
        if (rows > 4) Store<TMasked>(c + 4 * ldc, c4a, c4b, wide, bias[4], e);
        if (rows > 5) Store<TMasked>(c + 5 * ldc, c5a, c5b, wide, bias[5], e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TMasked>(float* c, Vector256<float> x0, Vector256<float> x1, bool wide, float bias, in Epilogue e)
        where TMasked : struct, IConstant
    {
        var vbias = Vector256.Create(bias);
        x0 = Avx.Add(x0, vbias);
        if (wide) x1 = Avx.Add(x1, vbias);
        if (e.Clamp)
        {
            // lo and hi first: Max and Min return their second operand when one is NaN.
            x0 = Avx.Min(e.Hi, Avx.Max(e.Lo, x0));
            if (wide) x1 = Avx.Min(e.Hi, Avx.Max(e.Lo, x1));
        }
        if (TMasked.Value == 1)
        {
            Avx.MaskStore(c, e.Mask0, x0);
            if (wide) Avx.MaskStore(c + 8, e.Mask1, x1);
            return;
        }
        x0.Store(c);
        if (wide) x1.Store(c + 8);
    }
}
