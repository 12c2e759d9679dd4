using System.Text.Json;
using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Models;

namespace CamSharp.Tests.Explain.Metrics;

/// <summary>
/// The cases of Explain/Data/metrics_reference.json (made by tools/reference_data/metrics_reference.py:
/// pytorch-grad-cam's metric formulas and RISE's on the fixture models and pytorch-grad-cam's fixture
/// CAMs), loaded as metric inputs.
/// </summary>
public static class MetricReference
{
    private static readonly Lazy<JsonElement[]> CasesLazy = new(() =>
    {
        string path = Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "Data", "metrics_reference.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cases").EnumerateArray().ToArray();
    });

    public static IEnumerable<object[]> Ids => CasesLazy.Value.Select(c => new object[] { c.GetProperty("id").GetString()! });

    public static JsonElement Case(string id) => CasesLazy.Value.Single(c => c.GetProperty("id").GetString() == id);

    /// <summary>The case's model, input tensor, pytorch-grad-cam CAM and target.</summary>
    public static MetricInput Input(JsonElement c)
    {
        var model = TestModels.Fixture(c.GetProperty("model").GetString()!);
        var tensor = Fixtures.Npy(c.GetProperty("tensor").GetString()!);
        var map = Fixtures.Npy(c.GetProperty("cam").GetString()!).Floats.ToArray();
        return new MetricInput(model, tensor, [map], [Target(model, tensor, c.GetProperty("target"))]);
    }

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? float.NaN : v.GetSingle()).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static OutputTarget Target(Model model, CamSharp.Tensors.Tensor tensor, JsonElement t)
    {
        int cls = t.GetProperty("class").GetInt32();
        return t.GetProperty("type").GetString() switch
        {
            "softmax" => new SoftmaxTarget(cls),
            "logit" => new ClassTarget(cls),
            // The detector's box target: the reference sums out[obj, i, j] + out[5 + label, i, j] at the box's cell.
            "elements_sum" => new BoxScoreTarget(DetectionHeads.Recognise(model, tensor.Shape[2], tensor.Shape[3], null),
                [new CamSharp.Detection.Detection(cls, 1, t.GetProperty("anchor").GetInt32(), new DetectionBox(0, 0, 1, 1), new DetectionBox(0, 0, 1, 1))]),
            var other => throw new InvalidOperationException($"Unknown reference target {other}"),
        };
    }
}
