using Xunit;
using CamSharp.Engine;
using CamSharp.Explain.Attribution;
using CamSharp.Explain.Targets;
using static CamSharp.Tests.Explain.Attribution.AttributionReferences;

namespace CamSharp.Tests.Explain.Attribution;

/// <summary>Input attributions against Captum (main) on the fixture CNNs: within 1e-4 × max |ref|.</summary>
public sealed class CaptumParityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Models => new() { "digitcnn", "resnet18" };

    private void Check(string model, string run, Func<InputAttribution> method, double tolerance = Tolerance)
    {
        var c = Case("captum.json", model);
        using var input = Input(c);
        using var ours = method().Attribute(Model(c), input, [new ClassTarget(Target(c))]);
        using var expected = Npy($"captum_{model}_{run}");
        Assert.Equal(expected.Shape, ours.Shape);
        double error = AssertRelative(expected.Floats, ours.Floats, tolerance, $"{model} {run}");
        output.WriteLine($"relative error {error:E2}");
    }

    [Theory, MemberData(nameof(Models))]
    public void Saliency_FixtureModel_MatchesCaptum(string model) => Check(model, "saliency", () => new Saliency());

    [Theory, MemberData(nameof(Models))]
    public void SaliencySigned_FixtureModel_MatchesCaptum(string model) => Check(model, "saliency_signed", () => new Saliency(absolute: false));

    [Theory, MemberData(nameof(Models))]
    public void InputXGradient_FixtureModel_MatchesCaptum(string model) => Check(model, "inputxgradient", () => new InputXGradient());

    [Theory, MemberData(nameof(Models))]
    public void IntegratedGradients_GaussLegendre_MatchesCaptum(string model) => Check(model, "ig", () => new IntegratedGradients());

    [Theory, MemberData(nameof(Models))]
    public void IntegratedGradients_TrapezoidWithBaseline_MatchesCaptum(string model) =>
        Check(model, "ig_trapezoid", () => new IntegratedGradients(20, IntegrationRule.RiemannTrapezoid, baseline: 0.25f));

    [Fact]
    public void Occlusion_DigitCnn_MatchesCaptum() =>
        Check("digitcnn", "occlusion", () => new Occlusion((3, 10, 10), (3, 6, 6)));

    [Theory]
    [InlineData("smoothgrad", NoiseTunnelKind.SmoothGrad)]
    [InlineData("smoothgrad_sq", NoiseTunnelKind.SmoothGradSquared)]
    [InlineData("vargrad", NoiseTunnelKind.VarGrad)]
    public void NoiseTunnel_GivenCaptumNoise_MatchesCaptum(string run, NoiseTunnelKind kind)
    {
        using var noise = Npy("captum_digitcnn_noise");
        Check("digitcnn", run, () => new NoiseTunnel(new Saliency(), kind, samples: 4, stdDev: 0.2f, noise: noise));
    }

    [Theory]
    [InlineData("absolute_value")]
    [InlineData("positive")]
    [InlineData("negative")]
    [InlineData("all")]
    public void Normalize_CaptumIntegratedGradients_MatchesNormalizeAttr(string sign)
    {
        foreach (var model in new[] { "digitcnn", "resnet18" })
        {
            using var ig = Npy($"captum_{model}_ig");
            using var expected = Npy($"captum_{model}_ig_norm_{sign}");
            var ours = AttributionNormalization.Normalize(ig, 0, AttributionNormalization.ParseSign(sign));
            double worst = 0;
            for (int i = 0; i < ours.Length; i++) worst = System.Math.Max(worst, System.Math.Abs(ours[i] - expected.Floats[i]));
            Assert.True(worst <= 1e-3, $"{model} {sign}: max |diff| {worst}");
        }
    }
}
