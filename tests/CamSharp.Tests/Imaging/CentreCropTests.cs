using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class CentreCropTests
{
    // Expected sizes and offsets printed by torchvision 0.14: F.resize(img, resize_size).shape, then
    // center_crop's int(round((resized - crop) / 2.0)).
    [Theory]
    [InlineData(1920, 1080, new[] { 256 }, 224, 455, 256, 116, 16)]
    [InlineData(1080, 1920, new[] { 256 }, 224, 256, 455, 16, 116)]
    [InlineData(481, 271, new[] { 256 }, 224, 454, 256, 115, 16)]
    [InlineData(320, 240, new[] { 128, 171 }, 112, 171, 128, 30, 8)]
    [InlineData(640, 360, new[] { 128, 171 }, 112, 171, 128, 30, 8)]
    [InlineData(20, 14, new[] { 9 }, 8, 12, 9, 2, 0)]
    public void Plan_TorchvisionSizes_SameResizeAndOffsetsAsTorchvision(int w, int h, int[] resize, int crop, int rw, int rh, int left, int top)
    {
        var info = CentreCrop.Plan(w, h, crop, crop, resize);
        Assert.Equal((rw, rh, left, top), (info.ResizedWidth, info.ResizedHeight, info.Left, info.Top));
        Assert.Equal((crop, crop), (info.CropWidth, info.CropHeight));
    }

    [Fact]
    public void Plan_ResizedSmallerThanCrop_RefusedWithBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => CentreCrop.Plan(320, 240, 112, 112, [100]));
        Assert.Contains("133x100", e.Message);
        Assert.Contains("112x112", e.Message);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1, 2, 3 })]
    [InlineData(new[] { 0 })]
    public void ResizedSize_NotOneOrTwoPositiveNumbers_Refused(int[] resize) =>
        Assert.Throws<ArgumentException>(() => CentreCrop.ResizedSize(10, 10, resize));

    [Fact]
    public void Apply_Image_IsTheCentreOfTheResizedImage()
    {
        var src = ImageResizeTests.Gradient(64, 36);
        var (crop, info) = CentreCrop.Apply(src, 24, 24, [28]);
        var resized = ImageResize.Resize(src, info.ResizedWidth, info.ResizedHeight);
        Assert.Equal((49, 28, 12, 2), (info.ResizedWidth, info.ResizedHeight, info.Left, info.Top));
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 24; x++)
                Assert.Equal(resized[x + info.Left, y + info.Top], crop[x, y]);
    }
}
