using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class LetterboxTests
{
    [Fact]
    public void Plan_Landscape_ScalesToWidthAndCentresVertically()
    {
        var info = Letterbox.Plan(810, 1080, 640, 640);
        Assert.Equal(640.0 / 1080, info.Scale, 12);
        Assert.Equal((480, 640), (info.ContentWidth, info.ContentHeight));
        Assert.Equal((80, 0), (info.PadLeft, info.PadTop));
    }

    [Fact]
    public void Plan_OddPadding_PutsTheExtraPixelRightOrBottom()
    {
        var info = Letterbox.Plan(100, 51, 64, 64); // r = 0.64, 51·0.64 = 32.64 → 33; pad 31 → top 15
        Assert.Equal((64, 33, 0, 15), (info.ContentWidth, info.ContentHeight, info.PadLeft, info.PadTop));
    }

    [Fact]
    public void Apply_TopLeft_PadsRightAndBottomWithPadValue()
    {
        var src = RgbImage.Filled(20, 10, new Rgb(1, 2, 3));
        var (img, info) = Letterbox.Apply(src, 40, 40, padValue: 114, center: false);
        Assert.Equal((0, 0, 40, 20), (info.PadLeft, info.PadTop, info.ContentWidth, info.ContentHeight));
        Assert.Equal(new Rgb(1, 2, 3), img[39, 19]);
        Assert.Equal(new Rgb(114, 114, 114), img[39, 20]);
    }

    [Fact]
    public void Apply_Centred_ContentIsTheResizedImage()
    {
        var src = ImageResizeTests.Gradient(30, 20);
        var (img, info) = Letterbox.Apply(src, 64, 64);
        var resized = ImageResize.Resize(src, info.ContentWidth, info.ContentHeight);
        for (int y = 0; y < info.ContentHeight; y++)
            for (int x = 0; x < info.ContentWidth; x++)
                Assert.Equal(resized[x, y], img[x + info.PadLeft, y + info.PadTop]);
        Assert.Equal(new Rgb(114, 114, 114), img[0, 0]);
    }

    [Fact]
    public void PointsAndBoxes_RoundTripToSource()
    {
        var info = Letterbox.Plan(810, 1080, 640, 640);
        var (tx, ty) = info.PointToTarget(405, 540);
        Assert.Equal((320, 320), (tx, ty));
        var (x, y) = info.PointToSource(tx, ty);
        Assert.Equal(405, x, 9);
        Assert.Equal(540, y, 9);
        var box = info.BoxToSource(0, 10, 700, 100); // x outside the content is clipped to the image
        Assert.Equal(0, box.X0);
        Assert.Equal(810, box.X1);
        Assert.Equal(10 * 1080 / 640.0, box.Y0, 9);
    }

    [Fact]
    public void MapToSource_CropsPaddingAndResizes()
    {
        var info = Letterbox.Plan(20, 10, 8, 8); // content 8x4 at top 2
        var map = new FloatMap(8, 8);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++) map[x, y] = y is >= 2 and < 6 ? 1f : -5f; // padding rows carry -5
        var back = info.MapToSource(map);
        Assert.Equal((20, 10), (back.Width, back.Height));
        Assert.All(back.Data, v => Assert.Equal(1f, v));
    }
}
