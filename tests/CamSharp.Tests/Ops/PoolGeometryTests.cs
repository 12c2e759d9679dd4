using CamSharp.Engine;
using CamSharp.Ops;
using Xunit;

namespace CamSharp.Tests.Ops;

public class PoolGeometryTests
{
    [Theory]
    [InlineData(6, 0, 0, 3, 2, false, 2)]
    [InlineData(6, 0, 0, 3, 2, true, 3)]
    [InlineData(55, 0, 0, 3, 2, true, 27)] // squeezenet: (55 − 3) / 2 + 1, no partial window
    [InlineData(5, 1, 1, 2, 2, true, 3)]   // a 4th window would start in the end padding
    [InlineData(2, 0, 0, 3, 1, false, 0)]  // kernel larger than the input
    public void OutputSize_FloorAndCeilModes_MatchPyTorch(int input, int padBegin, int padEnd, int extent, int stride, bool ceil, int expected)
    {
        Assert.Equal(expected, PoolAttributes.OutputSize(input, padBegin, padEnd, extent, stride, ceil));
    }

    [Fact]
    public void Resolve_TwoSpatialDims_TablesClipTapsToTheInput()
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 3, 3 }).Set("strides", new[] { 2, 2 }).Set("pads", new[] { 1, 1, 1, 1 });
        var g = new PoolAttributes(new Node("p", "MaxPool", ["x"], ["y"], attrs)).Resolve([1, 2, 5, 4]);
        Assert.Equal([1, 2, 3, 2], g.OutputShape);
        Assert.Equal(2, g.Planes);
        // Width 4, pad 1: windows start at −1 and 1; the first loses tap 0 to the padding, the second fits.
        Assert.Equal([-1, 1], g.Start[2]);
        Assert.Equal([1, 0], g.First[2]);
        Assert.Equal([3, 3], g.Last[2]);
        Assert.Equal([3, 3], g.PaddedLast[2]);
        // The unused leading (depth) dim is a single unit tap.
        Assert.Equal([0], g.First[0]);
        Assert.Equal([1], g.Last[0]);
    }

    [Fact]
    public void Constructor_NegativePads_ThrowsNamingTheNode()
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 2 }).Set("pads", new[] { -1, 0 });
        var e = Assert.Throws<ModelException>(() => new PoolAttributes(new Node("pool1", "AveragePool", ["x"], ["y"], attrs)));
        Assert.Contains("pool1", e.Message);
        Assert.Contains("pads", e.Message);
    }
}
