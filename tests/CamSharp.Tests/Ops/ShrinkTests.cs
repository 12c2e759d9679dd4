using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ShrinkTests
{
    [Fact]
    public void Forward_SoftShrink_MatchesNumPy()
    {
        var y = Run1("Shrink", [Tensor.FromFloats(ActivationTestData.Mixed, 5)], new Attributes().Set("lambd", 0.6f).Set("bias", 0.2f));
        OpTester.AssertClose(y.Floats, [-1.8f, 0f, 0f, 0.5f, 2.8f], 1e-6);
    }

    [Fact]
    public void Forward_Defaults_HardShrinkAtHalf()
    {
        var y = Run1("Shrink", [Tensor.FromFloats([-0.6f, -0.5f, 0.4f, 0.6f], 4)]);
        Assert.Equal([-0.6f, 0, 0, 0.6f], y.Floats.ToArray());
    }

    [Fact]
    public void Backward_Random_MatchesFiniteDifferences()
    {
        var op = OpTester.Create("Shrink", 1, attrs: new Attributes().Set("lambd", 0.6f).Set("bias", 0.2f));
        CheckGradient(op, [RandomAway(new Random(4), [4, 5], -3, 3, kinks: [-0.6f, 0.6f])], [0]);
    }
}
