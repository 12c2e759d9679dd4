using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The max-pooling plane kernel against a plain scan of every window, on the widths where its
/// vector paths change (whole vectors, the overlapping last vector of the AVX2 rows, the scalar
/// rows below 8) and SqueezeNet's and ResNet's 3×3 stride-2 pools.
/// </summary>
public sealed unsafe class MaxPoolPlaneTests
{
    [Theory]
    [InlineData(7, 3, 2, 0)]     // out 3: the scalar rows
    [InlineData(17, 3, 2, 0)]    // out 8: one whole AVX2 vector
    [InlineData(19, 3, 2, 1)]    // out 10: a second vector overlapping the first
    [InlineData(111, 3, 2, 0)]   // SqueezeNet features.2 (ceil mode adds the last window below)
    [InlineData(112, 3, 2, 1)]   // ResNet's stem pool
    [InlineData(9, 3, 1, 1)]     // stride 1: column maxima one vector and one lane
    [InlineData(20, 5, 1, 2)]    // YOLOv8's SPPF
    [InlineData(23, 2, 2, 0)]    // 2×2 stride 2: the phase split, then the runs
    [InlineData(31, 5, 3, 2)]
    public void Forward_MatchesWindowScan(int width, int k, int s, int p)
    {
        int height = 5, outH = (height + 2 * p - k) / s + 1, outW = (width + 2 * p - k + s - 1) / s + 1;
        if ((outW - 1) * s - p >= width) outW--; // ceil mode: the last window starts inside the row
        var g = new MaxPoolPlane.Geometry(height, width, outH, outW, k, k, s, s, p, p);
        var rng = new Random(width * 31 + k);
        var x = new float[height * width];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var y = Run(g, x);
        for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++)
                Assert.Equal(Scan(g, x, oh, ow), y[oh * outW + ow]);
    }

    [Fact]
    public void Forward_Stride2_NaNInAnyTapPropagates()
    {
        const int width = 111, outW = 55;
        var g = new MaxPoolPlane.Geometry(3, width, 1, outW, 3, 3, 2, 2, 0, 0);
        foreach (int column in new[] { 0, 1, 2, 17, 54, 100, 109, 110 })
        {
            var x = new float[3 * width];
            x[width + column] = float.NaN;
            var y = Run(g, x);
            for (int ow = 0; ow < outW; ow++)
                Assert.Equal(column >= 2 * ow && column <= 2 * ow + 2, float.IsNaN(y[ow]));
        }
    }

    [Fact]
    public void Row256_IsSupported_OnlyWithoutAvx512()
    {
        Assert.Equal(Avx2.IsSupported && !Avx512F.IsSupported, MaxPoolRow256.IsSupported);
    }

    private static float[] Run(MaxPoolPlane.Geometry g, float[] x)
    {
        var y = new float[g.OutHeight * g.OutWidth];
        var scratch = new float[g.ScratchLength];
        fixed (float* px = x, py = y, ps = scratch) MaxPoolPlane.Forward(g, px, py, ps);
        return y;
    }

    private static float Scan(MaxPoolPlane.Geometry g, float[] x, int oh, int ow)
    {
        float m = float.NegativeInfinity;
        for (int i = 0; i < g.KernelHeight; i++)
            for (int j = 0; j < g.KernelWidth; j++)
            {
                int h = oh * g.StrideHeight - g.PadTop + i, w = ow * g.StrideWidth - g.PadLeft + j;
                if ((uint)h < (uint)g.Height && (uint)w < (uint)g.Width) m = MathF.Max(m, x[h * g.Width + w]);
            }
        return m;
    }
}
