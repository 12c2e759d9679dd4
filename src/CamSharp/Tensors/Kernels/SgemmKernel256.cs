using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// AVX2 + FMA micro-kernel, 6×16: 12 ymm accumulators + 2 B vectors + 1 broadcast of the 16
/// registers.
/// </summary>
internal unsafe struct SgemmKernel256 : IMicroKernel
{
    public static int MR => 6;

    public static bool TryRunEdge(nint kc, float* a, float* b, float* tile, int cols)
    {
        if (!SgemmEdge256.TakesColumns(cols)) return false;
        SgemmEdge256.Columns8(kc, a, b, tile);
        return true;
    }

    public static bool TryRunRowEdge(nint kc, float* a, float* b, float* tile, int rows)
    {
        if (!SgemmEdge256.TakesRows(rows)) return false;
        if (rows <= 2) SgemmEdge256.Rows2(kc, a, b, tile);
        else SgemmEdge256.Rows4(kc, a, b, tile);
        return true;
    }

    public static int NR => 16;

    public static bool IsSupported => Fma.IsSupported && Avx.IsSupported && Vector256.IsHardwareAccelerated;

    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, float* bias,
        bool clamp = false, float lo = 0, float hi = 0)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (nint k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            Vector256<float> x;
            x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a += 6;
            b += 16;
        }
        var va = Vector256.Create(alpha);
        bool hasBias = bias != null;
        var vlo = Vector256.Create(lo);
        var vhi = Vector256.Create(hi);
        Store(c + 0 * ldc, c00, c01, va, beta, hasBias ? bias[0] : 0f, clamp, vlo, vhi);
        Store(c + 1 * ldc, c10, c11, va, beta, hasBias ? bias[1] : 0f, clamp, vlo, vhi);
        Store(c + 2 * ldc, c20, c21, va, beta, hasBias ? bias[2] : 0f, clamp, vlo, vhi);
        Store(c + 3 * ldc, c30, c31, va, beta, hasBias ? bias[3] : 0f, clamp, vlo, vhi);
        Store(c + 4 * ldc, c40, c41, va, beta, hasBias ? bias[4] : 0f, clamp, vlo, vhi);
        Store(c + 5 * ldc, c50, c51, va, beta, hasBias ? bias[5] : 0f, clamp, vlo, vhi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> x0, Vector256<float> x1, Vector256<float> alpha, float beta, float bias,
        bool clamp, Vector256<float> lo, Vector256<float> hi)
    {
        var vbias = Vector256.Create(bias);
        x0 = Fma.MultiplyAdd(x0, alpha, vbias);
        x1 = Fma.MultiplyAdd(x1, alpha, vbias);
        if (beta != 0)
        {
            var vb = Vector256.Create(beta);
            x0 = Fma.MultiplyAdd(Vector256.Load(c), vb, x0);
            x1 = Fma.MultiplyAdd(Vector256.Load(c + 8), vb, x1);
        }
        if (clamp)
        {
            // lo and hi first: Max and Min return their second operand when one is NaN.
            x0 = Avx.Min(hi, Avx.Max(lo, x0));
            x1 = Avx.Min(hi, Avx.Max(lo, x1));
        }
        x0.Store(c);
        x1.Store(c + 8);
    }
}
