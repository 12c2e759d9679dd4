using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class HyperbolicTests
{
    [Theory]
    [InlineData("Sinh", new[] { -1.0265167f, -0.30452029f, 0f, 0.41075233f, 0.88810598f })]
    [InlineData("Cosh", new[] { 1.4330864f, 1.0453385f, 1f, 1.0810724f, 1.3374349f })]
    [InlineData("Asinh", new[] { -0.80886694f, -0.29567305f, 0f, 0.39003532f, 0.73266826f })]
    [InlineData("Atanh", new[] { -1.4722195f, -0.3095196f, 0f, 0.42364893f, 1.0986123f })]
    public void Forward_KnownValues_MatchNumPy(string opType, float[] expected)
    {
        var y = Run1(opType, [Tensor.FromFloats(ActivationTestData.Unit, 5)], opset: 9);
        OpTester.AssertClose(y.Floats, expected, 1e-6);
    }

    [Fact]
    public void Acosh_KnownValues_MatchNumPy()
    {
        var y = Run1("Acosh", [Tensor.FromFloats([1f, 1.5f, 2f, 4f, 10f], 5)], opset: 9);
        OpTester.AssertClose(y.Floats, [0f, 0.96242365f, 1.3169579f, 2.0634371f, 2.9932228f], 1e-6);
    }

    [Theory]
    [InlineData("Sinh", -2f, 2f)]
    [InlineData("Cosh", -2f, 2f)]
    [InlineData("Asinh", -3f, 3f)]
    [InlineData("Acosh", 1.2f, 5f)]
    [InlineData("Atanh", -0.9f, 0.9f)]
    public void Backward_Random_MatchesFiniteDifferences(string opType, float lo, float hi)
    {
        var op = OpTester.Create(opType, 1, opset: 9);
        CheckGradient(op, [RandomAway(new Random(opType.Length), [3, 5], lo, hi)], [0], eps: 1e-3);
    }
}
