using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class DynamicQuantizeLinearTests
{
    [Theory]
    [InlineData(new float[] { 0, 2, -3, -2.5f, 1.34f, 0.5f }, 0.019607844f, 153, new long[] { 153, 255, 0, 26, 221, 179 })]
    [InlineData(new float[] { -1, -2.1f, -1.3f, -2.5f, -3.34f, -4 }, 0.015686275f, 255, new long[] { 191, 121, 172, 96, 42, 0 })]
    [InlineData(new float[] { 1, 2.1f, 1.3f, 2.5f, 3.34f, 4 }, 0.015686275f, 0, new long[] { 64, 134, 83, 159, 213, 255 })]
    public void Forward_SpecExamples_MatchScaleZeroPointAndData(float[] x, float scale, long zeroPoint, long[] expected)
    {
        var y = OpTester.Run("DynamicQuantizeLinear", [Floats(x, x.Length)], outputCount: 3);
        Assert.Equal(expected, y[0].Longs.ToArray());
        Assert.Equal(scale, y[1].Floats[0]);
        Assert.Empty(y[1].Shape);
        Assert.Equal(zeroPoint, y[2].Longs[0]);
    }

    [Fact]
    public void Forward_AllZeros_UsesScaleOne()
    {
        var y = OpTester.Run("DynamicQuantizeLinear", [Floats([0, 0, 0], 3)], outputCount: 3);
        Assert.Equal(1f, y[1].Floats[0]);
        Assert.Equal(0, y[2].Longs[0]);
        Assert.Equal(new long[] { 0, 0, 0 }, y[0].Longs.ToArray());
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfFloatPath()
    {
        var x = OpTester.RandomTensor(new Random(8), 3, 5);
        var op = OpTester.Create("DynamicQuantizeLinear", 1, outputCount: 3);
        var outputs = OpTester.Run(op, [x]);
        float scale = outputs[1].Floats[0];
        long zeroPoint = outputs[2].Longs[0];
        // The scale and zero point are held fixed: the float path is x / scale + zero point.
        CheckStraightThrough(op, [x], 0, v => v.Select(a => a / scale + zeroPoint).ToArray());
    }
}
