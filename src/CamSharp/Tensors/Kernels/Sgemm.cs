namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major storage:
/// C = alpha·op(A)·op(B) + beta·C (+ a value per row of C), where op transposes when asked.
/// Packed, cache-blocked, register-blocked (AVX-512 14×32, AVX2 6×16, or a portable 4×4
/// kernel, chosen at start-up) and split across the machine's cores.
/// </summary>
internal static unsafe class Sgemm
{
    /// <summary>Below this many flops one thread is faster than waking a second.</summary>
    private const long ParallelThreshold = 1L << 21;

    /// <summary>The micro-kernel this machine runs, chosen at start-up.</summary>
    public static SgemmKernel Selected { get; } =
        SgemmKernel512.IsSupported ? SgemmKernel.Avx512 : SgemmKernel256.IsSupported ? SgemmKernel.Avx2 : SgemmKernel.Scalar;

    /// <summary>C[m×n] = A[m×k]·B[k×n], all dense row-major.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C + rowBias[i] on row i. op(A) is m×k (A stored k×m with
    /// leading dimension lda when <paramref name="transA"/>), op(B) is k×n. When beta is 0, C
    /// is not read. <paramref name="rowBias"/> is empty or holds m values.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        ReadOnlySpan<float> rowBias = default) =>
        Multiply(Selected, Environment.ProcessorCount, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, rowBias);

    /// <summary>As the general overload, with A packed beforehand by <see cref="PackA(bool, int, int, ReadOnlySpan{float}, int)"/>.</summary>
    public static void Multiply(PackedMatrix a, bool transB, int n, float alpha, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, ReadOnlySpan<float> rowBias = default) =>
        Multiply(a, Environment.ProcessorCount, transB, n, alpha, b, ldb, beta, c, ldc, rowBias);

    /// <summary>Packs op(A) (m×k) once for repeated <see cref="Multiply(PackedMatrix, bool, int, float, ReadOnlySpan{float}, int, float, Span{float}, int, ReadOnlySpan{float})"/> calls.</summary>
    public static PackedMatrix PackA(bool transA, int m, int k, ReadOnlySpan<float> a, int lda) => PackA(Selected, transA, m, k, a, lda);

