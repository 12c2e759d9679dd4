using CamSharp.Imaging;
using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests.Imaging;

public sealed class ImageResizeTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names() => ImagingFixtures.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Resize_LinearTo224_MatchesOpenCvWithinOneLevel(string asset)
    {
        var entry = ImagingFixtures.Get(asset);
        var src = ImagingFixtures.LoadImage(entry.Decoded);
        var expected = ImagingFixtures.LoadImage(entry.Linear224);
        var actual = ImageResize.Resize(src, 224, 224);
        var (max, mean) = ImagingFixtures.Diff(expected, actual);
        output.WriteLine($"{asset}: max {max}, mean {mean:F5}, off {Mismatches(expected, actual)}");
        Assert.True(max <= 1, $"{asset}: max |diff| {max}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Resize_AreaToAThird_MatchesOpenCvWithinOneLevel(string asset)
    {
        var entry = ImagingFixtures.Get(asset);
        var src = ImagingFixtures.LoadImage(entry.Decoded);
        var expected = ImagingFixtures.LoadImage(entry.AreaThird);
        Assert.Equal((entry.AreaHeight, entry.AreaWidth), (src.Height / 3, src.Width / 3));
        var actual = ImageResize.Resize(src, entry.AreaWidth, entry.AreaHeight, Interpolation.Area);
        var (max, mean) = ImagingFixtures.Diff(expected, actual);
        output.WriteLine($"{asset}: max {max}, mean {mean:F5}, off {Mismatches(expected, actual)}");
        Assert.True(max <= 1, $"{asset}: max |diff| {max}");
    }

    [Theory]
    [InlineData("float_small_7x7.linear224.npy.gz", 224, 224)]
    [InlineData("float_small_7x7.linear_100x60.npy.gz", 100, 60)]
    public void Resize_FloatMapLinear_MatchesOpenCv(string fixture, int width, int height)
    {
        var src = ImagingFixtures.LoadMap("float_small_7x7.npy.gz");
        var expected = ImagingFixtures.LoadMap(fixture);
        var actual = ImageResize.Resize(src, width, height);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        float max = 0;
        for (int i = 0; i < expected.Data.Length; i++) max = Math.Max(max, Math.Abs(expected.Data[i] - actual.Data[i]));
        output.WriteLine($"{fixture}: max {max:E2}");
        Assert.True(max <= 1e-5f, $"max |diff| {max}");
    }

    [Fact]
    public void Resize_SameSize_CopiesPixels()
    {
        var src = Gradient(5, 4);
        var dst = ImageResize.Resize(src, 5, 4);
        Assert.Equal(src.Pixels, dst.Pixels);
        Assert.NotSame(src.Pixels, dst.Pixels);
    }

    [Fact]
    public void Resize_LinearHalfBothAxes_AveragesTwoByTwoCells()
    {
        // Exactly half size takes OpenCV's INTER_AREA path: each output is the rounded mean of a 2x2 cell.
        var src = new RgbImage(4, 2, [
            0, 0, 0, 1, 1, 1, 10, 10, 10, 20, 20, 20,
            0, 0, 0, 1, 1, 1, 30, 30, 30, 41, 41, 41]);
        var dst = ImageResize.Resize(src, 2, 1);
        Assert.Equal([1, 1, 1, 25, 25, 25], dst.Pixels);
    }

    [Fact]
    public void Resize_Nearest_TakesFloorOfScaledIndex()
    {
        var src = Gradient(6, 1);
        var dst = ImageResize.Resize(src, 4, 1, Interpolation.Nearest);
        // floor(x * 6/4) = 0, 1, 3, 4
        Assert.Equal([src[0, 0], src[1, 0], src[3, 0], src[4, 0]], Enumerable.Range(0, 4).Select(x => dst[x, 0]));
    }

    [Fact]
    public void ResizeAlignCorners_KeepsCornersAndInterpolatesLinearly()
    {
        var src = new FloatMap(2, 2, [0f, 1f, 2f, 3f]);
        var dst = ImageResize.ResizeAlignCorners(src, 3, 3);
        Assert.Equal([0f, 0.5f, 1f, 1f, 1.5f, 2f, 2f, 2.5f, 3f], dst.Data);
    }

    [Fact]
    public void Resize_FloatNearest_PicksSourceValues()
    {
        var src = new FloatMap(2, 1, [5f, 7f]);
        Assert.Equal([5f, 5f, 7f, 7f], ImageResize.Resize(src, 4, 1, Interpolation.Nearest).Data);
    }

    [Fact]
    public void Resize_AreaEnlarging_ReplicatesWholeCells()
    {
        // Enlarging by 2 with INTER_AREA: output pixels inside one source cell copy it; boundaries blend.
        var src = new RgbImage(2, 1, [0, 0, 0, 100, 100, 100]);
        var dst = ImageResize.Resize(src, 4, 1, Interpolation.Area);
        Assert.Equal(new byte[] { 0, 0, 100, 100 }, Enumerable.Range(0, 4).Select(x => dst[x, 0].R));
    }

    internal static RgbImage Gradient(int w, int h)
    {
        var img = new RgbImage(w, h);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = (byte)(i * 7);
        return img;
    }

    private static int Mismatches(RgbImage a, RgbImage b) => a.Pixels.Zip(b.Pixels).Count(p => p.First != p.Second);
}
