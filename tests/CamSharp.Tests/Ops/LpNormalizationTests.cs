using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class LpNormalizationTests
{
    private static Tensor Input() => Tensor.FromFloats([3, -4, 0, 1, 2, -2], 2, 3);

    [Fact]
    public void Defaults_L2AlongLastAxis()
    {
        var y = OpTester.Run("LpNormalization", [Input()])[0];
        OpTester.AssertClose(y.Floats, [0.6f, -0.8f, 0f, 0.33333333f, 0.66666667f, -0.66666667f], 1e-6);
    }

    [Fact]
    public void P1_Axis0_DividesBySumOfMagnitudes()
    {
        var y = OpTester.Run("LpNormalization", [Input()], new Attributes().Set("p", 1).Set("axis", 0))[0];
        OpTester.AssertClose(y.Floats, [0.75f, -0.66666667f, 0f, 0.25f, 0.33333333f, -1f], 1e-6);
    }

    [Fact]
    public void ZeroVector_StaysZero()
    {
        var y = OpTester.Run("LpNormalization", [Tensor.FromFloats([0, 0, 1, 0], 2, 2)])[0];
        Assert.Equal([0f, 0, 1, 0], y.Floats.ToArray());
    }

    [Fact]
    public void P3_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("LpNormalization", 1, attrs: new Attributes().Set("p", 3)));
        Assert.Contains("/test/LpNormalization", e.Message);
    }

    [Theory]
    [InlineData(2, -1)]
    [InlineData(2, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    public void Backward_Random_MatchesFiniteDifferences(int p, int axis)
    {
        var op = OpTester.Create("LpNormalization", 1, attrs: new Attributes().Set("p", p).Set("axis", axis));
        var x = ElementwiseTesting.RandomAway(new Random(p * 10 + axis + 5), [2, 3, 4], -2, 2, kinks: [0], margin: 0.1f);
        ElementwiseTesting.CheckGradient(op, [x], [0], eps: 1e-3);
    }
}
