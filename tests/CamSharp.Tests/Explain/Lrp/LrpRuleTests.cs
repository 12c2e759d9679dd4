using CamSharp.Explain.Attribution;
using CamSharp.Explain.Lrp;
using CamSharp.Explain.Targets;
using Xunit;
using static CamSharp.Tests.Explain.Attribution.AttributionReferences;

namespace CamSharp.Tests.Explain.Lrp;

public sealed class LrpRuleTests
{
    /// <summary>
    /// LRP-0 everywhere equals Input × Gradient on a ReLU network with max and average pooling and
    /// additions, biases included: relevance at every layer stays z ⊙ ∂y/∂z by induction.
    /// </summary>
    [Theory]
    [InlineData("digitcnn")]
    [InlineData("resnet18")]
    public void Lrp_EpsilonZeroEverywhere_EqualsInputXGradient(string model)
    {
        var c = Case("zennit.json", model);
        using var input = Input(c);
        var lrp0 = new LrpComposite { Name = "lrp0", Convolution = new EpsilonRule(0), Dense = new EpsilonRule(0), Stabilizer = 1e-30f };
        using var ours = new CamSharp.Explain.Lrp.Lrp(lrp0).Attribute(Model(c), input, [new ClassTarget(Target(c))]);
        using var ixg = new InputXGradient().Attribute(Model(c), input, [new ClassTarget(Target(c))]);
        AssertRelative(ixg.Floats, ours.Floats, 1e-4, $"{model} LRP-0");
    }

    [Fact]
    public void AlphaBeta_AlphaMinusBetaNotOne_Throws()
    {
        Assert.Throws<CamSharp.Engine.InputException>(() => new AlphaBetaRule(2, 2));
    }

    [Fact]
    public void Names_Registry_CreatesEveryComposite()
    {
        foreach (var name in InputAttributions.Names.Where(n => n.StartsWith("lrp", StringComparison.Ordinal)))
            Assert.IsType<CamSharp.Explain.Lrp.Lrp>(InputAttributions.Create(name));
    }
}
