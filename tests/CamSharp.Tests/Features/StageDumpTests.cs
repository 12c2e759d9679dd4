using CamSharp.Features;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class StageDumpTests
{
    [Fact]
    public void ChannelGrid_TenChannels_EightPerRowViridisMinMax()
    {
        // 10 channels of 2x2 (enlarged to 64x64 tiles): each channel 0..3 scaled to 0..255 on its own.
        var data = new float[10 * 4];
        for (int c = 0; c < 10; c++) for (int i = 0; i < 4; i++) data[c * 4 + i] = c * 100 + i;
        var grid = StageDump.ChannelGrid(data, 10, 2, 2, 32);
        int step = 64 + StageDump.GapFor(64);
        Assert.Equal((8 * 64 + 7 * 3, 2 * 64 + 3), (grid.Width, grid.Height));   // 3-pixel gaps between tiles
        Assert.Equal(ColorMap.Viridis[0], grid[step + 1, step + 1]);        // channel 9, pixel (0, 0) = its min
        Assert.Equal(ColorMap.Viridis[255], grid[step + 63, step + 63]);    // channel 9, pixel (1, 1) = its max
        Assert.Equal(Rgb.White, grid[64, 10]);                              // the gap after channel 0
        Assert.Equal(Rgb.White, grid[step * 4 + 10, step + 10]);            // cell 12 is empty
    }

    [Fact]
    public void ChannelGrid_CountBelowChannels_ShowsOnlyFirstN()
    {
        var grid = StageDump.ChannelGrid(new float[6 * 9], 6, 3, 3, 2);
        Assert.Equal(2 * 66 + 3, grid.Width);   // 3x3 maps enlarged 22x, a 3-pixel gap
    }

    [Theory]
    [InlineData(1, 5, false)]
    [InlineData(5, 1, false)]
    [InlineData(2, 2, true)]
    public void IsDrawable_SizeOne_Skipped(int h, int w, bool expected) => Assert.Equal(expected, StageDump.IsDrawable(h, w));

    [Theory]
    [InlineData(20, 2)]
    [InlineData(64, 3)]
    [InlineData(320, 16)]
    public void GapFor_TileSide_AboutOneTwentiethAtLeastTwo(int side, int gap) => Assert.Equal(gap, StageDump.GapFor(side));

    [Fact]
    public void FileStem_StageAndType_UltralyticsName() => Assert.Equal("stage4_C2f_features", StageDump.FileStem(4, "C2f"));
}
