using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Depthwise3x3Stride2Tests
{
    [Theory]
    [InlineData(1, 3, 14, 14, "relu6")]    // MobileNet's 14 → 7
    [InlineData(3, 4, 13, 13, "silu")]     // YOLOX's odd 13 → 7: a missing last odd row and column
    [InlineData(1, 2, 14, 15, "none")]     // even height, odd width
    [InlineData(1, 2, 9, 66, "relu")]      // rows of 32 + 32 + 2 inputs
    [InlineData(1, 2, 3, 1, "relu6")]      // one column
    [InlineData(2, 2, 1, 1, "none")]       // one pixel
    [InlineData(1, 2, 112, 112, "relu6")]  // MobileNet's 112 → 56: bands of 26 output rows
    [InlineData(1, 2, 40, 208, "silu")]    // YOLOX's rows 208 → 104: bands of 13 and 7 rows
    [InlineData(2, 2, 41, 201, "relu")]    // odd sizes over bands of 14 and 7 rows
    public void Forward_Shapes_MatchesPlaneKernel(int batch, int channels, int h, int w, string activation)
    {
        var g = DepthwiseTwin.Geometry(batch, channels, h, w, stride: 2);
        Assert.Equal(Avx512F.IsSupported, Depthwise3x3Stride2.Applies(g));
        if (!Avx512F.IsSupported) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), Depthwise3x3Stride2.Forward);
    }

    [Fact]
    public void Applies_StrideOneOrNoPadding_False()
    {
        Assert.False(Depthwise3x3Stride2.Applies(DepthwiseTwin.Geometry(1, 4, 8, 8, stride: 1)));
        // Stride 2 without padding: output 3×3 from 8×8, not the 4×4 the parity planes give.
        Assert.False(Depthwise3x3Stride2.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 3, 3)));
    }
}
