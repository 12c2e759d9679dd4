using System.Collections.Concurrent;
using System.Text.Json;

namespace CamSharp.Tests.Models;

/// <summary>Loaded models shared by tests (loading resnet18 takes a moment), and the fixture indexes.</summary>
public static class TestModels
{
    private static readonly ConcurrentDictionary<string, Lazy<Model>> Cache = new();

    /// <summary>A model under shared/fixtures/models by stem ("resnet18").</summary>
    public static Model Fixture(string stem) => Load(Fixtures.File($"models/{stem}.onnx"));

    /// <summary>A model under shared/assets/models by stem ("yolov8n_dequant_fp32").</summary>
    public static Model Asset(string stem) => Load(Fixtures.Asset($"models/{stem}.onnx"));

    public static Model Load(string path) => Cache.GetOrAdd(path, p => new Lazy<Model>(() => Model.Load(p))).Value;

    private static readonly Lazy<JsonElement> OutputsIndexLazy = new(() => ReadJson("outputs/index.json"));
    private static readonly Lazy<JsonElement> RealIndexLazy = new(() => ReadJson("real/index.json"));

    /// <summary>shared/fixtures/outputs/index.json.</summary>
    public static JsonElement OutputsIndex => OutputsIndexLazy.Value;

    /// <summary>shared/fixtures/real/index.json.</summary>
    public static JsonElement RealIndex => RealIndexLazy.Value;

    private static JsonElement ReadJson(string relative) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.File(relative))).RootElement;
}
