using CamSharp.Features;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class MapArrangementTests
{
    [Theory]
    [InlineData(1, 10, 10)]
    [InlineData(3, 20, 20)]
    [InlineData(5, 20, 30)]
    public void Arrange_NMaps_TwoPerRowKeepingEveryMap(int n, int width, int height)
    {
        var panels = Enumerable.Range(0, n).Select(i => RgbImage.Filled(10, 10, new Rgb((byte)(10 * i + 1), 0, 0))).ToArray();
        var grid = MapArrangement.Arrange(panels);
        Assert.Equal((width, height), (grid.Width, grid.Height));
        var last = n - 1;
        Assert.Equal(panels[last][0, 0], grid[last % 2 * 10 + 5, last / 2 * 10 + 5]);
    }
}
