using CamSharp.Tensors.Kernels;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public class SgemmTests
{
    /// <summary>Every micro-kernel this machine can run (the portable one always).</summary>
    public static TheoryData<SgemmKernel> Kernels()
    {
        var data = new TheoryData<SgemmKernel> { SgemmKernel.Scalar };
        if (SgemmKernel256.IsSupported) data.Add(SgemmKernel.Avx2);
        if (SgemmKernel512.IsSupported) data.Add(SgemmKernel.Avx512);
        return data;
    }

    // Sizes around every tile width (4, 6, 14, 16, 32) and block depth (KC = 256), plus 0 and 1.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 3), (5, 0, 3), (1, 1, 1), (1, 37, 19), (2, 1, 5), (3, 5, 7), (6, 16, 8), (7, 17, 9),
        (13, 31, 15), (14, 32, 16), (15, 33, 17), (28, 64, 40), (29, 65, 257), (5, 15, 255), (41, 47, 513),
    ];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_RandomShapesAllTransposes_MatchesReference(SgemmKernel kernel)
    {
        var rng = new Random(7);
        foreach (var (m, n, k) in Shapes)
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    foreach (int threads in new[] { 1, 2 })
                        Check(rng, kernel, threads, transA, transB, m, n, k, alpha: 1, beta: 0, pad: 0, withBias: false);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_AlphaBetaBiasAndStrides_MatchesReference(SgemmKernel kernel)
    {
        var rng = new Random(11);
        foreach (var (m, n, k) in new[] { (1, 40, 30), (17, 35, 300), (30, 70, 33), (64, 130, 64) })
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    Check(rng, kernel, 2, transA, transB, m, n, k, alpha: 0.75f, beta: -1.5f, pad: 3, withBias: true);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_WideOutputAcrossColumnBlocks_MatchesReference(SgemmKernel kernel)
    {
        // N > NC (1024) crosses column blocks; K > KC crosses depth blocks.
        Check(new Random(3), kernel, 2, false, false, 9, 1100, 260, alpha: 1, beta: 1, pad: 0, withBias: false);
        Check(new Random(4), kernel, 2, true, true, 40, 2100, 20, alpha: 1, beta: 0, pad: 1, withBias: true);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_TallNarrowSharedPacking_MatchesReference(SgemmKernel kernel)
    {
        // Many more row tiles than column tiles: B is packed once and shared by the threads.
        foreach (bool transB in new[] { false, true })
            Check(new Random(6), kernel, 2, false, transB, 203, 45, 530, alpha: 1, beta: 0.5f, pad: 2, withBias: true);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_BetaZero_IgnoresGarbageInC(SgemmKernel kernel)
    {
        var rng = new Random(5);
        int m = 20, n = 40, k = 9;
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Sgemm.Multiply(kernel, 2, false, false, m, n, k, 1f, a, k, b, n, 0f, c, n, default);
        var expected = new float[m * n];
        SgemmReference.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n);
        OpTester.AssertClose(c, expected);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void PackA_ThenMultiply_MatchesUnpacked(SgemmKernel kernel)
    {
        var rng = new Random(9);
        foreach (var (m, n, k, transA) in new[] { (1, 9, 5, false), (15, 49, 300, false), (33, 20, 520, true), (64, 196, 64, false) })
        {
            int lda = transA ? m : k;
            var a = Random(rng, m * k);
            var b = Random(rng, k * n);
            var bias = Random(rng, m);
            var packed = Sgemm.PackA(kernel, transA, m, k, a, lda);
            var c = Random(rng, m * n);
            var expected = (float[])c.Clone();
            Sgemm.Multiply(packed, 2, false, n, 2f, b, n, 0.5f, c, n, bias);
            SgemmReference.Multiply(transA, false, m, n, k, 2f, a, lda, b, n, 0.5f, expected, n, bias);
            OpTester.AssertClose(c, expected);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_EveryRowAndColumnRemainderOfTheAvx2Tile_MatchesReference(SgemmKernel kernel)
    {
        // M mod 6 from 0 to 5 (rows 1–2 and 3–4 have their own edge kernels) against N mod 16 from
        // 0 to 15 (1–8 one vector wide), alpha, beta and bias through the edge tiles' merge.
        var rng = new Random(21);
        for (int rows = 0; rows < 6; rows++)
            foreach (int cols in new[] { 0, 1, 7, 8, 9, 15 })
                Check(rng, kernel, 1 + rows % 2, false, rows % 3 == 0, 12 + rows, 32 + cols, 5 + 50 * rows, alpha: 1.5f, beta: 0.5f, pad: 1, withBias: true);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_FusedActivationOnEdgeTiles_MatchesReference(SgemmKernel kernel)
    {
        // The convolution entry (A prepacked, B a matrix) with Relu and Clip clamped in the kernels'
        // store, and on edge tiles after their merge.
        var rng = new Random(22);
        foreach (var (m, n, k) in new[] { (16, 49, 27), (32, 23, 300), (10, 8, 9), (64, 169, 64) })
            foreach (var activation in new[] { Activation.Relu, Activation.Clip(-0.2f, 0.3f) })
            {
                var a = Random(rng, m * k);
                var b = Random(rng, k * n);
                var bias = Random(rng, m);
                var c = new float[m * n];
                var expected = new float[m * n];
                var packed = Sgemm.PackA(kernel, false, m, k, a, k);
                unsafe
                {
                    fixed (float* pb = b) Sgemm.Multiply(packed, a, m, k, new MatrixB(pb, n, false), n, c, n, bias, activation);
                }
                SgemmReference.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n, bias);
                activation.Apply(expected);
                OpTester.AssertClose(c, expected);
            }
    }

    [Fact]
    public void Edge256_Takes_OnlyNarrowOrLowEdges()
    {
        Assert.True(SgemmEdge256.TakesColumns(1) && SgemmEdge256.TakesColumns(8));
        Assert.False(SgemmEdge256.TakesColumns(9));
        Assert.True(SgemmEdge256.TakesRows(1) && SgemmEdge256.TakesRows(4));
        Assert.False(SgemmEdge256.TakesRows(5));
    }

    [Fact]
    public void Multiply_ZeroDepth_ScalesCAndAddsBias()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Sgemm.Multiply(false, false, 2, 2, 0, 1f, [], 0, [], 2, 2f, c, 2, [10f, 20f]);
        Assert.Equal(new float[] { 12, 14, 26, 28 }, c);
    }

    [Fact]
    public void Multiply_OperandTooShort_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(new float[5], new float[6], new float[4], 2, 2, 3));
        Assert.Contains("A: 2×3", ex.Message);
    }

    [Fact]
    public void Selected_OnThisMachine_IsTheWidestSupported()
    {
        var expected = SgemmKernel512.IsSupported ? SgemmKernel.Avx512 : SgemmKernel256.IsSupported ? SgemmKernel.Avx2 : SgemmKernel.Scalar;
        Assert.Equal(expected, Sgemm.Selected);
    }

    private static void Check(Random rng, SgemmKernel kernel, int threads, bool transA, bool transB, int m, int n, int k,
        float alpha, float beta, int pad, bool withBias)
    {
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        var a = Random(rng, (transA ? k : m) * lda);
        var b = Random(rng, (transB ? n : k) * ldb);
        var c = Random(rng, m * ldc);
        var bias = withBias ? Random(rng, m) : null;
        var expected = (float[])c.Clone();
        Sgemm.Multiply(kernel, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias);
        SgemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc, bias);
        try
        {
            OpTester.AssertClose(c, expected);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{kernel} threads={threads} transA={transA} transB={transB} {m}×{n}×{k}: {e.Message}");
        }
    }

    private static float[] Random(Random rng, int n)
    {
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = (float)(rng.NextDouble() * 2 - 1);
        return r;
    }
}
