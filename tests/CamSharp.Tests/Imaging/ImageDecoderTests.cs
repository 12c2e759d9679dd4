using Xunit;
using CamSharp.Imaging;
using Xunit.Abstractions;

namespace CamSharp.Tests.Imaging;

public sealed class ImageDecoderTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names() => ImagingFixtures.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Load_FixtureImage_MatchesOpenCv(string asset)
    {
        var entry = ImagingFixtures.Get(asset);
        var expected = ImagingFixtures.LoadImage(entry.Decoded);
        var actual = ImageDecoder.Load(Fixtures.Asset("images/" + asset));
        var (max, mean) = ImagingFixtures.Diff(expected, actual);
        output.WriteLine($"{asset}: max {max}, mean {mean:F4}");
        if (entry.IsJpeg)
        {
            Assert.True(max <= 4, $"{asset}: max |diff| {max} > 4");
            Assert.True(mean <= 0.5, $"{asset}: mean |diff| {mean} > 0.5");
        }
        else
        {
            Assert.Equal(0, max);
        }
    }
}
