using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class SeluTests
{
    [Fact]
    public void Selu_DefaultAttributes_MatchNumPy()
    {
        var y = Run1("Selu", [Tensor.FromFloats(ActivationTestData.Mixed, 5)]);
        OpTester.AssertClose(y.Floats, [-1.5201665f, -0.69175819f, 0f, 0.73549072f, 3.1521031f], 1e-6);
    }

    [Fact]
    public void Selu_GivenAlphaGamma_UsesThem()
    {
        var y = Run1("Selu", [Tensor.FromFloats([-1f, 2f], 2)], new Attributes().Set("alpha", 2f).Set("gamma", 3f));
        OpTester.AssertClose(y.Floats, [3 * 2 * (MathF.Exp(-1) - 1), 6f], 1e-6);
    }

    [Fact]
    public void Celu_Alpha2_MatchesNumPy()
    {
        var y = Run1("Celu", [Tensor.FromFloats(ActivationTestData.Mixed, 5)], new Attributes().Set("alpha", 2f));
        OpTester.AssertClose(y.Floats, [-1.2642411f, -0.44239843f, 0f, 0.7f, 3f], 1e-6);
    }

    [Fact]
    public void Celu_NonPositiveAlpha_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("Celu", 1, attrs: new Attributes().Set("alpha", 0f)));
        Assert.Contains("/test/Celu", e.Message);
        Assert.Contains("alpha", e.Message);
    }

    [Theory]
    [InlineData("Selu")]
    [InlineData("Celu")]
    public void Backward_Random_MatchesFiniteDifferences(string opType)
    {
        var op = OpTester.Create(opType, 1, attrs: opType == "Celu" ? new Attributes().Set("alpha", 1.5f) : null);
        CheckGradient(op, [RandomAway(new Random(opType.Length), [3, 5], -3, 3, kinks: [0])], [0]);
    }
}
