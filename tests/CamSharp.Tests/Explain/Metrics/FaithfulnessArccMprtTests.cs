using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

public sealed class FaithfulnessArccMprtTests
{
    [Fact]
    public void Evaluate_ArccAndMprt_ReportsTheirValues()
    {
        var model = TestModels.Fixture("digitcnn");
        using var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        OutputTarget[] targets = [new ClassTarget(3)];
        string[] layers = [.. model.ResolveLayer("block4")];
        var map = CamRunner.Run(model, input, layers, CamMethods.Create("gradcam"), targets).Maps[0];
        // Grad-CAM maps of a randomised model are often all zero, where Spearman is undefined (NaN,
        // as SciPy); the saliency drawn as Captum does is a map that MPRT can rank at every step.
        var options = new FaithfulnessOptions
        {
            Metrics = FaithfulnessMetric.Arcc | FaithfulnessMetric.Mprt,
            Explain = (m, x) =>
            {
                using var a = new CamSharp.Explain.Attribution.Saliency().Attribute(m, x, targets);
                return [CamSharp.Explain.Attribution.AttributionNormalization.Normalize(a, 0)];
            },
        };
        var scores = Faithfulness.Evaluate(new MetricInput(model, input, [map], targets), options)[0];
        var values = scores.Values.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(Faithfulness.Names[FaithfulnessMetric.Arcc].Concat(Faithfulness.Names[FaithfulnessMetric.Mprt]), values.Keys);
        string all = string.Join(", ", values.Select(kv => $"{kv.Key} {kv.Value}"));
        Assert.True(values["arcc"] is > 0 and <= 1, all);
        Assert.True(values["mprt_last"] is >= -1 and < 0.9, all);
        Assert.True(values["mprt_average"] > values["mprt_last"], all);
    }

    [Fact]
    public void Evaluate_ArccWithoutExplain_Throws()
    {
        var model = TestModels.Fixture("digitcnn");
        using var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        var input2 = new MetricInput(model, input, [new float[96 * 96]], [new ClassTarget(3)]);
        var e = Assert.Throws<InputException>(() => Faithfulness.Evaluate(input2, new FaithfulnessOptions { Metrics = FaithfulnessMetric.Arcc }));
        Assert.Contains("Explain", e.Message);
    }
}
