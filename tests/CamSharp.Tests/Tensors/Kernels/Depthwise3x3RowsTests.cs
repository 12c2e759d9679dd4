using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Depthwise3x3RowsTests
{
    [Theory]
    [MemberData(nameof(DepthwiseTwin.StrideOneShapes), MemberType = typeof(DepthwiseTwin))]
    public void Forward_StrideOne_MatchesPlaneKernel(int batch, int channels, int h, int w, string activation)
    {
        var g = DepthwiseTwin.Geometry(batch, channels, h, w, stride: 1);
        Assert.Equal(Avx512F.IsSupported, Depthwise3x3Rows.Applies(g));
        if (!Avx512F.IsSupported) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), Depthwise3x3Rows.Forward);
    }

    [Theory]
    [InlineData(1, 3, 14, 14, "relu6")]    // MobileNet's 14 → 7
    [InlineData(3, 4, 13, 13, "silu")]     // YOLOX's odd 13 → 7: a missing last odd row and column
    [InlineData(1, 2, 14, 15, "none")]     // even height, odd width
    [InlineData(1, 2, 9, 66, "relu")]      // rows of 32 + 32 + 2 inputs
    [InlineData(1, 2, 5, 32, "relu")]      // one whole pair of blocks: the last right tap is the row's last column
    [InlineData(1, 2, 5, 33, "none")]      // 33 columns: the 17th output's left tap is the last odd column of the block before
    [InlineData(1, 2, 3, 1, "relu6")]      // one column
    [InlineData(2, 2, 1, 1, "none")]       // one pixel
    [InlineData(1, 2, 112, 112, "relu6")]  // MobileNet's 112 → 56
    [InlineData(1, 2, 40, 208, "silu")]    // YOLOX's rows 208 → 104
    [InlineData(2, 2, 41, 201, "relu")]    // odd sizes
    public void Forward_StrideTwo_MatchesPlaneKernel(int batch, int channels, int h, int w, string activation)
    {
        var g = DepthwiseTwin.Geometry(batch, channels, h, w, stride: 2);
        Assert.Equal(Avx512F.IsSupported, Depthwise3x3Rows.Applies(g));
        if (!Avx512F.IsSupported) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), Depthwise3x3Rows.Forward);
    }

    [Fact]
    public void Applies_NoPaddingOrDilation_False()
    {
        // Stride 2 without padding: output 3×3 from 8×8, not what one padding pixel gives.
        Assert.False(Depthwise3x3Rows.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 3, 3)));
        Assert.False(Depthwise3x3Rows.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 1, 1, 1, 1, 0, 0, 6, 6)));
        Assert.False(Depthwise3x3Rows.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 1, 1, 2, 2, 2, 2, 8, 8)));
        // Stride 1 across, 2 down.
        Assert.False(Depthwise3x3Rows.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 2, 1, 1, 1, 1, 1, 4, 8)));
    }
}
