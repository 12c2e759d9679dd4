using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>The float64-accumulating kernels agree with the double reference and with the float32 kernels.</summary>
public class PreciseKernelsTests
{
    [Theory]
    [InlineData(false, false, 7, 13, 29)]
    [InlineData(true, false, 16, 1, 33)]
    [InlineData(false, true, 1, 17, 64)]
    [InlineData(true, true, 5, 9, 0)]
    public void Gemm_AllTransposes_MatchesDoubleReference(bool transA, bool transB, int m, int n, int k)
    {
        var rng = new Random(m * 100 + n * 10 + k);
        var a = Random(rng, m * k + 3);
        var b = Random(rng, k * n + 2);
        var c = Random(rng, m * n);
        var expected = (float[])c.Clone();
        int lda = transA ? m : k, ldb = transB ? k : n;
        SgemmReference.Multiply(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, 0.5f, expected, n);
        PreciseKernels.Gemm(transA, transB, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n);
        for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-6f);
    }

    [Theory]
    [InlineData(2, 6, 9, 11, 4, 1, 3, 3, 1, 1, 1, 1)]   // padded 3×3, batch 2
    [InlineData(1, 8, 10, 7, 8, 8, 3, 3, 2, 2, 1, 1)]   // depthwise, stride 2
    [InlineData(1, 4, 12, 12, 6, 2, 3, 2, 1, 2, 2, 0)]  // groups, dilation, asymmetric
    [InlineData(1, 5, 6, 6, 3, 1, 1, 1, 1, 1, 1, 0)]    // pointwise
    public void Convolution_Geometries_MatchesFloat32Kernels(int batch, int c, int h, int w, int m, int group,
        int kh, int kw, int stride, int dilation, int pad, int unused)
    {
        _ = unused;
        int oh = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1, ow = (w + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        var g = new ConvGeometry(batch, c, h, w, m, group, kh, kw, stride, stride, dilation, dilation, pad, pad, oh, ow);
        var rng = new Random(c * 31 + m);
        var x = Random(rng, batch * c * h * w);
        var weights = Random(rng, m * (c / group) * kh * kw);
        var bias = Random(rng, m);
        var fast = new float[batch * m * oh * ow];
        var precise = new float[fast.Length];
        Convolution.Forward(g, x, weights, null, bias, fast);
        PreciseKernels.Convolution(g, x, weights, bias, precise);
        for (int i = 0; i < fast.Length; i++) Assert.Equal(fast[i], precise[i], 1e-5f);
    }

    private static float[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
}
