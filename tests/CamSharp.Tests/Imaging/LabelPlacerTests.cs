using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class LabelPlacerTests
{
    [Fact]
    public void Place_RoomAbove_LabelSitsOnTheBoxTopEdge()
    {
        var spots = LabelPlacer.Place(200, 200, [(new PixelRect(50, 80, 150, 150), (60, 20))]);
        Assert.Equal(new PixelRect(50, 60, 110, 80), spots[0]);
    }

    [Fact]
    public void Place_BoxAtTopEdge_LabelMovesInside()
    {
        var spots = LabelPlacer.Place(200, 200, [(new PixelRect(10, 0, 150, 150), (60, 20))]);
        Assert.Equal(new PixelRect(10, 0, 70, 20), spots[0]);
    }

    [Fact]
    public void Place_BoxAtRightEdge_LabelPulledInsideImage()
    {
        var spots = LabelPlacer.Place(100, 100, [(new PixelRect(80, 50, 100, 90), (60, 20))]);
        Assert.Equal(new PixelRect(40, 30, 100, 50), spots[0]);
    }

    [Fact]
    public void Place_ManyBoxesSameCorner_NoTwoLabelsOverlapAllInside()
    {
        var labels = Enumerable.Range(0, 8).Select(i => (new PixelRect(100 + i, 100 + i, 220, 220), (70, 18))).ToArray();
        var spots = LabelPlacer.Place(320, 320, labels);
        for (int i = 0; i < spots.Length; i++)
        {
            Assert.InRange(spots[i].X0, 0, 320 - 70);
            Assert.InRange(spots[i].Y0, 0, 320 - 18);
            for (int j = 0; j < i; j++) Assert.False(spots[i].Overlaps(spots[j]), $"labels {j} and {i} overlap: {spots[j]} {spots[i]}");
        }
        Assert.Equal(new PixelRect(100, 82, 170, 100), spots[0]);   // the first keeps the best spot
    }

    [Fact]
    public void Place_NoRoomAnywhere_TakesTheLeastCoveredSpot()
    {
        // A 40×20 image fits one 40×20 label; the second must cover it, and does so once.
        var spots = LabelPlacer.Place(40, 20, [(new PixelRect(0, 0, 40, 20), (40, 20)), (new PixelRect(0, 0, 40, 20), (40, 20))]);
        Assert.Equal(new PixelRect(0, 0, 40, 20), spots[1]);
    }
}
