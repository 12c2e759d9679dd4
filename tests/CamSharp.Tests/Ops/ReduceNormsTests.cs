using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ReduceNormsTests
{
    /// <summary>A 3×4 matrix with mixed signs (expectations computed with NumPy).</summary>
    internal static Tensor Matrix() => Tensor.FromFloats([1, -2, 3, 0.5f, 4, -1, -3, 2, 0, 2, -0.5f, 1.5f], 3, 4);

    [Fact]
    public void ReduceL1_Opset17AxesAttribute_SumsMagnitudes()
    {
        var y = OpTester.Run("ReduceL1", [Matrix()], new Attributes().Set("axes", new[] { 1 }).Set("keepdims", 0), opset: 17)[0];
        Assert.Equal([3], y.Shape);
        OpTester.AssertClose(y.Floats, [6.5f, 10f, 4f]);
    }

    [Fact]
    public void ReduceL2_Opset18AxesInput_KeepsDims()
    {
        var y = OpTester.Run("ReduceL2", [Matrix(), Tensor.Vector(0)], opset: 18)[0];
        Assert.Equal([1, 4], y.Shape);
        OpTester.AssertClose(y.Floats, [4.1231056f, 3f, 4.2720019f, 2.5495098f]);
    }

    [Fact]
    public void ReduceSumSquare_NoAxes_ReducesEverything()
    {
        var y = OpTester.Run("ReduceSumSquare", [Matrix()], opset: 18)[0];
        Assert.Equal([1, 1], y.Shape);
        OpTester.AssertClose(y.Floats, [50.75f]);
    }

    [Fact]
    public void ReduceSumSquare_EmptyAxesWithNoop_SquaresOnly()
    {
        var y = OpTester.Run("ReduceSumSquare", [Matrix(), Tensor.FromLongs([], 0)], new Attributes().Set("noop_with_empty_axes", 1), opset: 18)[0];
        Assert.Equal([3, 4], y.Shape);
        OpTester.AssertClose(y.Floats, Matrix().ToFloatArray().Select(v => v * v).ToArray());
    }

    [Fact]
    public void ReduceL2_Opset18WithoutAxesInput_ReducesEverything()
    {
        // From opset 18 the axes come from the input: without it, everything is reduced.
        var y = OpTester.Run("ReduceL2", [Matrix()], opset: 18)[0];
        OpTester.AssertClose(y.Floats, [MathF.Sqrt(50.75f)]);
    }

    [Fact]
    public void Int64_L1AndSumSquare_Supported_L2Refused()
    {
        var x = Tensor.FromLongs([1, -2, 3, -4], 2, 2);
        var l1 = OpTester.Run("ReduceL1", [x, Tensor.Vector(1)], opset: 18)[0];
        Assert.Equal([3L, 7], l1.Longs.ToArray());
        var ss = OpTester.Run("ReduceSumSquare", [x, Tensor.Vector(0)], new Attributes().Set("keepdims", 0), opset: 18)[0];
        Assert.Equal([10L, 20], ss.Longs.ToArray());
        var e = Assert.Throws<ModelException>(() => OpTester.Run("ReduceL2", [x], opset: 18));
        Assert.Contains("/test/ReduceL2", e.Message);
        Assert.Contains("Float32", e.Message);
    }

    [Fact]
    public void ReduceL2_AllZeroGroup_GradientIsZero()
    {
        var op = OpTester.Create("ReduceL2", 2, opset: 18);
        var x = Tensor.FromFloats([0, 0, 3, 4], 2, 2);
        var axes = Tensor.Vector(1);
        var y = OpTester.Run(op, [x, axes]);
        Assert.Equal([0f, 5f], y[0].Floats.ToArray());
        var ctx = new BackwardContext([x, axes], [new TensorInfo(DataType.Float32, [2, 2]), new TensorInfo(DataType.Int64, [1])], y, [Tensor.FromFloats([1, 1], 2, 1)], [true, false]);
        op.Backward(ctx);
        OpTester.AssertClose(ctx.InputGrads[0]!.Floats, [0f, 0, 0.6f, 0.8f]);
    }

    [Theory]
    [InlineData("ReduceL1", new[] { 1 })]
    [InlineData("ReduceL1", new[] { 0, 2 })]
    [InlineData("ReduceL2", new[] { 2 })]
    [InlineData("ReduceL2", new[] { 0, 2 })]
    [InlineData("ReduceSumSquare", new[] { 1, 2 })]
    [InlineData("ReduceSumSquare", new[] { 0 })]
    public void Backward_Random_MatchesFiniteDifferences(string opType, int[] axes)
    {
        var op = OpTester.Create(opType, 2, opset: 18);
        var x = ElementwiseTesting.RandomAway(new Random(axes.Sum()), [2, 3, 4], -2, 2, kinks: [0]);
        ElementwiseTesting.CheckGradient(op, [x, Tensor.Vector(axes.Select(a => (long)a).ToArray())], [0]);
    }
}
