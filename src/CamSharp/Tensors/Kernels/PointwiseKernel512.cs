using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// AVX-512 tile of a 1×1 convolution: up to 14 output channels × 32 pixels, the whole depth
/// summed in 28 zmm registers, B read straight from the NCHW input planes (row k of B is
/// input plane k, <c>ldb</c> floats apart) instead of packed, bias and Relu or Clip applied
/// before the one store. A narrow last strip of a plane loads and stores under a lane mask,
/// so edges need no scratch tile and never touch memory past the plane.
/// </summary>
internal static unsafe class PointwiseKernel512
{
    public const int MR = 14, NR = 32;

    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// What the store applies besides the bias: min(max(x, Lo), Hi) when Clamp (SiLU is the caller's second pass over
    /// the stored strip: its constants would push the accumulators out of the registers); Mask0/Mask1 pick the lanes of a narrow strip.
    /// </summary>
    internal readonly struct Epilogue(bool clamp, float lo, float hi, Vector512<float> mask0, Vector512<float> mask1)
    {
        public readonly bool Clamp = clamp;
        public readonly Vector512<float> Lo = Vector512.Create(lo), Hi = Vector512.Create(hi), Mask0 = mask0, Mask1 = mask1;
    }

    /// <summary>
    /// C[rows × width] = f(A panel · B + bias): <paramref name="a"/> is one panel of
    /// <see cref="ChannelPanelWeights"/> (14 floats per k), <paramref name="b"/> the first pixel of
    /// the strip in input plane 0, <paramref name="bias"/> 14 readable values. TPairs row pairs
    /// are computed (rows ≤ 2·TPairs are stored); TWide 1 is 16 pixels, 2 is 32; TMasked loads and
    /// stores the lanes of the epilogue's masks only; TPrefetch 1 asks for the strip after next
    /// (the B rows are K separate streams, too many for the hardware prefetcher when B is not in L2).
    /// </summary>
    public static void Run<TPairs, TWide, TMasked, TPrefetch>(nint depth, float* a, float* b, nint ldb, float* c, nint ldc, int rows,
        float* bias, in Epilogue e)
        where TPairs : struct, IConstant where TWide : struct, IConstant where TMasked : struct, IConstant where TPrefetch : struct, IConstant
    {
        int pairs = TPairs.Value;
        bool wide = TWide.Value == 2, masked = TMasked.Value == 1;
        Vector512<float> c0a = default, c0b = default, c1a = default, c1b = default;
        Vector512<float> c2a = default, c2b = default, c3a = default, c3b = default;
        Vector512<float> c4a = default, c4b = default, c5a = default, c5b = default;
        Vector512<float> c6a = default, c6b = default, c7a = default, c7b = default;
        Vector512<float> c8a = default, c8b = default, c9a = default, c9b = default;
        Vector512<float> c10a = default, c10b = default, c11a = default, c11b = default;
        Vector512<float> c12a = default, c12b = default, c13a = default, c13b = default;
        var m0 = e.Mask0;
        var m1 = e.Mask1;
        for (nint k = 0; k < depth; k++)
        {
            Vector512<float> b0, b1 = default, x;
            if (masked)
            {
                b0 = Avx512F.MaskLoad(b, m0, Vector512<float>.Zero);
                if (wide) b1 = Avx512F.MaskLoad(b + 16, m1, Vector512<float>.Zero);
            }
            else
            {
                b0 = Vector512.Load(b);
                if (wide) b1 = Vector512.Load(b + 16);
                if (TPrefetch.Value == 1)
                {
                    Sse.Prefetch0(b + 2 * NR);
                    Sse.Prefetch0(b + 2 * NR + 16);
                }
            }
            x = Vector512.Create(a[0]); c0a = Avx512F.FusedMultiplyAdd(x, b0, c0a); if (wide) c0b = Avx512F.FusedMultiplyAdd(x, b1, c0b);
            x = Vector512.Create(a[1]); c1a = Avx512F.FusedMultiplyAdd(x, b0, c1a); if (wide) c1b = Avx512F.FusedMultiplyAdd(x, b1, c1b);
            if (pairs > 1)
            {
                x = Vector512.Create(a[2]); c2a = Avx512F.FusedMultiplyAdd(x, b0, c2a); if (wide) c2b = Avx512F.FusedMultiplyAdd(x, b1, c2b);
                x = Vector512.Create(a[3]); c3a = Avx512F.FusedMultiplyAdd(x, b0, c3a); if (wide) c3b = Avx512F.FusedMultiplyAdd(x, b1, c3b);
            }
            if (pairs > 2)
            {
                x = Vector512.Create(a[4]); c4a = Avx512F.FusedMultiplyAdd(x, b0, c4a); if (wide) c4b = Avx512F.FusedMultiplyAdd(x, b1, c4b);
                x = Vector512.Create(a[5]); c5a = Avx512F.FusedMultiplyAdd(x, b0, c5a); if (wide) c5b = Avx512F.FusedMultiplyAdd(x, b1, c5b);
            }
            if (pairs > 3)
            {
                x = Vector512.Create(a[6]); c6a = Avx512F.FusedMultiplyAdd(x, b0, c6a); if (wide) c6b = Avx512F.FusedMultiplyAdd(x, b1, c6b);
                x = Vector512.Create(a[7]); c7a = Avx512F.FusedMultiplyAdd(x, b0, c7a); if (wide) c7b = Avx512F.FusedMultiplyAdd(x, b1, c7b);
            }
            if (pairs > 4)
            {
                x = Vector512.Create(a[8]); c8a = Avx512F.FusedMultiplyAdd(x, b0, c8a); if (wide) c8b = Avx512F.FusedMultiplyAdd(x, b1, c8b);
                x = Vector512.Create(a[9]); c9a = Avx512F.FusedMultiplyAdd(x, b0, c9a); if (wide) c9b = Avx512F.FusedMultiplyAdd(x, b1, c9b);
            }
            if (pairs > 5)
            {
                x = Vector512.Create(a[10]); c10a = Avx512F.FusedMultiplyAdd(x, b0, c10a); if (wide) c10b = Avx512F.FusedMultiplyAdd(x, b1, c10b);
                x = Vector512.Create(a[11]); c11a = Avx512F.FusedMultiplyAdd(x, b0, c11a); if (wide) c11b = Avx512F.FusedMultiplyAdd(x, b1, c11b);
            }
            if (pairs > 6)
            {
                x = Vector512.Create(a[12]); c12a = Avx512F.FusedMultiplyAdd(x, b0, c12a); if (wide) c12b = Avx512F.FusedMultiplyAdd(x, b1, c12b);
                x = Vector512.Create(a[13]); c13a = Avx512F.FusedMultiplyAdd(x, b0, c13a); if (wide) c13b = Avx512F.FusedMultiplyAdd(x, b1, c13b);
            }
            a += MR;
            b += ldb;
        }
            Store<TMasked>(c + 0 * ldc, c0a, c0b, wide, bias[0], e);
            if (rows > 1) Store<TMasked>(c + 1 * ldc, c1a, c1b, wide, bias[1], e);
            if (pairs > 1)
            {
                Store<TMasked>(c + 2 * ldc, c2a, c2b, wide, bias[2], e);
                if (rows > 3) Store<TMasked>(c + 3 * ldc, c3a, c3b, wide, bias[3], e);
            }
            if (pairs > 2)
            {
                Store<TMasked>(c + 4 * ldc, c4a, c4b, wide, bias[4], e);
                if (rows > 5) Store<TMasked>(c + 5 * ldc, c5a, c5b, wide, bias[5], e);
            }
            if (pairs > 3)
            {
                Store<TMasked>(c + 6 * ldc, c6a, c6b, wide, bias[6], e);
                if (rows > 7) Store<TMasked>(c + 7 * ldc, c7a, c7b, wide, bias[7], e);
            }
            if (pairs > 4)
            {
                Store<TMasked>(c + 8 * ldc, c8a, c8b, wide, bias[8], e);
                if (rows > 9) Store<TMasked>(c + 9 * ldc, c9a, c9b, wide, bias[9], e);
            }
            if (pairs > 5)
            {
                Store<TMasked>(c + 10 * ldc, c10a, c10b, wide, bias[10], e);
                if (rows > 11) Store<TMasked>(c + 11 * ldc, c11a, c11b, wide, bias[11], e);
            }
            if (pairs > 6)
            {
                Store<TMasked>(c + 12 * ldc, c12a, c12b, wide, bias[12], e);
                if (rows > 13) Store<TMasked>(c + 13 * ldc, c13a, c13b, wide, bias[13], e);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TMasked>(float* c, Vector512<float> x0, Vector512<float> x1, bool wide, float bias, in Epilogue e)
        where TMasked : struct, IConstant
    {
        var vbias = Vector512.Create(bias);
        x0 += vbias;
        if (wide) x1 += vbias;
        if (e.Clamp)
        {
            // lo and hi first: Max and Min return their second operand when one is NaN.
            x0 = Avx512F.Min(e.Hi, Avx512F.Max(e.Lo, x0));
            if (wide) x1 = Avx512F.Min(e.Hi, Avx512F.Max(e.Lo, x1));
        }
        if (TMasked.Value == 1)
        {
            Avx512F.MaskStore(c, e.Mask0, x0);
            if (wide) Avx512F.MaskStore(c + 16, e.Mask1, x1);
            return;
        }
        x0.Store(c);
        if (wide) x1.Store(c + 16);
    }
}
