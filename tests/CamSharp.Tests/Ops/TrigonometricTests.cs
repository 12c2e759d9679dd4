using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class TrigonometricTests
{
    [Theory]
    [InlineData("Sin", new[] { -0.78332691f, -0.29552021f, 0f, 0.38941834f, 0.71735609f })]
    [InlineData("Cos", new[] { 0.62160997f, 0.95533649f, 1f, 0.92106099f, 0.69670671f })]
    [InlineData("Tan", new[] { -1.2601582f, -0.30933625f, 0f, 0.42279322f, 1.0296386f })]
    [InlineData("Asin", new[] { -1.1197695f, -0.30469265f, 0f, 0.41151685f, 0.92729522f })]
    [InlineData("Acos", new[] { 2.6905658f, 1.875489f, 1.5707963f, 1.1592795f, 0.64350111f })]
    [InlineData("Atan", new[] { -0.7328151f, -0.29145679f, 0f, 0.38050638f, 0.67474094f })]
    public void Forward_KnownValues_MatchNumPy(string opType, float[] expected)
    {
        var y = Run1(opType, [Tensor.FromFloats(ActivationTestData.Unit, 5)]);
        OpTester.AssertClose(y.Floats, expected, 1e-6);
    }

    [Theory]
    [InlineData("Sin", -3f, 3f)]
    [InlineData("Cos", -3f, 3f)]
    [InlineData("Tan", -1.2f, 1.2f)]
    [InlineData("Asin", -0.9f, 0.9f)]
    [InlineData("Acos", -0.9f, 0.9f)]
    [InlineData("Atan", -4f, 4f)]
    public void Backward_Random_MatchesFiniteDifferences(string opType, float lo, float hi)
    {
        var op = OpTester.Create(opType, 1);
        CheckGradient(op, [RandomAway(new Random(opType.Length), [3, 5], lo, hi)], [0], eps: 1e-3);
    }
}
