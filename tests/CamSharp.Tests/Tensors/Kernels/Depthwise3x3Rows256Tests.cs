using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Depthwise3x3Rows256Tests
{
    private static bool Avx2Fma => Avx2.IsSupported && Fma.IsSupported;

    [Theory]
    [MemberData(nameof(DepthwiseTwin.StrideOneShapes), MemberType = typeof(DepthwiseTwin))]
    [InlineData(1, 2, 4, 7, "relu")]      // one vector per row, 7 lanes: first and last at once
    [InlineData(1, 2, 4, 8, "relu6")]     // exactly one vector: the right tap of lane 7 is padding
    [InlineData(1, 2, 4, 9, "none")]      // one vector and one column
    [InlineData(1, 2, 5, 17, "silu")]     // first vector, one whole vector, one column
    [InlineData(1, 2, 3, 25, "relu6")]    // the last whole vector's right tap is the row's last column
    [InlineData(1, 2, 3, 26, "none")]
    public void Forward_StrideOne_MatchesPlaneKernel(int batch, int channels, int h, int w, string activation)
    {
        var g = DepthwiseTwin.Geometry(batch, channels, h, w, stride: 1);
        Assert.Equal(Avx2Fma, Depthwise3x3Rows256.Applies(g));
        if (!Avx2Fma) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), Depthwise3x3Rows256.Forward);
    }

    [Theory]
    [InlineData(1, 3, 14, 14, "relu6")]    // MobileNet's 14 → 7: one vector of 7 lanes
    [InlineData(3, 4, 13, 13, "silu")]     // YOLOX's odd 13 → 7: a missing last odd row and column
    [InlineData(1, 2, 14, 15, "none")]     // even height, odd width
    [InlineData(1, 2, 5, 16, "relu")]      // one vector: its last right tap is the row's last column
    [InlineData(1, 2, 5, 17, "relu6")]     // 17 → 9: the 9th output's left tap is the last odd column of the first vector's loads
    [InlineData(1, 2, 5, 31, "none")]      // 31 → 16: two vectors, the second an edge
    [InlineData(1, 2, 5, 32, "relu")]      // 32 → 16: the second vector's right taps reach the row's end
    [InlineData(1, 2, 5, 33, "silu")]      // 33 → 17
    [InlineData(1, 2, 3, 1, "relu6")]      // one column
    [InlineData(2, 2, 1, 1, "none")]       // one pixel
    [InlineData(1, 2, 1, 40, "relu")]      // one row: both padding rows
    [InlineData(1, 2, 112, 112, "relu6")]  // MobileNet's 112 → 56: whole vectors between the edges
    [InlineData(1, 2, 40, 208, "silu")]    // YOLOX's rows 208 → 104
    [InlineData(2, 2, 41, 201, "relu")]    // odd sizes
    public void Forward_StrideTwo_MatchesPlaneKernel(int batch, int channels, int h, int w, string activation)
    {
        var g = DepthwiseTwin.Geometry(batch, channels, h, w, stride: 2);
        Assert.Equal(Avx2Fma, Depthwise3x3Rows256.Applies(g));
        if (!Avx2Fma) return;
        DepthwiseTwin.AssertMatchesPlanes(g, DepthwiseTwin.ActivationOf(activation), Depthwise3x3Rows256.Forward);
    }

    [Fact]
    public void Forward_KnownPlane_GivesHandSums()
    {
        if (!Avx2Fma) return;
        // A 3×3 plane of ones with all weights 1: each output counts its in-image neighbours (4 at corners, 6 at edges, 9 in the middle).
        var g = DepthwiseTwin.Geometry(1, 1, 3, 3, stride: 1);
        var x = Enumerable.Repeat(1f, 9).ToArray();
        var w = Enumerable.Repeat(1f, 9).ToArray();
        var bias = new[] { 0.5f };
        var y = new float[9];
        fixed (float* px = x, pw = w, pb = bias, py = y) Depthwise3x3Rows256.Forward(g, px, pw, pb, py, Activation.Clip(0, 6));
        Assert.Equal(new[] { 4.5f, 6f, 4.5f, 6f, 6f, 6f, 4.5f, 6f, 4.5f }, y);
    }

    [Fact]
    public void Forward_EmptyRows_WritesNothing()
    {
        if (!Avx2Fma) return;
        var g = new ConvGeometry(1, 2, 3, 0, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 3, 0);
        Assert.True(Depthwise3x3Rows256.Applies(g));
        var x = new float[1];
        var y = new[] { 7f, 7f };
        var w = new float[18];
        fixed (float* px = x, pw = w, py = y) Depthwise3x3Rows256.Forward(g, px, pw, null, py, Activation.None);
        Assert.Equal(new[] { 7f, 7f }, y);
    }

    [Fact]
    public void Applies_NoPaddingDilationOrMixedStride_False()
    {
        Assert.False(Depthwise3x3Rows256.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 3, 3)));
        Assert.False(Depthwise3x3Rows256.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 1, 1, 1, 1, 0, 0, 6, 6)));
        Assert.False(Depthwise3x3Rows256.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 1, 1, 2, 2, 2, 2, 8, 8)));
        Assert.False(Depthwise3x3Rows256.Applies(new ConvGeometry(1, 4, 8, 8, 4, 4, 3, 3, 2, 1, 1, 1, 1, 1, 4, 8)));
        Assert.False(Depthwise3x3Rows256.Applies(new ConvGeometry(1, 4, 13, 13, 4, 4, 5, 5, 1, 1, 1, 1, 2, 2, 13, 13)));
    }
}
