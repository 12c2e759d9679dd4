using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class CumSumTests
{
    private static readonly Tensor Vector = Tensor.FromFloats([1, 2, 3, 4, 5], 5);

    [Theory]
    [InlineData(0, 0, new[] { 1f, 3, 6, 10, 15 })]
    [InlineData(1, 0, new[] { 0f, 1, 3, 6, 10 })]
    [InlineData(0, 1, new[] { 15f, 14, 12, 9, 5 })]
    [InlineData(1, 1, new[] { 14f, 12, 9, 5, 0 })]
    public void Forward_ExclusiveReverse_MatchSpecExamples(int exclusive, int reverse, float[] expected)
    {
        var y = Run1("CumSum", [Vector, Tensor.ScalarLong(0)], new Attributes().Set("exclusive", exclusive).Set("reverse", reverse), opset: 14);
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Int64NegativeAxis_SumsRows()
    {
        var y = Run1("CumSum", [Tensor.FromLongs([1, 2, 3, 4, 5, 6], 2, 3), Tensor.Vector(-1)], opset: 14);
        Assert.Equal([1L, 3, 6, 4, 9, 15], y.Longs.ToArray());
    }

    [Fact]
    public void Forward_Axis0_SumsColumns()
    {
        var y = Run1("CumSum", [Tensor.FromFloats([1, 2, 3, 4, 5, 6], 2, 3), Tensor.ScalarLong(0)], opset: 14);
        Assert.Equal([1f, 2, 3, 5, 7, 9], y.Floats.ToArray());
    }

    [Fact]
    public void Infer_AxisOutOfRange_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => Run1("CumSum", [Vector, Tensor.ScalarLong(1)], opset: 14));
        Assert.Contains("/test/CumSum", e.Message);
        Assert.Contains("axis 1", e.Message);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(1, 0, 2)]
    [InlineData(0, 1, 0)]
    [InlineData(1, 1, 1)]
    public void Backward_Random_MatchesFiniteDifferences(int exclusive, int reverse, int axis)
    {
        var op = OpTester.Create("CumSum", 2, attrs: new Attributes().Set("exclusive", exclusive).Set("reverse", reverse), opset: 14);
        CheckGradient(op, [OpTester.RandomTensor(new Random(axis + 2 * reverse), 2, 3, 4), Tensor.ScalarLong(axis)], [0]);
    }
}
