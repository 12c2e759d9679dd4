using CamSharp.Explain.Metrics;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

public sealed class RoadMaskTests
{
    [Theory]
    [InlineData(9216, 10, 922)]   // numpy's position 921.5 → the 922 values below it
    [InlineData(9216, 20, 1843)]  // position 1843 (1843.0000000000002 in double) → 1843
    [InlineData(9216, 90, 8294)]
    [InlineData(5, 50, 2)]
    [InlineData(5, 100, 4)]
    public void KeptCount_IsPixelsBelowNumpysPercentilePosition(int pixels, double percentile, int expected) =>
        Assert.Equal(expected, RoadMask.KeptCount(pixels, percentile));

    [Fact]
    public void KeptCount_MatchesStrictlyBelowPercentileOnDistinctValues()
    {
        // pytorch-grad-cam's rule on tie-free values: keep v < percentile(v, p) (numpy linear interpolation).
        var rng = new Random(1);
        var values = Enumerable.Range(0, 1001).Select(_ => rng.NextDouble()).ToArray();
        var sorted = values.Order().ToArray();
        foreach (double p in new[] { 10.0, 25, 33.3, 50, 75, 90 })
        {
            double position = p / 100 * (values.Length - 1);
            int lo = (int)Math.Floor(position);
            double threshold = sorted[lo] + (position - lo) * (sorted[Math.Min(lo + 1, sorted.Length - 1)] - sorted[lo]);
            Assert.Equal(values.Count(v => v < threshold), RoadMask.KeptCount(values.Length, p));
        }
    }

    [Fact]
    public void Keep_MostRelevantFirst_KeepsLowestValuesAndBreaksTiesInPixelOrder()
    {
        // Half the map is 0: pytorch-grad-cam's "v < percentile" would keep nothing at p = 30.
        float[] map = [0, 0, 0, 0, 0, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f];
        var keep = RoadMask.Keep(map, 30, mostRelevantFirst: true);
        Assert.Equal([true, true, true, false, false, false, false, false, false, false], keep);
    }

    [Fact]
    public void Keep_LeastRelevantFirst_KeepsHighestValues()
    {
        float[] map = [0.1f, 0.9f, 0.3f, 0.8f, 0.5f];
        var keep = RoadMask.Keep(map, 50, mostRelevantFirst: false);
        Assert.Equal([false, true, false, true, false], keep);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(101)]
    public void KeptCount_PercentileOutOfRange_Throws(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RoadMask.KeptCount(100, percentile));
}
