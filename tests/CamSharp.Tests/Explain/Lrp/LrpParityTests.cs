using CamSharp.Explain.Lrp;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Models;
using Xunit;
using static CamSharp.Tests.Explain.Attribution.AttributionReferences;

namespace CamSharp.Tests.Explain.Lrp;

/// <summary>LRP composites against Zennit 0.5.1 on the fixture CNNs: within 1e-4 × max |ref|.</summary>
public sealed class LrpParityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    private void Check(string model, string run, LrpComposite composite)
    {
        var c = Case("zennit.json", model);
        using var input = Input(c);
        using var ours = new CamSharp.Explain.Lrp.Lrp(composite).Attribute(Model(c), input, [new ClassTarget(Target(c))]);
        using var expected = Npy($"zennit_{model}_{run}");
        Assert.Equal(expected.Shape, ours.Shape);
        double error = AssertRelative(expected.Floats, ours.Floats, Tolerance, $"{model} {run}");
        output.WriteLine($"relative error {error:E2}");
    }

    [Theory]
    [InlineData("digitcnn")]
    [InlineData("resnet18")]
    [InlineData("mobilenet_v2")]
    public void EpsilonPlusFlat_FixtureModel_MatchesZennit(string model) => Check(model, "epsilonplusflat", LrpComposite.EpsilonPlusFlat());

    [Theory]
    [InlineData("digitcnn")]
    [InlineData("resnet18")]
    [InlineData("mobilenet_v2")]
    public void EpsilonGammaBox_FixtureModel_MatchesZennit(string model)
    {
        var run = Case("zennit.json", model).GetProperty("runs").GetProperty("epsilongammabox");
        var low = run.GetProperty("low").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var high = run.GetProperty("high").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Check(model, "epsilongammabox", LrpComposite.EpsilonGammaBox(low, high));
    }

    [Theory]
    [InlineData("digitcnn")]
    [InlineData("resnet18")]
    [InlineData("mobilenet_v2")]
    public void EpsilonAlpha2Beta1_FixtureModel_MatchesZennit(string model) => Check(model, "epsilonalpha2beta1", LrpComposite.EpsilonAlpha2Beta1());

    [Fact]
    public void EpsilonGammaBox_NoBoundsGiven_UsesInputRangeAsZennitCase()
    {
        var c = Case("zennit.json", "digitcnn");
        using var input = Input(c);
        using var ours = new CamSharp.Explain.Lrp.Lrp(LrpComposite.EpsilonGammaBox()).Attribute(Model(c), input, [new ClassTarget(Target(c))]);
        using var expected = Npy("zennit_digitcnn_epsilongammabox");
        AssertRelative(expected.Floats, ours.Floats, Tolerance, "digitcnn epsilongammabox (input range)");
    }

    [Fact]
    public void EpsilonPlusFlat_ConvBatchNorm_MergesAsZennitCanonizer()
    {
        var c = Case("zennit.json", "bn_cnn");
        var model = TestModels.Load(Path("bn_cnn.onnx"));
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "BatchNormalization");
        using var input = Npy("zennit_bn_cnn_input");
        using var ours = new CamSharp.Explain.Lrp.Lrp(LrpComposite.EpsilonPlusFlat()).Attribute(model, input, [new ClassTarget(Target(c))]);
        using var expected = Npy("zennit_bn_cnn_epsilonplusflat");
        AssertRelative(expected.Floats, ours.Floats, Tolerance, "bn_cnn epsilonplusflat");
    }
}
