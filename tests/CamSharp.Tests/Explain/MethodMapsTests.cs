using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Attribution;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using Xunit;

namespace CamSharp.Tests.Explain;

public sealed class MethodMapsTests
{
    [Fact]
    public void Explain_InputAttribution_IsTheDrawnMapInUnitRange()
    {
        var model = SoftmaxClassifier.Build(softmax: false);
        using var x = SoftmaxClassifier.Input();
        var map = MethodMaps.Explain(model, x, [], "inputxgradient", [new ClassTarget(2)])[0];
        using var attribution = new InputXGradient().Attribute(model, x, [new ClassTarget(2)]);
        Assert.Equal(AttributionNormalization.Normalize(attribution, 0), map);
        Assert.Equal(25, map.Length);
        Assert.All(map, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, map.Max());
    }

    [Fact]
    public void Explain_ClassMap_IsTheRunnersMap()
    {
        var model = SoftmaxClassifier.Build(softmax: false);
        using var x = SoftmaxClassifier.Input();
        var map = MethodMaps.Explain(model, x, [SoftmaxClassifier.Features], "gradcam", [new ClassTarget(0)])[0];
        Assert.Equal(CamRunner.Run(model, x, [SoftmaxClassifier.Features], new GradCam(), [new ClassTarget(0)]).Maps[0], map);
    }

    [Theory]
    [InlineData("guidedbackprop")]
    [InlineData("dff")]
    public void Explain_MethodWithoutOneMap_ThrowsNamingIt(string method)
    {
        var model = SoftmaxClassifier.Build(softmax: false);
        using var x = SoftmaxClassifier.Input();
        var e = Assert.Throws<InputException>(() => MethodMaps.Explain(model, x, [SoftmaxClassifier.Features], method, [new ClassTarget(0)]));
        Assert.Contains(method, e.Message);
    }
}
