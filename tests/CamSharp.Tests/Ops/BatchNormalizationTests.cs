using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class BatchNormalizationTests
{
    private static readonly bool[] ParamsConstant = [false, true, true, true, true];

    private static Tensor[] Params(float[] scale, float[] bias, float[] mean, float[] variance, params int[] shape) =>
        [Tensor.FromFloats(scale, shape), Tensor.FromFloats(bias, shape), Tensor.FromFloats(mean, shape), Tensor.FromFloats(variance, shape)];

    [Fact]
    public void Forward_PerChannel_AppliesRunningStatistics()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4], 1, 2, 1, 2);
        var p = Params([2, 0.5f], [1, -1], [1, 3], [4, 0.25f], 2);
        var y = OpTester.Run("BatchNormalization", [x, .. p], new Attributes().Set("epsilon", 0f), constant: ParamsConstant)[0];
        Assert.Equal([1f, 2, -1, 0], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_DefaultEpsilon_Is1e5()
    {
        var x = Tensor.FromFloats([1, -2], 2, 1);
        var y = OpTester.Run("BatchNormalization", [x, .. Params([1], [0], [0], [0], 1)], constant: ParamsConstant)[0];
        OpTester.AssertClose(y.Floats, [1 / MathF.Sqrt(1e-5f), -2 / MathF.Sqrt(1e-5f)]);
    }

    [Fact]
    public void Forward_Opset7SpatialZero_UsesPerActivationParameters()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);
        var p = Params([1, 2, 3, 4], [0, 0, 0, 1], [0, 1, 0, 0], [1, 1, 1, 1], 2, 2);
        var y = OpTester.Run("BatchNormalization", [x, .. p], new Attributes().Set("spatial", 0).Set("epsilon", 0f), opset: 7, constant: ParamsConstant)[0];
        Assert.Equal([1f, 2, 9, 17, 5, 10, 21, 33], y.Floats.ToArray());
    }

    [Fact]
    public void Create_TrainingOutputsRequested_ThrowsNamingThem()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("BatchNormalization", 5, 3));
        Assert.Contains("'y1'", e.Message);
        Assert.Throws<ModelException>(() => OpTester.Create("BatchNormalization", 5, 4, new Attributes().Set("training_mode", 1), 15));
    }

    [Fact]
    public void Forward_TrainingMode_UsesBatchStatisticsAndUpdatesRunningOnes()
    {
        // Channel 0 holds 1, 3, 5, 7 (mean 4, population variance 5); channel 1 holds 2, 4, 2, 4 (mean 3, variance 1).
        var x = Tensor.FromFloats([1, 3, 2, 4, 5, 7, 2, 4], 2, 2, 2);
        var p = Params([2, 1], [1, 0], [10, 20], [1, 3], 2);
        var outputs = OpTester.Run(OpTester.Create("BatchNormalization", 5, 3, new Attributes().Set("training_mode", 1).Set("epsilon", 0f).Set("momentum", 0.5f), 15),
            [x, .. p], ParamsConstant);
        float s = 2 / MathF.Sqrt(5);
        OpTester.AssertClose(outputs[0].Floats, [1 - 3 * s, 1 - s, -1, 1, 1 + s, 1 + 3 * s, -1, 1]);
        OpTester.AssertClose(outputs[1].Floats, [7, 11.5f]);
        OpTester.AssertClose(outputs[2].Floats, [3, 2]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4, 3 })]
    [InlineData(new[] { 3, 2 })]
    public void Backward_TrainingMode_MatchesFiniteDifferences(int[] shape)
    {
        var rng = new Random(7);
        int c = shape[1];
        Tensor?[] inputs = [OpTester.RandomTensor(rng, shape), OpTester.RandomTensor(rng, c), OpTester.RandomTensor(rng, c), OpTester.RandomTensor(rng, c), OpTester.RandomTensor(rng, c)];
        OpTester.CheckGradient(OpTester.Create("BatchNormalization", 5, 1, new Attributes().Set("training_mode", 1), 15), inputs, [0], constant: ParamsConstant);
    }

    [Fact]
    public void Infer_ParameterCountDiffersFromChannels_ThrowsWithBothSides()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("BatchNormalization", [Tensor.Zeros(1, 3, 2, 2), .. Params([1, 1], [0, 0], [0, 0], [1, 1], 2)], constant: ParamsConstant));
        Assert.Contains("scale is Float32[2]", e.Message);
        Assert.Contains("3 values", e.Message);
    }

    [Fact]
    public void Needs_ConstantParameters_KeepsNothing()
    {
        Tensor?[] inputs = [Tensor.Zeros(1, 2, 2, 2), .. Params([1, 1], [0, 0], [0, 0], [1, 1], 2)];
        var constant = OpTester.Create("BatchNormalization", 5);
        OpTester.Run(constant, inputs, ParamsConstant);
        Assert.Equal(BackwardNeeds.None, constant.Needs);
        var computed = OpTester.Create("BatchNormalization", 5);
        OpTester.Run(computed, inputs);
        Assert.Equal(BackwardNeeds.Inputs, computed.Needs);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 5, 3 })]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 1, 2, 7 })]
    public void Backward_RandomInput_MatchesFiniteDifferences(int[] shape)
    {
        var rng = new Random(shape.Length);
        int c = shape[1];
        var variance = OpTester.RandomTensor(rng, c);
        for (int i = 0; i < c; i++) variance.Floats[i] += 1.5f;
        Tensor?[] inputs = [OpTester.RandomTensor(rng, shape), OpTester.RandomTensor(rng, c), OpTester.RandomTensor(rng, c), OpTester.RandomTensor(rng, c), variance];
        OpTester.CheckGradient(OpTester.Create("BatchNormalization", 5), inputs, [0], constant: ParamsConstant);
    }
}