    internal static PackedMatrix PackA(SgemmKernel kernel, bool transA, int m, int k, ReadOnlySpan<float> a, int lda)
    {
        CheckOperand(a, transA ? k : m, transA ? m : k, lda, "A");
        int mr = Tile(kernel).MR, kcMax = KC;
        int mPadded = (m + mr - 1) / mr * mr;
        var data = SgemmScratch.AllocateAligned(Math.Max(mPadded * k, 1));
        float* dst = SgemmScratch.Aligned(data);
        fixed (float* pa = a)
        {
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                for (int ic = 0; ic < m; ic += mr)
                    SgemmPacking.PackA(pa, lda, transA, ic, Math.Min(mr, m - ic), pc, kc, mr, dst + (nint)pc * mPadded + (nint)ic * kc);
            }
        }
        return new PackedMatrix(kernel, m, k, mPadded, data);
    }

    internal static void Multiply(SgemmKernel kernel, int threads, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, ReadOnlySpan<float> rowBias)
    {
        CheckShapes(m, n, k);
        CheckOperand(a, transA ? k : m, transA ? m : k, lda, "A");
        CheckCommon(transB, m, n, k, b, ldb, c, ldc, rowBias);
        fixed (float* pa = a, pb = b, pc = c, pbias = rowBias)
        {
            var g = new GemmArgs
            {
                M = m, N = n, K = k, A = pa, Lda = lda, TransA = transA,
                C = pc, Ldc = ldc, Alpha = alpha, Beta = beta, Bias = rowBias.IsEmpty ? null : pbias,
            };
            Run(kernel, threads, g, new MatrixB(pb, ldb, transB));
        }
    }

    internal static void Multiply(PackedMatrix a, int threads, bool transB, int n, float alpha, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, ReadOnlySpan<float> rowBias)
    {
        int m = a.Rows, k = a.Depth;
        CheckShapes(m, n, k);
        CheckCommon(transB, m, n, k, b, ldb, c, ldc, rowBias);
        fixed (float* pb = b, pc = c, pbias = rowBias)
        {
            var g = new GemmArgs
            {
                M = m, N = n, K = k, PackedA = SgemmScratch.Aligned(a.Data),
                C = pc, Ldc = ldc, Alpha = alpha, Beta = beta, Bias = rowBias.IsEmpty ? null : pbias,
            };
            Run(a.Kernel, threads, g, new MatrixB(pb, ldb, transB));
        }
    }

    /// <summary>
    /// C[m×n] = f(A·B + bias) with B produced block by block by <paramref name="b"/> (im2col), A
    /// prepacked or row-major m×k, f the fused activation; <paramref name="threads"/> 0 means all
    /// cores. Sizes are the caller's responsibility.
    /// </summary>
    internal static void Multiply<TPackB>(PackedMatrix? packedA, ReadOnlySpan<float> a, int m, int k, in TPackB b, int n,
        Span<float> c, int ldc, ReadOnlySpan<float> rowBias, Activation activation = default, int threads = 0) where TPackB : struct, IPackB
    {
        if (packedA is not null && (packedA.Rows != m || packedA.Depth != k)) throw new ArgumentException("Packed A does not match m×k.");
        fixed (float* pa = a, pc = c, pbias = rowBias)
        {
            var g = new GemmArgs
            {
                M = m, N = n, K = k, A = pa, Lda = k, PackedA = packedA is null ? null : SgemmScratch.Aligned(packedA.Data),
                C = pc, Ldc = ldc, Alpha = 1f, Beta = 0f, Bias = rowBias.IsEmpty ? null : pbias, Activation = activation,
            };
            Run(packedA?.Kernel ?? Selected, threads > 0 ? threads : Environment.ProcessorCount, g, b);
        }
    }

    /// <summary>
    /// The selected kernel's work per k step and row panel for <paramref name="n"/> columns,
    /// narrow edge included, in units of one vector FMA (AVX-512) or one column (AVX2: an edge of
    /// at most 8 columns counts 8): for comparing
    /// two ways of laying out the same product's columns.
    /// </summary>
    internal static int ColumnCost(int n)
    {
        int nr = Tile(Selected).NR, full = n / nr, edge = n - full * nr;
        if (Selected == SgemmKernel.Avx2) return full * nr + (edge == 0 ? 0 : SgemmEdge256.TakesColumns(edge) ? nr / 2 : nr);
        if (Selected != SgemmKernel.Avx512) return (full + (edge > 0 ? 1 : 0)) * nr;
        return full * SgemmEdge512.Cost(nr) + (edge > 0 ? SgemmEdge512.Cost(edge) : 0);
    }

    internal const int KC = SgemmDriver<SgemmKernelScalar, MatrixB>.KC;

    internal static (int MR, int NR) Tile(SgemmKernel kernel) => kernel switch
    {
        SgemmKernel.Avx512 => (SgemmKernel512.MR, SgemmKernel512.NR),
        SgemmKernel.Avx2 => (SgemmKernel256.MR, SgemmKernel256.NR),
        _ => (SgemmKernelScalar.MR, SgemmKernelScalar.NR),
    };

    private static void Run<TPackB>(SgemmKernel kernel, int threads, GemmArgs g, TPackB b) where TPackB : struct, IPackB
    {
        if (g.M == 0 || g.N == 0) return;
        if (g.K == 0)
        {
            ScaleOnly(g);
            return;
        }
        if (g.M == 1 && g.PackedA == null && b is MatrixB matrix)
        {
            Sgemv.RowTimesMatrix(g, matrix, threads);
            return;
        }
        var (mr, nr) = Tile(kernel);
        long flops = 2L * g.M * g.N * g.K;
        int tilesM = (g.M + mr - 1) / mr, tilesN = (g.N + nr - 1) / nr;
        // Split the dimension with more tiles; each part packs its own blocks (no barriers).
        bool splitN = tilesN >= tilesM;
        int workers = flops < ParallelThreshold ? 1 : Math.Min(threads, splitN ? tilesN : tilesM);
        if (workers <= 1)
        {
            RunRange(kernel, g, b, 0, g.M, 0, g.N);
            return;
        }
        if (!splitN && (long)g.K * tilesN * nr <= SharedPackLimit)
        {
            RunSharedB(kernel, workers, g, b, tilesM, mr, tilesN * nr);
            return;
        }
        // Splitting N, parts share nothing, so several per worker let an unloaded core take
        // over the work of one that the OS gave to another process. Splitting M without a
        // shared B, every part packs all of B: one part per worker.
        int tiles = splitN ? tilesN : tilesM;
        int parts = splitN ? Parts(tiles, workers) : workers;
        WorkerTeam.For(parts, new RangeParts<TPackB>(kernel, g, b, tiles, parts, splitN ? 0 : mr, splitN ? nr : 0), workers);
    }

    /// <summary>One part of a split GEMM as a worker-team body (no closure per call): tile ranges along M (MR &gt; 0) or N.</summary>
    private readonly struct RangeParts<TPackB>(SgemmKernel kernel, GemmArgs g, TPackB b, int tiles, int parts, int mr, int nr) : ITeamBody
        where TPackB : struct, IPackB
    {
        public void Run(int i)
        {
            int t0 = (int)((long)tiles * i / parts), t1 = (int)((long)tiles * (i + 1) / parts);
            if (mr == 0) RunRange(kernel, g, b, 0, g.M, t0 * nr, Math.Min(g.N, t1 * nr));
            else RunRange(kernel, g, b, t0 * mr, Math.Min(g.M, t1 * mr), 0, g.N);
        }
    }

    /// <summary>Packs one K block of B into the shared panel buffer, as a worker-team body.</summary>
    private readonly struct PackBlocks<TPackB>(GemmArgs g, TPackB b, float* packed, int nPadded, int nr) : ITeamBody
        where TPackB : struct, IPackB
    {
        public void Run(int blk)
        {
            int pc = blk * KC;
            b.Pack(pc, Math.Min(KC, g.K - pc), 0, g.N, nr, packed + (nint)pc * nPadded);
        }
    }

    /// <summary>Parts per worker when parts are independent: enough to rebalance, each still several tiles wide.</summary>
    private const int PartsPerWorker = 4, MinTilesPerPart = 3;

    private static int Parts(int tiles, int workers) => Math.Clamp(tiles / MinTilesPerPart, workers, workers * PartsPerWorker);

    /// <summary>Most floats of B packed up front and shared (16 MiB).</summary>
    private const long SharedPackLimit = 1 << 22;

    /// <summary>
    /// Splitting M, every part would pack all of B; instead pack it once (in parallel, by K
    /// blocks) and let the parts share it. This is the narrow-N case (late conv stages).
    /// </summary>
    private static void RunSharedB<TPackB>(SgemmKernel kernel, int workers, GemmArgs g, TPackB b, int tilesM, int mr, int nPadded)
        where TPackB : struct, IPackB
    {
        int nr = Tile(kernel).NR;
        float* packed = SgemmScratch.SharedB(g.K * nPadded);
        int blocks = (g.K + KC - 1) / KC;
        WorkerTeam.For(blocks, new PackBlocks<TPackB>(g, b, packed, nPadded, nr), workers);
        var shared = new PrepackedB(packed, nPadded);
        WorkerTeam.For(Parts(tilesM, workers), new RangeParts<PrepackedB>(kernel, g, shared, tilesM, Parts(tilesM, workers), mr, 0), workers);
    }

    internal static void RunRange<TPackB>(SgemmKernel kernel, in GemmArgs g, in TPackB b, int m0, int m1, int n0, int n1)
        where TPackB : struct, IPackB
    {
        switch (kernel)
        {
            case SgemmKernel.Avx512: SgemmDriver<SgemmKernel512, TPackB>.Run(g, b, m0, m1, n0, n1); break;
            case SgemmKernel.Avx2: SgemmDriver<SgemmKernel256, TPackB>.Run(g, b, m0, m1, n0, n1); break;
            default: SgemmDriver<SgemmKernelScalar, TPackB>.Run(g, b, m0, m1, n0, n1); break;
        }
    }

    // K = 0: the product is empty, C = beta·C + bias.
    private static void ScaleOnly(in GemmArgs g)
    {
        for (int i = 0; i < g.M; i++)
        {
            var row = new Span<float>(g.C + i * g.Ldc, g.N);
            float bias = g.Bias != null ? g.Bias[i] : 0f;
            for (int j = 0; j < row.Length; j++) row[j] = (g.Beta == 0 ? 0f : g.Beta * row[j]) + bias;
            g.Activation.Apply(row);
        }
    }

    private static void CheckShapes(int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"Negative GEMM size {m}×{n}×{k}.");
    }

    private static void CheckCommon(bool transB, int m, int n, int k, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, ReadOnlySpan<float> rowBias)
    {
        CheckOperand(b, transB ? n : k, transB ? k : n, ldb, "B");
        CheckOperand(c, m, n, ldc, "C");
        if (!rowBias.IsEmpty && rowBias.Length < m) throw new ArgumentException($"Row bias has {rowBias.Length} values, expected {m}.");
    }

    private static void CheckOperand(ReadOnlySpan<float> data, int rows, int cols, int ld, string name)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new ArgumentException($"{name}: leading dimension {ld} is less than its {cols} columns.");
        long need = (long)(rows - 1) * ld + cols;
        if (data.Length < need) throw new ArgumentException($"{name}: {rows}×{cols} with leading dimension {ld} needs {need} values, got {data.Length}.");
    }
}
