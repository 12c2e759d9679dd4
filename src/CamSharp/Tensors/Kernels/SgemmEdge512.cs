using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Edge tiles of <see cref="SgemmKernel512"/> narrower than its 32 columns, written
/// raw (no alpha, beta or bias) into a scratch tile with row stride 32. The full kernel
/// would spend 28 FMAs per k on them whatever their width; here the first 16 columns take
/// one row vector per row (14 FMAs) and up to 4 further columns one column vector each,
/// down the A panel (its 14 values of one k are contiguous). A 7×7 map (N = 49 = 32 + 17)
/// then costs 43 FMAs per k instead of 56; N = 196 ends in 4 columns (4 FMAs, not 28).
/// (Edges fewer than 14 rows high run <see cref="SgemmKernel512.Rows{TPairs}"/> with fewer rows.)
/// </summary>
internal static unsafe class SgemmEdge512
{
    private const int MR = 14, NR = 32, MaxColumns = 4;

    /// <summary>True when <see cref="Run"/> takes an edge <paramref name="cols"/> wide (else the full kernel is cheaper).</summary>
    public static bool Takes(int cols) => cols <= 16 || cols - 16 <= MaxColumns;

    /// <summary>Vector FMAs per k step that an edge <paramref name="cols"/> wide costs (a full tile: 28).</summary>
    public static int Cost(int cols) => cols <= MaxColumns ? cols : cols <= 16 ? MR : Takes(cols) ? MR + cols - 16 : 2 * MR;

    public static void Run(nint kc, float* a, float* b, float* tile, int cols)
    {
        if (cols > 16)
        {
            switch (cols - 16)
            {
                case 1: Kernel<N1, N1>(kc, a, b, tile); break;
                case 2: Kernel<N1, N2>(kc, a, b, tile); break;
                case 3: Kernel<N1, N3>(kc, a, b, tile); break;
                default: Kernel<N1, N4>(kc, a, b, tile); break;
            }
            return;
        }
        switch (cols)
        {
            case 1: Kernel<N0, N1>(kc, a, b, tile); break;
            case 2: Kernel<N0, N2>(kc, a, b, tile); break;
            case 3: Kernel<N0, N3>(kc, a, b, tile); break;
            case 4: Kernel<N0, N4>(kc, a, b, tile); break;
            default: Kernel<N1, N0>(kc, a, b, tile); break;
        }
    }

    /// <summary>THalf (0 or 1) row vectors of 16 columns, then TColumns column vectors.</summary>
    private static void Kernel<THalf, TColumns>(nint kc, float* a, float* b, float* tile)
        where THalf : struct, IConstant where TColumns : struct, IConstant
    {
        bool half = THalf.Value == 1;
        int columns = TColumns.Value, first = 16 * THalf.Value;
        Vector512<float> r0 = default, r1 = default, r2 = default, r3 = default, r4 = default, r5 = default, r6 = default;
        Vector512<float> r7 = default, r8 = default, r9 = default, r10 = default, r11 = default, r12 = default, r13 = default;
        Vector512<float> v0 = default, v1 = default, v2 = default, v3 = default;
        var rows = Vector512.Create(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0).AsSingle();
        for (nint k = 0; k < kc; k++)
        {
            if (half)
            {
                var x = Vector512.Load(b);
                r0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[0]), x, r0);
                r1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[1]), x, r1);
                r2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[2]), x, r2);
                r3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[3]), x, r3);
                r4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[4]), x, r4);
                r5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[5]), x, r5);
                r6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[6]), x, r6);
                r7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[7]), x, r7);
                r8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[8]), x, r8);
                r9 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[9]), x, r9);
                r10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[10]), x, r10);
                r11 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[11]), x, r11);
                r12 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[12]), x, r12);
                r13 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[13]), x, r13);
            }
            if (columns > 0)
            {
                // The panel's 14 values of this k; the mask keeps the last k from reading past the panel.
                var down = Avx512F.MaskLoad(a, rows, Vector512<float>.Zero);
                v0 = Avx512F.FusedMultiplyAdd(down, Vector512.Create(b[first]), v0);
                if (columns > 1) v1 = Avx512F.FusedMultiplyAdd(down, Vector512.Create(b[first + 1]), v1);
                if (columns > 2) v2 = Avx512F.FusedMultiplyAdd(down, Vector512.Create(b[first + 2]), v2);
                if (columns > 3) v3 = Avx512F.FusedMultiplyAdd(down, Vector512.Create(b[first + 3]), v3);
            }
            a += MR;
            b += NR;
        }
        if (half)
        {
            r0.Store(tile); r1.Store(tile + NR); r2.Store(tile + 2 * NR); r3.Store(tile + 3 * NR);
            r4.Store(tile + 4 * NR); r5.Store(tile + 5 * NR); r6.Store(tile + 6 * NR); r7.Store(tile + 7 * NR);
            r8.Store(tile + 8 * NR); r9.Store(tile + 9 * NR); r10.Store(tile + 10 * NR); r11.Store(tile + 11 * NR);
            r12.Store(tile + 12 * NR); r13.Store(tile + 13 * NR);
        }
        if (columns > 0) StoreColumn(v0, tile + first);
        if (columns > 1) StoreColumn(v1, tile + first + 1);
        if (columns > 2) StoreColumn(v2, tile + first + 2);
        if (columns > 3) StoreColumn(v3, tile + first + 3);
    }

    private static void StoreColumn(Vector512<float> column, float* tile)
    {
        for (int i = 0; i < MR; i++) tile[i * NR] = column.GetElement(i);
    }
}
