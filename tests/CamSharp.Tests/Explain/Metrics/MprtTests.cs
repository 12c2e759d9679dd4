using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Explain.Attribution;
using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;
using static CamSharp.Tests.Explain.Attribution.AttributionReferences;

namespace CamSharp.Tests.Explain.Metrics;

/// <summary>MPRT against Quantus' steps (tools/attribution_reference/make_mprt.py), with PyTorch's randomised weights given.</summary>
public sealed class MprtTests
{
    private static IReadOnlyList<float[]> SaliencyMaps(Model model, Tensor x, OutputTarget[] targets)
    {
        using var a = new Saliency().Attribute(model, x, targets);
        int per = a.Length / a.Shape[0];
        return [.. Enumerable.Range(0, a.Shape[0]).Select(b => a.Floats.Slice(b * per, per).ToArray())];
    }

    [Fact]
    public void Evaluate_BnCnnWithQuantusRandomisation_MatchesQuantus()
    {
        var r = Index("mprt.json");
        var model = TestModels.Load(Path("bn_cnn.onnx"));
        var flat = r.GetProperty("input").EnumerateArray().SelectMany(c => c.EnumerateArray().SelectMany(h => h.EnumerateArray().SelectMany(w => w.EnumerateArray()))).Select(v => v.GetSingle()).ToArray();
        using var input = CamSharp.Tensors.Tensor.FromFloats(flat, 2, 3, 16, 16);
        OutputTarget[] targets = [.. r.GetProperty("targets").EnumerateArray().Select(t => new ClassTarget(t.GetInt32()))];
        var steps = r.GetProperty("steps").EnumerateArray().ToArray();
        var given = steps.Skip(1).ToDictionary(s => s.GetProperty("layer").GetString()!, s => s.GetProperty("params"));

        var result = Mprt.Evaluate(model, input, (m, x) => SaliencyMaps(m, x, targets), new MprtOptions
        {
            Randomize = layer => given[layer.Name].EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value, model.Onnx.Initializers[p.Name].Shape)),
        });

        Assert.Equal(steps.Select(s => s.GetProperty("layer").GetString()), result.Steps.Select(s => s.Layer));
        for (int k = 0; k < steps.Length; k++)
        {
            var expected = steps[k].GetProperty("correlations").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int b = 0; b < expected.Length; b++)
                Assert.True(System.Math.Abs(expected[b] - result.Steps[k].Correlations[b]) <= 1e-3,
                    $"{result.Steps[k].Layer} image {b}: {result.Steps[k].Correlations[b]} vs Quantus {expected[b]}");
        }
    }

    [Fact]
    public void Evaluate_DefaultRandomisation_CorrelationFallsFromOne()
    {
        var model = TestModels.Load(Path("bn_cnn.onnx"));
        using var input = Npy("zennit_bn_cnn_input");
        OutputTarget[] targets = [new ClassTarget(0)];
        var result = Mprt.Evaluate(model, input, (m, x) => SaliencyMaps(m, x, targets));
        Assert.Equal(6, result.Steps.Count);
        Assert.Equal(1.0, result.Steps[0].Correlations[0], 9);
        Assert.True(result.Last[0] < 0.5, $"last correlation {result.Last[0]}");
        Assert.Equal("/fc/Gemm", result.Steps[1].Layer);
    }

    [Fact]
    public void Ranks_Ties_AreAveraged()
    {
        Assert.Equal([1.5, 1.5, 3.0, 4.0], Spearman.Ranks([2f, 2f, 5f, 7f]));
        Assert.Equal(1.0, Spearman.Correlation([1f, 2f, 3f], [10f, 20f, 90f]), 9);
        Assert.True(double.IsNaN(Spearman.Correlation([1f, 2f, 3f], [0f, 0f, 0f])), "a constant map has no ranking (NaN, as SciPy)");
    }

    private static Tensor FromJson(JsonElement values, int[] shape)
    {
        var list = new List<float>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
            else list.Add(e.GetSingle());
        }
        Walk(values);
        return CamSharp.Tensors.Tensor.FromFloats([.. list], shape);
    }
}
