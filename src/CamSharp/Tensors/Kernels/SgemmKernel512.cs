using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// AVX-512 micro-kernel, 14×32: 28 zmm accumulators + 2 B vectors + 1 broadcast of the 32
/// registers. Two FMA ports with latency 4 need ≥ 8 independent chains; this has 28.
/// </summary>
internal unsafe struct SgemmKernel512 : IMicroKernel
{
    public static int MR => 14;

    /// <summary>Floats of the A panel fetched ahead of the current k step (32 steps, 1.75 KiB).</summary>
    private const int PrefetchAhead = 14 * 32;

    public static int NR => 32;

    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    public static bool TryRunEdge(nint kc, float* a, float* b, float* tile, int cols)
    {
        if (!SgemmEdge512.Takes(cols)) return false;
        SgemmEdge512.Run(kc, a, b, tile, cols);
        return true;
    }

    public static bool TryRunRowEdge(nint kc, float* a, float* b, float* tile, int rows)
    {
        if (rows > 12) return false;
        switch ((rows + 1) / 2)
        {
            case 1: Rows<N1>(kc, a, b, tile, NR, 1f, 0f, null); break;
            case 2: Rows<N2>(kc, a, b, tile, NR, 1f, 0f, null); break;
            case 3: Rows<N3>(kc, a, b, tile, NR, 1f, 0f, null); break;
            case 4: Rows<N4>(kc, a, b, tile, NR, 1f, 0f, null); break;
            case 5: Rows<N5>(kc, a, b, tile, NR, 1f, 0f, null); break;
            default: Rows<N6>(kc, a, b, tile, NR, 1f, 0f, null); break;
        }
        return true;
    }

    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, float* bias,
        bool clamp = false, float lo = 0, float hi = 0) =>
        Rows<N7>(kc, a, b, c, ldc, alpha, beta, bias, clamp, lo, hi);

    /// <summary>
    /// The first 2·TPairs rows of a tile (the A panel's stride stays 14): the full kernel with
    /// 7 pairs, a short edge (M = 64 ends in 8 rows) with fewer and so fewer FMAs per step.
    /// </summary>
    internal static void Rows<TPairs>(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, float* bias,
        bool clamp = false, float lo = 0, float hi = 0) where TPairs : struct, IConstant
    {
        int pairs = TPairs.Value;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default, c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default, c110 = default, c111 = default;
        Vector512<float> c120 = default, c121 = default, c130 = default, c131 = default;
        for (nint k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            // The A panel streams from memory when it is a large weight matrix packed at load (late stages,
            // K in the thousands): fetch a few hundred bytes ahead, the hardware prefetcher alone falls behind.
            Sse.Prefetch0(a + PrefetchAhead);
            Vector512<float> x;
            x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            if (pairs > 1)
            {
                x = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            }
            if (pairs > 2)
            {
                x = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            }
            if (pairs > 3)
            {
                x = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            }
            if (pairs > 4)
            {
                x = Vector512.Create(a[8]); c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
                x = Vector512.Create(a[9]); c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
            }
            if (pairs > 5)
            {
                x = Vector512.Create(a[10]); c100 = Avx512F.FusedMultiplyAdd(x, b0, c100); c101 = Avx512F.FusedMultiplyAdd(x, b1, c101);
                x = Vector512.Create(a[11]); c110 = Avx512F.FusedMultiplyAdd(x, b0, c110); c111 = Avx512F.FusedMultiplyAdd(x, b1, c111);
            }
            if (pairs > 6)
            {
                x = Vector512.Create(a[12]); c120 = Avx512F.FusedMultiplyAdd(x, b0, c120); c121 = Avx512F.FusedMultiplyAdd(x, b1, c121);
                x = Vector512.Create(a[13]); c130 = Avx512F.FusedMultiplyAdd(x, b0, c130); c131 = Avx512F.FusedMultiplyAdd(x, b1, c131);
            }
            a += 14;
            b += 32;
        }
        var va = Vector512.Create(alpha);
        bool hasBias = bias != null;
        var vlo = Vector512.Create(lo);
        var vhi = Vector512.Create(hi);
        Store(c, c00, c01, va, beta, hasBias ? bias[0] : 0f, clamp, vlo, vhi);
        Store(c + ldc, c10, c11, va, beta, hasBias ? bias[1] : 0f, clamp, vlo, vhi);
        if (pairs > 1)
        {
            Store(c + 2 * ldc, c20, c21, va, beta, hasBias ? bias[2] : 0f, clamp, vlo, vhi);
            Store(c + 3 * ldc, c30, c31, va, beta, hasBias ? bias[3] : 0f, clamp, vlo, vhi);
        }
        if (pairs > 2)
        {
            Store(c + 4 * ldc, c40, c41, va, beta, hasBias ? bias[4] : 0f, clamp, vlo, vhi);
            Store(c + 5 * ldc, c50, c51, va, beta, hasBias ? bias[5] : 0f, clamp, vlo, vhi);
        }
        if (pairs > 3)
        {
            Store(c + 6 * ldc, c60, c61, va, beta, hasBias ? bias[6] : 0f, clamp, vlo, vhi);
            Store(c + 7 * ldc, c70, c71, va, beta, hasBias ? bias[7] : 0f, clamp, vlo, vhi);
        }
        if (pairs > 4)
        {
            Store(c + 8 * ldc, c80, c81, va, beta, hasBias ? bias[8] : 0f, clamp, vlo, vhi);
            Store(c + 9 * ldc, c90, c91, va, beta, hasBias ? bias[9] : 0f, clamp, vlo, vhi);
        }
        if (pairs > 5)
        {
            Store(c + 10 * ldc, c100, c101, va, beta, hasBias ? bias[10] : 0f, clamp, vlo, vhi);
            Store(c + 11 * ldc, c110, c111, va, beta, hasBias ? bias[11] : 0f, clamp, vlo, vhi);
        }
        if (pairs > 6)
        {
            Store(c + 12 * ldc, c120, c121, va, beta, hasBias ? bias[12] : 0f, clamp, vlo, vhi);
            Store(c + 13 * ldc, c130, c131, va, beta, hasBias ? bias[13] : 0f, clamp, vlo, vhi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> x0, Vector512<float> x1, Vector512<float> alpha, float beta, float bias,
        bool clamp, Vector512<float> lo, Vector512<float> hi)
    {
        var vbias = Vector512.Create(bias);
        x0 = Avx512F.FusedMultiplyAdd(x0, alpha, vbias);
        x1 = Avx512F.FusedMultiplyAdd(x1, alpha, vbias);
        if (beta != 0)
        {
            var vb = Vector512.Create(beta);
            x0 = Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, x0);
            x1 = Avx512F.FusedMultiplyAdd(Vector512.Load(c + 16), vb, x1);
        }
        if (clamp)
        {
            // lo and hi first: Max and Min return their second operand when one is NaN.
            x0 = Avx512F.Min(hi, Avx512F.Max(lo, x0));
            x1 = Avx512F.Min(hi, Avx512F.Max(lo, x1));
        }
        x0.Store(c);
        x1.Store(c + 16);
    }
}

