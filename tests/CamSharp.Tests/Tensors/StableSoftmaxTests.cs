using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Tensors;

public sealed class StableSoftmaxTests
{
    [Fact]
    public void Compute_LogitsAbove88_StayFiniteAndRankTheLargestFirst()
    {
        float[] logits = [90f, 100f, 95f];
        var p = new float[3];
        StableSoftmax.Compute(logits, p);
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, p.Sum(), 5);
        Assert.True(p[1] > p[2] && p[2] > p[0]);
        Assert.Equal(1 / (1 + MathF.Exp(-5) + MathF.Exp(-10)), p[1], 5);
    }

    [Fact]
    public void TopClasses_HugeLogits_RankByLogitNotClassZero()
    {
        var top = TopClasses.Compute(Tensor.FromFloats([200f, 300f, 250f], 1, 3), 3);
        Assert.Equal([1, 2, 0], top.Select(t => t.Index));
        Assert.All(top, t => Assert.True(float.IsFinite(t.Probability)));
    }

    [Fact]
    public void TopClasses_NaNLogit_IsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => TopClasses.Compute(Tensor.FromFloats([float.NaN, 1f, 2f], 1, 3), 3));
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void SoftmaxTarget_HugeLogits_GivesAFiniteProbabilityAndGradient()
    {
        var logits = Tensor.FromFloats([1000f, 999f], 1, 2);
        var seed = Tensor.FromFloats([0f, 0f], 1, 2);
        float pc = new SoftmaxTarget(0).Accumulate([logits], 0, [seed]);
        Assert.Equal(1 / (1 + MathF.Exp(-1)), pc, 5);
        Assert.All(seed.Floats.ToArray(), v => Assert.True(float.IsFinite(v)));
    }
}
