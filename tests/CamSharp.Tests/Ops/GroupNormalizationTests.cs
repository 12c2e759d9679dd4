using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class GroupNormalizationTests
{
    /// <summary>A (1, 4, 2, 2) input; expectations from NumPy (opset 18) and torch.nn.functional.group_norm (opset 21).</summary>
    private static Tensor Input() => Tensor.FromFloats([-2.7f, 2.7f, -1.9f, -2.2f, 0.7f, -0.7f, 0.2f, 0.9f, 1.3f, 1.3f, -4.2f, 2.9f, 3.3f, 9.9f, 4.1f, -4.9f], 1, 4, 2, 2);

    private static Attributes Groups(int n) => new Attributes().Set("num_groups", n);

    [Fact]
    public void Opset18_PerGroupScaleAndBias_MatchesNumPy()
    {
        var y = OpTester.Run("GroupNormalization", [Input(), Tensor.FromFloats([2, 0.5f], 2), Tensor.FromFloats([0.1f, -1], 2)], Groups(2), opset: 18)[0];
        OpTester.AssertClose(y.Floats, [-2.5996197f, 3.6704648f, -1.6707183f, -2.0190564f, 1.3482113f, -0.2773662f, 0.76764789f, 1.5804366f,
            -1.0467531f, -1.0467531f, -1.6701275f, -0.8654078f, -0.82007148f, -0.072022207f, -0.72939884f, -1.749466f], 1e-5);
    }

    [Fact]
    public void Opset21_PerChannelScaleAndBias_MatchesTorch()
    {
        var y = OpTester.Run("GroupNormalization", [Input(), Tensor.FromFloats([1, 2, -1, 0.5f], 4), Tensor.FromFloats([0, 1, 0.5f, -0.5f], 4)], Groups(2), opset: 21)[0];
        OpTester.AssertClose(y.Floats, [-1.3498099f, 1.7852324f, -0.88535916f, -1.0595282f, 2.2482113f, 0.6226338f, 1.6676479f, 2.4804366f,
            0.59350616f, 0.59350616f, 1.8402549f, 0.2308156f, -0.32007148f, 0.42797779f, -0.22939884f, -1.249466f], 1e-5);
    }

    [Fact]
    public void Opset18_PerChannelScale_ThrowsNamingExpectedCount()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("GroupNormalization", [Input(), Tensor.FromFloats([1, 1, 1, 1], 4), Tensor.FromFloats([0, 0], 2)], Groups(2), opset: 18));
        Assert.Contains("/test/GroupNormalization", e.Message);
        Assert.Contains("expected 2 values (one per group", e.Message);
    }

    [Fact]
    public void GroupsNotDividingChannels_Throws()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("GroupNormalization", [Input(), Tensor.FromFloats([1, 1, 1], 3), Tensor.FromFloats([0, 0, 0], 3)], Groups(3), opset: 18));
        Assert.Contains("does not divide", e.Message);
    }

    [Fact]
    public void MissingNumGroups_ThrowsAtCreate()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("GroupNormalization", 3, opset: 18));
        Assert.Contains("num_groups", e.Message);
    }

    [Theory]
    [InlineData(18, 2)]
    [InlineData(21, 2)]
    [InlineData(21, 1)]
    [InlineData(21, 4)]
    public void Backward_Random_MatchesFiniteDifferences(int opset, int groups)
    {
        var rng = new Random(opset + groups);
        int k = opset >= 21 ? 4 : groups;
        var op = OpTester.Create("GroupNormalization", 3, attrs: Groups(groups), opset: opset);
        var x = OpTester.RandomTensor(rng, 2, 4, 3, 2);
        var scale = OpTester.RandomTensor(rng, k);
        var bias = OpTester.RandomTensor(rng, k);
        ElementwiseTesting.CheckGradient(op, [x, scale, bias], [0], eps: 1e-3, constant: [false, true, true]);
    }
}
