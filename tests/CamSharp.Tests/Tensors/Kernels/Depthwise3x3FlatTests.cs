using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Depthwise3x3FlatTests
{
    [Theory]
    [InlineData(1, 3, 7, 7, "relu6")]      // MobileNet's 7×7: 4 vectors, the last with one lane
    [InlineData(2, 5, 14, 14, "none")]     // 14×14, batch 2
    [InlineData(1, 4, 1, 1, "relu")]       // one pixel: no neighbours at all
    [InlineData(1, 3, 5, 1, "silu")]       // one column
    [InlineData(1, 2, 3, 40, "relu6")]     // rows wider than two vectors
    [InlineData(2, 3, 13, 13, "silu")]     // YOLOX's 13×13 with SiLU
    [InlineData(1, 2, 56, 56, "relu6")]    // MobileNet's 56×56
    [InlineData(1, 2, 112, 112, "relu6")]  // MobileNet's 112×112
    [InlineData(2, 2, 70, 100, "silu")]    // uneven rows with SiLU, batch 2
    [InlineData(1, 1, 9, 700, "none")]     // rows of 700
    public void Forward_Shapes_MatchesPlaneKernel(int batch, int channels, int h, int w, string activation)
    {
        var g = DepthwiseTwin.Geometry(batch, channels, h, w, stride: 1);
        Assert.Equal(Avx512F.IsSupported, Depthwise3x3Flat.Applies(g));
        if (!Avx512F.IsSupported) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), Depthwise3x3Flat.Forward);
    }

    [Fact]
    public void Applies_StrideTwoOrNoPadding_False()
    {
        Assert.False(Depthwise3x3Flat.Applies(DepthwiseTwin.Geometry(1, 4, 8, 8, stride: 2)));
        Assert.False(Depthwise3x3Flat.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 1, 1, 1, 1, 0, 0, 6, 6)));
        Assert.False(Depthwise3x3Flat.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 1, 1, 2, 2, 2, 2, 8, 8)));
    }
}
