using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>The phase split's geometry and its inverse; the vector paths against the scalar twin are in tests/CamSharp.KernelChecks.</summary>
public sealed class PhaseSplitTests
{
    [Theory]
    [InlineData(1, 1, 2, 2)]
    [InlineData(2, 3, 6, 38)]     // half width 19: one 16-wide vector and a tail
    [InlineData(1, 2, 4, 416)]
    public void Merge_AfterSplit_GivesInputBack(int batch, int channels, int height, int width)
    {
        var g = new PhaseGeometry(batch, channels, height, width, [0, 2, 1, 3]);
        var x = Enumerable.Range(0, batch * channels * height * width).Select(i => (float)i).ToArray();
        var y = new float[x.Length];
        var back = new float[x.Length];
        // In two halves, as the parallel chunks run it.
        PhaseSplit.Split(x, y, g, 0, g.Rows / 2);
        PhaseSplit.Split(x, y, g, g.Rows / 2, g.Rows);
        PhaseSplit.Merge(y, back, g, 0, g.Rows);
        Assert.Equal(x, back);
        // Block 1 (phase 2: odd rows, even columns) starts with pixel (1, 0) of channel 0.
        Assert.Equal(x[width], y[channels * (height / 2) * (width / 2)]);
    }

    [Theory]
    [InlineData(3, 4, new[] { 0, 1, 2, 3 }, "even H and W")]
    [InlineData(2, 5, new[] { 0, 1, 2, 3 }, "even H and W")]
    [InlineData(2, 4, new[] { 0, 1, 1, 3 }, "0, 1, 2, 3 in some order")]
    [InlineData(2, 4, new[] { 0, 1, 2 }, "4 phases")]
    [InlineData(2, 4, new[] { 0, 1, 2, 4 }, "0, 1, 2, 3 in some order")]
    public void Geometry_BadShapeOrPhases_Throws(int height, int width, int[] phases, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => new PhaseGeometry(1, 1, height, width, phases)).Message);

    [Fact]
    public void Split_ShortBufferOrRowsOutOfRange_Throws()
    {
        var g = new PhaseGeometry(1, 1, 2, 4, [0, 1, 2, 3]);
        Assert.Throws<ArgumentException>(() => PhaseSplit.Split(new float[8], new float[7], g, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhaseSplit.Merge(new float[8], new float[8], g, 0, 2));
    }
}
