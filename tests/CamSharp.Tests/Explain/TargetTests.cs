using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Explain;

/// <summary>Every target's seed gradient equals central differences of its value, on batch row 1 of random outputs.</summary>
public sealed class TargetTests
{
    private static void CheckGradient(OutputTarget target, params int[] shape)
    {
        var rng = new Random(5);
        var output = Ops.OpTester.RandomTensor(rng, shape);
        for (int i = 0; i < output.Length; i++) output.Floats[i] *= 3;
        var seeds = new[] { Tensor.Zeros(shape) };
        target.Accumulate([output], 1, seeds);
        const float eps = 1e-3f;
        for (int i = 0; i < output.Length; i++)
        {
            float keep = output.Floats[i];
            output.Floats[i] = keep + eps;
            double up = target.Score([output], 1);
            output.Floats[i] = keep - eps;
            double down = target.Score([output], 1);
            output.Floats[i] = keep;
            double numeric = (up - down) / (2 * eps);
            Assert.True(Math.Abs(numeric - seeds[0].Floats[i]) < 2e-3 + 2e-2 * Math.Abs(numeric), $"{target.GetType().Name} [{i}]: numeric {numeric} vs seed {seeds[0].Floats[i]}");
        }
    }

    [Fact] public void ClassTarget_Gradient_MatchesFiniteDifferences() => CheckGradient(new ClassTarget(2), 2, 5);

    [Fact] public void SoftmaxTarget_Gradient_MatchesFiniteDifferences() => CheckGradient(new SoftmaxTarget(2), 2, 5);

    [Fact] public void ReStTarget_Gradient_MatchesFiniteDifferences() => CheckGradient(new ReStTarget(3), 2, 5);

    [Fact] public void BinaryTarget_Gradient_MatchesFiniteDifferences() => CheckGradient(new BinaryTarget(0), 2, 1);

    [Fact] public void SegmentationTarget_Gradient_MatchesFiniteDifferences() =>
        CheckGradient(new SegmentationTarget(1, [1, 0, 1, 1, 0, 0]), 2, 3, 2, 3);

    [Fact] public void SimilarityTarget_Gradient_MatchesFiniteDifferences() => CheckGradient(new SimilarityTarget([0.5f, -1f, 2f, 0f]), 2, 4);

    [Fact] public void FinerTarget_Gradient_MatchesFiniteDifferences() => CheckGradient(new FinerTarget(1, [0, 3, 4], alpha: 0.7), 2, 6);

    [Fact]
    public void FinerTarget_Nearest_ComparesWithTheClosestLogits()
    {
        var y = Tensor.FromFloats([0f, 5f, 4.5f, -3f, 4f, 1f], 1, 6);
        var t = FinerTarget.Nearest(y, 0);
        Assert.Equal(1, t.MainClass);
        Assert.Equal([2, 4, 5], t.Comparisons);
    }

    [Fact]
    public void ClassTarget_OutOfRange_NamesTheClassCount()
    {
        var e = Assert.Throws<InputException>(() => new ClassTarget(7).Score([Tensor.Zeros(1, 5)], 0));
        Assert.Contains("5 classes", e.Message);
    }
}
