using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class SoftsignTests
{
    [Fact]
    public void Forward_KnownValues_MatchNumPy()
    {
        var y = Run1("Softsign", [Tensor.FromFloats(ActivationTestData.Mixed, 5)]);
        OpTester.AssertClose(y.Floats, [-0.66666667f, -0.33333333f, 0f, 0.41176471f, 0.75f], 1e-6);
    }

    [Fact]
    public void Backward_Random_MatchesFiniteDifferences()
    {
        var op = OpTester.Create("Softsign", 1);
        Assert.Equal(BackwardNeeds.Inputs, op.Needs);
        CheckGradient(op, [RandomAway(new Random(3), [3, 7], -4, 4, kinks: [0])], [0]);
    }
}
