using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class ImageGridTests
{
    [Fact]
    public void Tile_FiveTilesInTwoByThree_LeavesLastCellWhite()
    {
        var tiles = Enumerable.Range(0, 5).Select(i => RgbImage.Filled(80, 30, new Rgb((byte)(i * 40), 0, 0))).ToList();
        var grid = ImageGrid.Tile(tiles, 2, 3, tiles.Select((_, i) => (string?)$"channel: {i}").ToList());
        Assert.Equal((240, 60), (grid.Width, grid.Height));
        Assert.Equal(new Rgb(160, 0, 0), grid[150, 55]); // tile 4 (row 1, column 1), below its caption
        Assert.Equal(Rgb.White, grid[200, 45]);          // empty sixth cell
        Assert.Equal(Rgb.White, grid[1, 1]);             // caption box of tile 0 (a black tile)
        Assert.Equal(Rgb.Black, grid[70, 25]);           // tile 0 outside its caption
    }

    [Fact]
    public void Horizontal_WithCaptions_AddsBarAndPadsShorterPanel()
    {
        var a = RgbImage.Filled(5, 4, Rgb.Black);
        var b = RgbImage.Filled(3, 2, new Rgb(9, 9, 9));
        var joined = ImageGrid.Horizontal([a, b], ["a", "b"]);
        int bar = Draw.MeasureTextBox("Xg", Draw.TextSizeFor(5, 4)).Height;
        Assert.Equal((8, 4 + bar), (joined.Width, joined.Height));
        Assert.Equal(new Rgb(9, 9, 9), joined[5, bar]);
        Assert.Equal(Rgb.White, joined[7, bar + 3]);
    }

    [Fact]
    public void Vertical_WithoutCaptions_StacksExactly()
    {
        var a = RgbImage.Filled(4, 2, Rgb.Black);
        var b = RgbImage.Filled(4, 3, new Rgb(1, 1, 1));
        var joined = ImageGrid.Vertical([a, b]);
        Assert.Equal((4, 5), (joined.Width, joined.Height));
        Assert.Equal(new Rgb(1, 1, 1), joined[0, 2]);
    }

    [Fact]
    public void Tile_GapAndCaptionBars_SeparatesTilesAndKeepsThemWhole()
    {
        var tiles = new RgbImage?[] { RgbImage.Filled(50, 40, Rgb.Black), null, RgbImage.Filled(50, 40, new Rgb(0, 0, 255)) };
        var grid = ImageGrid.Tile(tiles, 2, 2, ["a long caption that cannot fit in fifty pixels", null, "c"], gap: 3, captionBars: true);
        int bar = Draw.MeasureTextBox("Xg", Draw.TextSizeFor(50, 40)).Height;
        Assert.Equal((2 * 50 + 3, 2 * (bar + 40) + 3), (grid.Width, grid.Height));
        Assert.Equal(Rgb.Black, grid[0, bar]);                          // tile 0 whole below its bar
        Assert.Equal(Rgb.Black, grid[49, bar + 39]);
        Assert.Equal(Rgb.White, grid[51, bar + 10]);                    // the gap, then the empty cell
        Assert.Equal(Rgb.White, grid[75, bar + 10]);
        Assert.Equal(new Rgb(0, 0, 255), grid[0, 2 * bar + 43]);       // tile 2 in the second row
        for (int x = 50; x < 53; x++) Assert.Equal(Rgb.White, grid[x, 1]);   // the long caption was cut to its cell
    }

    [Fact]
    public void Tile_AllTilesNull_Throws() =>
        Assert.Throws<ArgumentException>(() => ImageGrid.Tile(new RgbImage?[] { null }, 1, 1));
}
