using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class UnaryMathTests
{
    [Theory]
    [InlineData("Sqrt", new[] { 0f, 1, 4, 2 }, new[] { 0f, 1, 2, 1.41421356f })]
    [InlineData("Exp", new[] { 0f, 1, -1, 2 }, new[] { 1f, 2.71828183f, 0.36787944f, 7.3890561f })]
    [InlineData("Log", new[] { 1f, 2.71828183f, 0.5f, 10 }, new[] { 0f, 1, -0.69314718f, 2.30258509f })]
    [InlineData("Reciprocal", new[] { 1f, 2, -4, 0.5f }, new[] { 1f, 0.5f, -0.25f, 2 })]
    [InlineData("Neg", new[] { 1f, -2, 0, 3.5f }, new[] { -1f, 2, 0, -3.5f })]
    [InlineData("Abs", new[] { 1f, -2, 0, -3.5f }, new[] { 1f, 2, 0, 3.5f })]
    [InlineData("Floor", new[] { 1.5f, -1.5f, 2, -0.2f }, new[] { 1f, -2, 2, -1 })]
    [InlineData("Ceil", new[] { 1.5f, -1.5f, 2, -0.2f }, new[] { 2f, -1, 2, 0 })]
    [InlineData("Round", new[] { 0.5f, 1.5f, 2.5f, -1.5f, -2.5f, 2.4f, -2.6f, 3.5f }, new[] { 0f, 2, 2, -2, -2, 2, -3, 4 })]
    public void Forward_KnownValues(string opType, float[] x, float[] expected)
    {
        var y = Run1(opType, [Tensor.FromFloats(x, x.Length)]);
        OpTester.AssertClose(y.Floats, expected, 1e-6);
    }

    [Theory]
    [InlineData("Sqrt", BackwardNeeds.Outputs, 0.3f, 3f)]
    [InlineData("Exp", BackwardNeeds.Outputs, -2f, 2f)]
    [InlineData("Log", BackwardNeeds.Inputs, 0.3f, 3f)]
    [InlineData("Reciprocal", BackwardNeeds.Outputs, 0.5f, 2f)]
    [InlineData("Reciprocal", BackwardNeeds.Outputs, -2f, -0.5f)]
    [InlineData("Neg", BackwardNeeds.None, -2f, 2f)]
    [InlineData("Abs", BackwardNeeds.Inputs, -2f, 2f)]
    public void Backward_MatchesFiniteDifferences(string opType, BackwardNeeds needs, float lo, float hi)
    {
        var op = OpTester.Create(opType, 1);
        Assert.Equal(needs, op.Needs);
        CheckGradient(op, [RandomAway(new Random(opType.Length), [3, 4, 5], lo, hi, kinks: [0])], [0]);
    }

    [Theory]
    [InlineData("Floor")]
    [InlineData("Ceil")]
    [InlineData("Round")]
    public void Rounding_Backward_ZeroGradient(string opType)
    {
        var op = OpTester.Create(opType, 1);
        Assert.True(op.IsDifferentiable);
        Assert.Equal(BackwardNeeds.None, op.Needs);
        // Away from integers and halves the function is locally constant: finite differences are 0 too.
        CheckGradient(op, [RandomAway(new Random(9), [2, 9], -3, 3, kinks: [-3, -2.5f, -2, -1.5f, -1, -0.5f, 0, 0.5f, 1, 1.5f, 2, 2.5f, 3], margin: 0.03f)], [0]);
    }

    [Fact]
    public void Abs_BackwardAtZero_IsZero()
    {
        var op = OpTester.Create("Abs", 1);
        var x = Tensor.FromFloats([0f, -1f, 2f], 3);
        var ctx = new BackwardContext([x], [new TensorInfo(DataType.Float32, [3])], OpTester.Run(op, [x]), [Tensor.FromFloats([3, 3, 3], 3)], [true]);
        op.Backward(ctx);
        Assert.Equal([0f, -3, 3], ctx.InputGrads[0]!.Floats.ToArray());
    }

    [Fact]
    public void Neg_Int64_Negates()
    {
        var y = Run1("Neg", [Tensor.FromLongs([3, -4, 0], 3)]);
        Assert.Equal([-3L, 4, 0], y.Longs.ToArray());
    }

    [Fact]
    public void Abs_Int64_WrapsAtMinValue()
    {
        var y = Run1("Abs", [Tensor.FromLongs([-5, 7, long.MinValue], 3)]);
        Assert.Equal([5L, 7, long.MinValue], y.Longs.ToArray());
    }

    [Theory]
    [InlineData("Sqrt")]
    [InlineData("Exp")]
    [InlineData("Floor")]
    public void FloatOnly_Int64Input_Throws(string opType)
    {
        var e = Assert.Throws<ModelException>(() => Run1(opType, [Tensor.FromLongs([1], 1)]));
        Assert.Contains("Int64", e.Message);
    }

    [Fact]
    public void Exp_LargeTensor_MatchesScalarMath()
    {
        // Several parallel chunks and blocks.
        var x = RandomAway(new Random(10), [2, 50_000], -5, 5);
        var y = Run1("Exp", [x]);
        for (int i = 0; i < x.Length; i += 997) Assert.Equal(MathF.Exp(x.Floats[i]), y.Floats[i], 1e-5 * MathF.Exp(x.Floats[i]));
    }
}
