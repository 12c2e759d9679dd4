using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class MishTests
{
    [Fact]
    public void Forward_KnownValues_MatchNumPy()
    {
        var y = Run1("Mish", [Tensor.FromFloats(ActivationTestData.Mixed, 5)], opset: 18);
        OpTester.AssertClose(y.Floats, [-0.25250148f, -0.22074377f, 0f, 0.56114838f, 2.986535f], 1e-6);
    }

    [Fact]
    public void Forward_ExtremeInputs_StayFinite()
    {
        var y = Run1("Mish", [Tensor.FromFloats([-100f, 100f, 30f], 3)], opset: 18);
        Assert.Equal(0f, y.Floats[0], 1e-6f);
        Assert.Equal(100f, y.Floats[1]);
        Assert.Equal(30f, y.Floats[2]);
    }

    [Fact]
    public void Backward_Random_MatchesFiniteDifferences()
    {
        var op = OpTester.Create("Mish", 1, opset: 18);
        CheckGradient(op, [RandomAway(new Random(5), [4, 6], -5, 5)], [0]);
    }
}
