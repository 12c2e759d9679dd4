using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ReduceProdTests
{
    [Fact]
    public void Forward_Axis1_MatchesNumPy()
    {
        var y = OpTester.Run("ReduceProd", [ReduceNormsTests.Matrix()], new Attributes().Set("axes", new[] { -1 }), opset: 17)[0];
        Assert.Equal([3, 1], y.Shape);
        Assert.Equal([-3f, 24f, 0f], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Int64Shape_GivesElementCount()
    {
        var y = OpTester.Run("ReduceProd", [Tensor.Vector(2, 3, 7)], new Attributes().Set("keepdims", 0), opset: 13)[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Empty(y.Shape);
        Assert.Equal([42L], y.Longs.ToArray());
    }

    [Fact]
    public void Backward_OneZero_OnlyTheZeroGetsTheProductOfOthers()
    {
        var op = OpTester.Create("ReduceProd", 2, opset: 18);
        var x = Tensor.FromFloats([2, 0, 3, 0, 0, 5], 2, 3);
        var axes = Tensor.Vector(1);
        var y = OpTester.Run(op, [x, axes]);
        var ctx = new BackwardContext([x, axes], [new TensorInfo(DataType.Float32, [2, 3]), new TensorInfo(DataType.Int64, [1])], y, [Tensor.FromFloats([1, 1], 2, 1)], [true, false]);
        op.Backward(ctx);
        // Row 0 has one zero: d/dx1 = 2·3. Row 1 has two zeros: every partial product holds a zero.
        Assert.Equal([0f, 6, 0, 0, 0, 0], ctx.InputGrads[0]!.Floats.ToArray());
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 0, 2 })]
    [InlineData(new int[0])]
    public void Backward_Random_MatchesFiniteDifferences(int[] axes)
    {
        var op = OpTester.Create("ReduceProd", 2, opset: 18);
        var x = ElementwiseTesting.RandomAway(new Random(axes.Length + 3), [2, 3, 2], -1.5f, 1.5f, kinks: [0], margin: 0.3f);
        ElementwiseTesting.CheckGradient(op, [x, Tensor.Vector(axes.Select(a => (long)a).ToArray())], [0]);
    }
}
