using CamSharp.Explain.Metrics;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

public sealed class PointingGameTests
{
    private static readonly (double, double, double, double)[] Box = [(10, 20, 30, 40)];  // pixels x 10..29, y 20..39

    [Theory]
    [InlineData(10, 20, 0, true)]    // the box's first pixel
    [InlineData(29, 39, 0, true)]    // its last pixel
    [InlineData(30, 39, 0, false)]   // x1 is exclusive
    [InlineData(9, 25, 0, false)]
    [InlineData(9, 25, 1.5, true)]   // one pixel left of the box
    [InlineData(30, 45, 7, true)]    // nearest box pixel (29, 39): distance² 1 + 36 = 37 < 49
    [InlineData(30, 45, 6, false)]   // 37 ≥ 36
    [InlineData(25, 54, 15, false)]  // 15 rows below the last row: distance 15 is not < 15
    [InlineData(25, 53, 15, true)]
    public void Hit_PointAndTolerance(double x, double y, double tolerance, bool expected) =>
        Assert.Equal(expected, PointingGame.Hit(x, y, Box, tolerance));

    [Fact]
    public void Hit_FractionalPoint_ToleranceZeroUsesThePixelItFallsIn()
    {
        Assert.True(PointingGame.Hit(9.6, 25, Box, 0));
        Assert.False(PointingGame.Hit(9.4, 25, Box, 0));
    }

    [Fact]
    public void MaxPoint_TiesTakeTheFirstInRowMajorOrder()
    {
        float[] map = [0, 1, 0, 1, 0, 0];
        Assert.Equal((1, 0), PointingGame.MaxPoint(map, 3));
    }

    [Fact]
    public void Hit_SeveralBoxes_AnyCounts()
    {
        float[] map = new float[100];
        map[7 * 10 + 8] = 1;
        Assert.True(PointingGame.Hit(map, 10, [(0, 0, 2, 2), (8, 7, 9, 8)], 0));
        Assert.False(PointingGame.Hit(map, 10, [(0, 0, 2, 2)], 0));
    }
}
