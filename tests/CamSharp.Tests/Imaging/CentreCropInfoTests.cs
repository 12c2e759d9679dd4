using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class CentreCropInfoTests
{
    // 1920×1080 → short side 256 → 455×256, crop 224 at (116, 16): a scale of 1080 / 256 = 4.21875 on y and 1920 / 455 on x.
    private static readonly CentreCropInfo Wide = CentreCrop.Plan(1920, 1080, 224, 224, [256]);

    [Fact]
    public void SeenRegion_WideFrame_IsTheMiddleOfTheFrame()
    {
        var (x0, y0, x1, y1) = Wide.SeenRegion;
        Assert.Equal(116 * 1920 / 455.0, x0, 9);
        Assert.Equal(340 * 1920 / 455.0, x1, 9);
        Assert.Equal(16 * 4.21875, y0, 9);
        Assert.Equal(240 * 4.21875, y1, 9);
    }

    [Fact]
    public void PointToSource_CropCentre_IsTheResizedImagesPointScaledBack()
    {
        var (x, y) = Wide.PointToSource(111.5, 111.5); // the crop's centre: resized (227.5, 127.5)
        Assert.Equal(228 * 1920 / 455.0 - 0.5, x, 9);
        Assert.Equal(128 * 4.21875 - 0.5, y, 9);
    }

    [Fact]
    public void MapToSource_OnesOverTheCrop_AreOnesInsideTheSeenRegionAndZeroOutside()
    {
        var info = CentreCrop.Plan(40, 20, 16, 16, [20]); // 40×20 at its own size; crop at (12, 2)
        Assert.Equal((40, 20, 12, 2), (info.ResizedWidth, info.ResizedHeight, info.Left, info.Top));
        var ones = new FloatMap(16, 16);
        Array.Fill(ones.Data, 1f);
        var back = info.MapToSource(ones);
        Assert.Equal((40, 20), (back.Width, back.Height));
        Assert.Equal(1f, back.Data[10 * 40 + 20]);
        Assert.Equal(0f, back.Data[10 * 40 + 5]);   // left of the crop: not seen
        Assert.Equal(0f, back.Data[0 * 40 + 20]);   // above it
        Assert.Equal(0f, back.Data[10 * 40 + 35]);  // right of it
    }

    [Fact]
    public void BoxToSource_Clip_StaysInsideTheImage()
    {
        var (x0, y0, x1, y1) = Wide.BoxToSource(-500, -500, 1000, 1000);
        Assert.Equal((0, 0, 1920, 1080), (x0, y0, x1, y1));
    }
}
