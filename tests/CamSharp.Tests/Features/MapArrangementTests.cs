using CamSharp.Features;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class MapArrangementTests
{
    [Theory]
    [InlineData(1, 10, 10)]
    [InlineData(3, 24, 24)]
    [InlineData(5, 24, 38)]
    public void Arrange_NMaps_TwoPerRowKeepingEveryMap(int n, int width, int height)
    {
        var panels = Enumerable.Range(0, n).Select(i => RgbImage.Filled(10, 10, new Rgb((byte)(10 * i + 1), 0, 0))).ToArray();
        var grid = MapArrangement.Arrange(panels);
        Assert.Equal((width, height), (grid.Width, grid.Height));
        var last = n - 1;
        Assert.Equal(panels[last][0, 0], grid[last % 2 * 14 + 5, last / 2 * 14 + 5]);   // 4-pixel gaps
    }

    [Fact]
    public void Arrange_CaptionedTiles_LayerCaptionAboveDoesNotCoverTileCaption()
    {
        // A top-k panel has its own "channel: i" caption in its corner; the layer's goes in a bar above.
        var tile = RgbImage.Filled(120, 120, new Rgb(0, 0, 200));
        Draw.Label(tile, "channel: 7", 1, 1, Rgb.White, 12);
        var grid = MapArrangement.Arrange([tile, tile], ["model.4", "model.9"]);
        int bar = Draw.MeasureTextBox("Xg", Draw.TextSizeFor(120, 120)).Height;
        Assert.Equal((2 * 120 + 4, bar + 120), (grid.Width, grid.Height));
        for (int y = 0; y < 120; y++)
            for (int x = 0; x < 120; x++)
                Assert.Equal(tile[x, y], grid[x, bar + y]);
        Assert.Contains(Enumerable.Range(0, bar * 120), i => grid[i % 120, i / 120].R < 128);   // the bar holds the layer's caption
    }
}
