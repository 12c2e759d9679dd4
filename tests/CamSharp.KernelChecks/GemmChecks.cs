using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>The GEMM (every micro-kernel this process can run, the selected one included) against a plain triple loop.</summary>
internal static class GemmChecks
{
    public static void Run(TwinReport report)
    {
        var rng = new Random(17);
        var kernels = new List<SgemmKernel> { SgemmKernel.Scalar };
        if (SgemmKernel256.IsSupported) kernels.Add(SgemmKernel.Avx2);
        if (SgemmKernel512.IsSupported) kernels.Add(SgemmKernel.Avx512);
        var sizes = TwinChecks.EdgeSizes;
        foreach (var kernel in kernels)
        {
            // Every edge size on each axis once, the other axes random; then depths across the K block (256).
            var shapes = new List<(int M, int N, int K)>();
            foreach (int s in sizes)
            {
                shapes.Add((s, sizes[rng.Next(sizes.Length)], 1 + rng.Next(40)));
                shapes.Add((sizes[rng.Next(sizes.Length)], s, 1 + rng.Next(40)));
                shapes.Add((1 + rng.Next(33), 1 + rng.Next(70), s));
            }
            shapes.AddRange([(15, 33, 255), (14, 32, 256), (29, 17, 257), (40, 1030, 9), (203, 45, 300)]);
            // Every narrow edge of the AVX-512 kernel (16 row lanes, then up to 4 column vectors), across K blocks.
            shapes.AddRange([(3, 2, 40), (28, 18, 7), (15, 19, 300), (14, 20, 33), (9, 21, 5), (29, 49, 513), (17, 36, 260)]);
            // Every short row edge (M mod 14 from 1 to 13) on full-width tiles.
            for (int rows = 1; rows < 14; rows++) shapes.Add((14 + rows, 32 * (1 + rows % 3), 1 + 37 * rows));
            int i = 0;
            foreach (var (m, n, k) in shapes)
            {
                bool transA = (i & 1) != 0, transB = (i & 2) != 0, bias = (i % 3) == 0;
                int threads = 1 + (i & 1);
                float beta = i % 4 == 0 ? 0.5f : 0f;
                var activation = (i % 5) switch { 1 => Activation.Relu, 2 => Activation.Clip(-0.3f, 0.4f), 3 => Activation.Silu, _ => Activation.None };
                Check(report, rng, kernel, threads, transA, transB, m, n, k, beta, bias, activation);
                i++;
            }
        }
        if (SgemmKernel256.IsSupported) Avx2Edges(report);
    }

    /// <summary>
    /// Every edge of the AVX2 kernel (its own random stream, so the cases above keep theirs): M mod 6
    /// from 1 to 5 on full-width tiles, N mod 16 from 1 to 15 (1–8 one vector), with every fused activation.
    /// </summary>
    private static void Avx2Edges(TwinReport report)
    {
        var rng = new Random(19);
        var shapes = new List<(int M, int N, int K)>();
        for (int rows = 1; rows < 6; rows++) shapes.Add((12 + rows, 16 * (1 + rows % 3), 1 + 61 * rows));
        for (int cols = 1; cols < 16; cols++) shapes.Add((6 + cols % 7, 16 + cols, 3 + 19 * cols));
        int i = 0;
        foreach (var (m, n, k) in shapes)
        {
            var activation = (i % 4) switch { 1 => Activation.Relu, 2 => Activation.Clip(-0.3f, 0.4f), 3 => Activation.Silu, _ => Activation.None };
            bool plain = activation.IsNone;
            Check(report, rng, SgemmKernel.Avx2, 1 + (i & 1), plain && (i & 4) != 0, false, m, n, k, plain ? 0.5f : 0f, i % 3 != 1, activation);
            i++;
        }
    }

    private static void Check(TwinReport report, Random rng, SgemmKernel kernel, int threads, bool transA, bool transB,
        int m, int n, int k, float beta, bool withBias, Activation activation)
    {
        int lda = transA ? m : k, ldb = transB ? k : n;
        var a = TwinChecks.Random(rng, m * k);
        var b = TwinChecks.Random(rng, k * n);
        var c = TwinChecks.Random(rng, m * n);
        var bias = withBias ? TwinChecks.Random(rng, m) : null;
        var twin = ScalarTwins.Gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, bias, activation);
        if (activation.IsNone)
        {
            Sgemm.Multiply(kernel, threads, transA, transB, m, n, k, 1f, a, lda, b, ldb, beta, c, n, bias);
        }
        else
        {
            // The fused epilogue is reached through the convolution entry (A row-major, B a matrix).
            if (transA || transB || beta != 0) return;
            var packed = Sgemm.PackA(kernel, false, m, k, a, k);
            unsafe
            {
                fixed (float* pb = b)
                    Sgemm.Multiply(packed, a, m, k, new MatrixB(pb, n, false), n, c, n, bias, activation);
            }
        }
        report.Compare($"gemm {kernel} threads={threads} {(transA ? "T" : "N")}{(transB ? "T" : "N")} {m}x{n}x{k} beta={beta} bias={withBias} {activation}", c, twin);
    }
}
