using CamSharp.Imaging;
using CamSharp.Imaging.Resize;
using Xunit;

namespace CamSharp.Tests.Imaging.Resize;

public class AlignCornersResizerTests
{
    [Theory]
    [InlineData(13, 13, 224, 224)]
    [InlineData(7, 5, 30, 41)]
    [InlineData(1, 1, 8, 8)]
    public void Resize_ReusedForManyMaps_MatchesResizeAlignCorners(int sw, int sh, int dw, int dh)
    {
        var rng = new Random(18);
        var resizer = new AlignCornersResizer(sw, sh, dw, dh);
        var destination = new float[dw * dh];
        for (int map = 0; map < 3; map++)
        {
            var source = Enumerable.Range(0, sw * sh).Select(_ => (float)rng.NextDouble()).ToArray();
            resizer.Resize(source, destination);
            var expected = ImageResize.ResizeAlignCorners(new FloatMap(sw, sh, source), dw, dh).Data;
            Assert.Equal(expected, destination);
        }
    }

    [Fact]
    public void Resize_WrongSourceLength_Throws()
    {
        var resizer = new AlignCornersResizer(4, 4, 8, 8);
        Assert.Throws<ArgumentException>(() => resizer.Resize(new float[15], new float[64]));
    }
}
