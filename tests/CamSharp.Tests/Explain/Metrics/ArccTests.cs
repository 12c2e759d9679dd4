using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;
using static CamSharp.Tests.Explain.Attribution.AttributionReferences;

namespace CamSharp.Tests.Explain.Metrics;

/// <summary>ARCC against pytorch-grad-cam main's arcc.py (tools/attribution_reference/make_arcc.py).</summary>
public sealed class ArccTests
{
    [Fact]
    public void Evaluate_GradCamOnDigitCnn_MatchesPytorchGradCam()
    {
        var r = Index("arcc.json");
        var model = TestModels.Fixture("digitcnn");
        using var input = Fixtures.Npy($"outputs/tensors/{r.GetProperty("tensor").GetString()}.npy");
        string layer = r.GetProperty("layer").GetString()!;
        OutputTarget[] targets = [new ClassTarget(r.GetProperty("target").GetInt32())];
        IReadOnlyList<float[]> Explain(Tensor x) => CamRunner.Run(model, x, [layer], CamMethods.Create("gradcam"), targets).Maps;

        var maps = Explain(input);
        var metricInput = new MetricInput(model, input, maps, targets);
        var result = Arcc.Evaluate(metricInput, Explain)[0];

        Assert.Equal(r.GetProperty("complexity").GetDouble(), result.Complexity, 1e-4);
        Assert.Equal(r.GetProperty("coherency").GetDouble(), result.Coherency, 1e-4);
        double roadStub = r.GetProperty("road_stub").GetDouble();
        double expected = r.GetProperty("arcc").GetDouble();
        Assert.Equal(expected, Arcc.Combine(result.Complexity, result.Coherency, System.Math.Clamp(2 * roadStub, 0, 1)), 1e-4);
        var road = Road.Evaluate(metricInput, new RoadOptions { Percentiles = Arcc.Percentiles })[0];
        Assert.Equal(System.Math.Clamp(2.0 * road.Combined, 0, 1), result.Road, 1e-9);
        Assert.Equal(Arcc.Combine(result.Complexity, result.Coherency, result.Road), result.Value, 1e-12);
    }

    [Fact]
    public void Pearson_LinearlyRelated_IsOne()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [3, 5, 7, 9];
        Assert.Equal(1.0, Arcc.Pearson(a, b), 6);
        Assert.Equal(-1.0, Arcc.Pearson(a, [9, 7, 5, 3]), 6);
    }

    [Fact]
    public void Combine_PerfectParts_IsOne()
    {
        Assert.Equal(1.0, Arcc.Combine(0, 1, 1), 6);
        Assert.True(Arcc.Combine(0.9, 1, 1) < 0.3);
    }
}
