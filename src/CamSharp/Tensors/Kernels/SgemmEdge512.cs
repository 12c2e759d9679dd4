using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Edge tiles of <see cref="SgemmKernel512"/> narrower than its 32 columns or lower than its 14 rows, written
/// raw (no alpha, beta or bias) into a scratch tile with row stride 32. The full kernel
/// would spend 28 FMAs per k on them whatever their width; here the first 16 columns take
/// one row vector per row (14 FMAs) and up to 4 further columns one column vector each,
/// down the A panel (its 14 values of one k are contiguous). A 7×7 map (N = 49 = 32 + 17)
/// then costs 43 FMAs per k instead of 56; N = 196 ends in 4 columns (4 FMAs, not 28).
/// Edges fewer than 14 rows high (M = 64 ends in 8) get a kernel with only those rows.
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
                case 1: Kernel<One, C1>(kc, a, b, tile); break;
                case 2: Kernel<One, C2>(kc, a, b, tile); break;
                case 3: Kernel<One, C3>(kc, a, b, tile); break;
                default: Kernel<One, C4>(kc, a, b, tile); break;
            }
            return;
        }
        switch (cols)
        {
            case 1: Kernel<Zero, C1>(kc, a, b, tile); break;
            case 2: Kernel<Zero, C2>(kc, a, b, tile); break;
            case 3: Kernel<Zero, C3>(kc, a, b, tile); break;
            case 4: Kernel<Zero, C4>(kc, a, b, tile); break;
            default: Kernel<One, Zero>(kc, a, b, tile); break;
        }
    }

    /// <summary>
    /// An edge only <paramref name="rows"/> (&lt; 14) high and 32 wide, raw into the tile: rows
    /// rounded up to even, so M = 64 (four panels and 8 rows) costs 16 FMAs per step on its
    /// last panel, not 28.
    /// </summary>
    public static void RunRows(nint kc, float* a, float* b, float* tile, int rows)
    {
        switch ((rows + 1) / 2)
        {
            case 1: Rows<C1>(kc, a, b, tile); break;
            case 2: Rows<C2>(kc, a, b, tile); break;
            case 3: Rows<C3>(kc, a, b, tile); break;
            case 4: Rows<C4>(kc, a, b, tile); break;
            case 5: Rows<C5>(kc, a, b, tile); break;
            default: Rows<C6>(kc, a, b, tile); break;
        }
    }

    // Counts as types, so that the JIT compiles one kernel per combination with every
    // accumulator in a register and the unused ones gone.
    private interface ICount { static abstract int Value { get; } }

    private struct Zero : ICount { public static int Value => 0; }

    private struct One : ICount { public static int Value => 1; }

    private struct C1 : ICount { public static int Value => 1; }

    private struct C2 : ICount { public static int Value => 2; }

    private struct C3 : ICount { public static int Value => 3; }

    private struct C4 : ICount { public static int Value => 4; }

    private struct C5 : ICount { public static int Value => 5; }

    private struct C6 : ICount { public static int Value => 6; }

    /// <summary>2·TPairs rows of the A panel (its stride stays 14) times the 32-wide B panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TPairs>(nint kc, float* a, float* b, float* tile) where TPairs : struct, ICount
    {
        int pairs = TPairs.Value;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
        for (nint k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
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
            a += MR;
            b += NR;
        }
        StoreRow(tile, 0, c00, c01); StoreRow(tile, 1, c10, c11);
        if (pairs > 1) { StoreRow(tile, 2, c20, c21); StoreRow(tile, 3, c30, c31); }
        if (pairs > 2) { StoreRow(tile, 4, c40, c41); StoreRow(tile, 5, c50, c51); }
        if (pairs > 3) { StoreRow(tile, 6, c60, c61); StoreRow(tile, 7, c70, c71); }
        if (pairs > 4) { StoreRow(tile, 8, c80, c81); StoreRow(tile, 9, c90, c91); }
        if (pairs > 5) { StoreRow(tile, 10, c100, c101); StoreRow(tile, 11, c110, c111); }
    }

    private static void StoreRow(float* tile, int row, Vector512<float> left, Vector512<float> right)
    {
        left.Store(tile + row * NR);
        right.Store(tile + row * NR + 16);
    }

    /// <summary>THalf (0 or 1) row vectors of 16 columns, then TColumns column vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<THalf, TColumns>(nint kc, float* a, float* b, float* tile)
        where THalf : struct, ICount where TColumns : struct, ICount
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
