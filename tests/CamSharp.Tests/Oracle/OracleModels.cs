using CamSharp.Onnx;
using CamSharp.Onnx.Proto;

namespace CamSharp.Tests.Oracle;

/// <summary>
/// The models the oracle runs (every model in shared/assets/models, shared/fixtures/models and
/// shared/conformance/onnx-models) and the inputs both engines get: the conformance tests'
/// own test_data_set_0, the ONNX runner's arange input for the light models, and seeded
/// uniform [0, 1) images for the rest.
/// </summary>
internal static class OracleModels
{
    /// <summary>Model ids relative to shared/ ("assets/models/yolox_nano.onnx", "conformance/onnx-models/simple/test_sign_model").</summary>
    public static IEnumerable<string> Ids()
    {
        foreach (var folder in new[] { "assets/models", "fixtures/models" })
            foreach (var f in Directory.GetFiles(Path.Combine(Fixtures.Shared, folder), "*.onnx").Order(StringComparer.Ordinal))
                yield return $"{folder}/{Path.GetFileName(f)}";
        string conformance = Path.Combine(Fixtures.Shared, "conformance", "onnx-models");
        foreach (var group in Directory.GetDirectories(conformance).Order(StringComparer.Ordinal))
        {
            foreach (var f in Directory.GetFiles(group, "*.onnx").Order(StringComparer.Ordinal))
                yield return Path.GetRelativePath(Fixtures.Shared, f).Replace('\\', '/');
            foreach (var d in Directory.GetDirectories(group).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(d, "model.onnx")))
                    yield return Path.GetRelativePath(Fixtures.Shared, d).Replace('\\', '/');
        }
    }

    /// <summary>The model file of an id.</summary>
    public static string ModelPath(string id)
    {
        string full = Path.Combine(Fixtures.Shared, id);
        return Directory.Exists(full) ? Path.Combine(full, "model.onnx") : full;
    }

    /// <summary>The inputs for a model: stored ones where the test has them, else made.</summary>
    public static List<OracleFeed> Feeds(string id, ModelProto model)
    {
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.Graph.Input.Where(v => !initializers.Contains(v.Name)).ToList();
        string folder = Path.Combine(Fixtures.Shared, id, "test_data_set_0");
        if (Directory.Exists(folder))
            return inputs.Select((v, k) => OracleFeed.FromPb(v.Name, Path.Combine(folder, $"input_{k}.pb"))).ToList();
        bool light = id.Contains("/light/", StringComparison.Ordinal);
        var rng = new Random(2024);
        return inputs.Select(v =>
        {
            var tt = v.Type.TensorType;
            var dims = tt.Shape.Dim.Select((d, i) => d.HasDimValue && d.DimValue > 0 ? d.DimValue : i == 0 ? 1 : 224).ToArray();
            long n = dims.Aggregate(1L, (a, d) => a * d);
            var values = new float[n];
            for (int i = 0; i < n; i++) values[i] = light ? (float)i / n : (float)rng.NextDouble();
            return OracleFeed.FromFloats(v.Name, tt.ElemType, dims, values);
        }).ToList();
    }
}
