using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class DepthwiseBlocked256Tests
{
    private static bool Avx2Fma => Avx2.IsSupported && Fma.IsSupported;

    [Theory]
    [InlineData(1, 8, 7, 7, 3, 1, 1, 1, "relu6")]      // MobileNet's 7×7: 49 pixels, the last transpose one pixel wide
    [InlineData(2, 16, 7, 7, 3, 1, 1, 1, "none")]      // two blocks, batch 2
    [InlineData(1, 8, 14, 14, 3, 1, 1, 1, "relu6")]    // MobileNet's 14×14: 196 pixels, the last transpose 4 wide
    [InlineData(1, 16, 14, 14, 3, 2, 1, 1, "relu6")]   // MobileNet's 14 → 7
    [InlineData(1, 8, 13, 13, 3, 2, 1, 1, "silu")]     // YOLOX's odd 13 → 7
    [InlineData(1, 24, 13, 13, 3, 1, 1, 1, "silu")]    // YOLOX's 13×13, three blocks
    [InlineData(1, 8, 2, 4, 3, 1, 1, 1, "relu")]       // 8 pixels: one whole transpose
    [InlineData(1, 8, 1, 1, 3, 1, 1, 1, "none")]       // one pixel: a store spills over seven later planes
    [InlineData(3, 8, 1, 3, 3, 1, 1, 1, "relu6")]      // three pixels, three images
    [InlineData(1, 16, 13, 13, 5, 1, 2, 1, "relu")]    // 5×5: the generic taps
    [InlineData(1, 8, 15, 16, 3, 1, 2, 2, "none")]     // dilation 2: the generic taps
    [InlineData(2, 8, 9, 9, 3, 2, 0, 1, "silu")]       // stride 2, no padding
    public void Forward_Shapes_MatchesPlaneKernel(int batch, int channels, int h, int w, int k, int stride, int pad, int dilation, string activation)
    {
        int outH = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, outW = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        var g = new ConvGeometry(batch, channels, h, w, channels, channels, k, k, stride, stride, dilation, dilation, pad, pad, outH, outW);
        Assert.Equal(Avx2Fma, DepthwiseBlocked256.Applies(g));
        if (!Avx2Fma) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), DepthwiseBlocked256.Forward);
    }

    [Fact]
    public void Forward_KnownPlanes_GivesHandSums()
    {
        if (!Avx2Fma) return;
        // Eight 2×2 planes, plane l all l + 1, weights all 1, bias −1: every output sees the 4 pixels, 4·(l + 1) − 1, then Clip(0, 10).
        var g = new ConvGeometry(1, 8, 2, 2, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 2, 2);
        var x = new float[32];
        for (int i = 0; i < 32; i++) x[i] = i / 4 + 1;
        var w = Enumerable.Repeat(1f, 72).ToArray();
        var bias = Enumerable.Repeat(-1f, 8).ToArray();
        var y = new float[32];
        fixed (float* px = x, pw = w, pb = bias, py = y) DepthwiseBlocked256.Forward(g, px, pw, pb, py, Activation.Clip(0, 10));
        for (int i = 0; i < 32; i++) Assert.Equal(Math.Min(10f, 4f * (i / 4 + 1) - 1), y[i]);
    }

    [Fact]
    public void Applies_ChannelsNotMultipleOf8OrWideRows_False()
    {
        Assert.False(DepthwiseBlocked256.Applies(DepthwiseTwin.Geometry(1, 12, 7, 7, stride: 1)));
        Assert.False(DepthwiseBlocked256.Applies(DepthwiseTwin.Geometry(1, 8, 20, 20, stride: 1)));
    }
}
