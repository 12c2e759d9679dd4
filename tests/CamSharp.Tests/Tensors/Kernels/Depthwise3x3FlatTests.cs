using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Depthwise3x3FlatTests
{
    [Theory]
    [MemberData(nameof(DepthwiseTwin.StrideOneShapes), MemberType = typeof(DepthwiseTwin))]
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
