using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class DepthwiseBlockedTests
{
    [Theory]
    [InlineData(1, 16, 7, 7, 3, 1, 1, 1, "relu6")]     // MobileNet's 7×7: 49 pixels, the last transpose one pixel wide
    [InlineData(2, 32, 7, 7, 3, 1, 1, 1, "none")]      // two blocks, batch 2
    [InlineData(1, 16, 14, 14, 3, 2, 1, 1, "relu6")]   // MobileNet's 14 → 7
    [InlineData(1, 16, 13, 13, 3, 2, 1, 1, "silu")]    // YOLOX's odd 13 → 7
    [InlineData(1, 16, 4, 4, 3, 1, 1, 1, "relu")]      // 16 pixels: one whole transpose
    [InlineData(1, 16, 1, 1, 3, 1, 1, 1, "none")]      // one pixel
    [InlineData(1, 48, 13, 13, 5, 1, 2, 1, "relu")]    // 5×5: the generic taps, three blocks
    [InlineData(1, 16, 15, 16, 3, 1, 2, 2, "none")]    // dilation 2: the generic taps
    public void Forward_Shapes_MatchesPlaneKernel(int batch, int channels, int h, int w, int k, int stride, int pad, int dilation, string activation)
    {
        int outH = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, outW = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        var g = new ConvGeometry(batch, channels, h, w, channels, channels, k, k, stride, stride, dilation, dilation, pad, pad, outH, outW);
        Assert.Equal(Avx512F.IsSupported, DepthwiseBlocked.Applies(g));
        if (!Avx512F.IsSupported) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), DepthwiseBlocked.Forward);
    }

    [Fact]
    public void Applies_ChannelsNotMultipleOf16OrWideRows_False()
    {
        Assert.False(DepthwiseBlocked.Applies(DepthwiseTwin.Geometry(1, 24, 7, 7, stride: 1)));
        Assert.False(DepthwiseBlocked.Applies(DepthwiseTwin.Geometry(1, 16, 20, 20, stride: 1)));
    }
}
