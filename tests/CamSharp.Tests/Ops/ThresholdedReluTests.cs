using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ThresholdedReluTests
{
    [Fact]
    public void Forward_Alpha06_KeepsOnlyAbove()
    {
        var y = Run1("ThresholdedRelu", [Tensor.FromFloats(ActivationTestData.Mixed, 5)], new Attributes().Set("alpha", 0.6f));
        Assert.Equal([0f, 0, 0, 0.7f, 3], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_DefaultAlpha_IsOne()
    {
        var y = Run1("ThresholdedRelu", [Tensor.FromFloats([0.9f, 1f, 1.1f], 3)]);
        Assert.Equal([0f, 0, 1.1f], y.Floats.ToArray());
    }

    [Fact]
    public void Backward_Random_MatchesFiniteDifferences()
    {
        var op = OpTester.Create("ThresholdedRelu", 1);
        CheckGradient(op, [RandomAway(new Random(2), [4, 5], -3, 3, kinks: [1])], [0]);
    }
}
