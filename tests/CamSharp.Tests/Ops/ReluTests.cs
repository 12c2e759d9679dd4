using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ReluTests
{
    [Fact]
    public void Relu_Forward_ZeroesNegativesKeepsNaN()
    {
        var y = Run1("Relu", [Tensor.FromFloats([-2, -0.5f, 0, 0.5f, 3, float.NaN], 6)]);
        Assert.Equal([0f, 0, 0, 0.5f, 3], y.Floats[..5].ToArray());
        Assert.True(float.IsNaN(y.Floats[5]));
    }

    [Fact]
    public void Relu_Int64_ClampsNegatives()
    {
        var y = Run1("Relu", [Tensor.FromLongs([-3, 0, 4], 3)]);
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([0L, 0, 4], y.Longs.ToArray());
    }

    [Fact]
    public void Relu_Backward_MatchesFiniteDifferencesFromOutputOnly()
    {
        var op = OpTester.Create("Relu", 1);
        Assert.Equal(BackwardNeeds.Outputs, op.Needs);
        CheckGradient(op, [RandomAway(new Random(1), [3, 5, 7], kinks: [0])], [0]);
    }

    [Fact]
    public void Relu_Backward_AtZero_GivesZero()
    {
        var op = OpTester.Create("Relu", 1);
        var x = Tensor.FromFloats([0f, 1f], 2);
        var outputs = OpTester.Run(op, [x]);
        var ctx = new BackwardContext([x], [new TensorInfo(DataType.Float32, [2])], outputs, [Tensor.FromFloats([5f, 5f], 2)], [true]);
        op.Backward(ctx);
        Assert.Equal([0f, 5f], ctx.InputGrads[0]!.Floats.ToArray());
    }

    [Fact]
    public void Relu_NoOutputGradient_ZeroGradient() =>
        AssertZeroGradWithoutOutputGrad(OpTester.Create("Relu", 1), [Tensor.FromFloats([1, -1], 2)], [0]);

    [Fact]
    public void Relu_BoolInput_ErrorNamesNodeAndType()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Relu", [Tensor.FromBools([true], 1)]));
        Assert.Contains("/test/Relu", e.Message);
        Assert.Contains("Bool", e.Message);
    }

    [Theory]
    [InlineData(null, new[] { -0.02f, 3f })]
    [InlineData(0.2f, new[] { -0.4f, 3f })]
    public void LeakyRelu_Forward_ScalesNegatives(float? alpha, float[] expected)
    {
        var attrs = new Attributes();
        if (alpha is { } a) attrs.Set("alpha", a);
        var y = Run1("LeakyRelu", [Tensor.FromFloats([-2, 3], 2)], attrs);
        OpTester.AssertClose(y.Floats, expected, 1e-7);
    }

    [Theory]
    [InlineData(0.01f)]
    [InlineData(0.3f)]
    [InlineData(-0.5f)]
    public void LeakyRelu_Backward_MatchesFiniteDifferences(float alpha)
    {
        var op = OpTester.Create("LeakyRelu", 1, attrs: new Attributes().Set("alpha", alpha));
        CheckGradient(op, [RandomAway(new Random(2), [4, 9], kinks: [0])], [0]);
    }

    [Theory]
    [InlineData(1f, -0.63212055882855767)]
    [InlineData(2f, -1.2642411176571153)]
    public void Elu_Forward_ExponentialBelowZero(float alpha, double atMinusOne)
    {
        var y = Run1("Elu", [Tensor.FromFloats([-1, 0, 2, 100], 4)], new Attributes().Set("alpha", alpha));
        OpTester.AssertClose(y.Floats, [(float)atMinusOne, 0, 2, 100], 1e-6);
    }

    [Fact]
    public void Elu_DefaultAlpha_IsOne()
    {
        var y = Run1("Elu", [Tensor.FromFloats([-1], 1)]);
        OpTester.AssertClose(y.Floats, [-0.63212055882855767f], 1e-6);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    public void Elu_Backward_MatchesFiniteDifferences(float alpha)
    {
        var op = OpTester.Create("Elu", 1, attrs: new Attributes().Set("alpha", alpha));
        CheckGradient(op, [RandomAway(new Random(3), [2, 3, 11], lo: -3, hi: 2, kinks: [0])], [0]);
    }
}
