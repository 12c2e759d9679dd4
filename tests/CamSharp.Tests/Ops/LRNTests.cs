using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class LRNTests
{
    private static Tensor Input() => Tensor.FromFloats([-2.7f, 2.7f, -1.9f, -2.2f, 0.7f, -0.7f, 0.2f, 0.9f, 1.3f, 1.3f, -4.2f, 2.9f, 3.3f, 9.9f, 4.1f, -4.9f], 1, 4, 2, 2);

    [Fact]
    public void OddSize_MatchesTorchLocalResponseNorm()
    {
        var attrs = new Attributes().Set("size", 3).Set("alpha", 0.3f).Set("beta", 0.75f).Set("bias", 2f);
        var y = OpTester.Run("LRN", [Input()], attrs)[0];
        OpTester.AssertClose(y.Floats, [-1.2547713f, 1.2547713f, -0.99627732f, -1.0854433f, 0.31121673f, -0.31121673f, 0.069047242f, 0.35897072f,
            0.53011209f, 0.20139195f, -1.1776377f, 0.8275241f, 1.3608198f, 1.5383834f, 1.150232f, -1.4144035f], 1e-5);
    }

    [Fact]
    public void EvenSize_WindowLeansForward_MatchesSpecFormula()
    {
        var y = OpTester.Run("LRN", [Input()], new Attributes().Set("size", 4).Set("alpha", 0.5f))[0];
        OpTester.AssertClose(y.Floats, [-1.503009f, 1.503009f, -0.71784646f, -1.0281016f, 0.27094794f, -0.094522554f, 0.053773932f, 0.24210086f,
            0.62879987f, 0.18434039f, -1.2004712f, 0.84782357f, 1.6246036f, 1.4086105f, 1.1727166f, -1.4540065f], 1e-5);
    }

    [Fact]
    public void MissingSize_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("LRN", 1));
        Assert.Contains("/test/LRN", e.Message);
        Assert.Contains("size", e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(1)]
    public void Backward_Random_MatchesFiniteDifferences(int size)
    {
        var op = OpTester.Create("LRN", 1, attrs: new Attributes().Set("size", size).Set("alpha", 0.4f).Set("bias", 1.5f));
        ElementwiseTesting.CheckGradient(op, [OpTester.RandomTensor(new Random(size), 2, 5, 2, 3)], [0], eps: 1e-3);
    }
}
