using CamSharp.Explain.Math;
using Xunit;

namespace CamSharp.Tests.Explain;

public sealed class ProjectionTests
{
    [Theory]
    [InlineData("resnet18__d224__224x224", "layer4", "resnet18__d224__224x224__layer4__EigenCAM__c704")]
    [InlineData("resnet18__d224__224x224", "layer3", "resnet18__d224__224x224__layer3__EigenCAM__c704")]
    [InlineData("digitcnn__d96_a__96x96", "block3", "digitcnn__d96_a__96x96__block3__EigenCAM__c3")]
    [InlineData("mobilenet_v2__d224__224x224", "features", "mobilenet_v2__d224__224x224__features__EigenCAM__c501")]
    public void FirstComponent_FixtureActivations_MatchesReferenceUpToSign(string run, string layer, string camCase)
    {
        var act = Fixtures.Npy($"outputs/acts/{run}__{layer}.npy");
        var reference = Fixtures.Npy($"outputs/cams/{camCase}.lowres.npy").Floats.ToArray();
        int c = act.Shape[1], pixels = act.Shape[2] * act.Shape[3];
        var ours = Projection.FirstComponent(act.Floats, c, pixels, fixSign: false);
        double maxRef = reference.Max(Math.Abs);
        double same = ours.Zip(reference).Max(p => Math.Abs(p.First - p.Second));
        double flipped = ours.Zip(reference).Max(p => Math.Abs(p.First + p.Second));
        Assert.True(Math.Min(same, flipped) <= 1e-3 * maxRef, $"max diff {Math.Min(same, flipped)} vs max |ref| {maxRef}");
    }

    [Fact]
    public void FirstComponent_FixSign_LargestMagnitudeIsPositive()
    {
        var rng = new Random(3);
        var act = Enumerable.Range(0, 8 * 25).Select(_ => (float)rng.NextDouble()).ToArray();
        var map = Projection.FirstComponent(act, 8, 25, fixSign: true);
        Assert.True(Math.Abs(map.Max()) >= Math.Abs(map.Min()));
    }
}
