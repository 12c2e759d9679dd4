using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class SigmoidTests
{
    [Fact]
    public void Sigmoid_Forward_KnownValues()
    {
        var y = Run1("Sigmoid", [Tensor.FromFloats([0, 2, -2, 50, -50], 5)]);
        OpTester.AssertClose(y.Floats, [0.5f, 0.88079707797788f, 0.11920292202212f, 1f, 0f], 1e-6);
    }

    [Fact]
    public void Sigmoid_Backward_MatchesFiniteDifferencesFromOutputOnly()
    {
        var op = OpTester.Create("Sigmoid", 1);
        Assert.Equal(BackwardNeeds.Outputs, op.Needs);
        CheckGradient(op, [RandomAway(new Random(1), [5, 13], lo: -4, hi: 4)], [0]);
    }

    [Fact]
    public void Tanh_Forward_KnownValues()
    {
        var y = Run1("Tanh", [Tensor.FromFloats([0, 0.5f, -1], 3)]);
        OpTester.AssertClose(y.Floats, [0f, 0.46211715726001f, -0.76159415595576f], 1e-6);
    }

    [Fact]
    public void Tanh_Backward_MatchesFiniteDifferencesFromOutputOnly()
    {
        var op = OpTester.Create("Tanh", 1);
        Assert.Equal(BackwardNeeds.Outputs, op.Needs);
        CheckGradient(op, [RandomAway(new Random(2), [3, 17], lo: -2, hi: 2)], [0]);
    }

    [Fact]
    public void HardSigmoid_Defaults_AlphaPoint2BetaHalf()
    {
        var y = Run1("HardSigmoid", [Tensor.FromFloats([-3, 0, 1, 3], 4)]);
        OpTester.AssertClose(y.Floats, [0f, 0.5f, 0.7f, 1f], 1e-6);
    }

    [Fact]
    public void HardSigmoid_CustomAttributes_Used()
    {
        var attrs = new Attributes().Set("alpha", 1f / 6).Set("beta", 0.5f);
        var y = Run1("HardSigmoid", [Tensor.FromFloats([1.5f, -4], 2)], attrs);
        OpTester.AssertClose(y.Floats, [0.75f, 0f], 1e-6);
    }

    [Theory]
    [InlineData(0.2f, 0.5f, 2.5f)]
    [InlineData(1f / 6, 0.5f, 3f)]
    public void HardSigmoid_Backward_MatchesFiniteDifferences(float alpha, float beta, float kink)
    {
        var op = OpTester.Create("HardSigmoid", 1, attrs: new Attributes().Set("alpha", alpha).Set("beta", beta));
        Assert.Equal(BackwardNeeds.Outputs, op.Needs);
        CheckGradient(op, [RandomAway(new Random(3), [4, 11], lo: -5, hi: 5, kinks: [-kink, kink])], [0]);
    }

    [Fact]
    public void HardSwish_Forward_KnownValues()
    {
        var y = Run1("HardSwish", [Tensor.FromFloats([-4, -3, -1, 0, 1, 3, 4], 7)]);
        OpTester.AssertClose(y.Floats, [0f, 0, -1f / 3, 0, 2f / 3, 3, 4], 1e-6);
    }

    [Fact]
    public void HardSwish_Backward_MatchesFiniteDifferences() =>
        CheckGradient(OpTester.Create("HardSwish", 1), [RandomAway(new Random(4), [3, 19], lo: -5, hi: 5, kinks: [-3, 3])], [0]);

    [Fact]
    public void HardSwish_BackwardAtKinks_FollowsPyTorch()
    {
        var op = OpTester.Create("HardSwish", 1);
        var x = Tensor.FromFloats([-3.5f, -3, 3, 3.5f], 4);
        var outputs = OpTester.Run(op, [x]);
        var ctx = new BackwardContext([x], [new TensorInfo(DataType.Float32, [4])], outputs, [Tensor.FromFloats([1, 1, 1, 1], 4)], [true]);
        op.Backward(ctx);
        OpTester.AssertClose(ctx.InputGrads[0]!.Floats, [0f, -0.5f, 1.5f, 1f], 1e-6);
    }

    [Fact]
    public void Softplus_Forward_StableAtBothEnds()
    {
        var y = Run1("Softplus", [Tensor.FromFloats([0, 1, -30, 30, 100, -100], 6)]);
        OpTester.AssertClose(y.Floats[..5], [0.69314718055995f, 1.31326168751822f, 9.3576229688e-14f, 30f, 100f], 1e-6);
        Assert.InRange(y.Floats[2], 9.3576e-14f, 9.3577e-14f); // relative accuracy where ln(1 + eˣ) ≈ eˣ
        Assert.InRange(y.Floats[5], 0f, 1e-37f);
    }

    [Fact]
    public void Softplus_VectorAndTailPaths_Agree()
    {
        var x = RandomAway(new Random(5), [37], lo: -20, hi: 20);
        var y = Run1("Softplus", [x]);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(Math.Log(1 + Math.Exp(x.Floats[i])), y.Floats[i], 5e-6 * Math.Max(1, Math.Abs(y.Floats[i])));
    }

    [Fact]
    public void Softplus_Backward_MatchesFiniteDifferences() =>
        CheckGradient(OpTester.Create("Softplus", 1), [RandomAway(new Random(6), [2, 3, 5], lo: -4, hi: 4)], [0]);
}
