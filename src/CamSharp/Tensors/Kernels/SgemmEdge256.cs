using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Edge tiles of <see cref="SgemmKernel256"/> written raw (no alpha, beta or bias) into a
/// scratch tile with row stride 16, computing only the vectors and rows they need. The full
/// kernel spends 12 FMAs per k on every tile: an edge at most 8 columns wide takes 6 (one
/// vector per row: Winograd's 7×7 tile grids end in one column of 16), one at most 2 or 4 rows
/// high 4 or 8 (M = 32, 128: 2 rows past the last 6; M = 16, 64, 256, 1000: 4). The A panel is
/// zero-padded to 6 rows, so the rows past the edge that are computed are zeros, never garbage.
/// </summary>
internal static unsafe class SgemmEdge256
{
    private const int MR = 6, NR = 16;

    /// <summary>Whether an edge this narrow has a cheaper kernel than the full tile.</summary>
    public static bool TakesColumns(int cols) => cols <= 8;

    /// <summary>Whether an edge this low has a cheaper kernel than the full tile.</summary>
    public static bool TakesRows(int rows) => rows <= 4;

    /// <summary>6 rows × the first 8 columns (the caller keeps the edge's at most 8).</summary>
    public static void Columns8(nint kc, float* a, float* b, float* tile)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (nint k = 0; k < kc; k++)
        {
            var x = Vector256.Load(b);
            c0 = Fma.MultiplyAdd(Vector256.Create(a[0]), x, c0);
            c1 = Fma.MultiplyAdd(Vector256.Create(a[1]), x, c1);
            c2 = Fma.MultiplyAdd(Vector256.Create(a[2]), x, c2);
            c3 = Fma.MultiplyAdd(Vector256.Create(a[3]), x, c3);
            c4 = Fma.MultiplyAdd(Vector256.Create(a[4]), x, c4);
            c5 = Fma.MultiplyAdd(Vector256.Create(a[5]), x, c5);
            a += MR;
            b += NR;
        }
        c0.Store(tile);
        c1.Store(tile + NR);
        c2.Store(tile + 2 * NR);
        c3.Store(tile + 3 * NR);
        c4.Store(tile + 4 * NR);
        c5.Store(tile + 5 * NR);
    }

    /// <summary>The first 2 rows × 16 columns.</summary>
    public static void Rows2(nint kc, float* a, float* b, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        for (nint k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            a += MR;
            b += NR;
        }
        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + NR);
        c11.Store(tile + NR + 8);
    }

    /// <summary>The first 4 rows × 16 columns.</summary>
    public static void Rows4(nint kc, float* a, float* b, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (nint k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            a += MR;
            b += NR;
        }
        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + NR);
        c11.Store(tile + NR + 8);
        c20.Store(tile + 2 * NR);
        c21.Store(tile + 2 * NR + 8);
        c30.Store(tile + 3 * NR);
        c31.Store(tile + 3 * NR + 8);
    }
}
