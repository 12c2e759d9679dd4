using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class MeanVarianceNormalizationTests
{
    private static Tensor Input() => Tensor.FromFloats([1, 2, -1, 4, 0.5f, 3, 2, -2, 1, 1, 5, -1], 2, 3, 2, 1);

    [Fact]
    public void DefaultAxes_PerChannel_MatchesSpecFormula()
    {
        var y = OpTester.Run("MeanVarianceNormalization", [Input()], opset: 13)[0];
        OpTester.AssertClose(y.Floats, [0.15249857f, 0.76249285f, -1.2602521f, 1.5403081f, -0.59743799f, 0.4888129f,
            0.76249285f, -1.6774843f, -0.14002801f, -0.14002801f, 1.3578136f, -1.2491885f], 1e-5);
    }

    [Fact]
    public void LastAxis_NormalisesEachRow()
    {
        var x = Tensor.FromFloats([1, 3, 10, 20], 2, 2);
        var y = OpTester.Run("MeanVarianceNormalization", [x], new Attributes().Set("axes", new[] { 1 }), opset: 13)[0];
        OpTester.AssertClose(y.Floats, [-1f, 1, -1, 1], 1e-6);
    }

    [Fact]
    public void AxisOutOfRange_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("MeanVarianceNormalization", [Tensor.FromFloats([1, 2], 2)], opset: 13));
        Assert.Contains("/test/MeanVarianceNormalization", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0, 2, 3 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2, 3 })]
    public void Backward_Random_MatchesFiniteDifferences(int[] axes)
    {
        var op = OpTester.Create("MeanVarianceNormalization", 1, attrs: new Attributes().Set("axes", axes), opset: 13);
        ElementwiseTesting.CheckGradient(op, [OpTester.RandomTensor(new Random(axes.Sum()), 2, 3, 2, 2)], [0], eps: 1e-3);
    }
}
