using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>The gather that turns a strided 1×1 convolution into a stride-1 one, and which geometries take it.</summary>
public sealed class StridedPointwiseTests
{
    [Theory]
    [InlineData(2, 2, 9, 37)]
    [InlineData(3, 2, 10, 11)]
    [InlineData(2, 3, 7, 8)]
    [InlineData(1, 2, 3, 64)]
    public void Gather_EveryStride_TakesTheStridedPixels(int strideH, int strideW, int h, int w)
    {
        int oh = (h - 1) / strideH + 1, ow = (w - 1) / strideW + 1;
        var g = new ConvGeometry(2, 3, h, w, 4, 1, 1, 1, strideH, strideW, 1, 1, 0, 0, oh, ow);
        var x = new float[2 * 3 * h * w];
        for (int i = 0; i < x.Length; i++) x[i] = i;
        var dense = new float[2 * 3 * oh * ow];
        StridedPointwise.Gather(g, x, dense);
        for (int p = 0; p < 6; p++)
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++)
                    Assert.Equal(x[p * h * w + r * strideH * w + c * strideW], dense[(p * oh + r) * ow + c]);
        var d = StridedPointwise.DenseGeometry(g);
        Assert.True(d.IsPointwise);
        Assert.Equal((oh, ow, 3, 4), (d.InHeight, d.InWidth, d.InChannels, d.OutChannels));
    }

    [Fact]
    public void Applies_PaddedGroupedOrWider_False()
    {
        Assert.True(StridedPointwise.Applies(new ConvGeometry(1, 64, 56, 56, 128, 1, 1, 1, 2, 2, 1, 1, 0, 0, 28, 28)));
        Assert.False(StridedPointwise.Applies(new ConvGeometry(1, 64, 56, 56, 128, 1, 1, 1, 2, 2, 1, 1, 1, 1, 29, 29)));
        Assert.False(StridedPointwise.Applies(new ConvGeometry(1, 64, 56, 56, 128, 2, 1, 1, 2, 2, 1, 1, 0, 0, 28, 28)));
        Assert.False(StridedPointwise.Applies(new ConvGeometry(1, 64, 56, 56, 128, 1, 3, 3, 2, 2, 1, 1, 0, 0, 27, 27)));
        Assert.False(StridedPointwise.Applies(new ConvGeometry(1, 64, 56, 56, 128, 1, 1, 1, 1, 1, 1, 1, 0, 0, 56, 56)));
    }

    [Fact]
    public void Gather_ShortBuffer_ThrowsNamingSizes()
    {
        var g = new ConvGeometry(1, 2, 4, 4, 3, 1, 1, 1, 2, 2, 1, 1, 0, 0, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => StridedPointwise.Gather(g, new float[32], new float[7]));
        Assert.Contains("expected 32 and 8", e.Message);
    }
}
