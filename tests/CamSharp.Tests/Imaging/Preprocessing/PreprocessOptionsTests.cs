using CamSharp.Imaging.Preprocessing;
using Xunit;

namespace CamSharp.Tests.Imaging.Preprocessing;

public sealed class PreprocessOptionsTests
{
    [Fact]
    public void Kinetics_IsACentreCropAtTorchvisionsRatio()
    {
        var k = PreprocessOptions.FromName("kinetics");
        Assert.Equal(Geometry.ResizeCentreCrop, k.Geometry);
        Assert.Equal([128], k.CropResizeFor(112, 112));
        Assert.Equal([256], k.CropResizeFor(224, 224));
        Assert.Contains("centre crop", k.ToString());
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 128, 171, 3 })]
    public void ResizeSize_NotOneOrTwoPositiveNumbers_Refused(int[] size)
    {
        var e = Assert.Throws<ArgumentException>(() => PreprocessOptions.Kinetics with { ResizeSize = size });
        Assert.Contains("ResizeSize", e.Message);
    }

    [Fact]
    public void ToString_TwoSizes_SaysResizeThenCrop() =>
        Assert.Contains("resize to 128x171, centre crop", (PreprocessOptions.Kinetics with { ResizeSize = [128, 171] }).ToString());
}
